"""Plug-ins found through Python entry points (engines in `uebersetzer.engines`, formats in
`uebersetzer.formats`): what both registries do alike when they load one."""

from __future__ import annotations

from importlib import metadata

from uebersetzer.errors import UebersetzerError


def load(point: metadata.EntryPoint, kind: str, error: type[UebersetzerError]) -> object:
    """What a plug-in's entry point names. Its own import failing is its package's fault, not a
    bug here: one line (an `error`) naming the `kind` of plug-in, it and its entry point."""
    try:
        return point.load()
    except Exception as cause:  # whatever its import raised
        raise error(f"the {kind} plug-in {point.name!r} ({point.value}, from the entry point group {point.group}) "
                    f"cannot be loaded: {type(cause).__name__}: {cause}; reinstall or uninstall its package") from cause
