"""Links between articles: every local link must lead to something the site will publish."""

import re

from .document_links import SCHEME as DOCUMENT_LINK
from .document_links import DocumentIndex
from .issues import ERROR, WARNING, IssueLog
from .publishing import DRAFT, is_scheduled

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_ARCHIVE = re.compile(r"\d{4}/(\d{2}/)?(index\.html)?")


def _save_as(href: str) -> str:
    """``/2026/05/bai/`` → ``2026/05/bai/index.html`` (how output paths are compared)."""
    path = href.split("#", 1)[0].split("?", 1)[0].lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def check_links(sources, outputs: dict, reserved, log: IssueLog, now=None) -> None:
    """Report local links to missing files, drafts, future articles or unknown site paths.

    ``outputs`` maps each output path (``2026/05/bai/index.html``) to its source; links
    into the site's own sections (``reserved`` first segments) and archives are left to the
    verification of the built site.
    """
    by_file = {source.path: source for source in sources}
    documents = document_index(sources)
    withheld = _draft_attachments(sources)
    for source in sources:
        for href in source.rendered.links:
            if href.startswith(DOCUMENT_LINK):
                problem = _document_problem(href, documents, now)
            elif source.files.get(href) in withheld:
                problem = (f'liên kết "{href}" tới tệp đính kèm của văn bản nháp '
                           "(sẽ không được đăng)", "bỏ liên kết hoặc đăng văn bản kia", ERROR)
            else:
                problem = _link_problem(href, source, by_file, outputs, reserved, now)
            if problem:
                message, hint, severity = problem
                log.add(source.path, source.header.line_of(href), "link", message, hint, severity)


def _link_problem(href, source, by_file, outputs, reserved, now):
    if not href or href.startswith(("#", "//")) or _SCHEME.match(href):
        return None  # pages elsewhere, or a scheme the sanitiser removes (javascript:, data:…)
    target_file = source.files.get(href)
    if target_file is not None:
        if target_file.suffix.lower() not in MARKDOWN_SUFFIXES:
            return None
        return _target_problem(by_file.get(target_file), href, now)
    if not href.startswith("/"):
        return (f'liên kết "{href}" không trỏ tới tệp nào',
                "ghi đường dẫn tới tệp .md của bài (ví dụ ../2025/ten-bai.md) hoặc địa chỉ đầy đủ", ERROR)
    save_as = _save_as(href)
    first = save_as.split("/", 1)[0]
    if save_as in outputs:
        return _target_problem(outputs[save_as], href, now)
    if first in reserved or _ARCHIVE.fullmatch(save_as) or save_as == "index.html":
        return None
    return (f'liên kết "{href}" không dẫn tới trang nào của trang web',
            "kiểm tra lại đường dẫn, hoặc liên kết tới tệp .md của bài viết", ERROR)


def _target_problem(target, href, now):
    if target is None:
        return (f'liên kết "{href}" tới bài không có', "kiểm tra tên tệp .md", ERROR)
    if target.fields.get("status") == DRAFT:
        return (f'liên kết "{href}" tới bản nháp (sẽ không được đăng)', "bỏ liên kết hoặc đăng bài kia", ERROR)
    if now is not None and is_scheduled(target.fields.get("date"), now):
        return (f'liên kết "{href}" tới bài hẹn giờ, chưa đăng lúc này',
                "liên kết sẽ hỏng cho đến khi bài kia được đăng", WARNING)
    return None


def document_index(sources) -> DocumentIndex:
    """Every document with a number, found by ``van-ban:`` links (drafts too, to name them)."""
    return DocumentIndex((s.fields.get("number"), s.fields["date"].year, s)
                         for s in sources if s.role == "document" and "date" in s.fields)


def _draft_attachments(sources) -> set:
    """Files attached only to draft documents: they are never published."""
    attached = {False: set(), True: set()}
    for source in sources:
        if source.role == "document":
            public = source.fields.get("status") != DRAFT
            attached[public].update(a.path for a in source.fields.get("files", ()))
    return attached[False] - attached[True]


def _document_problem(href, documents: DocumentIndex, now):
    target, problem = documents.find(href)
    if problem:
        return (*problem, ERROR)
    return _target_problem(target, href, now)
