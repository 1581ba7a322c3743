"""The calendar of anniversaries and events, read from ``<content>/data/events.toml``.

``[[anniversary]]`` entries recur every year on a day of the solar calendar: ``name``, ``day``,
``month``, optional ``year`` (the founding year, from which the ordinal is counted), optional
``campaign``, ``place`` and ``description``. ``[[event]]`` entries happen once: ``name``,
``date`` (a day, or a day and a time in Vietnam time), optional ``end`` (the last day of a range,
or the end time), ``place``, ``campaign``, ``description``. Every entry has a ``slug`` (made
from the name when left out) that names it for good: calendar applications know an event by it.

Lunar dates (Tết Nguyên đán) fall on a different solar day each year, so they are written as
one-off events, one per year.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import values
from .dates import VIETNAM, DateFormatError, parse_datetime
from .issues import IssueLog
from .records import Spec, check_top_level, read_entries
from .toml_source import TomlSource
from .values import FieldError
from .vietnamese import slugify, sort_key

FILE_NAME = "events.toml"
ARRAYS = ("anniversary", "event")
_HAS_TIME = re.compile(r"\d{1,2}[:h]\d{2}")
LEAP_YEAR = 2000  # a day and month are valid if they exist in a leap year (29/2 included)


def short_date(day: date) -> str:
    """``28/7/1929``: the way plans write anniversaries (no leading zeros)."""
    return f"{day.day}/{day.month}/{day.year}"


@dataclass(frozen=True)
class Anniversary:
    slug: str
    name: str
    day: int
    month: int
    year: int | None = None  # the founding year
    campaign: str | None = None  # campaign slug
    place: str = ""
    description: str = ""
    all_day = True

    def on(self, year: int) -> date | None:
        """The anniversary's day in ``year`` (None for 29/2 in a common year)."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None

    def before(self, day: date) -> date | None:
        """The occurrence before the one on ``day`` (the last one, for articles about it)."""
        for year in range(day.year - 1, day.year - 9, -1):
            if self.on(year) is not None:
                return self.on(year)
        return None

    def first(self) -> date:
        """The first occurrence: in the founding year, else a fixed year (for calendars)."""
        start = self.year or LEAP_YEAR
        return next(self.on(y) for y in range(start, start + 8) if self.on(y) is not None)


@dataclass(frozen=True)
class Event:
    slug: str
    name: str
    start: date | datetime
    end: date | datetime | None = None
    place: str = ""
    campaign: str | None = None
    description: str = ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.start if self.all_day else self.start.date()

    @property
    def last_day(self) -> date:
        end = self.end or self.start
        return end if self.all_day else end.date()


@dataclass(frozen=True)
class Occurrence:
    """One anniversary or event on the calendar, on its day(s)."""

    item: Anniversary | Event
    day: date
    last_day: date

    @property
    def is_anniversary(self) -> bool:
        return isinstance(self.item, Anniversary)

    @property
    def ordinal(self) -> int | None:
        """How many years since the founding year (97 for 28/7/2026 counted from 1929)."""
        year = getattr(self.item, "year", None)
        return self.day.year - year if year and self.day.year > year else None

    @property
    def title(self) -> str:
        """``Kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/2026)``."""
        if not self.ordinal:
            return self.item.name
        founded = self.item.on(self.item.year)
        return (f"Kỷ niệm {self.ordinal} năm {self.item.name} "
                f"({short_date(founded)} – {short_date(self.day)})")

    @property
    def previous(self) -> date | None:
        return self.item.before(self.day) if self.is_anniversary else None

    def sort_key(self):
        start = getattr(self.item, "start", None)
        time = start.strftime("%H%M") if isinstance(start, datetime) else ""
        return (self.day, not self.is_anniversary, time, sort_key(self.title))


@dataclass
class EventCalendar:
    anniversaries: list = field(default_factory=list)
    events: list = field(default_factory=list)

    def items(self) -> list:
        return [*self.anniversaries, *self.events]

    def between(self, first: date, last: date) -> list[Occurrence]:
        """Every occurrence with a day in ``first`` … ``last`` (ranges that overlap count)."""
        found = [Occurrence(a, day, day) for a in self.anniversaries
                 for day in map(a.on, range(first.year, last.year + 1))
                 if day is not None and first <= day <= last]
        found += [Occurrence(e, e.first_day, e.last_day) for e in self.events
                  if e.first_day <= last and e.last_day >= first]
        return sorted(found, key=Occurrence.sort_key)


def months_later(day: date, months: int) -> date:
    """The same day ``months`` later (the 1st of the next month when it does not exist)."""
    year, month = divmod(day.month - 1 + months, 12)
    try:
        return date(day.year + year, month + 1, day.day)
    except ValueError:
        return date(day.year + year + (month + 1) // 12, (month + 1) % 12 + 1, 1)


def upcoming_window(today: date, months: int = 12) -> tuple[date, date]:
    """From ``today`` to the day before the same day ``months`` later, both included."""
    return today, months_later(today, months) - timedelta(days=1)


def when(value):
    """A day (all-day) or an aware date-time in Vietnam time, from TOML or from text."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=VIETNAM)).astimezone(VIETNAM)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            moment = parse_datetime(value)
        except DateFormatError as error:
            raise FieldError(str(error),
                             "viết 2026-12-18, 2026-12-18 08:00 hoặc 18/12/2026 08:00") from None
        return moment if _HAS_TIME.search(value) else moment.date()
    raise FieldError(f"{value!r} không phải là ngày", "viết 2026-12-18 hoặc 2026-12-18 08:00")


def _within(low: int, high: int, what: str):
    def parse(value) -> int:
        number = values.positive_int(value)
        if not low <= number <= high:
            raise FieldError(f"{what} {number} không hợp lệ", f"viết một số từ {low} đến {high}")
        return number

    return parse


COMMON_SPECS = {
    "slug": Spec(False, values.slug),
    "name": Spec(True, values.text),
    "campaign": Spec(False, values.text),
    "place": Spec(False, values.optional_text),
    "description": Spec(False, values.optional_text),
}
ANNIVERSARY_SPECS = {**COMMON_SPECS, "day": Spec(True, _within(1, 31, "ngày")),
                     "month": Spec(True, _within(1, 12, "tháng")),
                     "year": Spec(False, _within(1, 9999, "năm"))}
EVENT_SPECS = {**COMMON_SPECS, "date": Spec(True, when), "end": Spec(False, when)}


class _Reader:
    """Reads the entries of one events.toml, reporting each problem at its line."""

    def __init__(self, source: TomlSource, campaigns, log: IssueLog):
        self.source, self.campaigns, self.log = source, campaigns, log
        self.slugs = {}

    def problem(self, array, index, key, message, hint=""):
        self.log.add(self.source.path, self.source.key_line(key, array, index), key, message, hint)

    def common(self, array, index, entry) -> dict | None:
        entry.setdefault("slug", slugify(entry["name"]))
        if entry["slug"] in self.slugs:
            first = self.slugs[entry["slug"]]
            self.problem(array, index, "slug", f'slug "{entry["slug"]}" trùng với "{first}"',
                         "đặt slug khác (slug là tên cố định của sự kiện trong ứng dụng lịch)")
            return None
        if "campaign" in entry:
            campaign = self.campaigns.find(entry["campaign"])
            if campaign is None:
                self.problem(array, index, "campaign", f'không có chuyên mục "{entry["campaign"]}"',
                             self.campaigns.suggest(entry["campaign"]))
                return None
            entry["campaign"] = campaign.slug
        self.slugs[entry["slug"]] = entry["name"]
        return entry

    def anniversaries(self) -> list[Anniversary]:
        found = []
        for index, entry in read_entries(self.source, "anniversary", ANNIVERSARY_SPECS, self.log):
            try:
                date(entry.get("year", LEAP_YEAR), entry["month"], entry["day"])
            except ValueError:
                self.problem("anniversary", index, "day",
                             f'ngày {entry["day"]}/{entry["month"]} không có thật',
                             "kiểm tra ngày và tháng")
                continue
            if self.common("anniversary", index, entry) is not None:
                found.append(Anniversary(**entry))
        return found

    def events(self) -> list[Event]:
        found = []
        for index, entry in read_entries(self.source, "event", EVENT_SPECS, self.log):
            start, end = entry.pop("date"), entry.get("end")
            if end is not None and not self.valid_end(index, start, end):
                continue
            if self.common("event", index, entry) is not None:
                found.append(Event(start=start, **entry))
        return found

    def valid_end(self, index, start, end) -> bool:
        if isinstance(start, datetime) != isinstance(end, datetime):
            self.problem("event", index, "end",
                         "date và end phải cùng kiểu (cùng có giờ hoặc cùng không có giờ)",
                         "ví dụ date = 2026-12-18T08:00:00, end = 2026-12-18T11:30:00")
            return False
        if end < start:
            self.problem("event", index, "end", "thời điểm kết thúc trước thời điểm bắt đầu",
                         "sửa date hoặc end")
            return False
        return True


def load_events(source: TomlSource, campaigns, log: IssueLog) -> EventCalendar:
    """The anniversaries and events of ``source``; campaigns are checked against ``campaigns``."""
    check_top_level(source, ARRAYS, log)
    reader = _Reader(source, campaigns, log)
    return EventCalendar(reader.anniversaries(), reader.events())
