"""Plain text as CMSs export it and scrapers deliver it: blocks from blank lines and layout.

Every character that is not translated (blank lines, list markers) stays in the blocks'
`gap`, `prefix` and `raw`, so rendering an untranslated article gives the source back.
Such text often carries Markdown-style bold and links, so its inline markup is Markdown's.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from uebersetzer.document import Article, Block, Kind
from uebersetzer.formats import markdown
from uebersetzer.formats.base import SOURCES_HEADING, Format, number_blocks, reads_as_footer
from uebersetzer.protect import Span
from uebersetzer.repair import WordUsage, repair_cut_paragraphs

if TYPE_CHECKING:
    from uebersetzer.read import SourceText

# Bullets as CMS exports and scrapers write them; numbered items only in runs (see below).
_BULLET = re.compile(r"^(\s*[•\-\*–·▪►]\s+)(\S.*)$")
_NUMBERED = re.compile(r"^(\s*\d{1,3}[.)]\s+)(\S.*)$")


def parse_text(source: SourceText) -> Article:
    blocks, tail = split_blocks(source.text)
    blocks = _repaired(blocks)
    blocks = _label(blocks)
    return Article(
        path=source.display, file=str(source.path), format="text", blocks=tuple(number_blocks(blocks)), tail=tail,
        newline=source.newline, encoding=source.encoding,
    )


def _repaired(blocks: list[Block]) -> list[Block]:
    """Cut paragraphs joined, but never across text kept between two blocks (a table of
    scores only, which has no block of its own): a join drops the gap, and the table with it.
    The article's word usage is read from all its blocks, as for one run."""
    usage = WordUsage.of((block.text for block in blocks), markdown.CLOSERS)
    runs: list[list[Block]] = [[]]
    for block in blocks:
        if block.gap.strip() and runs[-1]:
            runs.append([])
        runs[-1].append(block)
    return [block for run in runs for block in repair_cut_paragraphs(run, markdown.CLOSERS, usage=usage)]


def split_blocks(text: str) -> tuple[list[Block], str]:
    """Chunks separated by blank lines; a chunk of list lines gives one block per item."""
    blocks: list[Block] = []
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    consumed = 0  # offset up to which text belongs to earlier blocks
    index = 0
    tables = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        if blocks and _is_tab_table(lines[index:end]):
            tables += 1
            cells, consumed = _table_cells(text, offsets, index, end, tables, consumed)
            blocks += cells
            index = end
            continue
        for first, last, kind, prefix, content in _chunk_blocks(lines, index, end, is_first=not blocks):
            start, stop = offsets[first], offsets[last + 1] - 1
            raw = text[start:stop]
            blocks.append(Block(  # a one-line paragraph's raw is its text: one string, not two
                kind=kind, text=content, raw=content if raw == content else raw, line=first + 1,
                gap=text[consumed:start], prefix=prefix,
            ))
            consumed = stop
        index = end
    return blocks, text[consumed:]


def _is_tab_table(chunk: list[str]) -> bool:
    """Lines with cells between tabs (results, standings, prices as a CMS or a spreadsheet
    exports them): two lines at least, every one with a tab. Joined as a wrapped paragraph's
    lines, the rows ran into one line without their tabs."""
    return len(chunk) >= 2 and all("\t" in line for line in chunk)


_CELL = re.compile(r"[^\t]+")


def _table_cells(text: str, offsets: list[int], start: int, end: int, table: int,
                 consumed: int) -> tuple[list[Block], int]:
    """A block for each cell of the table's lines `start`..`end` that holds words (a score,
    a date or a price is kept as it is, between the blocks); the tabs, line ends and those
    cells stay in the gaps, so the table's layout comes back byte for byte. With the offset
    up to which the text is its blocks'."""
    cells = []
    for row, line in enumerate(range(start, end), start=1):
        line_text = text[offsets[line]:offsets[line + 1] - 1]
        for column, cell in enumerate(_CELL.finditer(line_text), start=1):
            content = cell.group().strip()
            if not re.search(r"[^\W\d_]", content):
                continue
            begin = offsets[line] + cell.start() + cell.group().index(content)
            cells.append(Block(kind=Kind.CELL, text=content, raw=content, line=line + 1, gap=text[consumed:begin],
                               place=f"table {table}, row {row}, column {column}"))
            consumed = begin + len(content)
    return cells, consumed


def _chunk_blocks(lines: list[str], start: int, end: int, is_first: bool):
    """Yield (first line, last line, kind, prefix, content) for one blank-line-separated chunk."""
    chunk = lines[start:end]
    if is_first:
        yield start, start, Kind.TITLE, "", chunk[0].strip()
        if len(chunk) > 1:
            yield from _chunk_blocks(lines, start + 1, end, is_first=False)
        return
    run = _list_run(chunk)
    if run is not None:
        first, stop = run
        if first > 0:  # a lead-in line right above the list: a block of its own ("Quellen", "Das Wichtigste:")
            yield from _chunk_blocks(lines, start, start + first, is_first=False)
        for offset in range(first, stop):
            match = _BULLET.match(chunk[offset]) or _NUMBERED.match(chunk[offset])
            yield start + offset, start + offset, Kind.LIST_ITEM, match.group(1), match.group(2).rstrip()
        if stop < len(chunk):  # a line right under the list ends it: a footer, the next paragraph
            yield from _chunk_blocks(lines, start + stop, end, is_first=False)
        return
    leading = chunk[0][: len(chunk[0]) - len(chunk[0].lstrip())]
    yield start, end - 1, Kind.PARAGRAPH, leading, "\n".join(line.strip() for line in chunk)


def _list_run(chunk: list[str]) -> tuple[int, int] | None:
    """(first, stop) of the first list inside `chunk`, or None. Scrapers write a lead-in line
    directly above its list and the next line directly under it, with no blank line between;
    a wrapped paragraph's line may start with a dash too ("– wie erwartet – nichts."), so a
    list among lines of text needs two items, or one under a lead-in ending in a colon or
    naming the sources ("Quellen"). A line under a list that is indented continues its last
    item: that chunk is left whole, as before."""
    position = 0
    while position < len(chunk):
        pattern = _NUMBERED if _NUMBERED.match(chunk[position]) else _BULLET
        if not pattern.match(chunk[position]):
            position += 1
            continue
        stop = position
        while stop < len(chunk) and pattern.match(chunk[stop]):
            stop += 1
        if _is_list(chunk, position, stop, pattern):
            return position, stop
        position = stop
    return None


def _is_list(chunk: list[str], first: int, stop: int, pattern: re.Pattern[str]) -> bool:
    items = stop - first
    if stop < len(chunk) and chunk[stop][:1].isspace():  # the last item's wrapped line
        return False
    if items == len(chunk):
        return pattern is _BULLET or items > 1
    if items >= 2:
        return True
    lead_in = chunk[first - 1].strip() if first else ""
    return items == 1 and (lead_in.endswith(":") or bool(SOURCES_HEADING.match(lead_in)))


def _label(blocks: list[Block]) -> list[Block]:
    """Teaser, sources list and footer: names editors know, used in PO comments."""
    labelled: list[Block] = []
    in_sources = False
    for position, block in enumerate(blocks):
        kind = block.kind
        # "Quellen" is read as a heading, "Quellen:" as a lead-in line: both head the sources
        if kind in (Kind.HEADING, Kind.PARAGRAPH) and SOURCES_HEADING.match(block.text):
            kind, in_sources = Kind.SOURCES, True
        elif kind == Kind.HEADING:
            in_sources = False
        elif kind == Kind.LIST_ITEM and in_sources:
            kind = Kind.SOURCE
        elif kind == Kind.PARAGRAPH and position == 1 and blocks[0].kind == Kind.TITLE:
            kind = Kind.TEASER
        if position == len(blocks) - 1 and position > 1 and _is_footer(block, in_sources):
            kind = Kind.FOOTER
        labelled.append(replace(block, kind=kind))
    return labelled


def _is_footer(block: Block, after_sources: bool) -> bool:
    if block.kind not in (Kind.PARAGRAPH, Kind.HEADING) or "\n" in block.text:
        return False
    return reads_as_footer(block.text, after_sources, markdown.CLOSERS)


# A run of word characters (`\w`: letters, digits and `_`) and what makes it a software
# identifier, as tech articles name them in running text: an underscore between two letters or
# digits (`foo_bar`, `snake_case_name_`, `_private_key`), or two at each end (`__init__`).
_WORD = re.compile(r"\w+")
_IDENTIFIER = re.compile(r"[^\W_]_+[^\W_]|\A__[^\W_](?:\w*[^\W_])?__\Z")


def inline_spans(text: str) -> list[Span]:
    """Markdown's inline markup (markdown.inline_spans), and each software identifier kept
    whole, as a URL is. Plain text has no code markup to mark one: Markdown's emphasis rules
    read `__init__` as `init` in bold (`{1}init{2}` reached the model: a word to translate, and
    the fixture model wrote `____`) and the `_` at an edge of `snake_case_name_` as emphasis
    closed (a placeholder no engine needed), and an identifier left as text is a word the model
    does not know (the fixture model wrote `the agreement` for `__init__`, nothing for
    `foo_bar`). As one placeholder it comes back as written, or restore's check says it did not.
    `_kursiv_` is still emphasis; a URL, handle or hashtag (`@dpa_news`) is kept whole as before."""
    spans = markdown.inline_spans(text)
    if "_" not in text:
        return spans
    identifiers = [Span(word.start(), word.end(), word.group(), "atom") for word in _WORD.finditer(text)
                   if "_" in word.group() and _IDENTIFIER.search(word.group())]
    if not identifiers:
        return spans
    # the underscores inside one are not markup; after the others (a URL's atom holds its identifiers)
    return [span for span in spans if not (span.output.strip("_") == "" and any(
        identifier.start <= span.start and span.end <= identifier.end for identifier in identifiers))] + identifiers


FORMAT = Format(
    name="text", suffixes=(".txt",), parse=parse_text, inline_spans=inline_spans,
    closing_markup=markdown.CLOSING_MARKUP, visible_text=markdown.visible_text, emphasized=markdown.emphasized,
    description="text",
)
