"""Registries of the site, unit groups, units and campaigns, read from ``<content>/data/*.toml``."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import document_registry, events, values
from .events import EventCalendar
from .issues import IssueLog
from .plans import Plan, load_plans
from .records import Spec, check_top_level, closest, parse_table, read_entries
from .toml_source import TomlError, TomlSource, load_toml
from .vietnamese import match_key, slugify, sort_key


@dataclass(frozen=True)
class SiteInfo:
    name: str
    short_name: str = ""
    tagline: str = ""
    description: str = ""
    url: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    editor_in_chief: str = ""
    licence: str = ""


@dataclass(frozen=True)
class Group:
    slug: str
    name: str
    description: str = ""
    order: int = 0


@dataclass(frozen=True)
class Unit:
    slug: str
    name: str
    group: str
    short_name: str = ""
    parent: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Campaign:
    slug: str
    name: str
    short_name: str = ""
    description: str = ""
    start: date | None = None
    end: date | None = None
    per_week: int | None = None
    featured: bool = False
    order: int = 0

    def covers(self, day: date) -> bool:
        """Whether ``day`` lies in the campaign's period (open ends count as covered)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


SITE_SPECS = {
    "name": Spec(True, values.text),
    **{
        key: Spec(False, values.optional_text)
        for key in ("short_name", "tagline", "description", "address", "phone", "email")
    },
    "editor_in_chief": Spec(False, values.optional_text),
    "licence": Spec(False, values.optional_text),
    "url": Spec(False, values.web_url),
}
GROUP_SPECS = {
    "slug": Spec(True, values.slug),
    "name": Spec(True, values.text),
    "description": Spec(False, values.optional_text),
}
UNIT_SPECS = {
    "slug": Spec(False, values.slug),
    "name": Spec(True, values.text),
    "short_name": Spec(False, values.optional_text),
    "group": Spec(True, values.slug),
    "parent": Spec(False, values.slug),
    "description": Spec(False, values.optional_text),
}
CAMPAIGN_SPECS = {
    "slug": Spec(False, values.slug),
    "name": Spec(True, values.text),
    "short_name": Spec(False, values.optional_text),
    "description": Spec(False, values.optional_text),
    "start": Spec(False, values.day),
    "end": Spec(False, values.day),
    "per_week": Spec(False, values.positive_int),
    "featured": Spec(False, values.boolean),
    "order": Spec(False, values.integer),
}


class Registry:
    """Records of one kind, found by slug, name or short name (after NFC and case folding)."""

    def __init__(self, records, label: str):
        self.label = label
        self._records = list(records)
        self._by_slug = {record.slug: record for record in self._records}
        self._by_key = {}
        for record in self._records:
            for name in self.names_of(record):
                self._by_key.setdefault(match_key(name), record)

    @staticmethod
    def names_of(record) -> list[str]:
        return [n for n in (record.slug, record.name, getattr(record, "short_name", "")) if n]

    def __iter__(self):
        return iter(self._records)

    def __len__(self):
        return len(self._records)

    def __contains__(self, slug):
        return slug in self._by_slug

    def get(self, slug: str):
        return self._by_slug.get(slug)

    def find(self, text: str):
        """The record whose slug, name or short name is ``text``, or None."""
        return self._by_key.get(match_key(text))

    def find_all(self, text: str) -> tuple[list, list[str]]:
        """Split a comma-separated list into records; names may themselves contain commas.

        "Phòng, chống dịch Covid-19, Tháng Công nhân" gives two campaigns: at each position the
        longest run of comma-separated parts that names a record wins. Returns the records in
        order without repeats, and the parts that name nothing.
        """
        parts = [part.strip() for part in text.split(",")]
        found, unknown, start = [], [], 0
        while start < len(parts):
            for end in range(len(parts), start, -1):
                record = self.find(", ".join(parts[start:end]))
                if record is not None:
                    if record not in found:
                        found.append(record)
                    start = end
                    break
            else:
                if parts[start]:
                    unknown.append(parts[start])
                start += 1
        return found, unknown

    def suggest(self, text: str) -> str:
        """A hint naming the registered record closest to ``text``, for an editor's typo."""
        by_slug_form = {slugify(name): record for record in self for name in self.names_of(record)}
        guess = by_slug_form.get(slugify(text)) or by_slug_form.get(closest(slugify(text), by_slug_form))
        if guess is None:
            return f"xem danh sách {self.label} trong thư mục data/"
        return f'có phải ý bạn là "{guess.name}" ({guess.slug})?'


@dataclass
class Registries:
    site: SiteInfo
    groups: Registry
    units: Registry
    campaigns: Registry
    data_dir: Path = field(default=Path("data"))
    plans: list[Plan] = field(default_factory=list)  # newest period first
    document_types: Registry = field(default_factory=lambda: Registry([], "loại văn bản"))
    issuers: Registry = field(default_factory=lambda: Registry([], "cơ quan ban hành"))
    events: EventCalendar = field(default_factory=EventCalendar)

    def children(self, unit: Unit) -> list[Unit]:
        return sorted((u for u in self.units if u.parent == unit.slug), key=lambda u: sort_key(u.name))

    def descendants(self, unit: Unit) -> list[Unit]:
        found = []
        for child in self.children(unit):
            found.append(child)
            found.extend(self.descendants(child))
        return found

    def parent(self, unit: Unit) -> Unit | None:
        return self.units.get(unit.parent) if unit.parent else None


def _open(path: Path, log: IssueLog) -> TomlSource | None:
    if not path.exists():
        log.add(path, None, path.name, "không tìm thấy tệp", f"tạo tệp {path.name} trong thư mục data/")
        return None
    try:
        return load_toml(path)
    except TomlError as error:
        log.add(path, error.line, path.name, str(error))
        return None


def _read_site(data_dir: Path, log: IssueLog) -> SiteInfo:
    source = _open(data_dir / "site.toml", log)
    parsed = source and parse_table(source.data, SITE_SPECS, source, log, (None, 0))
    return SiteInfo(**parsed) if parsed else SiteInfo(name="Liên đoàn Lao động")


def _unique(records, source, array, log, indexes):
    """Drop and report entries whose slug or name repeats an earlier entry."""
    kept, slugs, keys = [], {}, {}
    for record, index in zip(records, indexes):
        line = source.key_line("slug", array, index)
        if record.slug in slugs:
            first = slugs[record.slug]
            log.add(source.path, line, "slug", f'slug "{record.slug}" trùng với "{first.name}"',
                    "đặt slug khác cho một trong hai mục (tên khác nhau chỉ ở dấu vẫn cho cùng một slug)")
            continue
        clash = next((keys[k] for k in map(match_key, Registry.names_of(record)) if k in keys), None)
        if clash is not None:
            log.add(source.path, source.key_line("name", array, index), "name",
                    f'tên "{record.name}" trùng với tên, tên ngắn hoặc slug của "{clash.name}"',
                    "mỗi tên phải chỉ một mục duy nhất")
            continue
        slugs[record.slug] = record
        keys.update({match_key(n): record for n in Registry.names_of(record)})
        kept.append(record)
    return kept


def _read_groups(source: TomlSource, log: IssueLog) -> Registry:
    entries = list(read_entries(source, "group", GROUP_SPECS, log))
    groups = [Group(order=position, **v) for position, (_, v) in enumerate(entries)]
    return Registry(_unique(groups, source, "group", log, [i for i, _ in entries]), "nhóm đơn vị")


def _read_units(source: TomlSource, groups: Registry, log: IssueLog) -> Registry:
    units, indexes = [], []
    for index, entry in read_entries(source, "unit", UNIT_SPECS, log):
        entry.setdefault("slug", slugify(entry["name"]))
        if entry["group"] not in groups:
            log.add(source.path, source.key_line("group", "unit", index), "group",
                    f'không có nhóm "{entry["group"]}"', groups.suggest(entry["group"]))
            continue
        units.append(Unit(**entry))
        indexes.append(index)
    kept = _unique(units, source, "unit", log, indexes)
    lines = {}
    for unit, index in zip(units, indexes):
        lines.setdefault(unit.slug, source.key_line("parent", "unit", index))
    registry = Registry(kept, "đơn vị")
    return Registry(_with_valid_parents(registry, lines, source.path, log), "đơn vị")


def _with_valid_parents(registry: Registry, lines, path, log):
    """Units with an unknown or cyclic parent are reported and lose that parent."""
    valid = []
    for unit in registry:
        if unit.parent and unit.parent not in registry:
            log.add(path, lines[unit.slug], "parent", f'không có đơn vị cấp trên "{unit.parent}"',
                    registry.suggest(unit.parent))
            unit = Unit(**{**unit.__dict__, "parent": None})
        elif unit.parent and _in_cycle(unit, registry):
            log.add(path, lines[unit.slug], "parent",
                    f'đơn vị "{unit.slug}" nằm trong vòng lặp cấp trên (cấp trên của chính nó)',
                    "sửa parent để các đơn vị không làm cấp trên của nhau")
            unit = Unit(**{**unit.__dict__, "parent": None})
        valid.append(unit)
    return valid


def _in_cycle(unit: Unit, registry: Registry) -> bool:
    """Whether following ``parent`` links from ``unit`` leads back to it."""
    seen, current = set(), registry.get(unit.parent)
    while current is not None and current.slug not in seen:
        if current.slug == unit.slug:
            return True
        seen.add(current.slug)
        current = registry.get(current.parent) if current.parent else None
    return False


def _read_campaigns(source: TomlSource, log: IssueLog) -> Registry:
    campaigns, indexes = [], []
    for index, entry in read_entries(source, "campaign", CAMPAIGN_SPECS, log):
        entry.setdefault("slug", slugify(entry["name"]))
        start, end = entry.get("start"), entry.get("end")
        if start and end and end < start:
            log.add(source.path, source.key_line("end", "campaign", index), "end",
                    f"ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}",
                    "sửa start hoặc end")
            continue
        campaigns.append(Campaign(**entry))
        indexes.append(index)
    return Registry(_unique(campaigns, source, "campaign", log, indexes), "chuyên mục")


EMPTY_SOURCE = TomlSource(path=Path("-"))


def _read_named(source: TomlSource, array: str, log: IssueLog) -> Registry:
    """Document types or issuers: named records in the order written (document_registry)."""
    make, label = document_registry.KINDS[array]
    entries = list(read_entries(source, array, document_registry.NAMED_SPECS, log))
    records = [make(**{"slug": slugify(v["name"]), **v}) for _, v in entries]
    return Registry(_unique(records, source, array, log, [i for i, _ in entries]), label)


def _optional(path: Path, log: IssueLog) -> TomlSource:
    """A data file a site may leave out (documents.toml, events.toml)."""
    return (_open(path, log) if path.exists() else None) or EMPTY_SOURCE


def load_registries(data_dir: Path, log: IssueLog) -> Registries:
    """Read site.toml, units.toml, campaigns.toml, plans/*.toml and the optional
    documents.toml and events.toml; report every problem."""
    data_dir = Path(data_dir)
    site = _read_site(data_dir, log)
    units_source = _open(data_dir / "units.toml", log) or EMPTY_SOURCE
    check_top_level(units_source, ("group", "unit"), log)
    groups = _read_groups(units_source, log)
    units = _read_units(units_source, groups, log)
    campaigns_source = _open(data_dir / "campaigns.toml", log) or EMPTY_SOURCE
    check_top_level(campaigns_source, ("campaign",), log)
    campaigns = _read_campaigns(campaigns_source, log)
    plans = load_plans(data_dir / "plans", groups, units, log)
    documents_source = _optional(data_dir / document_registry.FILE_NAME, log)
    check_top_level(documents_source, document_registry.ARRAYS, log)
    calendar = events.load_events(_optional(data_dir / events.FILE_NAME, log), campaigns, log)
    return Registries(site, groups, units, campaigns, data_dir, plans,
                      _read_named(documents_source, "type", log),
                      _read_named(documents_source, "issuer", log), calendar)
