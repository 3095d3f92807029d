"""Markdown tables and HTML blocks: their text is translated, their structure kept.

A table's cells are blocks of their own, spliced back where they stood; the output is read
back with markdown-it-py's own table rule (not our row splitter) and must have the source's
shape and alignments. An HTML block is read by the HTML format. What stays as written with
words in it makes `build --reviewed-only` refuse the article.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import msgfmt_check
from uebersetzer.document import Kind
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.parse import parse
from uebersetzer.read import SourceText
from uebersetzer.render import render
from uebersetzer.segment import segment_article
from uebersetzer.translate import Request, translate_requests


def _article(text: str):
    return segment_article(parse(SourceText(Path("t.md"), "t.md", text, "\n", "utf-8")))


def _pseudo(article, added: str = "") -> list[str | None]:
    """The pseudo engine's translation of every sentence (protection included), and `added` after each."""
    requests = [Request("de", "en", s.msgid, article.format) for b in article.blocks for s in b.segments]
    results = translate_requests(requests, PseudoEngine())
    return [results[request].text + added for request in requests]


def _tables(text: str) -> list[dict]:
    """Each table as markdown-it-py reads it: its rows of cells (each cell's inline tokens that
    are markup: code spans and link targets), its alignments, and its cells' text."""
    tables: list[dict] = []
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type == "table_open":
            tables.append({"rows": [], "aligns": [], "texts": []})
        elif token.type == "tr_open":
            tables[-1]["rows"].append([])
        elif token.type in ("th_open", "td_open") and len(tables[-1]["rows"]) == 1:
            tables[-1]["aligns"].append(token.attrGet("style") or "")
        elif token.type == "inline" and tables and tables[-1]["rows"] and token.map:
            markup = [(child.type, child.content if child.type == "code_inline" else child.attrGet("href"))
                      for child in token.children or [] if child.type in ("code_inline", "link_open")]
            tables[-1]["rows"][-1].append(markup)
            tables[-1]["texts"].append(token.content)
        elif token.type == "table_close":
            pass
    return tables


# cell contents as editors write them: words, sentences, numbers, an escaped pipe, code spans
# (one holding an escaped pipe), links and emphasis
_CELLS = st.sampled_from([
    "Land", "Österreich", "Der Minister stimmt zu.", "Die Regierung lehnt ab. Der Präsident kam.",
    "Berlin \\| Wien", "`x \\| y`", "der `Code` hier", "[Berlin](https://example.com/b) liegt an der Spree",
    "**fett** gedruckt", "ganz _schräg_ hier", "12", "3,5 %", "", "Ja",
])
_DELIMITERS = st.sampled_from(["---", ":---", "---:", ":---:", "-", ":-:"])


@st.composite
def _markdown_tables(draw) -> str:
    columns = draw(st.integers(1, 4))
    outer = draw(st.booleans()) or columns == 1  # a one-column table needs its pipes
    header = draw(st.lists(_CELLS.filter(bool), min_size=columns, max_size=columns))
    body = draw(st.lists(st.lists(_CELLS, min_size=columns, max_size=columns), min_size=0, max_size=4))
    padding = draw(st.sampled_from(["", " ", "   "]))

    def row(cells: list[str]) -> str:
        inner = " | ".join(cell + padding for cell in cells)
        return f"| {inner} |" if outer else inner

    delimiters = draw(st.lists(_DELIMITERS, min_size=columns, max_size=columns))
    lines = [row(header), row(delimiters)] + [row(cells) for cells in body]
    return "# Titel\n\nDer Präsident kam.\n\n" + "\n".join(lines) + "\n\nEnde.\n"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_markdown_tables())
def test_a_translated_table_keeps_its_shape_alignments_and_markup(text):
    source_tables = _tables(text)
    source_lines = text.split("\n")
    table_start = source_lines.index(next(line for line in source_lines if "|" in line))
    table_end = source_lines.index("", table_start)
    # what hypothesis drew is a table to markdown-it-py down to its last line (a row indented by
    # four spaces is code, and ends it): else there is nothing to compare
    assume(len(source_tables) == 1 and len(source_tables[0]["rows"]) == table_end - table_start - 1)
    article = _article(text)
    # each sentence translated and given a `|` (an editor's "A | B"): it must come back escaped
    output = render(article, _pseudo(article, " | x"), "en")
    [table] = _tables(output)
    [source_table] = source_tables
    assert table["aligns"] == source_table["aligns"]
    assert table["rows"] == source_table["rows"]  # the same cells per row, the same code spans and links in each
    lines = output.split("\n")
    assert len(lines) == len(source_lines)
    assert lines[table_start + 1] == source_lines[table_start + 1]  # the delimiter row, byte for byte
    for source_line, line in zip(source_lines[table_start:table_end], lines[table_start:table_end]):
        outer = (source_line.startswith("|"), source_line.endswith("|"))
        assert (line.startswith("|"), line.endswith("|")) == outer  # outer pipes, or none
    for source_text, translated in zip(source_table["texts"], table["texts"]):
        if re.search(r"[^\W\d_]", re.sub(r"`[^`]*`", "", source_text)):
            assert translated != source_text and translated.endswith(" | x"), (source_text, translated)
        else:  # numbers, code, nothing: no segment, as written
            assert translated == source_text


def test_cells_are_blocks_labelled_by_table_row_and_column_and_only_those_with_words():
    article = _article("# Titel\n\n| Land | Anteil |\n| :--- | ---: |\n| Österreich | 12 % |\n| | `x` |\n\n"
                       "Land | Stadt\n--- | ---\nDeutschland | Berlin\n")
    cells = [(block.label, block.text, block.line) for block in article.blocks if block.kind == Kind.CELL]
    assert cells == [("table 1, header, column 1", "Land", 3), ("table 1, header, column 2", "Anteil", 3),
                     ("table 1, row 1, column 1", "Österreich", 5), ("table 2, header, column 1", "Land", 8),
                     ("table 2, header, column 2", "Stadt", 8), ("table 2, row 1, column 1", "Deutschland", 10),
                     ("table 2, row 1, column 2", "Berlin", 10)]


def test_column_widths_are_left_as_written():
    """Padding stays where it stood: only a cell's text changes (see README, Markdown)."""
    text = "| Land       | Stadt  |\n| ---------- | ------ |\n| Österreich | Wien   |\n"
    output = render(_article(text), ["Country", "City", "Austria", "Vienna"], "en")
    assert output == "| Country       | City  |\n| ---------- | ------ |\n| Austria | Vienna   |\n"


def test_an_html_block_is_read_by_the_html_format_and_its_tags_kept():
    text = ('# Titel\n\n<div class="box">Der Minister trifft <b>den Präsidenten</b>. <img src="a.jpg" '
            'alt="Ein Bild"></div>\n\n<!-- Der Kommentar bleibt. -->\n\n<script>var s = "Der Text bleibt.";</script>\n\n'
            "<pre>\nDer Text bleibt auch.\n</pre>\n\n<p>A &amp; B sind da.</p>\n")
    article = _article(text)
    html_blocks = [(block.kind, block.text, block.line) for block in article.blocks if block.markup == "html"]
    assert html_blocks == [("paragraph", 'Der Minister trifft <b>den Präsidenten</b>. <img src="a.jpg" alt="Ein Bild">',
                            3), ("image text", "Ein Bild", 3), ("paragraph", "A &amp; B sind da.", 13)]
    translated = {"Der Minister trifft <b>den Präsidenten</b>.": "The minister meets <b>the president</b> & co.",
                  "Ein Bild": "A picture", "A &amp; B sind da.": "A &amp; B are there <3."}
    msgids = [segment.msgid for block in article.blocks for segment in block.segments]
    output = render(article, [translated.get(msgid, msgid) for msgid in msgids], "en")
    assert ('<div class="box">The minister meets <b>the president</b> &amp; co. <img src="a.jpg" alt="A picture">'
            '</div>') in output, output
    assert "<p>A &amp; B are there &lt;3.</p>" in output  # escaped as HTML, not as Markdown
    for kept in ("<!-- Der Kommentar bleibt. -->", '<script>var s = "Der Text bleibt.";</script>',
                 "<pre>\nDer Text bleibt auch.\n</pre>"):
        assert kept in output


def test_an_html_block_s_sentences_are_protected_as_html_in_a_run(run, tmp_path):
    """An HTML block's text reaches the engine protected as in an HTML article: a `<code>`
    element and text marked translate="no" whole, not only their tags."""
    article = tmp_path / "h.md"
    article.write_text('# Titel\n\n<div>Der Minister nutzt <code>Der Code</code> und <span translate="no">Die '
                       "Marke</span> heute.</div>\n", encoding="utf-8")
    assert _translate(run, article, tmp_path / "o").code == 0
    output = (tmp_path / "o" / "en" / "h.md").read_text(encoding="utf-8")
    assert '<code>Der Code</code>' in output and '<span translate="no">Die Marke</span>' in output, output
    assert "Der Minister" not in output


def test_a_table_the_reader_cannot_split_is_kept_and_said(run, tmp_path):
    """A table on a list item's first line (its row starts with the marker) is not split: it
    stays as written, and the run says so."""
    article = _article("# Titel\n\n- | Land | Stadt |\n  | --- | --- |\n  | Ort | Berlin |\n")
    assert not [block for block in article.blocks if block.kind == Kind.CELL]
    assert article.kept_as_written == "line 3: 1 table"


def _translate(run, article: Path, out: Path):
    return run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", out, "--quiet")


def _reviewed(catalog_path: Path, edits: dict[str, str]) -> None:
    """Every entry reviewed, as an editor saves it in Poedit; `edits`: msgid -> the editor's msgstr."""
    catalog = polib.pofile(str(catalog_path))
    for entry in catalog:
        entry.msgstr = edits.get(entry.msgid, entry.msgstr)
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()


def test_build_reviewed_only_publishes_an_edited_table_and_refuses_text_kept_as_written(run, tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# Der Gipfel\n\n| Land | Stimme |\n| :--- | ---: |\n| Österreich | Der Minister stimmt zu. |\n\n"
                       '<div class="box">Der Minister trifft den Präsidenten.</div>\n', encoding="utf-8")
    out = tmp_path / "o"
    assert _translate(run, article, out).code == 0
    catalog_path = out / "en" / "a.po"
    msgfmt_check(catalog_path)
    _reviewed(catalog_path, {"Der Minister stimmt zu.": "Yes | agreed", "Land": "Country",
                             "Der Minister trifft den Präsidenten.": "The minister & the president"})
    result = run("build", article, "--to", "en", "--from", "de", "--out", out, "--reviewed-only", "--quiet")
    assert result.code == 0, result.err
    output = (out / "en" / "a.md").read_text(encoding="utf-8")
    assert "| Country | " in output and "| :--- | ---: |\n" in output and "| Yes \\| agreed |" in output, output
    assert '<div class="box">The minister &amp; the president</div>' in output, output
    # a table the reader keeps as written (on a list item's first line): still German, so not published
    article.write_text("# Der Gipfel\n\nDer Präsident kam.\n\n- | Land | Stimme |\n  | --- | --- |\n  | A | B |\n",
                       encoding="utf-8")
    assert _translate(run, article, out).code == 0
    _reviewed(catalog_path, {})
    (out / "en" / "a.md").unlink()
    result = run("build", article, "--to", "en", "--from", "de", "--out", out, "--reviewed-only", "--quiet")
    assert result.code == 1 and not (out / "en" / "a.md").exists()
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {article}: line 5: 1 table kept as written, in the source language (its format cannot "
                      "translate it); --reviewed-only publishes no untranslated text, so the article was not "
                      "written: fix what the warning names so that it can be translated, or build without "
                      "--reviewed-only"], result.err
    assert run("build", article, "--to", "en", "--from", "de", "--out", out, "--quiet").code == 0  # a draft may
