"""Reading ``[[array]]`` entries of a TOML data file against a field table."""

import difflib
from dataclasses import dataclass
from typing import Callable

from .issues import IssueLog
from .toml_source import TomlSource
from .values import FieldError


@dataclass(frozen=True)
class Spec:
    required: bool
    parse: Callable


def closest(word: str, choices) -> str:
    """The closest choice to a misspelt word, or '' when nothing is close."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else ""


def unknown_key_hint(key: str, known) -> str:
    guess = closest(key, known)
    return f'có phải ý bạn là "{guess}"?' if guess else "các khóa hợp lệ: " + ", ".join(known)


def parse_table(table: dict, specs: dict, source: TomlSource, log: IssueLog, where) -> dict | None:
    """Check one table against ``specs``; return the parsed values, or None if unusable.

    ``where`` is ``(array, index)`` for an array entry, or ``(None, 0)`` for the whole file.
    """
    array, index = where
    values, usable = {}, True
    for key, raw in table.items():
        if key not in specs:
            line = source.key_line(key, array, index)
            log.add(source.path, line, key, "khóa không được hỗ trợ", unknown_key_hint(key, specs))
            continue
        try:
            values[key] = specs[key].parse(raw)
        except FieldError as error:
            log.add(source.path, source.key_line(key, array, index), key, error.message, error.hint)
            usable = usable and not specs[key].required
    for key, spec in specs.items():
        if spec.required and key not in table:
            line = source.entry_line(array, index) if array else None
            log.add(source.path, line, key, "thiếu trường bắt buộc", f'thêm dòng {key} = "…"')
            usable = False
    return values if usable else None


def read_entries(source: TomlSource, array: str, specs: dict, log: IssueLog):
    """Yield ``(index, values)`` for every usable ``[[array]]`` entry of ``source``."""
    entries = source.data.get(array, [])
    if not isinstance(entries, list):
        log.add(source.path, source.key_line(array), array, f"phải là các mục [[{array}]]")
        return
    for index, table in enumerate(entries):
        values = parse_table(table, specs, source, log, (array, index))
        if values is not None:
            yield index, values


def check_top_level(source: TomlSource, allowed, log: IssueLog) -> None:
    """Report top-level tables or keys a file does not define (a typo like ``[[units]]``)."""
    for key in source.data:
        if key not in allowed:
            line = source.key_line(key) or _array_line(source, key)
            log.add(source.path, line, key, "mục không được hỗ trợ", unknown_key_hint(key, allowed))


def _array_line(source: TomlSource, key: str):
    return source.entry_line(key, 0)
