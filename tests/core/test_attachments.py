"""Attached files are judged by their bytes, never by their names; sizes read the Vietnamese way."""

import hashlib
import io
import zipfile

import pytest
from PIL import Image

from union_core.attachments import read_attachment
from union_core.values import FieldError
from union_core.vietnamese import format_size

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zipped(*names, mimetype=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype:
            archive.writestr("mimetype", mimetype)
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def image(fmt) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buffer, fmt)
    return buffer.getvalue()


DOCX = zipped("[Content_Types].xml", "word/document.xml")
XLSX = zipped("[Content_Types].xml", "xl/workbook.xml")
PPTX = zipped("[Content_Types].xml", "ppt/presentation.xml")
ODT = zipped("content.xml", mimetype="application/vnd.oasis.opendocument.text")

GOOD = {
    "a.pdf": (pdf(), "PDF", "application/pdf"),
    "junk-before-header.pdf": (b"\r\n" + pdf(), "PDF", "application/pdf"),
    "b.DOCX": (DOCX, "Word (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "c.xlsx": (XLSX, "Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "d.pptx": (PPTX, "PowerPoint (PPTX)",
               "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "e.odt": (ODT, "OpenDocument (ODT)", "application/vnd.oasis.opendocument.text"),
    "f.doc": (OLE, "Word (DOC)", "application/msword"),
    "g.xls": (OLE, "Excel (XLS)", "application/vnd.ms-excel"),
    "h.jpeg": (image("JPEG"), "Ảnh JPEG", "image/jpeg"),
    "i.png": (image("PNG"), "Ảnh PNG", "image/png"),
    "j.gif": (image("GIF"), "Ảnh GIF", "image/gif"),
    "k.webp": (image("WEBP"), "Ảnh WebP", "image/webp"),
    "l.zip": (zipped("readme.txt"), "Tệp nén ZIP", "application/zip"),
    "m.zip": (DOCX, "Tệp nén ZIP", "application/zip"),  # a DOCX is a ZIP too
}

BAD = {
    "empty.pdf": (b"", "rỗng (0 byte)"),
    "html.pdf": (b"<html>Not found</html>", "không phải PDF như đuôi tệp (không nhận ra loại nội dung)"),
    "pdf.docx": (pdf(), "không phải Word (DOCX) như đuôi tệp (nội dung là PDF)"),
    "png.pdf": (image("PNG"), "không phải PDF như đuôi tệp (nội dung là ảnh PNG)"),
    "zip.docx": (zipped("readme.txt"), "không phải Word (DOCX) như đuôi tệp (nội dung là tệp nén ZIP)"),
    "xlsx.docx": (XLSX, "không phải Word (DOCX) như đuôi tệp (nội dung là Excel (XLSX))"),
    "word.xlsx": (DOCX, "không phải Excel (XLSX) như đuôi tệp (nội dung là Word (DOCX))"),
    "docx.doc": (DOCX, "không phải Word (DOC) như đuôi tệp (nội dung là Word (DOCX))"),
    "old.docx": (OLE, "không phải Word (DOCX) như đuôi tệp (nội dung là tài liệu Office 97-2003"),
    "broken.docx": (b"PK\x03\x04" + bytes(40), "không phải Word (DOCX) như đuôi tệp (không nhận ra"),
    "jpeg.png": (image("JPEG"), "không phải Ảnh PNG như đuôi tệp (nội dung là ảnh JPEG)"),
    "script.exe": (b"MZ" + bytes(60), "có đuôi không được hỗ trợ"),
    "noextension": (pdf(), "có đuôi không được hỗ trợ"),
}


@pytest.mark.parametrize("name", GOOD)
def test_a_file_whose_bytes_match_its_extension_is_measured(tmp_path, name):
    raw, label, mime = GOOD[name]
    path = tmp_path / "van-ban" / name
    path.parent.mkdir()
    path.write_bytes(raw)
    attachment = read_attachment(path, tmp_path)
    assert (attachment.type.label, attachment.type.mime) == (label, mime)
    assert attachment.size == len(raw)
    assert attachment.sha256 == hashlib.sha256(raw).hexdigest()
    assert attachment.relative == f"van-ban/{name}"
    assert attachment.name == name


@pytest.mark.parametrize("name", BAD)
def test_a_file_that_is_not_what_its_name_says_is_refused_with_its_name(tmp_path, name):
    raw, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(FieldError) as raised:
        read_attachment(path, tmp_path)
    assert f'tệp "{name}"' in raised.value.message
    assert message in raised.value.message
    assert raised.value.hint


@pytest.mark.parametrize("size, text", [
    (0, "0 byte"), (850, "850 byte"), (1023, "1023 byte"), (1024, "1 KB"), (4813, "4,7 KB"),
    (47_630, "47 KB"), (1_048_576, "1 MB"), (1_258_291, "1,2 MB"), (15_938_355, "15 MB"),
    (3 * 1024 ** 3, "3 GB"),
])
def test_file_sizes_use_a_decimal_comma(size, text):
    assert format_size(size) == text
