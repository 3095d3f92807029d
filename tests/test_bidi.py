"""Right-to-left text and bidirectional controls (t7 report, points 4, 5, 12, 18).

Bidirectional controls (LRM, RLM, ALM, the embeddings, overrides and isolates of UAX #9) never
reach the engine: at a sentence's edges they are written back around its translation, and there
say the target's direction where it is not the source's; inside it a mark rides on the word it
is written against and an embedding or isolate is markup. Checked through the real argos engine
with the de -> en fixture model, and as properties of protect/restore over random placements."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import html5lib
import polib
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.engines.test_argos import argos_env, package_folder  # noqa: F401  (fixtures: the real small models)
from uebersetzer.engines.argos import ArgosEngine
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.formats import html as html_format
from uebersetzer.formats import markdown as markdown_format
from uebersetzer.parse import parse
from uebersetzer.protect import PLACEHOLDER, protect
from uebersetzer.read import SourceText
from uebersetzer.render import render
from uebersetzer.restore import check, restore
from uebersetzer.segment import segment_article
from uebersetzer.translate import Request, translate_requests

LRM, RLM, ALM = "\u200e", "\u200f", "\u061c"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
CONTROLS = LRM + RLM + ALM + LRE + RLE + PDF + LRO + RLO + LRI + RLI + FSI + PDI
_ANY_CONTROL = re.compile(f"[{CONTROLS}]|&(?:lrm|rlm);|&#[xX]?[0-9a-fA-F]+;")


def without_controls(text: str) -> str:
    return "".join(character for character in text if character not in CONTROLS)


# -- point 5: the real model, given none of them, translates the sentences it knows ----------

ARTICLE = (f"Der Gipfel\n\nDer Präsident trifft den Minister in {LRM}Berlin{LRM}. {RLE}Der Minister trifft den "
           f"Präsidenten in Berlin.{PDF} Der Präsident trifft den Minister in Berlin.\n\n"
           f"{RLE}Der Präsident trifft den Minister in Wien. Der Minister trifft den Präsidenten in Rom.{PDF}\n")


def test_bidi_controls_reach_no_engine_and_come_back_where_they_stood(run, argos_env, tmp_path, monkeypatch):  # noqa: F811
    seen: list[str] = []

    def recording(method):
        def record(self, sentences, *arguments):
            seen.extend(sentences)
            return method(self, sentences, *arguments)
        return record

    for name in ("translate", "submit", "translate_candidates"):  # every way in to the model
        if hasattr(ArgosEngine, name):
            monkeypatch.setattr(ArgosEngine, name, recording(getattr(ArgosEngine, name)))
    article = tmp_path / "in" / "a.de.txt"
    article.parent.mkdir()
    article.write_text(ARTICLE, encoding="utf-8")
    result = run("translate", str(article), "--to", "en", "--from", "de", "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    assert seen and not any(character in CONTROLS for sentence in seen for character in sentence), seen
    written = (tmp_path / "out" / "en" / "a.de.txt").read_text(encoding="utf-8")
    assert " ".join(without_controls(written).split()) == (
        "The summit tomorrow The president meets the minister in Berlin. The minister meets the president in Berlin. "
        "The president meets the minister in Berlin. The president meets the minister in Vienna. The minister meets "
        "the president in Rome.")
    assert f"in {LRM}Berlin{LRM}." in written  # the marks stay against their word
    # every control kept, in its order: each embedding, whether in one sentence or spanning a
    # sentence break, is opened and closed around the same sentences as in the source
    assert re.findall(f"[{CONTROLS}]", written) == [LRM, LRM, RLE, PDF, RLE, PDF]
    assert re.search(f"{RLE}The minister meets the president in Berlin.\\s*{PDF}", written)
    assert re.search(f"{RLE}The president meets the minister in Vienna. The minister meets the president in "
                     f"Rome.\\s*{PDF}", written)
    entries = polib.pofile(str(tmp_path / "out" / "en" / "a.de.po"))
    assert not any("fallback" in entry.comment for entry in entries)  # translated whole, no piecewise fallback


# -- point 5: any placement, any spelling: protect hides them, restore puts each back ----------

WORDS = ["Der", "Präsident", "trifft", "den", "Minister", "in", "Berlin", "قال", "المتحدث", "الرياض", "Apple",
         "Inc.", "٣", "2024"]
SPELLINGS = {LRM: [LRM, "&lrm;", "&#x200E;", "&#8206;"], RLM: [RLM, "&rlm;", "&#x200f;"], ALM: [ALM],
             RLE: [RLE, "&#x202B;"], PDF: [PDF, "&#8236;"], RLI: [RLI], PDI: [PDI], LRE: [LRE], RLO: [RLO],
             FSI: [FSI], LRI: [LRI], LRO: [LRO]}


@st.composite
def sentences_with_controls(draw) -> str:
    """A sentence of WORDS with marks before or after random words and embeddings or isolates
    (balanced or not) around random stretches, in any spelling; a control may also sit inside
    a word, between two of them with no space (`2024\u200f٣`)."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
    sentence = ""
    for word in words:
        before = draw(st.sampled_from(["", LRM, RLM, ALM, RLE, LRE, RLO, LRO, RLI, LRI, FSI]))
        after = draw(st.sampled_from(["", "", LRM, RLM, PDF, PDI]))
        spell = lambda control: draw(st.sampled_from(SPELLINGS[control])) if control else ""  # noqa: E731
        sentence += (draw(st.sampled_from([" ", " ", ""])) if sentence else "") + spell(before) + word + spell(after)
    sentence += draw(st.sampled_from([".", "", f".{PDF}", f".{RLM}", "&rlm;"]))
    wrapping = draw(st.sampled_from(["", "**", "<b>"]))  # markup around the whole sentence, controls inside it
    return f"{wrapping}{sentence}{wrapping.replace('<', '</')}" if wrapping else sentence


def _controls(text: str) -> list[str]:
    return [html.unescape(found) for found in _ANY_CONTROL.findall(text)]


@settings(max_examples=150, deadline=None)
@given(sentences_with_controls(), st.sampled_from([markdown_format.inline_spans, html_format.inline_spans]))
@example(f"{RLE}Der Minister trifft den Präsidenten in Berlin.{PDF}", markdown_format.inline_spans)
@example("&rlm;قال المتحدث.&rlm;", html_format.inline_spans)
@example(f"**{RLM}قال المتحدث.{RLM}**", markdown_format.inline_spans)  # the marks were lost inside the **
# a mark between two digits: the engine read `105`, the check looked for the `10` it was written
# against and refused the sentence given back (a piecewise fallback)
@example(f"Der Preis stieg auf 10{RLM}5 Euro.", markdown_format.inline_spans)
@example(f"Apple Inc.{LRM}Der Minister kam.", html_format.inline_spans)  # (`Inc.` glued to `Der`)
def test_protect_hides_every_control_and_restore_writes_each_back(sentence, markup):
    protected = protect(sentence, (), markup)
    assert not _controls(protected.text), protected.text
    assert check(protected, protected.text) == ""  # a model that copies the sentence is right
    assert restore(protected, protected.text) == sentence  # the same direction: exactly as written
    # an engine that uppercases everything but placeholders, as a translation changes words
    changed = "".join(part if PLACEHOLDER.fullmatch(part) else part.upper()
                      for part in re.split(r"(\{\d+\})", protected.text))
    if not check(protected, changed):
        assert _controls(restore(protected, changed)) == _controls(sentence)


@settings(max_examples=100, deadline=None)
@given(sentences_with_controls(), st.sampled_from(["ltr", "rtl"]))
def test_into_the_other_direction_the_edge_controls_say_the_targets(sentence, direction):
    protected = protect(sentence, (), html_format.inline_spans, direction=direction)
    written = _controls(restore(protected, protected.text))
    source = _controls(sentence)
    assert len(written) == len(source)
    other = {"ltr": RLM + ALM + RLE + RLO + RLI, "rtl": LRM + LRE + LRO + LRI}[direction]
    edge = _controls(protected.lead) + _controls(protected.trail)
    assert not any(control in other for control in edge)  # the edges say the target's direction
    inner = Counter(written) - Counter(edge)  # the others: as the source wrote them
    assert inner == Counter(_controls(sentence[len(protected.lead):len(sentence) - len(protected.trail)]))


# -- point 5: real right-to-left sentences, marked as their newsrooms mark them ----------------

FLORES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "flores-dev"
NO_FLORES = f"FLORES sentences {FLORES} absent: ../shared does not sit beside this checkout"
_LATIN_OR_DIGITS = re.compile(r"[A-Za-z0-9](?:[\w.,-]*[A-Za-z0-9])?")


@lru_cache(maxsize=None)
def _flores_with_latin_or_digits(language: str) -> list[str]:
    sentences = (FLORES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    return [sentence for sentence in sentences if _LATIN_OR_DIGITS.search(sentence)]


class RecordingPseudo(PseudoEngine):
    """The pseudo engine, keeping every text it was given."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def translate(self, sentences, source, target):
        self.seen.extend(sentences)
        return super().translate(sentences, source, target)


@pytest.mark.skipif(not FLORES.is_dir(), reason=NO_FLORES)
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_real_right_to_left_sentences_with_marks_and_embeddings_keep_them_all_and_the_engine_sees_none(data):
    language = data.draw(st.sampled_from(["ar", "he", "fa"]))
    sentence = data.draw(st.sampled_from(_flores_with_latin_or_digits(language)))
    # an LRM on each side of every Latin word or number (its punctuation then stays on the
    # right side of it), an RLM after the sentence, the whole perhaps in an RLE ... PDF
    marked = _LATIN_OR_DIGITS.sub(lambda found: LRM + found.group(0) + LRM, sentence) + RLM
    embedded = data.draw(st.booleans())
    if embedded:
        marked = RLE + marked + PDF
    engine = RecordingPseudo()
    written = translate_requests([Request(language, "en", marked)], engine)[Request(language, "en", marked)].text
    assert engine.seen and not any(character in CONTROLS for text in engine.seen for character in text)
    runs = len(_LATIN_OR_DIGITS.findall(sentence))
    # into English the sentence's own RLM and RLE say left to right; the marks of its words stay,
    # and so do those FLORES wrote inside its sentences (a Persian one has an LRM in a word)
    written_by_flores = Counter(character for character in sentence if character in CONTROLS)
    assert Counter(character for character in written if character in CONTROLS) == written_by_flores + Counter(
        {LRM: 2 * runs + 1, LRE: int(embedded), PDF: int(embedded)})
    if embedded:
        assert written.startswith(LRE) and written.endswith(PDF)


# -- point 5/4: Arabic into English and back: the sentence's own direction becomes the target's -

def test_marks_and_embeddings_around_a_sentence_say_the_targets_direction_and_inner_ones_stay():
    requests = [Request("ar", "en", f"{RLM}قال المتحدث إن {LRM}Apple{LRM} سيأتي.{RLM}"),
                Request("ar", "en", f"{RLE}قال المتحدث.{PDF}", "text"),
                Request("ar", "en", "&rlm;قالت الشركة إن المبيعات ارتفعت.&rlm;", "html"),
                Request("de", "ar", f"{LRM}Der Minister trifft den Präsidenten.{LRM}"),
                Request("de", "en", f"{RLM}Der Minister trifft den Präsidenten.{RLM}")]
    done = {request.msgid: translation.text for request, translation in
            translate_requests(requests, PseudoEngine()).items()}
    first, second, third, fourth, fifth = (done[request.msgid] for request in requests)
    assert first.startswith(LRM + "[") and first.endswith("]" + LRM) and f"{LRM}Apple{LRM}" not in first
    assert first.count(LRM) == 4 and RLM not in first  # the inner marks stay around the (pseudo) name
    assert second.startswith(LRE) and second.endswith(PDF) and RLE not in second
    assert third.startswith("&lrm;[") and third.endswith("]&lrm;")  # spelled as written
    assert fourth.startswith(RLM) and fourth.endswith(RLM) and LRM not in fourth
    assert fifth.startswith(RLM) and fifth.endswith(RLM)  # same direction: as the editor wrote it


# -- point 4: HTML: every dir of a translated element says the target's direction --------------

def _directions(page: str) -> list[tuple[str, str]]:
    """(element, dir) of every element with a dir, in document order, as html5lib reads the page."""
    root = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    return [(element.tag, element.get("dir")) for element in root.iter() if isinstance(element.tag, str)
            and element.get("dir") is not None]


ARABIC_PAGE = ('<html><head><meta charset="utf-8"><title>خبر</title></head><body dir="rtl"><div dir="rtl">'
               '<h1 dir="RTL">هل سيأتي الوزير غداً إلى الرياض؟</h1><p dir="rtl">قال المتحدث إنه سيأتي.</p>'
               '<p dir="auto">قال المتحدث إنه سيأتي غداً.</p><p>&rlm;قالت الشركة إن المبيعات ارتفعت.&rlm;</p>'
               '<p>قال <span dir="ltr">Apple</span> إنه سيأتي.</p><figure dir="rtl"><img src="a.png" alt="صورة الوزير">'
               '</figure></div></body></html>\n')
GERMAN_PAGE = ('<html lang="de"><head><meta charset="utf-8"><title>Gipfel</title></head><body><div dir="ltr">'
               '<h1 dir=ltr>Der Gipfel</h1><p dir="ltr">Der Minister kommt.</p><p dir="auto">Er kommt heute.</p>'
               '<p>Er sagt <span dir="rtl">مرحبا</span> heute.</p></div></body></html>\n')


@pytest.mark.parametrize("name, page, source, target, expected", [
    ("ar.html", ARABIC_PAGE, "ar", "en", [("body", "ltr"), ("div", "ltr"), ("h1", "ltr"),
                                          ("p", "ltr"), ("p", "auto"), ("span", "ltr"), ("figure", "ltr")]),
    ("de.html", GERMAN_PAGE, "de", "ar", [("html", "rtl"), ("div", "rtl"), ("h1", "rtl"), ("p", "rtl"),
                                          ("p", "auto"), ("span", "rtl")]),
], ids=["ar-en", "de-ar"])
def test_every_dir_around_translated_text_says_the_targets_direction(run, tmp_path, name, page, source, target,
                                                                      expected):
    article = tmp_path / "in" / name
    article.parent.mkdir()
    article.write_text(page, encoding="utf-8")
    result = run("translate", str(article), "--to", target, "--from", source, "--engine", "pseudo", "--out",
                 str(tmp_path / "out"))
    assert result.code == 0, result.err
    written = (tmp_path / "out" / target / name).read_text(encoding="utf-8")
    # dir="auto" stays, and so does a dir on inline markup: the direction of the words it wraps
    assert _directions(written) == expected
    if source == "ar":  # the marks around a translated paragraph say the target's direction, as written
        assert "<p>&lrm;[" in written and ".]&lrm;</p>" in written and "&rlm;" not in written
        qa = run("qa", str(tmp_path / "out"), "--from", source, "--to", target)
        assert "markup" not in qa.out, qa.out  # &rlm; -> &lrm; is no lost markup
    assert run("build", str(article), "--to", target, "--out", str(tmp_path / "out")).code == 0
    assert (tmp_path / "out" / target / name).read_text(encoding="utf-8") == written  # build writes the same


def test_a_dir_around_text_kept_in_the_source_language_stays():
    page = ('<html lang="de"><body><p dir="ltr">Der Minister kommt.</p><blockquote lang="fr" dir="ltr">'
            '<p>Le ministre arrive.</p></blockquote></body></html>')
    source = SourceText(Path("a.html"), "a.html", page, "\n", "utf-8")
    article = segment_article(replace(parse(source), language="de"))
    kept = [None if segment.msgid.startswith("Le") else "قال الوزير." for block in article.blocks
            for segment in block.segments]  # the French quote had no model: kept
    assert _directions(render(article, kept, "ar")) == [("html", "rtl"), ("p", "rtl"), ("blockquote", "ltr")]


# -- point 18: the review page's language tags are BCP 47 -------------------------------------

@pytest.mark.parametrize("spelled, tag, direction", [
    ("zh_CN", "zh-CN", "ltr"), ("zt", "zh-TW", "ltr"), ("pb", "pt-BR", "ltr"), ("sr@latin", "sr-Latn", "ltr"),
    ("de_DE.UTF-8", "de-DE", "ltr"), ("ar", "ar", "rtl"), ("he_IL", "he-IL", "rtl"), ("fa", "fa", "rtl"),
    ("ckb", "ckb", "rtl"), ("en", "en", "ltr")])
def test_a_po_headers_language_becomes_a_bcp_47_tag_and_a_direction(spelled, tag, direction):
    from uebersetzer.languages import bcp47_tag
    from uebersetzer.languages import direction as direction_of

    assert (bcp47_tag(spelled), direction_of(spelled)) == (tag, direction)


def test_the_preview_tags_a_sentence_still_in_the_source_with_its_language_and_direction(run, tmp_path):
    from uebersetzer import review

    article = tmp_path / "in" / "ar.txt"
    article.parent.mkdir()
    article.write_text("عنوان الخبر\n\nقال المتحدث إنه سيأتي. وصل الوزير إلى الرياض.\n", encoding="utf-8")
    assert run("translate", str(article), "--to", "zh", "--from", "ar", "--engine", "pseudo", "--out",
               str(tmp_path / "out")).code == 0
    po_path = tmp_path / "out" / "zh_CN" / "ar.po"
    catalog = polib.pofile(str(po_path))
    catalog[-1].msgstr = ""  # not translated yet: the preview shows its source
    catalog[1].comment += "\nlanguage: en"  # as translate marks a sentence in another language
    catalog[1].msgstr = ""
    catalog.save()
    view = review.catalog_view(review.resolve(tmp_path / "out", "zh_CN", "ar.po"))
    assert (view["source_tag"], view["source_direction"], view["target_tag"], view["target_direction"]) == (
        "ar", "rtl", "zh-CN", "ltr")
    shown = review.preview_html(review.resolve(tmp_path / "out", "zh_CN", "ar.po"))["html"]
    assert [entry.get("source_tag") for entry in view["entries"]] == [None, "en", None]
    spans = re.findall(r'<span class="sentence (\w+)"[^>]*>', shown)
    assert spans == ["fuzzy", "untranslated", "untranslated"]
    assert 'data-id="1" lang="en" dir="ltr"' in shown
    assert shown.count('lang="ar" dir="rtl"') == 1 and 'class="sentence untranslated" data-id="2" lang="ar" dir="rtl"' in shown
    assert "</span><span" in shown and "</span> <span" not in shown  # Chinese: no space between sentences


def test_an_html_block_in_markdown_says_the_targets_direction_and_language_around_translated_text(run, tmp_path):
    article = tmp_path / "in" / "a.md"
    article.parent.mkdir()
    article.write_text('# عنوان الخبر\n\n<div dir="rtl" lang="ar">\n<p dir="rtl">قال المتحدث إنه سيأتي.</p>\n</div>\n\n'
                       'وصل الوزير إلى الرياض.\n\n<p dir="auto">قال المتحدث.</p>\n', encoding="utf-8")
    assert run("translate", str(article), "--to", "en", "--from", "ar", "--engine", "pseudo", "--out",
               str(tmp_path / "out")).code == 0
    written = (tmp_path / "out" / "en" / "a.md").read_text(encoding="utf-8")
    assert '<div dir="ltr" lang="en">\n<p dir="ltr">[قال المتحدث إنه سيأتي.]</p>' in written
    assert '<p dir="auto">[قال المتحدث.]</p>' in written
    assert run("build", str(article), "--to", "en", "--out", str(tmp_path / "out")).code == 0
    assert (tmp_path / "out" / "en" / "a.md").read_text(encoding="utf-8") == written


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("قال المتحدث إنه سيأتي.\u200f وصل الوزير إلى الرياض.", "ar",
     ["قال المتحدث إنه سيأتي.\u200f", "وصل الوزير إلى الرياض."]),
    ("Der Präsident kommt. \u202bDer Minister trifft ihn.\u202c", "de",
     ["Der Präsident kommt.", "\u202bDer Minister trifft ihn.\u202c"]),
    ("Der Präsident kommt. \u2067Der Minister trifft ihn.\u2069 Dann gehen sie.", "de",
     ["Der Präsident kommt.", "\u2067Der Minister trifft ihn.\u2069", "Dann gehen sie."]),
])
def test_a_control_that_closes_a_run_after_a_full_stop_ends_that_sentence(text, language, expected):
    """An RLM after a full stop kept two Arabic sentences one; the PDF closing an embedding
    began the next sentence, or stood as a sentence of its own at a paragraph's end."""
    from uebersetzer.segment import split_sentences

    assert split_sentences(text, language) == expected
