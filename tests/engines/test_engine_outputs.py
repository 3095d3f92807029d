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
