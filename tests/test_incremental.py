"""The build caches (sources, pages, search shards, images) never change what is built.

Each test makes a change, builds with the caches of the earlier build, and compares every
output file with a cold build (fresh caches) of the same content.
"""

import hashlib
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import article, jpeg_bytes, snapshot, tree
from test_documents import DOCUMENTS_TOML, document, library, pdf
from content_model.output_folders import HINT_FILE
from content_model.parallel_writer import WRITER
from site_build.check import check_content
from site_build.runner import run_pelican
from site_build.settings import ROOT
from union_core.files import link_tree


@pytest.fixture
def warm(site):
    site.write({f"2026/t{n}.md": article(f"Tin số {n}", date=f"2026-05-0{n} 08:00", tags="Việc làm",
                                         unit="ldld-dong-ha" if n % 2 else "ban-to-chuc")
                for n in range(1, 8)})
    site.write({"2026/bai.md": article("Bài có liên kết", date="2026-05-09 08:00",
                                       body="Xem [tin một](t1.md) và [chuyên mục](/chuyen-muc/thang-cong-nhan/).")})
    site.build(publish=True)
    return site


def build_both(site, tmp_path, **overrides):
    """(warm output, cold output) of the same content, each into a fresh folder."""
    warm_settings = site.settings(publish=True, **overrides)
    warm_settings["OUTPUT_PATH"] = str(tmp_path / "warm")
    run_pelican(warm_settings)
    cold = tmp_path / "cold"
    cold_settings = site.settings(publish=True, CACHE_PATH=str(tmp_path / "cold-cache"), **overrides)
    cold_settings["OUTPUT_PATH"] = str(cold)
    run_pelican(cold_settings)
    return warm_settings, snapshot(tmp_path / "warm"), snapshot(cold)


def test_an_unchanged_site_is_copied_not_rendered(warm, tmp_path):
    settings, warm_files, cold_files = build_both(warm, tmp_path)
    assert warm_files == cold_files
    assert settings["UNION_SITE"].read_stats == {"cached": 8, "read": 0}
    stats = settings[WRITER].stats
    assert stats["reused"] >= 8, stats  # at least every article page
    assert settings["UNION_FEEDS"].stats["written"] == 0 and settings["UNION_FEEDS"].stats["reused"] > 10
    assert settings["UNION_FEEDS"].stats["entries_made"] == 0  # every entry's HTML remembered


def test_an_edited_article(warm, tmp_path):
    warm.write({"2026/t1.md": article("Tin số 1 đã sửa", date="2026-05-01 08:00", tags="Việc làm",
                                      unit="ldld-dong-ha", body="Nội dung mới.")})
    settings, warm_files, cold_files = build_both(warm, tmp_path)
    assert warm_files == cold_files
    # the edited file, and the one linking to it (its reference changed size)
    assert settings["UNION_SITE"].read_stats == {"cached": 6, "read": 2}
    assert "Tin số 1 đã sửa" in (tmp_path / "warm" / "2026/05/tin-so-2/index.html").read_text()  # related
    feeds = settings["UNION_FEEDS"].stats  # those carrying it (the whole site's, its unit's…), not the others
    assert feeds["entries_made"] == 2  # the edited article and the one linking to it, no other
    assert feeds["written"] >= 4 and feeds["reused"] >= 4, feeds


def test_a_replaced_cover_photo(warm, tmp_path):
    """The feeds describe the cover's published file (URL, length): a new photo under the
    same name gives new feed entries, as in a cold build."""
    import feedparser

    warm.write({"2026/anh/bai.md": article("Bài có ảnh bìa", date="2026-05-10 08:00", cover="bia.jpg"),
                "2026/anh/bia.jpg": jpeg_bytes(64, 48)})
    warm.build(publish=True)
    warm.write({"2026/anh/bia.jpg": jpeg_bytes(320, 200, color=(20, 120, 200))})
    settings, warm_files, cold_files = build_both(warm, tmp_path)
    assert warm_files == cold_files
    feed = feedparser.parse((tmp_path / "warm" / "feeds/tat-ca.atom.xml").read_bytes())
    (enclosure,) = [e for e in feed.entries if e.title == "Bài có ảnh bìa"][0].enclosures
    assert int(enclosure.length) == (tmp_path / "warm" / enclosure.href.split("/", 3)[3]).stat().st_size



def test_a_photo_link_pointed_at_another_photo(warm, tmp_path):
    """The article is unchanged and the old photo is still there: the link's new target is
    what the page and the feeds show, as in a cold build."""
    import feedparser

    warm.write({"2026/anh/bai.md": article("Bài có ảnh bìa", date="2026-05-10 08:00", cover="bia.jpg"),
                "2026/anh/cu.jpg": jpeg_bytes(64, 48), "2026/anh/moi.jpg": jpeg_bytes(320, 200, color=(20, 120, 200))})
    (warm.content / "2026/anh/bia.jpg").symlink_to("cu.jpg")
    warm.build(publish=True)
    (warm.content / "2026/anh/bia.jpg").unlink()
    (warm.content / "2026/anh/bia.jpg").symlink_to("moi.jpg")
    settings, warm_files, cold_files = build_both(warm, tmp_path)
    assert warm_files == cold_files
    feed = feedparser.parse((tmp_path / "warm" / "feeds/tat-ca.atom.xml").read_bytes())
    (enclosure,) = [e for e in feed.entries if e.title == "Bài có ảnh bìa"][0].enclosures
    published = tmp_path / "warm" / enclosure.href.split("/", 3)[3]
    from PIL import Image
    with Image.open(published) as photo:
        assert photo.getpixel((0, 0))[2] > 150  # the blue photo the link now leads to

PLAN = """
title = "Kế hoạch quý II năm 2026"
number = "Kế hoạch số 7/KH-LĐLĐ"
start = 2026-04-01
end = 2026-06-30

[[quota]]
group = "ldld-huyen"
each = { tin = 3 }
"""


def test_a_unit_page_follows_its_tally_row(warm, tmp_path):
    """Unit pages are copied when unchanged, yet a unit's front page shows its tally row: a
    photo added to an article on an older page changes the front page too. Older pages show
    only their articles."""
    warm.write({"data/plans/quy-ii.toml": PLAN})
    warm.build(publish=True, DEFAULT_PAGINATION=2)  # ldld-dong-ha: t7, t5 in front; t3, t1 on page 1
    warm.write({"2026/anh.jpg": jpeg_bytes(),
                "2026/t1.md": article("Tin số 1", date="2026-05-01 08:00", tags="Việc làm", unit="ldld-dong-ha",
                                      body="![Công nhân nhận quà](anh.jpg)")})
    settings, warm_files, cold_files = build_both(warm, tmp_path, DEFAULT_PAGINATION=2)
    assert warm_files == cold_files
    front, older = (BeautifulSoup((tmp_path / "warm" / f"don-vi/ldld-dong-ha/{page}index.html").read_bytes(),
                                  "html.parser") for page in ("", "trang/1/"))
    assert front.select_one(".unit-tally .tally-row [data-kind=anh]")["data-done"] == "1"
    assert not older.select(".unit-tally") and "Tin số 1" in older.get_text()
    assert settings[WRITER].stats["reused"] > 0
    assert any("/don-vi/" in path for path in settings[WRITER].page_keys), "unit pages have keys"


def test_a_renamed_unit(warm, tmp_path):
    units = warm.content / "data/units.toml"
    units.write_text(units.read_text(encoding="utf-8").replace("LĐLĐ huyện Đông Hà", "LĐLĐ thị xã Đông Hà"),
                     encoding="utf-8")
    settings, warm_files, cold_files = build_both(warm, tmp_path)
    assert warm_files == cold_files
    assert "LĐLĐ thị xã Đông Hà" in (tmp_path / "warm" / "2026/05/tin-so-1/index.html").read_text()


def test_a_changed_template(warm, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates/base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("Bỏ qua, đến nội dung chính", "Đến nội dung"),
                    encoding="utf-8")
    settings, warm_files, cold_files = build_both(warm, tmp_path, THEME=str(theme))
    assert warm_files == cold_files
    assert "Đến nội dung" in (tmp_path / "warm" / "2026/05/tin-so-1/index.html").read_text()


def test_a_changed_setting(warm, tmp_path):
    settings, warm_files, cold_files = build_both(
        warm, tmp_path, SHARE_LINKS=[("Facebook", "https://www.facebook.com/sharer.php?u={url}")])
    assert warm_files == cold_files
    assert "sp.zalo.me" not in (tmp_path / "warm" / "2026/05/tin-so-1/index.html").read_text()


def test_changed_jinja_options(warm, tmp_path):
    """Compiled templates are kept between builds, but not across Jinja options, which change
    the compiled code while the templates' sources stay the same."""
    options = {**warm.settings(publish=True)["JINJA_ENVIRONMENT"], "trim_blocks": False, "lstrip_blocks": False}
    settings, warm_files, cold_files = build_both(warm, tmp_path, JINJA_ENVIRONMENT=options)
    assert warm_files == cold_files
    assert len(list((warm.cache / "templates").iterdir())) == 2  # one folder per set of options


def test_compiled_templates_are_kept_for_the_next_build(warm, monkeypatch):
    import jinja2

    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, name=None, *args, **kwargs: compiled.append(name) or real(self, source, name, *args, **kwargs))
    run_pelican(warm.settings(publish=True))
    assert compiled == []
    assert list((warm.cache / "templates").glob("*/*.jbc"))


def test_a_new_article_rerenders_only_what_shows_it(warm, tmp_path):
    warm.write({"2021/cu.md": article("Tin năm 2021", date="2021-06-01 08:00", unit="cdcs-may")})
    settings, warm_files, cold_files = build_both(warm, tmp_path)
    assert warm_files == cold_files
    assert settings[WRITER].stats["reused"] >= 8  # the 2026 articles' pages are untouched


@pytest.fixture
def library_site(warm):
    warm.write(library()).build(publish=True)
    return warm


def reused(folder, relative) -> bool:
    """A page copied from the page store is a hard link to it; a rendered one is a new file."""
    return (folder / relative).stat().st_nlink > 1


PLAN_PAGE = "van-ban/2026/45-kh-ldld/index.html"  # expires 31/05/2026; same type as kh-12


def test_unchanged_documents_are_neither_read_nor_rendered_again(library_site, tmp_path):
    settings, warm_files, cold_files = build_both(library_site, tmp_path)
    assert warm_files == cold_files
    assert settings["UNION_SITE"].read_stats["read"] == 0  # the documents came from the cache too
    documents = [p for p in warm_files if p.startswith("van-ban/") and p.endswith("index.html")]
    assert len(documents) >= 10, documents  # four documents, the list, its types, issuers and years
    assert [p for p in documents if not reused(tmp_path / "warm", p)] == []


def test_an_edited_document(library_site, tmp_path):
    library_site.write({"van-ban/2025/kh-12.md": document("Kế hoạch năm 2025 (sửa đổi)", "12/KH-LĐLĐ",
                                                          date="2025-02-10", files="kh-12.pdf")})
    settings, warm_files, cold_files = build_both(library_site, tmp_path)
    assert warm_files == cold_files
    assert "Kế hoạch năm 2025 (sửa đổi)" in (tmp_path / "warm" / PLAN_PAGE).read_text()  # listed beside it
    assert reused(tmp_path / "warm", "van-ban/2021/02-nq-tld/index.html")  # another type: untouched


def test_an_attachment_replaced_by_one_of_the_same_size(library_site, tmp_path):
    replaced = pdf(10).replace(b"0" * 10, b"1" * 10)
    library_site.write({"van-ban/2026/kh-45.pdf": replaced})
    settings, warm_files, cold_files = build_both(library_site, tmp_path)
    assert warm_files == cold_files
    assert hashlib.sha256(replaced).hexdigest() in (tmp_path / "warm" / PLAN_PAGE).read_text()
    assert settings["UNION_SITE"].read_stats["read"] == 1


def test_a_renamed_issuer(library_site, tmp_path):
    types = library_site.content / "data/documents.toml"
    types.write_text(DOCUMENTS_TOML.replace("BTV LĐLĐ tỉnh", "Thường trực LĐLĐ tỉnh"), encoding="utf-8")
    settings, warm_files, cold_files = build_both(library_site, tmp_path)
    assert warm_files == cold_files
    assert "Thường trực LĐLĐ tỉnh" in (tmp_path / "warm" / "van-ban/index.html").read_text()


def test_a_document_expiring_between_two_builds(library_site, tmp_path):
    """The page says "expired" from its expiry day on: the build's day is part of its key."""
    settings, warm_files, cold_files = build_both(library_site, tmp_path, BUILD_CLOCK="2026-05-20T12:00:00+07:00")
    assert warm_files == cold_files
    assert "Hết hiệu lực" not in (tmp_path / "warm" / PLAN_PAGE).read_text()
    shutil.rmtree(tmp_path / "warm"), shutil.rmtree(tmp_path / "cold"), shutil.rmtree(tmp_path / "cold-cache")
    settings, warm_files, cold_files = build_both(library_site, tmp_path, BUILD_CLOCK="2026-06-01T12:00:00+07:00")
    assert warm_files == cold_files
    assert "Hết hiệu lực từ 31/05/2026" in (tmp_path / "warm" / PLAN_PAGE).read_text()


def test_damaged_cache_files_are_started_again(warm, tmp_path):
    """A cache only saves work: an index or memo cut short (CI stopped while saving it) never
    stops a build."""
    damaged = [p for p in warm.cache.rglob("*") if p.is_file() and (
        p.suffix in (".sqlite", ".txt", ".jbc") or p.name in ("sources.json", "blobs.json", "meta.json"))]
    assert {p.name for p in damaged} >= {"sources.sqlite", "rewritten.sqlite", "output-folders.txt"}
    for path in damaged:
        path.write_bytes(b"\x00garbage" * 50)
    settings, warm_files, cold_files = build_both(warm, tmp_path)
    assert warm_files == cold_files
    assert settings["UNION_SITE"].read_stats == {"cached": 0, "read": 8}


def test_caches_survive_a_checkout_in_another_folder(warm, tmp_path):
    """CI clones the repository to a new place: the restored caches must still be used."""
    moved = tmp_path / "clone" / "content"
    shutil.copytree(warm.content, moved)
    settings = warm.settings(publish=True)
    settings["PATH"], settings["OUTPUT_PATH"] = str(moved), str(tmp_path / "moved-out")
    run_pelican(settings)
    assert settings["UNION_SITE"].read_stats == {"cached": 8, "read": 0}
    assert settings[WRITER].stats["reused"] >= 8
    page = (tmp_path / "moved-out" / "2026/05/bai-co-lien-ket/index.html").read_text()
    assert "https://thu.example/2026/05/tin-so-1/" in page  # links rebuilt for the new place


def test_caches_survive_a_whole_checkout_in_another_folder(warm, tmp_path):
    """Content, theme and plugins all move with a clone: what the pages show does not."""
    def build(folder):
        shutil.copytree(ROOT / "theme", folder / "theme", dirs_exist_ok=True)
        shutil.copytree(warm.content, folder / "content", dirs_exist_ok=True)
        settings = warm.settings(publish=True, THEME=str(folder / "theme"), PLUGIN_PATHS=[str(ROOT / "plugins")])
        settings["PATH"], settings["OUTPUT_PATH"] = str(folder / "content"), str(folder / "out")
        run_pelican(settings)
        return settings

    build(tmp_path / "first")
    unchanged = build(tmp_path / "first")[WRITER].stats  # what a build in the same place renders
    compiled = sorted(warm.cache.rglob("*.jbc"))
    moved = build(tmp_path / "second")
    assert sorted(warm.cache.rglob("*.jbc")) == compiled  # the templates compiled in the first place
    assert moved[WRITER].stats == unchanged and moved[WRITER].stats["reused"] > 8
    assert moved["SEARCH_INDEX_STATE"].counts == {"built": 0, "reused": 1}
    assert snapshot(tmp_path / "first/out") == snapshot(tmp_path / "second/out")


def test_caches_survive_a_checkout_reached_through_a_symbolic_link(warm, tmp_path):
    """The content folder's path may go through a link (``/tmp`` on macOS, some CI workspaces):
    the caches must hold paths relative to it, however it is spelled, and still be used in a
    clone elsewhere."""
    warm.write(library())
    (tmp_path / "first").symlink_to(warm.content.parent)
    settings = warm.settings(publish=True)
    settings["PATH"], settings["OUTPUT_PATH"] = str(tmp_path / "first/content"), str(tmp_path / "first-out")
    run_pelican(settings)
    shutil.copytree(warm.content, tmp_path / "clone/content")
    (tmp_path / "second").symlink_to(tmp_path / "clone")
    settings = warm.settings(publish=True)
    settings["PATH"], settings["OUTPUT_PATH"] = str(tmp_path / "second/content"), str(tmp_path / "second-out")
    run_pelican(settings)
    assert settings["UNION_SITE"].read_stats == {"cached": 13, "read": 0}  # 8 articles, 5 documents
    assert snapshot(tmp_path / "first-out") == snapshot(tmp_path / "second-out")
    checked = check_content({**warm.settings(), "PATH": str(tmp_path / "second/content")})
    assert (checked.log.errors, checked.articles, checked.documents) == ([], 8, 5)


def test_a_build_into_the_last_output_replaces_files_never_writes_through_their_links(warm, tmp_path):
    page = warm.output / "2026/05/tin-so-1/index.html"
    assert page.stat().st_nlink > 1  # the output's pages are hard links to the store
    link_tree(warm.output, tmp_path / "live")  # and to a release being served, in a nightly
    live = snapshot(tmp_path / "live")
    warm.write({"2026/t1.md": article("Tin số 1", date="2026-05-01 08:00", tags="Việc làm",
                                      unit="ldld-dong-ha", body="Nội dung đã sửa.")})

    warm.build(publish=True)  # plain Pelican into the same folder: every page exists already

    assert snapshot(tmp_path / "live") == live  # pages, feeds, calendars, tally files…
    assert "Nội dung đã sửa." in page.read_text(encoding="utf-8")
    cold_settings = warm.settings(publish=True, CACHE_PATH=str(tmp_path / "cold-cache"))
    cold_settings["OUTPUT_PATH"] = str(tmp_path / "cold")
    run_pelican(cold_settings)
    assert snapshot(warm.output) == snapshot(tmp_path / "cold")


def test_folders_made_ahead_from_the_last_build_leave_the_same_tree(warm, tmp_path):
    hint = warm.cache / HINT_FILE
    assert "2026/05/tin-so-3" in hint.read_text().splitlines()  # the folders the build wrote to
    (warm.content / "2026/t3.md").unlink()  # its folder is made ahead, then left empty
    hint.write_text(hint.read_text() + "../ra-ngoai\n/tuyet-doi\nkhong-con/dung-nua\n")

    build_both(warm, tmp_path)

    assert tree(tmp_path / "warm") == tree(tmp_path / "cold")  # empty folders too
    assert "2026/05/tin-so-3/" not in tree(tmp_path / "warm")
    assert not (tmp_path / "ra-ngoai").exists() and not Path("/tuyet-doi").exists()
    assert "2026/05/tin-so-3" not in hint.read_text().splitlines()  # listed anew for the next build


def test_a_refused_build_removes_the_folders_it_made_ahead(warm, tmp_path):
    warm.write({"2026/hong.md": article("Bài lỗi", unit="don-vi-khong-co")})
    warm.output = tmp_path / "fresh-output"

    warm.build_fails(publish=True)

    assert not warm.output.exists() or tree(warm.output) == []


def test_a_build_failing_while_pages_render_stops_the_render_workers(warm, tmp_path):
    """Another part of the build fails while a batch of pages is rendering: its workers are
    stopped at once, instead of writing on into the build's folder that is deleted next."""
    import multiprocessing

    from pelican import signals

    batches = []

    def fail(generator, writer):
        batches.append(writer._batch)
        raise RuntimeError("hỏng khi đang viết trang")

    settings = warm.settings(publish=True, CACHE_PATH=str(tmp_path / "fresh-cache"), WRITER_BATCH=3,
                             WRITER_PROCESSES=2)  # every page rendered, in batches of 3 on 2 workers
    signals.article_writer_finalized.connect(fail, weak=False)
    try:
        with pytest.raises(RuntimeError, match="hỏng khi đang viết trang"):
            run_pelican(settings)
    finally:
        signals.article_writer_finalized.disconnect(fail)
    assert batches and batches[0] is not None, "a batch was rendering when the build failed"
    assert multiprocessing.active_children() == []


def test_caches_made_with_other_library_versions_are_not_trusted(warm, monkeypatch):
    """A pinned library upgraded (Jinja, Markdown, Pagefind…) and the cache of the last build
    restored: every source is read again, every page rendered again, every search bundle
    rebuilt, rather than mixing the old version's output with the new one's."""
    from union_core import libraries

    real = libraries.metadata.version
    monkeypatch.setattr(libraries.metadata, "version",
                        lambda name: "99.0" if name in ("Jinja2", "pagefind_bin") else real(name))
    libraries.library_versions.cache_clear()
    try:
        settings = warm.settings(publish=True)
        run_pelican(settings)
    finally:
        libraries.library_versions.cache_clear()
    assert settings[WRITER].stats["reused"] == 0 and settings[WRITER].stats["rendered"] > 0
    assert settings["UNION_SITE"].read_stats["cached"] == 0
    assert settings["SEARCH_INDEX_STATE"].counts == {"built": 1, "reused": 0}


def test_render_batches_stop_multiplying_on_large_sites():
    from content_model.parallel_writer import batch_size

    assert batch_size(0) == batch_size(10_000) == 1000  # small sites: batches of 1,000 pages
    for articles in (12_000, 50_000, 200_000):
        pages = articles * 1.6
        assert pages / batch_size(articles) <= 20  # each batch forks workers from the whole site


def test_templates_a_page_extends_includes_or_imports_are_compiled_before_workers_fork():
    """Forked rendering workers inherit the compiled templates instead of compiling base.html
    and the macros again in every batch: once loaded, rendering needs no loader at all."""
    from jinja2 import DictLoader, Environment, TemplateNotFound

    from content_model.compiled_templates import load_referenced_templates

    sources = {
        "base.html": "<main>{% block content %}{% endblock %}</main>{% include 'footer.html' %}",
        "footer.html": "<footer>{{ site }}</footer>",
        "macros.html": "{% macro card(x) %}<b>{{ x }}</b>{% endmacro %}",
        "article.html": "{% extends 'base.html' %}{% import 'macros.html' as m %}"
                        "{% block content %}{{ m.card(title) }}{% include 'gone.html' ignore missing %}{% endblock %}",
    }
    class Loader(DictLoader):
        refuse = False

        def get_source(self, environment, name):
            if self.refuse:  # what a worker would have to load, it cannot
                raise TemplateNotFound(name)
            return super().get_source(environment, name)

    environment = Environment(loader=Loader(sources))
    article_template = environment.get_template("article.html")
    loaded = set()
    load_referenced_templates({article_template}, loaded)
    environment.loader.refuse = True
    assert article_template.render(title="Tin", site="LĐLĐ") == "<main><b>Tin</b></main><footer>LĐLĐ</footer>"
    assert {name for _, name in loaded} >= {"base.html", "footer.html", "macros.html", "article.html"}

    other = Environment(loader=Loader(sources))  # each Pelican generator has its own environment
    listing = other.get_template("article.html")
    load_referenced_templates({listing}, loaded)
    other.loader.refuse = True
    assert listing.render(title="Bài", site="LĐLĐ") == "<main><b>Bài</b></main><footer>LĐLĐ</footer>"
