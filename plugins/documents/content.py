"""A document (văn bản) as Pelican content, and what its pages are grouped by.

The reader (content_model) gives a document its registry records (``document_type``,
``issuer_records``) and its checked ``attachments``; the generator adds the groupings it is
listed under (``type``, ``issuers``, ``year``) and its ``downloads``, so templates only read.
"""

from dataclasses import dataclass, field
from urllib.parse import quote

from pelican.contents import Content

from union_core.attachments import Attachment


class Document(Content):
    """URL from the reader (``DOCUMENT_URL``), output path from ``DOCUMENT_SAVE_AS``."""

    mandatory_properties = ("title", "date")
    allowed_statuses = ("published", "draft", "skip")
    default_status = "published"
    default_template = "document"


@dataclass(eq=False)
class Grouping:
    """A type, an issuer or a year, with its page and its documents (newest first)."""

    kind: str  # "type", "issuer" or "year"
    slug: str
    name: str
    url: str
    save_as: str
    record: object = None
    documents: list = field(default_factory=list)

    @property
    def short_name(self) -> str:
        return getattr(self.record, "short_name", "") or self.name

    @property
    def description(self) -> str:
        return getattr(self.record, "description", "")


@dataclass(frozen=True)
class Download:
    """An attachment as published: its site-relative URL and what the page says about it."""

    attachment: Attachment
    url: str

    @classmethod
    def of(cls, attachment: Attachment, static_content: dict) -> "Download":
        """The URL Pelican's static copy gives the file (its path in the content folder)."""
        static = static_content.get(attachment.relative)
        url = static.url if static is not None else attachment.relative
        return cls(attachment, quote(url, safe="/"))

    @property
    def name(self) -> str:
        return self.attachment.name

    @property
    def size(self) -> int:
        return self.attachment.size

    @property
    def sha256(self) -> str:
        return self.attachment.sha256

    @property
    def type(self):
        return self.attachment.type
