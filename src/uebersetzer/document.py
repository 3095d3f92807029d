"""The document model that flows through every stage: Article -> Block -> Segment.

All three are frozen: a stage returns a new article (`dataclasses.replace`) instead of
editing one in place, so each stage can be tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass


class Kind:
    """Block kinds; they name the block in the PO file's `#.` comments."""

    TITLE = "title"
    TEASER = "teaser"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list item"
    QUOTE = "quote"
    SOURCES = "sources"
    SOURCE = "source"
    FOOTER = "footer"
    CELL = "table cell"
    CAPTION = "caption"
    MEDIA_CAPTION = "media caption"  # HTML data-caption: Drupal's caption of an embedded image or video
    ALT = "image text"  # HTML alt attribute
    TOOLTIP = "tooltip"  # HTML title attribute; a Markdown link, image or reference definition title
    LABEL = "label"  # HTML aria-label and placeholder attributes: what a screen reader or an empty field says
    META = "meta"  # HTML meta description, og:title, og:description
    # A text field of an article's metadata, labelled by the field's name (`Block.field`):
    STRUCTURED = "structured data"  # HTML JSON-LD (schema.org NewsArticle): headline, description...
    FRONT_MATTER = "front matter"  # Markdown's YAML front matter: title, description...
    # Not translated: values the output sets (render.py), with no segments.
    LANGUAGE = "language"
    LOCALE = "locale"  # HTML og:locale: the target's language with a country (en_US)
    # HTML og:locale:alternate: another edition's locale; where it names the output's own, the
    # source's edition is the other one
    ALTERNATE_LOCALE = "alternate locale"
    DIRECTION = "direction"  # HTML dir: the target script's, right to left or left to right
    CHARSET = "charset"

    NUMBERED = frozenset({HEADING, PARAGRAPH, LIST_ITEM, QUOTE, SOURCE, CELL, CAPTION, MEDIA_CAPTION, ALT, TOOLTIP,
                          LABEL, META})


@dataclass(frozen=True, slots=True)  # slots: one per sentence, and a big article has a million
class Segment:
    """One sentence of a block: the unit of translation and of a PO entry."""

    source: str  # verbatim, as it stands in the block
    msgid: str  # whitespace-normalized source: the PO msgid and what an engine sees
    language: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """A translatable unit of layout: title, heading, paragraph, list item..."""

    kind: str
    text: str  # the inline content, markup included, without list marker or heading hashes
    raw: str  # the whole block exactly as in the source; rendered when nothing is translated
    line: int  # 1-based line of the block in the source file
    gap: str = ""  # verbatim text between the previous block and this one
    prefix: str = ""  # written before the translated content: list marker, '## ', '> '
    suffix: str = ""  # written after it: a setext heading's underline
    number: int = 0  # ordinal among blocks of the same kind, for `#.` comments
    language: str = ""  # set by detect when the block is in another language than the article
    language_confidence: float = 0.0
    # Why the block's language is a guess (detect_inherited: too short to tell, in an article in
    # doubt); "" when it is not. Such a block is never kept as written without an editor's review.
    language_doubt: str = ""
    segments: tuple[Segment, ...] = ()
    # An attribute of inline markup inside the previous block's text (`<a title="...">` in a
    # sentence): that start tag as written. `gap` is then the tag's text before the value, and
    # render splices the translation into the tag wherever the enclosing block writes it.
    tag: str = ""
    # The name of the metadata field the text fills (`headline`, `image caption`), for the label.
    field: str = ""
    # Where the block stands when its kind and number do not say it: a Markdown table's cell
    # is "table 1, row 2, column 3" ("header" for the header row), its label in the PO file.
    place: str = ""
    # The format whose syntax the block's text is written in when it is not the article's (an
    # HTML block inside Markdown: "html"): render escapes it, and segment reads it, by that one.
    markup: str = ""
    # HTML only. A LANGUAGE or DIRECTION setting of an element below <html>: how many of the
    # blocks after it lie inside that element; the output says the target's language there only
    # where one of those was translated (render._languages).
    covers: int = 0
    # A text block: where in `gap` its element's start tag can take a `lang` attribute (after
    # "<p"), written when the block is kept in a language other than the one around it; -1: none.
    language_at: int = -1

    @property
    def label(self) -> str:
        if self.field:
            return f"{self.kind}: {self.field}"  # "structured data: headline", "front matter: title"
        if self.place:
            return self.place
        return f"{self.kind} {self.number}" if self.kind in Kind.NUMBERED else self.kind


@dataclass(frozen=True)
class Article:
    path: str  # as shown to users and written in PO references
    file: str = ""  # where it was read from
    format: str = "text"  # the name of its format in `formats/`: "text", "markdown", "html"
    blocks: tuple[Block, ...] = ()
    tail: str = ""  # verbatim text after the last block (final newline, trailing blank lines)
    head: str = ""  # verbatim text before the first block's gap, e.g. Markdown front matter
    newline: str = "\n"  # the source's line ending, restored on output
    encoding: str = "utf-8"
    language: str = ""
    confidence: float = 0.0
    doubt: str = ""  # why detect is unsure of `language` ("only 50% of its blocks say so"); "" when sure
    # The language the source says it is in (HTML's <html lang>), as an Argos code; "" when it says none.
    # The detect stage takes it unless the text is clearly in another language (detect._declared_page).
    declared_language: str = ""
    warnings: tuple[str, ...] = ()  # problems the parser worked around (broken HTML), for the summary
    # Text with words the format keeps as written because it cannot translate it (a Markdown
    # table it could not split, front matter): "line 5: 1 table". `build --reviewed-only`
    # refuses such an article; the same is one of `warnings`.
    kept_as_written: str = ""
    # The bytes it was read from when `file` cannot be read again (standard input): a copy into
    # a target language it is already in writes them. None for a file.
    content: bytes | None = None

    def text(self) -> str:
        return " ".join(block.text for block in self.blocks)
