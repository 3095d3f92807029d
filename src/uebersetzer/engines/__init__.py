"""Translation engines behind one small interface, and the registry that names them.

The registry maps an engine's name (`--engine NAME`) to its factory and the translate options
it takes. Built-in engines are listed in BUILT_IN; an engine installed as a package of its own
declares itself under the Python entry point group `uebersetzer.engines` (formats use
`uebersetzer.formats`), so a pip-installed plug-in needs no edit here: README "Adding an engine".
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import Callable, Protocol, Sequence

from uebersetzer import plugins
from uebersetzer.errors import EngineError, UsageError


class Engine(Protocol):
    """Translate a batch of sentences from one language to another.

    Sentences arrive whitespace-normalized, with `{N}` placeholders an engine must copy.
    Optional, read with getattr by the translate stage: `term_strategy` ("placeholder",
    "target" or "standin": how glossary terms reach it; see protect.protect), `alternatives`
    (how many hypotheses a sentence that failed the check may try) and
    `translate_candidates(sentences, source, target, count)` that gives them, `standins(source,
    target)` (the names its model copies best, protect.STANDINS narrowed), `standin_retries`
    (how often a sentence that still failed is sent again with other stand-ins) and
    `preload(source, target)` (start loading a pair's model in the background: the pipeline
    calls it when the first sentence of the pair needs the engine; errors wait for `translate`)
    and `pivots(source, target)` (the languages a pair goes through, ("en",) for de -> en ->
    fr: the run says so, and the PO header records it), and `submit(sentences, source,
    target)`: hand the sentences over now and give a function that waits for their
    translations, as `translate` would (an engine that queues work, as CTranslate2 does, gets
    the next sentences before the run checks the ones before, so it never waits for the run).
    A run calls `translate` (or `submit`) from one worker thread, one call at a time, while the
    main thread reads the next articles; an engine that releases the GIL gains from that.
    """

    name: str

    def model_version(self, source: str, target: str) -> str:
        """Identifies the model, so stored machine translations of an older one are not reused."""
        ...

    def check_pair(self, source: str, target: str) -> None:
        """Raise EngineError naming what to do when the pair cannot be translated."""
        ...

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]: ...


# The options `uebersetzer translate` has for an engine's model; an engine takes the ones it names.
MODEL_OPTIONS = ("beam_size", "device", "threads", "compute_type")
ENTRY_POINT_GROUP = "uebersetzer.engines"


@dataclass(frozen=True)
class EngineEntry:
    """What the registry knows of an engine: how to make it (`factory(**options)`, given only
    the options it names in `options`, of MODEL_OPTIONS those the user set), and whether its
    models are Argos packages, which `--install-missing` can fetch from the Argos index."""

    factory: Callable[..., Engine]
    options: tuple[str, ...] = ()
    argos_packages: bool = False


def _argos(**options: object) -> Engine:
    from uebersetzer.engines.argos import ArgosEngine  # ctranslate2 is imported only when it is used

    return ArgosEngine(**options)  # type: ignore[arg-type]


def _pseudo(**options: object) -> Engine:
    from uebersetzer.engines.pseudo import PseudoEngine

    return PseudoEngine()


BUILT_IN: dict[str, EngineEntry] = {
    "argos": EngineEntry(_argos, (*MODEL_OPTIONS, "inter_threads"), argos_packages=True),
    "pseudo": EngineEntry(_pseudo),
}


def engine_names() -> tuple[str, ...]:
    """Every engine `--engine` takes: the built-in ones, then the installed plug-ins' (a plug-in
    named like a built-in engine is not taken, and is a warning: plugins.unshadowed). Read from
    the installed packages' metadata, without importing any plug-in."""
    return tuple(dict.fromkeys([*BUILT_IN, *(point.name for point in _entry_points())]))


def engine_entry(name: str) -> EngineEntry:
    """The registry's entry for `name`; a plug-in's module is imported now, and only its own."""
    if name in BUILT_IN:
        return BUILT_IN[name]
    point = next((point for point in _entry_points() if point.name == name), None)
    if point is None:
        raise UsageError(f"unknown engine {name!r}; choose one of {', '.join(engine_names())} (an engine plug-in "
                         f"is found once its package is installed: see README \"Adding an engine\")")
    return _plugin_entry(point)


def create_engine(name: str, **options: object) -> Engine:
    """The engine `name`, made with those of `options` it takes (cli.py warns about the others
    the user set; a Ray worker is made with `threads` and `inter_threads` whatever the engine)."""
    entry = engine_entry(name)
    return entry.factory(**{key: value for key, value in options.items() if key in entry.options})


def check_plugins() -> None:
    """Read the installed engine plug-ins, so that one named like a built-in engine is warned of
    in a run that uses the built-in one too (15-40 ms: once a run, not in `--engine`'s check)."""
    _entry_points()


def _entry_points() -> tuple[metadata.EntryPoint, ...]:
    return plugins.unshadowed(metadata.entry_points(group=ENTRY_POINT_GROUP), BUILT_IN, "engine")


def _plugin_entry(point: metadata.EntryPoint) -> EngineEntry:
    """A plug-in's entry point names an EngineEntry, or a factory (a class, say) that takes no
    options; what it makes is wrapped so that its mistakes are said as its own (engines/plugin.py)."""
    from uebersetzer.engines.plugin import PluginEngine

    loaded = plugins.load(point, "engine", EngineError)
    entry = loaded if isinstance(loaded, EngineEntry) else EngineEntry(loaded) if callable(loaded) else None
    if entry is None:
        raise EngineError(f"the engine plug-in {point.name!r} ({point.value}) is neither an EngineEntry nor a "
                          f"factory but {type(loaded).__name__}; its package is broken")
    return EngineEntry(lambda **options: PluginEngine.made(point.name, entry.factory, options), entry.options,
                       entry.argos_packages)
