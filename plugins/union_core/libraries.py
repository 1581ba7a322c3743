"""The versions of the libraries that shape what a build writes, as one part of cache keys.

Each cache hashes the project's own code; the libraries count too: a cache restored after one
of them changed (a new pin in requirements.txt, another environment) must not be trusted, as
pages rendered, sources read or search bundles built by the old version would be mixed with
new ones (two Pagefind versions in one search, for instance).
"""

from functools import lru_cache
from importlib import metadata

OUTPUT_LIBRARIES = ("pelican", "Jinja2", "Markdown", "nh3", "lxml", "beautifulsoup4", "feedgen",
                    "pillow", "pagefind_bin")


@lru_cache(maxsize=None)
def library_versions(names: tuple[str, ...] = OUTPUT_LIBRARIES) -> str:
    """``"pelican=4.12.0;Jinja2=3.1.6;…"`` for the installed distributions (``-`` if absent)."""
    parts = []
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        parts.append(f"{name}={version}")
    return ";".join(parts)
