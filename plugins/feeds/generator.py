"""Collect the feeds with the other listings; write their page and OPML with the other pages.

The feed documents themselves are written later, on ``finalized`` (see ``plugin.write_feeds``),
when the published cover files they describe exist in OUTPUT_PATH.
"""

from pathlib import Path

from pelican.generators import Generator
from pelican.utils import sanitised_join

from content_model.model import site_model
from union_core.files import write_new_file
from union_core.issues import WARNING

from .catalogue import build_catalogue
from .entries import Address
from .ids import default_authority
from .opml import opml_document
from .options import STATE, base_url
from .text import plain_text

NO_ADDRESS = ("chưa có địa chỉ công khai của trang, nên không tạo nguồn tin RSS/Atom",
              'thêm url = "https://…" vào data/site.toml')


class FeedsGenerator(Generator):
    """Puts ``feed_catalogue`` in the context (autodiscovery links, the feeds page)."""

    def generate_context(self):
        state = self.settings[STATE]
        state.catalogue = state.address = None
        model = site_model(self.settings)
        base = base_url(state.options.siteurl, self.settings["SITEURL"], model.site.url)
        if not base:
            model.log.add(model.content_root / "data" / "site.toml", None, "url", *NO_ADDRESS,
                          severity=WARNING)
            return
        state.address = Address(
            base, state.options.authority or default_authority(model.site.url, base),
            self.settings["SITEURL"], model.content_root, Path(self.output_path),
            self.settings["CAMPAIGNS_URL"], self.settings["UNITS_URL"],
            self.context.get("documents_url", ""),
        )
        # A preview build lists scheduled articles on its pages; the feeds never carry them.
        articles = self.context.get("articles", [])
        published = [a for a in articles if not getattr(a, "scheduled", False)]
        documents = self.context.get("documents")  # from the documents plugin, when it runs
        if documents is not None:
            documents = [d for d in documents if not getattr(d, "scheduled", False)]
        state.catalogue = build_catalogue(
            published, list(model.campaigns.values()), list(model.units.values()), model.site,
            state.options.paths, state.options.opml_save_as, state.options.max_items,
            documents, self.context.get("documents_url", ""),
        )
        self.context["feed_catalogue"] = state.catalogue

    def generate_output(self, writer):
        state = self.settings[STATE]
        if state.catalogue is None:
            return
        writer.write_file(
            state.options.page_save_as, self.get_template("feeds"), self.context,
            relative_urls=self.settings["RELATIVE_URLS"], template_name="feeds",
            url=state.options.page_url,
        )
        self._write_opml(state)

    def _write_opml(self, state) -> None:
        site = site_model(self.settings).site
        absolute = state.address.absolute
        outlines = [(plain_text(feed.title), absolute(feed.rss_url), absolute(feed.page_url))
                    for feed in state.catalogue.campaigns]
        document = opml_document(f"Chuyên mục – {site.name}", site.name, outlines)
        write_new_file(Path(sanitised_join(self.output_path, state.options.opml_save_as)), document)
