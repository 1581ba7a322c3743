"""Test photos made with Pillow, good and bad, and a reader of the metadata left in image files."""

import io
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw

RED, BLUE, WHITE = (220, 20, 20), (20, 40, 200), (255, 255, 255)
SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>'
       b'<rdf:Description GPSLatitude="21,1.5N"/></rdf:RDF></x:xmpmeta>')


def _save(image, image_format, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()


def marked(width, height, mode="RGB") -> Image.Image:
    """Blue, with a red block in the top-left corner (to see which way up a derivative is)."""
    image = Image.new(mode, (width, height), BLUE)
    ImageDraw.Draw(image).rectangle((0, 0, width // 4, height // 4), fill=RED)
    return image


def camera_exif(orientation=1) -> Image.Exif:
    """What a phone writes: make, model, serial number, GPS position, orientation."""
    exif = Image.Exif()
    exif.update({0x0112: orientation, 0x010F: "DemoPhone", 0x0110: "DemoPhone 12", 0xA431: "SN-12345"})
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 12.0)})
    return exif


def phone_photo(width=2000, height=1500, orientation=1, icc=True) -> bytes:
    """A JPEG with every kind of metadata: EXIF with GPS, XMP, comment, ICC profile and IPTC."""
    data = _save(marked(width, height), "JPEG", quality=90, exif=camera_exif(orientation),
                 xmp=XMP, comment=b"Chup tai nha may", icc_profile=SRGB_ICC if icc else None)
    return with_iptc(data)


def with_iptc(jpeg: bytes) -> bytes:
    """Insert a Photoshop APP13 segment (IPTC: by-line, city) after the start of image."""
    iptc = (b"\x1c\x02\x50" + struct.pack(">H", 9) + b"Nguyen An"  # by-line
            + b"\x1c\x02\x5a" + struct.pack(">H", 7) + b"Dong Ha")  # city
    block = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + block
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def cmyk_jpeg() -> bytes:
    return _save(Image.new("CMYK", (600, 400), (0, 255, 255, 0)), "JPEG")  # pure red in CMYK


def png16() -> bytes:
    """16-bit grey: the left half full white (65535), the right half mid grey (32768)."""
    image = Image.new("I;16", (600, 400), 32768)
    image.paste(Image.new("I;16", (300, 400), 65535), (0, 0))
    return _save(image, "PNG")


def palette_png_with_transparency() -> bytes:
    """A palette PNG: the left half transparent, the right half red."""
    image = Image.new("P", (600, 400), 1)
    image.putpalette([0, 0, 0, *RED])
    image.paste(0, (0, 0, 300, 400))
    return _save(image, "PNG", transparency=0)


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (300, 200), colour) for colour in (RED, BLUE, WHITE)]
    return _save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)


def truncated_jpeg() -> bytes:
    data = _save(Image.effect_noise((800, 600), 60).convert("RGB"), "JPEG", quality=90)
    return data[: len(data) * 2 // 3]


def damaged_png() -> bytes:
    """Header and end intact, pixel data broken: only decoding finds out."""
    data = bytearray(_save(Image.radial_gradient("L").resize((600, 400)), "PNG"))
    start = data.index(b"IDAT")
    data[start + 20:start + 60] = bytes(40)
    return bytes(data)


def png_header(width, height) -> bytes:
    """A tiny PNG file that claims to be ``width`` × ``height`` (a decompression bomb)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


def motion_photo() -> bytes:
    """A JPEG followed by other data (phones append a short video after the image's end)."""
    return phone_photo(800, 600) + b"\x00\x00\x00\x18ftypmp42" + bytes(100_000)


# Reading what metadata an image file still carries --------------------------------------------

JPEG_NAMES = {0xE1: "EXIF/XMP (APP1)", 0xE2: "ICC (APP2)", 0xED: "IPTC (APP13)", 0xFE: "comment"}


def image_kind(data: bytes) -> str | None:
    if data[:2] == b"\xff\xd8":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:4] == b"GIF8" or data[4:12] in (b"ftypavif", b"ftypheic") or data[:2] in (b"II", b"MM", b"BM"):
        return "other"
    return None


def metadata(path: Path) -> list[str]:
    """Every metadata segment or chunk in an image file (empty when the file is clean)."""
    data = Path(path).read_bytes()
    kind = image_kind(data)
    readers = {"jpeg": _jpeg_segments, "png": _png_chunks, "webp": _webp_chunks}
    found = readers[kind](data) if kind in readers else ["unchecked format"]
    with Image.open(path) as image:
        keys = ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "photoshop")
        found += [key for key in keys if image.info.get(key)]
        found += ["EXIF tags"] if len(image.getexif()) else []
    return found


def _jpeg_segments(data: bytes) -> list[str]:
    found, position = [], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:
            break
        length = struct.unpack(">H", data[position + 2:position + 4])[0]
        if marker in JPEG_NAMES or (0xE3 <= marker <= 0xEF):
            found.append(JPEG_NAMES.get(marker, f"APP{marker - 0xE0}"))
        position += 2 + length
    return found


def _png_chunks(data: bytes) -> list[str]:
    found, position = [], 8
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind in (b"eXIf", b"iTXt", b"tEXt", b"zTXt", b"iCCP", b"tIME"):
            found.append(kind.decode())
        position += 12 + length
    return found


def _webp_chunks(data: bytes) -> list[str]:
    found, position = [], 12
    while position + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[position:position + 8])
        if kind in (b"EXIF", b"XMP ", b"ICCP"):
            found.append(kind.decode())
        position += 8 + length + (length & 1)
    return found
