"""``invoke check``: validate a content folder through the core, without building anything."""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from content_model.plugin import output_patterns
from content_model.source_store import read_sources
from union_core.crosscheck import check_sources
from union_core.issues import IssueLog
from union_core.markdown_render import MarkdownRenderer
from union_core.publishing import build_clock
from union_core.registry import load_registries
from union_core.discovery import find_sources
from union_core.sources import read_source


@dataclass
class CheckResult:
    log: IssueLog
    articles: int
    pages: int
    documents: int = 0


def check_content(settings: dict, only: set[Path] | None = None,
                  staged: dict[Path, bytes] | None = None) -> CheckResult:
    """Every problem the build would refuse, found by the same core functions it uses.

    With ``only`` (the commit hook), files outside it are read for their headers alone, for
    the cross-file checks (a new article can collide with an old one), and their own problems
    are not reported. ``staged`` gives file contents to use instead of the disk.
    """
    root = Path(settings["PATH"]).resolve()  # every path spelled resolved, as in the build
    settings = {**settings, "PATH": str(root)}
    log = IssueLog()
    registries = load_registries(root / "data", log)
    staged = {Path(path).resolve(): raw for path, raw in (staged or {}).items()}
    only = None if only is None else {Path(path).resolve() for path in only}
    if only is None:
        sources = list(read_sources(settings, root, registries, log, staged).values())
    else:
        sources = _read_selected(settings, root, registries, log, only, staged)
    check_sources(sources, output_patterns(settings), log, build_clock(settings.get("BUILD_CLOCK")), root)
    counts = Counter(source.role for source in sources)
    return CheckResult(log, counts["article"], counts["page"], counts["document"])


def _read_selected(settings, root, registries, log, only, staged) -> list:
    renderer = MarkdownRenderer.from_settings(settings.get("MARKDOWN", {}), settings.get("VIDEO_EMBEDS"))
    sources = []
    for path, role in find_sources(settings):
        selected = path in only
        sources.append(read_source(
            path, role, root, registries, renderer if selected else None,
            log if selected else IssueLog(), raw=staged.get(path),
        ))
    return sources
