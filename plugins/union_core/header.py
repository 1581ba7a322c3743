"""Splitting a Markdown source into its metadata header and body, keeping line numbers.

The header is Pelican's Markdown metadata block: ``key: value`` lines at the top of the file,
optionally between ``---`` fences, ended by a blank line. Continuation lines start with
whitespace. We parse it ourselves (rather than through Markdown's ``meta`` extension) so that
every problem can name its line, and so that encoding, BOM, Windows line endings, tabs and
repeated keys are handled the same way by the build, ``invoke check`` and the commit hook.
"""

import re
from dataclasses import dataclass, field

from .vietnamese import nfc

_KEY_LINE = re.compile(r"^(?P<key>[^\W\d_][\w\- ]{0,30}?)[ \t]*:[ \t]*(?P<value>.*)$")
_FENCES = ("---", "...")
# Invisible control characters (pasted from Word and the like) that HTML and XML forbid.
# Word's vertical tab and form feed are line breaks, so they become spaces.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_WORD_BREAKS = re.compile("[\x0b\x0c]")


@dataclass
class HeaderField:
    key: str
    value: str
    line: int


@dataclass
class Source:
    """A decoded source file: header fields in order, the body and where the body starts."""

    fields: list[HeaderField] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    problems: list[tuple[int | None, str, str, str]] = field(default_factory=list)

    def first(self, key: str) -> HeaderField | None:
        return next((f for f in self.fields if f.key == key), None)

    def line_of(self, needle: str) -> int | None:
        """The line of the body where ``needle`` first appears."""
        for offset, line in enumerate(self.body.split("\n")):
            if needle in line:
                return self.body_line + offset
        return None


def decode(raw: bytes) -> tuple[str | None, tuple | None]:
    """UTF-8 text (BOM and control characters removed, NFC, ``\\n`` line ends), or a problem."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex()
        return None, (
            line,
            "encoding",
            f"tệp không phải UTF-8 hợp lệ (byte 0x{byte})",
            "mở tệp và lưu lại với mã hóa UTF-8 (Save with encoding → UTF-8)",
        )
    text = _WORD_BREAKS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", nfc(text)), None


def parse_source(raw: bytes) -> Source:
    """Parse the header of a Markdown source. Problems are recorded, never raised."""
    text, problem = decode(raw)
    if problem:
        return Source(problems=[problem])
    lines = text.split("\n")
    source = Source()
    index = 1 if lines and lines[0].strip() == "---" else 0
    current = None
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped or (stripped in _FENCES and index > 0):
            index += 1
            break
        match = _KEY_LINE.match(line)
        if match and not line[:1].isspace():
            current = HeaderField(_normal_key(match["key"]), match["value"].strip(), index + 1)
            source.fields.append(current)
        elif current is not None and line[:1].isspace():
            current.value = f"{current.value} {stripped}".strip()
        else:
            break
        index += 1
    source.body = "\n".join(lines[index:])
    source.body_line = index + 1
    return source


def _normal_key(key: str) -> str:
    return key.strip().lower().replace(" ", "_").replace("-", "_")
