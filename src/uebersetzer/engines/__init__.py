"""Translation engines behind one small interface, and the registry that names them."""

from __future__ import annotations

from typing import Protocol, Sequence

from uebersetzer.errors import UsageError


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


ENGINE_NAMES = ("argos", "pseudo")


def create_engine(name: str, **options: object) -> Engine:
    if name == "pseudo":
        from uebersetzer.engines.pseudo import PseudoEngine

        return PseudoEngine()
    if name == "argos":
        from uebersetzer.engines.argos import ArgosEngine

        return ArgosEngine(**options)  # type: ignore[arg-type]
    raise UsageError(f"unknown engine {name!r}; choose one of {', '.join(ENGINE_NAMES)}")
