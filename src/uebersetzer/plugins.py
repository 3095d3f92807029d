"""Plug-ins found through Python entry points (engines in `uebersetzer.engines`, formats in
`uebersetzer.formats`): what both registries do alike when they read and load one."""

from __future__ import annotations

from importlib import metadata
from typing import Collection, Iterable

from uebersetzer.errors import UebersetzerError

# What the registries had to say about the installed plug-ins (one named like a built-in), in the
# order found and each once; the CLI takes them (`taken_warnings`) and lists them as warnings.
_WARNINGS: dict[str, None] = {}


def load(point: metadata.EntryPoint, kind: str, error: type[UebersetzerError]) -> object:
    """What a plug-in's entry point names. Its own import failing is its package's fault, not a
    bug here: one line (an `error`) naming the `kind` of plug-in, it and its entry point."""
    try:
        return point.load()
    except Exception as cause:  # whatever its import raised
        raise error(f"the {kind} plug-in {point.name!r} ({point.value}, from the entry point group {point.group}) "
                    f"cannot be loaded: {type(cause).__name__}: {cause}; reinstall or uninstall its package") from cause


def unshadowed(points: Iterable[metadata.EntryPoint], built_in: Collection[str],
               kind: str) -> tuple[metadata.EntryPoint, ...]:
    """The entry points a registry takes: all but those named like one of its `built_in` names.

    The built-in one wins: a package installed later must not change what `--engine pseudo` or
    a `.md` file means (which one won would depend on the order packages were installed in), and
    one broken package must not stop every run either. Each plug-in left out is one warning
    naming it and the package it came from (noted here, listed by the CLI), never an error; it
    is decided by the entry point's name, so the plug-in is not imported."""
    taken = []
    for point in points:
        if point.name in built_in:
            _WARNINGS[f"the {kind} plug-in {point.name!r} ({point.value}, from {_package(point)}) is named like the "
                      f"built-in {point.name} {kind}, which is used instead; rename the plug-in's entry point in "
                      f"the group {point.group}, or uninstall its package"] = None
        else:
            taken.append(point)
    return tuple(taken)


def taken_warnings() -> list[str]:
    """The warnings noted since the last call, in the order found; they are not given again."""
    warnings = list(_WARNINGS)
    _WARNINGS.clear()
    return warnings


def _package(point: metadata.EntryPoint) -> str:
    """The distribution that declares the entry point, as pip names it: "the package toy-pseudo 1.0"."""
    dist = getattr(point, "dist", None)
    name = dist.metadata["Name"] if dist is not None else None
    return f"the package {name} {dist.version}" if name else "a package without a name in its metadata"
