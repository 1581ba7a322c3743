"""Vietnamese text: normalisation, slugs, alphabetical order and dates, without the OS locale."""

import functools
import re
import unicodedata
from datetime import date, datetime

from unidecode import unidecode

# The Vietnamese alphabet, with the letters Vietnamese borrows (f, j, w, z) in Latin order.
ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET, start=100)}
# Dictionary order of the tones: ngang, huyền, hỏi, ngã, sắc, nặng.
TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a new letter (ă â ê ô ơ ư) rather than a tone.
LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_SPACES = re.compile(r"\s+")
_COMMA = re.compile(r"\s*,\s*")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Unicode NFC form: the same Vietnamese word typed on any keyboard gives the same string."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC, with runs of whitespace made one space and the ends trimmed."""
    return _SPACES.sub(" ", nfc(text)).strip()


def match_key(text: str) -> str:
    """The key two names are compared by: NFC, case-folded, whitespace collapsed."""
    return _COMMA.sub(", ", clean_text(text)).casefold()


MAX_SLUG = 200  # characters, as WordPress; a file name may not exceed 255 bytes


@functools.lru_cache(maxsize=65536)  # the same tags and names are slugified again and again
def slugify(text: str) -> str:
    """An ASCII URL slug: ``Đoàn viên Công đoàn`` → ``doan-vien-cong-doan``; a very long
    text gives a slug cut at a word boundary to ``MAX_SLUG`` characters."""
    slug = _NOT_SLUG.sub("-", unidecode(nfc(text)).lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[: MAX_SLUG + 1].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug


def _fold_table() -> dict:
    """Every precomposed Latin letter with diacritics → its bare letter; combining marks → ''."""
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c))
        if bare != chr(code) and bare.isascii():
            table[code] = bare
    table.update({code: None for code in range(0x300, 0x370)})
    return table


_FOLD = _fold_table()


def fold_for_search(text: str) -> str:
    """Text without any diacritic (đ → d too): ``Công đoàn`` → ``Cong doan``.

    The search index holds folded words and the search box folds the query the same way, so
    a reader typing without diacritics finds the accented words (and the other way round).
    """
    return text.translate(_FOLD)


def _letters(text: str):
    """Yield (letter, tone rank, is upper case) for each character of ``text``."""
    decomposed = unicodedata.normalize("NFD", text)
    index = 0
    while index < len(decomposed):
        base = decomposed[index]
        index += 1
        marks = []
        while index < len(decomposed) and unicodedata.combining(decomposed[index]):
            marks.append(decomposed[index])
            index += 1
        letter_marks = "".join(m for m in marks if m in LETTER_MARKS)
        tone = max((TONE_RANK.get(m, 0) for m in marks), default=0)
        letter = unicodedata.normalize("NFC", base.lower() + letter_marks)
        yield letter, tone, base.isupper()


def _rank(letter: str) -> int:
    if letter in LETTER_RANK:
        return LETTER_RANK[letter]
    if letter.isspace():
        return 0
    if letter.isdigit():
        return 10 + int(letter) if letter.isascii() else 20
    return 1000 + ord(letter)


def sort_key(text: str) -> tuple:
    """Vietnamese dictionary order: Đ after D, Ư after U, tones after the bare letter.

    Letters decide first, tones second, case last, so "Ban" < "Bàn" < "Bán" < "Banh".
    """
    letters = list(_letters(clean_text(text)))
    return (
        tuple(_rank(letter) for letter, _, _ in letters),
        tuple(tone for _, tone, _ in letters),
        tuple(upper for _, _, upper in letters),
    )


def format_date(value: date) -> str:
    """``01/05/2020``."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_datetime(value: datetime) -> str:
    """``Thứ Sáu, 01/05/2020 08:30``."""
    return f"{WEEKDAYS[value.weekday()]}, {format_date(value)} {value.hour:02d}:{value.minute:02d}"


def format_long_date(value: date) -> str:
    """``Thứ Sáu, ngày 01/05/2020``."""
    return f"{WEEKDAYS[value.weekday()]}, ngày {format_date(value)}"


def format_month(value: date) -> str:
    """``Tháng 5/2020``."""
    return f"Tháng {value.month}/{value.year}"


def format_size(size: int) -> str:
    """A file size the Vietnamese way, decimal comma: ``850 byte``, ``4,7 KB``, ``1,2 MB``."""
    if size < 1024:
        return f"{size} byte"
    value, unit = size / 1024, "KB"
    for bigger in ("MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return text.removesuffix(".0").replace(".", ",") + " " + unit
