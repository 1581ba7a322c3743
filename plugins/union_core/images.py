"""Image files referenced by articles: can each one be published? (Pillow only, no decoding.)

``inspect_image`` reads a file's header and, for JPEG, PNG and WebP, checks that the file ends
where its format says it should (an upload cut short is the most common broken photo). It never
decodes pixels, so ``invoke check`` and every build can afford it for every photo. Problems
that only decoding reveals are reported by the images plugin when it makes the derivatives.
"""

import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .issues import ERROR, WARNING

# Files that are photos or pictures: never copied as they are (their metadata would leak).
IMAGE_SUFFIXES = frozenset({
    ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".avif", ".tif", ".tiff", ".bmp",
    ".heic", ".heif",
})
# What Pillow may open (JPEG includes the MPO files of some phones); limiting the formats
# also keeps Pillow from handing files to Ghostscript.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF", "TIFF", "BMP")
# A phone photo has 12–50 million pixels; far more is a "decompression bomb" (a small file that
# needs gigabytes of memory once decoded) or a scan that must be made smaller first.
MAX_PIXELS = 80_000_000
ORIENTATION_TAG = 0x0112
SWAPPING_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that turn the picture by 90°
TAIL = 65536

REDO_HINT = "chép lại tệp ảnh gốc từ máy ảnh hoặc điện thoại rồi đặt cạnh bài viết"
FORMAT_HINT = "lưu lại ảnh dạng JPEG (hoặc PNG) rồi đặt cạnh bài viết"
HEIC_HINT = ("ảnh HEIC của iPhone chưa được hỗ trợ: chuyển sang JPEG (Cài đặt > Camera > Định dạng "
             "> Tương thích nhất) rồi gửi lại")


@dataclass(frozen=True)
class ImageProblem:
    message: str
    hint: str
    severity: str = ERROR


@dataclass(frozen=True)
class ImageInfo:
    """What the header says: format and size as displayed (EXIF orientation applied)."""

    format: str
    width: int
    height: int
    animated: bool = False


class ImageRejected(Exception):
    """A file that cannot be published as an image; carries the problem for the editor."""

    def __init__(self, problem: ImageProblem):
        super().__init__(problem.message)
        self.problem = problem


def is_image_name(path) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def not_an_image(path) -> ImageProblem:
    heic = Path(path).suffix.lower() in {".heic", ".heif"}
    return ImageProblem("không phải tệp ảnh, hoặc định dạng ảnh chưa được hỗ trợ",
                        HEIC_HINT if heic else FORMAT_HINT)


def too_large(width: int, height: int, max_pixels: int = MAX_PIXELS) -> ImageProblem:
    return ImageProblem(
        f"ảnh quá lớn: {width}×{height} điểm ảnh ({width * height / 1e6:.0f} triệu), "
        f"tối đa {max_pixels / 1e6:.0f} triệu",
        "thu nhỏ ảnh (chiều rộng khoảng 4000 điểm ảnh là đủ) rồi gửi lại")


def broken(detail: str = "") -> ImageProblem:
    suffix = f" ({detail})" if detail else ""
    return ImageProblem(f"tệp ảnh bị hỏng, không đọc được{suffix}", REDO_HINT)


TRUNCATED = ImageProblem("tệp ảnh bị cắt cụt (tải lên hoặc sao chép chưa hết)", REDO_HINT)
ANIMATED = ImageProblem(
    "ảnh động (nhiều khung hình): chỉ đăng khung hình đầu tiên, dạng ảnh tĩnh",
    "dùng ảnh tĩnh JPEG hoặc PNG; video thì đăng ở nơi khác và dẫn liên kết", WARNING)


def open_image(path) -> Image.Image:
    """Open (header only) one of the allowed formats; a bomb is refused before any decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path, formats=FORMATS)
    except Image.DecompressionBombError as error:
        limit = 2 * (Image.MAX_IMAGE_PIXELS or 0)
        problem = ImageProblem(f"ảnh quá lớn: hơn {limit / 1e6:.0f} triệu điểm ảnh, "
                               f"tối đa {MAX_PIXELS / 1e6:.0f} triệu", too_large(1, 1).hint)
        raise ImageRejected(problem) from error
    except UnidentifiedImageError as error:
        raise ImageRejected(not_an_image(path)) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRejected(broken(str(error))) from error
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise ImageRejected(too_large(image.width, image.height))
    return image


def inspect_image(path) -> tuple[ImageInfo | None, list[ImageProblem]]:
    """The file's format and displayed size, and every problem found without decoding it."""
    try:
        with open_image(path) as image:
            width, height = image.size
            if _orientation(image) in SWAPPING_ORIENTATIONS:
                width, height = height, width
            animated = image.format != "MPO" and getattr(image, "is_animated", False)
            info = ImageInfo(image.format, width, height, animated)
    except ImageRejected as rejected:
        return None, [rejected.problem]
    problems = [ANIMATED] if info.animated else []
    if not _complete(path, info.format):
        problems.insert(0, TRUNCATED)
    return info, problems


def _orientation(image) -> int:
    try:
        return int(image.getexif().get(ORIENTATION_TAG) or 1)
    except Exception:  # noqa: BLE001 - malformed EXIF: the picture is shown as stored
        return 1


def _complete(path, image_format: str) -> bool:
    """Whether the file ends as its format requires (reads the end, rarely the whole file)."""
    with open(path, "rb") as file:
        size = file.seek(0, 2)
        if image_format in ("JPEG", "MPO"):
            return _jpeg_complete(file, size)
        if image_format == "PNG":
            file.seek(max(0, size - TAIL))
            return b"IEND" in file.read()
        if image_format == "WEBP":
            file.seek(4)
            return int.from_bytes(file.read(4), "little") + 8 <= size
    return True


def _jpeg_complete(file, size: int) -> bool:
    """An end-of-image marker after the first scan. Entropy-coded data never contains FF D9,
    so a file cut short has none there; data that phones append after the end is allowed."""
    scan = _first_scan(file)
    if scan is None:
        return False
    start = max(scan, size - TAIL)
    file.seek(start)
    if b"\xff\xd9" in file.read():
        return True
    file.seek(scan)
    previous = b""
    while chunk := file.read(1 << 20):
        if b"\xff\xd9" in previous[-1:] + chunk:
            return True
        previous = chunk
    return False


def _first_scan(file) -> int | None:
    """Offset of the first start-of-scan marker, walking the segments from the start."""
    position = 2
    while True:
        file.seek(position)
        head = file.read(4)
        if len(head) < 4 or head[0] != 0xFF:
            return None
        marker = head[1]
        if marker == 0xDA:
            return position
        if marker == 0xFF:
            position += 1
        elif marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
        else:
            position += 2 + int.from_bytes(head[2:4], "big")
