"""Protect stage: what an engine must not touch becomes a numbered placeholder `{N}`.

Protected: URLs, e-mail addresses, domains (with a path too), social handles and hashtags, inline code and HTML tags (a tag pair keeps
the words between it translated, and nothing is added inside it), the placeholders of
software strings editors paste (`%s`, `%(name)s`, `%1$d`, `{{name}}`, `{name}`, `${name}`),
HTML entities (`&amp;`, `&#x1F600;`), the article format's own markup (Markdown emphasis and
link syntax, HTML tags: each format in `formats/` lists its spans, the link text itself is
translated), and glossary terms (their target form comes back at restore). Placeholders are
numbered in order of appearance, so the same sentence always gives the same engine input.
`restore.py` puts them back and checks that none was lost, doubled or invented.
"""

from __future__ import annotations

import bisect
import html
import re
import string
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterable, Sequence

PLACEHOLDER = re.compile(r"\{(\d+)\}")

# Kept verbatim, in this order of priority where they overlap (a format's link syntax comes
# between the two lists: its URL belongs to the link, not to the URL pattern).
_CODE_AND_HTML = [
    re.compile(r"`[^`]+`"),  # inline code
    re.compile(r"<(?:https?://|mailto:)[^>\s]+>"),  # autolinks
]
_TAG = re.compile(r"<(?P<close>/)?(?P<name>[a-zA-Z][\w:-]*)(?:\s[^<>\n]*?)?(?P<self>/)?>")
_VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# What editors' texts carry from software strings and HTML: printf (no space flag, so "50 % der"
# stays text), brace and template placeholders, and character references.
_EDITOR_SYNTAX = [
    re.compile(r"%(?:\([\w.-]+\))?(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?[sdifFeEgGxXoucr](?!\w)"),
    re.compile(r"\{\{[^{}\n]+\}\}|\$\{[^{}\n]+\}|\{[A-Za-z_][\w.]*\}"),
    re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});"),
]
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);")

_URL_END = r"[^\s<>()\[\]\"“”„.,;:!?]"  # a URL's last character: not the punctuation or bracket around it
_DOMAIN = r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}"
_VERBATIM = [
    re.compile(rf"\bhttps?://[^\s<>()\"“”„]+{_URL_END}"),
    re.compile(rf"\bwww\.[^\s<>()\"“”„]+{_URL_END}"),
    re.compile(r"(?<![\w@])@\w+@[\w-]+(?:\.[\w-]+)+\b"),  # a Mastodon handle, @dpa@mastodon.social, before e-mail
    re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    # a domain with a path, as news cites sources without "https://" (spiegel.de/politik/a-123.html,
    # pic.twitter.com/AbC123); then a bare domain (not followed by a path: that is the one before)
    re.compile(rf"(?<![\w@/.-])(?!www\.){_DOMAIN}/(?:[^\s<>()\"“”„]*{_URL_END})?"),
    re.compile(rf"(?<![\w@/.-]){_DOMAIN}\b(?![\w/-])"),  # bare domains
    # a social handle (@dpa_news, @name.bsky.social) and a hashtag (#Gipfel2024: a tag, the same
    # in every language, that the platforms link; not "#1", which holds no letter, nor C#)
    re.compile(r"(?<![\w@./])@\w(?:[\w.-]*\w)?"),
    re.compile(r"(?<![\w&#/])#\w*[^\W\d_]\w*"),
    PLACEHOLDER,  # text that already looks like a placeholder must survive too
]


@dataclass(frozen=True)
class Span:
    """A stretch of the msgid to protect, and what it becomes in the output."""

    start: int
    end: int
    output: str
    role: str  # "open" / "close" (markup around words), "atom" (verbatim), "term" (glossary)
    label: str = ""  # for terms: "Moskau -> Moscow"
    engine_form: str = ""  # for terms: the target form with the source's ending ("Zelenskys"), see protect()
    ending: str = ""  # for terms: the genitive ending written in the source ("s" of "Selenskyjs")
    forms: tuple[str, ...] = ()  # for terms: every spelling of its entry (sources, variants, targets); no stand-in may be one
    # markup that stands beside a sentence's words, not among them (an HTML footnote reference,
    # an ad slot's script, a CMS shortcode): at the sentence's edges the engine never sees it (_edge_tags)
    beside: bool = False


@dataclass(frozen=True)
class Token:
    placeholder: str
    source: str
    output: str
    role: str
    label: str = ""
    glued: bool = False  # written against a word in the source ("AT&amp;T", "%sx"): no space added at restore
    ending: str = ""  # a term's genitive ending in the source
    spaced: bool = False  # a closing tag with white space after it in the source ("dpa</abbr> war")
    # markup that holds the space between two words in the source, as a WYSIWYG editor writes it:
    # an opening tag with a space after it and none before ("Der<b> Präsident"), a closing one with
    # a space before it and none after ("gestern </em>nichts"); restore keeps that space inside
    inner_space: bool = False

    @property
    def partner(self) -> bool:
        """The invisible half protect adds to markup whose other half is in another sentence
        (`_partnered`): written as nothing, and the white space around it stays as the engine wrote it."""
        return not self.source


@dataclass(frozen=True, slots=True)
class Mark:
    """A directional mark (LRM, RLM, ALM; raw or `&lrm;`) written right before or after a
    word: its spelling, the word, and on which side of it."""

    written: str
    word: str
    after: bool  # written after the word ("Berlin\u200e."), else before it ("\u200eBerlin")


@dataclass(frozen=True, slots=True)  # slots: one per sentence of the run
class Protected:
    text: str  # what the engine sees
    tokens: tuple[Token, ...]  # one per placeholder, in order
    # terms written into the text instead of a placeholder, to find in the output: in their
    # target form (placeholder ""), or as a stand-in name (placeholder "Peter")
    substituted: tuple[Token, ...] = ()
    # stand-in names the sentence does not hold: in the engine output, any of them beyond the
    # substituted ones, whole, is a name the model garbled, doubled or invented (restore.check)
    foreign_standins: tuple[str, ...] = ()
    # HTML entities written as the character they stand for ("AT&T"): placeholder is the
    # character, source the entity as written; restore writes each back in that spelling
    characters: tuple[Token, ...] = ()
    # markup at the sentence's edges that the engine never sees (a `<br>` after its full stop):
    # written back before and after the restored text (see _edge_tags)
    lead: str = ""
    trail: str = ""
    # markers written right before the sentence's final punctuation that the engine never sees
    # (a footnote reference, an emoji: "Berlin<sup>1</sup>."): written back before the
    # translation's final punctuation (see _final_markers)
    inset: str = ""
    # directional marks written against a word, which the engine gets without them: restore
    # writes each back against that word in the output (`_anchored_marks`)
    marks: tuple[Mark, ...] = ()

    @property
    def needs_engine(self) -> bool:
        """False when nothing but placeholders, digits and punctuation is left to translate."""
        return any(ch.isalpha() for ch in PLACEHOLDER.sub("", self.text))


def code_spans(text: str) -> list[Span]:
    """Inline code and autolinks, kept whole, and inline HTML tags (a pair opens and closes
    words like emphasis), in any format."""
    spans = [Span(m.start(), m.end(), m.group(0), "atom") for rx in _CODE_AND_HTML for m in rx.finditer(text)]
    return spans + [Span(m.start(), m.end(), m.group(0), _tag_role(m)) for m in _TAG.finditer(text)]


def single_tag(text: str) -> bool:
    """`text` is one HTML tag (`<br>`, `<img src=x>`, `</b>`), not an element with content."""
    return bool(_TAG.fullmatch(text))


def _tag_role(match: re.Match[str]) -> str:
    """`<b>` opens and `</b>` closes words, like emphasis; `<br>` and `<img/>` stand alone."""
    if match.group("close"):
        return "close"
    if match.group("self") or match.group("name").lower() in _VOID_ELEMENTS:
        return "atom"
    return "open"


# What every match of a _VERBATIM pattern holds: `://`, `www.`, `@`, a full stop before a
# small letter (a domain's ending), `{`, `#`. Most sentences hold none, and this one search costs
# 2 us where the patterns cost 36 us for a paragraph of news.
_MAY_BE_VERBATIM = re.compile(r"://|www\.|@|\.[a-z]|\{|#")


def verbatim_spans(text: str) -> list[Span]:
    """URLs, e-mail addresses, bare domains and placeholder-like text, then (so "&amp;" or
    "%2F" inside a URL stays part of it) editors' placeholders and entities: kept whole, in
    any format."""
    spans = _atoms(_VERBATIM, text) if _MAY_BE_VERBATIM.search(text) else []
    return spans + _atoms(_EDITOR_SYNTAX, text) + symbol_spans(text)


def _atoms(patterns: list[re.Pattern[str]], text: str) -> list[Span]:
    return [Span(m.start(), m.end(), m.group(0), "atom") for rx in patterns for m in rx.finditer(text)]


# Characters a translation model cannot write: its vocabulary, learned from text, lacks them,
# so SentencePiece reads them as "unknown" and the output drops them. Emoji, pictographs,
# dingbats, arrows, mathematical and other symbols from U+2100 on (not "©", "°" or "€", which news text has), and
# private or unassigned code points; with the joiners, variation selectors and skin tones that
# glue an emoji together. Told by the Unicode category (the unicodedata module), the same
# in every format and for every model, so a sentence always gives the same engine input.
_FIRST_SYMBOL = 0x2100
_EMOJI_GLUE = frozenset("\u200d\ufe0e\ufe0f") | {chr(c) for c in range(0x1F3FB, 0x1F400)}


def unwritable(character: str) -> bool:
    """True for a character no model is trusted to write back (see `symbol_spans`)."""
    category = unicodedata.category(character)
    symbol = category in ("So", "Sm", "Sk") and ord(character) >= _FIRST_SYMBOL  # not currency: "€" is text
    return symbol or category in ("Co", "Cn")


@lru_cache(maxsize=4096)
def _unwritable_character(character: str) -> bool:
    return unwritable(character)


# Every code point below this one is assigned and none is a symbol from U+2100 on: a text of
# such characters only (Latin, Greek up to U+0377, with their accents) has nothing unwritable.
_FIRST_UNASSIGNED = "\u0378"


def symbol_spans(text: str) -> list[Span]:
    """Runs of characters a model cannot write (`unwritable`), kept whole as placeholders."""
    if not text or max(text) < _FIRST_UNASSIGNED:  # most Western sentences: one pass in C
        return []
    if not any(map(_unwritable_character, set(text))):  # nearly every other sentence: each character asked once
        return []
    return _symbol_runs(text)


def _symbol_runs(text: str) -> list[Span]:
    """symbol_spans' search, character by character (its shortcut's reference in the tests)."""
    spans: list[Span] = []
    position = 0
    while position < len(text):
        if not unwritable(text[position]):
            position += 1
            continue
        end = position + 1
        while end < len(text) and (unwritable(text[end]) or text[end] in _EMOJI_GLUE):
            end += 1
        spans.append(Span(position, end, text[position:end], "atom"))
        position = end
    return spans


# Unicode's bidirectional formatting characters (UAX #9), by the direction each one says: marks
# (LRM, RLM, ALM), embeddings and overrides (LRE, RLE, LRO, RLO, closed by PDF) and isolates
# (LRI, RLI, FSI, closed by PDI); in HTML also as character references (`&rlm;`, `&#x202B;`). A
# model has no such characters in its vocabulary: given one it garbled the sentence ("\u202bDer
# Minister trifft …" -> "praises Der meets …"). So they never reach it: at a sentence's edges they
# are written back around the translation (`_edge_tags`; the ones that say the sentence's
# direction then say the target's, `_directed`), inside it they are markup, kept and verified.
_BIDI_OPENING = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
_BIDI_CLOSING = frozenset("\u202c\u2069")
_BIDI_ISOLATES = frozenset("\u2066\u2067\u2068\u2069")  # an isolate closes with PDI, an embedding with PDF
# The same control saying the other direction: RLM <-> LRM (ALM -> LRM), RLE <-> LRE, RLO <-> LRO, RLI <-> LRI.
_BIDI_TURNED = {"rtl": {"\u200e": "\u200f", "\u202a": "\u202b", "\u202d": "\u202e", "\u2066": "\u2067"},
                "ltr": {"\u200f": "\u200e", "\u061c": "\u200e", "\u202b": "\u202a", "\u202e": "\u202d",
                        "\u2067": "\u2066"}}
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]|&(?:lrm|rlm);"
                   "|&#[xX]0*(?:200[eEfF]|61[cC]|202[a-eA-E]|206[6-9]);|&#0*(?:820[67]|1564|823[4-8]|829[4-7]);")


def bidi_spans(text: str) -> list[Span]:
    """The bidirectional controls of `text`, raw or as character references: an embedding or
    isolate opens words and its PDF or PDI closes them, a mark stands alone; each stands beside
    the words, so at a sentence's edges the engine never sees it (`_edge_tags`)."""
    spans = []
    for match in _BIDI.finditer(text):
        character = html.unescape(match.group(0))
        role = "open" if character in _BIDI_OPENING else "close" if character in _BIDI_CLOSING else "atom"
        spans.append(Span(match.start(), match.end(), match.group(0), role, beside=True))
    return spans


def bidi_control(written: str) -> str:
    """The bidirectional control `written` spells (raw or as a reference), or ""."""
    return html.unescape(written) if _BIDI.fullmatch(written) else ""


def _directed(msgid: str, spans: Sequence[Span], start: int, end: int, direction: str) -> str:
    """`msgid[start:end]` (a sentence's edge, never seen by the engine) with each bidirectional
    control that says the other direction than `direction` saying `direction`, in the spelling it
    had (`&rlm;` -> `&lrm;`, `&#x202B;` -> `&#x202A;`); as it was when `direction` is "". An
    RLM after an Arabic sentence keeps its full stop at the sentence's end; in the English
    translation that is an LRM's job (and an RLO around English words would show them backwards)."""
    turned = _BIDI_TURNED.get(direction)
    if not turned:
        return msgid[start:end]
    out: list[str] = []
    position = start
    for span in spans:
        character = bidi_control(span.output) if start <= span.start and span.end <= end else ""
        if character in turned:
            out += [msgid[position:span.start], _spelled_as(span.output, turned[character])]
            position = span.end
    out.append(msgid[position:end])
    return "".join(out)


def _spelled_as(written: str, character: str) -> str:
    """`character` written as `written` writes its control: raw, by name, or by number."""
    if not written.startswith("&"):
        return character
    if written.startswith("&#x") or written.startswith("&#X"):
        return f"&#x{ord(character):04X};"
    if written.startswith("&#"):
        return f"&#{ord(character)};"
    return {"\u200e": "&lrm;", "\u200f": "&rlm;"}.get(character, f"&#x{ord(character):04X};")


def plain_spans(text: str) -> list[Span]:
    """What is protected in text of no particular format."""
    return [*code_spans(text), *verbatim_spans(text)]


def select(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans; earlier entries win, so pass verbatim spans before terms.

    Each new span is checked against its neighbours among those chosen (bisect), not against
    every one chosen so far: a line of 8,000 URLs took 10 s that way."""
    chosen: list[Span] = []  # in the order they were chosen
    starts: list[int] = []  # the chosen non-empty spans, disjoint, by start (and so by end)
    by_start: list[Span] = []
    points: list[int] = []  # the chosen empty spans' positions, sorted
    for span in spans:
        if span.end > span.start:
            at = bisect.bisect_right(starts, span.start)
            clear = (at == 0 or by_start[at - 1].end <= span.start) and (
                at == len(by_start) or span.end <= by_start[at].start)
            clear = clear and bisect.bisect_right(points, span.start) == bisect.bisect_left(points, span.end)
            if clear:
                starts.insert(at, span.start)
                by_start.insert(at, span)
        else:  # an empty span only clashes with a span around it
            at = bisect.bisect_left(starts, span.start)
            clear = at == 0 or by_start[at - 1].end <= span.start
            if clear:
                bisect.insort(points, span.start)
        if clear:
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


TERM_MODES = ("placeholder", "target", "standin")
# Stand-ins for terms in "standin" mode: surnames common in news across languages, written
# alone as news writes a surname after its first mention, so a model copies them as they are
# (with their genitive: "Müllers Plan" -> "Müller's plan"). Not given names: a model that
# learned "Peter Müller" writes a surname after "Peter" ("Peter Peter", "Maria Thomas"). Not
# words of any language ("Fischer", "Koch", "Klein", "Richter" are nouns or adjectives in
# German), consonant first, so French output has no elision ("de Müller", not "d'Oliveira")
# to undo, and not ending in s, x or z, whose genitive is only an apostrophe. An engine
# narrows them to the ones its model knows best (`Engine.standins`); the order is the order
# they are tried in (bench/bench_protection.py).
STANDINS = tuple("""Müller Schmidt Weber Meyer Wagner Becker Schulz Hoffmann Neumann Zimmermann Hartmann Krüger
Lehmann Smith Johnson Miller Wilson Taylor Thompson Garcia Martinez Rodriguez Lopez Gonzalez Rossi Bianchi Dupont
Durand Moreau Lefebvre Nowak Kowalski Novak Horvat Petrov Popov Tanaka Suzuki Yamamoto Nielsen Jensen Hansen
Larsen Johansson Silva Yilmaz Kaya Demir Papadopoulos Dimitrov""".split())


def rotated(standins: Sequence[str], offset: int) -> tuple[str, ...]:
    """The stand-ins starting `offset` names later: another try for a sentence whose first
    stand-ins the model lost."""
    if not standins:
        return ()
    offset %= len(standins)
    return (*standins[offset:], *standins[:offset])


def protect(msgid: str, term_spans: Iterable[Span] = (), markup: Callable[[str], list[Span]] = plain_spans,
            term_mode: str = "placeholder", standins: Sequence[str] = STANDINS,
            decode_entities: bool = True, direction: str = "", anchor_marks: bool = True) -> Protected:
    """Placeholders `{N}` for every protected span. Glossary terms may reach the engine another
    way (bench/bench_protection.py measures which a model copies best): "target" writes each
    in its target form with the source's ending ("Zelenskys Plan"), "standin" writes the first
    of `standins` that is neither in the sentence already (in any case) nor a spelling of one of
    its terms in its place ("Müllers Plan"); restore finds them in the output, and check() says
    when the model lost, garbled, doubled or invented one. `markup` is the article format's
    `inline_spans`: its markup and verbatim text, by priority. With `decode_entities`, HTML
    entities go to the engine as their character where that is unambiguous (`decodable`);
    the others, and all of them without it (the piecewise fallback), go as placeholders, with
    the word they are written in (`_entity_words`). Bidirectional controls are markup beside the
    words (`bidi_spans`); `direction` ("rtl", "ltr") is the target's where it is not the
    source's: the controls at the sentence's edges then say it (`_directed`). With
    `anchor_marks`, a directional mark written against a word inside the sentence goes to the
    engine as nothing and comes back against that word (`_anchored_marks`); without it (the
    piecewise fallback, where it is kept by construction), and where no word carries it, it is
    a placeholder."""
    controls = bidi_spans(msgid)
    spans = select([*_without_bidi_references(markup(msgid), controls), *controls, *term_spans])
    start, end = _edge_tags(msgid, spans)
    if (start, end) != (0, len(msgid)):
        inner = protect(msgid[start:end], [_shifted(span, -start) for span in term_spans if start <= span.start
                                           and span.end <= end], markup, term_mode, standins, decode_entities,
                        direction, anchor_marks)
        # (the inner text's own edges, inside markup wrapping it: `**\u200fSatz.\u200f**`, kept too)
        return replace(inner, lead=_directed(msgid, spans, 0, start, direction) + inner.lead,
                       trail=inner.trail + _directed(msgid, spans, end, len(msgid), direction))
    markers = _final_markers(msgid, spans)
    if markers:
        start, end = markers
        inner = protect(msgid[:start] + msgid[end:], [span for span in term_spans if span.end <= start], markup,
                        term_mode, standins, decode_entities, direction, anchor_marks)
        return replace(inner, inset=msgid[start:end] + inner.inset)
    spans = _partnered(msgid, spans)
    characters = decodable(msgid, spans) if decode_entities else {}
    spans = _entity_words(msgid, spans, characters)
    anchored = _anchored_marks(msgid, spans) if anchor_marks else {}
    pieces: list[str] = []
    tokens: list[Token] = []
    substituted: list[Token] = []
    decoded: list[Token] = []
    standin_pieces: set[int] = set()  # where in `pieces` the stand-ins are
    has_terms = term_mode == "standin" and any(span.role == "term" for span in spans)
    free_standins = iter(_usable_standins(_standins_not_in(msgid, standins), spans) if has_terms else ())
    position = 0
    for span in spans:
        pieces.append(msgid[position:span.start])
        # glued to a word character as restore reads one (`\w`: `_` too, which isalnum() is not:
        # restore put a space between `😀` and the `_` after it)
        glued = bool(_WORD_CHARACTER.match(msgid[span.start - 1:span.start])
                     or _WORD_CHARACTER.match(msgid[span.end:span.end + 1]))
        source = msgid[span.start:span.end]
        standin = next(free_standins, "") if term_mode == "standin" and span.role == "term" else ""
        if span.start in anchored:
            pass  # the engine gets the word without it
        elif span.start in characters and span.end > span.start:  # not a partner there (_partnered)
            pieces.append(characters[span.start])
            decoded.append(Token(characters[span.start], source, source, "character", glued=glued))
        elif standin:
            standin_pieces.add(len(pieces))
            pieces.append(standin + span.ending)
            substituted.append(Token(standin, source, span.output, span.role, span.label, glued, span.ending))
        elif term_mode == "target" and span.role == "term" and span.engine_form:
            pieces.append(span.engine_form)
            substituted.append(Token("", source, span.output, span.role, span.label, glued, span.ending))
        else:
            placeholder = "{%d}" % (len(tokens) + 1)
            pieces.append(placeholder)
            spaced = span.role == "close" and msgid[span.end:span.end + 1].isspace()
            tokens.append(Token(placeholder, source, span.output, span.role, span.label, glued, spaced=spaced,
                                inner_space=_inner_space(msgid, span)))
        position = span.end
    pieces.append(msgid[position:])
    others = " ".join(piece for at, piece in enumerate(pieces) if at not in standin_pieces)
    foreign = _standins_not_in(others, standins) if term_mode == "standin" else ()
    return Protected("".join(pieces), tuple(tokens), tuple(substituted), foreign, tuple(decoded),
                     marks=tuple(anchored.values()))


def _inner_space(msgid: str, span: Span) -> bool:
    """Does this markup hold the space between the words on either side of it (Token.inner_space)?"""
    before, after = msgid[span.start - 1:span.start], msgid[span.end:span.end + 1]
    if span.role == "open":
        return bool(before) and not before.isspace() and after.isspace()
    if span.role == "close":
        return bool(after) and not after.isspace() and before.isspace()
    return False


def _anchored_marks(msgid: str, spans: Sequence[Span]) -> dict[int, Mark]:
    """The directional marks inside a sentence that are written against a word ("in
    \u200eBerlin\u200e."), by start: a mark says which way the neutral characters next to that
    word run (a name in the other script, a number), so it belongs to the word wherever the
    translation puts it. Given as a placeholder glued to the word, the fixture model moved it
    and garbled the sentence ("… in {1}Berlin{2}." -> "… meets {1}the minister{2} in Rome.").
    The word is the run of characters up to the next white space, control or other protected
    span, the one before the mark where there is one; it must occur once in the sentence, so
    restore can find it again. Marks with a letter or digit on the word's other side
    (`10\u200f5`, `Inc.\u200fDer`) are placeholders: without them the engine would read one
    word (`105`) in which the one they were written against (`10`) is not found, and the check
    refused every output, even the sentence given back (a piecewise fallback)."""
    marks = [span for span in spans if span.role == "atom" and bidi_control(span.output) in _BIDI_MARKS]
    if not marks:
        return {}
    covered = bytearray(len(msgid))
    for span in spans:
        covered[span.start:span.end] = b"\x01" * (span.end - span.start)
    anchored: dict[int, Mark] = {}
    for span in marks:
        start = span.start
        while start > 0 and not covered[start - 1] and not msgid[start - 1].isspace():
            start -= 1
        end = span.end
        while end < len(msgid) and not covered[end] and not msgid[end].isspace():
            end += 1
        before, after = msgid[start:span.start], msgid[span.end:end]
        word, written_after = (before, True) if any(map(str.isalnum, before)) else (after, False)
        run_start, run_end = _run_of_marks(span, marks)
        beyond = msgid[run_end:run_end + 1] if written_after else msgid[max(run_start - 1, 0):run_start]
        if _WORD_CHARACTER.match(beyond):  # the engine reads the word glued to the next one
            continue
        if any(map(str.isalnum, word)) and len(whole_word(word).findall(msgid)) == 1:
            anchored[span.start] = Mark(span.output, word, written_after)
    return anchored


_BIDI_MARKS = frozenset("\u200e\u200f\u061c")
_WORD_CHARACTER = re.compile(r"\w")


def _run_of_marks(mark: Span, marks: Sequence[Span]) -> tuple[int, int]:
    """(start, end) of the directional marks written one after the other that `mark` is one of."""
    starting_at = {span.start: span for span in marks}
    ending_at = {span.end: span for span in marks}
    start, end = mark.start, mark.end
    while start in ending_at:
        start = ending_at[start].start
    while end in starting_at:
        end = starting_at[end].end
    return start, end


@lru_cache(maxsize=256)
def whole_word(word: str) -> re.Pattern[str]:
    """`word` where no letter or digit continues it on either side."""
    return re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")


def _without_bidi_references(spans: list[Span], controls: list[Span]) -> list[Span]:
    """A format's spans without the character references `controls` are (HTML's `&rlm;` is an
    entity to it): those are bidirectional controls, markup beside the words."""
    if not controls:
        return spans
    places = {(control.start, control.end) for control in controls}
    return [span for span in spans if (span.start, span.end) not in places]


# The dash an attribution line starts with (segment.py makes it a sentence of its own)
_LEADING_DASH = re.compile(r"(?:[—–―]|--)\s+")

# A Markdown footnote marker (`[^1]`), which ends the sentence it follows (formats/markdown.py).
_FOOTNOTE_MARKER = re.compile(r"\[\^[^\[\]\s]+\]")


def _edge_tags(msgid: str, spans: Sequence[Span]) -> tuple[int, int]:
    """Where the text between the sentence's edge tags starts and ends: stand-alone tags (`<br>`,
    `<img>`), footnote markers and markup whose partner lies in another sentence (the `<b>` of
    "<b>Satz eins. Satz zwei.</b>", a `**` or a link's `](url)`: `unpaired_markup`) with
    nothing but white space and other such tags between them and the sentence's start or
    end. A model moves a tag it is given at a sentence's end into its middle ("Berlin.<br>"
    came back as "The president meets <br> the minister in Berlin.", and so did "Berlin.[^1]"
    and "Berlin.</b>", which lost words as well: "<b>Der Präsident trifft" -> "<b>confirms");
    it never sees those, nor markup a format marks as standing `beside` the words (an HTML
    footnote reference, an ad slot's script, a shortcode), nor an attribution line's leading
    dash, which it dropped ("— Olaf Scholz"). Unpaired markup inside the sentence stays a placeholder, with an
    invisible partner (`_partnered`): where it stands among the words only the engine can
    tell, `check` holds it to its place among the other markup, and a sentence that lost it
    is redone piecewise around it."""
    start, end = 0, len(msgid)
    unpaired = set(unpaired_markup(spans))
    edge = [span for span in spans if span in unpaired or span.beside or span.role == "atom" and (
        _TAG.fullmatch(msgid, span.start, span.end) or _FOOTNOTE_MARKER.fullmatch(msgid, span.start, span.end))]
    for span in edge:  # in order: each leading one right after the one before
        if msgid[start:span.start].strip():
            break
        start = span.end
    for span in reversed(edge):
        if msgid[span.end:end].strip() or span.start < start:
            break
        end = span.start
    if not msgid[start:end].strip():  # tags and nothing else: nothing to cut them from
        return 0, len(msgid)
    start, end = _inside_wrapping_markup(msgid, spans, start, end)
    while start < end and msgid[start].isspace():
        start += 1
    dash = _LEADING_DASH.match(msgid, start, end)
    if dash and dash.end() < end:  # an attribution's "— " ("— Olaf Scholz"): the model dropped it
        start = dash.end()
    while end > start and msgid[end - 1].isspace():
        end -= 1
    return start, end


# a sentence's final punctuation, or where it would be (at the end): restore puts `inset` before it
FINAL_PUNCTUATION = re.compile(r"[.!?…]*$")


def _final_markers(msgid: str, spans: Sequence[Span]) -> tuple[int, int] | None:
    """Where the markers right before the sentence's final punctuation are, with the white
    space before them: footnote references, stand-alone tags, entities and symbols, and a
    superscript or in-page link around nothing but digits or punctuation (`<sup>3</sup>`; not
    `um <b>15</b>.`, where the 15 is a word of the sentence). They mark the sentence, not one
    of its words, and a model given one there moved it onto other words and lost words with it
    ("in Berlin{1}." -> "meets {1}the minister in Berlin."), with no check to see it: so the
    engine never sees them, and restore writes them back before the translation's final
    punctuation, as the source had them (`Protected.inset`). None when there are none, and
    when final punctuation comes before them too (`gut!😀.`): the engine would read `gut!.`,
    and restore wrote them before all of it (`gut😀!.`)."""
    final = FINAL_PUNCTUATION.search(msgid)
    if final.start() == final.end() or not spans:
        return None
    position = end = final.start()
    start = None
    depth = 0  # markup closed after the marker, open at this point of the walk back
    for span in reversed(spans):
        if span.start >= end:
            continue
        between = msgid[span.end:position]
        if span.end > position or (depth == 0 and between.strip()) or any(map(str.isalpha, between)):
            break
        if span.role == "close":
            depth += 1
        elif span.role == "open":
            if depth == 0:
                break
            depth -= 1
            if depth == 0 and not _footnote_opening(span.output):  # `um <b>15</b>.`: the 15 is a word
                break
        elif not _marker(msgid, span):  # a link around an address (`<a>x@y.de</a>.`) holds words
            break
        position = span.start
        if depth == 0:
            start = position
    if start is None:
        return None
    while start > 0 and msgid[start - 1].isspace():
        start -= 1
    if FINAL_PUNCTUATION.search(msgid[:start]).group(0):
        return None
    return (start, end) if any(map(str.isalnum, msgid[:start])) else None


_FOOTNOTE_OPENING = re.compile(r"<sup\b[^<>]*>|<a\b[^<>]*\bhref\s*=\s*[\"']?#[^<>]*>", re.IGNORECASE)


def _footnote_opening(markup: str) -> bool:
    """A superscript or a link to a place in the page: what opens a footnote reference."""
    return bool(_FOOTNOTE_OPENING.fullmatch(markup))


def _marker(msgid: str, span: Span) -> bool:
    """A span that marks a sentence rather than standing among its words: markup beside the
    words (a footnote reference), a stand-alone tag or footnote marker, an entity (not a
    directional control: those keep to their word, `_anchored_marks`) or a run of symbols."""
    if span.role != "atom" or bidi_control(span.output):
        return False
    return span.beside or bool(_TAG.fullmatch(msgid, span.start, span.end) or _FOOTNOTE_MARKER.fullmatch(
        msgid, span.start, span.end) or ENTITY.fullmatch(span.output)) or all(map(unwritable, span.output))


def unpaired_markup(spans: Sequence[Span]) -> list[Span]:
    """The opening and closing markup among `spans` (by start) whose partner is not among them:
    an element or emphasis that began in an earlier sentence or ends in a later one. Partners
    are found as the markup nests, by kind (`<b>` with `</b>`, `**` with `**`, a link's `[`
    with its `](url)`); markup left open inside a pair closed around it is unpaired too."""
    found: list[Span] = []
    opened: list[tuple[Span, str]] = []  # the markup open so far, with its kind
    open_of_kind: dict[str, list[int]] = {}  # where in `opened` each kind's open ones are (a stack per
    # kind: thousands of `<b>` and then of `</i>` made a search down `opened` quadratic)
    for span in spans:
        if span.role == "open":
            kind = _markup_kind(span)
            open_of_kind.setdefault(kind, []).append(len(opened))
            opened.append((span, kind))
        elif span.role == "close":
            positions = open_of_kind.get(_markup_kind(span))
            if not positions:
                found.append(span)
                continue
            at = positions.pop()
            for inner, kind in opened[at + 1:]:  # left open inside the pair: each is on top of its kind's stack
                found.append(inner)
                open_of_kind[kind].pop()
            del opened[at:]
    return sorted(found + [span for span, _ in opened], key=lambda span: span.start)


def _partnered(msgid: str, spans: list[Span]) -> list[Span]:
    """`spans` with an invisible partner (output "") for each opening or closing markup inside
    the sentence whose partner lies in another sentence (`_edge_tags` took those at its edges
    off): a closing one at the sentence's end, an opening one at its start. A model places a
    pair around the words it wraps; given "{1}" alone it dropped words ("Der Minister trifft
    den Präsidenten{1} in Berlin." -> "The minister meets{1} in Berlin."). The engine's
    placement of the real half is kept; the partner is written as nothing (restore)."""
    unpaired = unpaired_markup(spans)
    if not unpaired:
        return spans
    end = len(msgid)
    closes = [Span(end, end, "", "close", _partner_label(span)) for span in unpaired if span.role == "open"]
    opens = [Span(0, 0, "", "open", _partner_label(span)) for span in unpaired if span.role == "close"]
    return sorted([*opens, *spans, *closes], key=lambda span: span.start)


def _partner_label(span: Span) -> str:
    """How a note names the invisible partner of `span` when the engine lost it: by the markup
    it stands for (it has no text of its own to show)."""
    if span.role == "open":
        return f"the end of {span.output!r} (it ends in another sentence)"
    return f"the start of {span.output!r} (it starts in another sentence)"


# A site generator's attribute list written right after closing markup (`*trifft*{: .x}`), which
# the format keeps as one span with it (markdown.site_inline_spans): it is no part of the kind.
_TRAILING_ATTRIBUTES = re.compile(r"(?<=[^{}])\{[^{}\n]*\}$")


def _markup_kind(span: Span) -> str:
    """What pairs an opening with a closing markup span: an HTML tag's name, a link's
    brackets, or the emphasis characters themselves (without an attribute list after them:
    as `*{: .x}` the closing `*` matched no opening one, and both got an invisible partner the
    engine was asked to keep and a note named as lost `''`)."""
    tag = _TAG.fullmatch(span.output)
    if tag:
        return tag.group("name").lower()
    control = bidi_control(span.output)
    if control:
        return "bidi isolate" if control in _BIDI_ISOLATES else "bidi embedding"
    if span.output.startswith(("[", "![", "]")):
        return "["
    return _TRAILING_ATTRIBUTES.sub("", span.output)


def _inside_wrapping_markup(msgid: str, spans: Sequence[Span], start: int, end: int) -> tuple[int, int]:
    """`start`, `end` moved inside markup that opens at the sentence's start and closes, as one
    pair, at its end (`**Ganzer Satz.**`, a linked image's `[![` and `](img)](url)`): there is
    nothing outside it for the model to move its words to, and the fixture model did
    ("{1}Der Minister in Berlin{2}" -> "{1}confirms{2} in Berlin")."""
    markup = [span for span in spans if span.role in ("open", "close") and span.end > span.start]
    while True:
        inside = [span for span in markup if start <= span.start and span.end <= end]
        if len(inside) < 2 or inside[0].role != "open" or inside[-1].role != "close" \
                or msgid[start:inside[0].start].strip() or msgid[inside[-1].end:end].strip() \
                or not msgid[inside[0].end:inside[-1].start].strip():
            return start, end
        depth = 0
        for span in inside[:-1]:  # the first opening must stay open until the last closing
            depth += 1 if span.role == "open" else -1
            if depth == 0:
                return start, end
        start, end = inside[0].end, inside[-1].start


def _shifted(span: Span, offset: int) -> Span:
    return replace(span, start=span.start + offset, end=span.end + offset)


def decodable(msgid: str, spans: Sequence[Span]) -> dict[int, str]:
    """The entities among `spans` that go to the engine as their character, by start: a model
    trained without placeholders copies "AT&T" or an emoji, not "AT{1}T", and a `{N}` inside a
    word had the fallback translate "AT" and "T" apart. Only where restore can tell them back:
    the character stands for one spelling in the sentence and occurs nowhere else in it (nor
    in a term's target form), so each one in the output is one of them, re-encoded as written
    (`&amp;` stays `&amp;`, `&#x1F600;` keeps its spelling). Not letters and digits (a model
    translates the word they are in), not `{` `}` (placeholders), not ASCII white space (a
    model moves spaces freely), not what a model cannot write (`unwritable`: an emoji). The HTML format's msgids hold only the entities of markup
    characters (`&amp;`, `&lt;`), decoded and re-encoded here the same way; its writer leaves
    an entity as it is, so nothing is encoded twice."""
    entities = [span for span in spans if span.role == "atom" and ENTITY.fullmatch(span.output)
                and not bidi_control(span.output)]  # a control is markup: never sent as its character
    if not entities:
        return {}
    rest, position = [], 0
    for span in entities:
        rest.append(msgid[position:span.start])
        position = span.end
    rest.append(msgid[position:])
    rest += [form for span in spans if span.role == "term" for form in (span.output, span.engine_form)]
    others = "".join(rest)
    spellings: dict[str, set[str]] = {}
    for span in entities:
        spellings.setdefault(html.unescape(span.output), set()).add(span.output)
    usable = {character for character, written in spellings.items() if len(written) == 1 and len(character) == 1
              and not character.isalnum() and not unwritable(character) and character not in "{}" and character not in string.whitespace
              and character not in others and character not in written}  # not in written: unknown, left as is
    return {span.start: html.unescape(span.output) for span in entities if html.unescape(span.output) in usable}


def _entity_words(msgid: str, spans: list[Span], characters: dict[int, str]) -> list[Span]:
    """An entity that goes as a placeholder takes the word it is written in with it ("AT&amp;T",
    "K&auml;se" whole): a placeholder inside a word had the piecewise fallback translate "AT"
    and "T" apart. Letters of a neighbouring span are not taken, nor (`_glues_words`) a word
    that only stands beside the entity of a quotation mark, dash or space: in
    "&bdquo;Gipfeltreffen" the word kept as written never reached the model. A further entity
    in the word joins the word taken so far ("d&rsquo;AT&amp;T" whole): left to itself it saw
    no letter before it, and its "T" went to the fallback's piece ("T soutient …" came back
    "The minister supports …")."""
    result: list[Span] = []
    word_ends: set[int] = set()  # where the words taken so far end
    for at, span in enumerate(spans):
        if _is_entity(span, characters):
            floor = result[-1].end if result else 0
            continues_word = floor == span.start and floor in word_ends
            after_run = _after_entities(spans, at, characters)
            ceiling = spans[at + 1].start if at + 1 < len(spans) else len(msgid)
            run_ceiling = spans[after_run].start if after_run < len(spans) else len(msgid)
            run_end = spans[after_run - 1].end
            letter_before = continues_word or (span.start > floor and msgid[span.start - 1].isalnum())
            letter_after = run_end < run_ceiling and msgid[run_end].isalnum()
            start, end = span.start, span.end
            if _glues_words(span, letter_before, letter_after):
                while start > floor and msgid[start - 1].isalnum():
                    start -= 1
                while end < ceiling and msgid[end].isalnum():
                    end += 1
                if continues_word:
                    start = result.pop().start
                word_ends.add(end)
            span = Span(start, end, msgid[start:end], "atom")
        result.append(span)
    return result


def _is_entity(span: Span, characters: dict[int, str]) -> bool:
    """Whether `span` is a character reference that goes as a placeholder."""
    return span.role == "atom" and span.start not in characters and bool(ENTITY.fullmatch(span.output)) \
        and not bidi_control(span.output)


def _after_entities(spans: list[Span], at: int, characters: dict[int, str]) -> int:
    """The index of the first span after `spans[at]` and the entities written right after it
    ("&rsquo;&amp;" in "d&rsquo;&amp;T" are one run: what is around the run tells the word)."""
    following = at + 1
    while following < len(spans) and spans[following].start == spans[following - 1].end \
            and _is_entity(spans[following], characters):
        following += 1
    return following


def _glues_words(entity: Span, letter_before: bool, letter_after: bool) -> bool:
    """Whether the letters next to `entity` belong to one word with it: always for an entity
    of a letter or digit ("K&auml;se"); for one of anything else (told by the Unicode category
    of the character it stands for) only inside a word, with a letter or digit on both sides
    of it and the entities written against it ("AT&amp;T", "l&#8217;Europe", "d&rsquo;&amp;T");
    never for a space ("Hallo&nbsp;Welt" is two words). A quotation mark, dash or bracket
    written against one word ("&bdquo;Der", "Wien&ldquo;") stands beside it, as the character
    itself would."""
    character = html.unescape(entity.output)
    if len(character) != 1:  # a name html does not know ("&foo;"): kept with its word, as any was
        return True
    kind = unicodedata.category(character)[0]
    if kind in "LMN":
        return True
    if kind == "Z" or character.isspace():
        return False
    return letter_before and letter_after


def standin_piece(name: str) -> str:
    """The part of a stand-in that still marks it when a model glues letters to it or cuts its
    end ("Zimmermannuch", "Schmid"): all but its last two letters, at least six."""
    return name[:max(6, len(name) - 2)]


def _standins_not_in(text: str, standins: Sequence[str]) -> tuple[str, ...]:
    """The stand-ins `text` does not hold in any case or inflection ("MÜLLER", "Müllers"): of a
    sentence, those that may stand in; of the engine's input without its stand-ins, those the
    model must not write (a term's own form "Schmidt" is not in the input either)."""
    folded = text.casefold()
    return tuple(name for name, piece in _folded_pieces(tuple(standins)) if piece not in folded)


@lru_cache(maxsize=64)  # a run uses a few lists of stand-ins, for every sentence
def _folded_pieces(standins: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((name, standin_piece(name).casefold()) for name in standins)


def _usable_standins(foreign: Sequence[str], spans: Sequence[Span]) -> list[str]:
    """The stand-ins that are no spelling of a term of the sentence: "Schmidt" standing in
    for "Lawrow" next to the term "Schmitt -> Schmidt" could not be told from it."""
    forms = [form.casefold() for span in spans if span.role == "term" for form in (span.output, *span.forms)]
    return [name for name in foreign if not any(standin_piece(name).casefold() in form for form in forms)]
