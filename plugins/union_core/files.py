"""Small file-system helpers shared by the build's caches.

Creating files and folders is a costly part of writing a large site (on the small virtual
machines CI runs on, 0.03-0.7 ms of kernel time each, varying from minute to minute): caches
hand out hard links instead of copies, and throw-away files go to memory when the machine
offers it.
"""

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

MEMORY_FOLDER = Path("/dev/shm")  # tmpfs on Linux


def link_or_copy(source, target) -> None:
    """``target`` becomes a hard link to ``source`` (a copy across file systems)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def link_tree(source: Path, target: Path) -> None:
    """``shutil.copytree`` whose files are hard links where possible."""
    shutil.copytree(source, target, copy_function=link_or_copy)


def scratch_folder(prefix: str, needed_bytes: int) -> tempfile.TemporaryDirectory:
    """A temporary folder in memory when there is room for ``needed_bytes`` (twice over),
    else in the usual temporary folder."""
    folder = None
    try:
        if os.access(MEMORY_FOLDER, os.W_OK | os.X_OK):
            stats = os.statvfs(MEMORY_FOLDER)
            if stats.f_bavail * stats.f_frsize > 2 * needed_bytes:
                folder = MEMORY_FOLDER
    except OSError:
        pass  # no memory folder to ask about: the usual temporary folder
    return tempfile.TemporaryDirectory(prefix=prefix, dir=folder)


def _make_each(folders) -> None:
    for folder in folders:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            return  # the writer makes the folder itself before writing there, and reports why not


def make_folders(root: Path, files) -> multiprocessing.Process | None:
    """Start making the folders of ``files`` (paths relative to ``root``) in a forked process,
    while the build goes on; ``join()`` it before the site is used. Nothing waits for it:
    Pelican makes a missing folder itself right before writing a file there.

    Making a folder is kernel work that holds its parent folder's lock, so several at a time
    only spin (measured on a 2-core VM: 8 threads used twice the CPU of one, for no less wall
    time); one process, one folder after the other, overlaps it with the build's Python work.
    Give ``files`` in the order they will be written: the process starts from the last, so
    that it and the writer (which makes the first ones itself while the process starts) meet
    once in the middle instead of racing for the same folders (measured: racing in the same
    order cost 5-9 s more CPU in a 10,000-article build).
    Where ``fork`` is unavailable the folders are made here and None is returned.
    """
    folders = list(dict.fromkeys(os.path.dirname(os.path.join(root, name)) for name in reversed(files)))
    if "fork" not in multiprocessing.get_all_start_methods():
        _make_each(folders)
        return None
    maker = multiprocessing.get_context("fork").Process(target=_make_each, args=(folders,), name="make-folders")
    maker.start()
    return maker
