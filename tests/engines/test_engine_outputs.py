"""What an engine returns is checked where the translate stage receives it (isolate_failures):
a result count that does not match, a result that is not text, or an empty translation of a
sentence fails the sentences concerned, named, and never shifts a translation onto another
sentence (t6 items 2, 6, 8)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engines.toy_upper import ToyUpper
from uebersetzer.translate import Request, isolate_failures, translate_requests

SENTENCES = ["Der Präsident trifft den Minister.", "Die Gespräche gehen weiter.", "Am Montag in Berlin.",
             "Ein vierter Satz folgt."]


def _translated(mode: str) -> dict[str, object]:
    results = translate_requests([Request("de", "en", s) for s in SENTENCES], ToyUpper(mode))
    return {request.msgid: result for request, result in results.items()}


@pytest.mark.parametrize("mode", ["long", "shift", "short"])
def test_a_wrong_result_count_never_moves_a_translation_to_another_sentence(mode):
    for msgid, result in _translated(mode).items():
        assert result.origin == "failed", (msgid, result)
        assert "upper" in result.notes[0] and "1 sentence" in result.notes[0], result.notes


@pytest.mark.parametrize("mode, says", [("nonstr", "int"), ("empty", "empty"), ("ws", "empty")])
def test_a_result_that_is_no_text_or_empty_fails_its_sentence_naming_the_engine(mode, says):
    for result in _translated(mode).values():
        assert result.origin == "failed" and result.text == ""
        assert "upper" in result.notes[0] and says in result.notes[0], result.notes


class OneBadSentence(ToyUpper):
    """Right for every sentence but one, which it returns as two results (as an engine that
    splits its input at a line break would)."""

    def __init__(self, bad: str) -> None:
        super().__init__()
        self.bad = bad

    def translate(self, sentences, source, target):
        return [part for s in sentences for part in ([s.upper(), "AND MORE"] if s == self.bad else [s.upper()])]


@given(st.sampled_from(SENTENCES))
def test_only_the_sentence_the_engine_got_wrong_fails(bad):
    outputs, broken = isolate_failures(OneBadSentence(bad), SENTENCES, "de", "en")
    assert outputs == [None if s == bad else s.upper() for s in SENTENCES]
    assert list(broken) == [bad] and "2 results for 1 sentence" in broken[bad]


def test_a_text_without_letters_may_come_back_empty():
    # only a translation of something that had words is missing when it is empty
    class Blank(ToyUpper):
        def translate(self, sentences, source, target):
            return ["" for _ in sentences]

    outputs, broken = isolate_failures(Blank(), ["  "], "de", "en")
    assert outputs == [""] and not broken


BEHAVIOURS = ["ok", "ok", "empty", "blank", "number", "raise", "split"]
WORDS = ["Der Präsident", "Die Ministerin", "Das Parlament", "Die Regierung", "Der Sprecher"]
VERBS = ["spricht heute", "trifft Gäste", "wartet lange", "lehnt ab", "stimmt zu"]


class Misbehaving(ToyUpper):
    """Upper-cases, but misbehaves on some sentences: each text's behaviour is fixed by the
    example (so a batch halved to find the bad ones meets the same behaviour again)."""

    def __init__(self, behaviour_of: dict[str, str]) -> None:
        super().__init__()
        self.behaviour_of = behaviour_of

    def translate(self, sentences, source, target):
        behaviours = [self.behaviour_of.get(s, "ok") for s in sentences]
        if "raise" in behaviours:
            raise RuntimeError("cannot translate this batch")
        made = {"ok": lambda s: [s.upper()], "empty": lambda s: [""], "blank": lambda s: [" \n"],
                "number": lambda s: [7], "split": lambda s: [s.upper(), "AND MORE"]}
        return [out for s, b in zip(sentences, behaviours) for out in made[b](s)]


def _article(sentences: list[str]) -> str:
    return "Eine Überschrift für alle\n\n" + " ".join(sentences) + "\n"


@settings(max_examples=12, deadline=None)  # ~0.3 s an example: a run writes files
@given(st.lists(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(VERBS)), min_size=1, max_size=4),
                min_size=1, max_size=3),
       st.lists(st.sampled_from(BEHAVIOURS), min_size=len(WORDS) * len(VERBS), max_size=len(WORDS) * len(VERBS)))
def test_the_summary_counts_add_up_whatever_the_engine_gets_wrong(articles, behaviours):
    import tempfile
    from pathlib import Path

    import polib

    from uebersetzer import pipeline
    from uebersetzer.read import find_articles

    every = [f"{w} {v}." for w in WORDS for v in VERBS]
    engine = Misbehaving(dict(zip(every, behaviours)))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for number, pairs in enumerate(articles):
            (root / "in").mkdir(exist_ok=True)
            (root / "in" / f"a{number}.txt").write_text(_article([f"{w} {v}." for w, v in pairs]), encoding="utf-8")
        summary = pipeline.Summary()
        loaded = pipeline.load_articles(find_articles([str(root / "in")]), "de", summary)
        pipeline.translate_articles(loaded, ["en"], pipeline.Outputs(root / "out"), engine, summary)
        counted = (summary.sentences_translated + summary.sentences_reused + summary.sentences_repeated
                   + summary.sentences_kept + summary.untranslated)
        assert counted == summary.sentences, summary
        entries = [e for path in sorted((root / "out" / "en").glob("*.po")) for e in polib.pofile(str(path))]
        assert all(e.msgstr in ("", e.msgid.upper()) for e in entries)  # nothing moved onto another sentence
        missing = [e for e in entries if not e.msgstr]
        failed_lines = [f["reason"] for f in summary.failed]
        assert len(failed_lines) == len({(e.msgid, o) for e in missing for o in e.occurrences})  # each named once
        assert all("engine" in line for line in failed_lines)


class QueueingShift(ToyUpper):
    """An engine that queues (`submit`, as the argos engine does) and gives one result too many."""

    def submit(self, sentences, source, target):
        return lambda: ["EXTRA"] + [s.upper() for s in sentences]


def test_results_an_engine_queued_are_checked_as_those_it_returned():
    results = translate_requests([Request("de", "en", s) for s in SENTENCES], QueueingShift())
    assert all(result.text == request.msgid.upper() for request, result in results.items())  # by translate()
    shifting = QueueingShift("shift")  # translate() too
    assert {r.origin for r in translate_requests([Request("de", "en", s) for s in SENTENCES], shifting).values()} \
        == {"failed"}
