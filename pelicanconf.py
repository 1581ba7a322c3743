"""Settings for a preview build of the union news site (``invoke build`` / ``invoke serve``).

Declarative values only. The site's identity (name, address, public URL), its units, campaigns
and plans live in the content folder's ``data/`` so that one content folder is one site.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))  # the plugins' shared core

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
LOCALE = ("C.UTF-8", "C")  # nothing is formatted through the OS locale; dates are ours
SITEURL = ""
RELATIVE_URLS = False

PLUGIN_PATHS = ["plugins"]
PLUGINS = [  # in data-flow order: signal handlers run in this order
    "content_model",
    "taxonomies",
    "responsive_images",
    "theme_support",
    "documents",  # before feeds and search: they carry the published documents
    "events_calendar",
    "feeds",  # after taxonomies: the feeds page lists units by group
    "tally_page",
    "search_index",
    "sitemap_pages",  # last: lists the pages the generators before it wrote
]
# Content discovery: articles anywhere, pages in pages/, documents (văn bản) in van-ban/,
# registries in data/.
ARTICLE_PATHS = [""]
PAGE_PATHS = ["pages"]
DOCUMENT_PATHS = ["van-ban"]
ARTICLE_EXCLUDES = ["pages", "data", "van-ban"]
STATIC_PATHS = [""]
STATIC_EXCLUDES = ["data"]
IGNORE_FILES = [".#*", "_*", "README.md", "*.toml"]
DELETE_OUTPUT_DIRECTORY = False  # the tasks build into a folder of their own (emptied first) and swap it in
# Build caches kept between builds (sources, pages, search shards, photo derivatives); safe to delete.
CACHE_PATH = ".cache"

# Clean URLs.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DOCUMENT_URL = "van-ban/{date:%Y}/{slug}/"  # {slug}: from the document's number, else its title
DOCUMENT_SAVE_AS = DOCUMENT_URL + "index.html"
CAMPAIGN_URL = "chuyen-muc/{slug}/"
CAMPAIGN_SAVE_AS = CAMPAIGN_URL + "index.html"
CAMPAIGNS_URL = "chuyen-muc/"
CAMPAIGNS_SAVE_AS = CAMPAIGNS_URL + "index.html"
UNIT_URL = "don-vi/{slug}/"
UNIT_SAVE_AS = UNIT_URL + "index.html"
UNITS_URL = "don-vi/"
UNITS_SAVE_AS = UNITS_URL + "index.html"
TAG_URL = "tu-khoa/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tu-khoa/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
MONTH_URL = "{year}/{month}/"  # monthly archives: a taxonomy of their own
MONTH_SAVE_AS = MONTH_URL + "index.html"
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
# Pelican's own period archives are off: its grouping scans every article for every period.
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "search", "404"]
SEARCH_URL = "tim-kiem/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
INDEX_URL = ""
# Pelican's own taxonomy pages are not ours: categories and authors are not used.
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "tin-tuc"

DEFAULT_PAGINATION = 12
PAGINATED_TEMPLATES = {"index": None, "tag": None, "campaign": None, "unit": None, "month": 20}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)
RELATED_ARTICLES = 4
HOME_CAMPAIGN_ARTICLES = 4

# One language: no article or page is a translation of another. (Pelican's search for
# translations compares every article with every other: 4 s at 20,000 articles, 40 at 50,000.)
ARTICLE_TRANSLATION_ID = PAGE_TRANSLATION_ID = None

# Pelican's feed writer is off (the feeds plugin writes every feed).
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None

MARKDOWN = {"extensions": ["extra", "sane_lists"], "extension_configs": {}}
# HTML in articles is sanitised (nh3); an <iframe> stays only if its src starts with one of these.
VIDEO_EMBEDS = [
    "https://www.youtube.com/embed/",
    "https://www.youtube-nocookie.com/embed/",
    "https://www.facebook.com/plugins/video.php",
]
FORMATTED_FIELDS = []  # summaries are plain text, escaped by the templates
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}

# Preview only: show articles dated in the future, marked "scheduled".
SHOW_FUTURE_ARTICLES = True

# Share links on articles: plain links (no third-party script); {url} and {title} are encoded.
SHARE_LINKS = [
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("Zalo", "https://sp.zalo.me/share_inline?url={url}"),
]
READERS = {"rst": None, "html": None, "htm": None}  # articles and pages are Markdown only
PAGE_ORDER_BY = "order"
