"""An engine plug-in as the pipeline sees it: what it raises or returns where the protocol says
otherwise is said as an EngineError naming it, never as an internal error of uebersetzer.

Its translations are checked by the translate stage (translate.isolate_failures), as every
engine's are; this covers the rest of the protocol: making it, `check_pair` (which must raise
EngineError, and nothing else, for a pair it cannot translate) and `model_version` (a str).
The optional attributes (`term_strategy`, `preload`, ...) are the plug-in's own.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import Callable, Sequence

import uebersetzer
from uebersetzer.errors import EngineError, UebersetzerError

CORE = Path(uebersetzer.__file__).resolve().parent
PLUGIN_PLACES: dict[Path, str] = {}  # the folder (or file) of each plug-in loaded -> "the engine plug-in 'upper'"


def note_plugin(module: str, title: str) -> None:
    """Remember where a loaded plug-in's code lives (its top package's folder, or its module's
    file), so that an error raised there is blamed on it (`blamed`). Formats may note theirs too."""
    top = sys.modules.get(module.split(".")[0])
    place = getattr(top, "__path__", None)
    where = Path(list(place)[0]) if place else Path(getattr(sys.modules.get(module), "__file__", "") or "")
    if str(where) not in ("", "."):
        PLUGIN_PLACES[where.resolve()] = title


def blamed(trace: TracebackType | None) -> tuple[str, str] | None:
    """(which plug-in, file:line) when the innermost frame of ours or a plug-in's that the
    error passed through is a plug-in's; None when it is ours (a library's frame below either
    counts as the caller's)."""
    import traceback

    for frame in reversed(traceback.extract_tb(trace)):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(CORE):
            return None
        for place, title in PLUGIN_PLACES.items():
            if path == place or path.is_relative_to(place):
                return title, f"{frame.filename}:{frame.lineno}"
    return None


class PluginEngine:
    """A plug-in's engine behind the protocol's checks; everything else is the plug-in's own
    (read through __getattr__), so the pipeline sees what the plug-in offers."""

    def __init__(self, name: str, engine: object) -> None:
        self.engine = engine
        self.name: str = getattr(engine, "name", None) or name  # the memory and the PO files record it
        self.versions: dict[tuple[str, str], str] = {}

    @classmethod
    def made(cls, name: str, factory: Callable[..., object], options: dict[str, object]) -> "PluginEngine":
        note_plugin(getattr(factory, "__module__", "") or "", f"the engine plug-in {name!r}")
        try:
            engine = factory(**options)
            note_plugin(type(engine).__module__, f"the engine plug-in {name!r}")
            return cls(name, engine)
        except UebersetzerError:
            raise
        except Exception as error:
            raise EngineError(f"the engine plug-in {name!r} could not be started: {_said(error)}") from error

    def __getattr__(self, attribute: str) -> object:  # the optional parts of the protocol, as the plug-in has them
        if attribute == "engine":  # not set yet (a copy being made): no recursion
            raise AttributeError(attribute)
        return getattr(self.engine, attribute)

    def check_pair(self, source: str, target: str) -> None:
        """The plug-in's check, and its model version asked now: a pair whose version it cannot
        name fails its articles here, before any sentence goes to it, rather than the run later."""
        try:
            self.engine.check_pair(source, target)  # type: ignore[attr-defined]
        except UebersetzerError:
            raise
        except Exception as error:  # the protocol asks for EngineError; anything else means the same here
            raise EngineError(f"engine {self.name!r} cannot translate {source} -> {target}: {_said(error)}") from error
        self.model_version(source, target)

    def model_version(self, source: str, target: str) -> str:
        if (source, target) not in self.versions:
            self.versions[(source, target)] = self._asked_version(source, target)
        return self.versions[(source, target)]

    def _asked_version(self, source: str, target: str) -> str:
        try:
            version = self.engine.model_version(source, target)  # type: ignore[attr-defined]
        except UebersetzerError:
            raise
        except Exception as error:
            raise EngineError(f"engine {self.name!r} could not name its model for {source} -> {target}: "
                              f"{_said(error)}") from error
        if not isinstance(version, str):
            raise EngineError(f"engine {self.name!r} named its model for {source} -> {target} as {version!r} "
                              f"({type(version).__name__}), not as text; the plug-in is broken")
        return version

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return self.engine.translate(sentences, source, target)  # type: ignore[attr-defined]


def _said(error: Exception, limit: int = 160) -> str:
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
