"""Search records: what Pagefind indexes for one article, page or document, and what results show.

The indexed text is folded (no diacritics, đ → d) and so is every query (theme/static/js/
search.js), so "cong doan" finds "công đoàn"; results show the original title and summary
from the record's metadata, never the folded text.

A record is made from the read source and the metadata the reader gives Pelican for it
(``content_model.reader.source_metadata``), never from Pelican's objects: that is what lets
the index be started as soon as the sources are read.
"""

import functools
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlsplit

import lxml.html

from union_core.sources import ARTICLE, DOCUMENT
from union_core.vietnamese import fold_for_search, format_date, sort_key

FILTER_CAMPAIGN, FILTER_UNIT, FILTER_KIND = "Chuyên mục", "Đơn vị", "Loại"
FILTER_ORDER = (FILTER_CAMPAIGN, FILTER_UNIT, FILTER_KIND)  # as the search page shows them
# A word every record holds, searched for when the reader browses by filters alone: Pagefind
# 1.5 answers a search with no word by downloading every chunk of every shard's word index
# (6 MB for 10,000 articles, 36 MB for 50,000), a search for one word by one chunk per shard.
# No Vietnamese word starts with "zzq", so no query of real words finds it.
EVERY_RECORD_WORD = "zzqtatca"
DOCUMENT_KIND = "Văn bản"  # the kind filter's value for documents (articles: Tin, Bài, Ảnh)
# The metadata field of a dated record's ``moment``: the search page merges the shard of
# edits into a list by date with it (``patches``); Pagefind gives results no sort values.
MOMENT_META = "thoi_diem"


@dataclass(frozen=True)
class SearchRecord:
    url: str
    content: str
    meta: dict
    filters: dict = field(default_factory=dict)
    sort: dict = field(default_factory=dict)


def sort_date(moment) -> str:
    """The date results are sorted by, "2026-07-28T10:30". Not a number: Pagefind sorts values
    that all read as numbers as 32-bit floats, which hold 7 digits, so "202607281030" and
    "202607271500" fell in the same or the wrong order (articles days apart, swapped)."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def moment(date, url: str) -> str:
    """What a dated record is sorted by: its ``sort_date``, then its URL, so that no two are
    equal and every list by date has one order, whatever shard a record is in."""
    return f"{sort_date(date)} {url}"


def body_text(html: str) -> str:
    return " ".join(lxml.html.fromstring(f"<div>{html}</div>").text_content().split()) if html.strip() else ""


def site_path(site_url: str, url: str) -> str:
    """The URL as the browser asks for it on this site: ``/2026/05/bai/`` (or under a prefix)."""
    return f"{_path_prefix(site_url)}/{url}"


@functools.lru_cache(maxsize=4)
def _path_prefix(site_url: str) -> str:  # (once, not for each of 10,000 records)
    return urlsplit(site_url).path.rstrip("/")


def source_record(source, metadata: dict, site_url: str) -> SearchRecord:
    """The record of a read source (``metadata``: the reader's, with the URL it is published at)."""
    item = SimpleNamespace(**metadata, _content=source.rendered.html)
    if source.role == ARTICLE:
        return article_record(item, site_url, source.rendered.text)
    if source.role == DOCUMENT:
        return document_record(item, site_url)
    return page_record(item, site_url)


def article_record(article, site_url: str, text: str) -> SearchRecord:
    """``text``: the body's words as read and folded (cached with the source: folding 10,000
    bodies takes a second). Results show no picture: the search page has none."""
    words = [article.title, article.summary, " ".join(t.name for t in article.tags),
             " ".join(u.name for u in article.units)]
    folded = fold_for_search(" ".join(w for w in words if w))
    url = site_path(site_url, article.url)
    meta = {"title": article.title, "summary": article.summary, "date": format_date(article.date),
            "kind": article.kind_label, "unit": article.unit.short_name, MOMENT_META: moment(article.date, url)}
    return SearchRecord(
        url=url,
        content=f"{folded} {text}" if text else folded,
        meta=meta,
        filters=record_filters(vars(article), ARTICLE),
        sort={"date": meta[MOMENT_META]},
    )


def document_record(document, site_url: str) -> SearchRecord:
    """A document: found by its number, type, issuers and file names as well as its text."""
    issuers = " ".join(i.name for i in document.issuer_records)
    issuer = document.issuer_records[0]
    files = " ".join(a.name for a in document.attachments)
    words = [document.title, document.number, document.document_type.name, issuers, document.summary,
             body_text(document._content), files]
    url = site_path(site_url, document.url)
    sorted_by = moment(document.date, url)
    return SearchRecord(
        url=url,
        content=fold_for_search(" ".join(w for w in words if w)),
        meta={"title": document.title, "summary": document.summary,
              "date": format_date(document.date),
              "kind": " ".join(w for w in (document.document_type.name, document.number) if w),
              "unit": issuer.short_name or issuer.name, MOMENT_META: sorted_by},
        filters=record_filters(vars(document), DOCUMENT),
        sort={"date": sorted_by},
    )


def record_filters(metadata: dict, role: str) -> dict:
    """What a record of ``role`` is found by, from the reader's ``metadata``; a page by none."""
    if role == ARTICLE:
        return {FILTER_CAMPAIGN: [c.name for c in metadata["campaigns"]],
                FILTER_UNIT: [u.name for u in metadata["units"]], FILTER_KIND: [metadata["kind_label"]]}
    if role == DOCUMENT:
        return {FILTER_CAMPAIGN: [c.name for c in metadata["campaigns"]], FILTER_KIND: [DOCUMENT_KIND]}
    return {}


def filter_panel(published) -> list[tuple[str, list[tuple[str, int]]]]:
    """The search page's filters: each with its values in Vietnamese order and the number of
    ``published`` records (``(source, metadata)``) holding each, as Pagefind would count them.
    Rendered with the page, so that the browser need not fetch every shard's filter index."""
    counts = {name: Counter() for name in FILTER_ORDER}
    for source, metadata in published:
        for name, values in record_filters(metadata, source.role).items():
            counts[name].update(set(values))
    return [(name, sorted(counts[name].items(), key=lambda item: sort_key(item[0])))
            for name in FILTER_ORDER if counts[name]]


def page_record(page, site_url: str) -> SearchRecord:
    summary = getattr(page, "summary", "") or ""
    return SearchRecord(
        url=site_path(site_url, page.url),
        content=fold_for_search(f"{page.title} {summary} {body_text(page._content)}"),
        meta={"title": page.title, "summary": summary},
        sort={"date": "0"},
    )
