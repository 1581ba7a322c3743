"""Settings for the published site: the preview settings plus production overrides only."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403

# The public address; when unset, the content folder's data/site.toml "url" is used.
SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
SITEURL_FROM_SITE_DATA = True

# Never publish an article before its date: scheduled articles appear once their time comes.
SHOW_FUTURE_ARTICLES = False
