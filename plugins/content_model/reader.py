"""A Pelican reader for Markdown articles and pages that goes through the union content model."""

from pathlib import Path

from pelican.readers import BaseReader

from union_core.discovery import outside_content
from union_core.fields import KIND_LABELS
from union_core.publishing import is_public
from union_core.sources import ARTICLE, DOCUMENT, PAGE, ContentSource, read_source

from .model import site_model
from .source_store import link_placeholder
from .terms import Month, make_tag


class UnionMarkdownReader(BaseReader):
    """Reads ``.md`` files with the core's header parser and field table.

    A file with errors is returned with status ``skip`` (so Pelican neither writes nor
    complains about it); its errors sit in the model's log and stop the build before output.
    """

    enabled = True
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def read(self, source_path):
        model = site_model(self.settings)
        path = Path(source_path)
        source = model.source(path)
        if source is None and (outside_content(path, model.content_root)  # reported by the discovery
                               or model.read_under_another_path(path)):  # a copy through a loop of links
            return "", {"status": "skip", "title": path.name}
        if source is None:  # a file the discovery did not expect (Pelican found it on its own)
            source = read_source(path, self._role(path), model.content_root, model.registries,
                                 model.renderer(), model.log, rewrite=link_placeholder(model.content_root))
        model.sources.append(source)
        if not source.usable:
            return "", {"status": "skip", "title": path.name}
        return source.rendered.html, source_metadata(source, model)

    def _role(self, path: Path) -> str:
        root = Path(self.settings["PATH"])  # absolute, like the paths Pelican gives the reader
        for document_path in self.settings.get("DOCUMENT_PATHS", []):
            if path.is_relative_to(root / document_path):
                return DOCUMENT
        for page_path in self.settings["PAGE_PATHS"]:
            if path.is_relative_to(root / page_path):
                return PAGE
        return ARTICLE



def source_metadata(source: ContentSource, model) -> dict:
    """What the reader gives Pelican for ``source`` (a copy), made once per run: the search
    index asks for it before Pelican reads the file."""
    made = model.metadata.get(source.path)
    if made is None:
        made = model.metadata[source.path] = _metadata(source, model)
    return dict(made)


def published_sources(model):
    """``(source, metadata)`` of what this run's generators will publish, known as soon as the
    sources are read: the same publication rule (``keep_only_public_articles``, the documents
    generator) and Pelican's page statuses. A forecast: the search index checks it against
    what was published (``search_index.plugin.start_index``)."""
    show_future = model.settings["SHOW_FUTURE_ARTICLES"]
    for source in model.prefetched.values():
        if not source.usable:
            continue
        metadata = source_metadata(source, model)
        if source.role == PAGE:
            public = metadata["status"] == "published"
        else:
            public = is_public(metadata["status"], metadata.get("date"), model.now, show_future)
        if public:
            yield source, metadata


def _metadata(source: ContentSource, model) -> dict:
    settings, fields = model.settings, source.fields
    metadata = {
        "title": fields["title"],
        "summary": source.summary,
        "status": fields.get("status", "published"),
        "lang": settings.get("DEFAULT_LANG", "vi"),
    }
    metadata["slug"] = source.slug  # the core's slug, the one the collision checks use
    for key in ("date", "modified", "source", "source_url", "order"):
        if key in fields:
            metadata[key] = fields[key]
    if "cover" in fields:
        metadata["cover"] = fields["cover"].relative_to(model.content_root).as_posix()  # both resolved
    if source.role == ARTICLE:
        metadata.update(_article_metadata(fields, model))
    elif source.role == DOCUMENT:
        metadata.update(_document_metadata(fields, model))
    else:
        metadata.setdefault("order", 1000)
    metadata["url"] = _url(source, settings, metadata["lang"])
    return metadata


def _url(source: ContentSource, settings, lang: str) -> str:
    """The URL, formatted once here: Pelican would format it again on every use, which
    costs more than any other part of writing a large archive. Patterns use {slug}, {date}."""
    setting = {ARTICLE: "ARTICLE_URL", DOCUMENT: "DOCUMENT_URL"}.get(source.role, "PAGE_URL")
    return settings[setting].format(slug=source.slug, date=source.fields.get("date"), lang=lang)


def _article_metadata(fields: dict, model) -> dict:
    units = tuple(model.units[u.slug] for u in fields["unit"])
    campaigns = tuple(model.campaigns[c.slug] for c in fields["campaign"])
    return {
        "unit": units[0],
        "units": units,
        "campaign": campaigns[0],
        "campaigns": campaigns,
        "kind": fields["kind"],
        "kind_label": KIND_LABELS[fields["kind"]],
        "tags": [make_tag(tag, model.settings) for tag in fields.get("tags", [])],
        "byline": fields.get("author", ""),
        "featured": fields.get("featured", False),
        "scheduled": False,
        "month": Month(fields["date"], model.settings),
    }


def _document_metadata(fields: dict, model) -> dict:
    """Registry records for type and issuers (the documents plugin gives them pages)."""
    return {
        "number": fields.get("number", ""),
        "document_type": fields["type"],
        "issuer_records": fields["issuer"],
        "campaigns": tuple(model.campaigns[c.slug] for c in fields.get("campaign", ())),
        "effective": fields.get("effective"),
        "expiry": fields.get("expiry"),
        "attachments": fields["files"],
        "scheduled": False,
    }
