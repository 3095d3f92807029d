"""WordPress shortcodes and Drupal tokens in an article's text: CMS syntax the site expands when
it shows the page (`[gallery ids="1,2,3"]`, `[caption …]…[/caption]`, `[node:title]`). Kept byte
for byte, never sent to the engine, and no evidence of the text's language; the text between a
paired shortcode's tags (a caption's) is translated.

How narrowly. A site registers its own shortcode names, so no list says which bracketed word is
one, and news text has brackets of its own: "[Anm. d. Red.]", "[sic]", "[lacht]", "[1]",
"[...]", "[Update: 12 Uhr]", all translated as before. Brackets are read as WordPress's
`get_shortcode_regex` reads them (a name of letters, digits, `_` and `-`, then attributes up to
the `]`, which they cannot hold), and taken for a shortcode when

- it closes one: `[/name]`;
- it has an attribute (`[name key="value"]`, `[name key=value]`) or closes itself (`[name /]`);
- it is bare, `[name]`, and the name is one of WordPress core's (`caption`, `gallery`, `audio`,
  `video`, `playlist`, `embed`, `wp_caption`), holds `_`, `-` or a digit as no word does
  (`[contact-form-7]`, `[wp_ad_slot]`), is closed later in the same text (`[quote]…[/quote]`),
  is glued to the word or tag after it (`[quote]Der`), is all there is (a paragraph of its own),
  or opens the text in lower case (`[quote] Satz eins.`: a sentence starts with a capital, so
  "[sic]" or "[lacht]" never stands there, and a shortcode whose closing tag lies in a later
  sentence of the paragraph always does, as the sentence splitter hands it to the sentence
  after it);
- it is a Drupal token: lower-case names joined by colons, no spaces (`[site:name]`,
  `[node:field_teaser:value]`).

The content of `[embed]`, `[code]` and `[sourcecode]` is a URL or code: kept with them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_BRACKET = re.compile(r"\[(?P<close>/)?(?P<name>[A-Za-z][\w-]*(?::[\w-]+)*)(?P<attributes>\s[^\[\]]*)?\]")
_CORE = frozenset({"caption", "wp_caption", "gallery", "audio", "video", "playlist", "embed"})
_VERBATIM_CONTENT = frozenset({"embed", "code", "sourcecode"})
_NOT_A_WORD = re.compile(r"[_\-\d]")
# a closing shortcode right after a sentence's full stop belongs to that sentence (`Berlin.[/caption]`)
CLOSING = r"\[/[A-Za-z][\w-]*\]"


class Shortcode(NamedTuple):
    start: int
    end: int
    role: str  # "open" and "close" for a pair in the text (words between), else "atom"


def shortcodes(text: str) -> list[Shortcode]:
    """The shortcodes and tokens of `text`, in order; a verbatim-content pair as one atom."""
    if "[" not in text:
        return []
    brackets = list(_BRACKET.finditer(text))
    # where each name is closed last, and where the text's words begin and end: asked once, not
    # for every bracket (20,000 "[sic]" took 2.4 s that way)
    last_closing = {match.group("name"): match.start() for match in brackets if match.group("close")}
    stripped = text.strip()
    edges = (text.find(stripped), text.find(stripped) + len(stripped))
    return _paired([match for match in brackets if _is_shortcode(match, text, last_closing, edges)])


def _is_shortcode(match: re.Match[str], text: str, last_closing: dict[str, int], edges: tuple[int, int]) -> bool:
    name, attributes = match.group("name"), match.group("attributes") or ""
    if ":" in name:
        return not attributes and name == name.lower()
    if match.group("close") or "=" in attributes or attributes.rstrip().endswith("/"):
        return True
    if attributes:  # words after a name, with no attribute: text ("[sic erat]")
        return False
    after = text[match.end():match.end() + 1]
    return (name.lower() in _CORE or bool(_NOT_A_WORD.search(name)) or last_closing.get(name, -1) >= match.end()
            or after.isalpha() or after == "<" or match.span() == edges
            or match.start() == edges[0] and name == name.lower())


def _paired(found: list[re.Match[str]]) -> list[Shortcode]:
    """Openings matched with their closings by name as they nest; the rest stand alone."""
    roles = ["atom"] * len(found)
    partner: dict[int, int] = {}
    open_by_name: dict[str, list[int]] = {}
    for index, match in enumerate(found):
        name = match.group("name").lower()
        if not match.group("close"):
            open_by_name.setdefault(name, []).append(index)
        elif open_by_name.get(name):
            opening = open_by_name[name].pop()
            roles[opening], roles[index] = "open", "close"
            partner[opening] = index
    spans: list[Shortcode] = []
    inside_until = -1  # the end of a verbatim-content pair: what lies inside is part of it
    for index, match in enumerate(found):
        if match.start() < inside_until:
            continue
        if roles[index] == "open" and match.group("name").lower() in _VERBATIM_CONTENT:
            inside_until = found[partner[index]].end()
            spans.append(Shortcode(match.start(), inside_until, "atom"))
        else:
            spans.append(Shortcode(match.start(), match.end(), roles[index]))
    return spans


def without_shortcodes(text: str, by: str = " ") -> str:
    """`text` with each shortcode replaced by `by` repeated to its length ("" for nothing)."""
    found = shortcodes(text)
    if not found:
        return text
    pieces, position = [], 0
    for shortcode in found:
        pieces += [text[position:shortcode.start], by * (shortcode.end - shortcode.start)]
        position = shortcode.end
    pieces.append(text[position:])
    return "".join(pieces)
