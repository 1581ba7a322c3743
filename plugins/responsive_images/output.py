"""Putting this build's derivatives into the output, and taking out what no longer belongs there.

Runs as a generator's ``generate_output``, so nothing is written when the build is refused.
Files are hard-linked from the cache when the file system allows (no copying), else copied;
either way through a temporary name, so an interrupted build never leaves half a file.
"""

import os
import uuid
from pathlib import Path, PurePosixPath

from union_core.files import link_or_copy

from .catalogue import image_run


class ImageOutputGenerator:
    """Exports the derivatives; removes stale ones and any original a previous build copied."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.settings = settings
        self.output_path = Path(output_path)

    def generate_output(self, writer) -> None:
        run = image_run(self.settings)
        output = self.output_path.resolve()
        folder = output / run.options.output_dir
        made: set[Path] = set()
        for relative, cached in sorted(run.exports.items()):
            place(cached, _inside(output, relative, run.options.output_dir), made)
        kept = {(output / relative) for relative in run.exports}
        removed = remove_stale(folder, kept) + remove_originals(output, run.withheld, kept)
        run.stats["removed"] = removed
        run.cache.prune({cached.parent.name for cached in run.exports.values()})
        run.rewrites.close()


def _inside(output: Path, relative: str, folder: str) -> Path:
    """The output file of an export; its name is made of slugs, so this only guards bugs."""
    parts = PurePosixPath(relative).parts
    if not relative.startswith(f"{folder}/") or ".." in parts or relative.startswith("/"):
        raise ValueError(f"{relative} is outside {folder}")
    return output / relative


def place(cached: Path, target: Path, made: set) -> None:
    """``target`` becomes the cached file (the same name means the same content: kept if there)."""
    if target.is_file():
        return
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
    link_or_copy(cached, temporary)
    os.replace(temporary, target)


def remove_stale(folder: Path, kept: set[Path]) -> int:
    """Delete every file of the images folder that this build did not publish."""
    removed = 0
    if not folder.is_dir():
        return 0
    for directory, _, files in os.walk(folder, topdown=False):
        for name in files:
            path = Path(directory) / name
            if path not in kept:
                path.unlink()
                removed += 1
        if directory != str(folder) and not os.listdir(directory):
            os.rmdir(directory)
    return removed


def remove_originals(output: Path, withheld: list[str], kept: set[Path]) -> int:
    """Originals that an older build (or the plugin switched off) copied into the output."""
    removed = 0
    for relative in withheld:
        path = output / relative
        if path.is_file() and path not in kept and path.resolve().is_relative_to(output):
            path.unlink()
            removed += 1
    return removed
