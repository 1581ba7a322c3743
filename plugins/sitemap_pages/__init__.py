"""Pelican plugin: sitemap.xml (with lastmod) and robots.txt, for published pages only."""

from .plugin import register

__all__ = ["register"]
