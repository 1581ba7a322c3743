"""Opening a build cache's SQLite file: a damaged one is started again, a busy one is left alone.

A cache only saves work, so it must never stop a build: CI restores cache folders that may
have been cut short (a runner stopped while saving), and a disk can fill up mid-write. A file
SQLite cannot read (not a database, or corrupt) is deleted and made again; a file it cannot
use now (locked by another build for longer than the wait, not writable) is not touched, and
the build goes on without that cache.
"""

import sqlite3
from pathlib import Path

DAMAGED = {sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT}


def is_damaged(error: Exception) -> bool:
    return getattr(error, "sqlite_errorcode", None) in DAMAGED


def _open_or_start_again(file: Path, schema: str, timeout: float = 5.0) -> sqlite3.Connection | None:
    """A connection to ``file`` with ``schema`` (``CREATE TABLE IF NOT EXISTS`` statements,
    separated by ``;``) applied, or None when the file cannot be used now."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        return _open(file, schema, timeout)
    except (OSError, sqlite3.Error) as error:
        if not is_damaged(error):
            return None
    _delete_damaged(file)
    try:
        return _open(file, schema, timeout)
    except sqlite3.Error:
        return None


def _delete_damaged(file: Path) -> None:
    for damaged in (file, file.with_name(file.name + "-journal"), file.with_name(file.name + "-wal")):
        damaged.unlink(missing_ok=True)


def _open(file: Path, schema: str, timeout: float) -> sqlite3.Connection:
    db = sqlite3.connect(file, timeout=timeout)
    try:
        for statement in schema.split(";"):
            db.execute(statement)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        db.close()
        raise
    return db


class CacheFile:
    """An SQLite cache file, given up at its first error (and deleted if damaged): the build
    then goes on as if the cache were empty."""

    def __init__(self, file: Path | None, schema: str, timeout: float = 5.0):
        self.file = file
        self.db = _open_or_start_again(file, schema, timeout) if file is not None else None

    def do(self, work, default=None):
        """``work(connection)`` in a transaction; ``default`` without a usable file."""
        if self.db is None:
            return default
        try:
            with self.db:
                return work(self.db)
        except sqlite3.Error as error:
            self.close()
            if is_damaged(error):
                _delete_damaged(self.file)
            return default

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
