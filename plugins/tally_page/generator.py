"""Writes /thong-ke/ (every plan, the current one at a glance) and one page per plan with its
CSV and JSON downloads."""

from pathlib import Path

from pelican.generators import Generator

from content_model.model import site_model
from union_core.files import write_new_file
from union_core.tally_export import months_csv, to_json, units_csv

from .book import TallyBook

BOM_ENCODING = "utf-8-sig"  # CSV with a byte-order mark, so Excel reads Vietnamese correctly


class TallyGenerator(Generator):
    def generate_context(self):
        model = site_model(self.settings)
        patterns = {name: self.settings[setting] for name, setting in PATTERN_SETTINGS.items()}
        self.book = TallyBook(model.registries, self.context.get("articles", []), model.now,
                              self.settings["SITEURL"], patterns)
        self.context["tally_book"] = self.book
        self.settings["UNION_TALLY"] = self.book  # read by ``invoke tally`` after the run

    def generate_output(self, writer):
        book = self.book
        for plan in book.plans:
            tally, links = book.tally(plan), book.links(plan)
            self._write_page(writer, "tally", links.save_as, links.url,
                             plan=plan, tally=tally, links=links)
            self._write_file(links.csv, units_csv(tally), BOM_ENCODING)
            self._write_file(links.months_csv, months_csv(tally), BOM_ENCODING)
            self._write_file(links.json, to_json(tally), "utf-8")
        overview = [(plan, book.tally(plan), book.links(plan)) for plan in book.plans]
        self._write_page(writer, "tallies", self.settings["TALLIES_SAVE_AS"],
                         self.settings["TALLIES_URL"], overview=overview, current=book.current)

    def _write_page(self, writer, template, save_as, url, **values):
        writer.write_file(save_as, self.get_template(template), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], template_name=template,
                          url=url, **values)

    def _write_file(self, save_as: str, text: str, encoding: str) -> None:
        write_new_file(Path(self.output_path) / save_as, text.encode(encoding))


PATTERN_SETTINGS = {
    "url": "TALLY_URL",
    "save_as": "TALLY_SAVE_AS",
    "csv": "TALLY_CSV_SAVE_AS",
    "months_csv": "TALLY_MONTHS_CSV_SAVE_AS",
    "json": "TALLY_JSON_SAVE_AS",
}
