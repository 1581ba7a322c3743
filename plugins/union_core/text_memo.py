"""Texts made from other texts, remembered between builds in an SQLite file (``cache_db``).

For the costly transformations done to every article at every build though few articles
change: an article's HTML with its pictures (photos plugin), a feed entry's HTML with absolute
addresses (feeds), each parsed and written again by beautifulsoup4. A result is kept under a
key of everything it is made from, which the caller lists, and a fingerprint of Python's and
the libraries' versions, the plugins' code and whatever else the caller names. An entry no build
used for ``max_age_days`` is forgotten (a preview and a publishing build may share the cache,
each with its own site address). Without a file, every text is made again. Like every cache
here, it trusts the code on disk to be the code running: restart ``invoke serve`` after
editing the plugins.
"""

import hashlib
import sys
import time
from pathlib import Path

from .cache_db import CacheFile
from .files import plugins_digest
from .libraries import library_versions

SCHEMA = ("DROP TABLE IF EXISTS rewritten; DROP TABLE IF EXISTS pictures_html;"  # earlier layouts
          "CREATE TABLE IF NOT EXISTS texts (key TEXT PRIMARY KEY, text TEXT, used REAL)")


def code_fingerprint(*extra: str) -> str:
    parts = [sys.version, library_versions(), plugins_digest(), *extra]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class TextMemo:
    def __init__(self, file: Path | None, fingerprint: str, max_age_days: int = 30):
        self.fingerprint = fingerprint
        self.max_age = max_age_days * 86400
        self.file = CacheFile(file, SCHEMA)
        self.used: set[str] = set()
        self.fresh: dict[str, str] = {}
        self.stats = {"made": 0, "remembered": 0}

    def get(self, parts: list[str], make) -> str:
        """``make()``'s result for the inputs ``parts``: remembered, or made now and remembered."""
        key = hashlib.sha256("\0".join([self.fingerprint, *parts]).encode("utf-8", "surrogatepass")).hexdigest()
        if key not in self.fresh:
            row = self.file.do(lambda db: db.execute("SELECT text FROM texts WHERE key = ?", (key,)).fetchone())
            if row is not None:
                self.stats["remembered"] += 1
                self.used.add(key)
                return row[0]
            self.stats["made"] += 1
            self.fresh[key] = make()
        return self.fresh[key]

    def close(self) -> None:
        """Store this build's new results, mark those it used, forget the old ones."""
        now = time.time()

        def save(db):
            db.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?, ?)",
                           ((key, text, now) for key, text in self.fresh.items()))
            db.executemany("UPDATE texts SET used = ? WHERE key = ?", ((now, key) for key in self.used))
            db.execute("DELETE FROM texts WHERE used < ?", (now - self.max_age,))

        self.file.do(save)
        self.file.close()
