"""Markdown bodies to HTML, noting the images and links on the way (no second HTML parse)."""

from dataclasses import dataclass, field
from typing import Callable
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["extra", "sane_lists"]
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


def _identity(url: str) -> str:
    return url


class _Collector(Treeprocessor):
    """Records images, links and the first paragraph; lets the caller rewrite URLs."""

    def reset(self, rewrite: Callable[[str], str]):
        self.rewrite = rewrite
        self.images, self.links, self.first_paragraph = [], [], ""

    def run(self, root: Element):
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
                self.first_paragraph = " ".join("".join(element.itertext()).split())


class _CollectorExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_Collector(md), "union_collector", 1)


class MarkdownRenderer:
    """One reusable Markdown converter (building one per file is slow)."""

    def __init__(self, extensions=None, extension_configs=None):
        self._md = markdown.Markdown(
            extensions=[*(extensions or EXTENSIONS), _CollectorExtension()],
            extension_configs=extension_configs or {},
            output_format="html",
        )
        self._collector = self._md.treeprocessors["union_collector"]

    @classmethod
    def from_settings(cls, markdown: dict) -> "MarkdownRenderer":
        """From Pelican's ``MARKDOWN`` setting (its ``meta`` extension is not needed here)."""
        extensions = [e for e in markdown.get("extensions", []) if e != "markdown.extensions.meta"]
        return cls(extensions or None, markdown.get("extension_configs"))

    def render(self, body: str, rewrite: Callable[[str], str] = _identity) -> Rendered:
        self._md.reset()
        self._collector.reset(rewrite)
        html = self._md.convert(body)
        return Rendered(html, self._collector.images, self._collector.links,
                        self._collector.first_paragraph)


def summarise(text: str, words: int = SUMMARY_WORDS) -> str:
    """The first ``words`` words of a paragraph, with an ellipsis when cut."""
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"
