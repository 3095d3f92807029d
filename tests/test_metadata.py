"""An article's metadata, what search engines and link previews show: the JSON-LD structured
data of an HTML page and the YAML front matter of a Markdown file. Its texts are translated in
PO entries of their own; the result is read back with parsers we did not write (json and the
standard library's html.parser, html5lib, PyYAML) whatever the texts hold."""

from __future__ import annotations

import html.parser
import json
import re
from dataclasses import replace
from pathlib import Path

import html5lib
import polib
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import msgcat_unchanged, msgfmt_check
from uebersetzer.document import Kind
from uebersetzer.formats.base import with_edge_space
from uebersetzer.parse import parse
from uebersetzer.read import SourceText
from uebersetzer.render import render
from uebersetzer.segment import segment_article

IN_DOMAIN = "Der Präsident trifft den Minister in Berlin."
IN_DOMAIN_EN = "The president meets the minister in Berlin."

# Pieces that break a JSON string, a script element or a YAML scalar when written as they are.
_NASTY = st.sampled_from(['"', "\\", ": ", " #", "#", "'", "''", "</script>", "</SCRIPT >", "<!--", "-->",
                          "<script>", "\\u00e4", "\\/", "/", "ü", "😀", "\u2028", "\x85", "\t", "\n", "\x07", "&amp;",
                          "{", "}", "[", "]", "- ", "? ", "---", "...", "yes", "null", "1.5", "%", "@", "`", "|",
                          ">", "*", "&", "!", "...", "<b>", " ", "  "])
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüßABCDEFGH", min_size=1, max_size=8)
_VALUE = st.lists(st.one_of(_WORD, _WORD, _NASTY, st.text(min_size=1, max_size=3)), min_size=1, max_size=8).map(
    "".join).filter(str.strip)
_TRANSLATION = st.lists(st.one_of(_WORD, _NASTY, st.text(min_size=1, max_size=3)), min_size=1, max_size=6).map("".join)

_TEXT_FIELDS = ("headline", "alternativeHeadline", "description", "abstract", "articleBody")


def german(text: str, name: str):
    """The article parsed and split into sentences, as German."""
    return segment_article(replace(parse(SourceText(Path(name), name, text, "\n", "utf-8")), language="de"))


class _Scripts(html.parser.HTMLParser):
    """The text of every `<script type="application/ld+json">`, and the paragraphs' text, as the
    standard library's HTML parser reads them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.paragraphs: list[str] = []
        self._in: str | None = None
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._in, _ = "script", self.scripts.append("")
        elif tag == "p":
            self._in, _ = "p", self.paragraphs.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "p":
            self.paragraphs[-1] += data


def _script_source(data: object, ascii_only: bool, solidus: bool) -> str:
    """JSON-LD as CMSs write it into a page: json_encode's `\\u` escapes and `\\/` or not, and
    `</` and `<!--` escaped as a script element needs."""
    text = json.dumps(data, ensure_ascii=ascii_only, indent=1)
    text = text.replace("/", "\\/") if solidus else text.replace("</", "<\\/")
    return text.replace("<!--", "\\u003c!--")


@st.composite
def json_ld_pages(draw) -> tuple[str, dict]:
    article = {"@context": "https://schema.org", "@type": draw(st.sampled_from(
        ["NewsArticle", "ReportageNewsArticle", "BlogPosting", ["Article", "NewsArticle"], "schema:Article"]))}
    for name in draw(st.lists(st.sampled_from(_TEXT_FIELDS), min_size=1, max_size=5, unique=True)):
        article[name] = draw(_VALUE)
    article.update({"datePublished": "2024-05-01T08:00:00+02:00", "url": "https://x.example/a?b=1&c=</p>",
                    "author": {"@type": "Person", "name": draw(_VALUE)}, "wordCount": 412,
                    "inLanguage": draw(st.sampled_from(["de", "de-DE"])),
                    "image": {"@type": "ImageObject", "url": "https://x.example/a.jpg", "caption": draw(_VALUE)},
                    "keywords": [draw(_VALUE)]})
    data = draw(st.sampled_from(["plain", "graph", "list"]))
    if data == "graph":
        data = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": draw(_VALUE)}, article]}
    elif data == "list":
        data = [{"@type": "Organization", "name": draw(_VALUE)}, article]
    else:
        data = article
    script = _script_source(data, draw(st.booleans()), draw(st.booleans()))
    page = (f'<!DOCTYPE html>\n<html lang="de"><head><title>Gipfel</title>\n<script type="application/ld+json">'
            f"{script}</script>\n</head><body><p>Der Präsident kam.</p></body></html>\n")
    return page, data


def _rendered_with_nasty_texts(source: str, name: str, kind: str, plain: str, data):
    """(article, translations, output): `source` renders back as itself untranslated; then its
    blocks of `kind` get texts drawn from _TRANSLATION, every other block `plain`."""
    article = german(source, name)
    assert render(article, [None] * sum(len(b.segments) for b in article.blocks), "en") == source
    translations = [data.draw(_TRANSLATION) if block.kind == kind else plain
                    for block in article.blocks for _ in block.segments]
    return article, translations, render(article, translations, "en")


def _written(block, translations: list[str]) -> str:
    """What render writes for a block of a field's value: its own text when no sentence of it
    was translated or each translation is its msgid (a caption "A\xad" translated "A" keeps
    its soft hyphen: the msgid is the comparable form), else the sentences joined, each the
    translation or the sentence's source, with the value's edge space."""
    changed = [t if t and t != segment.msgid else None for t, segment in zip(translations, block.segments)]
    if not any(changed):
        return block.text
    return with_edge_space(" ".join(t or segment.source for t, segment in zip(changed, block.segments)), block.text)


def _article_of(data: object) -> dict:
    if isinstance(data, list):
        return data[-1]
    return data["@graph"][-1] if "@graph" in data else data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=json_ld_pages(), data=st.data())
def test_json_ld_texts_are_translated_and_the_script_stays_valid_json_whatever_they_hold(page, data):
    source, original = page
    # nasty texts for the script's fields; the page's title and paragraph get markup-free ones
    article, translations, output = _rendered_with_nasty_texts(source, "a.html", Kind.STRUCTURED,
                                                               "The president came.", data)
    parsed = _Scripts(output)
    assert parsed.paragraphs == [translations[-1]]  # the page's own text: nothing escaped the script
    assert len(html5lib.parse(output, namespaceHTMLElements=False).findall(".//script")) == 1
    (script,) = parsed.scripts
    result = json.loads(script)
    translated, expected = _article_of(result), dict(_article_of(original))
    by_field = {block.field: block for block in article.blocks if block.kind == Kind.STRUCTURED}
    at = 0
    for block in article.blocks:
        if block.kind == Kind.STRUCTURED and len(block.segments) == 1:
            name = "caption" if block.field == "image caption" else block.field
            expected_value = _written(block, translations[at:at + 1])
            if name == "caption":
                expected["image"] = {**expected["image"], "caption": expected_value}
            else:
                expected[name] = expected_value
        at += len(block.segments)
    for name in by_field:  # texts of several sentences: each translation somewhere in them
        if len(by_field[name].segments) > 1:
            expected.pop(name if name != "image caption" else "image"), translated.pop(
                name if name != "image caption" else "image")
    expected["inLanguage"] = "en"
    assert translated == expected
    assert {name for name in by_field} == {name for name in _TEXT_FIELDS if name in _article_of(original)} | {
        "image caption"}
    if isinstance(original, list) or "@graph" in original:  # the other objects as they were
        assert (result[0] if isinstance(result, list) else result["@graph"][0]) == (
            original[0] if isinstance(original, list) else original["@graph"][0])


def pseudo_translate(run, path: Path, *extra: str):
    return run("translate", path, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", path.parent / "o",
               *extra)


YOAST = r"""<!DOCTYPE html>
<html lang="de-DE">
<head>
<title>Gipfel in Berlin | Zeitung</title>
<meta name="description" content="Der Präsident trifft den Minister.">
<script type="application/ld+json" class="yoast-schema-graph">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","@id":"https://x.example/gipfel/","url":"https://x.example/gipfel/","name":"Gipfel in Berlin | Zeitung","inLanguage":"de-DE"},{"@type":"NewsArticle","@id":"https://x.example/gipfel/#article","headline":"Gipfel in Berlin: \"Wir reden\" \u2013 sagt er","description":"Der Präsident trifft den Minister.","articleBody":"Der Präsident kam um 9 Uhr. Der Minister wartete.","author":{"@type":"Person","name":"Jörg Müller"},"datePublished":"2024-05-01T08:00:00+02:00","image":{"@id":"https://x.example/gipfel/#primaryimage"},"keywords":["Politik","Gipfel"],"inLanguage":"de-DE","publisher":{"@type":"Organization","name":"Zeitung","logo":"https:\/\/x.example\/logo.png"}},{"@type":"ImageObject","@id":"https://x.example/gipfel/#primaryimage","url":"https:\/\/x.example\/a.jpg","caption":"Der Minister in Berlin","inLanguage":"de-DE"}]}</script>
</head>
<body><p>Der Präsident kam.</p></body>
</html>
"""


def test_a_yoast_graph_has_its_article_texts_translated_and_every_other_byte_kept(run, tmp_path):
    page = tmp_path / "gipfel.html"
    page.write_text(YOAST, encoding="utf-8")
    result = pseudo_translate(run, page)
    assert result.code == 0 and "warning" not in result.err, result.err
    output = (tmp_path / "o" / "en" / "gipfel.html").read_text(encoding="utf-8")
    (script,) = html5lib.parse(output, namespaceHTMLElements=False).findall(".//script")
    web_page, news, image = json.loads(script.text)["@graph"]
    before = json.loads(re.search(r"<script[^>]*>(.*)</script>", YOAST, re.DOTALL).group(1))["@graph"]
    assert web_page == before[0]  # the WebPage's texts are not the article's; its inLanguage stays
    for name in ("headline", "description", "articleBody"):
        assert news.pop(name).startswith("[") and before[1].pop(name)
    assert news.pop("inLanguage") == "en" and before[1].pop("inLanguage") == "de-DE"
    assert news == before[1]
    assert image["caption"] == "[Đééŕ Ṁííñííšŧééŕ ííñ Ɓééŕļííñ]" and image["inLanguage"] == "en"
    # untouched values byte for byte, escapes included
    for written in ('"logo":"https:\\/\\/x.example\\/logo.png"', '"name":"Jörg Müller"', '"keywords":["Politik"',
                    '"name":"Gipfel in Berlin | Zeitung","inLanguage":"de-DE"}'):
        assert written in output
    entries = {entry.msgid: entry for entry in polib.pofile(str(tmp_path / "o" / "en" / "gipfel.po"))}
    assert entries['Gipfel in Berlin: "Wir reden" – sagt er'].comment == "structured data: headline"
    assert entries["Der Minister in Berlin"].comment == "structured data: image caption"
    assert entries["Der Minister wartete."].comment == "structured data: articleBody"
    assert entries["Der Minister wartete."].occurrences == [("gipfel.html", "6")]
    # the meta description and the article's description are one sentence: one entry, both places
    # referenced, labelled by the first (as a sentence repeated in two paragraphs is)
    assert entries["Der Präsident trifft den Minister."].comment == "meta 1"
    assert entries["Der Präsident trifft den Minister."].occurrences == [("gipfel.html", "5"), ("gipfel.html", "6")]
    msgfmt_check(tmp_path / "o" / "en" / "gipfel.po")
    msgcat_unchanged(tmp_path / "o" / "en" / "gipfel.po")
    result = run("build", page, "--to", "en", "--out", tmp_path / "o")  # rebuilt from the PO file: the same bytes
    assert result.code == 0 and (tmp_path / "o" / "en" / "gipfel.html").read_text(encoding="utf-8") == output


@pytest.mark.parametrize("script", [
    '{"@type": "NewsArticle", "headline": "Der Gipfel",}',
    '{"@type": "NewsArticle", "headline": "Der Gipfel"',
    '<!-- {"@type": "NewsArticle", "headline": "Der Gipfel"} -->',
    '{"@type": "NewsArticle", "headline": \'Der Gipfel\'}',
    "[" * 100_000 + "]" * 100_000,
], ids=["trailing comma", "cut off", "in a comment", "single quotes", "nested too deep"])
def test_malformed_json_ld_is_kept_as_written_and_said_in_one_line(run, tmp_path, script):
    page = tmp_path / "kaputt.html"
    source = (f'<html lang="de"><head>\n<script type="application/ld+json">{script}</script>\n'
              '<script type="application/ld+json">  </script></head><body><p>Der Präsident kam.</p></body></html>')
    page.write_text(source, encoding="utf-8")
    result = pseudo_translate(run, page)
    assert result.code == 0 and "internal error" not in result.err, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning")]
    assert len(warnings) == 1 and warnings[0].startswith(
        f"warning: {page}:2: structured data (JSON-LD) kept as written, not translated: it is "), result.err
    assert re.search(r"it is (not valid JSON \(.* at line 1, column \d+ of the script\)|nested too deep to read)$",
                     warnings[0]) and len(warnings[0]) < 300, warnings[0]
    output = (tmp_path / "o" / "en" / "kaputt.html").read_text(encoding="utf-8")
    assert f'<script type="application/ld+json">{script}</script>' in output and "[Đééŕ" in output


def test_an_articles_language_is_the_targets_once_the_page_is_translated_even_without_texts_in_the_script():
    source = ('<html lang="de"><head><script type="application/ld+json">{"@type": "NewsArticle", "url": '
              '"https://x.example/a", "inLanguage": "de-DE"}</script></head>'
              '<body><p>Der Präsident kam.</p></body></html>')
    article = german(source, "a.html")
    assert render(article, [None], "en") == source  # nothing translated: byte for byte
    output = render(article, ["The president came."], "en")
    assert '{"@type": "NewsArticle", "url": "https://x.example/a", "inLanguage": "en"}' in output


def test_json_ld_of_no_article_and_texts_that_are_no_strings_are_left_alone():
    source = ('<html><head><script type="application/ld+json">{"@type":"Organization","description":"Eine Zeitung."}'
              '</script><script type="application/ld+json">{"@type":"NewsArticle","headline":["Eins","Zwei"],'
              '"description":{"@value":"Text"},"abstract":"","inLanguage":{"@type":"Language","name":"Deutsch"}}'
              '</script></head><body><p>Der Präsident kam.</p></body></html>')
    article = german(source, "a.html")
    assert [block.kind for block in article.blocks] == [Kind.LANGUAGE, Kind.DIRECTION, Kind.PARAGRAPH]


# Front matter

_KEYS = ("title", "description", "summary", "subtitle", "teaser")


@st.composite
def front_matters(draw) -> tuple[str, dict]:
    """Front matter as CMSs write it: PyYAML's own styles, long lines folded, a comment and keys
    that are no text, in a random order."""
    # no "---" in a value: folded or in a block, it can make a line of its own, and the front matter
    # plugin (mdit-py-plugins) ends the front matter at a `---` line indented by up to three spaces,
    # as CommonMark's fences may be, where Jekyll and Hugo want it unindented
    # (test_an_indented_rule_line_in_the_front_matter_is_kept_as_written)
    values = {key: draw(_VALUE.filter(lambda value: "---" not in value))
              for key in draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=5, unique=True))}
    values.update({"date": "2024-05-01", "tags": ["Politik", draw(_WORD)], "slug": "gipfel-in-berlin",
                   "draft": False})
    lines, order = [], draw(st.permutations(list(values)))
    for key in order:
        style = draw(st.sampled_from([None, None, "'", '"', "|", ">"])) if key in _KEYS else None
        lines.append(yaml.safe_dump({key: values[key]}, default_style=style, allow_unicode=draw(st.booleans()),
                                    width=draw(st.sampled_from([30, 1000])), sort_keys=False).rstrip("\n"))
    lines.insert(draw(st.integers(0, len(lines))), "# Kommentar: bleibt")
    return "---\n" + "\n".join(lines) + "\n---\n\n# Titel\n\nDer Präsident kam.\n", {key: values[key] for key in order}


def test_an_indented_rule_line_in_the_front_matter_is_kept_as_written():
    """The front matter plugin ends the front matter at `  ---` (a value that is a rule), where
    Jekyll and Hugo read on: what it cannot read as a text field is kept byte for byte."""
    source = '---\ndraft: false\n"title": |-\n  ---\n---\n\n# Titel\n\nDer Präsident kam.\n'
    article = german(source, "a.md")
    translations = ["Translated." for block in article.blocks for _ in block.segments]
    output = render(article, translations, "en")
    assert output.startswith('---\ndraft: false\n"title": |-\n  ---\n---\n') and "Translated." in output


def _front(markdown: str) -> str:
    return markdown.split("\n---\n", 1)[0].removeprefix("---\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=front_matters(), data=st.data())
def test_front_matter_texts_are_translated_in_place_and_stay_valid_yaml_whatever_they_hold(front, data):
    source, values = front
    # nasty texts for the front matter; the article's heading and paragraph get plain ones
    article, translations, output = _rendered_with_nasty_texts(source, "a.md", Kind.FRONT_MATTER, "Translated.", data)
    result = yaml.safe_load(_front(output))
    assert list(result) == list(values) and "# Kommentar: bleibt\n" in output
    assert output.endswith("\n---\n\n# Translated.\n\nTranslated.\n")
    at, fields, texts = 0, set(), yaml.safe_load(_front(source))  # as YAML reads them: `\x85` is a line break
    for block in article.blocks:
        if block.kind == Kind.FRONT_MATTER:
            fields.add(block.field)
            joined = _written(block, translations[at:at + len(block.segments)])
            if len(block.segments) == 1 and "\n" not in joined and re.search(r"^[|>]", block.raw) is None:
                assert result[block.field] == joined
            elif len(block.segments) == 1:  # a block scalar's lines lose the space at their edges
                assert " ".join(result[block.field].split()) == " ".join(joined.split())
            values.pop(block.field), result.pop(block.field)
        at += len(block.segments)
    # every one, but a block scalar that starts with an empty line, which a rewritten one would lose
    written = {key for key in _KEYS if key in texts}
    assert {key for key in written if not texts[key].startswith("\n")} <= fields <= written
    # the others as written: as YAML reads the source (a block scalar `|2-` whose first line is
    # `\x85` reads as a line break there, not as the `\x85` the generator dumped)
    assert result == {key: texts[key] for key in values}


FRONT = """---
# Hugo
title: Gipfel in Berlin   # shown in the page's <title>
date: 2024-05-01T08:00:00+02:00
tags: [Politik, Berlin]
description: >-
  Der Präsident trifft den Minister.
  Sie reden über den Haushalt.
summary: 'Er sagt: ''Wir reden.'''
subtitle: "Ein Treffen \\"unter vier Augen\\""
author: Jörg Müller
images: ["/a.jpg"]
---

Der Präsident kam.
"""


def test_front_matter_keeps_its_layout_and_other_keys_end_to_end(run, tmp_path):
    article = tmp_path / "gipfel.md"
    article.write_text(FRONT, encoding="utf-8")
    result = pseudo_translate(run, article)
    assert result.code == 0 and "warning" not in result.err, result.err
    output = (tmp_path / "o" / "en" / "gipfel.md").read_text(encoding="utf-8")
    lines = output.split("\n")
    translated = re.compile(r"(title|description|summary|subtitle|  |Der|\[)")
    assert [line for line in lines if not translated.match(line)] == [
        line for line in FRONT.split("\n") if not translated.match(line)]
    assert lines[2] == 'title: "[Ĝííþƒééļ ííñ Ɓééŕļííñ]"   # shown in the page\'s <title>'  # `[` needs quotes
    assert lines[5:7] == ["description: >-", "  [Đééŕ Þŕäšííđééñŧ ŧŕííƒƒŧ đééñ Ṁííñííšŧééŕ.] [Šííéé ŕééđééñ "
                                              "üƀééŕ đééñ Ĥááúúšĥááļŧ.]"]
    assert lines[7] == "summary: '[ÉÉŕ šááĝŧ: ''Ŵííŕ ŕééđééñ.'']'"
    assert lines[8] == 'subtitle: "[ÉÉííñ Ŧŕééƒƒééñ \\"úúñŧééŕ ṽííééŕ ÁÁúúĝééñ\\"]"'
    front = yaml.safe_load(_front(output))
    assert front["author"] == "Jörg Müller" and front["tags"] == ["Politik", "Berlin"]
    entries = {entry.msgid: entry for entry in polib.pofile(str(tmp_path / "o" / "en" / "gipfel.po"))}
    assert entries["Gipfel in Berlin"].comment == "front matter: title"
    assert entries["Gipfel in Berlin"].occurrences == [("gipfel.md", "3")]
    assert entries["Sie reden über den Haushalt."].comment == "front matter: description"
    assert entries["Er sagt: 'Wir reden.'"].comment == "front matter: summary"


@pytest.mark.parametrize("broken, problem", [
    ("  description: [offen", r"not valid YAML \(.+ at line 2 of the front matter\)"),
    ("x: \x07", r"not valid YAML \(unacceptable character #x0007: .+\)"),
    ("x: " + "[" * 5000 + "]" * 5000, "nested too deep to read"),
], ids=["indented key", "control character", "nested too deep"])
def test_front_matter_that_cannot_be_read_is_kept_and_said_in_one_line(run, tmp_path, broken, problem):
    article = tmp_path / "kaputt.md"
    source = f"---\ntitle: Der Gipfel\n{broken}\n---\n\nDer Präsident kam.\n"
    article.write_text(source, encoding="utf-8")
    result = pseudo_translate(run, article)
    assert result.code == 0 and "internal error" not in result.err, result.err
    warnings = [line for line in result.err.splitlines() if line.startswith("warning")]
    assert len(warnings) == 1 and re.fullmatch(
        f"warning: {re.escape(str(article))}:1: front matter kept as written, not translated: it is {problem}", warnings[0]), result.err
    output = (tmp_path / "o" / "en" / "kaputt.md").read_text(encoding="utf-8")
    assert output.startswith(source.split("\n\n")[0]) and "[Đééŕ" in output


def test_metadata_keeps_the_sources_crlf_line_ends(run, tmp_path):
    """A CRLF file is written back with CRLF: a folded value's lines, the script's lines."""
    (tmp_path / "a.md").write_bytes(FRONT.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / "b.html").write_bytes(YOAST.replace('"articleBody"', '\n"articleBody"').replace("\n", "\r\n").encode())
    for name in ("a.md", "b.html"):
        assert pseudo_translate(run, tmp_path / name, "--quiet").code == 0
        output = (tmp_path / "o" / "en" / name).read_bytes().decode("utf-8")
        assert "\n" not in output.replace("\r\n", "") and "[" in output
    markdown = (tmp_path / "o" / "en" / "a.md").read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert yaml.safe_load(_front(markdown))["description"].startswith("[Đééŕ")
    page = (tmp_path / "o" / "en" / "b.html").read_bytes().decode("utf-8")
    (script,) = html5lib.parse(page, namespaceHTMLElements=False).findall(".//script")
    assert json.loads(script.text)["@graph"][1]["articleBody"].startswith("[Đééŕ")


# Through the real engine

def test_metadata_is_translated_by_the_argos_model(run, package_folder, monkeypatch, tmp_path):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(package_folder))
    folder = tmp_path / "artikel"
    folder.mkdir()
    (folder / "a.html").write_text(
        '<html lang="de"><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"'
        f'{IN_DOMAIN}","url":"https://x.example/a","inLanguage":"de"}}</script></head>'
        f"<body><p>{IN_DOMAIN}</p></body></html>", encoding="utf-8")
    (folder / "b.md").write_text(f"---\ntitle: {IN_DOMAIN}\nslug: praesident\n---\n\n{IN_DOMAIN}\n", encoding="utf-8")
    result = run("translate", folder, "--to", "en", "--from", "de", "--out", tmp_path / "o", "--quiet")
    assert result.code == 0, result.err
    page = (tmp_path / "o" / "en" / "a.html").read_text(encoding="utf-8")
    (script,) = html5lib.parse(page, namespaceHTMLElements=False).findall(".//script")
    assert json.loads(script.text) == {"@type": "NewsArticle", "headline": IN_DOMAIN_EN, "url": "https://x.example/a",
                                       "inLanguage": "en"}
    markdown = (tmp_path / "o" / "en" / "b.md").read_text(encoding="utf-8")
    assert markdown == f"---\ntitle: {IN_DOMAIN_EN}\nslug: praesident\n---\n\n{IN_DOMAIN_EN}\n"
