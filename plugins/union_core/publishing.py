"""The one rule that decides whether an article is published, used by every output."""

from datetime import datetime

from .dates import VIETNAM, parse_datetime

DRAFT = "draft"


def build_clock(setting: str | None) -> datetime:
    """The build's "now": the injected ISO time of a setting or test, else the real clock."""
    if setting:
        return parse_datetime(setting)
    return datetime.now(VIETNAM)


def is_public(status: str, date: datetime | None, now: datetime, show_future: bool) -> bool:
    """Drafts never; articles dated after ``now`` only in a preview that shows the future."""
    if status == DRAFT:
        return False
    return show_future or date is None or date <= now


def is_scheduled(date: datetime | None, now: datetime) -> bool:
    """An article dated after the build's clock (published automatically once its date comes)."""
    return date is not None and date > now
