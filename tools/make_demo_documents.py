"""Make the small attachments of the demo documents (content/van-ban/): one-page PDFs and DOCX.

The demo has no real documents. Each file is drawn from a few lines of text: a PDF page is a
greyscale picture of a letterhead, the number, the title and a "demo" stamp (Pillow writes the
PDF, with fixed metadata dates), a DOCX is the smallest valid Word document holding the same
lines. Both are deterministic: the same command always gives the same bytes.

    python tools/make_demo_documents.py content/van-ban/2026/ke-hoach-45.pdf \
        --issuer "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐỒNG LÂM" --number "45/KH-LĐLĐ" \
        --title "KẾ HOẠCH" --line "Tuyên truyền kỷ niệm 97 năm …" [--line …]
    python tools/make_demo_documents.py content/van-ban/2026/hoi-dap.docx --title … --line …
"""

import argparse
import io
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/Library/Fonts/Times New Roman.ttf",
         "C:/Windows/Fonts/times.ttf")
BOLD_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
              "/Library/Fonts/Times New Roman Bold.ttf", "C:/Windows/Fonts/timesbd.ttf")
FIXED_DATE = time.strptime("2026-01-01 01:00:00", "%Y-%m-%d %H:%M:%S")  # UTC, for the PDF info
ZIP_DATE = (2026, 1, 1, 8, 0, 0)
STAMP = "TÀI LIỆU MINH HỌA – DỮ LIỆU GIẢ ĐỊNH"


def font(candidates, size):
    for candidate in candidates:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def wrap(draw, text, face, width):
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=face) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + [line] if line else lines


def pdf_bytes(issuer, number, title, lines):
    """An A5 page at 100 dpi, greyscale, as a one-page PDF."""
    width, height = 583, 827
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    small, body, bold = font(FONTS, 13), font(FONTS, 15), font(BOLD_FONTS, 19)
    heading = font(BOLD_FONTS, 11)
    y = 40
    for line in wrap(draw, issuer, heading, 230):
        draw.text((150, y), line, font=heading, fill=0, anchor="ma")
        y += 16
    if number:
        draw.text((150, y + 6), f"Số: {number}", font=small, fill=0, anchor="ma")
    draw.text((425, 40), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=heading, fill=0, anchor="ma")
    draw.text((425, 56), "Độc lập – Tự do – Hạnh phúc", font=font(BOLD_FONTS, 12), fill=0, anchor="ma")
    draw.text((width / 2, 150), title, font=bold, fill=0, anchor="ma")
    y = 195
    for paragraph in lines:
        for line in wrap(draw, paragraph, body, width - 80):
            draw.text((40, y), line, font=body, fill=0)
            y += 23
        y += 8
    draw.rectangle((40, height - 90, width - 40, height - 50), outline=0, width=2)
    draw.text((width / 2, height - 70), STAMP, font=small, fill=0, anchor="mm")
    out = io.BytesIO()
    page.save(out, "PDF", resolution=100, title=title.capitalize(), author=issuer.title(),
              creationDate=FIXED_DATE, modDate=FIXED_DATE)
    return out.getvalue()


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>"""


def docx_bytes(issuer, number, title, lines):
    """The smallest DOCX Word opens: content types, one relationship, one document part."""
    texts = [issuer, f"Số: {number}" if number else "", title, *lines, STAMP]
    paragraphs = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(t)}</w:t></w:r></w:p>"
                         for t in texts if t)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("word/document.xml", DOCUMENT.format(paragraphs))):
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), text.encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a .pdf or .docx file to write")
    parser.add_argument("--issuer", default="LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐỒNG LÂM")
    parser.add_argument("--number", default="")
    parser.add_argument("--title", required=True)
    parser.add_argument("--line", action="append", default=[])
    args = parser.parse_args()
    make = {".pdf": pdf_bytes, ".docx": docx_bytes}[args.output.suffix.lower()]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(make(args.issuer, args.number, args.title, args.line))
    print(f"{args.output}: {args.output.stat().st_size} byte")


if __name__ == "__main__":
    main()
