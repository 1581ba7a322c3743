"""Text and HTML made safe for a feed: XML-legal characters, plain titles, absolute URLs.

HTML is read and rewritten with BeautifulSoup only (never with regular expressions); the one
regular expression here filters *characters* that XML 1.0 does not allow.
"""

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from union_core.vietnamese import nfc

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, surrogates, U+FFFE/U+FFFF),
# and the C1 controls it only tolerates: text pasted from Word brings vertical tabs and such.
_NOT_XML = re.compile(
    "[^\u0009\u000a\u000d\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Attributes that hold one URL, and those that hold a srcset list of "URL width" candidates.
URL_ATTRIBUTES = ("href", "src", "poster", "cite", "action", "formaction", "data", "longdesc")
SRCSET_ATTRIBUTES = ("srcset",)
# Inline markup an editor may paste into a title or summary; only these count as HTML there.
INLINE_TAGS = {"a", "abbr", "b", "big", "br", "cite", "code", "del", "em", "font", "i", "ins",
               "mark", "p", "q", "s", "small", "span", "strike", "strong", "sub", "sup", "u"}


def xml_safe(text: str) -> str:
    """NFC text with every character XML cannot carry replaced by a space."""
    return _NOT_XML.sub(" ", nfc(text or ""))


def plain_text(text: str) -> str:
    """One line of XML-safe plain text; pasted inline HTML (``<b>…</b>``) is reduced to its text.

    Text whose angle brackets are not inline HTML tags (``<ISO 45001>``) is kept as written,
    like the site's pages show it.
    """
    safe = " ".join(xml_safe(text).split())
    if "<" not in safe:
        return safe
    soup = BeautifulSoup(safe, "html.parser")
    names = {tag.name for tag in soup.find_all(True)}
    if not names or not names <= INLINE_TAGS:
        return safe
    return " ".join(soup.get_text(" " if "br" in names or "p" in names else "").split())


def _absolute_srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([urljoin(base, parts[0]), *parts[1:]]))
    return ", ".join(candidates)


def absolute_html(html: str, base: str) -> str:
    """``html`` (XML-safe) with every link and image URL resolved against ``base``."""
    soup = BeautifulSoup(xml_safe(html), "html.parser")
    for tag in soup.find_all(True):
        for name in URL_ATTRIBUTES:
            if isinstance(tag.get(name), str):
                tag[name] = urljoin(base, tag[name].strip())
        for name in SRCSET_ATTRIBUTES:
            if isinstance(tag.get(name), str):
                tag[name] = _absolute_srcset(tag[name], base)
    return str(soup)
