"""The derivative cache: a folder kept between builds, one entry per source content and recipe.

An entry is ``<root>/<key[:2]>/<key>/`` holding the derivative files and ``meta.json`` (their
sizes and any warning). The key hashes the source file's bytes and the recipe's settings, so a
renamed or moved photo is not made again, and a changed setting makes new files. Source hashes
are remembered by path, size and modification time, and by git blob id (``union_core.git_blobs``:
a fresh checkout gives every photo a new time, and hashing all the photos of a large archive
would cost more than the rest of a nightly build), so an unchanged photo is not even re-read.
Entries are written to a staging folder and renamed into place, so a build that stops half-way
never leaves a half-written entry.
"""

import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from union_core.derivatives import Derived, DeriveOutcome
from union_core.files import file_sha256, write_whole
from union_core.git_blobs import unchanged_blobs
from union_core.images import ImageProblem

META = "meta.json"
MEMO = "sources.json"
BLOB_MEMO = "blobs.json"  # git blob id -> [size, SHA-256]
STAGING = "staging"


@dataclass(frozen=True)
class Entry:
    key: str
    folder: Path
    files: tuple[Derived, ...]
    problems: tuple[ImageProblem, ...] = ()


class DerivativeCache:
    def __init__(self, root: Path, max_age_days: int, content_root: Path | None = None):
        self.root = Path(root)
        self.max_age = max_age_days * 86400
        self.content_root = content_root
        self._memo = self._read_json(self.root / MEMO)
        self._blob_memo = self._read_json(self.root / BLOB_MEMO)
        self._seen: dict[str, list] = {}
        self._blobs: dict[Path, str] | None = None  # asked of git at the first memo miss
        self._asked = 0.0  # when git was asked: a file changed since is not vouched for
        self._saved_blobs = self._blob_memo
        self.hashed = 0  # photos read to be hashed in this build

    def digest(self, path: Path) -> str:
        """SHA-256 of the file's bytes, read again only when neither its size and time nor
        its git blob id (with its size) are those of a file hashed before."""
        stat = path.stat()
        known = self._memo.get(str(path))
        if known and known[:2] == [stat.st_size, stat.st_mtime_ns]:
            digest = known[2]
        else:
            blob = self._blob(path, stat)
            by_blob = self._blob_memo.get(blob) if blob else None
            if by_blob and by_blob[0] == stat.st_size:
                digest = by_blob[1]
            else:
                digest = file_sha256(path)
                self.hashed += 1
        self._seen[str(path)] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest

    def _blob(self, path: Path, stat) -> str | None:
        """The blob id git gives ``path``, if git found its working copy unchanged and the
        file has not changed since git was asked (once, at the first memo miss)."""
        if self.content_root is None:
            return None
        if self._blobs is None:
            self._asked = time.time()
            self._blobs = unchanged_blobs(self.content_root)
        return self._blobs.get(path) if stat.st_ctime < self._asked else None

    @staticmethod
    def key(digest: str, fingerprint: str) -> str:
        return hashlib.sha256(f"{digest}:{fingerprint}".encode()).hexdigest()[:32]

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def load(self, key: str) -> Entry | None:
        """The stored entry, marked as used now; None when it was never made (or is damaged)."""
        meta = self.folder(key) / META
        data = self._read_json(meta)
        if not data:
            return None
        files = tuple(Derived(**item) for item in data["files"])
        if not all((meta.parent / f.file).is_file() for f in files):
            return None
        os.utime(meta)
        return Entry(key, meta.parent, files, tuple(ImageProblem(*p) for p in data["problems"]))

    def staging(self, key: str) -> Path:
        return self.root / STAGING / f"{key}-{uuid.uuid4().hex[:8]}"

    def commit(self, key: str, staging: Path, outcome: DeriveOutcome) -> Entry:
        """Move a finished staging folder into place (another build may have been first)."""
        data = {"files": [vars(f) for f in outcome.files],
                "problems": [[p.message, p.hint, p.severity] for p in outcome.problems]}
        (staging / META).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        folder = self.folder(key)
        folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            staging.rename(folder)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
        return Entry(key, folder, outcome.files, outcome.problems)

    def save(self) -> None:
        """Remember the hashes of this build's sources (and of others' that still exist), and
        by blob id those git vouched for in this build (when it was asked)."""
        memo = {path: value for path, value in {**self._memo, **self._seen}.items()
                if path in self._seen or os.path.exists(path)}
        if memo != self._memo:
            self._memo = memo
            self._write_json(MEMO, memo)
        if self._blobs is not None:  # git was asked: this build's photos by blob id, no others
            blob_memo = {self._blobs[Path(path)]: [size, digest] for path, (size, _, digest) in self._seen.items()
                         if Path(path) in self._blobs}
            if blob_memo != self._saved_blobs:  # (lookups go on using the memo as loaded)
                self._saved_blobs = blob_memo
                self._write_json(BLOB_MEMO, blob_memo)

    def _write_json(self, name: str, value: dict) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        write_whole(self.root / name, json.dumps(value))

    def prune(self, used: set[str]) -> int:
        """Delete entries unused for ``max_age`` and abandoned staging folders; returns how many."""
        limit = time.time() - self.max_age
        removed = 0
        for shard in self._children(self.root):
            folders = self._children(shard)
            if shard.name == STAGING:
                stale = [p for p in folders if p.stat().st_mtime < time.time() - 86400]
            else:
                stale = [p for p in folders if p.name not in used and _older(p / META, limit)]
            for folder in stale:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    @staticmethod
    def _children(folder: Path) -> list[Path]:
        return [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []

    @staticmethod
    def _read_json(path: Path) -> dict:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}


def _older(meta: Path, limit: float) -> bool:
    try:
        return meta.stat().st_mtime < limit
    except OSError:
        return True
