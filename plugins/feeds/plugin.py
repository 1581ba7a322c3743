"""Wiring of the feeds; ``register()`` at the bottom is the index.

Data flow: settings checked (``initialized``); every published article's feed id checked for
clashes before the build's error report (``article_generator_finalized``); the feeds collected
with the other listings and their page and OPML written (``FeedsGenerator``); the Atom and RSS
documents written once the published cover files exist (``finalized``).
"""

from pathlib import Path

from pelican import signals
from pelican.utils import sanitised_join

from content_model.model import site_model
from content_model.parallel_writer import PageStore
from union_core.files import write_new_file
from union_core.text_memo import TextMemo, code_fingerprint

from .catalogue import FORMATS
from .entries import make_document_entry, make_entry, make_head
from .generator import FeedsGenerator
from .options import DEFAULTS, STATE, FeedState, read_options
from .writer import DOCUMENTS, document_key

TEXTS_FILE = "entries-html.sqlite"  # entries' HTML with absolute addresses (union_core.text_memo)


def apply_feed_settings(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    options = read_options({key: pelican.settings[key] for key in DEFAULTS})
    pelican.settings[STATE] = FeedState(options)


def add_feeds_generator(pelican):
    return FeedsGenerator


def write_feeds(pelican) -> None:
    """Every feed in Atom and RSS; each article is turned into an entry once. A feed file made
    from the same entries and head as one of an earlier build is linked from the feed store
    instead of being made again (most feeds do not change when old articles are edited)."""
    state = pelican.settings[STATE]
    if state.catalogue is None:
        return
    site = site_model(pelican.settings).site
    cache = pelican.settings.get("CACHE_PATH")
    store = PageStore(Path(cache) / "feeds" if cache else None, suffix=".xml")
    texts = TextMemo(Path(cache) / "feeds" / TEXTS_FILE if cache else None, code_fingerprint())
    state.stats = {"written": 0, "reused": 0}
    entries = {}
    makers = {"article": make_entry, "document": make_document_entry}

    def entry(item, kind):
        if id(item) not in entries:
            entries[id(item)] = makers[kind](item, state.address, texts)
        return entries[id(item)]

    for feed in state.catalogue.all():
        items = [entry(item, feed.entry_kind) for item in feed.articles]
        head = make_head(feed, items, state.address, site.name, state.options.empty_updated)
        for fmt in FORMATS:
            path = Path(sanitised_join(pelican.settings["OUTPUT_PATH"], feed.paths[fmt]))
            path.parent.mkdir(parents=True, exist_ok=True)
            key = document_key(fmt, head, items)
            if store.fetch(key, str(path)):
                state.stats["reused"] += 1
                continue
            write_new_file(path, DOCUMENTS[fmt](head, items))
            store.keep(key, str(path))
            state.stats["written"] += 1
    store.prune()
    texts.close()
    state.stats["entries_made"] = texts.stats["made"]  # entries' HTML made absolute (the others: remembered)


def register():
    signals.initialized.connect(apply_feed_settings)
    signals.get_generators.connect(add_feeds_generator)
    signals.finalized.connect(write_feeds)
