"""Protect stage: what an engine must not touch becomes a numbered placeholder `{N}`.

Protected: URLs, e-mail addresses, bare domains, inline code and HTML, Markdown emphasis
and link syntax (the link text itself is translated), and glossary terms (their target
form comes back at restore). Placeholders are numbered in order of appearance, so the
same sentence always gives the same engine input. `restore.py` puts them back and
checks that none was lost, doubled or invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

PLACEHOLDER = re.compile(r"\{(\d+)\}")

# Kept verbatim, in this order of priority where they overlap (link syntax comes between
# the two lists: its URL belongs to the link, not to the URL pattern).
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
_LINK = re.compile(r"(!?\[)[^\]\n]*(\]\([^)\s]*(?:\s+\"[^\"]*\")?\))")
_EMPHASIS = re.compile(r"\*\*|\*|(?<!\w)__|__(?!\w)|(?<!\w)_|_(?!\w)")


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


def verbatim_spans(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), m.group(0), "atom") for rx in _CODE_AND_HTML for m in rx.finditer(text)]
    for match in _LINK.finditer(text):
        spans.append(Span(match.start(1), match.end(1), match.group(1), "open"))
        spans.append(Span(match.start(2), match.end(2), match.group(2), "close"))
    spans += [Span(m.start(), m.end(), m.group(0), "atom") for rx in _VERBATIM for m in rx.finditer(text)]
    for match in _EMPHASIS.finditer(text):
        role = _emphasis_role(text, match.start(), match.end())
        if role:
            spans.append(Span(match.start(), match.end(), match.group(0), role))
    return spans


def _emphasis_role(text: str, start: int, end: int) -> str:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if not after.isspace() and (before.isspace() or before in "([„“\"'-/"):
        return "open"
    if not before.isspace():
        return "close"
    return ""  # a lone "*" between spaces is text, not markup


def select(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans; earlier entries win, so pass verbatim spans before terms."""
    chosen: list[Span] = []
    for span in spans:
        if all(span.end <= other.start or span.start >= other.end for other in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


def protect(msgid: str, term_spans: Iterable[Span] = ()) -> Protected:
    spans = select([*verbatim_spans(msgid), *term_spans])
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
