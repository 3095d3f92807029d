"""The format registry: which format reads a file, by its suffix or, failing that, its content.

Like translate-toolkit's `storage/factory.py` and Babel's extractor table: the built-in formats
are listed in BUILT_IN; a format installed as a package of its own declares its `Format` under
the Python entry point group `uebersetzer.formats` (engines use `uebersetzer.engines`), so a
pip-installed plug-in needs no edit here (README "Adding a format"). A format is a module with
a `FORMAT` (see `base.Format`); nothing outside this package knows a format's syntax.

Plug-ins are looked up only when the built-in formats do not answer (a suffix, a name they do
not know, every suffix for a folder's walk): reading the installed packages' metadata costs
tens of milliseconds, which a run on .txt, .md and .html files never pays.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from pathlib import Path

from uebersetzer import plugins
from uebersetzer.errors import ArticleError, UebersetzerError, UsageError
from uebersetzer.formats import html, markdown, text
from uebersetzer.formats.base import Format

ENTRY_POINT_GROUP = "uebersetzer.formats"

# Sniffing asks them in this order, then the plug-ins; a suffix belongs to one format only.
BUILT_IN: tuple[Format, ...] = (
    html.FORMAT,
    text.FORMAT,
    markdown.FORMAT,
)
# The formats every lookup asks first. Tests add a format here (monkeypatch); a package adds
# one through its entry point instead.
REGISTRY: tuple[Format, ...] = BUILT_IN


def registered() -> tuple[Format, ...]:
    """Every format: the built-in ones, then the installed plug-ins'."""
    return REGISTRY + tuple(fmt for fmt in _plugins() if fmt not in REGISTRY)


def by_name(name: str) -> Format:
    found = _first(lambda fmt: fmt.name == name)
    if found is None:
        raise UsageError(f"unknown format {name!r}; choose one of {', '.join(names())} (a format plug-in is found "
                         f"once its package is installed: see README \"Adding a format\")")
    return found


def names() -> tuple[str, ...]:
    """What --format takes."""
    return tuple(fmt.name for fmt in registered())


def by_suffix(suffix: str) -> Format | None:
    suffix = suffix.lower()
    return _first(lambda fmt: suffix in fmt.suffixes)


def sniffed(content: str) -> Format | None:
    """The format whose sniffer knows this text (HTML by its doctype or <html>), if any."""
    head = content[:4096]
    return next((fmt for fmt in registered() if fmt.sniff(head)), None)


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
    return _suffixes(REGISTRY)


def descriptions() -> str:
    """The formats as messages name them: "HTML, text, Markdown or SubRip subtitle"."""
    described = [fmt.description or fmt.name for fmt in registered()]
    return ", ".join(described[:-1]) + " or " + described[-1] if len(described) > 1 else described[0]


def name_of(path: str) -> str:
    """The format's name by the file name alone (a sniffed file, having none, counts as text)."""
    found = by_suffix(Path(path).suffix)
    return found.name if found is not None else "text"


def for_file(path: Path, content: str, display: str) -> Format:
    """The format of a named file: by suffix, else by sniffing its content, else refused."""
    suffix = path.suffix.lower()
    fmt = by_suffix(suffix) or sniffed(content)
    if fmt is not None:
        return fmt
    raise ArticleError(f"unknown article format {suffix or '(no suffix)'}; name a file ending in "
                       f"{', '.join(suffixes())}", path=display)


def provenance(fmt: Format) -> str:
    """How a message names a format: a plug-in with the entry point it came from, whose
    package is the one to fix."""
    point = _plugin_points().get(fmt.name)
    if point is None or fmt in REGISTRY:
        return f"the {fmt.name} format"
    return f"the format plug-in {fmt.name!r} ({point.value}, entry point group {ENTRY_POINT_GROUP})"


def reload_plugins() -> None:
    """Read the installed plug-ins anew on the next lookup (a package installed while this
    process runs: tests)."""
    for cached in (_installed_points, _loaded, _suffixes):
        cached.cache_clear()


def _first(wanted) -> Format | None:
    """The first format `wanted` says yes to: the built-in ones first, so a run on their files
    never reads the installed packages' metadata."""
    return next((fmt for fmt in REGISTRY if wanted(fmt)), None) or next(
        (fmt for fmt in _plugins() if wanted(fmt)), None)


@lru_cache(maxsize=None)
def _suffixes(first: tuple[Format, ...]) -> tuple[str, ...]:
    # by the formats asked first (REGISTRY, which tests replace), then the plug-ins': the walk
    # asks this for every file
    return tuple(dict.fromkeys(suffix for fmt in first + _plugins() for suffix in fmt.suffixes))


@lru_cache(maxsize=1)
def _installed_points() -> tuple[metadata.EntryPoint, ...]:
    return tuple(metadata.entry_points(group=ENTRY_POINT_GROUP))


def _plugin_points() -> dict[str, metadata.EntryPoint]:
    """The plug-ins' entry points by name, but for those named like a built-in format: the
    built-in one wins, and each such plug-in is a warning (plugins.unshadowed), noted each time
    the plug-ins are asked for, as the listing and the run each say it."""
    built_in = {fmt.name for fmt in BUILT_IN}
    return {point.name: point for point in plugins.unshadowed(_installed_points(), built_in, "format")}


def _plugins() -> tuple[Format, ...]:
    """The installed plug-ins' formats, each loaded once; a plug-in that cannot be loaded, or
    names no Format, stops the run in one line naming it and its package's entry point."""
    return _loaded(tuple(_plugin_points().values()))


@lru_cache(maxsize=1)
def _loaded(points: tuple[metadata.EntryPoint, ...]) -> tuple[Format, ...]:
    loaded = []
    for point in points:
        fmt = plugins.load(point, "format", UebersetzerError)
        if not isinstance(fmt, Format):
            raise UebersetzerError(f"the format plug-in {point.name!r} ({point.value}) names a "
                                   f"{type(fmt).__name__}, not a uebersetzer.formats.base.Format; its package is "
                                   "broken: reinstall or uninstall it")
        if fmt.name != point.name:
            raise UebersetzerError(f"the format plug-in {point.name!r} ({point.value}) is a Format named "
                                   f"{fmt.name!r}: the entry point's name must be the format's")
        _check_unclaimed(fmt, point, [*BUILT_IN, *loaded])
        loaded.append(fmt)
    return tuple(loaded)


def _check_unclaimed(plugin: Format, point: metadata.EntryPoint, others: list[Format]) -> None:
    """A suffix belongs to one format only: a plug-in cannot take over `.md` (which format reads
    a file would depend on the order packages were installed in), nor two plug-ins one name
    (one named like a built-in format is left out before it is loaded: _plugin_points)."""
    for fmt in others:
        shared = [suffix for suffix in plugin.suffixes if suffix in fmt.suffixes]
        if fmt.name == plugin.name or shared:
            what = f"the suffix {shared[0]}" if shared else f"the name {fmt.name!r}"
            raise UebersetzerError(f"the format plug-in {point.name!r} ({point.value}) claims {what}, which the "
                                   f"{fmt.name} format has; a name and a suffix belong to one format only: "
                                   "uninstall one of them")
