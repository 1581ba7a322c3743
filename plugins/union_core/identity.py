"""An article's lasting identity: its source file, as editors name it.

The *source key* is the file's path relative to the content folder, without the ``.md``
extension, in lower case; a file named ``bai.md`` (or ``index.md``) stands for its folder, so
``2026/le-khai-mac.md`` and ``2026/le-khai-mac/bai.md`` are the same article (moving an article
into its own folder to add photos keeps it). Feed ids are built from it, so editing the title,
slug or date of an article never makes readers see it as new.
"""

import posixpath

from .files import relative_posix
from .vietnamese import nfc

FOLDER_ARTICLE_NAMES = ("bai", "index")


def source_key(source_path, content_root) -> str:
    """``2026/le-khai-mac/bai.md`` → ``2026/le-khai-mac``.

    With string operations: with ``pathlib`` the cross-checks spent 0.09 s of every build
    of 10,000 articles here."""
    key = posixpath.splitext(relative_posix(source_path, content_root))[0]  # both absolute, as read
    folder, _, name = key.rpartition("/")
    return nfc(folder if folder and name.lower() in FOLDER_ARTICLE_NAMES else key).lower()
