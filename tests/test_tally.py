"""The tally pages built from small sites whose right figures are known by construction."""

import csv
import io
import json
import subprocess
import sys

import pytest
from PIL import Image

from conftest import CLOCK, article, read_page
from site_build.check import check_content
from site_build.settings import PUBLISH, ROOT
from site_build.tally import run_tally
from tally_page.photos import photo_ids

PLAN = """
title = "Kế hoạch tuyên truyền quý II năm 2026"
number = "Kế hoạch số 7/KH-LĐLĐ"
start = 2026-04-01
end = 2026-06-30

[[quota]]
unit = "ban-to-chuc"
tin = 2
bai = 1

[[quota]]
group = "ldld-huyen"
each = { tin = 1 }
tin = 4
bai = 1

[[quota]]
whole_plan = true
anh = 5
"""
CURRENT_PLAN = """
title = "Kế hoạch quý IV năm 2026"
start = 2026-10-01
end = 2026-12-31

[[quota]]
unit = "ban-tuyen-giao"
tin = 3
"""


def png(color) -> bytes:
    """A real, small PNG (distinct colours give distinct files, as a content hash would see)."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, "PNG")
    return buffer.getvalue()


def q2_site(site):
    """Articles around the plan's period; the right figures are in the comments."""
    site.write({
        "data/plans/quy-ii.toml": PLAN,
        # Ban Tổ chức: 2 tin (first day at midnight, last day 23:30), nothing else in the period.
        "2026/a.md": article("Tin ngày đầu", date="2026-04-01 00:00"),
        "2026/b.md": article("Tin ngày cuối", date="2026-06-30 23:30 +07:00"),
        "2026/c.md": article("Bài sau kỳ", date="2026-07-01 00:10", kind="bai"),
        "2026/d.md": article("Bài trước kỳ", date="2026-03-31 23:50", kind="bai"),
        "2026/e.md": article("Bài UTC sau kỳ", date="2026-06-30 17:30Z", kind="bai"),
        "2026/f.md": article("Bản nháp", date="2026-05-01 09:00", kind="bai", status="draft"),
        # Written together: counts once, for its first (main) unit only.
        "2026/g.md": article("Viết chung", date="2026-05-05 08:00", unit="ldld-dong-ha, ban-to-chuc", kind="bai"),
        "2026/h.md": article("Tin Dương Minh", date="2026-05-06 08:00", unit="ldld-duong-minh"),
        # CĐCS May (under LĐLĐ Đông Hà): photo story, 3 distinct photos in 5 <img> + cover.
        "2026/anh/bai.md": article(
            "Phóng sự ảnh", date="2026-05-10 08:00", unit="cdcs-may", kind="anh", cover="a.png",
            body="""
            ![Ảnh A](a.png)

            ![Ảnh A lần nữa](a.png)

            [![Ảnh B trong liên kết](b.png)](b.png)

            ![Ảnh C](c.png "Chú thích")
            """),
        "2026/anh/a.png": png("red"), "2026/anh/b.png": png("green"), "2026/anh/c.png": png("blue"),
        # Ban Tuyên giáo: a cover that is not in the body is one more photo.
        "2026/bia/bai.md": article("Tin có ảnh bìa", date="2026-06-01 08:00", unit="ban-tuyen-giao",
                                   cover="d.png"),
        "2026/bia/d.png": png("yellow"),
    })
    return site


def cell(row, kind):
    td = row.select_one(f'td[data-kind="{kind}"]')
    return int(td["data-done"]), int(td.get("data-quota", 0))


def unit_row(soup, slug):
    return soup.select_one(f"tr#don-vi-{slug}")


def test_per_unit_group_and_total_figures(site):
    q2_site(site).build()
    soup = site.page("thong-ke/quy-ii/")
    assert soup.h1.get_text(strip=True) == "Kế hoạch tuyên truyền quý II năm 2026"
    ban_to_chuc = unit_row(soup, "ban-to-chuc")
    assert [cell(ban_to_chuc, k) for k in ("tin", "bai", "anh")] == [(2, 2), (0, 1), (0, 0)]
    assert ban_to_chuc.select_one("td.tally-cell").get_text(" ", strip=True) == "2 /2 100%"
    assert ban_to_chuc.select_one(".tally-status").get_text() == "Chưa đạt"
    assert [cell(unit_row(soup, "ldld-dong-ha"), k) for k in ("tin", "bai")] == [(0, 1), (1, 0)]
    assert cell(unit_row(soup, "ldld-duong-minh"), "tin") == (1, 1)
    assert unit_row(soup, "ldld-duong-minh").select_one(".tally-status").get_text() == "Đạt"
    assert cell(unit_row(soup, "cdcs-may"), "anh") == (3, 0)
    assert unit_row(soup, "cdcs-may").select_one(".tally-status").get_text() == "Không giao chỉ tiêu"
    assert cell(unit_row(soup, "ban-tuyen-giao"), "anh") == (1, 0)
    districts = soup.select_one('tr.tally-subtotal[data-group="ldld-huyen"]')
    assert [cell(districts, k) for k in ("tin", "bai")] == [(1, 4), (1, 1)]
    bans = soup.select_one('tr.tally-subtotal[data-group="ban"]')
    assert [cell(bans, k) for k in ("tin", "bai", "anh")] == [(3, 2), (0, 1), (1, 0)]
    total = soup.select_one("tfoot tr.tally-total")
    assert [cell(total, k) for k in ("tin", "bai", "anh")] == [(4, 6), (1, 2), (4, 5)]


@pytest.mark.parametrize("html, cover, cover_id, expected", [
    ('<img src="/2026/a/x.jpg"><a href="/2026/a/x.jpg"><img src="/2026/a/x.jpg"></a>', None, None, {"2026/a/x.jpg"}),
    ('<img src="https://site.example/2026/a/x.jpg?v=2">', "2026/a/x.jpg", None, {"2026/a/x.jpg"}),
    ('<picture><source srcset="x-800.webp"><img src="x-800.jpg" data-image-id="h1"></picture>'
     '<img src="x-400.jpg" data-image-id="h1">', None, None, {"h1"}),
    ('<img src="/2026/a/x-800.jpg" data-image-id="h1">', "2026/a/x.jpg", "h1", {"h1"}),
    ('<img src="/2026/a/x.jpg" data-image-id="h1">', "2026/a/x.jpg", None, {"h1"}),
    ('<p>Không có ảnh</p>', "2026/a/bia.jpg", None, {"2026/a/bia.jpg"}),
    ('<img src="/2026/a/x.jpg"><img src="/2026/a/y.jpg">', "2026/a/z.jpg", "h9", {"2026/a/x.jpg", "2026/a/y.jpg", "h9"}),
])
def test_photo_identity_follows_the_contract(html, cover, cover_id, expected):
    assert photo_ids(html, cover, cover_id, "https://site.example") == expected


def test_photos_are_the_same_with_absolute_urls_in_a_publishing_build(site):
    q2_site(site).build(publish=True)
    soup = site.page("thong-ke/quy-ii/")
    assert site.page("2026/05/phong-su-anh/").select_one(".article__content img")["src"].startswith("https://thu.example/")
    assert cell(unit_row(soup, "cdcs-may"), "anh") == (3, 0)
    assert cell(soup.select_one("tfoot tr.tally-total"), "anh") == (4, 5)


def test_roll_up_of_child_units_on_the_tally_and_the_unit_page(site):
    q2_site(site).build()
    rollup = site.page("thong-ke/quy-ii/").select_one('tr.tally-rollup[data-rollup-of="ldld-dong-ha"]')
    assert [int(rollup.select_one(f'td[data-kind="{k}"]')["data-done"]) for k in ("tin", "bai", "anh")] == [0, 1, 3]
    block = site.page("don-vi/ldld-dong-ha/").select_one(".unit-tally")
    assert block.select_one(".tally-note").get_text().startswith("Kế hoạch tuyên truyền quý II năm 2026 (01/04/2026")
    assert cell(block.select_one("tr.tally-row"), "bai") == (1, 0)
    assert [int(td["data-done"]) for td in block.select("tr.tally-rollup td")] == [0, 1, 3]
    assert block.select_one("a[href$='#don-vi-ldld-dong-ha']")["href"] == "/thong-ke/quy-ii/#don-vi-ldld-dong-ha"
    other = site.page("don-vi/ban-to-chuc/").select_one(".unit-tally")
    assert other.select("tr.tally-rollup") == []
    assert other.select_one(".tally-status").get_text() == "Chưa đạt"


def test_articles_scheduled_after_the_build_clock_never_count(site):
    site.write({
        "data/plans/quy-ii.toml": PLAN,
        "2026/a.md": article("Đã đăng", date="2026-05-01 08:00"),
        "2026/b.md": article("Hẹn giờ", date="2026-05-20 08:00"),
    })
    site.build(BUILD_CLOCK="2026-05-15 12:00")  # the preview shows the scheduled article
    assert site.page("2026/05/hen-gio/").select_one(".badge--scheduled")
    assert cell(unit_row(site.page("thong-ke/quy-ii/"), "ban-to-chuc"), "tin") == (1, 2)


def test_months_table_and_chart(site):
    q2_site(site).build()
    soup = site.page("thong-ke/quy-ii/")
    months = {tr["data-month"]: [cell(tr, k) for k in ("tin", "bai", "anh")] for tr in soup.select("tr.tally-month")}
    assert months == {"2026-04": [(1, 2), (0, 1), (0, 2)],  # quota 6 / 2 / 5 shared by days
                      "2026-05": [(1, 2), (1, 1), (3, 2)],
                      "2026-06": [(2, 2), (0, 0), (1, 1)]}
    chart = soup.select_one("figure.chart--months svg")
    assert "Tháng 5/2026: 1 trên 2 tin, 1 trên 1 bài, 3 trên 2 ảnh." in chart.desc.get_text()


def test_charts_are_svg_with_a_text_alternative(site):
    q2_site(site).build()
    soup = site.page("thong-ke/quy-ii/")
    charts = soup.select("figure.chart svg")
    assert len(charts) == 4 and not soup.select("script")
    for svg in charts:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.select_one(f"title#{title_id}") and svg.select_one(f"desc#{desc_id}")
        table_link = svg.find_parent("figure").select_one(".chart__note a")["href"]
        assert soup.select_one(table_link)
    tin_chart = soup.select_one("svg[aria-labelledby^='bieu-do-quy-ii-tin']")
    bars = [(g.title.get_text(), float(g.select_one(".bar__fill")["width"])) for g in tin_chart.select("g.bar")]
    assert bars[0] == ("Ban Tổ chức: 2 trên 2 tin", 264.0)
    assert ("Cộng nhóm LĐLĐ huyện, thị xã, thành phố: 1 trên 4 tin", 66.0) in bars
    assert bars[-1] == ("Tổng cộng cả kế hoạch: 4 trên 6 tin", 176.0)


CADENCE_CAMPAIGNS = """
[[campaign]]
slug = "thang-cong-nhan"
name = "Tháng Công nhân"

[[campaign]]
slug = "vi-doan-vien"
name = "Vì đoàn viên"
start = 2026-04-06
end = 2026-04-26
per_week = 2
"""


def cadence_site(site):
    site.write({"data/campaigns.toml": CADENCE_CAMPAIGNS, "data/plans/quy-ii.toml": PLAN})
    days = {"2026-04-06 08:00": "ban-to-chuc", "2026-04-12 23:30": "ldld-an-phu",  # week 1: 2
            "2026-04-13 08:00": "ldld-an-phu"}  # week 2: 1; week 3: 0
    for number, (when, unit) in enumerate(days.items()):
        site.write({f"2026/vdv-{number}.md": article(f"Vì đoàn viên {number}", date=when, unit=unit,
                                                     campaign="vi-doan-vien")})
    return site


def test_weeks_below_the_cadence_are_listed(site):
    cadence_site(site).build()
    block = site.page("thong-ke/quy-ii/").select_one("#tan-suat-vi-doan-vien")
    weeks = [(tr["data-start"], int(tr["data-count"]), int(tr["data-required"])) for tr in block.select("tr.cadence-week")]
    assert weeks == [("2026-04-13", 1, 2), ("2026-04-20", 0, 2)]
    assert "2 tuần chưa đạt trên 3 tuần đã qua" in " ".join(block.get_text().split())


def test_weeks_not_over_at_the_build_clock_are_not_failures(site):
    cadence_site(site).build(BUILD_CLOCK="2026-04-14 12:00")
    block = site.page("thong-ke/quy-ii/").select_one("#tan-suat-vi-doan-vien")
    text = " ".join(block.get_text().split())
    assert block.select("tr.cadence-week") == []
    assert "0 tuần chưa đạt trên 1 tuần đã qua" in text
    assert "Tuần đang diễn ra (13/04/2026 – 19/04/2026): 1/2 bài, chưa tính." in text


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Vietnamese
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def page_rows(soup):
    """(slug, [(done, quota) per kind]) of every row of the page's table, in order."""
    rows = []
    for tr in soup.select("#bang-don-vi tr.tally-row, #bang-don-vi tr.tally-subtotal, #bang-don-vi tr.tally-total"):
        slug = tr.get("id", "").removeprefix("don-vi-") or tr.get("data-group", "")
        rows.append((slug, [cell(tr, k) for k in ("tin", "bai", "anh")], tr.select_one(".tally-status").get_text()))
    return rows


def test_csv_and_json_downloads_hold_the_page_figures(site):
    q2_site(site).build()
    soup = site.page("thong-ke/quy-ii/")
    folder = site.output / "thong-ke/quy-ii"
    links = [a["href"] for a in soup.select(".tally-downloads a")]
    assert links == ["/thong-ke/quy-ii/thong-ke-quy-ii.csv", "/thong-ke/quy-ii/thong-ke-quy-ii-theo-thang.csv",
                     "/thong-ke/quy-ii/thong-ke-quy-ii.json"]
    expected = page_rows(soup)
    from_csv = [(r["Mã đơn vị"], [(int(r[f"{t} đã đăng"]), int(r[f"{t} chỉ tiêu"])) for t in ("Tin", "Bài", "Ảnh")],
                 r["Kết quả"]) for r in read_csv(folder / "thong-ke-quy-ii.csv")]
    assert from_csv == expected
    data = json.loads((folder / "thong-ke-quy-ii.json").read_text(encoding="utf-8"))
    flat = [u for g in data["groups"] for u in (*g["units"], g["subtotal"])] + [data["total"]]
    from_json = [(u["slug"], [(u["done"][k], u["quota"][k]) for k in ("tin", "bai", "anh")], u["status_label"])
                 for u in flat]
    assert from_json == expected
    months = read_csv(folder / "thong-ke-quy-ii-theo-thang.csv")
    assert [(m["Tháng"], int(m["Ảnh đã đăng"])) for m in months] == [("2026-04", 0), ("2026-05", 3), ("2026-06", 1)]
    assert data["schema"] == "union-tally/1" and data["plan"]["number"] == "Kế hoạch số 7/KH-LĐLĐ"


def test_invoke_tally_prints_the_same_figures_as_the_downloads(site):
    q2_site(site).build()
    folder = site.output / "thong-ke/quy-ii"
    printed = run_tally(PUBLISH, site.content, "quy-ii", "json", BUILD_CLOCK=CLOCK)
    assert printed.ok and json.loads(printed.text) == json.loads((folder / "thong-ke-quy-ii.json").read_text())
    result = subprocess.run([sys.executable, "-m", "invoke", "tally", "--plan", "quy-ii", "--format", "csv",
                             "--content", str(site.content)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (folder / "thong-ke-quy-ii.csv").read_text(encoding="utf-8-sig")
    table = run_tally(PUBLISH, site.content, "quy-ii", "table", "2026-05", BUILD_CLOCK=CLOCK).text
    assert "số liệu tính đến hết ngày 31/05/2026" in table
    assert "Tổng cộng" in table and "Trong tháng 5/2026" in table


def test_the_index_lists_plans_newest_first_with_the_current_one_at_a_glance(site):
    q2_site(site).write({"data/plans/quy-iv.toml": CURRENT_PLAN}).build()
    soup = site.page("thong-ke/")
    assert [a.get_text() for a in soup.select(".tally-plan h3 a")] == [
        "Kế hoạch quý IV năm 2026", "Kế hoạch tuyên truyền quý II năm 2026"]
    current = soup.select_one(".tally-current")
    assert current.h3.a["href"] == "/thong-ke/quy-iv/"
    assert "Đã qua 52/92 ngày (56%)" in " ".join(current.get_text().split())
    assert [card.select_one(".tally-card__figure").get_text(" ", strip=True) for card in current.select(".tally-card")] == [
        "0 / 3", "0", "0"]
    q2 = soup.select_one("#ke-hoach-quy-ii")
    assert [(s["data-done"], s["data-quota"]) for s in q2.select(".tally-plan__figures span")] == [
        ("4", "6"), ("1", "2"), ("4", "5")]
    footer = site.page("").select_one(".site-footer__links a[href='/thong-ke/']")
    assert footer.get_text() == "Thống kê tin, bài"


def test_a_site_without_plans_still_has_a_tally_index(site):
    site.build()
    assert "Chưa có kế hoạch nào" in site.page("thong-ke/").select_one(".empty").get_text()
    assert site.page("don-vi/ban-to-chuc/").select_one(".unit-tally") is None


def test_the_demo_plan_reproduces_the_quota_table_of_the_provincial_plan(demo_output):
    soup = read_page(demo_output, "thong-ke/quy-ii-2026/")
    total = soup.select_one("tfoot tr.tally-total")
    assert [cell(total, k)[1] for k in ("tin", "bai", "anh")] == [58, 17, 60]
    quotas = {tr["id"].removeprefix("don-vi-"): [cell(tr, k)[1] for k in ("tin", "bai")]
              for tr in soup.select("tr.tally-row")}
    assert quotas["thuong-truc-ldld-tinh"] == [0, 2]
    assert quotas["ban-tuyen-giao-nu-cong"] == [10, 1]
    assert quotas["ldld-huyen-dinh-son"] == [2, 0]
    assert quotas["cd-nganh-y-te"] == [2, 1]
    assert quotas["to-ctv-tuyen-truyen"] == [0, 0]
    subtotals = {tr["data-group"]: [cell(tr, k)[1] for k in ("tin", "bai")] for tr in soup.select("tr.tally-subtotal")}
    assert subtotals == {"lanh-dao": [0, 2], "ban": [27, 6], "ldld-huyen": [20, 5], "cd-nganh": [6, 3],
                         "cdcs": [5, 1], "ctv": [0, 0]}
    statuses = {tr.select_one(".tally-status").get_text() for tr in soup.select("tr.tally-row")}
    assert statuses == {"Đạt", "Chưa đạt", "Không giao chỉ tiêu"}


BAD_PLANS = {
    "unknown unit": ('title = "Q"\nstart = 2026-04-01\nend = 2026-06-30\n\n[[quota]]\nunit = "Ban To chuc"\ntin = 1\n',
                     6, "unit", 'không có đơn vị "Ban To chuc"', "Ban Tổ chức"),
    "unknown group": ('title = "Q"\nstart = 2026-04-01\nend = 2026-06-30\n\n[[quota]]\ngroup = "ldld-huyn"\ntin = 1\n',
                      6, "group", 'không có nhóm đơn vị "ldld-huyn"', "ldld-huyen"),
    "negative count": ('title = "Q"\nstart = 2026-04-01\nend = 2026-06-30\n\n[[quota]]\nunit = "ban-to-chuc"\ntin = -3\n',
                       7, "tin", "-3 là số âm", None),
    "non-integer count": ('title = "Q"\nstart = 2026-04-01\nend = 2026-06-30\n\n[[quota]]\nunit = "ban-to-chuc"\nbai = 0.5\n',
                          7, "bai", "0.5 không phải là số nguyên", None),
    "end before start": ('title = "Q"\nstart = 2026-06-30\nend = 2026-04-01\n', 3, "end", "trước ngày bắt đầu", None),
    "unknown key": ('title = "Q"\nstart = 2026-04-01\nend = 2026-06-30\nperiod = "quý II"\n', 4, "period",
                    "không được hỗ trợ", None),
}


def find(issues, line, field, message, hint):
    for issue in issues:
        if (issue.path.endswith("content/data/plans/q.toml") and issue.line == line and issue.field == field
                and message in issue.message and (hint is None or hint in issue.hint)):
            return issue
    raise AssertionError("\n".join(i.format() for i in issues))


@pytest.mark.parametrize("text, line, field, message, hint", BAD_PLANS.values(), ids=BAD_PLANS.keys())
def test_bad_plans_stop_check_and_build_with_file_and_line(site, text, line, field, message, hint):
    site.write({"data/plans/q.toml": text})
    find(check_content(site.settings()).log.errors, line, field, message, hint)
    stop = site.build_fails()
    find(stop.log.errors, line, field, message, hint)
    assert not site.output.exists() or not any(site.output.iterdir())


def test_two_plans_with_one_slug_stop_invoke_check(site):
    site.write({"data/plans/a.toml": 'slug = "quy-ii"\n' + PLAN, "data/plans/quy-ii.toml": PLAN})
    result = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(site.content)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "data/plans/quy-ii.toml: slug: kế hoạch \"quy-ii\" trùng slug với" in result.stderr
    assert "Traceback" not in result.stderr
