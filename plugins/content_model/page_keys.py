"""What a page is made of, as a key: a page whose key is unchanged is copied from the last
build instead of rendered again (the nightly build changes a few articles out of thousands).

A key covers everything the page shows: the **site** (templates, plugin code and the libraries'
versions, settings, the data folder, the navigation and footer), and the **items** on the page,
each by a version that hashes what a template can show of it (its final HTML, title, summary,
dates, URL, images, units, campaigns, tags…). Pages whose contents cannot be listed this way (indexes with counts,
the tally, feeds, search) get no key and are always rendered.

A plugin keys the pages of its own templates: ``settings["PAGE_KEYERS"]`` maps a template's
name to a function ``(context, keys) -> JSON-able value`` listing what the page shows (``keys``
is this ``PageKeys``: ``keys.version(item)`` hashes an item), or None for "render it always".

Plugins add what else a page shows: ``settings["PAGE_KEY_PARTS"]`` lists functions
``(template_name, context) -> JSON-able value`` whose values join the key of every page but a
list's numbered pages, which show only their articles (``pagination``): the documents plugin
adds a campaign's documents, the calendar the coming events (they change with the build clock
alone), the tally a unit's figures.
"""

import hashlib
import json
import re
from pathlib import Path

from union_core.files import files_digest, plugins_digest
from union_core.libraries import library_versions

from .output_folders import RECYCLED

ITEM_ATTRIBUTES = ("title", "summary", "url", "date", "modified", "kind", "byline", "featured",
                   "scheduled", "source", "source_url", "cover", "cover_id", "og_image", "status")
# Left out of the keys: where things are (a CI checkout may land in another folder each time;
# the theme's templates and the plugins' code are in the keys by their contents) and the clock.
VOLATILE_SETTINGS = {"OUTPUT_PATH", "BUILD_CLOCK", "CACHE_PATH", "PATH", "THEME", "PLUGIN_PATHS", RECYCLED}
LIST_TEMPLATES = {"index.html", "campaign.html", "unit.html", "tag.html", "month.html"}
# Pelican's placeholders for links to other sources, resolved to their URLs when rendered.
_INTERSITE = re.compile(r"\{(?:filename|attach)\}/?([^\"'#?<>\s]+)")


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


def plain_settings(settings) -> str:
    plain = {}
    for key, value in settings.items():
        if key.isupper() and key not in VOLATILE_SETTINGS:
            try:
                plain[key] = json.loads(json.dumps(value))
            except (TypeError, ValueError):
                continue  # objects and functions: their code is covered by the plugin digest
    return json.dumps(plain, sort_keys=True, ensure_ascii=False)


class PageKeys:
    def __init__(self, settings, context):
        self._versions = {}
        self.generated = context.get("generated_content", {})  # source path → content object
        self.parts = list(settings.get("PAGE_KEY_PARTS", ()))
        self.keyers = dict(settings.get("PAGE_KEYERS", {}))
        self.site = _digest(
            files_digest(Path(settings["THEME"]) / "templates", "*"),
            plugins_digest(),
            files_digest(Path(settings["PATH"]) / "data", "*"),
            plain_settings(settings),
            library_versions(),
            [c.slug for c in context.get("nav_campaigns", [])],
            [(p.url, p.title) for p in context.get("pages", [])],
            [c.slug for c, articles in context.get("campaign_index", {}).items() if articles],
        )

    def version(self, item) -> str:
        """A hash of what any template can show of an article or page: its HTML before links
        are resolved (resolving is left to the rendering workers) with the URLs its links get."""
        key = id(item)
        if key not in self._versions:
            content = item._content or ""
            parts = ([str(getattr(self.generated.get(path), "url", None)) for path in _INTERSITE.findall(content)],
                     [str(getattr(item, name, "")) for name in ITEM_ATTRIBUTES],
                     [u.slug for u in getattr(item, "units", ())], [c.slug for c in getattr(item, "campaigns", ())],
                     [t.name for t in getattr(item, "tags", ())])
            digest = hashlib.sha256(content.encode("utf-8", "surrogatepass"))  # (no JSON: 10,000 items)
            digest.update(repr([len(part) for part in parts]).encode())  # where each part ends
            digest.update("\0".join(word for part in parts for word in part).encode("utf-8", "surrogatepass"))
            self._versions[key] = digest.hexdigest()
        return self._versions[key]

    def key(self, template_name: str, context) -> str | None:
        output = context.get("output_file")
        site = self.site
        page = context.get("articles_page")
        if self.parts and (page is None or page.front):  # what they add is shown on front pages only
            site = _digest(site, [part(template_name, context) for part in self.parts])
        if template_name == "article.html":
            article = context["article"]
            items = [article, *getattr(article, "related", ()), *getattr(article, "same_unit", ())]
            return _digest(site, template_name, output, [self.version(i) for i in items])
        if template_name == "page.html":
            return _digest(site, template_name, output, self.version(context["page"]))
        if template_name in LIST_TEMPLATES and "articles_page" in context:
            return self._list_key(site, template_name, context, output)
        if template_name in self.keyers:
            shown = self.keyers[template_name](context, self)
            return None if shown is None else _digest(site, template_name, output, shown)
        return None

    def _list_key(self, site, template_name, context, output) -> str:
        """A numbered page shows its articles and its bar; the front page of a list shows
        counts too (of the list, and of a unit's children)."""
        page = context["articles_page"]
        shown = list(page.object_list)
        if template_name == "index.html" and page.front:  # the lead story and the campaign blocks
            shown += context.get("featured_articles", [])[:1]
            shown += [a for _, articles in context.get("home_campaigns", []) for a in articles]
        term = next((context[n] for n in ("campaign", "unit", "tag", "month") if n in context), None)
        counts = []
        if page.front:
            counts = [context["articles_paginator"].count]
            if template_name == "unit.html":  # the child units, each with its number of articles
                counts += [len(context.get("unit_index", {}).get(child, ())) for child in term.children]
        return _digest(site, template_name, output, page.number, page.bar, str(getattr(term, "name", "")), counts,
                       [self.version(i) for i in shown])
