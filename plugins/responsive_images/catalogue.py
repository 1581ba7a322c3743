"""One build's photos: each published photo made once (or found in the cache), then described
as a ``Picture`` for the templates, and listed for export into the output.

Two recipes exist: ``responsive`` (the widths and formats of every published photo) and
``social`` (the 1200×630 card made from a cover). ``stats`` counts what was made and what came
from the cache: a rebuild with no new photo makes nothing.
"""

import multiprocessing
import sys
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from union_core.derivatives import MIME_TYPES, Derived, DeriveSpec, derive
from union_core.images import ImageProblem
from union_core.text_memo import TextMemo
from union_core.vietnamese import slugify

from .cache import DerivativeCache, Entry
from .options import ImageOptions

RESPONSIVE = "responsive"
SOCIAL = "social"
RUN = "RESPONSIVE_IMAGES_RUN"  # the settings key of the current build's ImageRun


@dataclass(frozen=True)
class Candidate:
    url: str  # relative to the site root
    width: int
    height: int


@dataclass(frozen=True)
class PictureSource:
    type: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class Picture:
    id: str  # content hash of the source photo (the same photo is the same id everywhere)
    sources: tuple[PictureSource, ...]  # modern formats, best first
    fallback: tuple[Candidate, ...]  # JPEG, every width
    src: Candidate  # the JPEG of about ``cover_width``
    largest: Candidate  # what a link to the photo opens


class ImageRun:
    """The per-build state (kept in the settings, never in a module global)."""

    def __init__(self, options: ImageOptions, content_root: Path | None = None, rewrites: TextMemo | None = None):
        self.options = options
        self.cache = DerivativeCache(options.cache_path, options.cache_days, content_root)
        self.rewrites = rewrites or TextMemo(None, "")  # the articles' HTML with pictures
        self.entries: dict[tuple[Path, str], Entry] = {}
        self.failures: dict[tuple[Path, str], tuple[ImageProblem, ...]] = {}
        self.digests: dict[Path, str] = {}
        self.exports: dict[str, Path] = {}  # output path (posix, relative) -> cache file
        self.withheld: list[str] = []  # output paths of original files not published
        self.stats = Counter(made=0, cached=0, hashed=0)

    def prepare(self, wanted: dict[Path, set[str]]) -> None:
        """Find or make every (photo, recipe) in ``wanted``; cache misses go to the workers."""
        jobs = []
        for path, recipes in wanted.items():
            if path not in self.digests:
                self.digests[path] = self.cache.digest(path)
            digest = self.digests[path]
            for recipe in sorted(recipes):
                if (path, recipe) in self.entries or (path, recipe) in self.failures:
                    continue
                key = self.cache.key(digest, self.options.fingerprint(recipe))
                entry = self.cache.load(key)
                if entry is None:
                    jobs.append((path, recipe, key))
                else:
                    self.entries[(path, recipe)] = entry
                    self.stats["cached"] += 1
        self._make(jobs)
        self.stats["hashed"] = self.cache.hashed  # photos read to be hashed (the others: memo)
        self.cache.save()

    def _make(self, jobs) -> None:
        jobs.sort(key=lambda job: job[0].stat().st_size, reverse=True)  # biggest first: even load
        specs = [self._spec(path, recipe, self.cache.staging(key)) for path, recipe, key in jobs]
        for (path, recipe, key), spec, outcome in zip(jobs, specs, self._run(specs)):
            self.stats["made"] += 1
            if outcome.ok:
                self.entries[(path, recipe)] = self.cache.commit(key, Path(spec.target), outcome)
            else:
                self.failures[(path, recipe)] = outcome.problems

    def _spec(self, path: Path, recipe: str, target: Path) -> DeriveSpec:
        options = self.options
        common = {"source": str(path), "target": str(target), "quality": options.quality}
        if recipe == SOCIAL:
            return DeriveSpec(**common, crop=options.social_size)
        return DeriveSpec(**common, widths=options.widths, formats=options.formats,
                          full_size=options.publish_originals)

    def _run(self, specs: list[DeriveSpec]):
        workers = min(self.options.workers, len(specs))
        if workers < 2 or len(specs) < self.options.parallel_from:
            return [derive(spec) for spec in specs]
        with ProcessPoolExecutor(max_workers=workers, mp_context=_worker_context()) as pool:
            return list(pool.map(derive, specs))

    def problems(self, path: Path, recipe: str) -> tuple[ImageProblem, ...]:
        entry = self.entries.get((path, recipe))
        return entry.problems if entry else self.failures.get((path, recipe), ())

    def picture(self, path: Path, root: Path) -> Picture | None:
        """The photo's responsive set, registered for export; None if it could not be made."""
        entry = self.entries.get((path, RESPONSIVE))
        if entry is None:
            return None
        by_format: dict[str, list[Candidate]] = {}
        full = None
        for derived in entry.files:
            candidate = self._export(path, root, entry, derived)
            if derived.file.startswith("full."):
                full = candidate
            else:
                by_format.setdefault(derived.format, []).append(candidate)
        jpeg = tuple(sorted(by_format["jpeg"], key=lambda c: c.width))
        src = next((c for c in jpeg if c.width >= self.options.cover_width), jpeg[-1])
        sources = tuple(
            PictureSource(MIME_TYPES[f], tuple(sorted(by_format[f], key=lambda c: c.width)))
            for f in self.options.formats if f in by_format
        )
        return Picture(self.digests[path][:16], sources, jpeg, src, full or jpeg[-1])

    def social(self, path: Path, root: Path) -> Candidate | None:
        entry = self.entries.get((path, SOCIAL))
        return self._export(path, root, entry, entry.files[0]) if entry else None

    def _export(self, path: Path, root: Path, entry: Entry, derived: Derived) -> Candidate:
        url = output_name(path, root, self.options.output_dir, entry.key, derived)
        self.exports[url] = entry.folder / derived.file
        return Candidate(url, derived.width, derived.height)


def _worker_context():
    """``fork`` where it is safe (Linux, no other thread running): workers start at once and
    need nothing re-imported; else ``forkserver`` or ``spawn``, which re-import the main module
    (a build started from a script must then guard it with ``if __name__ == "__main__":``)."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def image_run(settings) -> ImageRun:
    return settings[RUN]


def output_name(path: Path, root: Path, output_dir: str, key: str, derived: Derived) -> str:
    """``anh/2026/le-khai-mac/cong-nhan-960.1a2b3c4d.webp``: the photo's folder and name as
    slugs (never ``..``, never outside the images folder), its width, and a short key that
    changes whenever the file does (so browsers may keep it for ever)."""
    relative = PurePosixPath(path.relative_to(root).as_posix())
    folders = [slugify(part) or "anh" for part in relative.parent.parts]
    stem = slugify(relative.stem) or "anh"
    variant = derived.file.split(".")[0]
    suffix = {"social": "-og", "full": ""}.get(variant, f"-{variant.lstrip('w')}")
    extension = derived.file.rsplit(".", 1)[1]
    return "/".join([output_dir, *folders, f"{stem}{suffix}.{key[:8]}.{extension}"])
