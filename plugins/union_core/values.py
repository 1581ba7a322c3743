"""Small parsers for single values, shared by the article header and the TOML registries.

Each parser takes the raw value and returns the clean one, or raises FieldError with a message
and a hint saying what to write instead.
"""

import re
from urllib.parse import urlsplit

from .dates import EXAMPLE, DateFormatError, parse_date, parse_datetime
from .vietnamese import MAX_SLUG, clean_text, match_key, slugify

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TRUE = {"true", "yes", "1", "có", "co", "x"}
_FALSE = {"false", "no", "0", "không", "khong", ""}


class FieldError(ValueError):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


class FieldErrors(FieldError):
    """Several problems with one field (one per file of a list, say), each reported."""

    def __init__(self, errors):
        super().__init__(errors[0].message, errors[0].hint)
        self.errors = list(errors)


def text(value) -> str:
    if not isinstance(value, str):
        raise FieldError(f"cần một chuỗi chữ, không phải {value!r}", 'đặt giá trị trong ngoặc kép "…"')
    cleaned = clean_text(value)
    if not cleaned:
        raise FieldError("đang để trống", "điền nội dung hoặc xóa dòng này")
    return cleaned


def optional_text(value) -> str:
    if not isinstance(value, str):
        raise FieldError(f"cần một chuỗi chữ, không phải {value!r}", 'đặt giá trị trong ngoặc kép "…"')
    return clean_text(value)


def slug(value) -> str:
    value = text(value)
    if len(value) > MAX_SLUG:
        raise FieldError(f"slug dài {len(value)} ký tự", f"viết slug ngắn hơn {MAX_SLUG} ký tự")
    if not SLUG_PATTERN.fullmatch(value):
        raise FieldError(
            f'"{value}" không phải là slug hợp lệ',
            f'chỉ dùng chữ thường không dấu, số và dấu gạch nối, ví dụ "{slugify(value) or "ten-moi"}"',
        )
    return value


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    key = match_key(str(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise FieldError(f'"{value}" không phải là đúng/sai', "viết true hoặc false")


def positive_int(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise FieldError(f"{value!r} không phải là số nguyên", "viết một số nguyên dương, ví dụ 2")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise FieldError(f'"{value}" không phải là số nguyên', "viết một số nguyên dương, ví dụ 2") from None
    if number <= 0:
        raise FieldError(f"{number} phải lớn hơn 0", "viết một số nguyên dương, ví dụ 2")
    return number


def integer(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"{value!r} không phải là số nguyên", "viết một số nguyên, ví dụ 1")
    return value


def day(value):
    try:
        return parse_date(value)
    except DateFormatError as error:
        raise FieldError(str(error), "viết ngày dạng 2026-05-01 hoặc 01/05/2026") from None


def moment(value):
    try:
        return parse_datetime(text(value))
    except DateFormatError as error:
        raise FieldError(str(error), f"viết {EXAMPLE}") from None


def web_url(value) -> str:
    value = text(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FieldError(
            f'"{value}" không phải là địa chỉ web', "viết đầy đủ, bắt đầu bằng https://"
        )
    return value


def comma_list(value) -> list[str]:
    """``a, b ,, c`` → ``["a", "b", "c"]``, NFC and trimmed."""
    return [item for item in (clean_text(part) for part in str(value).split(",")) if item]
