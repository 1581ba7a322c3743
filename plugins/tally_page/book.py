"""The tallies of one build, computed once on first use.

The photos of an article are read from ``article.content``, which Pelican memoises the first
time it is read and which is final only once every generator has gathered its context (static
files included). So nothing here touches ``article.content`` before the output phase: the book
is created while contexts are gathered and computes its records the first time a page, a
download or a unit page asks for a figure.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from union_core.dates import VIETNAM
from union_core.tally import ArticleRecord, Tally, compute_tally

from .photos import photo_ids


@dataclass(frozen=True)
class PlanLinks:
    """Where a plan's page and downloads are published (site-relative)."""

    url: str
    save_as: str
    csv: str
    months_csv: str
    json: str


class TallyBook:
    def __init__(self, registries, articles, now, siteurl: str, patterns: dict):
        self.registries = registries
        self.plans = list(registries.plans)  # newest period first
        self._articles = list(articles)
        self.now = now
        self.today = now.astimezone(VIETNAM).date()
        self._siteurl = siteurl
        self._patterns = patterns
        self._tallies = {}

    @cached_property
    def records(self) -> list[ArticleRecord]:
        """Every published article (never one scheduled after the build clock) as a record."""
        return [self._record(a) for a in self._articles if not getattr(a, "scheduled", False)]

    def _record(self, article) -> ArticleRecord:
        day = article.date.astimezone(VIETNAM).date()
        counted = any(plan.covers(day) for plan in self.plans)  # photos matter only there
        photos = frozenset()
        if counted:
            photos = photo_ids(article.content, getattr(article, "cover", None),
                               getattr(article, "cover_id", None), self._siteurl)
        return ArticleRecord(article.unit.slug, article.kind, article.date, photos,
                             tuple(c.slug for c in article.campaigns))

    def tally(self, plan, month: date | None = None) -> Tally:
        key = (plan.slug, month)
        if key not in self._tallies:
            self._tallies[key] = compute_tally(plan, self.registries, self.records, self.now, month)
        return self._tallies[key]

    def links(self, plan) -> PlanLinks:
        return PlanLinks(**{name: pattern.format(slug=plan.slug)
                            for name, pattern in self._patterns.items()})

    def plan(self, slug: str):
        return next((p for p in self.plans if p.slug == slug), None)

    @property
    def current(self):
        """The plan whose period holds the build clock's day, else None."""
        return next((p for p in self.plans if p.covers(self.today)), None)

    @property
    def latest_started(self):
        """The current plan, else the most recent plan that has started."""
        return self.current or next((p for p in self.plans if p.start <= self.today), None)

    def unit_summary(self, slug: str):
        """``(plan, tally row)`` of a unit in the latest started plan, or None."""
        plan = self.latest_started
        row = self.tally(plan).unit_row(slug) if plan else None
        return (plan, row) if row else None
