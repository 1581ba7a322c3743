"""Pelican plugin: documents for download (văn bản), their pages, groupings and attachments."""

from .plugin import register

__all__ = ["register"]
