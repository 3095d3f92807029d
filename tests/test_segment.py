"""Segment stage: German abbreviations, ordinals, markup at sentence ends, wrapped lines."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.segment import normalize_whitespace, split_sentences


def test_german_abbreviations_and_ordinals_do_not_end_sentences():
    text = "Das gilt z. B. für Dr. Müller. Er kam am 15. März nach St. Pölten. Dann ging er."
    assert split_sentences(text, "de") == [
        "Das gilt z. B. für Dr. Müller.", "Er kam am 15. März nach St. Pölten.", "Dann ging er."]


def test_bold_span_that_ends_a_sentence_stays_whole():
    text = "Sie wollen die Pipeline, die **Deutschland gestoppt hat.** Danach kam nichts."
    assert split_sentences(text, "de") == [
        "Sie wollen die Pipeline, die **Deutschland gestoppt hat.**", "Danach kam nichts."]


def test_quoted_sentences_keep_their_closing_quote():
    assert split_sentences("„Das stimmt.“ Dann ging er.", "de") == ["„Das stimmt.“", "Dann ging er."]


def test_wrapped_lines_are_one_sentence_and_whitespace_does_not_change_the_msgid():
    sentences = split_sentences("Die Regierung\ntrifft  sich heute. Morgen nicht.", "de")
    assert sentences == ["Die Regierung\ntrifft  sich heute.", "Morgen nicht."]
    assert normalize_whitespace(sentences[0]) == "Die Regierung trifft sich heute."


def test_unknown_language_falls_back_to_generic_rules():
    assert split_sentences("Jedna věta. Druhá věta.", "cs") == ["Jedna věta.", "Druhá věta."]


_words = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=1, max_size=8), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.builds(lambda w: " ".join(w).capitalize() + ".", _words), min_size=1, max_size=6))
def test_sentences_are_verbatim_slices_that_cover_the_text(sentences):
    text = " ".join(sentences)
    found = split_sentences(text, "de")
    assert "".join(found).replace(" ", "") == text.replace(" ", "")
    position = 0
    for sentence in found:
        position = text.index(sentence, position) + len(sentence)
