"""The note of a sentence the engine's whole output failed for, written and read in one place.

translate._fallback writes it into the sentence's PO entry (`#. fallback: the engine lost {1};
translated piecewise around protected text; left untranslated: “dieser Seite”`); the review
page's badge says, in a few words, what kind of fallback the note tells of (`badge`), so
words left in the source language are not shown as a markup check.
"""

from __future__ import annotations

from typing import Sequence

FALLBACK_NOTE = "fallback:"  # begins the note (and the PO comment) of a sentence redone piecewise
PIECEWISE = "translated piecewise around protected text"  # around markup, terms, entities kept as written
AGAIN = "translated again, without it"  # nothing protected: the whole sentence again, an invented placeholder out
LEFT_UNTRANSLATED = "; left untranslated: "  # pieces kept in the source language (their translation ran away)
LEFT_OUT = "; left out of a piece's translation (not in its source): "  # names a piece's translation invented
SHOWN = 3  # words a badge names; the note (the badge's tooltip) names them all


def note(problem: str, protected: bool, kept: Sequence[str], dropped: Sequence[str]) -> str:
    """The note: what the engine did wrong, how the sentence was translated instead, and the
    pieces left in the source language or names taken out of a piece's translation."""
    text = f"{FALLBACK_NOTE} the engine {problem}; {PIECEWISE if protected else AGAIN}"
    if kept:
        text += LEFT_UNTRANSLATED + quoted(kept)
    if dropped:
        text += LEFT_OUT + quoted(dropped)
    return text


def quoted(words: Sequence[str]) -> str:
    return ", ".join(f"“{word}”" for word in words)


def badge(text: str) -> str:
    """The review page's label of a fallback note, what the editor should look at first:
    `fallback: left untranslated “Das”; translated piecewise`. A note this module cannot read (another
    version's wording) gets the general `fallback: see the note`; the page shows the note
    itself on hover."""
    said = []
    kept = _list_after(text, LEFT_UNTRANSLATED)
    if kept:
        said.append(f"left untranslated {kept}")
    dropped = _list_after(text, LEFT_OUT)
    if dropped:
        said.append(f"invented {dropped} taken out")
    if f"; {PIECEWISE}" in text:
        # around markup, a glossary term or an entity: the pieces' translations read as one?
        said.append("translated piecewise")
    elif f"; {AGAIN}" in text:
        said.append("translated again without an invented placeholder")
    return f"{FALLBACK_NOTE} {'; '.join(said) if said else 'see the note'}"


def _list_after(text: str, marker: str) -> str:
    """The quoted words after `marker`, up to the next part of the note; the first SHOWN of them."""
    start = text.find(marker)
    if start < 0:
        return ""
    rest = text[start + len(marker):]
    for other in (LEFT_UNTRANSLATED, LEFT_OUT):
        if other != marker and other in rest:
            rest = rest[:rest.index(other)]
    words = [word.strip().strip("“”") for word in rest.split("”, “")]
    more = f" and {len(words) - SHOWN} more" if len(words) > SHOWN else ""
    return quoted(words[:SHOWN]) + more
