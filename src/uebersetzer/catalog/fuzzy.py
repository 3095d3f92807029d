"""Find the most similar old sentence without comparing every pair, as msgmerge's fuzzy search does.

Comparing each new sentence with each vanished one (difflib, itself quadratic in the
sentence length) took 280 s for a re-run of 2,000 edited sentences. gettext's
msgl-fsearch.c shows the way: an index of character n-grams proposes a few candidates
that share the most rare n-grams with the query, and only those are compared. Here the
rarest trigrams of the query are looked up (common ones, such as " de", say nothing), at
most BUDGET postings are read, and the CANDIDATES best-sharing old sentences are scored
with the same difflib ratio as before. An edit of a sentence shares nearly all its rare
trigrams with it, so it is among the candidates; with no more than CANDIDATES old
sentences every one is compared, exactly as the all-pairs loop did.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from typing import Generic, Hashable, Iterable, TypeVar

Key = TypeVar("Key", bound=Hashable)

GRAM = 3
CANDIDATES = 12  # old sentences scored per query
RARE_GRAMS = 32  # the query's rarest trigrams that are looked up
BUDGET = 4096  # postings read per query, at most


def trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i:i + GRAM] for i in range(len(padded) - GRAM + 1)}


class FuzzyIndex(Generic[Key]):
    """Old sentences by key; `best` finds the one most similar to a new sentence."""

    def __init__(self, items: Iterable[tuple[Key, str]]) -> None:
        self._texts: dict[Key, str] = {}
        self._order: dict[Key, int] = {}
        self._postings: dict[str, list[Key]] = defaultdict(list)
        for number, (key, text) in enumerate(items):
            self._texts[key] = text
            self._order[key] = number
            for gram in trigrams(text):
                self._postings[gram].append(key)

    def __len__(self) -> int:
        return len(self._texts)

    def remove(self, key: Key) -> None:
        """Forget `key`; its postings are skipped from now on (cheaper than rewriting them)."""
        self._texts.pop(key, None)

    def best(self, text: str, threshold: float) -> tuple[Key | None, float]:
        """The key whose sentence is most similar to `text` with a difflib ratio of at least
        `threshold`, and that ratio; (None, threshold) when none is. Among equals the later
        one wins, as in the all-pairs loop this replaces."""
        best: Key | None = None
        best_ratio = threshold
        matcher = difflib.SequenceMatcher(None, text, "")
        for key in self._candidates(text):
            matcher.set_seq2(self._texts[key])
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue  # upper bounds of ratio(): cheap ways to skip a hopeless candidate
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = key, ratio
        return best, best_ratio

    def _candidates(self, text: str) -> list[Key]:
        if len(self._texts) <= CANDIDATES:
            return sorted(self._texts, key=self._order.__getitem__)
        grams = sorted((gram for gram in trigrams(text) if gram in self._postings),
                       key=lambda gram: len(self._postings[gram]))
        shared: Counter[Key] = Counter()
        read = 0
        for gram in grams[:RARE_GRAMS]:
            if read >= BUDGET:
                break
            postings = self._postings[gram][: BUDGET - read]
            read += len(postings)
            shared.update(key for key in postings if key in self._texts)
        chosen = [key for key, _ in sorted(shared.items(), key=lambda item: (-item[1], self._order[item[0]]))]
        return sorted(chosen[:CANDIDATES], key=self._order.__getitem__)
