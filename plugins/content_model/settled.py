"""Content whose URL and output path are worked out once, when the site is settled.

Pelican computes an item's ``url`` and ``save_as`` from the URL settings on every access,
formatting a copy of its metadata each time: a 10,000-article build asks some 75,000 times
(pages, feeds, sitemap, page keys), about 2 s. Once the build is checked
(``all_generators_finalized``) nothing changes an item's slug, date or status any more, so
each published item is moved to a subclass of its own class that keeps the two values after
the first access. The subclass has the same name, because Pelican picks the URL settings by
the class name (``ARTICLE_URL``, ``PAGE_SAVE_AS``, ``DOCUMENT_URL``).
"""

from functools import cached_property

KEPT = ("url", "save_as")
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
