"""``invoke check``: validate a content folder through the core, without building anything."""

from dataclasses import dataclass
from pathlib import Path

from content_model.plugin import output_patterns
from union_core.crosscheck import check_sources
from union_core.issues import IssueLog
from union_core.markdown_render import MarkdownRenderer
from union_core.registry import load_registries
from union_core.sources import read_source

from .discovery import find_sources


@dataclass
class CheckResult:
    log: IssueLog
    articles: int
    pages: int


def check_content(settings: dict, only: set[Path] | None = None) -> CheckResult:
    """Every problem the build would refuse, found by the same core functions it uses.

    ``only`` limits per-file checks to some files (the commit hook); cross-file checks
    still see every file, since a new article can collide with an old one.
    """
    root = Path(settings["PATH"]).resolve()
    log = IssueLog()
    registries = load_registries(root / "data", log)
    renderer = MarkdownRenderer.from_settings(settings.get("MARKDOWN", {}))
    sources, counts = [], {"article": 0, "page": 0}
    for path, role in find_sources(settings):
        file_log = log if only is None or path.resolve() in only else IssueLog()
        sources.append(read_source(path, role, root, registries, renderer, file_log))
        counts[role] += 1
    check_sources(sources, output_patterns(settings), log)
    return CheckResult(log, counts["article"], counts["page"])
