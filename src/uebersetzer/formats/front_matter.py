"""Markdown's front matter, YAML (Hugo, Jekyll, Netlify CMS) or Hugo's TOML and JSON (at the end
of this module): where its reader-facing texts lie,
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

import json
import re
from dataclasses import dataclass
from json.decoder import scanstring

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: tomli is the same parser (3.11 took it into the standard library as tomllib)
    import tomli as tomllib  # type: ignore[no-redef]

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


# Hugo's other two front matters: TOML between `+++` lines, JSON as an object at the very top
# (gohugo.io/content-management/front-matter). Read with the standard library's tomllib and
# json, which say whether the text is TOML or JSON at all; where each value lies is found by
# a scan of the top-level `key = value` lines that tomllib then confirms value by value.

_TOML_FENCE = re.compile(r"\A\+\+\+[ \t]*\n(?P<content>(?:.*?\n)??)\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)
_JSON_START = re.compile(r"\A\{\s*[\"}]")  # not `{% raw %}`, `{{< x >}}` or `{: .lead}`, which start no object


@dataclass(frozen=True)
class Delimited:
    """TOML or JSON front matter: its language, where its content lies in the article's text
    (offsets), and where the front matter ends (after its closing line)."""

    language: str  # "toml" or "json"
    start: int
    stop: int
    end: int


def delimited(text: str) -> Delimited | None:
    """The TOML (`+++`) or JSON (`{`) front matter the article starts with, or None."""
    toml = _TOML_FENCE.match(text)
    if toml:
        return Delimited("toml", toml.start("content"), toml.end("content"), toml.end())
    if _JSON_START.match(text):
        end = _json_end(text)
        return Delimited("json", 0, end, end + 1 if text.startswith("\n", end) else end)
    return None


def _json_end(text: str) -> int:
    """Where the object at the top ends: after its `}` when it is JSON, else at the end of the
    first line that is only a `}` (Hugo's rule), or of the text (fields() then says why)."""
    try:
        _, end = json.JSONDecoder().raw_decode(text)
        return end
    except (ValueError, RecursionError):  # json reads one level of Python's stack per level of nesting
        closing = re.search(r"^\}[ \t]*$", text, re.MULTILINE)
        return closing.end() if closing else len(text)


def delimited_fields(text: str, front: Delimited) -> list[Field]:
    """The values to translate in `front`, by offsets in `text`; Malformed when it is no TOML or JSON."""
    content = text[front.start:front.stop]
    found = _toml_fields(content) if front.language == "toml" else _json_fields(content)
    return [Field(field.key, field.text, field.start + front.start, field.end + front.start) for field in found]


_TOML_KEY_LINE = re.compile(r"^[ \t]*(?P<key>[A-Za-z0-9_-]+|\"[^\"\\\n]*\"|'[^'\n]*')[ \t]*=[ \t]*", re.MULTILINE)
_TOML_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _toml_fields(content: str) -> list[Field]:
    try:
        values = tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        raise Malformed(f"it is not valid TOML ({error})") from None
    except RecursionError:  # tomllib reads one level of Python's stack per level of nesting
        raise Malformed("it is nested too deep to read") from None
    found = []
    position = 0
    while True:
        line = _TOML_KEY_LINE.search(content, position)
        table = _TOML_TABLE.search(content, position)
        if line is None or table is not None and table.start() < line.start():
            return found  # the rest belongs to tables: `[params] title` is no page title
        key, start = line.group("key").strip("\"'"), line.end()
        end = _toml_string_end(content, start)
        value = values.get(key)
        if end > start and key.lower() in TRANSLATED_KEYS and isinstance(value, str) and value.strip() \
                and _toml_reads(content[start:end]) == value:
            found.append(Field(key, value, start, end))
        position = max(end, content.find("\n", start) + 1 or len(content))


def _toml_string_end(content: str, start: int) -> int:
    """Where the TOML string starting at `start` ends (after its closing quotes); `start` when
    no string starts there (a number, a date, an array)."""
    for quotes in ('"""', "'''"):
        if content.startswith(quotes, start):
            closing = re.compile(r'(?<!\\)(?:\\\\)*"""' if quotes == '"""' else "'''")
            match = closing.search(content, start + 3)
            if match is None:
                return start
            end = match.end()
            while content.startswith(quotes[0], end) and end - match.end() < 2:  # `""""`: a quote, then the end
                end += 1
            return end
    if content.startswith("'", start):
        closing = content.find("'", start + 1)
        return closing + 1 if closing > 0 else start
    if content.startswith('"', start):
        match = re.compile(r'(?:[^"\\\n]|\\.)*"').match(content, start + 1)
        return match.end() if match else start
    return start


def _toml_reads(written: str) -> object:
    """What the TOML value `written` reads as; None when it reads as nothing."""
    try:
        return tomllib.loads(f"v = {written}\n").get("v")
    except tomllib.TOMLDecodeError:
        return None


def _json_fields(content: str) -> list[Field]:
    try:
        values = json.loads(content)
    except json.JSONDecodeError as error:
        raise Malformed(f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise Malformed("it is nested too deep to read") from None
    if not isinstance(values, dict):
        return []
    found: dict[str, Field] = {}
    spaces = re.compile(r"[ \t\n\r]*")
    decoder = json.JSONDecoder()
    at = spaces.match(content, content.index("{") + 1).end()
    while content[at] == '"':
        key, at = scanstring(content, at + 1)
        at = spaces.match(content, spaces.match(content, at).end() + 1).end()  # past the colon
        if content[at] == '"':
            value, end = scanstring(content, at + 1)
            if key.lower() in TRANSLATED_KEYS and value.strip():
                found[key] = Field(key, value, at + 1, end - 1)  # a key given twice: the last, as json takes
        else:
            end = decoder.raw_decode(content, at)[1]
        at = spaces.match(content, end).end()
        at = spaces.match(content, at + 1).end() if content[at] == "," else at
    return sorted(found.values(), key=lambda field: field.start)


def toml_value(text: str, written: str) -> str:
    """`text` as a TOML string where `written` stood: in `written`'s quotes where they can hold
    it (a literal string has no escapes), else as a basic string, which holds any text."""
    if written.startswith("'''") and "'''" not in text and not text.endswith("'") and not _TOML_CONTROL.search(text):
        return f"'''{text}'''"
    if written.startswith("'") and not written.startswith("'''") and not re.search(r"['\n]", text) \
            and not _TOML_CONTROL.search(text):
        return f"'{text}'"
    quotes = '"""' if written.startswith('"""') else '"'
    return quotes + _TOML_ESCAPE.sub(_toml_escaped, text) + quotes


_TOML_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")  # what no TOML string may hold as it is (tab aside)
_TOML_ESCAPE = re.compile("[\\\\\"\x00-\x08\x0a-\x1f\x7f]")


def _toml_escaped(match: re.Match[str]) -> str:
    character = match.group(0)
    named = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\b": "\\b", "\f": "\\f"}
    return named.get(character) or f"\\u{ord(character):04X}"


def json_value(text: str) -> str:
    """`text` as the content of a JSON string."""
    return json.dumps(text, ensure_ascii=False)[1:-1]
