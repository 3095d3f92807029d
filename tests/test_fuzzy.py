"""The fuzzy index finds what comparing every pair finds, without comparing every pair."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.catalog import fuzzy
from uebersetzer.catalog.fuzzy import FuzzyIndex

FLORES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "flores-dev" / "de.txt"


def all_pairs(query: str, texts: list[str], threshold: float) -> tuple[int | None, float]:
    """The loop the index replaced: every old sentence scored, the later one winning ties."""
    best, best_ratio = None, threshold
    for number, text in enumerate(texts):
        matcher = difflib.SequenceMatcher(None, query, text)
        if matcher.quick_ratio() < best_ratio:  # an upper bound of ratio(): same answer, faster
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = number, ratio
    return best, best_ratio


words = st.sampled_from("der die das Präsident Minister trifft in Berlin Moskau am Montag . , Gipfel".split())
sentences = st.lists(words, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(sentences, max_size=fuzzy.CANDIDATES), sentences, st.sampled_from([0.6, 0.8]))
def test_few_old_sentences_are_all_compared_exactly_like_the_all_pairs_loop(texts, query, threshold):
    index = FuzzyIndex(enumerate(texts))
    assert index.best(query, threshold) == all_pairs(query, texts, threshold)


@settings(max_examples=40, deadline=None)
@given(st.lists(sentences, min_size=fuzzy.CANDIDATES + 1, max_size=30, unique=True), st.data())
def test_removed_sentences_are_never_proposed(texts, data):
    index = FuzzyIndex(enumerate(texts))
    removed = set(data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=len(texts))))
    for number in removed:
        index.remove(number)
    query = data.draw(st.sampled_from(texts))
    best, _ = index.best(query, 0.0)
    assert best not in removed
    kept = [text for number, text in enumerate(texts) if number not in removed]
    if query in kept:  # an unchanged sentence is always found again
        assert texts[best] == query


def edit(sentence: str, kind: int, position: int) -> str:
    words_ = sentence.split()
    at = position % len(words_)
    if kind == 0:  # a word dropped
        return " ".join(words_[:at] + words_[at + 1:])
    if kind == 1:  # a word inserted
        return " ".join(words_[:at] + ["nun"] + words_[at:])
    if kind == 2:  # a typo fixed or made
        word = words_[at]
        return " ".join(words_[:at] + [word[::-1] if len(word) > 1 else word + "e"] + words_[at + 1:])
    return sentence.replace(",", "") + " Das sagte ein Sprecher."  # a clause added


@pytest.mark.skipif(not FLORES.exists(), reason=f"real text missing: {FLORES} (../shared beside the checkout)")
@settings(max_examples=12, deadline=None)
@given(st.integers(0, 996), st.integers(0, 3), st.integers(0, 60))
def test_an_edited_real_sentence_among_a_thousand_gets_the_all_pairs_ratio(number, kind, position):
    texts = FLORES.read_text(encoding="utf-8").splitlines()
    query = edit(texts[number], kind, position)
    index = _flores_index(texts)
    best, ratio = index.best(query, 0.6)
    expected, expected_ratio = all_pairs(query, texts, 0.6)
    assert ratio == expected_ratio
    assert (best is None) == (expected is None)


_INDEX: dict[int, FuzzyIndex] = {}


def _flores_index(texts: list[str]) -> FuzzyIndex:
    """Built once: the index is read-only here."""
    if not _INDEX:
        _INDEX[0] = FuzzyIndex(enumerate(texts))
    return _INDEX[0]
