"""The tally core without Pelican: plan files and their errors, counting, quotas, months, cadence."""

import csv
import io
import json
import textwrap
from datetime import date

import pytest

from union_core.cadence import required_in
from union_core.dates import parse_datetime
from union_core.issues import IssueLog
from union_core.plans import Counts
from union_core.registry import load_registries
from union_core.tally import ArticleRecord, compute_tally, share_by_days
from union_core.tally_export import months_csv, tally_data, to_text, units_csv

UNITS = """
[[group]]
slug = "ban"
name = "Các Ban"

[[group]]
slug = "huyen"
name = "LĐLĐ huyện"

[[group]]
slug = "cdcs"
name = "Công đoàn cơ sở"

[[unit]]
slug = "ban-a"
name = "Ban A"
group = "ban"

[[unit]]
slug = "ban-b"
name = "Ban B"
short_name = "Ban Bê"
group = "ban"

[[unit]]
slug = "huyen-x"
name = "LĐLĐ huyện X"
group = "huyen"

[[unit]]
slug = "huyen-y"
name = "LĐLĐ huyện Y"
group = "huyen"

[[unit]]
slug = "cdcs-x1"
name = "CĐCS X1"
group = "cdcs"
parent = "huyen-x"

[[unit]]
slug = "cdcs-x1a"
name = "CĐCS X1a"
group = "cdcs"
parent = "cdcs-x1"
"""
CAMPAIGNS = """
[[campaign]]
slug = "thuong-xuyen"
name = "Thường xuyên"

[[campaign]]
slug = "hang-tuan"
name = "Hằng tuần"
start = 2026-04-01
end = 2026-04-30
per_week = 2
"""
PLAN = """
title = "Quý II"
number = "Kế hoạch số 1/KH"
start = 2026-04-01
end = 2026-06-30

[[quota]]
unit = "ban-a"
tin = 3
bai = 1

[[quota]]
unit = "Ban Bê"
tin = 2

[[quota]]
group = "huyen"
each = { tin = 2 }
tin = 5
bai = 2

[[quota]]
group = "cdcs"
tin = 1

[[quota]]
whole_plan = true
anh = 10
"""


def load(tmp_path, plans: dict, units=UNITS):
    data = tmp_path / "data"
    (data / "plans").mkdir(parents=True)
    (data / "site.toml").write_text('name = "LĐLĐ"', encoding="utf-8")
    (data / "units.toml").write_text(units, encoding="utf-8")
    (data / "campaigns.toml").write_text(CAMPAIGNS, encoding="utf-8")
    for name, text in plans.items():
        (data / "plans" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    log = IssueLog()
    return load_registries(data, log), log


def record(unit, when, kind="tin", photos=(), campaigns=("thuong-xuyen",)):
    return ArticleRecord(unit, kind, parse_datetime(when), frozenset(photos), tuple(campaigns))


NOW = parse_datetime("2026-11-21 12:00")


@pytest.fixture
def registries(tmp_path):
    registries, log = load(tmp_path, {"quy-ii.toml": PLAN})
    assert log.errors == [] and log.warnings == []
    return registries


# --- plan files --------------------------------------------------------------------------

def test_a_plan_is_read_with_its_quotas(registries):
    (plan,) = registries.plans
    assert (plan.slug, plan.title, plan.number) == ("quy-ii", "Quý II", "Kế hoạch số 1/KH")
    assert (plan.start, plan.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert plan.units == {"ban-a": Counts(3, 1, 0), "ban-b": Counts(2, 0, 0)}
    assert plan.groups["huyen"].each == Counts(2, 0, 0)
    assert plan.groups["huyen"].total == {"tin": 5, "bai": 2}
    assert plan.whole_plan == Counts(0, 0, 10)


def test_plans_are_listed_newest_first(tmp_path):
    older = PLAN.replace("2026-04-01", "2026-01-01").replace("2026-06-30", "2026-03-31")
    registries, log = load(tmp_path, {"a-cu.toml": older, "b-moi.toml": PLAN})
    assert [p.slug for p in registries.plans] == ["b-moi", "a-cu"]


HEAD = 'title = "Q"\nstart = 2026-04-01\nend = 2026-06-30\n'
ERRORS = {
    "unknown unit": (HEAD + '\n[[quota]]\nunit = "Ban Aa"\ntin = 1\n', 6, "unit", 'không có đơn vị "Ban Aa"', "Ban A"),
    "unknown group": (HEAD + '\n[[quota]]\ngroup = "huyn"\ntin = 1\n', 6, "group", 'không có nhóm đơn vị "huyn"', "huyen"),
    "negative count": (HEAD + '\n[[quota]]\nunit = "ban-a"\ntin = -2\n', 7, "tin", "-2 là số âm", "từ 0 trở lên"),
    "fraction": (HEAD + '\n[[quota]]\nunit = "ban-a"\nbai = 1.5\n', 7, "bai", "1.5 không phải là số nguyên", "số nguyên"),
    "number in quotes": (HEAD + '\n[[quota]]\nunit = "ban-a"\ntin = "2"\n', 7, "tin", "'2' không phải là số nguyên", "ngoặc kép"),
    "negative in each": (HEAD + '\n[[quota]]\ngroup = "huyen"\neach = { tin = -1 }\n', 7, "each", "-1 là số âm", None),
    "unknown key in each": (HEAD + '\n[[quota]]\ngroup = "huyen"\neach = { tinn = 1 }\n', 7, "each", 'khóa "tinn"', "tin"),
    "end before start": ('title = "Q"\nstart = 2026-06-30\nend = 2026-04-01\n', 3, "end", "trước ngày bắt đầu", None),
    "missing title": ('start = 2026-04-01\nend = 2026-06-30\n', None, "title", "thiếu trường bắt buộc", None),
    "bad date": ('title = "Q"\nstart = "ngày 1"\nend = 2026-06-30\n', 2, "start", "ngày", "2026-05-01"),
    "unknown top-level key": (HEAD + 'titel = "x"\n', 4, "titel", "không được hỗ trợ", "title"),
    "unknown quota key": (HEAD + '\n[[quota]]\nunit = "ban-a"\ntinn = 2\n', 7, "tinn", "không được hỗ trợ", "tin"),
    "misspelt array": (HEAD + '\n[[quotas]]\nunit = "ban-a"\n', 5, "quotas", "không được hỗ trợ", "quota"),
    "quota for nobody": (HEAD + '\n[[quota]]\ntin = 2\n', 5, "quota", "chưa ghi chỉ tiêu này giao cho ai", "whole_plan"),
    "two targets": (HEAD + '\n[[quota]]\nunit = "ban-a"\ngroup = "ban"\ntin = 2\n', 5, "quota", "chỉ được ghi một", None),
    "each on a unit": (HEAD + '\n[[quota]]\nunit = "ban-a"\neach = { tin = 1 }\n', 7, "each", "chỉ dùng với group", None),
    "no counts": (HEAD + '\n[[quota]]\nunit = "ban-a"\nnote = "x"\n', 5, "quota", "chưa ghi số tin, bài, ảnh", None),
    "unit twice": (HEAD + '\n[[quota]]\nunit = "ban-a"\ntin = 1\n\n[[quota]]\nunit = "Ban A"\nbai = 1\n', 9, "quota",
                   'đơn vị "ban-a" đã có chỉ tiêu ở dòng 5', None),
    "TOML syntax": (HEAD + '\n[[quota]]\nunit = "ban-a\n', 6, "q.toml", "sai cú pháp TOML", None),
}


@pytest.mark.parametrize("text, line, field, message, hint", ERRORS.values(), ids=ERRORS.keys())
def test_each_mistake_in_a_plan_names_file_line_and_field(tmp_path, text, line, field, message, hint):
    _, log = load(tmp_path, {"q.toml": text})
    issues = [i for i in log.errors if i.path.endswith("data/plans/q.toml")]
    assert any(i.line == line and i.field == field and message in i.message and (hint is None or hint in i.hint)
               for i in issues), "\n".join(i.format() for i in log.errors)


def test_two_plans_with_one_slug_are_an_error_naming_both_files(tmp_path):
    _, log = load(tmp_path, {"a.toml": 'slug = "quy-ii"\n' + HEAD, "quy-ii.toml": HEAD})
    (issue,) = log.errors
    assert (issue.path.rsplit("/", 1)[-1], issue.line, issue.field) == ("quy-ii.toml", None, "slug")
    assert "a.toml" in issue.message and "trùng slug" in issue.message


def test_a_group_total_below_its_units_minimums_is_a_warning(tmp_path):
    text = HEAD + '\n[[quota]]\ngroup = "huyen"\neach = { tin = 3 }\ntin = 4\n'
    _, log = load(tmp_path, {"q.toml": text})
    assert log.errors == []
    (warning,) = log.warnings
    assert (warning.line, warning.field) == (5, "tin") and "(4)" in warning.message and "(6)" in warning.message


# --- counting ----------------------------------------------------------------------------

def figures(row):
    return (row.done.tin, row.done.bai, row.done.anh), (row.quota.tin, row.quota.bai, row.quota.anh)


def test_each_article_counts_once_for_its_main_unit_as_its_kind(registries):
    records = [
        record("ban-a", "2026-04-02 08:00", "tin", ["a1.jpg"]),
        record("ban-a", "2026-04-03 08:00", "tin"),
        record("ban-a", "2026-04-04 08:00", "bai", ["a1.jpg", "a2.jpg"]),  # a1 published again
        record("ban-a", "2026-04-05 08:00", "anh", ["a3.jpg", "a4.jpg", "a5.jpg"]),
        record("ban-b", "2026-04-05 09:00", "bai"),
    ]
    tally = compute_tally(registries.plans[0], registries, records, NOW)
    row_a, row_b = tally.groups[0].rows
    assert figures(row_a) == ((2, 1, 5), (3, 1, 0))
    assert row_a.photo_stories == 1
    assert (row_a.percent("tin"), row_a.percent("bai"), row_a.percent("anh")) == (66, 100, None)
    assert row_a.status == "not_met" and row_a.status_label == "Chưa đạt"
    assert figures(row_b) == ((0, 1, 0), (2, 0, 0))
    assert figures(tally.groups[0].subtotal) == ((2, 2, 5), (5, 1, 0))


@pytest.mark.parametrize("when, counted", [
    ("2026-03-31 23:59", False),
    ("2026-04-01 00:00", True),
    ("2026-06-30 23:30 +07:00", True),
    ("2026-06-30 16:59Z", True),  # 23:59 in Vietnam
    ("2026-06-30 17:10Z", False),  # 00:10 on 1 July in Vietnam
    ("2026-07-01 00:10", False),
    ("2026-06-30 20:00 -05:00", False),  # 08:00 on 1 July in Vietnam
])
def test_the_period_includes_its_first_and_last_day_in_vietnam_time(registries, when, counted):
    tally = compute_tally(registries.plans[0], registries, [record("ban-a", when)], NOW)
    assert tally.total.done.tin == int(counted)


def test_group_and_total_quotas_follow_the_plan(registries):
    tally = compute_tally(registries.plans[0], registries, [], NOW)
    ban, huyen, cdcs = tally.groups
    assert [r.quota for r in huyen.rows] == [Counts(2, 0, 0), Counts(2, 0, 0)]  # each
    assert huyen.subtotal.quota == Counts(5, 2, 0)  # the group's own total
    assert ban.subtotal.quota == Counts(5, 1, 0)  # no total: the sum of its units
    assert [r.status for r in cdcs.rows] == ["no_quota", "no_quota"]
    assert cdcs.subtotal.quota == Counts(1, 0, 0)
    assert tally.total.quota == Counts(11, 3, 10)  # groups plus the whole plan's 10 ảnh


def test_a_units_own_quota_replaces_its_groups_each(tmp_path):
    plan = HEAD + '\n[[quota]]\ngroup = "huyen"\neach = { tin = 2, bai = 1 }\n\n[[quota]]\nunit = "huyen-y"\ntin = 4\n'
    registries, log = load(tmp_path, {"q.toml": plan})
    tally = compute_tally(registries.plans[0], registries, [], NOW)
    assert [r.quota for r in tally.groups[1].rows] == [Counts(2, 1, 0), Counts(4, 0, 0)]
    assert tally.groups[1].subtotal.quota == Counts(6, 1, 0)


def test_roll_up_adds_every_unit_below_without_counting_twice(registries):
    records = [
        record("huyen-x", "2026-05-01 08:00", "tin", ["x.jpg"]),
        record("cdcs-x1", "2026-05-02 08:00", "bai", ["x1.jpg"]),
        record("cdcs-x1a", "2026-05-03 08:00", "tin", ["x.jpg"]),  # the same photo as huyen-x
    ]
    tally = compute_tally(registries.plans[0], registries, records, NOW)
    huyen_x = tally.unit_row("huyen-x")
    assert huyen_x.done == Counts(1, 0, 1) and huyen_x.rollup == Counts(2, 1, 2)
    assert tally.unit_row("cdcs-x1").rollup == Counts(1, 1, 2)
    assert tally.unit_row("cdcs-x1a").rollup is None
    assert tally.unit_row("huyen-y").rollup is None
    assert tally.total.done == Counts(2, 1, 2)
    assert huyen_x.status == "not_met"  # 1 of 2 tin: the roll-up does not count for the quota


def test_met_when_every_quota_is_reached(registries):
    records = [record("ban-b", f"2026-05-0{d} 08:00") for d in (1, 2)]
    assert compute_tally(registries.plans[0], registries, records, NOW).unit_row("ban-b").status == "met"


# --- months --------------------------------------------------------------------------------

@pytest.mark.parametrize("quota, days, expected", [
    (58, [30, 31, 30], [19, 20, 19]),
    (17, [30, 31, 30], [6, 6, 5]),
    (60, [30, 31, 30], [20, 20, 20]),
    (1, [30, 31, 30], [0, 1, 0]),
    (0, [30, 31], [0, 0]),
    (5, [1], [5]),
])
def test_the_quota_is_shared_by_days_in_whole_numbers_that_add_up(quota, days, expected):
    assert [c.tin for c in share_by_days(Counts(tin=quota), days)] == expected


def test_months_count_by_vietnam_date_and_know_which_are_over(registries):
    records = [record("ban-a", "2026-04-30 23:30"), record("ban-a", "2026-04-30 17:30Z"),
               record("ban-a", "2026-06-01 08:00")]
    now = parse_datetime("2026-05-15 09:00")
    months = compute_tally(registries.plans[0], registries, records, now).months
    assert [(m.month, m.done.tin, m.state) for m in months] == [
        (date(2026, 4, 1), 1, "past"), (date(2026, 5, 1), 1, "current"), (date(2026, 6, 1), 1, "future")]
    assert sum((m.target for m in months), Counts()) == Counts(11, 3, 10)


def test_a_selected_month_gives_figures_to_its_end_and_that_month_alone(registries):
    records = [record("ban-a", "2026-04-10 08:00"), record("ban-a", "2026-05-10 08:00"),
               record("ban-a", "2026-06-10 08:00")]
    tally = compute_tally(registries.plans[0], registries, records, NOW, month=date(2026, 5, 20))
    row = tally.unit_row("ban-a")
    assert (tally.start, tally.end, tally.month) == (date(2026, 4, 1), date(2026, 5, 31), date(2026, 5, 1))
    assert row.done.tin == 2 and row.month.tin == 1
    assert tally.total.month.tin == 1 and tally.groups[0].subtotal.month.tin == 1


# --- cadence -------------------------------------------------------------------------------

@pytest.mark.parametrize("per_week, days, required", [
    (2, 7, 2), (2, 1, 0), (2, 2, 1), (2, 5, 1), (2, 6, 2), (3, 7, 3), (3, 3, 1), (1, 3, 0), (1, 4, 1),
])
def test_partial_weeks_need_their_share_rounded_half_up(per_week, days, required):
    assert required_in(per_week, days) == required


def test_weeks_below_the_cadence_and_weeks_not_yet_over(registries):
    # "hang-tuan": 2 a week, 1–30 April 2026 (Wed 1 April to Thu 30 April).
    def weekly(day):
        return record("ban-a", f"2026-04-{day:02d} 10:00", campaigns=("hang-tuan",))
    records = [weekly(d) for d in (1, 2, 6, 8, 13, 14, 15, 20)] + [record("ban-a", "2026-04-21 10:00")]
    now = parse_datetime("2026-04-22 12:00")  # a Wednesday
    (report,) = compute_tally(registries.plans[0], registries, records, now).cadence
    weeks = [(w.start.day, w.end.day, w.days, w.required, w.count, w.state) for w in report.weeks]
    assert weeks == [
        (1, 5, 5, 1, 2, "met"),  # partial first week: 5 days need 1
        (6, 12, 7, 2, 2, "met"),
        (13, 19, 7, 2, 3, "met"),
        (20, 26, 7, 2, 1, "in_progress"),  # contains the build clock's day: not judged yet
        (27, 30, 4, 1, 0, "future"),
    ]
    assert report.below() == []


def test_a_week_that_is_over_with_too_few_articles_is_below(registries):
    records = [record("ban-a", "2026-04-07 10:00", campaigns=("hang-tuan",))]
    (report,) = compute_tally(registries.plans[0], registries, records, NOW).cadence
    assert [(w.start.day, w.count, w.required) for w in report.below()] == [
        (1, 0, 1), (6, 1, 2), (13, 0, 2), (20, 0, 2), (27, 0, 1)]
    assert all(w.in_plan for w in report.weeks)


def test_campaigns_outside_the_plan_have_no_cadence_report(tmp_path):
    later = PLAN.replace("2026-04-01", "2026-07-01").replace("2026-06-30", "2026-09-30")
    registries, _ = load(tmp_path, {"q.toml": later})
    assert compute_tally(registries.plans[0], registries, [], NOW).cadence == ()


# --- exports -------------------------------------------------------------------------------

def test_csv_json_and_text_carry_the_same_figures(registries):
    records = [record("ban-a", "2026-04-02 08:00", "tin", ["a.jpg"]), record("huyen-x", "2026-05-02 08:00", "bai")]
    tally = compute_tally(registries.plans[0], registries, records, NOW)
    data = json.loads(json.dumps(tally_data(tally)))
    rows = list(csv.DictReader(io.StringIO(units_csv(tally))))
    flat = [u for g in data["groups"] for u in (*g["units"], g["subtotal"])] + [data["total"]]
    assert len(rows) == len(flat) == len(tally.rows)
    for line, item, row in zip(rows, flat, tally.rows):
        assert line["Mã đơn vị"] == item["slug"] == row.slug
        assert int(line["Tin đã đăng"]) == item["done"]["tin"] == row.done.tin
        assert int(line["Bài chỉ tiêu"]) == item["quota"]["bai"] == row.quota.bai
        assert line["Kết quả"] == item["status_label"] == row.status_label
    assert data["total"]["done"] == {"tin": 1, "bai": 1, "anh": 1}
    assert data["total"]["quota"] == {"tin": 11, "bai": 3, "anh": 10}
    assert data["total"]["percent"] == {"tin": 9, "bai": 33, "anh": 10}
    assert [m["month"] for m in data["months"]] == ["2026-04", "2026-05", "2026-06"]
    assert months_csv(tally).splitlines()[1].startswith("2026-04,2026-04-01,2026-04-30,Đã qua,1,")
    text = to_text(tally)
    assert "Tổng cộng" in text and "1/11 (9%)" in text
    rollup = text.splitlines()[text.splitlines().index(next(l for l in text.splitlines() if "LĐLĐ huyện X" in l)) + 1]
    assert rollup.split() == ["kể", "cả", "đơn", "vị", "trực", "thuộc", "0", "1", "0"]
