"""Content settled for the build keeps its URL settings' results, its class name and its type."""

from datetime import datetime

from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG

from content_model.settled import settle, settle_on_creation


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


def test_a_published_item_is_settled_when_made_with_the_output_path_pelican_would_give():
    pattern = "{date:%Y}/{date:%m}/{slug}/index.html"
    made, plain = _article(ARTICLE_SAVE_AS=pattern), _article(ARTICLE_SAVE_AS=pattern)
    settle_on_creation(made)
    assert made.__dict__["save_as"] == plain.save_as == "2026/05/doan-vien/index.html"
    assert type(made).__name__ == "Article" and made.url == plain.url


def test_drafts_other_patterns_and_own_paths_are_left_to_pelican():
    draft = Article("<p>x</p>", metadata={"title": "Nháp", "slug": "nhap", "date": datetime(2026, 5, 1),
                                          "status": "draft"},
                    settings={**DEFAULT_CONFIG, "DRAFT_SAVE_AS": "", "ARTICLE_SAVE_AS": "{slug}/index.html"})
    settle_on_creation(draft)
    assert "save_as" not in draft.__dict__ and draft.save_as == ""

    by_category = _article(ARTICLE_SAVE_AS="{category}/{slug}.html")
    settle_on_creation(by_category)
    assert "save_as" not in by_category.__dict__
    assert by_category.save_as == _article(ARTICLE_SAVE_AS="{category}/{slug}.html").save_as

    own = Article("<p>x</p>", metadata={"title": "Riêng", "slug": "rieng", "date": datetime(2026, 5, 1),
                                        "save_as": "rieng.html"}, settings={**DEFAULT_CONFIG})
    settle_on_creation(own)
    assert own.save_as == "rieng.html"
