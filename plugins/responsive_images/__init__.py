"""Responsive photos: derivatives with Pillow, <picture> markup, galleries, no metadata leaked."""

from .plugin import register

__all__ = ["register"]
