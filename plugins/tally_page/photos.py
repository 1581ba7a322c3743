"""Which photos an article publishes, found in its rendered HTML (the photo-identity contract).

A photo is identified by the ``data-image-id`` of its ``<img>`` (set by the images plugin: a
hash of the source file) when present, else by its ``src`` with SITEURL and the leading "/"
stripped, so "/2026/le/anh.jpg" and "https://site/2026/le/anh.jpg" are one photo. The cover
(``article.cover``, ``article.cover_id``) is one more photo unless the body already shows it.
"""

from bs4 import BeautifulSoup, SoupStrainer


def normalise_src(src: str, siteurl: str = "") -> str:
    """``https://site/2026/a/anh.jpg?v=2#x`` → ``2026/a/anh.jpg``."""
    src = (src or "").strip()
    if siteurl and src.startswith(siteurl):
        src = src[len(siteurl):]
    return src.split("#", 1)[0].split("?", 1)[0].lstrip("/")


def photo_ids(html: str, cover: str | None = None, cover_id: str | None = None,
              siteurl: str = "") -> frozenset:
    """The distinct photos of an article: each ``<img>`` of the body (inside a link or not,
    repeated or not) and the cover, counted once each."""
    ids, by_src = set(), {}
    soup = BeautifulSoup(html or "", "html.parser", parse_only=SoupStrainer("img"))
    for image in soup.find_all("img"):
        src = normalise_src(image.get("src", ""), siteurl)
        identity = image.get("data-image-id") or src
        if identity:
            ids.add(identity)
            by_src.setdefault(src, identity)
    if cover:
        src = normalise_src(cover, siteurl)
        ids.add(cover_id or by_src.get(src) or src)
    return frozenset(ids)
