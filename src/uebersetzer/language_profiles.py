"""langdetect's language profiles as one memory-mapped matrix, and its trial loop over it.

Why not langdetect's own DetectorFactory: at every start it builds a dict of 87,598 Python
lists of 55 floats (0.4 s, 66 MB that stay resident beside the translation model), and it
multiplies the 55 slots one by one in Python for every sampled n-gram. Here the same
probabilities sit in a float64 matrix that is built once, cached in the user's cache folder
and memory-mapped, so a run reads only the rows of the n-grams its text holds. Text
cleaning, n-gram extraction, the random sampling sequence, smoothing and the stopping rule
are langdetect's own code or a line-for-line copy of it; tests compare the results with
langdetect's.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from uebersetzer.fsio import atomic_write


@dataclass(frozen=True)
class Profiles:
    languages: np.ndarray  # (languages,) codes, langdetect's order
    words: np.ndarray  # (n-grams,) sorted: an n-gram's row is where it sorts
    matrix: np.ndarray  # (n-grams, languages): P(n-gram | language), as langdetect computes it

    def rows(self, ngrams: list[str]) -> list[int]:
        """The rows of the n-grams that have one, in order, duplicates kept."""
        if not ngrams:
            return []
        wanted = np.array(ngrams)
        found = np.minimum(np.searchsorted(self.words, wanted), len(self.words) - 1)
        return found[self.words[found] == wanted].tolist()


def cache_folder() -> Path:
    base = os.getenv("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "uebersetzer"


_PARTS = ("matrix", "words", "languages")  # written in this order, read and checked together


def _cache_paths() -> dict[str, Path]:
    prefix = f"langdetect-{version('langdetect')}-"
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
    return Profiles(np.array([p["name"] for p in profiles]), np.array(words), matrix)


def _read(paths: dict[str, Path]) -> Profiles:
    matrix, words, languages = (np.load(paths[part], mmap_mode="r") for part in _PARTS)
    if matrix.shape != (len(words), len(languages)):
        raise ValueError(f"{paths['matrix']}: cache parts do not match")
    return Profiles(languages, words, matrix)


class MatrixDetector(Detector):
    """langdetect's Detector, with n-gram lookup and the trial loop done on the matrix."""

    def __init__(self, profiles: Profiles, seed: int) -> None:
        factory = SimpleNamespace(word_lang_prob_map=None, langlist=profiles.languages.tolist(), seed=seed)
        super().__init__(factory)
        self.profiles = profiles

    def _extract_ngrams(self) -> list[int]:
        # langdetect's loop, keeping every candidate; the dictionary test it does per
        # n-gram is one vectorized lookup here, and the result is rows, not strings
        candidates = []
        ngram = NGram()
        for ch in self.text:
            ngram.add_char(ch)
            if ngram.capitalword:
                continue
            for n in range(1, NGram.N_GRAM + 1):
                if len(ngram.grams) < n:
                    break
                word = ngram.grams[-n:]
                if word and word != " ":
                    candidates.append(word)
        return self.profiles.rows(candidates)

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
