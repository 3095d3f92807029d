"""HTML as CMSs export it and scrapers deliver it, parsed with html5lib and spliced back.

Blocks are the runs of text and inline markup inside elements (`title`, `h1`-`h6`, `p`,
`li`, `td`/`th`, `caption`, `figcaption`, `blockquote`, `dt`/`dd`, and loose text in a
`div`), plus the `alt` and `title` attributes and the `meta` description, `og:title`,
`og:description`, `og:image:alt` and their `twitter:` twins, and the texts of an article's
structured data (JSON-LD: its headline, description..., see json_ld.py). A block's `raw` is its exact
slice of the source and its `gap` everything before it, so the render stage splices
translations into the source and never serializes a tree: attributes, whitespace, comments, entities and the doctype stay as written.

Inline elements stay in the msgid as translate-toolkit's html2po shows them
(`Der <strong>erste</strong> Satz`), with character references decoded except those of
markup characters, symbols and spaces (`&amp;`, `&nbsp;`, `&#x1F600;`), which are protected as in
text; the tags are protected like Markdown emphasis.
`script`, `style`, `template`, `pre`, `code` and anything marked `translate="no"` are left
alone. Footnote references, code embedded in running text (an ad slot's `<script>`) and
WordPress shortcodes or Drupal tokens (shortcodes.py) stand beside the words: kept whole, out
of language detection, and at a sentence's edges never shown to the engine. A `lang`
attribute declares the language of the blocks inside it; its value, like
`<html lang>`, becomes the target language in the output where the text inside is translated,
and stays where it is kept (`Block.covers`); a block the detect stage found in another
language and kept gets that language's `lang` (`Block.language_at`).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterator

from uebersetzer.document import Article, Block, Kind
from uebersetzer.errors import ArticleError
from uebersetzer.formats import json_ld, shortcodes
from uebersetzer.formats.base import (SOURCES_HEADING, CharacterReference, Format, mask_verbatim, number_blocks,
                                     reads_as_footer, with_edge_space)
from uebersetzer.languages import to_argos
from uebersetzer.protect import ENTITY, Span, verbatim_spans

if TYPE_CHECKING:
    from uebersetzer.formats.html_source import Element
    from uebersetzer.read import SourceText

# Elements whose content is not text to translate; raw-text elements also end a run of inline content.
UNTOUCHED = frozenset({"script", "style", "template", "pre", "code", "textarea", "svg", "math", "kbd", "samp"})
INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i",
                    "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
                    "sub", "sup", "time", "tt", "u", "var", "wbr"})
# Elements that end a run of inline text wherever they stand: those whose start tag ends an open
# <p> (the HTML standard's "in body" rules), headings, lists and tables. An inline element holding
# one (`<a href><h3>…</h3><p>…</p></a>`, a card's link; a table inside an <a> the parser reopened
# after `<a name="x"/>`) is no part of a sentence: its blocks are blocks of their own.
_BLOCK_LEVEL = frozenset({"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
                          "dl", "dt", "dd", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
                          "h4", "h5", "h6", "header", "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol",
                          "p", "plaintext", "pre", "search", "section", "summary", "table", "caption", "colgroup",
                          "col", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "xmp"})
_VOID = frozenset({"br", "img", "wbr", "hr", "input", "area", "embed", "source", "track", "col", "meta", "link"})
_KIND_BY_ELEMENT = {
    "title": Kind.TITLE, "h1": Kind.HEADING, "h2": Kind.HEADING, "h3": Kind.HEADING, "h4": Kind.HEADING,
    "h5": Kind.HEADING, "h6": Kind.HEADING, "p": Kind.PARAGRAPH, "li": Kind.LIST_ITEM, "dt": Kind.LIST_ITEM,
    "dd": Kind.LIST_ITEM, "blockquote": Kind.QUOTE, "td": Kind.CELL, "th": Kind.CELL, "caption": Kind.CAPTION,
    "figcaption": Kind.CAPTION,
}
# meta text a reader sees: in search results and in the cards social networks show for a link
_META_TEXT = frozenset({"description", "og:title", "og:description", "og:image:alt", "twitter:title",
                        "twitter:description", "twitter:image:alt"})
# meta elements naming the page's language (`og:locale:alternate` names other editions': see render)
_META_LANGUAGE = frozenset({"content-language", "language", "dc.language", "dcterms.language"})
_META_LOCALE = {"og:locale": Kind.LOCALE, "og:locale:alternate": Kind.ALTERNATE_LOCALE}
# Drupal's editor writes the caption of embedded media into `data-caption` (`<drupal-media>`, and
# `<img>` before Drupal 10); its filter_caption shows it under the media, on any element that has
# it. The value is HTML (`Foto: &lt;em&gt;dpa&lt;/em&gt;`): the block's text is that HTML, read
# and written as a caption's text is, and escaped once more into the attribute (escape_block).
_ATTRIBUTE_KINDS = {"alt": Kind.ALT, "title": Kind.TOOLTIP, "aria-label": Kind.LABEL, "placeholder": Kind.LABEL,
                    "data-caption": Kind.MEDIA_CAPTION}
_NO_TEXT = frozenset({"#document", "html", "head"})  # text here is whitespace, or misplaced by a broken file
_NOT_SHOWN = frozenset({"#document", "html", "head", "link", "meta", "base"})  # their title is no tooltip
ATTRIBUTE_BLOCKS = frozenset({Kind.ALT, Kind.TOOLTIP, Kind.LABEL, Kind.META})

_ATTRIBUTE = re.compile(r"""\s*([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'=<`]+)))?""")
_CHARREF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);?")
_MARKUP_CHARACTERS = frozenset("&<>\"'")
# A comment or CDATA section left open runs to the end of the text, as HTML parses it; a
# pattern needing its end rescanned the rest for every opening, quadratic in hostile input
# (20,000 unclosed `<!--`: minutes).
_COMMENT = r"<!--.*?(?:-->|\Z)"
_TAG = re.compile(_COMMENT + r"|<[!?][^>]*>|</?[a-zA-Z][^>]*>", re.DOTALL)
_COMMENT_ONLY = re.compile(_COMMENT, re.DOTALL)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_UTF8 = frozenset({"utf-8", "utf8"})

# Inline markup as protect keeps it: elements kept whole (code, translate="no"), comments,
# then tags (opening and closing, so a model cannot reorder them), then character references.
# Kept whole, never translated: code, text marked translate="no", and text an inline element
# marks as written in a language of its own (`Er sagte: <span lang="en">…</span>`): a quote
# in the original, which a model for the article's language only garbles. (Whole blocks in
# another language are the detect stage's: they are translated from theirs.)
# (An attribute may hold "<", but the lang test reads only up to one: with "[^>]*" each "<a" of
# a tag of thousands of them, "<a x <a x ...>", rescanned the tag to its end.)
_WHOLE = re.compile(r"<(code|kbd|samp|var)\b[^>]*>.*?</\1\s*>|<([a-zA-Z][\w-]*)\b[^<>]*(?:\btranslate\s*=\s*[\"']?no\b|"
                    r"(?<![\w-])lang\s*=)[^<>]*>.*?</\2\s*>|" + _COMMENT + r"|<!\[CDATA\[.*?(?:\]\]>|\Z)",
                    re.DOTALL | re.IGNORECASE)
# A footnote reference as CMSs and converters write it: a short marker ("1", "[1]", "(1)", "*",
# "a") in a `<sup>`, linked or not (WordPress' footnotes block, MediaWiki), or a link to a place in the
# page around such a marker (pandoc's `<a href="#fn1"><sup>1</sup></a>`, Drupal's footnotes
# module's `<a href="#footnote1_x">1</a>`). It belongs to the sentence it follows, glued to its
# full stop (CLOSING_MARKUP), and stands beside its words: kept whole, and at a sentence's end
# never shown to the engine, which moved it onto other words and lost the "1".
_MARKER = r"\s*[\[(]?(?:\d{1,3}|[*†‡§¶]{1,3}|[a-z])[\])]?\s*"
_SUPERSCRIPT_MARKER = rf"<sup\b[^<>]*>(?:{_MARKER}|\s*<a\b[^<>]*>{_MARKER}</a\s*>\s*)</sup\s*>"
_LINKED_MARKER = (rf"<a\b[^<>]*\bhref\s*=\s*[\"']?#[^<>]*>"
                  rf"(?:\s*{_SUPERSCRIPT_MARKER}\s*|\s*\[?(?:\d{{1,3}}|[*†‡§¶]{{1,3}})\]?\s*)</a\s*>")
FOOTNOTE_REFERENCE = rf"{_SUPERSCRIPT_MARKER}|{_LINKED_MARKER}"
_FOOTNOTE = re.compile(FOOTNOTE_REFERENCE, re.IGNORECASE)
# Code and graphics embedded in running text (an ad slot's `<script>` inside a paragraph, an
# `<svg>` icon, a `<style>`): part of the sentence around them, never text, kept byte for byte.
# Like a footnote reference they stand beside the words: left out of a sentence at its edges.
EMBEDDED = frozenset({"script", "style", "svg", "math", "template"})
# (one left open runs to the end of the text, as a comment does: rescanning the rest for each
# of 20,000 unclosed `<svg>` took 15 s)
_EMBEDDED = re.compile(r"<(script|style|svg|math|template)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.DOTALL | re.IGNORECASE)
# A linked image (WordPress links a caption's image to its file): it holds no words, and at a
# sentence's edge the engine need not see it (the fixture model moved the caption's words into
# the link). Its alt text is an entry of its own, as every image's.
_LINKED_IMAGE = re.compile(r"<a\b[^<>]*>\s*<img\b[^<>]*>\s*</a\s*>", re.IGNORECASE)
_OPEN = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*>")
_CLOSE = re.compile(r"</[a-zA-Z][\w-]*\s*>")
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
# Embedded code glued to a sentence's final punctuation, a space after it (`kommt.<script>…</script>
# Dann`), closes that sentence: given to the next, it had the sentences' joiner written before it.
_EMBEDDED_CLOSED = "|".join(rf"<{name}\b[^>]*>.*?</{name}\s*>" for name in sorted(EMBEDDED))
# a line break after a full stop ends that sentence; a footnote reference, a closing shortcode,
# embedded code or a comment glued to it belongs to it
CLOSING_MARKUP = (rf"(?i:{FOOTNOTE_REFERENCE})|{shortcodes.CLOSING}|</[a-zA-Z][\w-]*\s*>|<br\s*/?>"
                  rf"|(?is:{_EMBEDDED_CLOSED})|(?s:<!--.*?-->)")
_SNIFF = re.compile(r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE | re.DOTALL)

_DECLARED = 1.0  # a block's language named by its lang attribute: the source's word, as --from is


def parse_html_article(source: SourceText) -> Article:
    # html5lib (40-60 ms of imports on the build machine) loads only when an HTML article is read
    from uebersetzer.formats.html_source import MAX_ATTRIBUTES, MAX_DEPTH, TooDeep, TooManyAttributes, parse_html

    text = source.text
    try:  # the tree is walked recursively, one level of Python's stack per level of nesting
        parsed = parse_html(text)
        reader = _Reader(text)
        reader.walk(parsed.root, _Context())
    except (TooDeep, RecursionError):  # the parser stops at MAX_DEPTH, far below the walk's limit
        raise ArticleError(f"elements nested too deep to read (over {MAX_DEPTH} levels, where pages have tens); "
                           "fix the markup, or save the text as .txt", path=source.display) from None
    except TooManyAttributes:
        raise ArticleError(f"a tag with over {MAX_ATTRIBUTES} attributes (real tags have a few): broken markup, "
                           "perhaps a '<' never closed; fix it, or save the text as .txt", path=source.display) from None
    blocks, misplaced = _placed(reader.blocks)
    warnings = [f"{source.shown}:{line}: markup too broken to place this text; kept as written" for line in misplaced[:1]]
    warnings += _broken_markup_warning(parsed.errors, source.shown) + reader.warnings(source)
    blocks = _labelled(reader.with_language_scopes(blocks), reader)
    consumed = 0
    placed = []
    for start, end, block in blocks:
        if block.tag:  # spliced into its sentence's tag by render; its gap is the tag's text before it
            placed.append(block)
            continue
        placed.append(_with_gap(block, text[consumed:start], reader.language_at.get(start, -1) - consumed))
        consumed = end
    return Article(
        path=source.display, file=str(source.path), format="html", blocks=tuple(number_blocks(placed)),
        tail=text[consumed:], newline=source.newline, encoding=source.encoding, warnings=tuple(warnings),
        declared_language=reader.page_language,
        kept_as_written=f"line {misplaced[0]}: text in markup too broken to place" if misplaced else "",
    )


# Blocks that hold no text, only what the output sets where the page says it (render._setting)
SETTINGS = frozenset({Kind.LANGUAGE, Kind.LOCALE, Kind.ALTERNATE_LOCALE, Kind.DIRECTION, Kind.CHARSET})


def fragment_blocks(fragment: str) -> list[tuple[int, int, Block]] | None:
    """The text blocks of a piece of HTML inside another format (an HTML block in Markdown),
    read as an HTML article's are, by (start, end, block) with offsets and lines in `fragment`;
    a block of an attribute inside a sentence's tag (`Block.tag`) follows its sentence. The
    values a page sets (charset, the page's lang and dir) are the page's, not a fragment's:
    left out; an element's `lang` and `dir` say the target's around translated text, as in
    an HTML article (a `<div dir="rtl">` in an Arabic Markdown article translated into
    English says `ltr`). None
    when the markup cannot be read (nested too deep, a runaway tag, text too broken to place,
    a JSON-LD script that is no JSON): it stays as written."""
    from uebersetzer.formats.html_source import TooDeep, TooManyAttributes, parse_html

    try:
        reader = _Reader(fragment)
        reader.walk(parse_html(fragment).root, _Context())
    except (TooDeep, TooManyAttributes, RecursionError):
        return None
    placed, misplaced = _placed([found for found in reader.blocks if found[2].kind not in SETTINGS
                                 or (found[0], found[2].kind) in reader.scope_ends])  # an element's lang, dir
    return None if misplaced or reader.malformed_json_ld else reader.with_language_scopes(placed)


# The blocks of the page's text flow, in reading order: the ones the labels below are placed among
_FLOW = frozenset({Kind.TITLE, Kind.HEADING, Kind.PARAGRAPH, Kind.LIST_ITEM, Kind.QUOTE, Kind.CELL, Kind.CAPTION})


def _labelled(blocks: list[tuple[int, int, Block]], reader: "_Reader") -> list[tuple[int, int, Block]]:
    """Teaser, sources and footer, as the text reader labels them (the same article as .txt
    and as .html gets the same `#.` comments and roles), told by the page's structure where it
    says more: the paragraph right after the <h1> is the teaser, a sources heading ("Quellen",
    `formats/source_headings.py`) and the list items under it are the sources, the text of a
    <footer> is the footer, and so is the page's last line when it reads as one (a site's
    name, no sentence, or after the sources)."""
    flow = [index for index, (_, _, block) in enumerate(blocks) if block.kind in _FLOW and not block.tag]
    kinds = {index: blocks[index][2].kind for index in flow}
    first_headline = next((blocks[index][0] for index in flow if blocks[index][0] in reader.headlines), None)
    in_sources = False
    for position, index in enumerate(flow):
        start, block = blocks[index][0], blocks[index][2]
        if block.kind in (Kind.HEADING, Kind.PARAGRAPH) and SOURCES_HEADING.match(visible_text(block.text).strip()):
            kinds[index], in_sources = Kind.SOURCES, True  # in an <article>'s <footer> too, where HTML5 puts them
        elif block.kind == Kind.LIST_ITEM and in_sources:
            kinds[index] = Kind.SOURCE
        elif start in reader.in_footer and block.kind in (Kind.PARAGRAPH, Kind.HEADING):
            kinds[index], in_sources = Kind.FOOTER, False  # a site footer's lists are no sources
        elif block.kind == Kind.HEADING:
            in_sources = False
        elif block.kind == Kind.PARAGRAPH and position and blocks[flow[position - 1]][0] == first_headline:
            kinds[index] = Kind.TEASER  # right under the first <h1>, whatever menu came before it
    if len(flow) > 2:
        last = flow[-1]
        block = blocks[last][2]
        if kinds[last] in (Kind.PARAGRAPH, Kind.HEADING) and reads_as_footer(visible_text(block.text), in_sources):
            kinds[last] = Kind.FOOTER
    return [(start, end, replace(block, kind=kinds[index]) if kinds.get(index, block.kind) != block.kind else block)
            for index, (start, end, block) in enumerate(blocks)]


@dataclass(frozen=True)
class _Context:
    kind: str = ""  # the block kind of the nearest translated container
    language: str = ""  # from the nearest lang attribute below <html>
    footer: bool = False  # inside a <footer>
    headline: bool = False  # inside an <h1>


class _Reader:
    """Walks the element tree and collects (start, end, block) in source order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[tuple[int, int, Block]] = []
        self.charsets: list[str] = []
        self.malformed_json_ld: list[tuple[int, str]] = []  # (line, what is wrong) of scripts left as written
        # where each language or direction setting's element ends, by (offset of the setting, kind)
        self.scope_ends: dict[tuple[int, str], int] = {}
        # where a text block's element's start tag can take a lang attribute, by the block's offset
        self.language_at: dict[int, int] = {}
        self.page_language = ""  # what <html lang> (or xml:lang) says the page is in, as an Argos code
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._held_blocks: dict[int, bool] = {}  # by id of an inline element: _holds_blocks
        self.in_footer: set[int] = set()  # the offsets of text blocks inside a <footer>
        self.headlines: set[int] = set()  # the offsets of text blocks inside an <h1>

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def walk(self, element: Element, context: _Context) -> None:
        if element.attributes.get("translate", "").lower() == "no":
            return
        if element.name == "script" and _is_json_ld(element):
            self._structured_data(element, context)
        if element.name in UNTOUCHED:
            return
        context = self._enter(element, context)
        cursor = element.content_start
        for child in element.children:
            if child.name in INLINE and not self._holds_blocks(child) \
                    or child.name in EMBEDDED and not _is_json_ld(child):
                continue  # part of the run of text around it (`_run`)
            self._run(element, cursor, child.start, context)
            self.walk(child, context)
            cursor = max(cursor, child.end)
        self._run(element, cursor, element.content_end, context)

    def _holds_blocks(self, element: Element) -> bool:
        """Does an inline element hold a block-level one (`_BLOCK_LEVEL`), below inline elements only?"""
        held = self._held_blocks.get(id(element))
        if held is None:
            held = any(child.name in _BLOCK_LEVEL or child.name in INLINE and self._holds_blocks(child)
                       for child in element.children)
            self._held_blocks[id(element)] = held
        return held

    def _enter(self, element: Element, context: _Context) -> _Context:
        if element.explicit:
            self._attributes(element, context)
        lang = element.attributes.get("lang", "").strip()
        language = context.language if element.name == "html" or not lang else _language_code(lang)
        kind = _KIND_BY_ELEMENT.get(element.name, context.kind)
        if element.name == "p" and context.kind:  # a paragraph inside a list item, quote or cell is theirs
            kind = context.kind
        return _Context(kind, language, context.footer or element.name == "footer",
                        context.headline or element.name == "h1")

    def _run(self, element: Element, start: int, end: int, context: _Context) -> None:
        """Text and inline elements between start and end: one block if any of it is visible text."""
        if end <= start:
            return
        raw = self.text[start:end]
        if element.name in _NO_TEXT or not visible_text(raw).strip():
            for child in element.children:  # no text: the inline elements' alt and title may hold some
                if start <= child.start < end:
                    self._inline_attributes(child, context)
            return
        at, inner = _inner(raw)
        at += start
        self._language_place(element, at)
        if context.footer:
            self.in_footer.add(at)
        if context.headline:
            self.headlines.add(at)
        self.blocks.append((at, at + len(inner), Block(
            kind=context.kind or Kind.PARAGRAPH, text=decode(inner), raw=inner, line=self.line(at),
            language=context.language, language_confidence=_DECLARED if context.language else 0.0)))
        for child in element.children:
            if at <= child.start and child.content_start <= at + len(inner):
                self._attributes_in_sentence(child, context)

    def _language_place(self, element: Element, text_start: int) -> None:
        """Where the start tag of the element holding a run of text (a `<p>`) can take a `lang`
        attribute: right after its name, when it has none and is written in the source."""
        name_end = element.start + 1 + len(element.name)
        if element.explicit and not {"lang", "xml:lang"} & set(element.attributes) and element.name not in _NO_TEXT \
                and self.text[element.start + 1:name_end].lower() == element.name and name_end <= text_start:
            self.language_at[text_start] = name_end

    def with_language_scopes(self, blocks: list[tuple[int, int, Block]]) -> list[tuple[int, int, Block]]:
        """Each language and direction setting with the number of blocks after it inside its element."""
        starts = [start for start, _, _ in blocks]
        scoped = []
        for index, (start, end, block) in enumerate(blocks):
            scope_end = self.scope_ends.get((start, block.kind))
            if scope_end is not None:
                block = replace(block, covers=bisect.bisect_left(starts, scope_end, lo=index + 1) - index - 1)
            scoped.append((start, end, block))
        return scoped

    def _attributes_in_sentence(self, element: Element, context: _Context) -> None:
        """`alt` and `title` of inline markup inside a sentence: their own blocks, written into
        the tag. The sentence's msgid keeps the tag whole, a protected span, so its attribute
        text stays untranslated there and editors translate it once, in its own entry."""
        if element.name in UNTOUCHED or element.attributes.get("translate", "").lower() == "no":
            return
        if element.explicit:
            tag = self.text[element.start:element.content_start]
            values = dict(_attribute_values(tag, element.start))
            for name, kind in _ATTRIBUTE_KINDS.items():
                if name in values:
                    self._attribute_block(values[name], kind, context, tag=tag, tag_start=element.start)
        for child in element.children:
            self._attributes_in_sentence(child, context)

    def _inline_attributes(self, element: Element, context: _Context) -> None:
        if element.name in UNTOUCHED or element.attributes.get("translate", "").lower() == "no":
            return
        self._attributes(element, context)
        for child in element.children:
            self._inline_attributes(child, context)

    def _attributes(self, element: Element, context: _Context) -> None:
        tag = self.text[element.start:element.content_start]
        values = dict(_attribute_values(tag, element.start))
        for name, kind in _ATTRIBUTE_KINDS.items():
            if name in values and element.name not in _NOT_SHOWN:
                self._attribute_block(values[name], kind, context)
        if element.name == "meta":
            purpose = (element.attributes.get("name") or element.attributes.get("property") or "").lower()
            if purpose in _META_TEXT and "content" in values:
                self._attribute_block(values["content"], Kind.META, context)
            self._charset(element, values)
            self._meta_language(element, values)
        for name in ("lang", "xml:lang"):  # XHTML's xml:lang wins over lang: both say the target
            if name in values:  # a language tag needs no quotes, even where it had none
                self._setting(Kind.LANGUAGE, values[name], element)
                if element.name == "html":  # the page's language: the detect stage weighs it (detect._declared_page)
                    self.page_language = _language_code(self.text[values[name][0]:values[name][1]].strip())
        if "lang" not in values and "xml:lang" not in values and element.name == "html":
            self._added_setting(Kind.LANGUAGE, element, "lang")
        self._direction(element, values)

    def _direction(self, element: Element, values: dict[str, tuple[int, int, bool]]) -> None:
        """The writing direction of the page and of every element that says one: its `dir`
        says the target's where its text is translated (render._languages), as a CMS sets the
        direction of a translated page's elements; Arabic into English kept the `dir="rtl"` of
        a <div>, <h1> or <p> around English text (and German into Arabic a `dir="ltr"`). Only
        `rtl` and `ltr`: `dir="auto"` lets the browser tell by the text and stays. (A `dir` on
        inline markup inside a sentence, `<span dir="ltr">Apple</span>` in Arabic text, is the
        direction of the words it wraps, a name in another script: part of the sentence's
        protected markup, kept.) Where <html> has none, a right-to-left target gets one."""
        if "dir" in values:
            start, end, _ = values["dir"]
            if self.text[start:end].strip().lower() in ("rtl", "ltr"):
                self._setting(Kind.DIRECTION, values["dir"], element)
        elif "dir" not in values and element.name == "html":
            self._added_setting(Kind.DIRECTION, element, "dir")

    def _setting(self, kind: str, value: tuple[int, int, bool], element: Element | None = None) -> None:
        """A value the output sets itself (render._languages), where the source has it: of the
        page (no `element`: JSON-LD's inLanguage), or of an element's attribute, which below
        <html> and <body> says the target only where the element's text is translated (`covers`)."""
        start, end, _ = value
        if element is not None and element.name not in ("html", "body"):
            self.scope_ends[(start, kind)] = element.end if element.end >= 0 else len(self.text)
        self.blocks.append((start, end, Block(kind=kind, text="", raw=self.text[start:end], line=self.line(start))))

    def _added_setting(self, kind: str, element: Element, name: str) -> None:
        """One the `<html>` tag lacks: the output adds it right after "<html" (render decides whether)."""
        at = element.start + len("<html")
        self.blocks.append((at, at, Block(kind=kind, text="", raw="", line=self.line(at), prefix=f' {name}="',
                                          suffix='"')))

    def _attribute_block(self, value: tuple[int, int, bool], kind: str, context: _Context, tag: str = "",
                         tag_start: int = 0) -> None:
        start, end, quoted = value
        raw = self.text[start:end]
        if not raw.strip():
            return
        quote = "" if quoted else '"'  # an unquoted value gets quotes once it may hold spaces
        text = decode(html.unescape(raw)) if kind == Kind.MEDIA_CAPTION else decode(raw)
        self.blocks.append((start, end, Block(kind=kind, text=text, raw=raw, line=self.line(start),
                                              prefix=quote, suffix=quote, language=context.language,
                                              language_confidence=_DECLARED if context.language else 0.0,
                                              gap=tag[:start - tag_start] if tag else "", tag=tag)))

    def _structured_data(self, element: Element, context: _Context) -> None:
        """A JSON-LD script's article texts as blocks of their own (the JSON string's content,
        decoded), and its `inLanguage` as a setting; a script that is no JSON is left alone."""
        start, end = element.content_start, element.content_end
        script = self.text[start:end]
        if not script.strip():
            return
        try:
            found = json_ld.fields(script)
        except json_ld.Malformed as error:
            self.malformed_json_ld.append((self.line(start), str(error)))
            return
        for field in found:
            at, until = start + field.start, start + field.end
            if field.language:
                self._setting(Kind.LANGUAGE, (at, until, True))
                continue
            self.blocks.append((at, until, Block(
                kind=Kind.STRUCTURED, field=field.name, text=field.text, raw=self.text[at:until], line=self.line(at),
                language=context.language, language_confidence=_DECLARED if context.language else 0.0)))

    def _meta_language(self, element: Element, values: dict[str, tuple[int, int, bool]]) -> None:
        """The page's language as a meta element names it (`Content-Language`, Dublin Core's,
        Open Graph's `og:locale`): the target's in the output, as `<html lang>` is; and the
        other editions' (`og:locale:alternate`), of which the output's own becomes the
        source's. A value that names no language ("Deutsch") is left as written."""
        purpose = (element.attributes.get("http-equiv") or element.attributes.get("name")
                   or element.attributes.get("property") or "").strip().lower()
        kind = _META_LOCALE.get(purpose) or (Kind.LANGUAGE if purpose in _META_LANGUAGE else None)
        if kind is None or "content" not in values:
            return
        start, end, _ = values["content"]
        language = to_argos(self.text[start:end])
        if language is not None:
            self._setting(kind, values["content"])
            if kind == Kind.LANGUAGE and not self.page_language:  # a page without <html lang> that says it here
                self.page_language = language

    def _charset(self, element: Element, values: dict[str, tuple[int, int, bool]]) -> None:
        if "charset" in values:
            start, end, _ = values["charset"]
        elif element.attributes.get("http-equiv", "").lower() == "content-type" and "content" in values:
            content_start, content_end, _ = values["content"]
            match = _CHARSET.search(self.text, content_start, content_end)
            if not match:
                return
            start, end = match.span(1)
        else:
            return
        declared = self.text[start:end].strip()
        if declared.lower() not in _UTF8:
            self.charsets.append(declared)
            self.blocks.append((start, end, Block(kind=Kind.CHARSET, text="", raw=self.text[start:end],
                                                  line=self.line(start))))

    def warnings(self, source: SourceText) -> list[str]:
        return self._json_ld_warnings(source.shown) + self._charset_warnings(source)

    def _json_ld_warnings(self, display: str) -> list[str]:
        if not self.malformed_json_ld:
            return []
        line, problem = self.malformed_json_ld[0]
        others = len(self.malformed_json_ld) - 1
        more = f" (and {others} more such script{'s' if others > 1 else ''})" if others else ""
        return [f"{display}:{line}: structured data (JSON-LD) kept as written, not translated: {problem}{more}"]

    def _charset_warnings(self, source: SourceText) -> list[str]:
        if self.text.isascii() or source.encoding == "utf-8":  # nothing to say, or the read stage said it
            return []
        from uebersetzer.charsets import named, python_codec

        return [f"{source.shown}: declares charset {declared}, {_read_how(declared, source.encoding)}; the output is "
                "UTF-8 and says so" for declared in self.charsets[:1]]


def _read_how(declared: str, encoding: str) -> str:
    """How a page declaring `declared` was read, in `encoding` (a Python codec)."""
    from uebersetzer.charsets import as_browsers_read, named, python_codec

    if python_codec(declared) != encoding:  # --encoding named another
        return f"read as {named(encoding)}"
    browsers = as_browsers_read(declared)
    return f"read {browsers}" if browsers else "read in it"


# White space at a block's edges, written as itself or as a reference (`&nbsp;`, `&#160;`): left
# in the text around the block, as written, so a translation cannot lose it.
_SPACE_REFERENCE = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|#0*160|#[xX]0*[aA]0);")
_LEADING_SPACE = re.compile(rf"(?:\s|{_SPACE_REFERENCE.pattern})*")


def _inner(raw: str) -> tuple[int, str]:
    """The offset and text of `raw` without the white space and embedded code (a `<script>`, an
    `<svg>` icon) at its edges: those stay around the block, as written. Each edge is taken
    off a piece at a time from its end (a pattern matched anew after each piece was quadratic:
    a paragraph opening with 8,000 scripts took 164 s, now 0.6 s)."""
    embedded = {match.start(): match.end() for match in _EMBEDDED.finditer(raw)} if "<" in raw else {}
    start = 0
    while True:
        start = _LEADING_SPACE.match(raw, start).end()
        if embedded.get(start, -1) <= start:
            break
        start = embedded[start]
    ends = {end: begin for begin, end in embedded.items()}
    end = len(raw)
    while end > start:
        if raw[end - 1].isspace():
            end -= 1
        elif raw[end - 1] == ";" and _SPACE_REFERENCE.fullmatch(raw, ampersand := raw.rfind("&", start, end), end):
            end = ampersand
        elif ends.get(end, -1) >= start:
            end = ends[end]
        else:
            break
    return start, raw[start:end]


def _attribute_values(tag: str, offset: int) -> Iterator[tuple[str, tuple[int, int, bool]]]:
    """(lower-case name, (start, end, quoted)) of each attribute value in a start tag's source."""
    name_end = re.match(r"<[^\s/>]+", tag)
    position = name_end.end() if name_end else len(tag)
    while position < len(tag):
        match = _ATTRIBUTE.match(tag, position)
        if not match or match.end() == position:
            position += 1
            continue
        position = match.end()
        for group in (2, 3, 4):
            if match.group(group) is not None:
                yield match.group(1).lower(), (offset + match.start(group), offset + match.end(group), group != 4)
                break


def _placed(blocks: list[tuple[int, int, Block]]) -> tuple[list[tuple[int, int, Block]], list[int]]:
    """In source order and never overlapping: a block html5lib's repairs put in an odd place is
    left as written; the lines of those, second."""
    placed: list[tuple[int, int, Block]] = []
    misplaced: list[int] = []
    consumed = 0
    sentence: tuple[int, int] | None = None  # the range of the last block placed outside a tag
    for start, end, block in sorted(blocks, key=lambda item: (item[0], item[1])):
        if block.tag:  # inside the sentence just placed, or dropped with it
            if sentence and sentence[0] < start and end <= sentence[1]:
                placed.append((start, end, block))
            continue
        if start < consumed:
            misplaced.append(block.line)
            sentence = None
            continue
        placed.append((start, end, block))
        consumed, sentence = end, (start, end)
    return placed, misplaced


def _with_gap(block: Block, gap: str, language_at: int = -1) -> Block:
    """`language_at`: where in `gap` a `lang` attribute could go; outside it, none."""
    if block.kind in SETTINGS or not 0 <= language_at <= len(gap):
        return replace(block, gap=gap)
    return replace(block, gap=gap, language_at=language_at)


# Not worth a warning: a missing or unusual doctype, XHTML's `<?xml …?>` declaration (and a
# template's `<?php …?>`), all kept as written.
_IGNORED_ERRORS = ("expected-doctype-but-got", "unknown-doctype", "non-html-root", "unexpected-end-tag-after-body",
                   "expected-tag-name-but-got-question-mark")


def _broken_markup_warning(errors: list[tuple[int, str, dict]], display: str) -> list[str]:
    """The first markup error in plain words, with its line; the count of the others."""
    real = [(line, code, data) for line, code, data in errors if not code.startswith(_IGNORED_ERRORS)]
    if not real:
        return []
    line, code, data = real[0]
    others = len(real) - 1
    more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
    return [f"{display}:{line}: broken HTML: {_markup_problem(code, data)}{more}; the markup is kept as written, "
            "check the output"]


# html5lib's error codes (`unexpected-end-tag`) mean nothing to an editor; the common ones in
# plain words, the rest as html5lib's own message (html5lib.constants.E)
_PLAIN_PROBLEMS = {
    "unexpected-end-tag": "an end tag </{name}> that does not fit the tags open there",
    # html5lib says "too early" for a stray end tag as well (`<p>text</div>`, no <div> open)
    "end-tag-too-early": "an end tag </{name}> that does not match the innermost open tag",
    "end-tag-too-early-named": "an end tag </{gotName}> where </{expectedName}> was expected",
    "expected-one-end-tag-but-got-another": "an end tag </{gotName}> where </{expectedName}> was expected",
    "adoption-agency-1.1": "misnested tags at </{name}> (closed in another order than opened)",
    "adoption-agency-1.2": "misnested tags at </{name}> (closed in another order than opened)",
    "adoption-agency-1.3": "misnested tags at </{name}> (closed in another order than opened)",
    "adoption-agency-4.4": "misnested tags at </{name}> (closed in another order than opened)",
    "expected-closing-tag-but-got-eof": "the file ends with tags still open",
    "unexpected-start-tag-implies-end-tag": "a <{startName}> inside an open <{endName}>, which ends it",
    "unexpected-end-tag-treated-as": "an end tag </{originalName}>, which HTML reads as a start tag",
    "duplicate-attribute": "an attribute given twice in one tag",
    "named-entity-without-semicolon": "a character reference such as &amp without its closing semicolon",
    "numeric-entity-without-semicolon": "a character reference such as &#38 without its closing semicolon",
    "non-void-element-with-trailing-solidus": "<{name}/>, which HTML reads as an open <{name}>",
    "missing-end-tag": "a missing end tag </{name}>",
    "unexpected-start-tag": "a <{name}> where it cannot stand",
    "unexpected-start-tag-implies-table-voodoo": "a <{name}> inside a table but outside its cells, which HTML "
                                                 "moves out of the table",
    "unexpected-end-tag-implies-table-voodoo": "an end tag </{name}> inside a table that does not fit there",
    "unexpected-char-implies-table-voodoo": "text inside a table but outside its cells, which HTML moves out of "
                                            "the table",
    "expected-dashes-or-doctype": "a <! that starts no comment or doctype (a <![CDATA[ section, which HTML does "
                                  "not know, is kept as written)",
    "expected-named-entity": "an & that starts no character reference HTML knows (add the closing ; or write "
                             "&amp; for a plain &)",
}


def _markup_problem(code: str, data: dict) -> str:
    names = {key: _shown(value) for key, value in data.items()}
    plain = _PLAIN_PROBLEMS.get(code)
    try:
        if plain is not None:
            return plain.format(**names)
        from html5lib.constants import E  # loaded with the parser already

        message = E[code] % names
    except (KeyError, IndexError, ValueError, TypeError):  # a code or data html5lib did not document
        return "a markup error"
    message = message.removesuffix(" Ignored.").rstrip(". ")
    return message[:1].lower() + message[1:]


def _shown(value: object) -> str:
    """A tag name as the warning shows it: one line, not overlong."""
    text = "".join(char if char.isprintable() else "?" for char in str(value))
    return text if len(text) <= 40 else text[:39] + "…"


def _is_json_ld(element: Element) -> bool:
    media_type = element.attributes.get("type", "").split(";")[0].strip().lower()
    return media_type == "application/ld+json"


def _language_code(tag: str) -> str:
    """BCP 47 -> the codes Argos uses: "en-US" -> "en", "zh-TW"/"zh-Hant" -> "zt"."""
    parts = tag.replace("_", "-").lower().split("-")
    if parts[0] == "zh" and len(parts) > 1 and parts[1] in ("tw", "hk", "hant"):
        return "zt"
    return parts[0]


def decode(markup: str) -> str:
    """Character references of letters decoded, as html2po shows text; those of markup characters,
    symbols, emoji and spaces kept as written, so protect handles them by their spelling as in text."""
    def one(match: re.Match[str]) -> str:
        decoded = html.unescape(match.group(0))
        kept = decoded == match.group(0) or _MARKUP_CHARACTERS & set(decoded) or not decoded.isalnum()
        return match.group(0) if kept else decoded

    return _CHARREF.sub(one, markup)


def visible_text(markup: str) -> str:
    """The text a reader sees, in words: tags, comments, footnote markers and shortcodes gone,
    references decoded."""
    markup = shortcodes.without_shortcodes(markup)
    return html.unescape(_TAG.sub(" ", _WHOLE.sub(" ", _EMBEDDED.sub(" ", _FOOTNOTE.sub(" ", markup)))))


# What html.unescape reads as one character reference (the html module keeps its pattern
# private): with it and html.unescape, HTML5's table and rules (`&bdquo` lacks its `;` and is
# text, as `&foo;` is; `&auml` is one of the old names a browser reads without it).
_UNESCAPED = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def character_references(text: str) -> list[CharacterReference]:
    """The character references of a block's text that a reader sees as characters (`&bdquo;`
    as „, `&nbsp;` as a space), so the sentence splitter reads the text as shown: not those
    inside a tag, a kept-whole element or a URL (`?a=1&amp;b=2`), which show no text."""
    if "&" not in text:
        return []
    hidden = bytearray(len(text))
    covering = [(m.start(), m.end()) for pattern in (_EMBEDDED, _WHOLE, _TAG) for m in pattern.finditer(text)]
    covering += [(shortcode.start, shortcode.end) for shortcode in shortcodes.shortcodes(text)]
    covering += [(span.start, span.end) for span in verbatim_spans(text) if not ENTITY.fullmatch(span.output)]
    for start, end in covering:
        hidden[start:end] = b"\x01" * (end - start)
    found = []
    for match in _UNESCAPED.finditer(text):
        decoded = html.unescape(match.group(0))
        if decoded != match.group(0) and not hidden[match.start()]:
            found.append(CharacterReference(match.start(), match.end(), decoded))
    return found


def inline_spans(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), m.group(0), "atom", beside=True) for m in _EMBEDDED.finditer(text)]
    # a comment is an editor's note beside the words, as embedded code is
    spans += [Span(m.start(), m.end(), m.group(0), "atom", beside=m.group(0).startswith("<!--"))
              for m in _WHOLE.finditer(text)]
    spans += [Span(m.start(), m.end(), m.group(0), "atom", beside=True) for m in _FOOTNOTE.finditer(text)]
    spans += [Span(m.start(), m.end(), m.group(0), "atom", beside=True) for m in _LINKED_IMAGE.finditer(text)]
    spans += [Span(code.start, code.end, text[code.start:code.end], code.role, beside=True)
              for code in shortcodes.shortcodes(text)]
    for match in _OPEN.finditer(text):
        spans.append(Span(match.start(), match.end(), match.group(0), "open" if _opens(match.group(0)) else "atom"))
    spans += [Span(m.start(), m.end(), m.group(0), "close") for m in _CLOSE.finditer(text)]
    spans += [Span(m.start(), m.end(), m.group(0), "atom") for m in _REFERENCE.finditer(text)]
    return spans + verbatim_spans(text)


_BARE_AMPERSAND = re.compile(r"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[a-zA-Z][a-zA-Z0-9]*;)")
_BARE_LESS_THAN = re.compile(r"<(?![a-zA-Z/!])")
_WHITESPACE = re.compile(r"\s+")


# Markup written back as the source wrote it, never escaped: embedded code (a script's `a < b`
# is no text) and tags (and shortcodes, `_written_as_is`).
_AS_WRITTEN = re.compile(rf"{_EMBEDDED.pattern}|{_TAG.pattern}", re.DOTALL | re.IGNORECASE)


def escape(text: str, block: Block) -> str:
    """Translated text as it goes back into the block: a bare `&` or `<` escaped (quotes too in
    an attribute value), and each tag written as the source wrote it. A msgid's whitespace is
    normalized, tags included (`<a\n  href=...>`); the output must keep the source's bytes."""
    if block.kind in ATTRIBUTE_BLOCKS:
        return _escape_text(text).replace('"', "&quot;").replace("'", "&#39;")
    if block.kind == Kind.STRUCTURED:  # a script's text: no references; escape_block writes the JSON string
        return text
    if block.kind == Kind.MEDIA_CAPTION:  # HTML in an attribute: as a caption's text, escape_block does the rest
        return escape(text, replace(block, kind=Kind.CAPTION, raw=html.unescape(block.raw)))
    from uebersetzer.unicode_forms import comparable  # it imports formats.base: not at the module's top

    as_written: dict[str, str] = {}
    for start, end in _written_as_is(block.raw):  # the msgid's tag is decoded too: `title="&uuml;ber"`
        written = block.raw[start:end]
        for seen in (written, decode(written), comparable(written), comparable(decode(written))):
            as_written.setdefault(_WHITESPACE.sub(" ", seen), written)
    pieces, position = [], 0
    for start, end in _written_as_is(text):
        pieces += [_escape_text(text[position:start]), as_written.get(text[start:end], text[start:end])]
        position = end
    pieces.append(_escape_text(text[position:]))
    return "".join(pieces)


def _written_as_is(text: str) -> list[tuple[int, int]]:
    """Where `text` holds markup written back as the source wrote it, in order, none overlapping."""
    found = sorted([match.span() for match in _AS_WRITTEN.finditer(text)]
                   + [(code.start, code.end) for code in shortcodes.shortcodes(text)])
    kept: list[tuple[int, int]] = []
    for start, end in found:
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def escape_block(text: str, block: Block) -> str:
    """A JSON-LD text as the content of its JSON string; a media caption's HTML as an attribute
    value (`&lt;em&gt;`, `&quot;`); other blocks as their sentences were escaped."""
    if block.kind == Kind.MEDIA_CAPTION:
        return html.escape(text, quote=True)
    if block.kind != Kind.STRUCTURED:
        return text
    return json_ld.json_string(with_edge_space(text, block.text), block.raw)


def _escape_text(text: str) -> str:
    return _BARE_LESS_THAN.sub("&lt;", _BARE_AMPERSAND.sub("&amp;", text))


_LINE_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)  # blanked: a reader sees a new line, a space to the splitter
# ("Berlin.<br>Der Minister" holds no space, so the splitter saw one sentence); CLOSING_MARKUP
# then keeps it with the sentence it ends


def _opens(tag: str) -> bool:
    """A start tag that opens an element around words (`<b>`), not a void one (`<br>`, `<img/>`)."""
    match = _OPEN.fullmatch(tag)
    return match is not None and match.group(1).lower() not in _VOID and not tag.endswith("/>")


def mask(text: str) -> str:
    """Same length, for the sentence splitter: attribute values and kept-whole elements become
    blanks, so a full stop inside `title="..."` or `<code>` ends no sentence. An opening tag
    becomes blanks as a whole: the splitter then reads `<b>Dr. Müller` as the abbreviation
    it is (it took `<b>Dr.` for a sentence's end and cut the element in two). Closing tags
    and line breaks keep their names: they may end a sentence (CLOSING_MARKUP). A footnote
    reference, embedded code (a `<script>`), comments and shortcodes become blanks too: the
    splitter ends a sentence before them, and the segment stage gives a footnote, a closing
    shortcode, code or a comment glued to its full stop to that sentence, the others to the
    next (CLOSING_MARKUP)."""
    def blank(match: re.Match[str]) -> str:
        whole = match.group(0)
        if _opens(whole) or _LINE_BREAK.fullmatch(whole):
            return " " * len(whole)
        name = re.match(r"</?[^\s>]*", whole)
        head = name.group(0) if name else ""
        return head + " " * (len(whole) - len(head) - 1) + whole[-1]

    # a footnote reference, embedded code and a comment (an editor's note, `<!-- Quelle: dpa! -->`):
    # blanks, so they stand between sentences (read as a word, a comment after a full stop made two one)
    text = _EMBEDDED.sub(lambda m: " " * len(m.group(0)), _FOOTNOTE.sub(lambda m: " " * len(m.group(0)), text))
    text = _COMMENT_ONLY.sub(lambda m: " " * len(m.group(0)), text) if "<!--" in text else text
    text = shortcodes.without_shortcodes(text)
    return mask_verbatim(_TAG.sub(blank, _WHOLE.sub(lambda m: "_" * len(m.group(0)), text)))


def emphasized(text: str) -> list[str]:
    return [visible_text(m.group(2)) for m in re.finditer(r"<(strong|b)\b[^>]*>(.*?)</\1\s*>", text, re.DOTALL)]


def sniff(head: str) -> bool:
    return bool(_SNIFF.match(head))


# Inline elements an HTML sentence keeps in the review page's preview: emphasis, links, code and
# the like. Images and embeds are left out (the page loads nothing from the article's site; an
# image's text is listed beside the article), so are `title` attributes (their translation is too).
PREVIEW_INLINE_TAGS = frozenset({"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em",
                                 "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
                                 "sup", "time", "u", "var", "wbr"})
PREVIEW_ATTRIBUTES = {"a": {"href"}, "bdo": {"dir"}}


def _kept_attribute(element: str, attribute: str, value: str) -> str | None:
    # Ammonia keeps `title` and `lang` on every element by default: only ours stay
    allowed = PREVIEW_ATTRIBUTES.get(element, set()) | ({"rel"} if element == "a" else set())
    return value if attribute in allowed else None


def preview_inline(text: str) -> str:
    """A sentence's inline elements, cleaned by nh3 (the Ammonia sanitizer: an allowlist of
    tags and attributes, links only to http(s) and mailto, scripts and event handlers gone) so
    no editor's or article's markup runs in the review page."""
    import nh3  # only the review page needs it

    return nh3.clean(text, tags=set(PREVIEW_INLINE_TAGS), attributes=PREVIEW_ATTRIBUTES,
                     attribute_filter=_kept_attribute, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer")


_XML_DECLARATION = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")


def declared_charset(head: bytes) -> str:
    """The charset the page's first bytes declare: an XML declaration's (XHTML), else the
    `<meta charset>` or `http-equiv` Content-Type found by WHATWG's prescan, html5lib's
    (`EncodingParser`, in its private `_inputstream` module: html5lib 1.1 is the last release
    and its public parser only reports the encoding after parsing the whole page)."""
    from html5lib._inputstream import EncodingParser

    declaration = _XML_DECLARATION.match(head)
    if declaration:
        return declaration.group(1).decode("ascii")
    found = EncodingParser(head).getEncoding()
    if found is None:
        return ""
    return _as_written(head, found.name)


_CHARSET_LABEL = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def _as_written(head: bytes, encoding: str) -> str:
    """The label the page wrote for the encoding the prescan found (`iso-8859-1`, not the
    `windows-1252` WHATWG reads it as): what the user finds in the file, and what messages name."""
    import webencodings

    for match in _CHARSET_LABEL.finditer(head):
        label = match.group(1).decode("ascii")
        found = webencodings.lookup(label)
        if found is not None and found.name == encoding:
            return label
    return encoding


FORMAT = Format(
    name="html", suffixes=(".html", ".htm", ".xhtml"), parse=parse_html_article, inline_spans=inline_spans,
    closing_markup=CLOSING_MARKUP, visible_text=visible_text, emphasized=emphasized, escape=escape,
    escape_block=escape_block, mask=mask, sniff=sniff, character_references=character_references,
    description="HTML", preview_inline=preview_inline, beside_the_text=frozenset({Kind.TITLE}),
    declared_charset=declared_charset,
)
