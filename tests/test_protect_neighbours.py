"""What stands beside a protected span in the source stays beside it: a marker before the
sentence's final punctuation never reaches the engine, a span written against a word comes
back against one, the punctuation bound to it stays with it, the words around it are not
swallowed."""

from __future__ import annotations

import pytest

from uebersetzer import formats
from uebersetzer.protect import protect
from uebersetzer.restore import check, restore

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
