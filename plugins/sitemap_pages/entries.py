"""Which written page goes into the sitemap, at what URL and with what last modification."""

import re
from dataclasses import dataclass
from datetime import datetime

from union_core.files import relative_posix, url_of_file

PAGINATED = re.compile(r"(^|/)trang/\d+/index\.html$")


@dataclass(frozen=True, order=True)
class Entry:
    url: str
    lastmod: datetime | None


def _changed(item):
    return getattr(item, "modified", None) or getattr(item, "date", None)


def last_modified(context) -> datetime | None:
    """The page's own date, or the newest date among the articles it lists (lists are sorted)."""
    for key in ("article", "page", "document"):
        if key in context:
            return _changed(context[key])
    articles = context.get("articles") or []
    dates = [d for d in (_changed(a) for a in articles[:50]) if d is not None]
    return max(dates) if dates else None


def entry_for(path: str, context, output: str, excluded) -> Entry | None:
    """``path`` as Pelican wrote it, under ``output``."""
    relative = relative_posix(path, output)
    if not relative.endswith(".html") or relative in excluded or PAGINATED.search(relative):
        return None
    url = url_of_file(relative)
    return Entry(url, last_modified(context))
