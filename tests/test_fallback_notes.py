"""What a fallback note names (a new user's try-out: `#. fallback: the engine lost ''`): no
protected span of a whole pair is empty, and a span the engine lost is named readably, its
invisible characters (a no-break space, a line break) shown by their names."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.formats import html as html_format
from uebersetzer.formats import markdown as markdown_format
from uebersetzer.protect import PLACEHOLDER, Span, protect
from uebersetzer.restore import check, describe_span, restore
from uebersetzer.translate import Request, translate_requests

# The try-out's sentence: emphasis and a link, each with a kramdown attribute list after it.
JEKYLL = 'Der Präsident *trifft*{: .x} den [Minister](https://example.com/minister?a=1&b=2){:target="_blank"}.'


def test_emphasis_with_an_attribute_list_is_one_pair_not_two_halves_with_invisible_partners():
    protected = protect(JEKYLL, markup=markdown_format.site_inline_spans)
    assert protected.text == "Der Präsident {1}trifft{2} den {3}Minister{4}."
    assert all(token.source for token in protected.tokens)
    assert restore(protected, "The president {1}meets{2} the {3}minister{4}.") == \
        'The president *meets*{: .x} the [minister](https://example.com/minister?a=1&b=2){:target="_blank"}.'


def test_a_lost_invisible_partner_is_named_by_the_markup_it_stands_for():
    opened = protect("Der Präsident trifft <i>den Minister in Berlin.", markup=html_format.inline_spans)
    assert opened.text == "Der Präsident trifft {1}den Minister in Berlin.{2}"
    problem = check(opened, "The president meets {1}the minister in Berlin.")
    assert problem == "lost the end of '<i>' (it ends in another sentence)"
    closed = protect("Der Minister trifft den Präsidenten</span> in Berlin.", markup=html_format.inline_spans)
    assert check(closed, "The minister meets the president{2} in Berlin.") == \
        "lost the start of '</span>' (it starts in another sentence)"


@pytest.mark.parametrize("span, shown", [
    ("\u00a0", "⟨U+00A0 NO-BREAK SPACE⟩"),
    ("\ue000", "⟨U+E000⟩"),  # private use: no name
    ("a\nb", "'a⟨U+000A⟩b'"),
    ("<br>", "'<br>'"),
])
def test_a_span_is_described_with_its_invisible_characters_named(span, shown):
    assert shown in describe_span(span)


_ANY_CHARACTER = st.characters(blacklist_categories=("Cs",))


@settings(max_examples=60, deadline=None)
@given(st.text(_ANY_CHARACTER, min_size=1, max_size=6))
@example("'")  # an apostrophe alone: "'''", which stripping the quotes once took for empty
def test_a_description_is_one_line_of_visible_characters(span):
    described = describe_span(span)
    assert len(described) > 2 and described != "''"  # never an empty-looking span ("'''" is an apostrophe quoted)
    for character in described:
        category = unicodedata.category(character)
        assert character == " " or not (category.startswith(("C", "Z")))


def test_the_pipelines_note_for_the_try_outs_sentence_names_no_empty_span():
    class DropsTheLastPlaceholder(PseudoEngine):
        """Loses the last placeholder of every sentence, as the fixture model did."""

        def translate(self, texts, source, target):  # type: ignore[no-untyped-def]
            outputs = list(super().translate(texts, source, target))
            return [_without_last_placeholder(text) for text in outputs]

    results = translate_requests([Request("de", "en", JEKYLL, "markdown")], DropsTheLastPlaceholder())
    notes = results[Request("de", "en", JEKYLL, "markdown")].notes
    assert notes and "''" not in notes[0]
    assert "lost '](https://example.com/minister?a=1&b=2){:target=\"_blank\"}'" in notes[0]


def _without_last_placeholder(text: str) -> str:
    found = list(PLACEHOLDER.finditer(text))
    return text if not found else text[:found[-1].start()] + text[found[-1].end():]


def test_span_labels_are_shown_as_written():
    protected = protect("Er fliegt nach Moskau.", [Span(15, 21, "Moscow", "term", "Moskau -> Moscow")])
    assert check(protected, "He flies to.") == "lost Moskau -> Moscow"


# ---- the review page's badge: what kind of fallback the note tells of -------------------------

from tests.engines.test_argos import engine, package_folder  # noqa: E402,F401  (fixtures: the real small models)
from uebersetzer.fallback_notes import FALLBACK_NOTE, badge, note  # noqa: E402
from uebersetzer.glossary import Entry, Glossary  # noqa: E402

CAPITALS = Glossary([Entry("Berlin", targets={"en": "Berlin", "fr": "Berlin"})])


@pytest.mark.parametrize(("request_", "glossary", "expected"), [
    # the try-out's: the page said "fallback: check markup" for words kept in German
    (Request("de", "fr", "Weitere Angaben folgen unter [dieser Seite](https://example.com/live).", "markdown"), None,
     "fallback: left untranslated “dieser Seite”; translated piecewise"),
    (Request("de", "en", "In Berlin wurde der Vorstoß mit Zurückhaltung aufgenommen."), None,
     "fallback: translated again without an invented placeholder"),
    (Request("de", "en", "Der Präsident trifft den Minister in Berlin."), CAPITALS,
     "fallback: invented “Paris” taken out; translated piecewise"),
])
def test_the_badge_says_what_the_real_models_fallback_note_says(engine, request_, glossary, expected):
    """Each kind of note the fixture models make, through the real engine: the badge names the
    words left in the source language, a name taken out, and how the sentence was redone."""
    finder = glossary.find_terms if glossary else (lambda *args: ())
    notes = translate_requests([request_], engine, finder)[request_].notes
    [written] = [n for n in notes if n.startswith(FALLBACK_NOTE)]
    assert badge(written) == expected, written


words = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="“”;"),
                         min_size=1, max_size=12).filter(str.strip).map(str.strip), max_size=5)


@given(protected=st.booleans(), kept=words, dropped=words)
def test_the_badge_names_what_the_note_names(protected, kept, dropped):
    """Any note `note` writes: the badge names its first words left untranslated and taken out
    (and how many more), and how the sentence was redone; nothing it does not say."""
    label = badge(note("lost {1}", protected, kept, dropped))
    assert label.startswith("fallback: ")
    for listed, prefix in ((kept, "left untranslated “"), (dropped, "invented “")):
        assert (prefix in label) == bool(listed)
        for word in listed[:3]:
            assert f"“{word}”" in label
        assert (f"and {len(listed) - 3} more" in label) == (len(listed) > 3)
    assert label.endswith("translated piecewise" if protected else "translated again without an invented placeholder")


def test_a_note_in_other_words_gets_the_general_badge():
    assert badge("fallback: the engine lost {1}; redone") == "fallback: see the note"
