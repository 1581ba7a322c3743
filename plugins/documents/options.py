"""The documents plugin's settings (defaults in one mapping) and its per-build state."""

from dataclasses import dataclass, field

from content_model.report import SettingError, whole_number

from .groups import GroupPatterns

DEFAULTS = {
    # Where document sources live and where their pages go (pelicanconf.py sets them too,
    # because ``invoke check`` reads them without running the plugins).
    "DOCUMENT_PATHS": ["van-ban"],
    "DOCUMENT_URL": "van-ban/{date:%Y}/{slug}/",
    "DOCUMENT_SAVE_AS": "van-ban/{date:%Y}/{slug}/index.html",
    # The list of all documents and the pages by type, issuer and year ({slug}; a year's
    # slug is the year, so its page sits above the pages of that year's documents).
    "DOCUMENTS_URL": "van-ban/",
    "DOCUMENTS_SAVE_AS": "van-ban/index.html",
    "DOCUMENT_TYPE_URL": "van-ban/loai/{slug}/",
    "DOCUMENT_TYPE_SAVE_AS": "van-ban/loai/{slug}/index.html",
    "DOCUMENT_ISSUER_URL": "van-ban/co-quan/{slug}/",
    "DOCUMENT_ISSUER_SAVE_AS": "van-ban/co-quan/{slug}/index.html",
    "DOCUMENT_YEAR_URL": "van-ban/{slug}/",
    "DOCUMENT_YEAR_SAVE_AS": "van-ban/{slug}/index.html",
    # Documents per page of each list.
    "DOCUMENTS_PER_PAGE": 30,
}
STATE = "UNION_DOCUMENTS"  # settings key of the per-build DocumentsState
PAGINATED_TEMPLATE = "documents"


@dataclass(frozen=True)
class DocumentOptions:
    index_url: str
    index_save_as: str
    patterns: GroupPatterns


def _pattern(values: dict, key: str) -> str:
    value = values[key]
    if not isinstance(value, str) or value.startswith("/") or "{slug}" not in value:
        raise SettingError(key, "a relative path containing {slug}", value)
    return value


def read_options(values: dict) -> DocumentOptions:
    whole_number(values, "DOCUMENTS_PER_PAGE")
    if not isinstance(values["DOCUMENT_PATHS"], list | tuple):
        raise SettingError("DOCUMENT_PATHS", "a list of folders", values["DOCUMENT_PATHS"])
    keys = [f"DOCUMENT_{kind}_{part}" for kind in ("TYPE", "ISSUER", "YEAR")
            for part in ("URL", "SAVE_AS")]
    patterns = GroupPatterns(*(_pattern(values, key) for key in keys))
    return DocumentOptions(values["DOCUMENTS_URL"], values["DOCUMENTS_SAVE_AS"], patterns)


@dataclass
class DocumentsState:
    """One build's documents; replaced at every run (nothing in module globals)."""

    options: DocumentOptions
    documents: list = field(default_factory=list)  # public, newest first
    groupings: list = field(default_factory=list)
    withheld: set = field(default_factory=set)  # attachments never to publish (content paths)
    published_files: dict = field(default_factory=dict)  # content path -> its document

    def withhold(self, public, hidden) -> None:
        """Attachments of drafts (and, when publishing, of not-yet-due documents) stay out,
        unless a public document carries the same file."""
        self.published_files = {a.relative: d for d in public for a in d.attachments}
        hidden_files = {a.relative for d in hidden for a in d.attachments}
        self.withheld = hidden_files - set(self.published_files)
