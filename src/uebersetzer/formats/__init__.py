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
