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
@given(_text, st.sampled_from(["https://a.org/x", "**fett**", "a@b.de", "`x`", "www.example.com", "{7}", "%s",
                                       "%(name)s", "{{name}}", "&amp;", "&#x1F600;", "<b>fett</b>", "x<br>y"]), _text)
def test_identity_engine_gives_the_sentence_back(before, protected_part, after):
    sentence = f"{before} {protected_part} {after}".strip()
    protected = protect(sentence, markup=markdown)
    assert check(protected, protected.text) == ""
    assert restore(protected, protected.text) == sentence.strip()


def test_what_editors_texts_hold_is_protected():
    sentence = "Hallo %s, %(count)d neue {{kind}} für {user} und ${name} bei AT&amp;T &#x1F600; %1$s."
    protected = protect(sentence)
    assert [t.source for t in protected.tokens] == [
        "%s", "%(count)d", "{{kind}}", "{user}", "${name}", "&amp;", "&#x1F600;", "%1$s"]
    assert protected.text == "Hallo {1}, {2} neue {3} für {4} und {5} bei AT{6}T {7} {8}."


def test_percent_signs_of_ordinary_text_stay_text():
    for sentence in ("50 % der Stimmen", "ein 100%iger Erfolg", "https://x.org/a%20b?c=1&amp;d=2 hier"):
        protected = protect(sentence)
        assert all(t.source.startswith("http") for t in protected.tokens), protected.tokens


def test_inline_tags_come_back_without_spaces_inside():
    protected = protect("Die <b>erste Runde</b> beginnt<br>heute, <i>sagt</i> AT&amp;T.")
    assert [t.role for t in protected.tokens] == ["open", "close", "atom", "open", "close", "atom"]
    output = "The {1} first round {2} begins {3} today, {4} says {5} AT {6} T."
    assert check(protected, output) == ""
    assert restore(protected, output) == "The <b>first round</b> begins <br> today, <i>says</i> AT &amp; T."
    assert restore(protected, "The {1}first round{2} begins{3}today, {4}says{5} AT{6}T.") == \
        "The <b>first round</b> begins<br>today, <i>says</i> AT&amp;T."


def test_a_lost_printf_placeholder_is_named_not_dropped():
    protected = protect("Sie haben %d neue Nachrichten von {{sender}}.")
    assert check(protected, "You have new messages from {2}.") == "lost '%d'"
    assert pieces(protected) == ["Sie haben", "neue Nachrichten von"]
    assert assemble(protected, {"Sie haben": "You have", "neue Nachrichten von": "new messages from"}) == \
        "You have %d new messages from {{sender}}."


def test_substituted_terms_are_written_in_target_form_and_looked_for_in_the_output():
    from uebersetzer.glossary import Entry, Glossary

    glossary = Glossary([Entry("Selenskyj", targets={"en": "Zelensky"}), Entry("Trump")])
    sentence = "Selenskyjs Plan trifft **Trump** in Selenskyj-Stadt."
    protected = protect(sentence, glossary.find_terms(sentence, "de", "en"), markdown, term_mode="target")
    assert protected.text == "Zelenskys Plan trifft {1}Trump{2} in Zelensky-Stadt."
    assert [t.output for t in protected.substituted] == ["Zelensky's", "Trump", "Zelensky"]
    assert check(protected, "Zelensky's plan meets {1}Trump{2} in Zelensky city.") == ""
    assert restore(protected, "Zelensky's plan meets {1} Trump {2} in Zelensky city.") == \
        "Zelensky's plan meets **Trump** in Zelensky city."
    assert check(protected, "Selenskyj's plan meets {1}Trump{2} in Zelensky city.") == \
        "wrote Selenskyj -> Zelensky 0 times instead of 1"
    assert check(protected, "Zelensky's plan meets {1}Trump{2} in Zelensky and Zelensky city.").startswith(
        "wrote Selenskyj -> Zelensky 2 times")


def test_stand_in_names_carry_terms_through_the_model_and_are_replaced():
    from uebersetzer.glossary import Entry, Glossary

    glossary = Glossary([Entry("Selenskyj", targets={"en": "Zelensky", "fr": "Zelensky"}), Entry("Peter Müller")])
    sentence = "Selenskyjs Plan trifft Peter Müller und Selenskyj."
    protected = protect(sentence, glossary.find_terms(sentence, "de", "en"), term_mode="standin")
    assert protected.text == "Schmidts Plan trifft Weber und Meyer."  # "Müller" is in the sentence already
    assert check(protected, "Schmidt's plan meets Weber and Meyer.") == ""
    assert restore(protected, "Schmidt's plan meets Weber and Meyer.") == \
        "Zelensky's plan meets Peter Müller and Zelensky."
    assert check(protected, "Schmid's plan meets Weber and Meyer.") == "wrote Selenskyj -> Zelensky 0 times instead of 1"
    assert check(protected, "Schmidt's plan meets Weber Weber and Meyer.").startswith("wrote Peter Müller")
    french = protect(sentence, glossary.find_terms(sentence, "de", "fr"), term_mode="standin")
    assert restore(french, "Le plan de Schmidt rencontre Weber et Meyer.") == \
        "Le plan de Zelensky rencontre Peter Müller et Zelensky."


def test_stand_ins_are_the_given_ones_and_a_rotation_meets_other_names():
    from uebersetzer.glossary import Entry, Glossary
    from uebersetzer.protect import STANDINS, rotated

    glossary = Glossary([Entry("Selenskyj", targets={"en": "Zelensky"}), Entry("Kiew", targets={"en": "Kyiv"})])
    sentence = "Selenskyj reist nach Kiew."
    spans = glossary.find_terms(sentence, "de", "en")
    assert protect(sentence, spans, term_mode="standin", standins=("Novak", "Silva")).text == "Novak reist nach Silva."
    first = protect(sentence, spans, term_mode="standin").text
    second = protect(sentence, spans, term_mode="standin", standins=rotated(STANDINS, 2)).text
    assert {first.split()[0], first.split()[-1]}.isdisjoint({second.split()[0], second.split()[-1]})
    assert rotated(STANDINS, len(STANDINS) + 1) == rotated(STANDINS, 1) and rotated((), 3) == ()


def test_a_stand_in_with_a_possessive_the_source_did_not_have_is_not_the_term():
    """"CNN erfuhr" came back from the naive model as "Müller'sfut ...": "CNN'sfut" is not CNN."""
    from uebersetzer.glossary import Entry, Glossary

    glossary = Glossary([Entry("CNN"), Entry("Selenskyj", targets={"en": "Zelensky"})])
    plain = protect("CNN erfuhr es.", glossary.find_terms("CNN erfuhr es.", "de", "en"), term_mode="standin")
    assert check(plain, "Müller'sfut learned it.") == "wrote CNN -> CNN 0 times instead of 1"
    assert check(plain, "Müller's learned it.") == "wrote CNN -> CNN 0 times instead of 1"
    assert restore(plain, "Müller learned it.") == "CNN learned it."
    sentence = "Selenskyjs Plan."
    genitive = protect(sentence, glossary.find_terms(sentence, "de", "en"), term_mode="standin")
    assert check(genitive, "Müller'sfut plan.") != "" and check(genitive, "Müller's plan.") == ""
    assert restore(genitive, "Müller’s plan.") == "Zelensky's plan."


def test_the_fallback_drops_a_possessive_a_piece_invents_after_a_term():
    """The naive model translated the piece "-Gespräche am Dienstag." after a term as "'s talks
    on Tuesday.": the term's genitive is in its own span, so that "'s" is invented."""
    from uebersetzer.glossary import Entry, Glossary
    from uebersetzer.restore import assemble, pieces

    glossary = Glossary([Entry("Klitschko"), Entry("Peskow", targets={"en": "Peskov"})])
    sentence = "Klitschkos Rede lobt das Peskow-Klitschko-Gespräche am Dienstag."
    protected = protect(sentence, glossary.find_terms(sentence, "de", "en"))
    assert pieces(protected) == ["Rede lobt das", "-Gespräche am Dienstag."]
    text = assemble(protected, {"Rede lobt das": "'s speech praises the", "-Gespräche am Dienstag.": "'s talks on Tuesday."})
    assert text == "Klitschko's speech praises the Peskov-Klitschko talks on Tuesday."
