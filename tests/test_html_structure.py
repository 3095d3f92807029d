"""HTML whose structure must survive translation byte for byte: "self-closing" non-void tags
(`<a name="x"/>`, which HTML reads as an open <a>, as gtk-doc writes them), elements the
parser's repairs move (the adoption agency, reconstructed formatting), and markup at a
sentence's edges that the engine never sees (a `<br>` after a URL)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_formats import _inline_text
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.formats import html
from uebersetzer.parse import parse
from uebersetzer.protect import protect
from uebersetzer.read import SourceText
from uebersetzer.render import render
from uebersetzer.restore import restore
from uebersetzer.segment import segment_article
from uebersetzer.translate import Request, translate_requests

_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


def _source(text: str) -> SourceText:
    return SourceText(Path("a.html"), "a.html", text, "\n", "utf-8")


def _pseudo_translated(text: str) -> tuple[str, list[str]]:
    """The page translated by the pseudo engine (it accents every letter it gets), and the msgids."""
    article = segment_article(parse(_source(text)))
    requests = [Request("de", "fr", s.msgid, "html") for block in article.blocks for s in block.segments]
    results = translate_requests(requests, PseudoEngine())
    return render(article, [results[request].text for request in requests], "fr"), [r.msgid for r in requests]


def _tags(markup: str) -> list[str]:
    return _TAG.findall(markup)


# gtk-doc's markup, as libxslt's API pages have it (t6 report, item 3)
GTK_DOC = ('<!doctype html><html><body>\n<div><h3><a name="x"/>Lookup ()</h3><p>This is the entry point.</p>\n'
           '<table border="0"><col align="left"/><tbody><tr><td>ctxt:</td><td>the context</td></tr></tbody>'
           '</table></div>\n</body></html>\n')


def test_a_self_closing_anchor_before_a_table_leaves_the_table_byte_for_byte():
    output, msgids = _pseudo_translated(GTK_DOC)
    assert _tags(output) == _tags(GTK_DOC.replace("<html>", '<html lang="fr">'))
    # each cell is an entry of its own; no msgid holds the table's markup
    assert "ctxt:" in msgids and "the context" in msgids
    assert not any("<table" in msgid or "<tr>" in msgid for msgid in msgids)


def test_blocks_inside_an_element_the_parser_cloned_are_still_blocks():
    # html5lib's adoption agency moves the <div>'s content into a clone of the <b>: the clone
    # has no place in the source, its children do
    text = "<!doctype html><b>Eins<div><h3>Titel hier</h3><ul><li>Ein Punkt</ul></b>Rest hier</div>"
    output, msgids = _pseudo_translated(text)
    assert "Titel hier" in msgids and "Ein Punkt" in msgids
    assert _tags(output) == _tags(text)


def test_a_link_around_blocks_gives_each_block_its_entry():
    # HTML5 lets <a> wrap blocks: a teaser card linking its heading and text
    text = '<div><a href="/x"><h3>Der Titel</h3><p>Der Text.</p></a></div>'
    output, msgids = _pseudo_translated(text)
    assert msgids == ["Der Titel", "Der Text."]
    assert _tags(output) == _tags(text)


def test_a_url_before_a_line_break_keeps_the_break_and_is_kept_as_written():
    msgid = '<span class="orgname">https://sourceware.org/bzip2/<br></span>'
    protected = protect(msgid, (), html.inline_spans)
    assert restore(protected, protected.text) == msgid
    output, _ = _pseudo_translated(f"<div>{msgid}</div>")
    assert output == f"<div>{msgid}</div>"


def test_line_breaks_after_no_break_spaces_stay_between_and_before_the_sentences():
    # valgrind's READMEs and bzip2's manual: text laid out with U+00A0 and <br>
    text = "<p><br>\n\xa0\xa0<br>\nErste Zeile hier.\xa0<br>\n\xa0\xa0Zweite Zeile hier.<br>\n</p>"
    output, msgids = _pseudo_translated(text)
    assert len(msgids) == 2
    assert _tags(output) == _tags(text)


def test_markup_at_both_edges_inside_wrapping_markup_comes_back():
    msgid = "<b><br>Der Satz hier.<br></b>"
    protected = protect(msgid, (), html.inline_spans)
    assert restore(protected, protected.text) == msgid
    assert restore(protected, protected.text.replace("Der Satz hier.", "The sentence here.")) == (
        "<b><br>The sentence here.<br></b>")


def test_a_url_only_sentence_counts_as_kept_and_is_not_fuzzy(run, tmp_path):
    page = tmp_path / "br.html"
    page.write_text('<!doctype html><html><body>\n<div><span class="orgname">https://sourceware.org/bzip2/<br>'
                    '</span></div>\n</body></html>\n', encoding="utf-8")
    result = run("translate", page, "--to", "fr", "--from", "de", "--engine", "pseudo", "--out", tmp_path / "out",
                 "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["sentences_kept"] == 1 and summary["fuzzy"] == 0
    (entry,) = [e for e in polib.pofile(str(tmp_path / "out" / "fr" / "br.po")) if not e.obsolete]
    assert entry.msgstr == entry.msgid and "fuzzy" not in entry.flags
    assert "<br>" in (tmp_path / "out" / "fr" / "br.html").read_text(encoding="utf-8")


# Markup at a sentence's edges (line breaks, images, footnote references, comments, scripts)
# inside wrapping inline elements, nested: protect keeps it away from the engine, and restore
# must write every piece back around the text.
_edge = st.sampled_from(["<br>", "<br/>", "<img src=a.png>", "<sup>1</sup>", "<!-- x -->", " ",
                         "<script>x()</script>"])


@st.composite
def _edged_msgids(draw) -> str:
    text = draw(_inline_text)
    for _ in range(draw(st.integers(0, 3))):
        lead, trail = ("".join(draw(st.lists(_edge, max_size=2))) for _ in range(2))
        name = draw(st.sampled_from(["span", "b", "a", "em", "strong"]))
        text = f"<{name}>{lead}{text}{trail}</{name}>" if draw(st.booleans()) else lead + text + trail
    return " ".join(text.split())  # as a msgid is


@settings(max_examples=200, deadline=None)
@given(_edged_msgids())
def test_an_untranslated_sentence_comes_back_as_written_whatever_markup_its_edges_hold(msgid):
    protected = protect(msgid, (), html.inline_spans)
    assert restore(protected, protected.text) == msgid


# Random nesting of blocks, inline elements and "self-closing" tags of elements that are not
# void (HTML reads `<b/>` as an open <b>), as old XHTML generators write them.
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöü", min_size=1, max_size=7)
_words = st.builds(lambda first, rest, end: " ".join([first.capitalize(), *rest]) + end, _word,
                   st.lists(_word, min_size=1, max_size=4), st.sampled_from([".", "?", "!", ""]))
# line breaks as generators write them: after a no-break space (bzip2's manual), after a URL
_breaks = st.sampled_from(["<br>", "\xa0<br>\n\xa0\xa0", "<br>\n\xa0\xa0", "&nbsp;<br>\n",
                           "https://sourceware.org/bzip2/<br>"])
_self_closing = st.sampled_from(['<a name="x"/>', "<a/>", "<b/>", "<span/>", "<i/>", "<em/>", "<div/>", "<p/>",
                                 "<td/>", "<li/>", '<col align="left"/>', "<br/>", "<img/>", "<h3/>"])
_inline_names = st.sampled_from(["a", "b", "i", "span", "em", "strong"])
_block_names = st.sampled_from(["div", "p", "h3", "blockquote", "li", "td", "dt"])


def _nested(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda name, inner: f"<{name}>{''.join(inner)}</{name}>", _inline_names, children),
        st.builds(lambda name, inner: f"<{name}>{''.join(inner)}</{name}>", _block_names, children),
        st.builds(lambda inner: f'<table border="0"><col align="left"/><tbody><tr><td>{"".join(inner)}</td>'
                                f"<td>Zelle zwei.</td></tr></tbody></table>", children),
        st.builds(lambda inner: "<ul>" + "".join(f"<li>{piece}</li>" for piece in inner) + "</ul>", children),
    )


_content = st.recursive(st.one_of(_words, _self_closing, _breaks, st.just(" "), st.just("\n")),
                        lambda inner: _nested(st.lists(inner, min_size=1, max_size=4)), max_leaves=14)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_content, min_size=1, max_size=4), st.sampled_from(["", "<!doctype html>"]))
def test_random_nesting_with_self_closing_tags_keeps_every_tag_byte_for_byte(parts, doctype):
    text = doctype + "<body>" + "".join(parts) + "</body>"
    output, _ = _pseudo_translated(text)
    assert _tags(output) == _tags(text)


SAME_TEXT = """Neue Gespräche in Genf

Der Präsident trifft den Minister in Berlin.

Die Regierung setzt auf Diplomatie. Der Minister reist am Montag nach Genf.

Quellen

• www.cnn.com
• Reuters

Mehr Berichte finden Sie auf: nachrichten-heute.example
"""
SAME_PAGE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Neue Gespräche in Genf</title></head>
<body>
<nav><ul><li><a href="/">Start</a></li><li><a href="/politik">Politik</a></li></ul></nav>
<article>
<h1>Neue Gespräche in Genf</h1>
<p>Der Präsident trifft den Minister in Berlin.</p>
<p>Die Regierung setzt auf Diplomatie. Der Minister reist am Montag nach Genf.</p>
<h2>Quellen</h2>
<ul><li>www.cnn.com</li><li>Reuters</li></ul>
</article>
{footer}
</body></html>
"""


def _labels(po_path: Path) -> dict[str, set[str]]:
    """Each msgid's `#.` labels, over its entries (a title and a heading of the same words are two)."""
    labels: dict[str, set[str]] = {}
    for entry in polib.pofile(str(po_path)):
        labels.setdefault(re.sub(r"<[^>]+>", "", entry.msgid), set()).update(entry.comment.splitlines())
    return labels


@pytest.mark.parametrize("footer", ["<footer><p>Mehr Berichte finden Sie auf: nachrichten-heute.example</p></footer>",
                                    "<p>Mehr Berichte finden Sie auf: nachrichten-heute.example</p>"],
                         ids=["footer element", "last line"])
def test_the_same_article_as_text_and_as_html_gets_the_same_teaser_sources_and_footer(run, tmp_path, footer):
    """The HTML reader labelled no teaser, sources or footer: the same article as .txt and as
    .html had `#. sources`, `#. source 1` and `#. footer` in one PO file and `#. heading 2`,
    `#. list item 1` and `#. paragraph 4` in the other (and the footer's role, its msgctxt when
    its words stand elsewhere too, differed)."""
    (tmp_path / "txt").mkdir()
    (tmp_path / "html").mkdir()
    (tmp_path / "txt" / "same.txt").write_text(SAME_TEXT, encoding="utf-8")
    (tmp_path / "html" / "same.html").write_text(SAME_PAGE.format(footer=footer), encoding="utf-8")
    for kind in ("txt", "html"):
        result = run("translate", tmp_path / kind, "--to", "en", "--from", "de", "--engine", "pseudo", "--out",
                     tmp_path / f"out-{kind}", "-q")
        assert result.code == 0, result.err
    text, page = _labels(tmp_path / "out-txt" / "en" / "same.po"), _labels(tmp_path / "out-html" / "en" / "same.po")
    assert text == {"Neue Gespräche in Genf": {"title"}, "Der Präsident trifft den Minister in Berlin.": {"teaser"},
                    "Die Regierung setzt auf Diplomatie.": {"paragraph 1"},
                    "Der Minister reist am Montag nach Genf.": {"paragraph 1"}, "Quellen": {"sources"},
                    "www.cnn.com": {"source 1"}, "Reuters": {"source 2"},
                    "Mehr Berichte finden Sie auf: nachrichten-heute.example": {"footer"}}
    assert {msgid: labels for msgid, labels in page.items() if msgid not in ("Start", "Politik")} == {
        **text, "Neue Gespräche in Genf": {"title", "heading 1"}}  # <title> and <h1>: an entry each
    assert page["Start"] == {"list item 1"}  # a menu before the <h1> is no source, nor does it hold the teaser back


def test_sources_in_an_articles_footer_are_sources_and_a_site_footers_list_is_not():
    """HTML5 puts an article's sources in its <footer>: they are the sources, as in text; the
    site's own <footer> after it is the footer, its menu no sources."""
    text = ("<html><head><title>T</title></head><body><article><h1>Neue Gespräche</h1><p>Der Präsident trifft den "
            "Minister.</p><p>Mehr dazu morgen.</p><footer><h2>Quellen</h2><ul><li>dpa</li><li>Reuters</li></ul>"
            "</footer></article><footer><p>© 2026 Zeitung</p><ul><li>Impressum</li></ul></footer></body></html>")
    article = parse(_source(text))
    assert [(block.kind, block.text) for block in article.blocks if block.text] == [
        ("title", "T"), ("heading", "Neue Gespräche"), ("teaser", "Der Präsident trifft den Minister."),
        ("paragraph", "Mehr dazu morgen."), ("sources", "Quellen"), ("source", "dpa"), ("source", "Reuters"),
        ("footer", "© 2026 Zeitung"), ("list item", "Impressum")]
