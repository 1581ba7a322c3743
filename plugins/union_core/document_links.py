"""Links to documents by their number: ``[Nghị quyết 02](van-ban:02-NQ/TW)`` in Markdown.

The target is the document's number (số hiệu) as printed on it, compared without regard to
case, spaces or the kind of dash. Numbers restart every year, so when several documents share
one, ``@`` and the year of issue pick one: ``van-ban:01/KH-LĐLĐ@2026``. The check reports an
unknown or ambiguous number with the closest numbers; the documents plugin turns the link into
the document page's URL when the site is written.
"""

import difflib
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import unquote

from .vietnamese import match_key

SCHEME = "van-ban:"
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", " ": ""})


def number_key(number: str) -> str:
    """``02-nq/tw`` for "02-NQ/TW", "02 – NQ/TW" or "02-nq/tw"."""
    return match_key(number).translate(_DASHES)


@dataclass(frozen=True)
class Target:
    number: str
    year: int | None


def parse_target(href: str) -> Target:
    """``van-ban:01/KH-LĐLĐ@2026`` → number "01/KH-LĐLĐ", year 2026."""
    text = unquote(href[len(SCHEME):]).strip()
    number, at, year = text.rpartition("@")
    if at and year.isdigit() and len(year) == 4:
        return Target(number.strip(), int(year))
    return Target(text, None)


class DocumentIndex:
    """Documents by number; ``items`` are ``(number, year of issue, document)``."""

    def __init__(self, items):
        self._by_key = defaultdict(list)
        self._numbers = {}
        for number, year, document in items:
            if number:
                self._by_key[number_key(number)].append((year, document))
                self._numbers.setdefault(number_key(number), number)

    def find(self, href: str):
        """``(document, None)``, or ``(None, (message, hint))`` saying what is wrong."""
        target = parse_target(href)
        found = self._by_key.get(number_key(target.number), [])
        if target.year is not None:
            found = [(year, doc) for year, doc in found if year == target.year]
        if len(found) == 1:
            return found[0][1], None
        if found:
            years = ", ".join(sorted({str(year) for year, _ in found}))
            hint = (f"thêm @năm để chọn, ví dụ {SCHEME}{target.number}@{found[0][0]}"
                    if target.year is None else "liên kết tới tệp .md của văn bản thay vì số hiệu")
            return None, (f'có {len(found)} văn bản số "{target.number}" (năm {years})', hint)
        year = f" năm {target.year}" if target.year else ""
        return None, (f'không có văn bản số "{target.number}"{year}', self.suggest(target.number))

    def suggest(self, number: str) -> str:
        close = difflib.get_close_matches(number_key(number), list(self._numbers), n=3, cutoff=0.5)
        if not close:
            return "kiểm tra số hiệu trong phần đầu tệp văn bản (number: …)"
        return "số gần giống: " + ", ".join(f"{SCHEME}{self._numbers[key]}" for key in close)
