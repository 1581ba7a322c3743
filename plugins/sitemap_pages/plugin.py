"""sitemap.xml and robots.txt from the pages actually written; ``register()`` is the index.

Every page Pelican's writer produces is noted (``content_written``); the sitemap generator,
listed last in PLUGINS so that it writes after the other generators, renders the list with
the ``sitemap.xml`` and ``robots.txt`` templates. Only published content is ever written, so
only published pages are listed; error, search and paginated list pages are left out.

A sitemap file may list at most 50,000 URLs (sitemaps.org), which an archive of 50,000
articles passes: above ``SITEMAP_MAX_URLS`` the URLs go into numbered files (sitemap-1.xml,
sitemap-2.xml...) and sitemap.xml becomes their index (``sitemap-index.xml``), which robots.txt
and search engines' consoles take as they take a sitemap.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from content_model.report import whole_number

from .entries import entry_for

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    "SITEMAP_EXCLUDE": ("404.html", "tim-kiem/index.html"),
    "SITEMAP_MAX_URLS": 50_000,  # per file, the protocol's limit
}
PAGES_KEY = "sitemap_pages"


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    whole_number(pelican.settings, "SITEMAP_MAX_URLS")


class SitemapGenerator(Generator):
    def generate_context(self):
        self.context[PAGES_KEY] = []

    def generate_output(self, writer):
        entries = sorted(set(self.context[PAGES_KEY]))
        save_as = self.settings["SITEMAP_SAVE_AS"]
        parts = split_entries(entries, self.settings["SITEMAP_MAX_URLS"])
        if len(parts) == 1:
            writer.write_file(save_as, self.env.get_template("sitemap.xml"), self.context, sitemap_entries=entries)
        else:
            path, files = Path(save_as), []
            for number, part in enumerate(parts, 1):
                files.append(SitemapFile(path.with_name(f"{path.stem}-{number}{path.suffix}").as_posix(),
                                         max((e.lastmod for e in part if e.lastmod), default=None)))
                writer.write_file(files[-1].url, self.env.get_template("sitemap.xml"), self.context,
                                  sitemap_entries=part)
            writer.write_file(save_as, self.env.get_template("sitemap-index.xml"), self.context, sitemap_files=files)
        writer.write_file(self.settings["ROBOTS_SAVE_AS"], self.env.get_template("robots.txt"), self.context,
                          sitemap_url=save_as)


@dataclass(frozen=True)
class SitemapFile:
    url: str  # relative to the site, as written
    lastmod: datetime | None  # the newest of its pages'


def split_entries(entries: list, most: int) -> list[list]:
    """The sorted ``entries`` in files of at most ``most`` (always one file, empty or not)."""
    return [entries[start:start + most] for start in range(0, len(entries), most)] or [[]]


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
