"""Repairs made before translation, and the text tests shared by parse and repair.

Scrapers cut paragraphs with stray blank lines in the middle of a sentence ("im Weißen" /
"Haus mit Freude"). Translating the halves separately breaks both sentences, so such a
paragraph is joined with its continuation. This is the only change parsing makes to the
text: an untranslated article renders back byte for byte otherwise.
"""

from __future__ import annotations

import re
from dataclasses import replace

from uebersetzer.document import Block, Kind

# Characters that may close a sentence after its final punctuation: quotes and brackets, and
# the markup characters the calling format passes in (Markdown's "*_`").
_CLOSERS = "\"'”“»«’‘)]」』）】》〉"
# Full-width forms end Chinese and Japanese sentences, with no space after them.
_TERMINAL = ".!?…:;。！？：；"
_INNER_END = r"[.!?…]{closers}\s+\S|[。！？]{closers}\S"  # {closers}: quotes, brackets, markup
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 90


def ends_sentence(text: str, markup: str = "") -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS + markup)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _has_inner_sentence_end(text: str, markup: str = "") -> bool:
    closers = f"[{re.escape(_CLOSERS + markup)}]*"
    return re.search(_INNER_END.format(closers=closers), text.rstrip()) is not None


def looks_like_heading(text: str, markup: str = "") -> bool:
    """A short single line without final punctuation; it may contain a comma."""
    words = text.split()
    return (
        "\n" not in text.strip()
        and 0 < len(words) <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and not ends_sentence(text, markup)
    )


def _is_body(block: Block, markup: str) -> bool:
    return block.kind == Kind.PARAGRAPH and not looks_like_heading(block.text, markup)


def is_cut(first: Block, second: Block, previous: Block | None, markup: str = "",
           authored: bool = False) -> bool:
    """Is `first` a paragraph cut mid-sentence, continued by `second`?

    A heading is never joined to the paragraph below, even though German paragraphs start
    with capitals; a line is taken as the first half of a cut paragraph only when it could
    not be a heading: it is too long, holds a finished sentence, is followed by a lower-case
    continuation, or directly follows a heading while reading like a clause (a comma, or six
    words or more: "Moskau, das die verbalen Auseinandersetzungen im Weißen"), which a
    sub-heading under a heading does not.
    """
    if first.kind != Kind.PARAGRAPH or ends_sentence(first.text, markup) or not _is_body(second, markup):
        return False
    if second.text[:1].islower():
        return True
    if authored:  # the author's blank line: only a lower-case continuation says it is a cut
        return False
    if not looks_like_heading(first.text, markup) or _has_inner_sentence_end(first.text, markup):
        return True
    follows_heading = previous is not None and previous.kind == Kind.HEADING
    return follows_heading and ("," in first.text or len(first.text.split()) >= 6)


def join(first: Block, second: Block) -> Block:
    return replace(
        first,
        text=f"{first.text.rstrip()} {second.text.lstrip()}",
        raw=f"{first.raw.rstrip()} {second.raw.lstrip()}",
    )


def repair_cut_paragraphs(blocks: list[Block], markup: str = "", classify: bool = True,
                          authored: bool = False) -> list[Block]:
    """Join each paragraph cut by a blank line with its continuation. `markup`: the format's
    characters that may close a sentence after its final punctuation.

    `authored`: the format's blank lines were written by an author (Markdown), not left by a
    scraper, so only a paragraph continued in lower case is taken for a cut one; a paragraph
    that merely ends without a full stop ("im Jahr 2020", a URL, a quote) stays apart.

    With `classify`, short lines that are not cut paragraphs become headings as we go, so the
    rule "follows a heading" sees the final kinds.
    """
    repaired: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        previous = repaired[-1] if repaired else None
        while index + 1 < len(blocks) and is_cut(block, blocks[index + 1], previous, markup, authored):
            block = join(block, blocks[index + 1])
            index += 1
        if classify and block.kind == Kind.PARAGRAPH and looks_like_heading(block.text, markup):
            block = replace(block, kind=Kind.HEADING)
        repaired.append(block)
        index += 1
    return repaired
