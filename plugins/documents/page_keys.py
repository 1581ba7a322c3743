"""What the documents' pages show, for the page cache (``content_model.page_keys``): a page
whose key is unchanged is copied from the last build instead of rendered again.

A document is shown by its text and fields (``PageKeys.version``), its number, dates, type,
issuers and attached files (name, size, checksum, real type), and whether it has expired on
the build's day. The names and addresses of types and issuers come from the data folder and
the settings, which every key covers already.
"""

from .options import PAGINATED_TEMPLATE


def _today(context):
    clock = context.get("build_time")
    return clock.date() if clock is not None else None


def document_version(document, keys, today) -> list:
    expired = bool(document.expiry and today and document.expiry <= today)
    return [keys.version(document), document.number, str(document.effective), str(document.expiry), expired,
            document.type.slug, [issuer.slug for issuer in document.issuers],
            [(a.relative, a.size, a.sha256, a.type.key) for a in document.attachments]]


def document_page(context, keys) -> list:
    """A document's page, and the other documents of its type it lists (the first four)."""
    document, today = context["document"], _today(context)
    return [document_version(d, keys, today) for d in (document, *document.same_type)]


def documents_page(context, keys) -> list:
    """A page of a list: its documents, its number and bar, the list's size, and the links to
    every type, year and issuer with their counts (shown beside every list)."""
    page, grouping, today = context["articles_page"], context.get("grouping"), _today(context)
    groupings = [context.get(name, ()) for name in ("document_types", "document_years", "document_issuers")]
    return [page.number, getattr(page, "bar", None), context["articles_paginator"].count,
            grouping and (grouping.kind, grouping.slug),
            [(g.kind, g.slug, len(g.documents)) for group in groupings for g in group],
            [document_version(d, keys, today) for d in page.object_list]]


def campaign_documents(template_name: str, context) -> list:
    """What a campaign page shows of its documents (``PAGE_KEY_PARTS``)."""
    campaign = context.get("campaign") if template_name == "campaign.html" else None
    if campaign is None:
        return []
    listed = (context.get("campaign_documents") or {}).get(campaign.slug, [])
    return [(d.url, d.title, d.number, d.type.name, d.date.isoformat()) for d in listed]


KEYERS = {"document.html": document_page, f"{PAGINATED_TEMPLATE}.html": documents_page}
