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
from union_core.issues import display_path

from .catalogue import FORMATS
from .entries import make_entry, make_head
from .generator import FeedsGenerator
from .ids import clashing_keys
from .options import DEFAULTS, STATE, FeedState, read_options
from .writer import DOCUMENTS

CLASH = ('bài này và {other} có cùng mã trên nguồn tin RSS/Atom ("{key}")',
         "bài trong thư mục riêng (…/bai.md) và tệp .md cùng tên được coi là một bài: "
         "xóa hoặc đổi tên một trong hai")


def apply_feed_settings(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    options = read_options({key: pelican.settings[key] for key in DEFAULTS})
    pelican.settings[STATE] = FeedState(options)


def add_feeds_generator(pelican):
    return FeedsGenerator


def check_feed_ids(generator) -> None:
    """Two published files with one feed id would be one entry to every reader: an error."""
    model = site_model(generator.settings)
    paths = [article.source_path for article in generator.articles]
    for key, clashing in clashing_keys(paths, model.content_root).items():
        for path in clashing:
            other = ", ".join(display_path(p) for p in clashing if p != path)
            message, hint = CLASH
            model.log.add(path, None, "id", message.format(other=other, key=key), hint)


def write_feeds(pelican) -> None:
    """Every feed in Atom and RSS; each article is turned into an entry once."""
    state = pelican.settings[STATE]
    if state.catalogue is None:
        return
    site = site_model(pelican.settings).site
    entries = {}

    def entry(article):
        if id(article) not in entries:
            entries[id(article)] = make_entry(article, state.address)
        return entries[id(article)]

    for feed in state.catalogue.all():
        items = [entry(article) for article in feed.articles]
        head = make_head(feed, items, state.address, site.name, state.options.empty_updated)
        for fmt in FORMATS:
            path = Path(sanitised_join(pelican.settings["OUTPUT_PATH"], feed.paths[fmt]))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(DOCUMENTS[fmt](head, items))


def register():
    signals.initialized.connect(apply_feed_settings)
    signals.get_generators.connect(add_feeds_generator)
    signals.article_generator_finalized.connect(check_feed_ids)
    signals.finalized.connect(write_feeds)
