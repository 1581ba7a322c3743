"""Pelican plugin: the contribution tally pages (/thong-ke/), their downloads and unit roll-ups."""

from .plugin import register

__all__ = ["register"]
