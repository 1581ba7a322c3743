"""The plugin's settings: one ``RESPONSIVE_IMAGES`` dict, checked once at start-up.

Every key, its meaning and its default is in ``DEFAULTS``; a site overrides only what it needs,
e.g. ``RESPONSIVE_IMAGES = {"widths": (480, 960, 1600, 2400)}`` in ``pelicanconf.py``.
"""

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from content_model.report import SettingError
from union_core.derivatives import VERSION

SETTING = "RESPONSIVE_IMAGES"
MODERN_FORMATS = ("avif", "webp")

DEFAULTS = {
    # Widths (pixels) of the responsive set; never larger than the photo itself.
    "widths": (480, 960, 1600),
    # Modern formats offered before the JPEG fallback, best first: ("webp",) or ("avif", "webp").
    # AVIF files are about a quarter smaller but take 5–10 times longer to make.
    "formats": ("webp",),
    # Encoder quality per format (0–100).
    "quality": {"jpeg": 82, "webp": 78, "avif": 55},
    # The width of the JPEG that ``article.cover`` and every <img src> point to.
    "cover_width": 960,
    # The Open Graph / Zalo / Facebook card: a crop of the cover to exactly this size.
    "social_size": (1200, 630),
    # Output folder of every derivative (a first path segment reserved for images).
    "output_dir": "anh",
    # Cache of derivatives kept between builds; None = "responsive_images" in Pelican's CACHE_PATH.
    "cache_path": None,
    # Cache entries unused for this many days are deleted.
    "cache_days": 30,
    # Worker processes for image work; None = every core of the machine.
    "workers": None,
    # Below this many images to make, work in the build's own process (starting workers costs).
    "parallel_from": 6,
    # Also publish each photo at full size (oriented, sRGB, re-encoded without metadata):
    # the original files themselves are never copied, because they carry the camera's metadata.
    "publish_originals": False,
}


@dataclass(frozen=True)
class ImageOptions:
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    quality: tuple[tuple[str, int], ...]
    cover_width: int
    social_size: tuple[int, int]
    output_dir: str
    cache_path: Path
    cache_days: int
    workers: int
    parallel_from: int
    publish_originals: bool

    def fingerprint(self, recipe: str) -> str:
        """What, besides the source bytes, decides the files of ``recipe`` (a cache-key part)."""
        parts = {"version": VERSION, "recipe": recipe, "quality": self.quality}
        if recipe == "social":
            parts["size"] = self.social_size
        else:
            parts.update(widths=self.widths, formats=self.formats, full=self.publish_originals)
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def read_options(settings: dict) -> ImageOptions:
    """Defaults merged with the site's values, each checked; raises ``SettingError``."""
    given = settings.get(SETTING) or {}
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise SettingError(f"{SETTING}[{unknown[0]!r}]", f"one of {', '.join(DEFAULTS)}", "(unknown key)")
    values = {**DEFAULTS, **given}
    quality = {**DEFAULTS["quality"], **values["quality"]}
    return ImageOptions(
        widths=_sizes("widths", values["widths"], minimum=1),
        formats=_formats(values["formats"]),
        quality=tuple(sorted((k, _number(f"quality.{k}", v, 1, 100)) for k, v in quality.items())),
        cover_width=_number("cover_width", values["cover_width"], 1),
        social_size=_sizes("social_size", values["social_size"], minimum=1, count=2),
        output_dir=_folder(values["output_dir"]),
        cache_path=_cache_path(values["cache_path"], settings),
        cache_days=_number("cache_days", values["cache_days"], 1),
        workers=_number("workers", values["workers"] or _cores(), 1),
        parallel_from=_number("parallel_from", values["parallel_from"], 1),
        publish_originals=_flag("publish_originals", values["publish_originals"]),
    )


def _number(key, value, low, high=None) -> int:
    integer = isinstance(value, int) and not isinstance(value, bool)
    if not integer or value < low or (high and value > high):
        bounds = f"an integer from {low} to {high}" if high else f"an integer of at least {low}"
        raise SettingError(f"{SETTING}[{key!r}]", bounds, value)
    return value


def _sizes(key, value, minimum, count=None) -> tuple[int, ...]:
    if not isinstance(value, (list, tuple)) or not value or (count and len(value) != count):
        raise SettingError(f"{SETTING}[{key!r}]", f"a list of {count or 'some'} positive integers", value)
    return tuple(_number(key, item, minimum) for item in value)


def _formats(value) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or any(v not in MODERN_FORMATS for v in value):
        raise SettingError(f"{SETTING}['formats']", f"a list of {' and/or '.join(MODERN_FORMATS)}", value)
    return tuple(dict.fromkeys(value))


def _folder(value) -> str:
    parts = value.strip("/").split("/") if isinstance(value, str) else [""]
    if any(part in ("", ".", "..") or "\\" in part for part in parts):
        raise SettingError(f"{SETTING}['output_dir']", "a folder inside the output, such as 'anh'", value)
    return "/".join(parts)


def _flag(key, value) -> bool:
    if not isinstance(value, bool):
        raise SettingError(f"{SETTING}[{key!r}]", "True or False", value)
    return value


def _cache_path(value, settings) -> Path:
    if value is None:
        return Path(settings.get("CACHE_PATH") or "cache").resolve() / "responsive_images"
    return Path(value).resolve()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
