"""Translate stage: unique sentences -> verified translations, in one batch per language pair.

Each sentence is protected (placeholders for markup, URLs and glossary terms), sent to the
engine together with every other sentence of the run, checked, and restored. Output that
lost, doubled or garbled a placeholder is redone piecewise around the protected spans and
carries a note, so the PO marks it for review.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from uebersetzer.engines import Engine
from uebersetzer.protect import TERM_MODES, Protected, Span, protect
from uebersetzer.restore import assemble, check, pieces, restore, tidy

TermFinder = Callable[[str, str, str], Sequence[Span]]  # (msgid, source, target) -> spans


@dataclass(frozen=True)
class Request:
    source: str  # language codes
    target: str
    msgid: str


@dataclass(frozen=True)
class Translation:
    text: str
    origin: str  # "engine", "copy" (nothing to translate), "memory", "human"
    notes: tuple[str, ...] = ()  # what an editor should check


def term_strategy(engine: Engine) -> str:
    """How glossary terms reach the engine (protect.TERM_MODES): as placeholders, in their
    target form, or as stand-in names; the last two are found again in the output, and a
    sentence that lost one is redone piecewise around placeholders. An engine says which
    suits it; engines that do not copy text (pseudo) take placeholders."""
    strategy = getattr(engine, "term_strategy", "placeholder")
    return strategy if strategy in TERM_MODES else "placeholder"


def no_terms(msgid: str, source: str, target: str) -> Sequence[Span]:
    return ()


def translate_requests(
    requests: Iterable[Request],
    engine: Engine,
    find_terms: TermFinder = no_terms,
    progress: Callable[[int], None] = lambda n: None,
) -> dict[Request, Translation]:
    """Translate each unique request once; all sentences of a language pair go in one batch."""
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for request in dict.fromkeys(requests):
        by_pair[(request.source, request.target)].append(request.msgid)
    results: dict[Request, Translation] = {}
    for (source, target), msgids in by_pair.items():
        done = _translate_pair(msgids, source, target, engine, find_terms, progress)
        results.update({Request(source, target, msgid): done[msgid] for msgid in msgids})
    return results


def _translate_pair(
    msgids: list[str], source: str, target: str, engine: Engine, find_terms: TermFinder,
    progress: Callable[[int], None],
) -> dict[str, Translation]:
    spans = {msgid: find_terms(msgid, source, target) for msgid in msgids}
    protected = {msgid: protect(msgid, spans[msgid]) for msgid in msgids}
    results: dict[str, Translation] = {}
    to_engine = [msgid for msgid in msgids if protected[msgid].needs_engine and source != target]
    for msgid in msgids:
        if msgid not in to_engine:
            results[msgid] = Translation(restore(protected[msgid], protected[msgid].text), "copy")
    mode = term_strategy(engine)
    engine_input = {msgid: protect(msgid, spans[msgid], mode) if mode != "placeholder" else protected[msgid]
                    for msgid in to_engine}
    outputs = engine.translate([engine_input[m].text for m in to_engine], source, target) if to_engine else []
    failed: dict[str, str] = {}
    for msgid, output in zip(to_engine, outputs):
        problem = check(engine_input[msgid], output)
        if problem:
            failed[msgid] = problem
        else:
            results[msgid] = Translation(tidy(restore(engine_input[msgid], output)), "engine")
    progress(len(to_engine))
    rescued = _alternatives(failed, engine_input, source, target, engine)
    results.update(rescued)
    results.update(_fallback({m: p for m, p in failed.items() if m not in rescued}, protected, source, target, engine))
    return results


def _alternatives(failed: dict[str, str], engine_input: dict[str, Protected], source: str, target: str,
                  engine: Engine) -> dict[str, Translation]:
    """The engine's next-best translations of the sentences that failed the check: the first
    that passes it is taken whole, which reads better than a piecewise fallback."""
    count = getattr(engine, "alternatives", 1)
    candidates_of = getattr(engine, "translate_candidates", None)
    if not failed or candidates_of is None or count < 2:
        return {}
    msgids = list(failed)
    rescued = {}
    for msgid, candidates in zip(msgids, candidates_of([engine_input[m].text for m in msgids], source, target, count)):
        passing = [c for c in candidates[1:] if not check(engine_input[msgid], c)]
        if passing:
            rescued[msgid] = Translation(tidy(restore(engine_input[msgid], passing[0])), "engine")
    return rescued


def _fallback(
    failed: dict[str, str], protected: dict[str, Protected], source: str, target: str, engine: Engine
) -> dict[str, Translation]:
    """Translate the text between placeholders piece by piece, so every protected span stays."""
    if not failed:
        return {}
    unique_pieces = list(dict.fromkeys(piece for msgid in failed for piece in pieces(protected[msgid])))
    translated = dict(zip(unique_pieces, engine.translate(unique_pieces, source, target))) if unique_pieces else {}
    results = {}
    for msgid, problem in failed.items():
        text = tidy(assemble(protected[msgid], translated))
        note = f"fallback: the engine {problem}; translated piecewise around protected text"
        results[msgid] = Translation(text, "engine", notes=(note,))
    return results


def glossary_hits(msgid: str, source: str, target: str, find_terms: TermFinder) -> list[str]:
    """The glossary terms a sentence holds, as protect keeps them ("Moskau -> Moscow"); a term
    inside a URL or domain is not one."""
    tokens = protect(msgid, find_terms(msgid, source, target)).tokens
    return list(dict.fromkeys(token.label for token in tokens if token.role == "term"))
