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

# Found by a scan of our own, not by one regular expression: `{% raw %}` without its `{% endraw %}`
# or a `<!--` never closed made such a search try every later position again for each of them
# (1,000 unclosed `{% raw %}` in a paragraph took 31 s). Here each closing is searched for once
# per kind: once one is missing, no later opening of that kind can be closed either.

# Blocks whose content is code or a note, from their opening to their closing tag: Liquid's raw,
# comment and highlight blocks, Hugo's highlight shortcode and the code-like ones themes ship,
# kramdown's comments.
_LIQUID_BLOCK = re.compile(r"\{%-?\s*(?P<name>raw|comment|highlight)\b[^%]{0,500}?%\}")
_SHORTCODE_BLOCK = re.compile(r"\{\{[<%]\s*(?P<name>highlight|code(?:-[\w-]+)?|[\w-]+-code|mermaid|math|katex|plantuml"
                              r"|diagram)\b[^<>%]{0,500}?[>%]\}\}")
_KRAMDOWN_BLOCK = re.compile(r"\{::(?P<name>comment)\}")  # kramdown's comment extension: a note, never published
_BLOCK_END = {_LIQUID_BLOCK: r"\{{%-?\s*end{}\s*-?%\}}", _SHORTCODE_BLOCK: r"\{{\{{[<%]\s*/{}\s*[>%]\}}\}}",
              _KRAMDOWN_BLOCK: r"\{{:/(?:{})?\}}"}
# Tags from their opening to the first closing after it, in this order where one opening is another's start.
_PAIRS = (("<!--", "-->"),  # an HTML comment
          ("{%", "%}"),  # a Liquid tag
          ("{{<", ">}}"), ("{{%", "%}}"),  # a Hugo shortcode
          ("{{", "}}"))  # a Liquid output
_ATTRIBUTES = re.compile(r"\{::?[^{}\n]*\}"  # a kramdown attribute list or extension: `{: .lead}`, `{::comment}`
                         r"|\{[#.][A-Za-z_][^{}\n]*\}")  # Goldmark's attributes: `{#anker}`, `{.lead #x}`
# On a line of template syntax, also Goldmark's attributes that start with a name, `{class="x"}`
# (inside a text, `\sum_{c=1}` is LaTeX).
_LINE_ATTRIBUTES = re.compile(r"\{[A-Za-z][\w-]*=[^{}\n]*\}")
_OPENING = re.compile(r"<!--|\{")
# What every piece holds at its start; most paragraphs hold none.
_MAY_HOLD = re.compile(r"\{[%{:#.]|<!--")


class Template(NamedTuple):
    start: int
    end: int
    opaque: bool = False  # a raw, comment or code block, with everything inside it


def templates(text: str, start: int = 0, on_a_line: bool = False) -> list[Template]:
    """The template syntax in `text` from `start` on, in order, none inside another; with
    `on_a_line`, attributes that only a line of their own makes (`{class="x"}`) too."""
    if not (_MAY_HOLD.search(text, start) or on_a_line and "=" in text):
        return []
    found: list[Template] = []
    missing: set[str] = set()  # closings not in the rest of the text
    position = start
    for opening in _OPENING.finditer(text, start):
        if opening.start() < position:
            continue
        template = _template_at(text, opening.start(), missing, on_a_line)
        if template is not None:
            found.append(template)
            position = template.end
    return found


def _template_at(text: str, at: int, missing: set[str], on_a_line: bool) -> Template | None:
    for block in _BLOCK_END:
        opening = block.match(text, at)
        closing_pattern = _BLOCK_END[block].format(re.escape(opening.group("name"))) if opening else ""
        if opening and closing_pattern not in missing:
            closing = re.compile(closing_pattern).search(text, opening.end())
            if closing:
                return Template(at, closing.end(), opaque=True)
            missing.add(closing_pattern)
    for opening, closing in _PAIRS:
        if text.startswith(opening, at) and closing not in missing:
            end = text.find(closing, at + len(opening))
            if end >= 0:
                return Template(at, end + len(closing))
            missing.add(closing)
    attributes = _ATTRIBUTES.match(text, at) or (_LINE_ATTRIBUTES.match(text, at) if on_a_line else None)
    return Template(at, attributes.end()) if attributes else None


def template_spans(text: str) -> list[Span]:
    """Each piece of template syntax in `text` as a span kept whole (an atom), and a hard line
    break's `\\` (in a msgid followed by a space, as its line break is read): the msgstr keeps
    it so, on the msgid's one line, and the format writes the line break (markdown.escape)."""
    spans = [Span(found.start, found.end, text[found.start:found.end], "atom") for found in templates(text)]
    return spans + [Span(match.start(), match.end(), "\\", "atom") for match in _HARD_BREAK.finditer(text)]


# A hard line break written `\` at a line's end: a msgid reads its line break as a space.
_HARD_BREAK = re.compile(r"(?<!\\)\\(?=[ \n]\S)")


def blank_templates(text: str) -> str:
    """`text` with its template syntax as spaces (same length), for the sentence splitter:
    `<!-- Quelle prüfen! -->` ends no sentence."""
    return _replaced(text, lambda piece: re.sub(r"[^\n]", " ", piece))


def without_templates(text: str) -> str:
    return _replaced(text, lambda piece: " ")


def _replaced(text: str, replacement) -> str:
    pieces, position = [], 0
    for found in templates(text):
        pieces += [text[position:found.start], replacement(text[found.start:found.end])]
        position = found.end
    return "".join(pieces) + text[position:] if pieces else text


def template_lines(text: str, offsets: list[int], start: int) -> set[int]:
    """The 0-based lines, from offset `start` on, that hold nothing but template syntax: a
    shortcode or Liquid tag alone on its line, a block attribute list, all lines of a raw or
    highlight block. HTML comments are left to markdown-it-py, which reads a line starting
    with one as an HTML block. (`offsets`: where each line starts.)"""
    found = [template for template in templates(text, start, on_a_line=True)
             if not text.startswith("<!--", template.start)]
    lines: set[int] = set()
    at = 0
    while at < len(found):
        first = bisect.bisect_right(offsets, found[at].start) - 1
        last = at
        while not text[offsets[first]:found[at].start].strip():  # it starts its line: what follows it there?
            line_end = text.find("\n", found[last].end)
            line_end = len(text) if line_end < 0 else line_end
            if not text[found[last].end:line_end].strip():  # nothing: its lines are template lines
                lines.update(range(first, bisect.bisect_right(offsets, found[last].end) - 1 + 1))
                break
            following = found[last + 1] if last + 1 < len(found) else None
            if following is None or following.start >= line_end or text[found[last].end:following.start].strip():
                break
            last += 1  # another piece of template syntax on the same line
        at = last + 1
    return lines


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
    for template in templates(text) if "{{" in text or "include" in text else ():
        holder = _TEXT_HOLDER.fullmatch(text, template.start, template.end)
        if holder is None:  # a raw block's include is an example; comments and attributes hold none
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
