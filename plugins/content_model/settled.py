"""Content whose URL and output path are worked out once.

Pelican computes an item's ``url`` and ``save_as`` from the URL settings on every access,
formatting a copy of its metadata each time: a 10,000-article build asks some 75,000 times
(pages, feeds, sitemap, page keys), about 2 s. So each item is moved to a subclass of its own
class that keeps the two values after the first access. The subclass has the same name,
because Pelican picks the URL settings by the class name (``ARTICLE_URL``, ``PAGE_SAVE_AS``,
``DOCUMENT_URL``). Nothing changes an item's slug, date or status once it is made.

A published article, page or document is settled as soon as Pelican makes it
(``settle_on_creation``), its output path formatted from its slug and date (Pelican checks each
item's path as it reads it, ``is_valid``); its URL is the reader's (``reader._url``). Whatever
else is published is settled when the build is checked (``all_generators_finalized``)."""

from functools import cached_property

KEPT = ("url", "save_as")
EARLY = {"Article", "Page", "Document"}  # (their output paths: ARTICLE_SAVE_AS, PAGE_SAVE_AS…)
_settled_classes: dict[type, type] = {}


def settled_class(klass: type) -> type:
    if klass not in _settled_classes:
        members = {name: cached_property(getattr(klass, name).fget) for name in KEPT
                   if isinstance(getattr(klass, name, None), property)}
        _settled_classes[klass] = type(klass.__name__, (klass,), {**members, "__module__": klass.__module__,
                                                                  "__qualname__": klass.__qualname__})
    return _settled_classes[klass]


def settle(items) -> None:
    """From now on each item's ``url`` and ``save_as`` are computed at most once."""
    for item in items:
        if type(item) not in _settled_classes.values():
            item.__class__ = settled_class(type(item))


def settle_on_creation(content) -> None:
    """``content_object_init``: see the module's note. A draft (``DRAFT_SAVE_AS``), an item in
    another language (``LANG_SAVE_AS``), one with its own ``save_as`` and a pattern naming other
    metadata than ``{slug}``, ``{date}``, ``{lang}`` are left to Pelican."""
    name = type(content).__name__
    if (name not in EARLY or getattr(content, "status", None) != "published" or not content.in_default_lang
            or hasattr(content, "override_save_as")):
        return
    settle([content])
    try:
        content.__dict__["save_as"] = content.settings[f"{name.upper()}_SAVE_AS"].format(
            slug=content.slug, date=getattr(content, "date", None), lang=content.lang)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        pass  # Pelican formats it, once
