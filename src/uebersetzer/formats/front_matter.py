"""Markdown's YAML front matter (Hugo, Jekyll, Netlify CMS): where its reader-facing texts lie,
so that markdown.py makes blocks of them and render writes each translation into the value's
place, every other byte of the front matter as written (comments, key order, other values).

Translated, at the top level of the mapping, when the value is a string: `title`,
`linkTitle` (Hugo's short title in menus), `subtitle`, `teaser`, `description`, `summary`
and `excerpt` (Jekyll's). These are what a reader or a search engine sees of the page.
Not translated: `tags` and `categories` (a site's taxonomy terms make its URLs and lists;
translating them per article would split them), `slug`, `url`, `aliases`, `author`,
`date`, `keywords`, `draft` and everything else.

PyYAML composes the front matter and says where each scalar lies (`start_mark.index`); a
translated value is written in the source's style where YAML lets it hold the new text: a
plain scalar stays plain unless the translation would read as something else (`: `, ` #`, a
leading `[`, "yes"), then it is double-quoted; single quotes stay single quotes; a block
scalar (`>-`, `|`) keeps its header and indentation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

TRANSLATED_KEYS = frozenset({"title", "linktitle", "subtitle", "teaser", "description", "summary", "excerpt"})
_STRING = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class Field:
    """A value to translate: its key, its decoded text and the source slice that writes it."""

    key: str
    text: str
    start: int  # offsets in the front matter's text
    end: int


class Malformed(ValueError):
    """The front matter is no YAML; the message says what and where, in PyYAML's words."""


def fields(front_matter: str) -> list[Field]:
    """The values to translate in `front_matter` (the YAML between the `---` lines)."""
    try:
        root = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise Malformed(_problem(error)) from None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return []  # `{title: x}`: a flow mapping's plain scalars end at a comma; not edited in place
    found: dict[int, Field] = {}
    for key, value in root.value:
        field = _field(front_matter, key, value)
        if field is not None:
            found.setdefault(field.start, field)  # an alias names its anchor's node: translated once
    return sorted(found.values(), key=lambda field: field.start)


def _field(front_matter: str, key: yaml.Node, value: yaml.Node) -> Field | None:
    if not (isinstance(key, yaml.ScalarNode) and key.value.lower() in TRANSLATED_KEYS):
        return None
    if not isinstance(value, yaml.ScalarNode) or value.tag != _STRING or not value.value.strip():
        return None
    start, end = value.start_mark.index, value.end_mark.index
    if start <= key.end_mark.index or front_matter[start] in "&!*":
        return None  # an alias, an anchor or a tag before the value: not a value written here alone
    if value.style in ("|", ">"):
        return _block_scalar(front_matter, key.value, value.value, start, end)
    return Field(key.value, value.value, start, end)


def _block_scalar(front_matter: str, key: str, text: str, start: int, end: int) -> Field | None:
    """A block scalar from the first character of its first line's indentation to the end of
    its last line of text: its header and the line breaks after it (its chomping) stay."""
    header_end = front_matter.find("\n", start)
    content = front_matter[header_end + 1:end].rstrip()
    if header_end < 0 or not content.strip() or text.startswith("\n"):
        return None
    return Field(key, text.rstrip("\n"), header_end + 1, header_end + 1 + len(content))


def _problem(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).split("\n")[0]
    return f"{problem} (line {mark.line + 1} of the front matter)" if mark is not None else problem


def yaml_value(text: str, written: str, gap: str) -> str:
    """`text` written where `written` stood, after `gap`: in `written`'s style where YAML lets it
    hold `text`, double-quoted where not."""
    header = re.search(r"([|>])[^\n]*\n$", gap)
    if header and not written.startswith(("'", '"')):
        return _block(text, written, folded=header.group(1) == ">")
    if written.startswith("'") and "\n" not in text and text == text.strip(" "):
        return "'" + text.replace("'", "''") + "'"
    if not written.startswith(("'", '"')) and _plain_holds(text):
        return text
    return _double_quoted(text)


def _plain_holds(text: str) -> bool:
    """Does `text`, written plain as a mapping's value, read back as this very string?"""
    if not text or "\n" in text or text != text.strip():
        return False
    try:
        return yaml.safe_load(f"key: {text}\n") == {"key": text}
    except yaml.YAMLError:
        return False


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar on one line. YAML's escapes are a superset of JSON's; only
    what must be escaped is: the backslash, the quote and control characters."""
    def escaped(match: re.Match[str]) -> str:
        character = match.group(0)
        named = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
        return named.get(character) or f"\\u{ord(character):04x}"

    return '"' + re.sub(r'[\\"\x00-\x1f\x7f\x85\u2028\u2029\ufeff]', escaped, text) + '"'


def _block(text: str, written: str, folded: bool) -> str:
    """A block scalar's lines, indented as its first line was. A folded scalar's line break is
    an empty line in the source; a literal one's is a line break."""
    indent = written[:len(written) - len(written.lstrip(" "))]
    lines = [line.removeprefix(indent).rstrip(" ") for line in text.split("\n")]
    joined = "\n\n" if folded else "\n"
    return joined.join(indent + line if line else "" for line in lines)
