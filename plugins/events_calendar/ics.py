"""iCalendar (RFC 5545) files with the ``icalendar`` library (the only module importing it).

What phones and Outlook need, and what keeps two builds of the same content identical:

- an anniversary is an all-day event (``DTSTART;VALUE=DATE``, ``DTEND`` the next day) on its
  first occurrence (the founding year, or 2000 without one), repeated by ``RRULE:FREQ=YEARLY``;
  its summary names the founding date, since the ordinal changes every year;
- a one-off all-day event or range ends (``DTEND``, exclusive) the day after its last day;
- a timed event is in ``TZID=Asia/Ho_Chi_Minh`` with the matching ``VTIMEZONE`` component;
- ``UID`` is ``<ky-niem|su-kien>-<slug>@<site host>``: the slug names an entry for good;
- ``DTSTAMP`` is a fixed setting, not the build time; events are sorted by date and UID.
"""

from datetime import date, datetime, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from union_core.events import Anniversary, short_date

TIMEZONE = "Asia/Ho_Chi_Minh"
TIMEZONE_SPAN = (date(2000, 1, 1), date(2038, 1, 1))  # VTIMEZONE rules cover at least this


def uid(item, host: str) -> str:
    kind = "ky-niem" if isinstance(item, Anniversary) else "su-kien"
    return f"{kind}-{item.slug}@{host}"


def _first_day(item) -> date:
    return item.first() if isinstance(item, Anniversary) else item.first_day


def _anniversary(event: VEvent, item: Anniversary) -> None:
    first = item.first()
    event.add("summary", f"{item.name} ({short_date(first)})" if item.year else item.name)
    event.add("dtstart", first)
    event.add("dtend", first + timedelta(days=1))
    event.add("rrule", {"freq": "yearly"})
    event.add("transp", "TRANSPARENT")


def _one_off(event: VEvent, item) -> None:
    event.add("summary", item.name)
    event.add("dtstart", item.start)
    if item.all_day:
        event.add("dtend", item.last_day + timedelta(days=1))
    elif item.end is not None:
        event.add("dtend", item.end)


def vevent(item, host: str, dtstamp: datetime, campaign=None, link: str = "") -> VEvent:
    """One entry; ``campaign`` (a term) and ``link`` (an absolute URL) are optional."""
    event = VEvent()
    event.add("uid", uid(item, host))
    event.add("dtstamp", dtstamp)
    (_anniversary if isinstance(item, Anniversary) else _one_off)(event, item)
    if item.place:
        event.add("location", item.place)
    lines = [item.description] if item.description else []
    if campaign is not None:
        event.add("categories", [campaign.name])
        lines.append(f"Chuyên mục: {campaign.name}")
    if link:
        event.add("url", link)
        lines.append(link)
    if lines:
        event.add("description", "\n".join(lines))
    return event


def _timezone_span(items) -> tuple[date, date]:
    days = [i.first_day for i in items if not isinstance(i, Anniversary) and not i.all_day]
    return (min([TIMEZONE_SPAN[0], *(d - timedelta(days=1) for d in days)]),
            max([TIMEZONE_SPAN[1], *(d + timedelta(days=366) for d in days)]))


def calendar_file(items, name: str, description: str, host: str, dtstamp: datetime,
                  campaign_of, link_of) -> bytes:
    """The whole ``.ics`` file of ``items`` (anniversaries and events)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{host}//Lich su kien//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", TIMEZONE)
    for item in sorted(items, key=lambda i: (_first_day(i), uid(i, host))):
        calendar.add_component(vevent(item, host, dtstamp, campaign_of(item), link_of(item)))
    if calendar.get_missing_tzids():
        calendar.add_missing_timezones(*_timezone_span(items))
    return calendar.to_ical()
