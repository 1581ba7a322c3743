"""Pelican plugin: pages for campaigns, units and tags from one generic term-page generator."""

from .plugin import register

__all__ = ["register"]
