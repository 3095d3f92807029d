"""Markdown, parsed with markdown-it-py (CommonMark + tables + front matter).

Only leaf text blocks (headings, paragraphs, list item and quote paragraphs) are
translated, and the reader-facing values of the YAML, TOML or JSON front matter (its title,
description...; see front_matter.py) and of Hugo shortcodes and Jekyll includes (a figure's
caption; see sites.py, which also keeps the generators' template syntax out of every block).
Everything between them, code, HTML, tables, rules and the rest of the front matter, stays in
the blocks' `gap` verbatim; the parser's line map says where each block starts and ends.
Emphasis and link syntax are protected inline; the link text is translated, its URL not.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import re
from typing import TYPE_CHECKING, Callable, NamedTuple

from uebersetzer.document import Article, Block, Kind
from uebersetzer.formats import front_matter, sites
from uebersetzer.formats.base import (SOURCES_HEADING, CharacterReference, Format, mask_verbatim, number_blocks,
                                       with_edge_space)
from uebersetzer.protect import Span, code_spans, verbatim_spans
from uebersetzer.repair import repair_cut_paragraphs

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline.state_inline import StateInline
    from markdown_it.token import Token

    from uebersetzer.read import SourceText

CLOSERS = "*_`"  # markup characters that may follow a sentence's final punctuation
# A footnote marker follows the sentence it belongs to, often with no space (`Kraft.[^1] Mehr`).
# So does the end of a link whose text holds whole sentences (`[Satz eins. Satz zwei.](url)`).
CLOSING_MARKUP = r"\*\*|\*|__|_|\[\^[^\[\]\s]+\](?!:)|\]\([^()\s]*\)"
# Reference links: full `[text][label]`, collapsed `[text][]` (see _link_end), and shortcut
# `[text]` (a link when a definition `[text]: url` exists, else an editor's bracket, which
# this stage cannot tell apart: the brackets stay where they are and the words inside are
# translated, so a translated shortcut link no longer finds its definition; `qa` does not
# see that either). The label of a full link is kept whole: it names the definition. The text
# inside starts and ends with a non-space: `[ sic ]` is an editor's bracket, and markup hugs
# the words it wraps (restore would drop those spaces).
_REFERENCE_LINK = re.compile(r"(!?\[)(?!\^)(?:[^\[\]\s]|[^\[\]\s][^\[\]\n]*[^\[\]\s])?(\]\[[^\[\]\n]*\])")
_SHORTCUT_LINK = re.compile(r"(?<!\])(!?\[)(?!\^)(?:[^\[\]\s]|[^\[\]\s][^\[\]\n]*[^\[\]\s])(\])(?![(\[:])")
# A footnote reference `[^1]`, or the marker `[^1]:` that starts its definition.
_FOOTNOTE = re.compile(r"\[\^[^\[\]\s]+\]:?")
# The halves of a link whose text holds whole sentences, in a sentence without the other half:
# its `[` (no `]` follows in the sentence) and its `](url "title")` (no `[` before it).
# Like a whole link's text, what they hold starts and ends with a non-space: `[ so` is a bracket.
_LINK_OPENING_ALONE = re.compile(r"!?\[(?!\^)(?=[^\]\s])")  # searched after the text's last `]`
_LINK_END_ALONE = re.compile(r"(?<!\s)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\)")
_INLINE_CODE = re.compile(r"`[^`]+`")  # as protect.code_spans keeps it
_EMPHASIS = re.compile(r"\*\*|\*|(?<!\w)__|__(?!\w)|(?<!\w)_|_(?!\w)")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_SYNTAX = re.compile(r"[*_`#>\[\]()]")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # imported here: a run over text articles needs only this module's inline spans (QA's markup check)
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    # footnotes: a definition `[^1]: Text` is read as the label (layout, kept) and its text
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(footnote_plugin)


class InlineLink(NamedTuple):
    """An inline link `[text](url "title")` or image `![alt](src "title")` in a text, by offsets."""

    start: int  # at its `[` or `![`
    text_start: int  # at its text (an image: its alt text)
    text_end: int  # at the `]` after its text
    end: int  # after its `)`


@lru_cache(maxsize=1024)  # a block's links are asked for by the splitter's mask, its titles and each sentence
def inline_links(text: str) -> tuple[InlineLink, ...]:
    """Every inline link and image of `text`, nested ones too (`[![alt](img)](url)`), as
    markdown-it-py's own link and image rules find them: a regex of ours cut a linked image
    at the image's `](`, and also took a link inside code for one. Reference links are not
    among them: which exist depends on the definitions elsewhere in the article (see
    _REFERENCE_LINK)."""
    if "](" not in text:  # in every inline link and image; most sentences have none
        return ()
    from markdown_it.rules_inline.state_inline import StateInline

    parser = _link_parser()
    found: dict[str, object] = {"source": text, "links": []}
    parser.inline.tokenize(StateInline(text, parser, found, []))  # the inline rules alone: a third of parseInline's time
    return tuple(sorted(found["links"]))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _link_parser() -> MarkdownIt:
    """CommonMark's inline parser with its link and image rules recording where each match lies
    (markdown-it-py's inline tokens carry no offsets)."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import image, link

    parser = MarkdownIt("commonmark")
    parser.inline.ruler.at("link", _recording(link, opener=1))
    parser.inline.ruler.at("image", _recording(image, opener=2))
    return parser


def _recording(rule: Callable[[StateInline, bool], bool], opener: int) -> Callable[[StateInline, bool], bool]:
    """`rule` (link or image, whose opening bracket is `opener` characters long) noting each
    link it finds in the text parsed, not in an image's alt text, which is parsed on its own."""
    def recorded(state: StateInline, silent: bool) -> bool:
        start = state.pos
        matched = rule(state, silent)
        source = state.env["source"]
        if matched and not silent and len(state.src) == len(source):
            text_end = state.md.helpers.parseLinkLabel(state, start + opener - 1, opener == 1)
            state.env["links"].append(InlineLink(start, start + opener, text_end, state.pos))
        return matched
    return recorded


def character_references(text: str) -> list[CharacterReference]:
    """The character references of a block's text that a reader sees as characters (`&bdquo;`
    as „), as CommonMark reads them with markdown-it-py's own rule: only with their `;`, and
    not inside code, an autolink, inline HTML or a link's address, nor after a backslash."""
    if "&" not in text:  # in every reference; most blocks have none
        return []
    from markdown_it.rules_inline.state_inline import StateInline

    parser = _entity_parser()
    # (markdown-it keeps link reference definitions under "references")
    found: dict[str, object] = {"source": text, "character_references": []}
    parser.inline.tokenize(StateInline(text, parser, found, []))
    return found["character_references"]  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _entity_parser() -> MarkdownIt:
    """CommonMark's inline parser with its entity rule noting where each reference lies and what
    it reads as (markdown-it-py's tokens carry no offsets)."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import entity

    def recorded(state: StateInline, silent: bool) -> bool:
        start = state.pos
        matched = entity(state, silent)
        if matched and not silent and len(state.src) == len(state.env["source"]):  # not an image's alt text
            state.env["character_references"].append(CharacterReference(start, state.pos, state.tokens[-1].content))
        return matched

    parser = MarkdownIt("commonmark")
    parser.inline.ruler.at("entity", recorded)
    return parser


# A carriage return not followed by a line feed. CommonMark ends a line there too, and
# markdown-it-py's line map counts such lines, where the offsets below count `\n`: a lone `\r`
# put a block's lines past the end of the text (an IndexError). The CLI has made every line end
# `\n` before (read.normalize_newlines); another caller of the plug-in may not have.
_LONE_CARRIAGE_RETURN = re.compile(r"\r(?!\n)")


def parse_markdown(source: SourceText) -> Article:
    # a lone `\r` read as the line end it is, `\n` (one character for one: the offsets hold)
    text = _LONE_CARRIAGE_RETURN.sub("\n", source.text) if "\r" in source.text else source.text
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    found: dict[str, dict[str, dict]] = {}
    delimited = front_matter.delimited(text)
    template_lines = sites.template_lines(text, offsets, delimited.end if delimited else _yaml_front_matter_end(text))
    # markdown-it-py reads the text with the TOML or JSON front matter and the lines of site
    # templates (a Liquid tag, a shortcode, a kramdown attribute list alone on its line, a
    # `{% raw %}` block) as empty lines: the line numbers it gives are the text's, and those
    # lines stay in the blocks' gaps as written
    parsed = sites.blanked(text, offsets, template_lines | _front_lines(delimited, text))
    tokens = _parser().parse(parsed, found)
    if delimited:
        front, consumed, front_warnings = _delimited_front_matter(delimited, text, source.shown)
    else:
        front, consumed, front_warnings = _front_matter(tokens, text, offsets, source.shown)
    defined = set(found.get("references", {}))
    pieces: list[tuple[int, int, Block]] = []  # (start, end, block) in the text
    # by line: the footnote plugin moves the definitions' tokens to the end
    for kind, token, inline, checkbox in _leaf_blocks(tokens):
        first, last = token.map  # type: ignore[misc]
        start, stop = offsets[first], min(offsets[last] - 1, len(text))
        raw = text[start:stop]
        content = _without_attributes(inline.content[len(checkbox):], token)
        prefix, suffix = _prefix_suffix(raw, content, token)
        if content == inline.content[len(checkbox):]:  # not an ATX heading's, which _without_attributes took
            content, suffix = _without_closing_attributes(content, raw, suffix)
        pieces.append((start, stop, Block(kind=kind, text=_written_for_translation(content, defined), raw=raw,
                                          line=first + 1, prefix=prefix, suffix=suffix)))
    code_lines = _code_lines(tokens)
    pieces += sites.parameter_blocks(text, offsets, template_lines - code_lines)
    cells, split_tables = _table_cells(tokens, text, offsets)
    cells = [(start, end, replace(cell, text=_shortcut_links_collapsed(cell.text, defined))) for start, end, cell in cells]
    html_pieces, read_html = _html_block_pieces(tokens, text, offsets)
    titles = [(start, end, Block(kind=Kind.TOOLTIP, text=words, raw=text[start:end],
                                 line=text.count("\n", 0, start) + 1))
              for start, end, words in _definition_titles(text, offsets, found.get("references", {}))]
    blocks, tail = _placed(pieces + cells + html_pieces + titles, text, consumed)
    blocks = front + _with_link_titles(_label(_repaired(blocks)))
    kept = _kept_as_written(tokens, split_tables | read_html)
    inline_parameters = sites.untranslated_parameters(text, offsets, template_lines | code_lines)
    if inline_parameters:
        kept["shortcode"] = inline_parameters
    return Article(
        path=source.display, file=str(source.path), format="markdown", blocks=tuple(number_blocks(blocks)),
        tail=tail, newline=source.newline, encoding=source.encoding,
        warnings=front_warnings + _untranslated(kept, source.shown),
        kept_as_written=_kept_summary(kept, front_matter_kept=bool(front_warnings)),
    )


def _front_matter(tokens: list[Token], text: str, offsets: list[int], display: str
                  ) -> tuple[list[Block], int, tuple[str, ...]]:
    """The front matter's translated values as blocks, where the article's other blocks start
    looking (after the last of them), and a warning when the front matter cannot be read."""
    token = next((token for token in tokens if token.type == "front_matter" and token.map), None)
    if token is None or not text.startswith(token.content, offsets[1]):  # not where the plugin says: kept
        return [], 0, ()
    try:
        values = front_matter.fields(token.content)
    except front_matter.Malformed as error:
        return [], 0, (f"{display}:1: front matter kept as written, not translated: {error}",)
    blocks, consumed = [], 0
    for value in values:
        start, end = offsets[1] + value.start, offsets[1] + value.end
        blocks.append(Block(kind=Kind.FRONT_MATTER, field=value.key, text=value.text, raw=text[start:end],
                            line=text.count("\n", 0, start) + 1, gap=text[consumed:start]))
        consumed = end
    return blocks, consumed, ()


def _yaml_front_matter_end(text: str) -> int:
    """Where a YAML front matter (`---` lines) ends, at most: no template line is looked for
    in it (the front matter plugin reads it as written)."""
    if not text.startswith("---"):
        return 0
    closing = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE).search(text, 3)
    return closing.end() if closing else 0


def _front_lines(delimited: front_matter.Delimited | None, text: str) -> set[int]:
    """The 0-based lines a TOML or JSON front matter takes."""
    return set(range(text.count("\n", 0, delimited.end) + (not text.endswith("\n", 0, delimited.end)))) \
        if delimited else set()


def _delimited_front_matter(delimited: front_matter.Delimited, text: str, display: str
                            ) -> tuple[list[Block], int, tuple[str, ...]]:
    """A TOML or JSON front matter's translated values as blocks (see _front_matter). Their
    `place` says the language, which escape_block writes the translation in."""
    try:
        values = front_matter.delimited_fields(text, delimited)
    except front_matter.Malformed as error:
        return [], 0, (f"{display}:1: front matter kept as written, not translated: {error}",)
    blocks, consumed = [], 0
    for value in values:
        blocks.append(Block(kind=Kind.FRONT_MATTER, field=value.key, text=value.text, raw=text[value.start:value.end],
                            line=text.count("\n", 0, value.start) + 1, gap=text[consumed:value.start],
                            place=delimited.language))
        consumed = value.end
    return blocks, consumed, ()


# The attribute list that ends an ATX heading (Goldmark's `{#anker}`, kramdown's `{: .x}`): markup,
# written after the translation as closing hashes are.
_TRAILING_ATTRIBUTES = re.compile(r"[ \t]*\{(?:[:#.]|[A-Za-z][\w-]*=)[^{}\n]*\}[ \t]*$")


def _without_attributes(content: str, token: Token) -> str:
    if token.type != "heading_open" or not token.markup.startswith("#") or "{" not in content:
        return content
    attributes = _TRAILING_ATTRIBUTES.search(content)
    return content[:attributes.start()] if attributes and attributes.start() > 0 else content


# An attribute list that closes a paragraph or item (kramdown's `{: .lead}`, Goldmark's `{.lead}`),
# on its last line or, in a quote or list, on a line of its own: markup. Kept out of the text,
# written after the translation: a model moved it before the full stop, into the sentence.
_CLOSING_ATTRIBUTES = re.compile(r"\{(?:[:#.]|[A-Za-z][\w-]*=)[^{}\n]*\}[ \t]*$")
# What it may follow: a sentence's end (and its quotes), or white space. Glued to anything else
# (`*Minister*{: .x}`, `[mehr](url){:target="_blank"}`) it is the inline element's, and stays in the text.
_ENDS_SENTENCE = re.compile(r"[.!?…][\"“”»«’']*$")


def _without_closing_attributes(content: str, raw: str, suffix: str) -> tuple[str, str]:
    """(the paragraph's, item's or setext heading's text, its suffix) with an attribute list that
    closes it moved from the one to the other, as the source writes it (`raw`): the line break
    and a quote's `> ` before it too."""
    at = content.rfind("{")
    attributes = _CLOSING_ATTRIBUTES.match(content, at) if at > 0 else None
    if attributes is None:
        return content, suffix
    kept = content[:at].rstrip()
    if not kept or not content[at - 1].isspace() and not _ENDS_SENTENCE.search(kept):
        return content, suffix
    last_line = kept.rsplit("\n", 1)[-1]
    written_at = raw.rfind(attributes.group(0).rstrip())
    kept_end = raw.rfind(last_line, 0, written_at) if written_at >= 0 else -1
    if kept_end < 0:  # not where the source has it: left in the text, protected as before
        return content, suffix
    tail = raw[kept_end + len(last_line):]
    return kept, tail if tail.endswith(suffix) else tail + suffix  # a setext heading's underline: in both


def _code_lines(tokens: list[Token]) -> set[int]:
    """The 0-based lines of code blocks, fenced or indented, and HTML blocks: a shortcode
    written there is an example, not the page's."""
    return {line for token in tokens if token.type in ("fence", "code_block", "html_block") and token.map
            for line in range(*token.map)}


def _written_for_translation(content: str, defined: set[str]) -> str:
    """A leaf block's text as it is read for translation: a hard line break inside a sentence
    written `\\` (CommonMark's other spelling of it), so its msgid shows it and it is kept,
    and a shortcut reference link to a definition written as a collapsed one, `[Minister][]`,
    whose label survives the translation of its text (see _link_end)."""
    return _shortcut_links_collapsed(_hard_breaks_spelled(content), defined)


# Two spaces or more before a line break: a hard break. One after a sentence's end stays as
# written (render keeps the line break between the two sentences); one inside a sentence is
# spelled `\\`, which the msgid keeps.
_MULTILINE_CODE_SPAN = re.compile(r"(`+)[\s\S]+?\1")  # a code span may hold a line break
_SPACED_BREAK = re.compile(r"(?<=\S) {2,}\n")
_SENTENCE_END = re.compile(r"[.!?…][\"“”»«’')*_\]]*$")


def _hard_breaks_spelled(content: str) -> str:
    if "  \n" not in content:
        return content
    code = [(match.start(), match.end()) for match in _MULTILINE_CODE_SPAN.finditer(content)]

    def spelled(found: re.Match[str]) -> str:
        inside_code = any(start <= found.start() < end for start, end in code)
        return found.group(0) if inside_code or _SENTENCE_END.search(content, 0, found.start()) else "\\\n"

    return _SPACED_BREAK.sub(spelled, content)


def _shortcut_links_collapsed(content: str, defined: set[str]) -> str:
    if not defined or "[" not in content:
        return content
    from markdown_it.common.utils import normalizeReference

    code = [(match.start(), match.end()) for match in _MULTILINE_CODE_SPAN.finditer(content)]
    links = [(found.start, found.end) for found in inline_links(content)]
    out, position = [], 0
    for match in _SHORTCUT_LINK.finditer(content):
        inside = any(start <= match.start() < end for start, end in code + links)
        label = content[match.end(1):match.start(2)]
        if inside or normalizeReference(label) not in defined:
            continue
        out += [content[position:match.end()], "[]"]
        position = match.end()
    return "".join(out) + content[position:]


def _placed(pieces: list[tuple[int, int, Block]], text: str, consumed: int) -> tuple[list[Block], str]:
    """The blocks in text order, each with the text between the one before (or `consumed`, the
    end of the front matter's) and it as its gap, and the text after the last. A block of an
    attribute inside a sentence's tag (an HTML block's `<img alt>`, `Block.tag`) follows its
    sentence and takes no text of its own."""
    blocks = []
    for start, end, block in sorted(pieces, key=lambda piece: (piece[0], bool(piece[2].tag))):
        if block.tag:
            blocks.append(block)
            continue
        blocks.append(replace(block, gap=text[consumed:start]))
        consumed = end
    return blocks, text[consumed:]


def _is_leaf(block: Block) -> bool:
    """A heading, paragraph, list item or quote written in Markdown: not a table cell, not a
    block of an HTML block, not a title."""
    return not (block.place or block.markup or block.kind == Kind.TOOLTIP)


def _repaired(blocks: list[Block]) -> list[Block]:
    """Paragraphs cut by a blank line joined (repair_cut_paragraphs), within each run of
    Markdown leaf blocks: a table, an HTML block or a definition between two ends the one
    before it, and joining across it would drop it."""
    repaired: list[Block] = []
    run: list[Block] = []
    for block in [*blocks, None]:
        if block is not None and _is_leaf(block) and not (run and block.gap.strip()):
            run.append(block)
            continue
        if block is not None and _is_leaf(block):  # after a code block, a rule, a template line: a new run
            repaired += repair_cut_paragraphs(run, CLOSERS, classify=False, authored=True)
            run = [block]
            continue
        repaired += repair_cut_paragraphs(run, CLOSERS, classify=False, authored=True) if run else []
        run = []
        if block is not None:
            repaired.append(block)
    return repaired


class _Cell(NamedTuple):
    start: int  # offsets in the text, without the white space around the cell's content
    end: int
    content: str  # as markdown-it-py reads it: `\|` as `|`


def _split_row(text: str, start: int, end: int) -> list[_Cell]:
    """The cells of a table row written in text[start:end], by offsets, as markdown-it-py's
    `escapedSplit` splits them (a `|` after a backslash is in the cell), without the empty
    cell before a leading pipe and after a trailing one. Ours because markdown-it-py's keeps
    no offsets, and render writes each cell's translation where it stood."""
    cells: list[tuple[int, int]] = []
    cell_start = position = start
    while position < end:
        if text[position] == "|" and (position == start or text[position - 1] != "\\"):
            cells.append((cell_start, position))
            cell_start = position + 1
        position += 1
    cells.append((cell_start, end))
    if cells and not text[cells[0][0]:cells[0][1]]:
        cells.pop(0)
    if cells and not text[cells[-1][0]:cells[-1][1]]:
        cells.pop()
    found = []
    for cell_start, cell_end in cells:
        written = text[cell_start:cell_end]
        inner = written.strip(" \t")
        at = cell_start + len(written) - len(written.lstrip(" \t"))
        found.append(_Cell(at, at + len(inner), inner.replace("\\|", "|")))
    return found


_ROW_START = re.compile(r"[ \t>]*")  # a quote's `> ` or a list item's indentation before a row
_CODE_SPAN = re.compile(r"(`+).+?\1")


def _table_cells(tokens: list[Token], text: str, offsets: list[int]) -> tuple[list[tuple[int, int, Block]], set[int]]:
    """A block for each cell of each table that holds words, by its offsets, and the first
    lines of the tables split so. A table is split only when every row's cells, as ours
    finds them, are the cells markdown-it-py read (a table inside a list item's first line is
    not): any other stays as written, and is said to (_kept_as_written)."""
    cells: list[tuple[int, int, Block]] = []
    split: set[int] = set()
    table, row, column, first_line = 0, -1, 0, 0  # row: -1 outside a table, 0 its header
    table_cells: list[tuple[int, int, Block]] = []
    written: list[_Cell] = []
    agrees = True
    for token in tokens:
        if token.type == "table_open" and token.map:
            table, row, table_cells, agrees, first_line = table + 1, -1, [], True, token.map[0]
        elif token.type == "tr_open" and token.map:
            row, column = row + 1, 0
            line = token.map[0]
            line_start = offsets[line]
            line_end = min(offsets[line + 1] - 1, len(text))
            row_start = _ROW_START.match(text, line_start).end()  # type: ignore[union-attr]
            while line_end > row_start and text[line_end - 1] in " \t":
                line_end -= 1
            written = _split_row(text, row_start, line_end)
        elif token.type == "inline" and token.map and row >= 0:
            if column < len(written) and written[column].content != token.content:
                agrees = False
            elif column < len(written) and _has_words(token.content):
                cell = written[column]
                place = f"table {table}, {'header' if row == 0 else f'row {row}'}, column {column + 1}"
                table_cells.append((cell.start, cell.end, Block(kind=Kind.CELL, text=text[cell.start:cell.end],
                                                                raw=text[cell.start:cell.end], line=token.map[0] + 1,
                                                                place=place)))
            column += 1
        elif token.type == "table_close" and row >= 0:
            if agrees:
                cells += table_cells
                split.add(first_line)
            row = -1
    return cells, split


def _has_words(content: str) -> bool:
    """Letters outside code spans: a cell of numbers, symbols or code holds nothing to translate."""
    return bool(re.search(r"[^\W\d_]", _CODE_SPAN.sub(" ", content)))


def _html_block_pieces(tokens: list[Token], text: str, offsets: list[int]) -> tuple[list[tuple[int, int, Block]], set[int]]:
    """The text blocks of each HTML block, read by the HTML format (its elements, inline
    markup, and what it leaves alone: comments, `<script>`, `<style>`, `<pre>`), and the
    first lines of the blocks read. One inside a quote, whose lines start with `>`, is not
    read (the `>` would be text to HTML), nor one the HTML reader cannot read: each stays as
    written, and is said to (_kept_as_written)."""
    from uebersetzer.formats.html import fragment_blocks

    pieces: list[tuple[int, int, Block]] = []
    read: set[int] = set()
    for token in tokens:
        if token.type != "html_block" or not token.map:
            continue
        first, last = token.map
        start, stop = offsets[first], min(offsets[last] - 1, len(text))
        fragment = text[start:stop]
        if [line.lstrip() for line in fragment.split("\n")] != [line.lstrip() for line in
                                                                 token.content.rstrip("\n").split("\n")]:
            continue
        found = fragment_blocks(fragment)
        if found is None:
            continue
        read.add(first)
        pieces += [(start + at, start + end, replace(block, line=block.line + first, markup="html"))
                   for at, end, block in found]
    return pieces, read


def _definition_titles(text: str, offsets: list[int], references: dict[str, dict]) -> list[tuple[int, int, str]]:
    """(start, end, text) of the title of every link reference definition that has one
    (`[live]: https://example.com "Zum Liveblog"`), as markdown-it-py found them: each of its
    definitions says on which lines it stands (`map`; without it, as in an older version, the
    title stays as written), and the title is the one that ends the definition."""
    from markdown_it.helpers import parseLinkTitle

    titles = []
    for definition in references.values():
        lines = definition.get("map")
        if not definition.get("title", "").strip() or not lines:
            continue
        start, end = offsets[lines[0]], offsets[lines[1]] - 1
        written = text[start:end].rstrip()
        for opening in (at for at, character in enumerate(written) if character in "\"'("):
            title = parseLinkTitle(written, opening, len(written))
            if title.ok and title.pos == len(written) and title.str == definition["title"]:
                titles.append((start + opening + 1, start + len(written) - 1, title.str))
                break
    return sorted(titles)


def _with_link_titles(blocks: list[Block]) -> list[Block]:
    """Each block followed by a tooltip block for every title of its links and images
    (`[Tabelle](#t "Zur Tabelle springen")`), translated as HTML's `title` attributes are and
    written into the link's markup by render (`Block.tag`, as an HTML tag's title). The
    sentence's msgid keeps that markup whole with the source's title, a protected span no
    engine sees. Image titles too, though they often hold a photo credit ("Foto: dpa"): a
    credit's label words are the target language's on the page ("Photo: dpa"), names stay as
    they are or as the glossary says, and an editor sees each title in its own entry."""
    with_titles: list[Block] = []
    for block in blocks:
        with_titles.append(block)
        if block.markup:  # an HTML block's link titles are its own blocks already
            continue
        for found in sorted(inline_links(block.text), key=lambda link: link.text_end):  # as the titles stand
            markup = block.text[found.text_end:found.end]
            title = _title(markup)
            if title is not None:
                start, end, text = title
                with_titles.append(Block(kind=Kind.TOOLTIP, text=text, raw=markup[start:end], line=block.line,
                                         gap=markup[:start], tag=markup))
    return with_titles


def _title(markup: str) -> tuple[int, int, str] | None:
    """Where the title of a link's closing markup `](url "title")` lies in it, and its text
    (backslash escapes resolved), by markdown-it-py's own link helpers; None without one."""
    from markdown_it.helpers import parseLinkDestination, parseLinkTitle

    position = len(markup) - len(markup[2:].lstrip()) if markup.startswith("](") else len(markup)
    destination = parseLinkDestination(markup, position, len(markup))
    if not destination.ok:
        return None
    position = destination.pos + len(markup[destination.pos:]) - len(markup[destination.pos:].lstrip())
    if position == destination.pos:
        return None  # a title is set apart from the URL by white space
    title = parseLinkTitle(markup, position, len(markup))
    if not title.ok or not title.str.strip():
        return None
    return position + 1, title.pos - 1, title.str


def escape_block(text: str, block: Block) -> str:
    """A front matter value as YAML writes it (quoted where its new text needs quotes), or TOML
    or JSON (the block's `place`)."""
    if block.kind != Kind.FRONT_MATTER:
        return text
    value = with_edge_space(text, block.text)
    if block.place == "toml":
        return front_matter.toml_value(value, block.raw)
    if block.place == "json":
        return front_matter.json_value(value)
    return front_matter.yaml_value(value, block.raw)


_BARE_PIPE = re.compile(r"(?<!\\)\|")
# A hard break as a msgstr writes it, `\\ `, or where a model put its placeholder (`\\the`): a
# backslash before no ASCII punctuation, which no Markdown escape is
_AROUND_HARD_BREAK = re.compile(r"[ \t]*(?<!\\)\\(?![!-/:-@\[-`{-~])[ \t\n]*")


def escape(text: str, block: Block) -> str:
    """A translated link title as its quotes allow: the quote it is written in (or its brackets)
    escaped; a table cell's `|` escaped, as the source escapes one (`\\|`)."""
    if block.kind == Kind.CELL:  # a `|` would end the cell, and a line break the row
        return _BARE_PIPE.sub(r"\\|", " ".join(text.splitlines()))
    if block.kind not in sites.PARAMETER_KINDS:  # a hard break inside a sentence: `\\` ends its line,
        # and the next one starts as the source's second line does (a quote's `> `, a list item's indentation)
        if "\\" not in text or "\\\n" not in block.text:
            return text
        continuation = _ROW_START.match(block.raw.split("\n", 2)[1]).group(0) if "\n" in block.raw else ""
        # (at the sentence's end a model moved it there: no line break, and no stray `\\`)
        return _AROUND_HARD_BREAK.sub(lambda found: "\\\n" + continuation if found.end() < len(text) else "", text)
    if block.place:  # a shortcode's parameter: in its double quotes
        return sites.quoted_parameter(text, block.raw)
    if block.kind != Kind.TOOLTIP:
        return text
    delimiters = "()" if block.gap.endswith("(") else block.gap[-1:]
    return re.sub(f"[{re.escape(delimiters)}]", lambda found: "\\" + found.group(0), text) if delimiters else text


# What the Markdown reader leaves as written although it holds words (README "Formats"): said
# once per article, or an English page would carry a German table without anyone knowing.
# (The front matter's reader-facing values are translated; its other keys are data.)
_KEPT_AS_WRITTEN = {"table_open": ("table", "tables"), "html_block": ("HTML block", "HTML blocks"),
                    "shortcode": ("shortcode's text", "shortcodes' texts")}


def _kept_as_written(tokens: list[Token], translated: set[int]) -> dict[str, list[int]]:
    """The 1-based first lines of the tables and HTML blocks that hold words and stay as
    written, by token type; `translated`: the (0-based) first lines of those whose text is
    translated after all (tables split into cells, HTML blocks read)."""
    found: dict[str, list[int]] = {}
    for token in tokens:
        if token.type in _KEPT_AS_WRITTEN and token.map and token.map[0] not in translated and re.search(
                r"[^\W\d_]{2}", _TAGS.sub(" ", token.content) if token.type == "html_block" else
                token.content or "x" * 2):
            found.setdefault(token.type, []).append(token.map[0] + 1)
    return found


def _kept_summary(found: dict[str, list[int]], front_matter_kept: bool = False) -> str:
    """What is kept as written, from its first line: "line 9: 1 table and 1 HTML block";
    `front_matter_kept`: the front matter too (it could not be read, _front_matter)."""
    kinds = (["the front matter"] if front_matter_kept else []) + [
        f"{len(lines)} {_KEPT_AS_WRITTEN[kind][0 if len(lines) == 1 else 1]}" for kind, lines in found.items()]
    if not kinds:
        return ""
    first = 1 if front_matter_kept else min(line for lines in found.values() for line in lines)
    listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    return f"line {first}: {listed}"


def _untranslated(found: dict[str, list[int]], display: str) -> tuple[str, ...]:
    if not found:
        return ()
    line, listed = _kept_summary(found).removeprefix("line ").split(": ", 1)
    why = []
    if found.keys() - {"shortcode"}:
        why.append("a table or HTML block in a quote or on a list item's first line, or HTML too broken to read, is "
                   "left as it is")
    if "shortcode" in found:
        why.append("a shortcode or include with a title, alt text or caption inside a paragraph is kept whole; put "
                   "it on a line of its own to translate its text")
    return (f"{display}:{line}: {listed} kept as written, not translated ({'; '.join(why)})",)


_TAGS = re.compile(r"<[^>]*>")


# A task list item's checkbox (GitHub, Hugo's Goldmark, kramdown): markup, written before the text.
_CHECKBOX = re.compile(r"\[[ xX]\][ \t]+(?=\S)")


def _leaf_blocks(tokens: list[Token]):
    """Yield (kind, opening token, inline token, task checkbox or "") for every translatable leaf block."""
    containers: list[str] = []
    for position, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            containers.append(token.type)
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            containers.pop()
        elif token.type in ("heading_open", "paragraph_open") and token.map:
            inline = tokens[position + 1]
            if not inline.content.strip():
                continue
            first_in_item = token.type == "paragraph_open" and tokens[position - 1].type == "list_item_open"
            checkbox = _CHECKBOX.match(inline.content) if first_in_item else None
            yield _kind(token, containers), token, inline, checkbox.group(0) if checkbox else ""


def _kind(token: Token, containers: list[str]) -> str:
    if token.type == "heading_open":
        return Kind.HEADING
    if containers and containers[-1] == "blockquote_open":
        return Kind.QUOTE
    if containers:
        return Kind.LIST_ITEM
    return Kind.PARAGRAPH


def _prefix_suffix(raw: str, content: str, token: Token) -> tuple[str, str]:
    first_line = raw.split("\n", 1)[0]
    first_content_line = content.split("\n", 1)[0]
    at = first_line.find(first_content_line)
    prefix = first_line[:at] if at >= 0 else ""
    if token.type == "heading_open" and token.markup in ("=", "-"):  # setext: keep the underline
        return prefix, "\n" + raw.rsplit("\n", 1)[-1]
    if token.type == "heading_open" and at >= 0:  # ATX: keep closing hashes (`## Titel ##`)
        return prefix, first_line[at + len(first_content_line):]
    return prefix, ""


def _label(blocks: list[Block]) -> list[Block]:
    """Title, teaser and sources among the Markdown leaf blocks (see _is_leaf)."""
    labelled = []
    leaves: list[Block] = []
    for block in blocks:
        if not _is_leaf(block):
            labelled.append(block)
            continue
        position = len(leaves)
        kind = block.kind
        if position == 0 and kind == Kind.HEADING and block.prefix.strip() in ("#", ""):
            kind = Kind.TITLE
        elif kind == Kind.HEADING and SOURCES_HEADING.match(block.text):
            kind = Kind.SOURCES
        elif kind == Kind.PARAGRAPH and position == 1 and leaves[0].kind == Kind.TITLE:
            kind = Kind.TEASER
        leaves.append(replace(block, kind=kind))
        labelled.append(leaves[-1])
    return labelled


def inline_spans(text: str) -> list[Span]:
    """Inline code and HTML, footnote markers, then link syntax (its URL belongs to the link;
    inline, then reference links), then URLs and the like, then emphasis (an underscore
    inside a URL is not emphasis)."""
    spans = code_spans(text)
    spans += [Span(m.start(), m.end(), m.group(0), "atom") for m in _FOOTNOTE.finditer(text)]
    for start, text_start, text_end, end in _link_markup(text):
        spans.append(Span(start, text_start, text[start:text_start], "open"))
        spans.append(Span(text_end, end, text[text_end:end], "close"))
    for pattern in (_REFERENCE_LINK, _SHORTCUT_LINK):
        for match in pattern.finditer(text):
            spans.append(Span(match.start(1), match.end(1), match.group(1), "open"))
            spans.append(Span(match.start(2), match.end(2), _link_end(match), "close"))
    spans += _link_halves(text)
    spans += verbatim_spans(text)
    for match in _EMPHASIS.finditer(text):
        role = _emphasis_role(text, match.start(), match.end())
        if role:
            spans.append(Span(match.start(), match.end(), match.group(0), role))
    return spans


def site_inline_spans(text: str) -> list[Span]:
    """inline_spans, and before them the template syntax of site generators (sites.py: Liquid,
    shortcodes, attribute lists, HTML comments; not inside code) and hard line breaks."""
    code = [(span.start, span.end) for span in code_spans(text) if span.output.startswith("`")]
    templates = [span for span in sites.template_spans(text)
                 if not any(start <= span.start < end for start, end in code)]
    spans = inline_spans(text)
    if not templates:
        return spans
    # an attribute list right after a link or emphasis (`[mehr](url){:target="_blank"}`) belongs to
    # it: one span, so that no model puts words between the two
    closing = {span.end: span for span in spans if span.role == "close"}
    for attributes in [span for span in templates if span.start in closing and span.output.startswith("{")]:
        markup = closing.pop(attributes.start)
        spans[spans.index(markup)] = Span(markup.start, attributes.end, markup.output + attributes.output, "close")
        templates.remove(attributes)
    return templates + spans


def _link_halves(text: str) -> list[Span]:
    """A link's `[` or `](url)` whose other half lies in another sentence: markup, which
    protect keeps at the sentence's edge (a model moved `](url)` into the words). After the
    whole links: where a `[` has its `]` in the sentence, that link comes first."""
    last_bracket = text.rfind("]")
    halves = [Span(m.start(), m.end(), m.group(0), "open") for m in _LINK_OPENING_ALONE.finditer(text, last_bracket + 1)]
    depth, counted = 0, 0  # brackets opened and not closed before each end, counted once along the text
    for match in _LINK_END_ALONE.finditer(text) if "](" in text else ():
        depth += text.count("[", counted, match.start()) - text.count("]", counted, match.start())
        counted = match.start()
        if depth <= 0:
            halves.append(Span(match.start(), match.end(), match.group(0), "close"))
    return halves


def _link_markup(text: str) -> list[InlineLink]:
    """The inline links and images of `text`, a link around nothing but an image (a CMS
    teaser's `[![alt](img)](url)`) as one: its markup opens and closes the alt text as an
    image's does. As four placeholders `{1}{2}alt{3}{4}` a model moved words between the two
    openings."""
    links = inline_links(text)
    around = {(found.text_start, found.text_end): found for found in links}
    merged: list[InlineLink] = []
    for found in links:  # by start: a link before the image inside it
        outer = around.get((found.start, found.end))
        if outer is not None and text.startswith("!", found.start):
            merged[merged.index(outer)] = outer._replace(text_start=found.text_start, text_end=found.text_end)
        else:
            merged.append(found)
    return merged


def _link_end(match: re.Match[str]) -> str:
    """What a link's closing syntax becomes: itself, except a collapsed reference `[text][]`,
    whose text is its label. Its words are translated, so it is written as a full reference
    to the same definition: `[Sanktionen][]` -> `[sanctions][Sanktionen]`."""
    if match.group(2) != "][]":
        return match.group(2)
    return "][" + match.string[match.end(1):match.start(2)] + "]"


def _emphasis_role(text: str, start: int, end: int) -> str:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if not after.isspace() and (before.isspace() or before in "([„“\"'-/"):
        return "open"
    if not before.isspace():
        return "close"
    return ""  # a lone "*" between spaces is text, not markup


def mask(text: str) -> str:
    """Same length, for the sentence splitter: URLs as for plain text, and the markup that
    opens emphasis or a link blanked, so `**Dr. med. Müller**` reads as the abbreviation it
    is (the splitter took `**Dr.` for a sentence's end). Closing markup keeps its characters:
    it may end a sentence (CLOSING_MARKUP). A hard break's backslash is blanked too: the line
    break after it then ends a sentence, and render keeps it between the two."""
    text = sites.blank_templates(text)
    if "*" not in text and "_" not in text and "[" not in text and "\\\n" not in text and "`" not in text:
        return mask_verbatim(text)
    masked = list(mask_verbatim(text))
    for code in _INLINE_CODE.finditer(text):  # kept whole, never translated: no sentence ends inside;
        # read as a word in capitals, so one after a full stop starts a sentence, as its words would
        masked[code.start():code.end()] = "X" + "_" * (code.end() - code.start() - 1)
    for marker in _FOOTNOTE.finditer(text):  # the splitter ends the sentence before it; segment gives it back
        masked[marker.start():marker.end()] = " " * (marker.end() - marker.start())
    for hard_break in re.finditer(r"\\(?=\n)", text):  # `\` ending a line: a line break, as "  \n" is
        masked[hard_break.start()] = " "
    opening = [(m.start(), m.end()) for m in _EMPHASIS.finditer(text) if _emphasis_role(text, m.start(), m.end()) == "open"]
    opening += [(found.start, found.text_start) for found in inline_links(text)]
    opening += [(m.start(1), m.end(1)) for pattern in (_REFERENCE_LINK, _SHORTCUT_LINK) for m in pattern.finditer(text)]
    for start, end in opening:
        masked[start:end] = " " * (end - start)
    return "".join(masked)


def visible_text(text: str) -> str:
    return _SYNTAX.sub(" ", sites.without_templates(text))


def emphasized(text: str) -> list[str]:
    return [match.group(1) or match.group(2) for match in _BOLD.finditer(text)]


@lru_cache(maxsize=1)
def _preview_renderer() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def preview_inline(text: str) -> str:
    """A sentence's **bold** and links as the review page shows them, rendered with markdown-it
    (raw HTML stays text, so nothing of the article's runs in the page)."""
    return _preview_renderer().renderInline(text)


FORMAT = Format(
    name="markdown", suffixes=(".md", ".markdown"), parse=parse_markdown, inline_spans=site_inline_spans,
    closing_markup=CLOSING_MARKUP, visible_text=visible_text, emphasized=emphasized, mask=mask, escape=escape,
    character_references=character_references, escape_block=escape_block, description="Markdown",
    preview_inline=preview_inline,
)
