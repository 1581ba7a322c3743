"""``invoke check``: validate a content folder through the core, without building anything."""

import os
from dataclasses import dataclass
from pathlib import Path

from content_model.plugin import output_patterns
from union_core.crosscheck import check_sources
from union_core.issues import IssueLog
from union_core.markdown_render import MarkdownRenderer
from union_core.publishing import build_clock
from union_core.registry import load_registries
from union_core.sources import read_source

from .discovery import find_sources


@dataclass
class CheckResult:
    log: IssueLog
    articles: int
    pages: int


def check_content(settings: dict, only: set[Path] | None = None,
                  staged: dict[Path, bytes] | None = None) -> CheckResult:
    """Every problem the build would refuse, found by the same core functions it uses.

    With ``only`` (the commit hook), files outside it are read for their headers alone, for
    the cross-file checks (a new article can collide with an old one), and their own problems
    are not reported. ``staged`` gives file contents to use instead of the disk.
    """
    root = Path(settings["PATH"]).resolve()
    log = IssueLog()
    registries = load_registries(root / "data", log)
    renderer = MarkdownRenderer.from_settings(settings.get("MARKDOWN", {}))
    staged = {Path(os.path.abspath(path)): raw for path, raw in (staged or {}).items()}
    sources, counts = [], {"article": 0, "page": 0}
    for path, role in find_sources(settings):
        path = Path(os.path.abspath(path))
        selected = only is None or path in only
        sources.append(read_source(
            path, role, root, registries, renderer if selected else None,
            log if selected else IssueLog(), raw=staged.get(path),
        ))
        counts[role] += 1
    check_sources(sources, output_patterns(settings), log, build_clock(settings.get("BUILD_CLOCK")), root)
    return CheckResult(log, counts["article"], counts["page"])
