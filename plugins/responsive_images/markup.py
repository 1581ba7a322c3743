"""Rewriting the images of an article's HTML as responsive pictures (beautifulsoup4).

The markup comes from the theme's ``pictures.html`` macros; this module only decides which
macro each image gets. A paragraph holding nothing but images becomes figures with their
captions (the Markdown image title); an image inside text stays inline as a picture. In a photo
story, photos that follow one another become a gallery. Every image after the first loads lazily.
"""

from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag

from .catalogue import Picture


@dataclass(frozen=True)
class Figure:
    image: Picture
    alt: str
    caption: str
    link: str | None
    lazy: bool


def rewrite_images(html: str, pictures: dict, links: dict, macros, story: bool = False) -> str:
    """``pictures`` maps an image's ``src`` (its Pelican placeholder) to its ``Picture``;
    ``links`` maps the ``href`` of links to image files to their published URL."""
    if not pictures and not links:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for anchor in soup.find_all("a", href=True):
        anchor["href"] = links.get(_address(anchor["href"]), anchor["href"])
    blocks: list[tuple[Tag, list[Figure]]] = []
    ours = [img for img in soup.find_all("img") if _address(img.get("src")) in pictures]
    for index, img in enumerate(ours):
        unit = img.parent if _wraps_only(img.parent, img) else img
        figure = Figure(pictures[_address(img["src"])], img.get("alt", ""), img.get("title", ""),
                        unit.get("href") if unit is not img else None, lazy=index > 0)
        holder = unit.parent
        if holder.name == "p" and _only_images(holder, pictures):
            if blocks and blocks[-1][0] is holder:
                blocks[-1][1].append(figure)
            else:
                blocks.append((holder, [figure]))
        else:
            img.replace_with(_fragment(macros.picture(figure.image, figure.alt, lazy=figure.lazy)))
    for run in _runs(blocks):
        _replace(run, _render(run, macros, story))
    return str(soup)


def _address(url) -> str:
    return (url or "").split("#", 1)[0]


def _render(run: list[tuple[Tag, list[Figure]]], macros, story: bool) -> str:
    figures = [figure for _, group in run for figure in group]
    if story and len(figures) > 1:
        return str(macros.gallery(figures))
    layout = "wide" if story else "content"
    return "".join(str(macros.figure(figure, layout, zoom=story)) for figure in figures)


def _replace(run, html: str) -> None:
    first, *rest = [paragraph for paragraph, _ in run]
    first.replace_with(_fragment(html))
    for paragraph in rest:
        paragraph.decompose()


def _fragment(html) -> BeautifulSoup:
    return BeautifulSoup(str(html), "html.parser")


def _runs(blocks):
    """Image paragraphs that directly follow one another (only white space between them)."""
    runs = []
    for paragraph, figures in blocks:
        if runs and _next_element(runs[-1][-1][0]) is paragraph:
            runs[-1].append((paragraph, figures))
        else:
            runs.append([(paragraph, figures)])
    return runs


def _next_element(node):
    sibling = node.next_sibling
    while isinstance(sibling, NavigableString) and not sibling.strip():
        sibling = sibling.next_sibling
    return sibling


def _meaningful(tag: Tag) -> list:
    return [c for c in tag.children if not (isinstance(c, NavigableString) and not c.strip())]


def _wraps_only(tag: Tag, img: Tag) -> bool:
    return tag is not None and tag.name == "a" and _meaningful(tag) == [img]


def _only_images(paragraph: Tag, pictures: dict) -> bool:
    """A paragraph whose content is only our images (each maybe inside a link) and breaks."""
    for child in _meaningful(paragraph):
        img = child.img if child.name == "a" and len(_meaningful(child)) == 1 else child
        if child.name == "br":
            continue
        if not (isinstance(img, Tag) and img.name == "img" and _address(img.get("src")) in pictures):
            return False
    return True
