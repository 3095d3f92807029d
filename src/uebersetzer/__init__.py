"""uebersetzer: offline translation of news articles with gettext PO review."""

__version__ = "0.1.0"
