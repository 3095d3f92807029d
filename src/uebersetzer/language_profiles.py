"""langdetect's language profiles as one memory-mapped matrix, and its trial loop over it.

Why not langdetect's own DetectorFactory: at every start it builds a dict of 87,598 Python
lists of 55 floats (0.4 s, 66 MB that stay resident beside the translation model), and it
multiplies the 55 slots one by one in Python for every sampled n-gram. Here the same
probabilities sit in a float64 matrix that is built once, cached in the user's cache folder
and memory-mapped, so a run reads only the rows of the n-grams its text holds; beside it the
same matrix as log(P + SMOOTHING), what the block test weighs, so no run takes a log. Text
cleaning, n-gram extraction, the random sampling sequence, smoothing and the stopping rule
are langdetect's own code or a line-for-line copy of it; tests compare the results with
langdetect's.
"""

from __future__ import annotations

import io
import json
import mmap
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from uebersetzer.fsio import atomic_write, user_cache_folder


SMOOTHING = 0.5 / 10000  # langdetect's alpha / BASE_FREQ: what an n-gram a profile lacks is worth
_WORD_CACHE_LIMIT = 200_000  # padded words whose rows are remembered (~100 bytes each)


@dataclass(frozen=True)
class Profiles:
    languages: np.ndarray  # (languages,) codes, langdetect's order
    words: np.ndarray  # (n-grams,) sorted: an n-gram's row is where it sorts
    matrix: np.ndarray  # (n-grams, languages): P(n-gram | language), as langdetect computes it
    logs: np.ndarray  # (n-grams, languages): log(matrix + SMOOTHING), what the block test weighs
    writing: np.ndarray  # (languages,) each language's scripts (see scripts()), space-separated

    def rows(self, ngrams: list[str]) -> list[int]:
        """The rows of the n-grams that have one, in order, duplicates kept."""
        if not ngrams:
            return []
        wanted = np.array(ngrams)
        found = np.minimum(np.searchsorted(self.words, wanted), len(self.words) - 1)
        return found[self.words[found] == wanted].tolist()

    def text_rows(self, text: str) -> list[int]:
        """rows(extract_ngrams(text)), word by word: a word's rows are looked up once per
        process (news text says its words again and again), all new words' n-grams in one search."""
        found: list[int] = []
        for rows in self.rows_of_words(padded_words(text)):
            found += rows
        return found

    def rows_of_words(self, words: list[str]) -> list[list[int]]:
        """The rows of each padded word's n-grams (see padded_words), in order. What is
        remembered is read once: the review server's threads may clear it meanwhile."""
        known = self._word_rows
        if len(known) > _WORD_CACHE_LIMIT:
            known.clear()
        found = [known.get(word) for word in words]
        new = list(dict.fromkeys(word for word, rows in zip(words, found) if rows is None))
        if not new:
            return found
        ngrams = [_word_ngrams(word) for word in new]
        rows = iter(self._rows_or_none([ngram for each in ngrams for ngram in each]))
        made = {word: [row for row in islice(rows, len(each)) if row is not None] for word, each in zip(new, ngrams)}
        known.update(made)
        return [made[word] if rows is None else rows for word, rows in zip(words, found)]

    def _rows_or_none(self, ngrams: list[str]) -> list[int | None]:
        """Each n-gram's row, None for one the profiles lack."""
        wanted = np.array(ngrams)
        found = np.minimum(np.searchsorted(self.words, wanted), len(self.words) - 1)
        return [int(row) if hit else None for row, hit in zip(found.tolist(), (self.words[found] == wanted).tolist())]

    @cached_property
    def _word_rows(self) -> dict[str, list[int]]:
        return {}

    @cached_property
    def log_table(self) -> np.ndarray:
        """`logs` as a plain array: indexing a memory map pays for a memmap object each time."""
        return np.asarray(self.logs)

    def scripts(self, column: int) -> frozenset[str]:
        """The writing systems a language's text is made of: those holding at least SCRIPT_SHARE
        of its profile's letters (Russian: Cyrillic, not the Latin of names in its sources).
        Named when the cache is built: the letters' rows are spread over the whole matrix, and
        reading them took ~30 MB of it into memory."""
        return _split_scripts(str(self.writing[column]))


@lru_cache(maxsize=64)
def _split_scripts(names: str) -> frozenset[str]:
    return frozenset(names.split())


SCRIPT_SHARE = 0.05


def _writing(words: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Each language's scripts, space-separated, from the one-letter n-grams of its profile."""
    codes = np.asarray(words).view(np.uint32).reshape(len(words), -1)  # UCS-4, 0-padded
    one = codes[:, 0] != 0
    for position in range(1, codes.shape[1]):
        one &= codes[:, position] == 0
    letters = [(row, str(words[row])) for row in np.flatnonzero(one).tolist()]
    letters = [(row, letter) for row, letter in letters if letter.isalpha()]
    rows, names = np.array([row for row, _ in letters]), np.array([script(letter) for _, letter in letters])
    writing = []
    for column in range(matrix.shape[1]):
        mass = np.asarray(matrix[rows, column])
        total = mass.sum() or 1.0
        writing.append(" ".join(sorted(name for name in set(names.tolist())
                                       if mass[names == name].sum() / total >= SCRIPT_SHARE)))
    return np.array(writing)


@lru_cache(maxsize=4096)
def script(letter: str) -> str:
    """The Unicode script of a letter, by the first word of its name: LATIN, CYRILLIC, CJK, HANGUL..."""
    name = unicodedata.name(letter, "")
    return name.split(" ", 1)[0]


def cache_folder() -> Path:
    return user_cache_folder()  # a file or relative path in XDG_CACHE_HOME is ignored there


_PARTS = ("matrix", "words", "languages", "logs", "writing")  # written in this order, read and checked together


def langdetect_version() -> str:
    """langdetect's version, which names the cache: from its dist-info folder beside it, as
    importlib.metadata would find it, without importing that (20 ms of a run's start: it
    imports the email package) for one string."""
    found = list(Path(PROFILES_DIRECTORY).parent.parent.glob("langdetect-*.dist-info"))
    if len(found) == 1:
        return found[0].name.removeprefix("langdetect-").removesuffix(".dist-info")
    from importlib.metadata import version  # installed some other way

    return version("langdetect")


def _cache_paths() -> dict[str, Path]:
    prefix = f"langdetect-{langdetect_version()}-"
    return {part: cache_folder() / f"{prefix}{part}.npy" for part in _PARTS}


@lru_cache(maxsize=1)
def load() -> Profiles:
    """From the cache; on a first run the cache is built in a child process, so the build's
    passing memory (about 80 MB of Python objects) never stays behind in this one."""
    paths = _cache_paths()
    for attempt in range(2):
        try:
            return _read(paths)
        except (OSError, ValueError, EOFError):  # missing, or not whole (np.load's errors)
            if attempt == 0:
                import subprocess  # only on a first run: not a cost of every start

                subprocess.run([sys.executable, "-m", __name__], check=False,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return build()  # no writable cache folder: built here, on every run


def write_cache() -> None:
    paths, profiles = _cache_paths(), build()
    for part in _PARTS:
        buffer = io.BytesIO()
        np.save(buffer, getattr(profiles, part))
        atomic_write(paths[part], buffer.getvalue())


def release() -> None:
    """Unmap the profiles once the detect stage is done, so the memory is there for the model."""
    load.cache_clear()


def release_pages() -> None:
    """Give the pages of the mapped profiles a run has read back to the system, the mapping
    kept. The cache files are mapped read-only, so their pages are clean: DONTNEED only takes
    them out of this process's RSS, and the next lookup maps them again from the page cache
    (a minor fault; a disk read only if the system needed that memory meanwhile). Detection
    and the QA checks touch rows all over the two 38 MB matrices while the engine translates,
    and those pages stayed resident beside the model: on the real-size bench model (the bench's
    50 articles) the run peaked at 242.0 MB without this after each article's detection and
    each article's QA, 235.8 MB with it (medians, README "Memory"). Nothing is loaded to be
    released; where mmap has no MADV_DONTNEED (Windows) or the profiles were built in memory
    (no cache folder), nothing is done."""
    advice = getattr(mmap, "MADV_DONTNEED", None)
    if advice is None or not load.cache_info().currsize:
        return
    profiles = load()
    for part in _PARTS:
        mapping = getattr(getattr(profiles, part), "_mmap", None)  # np.memmap's own mmap object
        if mapping is not None and hasattr(mapping, "madvise"):
            mapping.madvise(advice)


def build() -> Profiles:
    """The numbers langdetect's DetectorFactory.add_profile computes, from its bundled profiles."""
    profiles = []
    for name in os.listdir(PROFILES_DIRECTORY):  # langdetect's order
        with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as file:
            profiles.append(json.load(file))
    # every n-gram is a feature, even one with no probability (langdetect samples from them)
    words = sorted({word for profile in profiles for word in profile["freq"]})
    row_of = {word: row for row, word in enumerate(words)}
    matrix = np.zeros((len(words), len(profiles)))
    for column, profile in enumerate(profiles):
        totals = profile["n_words"]
        for word, count in profile["freq"].items():
            if 1 <= len(word) <= 3:
                matrix[row_of[word], column] = count / totals[len(word) - 1]
    words_array = np.array(words)
    return Profiles(np.array([p["name"] for p in profiles]), words_array, matrix, np.log(matrix + SMOOTHING),
                    _writing(words_array, matrix))


def _read(paths: dict[str, Path]) -> Profiles:
    matrix, words, languages, logs, writing = (np.load(paths[part], mmap_mode="r") for part in _PARTS)
    if not matrix.shape == logs.shape == (len(words), len(languages)) == (len(words), len(writing)):
        raise ValueError(f"{paths['matrix']}: cache parts do not match")
    return Profiles(languages, words, matrix, logs, writing)


class _Normalized(dict):
    """Code point -> langdetect's normalized character, filled as characters are met, so
    str.translate normalizes a text in one C-level pass."""

    def __missing__(self, code: int) -> str:
        value = self[code] = NGram.normalize(chr(code))
        return value


_NORMALIZED = _Normalized()
_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")  # langdetect's test, 'A' <= ch <= 'z', brackets and all
# langdetect means "from U+0300, minus Latin Extended Additional", but compares the block's
# number with its name, so every character from U+0300 counts; the same here, for the same answers.
_BELOW_U0300 = re.compile(r"[\x00-\u02ff]+")  # what it leaves is langdetect's non-Latin
_NOT_LATIN = re.compile("[^A-z]+")  # what it leaves is _LATIN's


def extract_ngrams(text: str) -> list[str]:
    """Every n-gram langdetect's Detector._extract_ngrams considers, in its order, before its
    dictionary test. Its loop feeds NGram.add_char one character at a time (a method call and
    a Unicode-block search per character); this is the same rule over words: each word with a
    space before it (and after it, unless it ends the text) gives, at each position, the 1-,
    2- and 3-gram ending there, except inside runs of capitals (langdetect's `capitalword`)."""
    found: list[str] = []
    for padded in padded_words(text):
        found += _word_ngrams(padded)
    return found


def ngram_letters(text: str) -> set[str]:
    """Every letter an n-gram of `text` can hold: its characters as langdetect normalizes them,
    one by one (prepared() may join a Vietnamese mark to a letter, into a letter of the same
    script), the letters only."""
    return {letter for letter in map(_NORMALIZED.__getitem__, map(ord, set(text))) if letter.isalpha()}


def padded_words(text: str) -> list[str]:
    """The normalized text's words, each with a space before it, and after it unless it ends
    the text: each gives its n-grams on its own (see _word_ngrams)."""
    words = text.translate(_NORMALIZED).split(" ")
    last = len(words) - 1
    return [" " + word + (" " if index < last else "") for index, word in enumerate(words) if word]


def _word_ngrams(padded: str) -> list[str]:
    found: list[str] = []
    for end in range(1, len(padded)):
        if padded[end].isupper() and padded[end - 1].isupper():
            continue  # langdetect's capitalword: acronyms say nothing about a language
        if padded[end] != " ":
            found.append(padded[end])
        found.append(padded[end - 1:end + 1])
        if end >= 2:
            found.append(padded[end - 2:end + 1])
    return found


def prepared(text: str, limit: int) -> str:
    """What a new Detector holds after append(text) and cleaning_text(), with the maximum text
    length `limit`: the text the n-grams are taken from."""
    return _without_stray_latin(_appended(text, limit))


def _appended(text: str, limit: int) -> str:
    """langdetect's append (URLs and addresses out, Vietnamese normalized, cut to the maximum
    length, runs of spaces made one) with regular expressions instead of its character loop."""
    text = Detector.URL_RE.sub(" ", text) if "://" in text else text
    text = Detector.MAIL_RE.sub(" ", text) if "@" in text else text  # each pattern needs its sign
    if any(mark in text for mark in NGram.DMARK_CLASS):  # what normalize_vi joins to the letter before it
        text = NGram.normalize_vi(text)
    text = text[:limit]
    return _SPACES.sub(" ", text) if "  " in text else text


def _without_stray_latin(text: str) -> str:
    """langdetect's cleaning_text: Latin letters go when the text is mostly in another script;
    counted with regular expressions instead of a Unicode-block search per character (what is
    left when the others go: no list of one-character matches), Latin only if there is another."""
    non_latin = len(_BELOW_U0300.sub("", text))
    if non_latin == 0:
        return text
    latin = len(_NOT_LATIN.sub("", text))
    return _LATIN.sub("", text) if latin * 2 < non_latin else text


# What no text written in any language holds, and a decoding in the wrong code page is full
# of: a symbol or control character where words are (`Gr‰ße`, `\x84Zitat`), and a word whose
# letters change script (`Größe` read as Arabic's code page: `Grِكe`; Han, Kana and Hangul mix
# in Japanese and Korean writing). Each counts as ODD_NGRAMS n-grams no profile knows.
_ODD = re.compile(r"(?<=\w)[^\w\s'’\-.,]+(?=\w)"  # inside a word, other than an apostrophe, hyphen or point
                  r"|(?<!\w)’(?=[^\W\d_])"  # a closing quote that starts a word (Greek's Ά in ISO-8859-7's place)
                  r"|[^\w\s\"'„“”‚‘’«»‹›.,;:!?¿¡()\[\]{}/\\&%€$£¥@#*+=<>|~^`–—…·•°§№-]")  # anywhere
_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")
_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL"})
ODD_NGRAMS = 3  # the n-grams a letter starts (1-, 2- and 3-grams)
FIT_SAMPLE = 3000  # characters judged: a decoding's errors are spread over the whole text


def fit(text: str) -> tuple[float, int]:
    """How much `text` reads as written in a language at all: the mean log P(n-gram | L) of
    its n-grams for the language L it reads best as, an n-gram no profile knows at langdetect's
    smoothing, and how many n-grams that is. The read stage asks it which decoding of an
    article's bytes is text (charsets.py): the same bytes read in the wrong code page give rare
    n-grams and odd characters (see _ODD)."""
    profiles = load()
    odd = ODD_NGRAMS * (len(_ODD.findall(text[:FIT_SAMPLE])) + _script_changes(text[:FIT_SAMPLE]))
    rows = profiles._rows_or_none([ngram for word in padded_words(prepared(text, FIT_SAMPLE))
                                   for ngram in _word_ngrams(word)])
    known = [row for row in rows if row is not None]
    unknown = len(rows) - len(known) + odd
    if not rows and not odd:
        return float(np.log(SMOOTHING)), 0
    best = float(profiles.log_table[known].sum(axis=0).max()) if known else 0.0
    return (best + unknown * float(np.log(SMOOTHING))) / (len(known) + unknown), len(known) + unknown


def _script_changes(text: str) -> int:
    """How often a letter's script differs from the one before it inside a word (see _ODD)."""
    changes = 0
    for word in _LETTER_RUN.findall(text):
        scripts = [script(letter) for letter in word]
        changes += sum(1 for before, after in zip(scripts, scripts[1:])
                       if before != after and not (before in _EAST_ASIAN and after in _EAST_ASIAN))
    return changes


class MatrixDetector(Detector):
    """langdetect's Detector, with n-gram lookup and the trial loop done on the matrix."""

    def __init__(self, profiles: Profiles, seed: int) -> None:
        factory = SimpleNamespace(word_lang_prob_map=None, langlist=profiles.languages.tolist(), seed=seed)
        super().__init__(factory)
        self.profiles = profiles

    def append(self, text: str) -> None:
        self.text += _appended(text, self.max_text_length)

    def cleaning_text(self) -> None:
        self.text = _without_stray_latin(self.text)

    def _extract_ngrams(self) -> list[int]:
        return self.profiles.text_rows(self.text)

    def ngrams(self) -> tuple[list[int], list[str]]:
        """The appended text's n-grams that the profiles know: (rows, n-grams), in text order.
        The same cleaning and extraction as langdetect's sampling, with no sampling."""
        self.cleaning_text()
        rows = self._extract_ngrams()
        return rows, self.profiles.words[rows].tolist()

    def _detect_block(self) -> None:
        self.cleaning_text()
        rows = self._extract_ngrams()
        if not rows:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        table = np.asarray(self.profiles.matrix[rows])
        positions = range(len(rows))  # choice() over positions draws exactly as choice() over n-grams
        count = len(self.langlist)
        langprob = np.zeros(count)
        self.random.seed(self.seed)
        for _ in range(self.n_trial):
            prob = np.array(self.prior_map) if self.prior_map is not None else np.full(count, 1.0 / count)
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            weight = alpha / self.BASE_FREQ
            # langdetect updates with one sampled n-gram at a time and normalizes after the
            # first and then every fifth; five rows at once is the same arithmetic, the same
            # draws from the same random sequence, and a fifth of the numpy calls.
            prob *= weight + table[self.random.choice(positions)]
            prob /= prob.sum()
            updates = 0
            while prob.max() <= self.CONV_THRESHOLD and updates < self.ITERATION_LIMIT:
                drawn = [self.random.choice(positions) for _ in range(5)]
                prob *= (weight + table[drawn]).prod(axis=0)
                prob /= prob.sum()
                updates += 5
            langprob += prob / self.n_trial
        self.langprob = langprob.tolist()


if __name__ == "__main__":
    write_cache()
