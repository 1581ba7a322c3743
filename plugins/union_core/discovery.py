"""Finding the article and page sources of a content folder, as Pelican's generators do."""

import fnmatch
import os
from pathlib import Path

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}


def _walk(root: Path, top: str, excludes, ignores):
    start = root / top if top else root
    if not start.is_dir():
        return
    for dirpath, dirs, files in os.walk(start, followlinks=True):
        relative = Path(dirpath).relative_to(root)
        dirs[:] = sorted(
            d for d in dirs
            if (relative / d).as_posix() not in excludes
            and not any(fnmatch.fnmatch(d, pattern) for pattern in ignores)
        )
        for name in sorted(files):
            if Path(name).suffix.lower() in MARKDOWN_SUFFIXES and not any(
                fnmatch.fnmatch(name, pattern) for pattern in ignores
            ):
                yield Path(dirpath) / name


def find_sources(settings: dict) -> list[tuple[Path, str]]:
    """``[(path, "article" | "page" | "document")]`` for every Markdown source the build reads.

    Documents (``DOCUMENT_PATHS``) are never read as articles, whatever ARTICLE_EXCLUDES says.
    """
    root = Path(settings["PATH"])
    ignores = settings["IGNORE_FILES"]
    documents = [
        (path, "document")
        for top in settings.get("DOCUMENT_PATHS", [])
        for path in _walk(root, top, set(), ignores)
    ]
    pages = [
        (path, "page")
        for top in settings["PAGE_PATHS"]
        for path in _walk(root, top, set(settings.get("PAGE_EXCLUDES", [])), ignores)
    ]
    page_paths = {path for path, _ in pages + documents}
    article_excludes = {*settings["ARTICLE_EXCLUDES"], *settings.get("DOCUMENT_PATHS", [])}
    articles = [
        (path, "article")
        for top in settings["ARTICLE_PATHS"]
        for path in _walk(root, top, article_excludes, ignores)
        if path not in page_paths
    ]
    return articles + pages + documents
