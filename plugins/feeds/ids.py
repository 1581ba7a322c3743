"""Stable feed ids: what a reader uses to know that an entry is one it has already seen.

The rule. An article's id is a ``tag:`` URI (RFC 4151) made of the site's tagging authority
(``<host of data/site.toml url>,2026`` unless ``FEEDS_ID_AUTHORITY`` says otherwise) and the
article's *source key*: its file path relative to the content folder, without the ``.md``
extension, in lower case; a file named ``bai.md`` (or ``index.md``) stands for its folder, so
``2026/le-khai-mac.md`` and ``2026/le-khai-mac/bai.md`` have the same key ``2026/le-khai-mac``::

    tag:congdoan-donglam.example,2026:article/2026/le-khai-mac

Editing the title, the slug, the date, the summary or the body keeps the id, and so does moving
the article into its own folder to add photos (the editors' guide asks for exactly that). Only
renaming or moving the file to another path gives a new id (readers then see a new entry).
Nothing here depends on the build time, the public address given at build time or the order of
files on disk.
"""

from collections import defaultdict
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from union_core.vietnamese import nfc

# File names that stand for the folder they are in (an article with its own photo folder).
FOLDER_ARTICLE_NAMES = ("bai", "index")
# The date part of the default tagging authority (RFC 4151): fixed, so ids never change.
DEFAULT_TAGGING_DATE = "2026"


def source_key(source_path, content_root) -> str:
    """``2026/le-khai-mac/bai.md`` → ``2026/le-khai-mac`` (see the module docstring)."""
    relative = Path(source_path).resolve().relative_to(Path(content_root).resolve())
    path = PurePosixPath(relative.as_posix()).with_suffix("")
    if path.name.lower() in FOLDER_ARTICLE_NAMES and len(path.parts) > 1:
        path = path.parent
    return nfc(path.as_posix()).lower()


def default_authority(*urls: str) -> str:
    """``host,2026`` from the first of ``urls`` that has a host name, else ''."""
    for url in urls:
        host = urlsplit(url or "").hostname
        if host:
            return f"{host},{DEFAULT_TAGGING_DATE}"
    return ""


def tag_uri(authority: str, kind: str, key: str) -> str:
    """``tag:<authority>:<kind>/<key>`` with the key percent-encoded where a URI needs it."""
    return f"tag:{authority}:{kind}/{quote(key, safe='/')}"


def clashing_keys(source_paths, content_root) -> dict:
    """``{key: [source paths]}`` for every key that more than one source file would share."""
    found = defaultdict(list)
    for path in source_paths:
        found[source_key(path, content_root)].append(str(path))
    return {key: sorted(paths) for key, paths in found.items() if len(paths) > 1}
