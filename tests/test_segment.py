"""Segment stage: German abbreviations, ordinals, markup at sentence ends, wrapped lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.formats.markdown import CLOSING_MARKUP
from uebersetzer.segment import count_words, normalize_whitespace, split_sentences


def test_german_abbreviations_and_ordinals_do_not_end_sentences():
    text = "Das gilt z. B. für Dr. Müller. Er kam am 15. März nach St. Pölten. Dann ging er."
    assert split_sentences(text, "de") == [
        "Das gilt z. B. für Dr. Müller.", "Er kam am 15. März nach St. Pölten.", "Dann ging er."]


def test_bold_span_that_ends_a_sentence_stays_whole():
    text = "Sie wollen die Pipeline, die **Deutschland gestoppt hat.** Danach kam nichts."
    assert split_sentences(text, "de", CLOSING_MARKUP) == [
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


def test_chinese_and_japanese_sentences_end_at_full_width_punctuation():
    assert split_sentences("政府周一开会。部长们讨论了预算！新法律会通过吗？", "zh") == [
        "政府周一开会。", "部长们讨论了预算！", "新法律会通过吗？"]
    assert split_sentences("政府週一開會。部長們討論了預算！", "zt") == ["政府週一開會。", "部長們討論了預算！"]
    assert split_sentences("政府は月曜日に会合を開いた。「予算は重要だ。」と大臣は述べた。本当か？", "ja") == [
        "政府は月曜日に会合を開いた。", "「予算は重要だ。」と大臣は述べた。", "本当か？"]


def test_a_single_chinese_sentence_and_a_sentence_with_a_space_after_its_end():
    assert split_sentences("只有一句话。", "zh") == ["只有一句话。"]
    assert split_sentences("第一句话。 第二句话。", "zh") == ["第一句话。", "第二句话。"]


CJK = st.sampled_from(["政府", "开会", "部长", "预算", "法律", "会議", "大臣", "予算", "。", "！", "？", "，", "「", "」", " ", "\n"])


@settings(max_examples=60, deadline=None)
@given(st.lists(CJK, min_size=1, max_size=30), st.sampled_from(["zh", "ja", "zt"]))
def test_cjk_sentences_are_verbatim_slices_that_cover_the_text(pieces, language):
    text = "".join(pieces)
    sentences = split_sentences(text, language)
    rest = text
    for sentence in sentences:
        assert sentence and sentence == sentence.strip()
        start = rest.index(sentence)
        assert not rest[:start].strip()
        rest = rest[start + len(sentence):]
    assert not rest.strip()


FLORES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "flores-dev"


def test_words_are_letter_or_digit_tokens_and_each_chinese_or_japanese_character():
    assert count_words("Der Präsident trifft Merkel — am 3. Mai, zu 50 %.") == 9
    assert count_words("习近平周一在北京会见了法国总统。") == 15
    assert count_words("東京で会議が開かれた。") == 10
    assert count_words("iPhone手机") == 3
    assert count_words(" \n ") == 0


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"real text missing: {FLORES} (../shared beside the checkout)")
@pytest.mark.parametrize("language", ["zh", "ja"])
def test_a_chinese_or_japanese_article_counts_about_as_many_words_as_its_english_original(language):
    """Professional parallel text: counted by spaces, a Chinese sentence was one word."""
    english = (FLORES / "en.txt").read_text(encoding="utf-8").splitlines()[:200]
    translated = (FLORES / f"{language}.txt").read_text(encoding="utf-8").splitlines()[:200]
    ratio = sum(map(count_words, translated)) / sum(map(count_words, english))
    assert 1.0 <= ratio <= 3.0, ratio
