"""The file helpers the caches share: hard links, scratch folders in memory, folders made ahead."""

import os
from pathlib import Path

import pytest

from union_core import files


def test_link_or_copy_links_on_one_file_system_and_copies_when_it_cannot(tmp_path, monkeypatch):
    source = tmp_path / "a.html"
    source.write_text("trang", encoding="utf-8")

    files.link_or_copy(source, tmp_path / "linked.html")
    assert (tmp_path / "linked.html").stat().st_ino == source.stat().st_ino

    def refuse(*_args):
        raise OSError("cross-device link")

    monkeypatch.setattr(files.os, "link", refuse)
    files.link_or_copy(source, tmp_path / "copied.html")
    assert (tmp_path / "copied.html").read_text(encoding="utf-8") == "trang"
    assert (tmp_path / "copied.html").stat().st_ino != source.stat().st_ino


def test_a_copy_cut_short_leaves_nothing_under_the_target_name(tmp_path, monkeypatch):
    """A page store filled across file systems on a full disk: the next build must not find a
    half page under its key and publish it."""
    source, target = tmp_path / "a.html", tmp_path / "store" / "ab" / "key.html"
    source.write_bytes(b"<html>" + b"x" * 10000)
    target.parent.mkdir(parents=True)
    monkeypatch.setattr(files.os, "link", lambda *_: (_ for _ in ()).throw(OSError("cross-device link")))

    def half_then_full(src, dst):
        Path(dst).write_bytes(Path(src).read_bytes()[:100])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.shutil, "copyfile", half_then_full)
    with pytest.raises(OSError, match="No space left"):
        files.link_or_copy(source, target)
    assert list(target.parent.iterdir()) == []


def test_pruning_a_page_store_removes_unused_pages_and_copies_left_half_made(tmp_path):
    from content_model.parallel_writer import PageStore

    store = PageStore(tmp_path / "pages")
    page = tmp_path / "page.html"
    page.write_text("trang", encoding="utf-8")
    store.keep("ab12", str(page))
    store.keep("cd34", str(page))
    left = tmp_path / "pages" / "ab" / f"ab99.html.4242{files.PARTIAL}"  # a copy its killed build never finished
    left.write_text("tr", encoding="utf-8")
    store.used = {"ab12"}
    store.prune()
    assert sorted(p.name for p in (tmp_path / "pages").rglob("*") if p.is_file()) == ["ab12.html"]


def test_link_tree_keeps_the_folders_and_links_every_file(tmp_path):
    (tmp_path / "src" / "fragment").mkdir(parents=True)
    (tmp_path / "src" / "entry.json").write_text("{}")
    (tmp_path / "src" / "fragment" / "vi_1.pf_fragment").write_bytes(b"\x1f\x8b")

    files.link_tree(tmp_path / "src", tmp_path / "dst")

    for name in ("entry.json", "fragment/vi_1.pf_fragment"):
        assert (tmp_path / "dst" / name).stat().st_ino == (tmp_path / "src" / name).stat().st_ino


def test_scratch_folder_is_in_memory_when_there_is_room_else_in_the_usual_place(tmp_path, monkeypatch):
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(files, "MEMORY_FOLDER", memory)
    with files.scratch_folder("union-test-", 1000) as folder:
        assert Path(folder).parent == memory
    assert not any(memory.iterdir())  # removed on leaving

    free = os.statvfs(memory).f_bavail * os.statvfs(memory).f_frsize
    with files.scratch_folder("union-test-", free) as folder:  # would not fit twice over
        assert Path(folder).parent != memory

    monkeypatch.setattr(files, "MEMORY_FOLDER", tmp_path / "missing")
    with files.scratch_folder("union-test-", 1000) as folder:
        assert Path(folder).is_dir() and Path(folder).parent != tmp_path / "missing"


def test_make_folders_makes_each_folder_in_a_forked_process(tmp_path):
    folders = ["2026/05/tin-a", "2026/05/tin-b", "2026/05/tin-b"]

    for _ in range(2):  # existing folders are no error
        maker = files.in_background(files.make_folders, tmp_path, folders, name="test")
        maker.join()
        assert maker.exitcode == 0
        assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
            "2026", "2026/05", "2026/05/tin-a", "2026/05/tin-b"]


def test_make_folders_skips_a_folder_where_a_file_stands_in_the_way(tmp_path):
    (tmp_path / "2025").write_text("not a folder")

    files.make_folders(tmp_path, ["2025/05/tin-a", "2026/05/tin-b"])

    assert (tmp_path / "2025").is_file() and (tmp_path / "2026/05/tin-b").is_dir()


def test_delete_trees_deletes_folders_and_ignores_missing_ones(tmp_path):
    (tmp_path / "a/b").mkdir(parents=True)
    (tmp_path / "a/b/index.html").write_text("x")
    (tmp_path / "keep").mkdir()

    deleter = files.in_background(files.delete_trees, [tmp_path / "a", tmp_path / "missing"], name="test")
    deleter.join()

    assert deleter.exitcode == 0 and sorted(p.name for p in tmp_path.iterdir()) == ["keep"]


def test_without_fork_the_work_is_done_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(files.multiprocessing, "get_all_start_methods", lambda: ["spawn"])

    assert files.in_background(files.make_folders, tmp_path, ["x/y"], name="test") is None
    assert (tmp_path / "x/y").is_dir()


def test_write_new_file_replaces_a_hard_linked_file_without_writing_into_it(tmp_path):
    published = tmp_path / "release/feeds/tin.rss.xml"
    published.parent.mkdir(parents=True)
    published.write_bytes(b"old")
    target = tmp_path / "new/feeds/tin.rss.xml"
    target.parent.mkdir(parents=True)
    os.link(published, target)

    files.write_new_file(target, b"new")
    files.write_new_file(tmp_path / "new/lich/ngay-le.ics", b"calendar")  # its folder is made

    assert target.read_bytes() == b"new" and published.read_bytes() == b"old"
    assert (tmp_path / "new/lich/ngay-le.ics").read_bytes() == b"calendar"


def test_read_bytes_gives_every_byte_as_written(tmp_path):
    """More than one read's worth (1 MiB), Windows line ends and a BOM kept as they are."""
    data = "\ufefftitle: Lễ ra quân\r\n\r\n".encode() + bytes(range(256)) * 5000 + b"\r\n"
    (tmp_path / "bai.md").write_bytes(data)
    assert files.read_bytes(tmp_path / "bai.md") == data
    (tmp_path / "rong.md").write_bytes(b"")
    assert files.read_bytes(str(tmp_path / "rong.md")) == b""
