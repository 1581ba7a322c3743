"""TOML data files with the line numbers tomllib does not keep, for editor-facing messages."""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"' ]+?)\s*=")
_LINE_IN_ERROR = re.compile(r"line (\d+)")


@dataclass
class TomlSource:
    """One parsed TOML file: its data, and where each array entry and key sits in the text."""

    path: Path
    data: dict = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def entry_line(self, array: str, index: int) -> int | None:
        """Line of the ``[[array]]`` header of entry number ``index`` (0-based)."""
        seen = -1
        for number, line in enumerate(self.lines, start=1):
            match = _ARRAY_HEADER.match(line)
            if match and match.group(1).strip("\"'") == array:
                seen += 1
                if seen == index:
                    return number
        return None

    def key_line(self, key: str, array: str | None = None, index: int = 0) -> int | None:
        """Line where ``key = …`` is written: at top level, or inside an array entry."""
        start = 1 if array is None else self.entry_line(array, index)
        if start is None:
            return None
        for number in range(start + (array is not None), len(self.lines) + 1):
            line = self.lines[number - 1]
            if _TABLE_HEADER.match(line):
                break
            match = _KEY.match(line)
            if match and match.group(1).strip("\"' ") == key:
                return number
        return start if array is not None else None


class TomlError(ValueError):
    """A TOML file that cannot be read; carries the line when tomllib names one."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def load_toml(path: Path) -> TomlSource:
    """Read and parse ``path``; raise TomlError with a line number on a syntax error."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TomlError(f"không đọc được tệp ({error.strerror})", None) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise TomlError("tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8", line) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = _LINE_IN_ERROR.search(str(error))
        raise TomlError(
            f"sai cú pháp TOML ({error})", int(match.group(1)) if match else None
        ) from None
    return TomlSource(path=path, data=data, lines=text.splitlines())
