"""Segment stage: each block's text -> sentences, with pysbd.

pysbd is rule-based, needs no downloads and knows German abbreviations and ordinals
("z. B.", "Dr.", "St. Pölten", "am 15. März"). Two things are added on top of it: a
sentence keeps the exact source text (whitespace included) so an untranslated block
renders back unchanged, and closing markup or quotes that pysbd pushes to the start of
the next sentence (`gestoppt hat.** Danach`) are moved back to the sentence they close.
And pysbd reads the text as its reader sees it: the character references the format names
(HTML's `&bdquo;Wir kommen.&ldquo;`) decoded, and the sentences it finds are mapped back to
the source's offsets, so they keep the references as written (`_read`, `_source_spans`).
What pysbd's rules get wrong in other scripts (Hebrew acronyms, abbreviations and initials in
Russian, Arabic, Hindi and before Chinese, quotes closed after 。) is `segment_scripts`'.

pysbd is pure Python: over 200 regular-expression searches and substitutions for a
paragraph, 0.7 ms for one of the bench's articles and 1.8 ms for five sentences of real
German news (FLORES); 0.17 of the bench run's 0.19 CPU seconds of segmenting. In many
paragraphs its rules find nothing to do: every full stop ends a word that is no
abbreviation and is followed by a space and a capital (all of the bench's paragraphs, about
a third of FLORES' in the languages served). `plain_pieces` recognizes those, reading
pysbd's own abbreviation lists, and splits them as pysbd would in 17-40 us; everything else
(numbers, quotes, brackets, abbreviations, ...) still goes to pysbd, which the tests hold the
shortcut to on real text in every language.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable, NamedTuple

from uebersetzer import formats, segment_scripts
from uebersetzer.document import Article, Block, Segment
from uebersetzer.formats.base import CharacterReference, Format
from uebersetzer.unicode_forms import comparable, read_without_invisible

# closing quotes and brackets, and the bidirectional controls that close a run of text (LRM, RLM,
# ALM, PDF, PDI): after a sentence's full stop they belong to it, not to the next sentence
_QUOTES = r"[”“\"'»’‘)\]\u200e\u200f\u061c\u202c\u2069]"
_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=None)
def _pysbd_code(language: str) -> str:
    """The pysbd language that splits `language`'s text: its own, or English's rules."""
    from pysbd.languages import LANGUAGE_CODES

    language = _PYSBD_LANGUAGE.get(language, language)
    return language if language in LANGUAGE_CODES else "en"


@lru_cache(maxsize=None)
def _segmenter(language: str):
    import pysbd
    import pysbd.abbreviation_replacer

    pysbd.abbreviation_replacer.re = _COMPILED_ONCE
    return pysbd.Segmenter(language=_pysbd_code(language), clean=False)


class _CompiledOnce:
    """The `re` module as pysbd's abbreviation replacer uses it, each pattern compiled once.
    For every abbreviation of its list a text holds it builds two to four patterns, and
    Python keeps 512 compiled ones: news text thrashed that cache (75,000 compilations for
    460 FLORES articles, a fifth of a run's time). Anything else is the real module's."""

    def __getattr__(self, name: str):
        return getattr(re, name)

    @staticmethod
    @lru_cache(maxsize=16384)  # pysbd's abbreviations, as each text spells them: a few thousand
    def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
        return re.compile(pattern, flags)

    def sub(self, pattern: str, replacement, string: str, count: int = 0, flags: int = 0) -> str:
        return self._compiled(pattern, flags).sub(replacement, string, count)

    def findall(self, pattern: str, string: str, flags: int = 0) -> list:
        return self._compiled(pattern, flags).findall(string)


_COMPILED_ONCE = _CompiledOnce()


def normalize_whitespace(text: str) -> str:
    normal = _WHITESPACE.sub(" ", text).strip()
    return text if normal == text else normal  # most sentences: one string for source and msgid, not two


_PYSBD_LANGUAGE = {"zt": "zh", "pb": "pt", "nb": "da"}  # Argos codes pysbd knows under another name
# Chinese and Japanese full-width punctuation (。！？) ends a sentence with no space after it.
_CJK_BOUNDARY = r"[。！？][」』）)\"”’]*\s*[^\s」』）)\"”’]"


@lru_cache(maxsize=None)
def _closing(markup: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(closing quotes or markup at a sentence's start, a possible sentence boundary) for a
    format's closing markup (`**`, `</em>`): pysbd pushes those into the next sentence. A
    boundary is a sentence mark before a space (Western, or the danda, Arabic question mark,
    Urdu, Armenian, Ethiopic and Myanmar full stops: without them a Hindi paragraph never
    reached pysbd), or the full-width kind."""
    closers = f"(?:{markup}|{_QUOTES})" if markup else _QUOTES
    # Each run of closers is matched once and never given back (a lookahead is atomic): `**`
    # is also `*` `*`, and a line of 50 underscores after a full stop took the splitter hours
    # of backtracking over the ways to cut it.
    return (re.compile(rf"^(?=(?P<run>{closers}+))(?P=run)(?=\s|$)"),
            re.compile(rf"[.!?…;:।॥؟۔։።။](?=(?P<run>{closers}*))(?P=run)\s+\S|{_CJK_BOUNDARY}"))


# A line that starts with a dash under a finished sentence or quote: an attribution
# ("„Wir werden …“" / "— Friedrich Merz, CDU-Vorsitzender"), a sentence of its own. pysbd reads
# the line break as a space and made the two one sentence, which a model then shortened.
_ATTRIBUTION_LINE = re.compile(r"(?<=[.!?…\"“”»«’‘])[ \t]*\n[ \t]*(?=[—–―][ \t]*\S)")


# A sentence that ends inside quotes, before the next one ("„Ich komme.“ Über …", "„… hier.“" /
# "\"\"\"Panama Papers\"\" ist …"). pysbd protects the punctuation between „ and “ and then ends
# a sentence after the closing quote only before an ASCII capital: before Ü or an opening quote
# two sentences stayed one, across a line break too, which the join lost.
_QUOTE_MARKS = "”“\"»«’‘'"
# White space and what may stand before a sentence's first letter (blanked markup is white space),
# then that letter
_SENTENCE_OPENING = re.compile(r"[\s„‚“”\"'«»‹›(\[]*(?P<first>\S)?")
_WHITE = re.compile(r"\s*")


@lru_cache(maxsize=None)
def _quoted_sentence_end(markup: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a sentence mark and the run of closers after it, before a space; the format's markup in it)."""
    # French closes a quote after a (no-break) space: `« … pression. » Le`
    quotes = f"[{_QUOTE_MARKS})\\]]|[ \u00a0\u202f]»"
    closers = f"(?:{markup}|{quotes})" if markup else f"(?:{quotes})"
    # the run matched once and never given back, as in _closing: `**` is also `*` `*`
    # (the Arabic question mark, the danda and the Urdu full stop end quoted sentences too)
    return (re.compile(rf"[.!?…؟।۔](?=(?P<run>{closers}+))(?P=run)(?=\s)"),
            re.compile(markup or "(?!)"))


# German news quotes »so« (and ›so‹; Slovenian, Czech and Danish the same), French and Swiss
# « ainsi ». pysbd pairs « with » as French does: between a German closing « and the next opening
# » it saw a quotation, and ended no sentence in it (»Er kommt.« Er geht. »Gut.« was two). A text
# whose first guillemet is » glued to the word after it is read with „ “ (and ‚ ‘) in their
# places, which pysbd's German rules know; same length. (A French closing » has a space before it.)
_GERMAN_GUILLEMETS = ((re.compile("[«»]"), str.maketrans("»«", "„“")),
                      (re.compile("[‹›]"), str.maketrans("›‹", "‚‘")))


def _as_german_quotes(flat: str) -> str:
    for guillemet, as_quotes in _GERMAN_GUILLEMETS if "»" in flat or "›" in flat else ():
        first = guillemet.search(flat)
        if first and first.group() in "»›" and not flat[first.end():first.end() + 1].isspace():
            flat = flat.translate(as_quotes)
    return flat


def _split_after_quoted_ends(pieces: list[str], closing_markup: str) -> list[str]:
    """`pieces` with each one cut after every sentence that ends in a closing quote (see
    _QUOTE_MARKS) and is followed by one that starts with a capital, a digit, or a letter of a
    script that has none (Arabic, Hebrew, Hangul, Han: `«… الضغط.» وأضاف`)."""
    ends, markup = _quoted_sentence_end(closing_markup)
    split: list[str] = []
    for piece in pieces:
        start = 0
        for end in ends.finditer(piece):
            if not any(mark in _QUOTE_MARKS for mark in markup.sub("", end.group("run"))):
                continue
            first = _SENTENCE_OPENING.match(piece, end.end()).group("first")
            if first and (first.isupper() or first.isdecimal() or segment_scripts.is_uncased_letter(first)):
                split.append(piece[start:end.end()])
                start = _WHITE.match(piece, end.end()).end()
        split.append(piece[start:])
    return split


def split_sentences(text: str, language: str, closing_markup: str = "",
                    mask: Callable[[str], str] | None = None,
                    references: Callable[[str], list[CharacterReference]] | None = None) -> list[str]:
    """Sentences of `text` as verbatim slices; joined with the whitespace between them they give `text`.

    `closing_markup`, `mask` and `references` come from the article's format: markup that
    may close a sentence, a same-length copy of the text with its markup made inert for
    pysbd, and the character references a reader sees decoded (HTML's `&bdquo;`)."""
    return _split_sentences(text, language, closing_markup, mask, _pieces, references)


def _pieces(flat: str, language: str) -> list[str]:
    """The sentences of `flat`, read a window at a time when it is long (see WINDOW)."""
    if len(flat) <= 2 * WINDOW:
        return _pieces_at_once(flat, language)
    pieces: list[str] = []
    start, size = 0, WINDOW
    while start + size < len(flat):
        found = _pieces_at_once(flat[start:start + size], language)
        starts = _starts(flat[start:start + size], found)
        if starts is None:  # the splitter changed the text: the rest at once, as before
            break
        if len(found) < 3:  # a sentence longer than the window: a wider one
            size *= 2
            continue
        # The window's end may cut its last sentence, and the boundary before that one was
        # judged on a cut sentence: both are read again at the start of the next window.
        pieces += found[:-2]
        start, size = start + starts[-2], WINDOW
    return pieces + _pieces_at_once(flat[start:], language)


# Characters the splitter reads at once. pysbd's abbreviation pass rewrites the whole text
# for each abbreviation it meets, so its time grows with the square of a paragraph's length:
# 997 FLORES sentences in one paragraph (150 KB) took 4.2 s, a paragraph ten times that long
# minutes. Its rules look a few characters around a full stop, so windows that overlap by two
# sentences give the same sentences (tests/test_segment.py, on FLORES).
WINDOW = 8_000


def _starts(text: str, pieces: list[str]) -> list[int] | None:
    """Where each of `pieces` (of `text`, in order) starts; None when one is not in it."""
    starts, position = [], 0
    for piece in pieces:
        at = text.find(piece, position)
        if at < 0:
            return None
        starts.append(at)
        position = at + len(piece)
    return starts


def _pieces_at_once(flat: str, language: str) -> list[str]:
    plain = plain_pieces(flat, language)
    return plain if plain is not None else pysbd_pieces(flat, language)


def _split_sentences(text: str, language: str, closing_markup: str, mask: Callable[[str], str] | None,
                     pieces_of: Callable[[str, str], list[str]],
                     references: Callable[[str], list[CharacterReference]] | None = None) -> list[str]:
    """split_sentences with the sentence splitter `pieces_of` (the tests pass `pysbd_pieces`
    as the reference for the shortcut)."""
    masked = mask(text) if mask else text
    found = references(text) if references else []
    if not found:
        return [text[start:end] for start, end in _sentence_spans(text, masked, language, closing_markup, pieces_of)]
    reading = _read(text, masked, found)
    spans = _sentence_spans(reading.text, reading.masked, language, closing_markup, pieces_of)
    return [text[start:end] for start, end in _source_spans(reading, spans)]


class _Reading(NamedTuple):
    """A text as a reader sees it: each character reference its format names decoded (`&bdquo;`
    as „, which pysbd knows for a quote, where it saw seven letters), in the text and in its
    mask alike, and where each of its characters stands in the source."""

    text: str
    masked: str
    starts: list[int]  # per character, the source offset of what it was read from (a reference's `&`)
    ends: list[int]  # and the end of that (after a reference's `;`)


def _read(text: str, masked: str, references: list[CharacterReference]) -> _Reading:
    seen: list[str] = []
    seen_masked: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for reference in references:
        seen.append(text[position:reference.start])
        seen_masked.append(masked[position:reference.start])
        starts.extend(range(position, reference.start))
        ends.extend(range(position + 1, reference.start + 1))
        seen.append(reference.text)
        seen_masked.append(reference.text)
        starts.extend([reference.start] * len(reference.text))
        ends.extend([reference.end] * len(reference.text))
        position = reference.end
    seen.append(text[position:])
    seen_masked.append(masked[position:])
    starts.extend(range(position, len(text)))
    ends.extend(range(position + 1, len(text) + 1))
    return _Reading("".join(seen), "".join(seen_masked), starts, ends)


def _source_spans(reading: _Reading, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences of the text as read -> the same sentences in the source, references as written.
    (A boundary inside what one reference reads as, `&NotEqualTilde;`'s two characters, puts
    the reference in the sentence before.)"""
    source: list[tuple[int, int]] = []
    previous_end = 0
    for start, end in spans:
        start, end = max(reading.starts[start], previous_end), reading.ends[end - 1]
        if end > start:
            source.append((start, end))
            previous_end = end
    return source


def _sentence_spans(text: str, masked: str, language: str, closing_markup: str,
                    pieces_of: Callable[[str, str], list[str]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, whose same-length `masked` copy the splitter reads."""
    masked = segment_scripts.as_read(_as_german_quotes(masked))
    attribution = _ATTRIBUTION_LINE.search(text)
    if attribution:  # split there first: each part as a text of its own
        cut = attribution.start()
        after = _sentence_spans(text[cut:], masked[cut:], language, closing_markup, pieces_of)
        return [*_sentence_spans(text[:cut], masked[:cut], language, closing_markup, pieces_of),
                *((start + cut, end + cut) for start, end in after)]
    closing_at_start, possible_boundary = _closing(closing_markup)
    if not possible_boundary.search(masked.strip()):
        return _stripped(text, 0)  # one sentence at most: pysbd is slow, skip it
    # pysbd ends a sentence at every line break; wrapped lines are one paragraph, so it sees
    # spaces instead (same length: offsets into `flat` are offsets into `text`).
    flat = masked.translate(_READ_AS_SPACE)
    spans: list[tuple[int, int]] = []
    position = 0
    pieces = segment_scripts.corrected(flat, pieces_of(flat, language), language)
    for core in _split_after_quoted_ends(pieces, closing_markup):
        start = flat.find(core, position)
        if start < 0:  # pysbd changed the text; fall back to one sentence for the rest
            return spans + _stripped(text, position)
        closing = closing_at_start.match(core)
        if closing and spans:  # the last sentence ends at `position`: it takes the closers
            spans[-1] = (spans[-1][0], start + closing.end())
            rest = core[closing.end():]
            core = rest.lstrip()
            start += closing.end() + len(rest) - len(core)
        end = _with_blanked_closing_after(text, flat, start + len(core), closing_markup)
        if core:
            spans.append((_with_blanked_markup_before(text, flat, start, position), end))
        elif closing and spans:  # closers alone, and markup glued to them (`?</a><br>`): the last sentence's
            spans[-1] = (spans[-1][0], end)
        position = end
    tail = text[position:].rstrip()
    if tail.strip():  # markup the mask blanked after the last sentence (a stray opening tag)
        if spans:
            spans[-1] = (spans[-1][0], position + len(tail))
        else:
            spans += _stripped(text, position)
    return spans


# Line breaks, and the information separators U+001C-U+001F (control characters a database
# export leaves in a text): Python's regular expressions count those as white space, but int()
# does not, and pysbd's numbered-list rule reads the white space before a number as part of it
# (`0\x1f1. 0`: a ValueError, an internal error for the whole run).
_READ_AS_SPACE = str.maketrans(dict.fromkeys("\n\x1c\x1d\x1e\x1f", " "))


def _stripped(text: str, start: int) -> list[tuple[int, int]]:
    """The span of text[start:] without its white space at both ends; none when that is all there is."""
    rest = text[start:]
    if not rest.strip():
        return []
    return [(start + len(rest) - len(rest.lstrip()), start + len(rest.rstrip()))]


def _with_blanked_closing_after(text: str, flat: str, end: int, closing_markup: str) -> int:
    """The sentence's end moved over closing markup the format's mask blanked right after its
    final punctuation, with no space between (a footnote marker `Kraft.[^1] Mehr`): blanked,
    so the splitter ends the sentence before it, and it belongs to that sentence."""
    if not closing_markup or end >= len(text) or not flat[end:end + 1].isspace() or text[end].isspace():
        return end
    glued = _glued_closing(closing_markup).match(text, end)
    return glued.end() if glued and not flat[end:glued.end()].strip() else end


@lru_cache(maxsize=None)
def _glued_closing(markup: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{markup})+(?=\s|$)")


def _with_blanked_markup_before(text: str, flat: str, start: int, position: int) -> int:
    """The sentence's start moved back over markup the format's mask blanked right before it
    (an opening tag): the splitter never saw it, and it belongs to this sentence, not to the
    space between sentences, which render does not keep. A Markdown hard break's `\\` stays
    between the two: render keeps a line break there."""
    run = start
    while run > position and flat[run - 1].isspace():  # the blanks before it: white space (a tab too), and markup blanked
        run -= 1
    return next((at for at in range(run, start) if not text[at].isspace() and text[at:at + 2] != "\\\n"), start)


def pysbd_pieces(flat: str, language: str) -> list[str]:
    """pysbd's sentences of `flat`, stripped, the empty ones left out, and then corrected where
    its rules for a language are not how news in it is written (_NOT_SENTENCE_ENDS, _SPLIT_AGAIN_WITH)."""
    # Segmenter.segment() would also locate every sentence with a regex built from it; that
    # thrashes the re module's cache and costs as much as the splitting. _split_sentences
    # locates them.
    pieces = [piece.strip() for piece in _segmenter(language).processor(flat).process()]
    pieces = [piece for piece in pieces if piece]
    again = _SPLIT_AGAIN_WITH.get(language)
    if again:  # a quote closed after a danda goes with it first: `"…।" बम … "अगर` is no quotation
        pieces = [part for piece in segment_scripts.closers_moved_back(flat, pieces)
                  for part in pysbd_pieces(piece, again)]
    pieces = _joined_after(flat, pieces, _NOT_SENTENCE_ENDS.get(language, ""))
    if language in _STOPS_TAKEN_FOR_ABBREVIATIONS:  # after the joins: a quote opened before a comma is seen
        pieces = [part for piece in pieces for part in _split_at_full_stops(piece)]
    return pieces


# pysbd's Arabic rules end a sentence at every Arabic comma and colon, its Persian ones at every
# colon: on FLORES' Arabic dev text 114 of 150 two-sentence paragraphs were cut into more
# than two. A piece ending in one of these marks goes on with the next. (Armenian writes its
# full stop as a colon: its rules are left alone.)
_NOT_SENTENCE_ENDS = {"ar": "،:", "fa": ":"}
# pysbd's Hindi rules end a sentence at the danda (।) only; Hindi news also ends them with a
# full stop (FLORES: 142 of 150 two-sentence paragraphs stayed one). Each piece is split again
# by Marathi's rules, which are Devanagari's with the full stop, ! and ?.
_SPLIT_AGAIN_WITH = {"hi": "mr"}


# pysbd's Arabic and Persian rules take a text that begins with a word starting in one of their
# one-letter abbreviations (ا, م, ه: "انضم", "الخلايا", any word with the article) for holding
# that abbreviation, and then read every full stop after that letter anywhere in the text as the
# abbreviation's: "… لكل منها. في يوم …" stayed one sentence (hypothesis, on FLORES' Arabic). A
# full stop after an Arabic-script word of two letters or more, before a space and outside a
# quotation, ends a sentence again, unless the word is one of their longer abbreviations (إلخ,
# جم, سم, كج, كلم). On FLORES' Arabic and Persian dev text (five-sentence paragraphs) 234 of
# 398 were split exactly before, 236 after, none of them worse.
_STOPS_TAKEN_FOR_ABBREVIATIONS = frozenset({"ar", "fa"})
_FULL_STOP_AFTER_A_WORD = re.compile(r"(?<=[\u0620-\u065f\u066e-\u06d3\u06fa-\u06ff]{2})\.(?=\s)")
_LONGER_ABBREVIATIONS = frozenset({"إلخ", "جم", "سم", "كج", "كلم"})


def _inside_quotes(text: str) -> bool:
    """Does a quotation opened in `text` stay open at its end?"""
    return text.count("«") > text.count("»") or text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _split_at_full_stops(piece: str) -> list[str]:
    """`piece` cut after each full stop that ends an Arabic-script word (see above)."""
    parts, start = [], 0
    for stop in _FULL_STOP_AFTER_A_WORD.finditer(piece):
        word = piece[:stop.start()].rsplit(maxsplit=1)[-1]
        if word not in _LONGER_ABBREVIATIONS and not _inside_quotes(piece[start:stop.start()]):
            parts.append(piece[start:stop.end()].strip())
            start = stop.end()
    return [part for part in parts + [piece[start:].strip()] if part]


def _joined_after(flat: str, pieces: list[str], marks: str) -> list[str]:
    """`pieces` (of `flat`, in order) with each one that ends in one of `marks` joined to the
    next, with what lies between them in `flat`."""
    if not marks or not any(piece[-1] in marks for piece in pieces[:-1]):
        return pieces
    joined: list[str] = []
    position = end = 0
    for piece in pieces:
        start = flat.find(piece, position)
        if start < 0:  # not where it should be: as pysbd gave it (_split_sentences copes)
            return pieces
        if joined and joined[-1][-1] in marks:
            joined[-1] += flat[end:start] + piece
        else:
            joined.append(piece)
        position = end = start + len(piece)
    return joined


# The pysbd languages whose rules the shortcut was checked against (pysbd 0.3.4, its
# lang/*.py). Others differ in ways it does not model: their own sentence-ending marks
# (Greek, Hindi, Arabic, ...) or own quote, list or abbreviation rules (Chinese, Japanese,
# Slovak, Kazakh).
_SHORTCUT_LANGUAGES = frozenset({"en", "de", "fr", "es", "it", "nl", "da", "pl", "ru", "bg"})
_SHORTCUT_PYSBD = "0.3.4"  # another version may have other rules: pysbd splits everything then

# A character outside these makes a paragraph not plain: letters, digits, spaces and
# `, ; : % / & - – — ' ’ . ! ?`. The rest (quotes, brackets, other whitespace, symbols) are
# what pysbd's quote, list and number rules look for; `_` and the letters below are
# markers pysbd writes into the text itself, ǃ (a click) starts its exclamation words.
_NOT_PLAIN_CHARACTER = re.compile(r"[^\w ,;:%/&'’\-–—.!?]|[_ȸȹƪᓰᓱᓳᓴᓷᓸǃ]")
_NOT_PLAIN_TEXT = ("--", "Co. KG")  # text between dashes, the Kommanditgesellschaft rule
_QUOTE_MARK = re.compile(r"['’](?<![^\W\d_]['’])|['’](?![^\W\d_])")  # an apostrophe that is not inside a word
_STOP = re.compile(r"[.!?]")


class _PlainRules(NamedTuple):
    abbreviations: dict[int, re.Pattern[str]]  # pysbd's abbreviations as whole words, by length
    exclamation_word: re.Pattern[str]  # "Yahoo!": no sentence ends there

    def abbreviation(self, word: str) -> bool:
        pattern = self.abbreviations.get(len(word))
        return pattern is not None and pattern.fullmatch(word) is not None


@lru_cache(maxsize=None)
def _plain_rules(language: str) -> _PlainRules | None:
    """What the shortcut needs of pysbd's rules for `language`, or None where it does not serve it."""
    import pysbd

    code = _pysbd_code(language)
    if code not in _SHORTCUT_LANGUAGES or pysbd.__version__ != _SHORTCUT_PYSBD:
        return None
    from pysbd.exclamation_words import ExclamationWords
    from pysbd.languages import LANGUAGE_CODES

    abbreviations = LANGUAGE_CODES[code].Abbreviation.ABBREVIATIONS
    return _PlainRules(_abbreviation_words(abbreviations), re.compile(ExclamationWords.EXCLAMATION_REGEX))


def _abbreviation_words(abbreviations: list[str]) -> dict[int, re.Pattern[str]]:
    """Patterns, by the length of word they match, for every word (letters only) before a
    full stop that pysbd may take for (the end of) an abbreviation.

    pysbd looks for each abbreviation, unescaped and ignoring case, at a word's start, and
    then protects a full stop right after what it found. Its `.` matches any character, a
    space too, so the word before the stop may be any dot- or space-separated part of an
    abbreviation (`bs. as`), and `e.g` matches `exg`. Parts holding anything else but
    letters and `.` never match a word of letters and are left out. (pysbd only looks for an
    abbreviation that the text holds as written, so the ones with brackets, `ed(s)` in
    Dutch, never act on a paragraph the shortcut takes; without them they stay valid
    patterns.)"""
    parts: set[str] = set()
    for abbreviation in abbreviations:
        abbreviation = abbreviation.strip().replace("(", "").replace(")", "")
        cuts = [index for index, character in enumerate(abbreviation) if character in ". "]
        starts, ends = [0] + [cut + 1 for cut in cuts], cuts + [len(abbreviation)]
        parts.update(abbreviation[start:end] for start in starts for end in ends if start < end)
    by_length: dict[int, list[str]] = {}
    for part in sorted(parts):
        if all(character.isalpha() or character == "." for character in part):
            by_length.setdefault(len(part), []).append(part)  # `.` and a letter each match one character
    # One pattern per length: Italian's and Dutch's thousands of abbreviations are tried in 2 us, not 30.
    return {length: re.compile("|".join(words), re.IGNORECASE) for length, words in by_length.items()}


def plain_pieces(flat: str, language: str) -> list[str] | None:
    """pysbd_pieces(flat, language) for a paragraph where none of pysbd's rules can fire,
    or None: every `. ! ?` ends a word of two or more letters that is no abbreviation and is
    followed by one space and a capital letter, or ends the paragraph."""
    rules = _plain_rules(language)
    if rules is None or not _plain_characters(flat, rules):
        return None
    pieces: list[str] = []
    start = 0
    for stop in _STOP.finditer(flat):
        if not _plain_stop(flat, stop.end(), rules):
            return None
        pieces.append(flat[start:stop.end()].strip())
        start = stop.end()
    rest = flat[start:].strip()
    return pieces + [rest] if rest else pieces


def _plain_characters(flat: str, rules: _PlainRules) -> bool:
    return not (_NOT_PLAIN_CHARACTER.search(flat) or any(text in flat for text in _NOT_PLAIN_TEXT)
                or ("'" in flat or "’" in flat) and _QUOTE_MARK.search(flat)
                or "!" in flat and rules.exclamation_word.search(flat))


def _plain_stop(flat: str, end: int, rules: _PlainRules) -> bool:
    """Does the stop before `end` end a sentence, with none of pysbd's rules looking at it?"""
    word = flat[flat.rfind(" ", 0, end) + 1:end - 1]
    if len(word) < 2 or not word.isalpha() or rules.abbreviation(word):
        return False  # an initial, a number, an ellipsis or an abbreviation
    after = flat[end:end + 2]
    if after and not (after[0] == " " and after[1:].isupper()):
        return False  # pysbd's rules look at what follows: lower case, a quote, a digit...
    # pysbd's German rules protect a stop after the letters of an abbreviation that starts
    # the paragraph ("Ca" of "Carla") wherever they end a word ("AmeriCa.").
    if flat[0] not in word:
        return True
    return not any(flat.startswith(word[cut:]) and rules.abbreviation(word[cut:]) for cut in range(1, len(word)))


def segment_block(block: Block, language: str, markup: Format | None = None) -> Block:
    closing, mask, references = (markup.closing_markup, markup.mask, markup.character_references) if markup \
        else ("", None, None)
    # read without invisible formatting (unicode_forms): a soft hyphen or zero-width space
    # after a full stop must not hide the boundary; the msgid is the sentence's comparable form
    segments = tuple(
        Segment(source=sentence, msgid=normalize_whitespace(comparable(sentence)), language=language)
        for sentence in split_sentences(block.text, language, closing, mask, _visibly(references))
    )
    return replace(block, segments=segments)


def _visibly(references: Callable[[str], list[CharacterReference]] | None,
             ) -> Callable[[str], list[CharacterReference]]:
    """The format's character references, with invisible formatting read as nothing."""
    return lambda text: read_without_invisible(references(text) if references else [], text)


def segment_article(article: Article) -> Article:
    markup = formats.by_name(article.format)
    blocks = tuple(segment_block(block, block.language or article.language,
                                 formats.by_name(block.markup) if block.markup else markup)
                   for block in article.blocks)
    return replace(article, blocks=blocks)


# Chinese and Japanese are written without spaces between words. Translation tools (Trados,
# memoQ, Weblate) count each of their characters as one word; counting space-separated tokens
# instead made a whole Chinese sentence one "word". Ranges: CJK radicals, Hiragana, Katakana,
# CJK Unified (+ Extension A), compatibility ideographs, half-width Katakana and the
# supplementary ideograph planes. Thai, Lao, Khmer and Myanmar also go without spaces but are
# alphabets, where a character is not a word; they are counted by spaces (an undercount).
_UNSPACED_CHARACTER = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_WORD = re.compile(rf"[{_UNSPACED_CHARACTER}]|[^\s{_UNSPACED_CHARACTER}]*[^\W_{_UNSPACED_CHARACTER}][^\s{_UNSPACED_CHARACTER}]*")


def count_words(text: str) -> int:
    """Words as translators are paid for them: space-separated tokens holding a letter or digit,
    and each Chinese or Japanese character."""
    return len(_WORD.findall(text))
