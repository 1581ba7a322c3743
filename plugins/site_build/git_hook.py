"""The pre-commit hook: check what is staged under the content folder, in a few seconds."""

import subprocess
import sys
from pathlib import Path

HOOK = """#!/bin/sh
# Installed by "invoke install-hooks": refuses a commit whose staged content has errors.
# Skip once (not recommended) with: git commit --no-verify
exec "{python}" -m invoke --search-root "{root}" check --staged --content "{content}"
"""


def git(repo: Path, *args: str, text=True):
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=text, check=True).stdout


def repository_root(path: Path) -> Path:
    return Path(git(path, "rev-parse", "--show-toplevel").strip())


def staged_sources(content: Path) -> dict[Path, bytes]:
    """Staged (added, copied, modified, renamed) files under ``content``, with staged bytes."""
    repo = repository_root(content)
    names = git(repo, "diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z", "--", str(content))
    staged = {}
    for name in filter(None, names.split("\0")):
        staged[(repo / name).resolve()] = git(repo, "show", f":{name}", text=False)
    return staged


def install_hook(content: Path, tasks_root: Path) -> Path:
    """Write ``.git/hooks/pre-commit`` of the repository holding ``content``."""
    repo = repository_root(content)
    hooks = Path(git(repo, "rev-parse", "--git-path", "hooks").strip())
    hooks = hooks if hooks.is_absolute() else repo / hooks
    hooks.mkdir(parents=True, exist_ok=True)
    hook = hooks / "pre-commit"
    hook.write_text(HOOK.format(python=sys.executable, root=tasks_root, content=content.resolve()),
                    encoding="utf-8")
    hook.chmod(0o755)
    return hook
