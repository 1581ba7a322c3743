"""Making the published versions of a photo: small pure functions over Pillow images.

``derive(spec)`` is the whole job for one source file and one recipe; it runs in a worker
process, writes only into ``spec.target`` and returns what it wrote. Every derivative is the
right way up (EXIF orientation applied), in sRGB (ICC profiles and CMYK converted), 8-bit, and
carries no metadata at all: no EXIF (so no GPS position or camera serial), XMP, IPTC, comment
or ICC profile.
"""

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from .images import ImageProblem, ImageRejected, broken, open_image
from .issues import WARNING

# Bump when the output of ``derive`` changes for the same inputs: the cache keys include it.
VERSION = 1
EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
MIME_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}
MAX_SIDE = 8192  # no derivative side longer than this (WebP cannot exceed 16383)
FULL_QUALITY = 90
WHITE = (255, 255, 255)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
ICC_PROBLEM = ImageProblem("hồ sơ màu (ICC) của ảnh không dùng được, màu có thể hơi lệch",
                           "xuất lại ảnh với hệ màu sRGB", WARNING)


@dataclass(frozen=True)
class DeriveSpec:
    """One recipe for one source file.

    ``widths`` and ``formats`` make the responsive set (``jpeg`` is always made, as the
    fallback); ``crop`` instead makes one JPEG of exactly that shape (the social-media card);
    ``full_size`` adds a JPEG at the source's own size (only when originals are published).
    """

    source: str
    target: str
    widths: tuple[int, ...] = (480, 960, 1600)
    formats: tuple[str, ...] = ("webp",)
    quality: tuple[tuple[str, int], ...] = (("jpeg", 82), ("webp", 78), ("avif", 55))
    crop: tuple[int, int] | None = None
    full_size: bool = False


@dataclass(frozen=True)
class Derived:
    file: str
    format: str
    width: int
    height: int


@dataclass(frozen=True)
class DeriveOutcome:
    source: str
    files: tuple[Derived, ...] = ()
    problems: tuple[ImageProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return bool(self.files)


def derive(spec: DeriveSpec) -> DeriveOutcome:
    """Write every derivative of ``spec`` into ``spec.target``; errors come back as problems."""
    problems: list[ImageProblem] = []
    try:
        image = load(spec.source, _scale_needed(spec))
        image = to_srgb(image, problems)
    except ImageRejected as rejected:
        return DeriveOutcome(spec.source, (), (rejected.problem,))
    target = Path(spec.target)
    target.mkdir(parents=True, exist_ok=True)
    quality = dict(spec.quality)
    if spec.crop:
        files = [write(social_crop(image, spec.crop), target, "social", "jpeg", quality["jpeg"])]
    else:
        files = write_responsive(image, target, spec, quality)
    return DeriveOutcome(spec.source, tuple(files), tuple(problems))


def _scale_needed(spec: DeriveSpec):
    """How small the decoder may make the picture: ``fn(width, height) -> (w, h)`` or None."""
    if spec.full_size:
        return None
    if spec.crop:
        return lambda w, h: _at_least(w, h, max(spec.crop[0] / w, spec.crop[1] / h))
    return lambda w, h: _at_least(w, h, max(spec.widths) / w)


def _at_least(width: int, height: int, scale: float) -> tuple[int, int]:
    scale = min(scale, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def load(path, draft_size=None) -> Image.Image:
    """The first frame, decoded (JPEGs at a reduced scale when that suffices), right way up.

    Anything wrong with the file becomes ``ImageRejected``: Pillow reports broken data with
    many exception types, and a bad photo must never stop the build with a traceback.
    """
    image = open_image(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if draft_size and image.format in ("JPEG", "MPO"):
                image.draft(None, draft_size(*image.size))
            image.load()
            upright = ImageOps.exif_transpose(image)
    except ImageRejected:
        raise
    except Exception as error:  # noqa: BLE001 - see the docstring
        raise ImageRejected(broken(str(error) or type(error).__name__)) from error
    finally:
        image.close()
    return upright


def to_srgb(image: Image.Image, problems: list) -> Image.Image:
    """8-bit RGB, or RGBA when the picture has transparency, in sRGB, with no metadata left."""
    profile = image.info.get("icc_profile")
    image = eight_bit(image)
    if profile:
        image = _apply_profile(image, profile, problems)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if _has_alpha(image) else "RGB")
    image.info = {}
    return image


def eight_bit(image: Image.Image) -> Image.Image:
    """16-bit and 32-bit grey scaled down (not clipped); palette and 1-bit images expanded."""
    if image.mode.startswith("I;16") or image.mode == "I":
        return image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    if image.mode == "F":
        return image.point(lambda value: value * 255).convert("L")
    if image.mode in ("P", "PA", "1", "LA", "La", "RGBa") or "transparency" in image.info:
        return image.convert("RGBA" if _has_alpha(image) else "RGB")
    return image


def _has_alpha(image: Image.Image) -> bool:
    return "A" in image.mode or "a" in image.mode or "transparency" in image.info


def _apply_profile(image: Image.Image, profile: bytes, problems: list) -> Image.Image:
    mode = "RGBA" if image.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode,
                                         renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        if image.mode not in ("L", "LA"):
            problems.append(ICC_PROBLEM)
        return image


def target_sizes(size: tuple[int, int], widths) -> list[tuple[int, int]]:
    """Sizes of the responsive set: the widths that fit (never upscaled), plus the source's
    own width when it is narrower than the largest; no side longer than ``MAX_SIDE``."""
    width, height = size
    top = min(max(widths), width)
    sizes = []
    for wanted in sorted({w for w in widths if w < top} | {top}):
        scale = min(wanted / width, MAX_SIDE / height, 1.0)
        fitted = (max(1, round(width * scale)), max(1, round(height * scale)))
        if fitted not in sizes:
            sizes.append(fitted)
    return sizes


def social_crop(image: Image.Image, size: tuple[int, int], focus: float = 0.4) -> Image.Image:
    """The largest ``size``-shaped part of the picture (a little above centre, where faces
    usually are), scaled down to ``size``, or kept smaller when the picture is smaller."""
    width, height = image.size
    ratio = size[0] / size[1]
    if width / height > ratio:
        crop_w, crop_h = round(height * ratio), height
    else:
        crop_w, crop_h = width, round(width / ratio)
    crop_w, crop_h = max(1, min(crop_w, width)), max(1, min(crop_h, height))
    left, top = (width - crop_w) // 2, round((height - crop_h) * focus)
    out = size if crop_w >= size[0] else (crop_w, max(1, round(crop_w / ratio)))
    return image.resize(out, Image.Resampling.LANCZOS, box=(left, top, left + crop_w, top + crop_h))


def write_responsive(image: Image.Image, target: Path, spec: DeriveSpec,
                     quality: dict) -> list[Derived]:
    files = []
    for size in target_sizes(image.size, spec.widths):
        scaled = image
        if size != image.size:
            scaled = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        for image_format in (*spec.formats, "jpeg"):
            files.append(write(scaled, target, f"w{size[0]}", image_format, quality[image_format]))
    if spec.full_size:
        files.append(write(image, target, "full", "jpeg", FULL_QUALITY))
    return files


def write(image: Image.Image, target: Path, stem: str, image_format: str, quality: int) -> Derived:
    """Encode with no metadata: ``info`` is emptied and nothing is passed that would embed any."""
    if image_format == "jpeg" and image.mode == "RGBA":
        image = flatten(image)
    image.info = {}
    name = f"{stem}.{EXTENSIONS[image_format]}"
    options = {
        "jpeg": {"quality": quality, "optimize": True, "progressive": True},
        "webp": {"quality": quality, "method": 4},
        "avif": {"quality": quality, "speed": 6},
    }[image_format]
    image.save(target / name, image_format.upper(), **options)
    return Derived(name, image_format, image.width, image.height)


def flatten(image: Image.Image, background=WHITE) -> Image.Image:
    """Transparency over a white page, for formats without an alpha channel."""
    flat = Image.new("RGB", image.size, background)
    flat.paste(image, mask=image.getchannel("A"))
    return flat
