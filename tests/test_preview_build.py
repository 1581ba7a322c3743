"""``invoke build``, ``publish`` and ``serve`` replace the output whole, and build the next site
in the folder of the one they replaced (kept beside the output as ``.output.spare``)."""

import os
import subprocess
import sys

from conftest import CLOCK, article, snapshot, tree
from site_build.runner import build_site, spare_folder
from site_build.settings import PREVIEW, ROOT


def preview(site, output=None, cache=None):
    return build_site(PREVIEW, site.content, output or site.output, BUILD_CLOCK=CLOCK,
                      CACHE_PATH=str(cache or site.cache))


def beside(output):
    """What the builds left beside ``output``: its spare, and nothing else."""
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}."))


def test_the_replaced_site_is_built_into_next_and_nothing_of_it_survives(site, tmp_path):
    site.write({f"2026/tin-{n}.md": article(f"Tin số {n}", date=f"2026-05-0{n} 08:00") for n in range(1, 5)})
    assert preview(site).ok
    first = site.output.stat().st_ino
    (site.content / "2026/tin-2.md").unlink()
    assert preview(site).ok
    spare = spare_folder(site.output)
    assert spare.stat().st_ino == first and beside(site.output) == [spare.name]
    (spare / "rac/cu").mkdir(parents=True)  # whatever a person left in the hidden folder
    (spare / "rac/cu/trang.html").write_text("cũ", encoding="utf-8")
    (spare / "lien-ket").symlink_to(site.output / "2026")  # followed, it would empty the served site
    served = snapshot(site.output)
    (site.content / "2026/tin-3.md").unlink()
    site.write({"2026/tin-5.md": article("Tin số 5", date="2026-05-05 08:00", body="Mới.")})

    result = preview(site)

    assert result.ok, result.message
    assert site.output.stat().st_ino == first  # the first build's folder, cleared and rebuilt
    assert snapshot(spare) == served  # the site it replaced, untouched, is the spare now
    fresh = tmp_path / "fresh" / "output"
    assert preview(site, fresh, tmp_path / "fresh-cache").ok
    assert tree(site.output) == tree(fresh)
    assert snapshot(site.output) == snapshot(fresh)
    assert "2026/05/tin-so-2/index.html" not in tree(site.output)
    assert "2026/05/tin-so-5/index.html" in tree(site.output)


def test_a_refused_build_leaves_the_site_as_it_was_and_the_next_build_right(site, tmp_path):
    site.write({"2026/a.md": article("Bài tốt")})
    assert preview(site).ok and preview(site).ok  # the second one made a spare
    before = snapshot(site.output)
    site.write({"2026/b.md": article("Bài lỗi", unit="khong-co")})

    result = preview(site)

    assert not result.ok and result.errors
    assert snapshot(site.output) == before
    assert beside(site.output) == [spare_folder(site.output).name]
    site.write({"2026/b.md": article("Bài đã sửa")})
    assert preview(site).ok
    fresh = tmp_path / "fresh" / "output"
    assert preview(site, fresh, tmp_path / "fresh-cache").ok
    assert snapshot(site.output) == snapshot(fresh)


def test_a_spare_that_cannot_be_cleared_refuses_the_build_with_its_folder_named(site, monkeypatch):
    from content_model import output_folders

    def fail(root, keep):
        raise PermissionError(f"{root}: không có quyền xoá")

    site.write({"2026/a.md": article("Bài tốt")})
    assert preview(site).ok and preview(site).ok
    before = snapshot(site.output)
    monkeypatch.setattr(output_folders, "clear_old_build", fail)
    site.write({"2026/b.md": article("Bài mới", date="2026-05-02 08:00")})

    result = preview(site)

    assert not result.ok and "không xoá được bản dựng cũ" in result.message
    left = [path for path in site.output.parent.iterdir() if path.name.startswith(".output.new-")]
    assert len(left) == 1 and str(left[0]) in result.message  # named, for the editor to delete
    assert snapshot(site.output) == before
    monkeypatch.undo()
    assert preview(site).ok and (site.output / "2026/05/bai-moi/index.html").is_file()  # in a new folder


def test_invoke_clean_deletes_the_site_its_spare_and_what_interrupted_builds_left(site, tmp_path):
    out = tmp_path / "site-out"
    site.write({"2026/a.md": article("Bài tốt")})
    for _ in range(2):
        assert preview(site, out).ok
    assert spare_folder(out).is_dir()
    (tmp_path / ".site-out.new-abc123" / "2026").mkdir(parents=True)  # a build stopped by a power cut
    (tmp_path / ".site-out-khac").mkdir()  # not the build's: kept

    result = subprocess.run([sys.executable, "-m", "invoke", "clean", "--output", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, env={**os.environ})

    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site-out-khac", "cache", "content"]
