"""All sources of a build, read once through the core's cached, parallel reader.

The build and ``invoke check`` read with the same settings, the same link placeholders and
the same cache, so a check after a build (or the nightly's check before its build) reuses it.
"""

import hashlib
from pathlib import Path

from union_core.discovery import MARKDOWN_SUFFIXES, find_sources
from union_core.files import relative_posix
from union_core.reading import ReadJob, SourceCache, code_fingerprint, data_fingerprint, default_processes, read_all

READING_SETTINGS = ("MARKDOWN", "ARTICLE_PATHS", "ARTICLE_EXCLUDES", "PAGE_PATHS",
                    "PAGE_EXCLUDES", "IGNORE_FILES", "VIDEO_EMBEDS", "DOCUMENT_PATHS")


def link_placeholder(content_root: Path):
    """Local files become Pelican ``{static}`` / ``{filename}`` links, resolved at output."""
    root = Path(content_root)

    def rewrite(url: str, target: Path) -> str:
        kind = "filename" if target.suffix.lower() in MARKDOWN_SUFFIXES else "static"
        anchor = "#" + url.split("#", 1)[1] if "#" in url else ""
        return f"{{{kind}}}/{target.relative_to(root).as_posix()}{anchor}"

    return rewrite


def source_cache(settings, content_root: Path, registries, links: dict) -> SourceCache:
    """The cache of this code, these settings and registries, and these symbolic links: a
    source keeps the files it references as resolved when read (a photo linked to another
    one, with the article unchanged, would keep the old photo)."""
    fingerprint = hashlib.sha256("|".join([
        code_fingerprint(), data_fingerprint(content_root / "data"),
        repr([settings.get(key) for key in READING_SETTINGS]),
        repr(sorted((relative_posix(link, content_root), target) for link, target in links.items())),
    ]).encode()).hexdigest()
    folder = settings.get("CACHE_PATH")
    return SourceCache(Path(folder) / "sources.sqlite" if folder else None, fingerprint, content_root, registries)


def read_sources(settings, content_root: Path, registries, log, staged=None, stats=None, digests=None) -> dict:
    """``{path: ContentSource}`` of every article and page of the content folder (``stats`` and
    ``digests``: see ``read_all``)."""
    job = ReadJob(content_root, registries, settings.get("MARKDOWN", {}), link_placeholder(content_root),
                  settings.get("VIDEO_EMBEDS"))
    processes = int(settings.get("READ_PROCESSES") or default_processes())
    outside, links = [], {}
    requests = find_sources(settings, outside, links)
    for link in outside:
        log.add(link, None, "file", "liên kết tượng trưng (symlink) trỏ ra ngoài thư mục content, không đọc",
                "đặt tệp thật vào thư mục content thay cho liên kết")
    return read_all(requests, job, log, source_cache(settings, content_root, registries, links), processes, staged, stats, digests)
