"""Translate stage: unique sentences -> verified translations, in one batch per language pair.

Each sentence is protected (placeholders for markup, URLs and glossary terms), sent to the
engine together with every other sentence of the run, checked, and restored. Output that
lost, doubled or garbled a placeholder is redone piecewise around the protected spans and
carries a note, so the PO marks it for review.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from uebersetzer import formats
from uebersetzer.capitalized_words import capitalized_common_word
from uebersetzer.engines import Engine
from uebersetzer.errors import EngineError
from uebersetzer.fallback_notes import FALLBACK_NOTE
from uebersetzer.fallback_notes import note as fallback_note
from uebersetzer.languages import direction
from uebersetzer.protect import (PLACEHOLDER, STANDINS, TERM_MODES, Protected, Span, protect, rotated, standin_piece,
                                 whole_word)
from uebersetzer.restore import (assemble, check, kept_as_written, pieces, restore, runs_away, tidy,
                                without_full_stop)

TermFinder = Callable[[str, str, str], Sequence[Span]]  # (msgid, source, target) -> spans
Sentence = tuple[str, str]  # (msgid, format name)


@dataclass(frozen=True, slots=True)  # slots: one of each per sentence of the run
class Request:
    source: str  # language codes
    target: str
    msgid: str
    format: str = "text"  # the article's format (`formats/`): its markup is protected


@dataclass(frozen=True, slots=True)
class Translation:
    text: str
    origin: str  # "engine", "copy" (nothing to translate), "memory", "human", "failed" (the engine broke on it)
    notes: tuple[str, ...] = ()  # what an editor should check

    @property
    def fell_back(self) -> bool:
        """Translated piecewise around its protected spans: the engine's whole output failed the check."""
        return any(note.startswith(FALLBACK_NOTE) for note in self.notes)


def term_strategy(engine: Engine) -> str:
    """How glossary terms reach the engine (protect.TERM_MODES): as placeholders, in their
    target form, or as stand-in names; the last two are found again in the output, and a
    sentence that lost one is redone piecewise around placeholders. An engine says which
    suits it; engines that do not copy text (pseudo) take placeholders."""
    strategy = getattr(engine, "term_strategy", "placeholder")
    return strategy if strategy in TERM_MODES else "placeholder"


def engine_standins(engine: Engine, source: str, target: str) -> tuple[str, ...]:
    """The names an engine's model copies best, to stand in for terms (protect.STANDINS when it
    does not say)."""
    standins = getattr(engine, "standins", None)
    return tuple(standins(source, target)) if callable(standins) else STANDINS


def turned_direction(source: str, target: str) -> str:
    """The target's writing direction where the source's is the other one ("ltr" for Arabic
    into English), else "": what the bidirectional controls at a sentence's edges say in the
    translation (protect's `direction`)."""
    return direction(target) if direction(source) != direction(target) else ""


def no_terms(msgid: str, source: str, target: str) -> Sequence[Span]:
    return ()


def translate_requests(
    requests: Iterable[Request],
    engine: Engine,
    find_terms: TermFinder = no_terms,
    progress: Callable[[int], None] = lambda n: None,
) -> dict[Request, Translation]:
    """Translate each unique request once; all sentences of a language pair go in one batch."""
    return start_requests(requests, engine, find_terms).finish(progress)


def start_requests(requests: Iterable[Request], engine: Engine, find_terms: TermFinder = no_terms) -> "Started":
    """translate_requests in two steps: the requests protected and handed to the engine now,
    their translations checked and restored by `finish`. An engine that can queue (`submit`)
    goes on translating these while the caller starts the next ones."""
    by_pair: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for request in dict.fromkeys(requests):
        by_pair[(request.source, request.target)].append((request.msgid, request.format))
    return Started([_start_pair(sentences, source, target, engine, find_terms)
                    for (source, target), sentences in by_pair.items()])


@dataclass
class Started:
    """Requests handed to the engine, by language pair (start_requests)."""

    pairs: list["_PairStarted"]

    def finish(self, progress: Callable[[int], None] = lambda n: None) -> dict[Request, Translation]:
        results: dict[Request, Translation] = {}
        for pair in self.pairs:
            done = pair.finish(progress)
            results.update({Request(pair.source, pair.target, *sentence): done[sentence] for sentence in pair.sentences})
        return results


def _start_pair(sentences: list[Sentence], source: str, target: str, engine: Engine,
                find_terms: TermFinder) -> "_PairStarted":
    """`sentences`: (msgid, format name); the same words in two formats are protected differently.
    Every table here is keyed by the `sentences` tuples themselves, and only sentences with
    glossary terms have spans: a big article's sentences each cost this stage as little as can be."""
    spans = {sentence: found for sentence in sentences if (found := find_terms(sentence[0], source, target))}
    turned = turned_direction(source, target)
    protected = {
        sentence: protect(sentence[0], spans.get(sentence, ()), formats.by_name(sentence[1]).inline_spans,
                          direction=turned)
        for sentence in sentences
    }
    copies: dict[Sentence, Translation] = {}
    to_engine: list[Sentence] = []
    for sentence in sentences:
        if protected[sentence].needs_engine and source != target:
            to_engine.append(sentence)
        else:
            copies[sentence] = Translation(restore(protected[sentence], protected[sentence].text), "copy")
    forms = EngineForms.of(engine, source, target, spans, protected, asked=bool(to_engine), direction=turned)
    engine_input = {sentence: forms.attempt(sentence) for sentence in to_engine}
    outputs = submit_isolating(engine, [engine_input[m].text for m in to_engine], source, target)
    return _PairStarted(source, target, engine, sentences, spans, copies, to_engine, forms, engine_input, outputs)


@dataclass
class _PairStarted:
    """One language pair's sentences as handed to the engine, and what waits for its outputs."""

    source: str
    target: str
    engine: Engine
    sentences: list[Sentence]
    spans: dict[Sentence, Sequence[Span]]
    copies: dict[Sentence, Translation]  # those that need no engine
    to_engine: list[Sentence]
    forms: "EngineForms"
    engine_input: dict[Sentence, Protected]
    outputs: Callable[[], tuple[list[str | None], dict[str, str]]]

    def finish(self, progress: Callable[[int], None]) -> dict[Sentence, Translation]:
        """Each sentence's translation: the engine's output checked and restored; one that
        failed the check is retried (alternatives, other stand-ins), else redone piecewise."""
        source, target, engine, engine_input = self.source, self.target, self.engine, self.engine_input
        results = dict(self.copies)
        outputs, broken = self.outputs()
        failed: dict[Sentence, str] = {}
        # fragments whose translation ran on or lost its first word, with it
        ran_on: dict[Sentence, tuple[Protected, str]] = {}
        for sentence, output in zip(self.to_engine, outputs):
            if output is None:
                results[sentence] = Translation("", "failed", notes=(broken[engine_input[sentence].text],))
                continue
            problem = check(engine_input[sentence], output)
            if problem:
                failed[sentence] = problem
            else:
                restored = restore(engine_input[sentence], output)
                results[sentence] = Translation(tidy(restored, sentence[0], target), "engine")
                text = engine_input[sentence].text
                if _bare_fragment(text) and (runs_away(text, output) or _lost_first_word(text, output)):
                    ran_on[sentence] = (engine_input[sentence], output)
        results.update(_as_sentences(ran_on, source, target, engine))
        progress(len(self.to_engine))
        for attempt in range(self.forms.retries + 1):
            tries = {s: self.forms.attempt(s, attempt) for s in failed if attempt == 0 or engine_input[s].substituted}
            rescued = _alternatives(tries, source, target, engine, skip_best=attempt == 0)
            results.update(rescued)
            failed = {s: problem for s, problem in failed.items() if s not in rescued}
        # the fallback keeps every entity and directional mark as a placeholder: a piece that lost
        # its character (or the word a mark is written against) could not be told from one that never had it
        piecewise = {sentence: protect(sentence[0], self.spans.get(sentence, ()),
                                       formats.by_name(sentence[1]).inline_spans, decode_entities=False,
                                       direction=self.forms.direction, anchor_marks=False)
                     for sentence in failed}
        names = NameCheck.of(self.spans.values(), self.forms.standins) if failed else NameCheck()
        results.update(_fallback(failed, piecewise, source, target, engine, names))
        return results


@dataclass(frozen=True)
class EngineForms:
    """What the engine gets for each sentence: its protected form, or with glossary terms
    written as the engine's term strategy says, and the other stand-ins a retry tries."""

    mode: str
    standins: tuple[str, ...]
    retries: int
    spans: dict[Sentence, Sequence[Span]]  # only sentences with glossary terms
    protected: dict[Sentence, Protected]
    direction: str = ""  # protect's: the target's writing direction where it is not the source's

    @classmethod
    def of(cls, engine: Engine, source: str, target: str, spans: dict[Sentence, Sequence[Span]],
           protected: dict[Sentence, Protected], asked: bool, direction: str = "") -> "EngineForms":
        """`asked`: whether the engine has sentences of this pair at all; only then is it asked
        for stand-ins (a pair it copies, en -> en, may have no model)."""
        mode = term_strategy(engine)
        standins = engine_standins(engine, source, target) if mode == "standin" and asked else STANDINS
        retries = getattr(engine, "standin_retries", 0) if mode == "standin" else 0
        return cls(mode, standins, retries, spans, protected, direction)

    def attempt(self, sentence: Sentence, number: int = 0) -> Protected:
        """Attempt N starts N parts of the stand-in list further on (at least as many names as
        the sentence has terms), so a retry meets none the model lost before and, the list being
        grouped by origin, names unlike them."""
        if self.mode == "placeholder":
            return self.protected[sentence]
        msgid, name = sentence
        terms = sum(token.role == "term" for token in self.protected[sentence].tokens)
        names = rotated(self.standins, number * max(terms, len(self.standins) // (self.retries + 1)))
        return protect(msgid, self.spans.get(sentence, ()), formats.by_name(name).inline_spans, term_mode=self.mode,
                       standins=names, direction=self.direction)


def _alternatives(tries: dict[Sentence, Protected], source: str, target: str, engine: Engine,
                  skip_best: bool = True) -> dict[Sentence, Translation]:
    """The engine's best translations of `tries` (sentences that failed the check, as the
    engine gets them this time): the first that passes the check is taken whole, which reads
    better than a piecewise fallback. `skip_best`: the best one already failed. An engine
    error here only means no alternative: the fallback still runs."""
    if not tries or (skip_best and _alternatives_count(engine) < 2):
        return {}
    sentences = list(tries)
    all_candidates = _candidates(engine, [tries[s].text for s in sentences], source, target)
    if all_candidates is None:  # the fallback, which isolates failing inputs (and names them), takes these sentences
        return {}
    rescued = {}
    for sentence, candidates in zip(sentences, all_candidates):
        passing = [c for c in candidates[int(skip_best):]
                   if not _wrong_translation(engine, sentence[0], c) and not check(tries[sentence], c)]
        if passing:
            rescued[sentence] = Translation(tidy(restore(tries[sentence], passing[0]), sentence[0], target), "engine")
    return rescued


def _bare_fragment(text: str) -> bool:
    """Ends in a letter or digit, maybe inside quotes or brackets, as a heading, a title or a
    list item does: no full stop, question mark or colon of its own, no placeholder."""
    stripped = text.rstrip().rstrip(_FRAGMENT_CLOSERS)
    return bool(stripped) and stripped[-1].isalnum()


_FRAGMENT_CLOSERS = "\"'“”‘’»«›‹)]」』"


def _as_sentences(ran_on: dict[Sentence, tuple[Protected, str]], source: str, target: str,
                  engine: Engine) -> dict[Sentence, Translation]:
    """Fragments (headings, titles, list items) whose translation ran on, translated again
    with a full stop, which is taken off again. A model trained on sentences runs on after a
    fragment without one (the fixture model wrote "Gipfel" as "summit" twenty times, and
    "Gipfel." as "summit."), as restore's fallback pieces know (`_as_sentence`). Only run-ons
    are sent again, so every other output stays the engine's first. `ran_on`: each sentence's
    protected form and its first translation. A retry is taken when it passes the check, keeps
    every word the first one copied from the source (a name, a number) and is shorter; the
    first that does not run on, else the shortest. Otherwise the first stays, for QA's repeat
    and length checks to mark. A fragment whose translation lost its first word is sent again
    too: the fixture model gave "Die Kommission kritisiert den Plan in Wien" (a paragraph, an
    image's alt text, a bold line without a full stop) as "commission criticizes the plan in
    Vienna." with the settings runs use (beam 4), and "The commission …" with the full stop; a
    retry that opens with the capital the first lost is taken as well."""
    if not ran_on:
        return {}
    sentences = list(ran_on)
    all_candidates = _candidates(engine, [_stopped(ran_on[s][0].text) for s in sentences], source, target)
    if all_candidates is None:  # no retry: the first translations stay, marked by QA
        return {}
    rescued = {}
    for sentence, candidates in zip(sentences, all_candidates):
        protected, first = ran_on[sentence]
        usable = [c for c in (_retried(protected, c) for c in candidates) if c and not check(protected, c)
                  and _keeps_copied_words(protected.text, first, c) and _mends(protected.text, first, c)]
        best = next((c for c in usable if not runs_away(protected.text, c)), None) or \
            min(usable, key=lambda c: len(c.split()), default=None)
        if best is not None:
            rescued[sentence] = Translation(tidy(restore(protected, best), sentence[0], target), "engine")
    return rescued


def _lost_first_word(source: str, translation: str) -> bool:
    """The source opens with a capital and its translation in lower case: the model left out
    the first word ("Die Kommission …" -> "commission …"; it should be "The commission …").
    A script without case never says so."""
    return _first_letter(source).isupper() and _first_letter(translation).islower()


def _first_letter(text: str) -> str:
    """The first letter or digit of `text` outside placeholders: a fragment that opens with a
    number ("100 Tage Regierung" -> "100 days of government") opens with no capital."""
    found = _WORD_PATTERN.search(PLACEHOLDER.sub("", text))
    return found.group()[0] if found else ""


def _mends(source: str, first: str, retry: str) -> bool:
    """Does the retry mend what was wrong with the first translation of the fragment `source`:
    it is shorter (the first ran on), or it opens with the capital the first lost with its
    first word, and does not run on itself?"""
    if len(retry.split()) < len(first.split()):
        return True
    return _lost_first_word(source, first) and not _lost_first_word(source, retry) and not runs_away(source, retry)


def _stopped(text: str) -> str:
    """A fragment as a sentence, for the engine: with a full stop (after its closing quote)."""
    return text.rstrip() + "."


def _retried(protected: Protected, output: object) -> str:
    """One of the retry's translations without the full stop it was given for, and, where the
    fragment holds nothing protected, without a placeholder the model invented ("{1} report
    week.": a model trained with `{N}` writes one for text unlike its training text)."""
    if not isinstance(output, str):
        return ""
    output = without_full_stop(output.rstrip())
    return output if protected.tokens else " ".join(PLACEHOLDER.sub("", output).split())


def _keeps_copied_words(source: str, first: str, retry: str) -> bool:
    """Does the retry hold every word of the source the first translation copied as written
    ("Berlin", "2025")? A retry that lost one is not the better translation."""
    copied = {word for word in _WORD_PATTERN.findall(source) if word[0].isupper() or word.isdigit()}
    copied &= set(_WORD_PATTERN.findall(first))
    return copied <= set(_WORD_PATTERN.findall(retry))


_WORD_PATTERN = re.compile(r"\w+")


def _alternatives_count(engine: Engine) -> int:
    """How many translations of a sentence the engine gives at once (1 without `translate_candidates`)."""
    return getattr(engine, "alternatives", 1) if callable(getattr(engine, "translate_candidates", None)) else 1


def _candidates(engine: Engine, texts: list[str], source: str, target: str) -> list[list[object]] | None:
    """The engine's translations of each text, best first (its alternatives where it gives
    them), or None where the engine could not give them (an EngineError is raised)."""
    count = _alternatives_count(engine)
    try:
        if count < 2:
            all_candidates = [[output] for output in engine_outputs(engine, texts, source, target)]
        else:
            all_candidates = engine.translate_candidates(texts, source, target, count)  # type: ignore[attr-defined]
        if len(all_candidates) != len(texts):
            raise WrongOutput("the candidates cannot be matched to their sentences")
    except EngineError:
        raise
    except Exception:
        return None
    return all_candidates


@dataclass(frozen=True)
class NameCheck:
    """The names a piece of the fallback may not come back with unless its source holds them:
    the glossary forms of the run's terms (a form with every spelling of its entry) and the
    stand-ins. A piece is a fragment, and a model completes a fragment: "Der Präsident trifft
    den Minister in" (cut before the term "Berlin") came back "… in Paris", and assembled as "in
    Paris Berlin"; a piece of a sentence without "Moskau" came back ending "in Moscow"."""

    forms: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (a form the output may hold, every spelling of its entry)
    standins: tuple[str, ...] = ()

    @classmethod
    def of(cls, spans_of_sentences: Iterable[Sequence[Span]], standins: Sequence[str]) -> "NameCheck":
        forms: dict[str, tuple[str, ...]] = {}
        for spans in spans_of_sentences:
            for span in spans:
                if span.role == "term":
                    spellings = tuple(form for form in (span.output, *span.forms) if form)
                    for form in spellings:
                        forms.setdefault(form, spellings)
        return cls(tuple(forms.items()), tuple(standins))

    def invented(self, piece: str, output: str, before_protected: bool, source: str = "",
                 target: str = "") -> list[str]:
        """The names in `output` (the translation of `piece` from `source` into `target`) that
        `piece` does not hold: glossary forms and stand-ins anywhere, and, where the piece was
        cut before protected text and ends in a word in lower case (a preposition, an article:
        "in", "den"), a capitalized last word unlike any of its words, which a model writes to
        fill the slot, unless `target` capitalizes that word where the source need not and the
        piece gives it ("lundi" gives "Monday")."""
        folded = piece.casefold()
        found = [form for form, spellings in self.forms if whole_word(form).search(output)
                 and not any(spelling.casefold() in folded for spelling in spellings)]
        found += [name for name in self.standins if whole_word(name).search(output) and standin_piece(name).casefold() not in folded]
        if before_protected:
            found += [name for name in _slot_filler(piece, output) if not capitalized_common_word(name, piece, source, target)]
        return list(dict.fromkeys(found))


def _slot_filler(piece: str, output: str) -> list[str]:
    """The output's last word when it is a name the piece did not give: the piece ends in a
    word in lower case and the output in a capitalized word (not its first) that shares its
    first three letters with no word of the piece ("Moskau" gives "Moscow", "in" no "Paris"), and
    is more than one letter (the English "I" of "wie ich")."""
    piece_words = re.findall(r"\w+", piece)
    output_words = re.findall(r"\w+", output)
    if len(output_words) < 2 or not piece_words or not piece_words[-1][:1].islower():
        return []
    last = output_words[-1]
    if len(last) < 2 or not last[:1].isupper() or any(word[:3].casefold() == last[:3].casefold() for word in piece_words):
        return []
    return [last]


def _without_names(output: str, names: Sequence[str]) -> str:
    """`output` with each of `names` (and a possessive after it) taken out."""
    for name in names:
        output = re.sub(rf"\s*(?<!\w){re.escape(name)}(?:'s|’s)?(?!\w)", "", output)
    return output.strip()


def _kept(piece: str, kept: Sequence[str]) -> bool:
    """Whether `piece` (as the engine got it) is one of the cores `assemble` kept as written."""
    return any(piece in (core, core + ".") for core in kept)


def _pieces_before_protected(protected: Iterable[Protected]) -> set[str]:
    """The pieces (as the engine gets them) that protected text follows in some sentence."""
    found: set[str] = set()
    for sentence in protected:
        parts = PLACEHOLDER.split(sentence.text)[::2]
        found.update(pieces(replace(sentence, text="{0}".join(parts[:-1]))) if len(parts) > 1 else ())
    return found


def _fallback(
    failed: dict[Sentence, str], protected: dict[Sentence, Protected], source: str, target: str, engine: Engine,
    names: NameCheck = NameCheck(),
) -> dict[Sentence, Translation]:
    """Translate the text between placeholders piece by piece, so every protected span stays.
    A piece whose translation holds a name its source does not (`NameCheck`) has the name
    taken out, and its sentence's note says so."""
    if not failed:
        return {}
    unique_pieces = list(dict.fromkeys(piece for msgid in failed for piece in pieces(protected[msgid])))
    outputs, broken = isolate_failures(engine, unique_pieces, source, target)
    translated = {piece: output for piece, output in zip(unique_pieces, outputs) if output is not None}
    before_protected = _pieces_before_protected(protected[msgid] for msgid in failed)
    left_out: dict[str, list[str]] = {}
    for piece, output in translated.items():
        invented = names.invented(piece, output, piece in before_protected, source, target)
        if invented:
            left_out[piece] = invented
            translated[piece] = _without_names(output, invented)
    results = {}
    for msgid, problem in failed.items():
        reasons = [broken[piece] for piece in pieces(protected[msgid]) if piece in broken]
        if reasons:
            results[msgid] = Translation("", "failed", notes=(reasons[0],))
            continue
        text = tidy(assemble(protected[msgid], translated), msgid[0], target)
        kept = kept_as_written(protected[msgid], translated)
        dropped = list(dict.fromkeys(name for piece in pieces(protected[msgid]) if not _kept(piece, kept)
                                     for name in left_out.get(piece, ())))  # a piece kept as written holds none
        # a sentence with nothing protected went to the engine again whole, and what it
        # invented (a placeholder) was taken out: no piece was translated around anything
        note = fallback_note(problem, bool(protected[msgid].tokens), kept, dropped)
        results[msgid] = Translation(text, "engine", notes=(note,))
    return results


def submit_isolating(
    engine: Engine, texts: list[str], source: str, target: str
) -> Callable[[], tuple[list[str | None], dict[str, str]]]:
    """isolate_failures, queued where the engine can (`submit`): what gives its outputs. An
    error of the whole batch is isolated when the outputs are asked for."""
    submit = getattr(engine, "submit", None)
    if submit is None or not texts:
        done = isolate_failures(engine, texts, source, target)
        return lambda: done
    try:
        waiting = submit(texts, source, target)
    except EngineError:
        raise
    except Exception:  # one input the engine cannot take: found when the outputs are asked for
        return lambda: isolate_failures(engine, texts, source, target)

    def outputs() -> tuple[list[str | None], dict[str, str]]:
        try:
            return _usable(engine, texts, _matched(engine, texts, waiting()))
        except EngineError:
            raise
        except Exception:
            return isolate_failures(engine, texts, source, target)
    return outputs


def isolate_failures(
    engine: Engine, texts: list[str], source: str, target: str
) -> tuple[list[str | None], dict[str, str]]:
    """The engine's outputs, None for a text it fails on, and why (text -> reason).

    An engine error on one input (CTranslate2 raises for the whole batch) must not sink the
    run: the batch is halved until the failing texts stand alone, about 2 log2(n) extra calls
    per bad text. EngineError (no model, a damaged package) is not about one text: it goes on.
    """
    if not texts:
        return [], {}
    try:
        return _usable(engine, texts, engine_outputs(engine, texts, source, target))
    except EngineError:
        raise
    except Exception as error:  # whatever the engine raised or wrongly returned for this input; said, with it
        if len(texts) == 1:
            return [None], {texts[0]: str(error) if isinstance(error, WrongOutput) else _one_line(error)}
    middle = len(texts) // 2
    first, first_broken = isolate_failures(engine, texts[:middle], source, target)
    second, second_broken = isolate_failures(engine, texts[middle:], source, target)
    return first + second, {**first_broken, **second_broken}


class WrongOutput(Exception):
    """An engine's result for a batch that does not fit it: not a list, or another count of results
    than sentences. No result can then be matched to its sentence, so the batch counts as one
    the engine failed on (isolated as if it had raised)."""


def engine_outputs(engine: Engine, texts: list[str], source: str, target: str) -> list[object]:
    """engine.translate's results for `texts`, one per text in order, or WrongOutput naming the
    engine and what it returned. A plug-in's results are checked as they arrive: zipping a list
    one too long with the sentences moved every translation onto the next sentence, silently."""
    return _matched(engine, texts, engine.translate(texts, source, target))


def _matched(engine: Engine, texts: list[str], outputs: object) -> list[object]:
    """`outputs` as one per text, or WrongOutput (from `translate`, or what `submit` gave)."""
    if isinstance(outputs, (str, bytes)) or not isinstance(outputs, Sequence) or len(outputs) != len(texts):
        raise wrong_count(_name(engine), outputs, len(texts))
    return list(outputs)


def wrong_count(engine_name: str, outputs: object, sentences: int) -> WrongOutput:
    """The error for results that cannot be matched to `sentences` sentences (executors check theirs too)."""
    if isinstance(outputs, (str, bytes)) or not isinstance(outputs, Sequence):
        return WrongOutput(f"engine {engine_name!r} returned {_shown(outputs)} instead of a list of translations")
    return WrongOutput(f"engine {engine_name!r} returned {_counted(len(outputs), 'result')} for "
                       f"{_counted(sentences, 'sentence')}")


def _usable(engine: Engine, texts: list[str], outputs: list[object]) -> tuple[list[str | None], dict[str, str]]:
    """Each output that is a translation, None for one that is no text or is empty where its text
    had words (an empty translation is a failed one, never an entry that counts as translated),
    and why (text -> reason)."""
    usable: list[str | None] = []
    broken: dict[str, str] = {}
    for text, output in zip(texts, outputs, strict=True):
        problem = _wrong_translation(engine, text, output)
        if problem:
            broken[text] = problem
        usable.append(None if problem else output)  # type: ignore[arg-type]
    return usable, broken


def _wrong_translation(engine: Engine, text: str, output: object) -> str:
    """What is wrong with one output as the translation of `text`; "" when nothing is."""
    if not isinstance(output, str):
        return f"engine {_name(engine)!r} returned {_shown(output)}, not text"
    if not output.strip() and any(ch.isalnum() for ch in text):
        return f"engine {_name(engine)!r} returned an empty translation"
    return ""


def _name(engine: Engine) -> str:
    return getattr(engine, "name", None) or type(engine).__name__  # a message about a broken engine must not break


def _shown(value: object, limit: int = 40) -> str:
    """A value an engine returned, short, with its type: `123 (int)`."""
    text = " ".join(repr(value).split())
    return f"{text if len(text) <= limit else text[: limit - 1] + '…'} ({type(value).__name__})"


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _one_line(error: Exception, limit: int = 160) -> str:
    """An engine's message can quote its whole tokenized input: one short line of it."""
    text = " ".join(f"{type(error).__name__}: {error}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def glossary_hits(msgid: str, source: str, target: str, find_terms: TermFinder, format_name: str = "text") -> list[str]:
    """The glossary terms a sentence holds, as protect keeps them ("Moskau -> Moscow"); a term
    inside a URL, a domain or markup is not one."""
    terms = find_terms(msgid, source, target)
    if not terms:  # no terms, no hits: the markup need not be found (most sentences of a run)
        return []
    tokens = protect(msgid, terms, formats.by_name(format_name).inline_spans).tokens
    return list(dict.fromkeys(token.label for token in tokens if token.role == "term"))
