"""An article's lasting identity: its source file, as editors name it.

The *source key* is the file's path relative to the content folder, without the ``.md``
extension, in lower case; a file named ``bai.md`` (or ``index.md``) stands for its folder, so
``2026/le-khai-mac.md`` and ``2026/le-khai-mac/bai.md`` are the same article (moving an article
into its own folder to add photos keeps it). Feed ids are built from it, so editing the title,
slug or date of an article never makes readers see it as new.
"""

from pathlib import Path, PurePosixPath

from .vietnamese import nfc

FOLDER_ARTICLE_NAMES = ("bai", "index")


def source_key(source_path, content_root) -> str:
    """``2026/le-khai-mac/bai.md`` → ``2026/le-khai-mac``."""
    relative = Path(source_path).relative_to(content_root)  # both absolute, as read
    path = PurePosixPath(relative.as_posix()).with_suffix("")
    if path.name.lower() in FOLDER_ARTICLE_NAMES and len(path.parts) > 1:
        path = path.parent
    return nfc(path.as_posix()).lower()
