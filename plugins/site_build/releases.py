"""Deployed builds as releases behind a symlink, switched atomically, with rollback.

``DIR`` (what the web server serves) is a symbolic link to ``DIR.releases/<id>/``. A switch
writes a new link beside it and renames it over ``DIR`` (one ``rename``, atomic on POSIX), so a
reader sees the old site or the new one, never a mixture. ``history.json`` lists the deployed
releases in order; rollback points ``DIR`` back at the one before. Releases that leave the
history are deleted by the next nightly, beside its build (deleting a release of 10,000
articles, some 42,000 files and folders, takes 2-3 s of kernel time on a small machine), except
the newest of them: its folder becomes the new release's, whose build removes its files and
keeps its folders (making 16,000 folders anew cost another 2-5 s of kernel time).
"""

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from union_core.files import write_whole

try:
    import fcntl
except ImportError:  # not POSIX: runs are not guarded against each other
    fcntl = None


REPORTS = "bao-cao"  # build reports, beside the releases, never served


class ReleaseError(RuntimeError):
    """A deploy folder that cannot be switched or rolled back, with the reason."""


class ReleasesBusy(ReleaseError):
    """Another run (a nightly, a rollback) is using the deploy folder."""


@dataclass
class Releases:
    deploy_dir: Path

    @property
    def root(self) -> Path:
        return self.deploy_dir.parent / f"{self.deploy_dir.name}.releases"

    @property
    def history_file(self) -> Path:
        return self.root / "history.json"

    def history(self) -> list[str]:
        if not self.history_file.exists():
            return []
        return json.loads(self.history_file.read_text(encoding="utf-8"))

    def _write_history(self, names: list[str]) -> None:
        write_whole(self.history_file, json.dumps(names, indent=1))

    def live(self) -> Path | None:
        """The folder currently served, if any."""
        if self.deploy_dir.is_symlink() or self.deploy_dir.is_dir():
            return self.deploy_dir.resolve()
        return None

    @contextmanager
    def locked(self):
        """Hold the deploy folder for one run: a second nightly started meanwhile (a schedule
        overlapping a long run, a manual run) would take the first's release being built for a
        retired one and delete it. Raises ``ReleasesBusy`` at once instead of waiting."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as lock:
            if fcntl is not None:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise ReleasesBusy(f"một lần chạy khác (nightly hoặc rollback) đang dùng {self.deploy_dir}; "
                                       "đợi nó xong rồi chạy lại") from None
            yield

    def new_release_dir(self, name: str) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / name
        if path.exists():
            raise ReleaseError(f"release {path} already exists")
        return path

    def _adopt_plain_directory(self) -> None:
        """A first deploy over a real folder: move it into the releases, keep it as history."""
        if self.deploy_dir.is_dir() and not self.deploy_dir.is_symlink():
            adopted = self.new_release_dir("truoc-khi-dung-nightly")
            self.deploy_dir.rename(adopted)
            self._point_to(adopted)
            self._write_history(self.history() + [adopted.name])

    def _point_to(self, release: Path) -> None:
        link = self.deploy_dir.parent / f".{self.deploy_dir.name}.switch"
        if link.is_symlink() or link.exists():
            link.unlink()
        os.symlink(os.path.relpath(release, self.deploy_dir.parent), link)
        os.replace(link, self.deploy_dir)

    def switch_to(self, release: Path, keep: int = 3) -> None:
        """Serve ``release``; the history keeps the ``keep`` most recent releases. The others
        are left on disk, no longer listed (``retired()``), for the next run to delete."""
        self._adopt_plain_directory()
        self._point_to(release)
        self._write_history(([n for n in self.history() if n != release.name] + [release.name])[-keep:])

    def retired(self) -> list[Path]:
        """Releases out of the history (replaced, rolled back from, or left by a failed run),
        never the one served; call before a new release folder is made."""
        if not self.root.is_dir():
            return []
        kept, live = set(self.history()), self.live()
        return sorted(path for path in self.root.iterdir()
                      if path.is_dir() and path.name not in kept and path.name != REPORTS and path != live)

    def recycle(self, retired: list[Path], release: Path) -> Path | None:
        """The newest of the ``retired`` releases, renamed to ``release`` to be built into (its
        folders reused, its files replaced: ``RECYCLED_OUTPUT``); None if there is none."""
        for candidate in sorted(retired, key=lambda path: (path.name[:1].isdigit(), path.name), reverse=True):
            try:
                candidate.rename(release)
            except OSError:
                continue
            return candidate
        return None

    def rollback(self) -> Path:
        """Serve the release deployed before the current one; returns it."""
        with self.locked():
            return self._rollback()

    def _rollback(self) -> Path:
        names = self.history()
        current = self.live()
        if current is not None and current.name in names:
            names = names[: names.index(current.name)]
        else:
            names = names[:-1]
        previous = next((self.root / n for n in reversed(names) if (self.root / n).is_dir()), None)
        if previous is None:
            raise ReleaseError("không có bản trước để quay lại")
        self._point_to(previous)
        self._write_history(names[: names.index(previous.name) + 1])
        return previous
