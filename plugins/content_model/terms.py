"""Units, groups and campaigns as Pelican taxonomy terms (URL and save path from settings).

A ``Campaign`` term reads ``CAMPAIGN_URL``/``CAMPAIGN_SAVE_AS`` and a ``Unit`` term reads
``UNIT_URL``/``UNIT_SAVE_AS``, as Pelican's own Category and Tag do. Each wraps the registry
record from the core, so templates use ``article.unit.url`` and ``unit.record.description``.
"""

from pelican.urlwrappers import Tag, URLWrapper

from union_core.vietnamese import format_month, slugify


class RecordTerm(URLWrapper):
    """A term made from a registry record; its slug is the registry's, never re-slugified."""

    def __init__(self, record, settings):
        super().__init__(record.name, settings)
        self.record = record
        self.slug = record.slug

    @property
    def description(self):
        return self.record.description


class Campaign(RecordTerm):
    @property
    def short_name(self):
        return self.record.short_name or self.record.name

    @property
    def start(self):
        return self.record.start

    @property
    def end(self):
        return self.record.end

    @property
    def per_week(self):
        return self.record.per_week

    @property
    def featured(self):
        return self.record.featured


class Unit(RecordTerm):
    def __init__(self, record, settings):
        super().__init__(record, settings)
        self.short_name = record.short_name or record.name
        self.group = None
        self.parent = None
        self.children = []


class Month(URLWrapper):
    """A calendar month of publication (the monthly archive): ``MONTH_URL`` = ``{year}/{month}/``."""

    def __init__(self, date, settings):
        super().__init__(format_month(date), settings)
        self.year, self.month = f"{date.year}", f"{date.month:02d}"
        self.slug = f"{self.year}-{self.month}"


def make_tag(name: str, settings) -> Tag:
    tag = Tag(name, settings)
    tag.slug = slugify(name)
    return tag
