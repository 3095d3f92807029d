"""Render stage: an article and its translations -> the localized article's text.

Shared by `translate` and `build`, so an article rebuilt from its PO file is exactly what
translate wrote. A block whose sentences are all untranslated comes back verbatim.
"""

from __future__ import annotations

from typing import Mapping

from uebersetzer.document import Article
from uebersetzer.po import Key, occurrences

NO_SPACE_BETWEEN_SENTENCES = frozenset({"ja", "zh", "zt", "th", "lo", "my", "km"})


def render(article: Article, translated: Mapping[Key, str], target: str) -> str:
    by_block = iter(occurrences(article))
    joiner = "" if target in NO_SPACE_BETWEEN_SENTENCES else " "
    out = [article.head]
    for block in article.blocks:
        out.append(block.gap)
        sentences = []
        changed = False
        for segment in block.segments:
            key = next(by_block).key
            text = translated.get(key)
            changed |= bool(text) and text != segment.msgid
            sentences.append(text or segment.source)
        out.append(block.prefix + joiner.join(sentences) + block.suffix if changed else block.raw)
    out.append(article.tail)
    text = "".join(out)
    return text if article.newline == "\n" else text.replace("\n", article.newline)
