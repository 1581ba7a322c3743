"""Pelican plugin: every Atom and RSS feed of the site, written with feedgen."""

from .plugin import register

__all__ = ["register"]
