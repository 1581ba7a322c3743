"""The coming months as the site shows them: each occurrence with its campaign and the
articles that covered it last time.

The rule for "covered last time": for an anniversary linked to a campaign, the published
articles of that campaign dated from ``days_before`` days before to ``days_after`` days after
its previous occurrence (a year earlier), the closest to that day first (the newer of two
equally close), at most ``limit``. One-off events have no previous occurrence, so no such
articles.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from union_core.dates import VIETNAM
from union_core.events import EventCalendar, Occurrence, upcoming_window


@dataclass(frozen=True)
class CoverageRule:
    days_before: int
    days_after: int
    limit: int

    def window(self, day: date) -> tuple[date, date]:
        return day - timedelta(days=self.days_before), day + timedelta(days=self.days_after)


@dataclass(frozen=True)
class Entry:
    occurrence: Occurrence
    campaign: object = None  # the campaign term, or None
    coverage: tuple = ()  # articles about the previous occurrence

    @property
    def title(self) -> str:
        return self.occurrence.title

    @property
    def day(self) -> date:
        return self.occurrence.day

    @property
    def last_day(self) -> date:
        return self.occurrence.last_day

    @property
    def item(self):
        return self.occurrence.item

    @property
    def anchor(self) -> str:
        return f"{self.item.slug}-{self.day:%Y%m%d}"

    @property
    def start_time(self) -> datetime | None:
        start = getattr(self.item, "start", None)
        return start if isinstance(start, datetime) else None

    @property
    def end_time(self) -> datetime | None:
        end = getattr(self.item, "end", None)
        return end if isinstance(end, datetime) else None


@dataclass
class Agenda:
    first: date
    last: date
    entries: list = field(default_factory=list)

    def months(self) -> list:
        """[(first day of the month, [entries])], an entry under the month it is shown from."""
        months = {}
        for entry in self.entries:
            shown = max(entry.day, self.first)
            months.setdefault(date(shown.year, shown.month, 1), []).append(entry)
        return list(months.items())

    def of_campaign(self, slug: str) -> list:
        return [e for e in self.entries if e.campaign is not None and e.campaign.slug == slug]


def page_key_part(template_name: str, context) -> list:
    """The entries a home or campaign page shows, for the page cache (``PAGE_KEY_PARTS``):
    they change with the build clock even when no file does."""
    agenda = context.get("calendar_agenda")
    if agenda is None:
        return []
    if template_name == "index.html":
        shown = context.get("calendar_home", [])
    elif template_name == "campaign.html" and "campaign" in context:
        shown = agenda.of_campaign(context["campaign"].slug)
    else:
        return []
    return [(e.anchor, e.title, [a.url for a in e.coverage]) for e in shown]


def covering(occurrence: Occurrence, campaign, articles, rule: CoverageRule) -> tuple:
    previous = occurrence.previous
    if campaign is None or previous is None or rule.limit == 0:
        return ()
    first, last = rule.window(previous)
    found = [a for a in articles
             if campaign in a.campaigns and first <= a.date.astimezone(VIETNAM).date() <= last]

    def distance(article):
        days = abs((article.date.astimezone(VIETNAM).date() - previous).days)
        return days, -article.date.timestamp()

    return tuple(sorted(found, key=distance)[: rule.limit])


def build_agenda(calendar: EventCalendar, now: datetime, months: int, campaigns: dict,
                 articles, rule: CoverageRule) -> Agenda:
    """The occurrences from the build clock's day through the next ``months`` months."""
    first, last = upcoming_window(now.astimezone(VIETNAM).date(), months)
    entries = []
    for occurrence in calendar.between(first, last):
        campaign = campaigns.get(occurrence.item.campaign) if occurrence.item.campaign else None
        entries.append(Entry(occurrence, campaign, covering(occurrence, campaign, articles, rule)))
    return Agenda(first, last, entries)
