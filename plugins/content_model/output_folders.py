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
"""

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from union_core.files import in_background, make_folders

HINT_FILE = "output-folders.txt"
STATE = "UNION_OUTPUT_FOLDERS"


@dataclass
class OutputFolders:
    root: Path
    hint_file: Path | None  # in the cache folder; None without a cache
    ahead: list[str] = field(default_factory=list)  # made from the hint, relative to ``root``
    makers: list = field(default_factory=list)

    def make(self, folders: list[str]) -> None:
        if folders:
            maker = in_background(make_folders, self.root, folders, name="make-folders")
            if maker is not None:
                self.makers.append(maker)

    def wait(self) -> None:
        while self.makers:
            self.makers.pop().join()


def _is_empty(folder: Path) -> bool:
    if not folder.exists():
        return True
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _safe(line: str) -> bool:
    path = PurePosixPath(line)
    return bool(line) and not path.is_absolute() and ".." not in path.parts and "\\" not in line


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
    if folders.hint_file is None or settings.get("DELETE_OUTPUT_DIRECTORY") or not _is_empty(folders.root):
        return  # an output folder in use has its folders already (and Pelican may be emptying it)
    folders.ahead = read_hint(folders.hint_file)
    folders.make(folders.ahead)


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
    root = str(folders.root)
    used = {os.path.dirname(os.path.relpath(path, root)).replace(os.sep, "/") for path in written_files}
    used.discard("")
    for folder in sorted(set(folders.ahead) - used, key=len, reverse=True):
        _remove_if_empty(folders.root, folder)
    if folders.hint_file is not None and folders.hint_file.parent.is_dir():
        temporary = folders.hint_file.with_suffix(".tmp")
        temporary.write_text("".join(f"{folder}\n" for folder in sorted(used, reverse=True)), encoding="utf-8")
        os.replace(temporary, folders.hint_file)
