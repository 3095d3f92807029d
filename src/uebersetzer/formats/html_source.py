"""html5lib's WHATWG parser, with each element's place in the source text.

HTML is translated by splicing: every character outside translated text stays as written,
so the parsed tree is never serialized. For that each element needs its offsets in the
source, which neither html5lib nor lxml reports (lxml gives a line number only; see
bench/bench_html_parsers.py for the measurement that chose html5lib). html5lib's tokenizer
is plain Python, so three small hooks give them: the whole text is one input chunk (the
stream's offset is then the offset in the text), every token is stamped with the range it
was read from, and the tree builder stamps each element with the range of its start tag
when it is created and with the offset of the token that closed it when it leaves the stack
of open elements (its own end tag, or whatever implied the end: `<p>a<p>b`, EOF). One end is
implied by what html5lib does not pop: `</body>` and `</html>` only switch its insertion mode,
and the elements still open stay open to the end of the text, so an element whose end was
implied ends at the first of them at the latest (`<p>last</body></html>`), and those tags
stay outside it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from html5lib import HTMLParser
from html5lib._inputstream import HTMLUnicodeInputStream
from html5lib._tokenizer import HTMLTokenizer
from html5lib.constants import tokenTypes
from html5lib.treebuilders import getTreeBuilder

_START, _END, _ERROR = tokenTypes["StartTag"], tokenTypes["EndTag"], tokenTypes["ParseError"]


@dataclass(eq=False)
class Element:
    name: str
    attributes: dict[str, str]
    start: int  # where the start tag begins (an implied element: where it was implied)
    content_start: int  # just after the start tag
    content_end: int = -1  # where the token that closed it begins
    end: int = -1  # just after its end tag, or content_end when the end was implied
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    explicit: bool = True  # False for elements the parser implied (html, body, tbody...)


@dataclass
class Parsed:
    root: Element  # a synthetic element spanning the whole text
    errors: list[tuple[int, str, dict]]  # (1-based line, html5lib's error code, the code's data: tag names)


class _Stream(HTMLUnicodeInputStream):
    """One chunk for the whole text: `chunkOffset` is then the offset in the text."""

    def __init__(self, source: str) -> None:
        self._defaultChunkSize = len(source) + 1
        super().__init__(source)
        self.line_starts = _line_starts(source)

    def offset(self, length: int) -> int:
        return self.chunkOffset if self.chunkSize else length

    def position(self) -> tuple[int, int]:
        """(1-based line, column) of the parser's place, as html5lib's own, by bisection: it
        counts the newlines before the place for every parse error, and a broken file of
        thousands of errors took seconds per thousand."""
        line = bisect.bisect_right(self.line_starts, self.chunkOffset)
        return line, self.chunkOffset - self.line_starts[line - 1]


class _Tokenizer(HTMLTokenizer):
    def __init__(self, source: str, parser: HTMLParser) -> None:
        super().__init__(source, parser=parser)
        self.stream = _Stream(source)
        self.length = len(source)
        self.token: dict | None = None
        self.token_start = self.token_end = 0
        self.body_end: int | None = None  # where the first </body> or </html> begins

    def attributeNameState(self) -> bool:  # noqa: N802 (html5lib's name)
        if len(self.currentToken["data"]) > MAX_ATTRIBUTES:
            raise TooManyAttributes
        return super().attributeNameState()

    def __iter__(self):
        previous = 0
        for token in super().__iter__():
            if token["type"] != _ERROR:
                end = self.stream.offset(self.length)
                self.token, self.token_start, self.token_end = token, previous, end
                if self.body_end is None and token["type"] == _END and token["name"] in ("body", "html"):
                    self.body_end = previous
                previous = end
            yield token
        self.token, self.token_start, self.token_end = None, self.length, self.length


MAX_DEPTH = 512  # elements open at once: CMS exports nest under ~100, the walk's stack holds ~900
MAX_ATTRIBUTES = 1024  # attributes of one tag: real tags have a handful


class TooManyAttributes(Exception):
    """A tag with more than MAX_ATTRIBUTES attributes. html5lib compares each new attribute's
    name with all before it, time quadratic in their number: `<a x <a x ...` made one tag of
    40,000 attributes and took over ten seconds. It stops here."""


class TooDeep(Exception):
    """More than MAX_DEPTH elements open at once. html5lib looks through its stack of open
    elements at nearly every tag, so nesting costs it time quadratic in the depth (50,000
    nested elements: about three minutes); it stops here, after MAX_DEPTH of them."""


class _OpenElements(list):
    """html5lib's stack of open elements; an element leaving it is closed at the current token,
    and one more than MAX_DEPTH is refused (TooDeep) as it arrives."""

    def __init__(self, close) -> None:
        super().__init__()
        self._close = close

    def append(self, node) -> None:
        self._check_depth()
        super().append(node)

    def insert(self, index, node) -> None:
        self._check_depth()
        super().insert(index, node)

    def _check_depth(self) -> None:
        if len(self) >= MAX_DEPTH:
            raise TooDeep

    def pop(self, index: int = -1):
        node = super().pop(index)
        self._close(node)
        return node

    def remove(self, node) -> None:
        super().remove(node)
        self._close(node)


_EtreeBuilder = getTreeBuilder("etree")


class _Node(_EtreeBuilder.elementClass):  # type: ignore[misc, name-defined]
    def insertText(self, data: str, insertBefore=None) -> None:
        # Text is read from the source, so the tree needs only to know whether there is some.
        # html5lib concatenates every token's text, quadratic on a 5 MB inline script.
        if not self.hasContent():
            super().insertText(data[:1], insertBefore)


class _Builder(_EtreeBuilder):  # type: ignore[misc, valid-type]
    tokenizer: _Tokenizer
    elementClass = _Node

    def reset(self) -> None:
        super().reset()
        self.openElements = _OpenElements(self._closed)

    def createElement(self, token):
        return self._stamp(super().createElement(token), token)

    def insertElementNormal(self, token):
        return self._stamp(super().insertElementNormal(token), token)

    def _stamp(self, node, token):
        if not hasattr(node, "source"):
            tokenizer = self.tokenizer
            current = tokenizer.token
            own = current is not None and current["type"] == _START and current["name"] == token["name"]
            start = tokenizer.token_start
            node.source = Element(token["name"], dict(token["data"]), start,
                                  tokenizer.token_end if own else start, explicit=own)
        return node

    def _closed(self, node) -> None:
        element = getattr(node, "source", None)
        if element is None or element.content_end >= 0:
            return
        tokenizer = self.tokenizer
        current = tokenizer.token
        own_end = current is not None and current["type"] == _END and current["name"] == element.name
        # a void element (<br>, <meta>) leaves the stack while its own start tag is the current token
        element.content_end = max(tokenizer.token_start, element.content_start)
        if not own_end:
            element.content_end = _before_body_end(element, tokenizer.body_end)
        element.end = tokenizer.token_end if own_end else element.content_end


class _Parser(HTMLParser):
    def _parse(self, stream, innerHTML=False, container="div", scripting=False, **kwargs):
        # html5lib's own _parse, with our tokenizer; the rest of the parser is unchanged
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = _Tokenizer(stream, self)
        self.tree.tokenizer = self.tokenizer
        self.reset()
        self.mainLoop()


def parse_html(text: str) -> Parsed:
    parser = _Parser(tree=_Builder, namespaceHTMLElements=False)
    document = parser.parse(text)
    root = Element("#document", {}, 0, 0, len(text), len(text), explicit=False)
    _link(parser.tree.document, root, len(text), parser.tokenizer.body_end)
    line_starts = _line_starts(text)
    errors = [(_line(line_starts, position), code, data or {}) for position, code, data in parser.errors]
    del document
    return Parsed(root, errors)


def _link(node, parent: Element, length: int, body_end: int | None) -> None:
    """Our elements, as children of their parents in the final tree (after html5lib's repairs)."""
    for child in node.childNodes:
        element = getattr(child, "source", None)
        if element is None:  # a clone made by the adoption agency algorithm: no place of its own,
            # but what html5lib moved into it has (`<b>x<div><h3>T</h3></b>`: the <h3> is in a
            # clone of the <b> inside the <div>); it belongs to the element around the clone
            if hasattr(child, "childNodes"):
                _link(child, parent, length, body_end)
            continue
        if element.content_end < 0:  # still open at the end of the text
            element.content_end = length
            element.content_end = element.end = _before_body_end(element, body_end)
        element.parent = parent
        parent.children.append(element)
        _link(child, element, length, body_end)
        last = max((grandchild.end for grandchild in element.children), default=-1)
        if last > element.content_end == element.end:  # an implied end, and content moved in from after </body>
            element.content_end = element.end = last


def _before_body_end(element: Element, body_end: int | None) -> int:
    """An implied end no later than the first `</body>` or `</html>` after the element's start
    (see the module's docstring); content html5lib moved into it from after those tags keeps it
    open to its real end."""
    if body_end is None or not element.content_start <= body_end < element.content_end:
        return element.content_end
    return body_end


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _line(line_starts: list[int], position) -> int:
    line = position[0] if isinstance(position, tuple) else 1
    return max(1, min(line, len(line_starts)))
