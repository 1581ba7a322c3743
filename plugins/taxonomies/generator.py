"""One generator for the term pages and index pages of every taxonomy (campaign, unit, tag, month)."""

from collections import defaultdict

from pelican.generators import Generator

from content_model.model import site_model
from union_core.vietnamese import sort_key

from .specs import TAXONOMIES


class TermPagesGenerator(Generator):
    """Collects ``{term: [articles]}`` per taxonomy, then writes each term's paginated page."""

    def generate_context(self):
        model = site_model(self.settings)
        articles = self.context.get("articles", [])
        self.terms = {t.name: self._collect(t, articles, model) for t in TAXONOMIES}
        self.context["site"] = model.site
        self.context["build_time"] = model.now
        self.context["campaign_index"] = self.terms["campaign"]
        self.context["unit_index"] = self.terms["unit"]
        self.context["tag_index"] = [
            (tag, len(self.terms["tag"][tag])) for tag in self._vietnamese_order(self.terms["tag"])
        ]
        self.context["archive_years"] = self._archive_years()
        self.context["unit_groups"] = self._unit_groups(model)
        self.context["nav_campaigns"] = sorted(
            (c for c in self.terms["campaign"] if c.featured), key=lambda c: c.record.order
        )
        self.context["home_campaigns"] = [
            (campaign, self.terms["campaign"][campaign][: self.settings["HOME_CAMPAIGN_ARTICLES"]])
            for campaign in self.context["nav_campaigns"]
        ]
        self.context["featured_articles"] = [a for a in articles if getattr(a, "featured", False)]

    @staticmethod
    def _collect(taxonomy, articles, model) -> dict:
        """Terms in registry order (or first use), each with its articles newest first."""
        collected = {}
        if taxonomy.include_empty:
            registry_terms = model.campaigns if taxonomy.name == "campaign" else model.units
            collected = {term: [] for term in registry_terms.values()}
        for article in articles:
            for term in taxonomy.terms_of(article):
                collected.setdefault(term, []).append(article)
        return collected

    @staticmethod
    def _vietnamese_order(terms: dict) -> list:
        return sorted(terms, key=lambda term: sort_key(term.name))

    def _archive_years(self) -> list:
        """[(year, [(month, number of articles)])], newest first."""
        years = {}
        for month, month_articles in sorted(self.terms["month"].items(), key=lambda t: t[0].slug, reverse=True):
            years.setdefault(month.year, []).append((month, len(month_articles)))
        return list(years.items())

    def _unit_groups(self, model) -> list:
        """[(group record, [unit terms in Vietnamese order])] in the registry's group order."""
        by_group = defaultdict(list)
        for unit in self.terms["unit"]:
            by_group[unit.record.group].append(unit)
        return [
            (group, sorted(by_group[group.slug], key=lambda u: sort_key(u.name)))
            for group in model.registries.groups
            if by_group[group.slug]
        ]

    def generate_output(self, writer):
        for taxonomy in TAXONOMIES:
            template = self.get_template(taxonomy.name)
            for term, articles in self.terms[taxonomy.name].items():
                writer.write_file(
                    term.save_as, template, self.context,
                    relative_urls=self.settings["RELATIVE_URLS"],
                    template_name=taxonomy.name, url=term.url, page_name=term.page_name,
                    articles=articles, **{taxonomy.name: term},
                )
            writer.write_file(
                self.settings[f"{taxonomy.index_setting}_SAVE_AS"],
                self.get_template(taxonomy.index_template), self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                template_name=taxonomy.index_template,
                url=self.settings[f"{taxonomy.index_setting}_URL"],
            )
