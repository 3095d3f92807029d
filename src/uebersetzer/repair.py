"""Repairs made before translation, and the text tests shared by parse and repair.

Scrapers cut paragraphs with stray blank lines in the middle of a sentence ("im Weißen" /
"Haus mit Freude"). Translating the halves separately breaks both sentences, so such a
paragraph is joined with its continuation. This is the only change parsing makes to the
text: an untranslated article renders back byte for byte otherwise.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

from uebersetzer.document import Block, Kind

# Characters that may close a sentence after its final punctuation: quotes and brackets, and
# the markup characters the calling format passes in (Markdown's "*_`").
_CLOSERS = "\"'”“»«’‘)]」』）】》〉"
# Full-width forms end Chinese and Japanese sentences, with no space after them.
_TERMINAL = ".!?…:;。！？：；"
_INNER_END = r"[.!?…]{closers}\s+\S|[。！？]{closers}\S"  # {closers}: quotes, brackets, markup
_FULL_STOPS = ".!?…。！？"  # what ends a sentence for WordUsage (a colon may be followed by a capital)
# Quotation marks of any script. At the start of a block, one followed by anything but a
# lower-case letter opens a quoted sentence ("“Nigeria previously…”", "„Wir…", "« Il…", "「…",
# "“250 years…"); the closing guillemet of French may start a cut's second half too, but a
# lower-case word follows it ("» en pendjabi").
_QUOTATION_MARKS = "\"'“”„‟«»‹›‘’‚‛「『"
# A last word the article writes inside sentences this often, and never at their end, continues
# a sentence ("der", "im", "es"); one such use is weaker evidence (a noun, a verb seen once).
INSIDE_TIMES = 2
# A cut rejoins one sentence; a paragraph that lost its full stop, joined to the next, makes a
# "sentence" of two: about twice the article's median. Times the median, in words: with no word
# to go by, and after a last word written inside a sentence once. Chosen on the FLORES tune half
# (bench_repair.py); 1.75 after a word seen once was as good there, but split the reference
# article's "dass es" / "Bestrebungen" (a real sentence 1.75 times its median).
LONGEST_JOINED_SENTENCE = 1.5
LONGEST_AFTER_A_WORD_SEEN_INSIDE_ONCE = 2.0
MIN_SENTENCES_FOR_LENGTH = 5  # an article with fewer finished sentences says nothing about their length
HEADING_MAX_WORDS = 12
HEADING_MAX_CHARS = 90


def ends_sentence(text: str, markup: str = "") -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS + markup)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _has_inner_sentence_end(text: str, markup: str = "") -> bool:
    closers = f"[{re.escape(_CLOSERS + markup)}]*"
    return re.search(_INNER_END.format(closers=closers), text.rstrip()) is not None


def looks_like_heading(text: str, markup: str = "") -> bool:
    """A short single line without final punctuation; it may contain a comma."""
    words = text.split()
    return (
        "\n" not in text.strip()
        and 0 < len(words) <= HEADING_MAX_WORDS
        and len(text) <= HEADING_MAX_CHARS
        and not ends_sentence(text, markup)
    )


@dataclass(frozen=True)
class WordUsage:
    """How the article itself writes its words: the evidence that tells a paragraph cut before
    a capitalized word ("im Weißen" / "Haus") from a new paragraph after one that merely lost
    its full stop ("im Jahr 2020" / "Die Regierung"), in any language and without a word list.
    The empty usage knows nothing, and leaves the decision to the blocks' layout alone."""

    lower_case: frozenset[str] = frozenset()  # words it writes in lower case somewhere ("die")
    sentence_final: frozenset[str] = frozenset()  # words (lower-cased) that end one of its sentences
    # words (lower-cased) -> how often it writes them with another word after them in a sentence
    inside: Mapping[str, int] = field(default_factory=dict)
    sentence_words: float = 0.0  # median words of its finished sentences; 0: too few to say

    @classmethod
    def of(cls, texts: Iterable[str], markup: str = "") -> WordUsage:
        lower_case: set[str] = set()
        sentence_final: set[str] = set()
        inside: Counter[str] = Counter()
        lengths: list[int] = []
        for text in texts:
            tokens = text.split()
            words = 0
            for position, token in enumerate(tokens):
                words += 1
                word = _bare(token, markup)
                finishes = _ends_with_full_stop(token, markup)
                if finishes:
                    lengths.append(words)
                    words = 0
                if not word:
                    continue
                if word[0].islower():
                    lower_case.add(word)
                if finishes:
                    sentence_final.add(word.lower())
                elif position + 1 < len(tokens) and token[-1].isalnum():
                    inside[word.lower()] += 1
        length = statistics.median(lengths) if len(lengths) >= MIN_SENTENCES_FOR_LENGTH else 0.0
        return cls(frozenset(lower_case), frozenset(sentence_final), dict(inside), float(length))

    def says_cut(self, first: str, second: str, markup: str = "", by_length: bool = True) -> bool | None:
        """Does `second` continue the sentence `first` stops in the middle of? None: no evidence.

        - `second` starts with a capitalized word the article also writes in lower case
          ("Die" where it writes "die", "The" and "the"): a sentence starts there, so no;
        - `first` ends in a word the article writes inside sentences (INSIDE_TIMES) and never
          at their end ("im", "der", "es"): yes;
        - else the sentence the join would make, against the article's median: a cut makes
          one sentence of the usual length, two sentences joined make one twice as long
          (a looser bar after a last word written inside a sentence once).
        """
        opening, last = _bare(second.split()[0], markup), _bare(first.split()[-1], markup)
        if opening[:1].isupper() and opening.lower() in self.lower_case:
            return False
        inside = 0 if last.lower() in self.sentence_final else self.inside.get(last.lower(), 0)
        if inside >= INSIDE_TIMES:
            return True
        if not self.sentence_words or not by_length:
            return True if inside else None
        joined = _words_after_last_full_stop(first, markup) + _words_to_first_full_stop(second, markup)
        longest = LONGEST_AFTER_A_WORD_SEEN_INSIDE_ONCE if inside else LONGEST_JOINED_SENTENCE
        return joined < longest * self.sentence_words


def _bare(token: str, markup: str) -> str:
    """The word in a whitespace-separated token, without quotes, brackets, markup or punctuation."""
    return token.strip(_CLOSERS + markup + "„‚(<[{\"-–—.,;:!?…")


def _ends_with_full_stop(token: str, markup: str) -> bool:
    stripped = token.rstrip(_CLOSERS + markup)
    return bool(stripped) and stripped[-1] in _FULL_STOPS


def _words_after_last_full_stop(text: str, markup: str) -> int:
    tokens = text.split()
    finished = [position for position, token in enumerate(tokens) if _ends_with_full_stop(token, markup)]
    return len(tokens) - (finished[-1] + 1 if finished else 0)


def _words_to_first_full_stop(text: str, markup: str) -> int:
    tokens = text.split()
    return next((position + 1 for position, token in enumerate(tokens) if _ends_with_full_stop(token, markup)),
                len(tokens))


def _is_body(block: Block, markup: str) -> bool:
    return block.kind == Kind.PARAGRAPH and not looks_like_heading(block.text, markup)


def is_cut(first: Block, second: Block, previous: Block | None, markup: str = "",
           authored: bool = False, usage: WordUsage = WordUsage()) -> bool:
    """Is `first` a paragraph cut mid-sentence, continued by `second`?

    A heading is never joined to the paragraph below, even though German paragraphs start
    with capitals; a line is taken as the first half of a cut paragraph only when it could
    not be a heading: it is too long, holds a finished sentence, is followed by a lower-case
    continuation, or directly follows a heading while reading like a clause (a comma, or six
    words or more: "Moskau, das die verbalen Auseinandersetzungen im Weißen"), which a
    sub-heading under a heading does not. Such a line is still taken for a finished paragraph
    when the article's own `usage` says the next one starts a sentence (see WordUsage.says_cut).
    A short line after a paragraph is a heading, unless it starts with a lower-case word
    ("des Unfalls eingeleitet"), which no heading does.
    """
    if first.kind != Kind.PARAGRAPH or ends_sentence(first.text, markup) or second.kind != Kind.PARAGRAPH:
        return False
    first_is_body = not looks_like_heading(first.text, markup) or _has_inner_sentence_end(first.text, markup)
    if not _is_body(second, markup):  # a short line: a heading, unless a paragraph continues in it in lower case
        return first_is_body and _starts_with_lower_case_word(second.text, markup)
    if second.text[:1].islower():
        return True
    if _opens_a_quoted_sentence(second.text, markup):  # a quote, often in another language: not our sentence
        return False
    if authored:  # the author's blank line: only a lower-case continuation says it is a cut
        return False
    if first_is_body:
        continues = usage.says_cut(first.text, second.text, markup) is not False
    else:
        follows_heading = previous is not None and previous.kind == Kind.HEADING
        continues = (follows_heading and ("," in first.text or len(first.text.split()) >= 6)
                     and usage.says_cut(first.text, second.text, markup, by_length=False) is not False)
    return continues and not _in_another_language(second.text, first.text)


def _in_another_language(second: str, first: str) -> bool:
    """An unquoted English paragraph after a German one that lost its full stop starts with a
    capital, as a cut's continuation in German does; only its language tells it apart. Asked
    last, of the few breaks every other rule would join: it loads the language profiles."""
    from uebersetzer.detect import in_another_language  # detect's profiles, shared, not a stage run early

    return in_another_language(second, first)


def _opens_a_quoted_sentence(text: str, markup: str) -> bool:
    """"“Nigeria previously announced…”" after a German paragraph that lost its full stop: a
    sentence of its own, which joined to the paragraph was read in the quote's language. A
    quoted word in lower case ("„unverantwortlich“ und ging") may continue a cut sentence."""
    opened = text.lstrip(markup + " ")
    if not opened or opened[0] not in _QUOTATION_MARKS:
        return False
    quoted = opened[1:].lstrip()  # French writes "« Il" with a (narrow, no-break) space
    return bool(quoted) and not quoted[0].islower()  # "“250 years later" opens a sentence too


def _starts_with_lower_case_word(text: str, markup: str) -> bool:
    """"des Unfalls eingeleitet": no heading starts so; "www.example.org" is no word."""
    opening = _bare(text.split()[0], markup) if text.split() else ""
    return text[:1].islower() and opening.replace("-", "").isalpha()


def join(first: Block, second: Block) -> Block:
    return replace(
        first,
        text=f"{first.text.rstrip()} {second.text.lstrip()}",
        raw=f"{first.raw.rstrip()} {second.raw.lstrip()}",
    )


def repair_cut_paragraphs(blocks: list[Block], markup: str = "", classify: bool = True,
                          authored: bool = False, usage: WordUsage | None = None) -> list[Block]:
    """Join each paragraph cut by a blank line with its continuation. `markup`: the format's
    characters that may close a sentence after its final punctuation.

    `authored`: the format's blank lines were written by an author (Markdown), not left by a
    scraper, so only a paragraph continued in lower case is taken for a cut one; a paragraph
    that merely ends without a full stop ("im Jahr 2020", a URL, a quote) stays apart.

    With `classify`, short lines that are not cut paragraphs become headings as we go, so the
    rule "follows a heading" sees the final kinds.

    `usage`: how the article writes its words (WordUsage), read from `blocks` when not given.
    """
    usage = WordUsage.of((block.text for block in blocks), markup) if usage is None else usage
    repaired: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        previous = repaired[-1] if repaired else None
        while index + 1 < len(blocks) and is_cut(block, blocks[index + 1], previous, markup, authored, usage):
            block = join(block, blocks[index + 1])
            index += 1
        if classify and block.kind == Kind.PARAGRAPH and looks_like_heading(block.text, markup):
            block = replace(block, kind=Kind.HEADING)
        repaired.append(block)
        index += 1
    return repaired

