"""Segment stage: each block's text -> sentences, with pysbd.

pysbd is rule-based, needs no downloads and knows German abbreviations and ordinals
("z. B.", "Dr.", "St. Pölten", "am 15. März"). Two things are added on top of it: a
sentence keeps the exact source text (whitespace included) so an untranslated block
renders back unchanged, and closing markup or quotes that pysbd pushes to the start of
the next sentence (`gestoppt hat.** Danach`) are moved back to the sentence they close.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable

from uebersetzer import formats
from uebersetzer.document import Article, Block, Segment
from uebersetzer.formats.base import Format

_QUOTES = r"[”“\"'»’)\]]"
_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=None)
def _segmenter(language: str):
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    language = _PYSBD_LANGUAGE.get(language, language)
    return pysbd.Segmenter(language=language if language in LANGUAGE_CODES else "en", clean=False)


def normalize_whitespace(text: str) -> str:
    normal = _WHITESPACE.sub(" ", text).strip()
    return text if normal == text else normal  # most sentences: one string for source and msgid, not two


_PYSBD_LANGUAGE = {"zt": "zh", "pb": "pt", "nb": "da"}  # Argos codes pysbd knows under another name
# Chinese and Japanese full-width punctuation (。！？) ends a sentence with no space after it.
_CJK_BOUNDARY = r"[。！？][」』）)\"”’]*\s*[^\s」』）)\"”’]"


@lru_cache(maxsize=None)
def _closing(markup: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(closing quotes or markup at a sentence's start, a possible sentence boundary) for a
    format's closing markup (`**`, `</em>`): pysbd pushes those into the next sentence. A
    boundary is Western punctuation before a space, or the full-width kind."""
    closers = f"(?:{markup}|{_QUOTES})" if markup else _QUOTES
    return re.compile(rf"^{closers}+(?=\s|$)"), re.compile(rf"[.!?…;:]{closers}*\s+\S|{_CJK_BOUNDARY}")


def split_sentences(text: str, language: str, closing_markup: str = "",
                    mask: Callable[[str], str] | None = None) -> list[str]:
    """Sentences of `text` as verbatim slices; joined with the whitespace between them they give `text`.

    `closing_markup` and `mask` come from the article's format: markup that may close a
    sentence, and a same-length copy of the text with its markup made inert for pysbd."""
    closing_at_start, possible_boundary = _closing(closing_markup)
    if not possible_boundary.search(text.strip()):
        return [text.strip()] if text.strip() else []  # one sentence at most: pysbd is slow, skip it
    # pysbd ends a sentence at every line break; wrapped lines are one paragraph, so it sees
    # spaces instead (same length: offsets into `flat` are offsets into `text`).
    flat = (mask(text) if mask else text).replace("\n", " ")
    # Segmenter.segment() would also locate every sentence with a regex built from it; that
    # thrashes the re module's cache and costs as much as the splitting. We locate them below.
    pieces = [piece for piece in _segmenter(language).processor(flat).process() if piece.strip()]
    sentences: list[str] = []
    position = 0
    for piece in pieces:
        core = piece.strip()
        start = flat.find(core, position)
        if start < 0:  # pysbd changed the text; fall back to one sentence for the rest
            sentences.append(text[position:].strip())
            return [sentence for sentence in sentences if sentence]
        closing = closing_at_start.match(core)
        if closing and sentences:
            sentences[-1] += text[position:start] + closing.group(0)
            rest = core[closing.end():]
            core = rest.lstrip()
            start += closing.end() + len(rest) - len(core)
        if core:
            sentences.append(text[start:start + len(core)])
        position = start + len(core)
    return sentences


def segment_block(block: Block, language: str, markup: Format | None = None) -> Block:
    closing, mask = (markup.closing_markup, markup.mask) if markup else ("", None)
    segments = tuple(
        Segment(source=sentence, msgid=normalize_whitespace(sentence), language=language)
        for sentence in split_sentences(block.text, language, closing, mask)
    )
    return replace(block, segments=segments)


def segment_article(article: Article) -> Article:
    markup = formats.by_name(article.format)
    blocks = tuple(segment_block(block, block.language or article.language, markup) for block in article.blocks)
    return replace(article, blocks=blocks)


# Chinese and Japanese are written without spaces between words. Translation tools (Trados,
# memoQ, Weblate) count each of their characters as one word; counting space-separated tokens
# instead made a whole Chinese sentence one "word". Ranges: CJK radicals, Hiragana, Katakana,
# CJK Unified (+ Extension A), compatibility ideographs, half-width Katakana and the
# supplementary ideograph planes. Thai, Lao, Khmer and Myanmar also go without spaces but are
# alphabets, where a character is not a word; they are counted by spaces (an undercount).
_UNSPACED_CHARACTER = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_WORD = re.compile(rf"[{_UNSPACED_CHARACTER}]|[^\s{_UNSPACED_CHARACTER}]*[^\W_{_UNSPACED_CHARACTER}][^\s{_UNSPACED_CHARACTER}]*")


def count_words(text: str) -> int:
    """Words as translators are paid for them: space-separated tokens holding a letter or digit,
    and each Chinese or Japanese character."""
    return len(_WORD.findall(text))
