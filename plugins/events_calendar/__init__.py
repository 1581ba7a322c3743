"""Pelican plugin: the calendar of anniversaries and events (/lich/), home block, .ics files."""

from .plugin import register

__all__ = ["register"]
