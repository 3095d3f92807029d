"""What the checks compare against, measured on human translations.

`length_table.py` holds, per language, how long a human translation of an English
sentence is (mean and spread of log(characters / English characters), whitespace not
counted). It is made by `python bench/bench_qa.py --calibrate` from one half of the
FLORES-200 dev sentences (the other half judges it) and is the only tuned data here.
A pair X -> Y is expected at mean(Y) - mean(X); its spread adds both languages' spreads
(English has none), and widens for short sentences, where one word more or less is a
large share: spread² + SHORT / characters (SHORT fitted on the sentences under 80
characters, at least 0.5: FLORES has few short sentences to fit it on).
"""

from __future__ import annotations

import math

from uebersetzer.qa.length_table import LENGTHS, SHORT, Z_LIMIT

__all__ = ["LENGTHS", "SHORT", "Z_LIMIT", "length_ratio", "detectable"]

UNKNOWN_SPREAD = 0.3  # a language no one measured: a wide, safe tolerance

# The languages langdetect has profiles for (zh-cn/zh-tw as Argos names them; nb is "no").
DETECTABLE = frozenset(
    "af ar bg bn ca cs cy da de el en es et fa fi fr gu he hi hr hu id it ja kn ko lt lv mk ml mr ne nl no nb "
    "pa pl pt ro ru sk sl so sq sv sw ta te th tl tr uk ur vi zh zt".split())


def detectable(language: str) -> bool:
    return language in DETECTABLE


def length_ratio(source_language: str, target_language: str, source_characters: int) -> tuple[float, float]:
    """(expected log length ratio, its spread) for a sentence of this many characters."""
    source_mean, source_spread = _language(source_language)
    target_mean, target_spread = _language(target_language)
    spread = math.sqrt(source_spread ** 2 + target_spread ** 2 + SHORT / max(source_characters, 1))
    return target_mean - source_mean, spread


def _language(code: str) -> tuple[float, float]:
    if code == "en":
        return 0.0, 0.0
    return LENGTHS.get(code) or LENGTHS.get(_ALIASES.get(code, ""), (0.0, UNKNOWN_SPREAD))


_ALIASES = {"no": "nb", "pb": "pt", "zt": "zh"}
