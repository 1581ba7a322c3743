"""Building a site into a fresh folder and swapping it in, so no half-built site is ever served.

``build_site`` runs Pelican in-process. Content errors stop it before any file is written
(the content-model plugin raises ``ContentErrors``); the folder being replaced is untouched
unless the whole build succeeded.
"""

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_logging

from content_model.model import site_model
from content_model.plugin import abandon_writing, wait_for_folders
from content_model.report import ContentErrors
from search_index.plugin import stop_index
from union_core.heap import release_collector

from .settings import load_settings


@dataclass
class BuildResult:
    ok: bool
    output: Path
    seconds: float = 0.0
    articles: int = 0
    pages: int = 0
    message: str = ""
    errors: list = field(default_factory=list)


def fresh_sibling(target: Path, label: str) -> Path:
    """An empty folder beside ``target`` (same file system, so a rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.{label}-", dir=target.parent))


def replace_directory(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``: two renames, then the old copy is deleted."""
    old = None
    if target.exists():
        old = fresh_sibling(target, "old")
        old.rmdir()
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run_pelican(settings: dict):
    """One Pelican run with these settings; returns its site model (what was published)."""
    try:
        Pelican(settings).run()
    except BaseException:  # the failed build's folder is deleted next: nothing may still write there
        stop_index(settings)
        abandon_writing(settings)
        raise
    finally:
        wait_for_folders(settings)
        release_collector()  # held while the site is made: given back however the run ended
    return site_model(settings)


def build_site(settings_file: Path, content: Path, output: Path, quiet: bool = True,
               **overrides) -> BuildResult:
    """Build ``content`` into a fresh folder and, only on success, swap it into ``output``."""
    init_logging(level=logging.WARNING if quiet else logging.INFO, name="pelican")
    output = Path(output).resolve()
    staging = fresh_sibling(output, "new")
    started = time.perf_counter()
    try:
        settings = load_settings(settings_file, content, staging, **overrides)
        published = run_pelican(settings).published
    except ContentErrors as stop:
        shutil.rmtree(staging, ignore_errors=True)
        errors = stop.log.errors if stop.log else []
        return BuildResult(False, output, time.perf_counter() - started, message=stop.message, errors=errors)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_directory(staging, output)
    return BuildResult(True, output, time.perf_counter() - started,
                       published.get("article", 0), published.get("page", 0))
