"""The stand-in page Pagefind indexes for one search record.

Each record becomes a small page at the record's URL: its body holds the folded text to
index; metadata and filters sit outside the body. Pagefind's crawler (Rust) indexes thousands
of them in seconds; its Python service API answers one request per 0.1 s, too slow here.
"""

from lxml import etree
from lxml.html import builder as E


class SearchIndexError(RuntimeError):
    """Pagefind failed; carries what it printed."""


def stand_in_page(record) -> bytes:
    hidden = []
    for name, value in sorted(record.meta.items()):
        hidden.append(E.SPAN(value, **{"data-pagefind-meta": name}))
    for name, values in sorted(record.filters.items()):
        hidden.extend(E.SPAN(value, **{"data-pagefind-filter": name}) for value in values)
    for name, value in sorted(record.sort.items()):
        hidden.append(E.SPAN(value, **{"data-pagefind-sort": name}))
    page = E.HTML(
        E.HEAD(E.META(charset="utf-8"), E.TITLE(record.meta.get("title", ""))),
        E.BODY(E.MAIN(E.P(record.content), **{"data-pagefind-body": ""}), E.DIV(*hidden)),
        lang="vi",
    )
    return etree.tostring(page, encoding="utf-8", method="html", doctype="<!DOCTYPE html>")
