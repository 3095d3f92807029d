"""The format registry: which format reads a file, by its suffix or, failing that, its content.

Like translate-toolkit's `storage/factory.py` and Babel's extractor table: one line per
format below. A format is a module with a `FORMAT` (see `base.Format`); nothing outside
this package knows a format's syntax.
"""

from __future__ import annotations

from pathlib import Path

from uebersetzer.errors import ArticleError
from uebersetzer.formats import html, markdown, text
from uebersetzer.formats.base import Format

# Sniffing asks them in this order; a suffix belongs to one format only.
REGISTRY: tuple[Format, ...] = (
    html.FORMAT,
    text.FORMAT,
    markdown.FORMAT,
)



def by_name(name: str) -> Format:
    return next(fmt for fmt in REGISTRY if fmt.name == name)


def names() -> tuple[str, ...]:
    """What --format takes."""
    return tuple(fmt.name for fmt in REGISTRY)


def by_suffix(suffix: str) -> Format | None:
    suffix = suffix.lower()
    return next((fmt for fmt in REGISTRY if suffix in fmt.suffixes), None)


def sniffed(content: str) -> Format | None:
    """The format whose sniffer knows this text (HTML by its doctype or <html>), if any."""
    return next((fmt for fmt in REGISTRY if fmt.sniff(content[:4096])), None)


def for_content(suffix: str, content: str) -> Format:
    """The format of an article that has no file (standard input): by the suffix of the name it
    was given, else by sniffing its content, else plain text (a pipe has no suffix to refuse)."""
    return by_suffix(suffix) or sniffed(content) or by_name("text")


def declared_charset(suffix: str, data: bytes, format_name: str = "") -> str:
    """The charset an article's bytes declare for themselves (an HTML page's meta), as its
    label, or "": asked of its format (`format_name`, else by suffix, else sniffed)."""
    head = data[:DECLARATION_BYTES]
    fmt = by_name(format_name) if format_name else by_suffix(suffix) or sniffed(head.decode("latin-1"))
    return fmt.declared_charset(head) if fmt is not None else ""


DECLARATION_BYTES = 1024  # where a browser looks for an HTML page's charset (WHATWG's prescan)


def suffixes() -> tuple[str, ...]:
    """What a folder is searched for."""
    return tuple(suffix for fmt in REGISTRY for suffix in fmt.suffixes)


def name_of(path: str) -> str:
    """The format's name by the file name alone (a sniffed file, having none, counts as text)."""
    suffix = Path(path).suffix.lower()
    return next((fmt.name for fmt in REGISTRY if suffix in fmt.suffixes), "text")


def for_file(path: Path, content: str, display: str) -> Format:
    """The format of a named file: by suffix, else by sniffing its content, else refused."""
    suffix = path.suffix.lower()
    fmt = by_suffix(suffix) or sniffed(content)
    if fmt is not None:
        return fmt
    raise ArticleError(f"unknown article format {suffix or '(no suffix)'}; name a file ending in "
                       f"{', '.join(suffixes())}", path=display)
