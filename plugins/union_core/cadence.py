"""Minimum cadence of a campaign (``per_week``): the Monday–Sunday weeks that fell below it.

A week is judged on the days it shares with the campaign's period:
- a full week needs ``per_week`` articles of the campaign (any unit, any kind, dated that week
  in Vietnam time);
- a partial week at either end of the period needs ``per_week × days / 7`` rounded half up,
  and is not judged when that rounds to 0 (2 a week: a 1-day week needs none, 2–5 days need 1);
- a week is judged only once it is over: the week that contains the build clock's day is
  ``in_progress`` and later weeks are ``future``, never failures.
An open start or end of the campaign is taken from the plan's period.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

BELOW, MET, IN_PROGRESS, FUTURE, NOT_JUDGED = "below", "met", "in_progress", "future", "not_judged"


@dataclass(frozen=True)
class Week:
    start: date  # first day of the week inside the campaign period (a Monday unless partial)
    end: date  # last day inside the period (a Sunday unless partial)
    days: int
    required: int
    count: int
    state: str
    in_plan: bool  # the week overlaps the plan's period


@dataclass(frozen=True)
class CadenceReport:
    slug: str
    name: str
    per_week: int
    start: date
    end: date
    weeks: tuple[Week, ...]

    def below(self, in_plan_only: bool = False) -> list[Week]:
        return [w for w in self.weeks if w.state == BELOW and (w.in_plan or not in_plan_only)]

    def judged(self, in_plan_only: bool = False) -> list[Week]:
        judged = (BELOW, MET)
        return [w for w in self.weeks if w.state in judged and (w.in_plan or not in_plan_only)]

    @property
    def current(self) -> Week | None:
        return next((w for w in self.weeks if w.state == IN_PROGRESS), None)


def required_in(per_week: int, days: int) -> int:
    """Articles needed in a week of ``days`` days: ``per_week × days / 7``, rounded half up."""
    return (2 * per_week * days + 7) // 14


def cadence_reports(plan, campaigns, records, today: date) -> tuple[CadenceReport, ...]:
    """One report per campaign with a ``per_week`` cadence whose period overlaps the plan."""
    reports = []
    for campaign in campaigns:
        if not campaign.per_week:
            continue
        start, end = campaign.start or plan.start, campaign.end or plan.end
        if start > plan.end or end < plan.start:
            continue
        days = Counter(r.day for r in records if campaign.slug in r.campaigns)
        weeks = tuple(_weeks(campaign.per_week, start, end, days, today, plan))
        reports.append(CadenceReport(campaign.slug, campaign.name, campaign.per_week,
                                     start, end, weeks))
    return tuple(reports)


def _weeks(per_week: int, start: date, end: date, days: Counter, today: date, plan):
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        first, last = max(monday, start), min(monday + timedelta(days=6), end)
        length = (last - first).days + 1
        required = required_in(per_week, length)
        number = sum(days[first + timedelta(days=i)] for i in range(length))
        state = _state(first, last, required, number, today)
        yield Week(first, last, length, required, number, state,
                   first <= plan.end and last >= plan.start)
        monday += timedelta(days=7)


def _state(first: date, last: date, required: int, number: int, today: date) -> str:
    if first > today:
        return FUTURE
    if last >= today:
        return IN_PROGRESS
    if required == 0:
        return NOT_JUDGED
    return BELOW if number < required else MET
