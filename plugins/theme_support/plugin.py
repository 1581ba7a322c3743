"""Vietnamese formatting for templates, registered as Jinja filters (no OS locale involved)."""

from urllib.parse import quote

from markupsafe import Markup
from pelican import signals

from union_core import vietnamese
from union_core.files import url_of_file


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


FILTERS = {
    "url_of_file": url_of_file,
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
