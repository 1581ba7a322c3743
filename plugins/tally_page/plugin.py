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
    pelican.settings["PAGE_KEY_PARTS"] = [*pelican.settings.get("PAGE_KEY_PARTS", ()), page_key_part]


def page_key_part(template_name: str, context) -> str:
    """What a unit page shows of the tally, for the page cache (``PAGE_KEY_PARTS``): the
    unit's row in the latest started plan (figures, quota, roll-up) and that plan."""
    book = context.get("tally_book")
    if template_name != "unit.html" or book is None:
        return ""
    summary = book.unit_summary(context["unit"].slug)
    if summary is None:
        return ""
    plan, row = summary
    return repr((plan.slug, plan.title, plan.start, plan.end, book.links(plan).url, row))


def add_tally_generator(pelican):
    return TallyGenerator


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(add_tally_generator)
