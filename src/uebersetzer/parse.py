"""Parse stage: text -> Article with blocks (title, teaser, headings, paragraphs, lists...).

The article's format (by suffix, or sniffed from its content) parses it; formats live in
`formats/`. Each keeps every character that is not translated in the blocks' `gap`,
`prefix` and `raw`, so rendering an untranslated article gives the source back.

A format may be a plug-in we did not write, so the stage holds every format to that promise
on every article (`uncovered`, one pass over the text) and to giving an Article at all: an
article a format drops text of, or cannot parse, fails on its own in one line naming the
format, and the run goes on with the others.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from uebersetzer import formats
from uebersetzer.document import Article, Block
from uebersetzer.errors import ArticleError, UebersetzerError
from uebersetzer.formats.base import Format
from uebersetzer.read import SourceText


def parse(source: SourceText) -> Article:
    if not source.format:
        fmt = formats.for_file(source.path, source.text, source.display)
        return _checked(fmt, _parsed(fmt, source), source)
    # chosen by the read stage: standard input has no file name to go by, nor a file to read again
    fmt = formats.by_name(source.format)
    return replace(_checked(fmt, _parsed(fmt, source), source), content=source.content)


def _parsed(fmt: Format, source: SourceText) -> object:
    try:
        return fmt.parse(source)
    except UebersetzerError:
        raise  # the format's own words for a problem with the article (a table nested too deep)
    except Exception as error:  # not ArticleError: a bug, of a plug-in or ours; this article fails alone
        raise ArticleError(f"{formats.provenance(fmt)} failed to parse it: {type(error).__name__}: "
                           f"{_one_line(error)}; the other articles go on (a bug in the format: please report it)",
                           path=source.display) from error


def _checked(fmt: Format, article: object, source: SourceText) -> Article:
    malformed = _malformed(article)
    if malformed:
        raise ArticleError(f"{formats.provenance(fmt)} gave {malformed} for it, not an Article of Blocks; the "
                           "other articles go on (a bug in the format: please report it)", path=source.display)
    assert isinstance(article, Article)
    line = uncovered(article, source.text)
    if line:
        raise ArticleError(f"{formats.provenance(fmt)} lost text from line {line} on: its blocks do not cover the "
                           "source, so the output would drop what they leave out; the other articles go on (a bug "
                           "in the format: please report it)", path=source.display)
    return article


_TEXTS = ("kind", "text", "raw", "gap", "prefix", "suffix")  # what every stage reads of a block as str


def _malformed(article: object) -> str:
    """What is not as the stages after parse take it, in a few words; "" when all is."""
    if not isinstance(article, Article):
        return type(article).__name__
    if not isinstance(article.blocks, tuple) or not isinstance(article.head, str) or \
            not isinstance(article.tail, str):
        return "an Article whose blocks are no tuple or whose head or tail is no str"
    for block in article.blocks:
        if not isinstance(block, Block):
            return f"a block that is a {type(block).__name__}"
        wrong = next((name for name in _TEXTS if not isinstance(getattr(block, name), str)), "")
        if wrong:
            return f"a block whose {wrong} is a {type(getattr(block, wrong)).__name__}"
    return ""


def uncovered(article: Article, text: str) -> int:
    """0 when the article's head, blocks (gap and raw) and tail are the source text, piece by
    piece, as render writes an article with nothing translated; else the line where they
    part. A piece may differ from the source in white space only: repair joins a paragraph a
    scraper cut with a blank line (repair.join), the one change parsing makes on purpose.
    Blocks of an attribute inside a sentence's tag (`Block.tag`) lie inside the block before
    them and are skipped, as render skips them. One pass, a few milliseconds a megabyte."""
    position = 0
    for piece in _untranslated_pieces(article):
        if text.startswith(piece, position):
            position += len(piece)
            continue
        end = _end_in_other_white_space(piece, text, position)
        if end < 0:
            return _line_where_they_part(text, piece, position)
        position = end
    return 0 if not text[position:].strip() else text.count("\n", 0, position) + 1


def _untranslated_pieces(article: Article) -> Iterator[str]:
    yield article.head
    for block in article.blocks:
        if not block.tag:
            yield block.gap
            yield block.raw
    yield article.tail


_SPACE = re.compile(r"\s*")


def _end_in_other_white_space(piece: str, text: str, position: int) -> int:
    """Where the piece ends in the text when its words stand there from `position` on, with
    other white space around and between them (a repaired paragraph: "Weißen Haus" for
    "Weißen\n\nHaus"); -1 when they do not. The words are compared in a window of the text
    (a regex of the piece's words took a tenth of the parse's time on long articles)."""
    words = piece.split()
    if not words:
        return _SPACE.match(text, position).end()
    for size in (2 * len(piece) + 256, len(text)):
        window = text[position:position + size]
        parts = window.split(maxsplit=len(words))
        if len(parts) > len(words) or len(window) == len(text) - position:
            break  # the window holds the piece's last word whole
    if parts[:len(words)] != words:
        return -1
    end = len(window) - len(parts[len(words)]) if len(parts) > len(words) else len(window.rstrip())
    while end > 0 and window[end - 1].isspace():
        end -= 1
    return position + end


def _line_where_they_part(text: str, piece: str, position: int) -> int:
    same = 0
    while same < len(piece) and position + same < len(text) and piece[same] == text[position + same]:
        same += 1
    return text.count("\n", 0, position + same) + 1


def _one_line(error: Exception, limit: int = 160) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
