"""The taxonomies of the site (campaign, unit, tag, month of publication), declared: what a term is and which templates show it.

One generic generator (``generator.py``) writes the term pages and the index page of every
taxonomy, as Nikola's Taxonomy plugins do; a new taxonomy is a new entry here.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Taxonomy:
    name: str  # template variable for the term, and the term page's template
    index_template: str  # template of the page listing all terms
    index_setting: str  # prefix of the *_URL / *_SAVE_AS settings of the index page
    terms_of: Callable  # article -> its terms
    include_empty: bool  # registry terms get a page even before their first article


CAMPAIGN = Taxonomy("campaign", "campaigns", "CAMPAIGNS", lambda a: a.campaigns, True)
UNIT = Taxonomy("unit", "units", "UNITS", lambda a: a.units, True)
TAG = Taxonomy("tag", "tags", "TAGS", lambda a: getattr(a, "tags", ()), False)
MONTH = Taxonomy("month", "archives", "ARCHIVES", lambda a: (a.month,), False)
TAXONOMIES = (CAMPAIGN, UNIT, TAG, MONTH)
