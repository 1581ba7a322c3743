"""Markdown bodies to HTML, noting the images and links on the way (no second HTML parse)."""

import re
from dataclasses import dataclass, field
from typing import Callable
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .sanitize import Sanitiser, _elements
from .vietnamese import fold_for_search

EXTENSIONS = ["extra", "sane_lists"]
_STASHED = re.compile("\x02wzxhzdk:(\\d+)\x03|\x02[^\x03]*\x03")  # Markdown's placeholders for raw HTML
SUMMARY_WORDS = 45


@dataclass(frozen=True)
class ImageRef:
    src: str
    alt: str
    title: str


@dataclass
class Rendered:
    html: str
    images: list[ImageRef] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    first_paragraph: str = ""
    removed: list = field(default_factory=list)  # [(what the sanitiser removed, where)]
    text: str = ""  # the words of the body, folded (no diacritics) for the search index
    raw_images: list[str] = field(default_factory=list)  # <img> written as raw HTML


def _identity(url: str) -> str:
    return url


class _Collector(Treeprocessor):
    """Records images, links and the first paragraph; lets the caller rewrite URLs."""

    def reset(self, rewrite: Callable[[str], str]):
        self.rewrite = rewrite
        self.images, self.links, self.first_paragraph, self.text = [], [], "", ""

    def _unstash(self, text: str) -> str:
        """Text with Markdown's placeholders for raw HTML replaced by that HTML's words."""
        blocks = self.md.htmlStash.rawHtmlBlocks

        def words(match):
            number = match.group(1) or ""
            raw = blocks[int(number)] if number.isdigit() and int(number) < len(blocks) else ""
            return "".join(_html_text(raw))

        return _STASHED.sub(words, text)

    def run(self, root: Element):
        words = self._unstash(" ".join(root.itertext())).split()
        for element in root.iter():
            if element.tag == "img":
                src = element.get("src", "")
                self.images.append(ImageRef(src, element.get("alt", ""), element.get("title", "")))
                element.set("src", self.rewrite(src))
            elif element.tag == "a" and element.get("href") and "\x02" not in element.get("href"):
                # (an href holding Markdown's stash markers is an obfuscated e-mail address)
                self.links.append(element.get("href"))
                element.set("href", self.rewrite(element.get("href")))
            elif element.tag == "p" and not self.first_paragraph:
                self.first_paragraph = " ".join(self._unstash("".join(element.itertext())).split())
        self.text = fold_for_search(" ".join([*words, *(image.title for image in self.images if image.title)]))


class _CollectorExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_Collector(md), "union_collector", 1)


class MarkdownRenderer:
    """One reusable Markdown converter (building one per file is slow) and its sanitiser."""

    def __init__(self, extensions=None, extension_configs=None, sanitiser: Sanitiser | None = None):
        self._md = markdown.Markdown(
            extensions=[*(extensions or EXTENSIONS), _CollectorExtension()],
            extension_configs=extension_configs or {},
            output_format="html",
        )
        self._collector = self._md.treeprocessors["union_collector"]
        self.sanitiser = sanitiser or Sanitiser()

    @classmethod
    def from_settings(cls, markdown: dict, embeds=None) -> "MarkdownRenderer":
        """From Pelican's ``MARKDOWN`` setting (its ``meta`` extension is not needed here) and
        the allowed video embeds (``VIDEO_EMBEDS``)."""
        extensions = [e for e in markdown.get("extensions", []) if e != "markdown.extensions.meta"]
        sanitiser = Sanitiser(tuple(embeds)) if embeds is not None else None
        return cls(extensions or None, markdown.get("extension_configs"), sanitiser)

    def render(self, body: str, rewrite: Callable[[str], str] = _identity) -> Rendered:
        self._md.reset()
        self._collector.reset(rewrite)
        html = self._md.convert(body)
        raw = list(self._md.htmlStash.rawHtmlBlocks)
        urls = self._collector.links + [image.src for image in self._collector.images]
        return Rendered(
            self.sanitiser.clean(html), self._collector.images, self._collector.links,
            self._collector.first_paragraph, self.sanitiser.removed(raw, urls), self._collector.text,
            [src for fragment in raw if "<img" in fragment.lower() for src in _raw_image_sources(fragment)],
        )


def _html_text(fragment: str):
    """The words of a raw HTML fragment (script and style contents excluded)."""
    for element in _elements(fragment):
        if element.tag not in ("script", "style"):
            yield element.text or ""
        yield element.tail or ""


def _raw_image_sources(fragment: str) -> list[str]:
    return [element.get("src", "") for element in _elements(fragment) if element.tag == "img"]


def summarise(text: str, words: int = SUMMARY_WORDS) -> str:
    """The first ``words`` words of a paragraph, with an ellipsis when cut."""
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"
