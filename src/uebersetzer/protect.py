"""Protect stage: what an engine must not touch becomes a numbered placeholder `{N}`.

Protected: URLs, e-mail addresses, bare domains, inline code and HTML, the article
format's own markup (Markdown emphasis and link syntax, HTML tags: each format in
`formats/` lists its spans, the link text itself is translated), and glossary terms (their
target form comes back at restore). Placeholders are numbered in order of appearance, so the
same sentence always gives the same engine input. `restore.py` puts them back and
checks that none was lost, doubled or invented.
"""

from __future__ import annotations

import bisect

import re
from dataclasses import dataclass
from typing import Callable, Iterable

PLACEHOLDER = re.compile(r"\{(\d+)\}")

# Kept verbatim, in this order of priority where they overlap (a format's link syntax comes
# between the two lists: its URL belongs to the link, not to the URL pattern).
_CODE_AND_HTML = [
    re.compile(r"`[^`]+`"),  # inline code
    re.compile(r"<(?:https?://|mailto:)[^>\s]+>"),  # autolinks
    re.compile(r"</?[a-zA-Z][^>\n]*>"),  # inline HTML
]
_VERBATIM = [
    re.compile(r"\bhttps?://[^\s<>()\"“”„]+[^\s<>()\"“”„.,;:!?]"),
    re.compile(r"\bwww\.[^\s<>()\"“”„]+[^\s<>()\"“”„.,;:!?]"),
    re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),
    re.compile(r"(?<![\w@/.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b(?![\w/-])"),  # bare domains
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


@dataclass(frozen=True)
class Token:
    placeholder: str
    source: str
    output: str
    role: str
    label: str = ""


@dataclass(frozen=True)
class Protected:
    text: str  # what the engine sees
    tokens: tuple[Token, ...]

    @property
    def needs_engine(self) -> bool:
        """False when nothing but placeholders, digits and punctuation is left to translate."""
        return any(ch.isalpha() for ch in PLACEHOLDER.sub("", self.text))


def code_spans(text: str) -> list[Span]:
    """Inline code, autolinks and inline HTML: kept whole, in any format."""
    return [Span(m.start(), m.end(), m.group(0), "atom") for rx in _CODE_AND_HTML for m in rx.finditer(text)]


def verbatim_spans(text: str) -> list[Span]:
    """URLs, e-mail addresses, bare domains and placeholder-like text: kept whole, in any format."""
    return [Span(m.start(), m.end(), m.group(0), "atom") for rx in _VERBATIM for m in rx.finditer(text)]


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


def protect(msgid: str, term_spans: Iterable[Span] = (),
            markup: Callable[[str], list[Span]] = plain_spans) -> Protected:
    """`markup` is the article format's `inline_spans`: its markup and verbatim text, by priority."""
    spans = select([*markup(msgid), *term_spans])
    pieces: list[str] = []
    tokens: list[Token] = []
    position = 0
    for number, span in enumerate(spans, start=1):
        placeholder = "{%d}" % number
        pieces.append(msgid[position:span.start])
        pieces.append(placeholder)
        tokens.append(Token(placeholder, msgid[span.start:span.end], span.output, span.role, span.label))
        position = span.end
    pieces.append(msgid[position:])
    return Protected("".join(pieces), tuple(tokens))
