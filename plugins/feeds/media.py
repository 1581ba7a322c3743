"""The cover image of an entry as it was published: its URL, real length and real MIME type.

The contract with the photo pipeline: ``article.cover`` is the site-relative URL of the
published cover file, and that file exists under OUTPUT_PATH when Pelican's ``finalized``
signal fires. The type is read from the file's content (Pillow), not guessed from its name.
"""

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from PIL import Image, UnidentifiedImageError

# Used when Pillow cannot read the file (an SVG, say); the OS's mime.types comes last, because
# it differs from one machine to another.
TYPES_BY_SUFFIX = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
                   ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
                   ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str
    width: int | None = None
    height: int | None = None
    medium: str = "image"  # Media RSS medium: "image" for covers, "document" for attachments


def site_relative(url: str, siteurl: str) -> str:
    """``https://site/2026/a b.jpg`` or ``/2026/a%20b.jpg`` → ``2026/a b.jpg`` (a file path)."""
    if siteurl and url.startswith(siteurl):
        url = url[len(siteurl):]
    elif urlsplit(url).netloc:
        return ""
    return unquote(url.split("#")[0].split("?")[0]).lstrip("/")


def _sniff(path: Path) -> tuple[str, int | None, int | None]:
    try:
        with Image.open(path) as image:
            mime = Image.MIME.get(image.format or "")
            if mime:
                return mime, image.width, image.height
    except (UnidentifiedImageError, OSError):
        pass
    suffix = path.suffix.lower()
    guessed = TYPES_BY_SUFFIX.get(suffix) or mimetypes.guess_type(path.name)[0]
    return guessed or "application/octet-stream", None, None


def cover_enclosure(cover: str, output: Path, siteurl: str, base_url: str) -> Enclosure | None:
    """The published cover file as an enclosure, or None when it is not a file in ``output``."""
    relative = site_relative(cover, siteurl)
    path = output / relative
    if not relative or not path.is_file():
        return None
    mime, width, height = _sniff(path)
    url = f"{base_url}/{quote(relative, safe='/')}"
    return Enclosure(url, path.stat().st_size, mime, width, height)


def download_enclosure(download, base_url: str) -> Enclosure:
    """A document's attached file (``documents.content.Download``): its checked size and type."""
    return Enclosure(f"{base_url}/{download.url}", download.size, download.type.mime,
                     medium="document" if not download.type.mime.startswith("image/") else "image")
