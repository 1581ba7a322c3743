"""Showing every problem at once, then stopping cleanly (no traceback for a content mistake)."""

import logging
import sys

from union_core.issues import IssueLog

EXIT_CONTENT_ERRORS = 1


class ContentErrors(SystemExit):
    """Raised to stop a build whose content has errors; carries the issue log for callers."""

    def __init__(self, log: IssueLog | None, message: str):
        super().__init__(EXIT_CONTENT_ERRORS)
        self.log = log
        self.message = message


class SettingError(SystemExit):
    """A setting a plugin cannot use: the build stops at start-up with one line naming the
    setting, what was expected and what was received (no traceback)."""

    def __init__(self, key: str, expected: str, received):
        super().__init__(f"Setting {key}: expected {expected}, received {received!r}")


def whole_number(settings, key: str, least: int = 1) -> int:
    """The setting ``key``, a whole number of at least ``least`` (a bool is not)."""
    value = settings[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise SettingError(key, f"a whole number of at least {least}", value)
    return value


class ErrorCounter(logging.Handler):
    """Counts ERROR records that Pelican itself logs during a build (a file it could not read)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def start(self) -> None:
        self.count = 0
        logger = logging.getLogger("pelican")
        if self not in logger.handlers:
            logger.addHandler(self)

    def stop(self) -> None:
        logging.getLogger("pelican").removeHandler(self)

    def emit(self, record) -> None:
        self.count += 1


def refuse_if_errors(log: IssueLog, counter: ErrorCounter) -> None:
    """Print warnings; on any error print them all and stop before anything is written."""
    if log.errors or log.warnings:
        print(log.report(), file=sys.stderr)
    if log.errors:
        counter.stop()
        message = f"Không xây dựng trang: {len(log.errors)} lỗi trong nội dung (xem danh sách ở trên)."
        print(message, file=sys.stderr)
        raise ContentErrors(log, message)
    fail_on_logged_errors(counter, stop=False)


def fail_on_logged_errors(counter: ErrorCounter, stop: bool = True) -> None:
    if stop:
        counter.stop()
    if counter.count:
        counter.stop()
        message = f"Không xây dựng trang: Pelican báo {counter.count} lỗi (xem ở trên)."
        print(message, file=sys.stderr)
        raise ContentErrors(None, message)
