"""Articles' HTML with their photos as pictures, remembered between builds.

Rewriting an article's HTML parses it and writes it again (``markup``, beautifulsoup4): about
a millisecond an article, which a nightly build of an archive where most articles have photos
paid for every article, changed or not. The result is kept under a key of everything it is
made from: the HTML, each picture (every candidate's address and size), the links to photos,
whether the article is a photo story, and a fingerprint of the code, the theme's templates
(the picture macros), the Jinja options, the site's address and the libraries' versions.
Entries a build did not use are forgotten when its photos are published.
"""

import hashlib
import json
from pathlib import Path

from union_core.cache_db import open_cache_db
from union_core.files import files_digest
from union_core.libraries import library_versions

PLUGINS_DIR = Path(__file__).resolve().parents[1]


def rewrite_fingerprint(settings) -> str:
    parts = [files_digest(PLUGINS_DIR, "*.py", skip="site_build"),
             files_digest(Path(settings["THEME"]) / "templates", "*"),
             json.dumps(settings.get("JINJA_ENVIRONMENT"), sort_keys=True, default=str),
             settings.get("SITEURL", ""), library_versions()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class RewriteMemo:
    """An SQLite file of rewritten HTML by key; without a file, every rewrite is done again."""

    def __init__(self, file: Path | None, fingerprint: str):
        self.fingerprint = fingerprint
        self.db = None
        self.used: set[str] = set()
        self.fresh: dict[str, str] = {}
        self.stats = {"rewritten": 0, "remembered": 0}
        if file is not None:
            self.db = open_cache_db(file, "CREATE TABLE IF NOT EXISTS rewritten (key TEXT PRIMARY KEY, html TEXT)")

    def rewritten(self, html: str, pictures: dict, links: dict, story: bool, rewrite) -> str:
        """``rewrite()``'s result for these inputs: remembered, or made now and remembered."""
        key = hashlib.sha256("\0".join([self.fingerprint, html, repr(sorted(pictures.items())),
                                        repr(sorted(links.items())), str(story)]).encode()).hexdigest()
        self.used.add(key)
        if key in self.fresh:
            return self.fresh[key]
        row = self.db.execute("SELECT html FROM rewritten WHERE key = ?", (key,)).fetchone() if self.db else None
        if row is not None:
            self.stats["remembered"] += 1
            return row[0]
        self.stats["rewritten"] += 1
        self.fresh[key] = rewrite()
        return self.fresh[key]

    def close(self) -> None:
        """Store this build's new results and forget the entries it did not use."""
        if self.db is None:
            return
        with self.db:
            self.db.executemany("INSERT OR REPLACE INTO rewritten VALUES (?, ?)", self.fresh.items())
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM used")
            self.db.executemany("INSERT INTO used VALUES (?)", ((key,) for key in self.used))
            self.db.execute("DELETE FROM rewritten WHERE key NOT IN (SELECT key FROM used)")
        self.db.close()
        self.db = None
