"""The article and page header fields: one table of parsers, like Pelican's METADATA_PROCESSORS.

``read_fields`` turns a parsed header into clean values (registry records for units and
campaigns, aware datetimes for dates) and records every problem with its line.
"""

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from . import values
from .attachments import read_attachment
from .header import Source
from .issues import IssueLog
from .records import unknown_key_hint
from .registry import Registries
from .values import FieldError, FieldErrors
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


def _one_record(registry_name):
    parse_all = _records(registry_name)

    def parse(value, context: FieldContext):
        found = parse_all(value, context)
        if len(found) > 1:
            label = getattr(context.registries, registry_name).label
            raise FieldError(f"chỉ ghi một {label}",
                             f'bỏ bớt, chỉ giữ "{found[0].name}" hoặc tên khác')
        return found[0]

    return parse


def _files(value, context: FieldContext):
    """Attached files, each beside the document (its folder or below), checked by content."""
    names = list(dict.fromkeys(values.comma_list(value)))
    if not names:
        raise FieldError("đang để trống",
                         "ghi tên tệp đính kèm đặt cạnh văn bản, ví dụ nghi-quyet.pdf")
    found, problems = [], []
    for name in names:
        try:
            if PurePosixPath(name).name.startswith(("_", ".")):
                raise FieldError(
                    f'tệp "{name}" có tên bắt đầu bằng "_" hoặc "." nên không được đăng',
                    "đổi tên tệp (tệp bắt đầu bằng _ hoặc . bị bỏ qua khi xây dựng trang)")
            path = resolve_file(name, context)
            if not path.is_relative_to(context.source_path.parent.resolve()):
                raise FieldError(f'tệp "{name}" không nằm cạnh văn bản',
                                 "đặt tệp đính kèm trong cùng thư mục với tệp .md của văn bản")
            found.append(read_attachment(path, context.content_root))
        except FieldError as error:
            problems.append(error)
    if problems:
        raise FieldErrors(problems)
    return tuple(found)


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
# Documents (văn bản): ``date`` is the issue date, ``summary`` the abstract (trích yếu).
DOCUMENT_FIELDS = {
    "title": Field(values.text, required=True),
    "number": Field(values.text),
    "type": Field(_one_record("document_types"), required=True, needs_context=True),
    "issuer": Field(_records("issuers"), required=True, needs_context=True),
    "date": Field(values.moment, required=True),
    "effective": Field(values.day),
    "expiry": Field(values.day),
    "summary": Field(values.optional_text),
    "files": Field(_files, required=True, needs_context=True),
    "campaign": Field(_records("campaigns"), needs_context=True),
    "modified": Field(values.moment),
    "slug": Field(values.slug),
    "status": Field(_status),
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
            for each in getattr(error, "errors", (error,)):
                log.add(path, item.line, item.key, each.message, each.hint)
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
    start = parsed.get("effective") or (parsed["date"].date() if "date" in parsed else None)
    if "expiry" in parsed and start and parsed["expiry"] < start:
        log.add(path, seen["expiry"], "expiry",
                "ngày hết hiệu lực trước ngày ban hành hoặc ngày có hiệu lực",
                "sửa expiry, hoặc bỏ dòng này nếu văn bản còn hiệu lực")
