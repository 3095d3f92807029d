"""What a format plug-in provides, and the helpers all formats share.

A format turns a source text into the shared document model (`parse`), says which inline
markup editors and engines must not break (`inline_spans`, protected as placeholders),
how translated text is escaped when it is spliced back (`escape`; the shared render stage
does the splicing, so bytes outside translated text never change), and what of its syntax
the language detector, the sentence splitter and the glossary extractor should see past.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, NamedTuple

from uebersetzer.document import Article, Block
from uebersetzer.formats.source_headings import SOURCES_HEADING_WORDS

from uebersetzer.protect import verbatim_spans

if TYPE_CHECKING:
    from uebersetzer.protect import Span
    from uebersetzer.read import SourceText

# A sources heading in any language uebersetzer detects (the words: source_headings.py), with a
# colon or a full-width one (来源：)
SOURCES_HEADING = re.compile(
    "^(" + "|".join(re.escape(word) for word in sorted({w for ws in SOURCES_HEADING_WORDS.values() for w in ws},
                                                       key=len, reverse=True)) + r")\s*[:：]?$", re.IGNORECASE)


# A domain, a URL, an address or a copyright sign: what a footer line holds ("Mehr auf: example.com")
_DOMAIN_OR_URL = re.compile(r"(https?://|www\.|\b[\w-]+\.[a-z]{2,}\b|@|©)", re.IGNORECASE)


def reads_as_footer(visible: str, after_sources: bool, closers: str = "") -> bool:
    """Is an article's last line (its visible text) its footer: after the sources, or naming a
    site, or no sentence? The text and HTML readers label the same article's footer alike."""
    from uebersetzer.repair import ends_sentence

    return after_sources or bool(_DOMAIN_OR_URL.search(visible)) or not ends_sentence(visible, closers)


def _same(text: str) -> str:
    return text


_INNER_MARK = re.compile(r"[?!](?=[A-Za-z0-9])")  # "index.php?team=sv": no sentence ends there


def mask_verbatim(text: str) -> str:
    """URLs, addresses and domains blanked (same length), and a question or exclamation mark
    inside a word: pysbd ends sentences there even without a space, and a URL must come
    back whole."""
    out = list(_INNER_MARK.sub("_", text))
    for span in verbatim_spans(text):
        out[span.start:span.end] = "_" * (span.end - span.start)
    return "".join(out)


def _never(head: str) -> bool:
    return False


def _undeclared(head: bytes) -> str:
    return ""  # plain text and Markdown have no way to say their encoding


class CharacterReference(NamedTuple):
    """A stretch of a block's text that a reader sees as other characters: `&bdquo;` read as „."""

    start: int
    end: int
    text: str  # what it reads as


def _no_references(text: str) -> list[CharacterReference]:
    return []  # plain text: a `&quot;` there is what it says


@dataclass(frozen=True)
class Format:
    name: str  # stored in Article.format
    suffixes: tuple[str, ...]  # lower case, with the dot; folders are searched for these
    parse: Callable[[SourceText], Article]
    inline_spans: Callable[[str], list[Span]]  # markup and verbatim text of a msgid, earlier ones win
    closing_markup: str  # regex: markup that may follow a sentence's final punctuation (`**`, `</em>`)
    visible_text: Callable[[str], str] = _same  # the text without its markup, for language detection
    emphasized: Callable[[str], list[str]] = lambda text: []  # bold text, where glossary names hide
    escape: Callable[[str, Block], str] = lambda text, block: text  # translated text as the format writes it
    # A translated block's whole text, its sentences joined, as the format writes it where the
    # escaping depends on the whole value: a JSON string, a YAML scalar that may need quotes.
    # Sentences kept untranslated are in it as the block's (decoded) text has them.
    escape_block: Callable[[str, Block], str] = lambda text, block: text
    mask: Callable[[str], str] = mask_verbatim  # same length, markup and URLs made inert for the sentence splitter
    sniff: Callable[[str], bool] = _never  # does this text, whatever its file name, look like this format?
    # the character references a reader sees decoded, in order: the sentence splitter reads
    # the text through them, and the sentences keep the source's spelling
    character_references: Callable[[str], list[CharacterReference]] = _no_references
    description: str = ""  # how messages name its files: "Markdown", "SubRip subtitle" (default: its name)
    # The review page's preview: a sentence's text (markup included) as safe HTML. Plain text
    # is escaped; a format with markup renders what readers see and allows nothing that runs.
    preview_inline: Callable[[str], str] = html.escape
    # Block kinds readers meet beside the article rather than in it (HTML's <title>: the tab
    # and the search result), which the preview lists apart with the tooltips and image texts
    beside_the_text: frozenset[str] = frozenset()
    # the label of the charset the file's first bytes declare (HTML's meta), "" for none: the read stage reads it so
    declared_charset: Callable[[bytes], str] = _undeclared


def with_edge_space(translated: str, original: str) -> str:
    """`translated` with the white space that stood at the edges of the `original` value: the
    sentences of a block are its text without it, and a JSON or YAML value keeps it inside."""
    stripped = original.strip()
    if not stripped:
        return translated
    start = original.find(stripped)
    return original[:start] + translated + original[start + len(stripped):]


def number_blocks(blocks: list[Block]) -> list[Block]:
    counts: dict[str, int] = {}
    numbered = []
    for block in blocks:
        counts[block.kind] = counts.get(block.kind, 0) + 1
        numbered.append(replace(block, number=counts[block.kind]))
    return numbered
