"""Opening a build cache's SQLite file: one that is damaged is started again, empty.

A cache only saves work, so it must never stop a build: CI restores cache folders that may
have been cut short (a runner stopped while saving), and a disk can fill up mid-write.
"""

import sqlite3
from pathlib import Path


def open_cache_db(file: Path, schema: str) -> sqlite3.Connection:
    """A connection to ``file`` with ``schema`` (a ``CREATE TABLE IF NOT EXISTS``) applied;
    a file SQLite cannot read is deleted and made again."""
    file.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(file, schema)
    except sqlite3.DatabaseError:
        for damaged in (file, file.with_name(file.name + "-journal"), file.with_name(file.name + "-wal")):
            damaged.unlink(missing_ok=True)
        return _open(file, schema)


def _open(file: Path, schema: str) -> sqlite3.Connection:
    db = sqlite3.connect(file)
    try:
        db.execute(schema)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db
