"""The QA checks: each a small function named by its kind, in one registry.

As in translate-toolkit's `filters/checks`, a check looks at one sentence and its
translation and either passes (returns "") or says what is wrong in one short message.
These are written for machine-translated prose, not software strings: they look for what
neural models get wrong (numbers changed, content dropped, loops, text left untranslated
or in a third language, names lost, markup mangled) and stay quiet on what human
translators legitimately do (write "two" for "2", reorder, shorten a little).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterator

from uebersetzer.qa import calibration
from uebersetzer.qa.numbers import compare

if TYPE_CHECKING:
    from uebersetzer.detect import Evidence


@dataclass(frozen=True)
class Sentence:
    """What a check looks at: one source sentence, its translation, and their languages."""

    source: str
    translation: str
    source_language: str
    target_language: str
    terms: tuple[tuple[str, str], ...] = ()  # glossary (source form, target form) the source holds


Check = Callable[[Sentence], str]
CHECKS: dict[str, Check] = {}  # kind -> check, in the order problems are reported


def check(kind: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[kind] = function
        return function

    return register


@check("numbers")
def numbers(sentence: Sentence) -> str:
    """Digits, ordinals, amounts and times agree, read in each language's convention."""
    mismatch = compare(sentence.source, sentence.source_language, sentence.translation, sentence.target_language)
    return mismatch.message() if mismatch else ""


LENGTH_LIMIT = calibration.Z_LIMIT


@check("length")
def length(sentence: Sentence) -> str:
    """Dropped or added content: the length ratio far outside what human translations of
    this language pair show, with a tolerance that widens as the sentence gets shorter."""
    source, translation = _letters(sentence.source), _letters(sentence.translation)
    if not source or not translation:
        return ""
    expected, spread = calibration.length_ratio(sentence.source_language, sentence.target_language, source)
    observed = math.log(translation / source)
    score = (observed - expected) / spread
    if abs(score) <= LENGTH_LIMIT:
        return ""
    share = math.exp(observed - expected)
    if score < 0:
        return f"{share:.0%} of the expected length: content dropped?"
    return f"{share:.0%} of the expected length: content added?"


def _letters(text: str) -> int:
    """Length without whitespace, so languages that do not space words compare too."""
    return len("".join(text.split()))  # split() cuts at exactly the characters isspace() names


_WORD = re.compile(r"\w+", re.UNICODE)
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff]")  # Thai, kana, Han: no spaces between words
MAX_UNIT = 8  # longest looping phrase looked for, in words
MIN_REPEATS = 3  # a phrase this many times in a row is a loop ("very, very" is English)


@check("repeat")
def repeat(sentence: Sentence) -> str:
    """A phrase looping: the same words three or more times in a row, more than in the source."""
    # one letter three times is a word in Japanese or Chinese ("かかか" no, but "々" and the like)
    smallest = 2 if _UNSPACED.search(sentence.translation) else 1
    found = _longest_loop(_tokens(sentence.translation), smallest)
    if found is None:
        return ""
    phrase, times = found
    in_source = _longest_loop(_tokens(sentence.source))
    if in_source is not None and in_source[1] >= times:
        return ""
    return f"{phrase!r} {times} times in a row"


def _tokens(text: str) -> list[str]:
    """Words; in a script without spaces, letters (digits are the numbers check's: "1000")."""
    if _UNSPACED.search(text):
        return [ch for ch in text.casefold() if ch.isalpha()]
    return _WORD.findall(text.casefold())


def _longest_loop(tokens: list[str], smallest: int = 1) -> tuple[str, int] | None:
    """The phrase of `smallest` to MAX_UNIT tokens repeated most often in a row (MIN_REPEATS
    times at least), and how often; None when there is none."""
    if len(tokens) < smallest * MIN_REPEATS or max(Counter(tokens).values()) < MIN_REPEATS:
        return None  # every token of a looping phrase comes MIN_REPEATS times: most sentences have none
    return _loop_search(tokens, smallest)


def _loop_search(tokens: list[str], smallest: int = 1) -> tuple[str, int] | None:
    """_longest_loop's search over every phrase length and start."""
    best: tuple[str, int] | None = None
    for size in range(smallest, MAX_UNIT + 1):
        start = 0
        while start + size * MIN_REPEATS <= len(tokens):
            unit = tokens[start:start + size]
            times = 1
            while tokens[start + times * size:start + (times + 1) * size] == unit:
                times += 1
            if times >= MIN_REPEATS and (best is None or times * size > best[1] * len(best[0].split())):
                best = (" ".join(unit), times)
            start += max(1, (times - 1) * size) if times >= MIN_REPEATS else 1
    return best


# A word as a reader sees it: letters with their combining marks (Devanagari's vowel signs are
# marks, not \w), and "anak-anak", "so-so", "l'homme" are one word, so a reduplication written
# with a hyphen or an apostrophe is never two.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed" \
         "\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_PIECE = rf"(?:[^\W_]|[{_MARKS}])+"
_JOINED_WORD = re.compile(rf"{_PIECE}(?:[-\u2010\u2011'\u2019]{_PIECE})*")
# What may stand between a run of words and its double: white space and a few marks, a full stop
# too ("at the scene. at the scene."), a quote or a bracket, but no word
_CLAUSE_GAP = re.compile(r"\s*(?:[^\w\s]\s*){0,3}")
_UNSPACED_LETTER = re.compile(r"[\u0e00-\u0e7f\u3040-\u309f\u3400-\u9fff]")  # not katakana: names (ンゴロンゴロ)
MIN_UNSPACED_UNIT = 3  # characters: 人人, 常常, 看看 and 研究研究 are Chinese and Japanese grammar
# Words that a language legitimately says twice in a row with nothing between: emphasis and
# reduplication ("very very", "so so", "bye bye") and words that grammar puts side by side
# ("I had had", "that that", French "nous nous sommes", German "die die Zeitung", Dutch "dat
# dat", "je je", Hungarian "az az ember", Afrikaans "hul hul"), and the few runs said so
# (Catalan "a més a més"). Any other run of words twice is reported: news prose has no reason.
GRAMMAR_DOUBLES: dict[str, frozenset[str]] = {
    "en": frozenset({"so", "very", "bye", "many", "more", "much", "far", "well", "now", "too", "no", "yes",
                     "that", "had", "is", "was", "ha"}),
    "de": frozenset({"die", "das", "der", "den", "dem", "sie", "so", "ha"}),
    "nl": frozenset({"die", "dat", "je", "zo", "ha"}),
    "fr": frozenset({"nous", "vous", "en", "si", "ha"}),
    "af": frozenset({"hul", "dat", "die"}),
    "hu": frozenset({"az"}),
    "ca": frozenset({"a més"}),
}
# Languages where one word twice is grammar: Vietnamese writes syllables apart ("tinh tinh",
# a chimpanzee; "thành thành viên"); Turkish, Indonesian, Hindi and Persian reduplicate ("sık
# sık", "hemen hemen", "अलग अलग", "آرام آرام"). There a run of two words or more is still reported.
SINGLE_DOUBLES_ARE_GRAMMAR = frozenset({"vi", "tr", "id", "ms", "hi", "ur", "bn", "fa"})


@check("doubled")
def doubled(sentence: Sentence) -> str:
    """A word or a run of words said twice in a row ("the the"; "the minister in Berlin, the
    minister in Berlin") where the source says nothing twice. Three or more times is `repeat`'s."""
    found = _doubled_run(sentence.translation, sentence.target_language)
    if found is None:
        return ""
    run, size = found
    in_source = _doubled_run(sentence.source, sentence.source_language)
    if in_source is not None and in_source[1] >= size:
        return ""  # the source says as much twice: a song's title, a chant, a quoted stammer
    return f"{run!r} twice in a row"


def _doubled_run(text: str, language: str) -> tuple[str, int] | None:
    """The longest run of up to MAX_UNIT words (in a script without spaces, of MIN_UNSPACED_UNIT
    letters or more, side by side) written exactly twice in a row, not as `language`'s grammar
    has it, and its length in words (letters); None without one."""
    smallest = 2 if language in SINGLE_DOUBLES_ARE_GRAMMAR else 1
    allowed = GRAMMAR_DOUBLES.get(language, frozenset())
    if _UNSPACED.search(text):
        letters = [(m.group(), m.start(), m.end()) for m in _UNSPACED_LETTER.finditer(text)]
        return _double_among(text, letters, MIN_UNSPACED_UNIT, _NOTHING, allowed)
    words = [(m.group(), m.start(), m.end()) for m in _JOINED_WORD.finditer(text)]
    return _double_among(text, words, smallest, _CLAUSE_GAP, allowed)


_NOTHING = re.compile("")


def _double_among(text: str, tokens: list[tuple[str, int, int]], smallest: int, gap: re.Pattern[str],
                  allowed: frozenset[str]) -> tuple[str, int] | None:
    folded = [token.casefold() for token, _start, _end in tokens]
    for size in range(min(MAX_UNIT, len(tokens) // 2), smallest - 1, -1):
        for start in _doubled_starts(folded, size):
            unit = folded[start:start + size]
            if folded[start + 2 * size:start + 3 * size] == unit:
                continue
            if (start >= size and folded[start - size:start] == unit) or _periodic(unit):
                continue  # a third time before it, or "a b a b" twice: a loop, which `repeat` reports
            first = text[tokens[start][1]:tokens[start + size - 1][2]]
            second = text[tokens[start + size][1]:tokens[start + 2 * size - 1][2]]
            between = text[tokens[start + size - 1][2]:tokens[start + size][1]]
            after = text[tokens[start + 2 * size - 1][2]:]
            if " ".join(unit) not in allowed and not _excused(unit, first, second, between, after, gap):
                return first, size
    return None


def _doubled_starts(folded: list[str], size: int) -> Iterator[int]:
    """Where a run of `size` tokens is followed by itself: each token equals the one `size`
    further on `size` times in a row (one pass of comparisons, not a slice at every start)."""
    streak = 0
    for index in range(len(folded) - size):
        streak = streak + 1 if folded[index] == folded[index + size] else 0
        if streak >= size:
            yield index - size + 1


def _periodic(unit: list[str]) -> bool:
    """Is the run a shorter run said over and over ("summit summit", "a b a b")?"""
    return any(len(unit) % size == 0 and unit == unit[:size] * (len(unit) // size) for size in range(1, len(unit)))


def _excused(unit: list[str], first: str, second: str, between: str, after: str, gap: re.Pattern[str]) -> bool:
    """A double that is no fault: numbers (scores, lists); copies written differently
    ("hajó, a hajó a"), except a capital starting the sentence ("The the"); a letter twice
    (initials, "I i II": a Roman one and "and"); one word twice with anything but white space
    between ("many, many", "serious. Serious."); a run and its double parted by a word or by
    more than three marks; a new sentence that takes up the last one's words and goes on
    ("Consider Japan. Japan is an island."), where a model running on ends with the copy."""
    if all(any(ch.isdigit() for ch in word) for word in unit):
        return True
    if second not in (first, first[:1].lower() + first[1:]):
        return True
    if len(unit) == 1:
        return len(first) == 1 or bool(between.strip())
    if _SENTENCE_END.search(between) and not second[:1].islower() and _WORD.search(after):
        return True  # (a script without capitals, Hebrew, Hindi, starts a sentence as it goes on)
    return gap.fullmatch(between) is None


_SENTENCE_END = re.compile(r"[.!?\u3002\u0964]")


# Languages langdetect cannot tell apart on one sentence; inside a group no problem is reported.
RELATIVES = (frozenset({"no", "nb", "da"}), frozenset({"hr", "sr", "bs", "sl"}), frozenset({"id", "ms"}),
             frozenset({"cs", "sk"}), frozenset({"zh", "zt"}), frozenset({"pt", "pb", "gl"}),
             frozenset({"es", "gl", "ca"}), frozenset({"ru", "uk", "bg", "mk"}), frozenset({"fa", "ur"}), frozenset({"nl", "af"}))
LANGUAGE_MIN_WORDS = 8  # a text this long not in a target's own script (zh, ja, ko) is said to be so


@lru_cache(maxsize=1024)  # asked about the same few pairs for every sentence
def _same_language(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in RELATIVES)


@check("untranslated")
def untranslated(sentence: Sentence) -> str:
    """The translation is the source itself, or still in the source language; not a source
    kept as it is by design (a quote already in the target language, a name, an address)."""
    if _same_language(sentence.source_language, sentence.target_language):
        return ""
    if _squeeze(sentence.translation) == _squeeze(sentence.source):
        return "" if _kept_by_design(sentence) else "the translation is the source text"
    if _reads_as(sentence.translation, sentence.source_language, sentence.target_language):
        return f"still in the source language ({sentence.source_language})"
    return ""


@lru_cache(maxsize=2048)  # asked of the same translations by `untranslated` and `language`
def _reads_as(text: str, other: str, target: str) -> bool:
    """Does `text`, a sentence, read as `other` rather than `target`, by the block test asked of
    these two languages only (detect.two_way)? The question QA has is "is this the target, or
    did it stay in the source?", not "which of 55 languages is this?": one langdetect trial over
    all of them called "The death toll rose to 12, according to police." Italian, sure at 1.0."""
    if not _sentence_like(text):
        return False
    from uebersetzer.detect import two_way  # langdetect's profiles load only when a check needs them

    return _sure(two_way(text, target, other, QA_STRICTNESS))


# The bar of the language questions QA asks, as a share of the block test's K·√n: the detector's
# own measure of sure (detect.SURE_K = K/2, which an article's language must clear), not the bar
# that moves a block to another model, which is set so that no block of FLORES moves wrongly.
# A sentence flagged is read by an editor, not translated from another language. On FLORES dev
# no human translation (21 languages to and from English, both halves) reached it, for its
# source language or for any third one; the n-gram count is left to the bar, which rises per
# n-gram as a sentence gets shorter (a Chinese sentence has fewer than 60 known n-grams).
QA_STRICTNESS = 0.5


def _sure(found: Evidence | None) -> bool:
    return found is not None and found.ngrams > 0 and found.score >= found.needed


IDENTICAL_MIN_WORDS = 3  # "Details", "Nord Stream 2": headings and names stay as they are


def _kept_by_design(sentence: Sentence) -> bool:
    """A source that is rightly its own translation, as translate-toolkit's `unchanged` lets
    text with nothing to translate pass: once what is kept verbatim anyway (URLs, domains,
    e-mail, code, placeholders) is left out, no sentence remains (a name, a heading, an
    address), or the source reads as the target language rather than the source language
    (an English quote in a German article, English version). The latter is a two-way test
    of the detector's n-grams, which holds on short sentences where naming the language
    does not; a German sentence copied into the English version leans clearly German."""
    text = _without_verbatim(sentence.source)
    if not _sentence_like(text):
        return True
    from uebersetzer.detect import leaning  # langdetect's profiles load only when a check needs them

    lean = leaning(text, sentence.target_language, sentence.source_language)
    return lean is not None and lean > 0


def _without_verbatim(text: str) -> str:
    """The text without what the translate stage keeps verbatim (see _markup)."""
    from uebersetzer.formats.markdown import inline_spans

    for span in inline_spans(text):
        if not span.output.startswith(("[", "![")):  # a link's text is prose
            text = text.replace(span.output, " ")
    return _PRINTF.sub(" ", text)


def _sentence_like(text: str) -> bool:
    """Words enough, not all capitalized: a sentence, not a name or a one-word heading. A word of
    a script without case (Arabic, Hebrew, Devanagari) is no capitalized name."""
    words = [w for w in _WORD.findall(text) if not w.isdigit()]
    uncapitalized = any(w[0].isalpha() and not w[0].isupper() for w in words)
    return len(words) >= IDENTICAL_MIN_WORDS and uncapitalized or len(text) >= 12 and bool(_UNSPACED.search(text))


@check("language")
def language(sentence: Sentence) -> str:
    """The translation is in a third language, neither the target nor the source: the block
    test (detect.weigh) with the target as the prior, so a short sentence needs more evidence
    per n-gram before it is called another language."""
    script = _script_of(sentence.target_language)
    if script is not None and _share(sentence.translation, script) >= 0.5:
        return ""  # written in the target's own script: the profiles mix up Han-script languages
    if script is None and not calibration.detectable(sentence.target_language):
        return ""  # no profile to compare with: we cannot tell
    # a name or a heading ("Volodymyr Zelensky") is no sentence of any language
    found = _foreign_language(sentence.translation, sentence.target_language) if _sentence_like(
        sentence.translation) else ""
    if found:
        related = _same_language(found, sentence.target_language) or _same_language(found, sentence.source_language)
        return "" if related else f"in {found}, not {sentence.target_language}"
    if script is not None and _judgeable(sentence.translation) and not _reads_as(
            sentence.translation, sentence.source_language, sentence.target_language):
        return f"not in {sentence.target_language} script"  # still in the source is `untranslated`'s to say
    return ""


# Targets judged by their script rather than by langdetect's n-grams
_HAN = r"[\u3400-\u9fff\uf900-\ufaff]"
_SCRIPTS = {"zh": _HAN, "zt": _HAN, "ja": r"[\u3040-\u30ff\u3400-\u9fff]", "ko": r"[\uac00-\ud7af\u1100-\u11ff]"}


@lru_cache(maxsize=None)
def _script_of(language: str) -> re.Pattern[str] | None:
    """The target's script, compiled when a run first needs it: a class of tens of thousands of
    code points takes re a few milliseconds to compile, which a run into other languages never needs."""
    pattern = _SCRIPTS.get(language)
    return re.compile(pattern) if pattern is not None else None


def _share(text: str, script: re.Pattern[str]) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if script.match(ch)) / len(letters) if letters else 0.0


def _squeeze(text: str) -> str:
    return " ".join(text.casefold().split())


def _judgeable(text: str) -> bool:
    """Enough ordinary words to be a sentence in some language, not a name or a heading."""
    words = [w for w in _WORD.findall(text) if not w.isdigit()]
    return len(words) >= LANGUAGE_MIN_WORDS or bool(_UNSPACED.search(text)) and len(text) >= 12


def _foreign_language(text: str, target: str) -> str:
    """The language the block test, with `target` as the prior, finds `text` surely in
    (detect.weigh: S >= QA_STRICTNESS·K·√n); "" when none, as for a plain sentence of the target.

    K, not the block test's K_CLOSE, for a language close to the target (Portuguese or Italian
    for Spanish): K_CLOSE keeps a block from moving to another model where two languages share
    most n-grams, but here they are two languages unless RELATIVES says they are one, and a
    Portuguese sentence in a Spanish translation is the fault to find (bench_qa, en-es swaps
    caught: 99.4% before the detector was asked two-way, 97.2% with K_CLOSE)."""
    from uebersetzer.detect import K, weigh  # langdetect's profiles load only when a check needs them

    found = weigh(text, target, strictness=QA_STRICTNESS)
    if found is None or found.ngrams == 0:
        return ""
    if _same_language(found.language, target):
        return found.language if _sure(found) else ""
    return found.language if found.score >= QA_STRICTNESS * K * math.sqrt(found.ngrams) else ""


@check("glossary")
def glossary(sentence: Sentence) -> str:
    """A glossary term of the source is missing from the translation."""
    missing = [target for _source, target in sentence.terms if not _holds(sentence.translation, target)]
    return ", ".join(f"{term!r} missing" for term in dict.fromkeys(missing))


def _holds(text: str, term: str) -> bool:
    """The term, ignoring case, also inflected: in Russian or Polish an editor rightly writes
    "Москвы" for "Москва", so a long term counts when its stem starts a word. Compared as the
    glossary matches terms (glossary.folded): "ايران" typed on an Arabic keyboard holds "ایران"."""
    from uebersetzer.glossary import folded as matched_form  # the glossary's module pulls in protect

    folded, wanted = matched_form(text).text.casefold(), matched_form(term).text.casefold()
    if wanted in folded:
        return True
    if len(wanted) < 5 or " " in wanted:
        return False
    return re.search(r"(?<!\w)" + re.escape(wanted[:-2]), folded) is not None


# printf and named-brace placeholders of software strings that reach a news desk ("{name}");
# numbered ones ("{1}") are the pipeline's own and come with the verbatim spans.
_PRINTF = re.compile(r"(?<!\d)(?<!\d )%(?:\([\w.-]+\))?[-+#0]*\d*(?:\.\d+)?[sdifxXoeEgGcr]|\{[A-Za-z_][\w.]*\}")


@check("markup")
def markup(sentence: Sentence) -> str:
    """Placeholders, URLs, e-mail addresses, code, HTML and Markdown markup are kept exactly."""
    wanted, offered = _markup(sentence.source), _markup(sentence.translation)
    if not wanted and not offered or wanted == offered:  # the first: most sentences, without Counter's __eq__
        return ""
    lost = sorted((wanted - offered).elements())
    added = sorted((offered - wanted).elements())
    parts = ([f"lost {', '.join(lost)}"] if lost else []) + ([f"added {', '.join(added)}"] if added else [])
    return "; ".join(parts)


_ABBREVIATION = re.compile(r"^\w\.\w+$")  # "m.in." (Polish "among others") looks like a bare domain


# What every span `_markup` finds holds (one of the characters, or "://", "www." or a "." before
# a lowercase letter, as in a bare domain), but for the unwritable symbols protect.symbol_spans
# finds: code `, tags and autolinks <, links [, e-mail @, placeholders {, printf %, entities &,
# emphasis * _, hashtags #. A text with none of them has no markup, and most sentences are such a text.
_MARKUP_HINT = re.compile(r"[`<\[@{%&*_#]|://|www\.|\.[a-z]")


def _markup(text: str) -> Counter[str]:
    """What must come through unchanged (see _markup_spans), at once empty for a text in which
    no span can be: the same Counter, without matching every span's pattern."""
    from uebersetzer.protect import symbol_spans

    if _MARKUP_HINT.search(text) is None and not symbol_spans(text):
        return Counter()
    return _markup_spans(text)


def _markup_spans(text: str) -> Counter[str]:
    """What must come through unchanged: the inline spans the translate stage protects in
    text and Markdown (code, HTML, link targets, URLs, e-mail, domains, placeholders,
    emphasis marks), and printf placeholders. A link's "[" is left out: the link text
    around it is translated and may move; so is a lone "]" (a shortcut reference link's end,
    or any bracket, which the brackets check counts). (A PO entry does not say its article's
    format; Markdown's spans include plain text's and HTML's inline tags.)"""
    from uebersetzer.formats.markdown import inline_spans
    from uebersetzer.protect import bidi_control

    # (not a bidirectional control written as a reference, `&rlm;`: at a sentence's edge the
    # translation rightly says the target's direction with it, `&lrm;`)
    found = Counter(span.output for span in inline_spans(text)
                    if not span.output.startswith(("[", "![")) and span.output != "]"
                    and not _ABBREVIATION.match(span.output) and not bidi_control(span.output))
    found.update(match.group(0) for match in _PRINTF.finditer(text))
    return found


# Brackets that pair up, and the double quotation marks of the world's typographies: a German
# „…“ may rightly become an English “…” or a French « … », so quotes are counted by kind, not
# by character. Single quotes are left out: ’ and ' are apostrophes too ("Trump’s").
_OPENING, _CLOSING = "([{", ")]}"
_QUOTES = '"“”„‟«»「」『』〝〞'
_QUOTED = re.compile(f"[{_QUOTES}]([^{_QUOTES}]*)[{_QUOTES}]"
                     # British 'single quotes' and ‹guillemets›: a mark not inside a word (not "Trump’s")
                     r"|(?<!\w)['‘‚‹]([^'‘’‚‹›]+)['’‘›](?!\w)")
QUOTATION_MIN_WORDS = 3  # «Барсу», 「セサミストリート」: a name in quotes, which English writes without


@check("brackets")
def brackets(sentence: Sentence) -> str:
    """Brackets of the source lost, or left without their pair, as translate-toolkit's
    `brackets` check counts them (full-width ones as their ASCII forms); a quotation lost or
    left open. Brackets a translator adds (an explanation) are fine, and so are other quote
    styles, names and titles a language quotes and another does not, a bracket inside a word
    ("90(F)-degree"), a unit conversion given as one measure, and a quotation that goes on
    over the sentence's edge where the source's does too."""
    translation, source = unicodedata.normalize("NFKC", sentence.translation), unicodedata.normalize(
        "NFKC", sentence.source)
    if _BRACKETS_AND_QUOTES.isdisjoint(translation) and _BRACKETS_AND_QUOTES.isdisjoint(source):
        return ""  # nothing to lose, pair or quote (most sentences): what the counting below finds too
    return _bracket_problems(source, translation)


# Every character the counting in _bracket_problems looks at: brackets, double quotes, and the
# marks that open a single-quoted stretch (`_QUOTED`; a lone ’ is an apostrophe and counts nowhere).
_BRACKETS_AND_QUOTES = frozenset(_OPENING + _CLOSING + _QUOTES + "'‘‚‹")


def _bracket_problems(source: str, translation: str) -> str:
    """`brackets` on the NFKC forms of the source and the translation."""
    translation = _PRINTF.sub(" ", translation)
    source = _without_conversions(_without_glosses(_PRINTF.sub(" ", source), translation), translation)
    source = _IN_WORD_BRACKETS.sub(" ", source)
    lost = [mark for mark in _OPENING + _CLOSING if translation.count(mark) < source.count(mark)]
    continued = _continued_quotation(source, translation)
    if sum(1 for _ in _QUOTED.finditer(translation)) + continued < _quotations(source):
        lost.append("quotation marks")
    problems = [f"lost {' '.join(lost)}"] if lost else []
    unpaired = _unpaired(translation) - _unpaired(source)
    if _quote_marks(source) % 2 == 0 and _quote_marks(translation) % 2 and not continued:
        unpaired.add("quotation mark")
    if unpaired:
        problems.append(f"{', '.join(sorted(unpaired))} without its pair")
    return "; ".join(problems)


_INSIDE = r"([^()\[\]{}]*)"
_BRACKETED = re.compile(rf"\({_INSIDE}\)|\[{_INSIDE}\]|\{{{_INSIDE}\}}")  # innermost pairs


def _without_glosses(source: str, translation: str) -> str:
    """The source with the brackets of its glosses taken away: "马丁·霍尔特 (Martin Holt)",
    a name in its own script glossed in another, which a translation into the gloss's script
    writes once, outside brackets ("Martin Holt"). Such a gloss is not lost; one the
    translation drops, and brackets in the text's own script, are still counted."""
    outside = _BRACKETED.sub(" ", translation).casefold()

    def unbracketed(match: re.Match[str]) -> str:
        inside = next(group for group in match.groups() if group is not None)
        gloss, before = inside.strip(), [ch for ch in source[:match.start()] if ch.isalpha()]
        letters = [ch for ch in gloss if ch.isalpha()]
        if not letters or not before or _script(before[-1]) == _script(letters[0]):
            return match.group(0)
        written = re.search(rf"(?<!\w){re.escape(gloss.casefold())}(?!\w)", outside)
        return f" {inside} " if written else match.group(0)

    return _BRACKETED.sub(unbracketed, source)


def _script(letter: str) -> str:
    """A letter's script by the first word of its Unicode name ("LATIN", "CJK", "HANGUL",
    "HIRAGANA", "CYRILLIC"): close enough to tell a gloss from its text, and the standard
    library's (the `regex` module's \\p{Script} would be one more dependency for this)."""
    return unicodedata.name(letter, "").split(" ")[0] if letter else ""


def _quote_marks(text: str) -> int:
    return sum(1 for ch in text if ch in _QUOTES)


def _quotations(text: str) -> int:
    """Quoted stretches long enough to be someone's words, not a name or title in quotes."""
    quoted = [match.group(1) if match.group(1) is not None else match.group(2) for match in _QUOTED.finditer(text)]
    return sum(1 for words in quoted
               if (len(_WORD.findall(words)) >= QUOTATION_MIN_WORDS
                   or len(words) >= 12 and _UNSPACED.search(words)) and not _is_title(words.strip()))


# A quoted name or title: «Ванда мисс Джоаким», "Hero of the Soviet Union", „Nationale Schulaufseherin
# des Jahres“ -- its first and last words capitalized, at most TITLE_MAX_WORDS words, no comma, colon or
# stop inside. English writes such names without quotes; someone's words in quotes end lower case
# ("Wir werden das schaffen"), hold a comma or stop, or are longer.
TITLE_MAX_WORDS = 5
_CLAUSE_MARK = re.compile(r"[,;:!?]|\.(?!$)")


def _is_title(quoted: str) -> bool:
    words = quoted.split()
    return (2 <= len(words) <= TITLE_MAX_WORDS and words[0][0].isupper() and words[-1][0].isupper()
            and not _CLAUSE_MARK.search(quoted))


# A bracket inside a word, "90(F)-degree", "con[c]essions" (an editor's letter): part of how the word
# is spelled, which a translation spells its own way.
_IN_WORD_BRACKETS = re.compile(r"(?<=\w)(?:\([^()\[\]{}\s]*\)|\[[^()\[\]{}\s]*\])(?=[\w-])")

# A measure converted in brackets: "645 miles (1040 km)", "40 mph (64 kph)", "90° F (30° C)".
_MEASURE = r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?"
_CONVERSION = re.compile(rf"({_MEASURE})\s*°?\s*[^\W\d_][^\W\d_.]*\.?(?:\s+[^\W\d_]+\.?){{0,3}}\s*"
                         rf"\(\s*({_MEASURE})\s*°?\s*[^\W\d_][^\W\d_/. ]*(?:[\s/][^\W\d_]+){{0,3}}\.?\s*\)")


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _without_conversions(source: str, translation: str) -> str:
    """The source with the brackets of a unit conversion taken away when the translation gives
    one of the two measures only: a translation for readers who use kilometres says "1040 km",
    not "645 miles (1040 km)". A translation keeping both numbers keeps the brackets too, and one
    dropping both is the numbers check's business."""
    numbers = {_digits(found) for found in re.findall(_MEASURE, translation)}

    def unbracketed(match: re.Match[str]) -> str:
        kept = [_digits(match.group(1)) in numbers, _digits(match.group(2)) in numbers]
        if kept.count(True) != 1:
            return match.group(0)
        return match.group(0).replace("(", " ").replace(")", " ")

    return _CONVERSION.sub(unbracketed, source)


# Quote marks with their places, for a quotation that runs over a sentence's edge: double quotes, and
# single ones at a word's edge (the Dutch 'het ... ', not the apostrophe of "l'Ansa" or "Trump’s").
_QUOTE_MARK = re.compile(f"[{_QUOTES}]|(?<!\\w)['‘’‚‹›]|['‘’‚‹›](?!\\w)")


def _opens(text: str, at: int) -> bool:
    """Whether the quote mark at `at` opens a quotation: the text's start, a space, bracket, dash
    or colon before it and no space after it (as "„Wir" or "\"It"; not "wir“" or "read,\" said")."""
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-:/" or before in _QUOTES) and not after.isspace()


def _continued_quotation(source: str, translation: str) -> bool:
    """Whether the translation's one unpaired quote mark belongs to a quotation going on over
    the sentence's edge, where the source's quotation (if it has one) reaches the same edge.
    English opens a quotation of several sentences once and closes it once, so a sentence inside
    it has one mark or none where another language closes the quotation in each sentence (or
    quotes in a neighbouring one): "„Manche stimmen nicht zu.“" is rightly "\"Some may not agree."
    An opening mark left unclosed where the source's quotation ends inside the sentence
    ("„Wir…“, sagte er" as "“We…, he said") is still a quotation left open."""
    marks = [at for at, ch in enumerate(translation) if ch in _QUOTES]  # as _quote_marks counts them
    if len(marks) % 2 == 0:
        return False
    source_marks = [match.start() for match in _QUOTE_MARK.finditer(source)]
    if _opens(translation, marks[-1]):  # runs to the end
        return (not source_marks or not re.search(r"\w", source[source_marks[-1] + 1:])
                or _opens(source, source_marks[-1]))
    if not _opens(translation, marks[0]):  # runs from the start
        return (not source_marks or not re.search(r"\w", source[:source_marks[0]])
                or not _opens(source, source_marks[0]))
    return False  # a mark in the middle, without its pair


def _unpaired(text: str) -> set[str]:
    """The brackets that do not close in order: "(a]" and "(a" leave "(" unpaired, "a)" ")"."""
    open_marks: list[str] = []
    unpaired: set[str] = set()
    for ch in text:
        if ch in _OPENING:
            open_marks.append(ch)
        elif ch in _CLOSING:
            wanted = _OPENING[_CLOSING.index(ch)]
            if open_marks and open_marks[-1] == wanted:
                open_marks.pop()
            else:
                unpaired.add(ch)
    return unpaired | set(open_marks)


# The line GNU msgcat (and msgmerge's compendia) writes above each file's translation when the
# files it joins disagree: `#-#-#-#-#  a.po (Project 1.0)  #-#-#-#-#`, then that translation.
# Exactly gettext's format (msgl-cat.c): nothing to calibrate, a translation never holds it.
_MSGCAT_MARKER = re.compile(r"^#-#-#-#-#  (.+)  #-#-#-#-#$", re.MULTILINE)


@check("conflict")
def conflict(sentence: Sentence) -> str:
    """An unresolved msgcat conflict: the translations of several PO files with msgcat's
    marker line above each, which must never be published."""
    files = [name for name in _MSGCAT_MARKER.findall(sentence.translation)
             if name not in _MSGCAT_MARKER.findall(sentence.source)]
    if not files:
        return ""
    return (f"unresolved msgcat conflict between {', '.join(files)}: keep one translation and delete the "
            "'#-#-#-#-#' lines")


# What a line of Markdown or plain text starts a new block with: an ATX heading, a list item
# (bullet or number), a quote, a code fence, a setext underline or thematic break, a table row.
_BLOCK_START = re.compile(r"^ {0,3}(?:#{1,6}(?=\s|$)|[-*+•–](?=\s)|\d{1,9}[.)](?=\s|$)|>|```|~~~|[=-]{3,}\s*$|\|)")
_BLANK_LINE = re.compile(r"\n[ \t]*(?:\r?\n)")


@check("lines")
def lines(sentence: Sentence) -> str:
    """Line breaks the source does not have: written into the article, a blank line ends the
    block and a new line starting with `#`, `-`, `>` or `1.` starts a heading, list or quote,
    so one sentence would change the article's structure."""
    added = sentence.translation.count("\n") - sentence.source.count("\n")
    blank = bool(_BLANK_LINE.search(sentence.translation)) and not _BLANK_LINE.search(sentence.source)
    if added <= 0 and not blank:
        return ""
    starts = {_block_starts(line) for line in sentence.translation.split("\n")[1:]} - {
        _block_starts(line) for line in sentence.source.split("\n")[1:]} - {""}
    what = ["a blank line (a new block)"] if blank else []
    what += [f"a line starting with {start!r}" for start in sorted(starts)]
    breaks = max(added, 1)
    return (f"{breaks} line break{'' if breaks == 1 else 's'} the source does not have"
            + (f": {', '.join(what)}" if what else "") + "; keep the translation on the source's lines")


def _block_starts(line: str) -> str:
    """The block syntax a line starts with ("#", "-", "1."), or ""."""
    match = _BLOCK_START.match(line)
    return match.group(0).strip() if match else ""
