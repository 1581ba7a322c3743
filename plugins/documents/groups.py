"""Documents grouped by type, issuer and year; number links turned into links to pages."""

import re
from dataclasses import dataclass
from html import unescape

from union_core.document_links import SCHEME, DocumentIndex

from .content import Grouping

# Markdown writes ``[text](van-ban:02-NQ/TW)`` as ``<a href="van-ban:02-NQ/TW">``.
_DOCUMENT_HREF = re.compile(r"""(?P<lead>\bhref=)(?P<quote>["'])""" + re.escape(SCHEME)
                            + r"""(?P<target>[^"']*)(?P=quote)""")


@dataclass(frozen=True)
class GroupPatterns:
    """URL and output path patterns (``{slug}``) of type, issuer and year pages."""

    type_url: str
    type_save_as: str
    issuer_url: str
    issuer_save_as: str
    year_url: str
    year_save_as: str

    def grouping(self, kind: str, slug: str, name: str, record=None) -> Grouping:
        url, save_as = getattr(self, f"{kind}_url"), getattr(self, f"{kind}_save_as")
        return Grouping(kind, slug, name, url.format(slug=slug), save_as.format(slug=slug), record)


def newest_first(documents) -> list:
    """By issue date, newest first; same-day documents in source-path order (stable)."""
    by_path = sorted(documents, key=lambda d: d.source_path)
    return sorted(by_path, key=lambda d: d.date, reverse=True)


def group_documents(documents, registries, patterns: GroupPatterns):
    """Types and issuers in registry order (empty ones too), years newest first.

    Each document gets ``type``, ``issuers`` (the first is ``issuer``), ``year`` and
    ``same_type``: the first four other documents of its type (a page lists them).
    """
    types = {t.slug: patterns.grouping("type", t.slug, t.name, t)
             for t in registries.document_types}
    issuers = {i.slug: patterns.grouping("issuer", i.slug, i.name, i)
               for i in registries.issuers}
    years = {}
    for document in documents:
        document.type = types[document.document_type.slug]
        document.issuers = [issuers[record.slug] for record in document.issuer_records]
        document.issuer = document.issuers[0]
        year = str(document.date.year)
        if year not in years:
            years[year] = patterns.grouping("year", year, f"Năm {year}")
        document.year = years[year]
        for grouping in (document.type, *document.issuers, document.year):
            grouping.documents.append(document)
    for document in documents:  # the first four others of its type, listed on its page
        document.same_type = [d for d in document.type.documents[:5] if d is not document][:4]
    newest_years = sorted(years.values(), key=lambda y: y.slug, reverse=True)
    return list(types.values()), list(issuers.values()), newest_years


def by_campaign(documents) -> dict:
    """Campaign slug → its documents, newest first."""
    found = {}
    for document in documents:
        for campaign in document.campaigns:
            found.setdefault(campaign.slug, []).append(document)
    return found


def resolve_number_links(contents, documents) -> None:
    """``href="van-ban:02-NQ/TW"`` → Pelican's ``{filename}`` link to the document's source,
    which Pelican turns into the document page's URL when it writes the page.

    Links that name no published document are left alone: the checks have already refused
    the build for them (unknown number, draft document).
    """
    index = DocumentIndex((d.number, d.date.year, d) for d in documents)

    def replace(match) -> str:
        document, _ = index.find(SCHEME + unescape(match["target"]))
        if document is None:
            return match.group(0)
        target = "{filename}/" + document.relative_source_path
        return f"{match['lead']}{match['quote']}{target}{match['quote']}"

    for content in contents:
        if SCHEME in (content._content or ""):
            content._content = _DOCUMENT_HREF.sub(replace, content._content)
