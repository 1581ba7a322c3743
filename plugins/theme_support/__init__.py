"""Pelican plugin: the Jinja filters the theme uses (Vietnamese dates and order)."""

from .plugin import register

__all__ = ["register"]
