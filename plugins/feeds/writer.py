"""Atom and RSS 2.0 documents with feedgen 1.0.0 (the only module that imports feedgen).

feedgen 1.0.0 traps, and what we do about each:

- ``add_entry()`` prepends by default, which reverses the entries: we add with
  ``order="append"`` to an already newest-first list.
- An Atom entry's ``<link>`` loses ``rel``, ``type`` and ``length`` (``atom_entry`` reads them
  from the new XML element instead of the link data), so ``enclosure()`` would give a second
  "alternate" link. Atom documents therefore get their enclosure from our own entry extension
  (``AtomEnclosure``), and the cover also as ``media:content`` in both formats.
- RSS drops an author without an e-mail address: RSS items name their authors with Dublin
  Core ``dc:creator`` instead.
- The RSS ``<link>`` of the channel is the *last* link given, so the page link is set last.
- A feed's ``updated`` defaults to the build time: we always set it (see ``make_head``).

Atom and RSS are built from separate generators, so nothing one format needs leaks into the
other.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from union_core.files import files_digest
from union_core.libraries import library_versions

from .catalogue import MEDIA_TYPES
from .entries import Entry, FeedHead
from .media import Enclosure


class AtomEnclosure(BaseEntryExtension):
    """Writes ``<link rel="enclosure" href type length>`` into an Atom entry."""

    def __init__(self):
        self.enclosures = []

    def add(self, enclosure: Enclosure) -> None:
        self.enclosures.append(enclosure)

    def extend_atom(self, entry):
        for enclosure in self.enclosures:
            etree.SubElement(entry, "link", rel="enclosure", href=enclosure.url,
                             type=enclosure.type, length=str(enclosure.length))
        return entry


def _generator(head: FeedHead, fmt: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.load_extension("media")
    feed.id(head.id)
    feed.title(head.title)
    feed.subtitle(head.subtitle)
    feed.language(head.language)
    feed.author(name=head.author)
    feed.updated(head.updated)
    feed.link(href=head.self_links[fmt], rel="self", type=MEDIA_TYPES[fmt])
    feed.link(href=head.page_link, rel="alternate", type="text/html")  # last: RSS <link>
    return feed


def _media(entry_element, enclosure: Enclosure) -> None:
    media = {"url": enclosure.url, "fileSize": str(enclosure.length), "type": enclosure.type,
             "medium": enclosure.medium, "isDefault": "true"}
    if enclosure.width and enclosure.height:
        media.update(width=str(enclosure.width), height=str(enclosure.height))
    entry_element.media.content(media, group=None)


def _add(feed: FeedGenerator, entry: Entry):
    item = feed.add_entry(order="append")
    item.id(entry.id)
    item.title(entry.title)
    item.link(href=entry.link, rel="alternate", type="text/html")
    item.published(entry.published)
    item.updated(entry.updated)
    if entry.summary:
        item.summary(entry.summary, type="text")
    item.content(entry.content, type="html")
    for category in entry.categories:
        item.category(term=category.term, scheme=category.scheme, label=category.term)
    if entry.enclosure:
        _media(item, entry.enclosure)
    return item


def atom_document(head: FeedHead, entries) -> bytes:
    feed = _generator(head, "atom")
    feed.register_extension("atom_enclosure", BaseExtension, AtomEnclosure, atom=True, rss=False)
    for entry in entries:
        item = _add(feed, entry)
        for name in entry.authors:
            item.author(name=name)
        for enclosure in (entry.enclosure, *entry.more_enclosures):
            if enclosure:
                item.atom_enclosure.add(enclosure)
    return feed.atom_str(pretty=True)


def rss_document(head: FeedHead, entries) -> bytes:
    feed = _generator(head, "rss")
    feed.load_extension("dc", atom=False, rss=True)
    for entry in entries:
        item = _add(feed, entry)
        item.dc.dc_creator(list(entry.authors))
        if entry.enclosure:
            item.enclosure(entry.enclosure.url, entry.enclosure.length, entry.enclosure.type)
    return feed.rss_str(pretty=True)


DOCUMENTS = {"atom": atom_document, "rss": rss_document}


@lru_cache(maxsize=None)
def _code_digest() -> str:
    """This package's code: what turns entries into documents."""
    return files_digest(Path(__file__).parent, "*.py")


def document_key(fmt: str, head: FeedHead, entries) -> str:
    """A key of everything a feed document is made from: the format, the head and the entries
    as given to feedgen (their ``repr``: frozen dataclasses of strings, dates and tuples), this
    package's code and the libraries' versions (feedgen, lxml)."""
    text = f"{_code_digest()}|{library_versions()}|{fmt}|{head!r}|{list(entries)!r}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
