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

from dataclasses import replace

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
    if not isinstance(article, Article) or not all(isinstance(block, Block) for block in article.blocks):
        raise ArticleError(f"{formats.provenance(fmt)} gave {type(article).__name__} for it, not an Article of "
                           "Blocks; the other articles go on (a bug in the format: please report it)",
                           path=source.display)
    line = uncovered(article, source.text)
    if line:
        raise ArticleError(f"{formats.provenance(fmt)} lost text from line {line} on: its blocks do not cover the "
                           "source, so the output would drop what they leave out; the other articles go on (a bug "
                           "in the format: please report it)", path=source.display)
    return article


def uncovered(article: Article, text: str) -> int:
    """0 when the article's head, blocks (gap and raw) and tail are the source text, as render
    writes an article with nothing translated; else the line from which they lose text.
    White space may differ: repair joins a paragraph a scraper cut with a blank line
    (repair.join), the one change parsing makes on purpose. Blocks of an attribute inside a
    sentence's tag (`Block.tag`) lie inside the block before them and are skipped, as render
    skips them."""
    pieces = _untranslated_pieces(article)
    if _same_text(pieces, text):
        return 0
    written, source = _squeezed("".join(pieces)), _squeezed(text)
    if written == source:
        return 0
    same = len(_common_prefix(written, source))
    return _line_of_nonspace(text, same)


def _untranslated_pieces(article: Article) -> list[str]:
    pieces = [article.head]
    for block in article.blocks:
        if not block.tag:
            pieces += [block.gap, block.raw]
    pieces.append(article.tail)
    return pieces


def _same_text(pieces: list[str], text: str) -> bool:
    position = 0
    for piece in pieces:
        if not text.startswith(piece, position):
            return False
        position += len(piece)
    return position == len(text)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _common_prefix(first: str, second: str) -> str:
    low, high = 0, min(len(first), len(second))  # bisection: the texts may be megabytes long
    while low < high:
        middle = (low + high + 1) // 2
        if first[:middle] == second[:middle]:
            low = middle
        else:
            high = middle - 1
    return first[:low]


def _line_of_nonspace(text: str, count: int) -> int:
    """The line of the text's character after its first `count` that are not white space."""
    seen = 0
    for number, line in enumerate(text.split("\n"), start=1):
        seen += len(_squeezed(line))
        if seen > count:
            return number
    return text.count("\n") + 1


def _one_line(error: Exception, limit: int = 160) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
