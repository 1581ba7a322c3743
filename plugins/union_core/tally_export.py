"""A tally as JSON data, CSV tables and a terminal table (schema: docs/tally.md).

The page's downloads and ``invoke tally`` both use these functions on the same ``Tally``.
"""

import csv
import io
import json

from .plans import KIND_NAMES, KINDS
from .tally import GROUP, TOTAL, UNIT, Row, Tally
from .vietnamese import format_date, format_month

SCHEMA = "union-tally/1"
LEVEL_LABELS = {UNIT: "Đơn vị", GROUP: "Cộng nhóm", TOTAL: "Tổng cộng"}
MONTH_STATES = {"past": "Đã qua", "current": "Đang diễn ra", "future": "Chưa đến"}
KIND_TITLES = {"tin": "Tin", "bai": "Bài", "anh": "Ảnh"}
ROLLUP_LABEL = "    kể cả đơn vị trực thuộc"


def _month_key(day) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def row_data(row: Row, group: str = "") -> dict:
    data = {
        "level": row.level,
        "group": group,
        "slug": row.slug,
        "name": row.name,
        "short_name": row.short_name,
        "done": row.done.as_dict(),
        "quota": row.quota.as_dict(),
        "percent": {k: row.percent(k) for k in KINDS},
        "status": row.status,
        "status_label": row.status_label,
        "photo_stories": row.photo_stories,
        "rollup": row.rollup.as_dict() if row.rollup else None,
        "note": row.note,
    }
    if row.month is not None:
        data["month_done"] = row.month.as_dict()
    return data


def tally_data(tally: Tally) -> dict:
    """Every figure of the tally as plain JSON values (dates as ISO strings)."""
    plan = tally.plan
    return {
        "schema": SCHEMA,
        "plan": {"slug": plan.slug, "title": plan.title, "number": plan.number,
                 "description": plan.description, "start": plan.start.isoformat(),
                 "end": plan.end.isoformat(), "quota_whole_plan": plan.whole_plan.as_dict()},
        "as_of": tally.today.isoformat(),
        "window": {"start": tally.start.isoformat(), "end": tally.end.isoformat(),
                   "month": _month_key(tally.month) if tally.month else None},
        "groups": [
            {"slug": b.slug, "name": b.name,
             "quota_each": b.quota.each.as_dict() if b.quota else None,
             "quota_total": dict(b.quota.total) if b.quota else None,
             "units": [row_data(r, b.slug) for r in b.rows],
             "subtotal": row_data(b.subtotal, b.slug)}
            for b in tally.groups
        ],
        "total": row_data(tally.total),
        "months": [
            {"month": _month_key(m.month), "start": m.start.isoformat(), "end": m.end.isoformat(),
             "state": m.state, "done": m.done.as_dict(), "target": m.target.as_dict()}
            for m in tally.months
        ],
        "cadence": [
            {"campaign": c.slug, "name": c.name, "per_week": c.per_week,
             "start": c.start.isoformat(), "end": c.end.isoformat(),
             "weeks": [{"start": w.start.isoformat(), "end": w.end.isoformat(), "days": w.days,
                        "required": w.required, "count": w.count, "state": w.state,
                        "in_plan": w.in_plan} for w in c.weeks]}
            for c in tally.cadence
        ],
    }


def to_json(tally: Tally) -> str:
    return json.dumps(tally_data(tally), ensure_ascii=False, indent=2) + "\n"


def _csv(header: list, rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _blank(value):
    return "" if value is None else value


def units_csv(tally: Tally) -> str:
    """One line per unit, group subtotal and the total (Vietnamese headers, for Excel)."""
    header = ["Cấp", "Nhóm", "Mã đơn vị", "Tên"]
    for kind in KINDS:
        title = KIND_TITLES[kind]
        header += [f"{title} đã đăng", f"{title} chỉ tiêu", f"{title} %"]
    header += ["Kết quả"] + [f"{KIND_TITLES[k]} kể cả đơn vị trực thuộc" for k in KINDS]
    if tally.month:
        header += [f"{KIND_TITLES[k]} trong tháng {_month_key(tally.month)}" for k in KINDS]
    lines = []
    for data in _flat_rows(tally):
        line = [LEVEL_LABELS[data["level"]], data["group"], data["slug"], data["name"]]
        for kind in KINDS:
            line += [data["done"][kind], data["quota"][kind], _blank(data["percent"][kind])]
        rollup = data["rollup"] or {}
        line += [data["status_label"]] + [_blank(rollup.get(k)) for k in KINDS]
        if tally.month:
            line += [data["month_done"][k] for k in KINDS]
        lines.append(line)
    return _csv(header, lines)


def _flat_rows(tally: Tally):
    data = tally_data(tally)
    for group in data["groups"]:
        yield from group["units"]
        yield group["subtotal"]
    yield data["total"]


def months_csv(tally: Tally) -> str:
    header = ["Tháng", "Từ ngày", "Đến ngày", "Tình trạng"]
    for kind in KINDS:
        header += [f"{KIND_TITLES[kind]} đã đăng", f"{KIND_TITLES[kind]} theo tiến độ"]
    lines = []
    for month in tally_data(tally)["months"]:
        line = [month["month"], month["start"], month["end"], MONTH_STATES[month["state"]]]
        for kind in KINDS:
            line += [month["done"][kind], month["target"][kind]]
        lines.append(line)
    return _csv(header, lines)


def _cell(row: Row, kind: str) -> str:
    if not row.quota[kind]:
        return str(row.done[kind])
    return f"{row.done[kind]}/{row.quota[kind]} ({row.percent(kind)}%)"


def to_text(tally: Tally) -> str:
    """The tally as a plain-text table for the terminal."""
    plan = tally.plan
    lines = [f"{plan.number} – {plan.title}" if plan.number else plan.title,
             f"Thời gian: {format_date(plan.start)} – {format_date(plan.end)}; "
             f"số liệu tính đến hết ngày {format_date(min(tally.end, tally.today))}"]
    titled = [(f"  {r.name}" if r.level == UNIT else r.name, r) for r in tally.rows]
    width = max([len(name) for name, _ in titled] + [len(ROLLUP_LABEL)]) + 2
    extra = f"  Trong {format_month(tally.month).lower()} (tin · bài · ảnh)" if tally.month else ""
    titles = "".join(KIND_TITLES[k].ljust(16) for k in KINDS)
    lines += ["", "Đơn vị".ljust(width) + titles + "Kết quả" + extra]
    for block in tally.groups:
        lines.append(block.name)
        for row in (*block.rows, block.subtotal):
            name = f"  {row.name}" if row.level == UNIT else "  Cộng nhóm"
            lines.append(_text_row(name, row, width))
            if row.rollup:
                rollup = "".join(str(row.rollup[k]).ljust(16) for k in KINDS)
                lines.append(ROLLUP_LABEL.ljust(width) + rollup)
    lines.append(_text_row(tally.total.name, tally.total, width))
    lines += _text_months(tally) + _text_cadence(tally)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _text_row(name: str, row: Row, width: int) -> str:
    text = name.ljust(width) + "".join(_cell(row, k).ljust(16) for k in KINDS) + row.status_label
    if row.month is not None:
        text = text.ljust(width + 48 + 22) + " · ".join(str(row.month[k]) for k in KINDS)
    return text


def _text_months(tally: Tally) -> list[str]:
    lines = ["", "Theo tháng (đã đăng/chỉ tiêu theo tiến độ)"]
    for month in tally.months:
        figures = "   ".join(f"{month.done[k]}/{month.target[k]} {KIND_NAMES[k]}" for k in KINDS)
        state = MONTH_STATES[month.state].lower()
        lines.append(f"  {format_month(month.month)}: {figures}  [{state}]")
    return lines


def _text_cadence(tally: Tally) -> list[str]:
    lines = []
    for report in tally.cadence:
        below = report.below(in_plan_only=True)
        lines += ["", f"Chuyên mục {report.name}: tối thiểu {report.per_week} bài/tuần; "
                      f"{len(below)} tuần chưa đạt trong kỳ"]
        lines += [f"  {format_date(w.start)} – {format_date(w.end)}: {w.count}/{w.required} bài"
                  for w in below]
    return lines
