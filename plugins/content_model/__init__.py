"""Pelican plugin: read articles through the union content model, validate, publish safely."""

from .plugin import register

__all__ = ["register"]
