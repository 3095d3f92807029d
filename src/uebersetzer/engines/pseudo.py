"""Pseudo-localization: accented letters, brackets, about 30% longer.

The standard way to check layout and markup handling without a model: every letter is
visibly "translated", text grows like German or French does, and placeholders survive.
"""

from __future__ import annotations

from typing import Sequence

from uebersetzer.protect import PLACEHOLDER

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķļɱñóþǫŕšŧúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĻṀÑÓÞǪŔŠŦÚṼŴẊÝŽ",
)
_VOWELS = set("aeiouAEIOU")


class PseudoEngine:
    name = "pseudo"  # qa/policy.py skips the checks that judge a real translation by this name

    def model_version(self, source: str, target: str) -> str:
        return "pseudo-1"

    def check_pair(self, source: str, target: str) -> None:
        return None

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return [pseudo_localize(sentence) for sentence in sentences]


def pseudo_localize(text: str) -> str:
    parts = PLACEHOLDER.split(text)
    out = []
    for index, part in enumerate(parts):
        out.append("{%s}" % part if index % 2 else _expand(part))
    return "[" + "".join(out) + "]"


def _expand(text: str) -> str:
    """Double every vowel (about +30% for European text) and accent every letter."""
    return "".join(ch * 2 if ch in _VOWELS else ch for ch in text).translate(_ACCENTED)
