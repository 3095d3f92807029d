"""Protected spans through the real quick-start model (de_en): they stay where the source wrote
them, and a fallback piece does not come back with a name it never had."""

from __future__ import annotations

import pytest

from uebersetzer.engines.argos import ArgosEngine
from uebersetzer.glossary import Entry, Glossary
from uebersetzer.translate import FALLBACK_NOTE, Request, translate_requests

FOOTNOTE = '<sup><a href="#fn1">1</a></sup>'


@pytest.fixture(scope="module")
def engine(package_folder):
    return ArgosEngine(str(package_folder))


def translated(engine, msgid: str, format_name: str = "text", glossary: Glossary | None = None):
    request = Request("de", "en", msgid, format_name)
    finder = glossary.find_terms if glossary else (lambda *args: ())
    return translate_requests([request], engine, finder)[request]


def test_a_footnote_before_the_full_stop_stays_on_the_sentences_end(engine):
    result = translated(engine, f"Der Präsident trifft den Minister in Berlin{FOOTNOTE}.", "html")
    assert result.text == f"The president meets the minister in Berlin{FOOTNOTE}.", result
    assert not result.notes


def test_an_emoji_before_the_full_stop_stays_there(engine):
    result = translated(engine, "Der Präsident trifft den Minister in Berlin &#x1F600;.")
    assert result.text == "The president meets the minister in Berlin &#x1F600;.", result


def test_a_superscript_against_a_word_stays_against_it(engine):
    result = translated(engine, "Die Regierung kritisiert die Sanktionen<sup>3</sup> heute.", "html")
    assert "the sanctions<sup>3</sup>" in result.text, result
    assert result.fell_back


def test_a_printf_prefix_keeps_its_colon_and_the_words_after_it(engine):
    result = translated(engine, "%s: Der Präsident trifft den Minister in Berlin.")
    assert result.text.startswith("%s: The president"), result


def test_a_sentence_without_protected_text_is_not_said_to_be_translated_piecewise(engine):
    """The quick-start model was trained with `{N}` for names and writes `{1}` for a sentence
    unlike its training text: the note says so, not that it was translated around protected text."""
    result = translated(engine, "In Berlin wurde der Vorstoß mit Zurückhaltung aufgenommen.")
    [note] = result.notes
    assert note.startswith(FALLBACK_NOTE) and "a placeholder the sentence does not hold" in note, note
    assert "piecewise" not in note and "{1}" not in result.text


@pytest.mark.parametrize(("msgid", "expected", "invented"), [
    ("Der Präsident trifft den Minister in Berlin.", "The president meets the minister in Berlin.", "Paris"),
    ("Neue Gespräche in Genf:", "The talks in Geneva:", "Vienna"),
])
def test_a_fallback_piece_does_not_invent_a_place_before_the_term(engine, msgid, expected, invented):
    glossary = Glossary([Entry("Berlin", targets={"en": "Berlin", "fr": "Berlin"}),
                         Entry("Genf", targets={"en": "Geneva", "fr": "Genève"})])
    result = translated(engine, msgid, glossary=glossary)
    assert result.text == expected, result
    assert f"“{invented}”" in result.notes[0]
