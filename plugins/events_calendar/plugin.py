"""Wiring of the calendar; ``register()`` at the bottom is the index.

The anniversaries and events are read and checked with the registries (``union_core.events``,
so ``invoke check`` reports their mistakes); this plugin only shows them: the agenda of the
coming months in the context (``CalendarGenerator``), the /lich/ page and the .ics files.
"""

from pelican import signals

from .agenda import page_key_part
from .generator import CalendarGenerator
from .options import DEFAULTS, STATE, read_options


def apply_calendar_settings(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    pelican.settings[STATE] = read_options({key: pelican.settings[key] for key in DEFAULTS})
    parts = pelican.settings.get("PAGE_KEY_PARTS", ())
    pelican.settings["PAGE_KEY_PARTS"] = [*parts, page_key_part]


def add_calendar_generator(pelican):
    return CalendarGenerator


def register():
    signals.initialized.connect(apply_calendar_settings)
    signals.get_generators.connect(add_calendar_generator)
