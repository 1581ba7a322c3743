"""Wiring of the term pages; ``register()`` at the bottom is the index."""

from pelican import signals

from union_core.related import nearest_neighbours

from .generator import TermPagesGenerator


def add_term_pages_generator(pelican):
    return TermPagesGenerator


def take_over_term_pages(generator) -> None:
    """Pelican's own tag, category and author pages are replaced by the term-page generator.

    Emptying its lists (after the context holds them) also skips Pelican's per-tag scan of
    every article, which grows with tags × articles.
    """
    generator.tags, generator.categories, generator.authors = {}, [], []


def link_related_articles(generator) -> None:
    """Each article's nearest articles in time from its main campaign."""
    related = nearest_neighbours(
        generator.articles, key=lambda a: a.campaign.slug, count=generator.settings["RELATED_ARTICLES"]
    )
    for article in generator.articles:
        article.related = related[id(article)]


def register():
    signals.get_generators.connect(add_term_pages_generator)
    signals.article_generator_finalized.connect(take_over_term_pages)
    signals.article_generator_finalized.connect(link_related_articles)
