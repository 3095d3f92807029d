"""Words a target language capitalizes although they are no names.

Why: the fallback takes a capitalized last word out of a piece's translation when the piece
ends in a word in lower case and gives no such name, because a model completes a cut
sentence with a place ("… den Minister in" came back "… in Paris"). But English capitalizes
days, months, languages and nationalities, which French, Spanish, Italian, Portuguese, Dutch
and others write in lower case: "le ministre lundi" is "the minister on Monday", and
"Monday" translates "lundi"; nothing was invented. A model fills a slot with a name, never
with a weekday or a nationality, so such a word is never taken for one.
"""

from __future__ import annotations

import re

_ENGLISH_CALENDAR = (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
    "January February March April May June July August September October November December".split()
)
# The same fourteen words in each source language, in the same order (Portuguese names the
# weekdays "segunda-feira"..., whose first word is enough). A piece must hold one: a model
# also completes a cut sentence with a day ("… le ministre de l" came back "… on Monday").
_CALENDAR_WORDS = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin "
          "juillet août septembre octobre novembre décembre",
    "es": "lunes martes miércoles jueves viernes sábado domingo enero febrero marzo abril mayo junio "
          "julio agosto septiembre octubre noviembre diciembre",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio marzo aprile maggio "
          "giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "segunda terça quarta quinta sexta sábado domingo janeiro fevereiro março abril maio junho "
          "julho agosto setembro outubro novembro dezembro",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei "
          "juni juli augustus september oktober november december",
    "de": "montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz april mai "
          "juni juli august september oktober november dezember",
}
_SOURCE_NAMES = {
    language: {english: source for english, source in zip(_ENGLISH_CALENDAR, words.split())}
    for language, words in _CALENDAR_WORDS.items()
}
_SPELLED_TOO = {"es": {"September": "setiembre"}, "de": {"Saturday": "sonnabend"}}
# Languages and nationalities that do not end in a demonym's ending below. No table says
# which source word gives them, so any piece may: a model fills a slot with a place or a
# time, and no piece came back ending in a nationality it did not hold.
_ENGLISH_NATIONALITIES = frozenset(
    "French Dutch Greek German Swiss Thai Czech Arabic Arab Slovak Iraqi Israeli Pakistani Saudi "
    "Kuwaiti Qatari Yemeni Bangladeshi Nepali Afghan American European African Mexican Korean "
    "Cuban Chilean Peruvian Moroccan Latin Hebrew Persian Basque Catalan Scots Welsh".split()
)
# English demonyms and language names: "Spanish", "Chinese", "Italian"; no common place
# name ends so ("-an" alone would take "Iran", "Milan", "Japan").
_ENGLISH_DEMONYM_ENDING = re.compile(r"(?:ish|ese|ian)$")


def capitalized_common_word(word: str, piece: str, source: str, target: str) -> bool:
    """Whether `word`, capitalized in a translation of `piece` from `source` into `target`
    (language codes: "fr", "en_US"), is a common word `target` capitalizes: a nationality or
    language, or a weekday or month a word of `piece` names ("lundi" gives "Monday")."""
    if _base_language(target) != "en":
        return False
    if word in _ENGLISH_NATIONALITIES or _ENGLISH_DEMONYM_ENDING.search(word):
        return True
    language = _base_language(source)
    names = {_SOURCE_NAMES.get(language, {}).get(word), _SPELLED_TOO.get(language, {}).get(word)} - {None}
    return bool(names & {piece_word.casefold() for piece_word in re.findall(r"\w+", piece)})


def _base_language(code: str) -> str:
    return re.split(r"[_\-@.]", code, maxsplit=1)[0].casefold()
