"""What stands beside a protected span in the source stays beside it: a marker before the
sentence's final punctuation never reaches the engine, a span written against a word comes
back against one, the punctuation bound to it stays with it, the words around it are not
swallowed; and a piece of the fallback may not come back with a name its source lacks."""

from __future__ import annotations

import pytest

from uebersetzer import formats
from uebersetzer.glossary import Entry, Glossary
from uebersetzer.protect import protect
from uebersetzer.restore import check, restore
from uebersetzer.translate import NameCheck

from tests.conftest import FIXTURES

HTML = formats.by_name("html").inline_spans
FOOTNOTE = '<sup><a href="#fn1">1</a></sup>'


@pytest.mark.parametrize(("msgid", "markup", "marker"), [
    (f"Der Präsident trifft den Minister in Berlin{FOOTNOTE}.", HTML, FOOTNOTE),
    ("Der Präsident trifft den Minister in Berlin &#x1F600;.", formats.by_name("text").inline_spans, " &#x1F600;"),
    ("Der Präsident trifft den Minister in Berlin<sup>3</sup>!", formats.by_name("text").inline_spans, "<sup>3</sup>"),
])
def test_a_marker_before_the_final_punctuation_never_reaches_the_engine(msgid, markup, marker):
    protected = protect(msgid, (), markup)
    assert protected.text == "Der Präsident trifft den Minister in Berlin" + msgid[-1]
    assert protected.inset == marker
    end = msgid[-1]
    assert restore(protected, f"The president meets the minister in Berlin{end}") == \
        f"The president meets the minister in Berlin{marker}{end}"


def test_a_span_between_words_is_no_final_marker():
    protected = protect("Die Regierung kritisiert die Sanktionen<sup>3</sup> heute.", (), HTML)
    assert protected.text == "Die Regierung kritisiert die Sanktionen{1} heute." and not protected.inset


def test_emphasis_around_a_number_before_the_full_stop_is_no_marker():
    """`um <b>15</b>.`: the 15 is a word of the sentence, not a footnote."""
    protected = protect("Die Sitzung beginnt um <b>15</b>.")
    assert protected.text == "Die Sitzung beginnt um {1}15{2}." and not protected.inset


def test_markup_around_an_address_before_the_full_stop_is_no_marker():
    """A link around an e-mail address holds words of the sentence: it stays in it."""
    protected = protect('Fragen an <a href="mailto:a@b.example">a@b.example</a>.', (), HTML)
    assert protected.text == "Fragen an {1}{2}{3}." and not protected.inset


def test_a_span_written_against_a_word_must_come_back_against_one():
    protected = protect("Die Regierung kritisiert die Sanktionen<sup>3</sup> heute.", (), HTML)
    assert "off the word" in check(protected, "The government criticizes {1} today.")
    assert check(protected, "The government criticizes the sanctions{1} today.") == ""


def test_the_punctuation_bound_to_a_span_stays_beside_it():
    protected = protect("%s: Der Präsident trifft den Minister in Berlin.")
    assert check(protected, "{1} meets the minister in Berlin.") == "lost the ':' after '%s'"
    assert check(protected, "{1}: The president meets the minister in Berlin.") == ""


def test_words_beside_a_span_between_words_are_not_swallowed():
    protected = protect("Die Regierung kritisiert die Sanktionen {{quelle}} heute.")
    assert check(protected, "The government criticizes {1} today.").startswith("lost words beside '{{quelle}}'")
    assert check(protected, "The government criticizes the sanctions {1} today.") == ""


def test_an_invented_placeholder_is_named_as_one():
    protected = protect("In Berlin wurde der Vorstoß aufgenommen.")
    assert check(protected, "{1} confirms the plan.") == \
        "wrote {1}, a placeholder the sentence does not hold (it holds none)"


def names(*entries: Entry) -> NameCheck:
    glossary = Glossary(list(entries))
    found = [glossary.find_terms(text, "de", "en") for text in ("Moskau", "Genf", "Berlin")]
    return NameCheck.of(found, ("Müller", "Schmidt"))


GLOSSARY = (Entry("Moskau", targets={"en": "Moscow"}), Entry("Genf", targets={"en": "Geneva"}),
            Entry("Berlin", targets={"en": "Berlin"}))


def test_a_piece_may_not_come_back_with_a_glossary_form_or_stand_in_it_does_not_hold():
    check_names = names(*GLOSSARY)
    assert check_names.invented("Die Regierung tagt in, in.", "The government meets in, in Moscow.", False) == ["Moscow"]
    assert check_names.invented("Die Regierung tagt.", "Müller's government meets.", False) == ["Müller"]
    # the piece holds the name (in a form of its own): no invention
    assert check_names.invented("Die Moskauer Regierung tagt.", "The Moscow government meets.", False) == []


def test_a_piece_cut_before_protected_text_may_not_fill_the_slot_with_a_name():
    check_names = names(*GLOSSARY)
    assert check_names.invented("Der Präsident trifft den Minister in.",
                                "The president meets the minister in Paris.", True) == ["Paris"]
    # not cut before protected text, or ending in a name the piece gives: left alone
    assert check_names.invented("Der Präsident trifft den Minister in.",
                                "The president meets the minister in Paris.", False) == []
    assert check_names.invented("Die Gespräche in Moskau und.", "The talks in Moscow and.", True) == []
    assert check_names.invented("Er reiste nach Wien.", "He travelled to Vienna.", True) == []
    assert check_names.invented("Sie denkt so wie ich.", "She thinks like I.", True) == []


@pytest.mark.parametrize(("piece", "output"), [
    ("Le journal reçoit le ministre lundi.", "The newspaper receives the minister on Monday."),
    ("El periódico recibe al ministro en septiembre.", "The newspaper receives the minister in September."),
    ("Il ministro arriva lunedì.", "The minister arrives on Monday."),
    ("Le ministre parle français.", "The minister speaks French."),
    ("Le ministre est espagnol.", "The minister is Spanish."),
])
def test_a_capitalized_word_that_translates_a_word_in_lower_case_is_no_invented_name(piece, output):
    # English capitalizes days, months and nationalities, which French, Spanish, Italian...
    # write in lower case: "lundi" gives "Monday", and was taken out of the translation
    source = {"Le": "fr", "El": "es", "Il": "it"}[piece.split()[0]]
    assert names(*GLOSSARY).invented(piece, output, True, source, "en") == []


def test_a_day_the_piece_does_not_name_is_still_a_filled_slot():
    # the fixture model completes "… le ministre de l" (cut before "&#8217;Europe") "… on Monday"
    check_names = names(*GLOSSARY)
    assert check_names.invented("Le journal reçoit le ministre de l.", "The newspaper receives the minister on Monday.",
                                True, "fr", "en") == ["Monday"]
    assert check_names.invented("Der Präsident trifft den Minister in.", "The president meets the minister in Paris.",
                                True, "de", "en") == ["Paris"]
    # German itself capitalizes its nouns: only English's own habits are known
    assert check_names.invented("Le ministre arrive lundi.", "Der Minister kommt am Montag.", True, "fr", "de") == ["Montag"]


@pytest.fixture(scope="module")
def fr_en_folder(tmp_path_factory):
    from uebersetzer import models

    folder = tmp_path_factory.mktemp("packages")
    models.install_file(FIXTURES / "models" / "fr_en_bpe.argosmodel", folder)
    return folder


def test_the_weekday_of_a_french_quote_stays_in_its_translation(run, tmp_path, fr_en_folder, monkeypatch):
    # the fixture model loses « », so the sentence goes to the piecewise fallback
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(fr_en_folder))
    article = tmp_path / "q.fr.html"
    article.write_text("<p>&laquo;&nbsp;Le journal reçoit le ministre lundi.&nbsp;&raquo;</p>\n", encoding="utf-8")
    (tmp_path / "g.yaml").write_text("[]\n", encoding="utf-8")
    result = run("translate", article, "--to", "en", "--out", tmp_path / "o", "--glossary", tmp_path / "g.yaml", "--quiet")
    assert result.code == 0, result.err
    written = (tmp_path / "o" / "en" / "q.fr.html").read_text(encoding="utf-8")
    assert "<p>&laquo;&nbsp;The newspaper receives the minister on Monday.&nbsp;&raquo;</p>" in written
    assert "left out of a piece's translation" not in (tmp_path / "o" / "en" / "q.fr.po").read_text(encoding="utf-8")
