"""The form in which text is compared: one spelling for the same visible text.

The same sentence reaches us in more than one encoding. macOS hands over text decomposed (NFD:
`u` + U+0308 for `ü`), CMS exports and the web composed (NFC); a re-export of an article
changes every accented letter's bytes and nothing a reader sees. Scrapers and CMS editors
also leave invisible formatting characters inside words: soft hyphens (U+00AD) where a
layout may break a word, zero-width spaces (U+200B), word joiners (U+2060) and byte-order
marks (U+FEFF) pasted in mid-text. None of them is part of a word's spelling, yet each one
stops a glossary term (`Wi\u200ben` is not `Wien`), a PO key (`Brüssel` in NFD is another
msgid) and the sentence splitter (`endet.\u200b Dann` is no boundary to it).

`comparable` is that one form: the invisible formatting characters dropped, then NFC. It is
what a sentence's msgid is (what the engine sees, the PO key, the memory's key), what
glossary terms are matched in and written as, and what PO entries written by older runs are
matched by. The source's own text is never changed: a sentence kept as written, and an
article with nothing translated, come back byte for byte.

ZWNJ and ZWJ (U+200C, U+200D) are not in the list: they are spelling in Persian and the
Indic scripts (`می‌خواهم`) and hold emoji sequences together.
"""

from __future__ import annotations

import re
import unicodedata

from uebersetzer.formats.base import CharacterReference

# Characters a reader never sees and no word is spelled with: soft hyphen, zero-width space,
# word joiner, zero-width no-break space (a BOM inside the text).
INVISIBLE_FORMATTING = "\u00ad\u200b\u2060\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE_FORMATTING}]")
_DROPPED = str.maketrans(dict.fromkeys(INVISIBLE_FORMATTING))


def without_invisible(text: str) -> str:
    """`text` without INVISIBLE_FORMATTING; the same object when it holds none."""
    return text.translate(_DROPPED) if _INVISIBLE.search(text) else text


def comparable(text: str) -> str:
    """`text` as it is compared and matched: without INVISIBLE_FORMATTING, in NFC. The same
    object when it is so already (nearly every sentence: ASCII, or composed text is_normalized
    tells in C), so a big article's sentences are not held twice."""
    if text.isascii():
        return text
    visible = without_invisible(text)
    return visible if unicodedata.is_normalized("NFC", visible) else unicodedata.normalize("NFC", visible)


def invisible_readings(text: str) -> list[CharacterReference]:
    """Each invisible formatting character of `text` as a reference read as nothing, for the
    sentence splitter to read the text as its reader sees it (`endet.\u200b Dann` ends a
    sentence; `Dr.\u2060 Müller` is an abbreviation) while the sentences keep the source's
    characters (segment._read)."""
    return [CharacterReference(match.start(), match.end(), "") for match in _INVISIBLE.finditer(text)]


def read_without_invisible(references: list[CharacterReference], text: str) -> list[CharacterReference]:
    """A format's character references of `text` (HTML's `&shy;` read as a soft hyphen) with
    those read as invisible formatting read as nothing, merged in order with `text`'s own
    invisible characters."""
    found = [reference._replace(text=without_invisible(reference.text)) for reference in references]
    raw = invisible_readings(text)
    # a reference is written in ASCII (`&shy;`), so no raw character stands inside one
    return sorted(found + raw) if raw else found
