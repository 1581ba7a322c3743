"""Stable feed ids: what a reader uses to know that an entry is one it has already seen.

The rule. An article's id is a ``tag:`` URI (RFC 4151) made of the site's tagging authority
(``<host of data/site.toml url>,2026`` unless ``FEEDS_ID_AUTHORITY`` says otherwise) and the
article's *source key* (``union_core.identity``): its file path relative to the content folder,
without the ``.md`` extension, in lower case; a file named ``bai.md`` (or ``index.md``) stands
for its folder, so ``2026/le-khai-mac.md`` and ``2026/le-khai-mac/bai.md`` have the same key
``2026/le-khai-mac``. Two sources with one key are an error of the cross-file checks::

    tag:congdoan-donglam.example,2026:article/2026/le-khai-mac

Editing the title, the slug, the date, the summary or the body keeps the id, and so does moving
the article into its own folder to add photos (the editors' guide asks for exactly that). Only
renaming or moving the file to another path gives a new id (readers then see a new entry).
Nothing here depends on the build time, the public address given at build time or the order of
files on disk.
"""

from urllib.parse import quote, urlsplit

from union_core.identity import source_key  # noqa: F401 - the key feed ids are made from

# The date part of the default tagging authority (RFC 4151): fixed, so ids never change.
DEFAULT_TAGGING_DATE = "2026"


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
