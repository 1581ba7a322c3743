"""Reading one article or page file: header, fields, Markdown body and its references.

The build (through the Pelican reader plugin) and ``invoke check`` both read files with
``read_source``, so an editor sees the same messages from either.
"""

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable

from .document_links import SCHEME as DOCUMENT_LINK
from .fields import (ARTICLE_FIELDS, DOCUMENT_FIELDS, PAGE_FIELDS, FieldContext, read_fields,
                     resolve_file)
from .header import Source, parse_source
from .images import inspect_image, is_image_name
from .issues import WARNING, IssueLog
from .markdown_render import MarkdownRenderer, Rendered, summarise
from .registry import Registries
from .values import FieldError
from .vietnamese import slugify

ARTICLE = "article"
PAGE = "page"
DOCUMENT = "document"  # văn bản: a document for download, with attached files
TABLES = {ARTICLE: ARTICLE_FIELDS, PAGE: PAGE_FIELDS, DOCUMENT: DOCUMENT_FIELDS}
EXTERNAL = ("http://", "https://", "mailto:", "tel:", "#", "//", "data:", "javascript:",
            DOCUMENT_LINK)


@dataclass
class ContentSource:
    path: Path
    role: str
    fields: dict
    rendered: Rendered
    header: Source
    usable: bool
    files: dict[str, Path] = field(default_factory=dict)  # local references → files

    @cached_property
    def slug(self) -> str:
        """The explicit ``slug`` field, else the slug of a document's number or of the title
        (made when the file is read, and kept with it in the reading cache)."""
        named = self.fields.get("number") or self.fields.get("title", "")
        return self.fields.get("slug") or slugify(named)

    @property
    def summary(self) -> str:
        return self.fields.get("summary") or summarise(self.rendered.first_paragraph)


def is_local(url: str) -> bool:
    return bool(url) and not url.lower().startswith(EXTERNAL)


def read_source(path: Path, role: str, content_root: Path, registries: Registries,
                renderer: MarkdownRenderer | None, log: IssueLog,
                rewrite: Callable[[str, Path], str] | None = None,
                raw: bytes | None = None) -> ContentSource:
    """Parse ``path``: header and fields, then the Markdown body unless ``renderer`` is None.

    ``rewrite(url, resolved_file)`` may change URLs of local files; ``raw`` replaces the
    file's bytes on disk (the commit hook reads the staged version).
    """
    errors_before = len(log.errors)
    path = Path(os.path.abspath(path))
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as error:  # a broken or looping link, a file without read permission
            log.add(path, None, "file", f"không đọc được tệp: {error.strerror or error}",
                    "sửa hoặc xoá liên kết tượng trưng hỏng, hoặc cho phép đọc tệp")
            return ContentSource(path, role, {}, Rendered(""), Source(), False, {})
    header = parse_source(raw)
    for line, name, message, hint in header.problems:
        log.add(path, line, name, message, hint)
    context = FieldContext(registries, content_root, path)
    if not raw.strip():
        log.add(path, 1, "file", "tệp rỗng", "xóa tệp hoặc viết bài với phần đầu title, date, …")
        fields = {}
    else:
        fields = read_fields(header, TABLES[role], context, log) if not header.problems else {}
    files: dict[str, Path] = {}

    def rewrite_local(url: str) -> str:
        if not is_local(url):
            return url
        if url not in files:
            try:
                files[url] = resolve_file(url.split("#")[0].split("?")[0], context)
            except FieldError:
                return url
        return rewrite(url, files[url]) if rewrite else url

    if renderer is None:
        rendered = Rendered("")
    else:
        rendered = renderer.render(header.body, rewrite_local)
        _report_sanitising(rendered, header, path, log)
        _check_images(rendered, files, header, context, log)
        _no_images_in_documents(role, rendered, header, context, log)
        _check_image_files(rendered, files, fields.get("cover"), header, log, path)
    usable = len(log.errors) == errors_before
    return ContentSource(path, role, fields, rendered, header, usable, files)


def _check_images(rendered: Rendered, found: dict, header: Source, context: FieldContext, log):
    for image in rendered.images:
        line = header.line_of(image.src)
        if not image.alt.strip():
            log.add(context.source_path, line, "image", f'ảnh "{image.src}" thiếu mô tả (alt)',
                    "viết mô tả ảnh trong ngoặc vuông: ![Mô tả ảnh](ten-anh.jpg)")
        if is_local(image.src) and image.src not in found:
            try:
                resolve_file(image.src, context)
            except FieldError as error:
                log.add(context.source_path, line, "image", error.message, error.hint)
        elif not is_local(image.src) and not image.src.startswith("data:"):
            log.add(context.source_path, line, "image", f'ảnh "{image.src}" lấy từ trang web khác',
                    "tải ảnh về, đặt cạnh bài viết và ghi tên tệp (trang không tải tài nguyên bên thứ ba)")


DRAWINGS = {".svg"}  # published as they are; not photos


def _check_image_files(rendered: Rendered, found: dict, cover, header: Source, log, path: Path):
    """Every photo the source shows, links to or names as cover must be a sound image file."""
    shown = {image.src for image in rendered.images}
    references = [(url, target, header.line_of(url), "image") for url, target in found.items()
                  if url in shown or is_image_name(target)]
    if cover is not None:
        field = header.first("cover")
        references.append((field.value, cover, field.line, "cover"))
    for label, target, line, field_name in references:
        if target.suffix.lower() in DRAWINGS:
            continue
        for problem in inspect_image(target)[1]:
            log.add(path, line, field_name, f'ảnh "{label}": {problem.message}', problem.hint,
                    problem.severity)


def _report_sanitising(rendered: Rendered, header: Source, path: Path, log: IssueLog) -> None:
    """Warn about what the sanitiser removed; an image written as raw HTML is an error (it
    would be published without its derivatives, or load from another site)."""
    for what, where in rendered.removed:
        log.add(path, header.line_of(where.strip().split("\n")[0][:40]), "html",
                f"đã bỏ {what} (không an toàn hoặc không được hỗ trợ trên trang)",
                "viết nội dung bằng Markdown; video chỉ nhúng từ các trang trong danh sách VIDEO_EMBEDS",
                severity=WARNING)
    for src in rendered.raw_images:
        log.add(path, header.line_of(src), "image", f'ảnh "{src}" viết bằng thẻ HTML <img>',
                "dùng cú pháp Markdown: ![Mô tả ảnh](ten-anh.jpg)")


def _no_images_in_documents(role, rendered: Rendered, header: Source, context: FieldContext, log):
    """Photos are published as resized copies for articles and pages only (photos plugin)."""
    for image in rendered.images if role == DOCUMENT else ():
        log.add(context.source_path, header.line_of(image.src), "image",
                f'văn bản không chèn ảnh "{image.src}" vào nội dung',
                "đính kèm tệp ảnh ở trường files, hoặc đăng ảnh trong một bài viết")
