"""What git knows of a folder's files: blob ids of the tracked files unchanged since checkout."""

import os
import subprocess

from union_core.git_blobs import unchanged_blobs


def git(folder, *args):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=True, env=env).stdout


def repository(tmp_path):
    content = tmp_path / "content"
    (content / "2026").mkdir(parents=True)
    for name in ("2026/a.jpg", "2026/b.jpg", "2026/ảnh hội nghị.jpg", "c.md"):
        (content / name).write_bytes(name.encode())
    (content / "link.jpg").symlink_to("2026/a.jpg")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "first")
    return content


def test_the_unchanged_tracked_files_with_their_blob_ids(tmp_path):
    content = repository(tmp_path)
    (content / "2026/b.jpg").write_bytes(b"edited")
    (content / "new.jpg").write_bytes(b"untracked")
    blobs = unchanged_blobs(content)
    assert set(blobs) == {content / "2026/a.jpg", content / "2026/ảnh hội nghị.jpg", content / "c.md"}
    assert blobs[content / "c.md"] == git(content, "hash-object", "c.md").decode().strip()


def test_files_git_is_told_not_to_watch_are_not_vouched_for(tmp_path):
    content = repository(tmp_path)
    git(content, "update-index", "--assume-unchanged", "2026/a.jpg")
    git(content, "update-index", "--skip-worktree", "c.md")
    assert set(unchanged_blobs(content)) == {content / "2026/b.jpg", content / "2026/ảnh hội nghị.jpg"}


def test_nothing_is_known_outside_a_work_tree_or_without_git(tmp_path, monkeypatch):
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain/a.jpg").write_bytes(b"a")
    assert unchanged_blobs(tmp_path / "plain") == {}
    content = repository(tmp_path / "repo")
    monkeypatch.setenv("PATH", str(tmp_path / "plain"))  # no git program there
    assert unchanged_blobs(content) == {}
