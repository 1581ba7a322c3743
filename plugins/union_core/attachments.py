"""Files attached to documents: what they really are, their size and their SHA-256 checksum.

A file's type is read from its first bytes (its "magic number"), never trusted from its name:
a PDF starts with ``%PDF-``; Word 97-2003, Excel 97-2003 and PowerPoint 97-2003 files are OLE
compound files (``D0 CF 11 E0 A1 B1 1A E1``); DOCX, XLSX and PPTX are ZIP archives holding
``[Content_Types].xml`` and a ``word/``, ``xl/`` or ``ppt/`` folder; OpenDocument files are ZIP
archives whose ``mimetype`` entry names their kind. The OLE header alone does not say which
Office program wrote the file, so ``.doc``, ``.xls`` and ``.ppt`` are only told apart from the
other formats, not from each other.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .values import FieldError

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_HEADERS = (b"PK\x03\x04", b"PK\x05\x06")
PDF_MARK_WITHIN = 1024  # a PDF's header may follow a little junk (PDF 1.7, annex H)


@dataclass(frozen=True)
class FileType:
    key: str
    label: str  # shown beside the download link: "PDF", "Word (DOCX)"
    mime: str


TYPES = {t.key: t for t in (
    FileType("pdf", "PDF", "application/pdf"),
    FileType("doc", "Word (DOC)", "application/msword"),
    FileType("docx", "Word (DOCX)",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    FileType("xls", "Excel (XLS)", "application/vnd.ms-excel"),
    FileType("xlsx", "Excel (XLSX)",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    FileType("ppt", "PowerPoint (PPT)", "application/vnd.ms-powerpoint"),
    FileType("pptx", "PowerPoint (PPTX)",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    FileType("odt", "OpenDocument (ODT)", "application/vnd.oasis.opendocument.text"),
    FileType("ods", "OpenDocument (ODS)", "application/vnd.oasis.opendocument.spreadsheet"),
    FileType("odp", "OpenDocument (ODP)", "application/vnd.oasis.opendocument.presentation"),
    FileType("jpg", "Ảnh JPEG", "image/jpeg"),
    FileType("png", "Ảnh PNG", "image/png"),
    FileType("gif", "Ảnh GIF", "image/gif"),
    FileType("webp", "Ảnh WebP", "image/webp"),
    FileType("zip", "Tệp nén ZIP", "application/zip"),
)}
EXTENSIONS = {f".{key}": key for key in TYPES} | {".jpeg": "jpg"}
OFFICE_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
OPEN_DOCUMENT = {TYPES[key].mime.encode(): key for key in ("odt", "ods", "odp")}
CONTENT_NAMES = {"pdf": "PDF", "doc": "tài liệu Office 97-2003 (DOC/XLS/PPT)",
                 "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "pptx": "PowerPoint (PPTX)",
                 "odt": "OpenDocument",
                 "ods": "OpenDocument", "odp": "OpenDocument", "jpg": "ảnh JPEG",
                 "png": "ảnh PNG", "gif": "ảnh GIF", "webp": "ảnh WebP", "zip": "tệp nén ZIP"}


@dataclass(frozen=True)
class Attachment:
    """One attached file, checked: where it is, how big, its checksum and its real type."""

    path: Path  # absolute path of the source file
    relative: str  # path inside the content folder ("van-ban/2021/nq-02.pdf"): its static URL
    size: int
    sha256: str
    type: FileType

    @property
    def name(self) -> str:
        return self.path.name


def _zip_kinds(path: Path) -> set[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return set()
    kinds = {"zip"}
    if "[Content_Types].xml" in names:
        kinds |= {kind for folder, kind in OFFICE_FOLDERS.items()
                  if any(name.startswith(folder) for name in names)}
    if mimetype in OPEN_DOCUMENT:
        kinds.add(OPEN_DOCUMENT[mimetype])
    return kinds


def detect(path: Path, head: bytes) -> set[str]:
    """The type keys the content of ``path`` (whose first bytes are ``head``) agrees with."""
    if b"%PDF-" in head[:PDF_MARK_WITHIN]:
        return {"pdf"}
    if head.startswith(OLE_HEADER):
        return {"doc", "xls", "ppt"}
    if head.startswith(b"\xff\xd8\xff"):
        return {"jpg"}
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return {"png"}
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return {"gif"}
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return {"webp"}
    if head[:4] in ZIP_HEADERS:
        return _zip_kinds(path)
    return set()


def _describe(kinds: set[str]) -> str:
    if not kinds:
        return "không nhận ra loại nội dung"
    specific = sorted(kinds - {"zip"}) or ["zip"]
    return "nội dung là " + CONTENT_NAMES[specific[0]]


def read_attachment(path: Path, content_root: Path) -> Attachment:
    """Check one attached file and measure it; FieldError names the file and what is wrong."""
    name = path.name
    key = EXTENSIONS.get(path.suffix.lower())
    if key is None:
        raise FieldError(f'tệp "{name}" có đuôi không được hỗ trợ',
                         "đính kèm PDF, DOC, DOCX, XLS, XLSX, PPT, PPTX, ODT, ODS, ODP, JPG, PNG, "
                         "GIF, WEBP hoặc ZIP")
    size = path.stat().st_size
    if size == 0:
        raise FieldError(f'tệp "{name}" rỗng (0 byte)', "chép lại tệp gốc rồi thử lại")
    with path.open("rb") as handle:
        head = handle.read(PDF_MARK_WITHIN)
        handle.seek(0)
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    kinds = detect(path, head)
    if key not in kinds:
        raise FieldError(
            f'tệp "{name}" không phải {TYPES[key].label} như đuôi tệp ({_describe(kinds)})',
            "mở tệp kiểm tra, lưu lại đúng định dạng hoặc đổi đuôi tệp cho đúng")
    relative = path.resolve().relative_to(content_root.resolve()).as_posix()
    return Attachment(path, relative, size, digest, TYPES[key])
