"""Puts the agenda in the context (the home block, campaign pages) and writes /lich/ and the
.ics files."""

from pathlib import Path
from urllib.parse import urlsplit

from pelican.generators import Generator
from pelican.utils import sanitised_join

from content_model.model import site_model
from union_core.files import write_new_file
from union_core.vietnamese import slugify

from .agenda import CoverageRule, build_agenda
from .ics import calendar_file
from .options import STATE


def _absolute(*urls: str) -> str:
    """The first absolute http(s) address among ``urls``, without a trailing slash, or ''."""
    return next((u.rstrip("/") for u in urls if urlsplit(u or "").scheme in ("http", "https")), "")


class CalendarGenerator(Generator):
    def generate_context(self):
        model = site_model(self.settings)
        options = self.settings[STATE]
        calendar = model.registries.events
        rule = CoverageRule(options.days_before, options.days_after, options.coverage_max)
        articles = [a for a in self.context.get("articles", [])
                    if not getattr(a, "scheduled", False)]
        self.agenda = build_agenda(calendar, model.now, options.months, model.campaigns,
                                   articles, rule)
        linked = {item.campaign for item in calendar.items() if item.campaign}
        self.campaign_files = {
            slug: options.campaign_ics_save_as.format(slug=slug)
            for slug in model.campaigns if slug in linked
        }
        self.context.update(
            calendar_agenda=self.agenda, calendar_url=options.url,
            calendar_home=self.agenda.entries[: options.home_count],
            calendar_ics=options.ics_save_as, calendar_campaign_ics=self.campaign_files,
            calendar_has_events=bool(calendar.items()),
        )

    def generate_output(self, writer):
        options = self.settings[STATE]
        writer.write_file(options.save_as, self.get_template("calendar"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], template_name="calendar",
                          url=options.url)
        model = site_model(self.settings)
        label = model.site.short_name or model.site.name
        items = model.registries.events.items()
        self._write_ics(options.ics_save_as, items, f"Lịch kỷ niệm, sự kiện – {label}")
        for slug, save_as in self.campaign_files.items():
            self._write_ics(save_as, [i for i in items if i.campaign == slug],
                            f"{model.campaigns[slug].name} – {label}")

    def _write_ics(self, save_as: str, items, name: str) -> None:
        model = site_model(self.settings)
        options = self.settings[STATE]
        # UIDs use the host of data/site.toml's url (never the build's SITEURL), like feed ids.
        host = urlsplit(model.site.url).hostname or f"{slugify(model.site.name)}.invalid"
        base = _absolute(self.settings["SITEURL"], model.site.url)
        campaigns = model.campaigns

        def campaign_of(item):
            return campaigns.get(item.campaign) if item.campaign else None

        def link_of(item):
            campaign = campaign_of(item)
            return f"{base}/{campaign.url}" if campaign is not None and base else ""

        description = f"Các ngày kỷ niệm và sự kiện của {model.site.name}"
        document = calendar_file(items, name, description, host, options.dtstamp,
                                 campaign_of, link_of)
        write_new_file(Path(sanitised_join(self.output_path, save_as)), document)
