"""Emoji, symbols and character references on the real argos engine and fixture model: every
one the source holds comes back in the output (as the source spelled it), or its sentence's
PO entry names the loss in a `#. fallback:` comment. Never dropped silently, in any format."""

from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import ROOT, entries
from tests.engines.test_argos import argos_env, engine, package_folder  # noqa: F401 (fixtures)
from uebersetzer.parse import parse
from uebersetzer.protect import symbol_spans
from uebersetzer.read import ArticleFile, read_article
from uebersetzer.render import render
from uebersetzer.segment import segment_article
from uebersetzer.translate import Request, translate_requests

REPRO = ("<p>&nbsp;&#x1F600; Der Präsident trifft den Minister in Berlin.</p>"
         "<p>Der Präsident trifft den Minister in Berlin &#x1F600; heute.</p>")
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def test_html_keeps_emoji_references_and_a_leading_nbsp(run, argos_env, tmp_path):
    article = tmp_path / "emo.html"
    article.write_text(REPRO, encoding="utf-8")
    result = run("translate", article, "--to", "en", "--out", tmp_path / "o")
    assert result.code == 0, result.err
    output = (tmp_path / "o" / "en" / "emo.html").read_text(encoding="utf-8")
    assert output.startswith("<p>&nbsp;&#x1F600; ")  # the leading &nbsp; and the reference as written
    assert output.count("&#x1F600;") == 2 and "\U0001F600" not in output
    for entry in entries(tmp_path / "o" / "en" / "emo.po"):
        if entry.msgid:
            assert "&#x1F600;" in entry.msgstr or "fallback:" in entry.comment, entry


def test_a_raw_emoji_in_text_is_kept(run, argos_env, tmp_path):
    article = tmp_path / "emo.txt"
    article.write_text("Der Präsident trifft den Minister in Berlin \U0001F600 heute.\n", encoding="utf-8")
    assert run("translate", article, "--to", "en", "--out", tmp_path / "o").code == 0
    (entry,) = [e for e in entries(tmp_path / "o" / "en" / "emo.po") if e.msgid]
    assert "\U0001F600" in entry.msgstr or "fallback:" in entry.comment
    assert "\U0001F600" in (tmp_path / "o" / "en" / "emo.txt").read_text(encoding="utf-8")


_SENTENCES = ["Der Präsident trifft den Minister in Berlin.", "Die Regierung kritisiert die Sanktionen am Montag.",
              "Die Kanzlerin sagt, dass die Delegation das Abkommen heute unterstützt."]
_ENTITIES = st.sampled_from(["&#x1F600;", "&#128512;", "&nbsp;", "&#9731;", "&hearts;", "&#x2764;&#xFE0F;",
                             "&rarr;", "&trade;", "&hellip;", "&#x1F44D;&#x1F3FD;", "&#xE000;"])
_RAW = st.sampled_from(["\U0001F600", "\u2603", "\U0001F1E9\U0001F1EA", "\u2708\ufe0f", "\U0001F44D"])


def _placed(sentence: str, items: list[tuple[int, str]]) -> str:
    words = sentence[:-1].split(" ")
    for at, item in sorted(items, reverse=True):
        words.insert(at % (len(words) + 1), item)
    return " ".join(words) + sentence[-1]


@st.composite
def _article(draw) -> tuple[str, str]:
    """(suffix, text): real-looking sentences with references and emoji placed among their words."""
    suffix = draw(st.sampled_from([".html", ".txt", ".md"]))
    paragraphs = []
    for sentence in draw(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=3)):
        items = draw(st.lists(st.tuples(st.integers(0, 12), st.one_of(_ENTITIES, _RAW)), min_size=1, max_size=2))
        paragraph = _placed(sentence, items)
        paragraphs.append(f"<p>{paragraph}</p>" if suffix == ".html" else paragraph)
    return suffix, ("\n" if suffix == ".html" else "\n\n").join(paragraphs) + "\n"


def protected_items(text: str) -> Counter[str]:
    """The references (symbols, emoji, spaces; not `&amp;`, which escaping may add) and the
    characters a model cannot write in `text`, with their counts."""
    references = [r for r in _REFERENCE.findall(text) if r not in ("&amp;", "&lt;", "&gt;")]
    return Counter(references + [span.output for span in symbol_spans(_REFERENCE.sub(" ", text))])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_article())
def test_every_reference_and_emoji_survives_or_is_named(engine, tmp_path, case):  # noqa: F811
    suffix, text = case
    path = tmp_path / f"case{suffix}"
    path.write_text(text, encoding="utf-8")
    source = read_article(ArticleFile(path, path.name))
    article = segment_article(parse(source))
    segments = [s for block in article.blocks for s in block.segments]
    requests = [Request("de", "en", s.msgid, article.format) for s in segments]
    results = translate_requests(requests, engine)
    for request in requests:  # each sentence keeps all it had, or its PO entry says why
        lost = protected_items(request.msgid) - protected_items(results[request].text)
        assert not lost or results[request].fell_back, (request.msgid, results[request].text)
    output = render(article, [results[r].text for r in requests], "en")
    if not any(results[r].fell_back for r in requests):  # and the article writes them as the source did
        assert protected_items(output) == protected_items(text), (text, output)


def test_check_html_files_flags_a_lost_reference(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    import check_html_files

    kept = tmp_path / "kept.html"
    kept.write_text(REPRO, encoding="utf-8")
    assert check_html_files.check(kept).startswith("ok")
    monkeypatch.setattr(check_html_files, "render", lambda *args: REPRO.replace("&nbsp;", "", 1)
                        if args[2] != "xx" else REPRO)
    assert check_html_files.check(kept).startswith("references:")


def test_qa_names_a_lost_emoji_or_reference():
    from uebersetzer.qa.checks import Sentence, markup

    source = "Der Präsident trifft den Minister&nbsp;in Berlin &#x1F600; heute \u2603."
    assert markup(Sentence(source, "The president meets the minister&nbsp;in Berlin &#x1F600; today \u2603.",
                           "de", "en")) == ""
    assert markup(Sentence(source, "The president meets the minister in Berlin today.", "de", "en")) == (
        "lost &#x1F600;, &nbsp;, \u2603")
