"""What an article's HTML with its pictures is made from, besides the article: the key of its
entry in the remembered texts (``union_core.text_memo``).

Rewriting an article's HTML (``markup``, beautifulsoup4) took about a millisecond an article,
which a nightly build of an archive where most articles have photos paid for every article,
changed or not. The caller keys each result by the HTML, each picture (every candidate's
address and size), the links to photos and whether the article is a photo story; the
fingerprint adds the theme's templates (the picture macros), the Jinja settings and the site's
address.
"""

import json
from pathlib import Path

from union_core.files import files_digest
from union_core.text_memo import code_fingerprint

JINJA_SETTINGS = ("JINJA_ENVIRONMENT", "JINJA_FILTERS", "JINJA_TESTS", "JINJA_GLOBALS")


def rewrite_fingerprint(settings) -> str:
    return code_fingerprint(files_digest(Path(settings["THEME"]) / "templates", "*"),
                            json.dumps([settings.get(name) for name in JINJA_SETTINGS], sort_keys=True, default=_name),
                            settings.get("SITEURL", ""))


def rewrite_key(html: str, pictures: dict, links: dict, story: bool) -> list[str]:
    return [html, repr(sorted(pictures.items())), repr(sorted(links.items())), str(story)]


def _name(value) -> str:
    """A filter or test by its name (its code is the plugins' or the settings file's), never by
    ``repr``, which holds a memory address that changes from one run to the next."""
    return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
