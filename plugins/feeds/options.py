"""The feeds plugin's settings: defaults in one mapping, checked once into a frozen object."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from content_model.report import SettingError, whole_number
from union_core.dates import DateFormatError, parse_datetime

from .catalogue import FeedPaths

DEFAULTS = {
    # Absolute address used inside the feeds; None = SITEURL when absolute, else data/site.toml url.
    "FEEDS_SITEURL": None,
    # Where the feeds are written: {format} is "atom" or "rss", {slug} the term's slug.
    "FEEDS_ALL_SAVE_AS": "feeds/tat-ca.{format}.xml",
    "FEEDS_CAMPAIGN_SAVE_AS": "feeds/chuyen-muc/{slug}.{format}.xml",
    "FEEDS_UNIT_SAVE_AS": "feeds/don-vi/{slug}.{format}.xml",
    "FEEDS_KIND_SAVE_AS": "feeds/loai/{slug}.{format}.xml",
    # New documents (văn bản, plugin "documents"), when that plugin runs.
    "FEEDS_DOCUMENTS_SAVE_AS": "feeds/van-ban.{format}.xml",
    # The OPML subscription list of every campaign feed, and the page listing all feeds.
    "FEEDS_OPML_SAVE_AS": "feeds/chuyen-muc.opml",
    "FEEDS_URL": "feeds/",
    "FEEDS_SAVE_AS": "feeds/index.html",
    # The newest N articles of each feed.
    "FEEDS_MAX_ITEMS": 30,
    # tag: URI authority of entry and feed ids, "<domain>,<year>"; None = "<site host>,2026".
    # Never change it on a live site: every reader would see every entry again.
    "FEEDS_ID_AUTHORITY": None,
    # The "updated" time of a feed without entries (feeds never carry the build time).
    "FEEDS_EMPTY_UPDATED": "2000-01-01T00:00:00+07:00",
}
STATE = "UNION_FEEDS"  # settings key of the per-build FeedState
_AUTHORITY = re.compile(r"[^\s,:/]+,\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class FeedOptions:
    paths: FeedPaths
    opml_save_as: str
    page_url: str
    page_save_as: str
    max_items: int
    authority: str | None
    empty_updated: datetime
    siteurl: str | None


@dataclass
class FeedState:
    """What one build's feeds are made from; replaced at every run (nothing in module globals)."""

    options: FeedOptions
    catalogue: object = None
    address: object = None
    stats: dict = field(default_factory=dict)  # feed files {"written": n, "reused": n}


def _pattern(values: dict, key: str, *fields: str) -> str:
    value = values[key]
    wanted = ", ".join("{" + f + "}" for f in fields)
    usable = isinstance(value, str) and not value.startswith("/")
    if not usable or any("{" + f + "}" not in value for f in fields):
        raise SettingError(key, f"a relative path containing {wanted}", value)
    return value


def _optional(values: dict, key: str, valid, expected: str):
    value = values[key]
    if value is not None and not (isinstance(value, str) and valid(value)):
        raise SettingError(key, expected, value)
    return value


def _date(value) -> datetime:
    try:
        return parse_datetime(str(value))
    except DateFormatError:
        raise SettingError("FEEDS_EMPTY_UPDATED", "an ISO date-time", value) from None


def read_options(values: dict) -> FeedOptions:
    """Check the FEEDS_* values (every key of DEFAULTS) and return them as options."""
    paths = FeedPaths(
        _pattern(values, "FEEDS_ALL_SAVE_AS", "format"),
        _pattern(values, "FEEDS_CAMPAIGN_SAVE_AS", "format", "slug"),
        _pattern(values, "FEEDS_UNIT_SAVE_AS", "format", "slug"),
        _pattern(values, "FEEDS_KIND_SAVE_AS", "format", "slug"),
        _pattern(values, "FEEDS_DOCUMENTS_SAVE_AS", "format"),
    )
    return FeedOptions(
        paths, _pattern(values, "FEEDS_OPML_SAVE_AS"), values["FEEDS_URL"],
        _pattern(values, "FEEDS_SAVE_AS"), whole_number(values, "FEEDS_MAX_ITEMS"),
        _optional(values, "FEEDS_ID_AUTHORITY", _AUTHORITY.fullmatch, '"<domain>,<year>"'),
        _date(values["FEEDS_EMPTY_UPDATED"]),
        _optional(values, "FEEDS_SITEURL", absolute_url, "an http(s) address"),
    )


def absolute_url(value: str | None) -> bool:
    parts = urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def base_url(*candidates) -> str:
    """The first absolute address among ``candidates``, without a trailing slash, or ''."""
    return next((c.rstrip("/") for c in candidates if absolute_url(c)), "")
