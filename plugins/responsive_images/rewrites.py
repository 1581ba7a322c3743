"""Articles' HTML with their photos as pictures, remembered between builds.

Rewriting an article's HTML parses it and writes it again (``markup``, beautifulsoup4): about
a millisecond an article, which a nightly build of an archive where most articles have photos
paid for every article, changed or not. The result is kept under a key of everything it is
made from: the HTML, each picture (every candidate's address and size), the links to photos,
whether the article is a photo story, and a fingerprint of Python's and the libraries'
versions, the code, the theme's templates (the picture macros), the Jinja settings and the
site's address. (Like every cache here, it trusts the code on disk to be the code running:
restart ``invoke serve`` after editing the plugins.)
"""

import hashlib
import json
import sys
import time
from pathlib import Path

from union_core.cache_db import CacheFile
from union_core.files import files_digest
from union_core.libraries import library_versions

PLUGINS_DIR = Path(__file__).resolve().parents[1]
JINJA_SETTINGS = ("JINJA_ENVIRONMENT", "JINJA_FILTERS", "JINJA_TESTS", "JINJA_GLOBALS")
SCHEMA = ("DROP TABLE IF EXISTS rewritten;"  # the first version's table
          "CREATE TABLE IF NOT EXISTS pictures_html (key TEXT PRIMARY KEY, html TEXT, used REAL)")


def rewrite_fingerprint(settings) -> str:
    parts = [sys.version, files_digest(PLUGINS_DIR, "*.py", skip="site_build"),
             files_digest(Path(settings["THEME"]) / "templates", "*"),
             json.dumps([settings.get(name) for name in JINJA_SETTINGS], sort_keys=True, default=_name),
             settings.get("SITEURL", ""), library_versions()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _name(value) -> str:
    """A filter or test by its name (its code is the plugins' or the settings file's), never by
    ``repr``, which holds a memory address that changes from one run to the next."""
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"


class RewriteMemo:
    """An SQLite file of rewritten HTML by key; without a file, every rewrite is done again.
    An entry no build used for ``max_age_days`` is forgotten (a preview and a publishing
    build may share the cache, each with its own site address)."""

    def __init__(self, file: Path | None, fingerprint: str, max_age_days: int = 30):
        self.fingerprint = fingerprint
        self.max_age = max_age_days * 86400
        self.file = CacheFile(file, SCHEMA)
        self.used: set[str] = set()
        self.fresh: dict[str, str] = {}
        self.stats = {"rewritten": 0, "remembered": 0}

    def rewritten(self, html: str, pictures: dict, links: dict, story: bool, rewrite) -> str:
        """``rewrite()``'s result for these inputs: remembered, or made now and remembered."""
        key = hashlib.sha256("\0".join([self.fingerprint, html, repr(sorted(pictures.items())),
                                        repr(sorted(links.items())), str(story)]).encode()).hexdigest()
        if key not in self.fresh:
            row = self.file.do(lambda db: db.execute("SELECT html FROM pictures_html WHERE key = ?",
                                                     (key,)).fetchone())
            if row is not None:
                self.stats["remembered"] += 1
                self.used.add(key)
                return row[0]
            self.stats["rewritten"] += 1
            self.fresh[key] = rewrite()
        return self.fresh[key]

    def close(self) -> None:
        """Store this build's new results, mark those it used, forget the old ones."""
        now = time.time()

        def save(db):
            db.executemany("INSERT OR REPLACE INTO pictures_html VALUES (?, ?, ?)",
                           ((key, html, now) for key, html in self.fresh.items()))
            db.executemany("UPDATE pictures_html SET used = ? WHERE key = ?", ((now, key) for key in self.used))
            db.execute("DELETE FROM pictures_html WHERE used < ?", (now - self.max_age,))

        self.file.do(save)
        self.file.close()
