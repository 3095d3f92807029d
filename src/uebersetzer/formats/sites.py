"""The template syntax static site generators add to Markdown: Jekyll's Liquid (`{% tag %}`,
`{{ output }}`, `{% raw %}` blocks), Hugo's shortcodes (`{{< name >}}`, `{{% name %}}`),
kramdown's and Goldmark's attribute lists (`{: .lead}`, `{:target="_blank"}`, `{#anchor}`)
and inline HTML comments (`<!-- TODO -->`, an editor's note that is never published).

None of it is text. The Markdown format keeps it whole: a line holding only such syntax (a
shortcode or a Liquid tag on its own line, a block attribute list, a `{% raw %}` or a
`{{< highlight >}}` block with everything inside it) stays a line of its own, outside every
block (markdown.py has markdown-it-py read it as an empty line, so it also ends the paragraph
it stood in), and inside a sentence it is a protected span no engine sees. What a reader does
see of a shortcode, a figure's title, alt text and caption, is translated in entries of
their own (`parameter_blocks`).

Ours, as regular expressions: markdown-it-py has no Liquid or shortcode plug-in, and the
generators' own parsers are Ruby and Go.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from uebersetzer.document import Block, Kind
from uebersetzer.protect import Span

# Blocks whose content is code or a note, from their opening to their closing tag: Liquid's raw,
# comment and highlight blocks, Hugo's highlight shortcode and the code-like ones themes ship.
_LIQUID_BLOCK = r"\{%-?\s*(?P<liquid>raw|comment|highlight)\b.*?%\}.*?\{%-?\s*end(?P=liquid)\s*-?%\}"
_SHORTCODE_BLOCK = r"\{\{[<%]\s*(?P<code>highlight|code(?:-[\w-]+)?|[\w-]+-code|mermaid|math|katex|plantuml|diagram)\b.*?[>%]\}\}.*?\{\{[<%]\s*/(?P=code)\s*[>%]\}\}"
_TAGS = [
    r"<!--.*?-->",  # an HTML comment
    r"\{%.*?%\}",  # a Liquid tag
    r"\{\{<.*?>\}\}", r"\{\{%.*?%\}\}",  # a Hugo shortcode
    r"\{\{.*?\}\}",  # a Liquid output
    r"\{::?[^{}\n]*\}",  # a kramdown attribute list or extension: `{: .lead}`, `{:.note}`, `{::comment}`
    r"\{[#.][A-Za-z_][^{}\n]*\}",  # Goldmark's attributes: `{#anker}`, `{.lead #x}`
]
_OPAQUE = re.compile(f"{_LIQUID_BLOCK}|{_SHORTCODE_BLOCK}", re.DOTALL)
TEMPLATE = re.compile("|".join([_LIQUID_BLOCK, _SHORTCODE_BLOCK, *_TAGS]), re.DOTALL)
# On a line of template syntax, also Goldmark's attributes that start with a name, `{class="x"}`
# (inside a text, `\sum_{c=1}` is LaTeX).
_LINE_TEMPLATE = re.compile(f"{TEMPLATE.pattern}|\\{{[A-Za-z][\\w-]*=[^{{}}\n]*\\}}", re.DOTALL)
# What every match holds at its start; most paragraphs hold none.
_MAY_HOLD = re.compile(r"\{[%{:#.]|<!--")


def template_spans(text: str) -> list[Span]:
    """Each piece of template syntax in `text` as a span kept whole (an atom), and a hard line
    break's `\\` as a msgid shows it (followed by a space) as a line break again."""
    spans = [Span(match.start(), match.end(), match.group(0), "atom") for match in TEMPLATE.finditer(text)] \
        if _MAY_HOLD.search(text) else []
    return spans + [Span(match.start(), match.end(), "\\\n", "atom") for match in _HARD_BREAK.finditer(text)]


# A hard line break written `\` at a line's end: a msgid reads its line break as a space.
_HARD_BREAK = re.compile(r"(?<!\\)\\(?=[ \n]\S)")


def blank_templates(text: str) -> str:
    """`text` with its template syntax as spaces (same length), for the sentence splitter:
    `<!-- Quelle prüfen! -->` ends no sentence."""
    if not _MAY_HOLD.search(text):
        return text
    return TEMPLATE.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)


def without_templates(text: str) -> str:
    return TEMPLATE.sub(" ", text) if _MAY_HOLD.search(text) else text


def template_lines(text: str, start: int) -> set[int]:
    """The 0-based lines, from offset `start` on, that hold nothing but template syntax: a
    shortcode or Liquid tag alone on its line, a block attribute list, all lines of a raw or
    highlight block. HTML comments are left to markdown-it-py, which reads a line starting
    with one as an HTML block."""
    if not _MAY_HOLD.search(text, start):
        return set()
    lines: set[int] = set()
    for match in TEMPLATE.finditer(text, start):
        if match.group(0).startswith("<!--"):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text[line_start:match.start()].strip():
            continue
        end = _end_of_line_of_tags(text, match.end())
        if end is not None:
            lines.update(range(text.count("\n", 0, line_start), text.count("\n", 0, end) + 1))
    return lines


def _end_of_line_of_tags(text: str, position: int) -> int | None:
    """Where the line ends when only template syntax and white space follow `position` on it; else None."""
    while True:
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        rest = text[position:line_end]
        if not rest.strip():
            return line_end
        match = _LINE_TEMPLATE.match(text, position + len(rest) - len(rest.lstrip()))
        if match is None or match.group(0).startswith("<!--"):
            return None
        position = match.end()


def blanked(text: str, offsets: list[int], lines: set[int]) -> str:
    """`text` with `lines` (0-based) emptied: the line breaks stay, so the line numbers do."""
    if not lines:
        return text
    pieces, position = [], 0
    for line in sorted(lines):
        start, end = offsets[line], min(offsets[line + 1] - 1, len(text))
        pieces.append(text[position:start])
        position = end
    return "".join(pieces) + text[position:]


# The shortcodes whose named parameters a reader sees, by Hugo's documentation: a figure's
# title, alt text and caption, an embedded video's title. (A figure's `attr` is a credit, a
# name; a theme's own shortcodes are unknown.) A Jekyll include's `title`, `alt` and
# `caption` too, as themes name them (Minimal Mistakes' `{% include figure ... caption="" %}`).
TEXT_PARAMETERS = {"figure": ("title", "alt", "caption"), "youtube": ("title",), "vimeo": ("title",)}
_INCLUDE_TEXT_PARAMETERS = ("title", "alt", "caption")
_PARAMETER_KIND = {"title": Kind.TOOLTIP, "alt": Kind.ALT, "caption": Kind.CAPTION}
PARAMETER_KINDS = frozenset(_PARAMETER_KIND.values())
_TEXT_HOLDER = re.compile(r"\{\{[<%]\s*(?P<shortcode>[\w/-]+)(?P<parameters>.*?)[>%]\}\}"
                          r"|\{%-?\s*include\s+(?P<include>[\w./-]+)(?P<arguments>.*?)-?%\}", re.DOTALL)
# Hugo: "value" with `\"` inside; Liquid: "value" or 'value', no escapes
_HUGO_PARAMETER = re.compile(r"(?<=\s)(?P<key>[A-Za-z][\w-]*)\s*=\s*\"(?P<value>(?:[^\"\\]|\\.)*)\"", re.DOTALL)
_LIQUID_PARAMETER = re.compile(r"(?<=\s)(?P<key>[A-Za-z][\w-]*)\s*=\s*(?P<value>\"[^\"]*\"|'[^']*')")


class _Parameter(NamedTuple):
    name: str  # the shortcode's or the include's ("figure" of `figure.html`)
    key: str
    start: int  # the value's, in the text: inside a shortcode's quotes, around an include's
    end: int
    text: str  # what it says
    line: int  # 0-based, of the shortcode's start


def _text_parameters(text: str, offsets: list[int]) -> list[_Parameter]:
    """The text parameters (TEXT_PARAMETERS) of every shortcode and include in `text`."""
    found: list[_Parameter] = []
    opaque = [(match.start(), match.end()) for match in _OPAQUE.finditer(text)]  # a raw block's include is an example
    for holder in _TEXT_HOLDER.finditer(text) if "{{" in text or "include" in text else ():
        if any(start < holder.start() < end for start, end in opaque):
            continue
        line = bisect.bisect_right(offsets, holder.start()) - 1
        if holder.group("shortcode"):
            name, keys = holder.group("shortcode"), TEXT_PARAMETERS.get(holder.group("shortcode"), ())
            pattern, where = _HUGO_PARAMETER, "parameters"
        else:
            name, keys = holder.group("include").rsplit("/", 1)[-1].split(".")[0], _INCLUDE_TEXT_PARAMETERS
            pattern, where = _LIQUID_PARAMETER, "arguments"
        for parameter in pattern.finditer(text, holder.start(where), holder.end(where)) if keys else ():
            value = parameter.group("value")
            words = value.replace('\\"', '"') if pattern is _HUGO_PARAMETER else value[1:-1]
            if parameter.group("key") in keys and words.strip():
                found.append(_Parameter(name, parameter.group("key"), parameter.start("value"), parameter.end("value"),
                                        words, line))
    return found


def parameter_blocks(text: str, offsets: list[int], lines: set[int]) -> list[tuple[int, int, Block]]:
    """(start, end, block) of every text parameter of the shortcodes and includes that stand on
    `lines` of their own: the block's `place` names the shortcode, its number among those of
    its name and the parameter ("figure 2, caption")."""
    found: list[tuple[int, int, Block]] = []
    numbers: dict[tuple[str, int], int] = {}
    for parameter in _text_parameters(text, offsets) if lines else ():
        if parameter.line not in lines:
            continue
        number = numbers.setdefault((parameter.name, parameter.line), len({key for key in numbers
                                                                             if key[0] == parameter.name}) + 1)
        found.append((parameter.start, parameter.end, Block(
            kind=_PARAMETER_KIND[parameter.key], text=parameter.text, raw=text[parameter.start:parameter.end],
            line=text.count("\n", 0, parameter.start) + 1, place=f"{parameter.name} {number}, {parameter.key}")))
    return found


def untranslated_parameters(text: str, offsets: list[int], skipped: set[int]) -> list[int]:
    """The 1-based lines of shortcodes and includes with text parameters inside a paragraph,
    not on `skipped` lines (their own, or code): protected whole, their text kept as written."""
    return sorted({parameter.line + 1 for parameter in _text_parameters(text, offsets)
                   if parameter.line not in skipped})


def quoted_parameter(text: str, written: str) -> str:
    """A translation as a parameter's value, on one line: inside a shortcode's double quotes,
    its quotes escaped (`written` is the source's value without its quotes); or, an include's
    (`written` with its quotes), in the source's quotes where Liquid, which has no escapes, lets
    them hold it, else in the other ones, else with its double quotes made single."""
    line = " ".join(text.splitlines())
    if not written.startswith(("'", '"')):
        return line.replace('"', '\\"')
    for quote in dict.fromkeys((written[0], '"', "'")):
        if quote not in line:
            return quote + line + quote
    return '"' + line.replace('"', "'") + '"'
