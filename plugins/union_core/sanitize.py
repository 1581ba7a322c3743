"""The HTML of an article, cleaned with nh3 (the Rust ``ammonia`` sanitiser), and a list of
what was removed for the editor.

Allowed: what Markdown (with its "extra" extensions) produces, plain links and images, and
``<iframe>`` only for the video hosts of an allow-list (a setting). Removed: ``<script>``,
``<style>``, forms, event-handler and ``style`` attributes, ``javascript:``/``data:``/other
URL schemes, comments, any other tag (its text is kept).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
import nh3

from .document_links import SCHEME as DOCUMENT_SCHEME

TEXT_TAGS = {"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
             "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr",
             "span", "div", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption",
             "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "q", "cite"}
EMBED_TAG = "iframe"
GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang"}
TAG_ATTRIBUTES = {
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"}, "colgroup": {"span"}, "q": {"cite"}, "blockquote": {"cite"},
    EMBED_TAG: {"src", "width", "height", "allow", "allowfullscreen", "loading", "frameborder"},
}
# Web schemes, plus the site's own placeholder for links to documents by number (resolved later).
URL_SCHEMES = {"http", "https", "mailto", "tel", DOCUMENT_SCHEME.rstrip(":")}
URL_ATTRIBUTES = {"href", "src", "cite"}
DEFAULT_EMBEDS = ("https://www.youtube.com/embed/", "https://www.youtube-nocookie.com/embed/",
                  "https://www.facebook.com/plugins/video.php")


@dataclass(frozen=True)
class Sanitiser:
    embeds: tuple = DEFAULT_EMBEDS  # URL prefixes an <iframe src> may start with

    def embed_allowed(self, url: str) -> bool:
        return any(url.startswith(prefix) for prefix in self.embeds)

    def url_allowed(self, url: str) -> bool:
        scheme = urlsplit(url.strip()).scheme.lower()
        return not scheme or scheme in URL_SCHEMES

    def clean(self, html: str) -> str:
        def keep(tag, attribute, value):
            if tag == EMBED_TAG and attribute == "src" and not self.embed_allowed(value):
                return None
            return value

        cleaned = nh3.clean(
            html, tags=TEXT_TAGS | {EMBED_TAG}, clean_content_tags={"script", "style"},
            attributes={"*": GLOBAL_ATTRIBUTES, **TAG_ATTRIBUTES}, url_schemes=URL_SCHEMES,
            strip_comments=True, link_rel=None, attribute_filter=keep,
        )
        return _without_empty_embeds(cleaned) if "<iframe" in cleaned else cleaned

    def removed(self, raw_fragments, urls) -> list[tuple[str, str]]:
        """What cleaning takes out: ``[(what, where it was written)]``, from the editor's raw
        HTML fragments and from the link and image URLs."""
        found = [(f'địa chỉ "{url[:60]}"', url) for url in urls if not self.url_allowed(url)]
        for fragment in raw_fragments:
            if fragment.lstrip().startswith("<!--"):
                continue
            for element in _elements(fragment):
                found.extend((problem, fragment) for problem in self._element_problems(element))
        return list(dict.fromkeys(found))

    def _element_problems(self, element) -> list[str]:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag:
            return []
        if tag not in TEXT_TAGS | {EMBED_TAG}:
            return [f"thẻ <{tag}>"]
        if tag == EMBED_TAG and not self.embed_allowed(element.get("src", "")):
            return [f'khung nhúng <iframe> từ "{urlsplit(element.get("src", "")).netloc or element.get("src", "")}"']
        problems = []
        for attribute, value in element.attrib.items():
            if attribute not in GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set()):
                problems.append(f"thuộc tính {attribute} của <{tag}>")
            elif attribute in URL_ATTRIBUTES and not self.url_allowed(value):
                problems.append(f'địa chỉ "{value[:60]}" của <{tag}>')
        return problems


def _elements(fragment: str):
    try:
        for item in lxml.html.fragments_fromstring(fragment):
            if not isinstance(item, str):
                yield from item.iter()
    except (lxml.etree.ParserError, ValueError):
        return


def _without_empty_embeds(html: str) -> str:
    """Drop <iframe> elements whose src was refused (nh3 keeps the element, not the src)."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for frame in list(root.iter(EMBED_TAG)):
        if not frame.get("src"):
            frame.drop_tree()
    return (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
