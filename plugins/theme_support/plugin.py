"""Vietnamese formatting for templates, registered as Jinja filters (no OS locale involved)."""

import os
import posixpath
from urllib.parse import quote

from markupsafe import Markup
from pelican import signals

from union_core import vietnamese


def vi_sorted(items, attribute="name"):
    """Items in Vietnamese alphabetical order of ``attribute``."""
    return sorted(items, key=lambda item: vietnamese.sort_key(str(getattr(item, attribute))))


def iso_datetime(value):
    """``2026-05-01T08:30:00+07:00``, for ``<time datetime>`` and metadata."""
    return value.isoformat(timespec="seconds")


def period(campaign):
    """A campaign's period in words, or '' when it has none."""
    start, end = campaign.start, campaign.end
    if start and end:
        return f"{vietnamese.format_date(start)} – {vietnamese.format_date(end)}"
    if start:
        return f"từ {vietnamese.format_date(start)}"
    if end:
        return f"đến {vietnamese.format_date(end)}"
    return ""


def share_url(pattern: str, url: str, title: str = "") -> str:
    """A share link from a pattern such as ``https://…/sharer.php?u={url}`` (values URL-encoded)."""
    return pattern.format(url=quote(url, safe=""), title=quote(str(title), safe=""))


def plain(value) -> str:
    """Text for a meta tag: rendered HTML (Markup) loses its tags; plain text is kept as it is
    (an editor's "<ISO 45001>" is text, escaped where it is written, not a tag to strip)."""
    if isinstance(value, Markup):
        return value.striptags()
    return " ".join(str(value or "").split())


def page_window(current: int, last: int, around: int = 2) -> list:
    """The page numbers a pagination bar shows: the first, the last and ``around`` either side
    of ``current``, with None where numbers are left out. Its length does not grow with the
    number of pages (a tag of 50,000 articles has 4,000 pages, each with this bar)."""
    window = []
    for number in sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)}):
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


def url_of_file(save_as: str) -> str:
    """The address a written file is served at, relative to the site: ``don-vi/x/index.html``
    → ``don-vi/x/``, ``index.html`` → ``""`` (the canonical URL of every page)."""
    folder, name = posixpath.split(save_as.replace(os.sep, "/"))
    if name in ("index.html", "index.htm"):
        return f"{folder}/" if folder else ""
    return save_as.replace(os.sep, "/")


FILTERS = {
    "url_of_file": url_of_file,
    "page_window": page_window,
    "plain": plain,
    "share_url": share_url,
    "vi_datetime": vietnamese.format_datetime,
    "vi_date": vietnamese.format_date,
    "vi_long_date": vietnamese.format_long_date,
    "vi_month": vietnamese.format_month,
    "vi_sorted": vi_sorted,
    "vi_size": vietnamese.format_size,
    "iso_datetime": iso_datetime,
    "period": period,
}


def add_filters(pelican) -> None:
    pelican.settings["JINJA_FILTERS"] = {**FILTERS, **pelican.settings.get("JINJA_FILTERS", {})}


def register():
    signals.initialized.connect(add_filters)
