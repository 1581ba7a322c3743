"""Untrusted contributions: hostile HTML, leaks, escapes, reproducibility and odd input."""

import gzip
import json
import os
import unicodedata

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from conftest import Site, article, snapshot
from content_model.report import ContentErrors
from union_core.vietnamese import MAX_SLUG

HOSTILE_BODY = """Đoạn mở đầu <span onclick="alert(1)" style="color:red">bấm</span>.

[Liên kết xấu](javascript:alert(2)) và [dữ liệu](data:text/html,<script>alert(3)</script>).

<script>alert(4)</script>

<style>body{display:none}</style>

<form action="https://evil.example/"><input name="mat-khau"></form>

<iframe src="https://evil.example/khung"></iframe>

<iframe src="https://www.youtube.com/embed/abc123" title="Video"></iframe>

<!-- ghi chú nội bộ -->
"""


def everything(output) -> str:
    """Every text a reader could fetch: pages, feeds, data files, and the search index."""
    parts = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        parts.append(path.relative_to(output).as_posix())
        if path.suffix == ".pf_fragment":
            parts.append(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        elif path.suffix in {".html", ".xml", ".json", ".csv", ".txt", ".ics", ".opml", ".js"}:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


def test_hostile_html_is_removed_and_reported(site):
    site.write({"2026/xau.md": article("Bài có mã độc", body=HOSTILE_BODY)})
    settings = site.settings(publish=True)
    from site_build.runner import run_pelican

    model = run_pelican(settings)
    page = site.page("2026/05/bai-co-ma-doc/")
    prose = page.select_one(".prose")
    assert not prose.find_all(["script", "style", "form", "input"])
    assert not [tag for tag in prose.find_all(True) if any(a.startswith("on") or a == "style" for a in tag.attrs)]
    assert [a.get("href") for a in prose.find_all("a")] == [None, None]
    assert [f["src"] for f in prose.find_all("iframe")] == ["https://www.youtube.com/embed/abc123"]
    assert "ghi chú nội bộ" not in str(prose) and "evil.example" not in str(page)
    warnings = [w.format() for w in model.log.warnings]
    for removed in ("thẻ <script>", "thẻ <style>", "thẻ <form>", "thuộc tính onclick", 'khung nhúng <iframe> từ "evil.example"',
                    'địa chỉ "javascript:alert(2)"'):
        assert any("2026/xau.md" in w and removed in w for w in warnings), (removed, warnings)
    scripts = [s.get("src", "") for s in page.find_all("script")]
    assert all(src.startswith("https://thu.example/theme/") for src in scripts)


def test_metadata_is_escaped_everywhere(site):
    title = 'Tiêu đề <script>alert("t")</script> & "trích"'
    summary = '"><img src=x onerror=alert(1)> tóm tắt'
    site.write({"2026/a.md": article(title, summary=summary, tags='<b>đậm</b>, "nháy"', author="<i>Tác giả</i>")})
    site.build(publish=True)
    slug = next(p for p in (site.output / "2026/05").iterdir() if p.is_dir() and p.name != "trang").name
    page = site.page(f"2026/05/{slug}/")
    assert page.h1.get_text() == title
    assert page.find("meta", property="og:title")["content"] == title
    assert page.find("meta", attrs={"name": "description"})["content"].startswith('"><img')
    for soup in (page, site.page(""), site.page("chuyen-muc/thang-cong-nhan/")):
        assert all(s.get("src", "").startswith("https://thu.example/") for s in soup.find_all("script"))
        assert not [img for img in soup.find_all("img") if img.get("src") == "x" or img.get("onerror")]
    import feedparser

    feed = feedparser.parse((site.output / "feeds/tat-ca.atom.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].summary.startswith('"><img')


def test_drafts_and_future_articles_leak_nowhere(site):
    site.write({
        "2026/nhap/bai.md": article("Tiêu đề nháp BÍMẬTA", status="draft", tags="Từ khóa nháp BÍMẬTB",
                                    body="Nội dung NHÁPBÍMẬTC [tệp](tep-nhap.pdf)", cover="anh-nhap.jpg"),
        "2026/nhap/tep-nhap.pdf": b"%PDF-1.4 NHAPPDF",
        "2026/nhap/anh-nhap.jpg": _jpeg(),
        "2026/sau.md": article("Tiêu đề tương lai BÍMẬTD", date="2026-12-31 08:00", tags="Từ khóa sau BÍMẬTE",
                               unit="ldld-dong-ha", body="Nội dung SAUBÍMẬTF"),
        "2026/cong-khai.md": article("Bài công khai"),
    })
    site.build(publish=True)
    published = everything(site.output)
    assert "Bài công khai" in published
    for secret in ("BÍMẬTA", "BÍMẬTB", "NHÁPBÍMẬTC", "BÍMẬTD", "BÍMẬTE", "SAUBÍMẬTF", "BIMATA", "BIMATD",
                   "tieu-de-nhap", "tieu-de-tuong-lai", "tep-nhap", "anh-nhap", "NHAPPDF",
                   "tu-khoa-nhap", "tu-khoa-sau"):
        assert secret.lower() not in published.lower(), secret


def _jpeg() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_symbolic_link_out_of_the_content_folder_is_refused(site, tmp_path):
    secret = tmp_path / "ngoai" / "mat.md"
    secret.parent.mkdir()
    secret.write_text(article("Bí mật bên ngoài"), encoding="utf-8")
    site.write({"2026/a.md": article("Bài thường")})
    os.symlink(secret, site.content / "2026/lien-ket.md")
    os.symlink(secret.parent, site.content / "thu-muc-ngoai")
    stop = site.build_fails(publish=True)
    messages = [e.format() for e in stop.log.errors]
    assert any("2026/lien-ket.md" in m and "symlink" in m for m in messages), messages
    assert any("thu-muc-ngoai" in m and "symlink" in m for m in messages), messages


def test_broken_and_looping_links_are_named_not_a_traceback(site):
    """A link to a missing article, a link to itself, and two folders linked to each other."""
    site.write({"2026/a.md": article("Bài thường"), "kho/b/tin.md": article("Tin trong kho", date="2026-05-02 08:00")})
    os.symlink("khong-con.md", site.content / "2026/hong.md")
    os.symlink("vong.md", site.content / "2026/vong.md")
    (site.content / "kho/a").mkdir()
    os.symlink("../b", site.content / "kho/a/sang-b")
    os.symlink("../a", site.content / "kho/b/sang-a")
    stop = site.build_fails(publish=True)
    messages = [e.format() for e in stop.log.errors]
    assert any("2026/hong.md" in m and "không đọc được tệp" in m for m in messages), messages
    assert any("2026/vong.md" in m and "không đọc được tệp" in m for m in messages), messages
    others = [m for m in messages if "2026/hong.md" not in m and "2026/vong.md" not in m]
    assert len(others) == 2 and all("kho/a/sang-b/tin.md" in m and "kho/b/tin.md" in m for m in others), others
    # (one file by two paths, each named once: Pelican's walk round the loop adds no copies)

def test_two_builds_on_different_days_are_byte_identical(site, tmp_path):
    site.write({f"2026/t{n}.md": article(f"Tin {n}", date=f"2026-05-0{n} 08:00", tags="Việc làm") for n in range(1, 5)})
    site.write({"2026/anh/bai.md": article("Ảnh", kind="anh", cover="a.jpg", body="![Ảnh một](a.jpg \"Một\")"),
                "2026/anh/a.jpg": _jpeg()})
    site.build(publish=True, BUILD_CLOCK="2026-11-21 12:00")
    first = snapshot(site.output)
    other = Site(tmp_path / "other")
    other.write({p.relative_to(site.content).as_posix(): p.read_bytes()
                 for p in site.content.rglob("*") if p.is_file()})
    other.build(publish=True, BUILD_CLOCK="2027-01-03 09:00")  # another day, another cache, another folder
    # the calendar of the coming months depends on the day by design; nothing else may
    assert {k: v for k, v in snapshot(other.output).items() if not k.startswith("lich/")} == \
        {k: v for k, v in first.items() if not k.startswith("lich/")}


@pytest.mark.parametrize("files, expect_page", [
    ({}, None),  # an empty site
    ({"2026/mot.md": article("Chỉ một bài")}, "2026/05/chi-mot-bai/"),
    ({"2026/dai.md": article("Bài rất dài", body="Đoạn văn dài. " * 400_000)}, "2026/05/bai-rat-dai/"),
    ({"2026/crlf.md": ("\ufeff" + article("Bài Windows").replace("\n", "\r\n")).encode("utf-8")}, "2026/05/bai-windows/"),
    ({"2026/tab.md": "title:\tBài có tab\ndate:\t2026-05-01 08:30\nunit:\tban-to-chuc\ncampaign:\tthang-cong-nhan\nkind:\ttin\n\nThân.\n"},
     "2026/05/bai-co-tab/"),
    ({"2026/nfd.md": unicodedata.normalize("NFD", article("Đoàn viên NFD", unit="Ban Tổ chức"))}, "2026/05/doan-vien-nfd/"),
])
def test_odd_input_gives_a_good_page(site, files, expect_page):
    site.write(files)
    site.build(publish=True)
    assert site.page("").html["lang"] == "vi"
    if expect_page:
        assert site.page(expect_page).h1.get_text()


def test_a_title_of_500_characters(site):
    title = ("Hội nghị tổng kết phong trào thi đua lao động giỏi, lao động sáng tạo " * 8)[:500]
    site.write({"2026/dai.md": article(title)})
    site.build(publish=True)
    folder = next(p for p in (site.output / "2026/05").iterdir() if p.is_dir())
    assert len(folder.name) <= MAX_SLUG and folder.name.startswith("hoi-nghi-tong-ket")
    assert not folder.name.endswith("-")  # cut at a word boundary
    assert site.page(f"2026/05/{folder.name}/").h1.get_text() == title.strip()


HEADER_TEXT = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠđĐ <>&\"'/;:=#{}\\`*_[]()!|~")),
                      min_size=1, max_size=60)
BODY_PIECES = st.lists(st.sampled_from([
    "Đoạn văn bình thường.", "<b>đậm</b>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "[liên kết](javascript:alert(1))", "**đậm** _nghiêng_", "> trích dẫn", "- mục 1\n- mục 2", "<div style='x'>khối</div>",
    "`mã`", "```\nkhối mã <script>\n```", "| a | b |\n|---|---|\n| 1 | 2 |", "<a href=\"https://vi.example\" onclick=\"x\">l</a>",
    "&amp; &lt; &#x27;", "<!-- ẩn -->", "<svg onload=alert(1)></svg>", "<iframe src=\"https://evil.example\"></iframe>",
]), max_size=8)


@hypothesis_settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=HEADER_TEXT, summary=HEADER_TEXT, tags=HEADER_TEXT, body=BODY_PIECES)
def test_random_input_never_crashes_and_never_yields_markup(tmp_path_factory, title, summary, tags, body):
    site = Site(tmp_path_factory.mktemp("ngau-nhien"))
    site.write({"2026/a.md": article(title, summary=summary, tags=tags, body="\n\n".join(body) or "x")})
    try:
        site.build(publish=True)
    except ContentErrors as stop:  # a clear refusal is fine: it names the file and field
        assert stop.log.errors and all("2026/a.md" in e.path for e in stop.log.errors)
        return
    for path in site.output.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert all(s.get("src", "").startswith("https://thu.example/") for s in soup.find_all("script")), path
        assert not soup.find_all(["iframe", "style"]), path
        assert not [f for f in soup.find_all("form") if f.get("role") != "search"], path
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.startswith("on")], (path, tag)
            assert not str(tag.get("href", "")).lower().startswith("javascript:"), (path, tag)
    assert json.dumps(title)  # the title reached the page as text:
    page = next(site.output.glob("2026/05/*/index.html"))
    heading = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").h1.get_text()
    assert heading == " ".join(title.split())
