"""Build the search index once every page is written; ``register()`` at the bottom is the index."""

from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from content_model.model import site_model

from .pagefind_index import write_index
from .records import article_record, page_record

DEFAULTS = {"SEARCH_INDEX_PATH": "pagefind", "SEARCH_INDEX_ENABLED": True}


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def index_published_content(pelican) -> None:
    """Only what the publication rule let through: published articles and pages."""
    settings = pelican.settings
    if not settings["SEARCH_INDEX_ENABLED"]:
        return
    model = site_model(settings)
    site_url = settings["SITEURL"]
    records = [article_record(a, site_url) for a in model.published_articles]
    records += [page_record(p, site_url) for p in model.published_pages]
    prefix = urlsplit(site_url).path.rstrip("/")
    write_index(records, Path(settings["OUTPUT_PATH"]) / settings["SEARCH_INDEX_PATH"], prefix)


def register():
    signals.initialized.connect(apply_defaults)
    signals.finalized.connect(index_published_content)
