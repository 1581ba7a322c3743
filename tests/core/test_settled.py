"""Content settled for the build keeps its URL settings' results, its class name and its type."""

from datetime import datetime

from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from content_model.settled import settle


def _article(**settings):
    config = {**DEFAULT_CONFIG, "ARTICLE_URL": "{date:%Y}/{slug}/", "ARTICLE_SAVE_AS": "{date:%Y}/{slug}/index.html",
              **settings}
    return Article("<p>x</p>", metadata={"title": "Đoàn viên", "slug": "doan-vien", "date": datetime(2026, 5, 1)},
                   settings=config)


def test_settled_content_has_the_same_urls_and_stays_an_article():
    article = _article()
    before = (article.url, article.save_as)
    settle([article])
    assert isinstance(article, Article) and type(article).__name__ == "Article"
    assert (article.url, article.save_as) == before == ("2026/doan-vien/", "2026/doan-vien/index.html")


def test_settled_urls_are_computed_once():
    article = _article()
    settle([article])
    first = article.url
    article.settings = {**article.settings, "ARTICLE_URL": "khac/{slug}/"}
    assert article.url == first  # kept: nothing may change an item's URL once the build is checked


def test_each_class_keeps_its_own_url_settings():
    page = Page("<p>x</p>", metadata={"title": "Giới thiệu", "slug": "gioi-thieu"},
                settings={**DEFAULT_CONFIG, "PAGE_URL": "{slug}/", "PAGE_SAVE_AS": "{slug}/index.html"})
    settle([page, _article()])
    assert type(page).__name__ == "Page" and page.url == "gioi-thieu/"
