"""Finding the article and page sources of a content folder, as Pelican's generators do."""

import fnmatch
import os
from pathlib import Path

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}


def outside_content(path: Path, root: Path) -> bool:
    """Whether ``path``, once every symbolic link is followed, lies out of the content folder."""
    return not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))


def escapes(path: Path, root: Path) -> bool:
    """A symbolic link that leads out of the content folder (a file or folder it must not read)."""
    return os.path.islink(path) and outside_content(path, root)


def _walk(root: Path, top: str, excludes, ignores, outside: list):
    start = root / top if top else root
    if not start.is_dir():
        return
    for dirpath, dirs, files in os.walk(start, followlinks=True):
        relative = Path(dirpath).relative_to(root)
        kept = []
        for d in sorted(dirs):
            if (relative / d).as_posix() in excludes or any(fnmatch.fnmatch(d, p) for p in ignores):
                continue
            if escapes(Path(dirpath) / d, root):
                outside.append(Path(dirpath) / d)
            else:
                kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            if Path(name).suffix.lower() in MARKDOWN_SUFFIXES and not any(
                fnmatch.fnmatch(name, pattern) for pattern in ignores
            ):
                path = Path(dirpath) / name
                if escapes(path, root):
                    outside.append(path)
                else:
                    yield path


def find_sources(settings: dict, outside: list | None = None) -> list[tuple[Path, str]]:
    """``[(path, "article" | "page" | "document")]`` for every Markdown source the build reads.

    Documents (``DOCUMENT_PATHS``) are never read as articles, whatever ARTICLE_EXCLUDES says.
    Symbolic links leading out of the content folder are not followed; they are appended to
    ``outside`` (for an error naming them).
    """
    root = Path(settings["PATH"])
    ignores = settings["IGNORE_FILES"]
    outside = [] if outside is None else outside
    documents = [
        (path, "document")
        for top in settings.get("DOCUMENT_PATHS", [])
        for path in _walk(root, top, set(), ignores, outside)
    ]
    pages = [
        (path, "page")
        for top in settings["PAGE_PATHS"]
        for path in _walk(root, top, set(settings.get("PAGE_EXCLUDES", [])), ignores, outside)
    ]
    page_paths = {path for path, _ in pages + documents}
    article_excludes = {*settings["ARTICLE_EXCLUDES"], *settings.get("DOCUMENT_PATHS", [])}
    articles = [
        (path, "article")
        for top in settings["ARTICLE_PATHS"]
        for path in _walk(root, top, article_excludes, ignores, outside)
        if path not in page_paths
    ]
    return articles + pages + documents
