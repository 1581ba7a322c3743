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
    """Each article's nearest articles in time from its main campaign and from its main unit.

    Nearest neighbours (rather than "the latest news") keep an article page the same when
    articles are added elsewhere, so an incremental build can reuse it.
    """
    count = generator.settings["RELATED_ARTICLES"]
    by_campaign = nearest_neighbours(generator.articles, key=lambda a: a.campaign.slug, count=count)
    by_unit = nearest_neighbours(generator.articles, key=lambda a: a.unit.slug, count=count + 1)
    for article in generator.articles:
        article.related = by_campaign[id(article)]
        shown = {id(other) for other in article.related}
        article.same_unit = [other for other in by_unit[id(article)] if id(other) not in shown][:count]


def register():
    signals.get_generators.connect(add_term_pages_generator)
    signals.article_generator_finalized.connect(take_over_term_pages)
    signals.article_generator_finalized.connect(link_related_articles)
