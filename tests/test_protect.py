"""Protect and restore: what engines must not touch survives, or the sentence is redone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.formats.markdown import inline_spans as markdown
from uebersetzer.protect import Span, protect
from uebersetzer.restore import assemble, check, pieces, restore


def test_urls_emails_and_bare_domains_become_placeholders():
    protected = protect("Mehr auf https://example.org/a?b=1, edition.cnn.com und bei info@die-nachrichten.at.")
    assert protected.text == "Mehr auf {1}, {2} und bei {3}."
    assert [t.source for t in protected.tokens] == [
        "https://example.org/a?b=1", "edition.cnn.com", "info@die-nachrichten.at"]


def test_sentence_end_and_abbreviations_are_not_domains():
    assert protect("Er kam z.B. am Montag. Das war gut.").tokens == ()


def test_markup_and_link_syntax_are_protected_but_link_text_is_not():
    protected = protect("Die **erste Runde** steht im [Bericht](https://x.org/b) und `code`.", markup=markdown)
    assert protected.text == "Die {1}erste Runde{2} steht im {3}Bericht{4} und {5}."
    assert [t.role for t in protected.tokens] == ["open", "close", "open", "close", "atom"]


def test_restore_puts_markup_back_around_the_translated_words():
    protected = protect("Die **erste Runde** beginnt.", markup=markdown)
    assert check(protected, "The {1} first round {2} begins.") == ""
    assert restore(protected, "The {1} first round {2} begins.") == "The **first round** begins."


def test_check_finds_lost_doubled_and_reordered_placeholders():
    protected = protect("Die **erste Runde** in Riad.", [Span(23, 27, "Riyadh", "term", "Riad -> Riyadh")], markdown)
    assert check(protected, "The first round in {3}.").startswith("lost")
    assert check(protected, "The {1}first{2} round in {3} {3}.") != ""
    assert check(protected, "The {2}first{1} round in {3}.") == "reordered the markup"
    assert check(protected, "In {3}, the {1}first round{2}.") == ""


def test_fallback_assembles_pieces_around_protected_spans():
    protected = protect("Gespräche in Riad beginnen.", [Span(13, 17, "Riyadh", "term", "Riad -> Riyadh")])
    assert pieces(protected) == ["Gespräche in", "beginnen."]
    assert assemble(protected, {"Gespräche in": "Talks in", "beginnen.": "begin."}) == "Talks in Riyadh begin."


_text = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=80)


@settings(max_examples=300, deadline=None)
@given(_text, st.sampled_from(["https://a.org/x", "**fett**", "a@b.de", "`x`", "www.example.com", "{7}"]), _text)
def test_identity_engine_gives_the_sentence_back(before, protected_part, after):
    sentence = f"{before} {protected_part} {after}".strip()
    protected = protect(sentence, markup=markdown)
    assert check(protected, protected.text) == ""
    assert restore(protected, protected.text) == sentence.strip()
