"""Repair of paragraphs a scraper cut with a blank line, told apart from paragraphs that merely
lost their full stop by the article's own usage of its words (repair.WordUsage)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench import flores_articles
from uebersetzer.parse import parse
from uebersetzer.read import SourceText
from uebersetzer.repair import WordUsage


def texts(text: str, name: str = "a.txt") -> list[str]:
    return [block.text for block in parse(SourceText(Path(name), name, text, "\n", "utf-8")).blocks]


OPENING = ("Die Außenminister der Europäischen Union haben sich am Montag in Brüssel zu einem Treffen "
           "über die Energiepreise getroffen. Sie sprachen über die Preise für Gas und Strom, die seit dem "
           "Winter deutlich gesunken sind. ")


def test_a_paragraph_ending_in_a_year_stays_apart_from_one_starting_with_a_word_the_article_writes_in_lower_case():
    text = (f"Gaspreise sinken\n\n{OPENING}Die Preise sind so niedrig wie zuletzt im Jahr 2020\n\n"
            "Die Regierung in Berlin will deshalb die Steuern auf Strom senken. Der Minister sagte, die "
            "Entlastung komme im Herbst.\n")
    assert texts(text)[1:] == [f"{OPENING}Die Preise sind so niedrig wie zuletzt im Jahr 2020",
                               "Die Regierung in Berlin will deshalb die Steuern auf Strom senken. Der Minister "
                               "sagte, die Entlastung komme im Herbst."]


def test_a_cut_before_a_noun_after_a_word_the_article_writes_inside_sentences_is_joined():
    text = (f"Gaspreise sinken\n\n{OPENING}Der Minister aus Berlin will nun mit der\n\n"
            "Regierung in Kiew über weitere Lieferungen sprechen. Die Gespräche sollen im Mai beginnen.\n")
    assert texts(text)[1] == (f"{OPENING}Der Minister aus Berlin will nun mit der Regierung in Kiew über "
                              "weitere Lieferungen sprechen. Die Gespräche sollen im Mai beginnen.")


def test_a_cut_before_a_noun_with_no_word_to_go_by_is_joined_when_the_sentence_it_makes_has_a_usual_length():
    """"Weißen" appears nowhere else and "Haus" never in lower case: the joined sentence's length decides."""
    text = (f"Gespräche in Riad\n\n{OPENING}Der Kreml hat die Nachricht aus dem Weißen\n\n"
            "Haus mit Freude aufgenommen. Die Delegationen wollen sich im Mai in Riad erneut treffen.\n")
    assert len(texts(text)) == 2


def test_two_sentences_joined_would_be_twice_as_long_as_the_articles_usual_ones():
    usage = WordUsage.of([OPENING * 3])
    assert usage.sentence_words == 17  # the median of 18 and 16 words
    assert usage.says_cut("Die Preise sind so niedrig wie zuletzt vor dem großen Krieg in der Ukraine",
                          "Regierungssprecher Meier kündigte für Mittwoch eine ausführliche Erklärung des "
                          "Kanzlers zu den neuen Preisen an.") is False  # 14 + 16 words
    assert usage.says_cut("Die Preise sind so niedrig wie", "Experten erwartet hatten.") is True


def test_the_evidence_of_words_comes_before_length_and_an_empty_usage_says_nothing():
    usage = WordUsage.of([OPENING * 3])
    assert usage.says_cut("ein Satz über", "Die Union und viele weitere Wörter, die den Satz lang machen, "
                          "so lang wie zwei Sätze und noch etwas länger als das.") is False  # "die": lower case
    assert usage.says_cut("und sprachen über", "Energiepreise mit vielen Wörtern, die einen Satz lang "
                          "machen, so lang wie zwei Sätze und noch etwas länger als das.") is True  # "über" inside
    assert WordUsage().says_cut("und sprachen über", "Energiepreise") is None


def test_a_short_lower_case_continuation_of_a_paragraph_is_joined_but_no_url_line():
    text = f"Titel\n\n{OPENING}Eine Untersuchung zur Aufklärung\n\ndes Unfalls wurde eingeleitet\n"
    assert texts(text)[1].endswith("zur Aufklärung des Unfalls wurde eingeleitet")
    text = f"Titel\n\n{OPENING}Mehr dazu unter\n\nwww.example.org\n"
    assert texts(text)[-1] == "www.example.org"



QUOTED_ENGLISH = "\u201cThe border stays open for trade, we said it again.\u201d"  # short: the length bar lets it through


@pytest.mark.parametrize("ending", ["Die Einzelheiten der Vereinbarung (siehe unten)",
                                    "Die Einzelheiten stellte der Minister am Dienstag in Genf"])
@pytest.mark.parametrize("quote", [QUOTED_ENGLISH, QUOTED_ENGLISH.replace("\u201c", '"').replace("\u201d", '"'),
                                   "\u00ab" + QUOTED_ENGLISH[1:-1] + "\u00bb",
                                   "\u201c250 trucks crossed the border on Monday, we said.\u201d"])
def test_a_paragraph_without_its_full_stop_is_not_joined_to_a_quote_below_it(ending, quote):
    """A German paragraph ending in a bracket or a word, then an English quote: the quote
    starts a sentence of its own; joined, the German half was read as English and kept."""
    text = f"Handel an der Grenze\n\n{OPENING}{OPENING}{ending}\n\n{quote}\n"
    assert texts(text)[1:] == [f"{OPENING}{OPENING}{ending}", quote]


# neither writes its first word in lower case too, which would tell a sentence starts there
@pytest.mark.parametrize("paragraph", ["Union leaders called it a costly mistake for workers.",
                                       "Le syndicat parle d'une erreur coûteuse pour les salariés."])
def test_a_paragraph_without_its_full_stop_is_not_joined_to_an_unquoted_paragraph_in_another_language(paragraph):
    """Nothing but its language tells an unquoted English (or French) paragraph from the German
    continuation of a cut: both open with a capital, and joined they make a sentence of the
    article's usual length. Joined, the English was read and translated as German."""
    ending = "Die Opposition kündigte am Dienstag Widerstand an und verlangte eine Anhörung"
    text = f"Handel an der Grenze\n\n{OPENING}{OPENING}{ending}\n\n{paragraph}\n"
    assert texts(text)[1:] == [f"{OPENING}{OPENING}{ending}", paragraph]


def test_a_cut_after_a_few_words_is_joined_though_they_say_nothing_of_their_language():
    """"En 1970," reads as Spanish by a hair, and its French continuation clears the bar against
    Spanish: the halves are told apart by language only if both clear it."""
    opening = ("Le gouvernement a présenté lundi à Paris un nouveau projet de réforme des retraites. "
               "Le ministre a déclaré devant les journalistes que la réforme serait adoptée à l'automne.")
    continuation = "Marie Dupont, médecin et chercheuse à Lyon, a découvert une méthode nouvelle pour soigner les enfants."
    text = f"Titre\n\n{opening}\n\nLa découverte\n\nEn 1970,\n\n{continuation}\n"
    assert texts(text)[-1] == f"En 1970, {continuation}"


def test_a_cut_before_a_quoted_word_in_lower_case_is_still_joined():
    """A quote mark followed by a lower-case word continues the sentence (as the closing
    guillemet of French does: "« voie du gourou" / "» en pendjabi")."""
    text = f"Titel\n\n{OPENING}Der Minister nannte den Vorschlag der Kommission\n\n\u201eunverantwortlich\u201c und ging.\n"
    assert texts(text)[1] == f"{OPENING}Der Minister nannte den Vorschlag der Kommission \u201eunverantwortlich\u201c und ging."


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöü", min_size=2, max_size=9)
_sentence = st.builds(lambda first, words: " ".join([first.capitalize(), *words]) + ".", _word,
                      st.lists(_word, min_size=4, max_size=14))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_sentence, min_size=2, max_size=4), min_size=3, max_size=6), st.data())
def test_a_paragraph_without_its_full_stop_is_never_joined_to_one_starting_with_a_word_written_in_lower_case(
        paragraphs, data):
    """Whatever the words: the next paragraph's first word appears in lower case in the article,
    so a sentence starts there, and the blank line stays."""
    joined = [" ".join(sentences) for sentences in paragraphs]
    dropped = data.draw(st.integers(0, len(joined) - 2))
    joined[dropped] = joined[dropped][:-1]
    opening = paragraphs[dropped + 1][0].split()[0]
    joined[-1] += f" Wie {opening.lower()} oft."  # the last paragraph: never the one without its full stop
    blocks = texts("Titel\n\n" + "\n\n".join(joined) + "\n")
    assert blocks[1 + dropped] == joined[dropped]


needs_flores = pytest.mark.skipif(not flores_articles.available(),
                                  reason=f"FLORES data not found at {flores_articles.FLORES} (../shared is absent)")
# Bars chosen on the `tune` half (bench/bench_repair.py: false joins 5-8%, missed joins 6-16%;
# the rule before: 83-88% false joins); asserted on `check`, text the rule was not chosen on.
FALSE_JOINS_BELOW = 0.2
MISSED_JOINS_BELOW = 0.2


@needs_flores
@pytest.mark.parametrize("language", ["de", "fr", "en"])
def test_on_flores_few_real_breaks_are_joined_and_few_cuts_left_apart(language):
    corpus = {language: flores_articles.sentences(language)}
    articles = flores_articles.mangled_articles(corpus, language, "check", seed=7, rounds=5)
    tally = flores_articles.repair_tally(articles)
    dropped, falsely_joined = tally["dropped"]
    cuts, joined = tally["cut"]
    assert dropped > 80 and cuts > 150
    assert falsely_joined / dropped < FALSE_JOINS_BELOW
    assert (cuts - joined) / cuts < MISSED_JOINS_BELOW
    breaks, joined_breaks = tally["break"]
    assert joined_breaks / breaks < 0.01  # a paragraph ending in a full stop is never taken for a cut one


@needs_flores
@pytest.mark.parametrize("language,other", [("de", "en"), ("fr", "en"), ("en", "de")])
def test_on_flores_a_paragraph_in_another_language_is_rarely_joined_to_one_that_lost_its_full_stop(language, other):
    """bench_repair.py's last table, on `check`: 14-22% joined before the language test, 0-3% after."""
    corpus = {language: flores_articles.sentences(language), other: flores_articles.sentences(other)}
    quoting = [corpus[other][row] for row in flores_articles.half(corpus[other], "check")]
    articles = flores_articles.mangled_articles(corpus, language, "check", seed=7, rounds=5)
    dropped, joined = flores_articles.repair_tally(flores_articles.quoted_after_dropped(articles, quoting, str))["dropped"]
    assert dropped > 80
    assert joined / dropped < 0.05


def test_a_last_word_written_inside_sentences_twice_says_cut_once_only_loosens_the_length_bar():
    """Twice inside and never at an end ("es", "der"): a cut whatever the length. Once: the
    joined sentence may be up to twice the median (17 words here), not 1.5 times."""
    second = ("Vertreter der Regierung kündigten für Mittwoch eine ausführliche Erklärung des Kanzlers zu "
              "den neuen Preisen und den Folgen für die Industrie an.")  # 22 words
    ending = "Die Preise sind so niedrig wie seit Jahren nicht, sagte ein Sprecher in"  # 14 words
    never = WordUsage.of([OPENING * 3])
    once = WordUsage.of([OPENING * 3 + "Die Union und Whitehall reden."])
    twice = WordUsage.of([OPENING * 3 + "Die Union und Whitehall reden. Mit Whitehall reden sie."])
    assert twice.says_cut(f"{ending} Whitehall", second) is True  # 37 words joined
    assert once.says_cut(f"{ending} Whitehall", second) is False  # 37 > 2 x 17
    assert once.says_cut(f"{ending} Whitehall", " ".join(second.split()[-14:])) is True  # 29 < 34
    assert never.says_cut(f"{ending} Whitehall", " ".join(second.split()[-14:])) is False  # 29 > 1.5 x 17
