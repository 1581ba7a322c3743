"""What git already knows of a folder's files, without reading them: the blob id of each
tracked file whose working copy is unchanged.

A fresh checkout (the nightly build in CI) gives every file a new modification time, so a memo
of checksums by size and time is useless there, and hashing every photo of a large archive
again would cost more than the rest of the build. Git's index holds the blob id (a hash of
the contents) of every tracked file and the size and time checkout gave it, so ``git
diff-files`` tells which working copies still match their blob without reading them, and a
blob id seen before stands for the same bytes.

Only plain files in git's normal state are listed: not files marked "assume unchanged" or
"skip worktree" (git would not notice their changes), not links, submodules or unmerged
files. Outside a work tree, or without git, nothing is known (``{}``) and files are hashed.
"""

import os
import subprocess
from pathlib import Path

PLAIN_FILES = (b"100644", b"100755")
NORMAL = b"H"  # the tag ``git ls-files -v`` gives a tracked file in the normal state
TIMEOUT = 60  # seconds; a stuck git must not stop the build


def _git(folder: Path, *arguments: str) -> bytes | None:
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}  # never take the index lock
    try:
        result = subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True,
                                env=environment, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def unchanged_blobs(folder: Path) -> dict[Path, str]:
    """``{path: blob id}`` of the tracked files under ``folder`` (paths spelled under it)
    whose working copy is the file git checked out."""
    listed = _git(folder, "ls-files", "--stage", "-v", "-z")
    changed = _git(folder, "diff-files", "--name-only", "--relative", "-z")
    if listed is None or changed is None:
        return {}
    modified = set(changed.split(b"\0"))
    blobs = {}
    for entry in listed.split(b"\0"):
        info, _, name = entry.partition(b"\t")
        fields = info.split(b" ")
        if len(fields) != 4 or name in modified:
            continue
        tag, mode, blob, stage = fields
        if tag == NORMAL and mode in PLAIN_FILES and stage == b"0":
            blobs[folder / os.fsdecode(name)] = blob.decode("ascii")
    return blobs
