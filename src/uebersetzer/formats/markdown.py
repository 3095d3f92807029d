"""Parse stage for Markdown, with markdown-it-py (CommonMark + tables + front matter).

Only leaf text blocks (headings, paragraphs, list item and quote paragraphs) are
translated. Everything between them, code, HTML, tables, rules and front matter, stays in
the blocks' `gap` verbatim; the parser's line map says where each block starts and ends.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from uebersetzer.document import Article, Block, Kind
from uebersetzer.parse import SOURCES_HEADING, number_blocks
from uebersetzer.read import SourceText
from uebersetzer.repair import repair_cut_paragraphs


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def parse_markdown(source: SourceText) -> Article:
    text = source.text
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    blocks: list[Block] = []
    consumed = 0
    for kind, token, inline in _leaf_blocks(_parser().parse(text)):
        first, last = token.map  # type: ignore[misc]
        start, stop = offsets[first], min(offsets[last] - 1, len(text))
        raw = text[start:stop]
        prefix, suffix = _prefix_suffix(raw, inline.content, token)
        blocks.append(Block(
            kind=kind, text=inline.content, raw=raw, line=first + 1,
            gap=text[consumed:start], prefix=prefix, suffix=suffix,
        ))
        consumed = stop
    blocks = repair_cut_paragraphs(blocks, classify=False)
    blocks = _label(blocks)
    return Article(
        path=source.display, file=str(source.path), format="markdown", blocks=tuple(number_blocks(blocks)),
        tail=text[consumed:], newline=source.newline, encoding=source.encoding,
    )


def _leaf_blocks(tokens: list[Token]):
    """Yield (kind, opening token, inline token) for every translatable leaf block."""
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
            yield _kind(token, containers), token, inline


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
    return prefix, ""


def _label(blocks: list[Block]) -> list[Block]:
    labelled = []
    for position, block in enumerate(blocks):
        kind = block.kind
        if position == 0 and kind == Kind.HEADING and block.prefix.strip() in ("#", ""):
            kind = Kind.TITLE
        elif kind == Kind.HEADING and SOURCES_HEADING.match(block.text):
            kind = Kind.SOURCES
        elif kind == Kind.PARAGRAPH and position == 1 and labelled[0].kind == Kind.TITLE:
            kind = Kind.TEASER
        labelled.append(replace(block, kind=kind))
    return labelled
