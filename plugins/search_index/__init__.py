"""Pelican plugin: the Pagefind search index of published articles and pages.

``register`` imports the plugin (and Pelican) only when Pelican calls it, so the index job
(``python -m search_index``) starts without them.
"""


def register():
    from .plugin import register as connect_signals

    connect_signals()


__all__ = ["register"]
