"""HTML as WordPress and Drupal export it: footnote references, shortcodes and tokens, inline
scripts (ad slots) and the page's language metadata. What reaches the engine is read through the
pseudo engine; the fixture model shows what a real model does with what it is given."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.engines.test_argos import argos_env, package_folder  # noqa: F401  (fixtures: the real small models)
from uebersetzer.engines import create_engine
from uebersetzer.engines.pseudo import PseudoEngine, pseudo_localize
from uebersetzer.parse import parse
from uebersetzer.protect import plain_spans, protect
from uebersetzer.read import SourceText
from uebersetzer.render import render
from uebersetzer.restore import check
from uebersetzer.segment import segment_article
from uebersetzer.translate import Request, translate_requests

PRESIDENT = "Der Präsident trifft den Minister in Berlin."
MINISTER = "Der Minister trifft den Präsidenten in Berlin."
TRANSLATED = {PRESIDENT: "The president meets the minister in Berlin.",
              MINISTER: "The minister meets the president in Berlin."}


class RecordingPseudo(PseudoEngine):
    """The pseudo engine, noting every sentence it was given."""

    def __init__(self) -> None:
        self.given: list[str] = []

    def translate(self, sentences, source, target):
        self.given += sentences
        return super().translate(sentences, source, target)


def article_of(text: str, language: str = "de"):
    source = SourceText(Path("a.html"), "a.html", text, "\n", "utf-8")
    return segment_article(replace(parse(source), language=language))


def msgids(text: str) -> list[str]:
    return [segment.msgid for block in article_of(text).blocks for segment in block.segments]


def localized(text: str, engine, target: str = "en") -> str:
    """The article as `translate --from de` writes it, in-process: parse, segment, translate, render."""
    article = article_of(text)
    requests = [Request("de", target, segment.msgid, "html") for block in article.blocks for segment in block.segments]
    done = translate_requests(requests, engine)
    return render(article, [done[request].text for request in requests], target)


def pseudo(text: str) -> str:
    return pseudo_localize(text)


# Footnote references as CMSs and converters write them
WORDPRESS_FOOTNOTE = '<sup data-fn="6c3a" class="fn"><a href="#6c3a" id="6c3a-link">1</a></sup>'
FOOTNOTES = [
    '<sup><a href="#fn1">1</a></sup>',  # the reported one
    WORDPRESS_FOOTNOTE,  # WordPress' footnotes block (6.3 on)
    # pandoc and other Markdown converters
    '<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>',
    '<sup class="reference" id="cite_ref-1"><a href="#cite_note-1">[1]</a></sup>',  # MediaWiki
    '<a class="see-footnote" id="footnoteref1_x" href="#footnote1_x">1</a>',  # Drupal's footnotes module
    "<sup>*</sup>", "<sup>(2)</sup>",
]


@pytest.mark.parametrize("footnote", FOOTNOTES)
def test_a_footnote_reference_after_a_full_stop_stays_with_its_sentence_and_off_the_engine(footnote):
    text = f"<p>{PRESIDENT}{footnote} {MINISTER}</p>\n"
    assert msgids(text) == [PRESIDENT + footnote, MINISTER]
    engine = RecordingPseudo()
    written = localized(text, engine)
    assert engine.given == [PRESIDENT, MINISTER]  # the marker never reaches the engine
    assert written == f"<p>{pseudo(PRESIDENT)}{footnote} {pseudo(MINISTER)}</p>\n"


def test_a_footnote_reference_inside_a_sentence_is_one_placeholder():
    text = f"<p>Der Präsident{WORDPRESS_FOOTNOTE} trifft den Minister in Berlin.</p>\n"
    engine = RecordingPseudo()
    written = localized(text, engine)
    assert engine.given == ["Der Präsident{1} trifft den Minister in Berlin."]
    assert WORDPRESS_FOOTNOTE in written


def test_the_reported_footnote_through_the_real_model(argos_env):
    text = f'<p>{PRESIDENT}<sup><a href="#fn1">1</a></sup> {MINISTER}</p>\n'
    written = localized(text, create_engine("argos"))
    assert written == f'<p>{TRANSLATED[PRESIDENT]}<sup><a href="#fn1">1</a></sup> {TRANSLATED[MINISTER]}</p>\n'


@pytest.mark.parametrize("output", [
    "{1}the minister{2}meets{3}the president{4}.",  # what the fixture model made of the marker before
    "{1}{2}meets{3}{4} the minister, the president.",
])
def test_markup_the_engine_moves_onto_other_words_is_caught(output):
    """A pair that wrapped no words in the source (a marker's "1", nothing) wrapping words in the
    output: the engine moved the markup, and the sentence is translated piecewise around it."""
    protected = protect('<sup><a href="#fn1">1</a></sup> Der Minister trifft den Präsidenten.', markup=plain_spans)
    assert protected.text == "{1}{2}1{3}{4} Der Minister trifft den Präsidenten."
    assert check(protected, output).startswith("moved the markup")
    assert check(protected, "{1}{2}1{3}{4} The minister meets the president.") == ""
    assert check(protected, "The minister meets the president {1}{2}1{3}{4}.") == ""  # placed elsewhere, still whole


def test_words_a_translation_puts_between_two_elements_are_no_moved_markup():
    protected = protect("<b>Der Präsident</b> <i>trifft</i> den Minister.", markup=plain_spans)
    assert protected.text == "{1}Der Präsident{2} {3}trifft{4} den Minister."
    assert check(protected, "{1}The president{2} then {3}meets{4} the minister.") == ""
    nested = protect("Der Minister trifft <b><i>den Präsidenten</i></b> in Berlin.", markup=plain_spans)
    assert nested.text == "Der Minister trifft {1}{2}den Präsidenten{3}{4} in Berlin."
    assert check(nested, "The minister meets {1}the{2} president{3}{4} in Berlin.").startswith("moved the markup")


AD_SLOT = '<script>googletag.cmd.push(function() { if (a < b && c) googletag.display("ad-1"); });\n</script>'


def test_an_inline_script_inside_a_sentence_keeps_it_one_sentence_and_stays_byte_for_byte():
    text = f"<p>Der Präsident {AD_SLOT} trifft den Minister in Berlin.</p>\n"
    assert len(msgids(text)) == 1
    engine = RecordingPseudo()
    written = localized(text, engine)
    assert engine.given == ["Der Präsident {1} trifft den Minister in Berlin."]
    before, after = pseudo("Der Präsident")[:-1], pseudo("trifft den Minister in Berlin.")[1:]
    assert written == f"<p>{before} {AD_SLOT} {after}</p>\n"


@pytest.mark.parametrize("embedded", [
    AD_SLOT, '<svg class="icon" aria-hidden="true"><use href="#clock"></use></svg>',
    "<style>p.x { content: 'Der Minister.'; }</style>",
])
def test_embedded_code_at_a_paragraphs_edge_stays_out_of_its_sentences(embedded):
    text = f"<p>{embedded} {PRESIDENT} {MINISTER} {embedded}</p>\n"
    assert msgids(text) == [PRESIDENT, MINISTER]
    assert localized(text, PseudoEngine()) == f"<p>{embedded} {pseudo(PRESIDENT)} {pseudo(MINISTER)} {embedded}</p>\n"


def test_the_reported_ad_slot_through_the_real_model(argos_env):
    script = '<script>googletag.display("ad-1");</script>'
    text = f"<p>Der Präsident {script} trifft den Minister in Berlin.</p>\n"
    written = localized(text, create_engine("argos"))
    assert written.count(script) == 1
    assert written.replace(script, " ").split() == "<p>The president meets the minister in Berlin.</p>".split()


REPORTED_SHORTCODES = (
    '<p>[caption id="attachment_12" align="aligncenter" width="300"]<img src="a.jpg" alt="Der Minister"> '
    'Der Präsident trifft den Minister in Berlin.[/caption]</p>\n'
    '<p>[gallery ids="1,2,3" columns="2"]</p>\n'
    '<p>[embed]https://www.youtube.com/watch?v=x[/embed]</p>\n'
    '<p>Der Präsident trifft den Minister in Berlin. [contact-form-7 id="5" title="Kontaktformular"]</p>\n')


def test_wordpress_shortcodes_stay_as_written_and_only_the_text_they_hold_is_translated():
    engine = RecordingPseudo()
    written = localized(REPORTED_SHORTCODES, engine)
    assert sorted(engine.given) == sorted(["Der Minister", PRESIDENT, PRESIDENT])  # the alt text, two sentences
    assert written == (
        '<p>[caption id="attachment_12" align="aligncenter" width="300"]'
        f'<img src="a.jpg" alt="{pseudo("Der Minister")}">'
        f' {pseudo(PRESIDENT)}[/caption]</p>\n'
        '<p>[gallery ids="1,2,3" columns="2"]</p>\n'
        '<p>[embed]https://www.youtube.com/watch?v=x[/embed]</p>\n'
        f'<p>{pseudo(PRESIDENT)} [contact-form-7 id="5" title="Kontaktformular"]</p>\n')


def test_a_caption_around_a_linked_image_sends_only_the_words_to_the_engine():
    engine = RecordingPseudo()
    image = '<a href="x.jpg"><img src="y.jpg" alt="Der Minister" /></a>'
    written = localized(f'<p>[caption id="" width="300"]{image} {PRESIDENT}[/caption]</p>\n', engine)
    assert sorted(engine.given) == ["Der Minister", PRESIDENT]
    assert written == (f'<p>[caption id="" width="300"]{image.replace("Der Minister", pseudo("Der Minister"))} '
                       f'{pseudo(PRESIDENT)}[/caption]</p>\n')


@pytest.mark.parametrize("shortcode", [
    '[button url="https://x.de/a.b"]', "[/button]", "[gallery]", "[wp_ad_slot]", "[contact-form-7]",
    '[audio src="a.mp3" /]', "[node:title]", "[site:name]", "[current-date format='j. F Y']",
])
def test_a_shortcode_or_drupal_token_inside_a_sentence_is_one_placeholder(shortcode):
    engine = RecordingPseudo()
    written = localized(f"<p>Der Präsident {shortcode} trifft den Minister in Berlin.</p>\n", engine)
    assert engine.given == ["Der Präsident {1} trifft den Minister in Berlin."]
    assert written.count(shortcode) == 1


def test_paired_shortcodes_around_words_go_to_the_engine_as_a_pair():
    engine = RecordingPseudo()
    written = localized('<p>Der Präsident [tooltip text="x"]trifft[/tooltip] den Minister in Berlin.</p>\n', engine)
    assert engine.given == ["Der Präsident {1}trifft{2} den Minister in Berlin."]
    assert f'[tooltip text="x"]{pseudo("trifft")[1:-1]}[/tooltip]' in written


def test_a_bare_shortcode_around_several_sentences_reaches_the_engine_in_none_of_them():
    engine = RecordingPseudo()
    written = localized(f"<p>[quote] {PRESIDENT} {MINISTER} [/quote]</p>\n", engine)
    assert engine.given == [PRESIDENT, MINISTER]
    assert written == f"<p>[quote] {pseudo(PRESIDENT)} {pseudo(MINISTER)} [/quote]</p>\n"


@pytest.mark.parametrize("bracketed", ["[Anm. d. Red.]", "[sic]", "[lacht]", "[...]", "[1]", "[Update: 12 Uhr]"])
def test_ordinary_bracketed_text_is_still_translated(bracketed):
    engine = RecordingPseudo()
    localized(f"<p>Der Präsident {bracketed} trifft den Minister in Berlin.</p>\n", engine)
    assert engine.given == [f"Der Präsident {bracketed} trifft den Minister in Berlin."]
    opening = RecordingPseudo()  # where a sentence starts, with its capital: "[Lacht] Der …"
    capitalized = re.sub(r"[a-z]", lambda letter: letter.group(0).upper(), bracketed, count=1)
    localized(f"<p>{capitalized} {PRESIDENT}</p>\n", opening)
    assert opening.given == [f"{capitalized} {PRESIDENT}"]


def test_shortcodes_are_no_evidence_of_the_articles_language():
    """A German article full of shortcodes (their names and attributes are English) was
    detected as English and copied untranslated."""
    from uebersetzer.detect import detect_article

    source = SourceText(Path("a.html"), "a.html", REPORTED_SHORTCODES, "\n", "utf-8")
    assert detect_article(parse(source)).language == "de"


SEO_HEAD = """<!DOCTYPE html>
<html lang="de-DE">
<head>
<meta http-equiv="Content-Language" content="de">
<meta property="og:locale" content="de_DE">
<meta property="og:locale:alternate" content="fr_FR">
<meta name="DC.language" content="de">
<title>Gipfel</title>
</head>
<body>
<p>Der Präsident trifft den Minister in Berlin.</p>
</body></html>
"""


@pytest.mark.parametrize("target, tag, locale", [
    ("en", "en", "en_US"), ("fr", "fr", "fr_FR"), ("pb", "pt-BR", "pt_BR"), ("zt", "zh-TW", "zh_TW"),
    ("pt", "pt", "pt_PT"), ("eo", "eo", "eo"),
])
def test_the_pages_language_metadata_follows_the_target(target, tag, locale):
    written = localized(SEO_HEAD, PseudoEngine(), target)
    assert f'<html lang="{tag}">' in written
    assert f'<meta http-equiv="Content-Language" content="{tag}">' in written
    assert f'<meta name="DC.language" content="{tag}">' in written
    assert f'<meta property="og:locale" content="{locale}">' in written
    # other editions' locales: left alone, but the output's own, which the source's takes (test_html_pages)
    alternate = "de_DE" if target == "fr" else "fr_FR"
    assert f'<meta property="og:locale:alternate" content="{alternate}">' in written


def test_og_locale_keeps_the_sources_country_for_the_same_language():
    from uebersetzer.languages import territorial_locale

    assert territorial_locale("de", "de_AT") == "de_AT"
    assert territorial_locale("en", "de_AT") == "en_US"
    assert territorial_locale("en", "en-gb") == "en_GB"


def test_a_page_nothing_was_translated_in_keeps_its_metadata():
    page = SEO_HEAD.replace("<p>Der Präsident trifft den Minister in Berlin.</p>", "<p>https://example.org</p>")
    page = page.replace("<title>Gipfel</title>", "<title>2026</title>")
    assert localized(page, PseudoEngine()) == page


# What CMSs put into running text, each as it stands there: glued to the word before it (a
# footnote reference), or between spaces
GLUED = FOOTNOTES
SPACED = [AD_SLOT, '<svg class="icon"><use href="#clock"></use></svg>', '[gallery ids="1,2,3" columns="2"]',
          '[contact-form-7 id="5" title="Kontaktformular"]', "[node:title]", "[/caption]",
          "[embed]https://x.de/v[/embed]"]
SENTENCES = [PRESIDENT, MINISTER, "Der Minister trifft den Präsidenten in Rom.",
             "Der Präsident trifft den Minister in Wien."]


@st.composite
def cms_paragraphs(draw) -> tuple[str, list[str], list[str]]:
    """(a paragraph, its sentences, the constructs in it): fixture sentences with footnote
    references, scripts, icons, shortcodes and tokens at random places, and perhaps a paired
    shortcode around some of the words."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
    words = " ".join(sentences).split()
    after: dict[int, list[str]] = {}  # by the word they follow (-1: the paragraph's start)
    placed: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        glued = draw(st.booleans())
        construct = draw(st.sampled_from(GLUED if glued else SPACED))
        at = draw(st.integers(0 if glued else -1, len(words) - 1))
        after.setdefault(at, []).append(("" if glued else " ") + construct)
        placed.append(construct)
    before: dict[int, str] = {}
    if draw(st.booleans()):  # a paired shortcode around a run of words, within a sentence or across two
        first = draw(st.integers(0, len(words) - 1))
        last = draw(st.integers(first, len(words) - 1))
        before[first] = '[tooltip text="Mehr"]'
        after.setdefault(last, []).insert(0, "[/tooltip]")
        placed += ['[tooltip text="Mehr"]', "[/tooltip]"]
    text = "".join(after.get(-1, [])).lstrip()
    for at, word in enumerate(words):
        text += ("" if not text else " ") + before.get(at, "") + word + "".join(after.get(at, []))
    return text, sentences, placed


def _without(text: str, constructs: list[str]) -> str:
    """`text` without the constructs, as written or as a msgid has them (white space normalized)."""
    forms = {form for construct in constructs for form in (construct, " ".join(construct.split()))}
    for construct in sorted(forms, key=len, reverse=True):
        text = text.replace(construct, " ")
    return " ".join(text.split())


@settings(max_examples=60, deadline=None)
@given(cms_paragraphs())
@example((f'{PRESIDENT}<sup><a href="#fn1">1</a></sup> {MINISTER}', [PRESIDENT, MINISTER],
          ['<sup><a href="#fn1">1</a></sup>']))
def test_cms_constructs_anywhere_stay_byte_for_byte_and_never_merge_or_split_sentences(paragraph):
    text, sentences, constructs = paragraph
    source = f"<p>{text}</p>\n"
    assert [_without(msgid, constructs) for msgid in msgids(source)] == sentences
    engine = RecordingPseudo()
    written = localized(source, engine)
    for construct in constructs:
        assert written.count(construct) == source.count(construct), (construct, written)
        assert not any(construct in given for given in engine.given)
    assert written.startswith("<p>") and written.endswith("</p>\n")
    inside = written.removeprefix("<p>").removesuffix("</p>\n")
    assert _without(inside, constructs).replace("[", "").replace("]", "").split() == \
        [pseudo(word)[1:-1] for word in _without(text, constructs).split()]


class MovingEngine(PseudoEngine):
    """Moves words into the markup as the fixture model did; pieces it is given alone, it pseudo-localizes."""

    def translate(self, sentences, source, target):
        return ["{1}the minister{2}meets{3}the president{4}." if sentence.startswith("{1}{2}1{3}{4}") else
                pseudo_localize(sentence)[1:-1] for sentence in sentences]


def test_a_sentence_whose_markup_the_engine_moved_is_redone_piecewise_and_keeps_the_marker():
    msgid = '<sup><a href="#fn1">1</a></sup> Der Minister trifft den Präsidenten.'  # a marker no format takes whole
    request = Request("de", "en", msgid, "text")
    done = translate_requests([request], MovingEngine())[request]
    assert done.text == f'<sup><a href="#fn1">1</a></sup> {pseudo("Der Minister trifft den Präsidenten.")[1:-1]}'
    assert any(note.startswith("fallback:") for note in done.notes)


def test_build_from_the_reviewed_po_file_writes_the_script_and_shortcode_byte_for_byte(run, tmp_path):
    """The msgid holds the script with its white space normalized; the article written from the
    editors' PO file has it as the source wrote it."""
    import polib

    article = tmp_path / "ad.html"
    article.write_text(f'<p>Der Präsident {AD_SLOT} trifft [tooltip text="a&b"]den[/tooltip] Minister in '
                       'Berlin.</p>\n',
                       encoding="utf-8")
    out = tmp_path / "loc"
    assert run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", out, "-q").code == 0
    catalog = polib.pofile(str(out / "en" / "ad.po"))
    (entry,) = [entry for entry in catalog if entry.msgid]
    assert "\n" not in entry.msgid
    entry.msgstr = entry.msgid.replace("Der Präsident", "The president").replace("trifft", "meets") \
        .replace("]den[", "]the[").replace("Minister", "minister")
    entry.flags = []
    catalog.save()
    result = run("build", article, "--to", "en", "--out", out, "--reviewed-only")
    assert result.code == 0, result.err
    assert (out / "en" / "ad.html").read_text(encoding="utf-8") == \
        f'<p>The president {AD_SLOT} meets [tooltip text="a&b"]the[/tooltip] minister in Berlin.</p>\n'


def test_the_reported_shortcode_page_is_translated_without_from(run, tmp_path):
    article = tmp_path / "wpsc.html"
    article.write_text(REPORTED_SHORTCODES, encoding="utf-8")
    result = run("translate", article, "--to", "en", "--engine", "pseudo", "--out", tmp_path / "loc", "--json")
    assert result.code == 0, result.err
    assert (tmp_path / "loc" / "en" / "wpsc.html").read_text(encoding="utf-8") == localized(REPORTED_SHORTCODES,
                                                                                         PseudoEngine())
