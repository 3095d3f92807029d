"""The memory-mapped language profiles: the same answers as langdetect, and a cache that heals."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect import DetectorFactory
from langdetect.detector_factory import PROFILES_DIRECTORY

from bench import flores_articles
from tests.conftest import ARTICLE, REFERENCE
from tests.test_detect import MULTILINGUAL
from uebersetzer import language_profiles
from uebersetzer.language_profiles import MatrixDetector, load, ngram_letters, script


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
    assert sorted(p.name.split("-")[-1] for p in fresh_cache.iterdir()) == [
        "languages.npy", "logs.npy", "matrix.npy", "words.npy", "writing.npy"]
    assert profiles.matrix.shape == profiles.logs.shape == (len(profiles.words), 55)
    assert hasattr(profiles.matrix, "filename") and hasattr(profiles.logs, "filename")  # memory maps, not copies


def test_a_cache_from_before_the_log_table_is_rebuilt_whole(fresh_cache):
    load()
    load.cache_clear()
    next(fresh_cache.glob("*-logs.npy")).unlink()
    profiles = load()
    assert profiles.logs.shape == profiles.matrix.shape and hasattr(profiles.logs, "filename")


def test_the_cache_is_named_by_langdetects_installed_version():
    from importlib.metadata import version

    assert language_profiles.langdetect_version() == version("langdetect")


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


def mapped_kilobytes(path: str) -> int:
    """This process's resident kilobytes of the mappings of the file at `path` (/proc/self/smaps)."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if not fields[0].endswith(":"):  # a mapping's first line: address range, ..., its file
            inside = " ".join(fields[5:]) == path
        elif inside and fields[0] == "Rss:":
            total += int(fields[1])
    return total


def detections(texts: list[str]) -> list[list[tuple[str, float]]]:
    found = []
    for text in texts:
        detector = MatrixDetector(load(), 0)
        detector.append(text)
        found.append([(p.lang, p.prob) for p in detector.get_probabilities()])
    return found


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc/self/smaps")
def test_releasing_the_pages_takes_the_mapped_profiles_out_of_memory(fresh_cache):
    profiles = load()
    float(np.asarray(profiles.matrix).sum() + np.asarray(profiles.logs).sum())  # every page read
    paths = [str(getattr(profiles, part).filename) for part in ("matrix", "logs")]
    assert all(mapped_kilobytes(path) > 0 for path in paths)
    language_profiles.release_pages()
    assert [mapped_kilobytes(path) for path in paths] == [0, 0]
    assert load() is profiles  # still mapped: the next lookup reads the pages again


def test_the_profiles_detect_the_same_once_their_pages_are_released(fresh_cache):
    texts = list(MULTILINGUAL.values())
    before = detections(texts)
    language_profiles.release_pages()
    assert detections(texts) == before


def test_releasing_the_pages_loads_no_profiles(fresh_cache):
    language_profiles.release_pages()
    assert load.cache_info().currsize == 0 and not list(fresh_cache.parent.glob("*/*.npy"))


def test_the_detect_stages_release_imports_no_profiles():
    import subprocess

    code = ("import sys; from uebersetzer.detect import release_profile_pages; release_profile_pages(); "
            "print('uebersetzer.language_profiles' in sys.modules, 'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc/self/smaps")
def test_without_madv_dontneed_releasing_the_pages_does_nothing(fresh_cache, monkeypatch):
    import mmap

    monkeypatch.delattr(mmap, "MADV_DONTNEED")  # as on Windows
    profiles = load()
    float(np.asarray(profiles.matrix).sum())
    language_profiles.release_pages()
    assert mapped_kilobytes(str(profiles.matrix.filename)) > 0


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
    once = langdetect_factory.create()
    once.set_max_text_length(limit)
    once.append(text)
    once.cleaning_text()
    assert language_profiles.prepared(text, limit) == once.text  # what the block test reads


@given(st.characters(codec=None))
def test_non_latin_is_every_character_from_u0300(character):
    assert bool(language_profiles._BELOW_U0300.fullmatch(character)) == (character < "\u0300")


# Letters of every script the profiles know, and what langdetect normalizes (Latin-1
# punctuation, Romanian commas, Vietnamese marks, kana, Hangul, CJK variants, Farsi yeh).
SCRIPTS_ALPHABET = (LETTERS + "àéîõüÿĀăĳœšžƒǅȘȚəʼΆάβγЁёіїђњԱաאבगनকਗગଓதతಕമකกລཀကაᄀ가ㄅ"
                    "ᗩᚠሀᎠ한國语ゃヴーｱ\u06cc\u0627\u1ec3\u0301\u0303ǄǆDŽdž ,.;:'\"()[]{}0123456789_")
REAL_TEXT = [*MULTILINGUAL.values(), ARTICLE.read_text(encoding="utf-8")[:3000]]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=SCRIPTS_ALPHABET, max_size=120) | st.sampled_from(REAL_TEXT),
       st.text(alphabet=SCRIPTS_ALPHABET, max_size=120))
def test_word_by_word_rows_are_the_rows_of_the_extracted_ngrams(text, other):
    """text_rows (remembered per word, a dict per n-gram) against the plain search over the
    sorted n-grams of extract_ngrams, which the test above holds to langdetect's loop; a
    second text first, so that remembered words are met again."""
    from uebersetzer.language_profiles import extract_ngrams

    profiles = load()
    for each in (other, text, text + " " + other):
        assert profiles.text_rows(each) == profiles.rows(extract_ngrams(each))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=SCRIPTS_ALPHABET + "\u309b\u30fc\u3005abcdefghijklmnop", max_size=150),
       st.sampled_from(["de", "ru", "ja", "zh-cn", "ko", "ar", "hi", "el", "vi", "th"]))
def test_the_letters_shortcut_marks_the_same_ngrams_as_looking_at_each(text, language):
    """The block test asks the text's few (normalized) letters whether it mixes scripts before
    it looks at each n-gram (None: all are in the scripts); the marks are the same either way."""
    from uebersetzer import detect

    profiles = load()
    scripts = profiles.scripts(profiles.languages.tolist().index(language))
    block = detect._block_ngrams(detect._profile_rows(text))
    each = detect._in_scripts(block.ngrams, scripts).tolist()
    for _ in range(2):  # then with the letters met remembered
        marks = detect._weighed(ngram_letters(text), block, scripts)
        assert all(each) if marks is None else marks.tolist() == each


def test_every_languages_scripts_are_those_of_all_its_unigrams():
    """scripts(), named when the cache is built, are what the former computation at first use
    gave: each script's share of all the profiles' one-letter n-grams that are letters."""
    profiles = load()
    rows = np.flatnonzero(np.char.str_len(profiles.words) == 1)
    letters = [str(letter) for letter in profiles.words[rows]]
    alpha = np.array([letter.isalpha() for letter in letters])
    rows, scripts = rows[alpha], np.array([language_profiles.script(letter) for letter, a in zip(letters, alpha) if a])
    for column in range(len(profiles.languages)):
        mass = np.asarray(profiles.matrix[rows, column])
        total = mass.sum() or 1.0
        expected = {name for name in set(scripts.tolist()) if mass[scripts == name].sum() / total >= 0.05}
        assert profiles.scripts(column) == expected, profiles.languages[column]
    assert profiles.scripts(profiles.languages.tolist().index("ja")) == {"CJK", "HIRAGANA", "KATAKANA"}


MULTILINGUAL_WORDS = sorted({word for text in MULTILINGUAL.values() for word in text.split()})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MULTILINGUAL_WORDS) | st.text(alphabet=SCRIPTS_ALPHABET, max_size=8), max_size=60),
       st.sampled_from(["de", "en", "ru", "ja", "ko", "ar", "da", "nb"]))
def test_the_block_test_word_by_word_decides_as_n_gram_by_n_gram(words, language):
    """weigh() sums each distinct word's n-grams once (remembered across blocks) and the words
    times their counts; from a block's rows it sums distinct n-grams. The same decision,
    candidate, n-gram count and bar either way, S up to float rounding."""
    from uebersetzer import detect

    text = " ".join(words)
    by_word = detect.weigh(text, language)
    by_ngram = detect.weigh(text, language, detect._block_ngrams(detect._profile_rows(text)))
    assert (by_word.ngrams, by_word.language, by_word.needed, by_word.foreign) == (
        by_ngram.ngrams, by_ngram.language, by_ngram.needed, by_ngram.foreign)
    assert by_word.score == pytest.approx(by_ngram.score, rel=1e-9, abs=1e-9)


def test_remembered_rows_are_right_while_other_threads_clear_them(monkeypatch):
    """The review server checks entries in threads; with room for three words the remembered
    rows are cleared all the time, and every text still gets its own rows."""
    from concurrent.futures import ThreadPoolExecutor

    from uebersetzer.language_profiles import extract_ngrams

    monkeypatch.setattr(language_profiles, "_WORD_CACHE_LIMIT", 3)
    profiles = load()
    texts = [*MULTILINGUAL.values(), *(" ".join(MULTILINGUAL_WORDS[i::7]) for i in range(7))]
    expected = [profiles.rows(extract_ngrams(text)) for text in texts]
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns all the time
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            for _ in range(5):
                assert list(pool.map(profiles.text_rows, texts * 4)) == expected * 4
    finally:
        sys.setswitchinterval(previous)


def test_the_log_table_is_the_log_of_the_matrix_bit_for_bit():
    """The block test used to take log(P + SMOOTHING) of its rows each time; the cached table
    holds the same numbers exactly, so no decision can move."""
    profiles = load()
    rng = np.random.default_rng(0)
    for size in (1, 7, 8, 9, 33, 500, 5000):
        rows = rng.integers(0, len(profiles.words), size)
        expected = np.log(np.asarray(profiles.matrix[rows]) + language_profiles.SMOOTHING)
        assert np.array_equal(profiles.log_table[rows], expected)


def reference_table(text: str, factory: DetectorFactory) -> tuple[list[int], np.ndarray]:
    """The block test's rows and logs the way they were first made: langdetect's own Detector
    prepares the text, langdetect's loop extracts the n-grams, the sorted n-grams are searched,
    and the log is taken then."""
    from uebersetzer import detect

    detector = factory.create()
    detector.set_max_text_length(detect.BLOCK_SAMPLE)
    detector.append(detect._REPEATED_WORD.sub(r"\1", detect.without_latin_names(detect._cleaned(text)[:2 * detect.BLOCK_SAMPLE])))
    detector.cleaning_text()
    profiles = load()
    rows = profiles.rows(langdetect_ngrams(detector.text))
    return rows, np.log(np.asarray(profiles.matrix[rows]) + language_profiles.SMOOTHING).reshape(len(rows), -1)


def reference_evidence(text: str, article_language: str, factory: DetectorFactory):
    """The block test as it was first computed: each n-gram's clipped ratio summed in text order."""
    from uebersetzer import detect

    column = detect._column(article_language)
    if column is None:
        return None
    profiles = load()
    rows, logs = reference_table(text, factory)
    own = detect._in_scripts(profiles.words[rows].tolist(), profiles.scripts(column))
    if own.sum() >= min(detect.MIN_NGRAMS, detect.OWN_SCRIPT_SHARE * len(own)):
        logs = logs[own]
    if len(logs) == 0:
        return detect.Evidence(0, article_language, 0.0, float("inf"))
    scores = np.clip(logs - logs[:, column:column + 1], -detect.CLIP, detect.CLIP).sum(axis=0)
    scores[column] = -np.inf
    written = {script(letter) for letter in ngram_letters(text)}  # no candidate in a script the text does not use
    for other in range(len(scores)):
        if written.isdisjoint(profiles.scripts(other)):
            scores[other] = -np.inf
    if scores.max() == -np.inf:  # no other language is written in the text's scripts
        return detect.Evidence(len(logs), article_language, -float("inf"), float("inf"))
    best = int(np.argmax(scores))
    candidate = str(profiles.languages[best])
    close = any(candidate in group and profiles.languages[column] in group for group in detect.CLOSE_GROUPS)
    needed = (detect.K_CLOSE if close else detect.K) * len(logs) ** 0.5
    return detect.Evidence(len(logs), detect.to_argos(candidate), float(scores[best]), needed)


def same_evidence(fast, reference) -> bool:
    """Equal but for float rounding (S is summed over distinct n-grams times their counts),
    and exactly equal for a block that moves."""
    if fast is None or reference is None or reference.foreign:
        return fast == reference
    return (fast.ngrams, fast.language, fast.needed, fast.foreign) == (
        reference.ngrams, reference.language, reference.needed, reference.foreign) and fast.score == pytest.approx(
        reference.score, rel=1e-9, abs=1e-9)


@pytest.mark.skipif(not flores_articles.available(),
                    reason=f"FLORES data not found at {flores_articles.FLORES} (../shared is absent)")
def test_block_evidence_on_real_text_is_the_reference_paths(langdetect_factory):
    """Every language's FLORES sentences (and an English quote) weighed against their own
    language, English and a third: the fast path (word-by-word rows, the cached log table,
    distinct n-grams times their counts) gives the same Evidence as the reference path: the
    same decisions and candidates, the same score but for float rounding (exactly the same for
    a block that moves); `leaning` the same number exactly."""
    from uebersetzer import detect
    from uebersetzer.detect import leaning, weigh

    corpus = flores_articles.load()
    compared = foreign = 0
    for language in sorted(corpus):
        lines = corpus[language]
        texts = [lines[7], " ".join(lines[20:25]), " ".join(lines[40:42]) + " " + corpus["en"][41]]
        for text in texts:
            for article_language in dict.fromkeys((language, "en", "ru" if language != "ru" else "ja")):
                fast = weigh(text, article_language)
                assert same_evidence(fast, reference_evidence(text, article_language, langdetect_factory)), (
                    language, article_language, text[:60])
                compared += 1
                foreign += fast is not None and fast.foreign
            if language == "en":
                continue
            _, logs = reference_table(text, langdetect_factory)
            english, own = detect._column("en"), detect._column(language)
            clip = detect.CLIP
            assert leaning(text, "en", language) == float(np.clip(logs[:, english] - logs[:, own], -clip, clip).sum())
    assert compared > 200 and foreign > 50  # both decisions were met
