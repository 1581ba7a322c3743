"""The article and page header fields: one table of parsers, like Pelican's METADATA_PROCESSORS.

``read_fields`` turns a parsed header into clean values (registry records for units and
campaigns, aware datetimes for dates) and records every problem with its line.
"""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from . import values
from .header import Source
from .issues import IssueLog
from .records import unknown_key_hint
from .registry import Registries
from .values import FieldError
from .vietnamese import match_key

KINDS = {"tin": "tin", "bai": "bai", "bài": "bai", "anh": "anh", "ảnh": "anh"}
KIND_LABELS = {"tin": "Tin", "bai": "Bài", "anh": "Ảnh"}
STATUSES = {"published": "published", "draft": "draft", "nháp": "draft"}


@dataclass(frozen=True)
class FieldContext:
    registries: Registries
    content_root: Path
    source_path: Path


@dataclass(frozen=True)
class Field:
    parse: Callable
    required: bool = False
    needs_context: bool = False


def _kind(value):
    key = match_key(value)
    if key not in KINDS:
        raise FieldError(f'"{value}" không phải loại tin bài', "viết tin (tin ngắn), bai (bài viết) hoặc anh (phóng sự ảnh)")
    return KINDS[key]


def _status(value):
    key = match_key(value)
    if key not in STATUSES:
        raise FieldError(f'trạng thái "{value}" không hợp lệ', "viết draft (bản nháp, không đăng) hoặc bỏ dòng này để đăng")
    return STATUSES[key]


def _tags(value):
    tags, keys = [], set()
    for tag in values.comma_list(value):
        if match_key(tag) not in keys:
            keys.add(match_key(tag))
            tags.append(tag)
    return tags


def _records(registry_name):
    def parse(value, context: FieldContext):
        registry = getattr(context.registries, registry_name)
        found, unknown = registry.find_all(value)
        if unknown:
            raise FieldError(f'không có {registry.label} "{unknown[0]}"', registry.suggest(unknown[0]))
        if not found:
            raise FieldError("đang để trống", f"ghi slug hoặc tên {registry.label} đã đăng ký")
        return tuple(found)

    return parse


def resolve_file(reference: str, context: FieldContext) -> Path:
    """A file referenced relative to the article, which must lie inside the content folder."""
    if "://" in reference or reference.startswith(("//", "data:")):
        raise FieldError(f'"{reference}" không phải tệp trong thư mục content', "đặt ảnh cạnh bài viết và ghi tên tệp")
    relative = PurePosixPath(reference.replace("\\", "/"))
    base = context.content_root if relative.is_absolute() else context.source_path.parent
    target = (base / str(relative).lstrip("/")).resolve()
    root = context.content_root.resolve()
    if not target.is_relative_to(root):
        raise FieldError(f'"{reference}" nằm ngoài thư mục content', "chỉ dùng tệp trong thư mục content")
    if not target.is_file():
        raise FieldError(f'không tìm thấy tệp "{reference}"', "kiểm tra tên tệp và đặt tệp cạnh bài viết")
    return target


def _cover(value, context: FieldContext):
    return resolve_file(values.text(value), context)


COMMON_FIELDS = {
    "title": Field(values.text, required=True),
    "summary": Field(values.optional_text),
    "modified": Field(values.moment),
    "slug": Field(values.slug),
    "status": Field(_status),
    "cover": Field(_cover, needs_context=True),
}
ARTICLE_FIELDS = {
    **COMMON_FIELDS,
    "date": Field(values.moment, required=True),
    "unit": Field(_records("units"), required=True, needs_context=True),
    "campaign": Field(_records("campaigns"), required=True, needs_context=True),
    "kind": Field(_kind, required=True),
    "author": Field(values.optional_text),
    "tags": Field(_tags),
    "featured": Field(values.boolean),
    "source": Field(values.text),
    "source_url": Field(values.web_url),
}
PAGE_FIELDS = {
    **COMMON_FIELDS,
    "date": Field(values.moment),
    "order": Field(values.positive_int),
}
REQUIRED_EXAMPLE = "title: …\ndate: 2026-05-01 08:30\nunit: …\ncampaign: …\nkind: tin"


def read_fields(source: Source, table: dict, context: FieldContext, log: IssueLog) -> dict:
    """Parse every header field of ``source`` against ``table``; problems go to ``log``."""
    path = context.source_path
    parsed, seen = {}, {}
    for item in source.fields:
        if item.key in seen:
            log.add(path, item.line, item.key, f"khai báo hai lần (dòng {seen[item.key]} và {item.line})",
                    "giữ một dòng; nhiều giá trị viết trên cùng một dòng, cách nhau bằng dấu phẩy")
            continue
        seen[item.key] = item.line
        spec = table.get(item.key)
        if spec is None:
            log.add(path, item.line, item.key, "trường không được hỗ trợ", unknown_key_hint(item.key, table))
            continue
        try:
            args = (item.value, context) if spec.needs_context else (item.value,)
            parsed[item.key] = spec.parse(*args)
        except FieldError as error:
            log.add(path, item.line, item.key, error.message, error.hint)
    for key, spec in table.items():
        if spec.required and key not in seen:
            line = source.fields[-1].line + 1 if source.fields else 1
            log.add(path, line, key, "thiếu trường bắt buộc", f"thêm dòng «{key}: …» vào phần đầu bài")
    _check_dates(parsed, seen, path, log)
    return parsed


def _check_dates(parsed, seen, path, log):
    if "date" in parsed and "modified" in parsed and parsed["modified"] < parsed["date"]:
        log.add(path, seen["modified"], "modified", "ngày sửa đổi trước ngày đăng",
                "modified phải sau date, hoặc bỏ dòng modified")
