"""Communication plans and their quotas, read from ``<content>/data/plans/<slug>.toml``.

A plan (kế hoạch) has a title, an optional number ("Kế hoạch số 12/KH-LĐLĐ"), a period and
``[[quota]]`` entries. Each quota gives minimum counts of ``tin``, ``bai`` and ``anh`` and
applies to exactly one of:

- one unit: ``unit = "ban-to-chuc"`` (slug, name or short name);
- a group: ``group = "ldld-huyen"``, with ``each = { tin = 2 }`` for every unit of the group
  and/or ``tin``/``bai``/``anh`` for the group as a whole; a unit's own quota replaces the
  group's ``each`` for that unit;
- the whole plan: ``whole_plan = true`` (e.g. "60 ảnh" in the provincial plans).
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import values
from .issues import WARNING, IssueLog, display_path
from .records import Spec, check_top_level, parse_table, read_entries, unknown_key_hint
from .toml_source import TomlError, TomlSource, load_toml
from .values import FieldError
from .vietnamese import slugify

KINDS = ("tin", "bai", "anh")
KIND_NAMES = {"tin": "tin", "bai": "bài", "anh": "ảnh"}


@dataclass(frozen=True)
class Counts:
    """Numbers of news items (tin), articles (bai) and photos (anh)."""

    tin: int = 0
    bai: int = 0
    anh: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(self[k] + other[k] for k in KINDS))

    def __getitem__(self, kind: str) -> int:
        return getattr(self, kind)

    def __bool__(self) -> bool:
        return any(self[k] for k in KINDS)

    def as_dict(self) -> dict:
        return {k: self[k] for k in KINDS}


ZERO = Counts()


@dataclass(frozen=True)
class GroupQuota:
    """A group's quota: ``each`` for every unit, ``total`` (only the kinds given) for the group."""

    each: Counts = ZERO
    total: dict = field(default_factory=dict)
    note: str = ""

    def total_counts(self) -> Counts:
        return Counts(**self.total)


@dataclass(frozen=True)
class Plan:
    slug: str
    title: str
    start: date
    end: date
    number: str = ""
    description: str = ""
    units: dict = field(default_factory=dict)  # unit slug -> Counts
    unit_notes: dict = field(default_factory=dict)  # unit slug -> note
    groups: dict = field(default_factory=dict)  # group slug -> GroupQuota
    whole_plan: Counts = ZERO
    path: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> int:
        return (self.end - self.start).days + 1


def count_value(value) -> int:
    """A quota count: a whole number, zero or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"{value!r} không phải là số nguyên",
                         "viết số nguyên không âm, không đặt trong ngoặc kép, ví dụ 2")
    if value < 0:
        raise FieldError(f"{value} là số âm", "chỉ tiêu là số nguyên từ 0 trở lên")
    return value


def each_value(value) -> Counts:
    """``each = { tin = 2, bai = 1 }``: the minimum for every unit of a group."""
    if not isinstance(value, dict):
        raise FieldError(f"{value!r} không phải là bảng chỉ tiêu",
                         "viết each = { tin = 2, bai = 1 }")
    for key in value:
        if key not in KINDS:
            raise FieldError(f'khóa "{key}" không được hỗ trợ trong each',
                             unknown_key_hint(key, KINDS))
    return Counts(**{key: count_value(number) for key, number in value.items()})


PLAN_SPECS = {
    "slug": Spec(False, values.slug),
    "title": Spec(True, values.text),
    "number": Spec(False, values.optional_text),
    "description": Spec(False, values.optional_text),
    "start": Spec(True, values.day),
    "end": Spec(True, values.day),
}
QUOTA_SPECS = {
    "unit": Spec(False, values.text),
    "group": Spec(False, values.text),
    "whole_plan": Spec(False, values.boolean),
    "each": Spec(False, each_value),
    **{kind: Spec(False, count_value) for kind in KINDS},
    "note": Spec(False, values.optional_text),
}
TARGETS = ("unit", "group", "whole_plan")


def load_plans(plans_dir: Path, groups, units, log: IssueLog) -> list[Plan]:
    """Every plan of ``plans_dir`` (none if the folder is absent), newest period first."""
    plans, seen = [], {}
    for path in sorted(Path(plans_dir).glob("*.toml")) if Path(plans_dir).is_dir() else []:
        plan = _read_plan(path, groups, units, log)
        if plan is None:
            continue
        if plan.slug in seen:
            other = display_path(seen[plan.slug])
            log.add(path, _slug_line(path), "slug", f'kế hoạch "{plan.slug}" trùng slug với {other}',
                    'đổi tên tệp hoặc ghi slug = "…" khác cho một trong hai kế hoạch')
            continue
        seen[plan.slug] = plan.path
        plans.append(plan)
    return sorted(plans, key=lambda p: (p.start, p.end), reverse=True)


def _slug_line(path: Path) -> int | None:
    try:
        return load_toml(path).key_line("slug")
    except TomlError:
        return None


def _read_plan(path: Path, groups, units, log: IssueLog) -> Plan | None:
    try:
        source = load_toml(path)
    except TomlError as error:
        log.add(path, error.line, path.name, str(error))
        return None
    check_top_level(source, (*PLAN_SPECS, "quota"), log)
    header = {k: v for k, v in source.data.items() if k in PLAN_SPECS}
    fields = parse_table(header, PLAN_SPECS, source, log, (None, 0))
    quotas = _read_quotas(source, groups, units, log)
    if fields is None:
        return None
    if fields["end"] < fields["start"]:
        log.add(path, source.key_line("end"), "end",
                f"ngày kết thúc {fields['end']:%d/%m/%Y} trước ngày bắt đầu {fields['start']:%d/%m/%Y}",
                "sửa start hoặc end")
        return None
    fields.setdefault("slug", slugify(path.stem))
    return Plan(path=str(source.path), **fields, **quotas)


def _read_quotas(source: TomlSource, groups, units, log: IssueLog) -> dict:
    quotas = {"units": {}, "unit_notes": {}, "groups": {}, "whole_plan": ZERO}
    lines = {}  # target -> line of its first quota, for duplicate messages
    for index, entry in read_entries(source, "quota", QUOTA_SPECS, log):
        target = _target(entry, index, source, groups, units, log)
        if target is None:
            continue
        if target in lines:
            log.add(source.path, source.entry_line("quota", index), "quota",
                    f"{_describe(target)} đã có chỉ tiêu ở dòng {lines[target]}",
                    "gộp hai mục [[quota]] làm một")
            continue
        lines[target] = source.entry_line("quota", index)
        _store(quotas, target, entry)
    _warn_inconsistent_groups(quotas, source, units, lines, log)
    return quotas


def _target(entry: dict, index: int, source: TomlSource, groups, units, log: IssueLog):
    """``("unit", slug)``, ``("group", slug)`` or ``("whole_plan", "")``; None after an error."""
    line = source.entry_line("quota", index)
    given = [key for key in TARGETS if entry.get(key)]
    if len(given) != 1:
        message = ("chưa ghi chỉ tiêu này giao cho ai" if not given
                   else "chỉ được ghi một trong unit, group, whole_plan")
        log.add(source.path, line, "quota", message, 'ghi unit = "…" (một đơn vị), group = "…" '
                "(một nhóm) hoặc whole_plan = true (cả kế hoạch)")
        return None
    key = given[0]
    if "each" in entry and key != "group":
        log.add(source.path, source.key_line("each", "quota", index), "each",
                "each chỉ dùng với group (chỉ tiêu cho mỗi đơn vị của nhóm)",
                "ghi tin, bai, anh trực tiếp")
        return None
    if not any(k in source.data["quota"][index] for k in (*KINDS, "each")):
        log.add(source.path, line, "quota", "chưa ghi số tin, bài, ảnh",
                "thêm ví dụ tin = 2, bai = 1")
        return None
    if key == "whole_plan":
        return ("whole_plan", "")
    registry = units if key == "unit" else groups
    record = registry.find(entry[key])
    if record is None:
        what = "đơn vị" if key == "unit" else "nhóm đơn vị"
        log.add(source.path, source.key_line(key, "quota", index), key,
                f'không có {what} "{entry[key]}"', registry.suggest(entry[key]))
        return None
    return (key, record.slug)


def _store(quotas: dict, target, entry: dict) -> None:
    kind, slug = target
    counts = Counts(**{k: entry[k] for k in KINDS if k in entry})
    if kind == "unit":
        quotas["units"][slug] = counts
        if entry.get("note"):
            quotas["unit_notes"][slug] = entry["note"]
    elif kind == "group":
        total = {k: entry[k] for k in KINDS if k in entry}
        quotas["groups"][slug] = GroupQuota(entry.get("each", ZERO), total, entry.get("note", ""))
    else:
        quotas["whole_plan"] = counts


def _describe(target) -> str:
    kind, slug = target
    return {"unit": f'đơn vị "{slug}"', "group": f'nhóm "{slug}"'}.get(kind, "cả kế hoạch")


def _warn_inconsistent_groups(quotas: dict, source: TomlSource, units, lines: dict, log: IssueLog):
    """A group total below the sum of its units' own minimums is probably a typo."""
    for slug, group in quotas["groups"].items():
        members = [u.slug for u in units if u.group == slug]
        minimum = sum((quotas["units"].get(m, group.each) for m in members), ZERO)
        for kind, total in group.total.items():
            if total < minimum[kind]:
                log.add(source.path, lines[("group", slug)], kind,
                        f"tổng chỉ tiêu {KIND_NAMES[kind]} của nhóm ({total}) nhỏ hơn tổng chỉ tiêu "
                        f"của từng đơn vị trong nhóm ({minimum[kind]})",
                        "kiểm tra lại số liệu của kế hoạch", severity=WARNING)
