"""The calendar core: occurrences in a window, ordinals from the clock, events.toml mistakes."""

import textwrap
from datetime import date, datetime

import pytest

from union_core.dates import VIETNAM
from union_core.events import Anniversary, Event, EventCalendar, months_later, upcoming_window
from union_core.issues import IssueLog
from union_core.registry import load_registries

FOUNDING = Anniversary("cdvn", "Ngày thành lập Công đoàn Việt Nam", 28, 7, 1929)
NEW_YEAR_EVE = Anniversary("cuoi-nam", "Ngày cuối năm", 31, 12, 1950)
LEAP = Anniversary("nhuan", "Ngày nhuận", 29, 2, 2000)
NO_YEAR = Anniversary("gia-dinh", "Ngày Gia đình Việt Nam", 28, 6)


def titles(calendar, first, last):
    return [(o.day, o.title) for o in calendar.between(first, last)]


def test_the_ordinal_and_title_are_counted_from_the_founding_year():
    occurrences = EventCalendar([FOUNDING]).between(date(2026, 1, 1), date(2027, 12, 31))
    assert [(o.day, o.ordinal, o.title) for o in occurrences] == [
        (date(2026, 7, 28), 97, "Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2026)"),
        (date(2027, 7, 28), 98, "Kỷ niệm 98 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2027)"),
    ]
    assert occurrences[1].previous == date(2026, 7, 28)


@pytest.mark.parametrize("today, expected", [
    (date(2026, 12, 31), [(date(2026, 12, 31), "Kỷ niệm 76 năm Ngày cuối năm (31/12/1950 – 31/12/2026)"),
                          (date(2027, 7, 28), "Kỷ niệm 98 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2027)")]),
    (date(2027, 1, 1), [(date(2027, 7, 28), "Kỷ niệm 98 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2027)"),
                        (date(2027, 12, 31), "Kỷ niệm 77 năm Ngày cuối năm (31/12/1950 – 31/12/2027)")]),
])
def test_the_coming_twelve_months_cross_the_year_boundary(today, expected):
    first, last = upcoming_window(today, 12)
    assert titles(EventCalendar([FOUNDING, NEW_YEAR_EVE]), first, last) == expected


def test_an_anniversary_without_a_year_has_no_ordinal_and_29_february_waits_for_a_leap_year():
    calendar = EventCalendar([NO_YEAR, LEAP])
    assert titles(calendar, date(2026, 1, 1), date(2028, 12, 31)) == [
        (date(2026, 6, 28), "Ngày Gia đình Việt Nam"),
        (date(2027, 6, 28), "Ngày Gia đình Việt Nam"),
        (date(2028, 2, 29), "Kỷ niệm 28 năm Ngày nhuận (29/2/2000 – 29/2/2028)"),
        (date(2028, 6, 28), "Ngày Gia đình Việt Nam"),
    ]
    leap = EventCalendar([LEAP]).between(date(2028, 1, 1), date(2028, 12, 31))[0]
    assert leap.previous == date(2024, 2, 29)


def test_one_off_events_and_ranges_overlapping_the_window_are_kept_in_day_order():
    meeting = Event("hop", "Hội nghị", datetime(2026, 12, 18, 8, 0, tzinfo=VIETNAM))
    fair = Event("cho", "Chợ Tết", date(2027, 1, 23), date(2027, 1, 24))
    running = Event("thang", "Tháng hành động", date(2026, 11, 1), date(2026, 11, 30))
    over = Event("cu", "Đã qua", date(2026, 10, 1))
    calendar = EventCalendar([FOUNDING], [fair, meeting, running, over])
    found = calendar.between(*upcoming_window(date(2026, 11, 21)))
    assert [(o.item.slug, o.day, o.last_day) for o in found] == [
        ("thang", date(2026, 11, 1), date(2026, 11, 30)),
        ("hop", date(2026, 12, 18), date(2026, 12, 18)),
        ("cho", date(2027, 1, 23), date(2027, 1, 24)),
        ("cdvn", date(2027, 7, 28), date(2027, 7, 28)),
    ]
    assert found[1].title == "Hội nghị" and found[1].previous is None


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 11, 21), 12, date(2027, 11, 21)),
    (date(2026, 1, 31), 1, date(2026, 3, 1)),
    (date(2028, 2, 29), 12, date(2029, 3, 1)),
    (date(2026, 12, 31), 2, date(2027, 3, 1)),
])
def test_months_later(day, months, expected):
    assert months_later(day, months) == expected


CAMPAIGNS = '[[campaign]]\nslug = "thang-cong-nhan"\nname = "Tháng Công nhân"\n'


def load(tmp_path, events):
    data = tmp_path / "data"
    data.mkdir()
    (data / "site.toml").write_text('name = "LĐLĐ"\n', encoding="utf-8")
    (data / "units.toml").write_text("", encoding="utf-8")
    (data / "campaigns.toml").write_text(CAMPAIGNS, encoding="utf-8")
    (data / "events.toml").write_text(textwrap.dedent(events), encoding="utf-8")
    log = IssueLog()
    return load_registries(data, log), log


def test_a_good_events_file_loads_with_campaigns_and_times(tmp_path):
    registries, log = load(tmp_path, """
        [[anniversary]]
        name = "Ngày Quốc tế Lao động"
        day = 1
        month = 5
        year = 1886
        campaign = "Tháng Công nhân"

        [[event]]
        name = "Hội nghị"
        date = 2026-12-18T08:00:00
        end = "18/12/2026 11:30"
        place = "Hội trường"

        [[event]]
        name = "Chợ Tết"
        date = "2027-01-23"
        end = 2027-01-24
    """)
    assert log.errors == []
    calendar = registries.events
    assert calendar.anniversaries[0].campaign == "thang-cong-nhan"
    assert calendar.anniversaries[0].slug == "ngay-quoc-te-lao-dong"
    meeting, fair = calendar.events
    assert meeting.start == datetime(2026, 12, 18, 8, 0, tzinfo=VIETNAM)
    assert meeting.end == datetime(2026, 12, 18, 11, 30, tzinfo=VIETNAM) and not meeting.all_day
    assert (fair.start, fair.end, fair.all_day) == (date(2027, 1, 23), date(2027, 1, 24), True)


MISTAKES = {
    "unknown campaign": ("""
        [[anniversary]]
        name = "A"
        day = 1
        month = 5
        campaign = "Thang cong nhan 2"
        """, 6, "campaign", 'không có chuyên mục "Thang cong nhan 2"', "Tháng Công nhân"),
    "impossible day": ("""
        [[anniversary]]
        name = "A"
        day = 31
        month = 4
        """, 4, "day", "ngày 31/4 không có thật", "kiểm tra"),
    "29 February of a common founding year": ("""
        [[anniversary]]
        name = "A"
        day = 29
        month = 2
        year = 1929
        """, 4, "day", "ngày 29/2 không có thật", "kiểm tra"),
    "month out of range": ("""
        [[anniversary]]
        name = "A"
        day = 1
        month = 13
        """, 5, "month", "tháng 13 không hợp lệ", "từ 1 đến 12"),
    "end before start": ("""
        [[event]]
        name = "A"
        date = 2026-12-18
        end = 2026-12-17
        """, 5, "end", "kết thúc trước thời điểm bắt đầu", "sửa"),
    "day and time mixed": ("""
        [[event]]
        name = "A"
        date = 2026-12-18
        end = 2026-12-18T11:00:00
        """, 5, "end", "cùng kiểu", "date = 2026-12-18T08:00:00"),
    "unreadable date": ("""
        [[event]]
        name = "A"
        date = "tuần sau"
        """, 4, "date", 'không đọc được ngày giờ "tuần sau"', "2026-12-18"),
    "missing date": ("""
        [[event]]
        name = "A"
        place = "B"
        """, 2, "date", "thiếu trường bắt buộc", "date"),
    "same slug twice": ("""
        [[anniversary]]
        name = "Ngày A"
        day = 1
        month = 1

        [[event]]
        name = "Ngày A"
        date = 2026-12-18
        """, 7, "slug", 'slug "ngay-a" trùng với "Ngày A"', "slug khác"),
    "unknown key": ("""
        [[event]]
        name = "A"
        date = 2026-12-18
        dia_diem = "B"
        """, 5, "dia_diem", "khóa không được hỗ trợ", ""),
    "misspelt array": ("""
        [[anniversaries]]
        name = "A"
        """, 2, "anniversaries", "mục không được hỗ trợ", "anniversary"),
}


@pytest.mark.parametrize("events, line, field, message, hint", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_mistake_in_events_toml_names_its_line_and_field(tmp_path, events, line, field, message, hint):
    _, log = load(tmp_path, events)
    found = [(i.path.rsplit("/", 1)[-1], i.line, i.field) for i in log.errors]
    assert ("events.toml", line, field) in found, log.report()
    issue = next(i for i in log.errors if i.field == field)
    assert message in issue.message and hint in issue.hint, issue.format()
