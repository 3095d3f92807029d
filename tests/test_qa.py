"""QA checks: each check on one faulty and one sound translation, locale number forms, the
translate run's `#. qa:` comments, and `uebersetzer qa` with its JSON."""

from __future__ import annotations

import json
import math
from collections import Counter
import re
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, entries
from tests.engines.test_argos import argos_env, package_folder  # noqa: F401  (fixtures: the real small models)
from uebersetzer import qa
from uebersetzer.qa import CHECKS, Sentence, check_entry, check_sentence
from uebersetzer.qa.numbers import SPACE_CHARACTERS, compare

FLORES = ROOT.parent / "shared" / "data" / "flores-dev"

LONG_DE = ("Die Regierung in Berlin hat am Mittwoch beschlossen, die Hilfen für die betroffenen Familien im "
           "ganzen Land deutlich zu erhöhen und die Anträge zu vereinfachen.")
LONG_EN = ("On Wednesday the government in Berlin decided to raise the aid for the families affected across the "
           "country considerably and to simplify the applications.")
FRENCH = ("Mercredi, le gouvernement à Berlin a décidé d'augmenter nettement les aides aux familles touchées dans "
          "tout le pays et de simplifier les demandes.")

# kind -> (a translation with the fault, a sound one); source German, target English unless given
CASES: dict[str, tuple[Sentence, Sentence]] = {
    "numbers": (Sentence("Er zahlte 312 Euro.", "He paid 321 euros.", "de", "en"),
                Sentence("Er zahlte 312 Euro für 2 Karten.", "He paid 312 euros for two tickets.", "de", "en")),
    "length": (Sentence(LONG_DE, "On Wednesday the government in Berlin decided", "de", "en"),
               Sentence(LONG_DE, LONG_EN, "de", "en")),
    "repeat": (Sentence(LONG_DE, LONG_EN.replace("the country", "the country the country the country the country"),
                        "de", "en"),
               Sentence("Sehr, sehr gut.", "Very, very good.", "de", "en")),
    "doubled": (Sentence("Der Präsident traf den Minister am Montag in Berlin.",
                         "The president met the minister in Berlin, the minister in Berlin, on Monday.", "de", "en"),
                Sentence("Es war sehr, sehr kalt.", "It was very, very cold.", "de", "en")),
    "untranslated": (Sentence(LONG_DE, LONG_DE, "de", "en"), Sentence("Details", "Details", "de", "en")),
    "language": (Sentence(LONG_DE, FRENCH, "de", "en"), Sentence(LONG_DE, LONG_EN, "de", "en")),
    "glossary": (Sentence("Moskau schweigt.", "The capital is silent.", "de", "en", (("Moskau", "Moscow"),)),
                 Sentence("Moskaus Antwort.", "Moscow's answer.", "de", "en", (("Moskau", "Moscow"),))),
    "markup": (Sentence("Mehr zu **Gas** auf https://example.org/a.", "More on gas at https://example.org/b.", "de", "en"),
               Sentence("Mehr auf **example.org** und {1}.", "More on **example.org** and {1}.", "de", "en")),
    "brackets": (Sentence("Der Sturm zieht mit 105 Meilen pro Stunde (165 km/h) nach Nordwesten.",
                          "The storm is moving northwest at 105 miles per hour 165 km/h.", "de", "en"),
                 Sentence("„Wir unterschreiben nichts“, sagte die Sprecherin (SPD).",
                          "“We are not signing anything,” said the spokeswoman (SPD).", "de", "en")),
    # msgcat's own marker lines (gettext's msgl-cat.c), as `msgcat a.po b.po` writes them
    "conflict": (Sentence("Hallo Welt.", "#-#-#-#-#  a.po (Demo 1.0)  #-#-#-#-#\nHello world.\n"
                          "#-#-#-#-#  b.po (Demo 1.0)  #-#-#-#-#\nHello, world.", "de", "en"),
                 Sentence("Der Code #-#-#-#-# bleibt.", "The code #-#-#-#-# stays.", "de", "en")),
    "lines": (Sentence("Der Präsident trifft den Minister in Berlin.",
                       "The president meets the minister in Berlin.\n\n# Injected heading\n\n- injected", "de", "en"),
              Sentence("Erste Zeile\nzweite Zeile.", "First line\nsecond line.", "de", "en")),
}


def test_the_registry_holds_the_kinds_in_report_order():
    assert qa.KINDS == ("numbers", "length", "repeat", "doubled", "untranslated", "language", "glossary", "markup", "brackets",
                         "conflict", "lines")
    assert all(CHECKS[kind].__doc__ for kind in qa.KINDS)


@pytest.mark.parametrize("kind", list(CASES))
def test_each_check_finds_its_fault_and_passes_a_sound_translation(kind):
    faulty, sound = CASES[kind]
    assert CHECKS[kind](faulty), f"{kind} missed: {faulty.translation!r}"
    assert CHECKS[kind](sound) == "", f"{kind} false alarm on {sound.translation!r}"
    assert kind not in {p.kind for p in check_sentence(sound)}


def test_messages_say_what_differs():
    assert CHECKS["numbers"](CASES["numbers"][0]) == "312 -> 321"
    assert CHECKS["glossary"](CASES["glossary"][0]) == "'Moscow' missing"
    assert CHECKS["markup"](CASES["markup"][0]) == "lost **, **, https://example.org/a; added https://example.org/b"
    assert "content dropped" in CHECKS["length"](CASES["length"][0])
    assert CHECKS["language"](CASES["language"][0]) == "in fr, not en"
    assert CHECKS["untranslated"](Sentence(LONG_DE, LONG_DE.replace("Die", "Der"), "de", "en")) == \
        "still in the source language (de)"


@pytest.mark.parametrize("source", [
    "“We will not sign anything that weakens our partners,” said a spokesman.",  # a quote kept in English
    "I will win.",  # short: the detector cannot name its language, but it leans English, not German
    "edition.cnn.com",  # a domain: kept verbatim anyway
    "Mehr auf https://example.org/gespraeche",  # an address and a heading's words
])
def test_a_source_kept_by_design_is_not_untranslated(source):
    assert CHECKS["untranslated"](Sentence(source, source, "de", "en")) == ""


@pytest.mark.parametrize("source", [LONG_DE, "Der erste Satz bleibt gleich.", "Wir schaffen das."])
def test_a_german_sentence_copied_into_the_english_version_is_untranslated(source):
    assert CHECKS["untranslated"](Sentence(source, source, "de", "en")) == "the translation is the source text"


def test_one_policy_picks_the_checks_by_the_engine_the_catalog_names():
    assert qa.skipped_kinds("pseudo") >= {"length", "untranslated", "language"}
    assert qa.skipped_kinds("argos") == frozenset()
    assert qa.skipped_for_catalog({qa.ENGINE_HEADER: "pseudo"}) == qa.skipped_kinds("pseudo")
    assert qa.skipped_for_catalog({}) == frozenset()  # another tool's catalog: every check


@pytest.mark.parametrize("source, translation, source_language, target_language, message", [
    ("Die neue (US-)Regierung verändert schnell alle außenpolitischen Konfigurationen.",
     "The new (US administration is rapidly changing all foreign policy configurations.", "de", "en",
     "lost ); ( without its pair"),
    ("„Wir werden nichts unterschreiben, was unsere Partner in Europa schwächt“, sagte ein Sprecher am Freitag.",
     "We will not sign anything that weakens our partners in Europe, a spokesman said on Friday.", "de", "en",
     "lost quotation marks"),
    ("„Wir werden nichts unterschreiben, was unsere Partner in Europa schwächt“, sagte ein Sprecher am Freitag.",
     "“We will not sign anything that weakens our partners in Europe, a spokesman said on Friday.", "de", "en",
     "lost quotation marks; quotation mark without its pair"),
    ("Laut Bericht [PDF] stiegen die Kosten {name} deutlich.", "According to the report PDF] costs {name} rose sharply.",
     "de", "en", "lost [; ] without its pair"),
    # a quotation left open where the source's closes inside the sentence, or closed where it opens there
    ("Der Sprecher sagte, es sei „ein guter Tag für alle“, und ging.",
     "The spokesman said it was \"a good day for everyone, and left.", "de", "en",
     "lost quotation marks; quotation mark without its pair"),
    ("Arias sagte, „dass er am Montag zurückkehren wolle“.", "I expect to return on Monday,\" Arias said.", "de", "en",
     "lost quotation marks; quotation mark without its pair"),
    # someone's words, not a title: the last word is not capitalized
    ("Sie sagte: „Wir werden das schaffen“.", "She said we will manage.", "de", "en", "lost quotation marks"),
    # brackets before a word, not inside one
    ("Passengers waited in the heat (90 F).", "Les passagers attendaient dans la chaleur.", "en", "fr", "lost ( )"),
    # a unit conversion whose both measures the translation keeps, without the brackets, or neither
    ("The storm is about 645 miles (1040 km) west of Cape Verde.",
     "La tempête se trouve à environ 645 miles 1040 km à l'ouest du Cap-Vert.", "en", "fr", "lost ( )"),
    ("The storm is about 645 miles (1040 km) west of Cape Verde.",
     "La tempête se trouve loin à l'ouest du Cap-Vert.", "en", "fr", "lost ( )"),
])
def test_lost_or_unpaired_brackets_and_quotes_are_found(source, translation, source_language, target_language,
                                                        message):
    assert CHECKS["brackets"](Sentence(source, translation, source_language, target_language)) == message


@pytest.mark.parametrize("source, translation, source_language, target_language", [
    ("„Wir unterschreiben nichts“, sagte er.", "\"We are not signing anything,\" he said.", "de", "en"),
    ("« Nous ne signerons rien », a déclaré le porte-parole.", "“We will sign nothing,” the spokesman said.", "fr", "en"),
    ("The storm, about 645 miles (1040 km) west of Cape Verde, may dissipate.",
     "预报员称，这场位于佛得角群岛以西 645 英里（1040 公里）的风暴可能会自行消散。", "en", "zh"),  # full-width
    ("Die SPD regiert seit 2021 in Berlin.", "The SPD (Social Democrats) has governed in Berlin since 2021.", "de", "en"),
    ("Видаль перешел в «Барсу» из «Севильи» три сезона назад.", "Vidal joined Barça from Sevilla three seasons ago.",
     "ru", "en"),  # names in quotes, as Russian writes them
    ("Trumps Team sagte, es sei „ein guter Tag“.", "Trump’s team said it was 'a good day'.", "de", "en"),
    # a quotation of several sentences, which English opens once and closes once (FLORES' English
    # does so), where the source closed it in each sentence: it reaches the same edge in both
    ("„Manche stimmen vielleicht nicht zu, aber das ist mir egal.“", "\"Some may not agree, but I don't care.",
     "de", "en"),
    ("« Cela veut dire que tout doit être remis en place », a déclaré la chercheuse.",
     "That means everything has to be put back,\" said the researcher.", "fr", "en"),
    # a title in quotes, which English writes without
    ("Sie erhielt 2009 den Titel „Nationale Schulrätin des Jahres“.",
     "In 2009 she was named National Superintendent of the Year.", "de", "en"),
    # a bracket inside a word is part of its spelling
    ("Passengers waited in 90(F)-degree heat.", "Les passagers attendaient par 32 °C.", "en", "fr"),
    # a unit conversion: the translation gives its readers' measure only
    ("The storm is about 645 miles (1040 km) west of Cape Verde.",
     "La tempête se trouve à environ 1040 km à l'ouest du Cap-Vert.", "en", "fr"),
])
def test_brackets_pass_other_quote_styles_added_explanations_and_quoted_names(source, translation, source_language,
                                                                             target_language):
    assert CHECKS["brackets"](Sentence(source, translation, source_language, target_language)) == ""


# made-up sentences of the shape Chinese, Korean and Japanese news write: a name in its own
# script, glossed in brackets in the Latin script, which the English translation writes once
@pytest.mark.parametrize("source, translation, source_language", [
    ("研究员马丁·霍尔特 (Martin Holt) 表示，新桥将于明年开通。", "Researcher Martin Holt said the new bridge opens next year.",
     "zh"),
    ("시장 카렐 부스트라（Karel Voorstra）는 월요일에 예산을 발표했다.", "Mayor Karel Voorstra presented the budget on Monday.",
     "ko"),
    ("会社（Nordwind Ltd.）は工場を閉鎖した。", "The company, Nordwind Ltd., closed the factory.", "ja"),
    ("Лидер партии Ян Мертенс (Jan Mertens) ушёл в отставку.", "Party leader Jan Mertens resigned.", "ru"),
])
def test_a_gloss_in_brackets_the_translation_writes_outside_brackets_is_not_lost(source, translation,
                                                                                 source_language):
    assert CHECKS["brackets"](Sentence(source, translation, source_language, "en")) == ""


@pytest.mark.parametrize("source, translation, source_language", [
    ("研究员马丁·霍尔特 (Martin Holt) 表示，新桥将于明年开通。", "Researcher Martin said the new bridge opens next year.", "zh"),
    ("研究员马丁·霍尔特 (Martin Holt) 表示，新桥将于明年开通。", "Researcher (Martin Holt said the new bridge opens next year.",
     "zh"),
    ("Die Partei (SPD) regiert seit 2021.", "The party SPD has governed since 2021.", "de"),  # no gloss: same script
])
def test_a_gloss_the_translation_drops_or_breaks_and_brackets_in_one_script_are_still_checked(source, translation,
                                                                                             source_language):
    assert CHECKS["brackets"](Sentence(source, translation, source_language, "en")) != ""


def test_a_unit_conversion_the_translation_drops_whole_is_still_found():
    """Dropping "(1040 km)" keeps one of the two measures, as a translation giving its readers'
    measure does, so `brackets` lets it pass; the number it lost is the numbers check's finding."""
    source = "The storm is about 645 miles (1040 km) west of Cape Verde."
    dropped = Sentence(source, "La tempête se trouve à environ 645 miles à l'ouest du Cap-Vert.", "en", "fr")
    assert CHECKS["brackets"](dropped) == ""
    assert [(p.kind, p.message) for p in check_sentence(dropped)] == [("numbers", "1040 -> (none)")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("1ä .,'’‘\"“”„«»「」()[]{}（）")), max_size=30))
def test_brackets_pass_the_source_itself_and_find_every_lost_bracket(text):
    """(No ASCII letters: "{name}" is a placeholder, the markup check's business. A bracket
    right after a letter or digit may be inside a word, "90(F)-degree", which is spelling and
    tested above: a space goes before each.)"""
    text = re.sub(r"(?<=\w)(?=[(\[{（])", " ", text)
    assert CHECKS["brackets"](Sentence(text, text, "de", "en")) == ""
    without = text.translate(str.maketrans("", "", "()[]{}（）"))
    assert bool(CHECKS["brackets"](Sentence(text, without, "de", "en"))) == (without != text)


def test_an_inflected_glossary_term_counts():
    sentence = Sentence("Die Antwort aus Moskau.", "Ответ из Москвы.", "de", "ru", (("Moskau", "Москва"),))
    assert CHECKS["glossary"](sentence) == ""


def test_length_tolerance_widens_for_short_sentences():
    """Half the expected length is a problem in a long sentence, not in a three-word heading."""
    from uebersetzer.qa.calibration import length_ratio

    def half(source: str) -> str:
        expected, _ = length_ratio("de", "en", len(source.replace(" ", "")))
        return "x" * round(len(source.replace(" ", "")) * math.exp(expected) / 2)

    assert CHECKS["length"](Sentence(LONG_DE, half(LONG_DE), "de", "en"))
    assert CHECKS["length"](Sentence("Reaktionen aus Moskau", half("Reaktionen aus Moskau"), "de", "en")) == ""


@pytest.mark.parametrize("source, source_language, translation, target_language", [
    ("48,7 Prozent", "de", "48.7 percent", "en"),
    ("1.204 Menschen", "de", "1,204 people", "en"),
    ("am 16. März", "de", "on 16 March", "en"),
    ("am 16. März", "de", "on March 16th", "en"),
    ("1 204 personnes", "fr", "1,204 people", "en"),
    ("1.204.000 Euro", "de", "1,204,000 euros", "en"),
    ("1.204,5 km", "de", "1,204.5 km", "en"),
    ("um 9:30 Uhr (02:30 UTC)", "de", "at 9:30 am (0230 UTC)", "en"),
    ("gegen 21.30 Uhr", "de", "around 9:30 pm", "en"),
    ("im XVIII. Jahrhundert", "de", "in the 18th century", "en"),
    ("negli anni '60", "it", "in the 1960s", "en"),
    ("2,3 Milliarden Dollar", "de", "$2.3 billion", "en"),
    ("24 mil meteoritos", "pt", "24,000 meteorites", "en"),
    ("١٢٣ شخصا", "ar", "123 people", "en"),
    ("15 dieser Felsen", "de", "Fifteen of these rocks", "en"),
    ("dpa | 27.11.2026, 10:15 Uhr", "de", "dpa | 27.11.2026, 10:15", "en"),  # a date copied: it had no reading at all
])
def test_numbers_agree_across_locale_conventions(source, source_language, translation, target_language):
    assert not compare(source, source_language, translation, target_language)
    assert not compare(translation, target_language, source, source_language)


@pytest.mark.parametrize("source, source_language, translation, target_language", [
    ("1.204 Menschen", "de", "1.204 people", "en"),  # a German thousands point is an English decimal point
    ("48,7 Prozent", "de", "487 percent", "en"),
    ("am 16. März", "de", "on 17 March", "en"),
    ("1.204 Menschen", "de", "1,240 people", "en"),
    ("2 von 3", "de", "2 of 4", "en"),  # small numbers: one side written out is fine, both sides differing is not
    ("am 27.11.2026", "de", "on 28.11.2026", "en"),
])
def test_numbers_that_differ_are_found(source, source_language, translation, target_language):
    assert compare(source, source_language, translation, target_language)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 9), st.integers(min_value=0, max_value=99), st.booleans())
def test_any_number_in_german_form_equals_its_english_form(integer, hundredths, with_fraction):
    german = f"{integer:,}".replace(",", ".") + (f",{hundredths:02d}" if with_fraction else "")
    english = f"{integer:,}" + (f".{hundredths:02d}" if with_fraction else "")
    assert not compare(f"Es waren {german} Euro.", "de", f"It was {english} euros.", "en")
    changed = english[:-1] + str((int(english[-1]) + 1) % 10)
    assert compare(f"Es waren {german} Euro.", "de", f"It was {changed} euros.", "en")


def test_the_space_characters_are_unicodes():
    import sys
    import unicodedata

    assert set(SPACE_CHARACTERS) == {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs"}


_UNICODE_SPACE = st.sampled_from(sorted(SPACE_CHARACTERS))


@settings(max_examples=100, deadline=None)
@given(_UNICODE_SPACE, _UNICODE_SPACE, st.integers(0, 23), st.integers(0, 59), st.integers(1, 999), st.integers(0, 999))
def test_french_times_and_thousands_written_with_any_space_are_read_as_numbers(space, other, hour, minute,
                                                                               thousands, units):
    # FLORES' French writes "9 h 30" and "1 000" with U+00A0 or U+202F: read as "9, 30" before
    french = f"Vers {hour}{space}h{other}{minute:02d}, {thousands}{space}{units:03d} personnes."
    english = f"At {hour}:{minute:02d}, {thousands},{units:03d} people."
    assert not compare(french, "fr", english, "en")
    wrong = f"At {hour}:{(minute + 1) % 60:02d}, {thousands},{units:03d} people."
    assert compare(french, "fr", wrong, "en")


@pytest.mark.parametrize("source, translation, message", [
    # a new user's try-out: small numbers dropped, and QA was silent (taken as "written out")
    ("Am 15. März trifft der Präsident den Minister.", "The president meets the minister.", "15 -> (none)"),
    ("Der Preis stieg um 12 Prozent.", "The price rose by percent.", "12 -> (none)"),
    ("Die Regierung hat 13 Minister.", "The government has ministers.", "13 -> (none)"),
    ("Es kamen 50 Menschen.", "People came.", "50 -> (none)"),
    ("Die Regierung hat 13 Minister.", "The government has fourteen ministers.", "13 -> fourteen"),
])
def test_a_small_number_dropped_or_changed_is_found(source, translation, message):
    assert compare(source, "de", translation, "en").message() == message
    assert compare(translation, "en", source, "de")  # and the other way round


@pytest.mark.parametrize("source, source_language, translation, target_language", [
    ("Die Regierung hat 13 Minister.", "de", "The government has thirteen ministers.", "en"),
    ("Es kamen 25 Menschen.", "de", "Twenty-five people came.", "en"),
    ("Es kamen 300 Menschen.", "de", "Three hundred people came.", "en"),
    ("Er kaufte 12 Eier.", "de", "He bought a dozen eggs.", "en"),
    ("Sie kam am 3. Tag.", "de", "She came on the third day.", "en"),
    ("Am 15. März", "de", "On the 15th of March", "en"),
    ("Während seiner 2-stündigen Rede", "de", "During his two-hour speech", "en"),
    ("During his 2 hour speech", "en", "Während seiner zweistündigen Rede", "de"),
    ("The 4 ministers", "en", "Les quatre ministres", "fr"),
    ("In 20 years", "en", "En veinte años", "es"),
    ("25 people", "en", "fünfundzwanzig Menschen", "de"),
    ("1 Person kam.", "de", "A person came.", "en"),  # a 1 is an article's
    ("Die Fläche ist 23 km2.", "de", "The area is 23 sq km.", "en"),  # a unit's power
    ("Die Regierung hat 13 Minister.", "de", "政府有部长。", "zh"),  # Chinese number words are not read: as before
])
def test_a_number_written_out_on_the_other_side_is_not_reported(source, source_language, translation,
                                                                 target_language):
    assert not compare(source, source_language, translation, target_language)


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _english(number: int) -> str:
    """An English writer's words for 0-99 ("twenty-five")."""
    if number < 20:
        return _ONES[number]
    tens, ones = divmod(number, 10)
    return _TENS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 99), st.sampled_from(["Die Regierung hat {} Minister.", "Der Preis stieg um {} Prozent."]))
def test_any_number_below_100_written_out_passes_and_dropped_is_found(number, german):
    english = {"Minister": "The government has {} ministers.", "Prozent": "The price rose by {} percent."}[
        german.split()[-1].rstrip(".")]
    assert not compare(german.format(number), "de", english.format(_english(number)), "en")
    assert compare(german.format(number), "de", " ".join(english.format("").split()), "en")


def test_check_entry_takes_glossary_terms_from_the_comments():
    entry = polib.POEntry(msgid="Moskau schweigt zu 312 Fragen.", msgstr="The capital is silent on 321 questions.",
                          comment="paragraph 1\nglossary: Moskau -> Moscow")
    problems = check_entry(entry, "de", "en")
    assert [p.comment() for p in problems] == ["qa: numbers: 312 -> 321", "qa: glossary: 'Moscow' missing"]
    assert check_entry(polib.POEntry(msgid="Er zahlte 312 Euro.", msgstr=""), "de", "en") == []


# ---- at translate time ----------------------------------------------------------------------

ARTICLE = "Gipfel in Berlin\n\nDer Präsident zahlte 312 Euro für das Treffen in Berlin.\n"
SENTENCE = "Der Präsident zahlte 312 Euro für das Treffen in Berlin."


def _translate(run, article: Path, out: Path) -> dict:
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", out, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _entry(path: Path, msgid: str) -> polib.POEntry:
    return next(e for e in entries(path) if e.msgid == msgid)


def test_problems_become_qa_comments_keep_the_entry_fuzzy_and_are_refreshed(run, tmp_path):
    from uebersetzer.catalog.memory import TranslationMemory, Unit

    article, out = tmp_path / "gipfel.txt", tmp_path / "locales"
    article.write_text(ARTICLE)
    wrong = "The president paid 321 euros for the meeting in Berlin."
    draft = Unit("de", "en", SENTENCE, wrong, "human", fuzzy=True)  # an editor's draft: QA checks it
    TranslationMemory(out / ".tm.sqlite", make_folder=True).store([draft])
    summary = _translate(run, article, out)
    assert summary["qa"] == {"numbers": 1, "length": 0, "repeat": 0, "doubled": 0, "untranslated": 0, "language": 0,
                             "glossary": 0, "markup": 0, "brackets": 0, "conflict": 0, "lines": 0}
    catalog = out / "en" / "gipfel.po"
    entry = _entry(catalog, SENTENCE)
    assert entry.msgstr == wrong and "fuzzy" in entry.flags  # an editor's draft from the memory, and a problem
    assert entry.comment.split("\n")[-1] == "qa: numbers: 312 -> 321"
    assert "qa:" not in _entry(catalog, "Gipfel in Berlin").comment

    edited = polib.pofile(str(catalog))  # the editor corrects the number, leaves the entry fuzzy
    edited.find(SENTENCE).msgstr = wrong.replace("321", "312")
    edited.save()
    summary = _translate(run, article, out)
    assert summary["qa"]["numbers"] == 0
    assert "qa:" not in _entry(catalog, SENTENCE).comment


def test_a_reviewed_entry_is_the_editors_call_at_translate_time_but_qa_still_reports_it(run, tmp_path):
    article, out = tmp_path / "gipfel.txt", tmp_path / "locales"
    article.write_text(ARTICLE)
    _translate(run, article, out)
    catalog_path = out / "en" / "gipfel.po"
    catalog = polib.pofile(str(catalog_path))
    entry = catalog.find(SENTENCE)
    entry.msgstr, entry.flags = "The president paid 321 euros for the meeting in Berlin.", []
    catalog.save()
    assert _translate(run, article, out)["qa"]["numbers"] == 0
    assert "fuzzy" not in _entry(catalog_path, SENTENCE).flags
    result = run("qa", out)
    assert result.code == 1
    line = _entry(catalog_path, SENTENCE).linenum
    assert result.out == f"{catalog_path}:{line} numbers: 312 -> 321\n"


# ---- at build time ---------------------------------------------------------------------------

BUILT_ARTICLE = "Stimmen aus Moskau\n\nBidens frühere Sanktionen gelten weiterhin. Worum es geht, lesen Sie hier.\n"
HUMAN = {"Stimmen aus Moskau": "Voices from Moscow",
         "Bidens frühere Sanktionen gelten weiterhin.": "Biden's earlier sanctions remain in force.",
         "Worum es geht, lesen Sie hier.": "Read here what it is about."}


def _machine_translated(run, tmp_path: Path) -> tuple[Path, Path, Path]:
    """The article through the real fixture model, whose translations of it have `length`
    problems: the article, the output folder and the English PO file with its `#. qa:` notes."""
    article, out = tmp_path / "moskau.txt", tmp_path / "locales"
    article.write_text(BUILT_ARTICLE, encoding="utf-8")
    assert run("translate", article, "--from", "de", "--to", "en", "--out", out, "--quiet").code == 0
    catalog = out / "en" / "moskau.po"
    assert any(qa.noted_problems(e.comment) for e in entries(catalog))  # else the tests below test nothing
    return article, out, catalog


def _build_qa(run, article: Path, out: Path, *options: str) -> dict[str, int]:
    result = run("build", article, "--from", "de", "--to", "en", "--out", out, "--json", *options)
    assert result.code == 0, result.err
    return {kind: count for kind, count in json.loads(result.out)["qa"].items() if count}


def test_build_counts_no_stale_qa_comment_on_human_translations(run, tmp_path, argos_env):
    """The try-out: every machine translation replaced by a human one, fuzzy cleared (as Poedit
    does), and `build --reviewed-only` still said `qa: 29 problems to review` from the machine
    translations' `#. qa:` comments, where `uebersetzer qa` found none. An editor's reviewed
    translation is the editor's call (as at translate time); a comment written for another
    msgstr counts for nothing. A translate run then drops the stale comments, msgstr kept."""
    article, out, catalog_path = _machine_translated(run, tmp_path)
    catalog = polib.pofile(str(catalog_path))
    for entry in catalog:
        entry.msgstr, entry.flags, entry.tcomment = HUMAN[entry.msgid], [], "checked with the desk"
    catalog.save()
    assert _build_qa(run, article, out, "--reviewed-only") == {}
    assert run("qa", out).code == 0
    assert sum(_translate_with_model(run, article, out).values()) == 0
    assert {e.msgid: (e.msgstr, e.tcomment) for e in entries(catalog_path)} == {
        msgid: (msgstr, "checked with the desk") for msgid, msgstr in HUMAN.items()}
    assert not any(qa.noted_problems(e.comment) for e in entries(catalog_path))


def test_build_checks_an_edited_fuzzy_translation_as_it_is_now(run, tmp_path, argos_env):
    """A draft an editor left fuzzy is checked as it reads now: a machine translation's problem
    the edit fixed is gone, one the edit made is counted, though no comment notes it yet; and
    the count is the one a translate run makes of the same files."""
    article, out, catalog_path = _machine_translated(run, tmp_path)
    catalog = polib.pofile(str(catalog_path))
    fixed, broken = "Stimmen aus Moskau", "Worum es geht, lesen Sie hier."
    assert qa.noted_problems(catalog.find(fixed).comment)  # the fixture model's "length" problem
    catalog.find(fixed).msgstr = HUMAN[fixed]  # still fuzzy: a draft
    catalog.find(broken).msgstr = broken  # a draft still in German
    catalog.save()
    assert "untranslated" not in catalog.find(broken).comment
    untouched = [problem for e in entries(catalog_path) if e.msgid not in (fixed, broken)
                 for problem in qa.noted_problems(e.comment)]
    counted = _build_qa(run, article, out)
    assert counted == dict(Counter(p.kind for p in untouched), untranslated=1)
    said = run("build", article, "--from", "de", "--to", "en", "--out", out).out
    assert "untranslated 1); see them in the review page; a translate run writes them into the '#. qa:'" in said
    assert _translate_with_model(run, article, out) == counted


def _translate_with_model(run, article: Path, out: Path) -> dict[str, int]:
    result = run("translate", article, "--from", "de", "--to", "en", "--out", out, "--json")
    assert result.code == 0, result.err
    return {kind: count for kind, count in json.loads(result.out)["qa"].items() if count}


# ---- uebersetzer qa -------------------------------------------------------------------------

def _write_po(path: Path, rows: list[tuple[str, str]], metadata: dict[str, str] | None = None) -> Path:
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8",
                        **({"Language": "en", "X-Source-Language": "de"} if metadata is None else metadata)}
    for msgid, msgstr in rows:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))
    return path


def test_qa_prints_file_line_kind_message_and_exits_1(run, tmp_path):
    path = _write_po(tmp_path / "po" / "a.po", [("Er zahlte 312 Euro.", "He paid 321 euros."),
                                                 ("Gut.", "Good."), ("Neu.", "")])
    result = run("qa", tmp_path / "po")
    assert result.code == 1
    line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == "Er zahlte 312 Euro.")
    assert result.out == f"{path}:{line} numbers: 312 -> 321\n"
    assert "1 PO file, 1 problem in 1 entry" in result.err


def test_qa_json_lists_each_entry_with_its_kinds_and_messages(run, tmp_path):
    path = _write_po(tmp_path / "a.po", [("Er zahlte 312 Euro für **Gas**.", "He paid 321 euros for gas."),
                                         ("Gut.", "Good.")])
    result = run("qa", path, "--json")
    assert result.code == 1
    [finding] = json.loads(result.out)
    assert finding == {"file": str(path), "line": finding["line"], "msgid": "Er zahlte 312 Euro für **Gas**.",
                       "msgstr": "He paid 321 euros for gas.", "kinds": ["numbers", "markup"],
                       "messages": ["312 -> 321", "lost **, **"]}
    assert isinstance(finding["line"], int) and finding["line"] > 1


def test_qa_exits_0_on_sound_files(run, tmp_path):
    path = _write_po(tmp_path / "a.po", [("Er zahlte 312 Euro.", "He paid 312 euros.")])
    result = run("qa", path, "--json")
    assert (result.code, json.loads(result.out)) == (0, [])
    assert run("qa", path).out == ""


def test_qa_takes_languages_from_the_header_or_the_options(run, tmp_path):
    path = _write_po(tmp_path / "a.po", [("1.204 Menschen kamen.", "1.204 people came.")], metadata={})
    result = run("qa", path)
    assert result.code == 2 and f"{path}: the PO header names no source language" in result.err
    assert "--from" in result.err and len(result.err.strip().splitlines()) == 1
    result = run("qa", path, "--from", "de", "--to", "en")
    assert result.code == 1 and "numbers: 1.204 (1204) -> 1.204 (1.204)" in result.out  # 1204 people are not 1.204
    poedit = _write_po(tmp_path / "b.po", [("1.204 Menschen kamen.", "1.204 people came.")],
                       metadata={"Language": "en_US", "X-Source-Language": "de_DE"})
    assert run("qa", poedit).code == 1


def test_qa_names_a_missing_path_and_a_broken_file(run, tmp_path):
    result = run("qa", tmp_path / "nothing.po")
    assert result.code == 2 and "nothing.po: no such PO file or folder" in result.err
    article = tmp_path / "gipfel.de.txt"
    article.write_text("Der Gipfel beginnt.\n", encoding="utf-8")
    result = run("qa", article)  # said "broken PO file; fix it or remove it": remove the article?
    assert result.code == 2 and "gipfel.de.txt: not a PO file; name .po files, or the output folder" in result.err
    assert article.exists()


@pytest.mark.broken_po
def test_qa_reports_a_broken_po_file_and_checks_the_others(run, tmp_path):
    broken = tmp_path / "po" / "broken.po"
    broken.parent.mkdir()
    broken.write_text('msgid "a"\nmsgstr "b\n')
    _write_po(tmp_path / "po" / "good.po", [("Gut.", "Good.")])
    result = run("qa", tmp_path / "po")
    assert result.code == 1 and f"{broken}:2: broken PO file" in result.err


# ---- a word or a clause said twice ----------------------------------------------------------

@pytest.mark.parametrize("source, translation, target, found", [
    ("Der Präsident traf den Minister am Montag in Berlin.",
     "The president met the minister in Berlin, the minister in Berlin, on Monday.", "en", "the minister in Berlin"),
    ("Der Gipfel beginnt morgen.", "The summit summit begins tomorrow.", "en", "summit"),
    ("Der Gipfel beginnt morgen.", "The the summit begins tomorrow.", "en", "The"),  # a capital starting the sentence
    ("Die Kinder spielen im Hof.", "Anak-anak bermain di halaman, di halaman.", "id", "di halaman"),
    ("Der Minister reist morgen nach Paris.", "Le ministre se rend demain à Paris à Paris.", "fr", "à Paris"),
    # a model running on past the full stop, ending with the copy
    ("Sie reisen nach Äthiopien und Kenia.", "They travel to Ethiopia and Kenya. Ethiopia and Kenya.", "en",
     "Ethiopia and Kenya"),
    # the source's own double of one word, grammar in German, does not excuse a clause said twice
    ("Die Frau, die die Zeitung liest, traf den Minister.",
     "The woman reading the paper met the minister, met the minister.", "en", "met the minister"),
])
def test_a_word_or_run_said_twice_is_flagged(source, translation, target, found):
    assert CHECKS["doubled"](Sentence(source, translation, "de", target)) == f"{found!r} twice in a row"


@pytest.mark.parametrize("source, translation, target", [
    ("Es war sehr, sehr kalt.", "It was very, very cold.", "en"),  # a comma between: emphasis
    ("Es gab viele, viele Jahre Streit.", "There were many many years of strife.", "en"),
    ("Er sagte, dass das falsch war.", "He said that that was wrong.", "en"),  # grammar puts them side by side
    ("Er hatte es gehabt.", "He had had it.", "en"),
    ("Wir haben uns getroffen.", "Nous nous sommes rencontrés.", "fr"),
    ("Die Frau, die die Zeitung liest.", "Die Frau, die die Zeitung liest.", "de"),
    ("Die Kinder spielen.", "Anak-anak bermain.", "id"),  # one word, joined by its hyphen
    ("Er kommt oft.", "O sık sık geliyor.", "tr"),  # Turkish reduplication
    ("Das Ergebnis war 2 2.", "The result was 2 2.", "en"),  # numbers are the numbers check's
    ("Das Spiel endete 1:1, 2:2 im Rückspiel.", "The game ended 1:1, 2:2 in the return leg.", "en"),
    ("Der Song heißt New York, New York.", "The song is called New York, New York.", "en"),  # so does the source
    ("Der Gipfel beginnt morgen.", "The summit summit summit begins tomorrow.", "en"),  # three times: `repeat`'s
    ("Er kam im I. und II. Weltkrieg.", "Był w I i II wojnie.", "pl"),  # a Roman one and "and"
    ("Die Lage ist ernst.", "The situation is serious. Serious.", "en"),  # a full stop between: a new sentence
    ("Nehmen wir Japan. Es ist ein Inselstaat.", "Consider the United States. The United States is large.", "en"),
    ("Er sang „New York, New York“.", "He sang “New York, New York”.", "en"),
    ("Tausende Jahre.", "人类在几千年前就开始使用镜片。", "zh"),
])
def test_what_languages_say_twice_passes(source, translation, target):
    assert CHECKS["doubled"](Sentence(source, translation, "de", target)) == ""


def test_uebersetzer_qa_names_a_clause_said_twice(run, tmp_path):
    """The newsroom's case: twelve words in, about twenty out, a clause doubled; `qa` said nothing."""
    source = "Der Präsident traf am Montag in Berlin den Minister, wie ein Sprecher mitteilte."
    doubled = ("The president met the minister in Berlin, the minister in Berlin, on Monday, "
               "a spokesman said.")
    path = _write_po(tmp_path / "a.po", [(source, doubled)])
    result = run("qa", path)
    assert result.code == 1
    assert result.out.splitlines() == [f"{path}:{polib.pofile(str(path))[0].linenum} doubled: "
                                       "'the minister in Berlin' twice in a row"]


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=2, max_value=4), st.booleans())
@settings(max_examples=100, deadline=None)
def test_any_run_of_words_doubled_in_a_sound_sentence_is_found(start, size, comma):
    """Into a translation that says nothing twice, the same run of two to four words written
    again right after itself (with a comma between or not) is found wherever it stands."""
    sound = "Am Montag hat die Regierung in Berlin neue Regeln für Mieter beschlossen."
    words = sound.rstrip(".").split()
    start = start % (len(words) - size + 1)
    run = words[start:start + size]
    first = run[:-1] + [run[-1] + ","] if comma else run
    faulty = " ".join(words[:start] + first + run + words[start + size:]) + "."
    assert CHECKS["doubled"](Sentence("x", sound, "en", "de")) == ""
    assert CHECKS["doubled"](Sentence("x", faulty, "en", "de")) == f"{' '.join(run)!r} twice in a row"


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"{FLORES} missing: ../shared must sit beside the checkout")
@pytest.mark.parametrize("target", ["de", "fr", "es", "it", "nl", "pl", "pt", "ru", "tr", "vi", "id", "hi"])
def test_human_translations_hardly_ever_say_anything_twice(target):
    """All 997 FLORES dev lines from English: a professional doubles a word by slip now and then
    (Romanian "de de", Swedish "och och"), never a clause, and reduplication is no slip."""
    sources, translations = flores("en"), flores(target)
    flagged = [line for line, (source, translation) in enumerate(zip(sources, translations))
               if CHECKS["doubled"](Sentence(source, translation, "en", target))]
    assert len(flagged) <= 1, [translations[line] for line in flagged]


# ---- real human translations ---------------------------------------------------------------


def flores(language: str) -> list[str]:
    """The language's lines, CSV quoting undone (bench/flores_articles.py)."""
    from bench.flores_articles import sentences
    return sentences(language, FLORES)


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"{FLORES} missing: ../shared must sit beside the checkout")
def test_human_translations_pass_and_planted_faults_are_caught():
    """A slice of the held-out FLORES lines (the bench measures all): few alarms on what
    professionals wrote, the same sentences with a changed number, a cut, a loop, a copy
    of the source or another language swapped in mostly flagged."""
    lines = range(600, 700)
    source, target, french = flores("de"), flores("en"), flores("fr")
    alarms = sum(bool(check_sentence(Sentence(source[i], target[i], "de", "en"))) for i in lines)
    assert alarms <= 3
    faults = []
    for i in lines:
        words = target[i].split()
        faults += [" ".join(words[: len(words) // 3]), source[i], french[i],
                   " ".join(words[:3] + words[1:3] * 3 + words[3:])]
    caught = sum(bool(check_sentence(Sentence(source[i // 4], fault, "de", "en")))
                 for i, fault in zip(range(lines.start * 4, lines.stop * 4), faults))
    assert caught >= 0.95 * len(faults)


# ---- the language of a translation: the target, or still the source, or a third ---------------

DEATH_TOLL = ("Die Zahl der Toten stieg laut Polizei auf 12.", "The death toll rose to 12, according to police.")


def test_a_short_plain_english_sentence_is_no_other_language(run, tmp_path):
    """One langdetect trial among 55 languages called it Italian, sure at 1.0 (a new user's
    try-out); a German sentence the model left German and an Italian one are still found."""
    path = _write_po(tmp_path / "a.po", [DEATH_TOLL,
                                         ("Die Regierung will die Maßnahmen gegen die Inflation ausweiten.",
                                          "Die Regierung beschloss am Montag neue Maßnahmen gegen Inflation."),
                                         ("Der Minister sagte, er werde die Pläne im Parlament vorstellen.",
                                          "Il ministro ha detto che presenterà i piani in parlamento.")])
    result = run("qa", path)
    lines = {entry.msgid: entry.linenum for entry in polib.pofile(str(path))}
    assert result.out.splitlines() == [
        f"{path}:{lines['Die Regierung will die Maßnahmen gegen die Inflation ausweiten.']} untranslated: "
        "still in the source language (de)",
        f"{path}:{lines['Der Minister sagte, er werde die Pläne im Parlament vorstellen.']} language: in it, not en"]


def _short_lines(target: str, max_words: int = 10) -> list[int]:
    return [line for line, sentence in enumerate(flores(target)) if len(sentence.split()) <= max_words]


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"{FLORES} missing: ../shared must sit beside the checkout")
@pytest.mark.parametrize("language", ["de", "fr", "es", "it", "nl", "pl", "pt", "ru"])
def test_short_plain_sentences_pass_and_sources_left_untranslated_are_found(language):
    """For every FLORES line of ten words or fewer, into English and out of it: the human
    translation is neither untranslated nor in another language (one langdetect trial flagged
    such lines en-fr, en-es and en-pt); the source sentence left as the model's output, cut by
    its first word so that it is no copy, is found still in the source language at least three
    times in four (0.78 en-nl to 1.00; the rest are a few words and names such as a final
    between two clubs)."""
    for source_language, target in ((language, "en"), ("en", language)):
        sources, targets = flores(source_language), flores(target)
        lines = _short_lines(target)
        human = [Sentence(sources[line], targets[line], source_language, target) for line in lines]
        alarms = [sentence.translation for sentence in human
                  if CHECKS["untranslated"](sentence) or CHECKS["language"](sentence)]
        assert alarms == [], f"{source_language}-{target}"
        left = [" ".join(sources[line].split()[1:]) for line in lines]
        found = [CHECKS["untranslated"](Sentence(sources[line], kept, source_language, target))
                 for line, kept in zip(lines, left)]
        assert all(message == f"still in the source language ({source_language})" for message in found if message)
        assert sum(map(bool, found)) >= 0.75 * len(lines), f"{source_language}-{target}"


FUEL_TAXES = "The government announced yesterday that it will raise fuel taxes next year."


@pytest.mark.parametrize("target, translation, found", [
    ("es", "O governo anunciou ontem que vai aumentar os impostos sobre os combustíveis no próximo ano.", "pt"),
    ("es", "Il governo ha annunciato ieri che aumenterà le tasse sui carburanti il prossimo anno.", "it"),
    ("pt", "El gobierno anunció ayer que subirá los impuestos sobre los combustibles el próximo año.", "es"),
    ("es", "El gobierno anunció ayer que subirá los impuestos sobre los combustibles el próximo año.", ""),
])
def test_a_sentence_in_a_language_close_to_the_target_is_in_another_language(target, translation, found):
    """Portuguese in a Spanish translation: the block test's K_CLOSE, which keeps a block from
    moving between close languages, let it pass (the first was missed)."""
    message = CHECKS["language"](Sentence(FUEL_TAXES, translation, "en", target))
    assert message == (f"in {found}, not {target}" if found else "")


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"{FLORES} missing: ../shared must sit beside the checkout")
@pytest.mark.parametrize("target, other", [("es", "pt"), ("pt", "es"), ("es", "it"), ("it", "pt")])
def test_real_sentences_of_a_close_language_swapped_into_a_translation_are_found(target, other):
    """Every FLORES line of `other` as the translation of the English one into `target`, on the
    held-out half: found in that language 83-99% of the time (es <- pt 48% with K_CLOSE, pt <- es
    64%, the two others 94%); the human translations into `target` and `other` never are."""
    english, theirs, ours = flores("en"), flores(other), flores(target)
    lines = range(len(english) // 2, len(english))
    swapped = [CHECKS["language"](Sentence(english[line], theirs[line], "en", target)) for line in lines]
    assert sum(message == f"in {other}, not {target}" for message in swapped) >= 0.75 * len(lines)
    for language, lines_of in ((target, ours), (other, theirs)):
        assert [line for line in lines if CHECKS["language"](Sentence(english[line], lines_of[line], "en", language))] == []


# ---- one count on every side ----------------------------------------------------------------

MIXED_ARTICLE = """<html lang="de"><body>
<h1>Gipfel in Berlin</h1>
<p>Der Präsident zahlte 312 Euro für das Treffen in Berlin. Die Minister sprachen lange über die Lage im Land.</p>
<p lang="en">The company said that 9,000 workers would lose their jobs in the coming months.</p>
<blockquote lang="fr"><p>Nous avons payé 1.500 euros pour 2,5 tonnes de blé, a dit le ministre.</p></blockquote>
<p>Am Abend gab es ein Essen mit den Gästen aus dem Ausland, und danach fuhren alle nach Hause.</p>
</body></html>
"""


def test_translate_qa_and_the_review_list_count_a_mixed_language_article_alike(run, tmp_path):
    """A block in another language is checked from its own language everywhere, and a block
    already in the target language (kept as written) nowhere: `9,000` in the English block
    is no German 9.0."""
    from uebersetzer import review

    article, out = tmp_path / "gipfel.de.html", tmp_path / "locales"
    article.write_text(MIXED_ARTICLE, encoding="utf-8")
    counted = _translate(run, article, out)["qa"]
    catalog = out / "en" / "gipfel.de.po"
    result = run("qa", out, "--json")
    findings = json.loads(result.out)
    found = dict.fromkeys(qa.KINDS, 0)
    for finding in findings if isinstance(findings, list) else findings["findings"]:
        for kind in finding["kinds"]:
            found[kind] += 1
    assert found == counted
    assert not any("9,000" in finding["msgid"] for finding in findings)
    listed = [review.catalog_summary(ref)["qa_kinds"] for ref in review.find_catalogs(out)]
    assert listed == [counted]
    assert "language: fr" in _entry(catalog, "Nous avons payé 1.500 euros pour 2,5 tonnes de blé, a dit le ministre.").comment


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"{FLORES} missing: ../shared must sit beside the checkout")
@pytest.mark.parametrize("language", ["zh", "ko"])
def test_glossed_names_in_human_translations_from_chinese_and_korean_raise_few_bracket_alarms(language):
    """Before glosses counted, 14% (zh) and 8% (ko) of these professionals' lines were `lost ( )`."""
    source, target = flores(language), flores("en")
    alarms = sum(bool(CHECKS["brackets"](Sentence(s, t, language, "en"))) for s, t in zip(source, target))
    assert alarms <= 0.05 * len(source)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789٣IVXxe hH:.,'’時分시분 \u00a0-ème", max_size=40))
def test_the_number_tokens_lookahead_changes_no_match(text):
    """_TOKEN says first that a token starts with a digit or a Roman numeral letter, so re tries
    its alternatives only there: the matches are the bare alternation's."""
    import re

    from uebersetzer.qa import numbers

    prefix = "(?=[\\dIVX])(?:"
    assert numbers._TOKEN.pattern.startswith(prefix) and numbers._TOKEN.pattern.endswith(")")
    bare = re.compile(numbers._TOKEN.pattern[len(prefix):-1])
    assert [m.span() for m in numbers._TOKEN.finditer(text)] == [m.span() for m in bare.finditer(text)]
