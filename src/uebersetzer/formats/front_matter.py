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
    """The front matter cannot be read: no YAML (the message says what and where, in PyYAML's
    words), or nested too deep."""


def fields(front_matter: str) -> list[Field]:
    """The values to translate in `front_matter` (the YAML between the `---` lines)."""
    try:
        root = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise Malformed(f"it is not valid YAML ({_problem(error)})") from None
    except RecursionError:  # PyYAML composes one level of Python's stack per level of nesting
        raise Malformed("it is nested too deep to read") from None
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
    """A block scalar from its header (`>-`, `|`) to the end of its last line of text: the line
    breaks after that (its chomping) stay as written."""
    content = front_matter[start:end].rstrip()
    if "\n" not in content or text.startswith("\n"):
        return None  # no lines, or leading empty ones that a rewritten value would not keep
    return Field(key, text.rstrip("\n"), start, start + len(content))


def _problem(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error).split("\n")[0]
    return f"{problem} at line {mark.line + 1} of the front matter" if mark is not None else problem


def yaml_value(text: str, written: str) -> str:
    """`text` written where the scalar `written` stood: in `written`'s style where that style
    reads back as `text`, else double-quoted, which holds any text."""
    expected = text
    if written.startswith(("|", ">")):
        header, _, lines = written.partition("\n")
        candidate = header + "\n" + _block_lines(text, lines, folded=header.startswith(">"))
        expected = "\n".join(line.strip() for line in text.split("\n"))  # what its lines hold
    elif written.startswith("'"):
        candidate = "'" + text.replace("'", "''") + "'"
    elif written.startswith('"'):
        return _double_quoted(text)
    else:
        candidate = text
    return candidate if _reads_back(candidate, expected) else _double_quoted(text)


def _reads_back(candidate: str, text: str) -> bool:
    """Does `candidate`, as a mapping's value, read back as `text` (a block scalar's final line
    breaks, its chomping, aside)? A plain `yes` or `a: b`, a single-quoted line break, a control
    character do not."""
    try:
        loaded = yaml.safe_load(f"key: {candidate}\n")
    except yaml.YAMLError:
        return False
    value = loaded.get("key") if isinstance(loaded, dict) else None
    if not isinstance(value, str):
        return False
    return value.rstrip("\n") == text if candidate.startswith(("|", ">")) else value == text


def _double_quoted(text: str) -> str:
    """A YAML double-quoted scalar on one line: the backslash, the quote, line breaks and what
    YAML may not hold unescaped (control characters) escaped; the rest as it is."""
    def escaped(match: re.Match[str]) -> str:
        character = match.group(0)
        named = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
        code = ord(character)
        return named.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return '"' + _TO_ESCAPE.sub(escaped, text) + '"'


# YAML's non-printable characters (PyYAML's Reader.NON_PRINTABLE), its other line breaks and the BOM
_TO_ESCAPE = re.compile("[\\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _block_lines(text: str, written_lines: str, folded: bool) -> str:
    """A block scalar's lines, indented as its first line was, each without white space at its
    edges (a line's leading space would change the indentation or, folded, the folding). A
    folded scalar's line break is an empty line in the source; a literal one's a line break."""
    indent = written_lines[:len(written_lines) - len(written_lines.lstrip(" "))]
    lines = [line.strip() for line in text.split("\n")]
    if folded:  # n line breaks in the value: n empty lines between two lines of text
        return re.sub(r"\n+", lambda breaks: "\n" * (len(breaks.group(0)) + 1),
                      "\n".join(indent + line if line else "" for line in lines))
    return "\n".join(indent + line if line else "" for line in lines)
