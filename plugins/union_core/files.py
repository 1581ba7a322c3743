"""Small file-system helpers shared by the build's caches.

Creating files and folders is a costly part of writing a large site (on the small virtual
machines CI runs on, 0.03-0.7 ms of kernel time each, varying from minute to minute): caches
hand out hard links instead of copies, and throw-away files go to memory when the machine
offers it.
"""

import contextlib
import hashlib
import multiprocessing
import os
import posixpath
import shutil
import tempfile
import threading
from pathlib import Path

MEMORY_FOLDER = Path("/dev/shm")  # tmpfs on Linux
PLUGINS_DIR = Path(__file__).resolve().parents[1]


def files_digest(folder: Path, pattern: str, skip: str = "") -> str:
    """A hash of the names and bytes of the files matching ``pattern`` under ``folder``
    (``skip``: a first-level folder left out); what cache keys use for code and templates."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).rglob(pattern)):
        if path.is_file() and not (skip and path.relative_to(folder).parts[0] == skip):
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def plugins_digest() -> str:
    """A hash of the plugins' code that makes the site (``site_build``, the tasks, makes none)."""
    return files_digest(PLUGINS_DIR, "*.py", skip="site_build")


def read_bytes(path) -> bytes:
    """A file's bytes, below ``pathlib`` and ``io`` (the 10,000 sources of a build: 0.045 s,
    ``Path.read_bytes`` took 0.08-0.1 s)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def file_sha256(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def relative_posix(path, root) -> str:
    """``path`` relative to the folder ``root``, with ``/``: a string cut when ``path`` is
    spelled under ``root`` (for the 15,000 paths of a build: ``os.path.relpath`` and
    ``Path.relative_to`` cost 0.1-0.15 s each time)."""
    path, prefix = os.fspath(path), os.path.join(os.fspath(root), "")
    if path.startswith(prefix):
        return path[len(prefix):].replace(os.sep, "/")
    return os.path.relpath(path, root).replace(os.sep, "/")


def url_of_file(save_as: str) -> str:
    """The address a written file is served at, relative to the site: ``don-vi/x/index.html``
    → ``don-vi/x/``, ``index.html`` → ``""``, ``404.html`` → ``404.html``."""
    folder, name = posixpath.split(save_as.replace(os.sep, "/"))
    if name in ("index.html", "index.htm"):
        return f"{folder}/" if folder else ""
    return save_as.replace(os.sep, "/")


PARTIAL = ".part"  # ends the name of a copy being made (``link_or_copy``); one left by a killed process is junk


def link_or_copy(source, target) -> None:
    """``target`` becomes a hard link to ``source``, or a copy where it cannot (another file
    system, or a file already at ``target``, which is replaced, never written into). A copy is
    written under a temporary name (``PARTIAL``) and renamed: one cut short by a full disk
    never sits under the target's name, where a cache would take it for whole."""
    try:
        os.link(source, target)
    except OSError:
        temporary = f"{target}.{os.getpid()}{PARTIAL}"
        try:
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def write_new_file(path: Path, data: bytes) -> None:
    """Write ``data`` at ``path`` as a new file, its folder made if needed. A file already there
    is replaced, never written into: it may be a hard link to a page store or a release."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def link_tree(source: Path, target: Path, ignore=None) -> None:
    """``shutil.copytree`` (``ignore`` as its) whose files are hard links where possible."""
    shutil.copytree(source, target, copy_function=link_or_copy, ignore=ignore)


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


def write_whole(path: Path, data: bytes | str) -> None:
    """Write ``path`` whole or not at all: a reader (or a run stopped halfway) never finds part
    of it under its name. Written beside it under a name of this process and thread, then renamed."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    if isinstance(data, str):
        temporary.write_text(data, encoding="utf-8")
    else:
        temporary.write_bytes(data)
    os.replace(temporary, path)


def in_background(work, *args, name: str) -> multiprocessing.Process | None:
    """Start ``work(*args)`` in a forked process and return it: ``join()`` it before relying on
    the work. Where ``fork`` is unavailable the work is done here and None is returned."""
    if "fork" not in multiprocessing.get_all_start_methods():
        work(*args)
        return None
    process = multiprocessing.get_context("fork").Process(target=work, args=args, name=name)
    process.start()
    return process


def make_folders(root: Path, folders) -> None:
    """Make ``folders`` (relative to ``root``), in this order. One that cannot be made (a file in
    the way) is skipped: a writer makes a missing folder itself and reports why it could not."""
    for folder in folders:
        try:
            os.makedirs(os.path.join(root, folder), exist_ok=True)
        except OSError:
            continue


def delete_trees(paths) -> None:
    """Delete these folders and everything in them (one already gone is no error)."""
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)
