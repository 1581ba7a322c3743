"""Wiring of the tally pages; ``register()`` at the bottom is the index.

The figures come from ``union_core.tally`` (pure arithmetic); this plugin only turns published
articles into records (photos read from their HTML), and writes pages and downloads.
"""

from pelican import signals

from .generator import TallyGenerator

DEFAULTS = {
    "TALLIES_URL": "thong-ke/",
    "TALLIES_SAVE_AS": "thong-ke/index.html",
    "TALLY_URL": "thong-ke/{slug}/",
    "TALLY_SAVE_AS": "thong-ke/{slug}/index.html",
    "TALLY_CSV_SAVE_AS": "thong-ke/{slug}/thong-ke-{slug}.csv",
    "TALLY_MONTHS_CSV_SAVE_AS": "thong-ke/{slug}/thong-ke-{slug}-theo-thang.csv",
    "TALLY_JSON_SAVE_AS": "thong-ke/{slug}/thong-ke-{slug}.json",
}


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def add_tally_generator(pelican):
    return TallyGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(add_tally_generator)
