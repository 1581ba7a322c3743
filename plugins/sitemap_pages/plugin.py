"""sitemap.xml and robots.txt from the pages actually written; ``register()`` is the index.

Every page Pelican's writer produces is noted (``content_written``); the sitemap generator,
listed last in PLUGINS so that it writes after the other generators, renders the list with
the ``sitemap.xml`` and ``robots.txt`` templates. Only published content is ever written, so
only published pages are listed; error, search and paginated list pages are left out.
"""

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from .entries import entry_for

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    "SITEMAP_EXCLUDE": ("404.html", "tim-kiem/index.html"),
}
PAGES_KEY = "sitemap_pages"


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


class SitemapGenerator(Generator):
    def generate_context(self):
        self.context[PAGES_KEY] = []

    def generate_output(self, writer):
        entries = sorted(set(self.context[PAGES_KEY]))
        for name in ("SITEMAP", "ROBOTS"):
            save_as = self.settings[f"{name}_SAVE_AS"]
            template = self.env.get_template(Path(save_as).name)  # sitemap.xml, robots.txt
            writer.write_file(save_as, template, self.context,
                              sitemap_entries=entries, sitemap_url=self.settings["SITEMAP_SAVE_AS"])


def add_sitemap_generator(pelican):
    return SitemapGenerator


def note_written_page(path, context) -> None:
    pages = context.get(PAGES_KEY)
    if pages is not None:
        entry = entry_for(path, context, context["OUTPUT_PATH"], context["SITEMAP_EXCLUDE"])
        if entry is not None:
            pages.append(entry)


def register():
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(add_sitemap_generator)
    signals.content_written.connect(note_written_page)
