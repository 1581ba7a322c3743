"""The calendar plugin's settings: defaults in one mapping, checked once into a frozen object."""

from dataclasses import dataclass
from datetime import datetime

from content_model.report import SettingError, whole_number
from union_core.dates import DateFormatError, parse_datetime

DEFAULTS = {
    "CALENDAR_URL": "lich/",
    "CALENDAR_SAVE_AS": "lich/index.html",
    # iCalendar files: every event, and the events of one campaign ({slug}).
    "CALENDAR_ICS_SAVE_AS": "lich/lich-su-kien.ics",
    "CALENDAR_CAMPAIGN_ICS_SAVE_AS": "lich/chuyen-muc/{slug}.ics",
    # /lich/ shows this many months from the build clock; the home page the next few entries.
    "CALENDAR_MONTHS": 12,
    "CALENDAR_HOME_COUNT": 4,
    # "Covered last time": published articles of the linked campaign dated from N days before
    # to M days after the previous occurrence of an anniversary, at most this many.
    "CALENDAR_COVERAGE_DAYS_BEFORE": 30,
    "CALENDAR_COVERAGE_DAYS_AFTER": 7,
    "CALENDAR_COVERAGE_MAX": 3,
    # DTSTAMP of every event: fixed, so that two builds of the same content are identical.
    "CALENDAR_DTSTAMP": "2026-01-01T00:00:00Z",
}
STATE = "UNION_CALENDAR"


@dataclass(frozen=True)
class CalendarOptions:
    url: str
    save_as: str
    ics_save_as: str
    campaign_ics_save_as: str
    months: int
    home_count: int
    days_before: int
    days_after: int
    coverage_max: int
    dtstamp: datetime


def _path(values: dict, key: str, *fields: str) -> str:
    value = values[key]
    usable = isinstance(value, str) and not value.startswith("/")
    if not usable or any("{" + f + "}" not in value for f in fields):
        wanted = "".join(f" containing {{{f}}}" for f in fields)
        raise SettingError(key, "a relative path" + wanted, value)
    return value


def _moment(values: dict, key: str) -> datetime:
    try:
        return parse_datetime(str(values[key]))
    except DateFormatError:
        raise SettingError(key, "an ISO date-time", values[key]) from None


def read_options(values: dict) -> CalendarOptions:
    return CalendarOptions(
        values["CALENDAR_URL"], _path(values, "CALENDAR_SAVE_AS"),
        _path(values, "CALENDAR_ICS_SAVE_AS"),
        _path(values, "CALENDAR_CAMPAIGN_ICS_SAVE_AS", "slug"),
        whole_number(values, "CALENDAR_MONTHS", 1),
        whole_number(values, "CALENDAR_HOME_COUNT", 0),
        whole_number(values, "CALENDAR_COVERAGE_DAYS_BEFORE", 0),
        whole_number(values, "CALENDAR_COVERAGE_DAYS_AFTER", 0),
        whole_number(values, "CALENDAR_COVERAGE_MAX", 0), _moment(values, "CALENDAR_DTSTAMP"),
    )
