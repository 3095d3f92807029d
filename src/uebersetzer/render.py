"""Render stage: an article and its translations -> the localized article's text.

Shared by `translate` and `build`, so an article rebuilt from its PO file is exactly what
translate wrote. Translations are spliced into the source: a block whose sentences are all
untranslated comes back verbatim, and everything between blocks is never touched. The
article's format escapes the translated text (HTML's `&` and `<`).
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, NamedTuple

from uebersetzer import formats
from uebersetzer.document import Article, Block, Kind
from uebersetzer.languages import direction, language_tag, same_locale, territorial_locale, to_argos
from uebersetzer.unicode_forms import comparable, without_invisible

NO_SPACE_BETWEEN_SENTENCES = frozenset({"ja", "zh", "zt", "th", "lo", "my", "km"})
OUTPUT_CHARSET = "utf-8"  # every output is written as UTF-8, whatever the source declared
BOM_ENCODING = "utf-8-sig"  # read.decode's name for UTF-8 that starts with a byte-order mark


def render(article: Article, translated: Iterable[str | None], target: str) -> str:
    """`translated`: one text (or None, untranslated) per segment, in article order."""
    return "".join(render_parts(article, translated, target))


def render_parts(article: Article, translated: Iterable[str | None], target: str) -> Iterator[str]:
    """render's text in parts (the text between blocks, each block), for writing a big article
    without holding its whole text, and then its bytes, beside its blocks."""
    by_segment = iter(translated)
    article_format = formats.by_name(article.format)
    joiner = "" if target in NO_SPACE_BETWEEN_SENTENCES else " "
    pieces: list[str] = []
    changed_blocks: list[bool] = []
    any_changed = False
    for block in article.blocks:
        sentences = []
        changed = False
        block_format = formats.by_name(block.markup) if block.markup else article_format
        escape, escape_block = block_format.escape, block_format.escape_block
        for segment in block.segments:
            text = next(by_segment, None)
            changed |= bool(text) and text != segment.msgid
            sentences.append(escape(text, block) if text and text != segment.msgid else segment.source)
        any_changed |= changed
        changed_blocks.append(changed)
        pieces.append(block.prefix + escape_block(_joined(block, sentences, joiner), block) + block.suffix
                      if changed else block.raw)
    # a source read from another encoding is written as UTF-8: its declaration must say so
    rewritten = any_changed or article.encoding not in ("utf-8", "utf-8-sig")
    gaps = _languages(article, changed_blocks, pieces, target) if any_changed else {}
    newline = article.newline
    if article.encoding == BOM_ENCODING:  # the source's byte-order mark, kept as its line ends are
        yield "\ufeff"
    yield _with_newline(article.head, newline)
    for block, piece in _into_tags(article.blocks, pieces):
        yield _with_newline(gaps.get(id(block), block.gap), newline)
        yield _with_newline(_setting(block, rewritten) or piece, newline)
    yield _with_newline(article.tail, newline)


def _languages(article: Article, changed: list[bool], pieces: list[str], target: str) -> dict[int, str]:
    """The language and direction an element's tag says (HTML `lang`, `dir`), written into
    `pieces`: the target's where its text was translated, the source's where it was kept (a
    French quote with no fr model stays `lang="fr"`); the page's own (`covers` 0) the target's.
    A kept block the detect stage found in another language than the language around it gets
    its own `lang` in its element's tag: the new gaps, by the block's id."""
    gaps: dict[int, str] = {}
    around: list[tuple[int, str]] = []  # (last block inside, language the output says there)
    editions = _Editions.of(article, target)
    for index, block in enumerate(article.blocks):
        while around and around[-1][0] < index:
            around.pop()
        if block.kind in (Kind.LANGUAGE, Kind.LOCALE, Kind.ALTERNATE_LOCALE, Kind.DIRECTION):
            translated = not block.covers or any(changed[index + 1:index + 1 + block.covers])
            pieces[index] = _setting_value(block, target, editions) if translated else block.raw
            if block.kind == Kind.LANGUAGE and block.covers:
                around.append((index + block.covers, target if translated else to_argos(block.raw) or block.raw))
            continue
        language = block.language
        said = around[-1][1] if around else target
        if block.language_at >= 0 and not changed[index] and block.segments and language \
                and language not in (article.language, said):
            at = block.language_at
            gaps[id(block)] = f'{block.gap[:at]} lang="{language_tag(language)}"{block.gap[at:]}'
    return gaps


class _Editions(NamedTuple):
    """The page's editions as Open Graph names them: the source's (`og:locale`, as written) and
    the others (`og:locale:alternate`), among which the site may name the target's country."""

    source: str
    others: tuple[str, ...]

    @classmethod
    def of(cls, article: Article, target: str) -> _Editions:
        source = next((block.raw for block in article.blocks if block.kind == Kind.LOCALE), "")
        if not source and article.language:
            source = territorial_locale(article.language)
        return cls(source, tuple(block.raw for block in article.blocks if block.kind == Kind.ALTERNATE_LOCALE))


def _setting_value(block: Block, target: str, editions: _Editions = _Editions("", ())) -> str:
    """A language tag, locale or direction as the output sets it: the target language's (BCP 47:
    "zt" is zh-TW; a locale with its country, en_US, or the one of the site's edition in that
    language). Another edition's locale stays, unless it names the output's own: the source's
    edition is then the other one."""
    if block.kind == Kind.LANGUAGE:
        return block.prefix + language_tag(target) + block.suffix  # prefix ' lang="' where the source had none
    if block.kind == Kind.LOCALE:
        return block.prefix + territorial_locale(target, block.raw, editions.others) + block.suffix
    if block.kind == Kind.ALTERNATE_LOCALE:
        own = territorial_locale(target, editions.source, editions.others)
        return editions.source if editions.source and same_locale(block.raw, own) else block.raw
    written = direction(target)
    return "" if not block.raw and written == "ltr" else block.prefix + written + block.suffix


def _joined(block: Block, sentences: list[str], joiner: str) -> str:
    """The block's sentences joined as in the source where a line break stood between two
    (a `<br>` and its line, a Markdown hard break `  \n` or `\\\n`), a space written as a
    character reference (HTML's `&nbsp;`, which the splitter reads as the space it shows), or
    nothing beside a `<br>` (`Berlin.<br>Der`: the line break is the gap a reader sees), else
    with the target's joiner."""
    lead, trail = _edges(block)
    if len(sentences) < 2 or not _LAID_OUT.search(block.text) and "&" not in block.text \
            and "<br" not in block.text.lower():
        return lead + joiner.join(sentences) + trail
    out = [lead, sentences[0]]
    position = block.text.find(block.segments[0].source) + len(block.segments[0].source)
    for before, segment, sentence in zip(block.segments, block.segments[1:], sentences[1:]):
        start = block.text.find(segment.source, position)
        between = block.text[position:start] if start >= 0 else ""
        if "\n" in between and between.strip() in ("", "\\"):
            between = between.rstrip(" \t") + _continuation(block, block.text.count("\n", 0, start))
        elif not between and (_ENDS_IN_LINE_BREAK.search(before.source)
                              or _STARTS_WITH_LINE_BREAK.match(segment.source)):
            pass  # a <br> ends the one or opens the other: no space is added beside it
        elif _kept_as_written(between, joiner):
            pass  # a tab, a form feed, a no-break space between two sentences: the source's layout
        elif _shown(_REFERENCE.sub("", between)):
            pass  # markup neither sentence took (`1994.&nbsp;<br>\n`, a no-break space before it): as written
        elif not (joiner and "&" in between):  # a target that spaces its sentences keeps the source's spelling
            between = joiner
        out += [between, sentence]
        position = start + len(segment.source) if start >= 0 else position
    return "".join(out) + trail


def _edges(block: Block) -> tuple[str, str]:
    """What the block's text holds before its first sentence and after its last that the
    splitter read as white space but a reader sees: a Markdown paragraph's leading `&nbsp;`
    (an HTML block has such edges in its gap), a `<br>` after a no-break space (valgrind's
    READMEs: `<br>\n\xa0\xa0<br>`). Kept as written; plain white space is not."""
    if not block.segments:
        return "", ""
    first, last = block.segments[0].source, block.segments[-1].source
    start, end = block.text.find(first), block.text.rfind(last)
    lead = block.text[:start] if start > 0 else ""
    trail = block.text[end + len(last):] if end >= 0 else ""
    return lead if _shown(lead) else "", trail if _shown(trail) else ""


def _shown(text: str) -> bool:
    """Does `text` hold more than white space and invisible formatting (which translations drop)?"""
    return bool(without_invisible(text).strip())


_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_ENDS_IN_LINE_BREAK = re.compile(r"<br\b[^>]*>$", re.IGNORECASE)
_STARTS_WITH_LINE_BREAK = re.compile(r"<br\b", re.IGNORECASE)
# a quote's `> `, a list item's or a footnote's indentation, a form feed that starts a page
_CONTAINER_PREFIX = re.compile(r"(?:[^\S\n]|>)*")
_OTHER_WHITE_SPACE = re.compile(r"[^\S ]")  # white space but a space: a line break, a tab, a form feed...
_LAID_OUT = re.compile(r"[^\S ]|  ")  # that, or spaces: what may be kept between two sentences


def _kept_as_written(between: str, joiner: str) -> bool:
    """Is the white space between two sentences written out as the source has it? All of it
    but the plain spaces that are the source's way of joining sentences, which become the
    target's (none in Chinese, one in English), and a line break, which stays (see _joined)."""
    return bool(between) and between.isspace() and (bool(joiner) or bool(_OTHER_WHITE_SPACE.search(between))) \
        and between != " "


def _continuation(block: Block, line: int) -> str:
    """What the source wrote before the block's text on its `line`-th line: a Markdown quote's
    `> ` or a list item's indentation, so a line kept between two sentences stays in its
    quote or item. "" where the block's raw lines do not hold its text's lines."""
    text_line = block.text.split("\n")[line]
    raw_lines = block.raw.split("\n")
    if line >= len(raw_lines) or not text_line.strip():
        return ""
    at = raw_lines[line].find(text_line.strip())
    prefix = raw_lines[line][:at] if at >= 0 else ""
    return prefix if _CONTAINER_PREFIX.fullmatch(prefix) else ""


def _with_newline(text: str, newline: str) -> str:
    """The source's line ending restored (one character replaced, so part by part is the same as all at once)."""
    return text if newline == "\n" else text.replace("\n", newline)


def _into_tags(blocks: Iterable[Block], pieces: list[str]) -> list[tuple[Block, str]]:
    """The blocks written into the article, each with the translated attributes of its inline
    markup (`Block.tag`) written into that tag, wherever the block's text has it."""
    written: list[tuple[Block, str, dict[str, dict[int, tuple[int, str]]]]] = []
    for block, piece in zip(blocks, pieces):
        if not block.tag:
            written.append((block, piece, {}))
        elif piece != block.raw and written:
            value_start = len(block.gap)
            written[-1][2].setdefault(block.tag, {})[value_start] = (value_start + len(block.raw), piece)
    return [(block, _edited_tags(piece, edits)) for block, piece, edits in written]


def _edited_tags(piece: str, edits: dict[str, dict[int, tuple[int, str]]]) -> str:
    for tag, values in edits.items():
        edited = tag
        for start in sorted(values, reverse=True):  # from the right, so earlier offsets hold
            end, value = values[start]
            edited = edited[:start] + value + edited[end:]
        # a translated sentence holds the tag as its msgid has it: in comparable form (NFC)
        for written in dict.fromkeys((tag, comparable(tag))):
            piece = piece.replace(written, edited)
    return piece


def _setting(block: Block, rewritten: bool) -> str:
    """The charset the output declares once it is written in another encoding than the
    source's (an untranslated UTF-8 article stays byte for byte); "" for any other block. (The
    language tag and direction are `_languages`'.)"""
    if block.kind == Kind.CHARSET and rewritten:
        return OUTPUT_CHARSET
    return ""
