"""The calendar: /lich/ for the coming twelve months from the build clock, the home block,
campaign pages, and the .ics files read back with the icalendar library."""

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from conftest import article, read_page
from site_build.check import check_content

EVENTS_TOML = """
[[anniversary]]
name = "Ngày thành lập Công đoàn Việt Nam"
day = 28
month = 7
year = 1929
campaign = "thang-cong-nhan"

[[anniversary]]
name = "Ngày Quốc tế Lao động"
day = 1
month = 5
year = 1886
campaign = "thang-cong-nhan"

[[anniversary]]
name = "Ngày cuối năm"
day = 31
month = 12
year = 1950

[[anniversary]]
name = "Ngày Gia đình Việt Nam"
day = 28
month = 6

[[event]]
name = "Hội nghị tổng kết năm"
date = 2026-12-18T08:00:00
end = 2026-12-18T11:30:00
place = "Hội trường LĐLĐ tỉnh"

[[event]]
name = "Chợ Tết công đoàn"
date = 2027-01-23
end = 2027-01-24
campaign = "phong-chong-covid-19"

[[event]]
name = "Hội thi đã qua"
date = 2026-10-01
"""


def calendar_site(site):
    return site.write({
        "data/events.toml": EVENTS_TOML,
        # Around 28/7/2026 (the previous 28/7 for a clock in late 2026): two in the window.
        "2026/a.md": article("Mít tinh kỷ niệm 97 năm", date="2026-07-28 10:00"),
        "2026/b.md": article("Hội thi tìm hiểu lịch sử", date="2026-07-05 08:00"),
        "2026/c.md": article("Quá xa ngày kỷ niệm", date="2026-06-20 08:00"),
        "2026/d.md": article("Chuyên mục khác cùng dịp", date="2026-07-27 08:00", campaign="phong-chong-covid-19"),
        "2026/e.md": article("Tháng Công nhân khai mạc", date="2026-05-01 08:00"),
    })


def entries(soup):
    return [(e["id"], e.select_one(".cal-entry__title").get_text(strip=True)) for e in soup.select(".cal-entry")]


def test_the_calendar_page_lists_the_coming_twelve_months_with_ordinals(site):
    calendar_site(site).build(publish=True)  # clock: 21/11/2026 12:00
    page = site.page("lich/")
    assert entries(page) == [
        ("hoi-nghi-tong-ket-nam-20261218", "Hội nghị tổng kết năm"),
        ("ngay-cuoi-nam-20261231", "Kỷ niệm 76 năm Ngày cuối năm (31/12/1950 – 31/12/2026)"),
        ("cho-tet-cong-doan-20270123", "Chợ Tết công đoàn"),
        ("ngay-quoc-te-lao-dong-20270501", "Kỷ niệm 141 năm Ngày Quốc tế Lao động (1/5/1886 – 1/5/2027)"),
        ("ngay-gia-dinh-viet-nam-20270628", "Ngày Gia đình Việt Nam"),
        ("ngay-thanh-lap-cong-doan-viet-nam-20270728",
         "Kỷ niệm 98 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2027)"),
    ]
    months = [h2.get_text(strip=True) for h2 in page.select(".cal-month h2")]
    assert months == ["Tháng 12/2026", "Tháng 1/2027", "Tháng 5/2027", "Tháng 6/2027", "Tháng 7/2027"]
    assert "21/11/2026" in page.select_one(".lead").get_text() and "20/11/2027" in page.select_one(".lead").get_text()
    meeting = page.select_one("#hoi-nghi-tong-ket-nam-20261218")
    assert "08:00–11:30" in meeting.get_text() and "Hội trường LĐLĐ tỉnh" in meeting.get_text()
    fair = page.select_one("#cho-tet-cong-doan-20270123")
    assert "Thứ Bảy, ngày 23/01/2027 – Chủ Nhật, ngày 24/01/2027" in fair.get_text()
    assert fair.select_one(".cal-entry__campaign a")["href"] == "https://thu.example/chuyen-muc/phong-chong-covid-19/"
    assert not page.select("script")
    assert "https://thu.example/lich/" in [a["href"] for a in page.select("footer a")]


def test_each_anniversary_links_the_articles_that_covered_it_last_time(site):
    calendar_site(site).build(publish=True)
    founding = site.page("lich/").select_one("#ngay-thanh-lap-cong-doan-viet-nam-20270728")
    covered = [a.get_text() for a in founding.select(".cal-coverage a")]
    # within 30 days before to 7 days after 28/7/2026, of its campaign, closest first
    assert covered == ["Mít tinh kỷ niệm 97 năm", "Hội thi tìm hiểu lịch sử"]
    assert founding.select_one(".cal-coverage a")["href"] == "https://thu.example/2026/07/mit-tinh-ky-niem-97-nam/"
    assert "năm 2026" in founding.select_one(".cal-coverage__title").get_text()
    labour_day = site.page("lich/").select_one("#ngay-quoc-te-lao-dong-20270501")
    assert [a.get_text() for a in labour_day.select(".cal-coverage a")] == ["Tháng Công nhân khai mạc"]
    assert not site.page("lich/").select_one("#ngay-cuoi-nam-20261231 .cal-coverage")  # no campaign


@pytest.mark.parametrize("clock, first, ordinal_of_31_12", [
    ("2026-12-31 23:30", "ngay-cuoi-nam-20261231", "Kỷ niệm 76 năm Ngày cuối năm (31/12/1950 – 31/12/2026)"),
    ("2027-01-01 00:30", "cho-tet-cong-doan-20270123", "Kỷ niệm 77 năm Ngày cuối năm (31/12/1950 – 31/12/2027)"),
    # 17:30 UTC on 31/12 is already 00:30 on 1/1 in Vietnam: the calendar follows Vietnam time.
    ("2026-12-31T17:30:00Z", "cho-tet-cong-doan-20270123", "Kỷ niệm 77 năm Ngày cuối năm (31/12/1950 – 31/12/2027)"),
])
def test_ordinals_across_the_year_boundary_follow_the_injected_clock(site, clock, first, ordinal_of_31_12):
    calendar_site(site).build(publish=True, BUILD_CLOCK=clock)
    found = entries(site.page("lich/"))
    assert found[0][0] == first
    assert ordinal_of_31_12 in [title for _, title in found]
    assert "Hội nghị tổng kết năm" not in [title for _, title in found]  # 18/12/2026 is over


def test_the_home_page_shows_the_next_few_entries(site):
    calendar_site(site).build(publish=True)
    block = site.page("").select_one(".home-events")
    links = block.select("li a")
    assert [a.get_text() for a in links] == [
        "Hội nghị tổng kết năm", "Kỷ niệm 76 năm Ngày cuối năm (31/12/1950 – 31/12/2026)",
        "Chợ Tết công đoàn", "Kỷ niệm 141 năm Ngày Quốc tế Lao động (1/5/1886 – 1/5/2027)"]
    anchor = links[0]["href"]
    assert anchor == "https://thu.example/lich/#hoi-nghi-tong-ket-nam-20261218"
    assert site.page("lich/").select_one("#hoi-nghi-tong-ket-nam-20261218")
    assert block.select("time")[0]["datetime"] == "2026-12-18"


def test_campaign_pages_show_their_coming_events_and_calendar_file(site):
    calendar_site(site).build(publish=True)
    block = site.page("chuyen-muc/thang-cong-nhan/").select_one(".campaign-events")
    assert [a.get_text() for a in block.select("li a")] == [
        "Kỷ niệm 141 năm Ngày Quốc tế Lao động (1/5/1886 – 1/5/2027)",
        "Kỷ niệm 98 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2027)"]
    assert block.select("a")[-1]["href"] == "https://thu.example/lich/chuyen-muc/thang-cong-nhan.ics"


def read_ics(path) -> dict:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}, calendar


def test_the_ics_file_parses_back_with_yearly_rules_all_day_dates_and_the_time_zone(site):
    output = calendar_site(site).build(publish=True)
    events, calendar = read_ics(output / "lich/lich-su-kien.ics")
    assert set(events) == {
        "ky-niem-ngay-thanh-lap-cong-doan-viet-nam@thu.example", "ky-niem-ngay-quoc-te-lao-dong@thu.example",
        "ky-niem-ngay-cuoi-nam@thu.example", "ky-niem-ngay-gia-dinh-viet-nam@thu.example",
        "su-kien-hoi-nghi-tong-ket-nam@thu.example", "su-kien-cho-tet-cong-doan@thu.example",
        "su-kien-hoi-thi-da-qua@thu.example"}
    founding = events["ky-niem-ngay-thanh-lap-cong-doan-viet-nam@thu.example"]
    assert founding["RRULE"]["FREQ"] == ["YEARLY"]
    assert founding.decoded("DTSTART") == date(1929, 7, 28) and not isinstance(founding.decoded("DTSTART"), datetime)
    assert founding.decoded("DTEND") == date(1929, 7, 29)
    assert str(founding["SUMMARY"]) == "Ngày thành lập Công đoàn Việt Nam (28/7/1929)"
    assert founding["URL"] == "https://thu.example/chuyen-muc/thang-cong-nhan/"
    family = events["ky-niem-ngay-gia-dinh-viet-nam@thu.example"]
    assert family.decoded("DTSTART") == date(2000, 6, 28) and str(family["SUMMARY"]) == "Ngày Gia đình Việt Nam"
    fair = events["su-kien-cho-tet-cong-doan@thu.example"]
    assert (fair.decoded("DTSTART"), fair.decoded("DTEND")) == (date(2027, 1, 23), date(2027, 1, 25))
    assert "RRULE" not in fair
    meeting = events["su-kien-hoi-nghi-tong-ket-nam@thu.example"]
    start, end = meeting.decoded("DTSTART"), meeting.decoded("DTEND")
    assert start.tzinfo is not None and start.utcoffset() == timedelta(hours=7)
    assert (start.isoformat(), end.isoformat()) == ("2026-12-18T08:00:00+07:00", "2026-12-18T11:30:00+07:00")
    assert meeting["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    assert str(meeting["LOCATION"]) == "Hội trường LĐLĐ tỉnh"
    assert {e.decoded("DTSTAMP") for e in events.values()} == {datetime.fromisoformat("2026-01-01T00:00:00+00:00")}
    raw = (output / "lich/lich-su-kien.ics").read_bytes()
    assert b"DTSTART;VALUE=DATE:19290728\r\n" in raw and b"RRULE:FREQ=YEARLY\r\n" in raw


def test_each_campaign_with_events_has_its_own_ics_file(site):
    output = calendar_site(site).build(publish=True)
    events, _ = read_ics(output / "lich/chuyen-muc/thang-cong-nhan.ics")
    assert set(events) == {"ky-niem-ngay-thanh-lap-cong-doan-viet-nam@thu.example",
                           "ky-niem-ngay-quoc-te-lao-dong@thu.example"}
    events, _ = read_ics(output / "lich/chuyen-muc/phong-chong-covid-19.ics")
    assert set(events) == {"su-kien-cho-tet-cong-doan@thu.example"}
    assert sorted(p.name for p in (output / "lich/chuyen-muc").iterdir()) == [
        "phong-chong-covid-19.ics", "thang-cong-nhan.ics"]


def test_two_builds_give_byte_identical_ics_files(site):
    first_output = calendar_site(site).build(publish=True)
    first = {p.relative_to(first_output): p.read_bytes() for p in first_output.rglob("*.ics")}
    second_output = site.build(publish=True, BUILD_CLOCK="2027-03-01 07:00")
    second = {p.relative_to(second_output): p.read_bytes() for p in second_output.rglob("*.ics")}
    assert len(first) == 3 and first == second


CALENDAR_MISTAKES = {
    "unknown campaign": ('[[event]]\nname = "A"\ndate = 2026-12-01\ncampaign = "thang-cong-nhan-2026"\n',
                         4, "campaign", 'không có chuyên mục "thang-cong-nhan-2026"', "Tháng Công nhân"),
    "impossible day": ('[[anniversary]]\nname = "A"\nday = 30\nmonth = 2\n', 3, "day", "ngày 30/2 không có thật", ""),
    "end before start": ('[[event]]\nname = "A"\ndate = 2026-12-18\nend = 2026-12-01\n',
                         4, "end", "kết thúc trước thời điểm bắt đầu", ""),
    "syntax error": ('[[event]]\nname = "A\n', 2, "events.toml", "sai cú pháp TOML", ""),
}


@pytest.mark.parametrize("text, line, field, message, hint", CALENDAR_MISTAKES.values(), ids=CALENDAR_MISTAKES.keys())
def test_check_and_build_report_mistakes_in_events_toml(site, text, line, field, message, hint):
    site.write({"data/events.toml": text})
    for errors in (check_content(site.settings()).log.errors, site.build_fails().log.errors):
        assert any(e.path.endswith("content/data/events.toml") and e.line == line and e.field == field
                   and message in e.message and hint in e.hint for e in errors), [e.format() for e in errors]


def test_a_site_without_events_toml_has_an_empty_calendar(site):
    output = site.write({"2026/a.md": article("A")}).build(publish=True)
    assert site.page("lich/").select_one(".empty").get_text() == "Chưa có ngày kỷ niệm, sự kiện nào trong 12 tháng tới."
    assert not site.page("").select(".home-events")
    assert not [a for a in site.page("").select("footer a") if "lich/" in a["href"]]
    events, _ = read_ics(output / "lich/lich-su-kien.ics")
    assert events == {}


def test_the_demo_calendar(demo_output):
    titles = [t.get_text(strip=True) for t in read_page(demo_output, "lich/index.html").select(".cal-entry__title")]
    assert "Kỷ niệm 61 năm Ngày thành lập Công đoàn tỉnh Đồng Lâm (16/4/1966 – 16/4/2027)" in titles
    assert "Kỷ niệm 98 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2027)" in titles
    assert "Tết Nguyên đán Đinh Mùi (mùng 1 – mùng 3)" in titles
    Calendar.from_ical((demo_output / "lich/lich-su-kien.ics").read_bytes())
    home = read_page(demo_output, "index.html").select(".home-events li a")
    assert len(home) == 4


def test_a_later_build_clock_moves_the_home_and_campaign_blocks_even_with_the_page_cache(site):
    """Pages are copied from the last build when what they show is unchanged: the calendar's
    blocks change with the clock alone, so they are part of what the pages show."""
    calendar_site(site).build(publish=True)
    assert site.page("").select_one(".home-events li a").get_text() == "Hội nghị tổng kết năm"
    site.build(publish=True, BUILD_CLOCK="2027-05-02 08:00")
    assert site.page("").select_one(".home-events li a").get_text() == "Ngày Gia đình Việt Nam"
    coming = site.page("chuyen-muc/thang-cong-nhan/").select(".campaign-events li a")
    assert [a.get_text() for a in coming] == [
        "Kỷ niệm 98 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2027)",
        "Kỷ niệm 142 năm Ngày Quốc tế Lao động (1/5/1886 – 1/5/2028)"]
