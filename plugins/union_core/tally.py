"""The contribution tally: a plan's news items, articles and photos per unit, group and month.

Pure arithmetic on plain records; the Pelican plugin and ``invoke tally`` both call
``compute_tally``, so the page, the downloads and the terminal show the same figures.

Counting rules (docs/tally.md):
- an article counts once, for its main (first) unit, as its kind: ``tin`` in the tin column,
  ``bai`` in the bài column; a photo story (``anh``) counts its photos only;
- ảnh of any set of articles is the number of distinct photo ids in their bodies and covers;
- only the records passed in count (the caller passes published articles), and only those
  dated inside the window, first and last day included, in Vietnam time;
- a unit's own row is judged against its quota; the roll-up (the unit with every unit below it
  in ``parent`` links) is shown beside it and never added to a group or total twice.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .cadence import CadenceReport, cadence_reports
from .dates import VIETNAM
from .plans import KINDS, ZERO, Counts, GroupQuota, Plan

MET, NOT_MET, NO_QUOTA = "met", "not_met", "no_quota"
STATUS_LABELS = {MET: "Đạt", NOT_MET: "Chưa đạt", NO_QUOTA: "Không giao chỉ tiêu"}
UNIT, GROUP, TOTAL = "unit", "group", "total"


@dataclass(frozen=True)
class ArticleRecord:
    """One published article, as the tally sees it."""

    unit: str  # slug of the main unit
    kind: str  # tin, bai or anh
    date: datetime  # aware
    photos: frozenset = frozenset()  # distinct photo ids of body and cover
    campaigns: tuple = ()  # campaign slugs

    @property
    def day(self) -> date:
        return self.date.astimezone(VIETNAM).date()


def count(records) -> Counts:
    records = list(records)
    photos = set().union(*(r.photos for r in records)) if records else set()
    kinds = [r.kind for r in records]
    return Counts(kinds.count("tin"), kinds.count("bai"), len(photos))


@dataclass(frozen=True)
class Row:
    level: str  # unit, group or total
    slug: str
    name: str
    done: Counts
    quota: Counts
    photo_stories: int = 0
    rollup: Counts | None = None  # the unit together with the units below it
    note: str = ""
    month: Counts | None = None  # done in the selected month (``invoke tally --month``)
    short_name: str = ""

    def percent(self, kind: str) -> int | None:
        """Whole percent done, rounded down (99.9 % is not 100 %); None without a quota."""
        return self.done[kind] * 100 // self.quota[kind] if self.quota[kind] else None

    def reached(self, kind: str) -> bool | None:
        return self.done[kind] >= self.quota[kind] if self.quota[kind] else None

    @property
    def status(self) -> str:
        if not self.quota:
            return NO_QUOTA
        return MET if all(self.reached(k) is not False for k in KINDS) else NOT_MET

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class GroupBlock:
    slug: str
    name: str
    rows: tuple
    subtotal: Row
    quota: GroupQuota | None = None


@dataclass(frozen=True)
class MonthRow:
    month: date  # first day of the calendar month
    start: date  # first day of the month inside the plan
    end: date
    done: Counts
    target: Counts  # the plan's total quota shared out by days
    state: str  # past, current or future (against the build clock)


@dataclass(frozen=True)
class Tally:
    plan: Plan
    start: date  # counting window
    end: date
    today: date  # the build clock's day, Vietnam time
    groups: tuple
    total: Row
    months: tuple
    cadence: tuple[CadenceReport, ...]
    month: date | None = None

    @property
    def rows(self) -> list[Row]:
        rows = [row for block in self.groups for row in (*block.rows, block.subtotal)]
        return rows + [self.total]

    def rows_with_quota(self, kind: str) -> list[Row]:
        """The rows judged on ``kind`` (a quota above 0), in table order: what a chart shows."""
        return [row for row in self.rows if row.quota[kind]]

    def unit_row(self, slug: str) -> Row | None:
        return next((r for b in self.groups for r in b.rows if r.slug == slug), None)


def compute_tally(plan: Plan, registries, records, now: datetime,
                  month: date | None = None) -> Tally:
    """The tally of ``plan`` from published ``records``, as of the build clock ``now``.

    With ``month`` (any day of it), figures run from the plan's start to the end of that month
    and each row also carries what was done in that month alone.
    """
    records = list(records)
    today = now.astimezone(VIETNAM).date()
    end = plan.end if month is None else min(plan.end, _month_end(month))
    groups, total = _rows(plan, registries, records, plan.start, end)
    if month is not None:
        first = max(plan.start, month.replace(day=1))
        month_groups, month_total = _rows(plan, registries, records, first, end)
        groups, total = _with_month(groups, month_groups), replace(total, month=month_total.done)
    return Tally(
        plan, plan.start, end, today, groups, total,
        months=month_rows(plan, records, total.quota, today),
        cadence=cadence_reports(plan, registries.campaigns, records, today),
        month=None if month is None else month.replace(day=1),
    )


def _rows(plan: Plan, registries, records, start: date, end: date):
    by_unit = defaultdict(list)
    for record in records:
        if start <= record.day <= end:
            by_unit[record.unit].append(record)
    blocks = []
    for group in registries.groups:
        members = [u for u in registries.units if u.group == group.slug]
        if not members:
            continue
        group_quota = plan.groups.get(group.slug)
        rows = tuple(_unit_row(u, plan, group_quota, by_unit, registries) for u in members)
        done = count(r for u in members for r in by_unit[u.slug])
        subtotal = Row(GROUP, group.slug, group.name, done, _group_quota(group_quota, rows),
                       sum(r.photo_stories for r in rows),
                       note=group_quota.note if group_quota else "")
        blocks.append(GroupBlock(group.slug, group.name, rows, subtotal, group_quota))
    everything = [r for unit_records in by_unit.values() for r in unit_records]
    quota = sum((b.subtotal.quota for b in blocks), ZERO) + plan.whole_plan
    total = Row(TOTAL, "", "Tổng cộng", count(everything), quota,
                sum(b.subtotal.photo_stories for b in blocks))
    return tuple(blocks), total


def _unit_row(unit, plan: Plan, group_quota, by_unit, registries) -> Row:
    own = by_unit[unit.slug]
    quota = plan.units.get(unit.slug, group_quota.each if group_quota else ZERO)
    below = registries.descendants(unit)
    rollup = count(own + [r for child in below for r in by_unit[child.slug]]) if below else None
    return Row(UNIT, unit.slug, unit.name, count(own), quota, sum(r.kind == "anh" for r in own),
               rollup, plan.unit_notes.get(unit.slug, ""), short_name=unit.short_name or unit.name)


def _group_quota(group_quota: GroupQuota | None, rows) -> Counts:
    """Per kind: the group's own total when the plan gives one, else the sum of its units'."""
    summed = sum((row.quota for row in rows), ZERO)
    given = group_quota.total if group_quota else {}
    return Counts(*(given.get(k, summed[k]) for k in KINDS))


def _with_month(groups, month_groups):
    merged = []
    for block, month_block in zip(groups, month_groups):
        rows = tuple(replace(r, month=m.done) for r, m in zip(block.rows, month_block.rows))
        subtotal = replace(block.subtotal, month=month_block.subtotal.done)
        merged.append(replace(block, rows=rows, subtotal=subtotal))
    return tuple(merged)


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def month_rows(plan: Plan, records, quota: Counts, today: date) -> tuple[MonthRow, ...]:
    """Each calendar month of the plan, with what was done and its share of the quota."""
    windows, first = [], plan.start
    while first <= plan.end:
        last = min(_month_end(first), plan.end)
        windows.append((first, last))
        first = last + timedelta(days=1)
    targets = share_by_days(quota, [(b - a).days + 1 for a, b in windows])
    rows = []
    for (first, last), target in zip(windows, targets):
        state = "future" if first > today else "current" if last >= today else "past"
        done = count(r for r in records if first <= r.day <= last)
        rows.append(MonthRow(first.replace(day=1), first, last, done, target, state))
    return tuple(rows)


def share_by_days(quota: Counts, days: list[int]) -> list[Counts]:
    """Split each count in proportion to ``days`` in whole numbers that add up to it.

    Largest remainder: everyone gets the rounded-down share, then the units left over go to
    the largest remainders (the earlier month on a tie).
    """
    total_days = sum(days)
    shares = [dict.fromkeys(KINDS, 0) for _ in days]
    for kind in KINDS:
        exact = [quota[kind] * d for d in days]
        for share, value in zip(shares, exact):
            share[kind] = value // total_days
        left = quota[kind] - sum(s[kind] for s in shares)
        order = sorted(range(len(days)), key=lambda i: (-(exact[i] % total_days), i))
        for i in order[:left]:
            shares[i][kind] += 1
    return [Counts(**share) for share in shares]
