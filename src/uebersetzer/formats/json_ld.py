"""Structured data in HTML (`<script type="application/ld+json">`): where an article's texts
lie in the script's source, so that html.py makes blocks of them and render splices the
translations in, every other byte of the script as written.

What search engines and link previews show of a schema.org article (NewsArticle, Article,
BlogPosting and their kin, alone, in a list, inside an `@graph` or another object such as a
WebPage's `mainEntity`) is translated: its `headline`, `alternativeHeadline`, `description`,
`abstract`, `articleBody`, and the `caption` of its image (written inside the article, or an
ImageObject elsewhere in the same script that the article names by `@id`, as Yoast's graphs
do). URLs, dates, names of authors and publishers, keywords and all else stay as written. The
article's `inLanguage`, and an image's whose caption is translated, when they have one, are
set to the target (render sets them once anything of the page is translated). A WebPage's
is not: its name and description are not translated.

The standard library's json parses; it reports no offsets, so `_located` walks the text once
more beside it, with json's own string and scalar scanners, and notes where each string's
content lies. (No kept library reports source offsets of JSON values.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json.decoder import scanstring
from json.scanner import make_scanner
from typing import Iterator, Union

# schema.org's Article and its subtypes: what a news page's article is typed as
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle", "BackgroundNewsArticle",
    "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "SatiricalArticle", "ScholarlyArticle",
    "TechArticle", "Report", "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting",
})
TEXT_FIELDS = ("headline", "alternativeHeadline", "description", "abstract", "articleBody")
_IMAGE_FIELDS = ("image", "associatedMedia")  # where an article's ImageObjects stand
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # JSON's white space
_SCALAR = make_scanner(json.JSONDecoder())
_SURROGATE = re.compile("[\ud800-\udfff]")  # a lone `\\udXXX` escape: text no file can hold as UTF-8


@dataclass(frozen=True)
class Located:
    """A JSON string: its decoded value and where its content (inside the quotes) lies."""

    value: str
    start: int
    end: int


Node = Union[dict, list, Located, int, float, bool, None]


@dataclass(frozen=True)
class Field:
    """A string of the script to translate (or, `language`, to set to the target language)."""

    name: str  # as the PO file's label shows it: "headline", "image caption"
    text: str  # decoded
    start: int  # offsets in the script's text, inside the quotes
    end: int
    language: bool = False  # an `inLanguage`: set, not translated


class Malformed(ValueError):
    """The script cannot be read: no JSON (the message says where, in json's words), or too deep."""


def fields(script: str) -> list[Field]:
    """The fields to translate and set in a JSON-LD script's text, by offset; [] when it holds
    no article. Malformed when it is no JSON or nested too deep for Python's stack."""
    try:
        json.loads(script)
        return _fields(script)
    except json.JSONDecodeError as error:
        raise Malformed(f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno} of the "
                        "script)") from None
    except RecursionError:  # json's and our walks go one level of Python's stack per level of nesting
        raise Malformed("it is nested too deep to read") from None


def _fields(script: str) -> list[Field]:
    tree, _ = _located(script, 0)
    by_id = _by_id(tree)
    found: dict[int, Field] = {}
    for article in _articles(tree):
        texts = [_translated(article, name, name) for name in TEXT_FIELDS]
        captions = [(image, _translated(image, "caption", "image caption")) for image in _images(article, by_id)]
        for field in [*texts, *(caption for _, caption in captions), _language(article)]:
            _add(found, field)  # the article is the page's text: once translated, in the target language
        for image, caption in captions:
            if caption:
                _add(found, _language(image))
    return sorted(found.values(), key=lambda field: field.start)


def _add(found: dict[int, Field], field: Field | None) -> None:
    if field is not None:
        found.setdefault(field.start, field)  # an image two articles share: once


def _translated(node: dict, key: str, name: str) -> Field | None:
    value = node.get(key)
    if not isinstance(value, Located) or not value.value.strip() or _SURROGATE.search(value.value):
        return None
    return Field(name, value.value, value.start, value.end)


def _language(node: dict) -> Field | None:
    value = node.get("inLanguage")
    if not isinstance(value, Located) or not value.value.strip():
        return None  # absent, or a Language object: left as written
    return Field("inLanguage", value.value, value.start, value.end, language=True)


def _types(node: dict) -> set[str]:
    """`@type` as schema.org names, "NewsArticle" from "schema:NewsArticle" or its full URL too."""
    declared = node.get("@type")
    names = declared if isinstance(declared, list) else [declared]
    return {re.split(r"[/:#]", name.value)[-1] for name in names if isinstance(name, Located)}


def _articles(node: Node) -> Iterator[dict]:
    """Every object typed as an article, however deep: in `@graph`, a list, a WebPage's `mainEntity`."""
    if isinstance(node, dict):
        if _types(node) & ARTICLE_TYPES:
            yield node
        for value in node.values():
            yield from _articles(value)
    elif isinstance(node, list):
        for value in node:
            yield from _articles(value)


def _by_id(node: Node, found: dict[str, dict] | None = None) -> dict[str, dict]:
    """Every object of the script that carries more than its `@id`, by that id."""
    found = {} if found is None else found
    if isinstance(node, dict):
        identifier = node.get("@id")
        if isinstance(identifier, Located) and len(node) > 1:
            found.setdefault(identifier.value, node)
        for value in node.values():
            _by_id(value, found)
    elif isinstance(node, list):
        for value in node:
            _by_id(value, found)
    return found


def _images(article: dict, by_id: dict[str, dict]) -> Iterator[dict]:
    """The article's image objects: written in it, or named by `@id` and written elsewhere."""
    for key in _IMAGE_FIELDS:
        value = article.get(key)
        for image in value if isinstance(value, list) else [value]:
            if isinstance(image, dict) and "caption" not in image and isinstance(image.get("@id"), Located):
                image = by_id.get(image["@id"].value, image)
            if isinstance(image, dict):
                yield image


def _located(text: str, at: int) -> tuple[Node, int]:
    """The JSON value at `at` with each string as a Located, and the offset after it. Run only
    on text json.loads accepted, so every character is where JSON's grammar puts it."""
    at = _WHITESPACE.match(text, at).end()
    opening = text[at]
    if opening == '"':
        value, end = scanstring(text, at + 1)
        return Located(value, at + 1, end - 1), end
    if opening not in "{[":
        return _SCALAR(text, at)
    closing = "}" if opening == "{" else "]"
    items: dict[str, Node] | list[Node] = {} if opening == "{" else []
    at = _WHITESPACE.match(text, at + 1).end()
    while text[at] != closing:
        if isinstance(items, dict):
            key, at = scanstring(text, at + 1)
            at = _WHITESPACE.match(text, at).end() + 1  # past the colon
            items[key], at = _located(text, at)  # a key given twice: the last, as json.loads takes
        else:
            value, at = _located(text, at)
            items.append(value)
        at = _WHITESPACE.match(text, at).end()
        if text[at] == ",":
            at = _WHITESPACE.match(text, at + 1).end()
    return items, at + 1


_SOLIDUS_ESCAPED = re.compile(r"\\/")
_NON_ASCII_ESCAPED = re.compile(r"\\u(?:00[89a-fA-F][0-9a-fA-F]|0[1-9a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{3})")


def json_string(text: str, written: str) -> str:
    """`text` as the content of a JSON string inside a script element, in the style of the
    source's `written` content: non-ASCII as `\\u` escapes when the source wrote it so (PHP's
    json_encode does) and `/` as `\\/` likewise. Every `<` is written `\\u003c`: a script
    element ends at `</script` whatever quotes it is in, and `<!--` changes how it is read."""
    ascii_only = bool(_NON_ASCII_ESCAPED.search(written)) and written.isascii()
    encoded = json.dumps(text, ensure_ascii=ascii_only)[1:-1].replace("<", "\\u003c")
    return encoded.replace("/", "\\/") if _SOLIDUS_ESCAPED.search(written) else encoded
