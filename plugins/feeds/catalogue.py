"""Which feeds the site has and which articles each one carries (no feedgen, no writing).

Glossary of the data values: feed keys and paths use the site's Vietnamese sections,
``tat-ca`` (everything), ``chuyen-muc`` (campaign), ``don-vi`` (unit), ``loai`` (kind:
``tin`` news item, ``bai`` article, ``anh`` photo story).
"""

from collections import defaultdict
from dataclasses import dataclass, field

FORMATS = ("atom", "rss")
MEDIA_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
KIND_TITLES = {"tin": "Tin", "bai": "Bài viết", "anh": "Phóng sự ảnh"}


@dataclass(frozen=True)
class FeedPaths:
    """Where the feeds are written, as patterns with ``{format}`` (and ``{slug}``)."""

    everything: str
    campaign: str
    unit: str
    kind: str
    documents: str = "feeds/van-ban.{format}.xml"


@dataclass
class Feed:
    key: str  # stable name of the feed, part of its Atom id: "chuyen-muc/thang-cong-nhan"
    name: str  # what it follows, for lists: "Tháng Công nhân"
    title: str
    description: str
    page_url: str  # site-relative URL of the page this feed follows ("" = home page)
    paths: dict  # format -> site-relative path of the file
    articles: list = field(default_factory=list)  # newest first, at most the maximum
    entry_kind: str = "article"  # what its items are: "article", or "document" (văn bản)

    @property
    def atom_url(self) -> str:
        return self.paths["atom"]

    @property
    def rss_url(self) -> str:
        return self.paths["rss"]


@dataclass
class FeedCatalogue:
    site: Feed
    kinds: list
    campaigns: list
    units: list
    opml_url: str
    _by_term: dict = field(default_factory=dict)
    documents: Feed | None = None  # with the documents plugin only

    def all(self) -> list:
        extra = [self.documents] if self.documents is not None else []
        return [self.site, *self.kinds, *self.campaigns, *self.units, *extra]

    def of(self, term=None):
        """The feed of a campaign or unit term, or of a feed key ("van-ban"); with no term,
        the whole site's feed."""
        if term is None:
            return self.site
        if isinstance(term, str):
            return next((feed for feed in self.all() if feed.key == term), None)
        return self._by_term.get((type(term).__name__, getattr(term, "slug", None)))


def newest_first(articles) -> list:
    """Published order, newest first; same-minute articles in source-path order (stable)."""
    by_path = sorted(articles, key=lambda a: a.source_path)
    return sorted(by_path, key=lambda a: a.date, reverse=True)


def _paths(pattern: str, slug: str = "") -> dict:
    return {fmt: pattern.format(format=fmt, slug=slug) for fmt in FORMATS}


@dataclass(frozen=True)
class _Section:
    key: str  # "chuyen-muc" or "don-vi"
    about: str  # description of a term without one, with {name} and {site}
    terms_of: object  # article -> its terms of this section


CAMPAIGNS = _Section("chuyen-muc", "Tin, bài chuyên mục {name} – {site}", lambda a: a.campaigns)
UNITS = _Section("don-vi", "Tin, bài của {name} – {site}", lambda a: a.units)


def _newest_of_each(ordered, keys_of, limit: int) -> dict:
    """{key: its first ``limit`` articles of ``ordered``}, in one pass over the articles."""
    newest = defaultdict(list)
    for article in ordered:
        for key in keys_of(article):
            if len(newest[key]) < limit:
                newest[key].append(article)
    return newest


def _term_feeds(section: _Section, terms, pattern: str, label: str, ordered, limit) -> list:
    """One feed per term (campaign or unit), in the order given, empty terms included."""
    newest = _newest_of_each(ordered, lambda a: {t.slug for t in section.terms_of(a)}, limit)
    return [
        Feed(f"{section.key}/{term.slug}", term.name, f"{term.name} – {label}",
             term.description or section.about.format(name=term.name, site=label), term.url,
             _paths(pattern, term.slug), newest.get(term.slug, []))
        for term in terms
    ]


def documents_feed(documents, site, paths: FeedPaths, page_url: str, limit: int) -> Feed:
    """New documents (văn bản), newest issue date first."""
    label = site.short_name or site.name
    return Feed("van-ban", "Văn bản, tài liệu", f"Văn bản, tài liệu – {label}",
                f"Văn bản, tài liệu mới đăng trên trang {site.name}", page_url,
                _paths(paths.documents), newest_first(documents)[:limit], entry_kind="document")


def build_catalogue(articles, campaigns, units, site, paths: FeedPaths, opml_url: str,
                    limit: int, documents=None, documents_url: str = "") -> FeedCatalogue:
    """Every feed: the whole site, each kind, each campaign and each unit (empty ones too),
    and new documents when ``documents`` is given (a list, even empty).

    ``articles`` are the published articles (in any order); ``campaigns`` and ``units`` the
    registry's terms in registry order; ``site`` the site identity from data/site.toml.
    """
    ordered = newest_first(articles)
    label = site.short_name or site.name
    everything = Feed("tat-ca", "Tất cả tin, bài", site.name,
                      site.description or site.tagline or site.name, "",
                      _paths(paths.everything), ordered[:limit])
    of_kind = _newest_of_each(ordered, lambda a: (a.kind,), limit)
    kinds = [
        Feed(f"loai/{kind}", title, f"{title} – {label}", f"{title} của {site.name}", "",
             _paths(paths.kind, kind), of_kind.get(kind, []))
        for kind, title in KIND_TITLES.items()
    ]
    campaign_feeds = _term_feeds(CAMPAIGNS, campaigns, paths.campaign, label, ordered, limit)
    unit_feeds = _term_feeds(UNITS, units, paths.unit, label, ordered, limit)
    by_term = {(type(t).__name__, t.slug): f for t, f in zip(campaigns, campaign_feeds)}
    by_term.update({(type(t).__name__, t.slug): f for t, f in zip(units, unit_feeds)})
    document_feed = (None if documents is None
                     else documents_feed(documents, site, paths, documents_url, limit))
    return FeedCatalogue(everything, kinds, campaign_feeds, unit_feeds, opml_url, by_term,
                         document_feed)
