"""The output's folders, made by a process of their own beside the build instead of one by one
by Pelican's writer.

A site of 10,000 articles writes into some 16,000 folders. Making a folder is kernel work
(0.03-0.7 ms each on the small virtual machines CI runs on, varying from minute to minute) that
holds the parent folder's lock, so several at a time only spin (measured on a 2-core VM: 8
threads used twice the CPU of one for no less wall time). One forked process makes them, one
after the other, while this process goes on with its Python work. Nothing waits for it: the
writer makes a missing folder itself right before writing there.

- **When the build starts**, into an empty output folder: the folders the last build wrote to,
  listed in the cache (``output-folders.txt``), while the content is read, when the machine's
  second core has least to do. The list is only a hint: a folder the build leaves empty is
  removed when it ends, and a refused build removes the folders made ahead, so that the output
  is as it would be without them. A line that leaves the output folder is ignored.
- **When writing starts**: the folders of published items not made ahead, from the last one
  written, so that the process and the writer meet once instead of racing for the same folders
  (racing in the same order cost 5-9 s more CPU in a 10,000-article build).
- **When the build ends**: the processes are joined, and the folders written to are listed for
  the next build.

An output folder that holds an older build to be replaced whole (``RECYCLED_OUTPUT``: the
nightly reuses a retired release's folder, ``invoke build`` and ``serve`` the site the last
build replaced, rather than deleting 16,000 folders there and making as many anew) has its
files removed by the same process, its folders kept where the last build wrote too, before
the folders of the hint are made. Nothing may be written into
the output until then: ``wait_cleared`` is called before the build's first write.
"""

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from union_core.files import in_background, make_folders, relative_posix, write_whole

HINT_FILE = "output-folders.txt"
STATE = "UNION_OUTPUT_FOLDERS"
RECYCLED = "RECYCLED_OUTPUT"  # setting: the output folder holds an old build, cleared first


class OutputNotCleared(RuntimeError):
    """The old build in a recycled output folder could not be removed."""

    def __init__(self, root: Path, why: str = ""):
        super().__init__(f"không xoá được bản dựng cũ trong {root} để dựng lại vào đó{f' ({why})' if why else ''}")


@dataclass
class OutputFolders:
    root: Path
    hint_file: Path | None  # in the cache folder; None without a cache
    ahead: list[str] = field(default_factory=list)  # made from the hint, relative to ``root``
    makers: list = field(default_factory=list)
    clearer: object = None  # the process removing an old build's files (``RECYCLED``)
    cleared: bool = False  # that old build is gone

    def make(self, folders: list[str]) -> None:
        if folders:
            maker = in_background(make_folders, self.root, folders, name="make-folders")
            if maker is not None:
                self.makers.append(maker)

    def clear(self, keep: list[str]) -> None:
        try:
            self.clearer = in_background(clear_old_build, self.root, keep, name="clear-old-build")
        except OSError as error:  # done here (no fork on this system), and failed
            raise OutputNotCleared(self.root, str(error)) from None
        if self.clearer is None:
            self.cleared = True  # done here
        else:
            self.makers.append(self.clearer)

    def wait(self) -> None:
        while self.makers:
            self.makers.pop().join()

    def wait_cleared(self) -> None:
        if self.clearer is not None:
            self.clearer.join()
            self.cleared, self.clearer = self.clearer.exitcode == 0, None
            if not self.cleared:
                raise OutputNotCleared(self.root)


def clear_old_build(root: Path, keep: list[str]) -> None:
    """Remove every file (and link) under ``root``, and every folder not in ``keep`` (relative
    paths) once empty; then make the folders of ``keep`` that are missing. Raises when a file
    cannot be removed: the build must not publish an old page as a new one."""
    kept = set(keep)

    def clear(folder: str, relative: str) -> None:
        with os.scandir(folder) as entries:
            for entry in list(entries):
                inner = f"{relative}/{entry.name}" if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    clear(entry.path, inner)
                    if inner not in kept:
                        try:
                            os.rmdir(entry.path)
                        except OSError:
                            pass  # holds a folder kept for this build
                else:
                    os.unlink(entry.path)

    clear(str(root), "")
    make_folders(root, keep)


def _is_empty(folder: Path) -> bool:
    if not folder.exists():
        return True
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _safe(line: str) -> bool:
    path = PurePosixPath(line)
    return (bool(line) and not path.is_absolute() and ".." not in path.parts
            and not any(mark in line for mark in ("\\", "\0")))


def read_hint(hint_file: Path) -> list[str]:
    try:
        text = hint_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # no hint, or an unreadable one: the writer makes the folders
    return [line for line in text.splitlines() if _safe(line)]


def start(settings) -> None:
    """At the build's start: make the folders of the last build ahead, when the output is empty."""
    cache = settings.get("CACHE_PATH")
    folders = OutputFolders(Path(settings["OUTPUT_PATH"]), Path(cache) / HINT_FILE if cache else None)
    settings[STATE] = folders
    if settings.get(RECYCLED) and folders.root.is_dir():
        folders.ahead = read_hint(folders.hint_file) if folders.hint_file else []
        folders.clear(folders.ahead)
        return
    if folders.hint_file is None or settings.get("DELETE_OUTPUT_DIRECTORY") or not _is_empty(folders.root):
        return  # an output folder in use has its folders already (and Pelican may be emptying it)
    folders.ahead = read_hint(folders.hint_file)
    folders.make(folders.ahead)


def wait_cleared(settings) -> None:
    """The old build of a recycled output folder is gone: the build may write now."""
    folders = settings.get(STATE)
    if folders is not None:
        folders.wait_cleared()


def old_build_cleared(settings) -> bool:
    """A build into a recycled output folder removed the old build first (False if this
    plugin did not even run: the old pages would be published as new)."""
    folders = settings.get(STATE)
    return folders is not None and folders.cleared


def make_rest(settings, files: list[str]) -> None:
    """When writing starts: the folders of ``files`` (relative, in the order they will be
    written) that were not made ahead."""
    folders = settings[STATE]
    ahead = set(folders.ahead)
    rest = dict.fromkeys(posixpath.dirname(name) for name in reversed(files))
    folders.make([folder for folder in rest if folder and folder not in ahead])


def wait(settings) -> None:
    """Every folder process has ended (before the output is used or deleted)."""
    folders = settings.get(STATE)
    if folders is not None:
        folders.wait()


def _remove_if_empty(root: Path, relative: str) -> None:
    """Remove the folder and then its parents, up to ``root``, as long as they are empty."""
    while relative:
        try:
            os.rmdir(root / relative)
        except OSError:
            return  # not empty (or already gone)
        relative = posixpath.dirname(relative)


def abandon(settings) -> None:
    """A refused build: the folders made ahead are removed (all are empty: nothing was written)."""
    folders = settings.get(STATE)
    if folders is not None:
        folders.wait()
        for folder in sorted(folders.ahead, key=len, reverse=True):
            _remove_if_empty(folders.root, folder)


def finish(settings, written_files) -> None:
    """A finished build: folders made ahead and left empty are removed, and the folders
    written to (``written_files``: absolute paths) are listed for the next build."""
    folders = settings.get(STATE)
    if folders is None:
        return
    folders.wait()
    used = {posixpath.dirname(relative_posix(path, folders.root)) for path in written_files}
    used.discard("")
    for folder in sorted(set(folders.ahead) - used, key=len, reverse=True):
        _remove_if_empty(folders.root, folder)
    if folders.hint_file is not None and folders.hint_file.parent.is_dir():
        write_whole(folders.hint_file, "".join(f"{folder}\n" for folder in sorted(used, reverse=True)))
