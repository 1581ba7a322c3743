"""Checks across files: two sources for one output path, two names for one slug.

Each check is one pass with a dictionary, so it stays linear in the number of articles.
"""

from collections import defaultdict
from dataclasses import dataclass

from .issues import IssueLog, display_path
from .identity import source_key
from .links import check_links
from .vietnamese import match_key, slugify


@dataclass(frozen=True)
class Claim:
    """A source file (and line) that will produce ``target``: an output path or a slug."""

    target: str
    path: object  # the source file; shown as the editor typed it only when reported
    line: int | None
    label: str = ""


def check_output_paths(claims, log: IssueLog, field: str = "slug") -> None:
    """Two files written to the same output path would silently overwrite each other."""
    owners = defaultdict(list)
    for claim in claims:
        owners[claim.target.lower()].append(claim)
    for target, group in owners.items():
        if len(group) < 2:
            continue
        for claim in group:
            others = ", ".join(sorted({display_path(c.path) for c in group if c is not claim}))
            log.add(claim.path, claim.line, claim.label or field,
                    f'trùng đường dẫn "{group[0].target}" với {others}',
                    "đổi tiêu đề hoặc thêm dòng slug: … khác nhau cho từng bài")


def check_name_slugs(claims, log: IssueLog, field: str, what: str) -> None:
    """Different names that give one slug (e.g. "Bán"/"Bàn") would be merged into one page.

    ``claims`` carry the name in ``target``; names equal after NFC and case folding are the
    same name, not a clash.
    """
    by_slug = defaultdict(dict)
    for claim in claims:
        by_slug[slugify(claim.target)].setdefault(match_key(claim.target), []).append(claim)
    for slug, spellings in by_slug.items():
        if not slug:
            for group in spellings.values():
                for claim in group:
                    log.add(claim.path, claim.line, field, f'{what} "{claim.target}" không tạo được đường dẫn',
                            "dùng chữ cái hoặc chữ số")
            continue
        if len(spellings) < 2:
            continue
        groups = sorted(spellings.values(), key=len, reverse=True)
        kept = groups[0][0]
        for group in groups[1:]:
            for claim in group:
                log.add(claim.path, claim.line, field,
                        f'{what} “{claim.target}” khác “{kept.target}” ({display_path(kept.path)}) '
                        f'nhưng cùng đường dẫn "{slug}", hai trang sẽ bị gộp làm một',
                        f"viết đúng “{kept.target}” nếu là cùng một {what}, hoặc đổi sang tên khác hẳn")


@dataclass(frozen=True)
class OutputPatterns:
    """Where articles and pages are written (Pelican's ``*_SAVE_AS``; ``{slug}``, ``{date}``)."""

    article: str
    page: str
    reserved: tuple[str, ...] = ()
    document: str = ""  # documents (văn bản); none are checked when empty


def check_sources(sources, patterns: OutputPatterns, log: IssueLog, now=None,
                  content_root=None) -> None:
    """Output-path and identity collisions, tags merged on their slug, links leading nowhere."""
    outputs, claims = {}, []
    for source in sources:
        claim = _output_claim(source, patterns, log)
        if claim is not None:
            claims.append(claim)
            outputs.setdefault(claim.target, source)
    check_output_paths(claims, log)
    tags = [
        Claim(tag, source.path, source.header.first("tags").line)
        for source in sources
        for tag in source.fields.get("tags", [])
    ]
    check_name_slugs(tags, log, "tags", "từ khóa")
    check_links(sources, outputs, patterns.reserved, log, now)
    if content_root is not None:
        check_identities(sources, content_root, log)


def check_identities(sources, content_root, log: IssueLog) -> None:
    """``x.md`` and ``x/bai.md`` are one article to feed readers: both existing is an error."""
    owners = defaultdict(list)
    for source in sources:
        if source.role == "article":
            owners[source_key(source.path, content_root)].append(source.path)
    for key, paths in owners.items():
        for path in paths if len(paths) > 1 else ():
            others = ", ".join(display_path(p) for p in paths if p != path)
            log.add(path, None, "id", f'bài này và {others} là cùng một bài ("{key}") với nguồn tin RSS/Atom',
                    "bài trong thư mục riêng (…/bai.md) và tệp .md cùng tên được coi là một bài: "
                    "xóa hoặc đổi tên một trong hai")


def _output_claim(source, patterns: OutputPatterns, log: IssueLog) -> Claim | None:
    """Where ``source`` will be written, once its title (and an article's date) are valid."""
    pattern = {"article": patterns.article, "page": patterns.page}.get(source.role,
                                                                        patterns.document)
    dated = source.role == "page" or "date" in source.fields
    if not pattern or "title" not in source.fields or not dated:
        return None
    slug_field = source.header.first("slug")
    number = source.header.first("number") if source.role == "document" else None
    named = slug_field or number or source.header.first("title")
    line = named.line if named else None
    if not source.slug:
        log.add(source.path, line, "title", "không tạo được đường dẫn từ tiêu đề",
                "thêm dòng slug: ten-bai-viet (chữ thường không dấu, gạch nối)")
        return None
    target = pattern.format(slug=source.slug, date=source.fields.get("date"))
    if source.role == "page" and target.split("/")[0] in patterns.reserved:
        log.add(source.path, line, "slug", f'đường dẫn "{target}" trùng với một mục của trang',
                "đổi tiêu đề hoặc thêm dòng slug: … khác")
    return Claim(target, source.path, line, named.key if named else "title")
