"""Pelican plugin: the calendar of anniversaries and events (/lich/), its home block and .ics files."""

from .plugin import register

__all__ = ["register"]
