"""The QA checks' shortcuts give their reference paths' answers exactly: each skips work only
where a cheap test proves the work finds nothing. Checked on random text rich in what the
shortcuts look for, and on real sentences (../shared/data/flores-dev, every language, each
sentence against its English line)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import flores_articles
from uebersetzer.qa import checks, numbers
from uebersetzer.qa.checks import Sentence

# what the shortcuts test for, its look-alikes (full-width brackets, which NFKC makes ASCII),
# and what the checks' patterns are made of: letters, digits of several scripts, Roman
# numerals, symbols a model cannot write, unassigned and private code points
_ALPHABET = st.sampled_from(
    list("abcxyzABIVX  .,:;/-'’‘‚‹›\"“”„«»「」()[]{}（）［］｛｝`<>@%&*_$#!?") + ["://", "www.", "http", ".com",
    "%s", "{name}", "{1}", "&amp;", "<b>", "</b>", "**", "[a](b)", "e.g.", "z.B.", "m.in.", "9:30", "1.204",
    "48,7", "XVIII", "٣", "१", "時", "分", "万", "\u0378", "\ue000", "☃", "😀", "\u200d", "€", "©", "ﬁ", "½"])
texts = st.one_of(st.lists(_ALPHABET, max_size=20).map("".join), st.text(max_size=40))
languages = st.sampled_from(["de", "en", "fr", "zh", "ar"])


def _tokens(found) -> list[tuple[int, int, str]]:
    return [(match.start(), match.end(), match.group(0)) for match in found]


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_markup_shortcut_finds_what_the_spans_find(text: str) -> None:
    assert checks._markup(text) == checks._markup_spans(text)


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_number_tokens_shortcut_finds_what_the_pattern_finds(text: str) -> None:
    assert _tokens(numbers._tokens(text)) == _tokens(numbers._TOKEN.finditer(text))


_NUMBER_WORDS = st.sampled_from([word for table in numbers._NUMBER_WORDS.values() for word in table])
word_texts = st.lists(st.one_of(_ALPHABET, _NUMBER_WORDS, _NUMBER_WORDS.map(str.upper), st.just("-")), max_size=12).map(
    " ".join)


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(word_texts, texts), language=st.sampled_from(sorted(numbers._NUMBER_WORDS)))
def test_number_words_shortcut_reads_what_the_word_loop_reads(text: str, language: str) -> None:
    read = numbers._word_numbers(text, numbers._NUMBER_WORDS[language])
    if not numbers._number_word_hint(language).search(text.casefold()):
        assert read == []


@settings(max_examples=400, deadline=None)
@given(source=texts, translation=texts, source_language=languages, target_language=languages)
def test_brackets_shortcut_gives_the_counting_verdict(source: str, translation: str, source_language: str,
                                                      target_language: str) -> None:
    sentence = Sentence(source, translation, source_language, target_language)
    reference = checks._bracket_problems(unicodedata.normalize("NFKC", source),
                                         unicodedata.normalize("NFKC", translation))
    assert checks.brackets(sentence) == reference


@pytest.mark.skipif(not flores_articles.available(),
                    reason=f"FLORES data not found at {flores_articles.FLORES} (../shared is absent)")
def test_shortcuts_on_real_sentences_of_every_language() -> None:
    english = flores_articles.sentences("en")
    shortcuts_taken = checked = 0
    for path in sorted(flores_articles.FLORES.glob("*.txt")):
        language = path.stem
        words = numbers._NUMBER_WORDS.get(language)
        # every third line: each language's scripts and punctuation, in a third of the time
        for source, translation in list(zip(flores_articles.sentences(language), english))[::3]:
            assert checks._markup(source) == checks._markup_spans(source), source
            assert _tokens(numbers._tokens(source)) == _tokens(numbers._TOKEN.finditer(source)), source
            if words and not numbers._number_word_hint(language).search(source.casefold()):
                assert numbers._word_numbers(source, words) == [], source
            tokens = checks._tokens(source)
            assert checks._longest_loop(tokens) == checks._loop_search(tokens), source
            sentence = Sentence(source, translation, language, "en")
            reference = checks._bracket_problems(unicodedata.normalize("NFKC", source),
                                                 unicodedata.normalize("NFKC", translation))
            assert checks.brackets(sentence) == reference, source
            shortcuts_taken += checks._MARKUP_HINT.search(source) is None
            checked += 1
    assert shortcuts_taken > checked / 2  # the markup shortcut is real text's common case, not a corner


_WORDS = st.lists(st.sampled_from(["very", "no", "a", "b", "ha", "の", "か", "x", "y"]), max_size=30)


@settings(max_examples=400, deadline=None)
@given(tokens=_WORDS, smallest=st.sampled_from([1, 2]))
def test_loop_shortcut_finds_what_the_search_finds(tokens: list[str], smallest: int) -> None:
    assert checks._longest_loop(tokens, smallest) == checks._loop_search(tokens, smallest)
