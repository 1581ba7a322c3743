"""Problems found in content, reported to editors as ``path:line: field: message``."""

import os
from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Issue:
    path: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR

    def format(self) -> str:
        location = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{location}: {self.field}: {self.message}"
        if self.hint:
            text += f" Gợi ý: {self.hint}"
        if self.severity == WARNING:
            text += " [cảnh báo]"
        return text


def display_path(path: str | os.PathLike) -> str:
    """The path as an editor typed it: relative to the working directory when inside it
    (symbolic links are not followed: a link is named as it is)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


class IssueLog:
    """Collects every issue of one build or check, so all of them are shown at once."""

    def __init__(self):
        self._issues: list[Issue] = []

    def add(self, path, line, field, message, hint="", severity=ERROR) -> None:
        self._issues.append(Issue(display_path(path), line, field, message, hint, severity))

    def extend(self, issues) -> None:
        self._issues.extend(issues)

    @property
    def errors(self) -> list[Issue]:
        return sorted(i for i in self._issues if i.severity == ERROR)

    @property
    def warnings(self) -> list[Issue]:
        return sorted(i for i in self._issues if i.severity == WARNING)

    def report(self) -> str:
        """All issues, errors first, one per line, with a one-line count at the end."""
        lines = [issue.format() for issue in self.errors + self.warnings]
        lines.append(f"{len(self.errors)} lỗi, {len(self.warnings)} cảnh báo.")
        return "\n".join(lines)
