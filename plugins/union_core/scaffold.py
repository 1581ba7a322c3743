"""A new article file for ``invoke new``: correct path, slug, Vietnam time and header."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from .fields import KINDS
from .registry import Registries
from .values import FieldError
from .vietnamese import clean_text, match_key, slugify

BODY = """Viết đoạn mở đầu (sa-pô) ở đây: ai, làm gì, ở đâu, khi nào.

Viết tiếp nội dung bài. Muốn chèn ảnh, đặt tệp ảnh cạnh bài và viết một dòng như dưới đây
(không thụt đầu dòng), rồi xóa đoạn hướng dẫn này:

    ![Mô tả ảnh cho người không nhìn thấy](ten-anh.jpg "Chú thích dưới ảnh")
"""


@dataclass(frozen=True)
class NewArticle:
    path: PurePosixPath  # relative to the content folder
    text: str


def _resolve(registry, text: str) -> list[str]:
    found, unknown = registry.find_all(text)
    if unknown:
        raise FieldError(f'không có {registry.label} "{unknown[0]}"', registry.suggest(unknown[0]))
    if not found:
        raise FieldError(f"cần ghi ít nhất một {registry.label}", f"xem content/data/ để chọn {registry.label}")
    return [record.slug for record in found]


def new_article(title: str, unit: str, campaign: str, kind: str, now: datetime,
                registries: Registries, own_folder: bool = False) -> NewArticle:
    """The file to create; raises FieldError (with a hint) for an unknown unit, campaign or kind."""
    title = clean_text(title)
    slug = slugify(title)
    if not slug:
        raise FieldError(f'tiêu đề "{title}" không tạo được tên tệp', "viết tiêu đề có chữ cái")
    if match_key(kind) not in KINDS:
        raise FieldError(f'"{kind}" không phải loại tin bài', "dùng tin, bai hoặc anh")
    units = _resolve(registries.units, unit)
    campaigns = _resolve(registries.campaigns, campaign)
    header = "\n".join([
        f"title: {title}",
        f"date: {now:%Y-%m-%d %H:%M}",
        f"unit: {', '.join(units)}",
        f"campaign: {', '.join(campaigns)}",
        f"kind: {KINDS[match_key(kind)]}",
        "summary: ",
        "author: ",
        "tags: ",
    ])
    folder = PurePosixPath(f"{now:%Y}")
    path = folder / slug / "bai.md" if own_folder else folder / f"{slug}.md"
    return NewArticle(path, f"{header}\n\n{BODY}")
