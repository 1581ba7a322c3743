"""Types of documents and their issuers, declared in ``<content>/data/documents.toml``.

``[[type]]`` entries (Nghị quyết, Chỉ thị, Kế hoạch, Hướng dẫn, Tài liệu hỏi – đáp, …) and
``[[issuer]]`` entries (the bodies that issue documents), each with ``slug`` (made from the
name when left out), ``name``, optional ``short_name`` and ``description``. They are shown in
the order written. Documents name them by slug, name or short name, like units and campaigns.
"""

from dataclasses import dataclass

from . import values
from .records import Spec

FILE_NAME = "documents.toml"
ARRAYS = ("type", "issuer")


@dataclass(frozen=True)
class DocumentType:
    slug: str
    name: str
    short_name: str = ""
    description: str = ""


@dataclass(frozen=True)
class Issuer:
    slug: str
    name: str
    short_name: str = ""
    description: str = ""


NAMED_SPECS = {
    "slug": Spec(False, values.slug),
    "name": Spec(True, values.text),
    "short_name": Spec(False, values.optional_text),
    "description": Spec(False, values.optional_text),
}
# array -> (record class, registry label shown to editors)
KINDS = {"type": (DocumentType, "loại văn bản"), "issuer": (Issuer, "cơ quan ban hành")}
