"""Pelican plugin: the Pagefind search index of published articles and pages."""

from .plugin import register

__all__ = ["register"]
