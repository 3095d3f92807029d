"""The memory-mapped language profiles: the same answers as langdetect, and a cache that heals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY

from tests.conftest import ARTICLE, REFERENCE
from tests.test_detect import MULTILINGUAL
from uebersetzer import language_profiles
from uebersetzer.language_profiles import MatrixDetector, load


@pytest.fixture(scope="module")
def langdetect_factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def both(text: str, factory: DetectorFactory, trials: int, sample: int = 10000) -> tuple[list, list]:
    """(langdetect's, ours) probabilities for `text` under the same seed and settings."""
    results = []
    for detector in (factory.create(), MatrixDetector(load(), 0)):
        detector.n_trial = trials
        detector.set_max_text_length(sample)
        detector.append(text)
        results.append([(p.lang, p.prob) for p in detector.get_probabilities()])
    return results[0], results[1]


def assert_same(expected: list, actual: list) -> None:
    assert [lang for lang, _ in actual] == [lang for lang, _ in expected]
    assert all(abs(a - e) < 1e-9 for (_, a), (_, e) in zip(actual, expected))


@pytest.mark.parametrize("trials", [1, 3, 7])
def test_same_probabilities_as_langdetect_on_real_text(langdetect_factory, trials):
    articles = [ARTICLE] + [REFERENCE] * REFERENCE.exists()  # the reference article when ../shared is beside us
    texts = [p for a in articles for p in a.read_text(encoding="utf-8").split("\n\n") if any(c.isalpha() for c in p)]
    texts += list(MULTILINGUAL.values())
    for text in texts:
        assert_same(*both(text, langdetect_factory, trials, sample=400))


WORDS = sorted({word for text in MULTILINGUAL.values() for word in text.split()})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25), st.sampled_from([1, 3, 7]))
def test_same_probabilities_as_langdetect_on_mixed_text(langdetect_factory, words, trials):
    assert_same(*both(" ".join(words), langdetect_factory, trials))


def test_no_features_is_refused_like_langdetect(langdetect_factory):
    from langdetect.lang_detect_exception import LangDetectException

    for make in (langdetect_factory.create, lambda: MatrixDetector(load(), 0)):
        detector = make()
        detector.append("12345 !!!")
        with pytest.raises(LangDetectException):
            detector.get_probabilities()


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    load.cache_clear()
    yield tmp_path / "cache" / "uebersetzer"
    load.cache_clear()


def test_first_load_writes_the_cache_and_maps_it(fresh_cache):
    profiles = load()
    assert sorted(p.name.split("-")[-1] for p in fresh_cache.iterdir()) == ["languages.npy", "matrix.npy", "words.npy"]
    assert profiles.matrix.shape == (len(profiles.words), 55)
    assert hasattr(profiles.matrix, "filename")  # a memory map, not a copy


def test_a_broken_cache_is_rebuilt(fresh_cache):
    load()
    load.cache_clear()
    matrix = next(fresh_cache.glob("*-matrix.npy"))
    matrix.write_bytes(matrix.read_bytes()[:1000])
    profiles = load()
    assert matrix.stat().st_size > 38_000_000 and profiles.matrix.shape[1] == 55


def test_an_unwritable_cache_folder_still_detects(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))  # no folder can be made there, even by root
    monkeypatch.setenv("HOME", str(blocker))  # nor in ~/.cache, where the cache goes then
    load.cache_clear()
    try:
        profiles = load()
        assert profiles.matrix.shape == (len(profiles.words), 55) and not hasattr(profiles.matrix, "filename")
        detector = MatrixDetector(profiles, 0)
        detector.append(MULTILINGUAL["de"])
        assert detector.detect() == "de"
    finally:
        load.cache_clear()


@pytest.mark.parametrize("setting", ["{here}/a-file", "{here}/a-file/cache", "relative/cache", ""])
def test_a_cache_home_that_cannot_be_a_folder_is_ignored_for_the_home_cache(tmp_path, monkeypatch, setting):
    """As the XDG spec ignores a relative XDG_CACHE_HOME; the cache only saves time, and without
    it every run built the profiles again (about 0.6 s)."""
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", setting.replace("{here}", str(tmp_path)))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert language_profiles.cache_folder() == tmp_path / "home" / ".cache" / "uebersetzer"


def test_a_cache_home_that_is_or_can_become_a_folder_is_used(tmp_path, monkeypatch):
    for setting in (tmp_path, tmp_path / "not-yet" / "cache"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(setting))
        assert language_profiles.cache_folder() == setting / "uebersetzer"


def test_release_unmaps(fresh_cache):
    first = load()
    language_profiles.release()
    assert load() is not first


def langdetect_ngrams(text: str) -> list[str]:
    """langdetect's own Detector._extract_ngrams loop, without its dictionary test."""
    from langdetect.utils.ngram import NGram

    found, ngram = [], NGram()
    for ch in text:
        ngram.add_char(ch)
        if ngram.capitalword:
            continue
        for n in range(1, NGram.N_GRAM + 1):
            if len(ngram.grams) < n:
                break
            word = ngram.grams[-n:]
            if word and word != " ":
                found.append(word)
    return found


LETTERS = "aZ ÄßçşţșțЖжΩ中文ひカ한글ابة-.,!1 \u1ea0\u0300AB"


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=LETTERS, max_size=40) | st.sampled_from(list(MULTILINGUAL.values())))
def test_ngram_extraction_is_langdetects(text):
    from uebersetzer.language_profiles import extract_ngrams

    assert extract_ngrams(text) == langdetect_ngrams(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=LETTERS + "  https://x.org a@b.de", max_size=60), st.integers(5, 80))
def test_text_preparation_is_langdetects(langdetect_factory, text, limit):
    ours, theirs = MatrixDetector(load(), 0), langdetect_factory.create()
    for detector in (ours, theirs):
        detector.set_max_text_length(limit)
        detector.append(text)
        detector.append(text)
        detector.cleaning_text()
    assert ours.text == theirs.text
