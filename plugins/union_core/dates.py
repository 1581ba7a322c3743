"""Dates as editors write them, read in Vietnam time (Asia/Ho_Chi_Minh)."""

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
EXAMPLE = "2026-05-01 08:30 (năm-tháng-ngày giờ:phút) hoặc 01/05/2026 08:30"

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)
_DMY = re.compile(
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"(?:,?\s+(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)


class DateFormatError(ValueError):
    """A date that is not in a format we read, or that does not exist."""


def _offset(text):
    if text is None:
        return None
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_datetime(text: str, tz=VIETNAM) -> datetime:
    """Read ``2026-05-01 08:30``, ``2026-05-01`` or ``01/05/2026 08:30`` as an aware datetime.

    Day-first is the Vietnamese order, so ``01/05/2026`` is the 1st of May. Without an explicit
    offset the time is Vietnam time. Raises DateFormatError naming what is wrong.
    """
    value = text.strip()
    match = _ISO.fullmatch(value) or _DMY.fullmatch(value)
    if not match:
        raise DateFormatError(f'không đọc được ngày giờ "{text}"')
    parts = match.groupdict()
    try:
        result = datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts["H"] or 0),
            int(parts["M"] or 0),
            int(parts["S"] or 0),
        )
    except ValueError:
        raise DateFormatError(f'ngày giờ "{text}" không có thật (kiểm tra ngày, tháng, giờ)') from None
    offset = _offset(parts.get("tz"))
    if offset is None:
        return result.replace(tzinfo=tz)
    return result.replace(tzinfo=offset).astimezone(tz)


def parse_date(value) -> date:
    """A calendar day from TOML (a date value) or from text (ISO or day/month/year)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_datetime(value).date()
    raise DateFormatError(f"giá trị {value!r} không phải là ngày")
