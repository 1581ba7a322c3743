import textwrap

import pytest

from union_core.issues import IssueLog
from union_core.registry import load_registries

GOOD_UNITS = """
[[group]]
slug = "ban"
name = "Các Ban"

[[unit]]
slug = "ban-to-chuc"
name = "Ban Tổ chức"
short_name = "Ban TC"
group = "ban"
"""
GOOD_CAMPAIGNS = """
[[campaign]]
slug = "thang-cong-nhan"
name = "Tháng Công nhân"
"""


def load(tmp_path, units=GOOD_UNITS, campaigns=GOOD_CAMPAIGNS, site='name = "LĐLĐ"'):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    for name, text in (("units.toml", units), ("campaigns.toml", campaigns), ("site.toml", site)):
        if text is not None:
            (data / name).write_text(textwrap.dedent(text), encoding="utf-8")
    log = IssueLog()
    return load_registries(data, log), log


def messages(log):
    return [(issue.path.rsplit("/", 1)[-1], issue.line, issue.field, issue.message) for issue in log.errors]


def test_good_registries_load_without_issues(tmp_path):
    registries, log = load(tmp_path)
    assert log.errors == []
    assert registries.units.find("ban tc").slug == "ban-to-chuc"
    assert registries.units.find("BAN TỔ CHỨC").slug == "ban-to-chuc"
    assert registries.campaigns.get("thang-cong-nhan").name == "Tháng Công nhân"


def test_names_with_commas_are_split_by_the_longest_registered_name(tmp_path):
    registries, _ = load(tmp_path, campaigns=GOOD_CAMPAIGNS + """
[[campaign]]
slug = "phong-chong-covid"
name = "Phòng, chống dịch Covid-19"
""")
    found, unknown = registries.campaigns.find_all("Phòng, chống dịch Covid-19 ,Tháng Công nhân, Lạ")
    assert [c.slug for c in found] == ["phong-chong-covid", "thang-cong-nhan"]
    assert unknown == ["Lạ"]


@pytest.mark.parametrize("units, expected", [
    (GOOD_UNITS + '[[unit]]\nslug = "ban-to-chuc"\nname = "Ban khác"\ngroup = "ban"\n',
     ("units.toml", 12, "slug", 'slug "ban-to-chuc" trùng với "Ban Tổ chức"')),
    (GOOD_UNITS + '[[unit]]\nname = "Ban Tổ Chức"\nslug = "ban-2"\ngroup = "ban"\n',
     ("units.toml", 12, "name", 'tên "Ban Tổ Chức" trùng với tên, tên ngắn hoặc slug của "Ban Tổ chức"')),
    (GOOD_UNITS + '[[unit]]\nslug = "x"\nname = "X"\ngroup = "khong-co"\n',
     ("units.toml", 14, "group", 'không có nhóm "khong-co"')),
    (GOOD_UNITS + '[[unit]]\nslug = "x"\nname = "X"\ngroup = "ban"\nparent = "y"\n',
     ("units.toml", 15, "parent", 'không có đơn vị cấp trên "y"')),
    (GOOD_UNITS + '[[unit]]\nslug = "x"\nname = "X"\ngroup = "ban"\nparnet = "y"\n',
     ("units.toml", 15, "parnet", "khóa không được hỗ trợ")),
    (GOOD_UNITS + '[[unit]]\nslug = "Ban Lạ"\nname = "X"\ngroup = "ban"\n',
     ("units.toml", 12, "slug", '"Ban Lạ" không phải là slug hợp lệ')),
    (GOOD_UNITS + '[[unit]]\nslug = "x"\ngroup = "ban"\n',
     ("units.toml", 11, "name", "thiếu trường bắt buộc")),
    ("[[unit]\nname = 1\n", ("units.toml", 1, "units.toml", None)),
])
def test_unit_registry_errors_name_file_line_and_field(tmp_path, units, expected):
    _, log = load(tmp_path, units=units)
    found = messages(log)
    assert any(
        (f[0], f[1], f[2]) == expected[:3] and (expected[3] is None or f[3] == expected[3]) for f in found
    ), found


def test_parent_cycles_are_reported(tmp_path):
    units = GOOD_UNITS + """
[[unit]]
slug = "a"
name = "A"
group = "ban"
parent = "b"

[[unit]]
slug = "b"
name = "B"
group = "ban"
parent = "a"
"""
    registries, log = load(tmp_path, units=units)
    assert {(i.field, i.line) for i in log.errors} == {("parent", 16), ("parent", 22)}
    assert all("vòng lặp" in i.message for i in log.errors)
    assert registries.units.get("a").parent is None


def test_same_slug_from_names_differing_only_by_tone(tmp_path):
    units = GOOD_UNITS + """
[[unit]]
name = "Đường"
group = "ban"

[[unit]]
name = "Dương"
group = "ban"
"""
    _, log = load(tmp_path, units=units)
    assert [(i.line, i.field) for i in log.errors] == [(16, "slug")]
    assert 'slug "duong" trùng với "Đường"' in log.errors[0].message


def test_campaign_end_before_start(tmp_path):
    campaigns = GOOD_CAMPAIGNS + """
[[campaign]]
slug = "x"
name = "X"
start = 2026-05-31
end = 2026-05-01
per_week = 0
"""
    _, log = load(tmp_path, campaigns=campaigns)
    found = {(i.line, i.field) for i in log.errors}
    assert (10, "end") in found and (11, "per_week") in found


def test_missing_registry_file_is_an_error(tmp_path):
    _, log = load(tmp_path, campaigns=None)
    assert [(i.path.rsplit("/", 1)[-1], i.message) for i in log.errors] == [
        ("campaigns.toml", "không tìm thấy tệp")]


def test_suggestion_names_the_closest_unit(tmp_path):
    registries, _ = load(tmp_path)
    assert "Ban Tổ chức" in registries.units.suggest("Ban To chuc")
    assert "Ban Tổ chức" in registries.units.suggest("ban-to-chu")
