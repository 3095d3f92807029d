"""Segment stage, script by script: sentence ends pysbd's rules miss or invent outside Latin text.

pysbd splits each language by its own rules where it has them (Russian, Arabic, Hindi through
Marathi, Chinese, Japanese, ...) and by English rules elsewhere. On news in other scripts
those rules cut where no reader would and join where every reader cuts; `segment` runs the
passes here over pysbd's sentences (and over the shortcut's, which are the same):

- `as_read`: Hebrew acronyms are written with a gershayim between letters, and most keyboards
  type it as `"` (ארה"ב, צה"ל, האו"ם): pysbd took each for a quotation mark and ended no sentence
  until the next one. The splitter reads `״` and `׳` there (same length, so offsets hold).
- `joined`: a full stop that ends an abbreviation or an initial ends no sentence. pysbd's
  Russian list lacks the month abbreviations and `им.`, its Arabic and Hindi rules cut after
  every title (`د.`, `डॉ.`), and its English rules, which Chinese and Japanese use for Latin
  text, cut `Apple Inc.的CEO` and `J.拜登`. Where pysbd has the language's rules they still run;
  the small lists below only add what news in the language writes and pysbd lacks.
- `cut`: a danda (`।`, `॥`) before a space and a sentence's start, in any language's rules: pysbd's
  Hindi rules know `।` but not `॥`, its Marathi ones (and the English ones Bengali, Nepali and
  every other language without rules of its own use) know neither, so an English sentence after
  a Hindi one (`… है। The talks …`) stayed in it, and a Bengali paragraph was one sentence.
  And full-width sentence marks inside quotes (`“谈判。”他说`, `「…！」本当`): the closing
  quote belongs to the sentence it closes, and the next sentence starts after it. And Russian
  `г.` (год) after a year before a word that starts a sentence and can be no name (`в 2019 г. В
  2020 г.`): pysbd's Russian list has `г`, so it never ended a sentence there (see _YEAR_ENDS).

A sentence ending inside quotes before one that starts with a letter of a script without
capitals (`«… الضغط.» وأضاف`, `"… 것이다." 회의는`, French `« … . » Le`) is `segment`'s
`_split_after_quoted_ends`. Thai is not cut at all: it marks no sentence end, a space
separates clauses as well as sentences, and telling them apart needs a trained model
(pythainlp's CRF, with its dictionaries and a 40 MB download); a long Thai paragraph still
reaches the engine in pieces under the model's input limit (engines/argos.split_long).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# A closing quote or bracket after a full-width sentence mark, in Chinese and Japanese text.
_CJK_CLOSERS = "”’」』）》〉】〕\"')"
_CJK_MARKS = "。！？"
_CLOSED_MARKS = _CJK_MARKS + "।॥"  # marks pysbd ends a sentence at before the quotes that close it
# Chinese (Han, with its compatibility block), Japanese kana, glued or one space after a full stop.
# pysbd's English rules, which Chinese and Japanese use for Latin text, cut there every time. A
# full stop glued to them ends no sentence (`Apple Inc.的CEO`, `J.拜登`), nor one glued to any
# other letter (`האן.בי.איי`, `U.S.A`): the splitter does not look at a text whose full stops all
# are, and must not cut one in a longer one. One space after it, it ends a sentence unless it
# ends a Latin abbreviation or initial (`Apple Inc. 的`, `U.S. 的`) or a list's number (`2. 他说`):
# an English sentence quoted in a Chinese or Japanese paragraph (`… the mission. 次の文です。`),
# or an English paragraph's sentence before a Chinese or Japanese one.
_HAN_AND_KANA = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # of the Basic Multilingual Plane
_HAN_OR_KANA = re.compile(rf" ?[{_HAN_AND_KANA}\U00020000-\U0003134f]")
# Latin titles news writes inside Chinese and Japanese text before a name.
_LATIN_TITLES = "Dr|Mr|Mrs|Ms|Prof|St|Mt"
# The abbreviations news writes in Latin letters inside Chinese and Japanese text: companies,
# titles, `Jr.` (FLORES' Japanese has `ピケJr.は` twice), and any single letter (an initial, the
# last of `U.S.` or `Ph.D.`). Not preceded by a Latin letter: the whole word, not its end.
_LATIN_ABBREVIATION = re.compile(
    rf"(?<![A-Za-z\u00c0-\u024f])(?:[A-Za-z]|Inc|Ltd|Co|Corp|Bros|Pte|Pty|Bhd|Jr|Sr|{_LATIN_TITLES}|No|Vol|vs)\.\Z")
# A title in Latin letters glued to Chinese or Japanese text or punctuation before it (`据报道，St.
# Louis`, `（Dr. Wang 创办）`, `昨日、Dr. Tanaka`): pysbd's English rules know these only after a space,
# and a title never ends a sentence before the name it stands for.
_TITLE_AFTER_HAN_OR_KANA = re.compile(
    rf"(?<=[\u3000-\u303f{_HAN_AND_KANA}\uff00-\uffef“”‘’])"
    rf"(?:{_LATIN_TITLES}|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev)\.\Z")
# A company's legal form, abbreviated, and the one that may follow it (`Acme Ltd. Co.`, `Samsung
# Co. Ltd.`, `Acme Pty. Ltd.`): pysbd's English rules, which every language without rules of its
# own uses (and Chinese and Japanese for Latin text), ended a sentence between the two, as
# before any capital after an abbreviation; its Dutch rules also before lower case (`Acme Inc.
# was sold`), where no sentence starts. A name (`Acme Ltd. He left`) still starts one.
_COMPANY_FORM = re.compile(r"(?<![\w.])(?:Inc|Ltd|Co|Corp|Cos|Pty|Pte|Bhd|Plc)\.\Z", re.IGNORECASE)
_NEXT_COMPANY_FORM = re.compile(
    r"(?:Inc|Ltd|Co|Corp|Cos|Pty|Pte|Bhd|Plc|LLC|LLP|KG|AG|GmbH|Limited|Corporation|Company)\b", re.IGNORECASE)
# A list's number, alone in what pysbd cut before the full stop.
_ENUMERATOR = re.compile(r"\d{1,3}\.")
# Hebrew and Arabic script letters: a word of one such letter before a full stop is an initial
# or an abbreviation (`א. ב. יהושע`, `د. أحمد`, `م. علي`): neither script has words of one letter
# that stand on their own (و, ב are prefixes glued to the next word).
_ONE_LETTER_WORD = re.compile(r"(?:^|(?<=[\s(«\"'„“]))[\u05d0-\u05ea\u0620-\u064a\u066e-\u06d3]\.\Z")
_HEBREW_LETTER = "\u05d0-\u05ea"
# `"` or `'` between two Hebrew letters (or `'` after one, ג'ורג'): a gershayim or geresh.
_GERSHAYIM = re.compile(rf"(?<=[{_HEBREW_LETTER}])\"(?=[{_HEBREW_LETTER}])")
_GERESH = re.compile(rf"(?<=[{_HEBREW_LETTER}])'")


class _Abbreviations(NamedTuple):
    """A language's abbreviations that pysbd's rules for it lack, each as written before its full stop.

    `before_anything`: a title or a word that always has one after it (`им. Горького`, `डॉ. शर्मा`);
    `before_numbers`: one that is followed by a number when it ends no sentence (`5 февр. 2024`)."""

    before_anything: tuple[str, ...]
    before_numbers: tuple[str, ...] = ()
    lower_case_goes_on: bool = False  # a full stop before a word in lower case ends no sentence


# Kept small on purpose: only what news in the language writes and pysbd splits wrongly
# (checked on FLORES dev and on the desk's articles). An abbreviation that may end a sentence
# (`и т. д.`, `руб.`) is left to pysbd. (Not every language may join before lower case:
# Afrikaans starts sentences with `'n`, and any language with `eBay` or `iPhone`.)
_ABBREVIATIONS: dict[str, _Abbreviations] = {
    # pysbd's Russian list has `г`, `т`, `проф`, but no months, no `им.` (имени: a theatre, a
    # street named after someone), no `т. е.` / `т. к.` / `т. н.`, which always go on.
    "ru": _Abbreviations(
        before_anything=("им", "ген", "св", "т. е", "т. к", "т. н", "т. ч", "т.е", "т.к", "т.н", "напр", "см",
                         "ок", "гр", "г-на", "г-жа"),
        before_numbers=("янв", "фев", "февр", "мар", "апр", "авг", "сен", "сент", "окт", "ноя", "нояб", "дек",
                        "ст", "ч", "рис", "№"),
        # pysbd's Russian rules end a sentence before lower case after any word not in its list
        lower_case_goes_on=True,
    ),
    "uk": _Abbreviations(
        before_anything=("ім", "т. зв", "т.зв", "св", "напр", "див"),
        before_numbers=("січ", "лют", "бер", "квіт", "трав", "черв", "лип", "серп", "вер", "жовт", "лист", "груд",
                        "ст", "ч"),
        lower_case_goes_on=True,
    ),
    # pysbd's Hindi (and Marathi) rules end a sentence at every full stop: a title, a currency
    # and the Latin initials of a name as Hindi spells them (`एस. जयशंकर`) are followed by more.
    # (One-syllable words cannot be told by their length as in Arabic: `है.` ends most sentences.)
    "hi": _Abbreviations(
        before_anything=("डॉ", "प्रो", "श्री", "श्रीमती", "सं", "मि", "ले", "कि", "ए", "बी", "सी", "डी", "एफ",
                         "जी", "एच", "जे", "एल", "एम", "एन", "पी", "आर", "एस", "टी", "वी", "डब्ल्यू", "वाई"),
        before_numbers=("रु", "नं", "पृ", "ई", "क्र"),
    ),
}
_ABBREVIATIONS["mr"] = _ABBREVIATIONS["hi"]  # Devanagari, the same titles and initials
_ABBREVIATIONS["ne"] = _ABBREVIATIONS["hi"]

# Russian `г.` / `гг.` after a number is год / годы, and its full stop also ends the sentence when
# the year ends one ("... весной 2016 г. Документы показали ..."); pysbd's Russian list has `г`,
# so it never ends one there. Not after a number it is город (`в г. Москва`): no sentence end.
# After a year before a capital it is ambiguous: `В 2019 г. Путин подписал` is one sentence (a
# date opens it, a name follows), `... в 2019 г. Путин подписал` may be two. So a sentence ends
# there only before a word that cannot be a name in the middle of a sentence (a preposition,
# conjunction, pronoun or particle written with a capital: `в 2019 г. В 2020 г.`, `2019 г. Он`);
# before any other capital (a name, a title: `Президент`) it goes on, as pysbd has it: a sentence
# cut in two is translated as two fragments, two sentences left joined are still translated
# whole. Lower case, digits, commas and quotes after it go on as before (`1 января 2020 г. в
# Москве`). The word must be followed by a space: `2019 г. В. Путин` is an initial.
_YEAR_STARTERS: dict[str, tuple[str, ...]] = {
    "ru": ("В", "Во", "На", "По", "С", "Со", "К", "Ко", "О", "Об", "От", "До", "За", "Из", "Для", "При", "После",
           "Перед", "Под", "Над", "Через", "Без", "Про", "Между", "Около", "Среди", "Несмотря", "Согласно",
           "И", "А", "Но", "Однако", "Если", "Когда", "Хотя", "Так", "Также", "Тогда", "Поэтому", "Ещё", "Еще",
           "Уже", "Лишь", "Даже", "Не", "Ни", "Затем", "Потом", "Позже", "Сейчас", "Теперь", "Кроме", "Как",
           "Что", "Чтобы", "Он", "Она", "Оно", "Они", "Мы", "Вы", "Я", "Это", "Этот", "Эта", "Эти", "Тот",
           "Та", "Те", "Его", "Её", "Ее", "Их", "Все", "Всё", "Там", "Здесь", "Тут", "Сегодня", "Вчера",
           "Всего", "Кто", "Где", "Почему", "Зато", "Впрочем", "Именно", "Только", "Тем", "Сам", "Сама",
           "Сами"),
}
_YEAR_ENDS = {language: re.compile(rf"(?<![\w.])\d{{1,4}}(?:[-–]\d{{1,4}})?(?:-[а-я]{{1,3}})?\s?гг?\."
                                   rf"(?=\s+(?:{'|'.join(words)})\s)")
              for language, words in _YEAR_STARTERS.items()}

# What no sentence starts with: a comma, a colon, a closing bracket glued to what follows.
_GOES_ON = re.compile(r"[,;:，、；：]|[)）\]](?=\S)")
# What may stand before a sentence's first letter: quotes, brackets, dashes.
_OPENING = re.compile(r"[\s„‚“”\"'«»‹›(\[「『（—–-]*")

# Japanese particles that go on after a closing 」: the quotation is part of the sentence
# (「予算は重要だ。」と大臣は述べた, 「…」という, 「…」って). も and で are left out: もし and
# でも also start sentences.
_JAPANESE_GOING_ON = re.compile(r"と|って|など|の|は|が|を|に|や")


def as_read(flat: str) -> str:
    """`flat` as the splitter should read it: Hebrew gershayim and geresh typed as `"` and `'`
    written `״` and `׳` (one character each: offsets hold)."""
    if "\"" in flat:
        flat = _GERSHAYIM.sub("\u05f4", flat)
    if "'" in flat:
        flat = _GERESH.sub("\u05f3", flat)
    return flat


def corrected(flat: str, pieces: list[str], language: str) -> list[str]:
    """pysbd's sentences of `flat` (in order, stripped) with the ends it got wrong in
    `language`'s script joined or cut: see the module's docstring."""
    years = _YEAR_ENDS.get(language) if "г." in flat else None
    dandas = "।" in flat or "॥" in flat or "|" in flat
    words = _WORD_BEFORE_A_NUMBER.search(flat) is not None if "." in flat else False
    if len(pieces) < 2 and not any(mark in flat for mark in _CJK_MARKS) and years is None and not dandas \
            and not words:
        return pieces
    spans = _spans(flat, pieces)
    if spans is None:  # not slices of flat (pysbd changed the text): as they are
        return pieces
    spans = _cut_after_full_width_quotes(flat, _joined(flat, _closers_moved_back(flat, spans), language), language)
    if dandas:
        spans = _cut_after(flat, spans, _DANDA_END)
    if words:
        spans = _cut_after(flat, spans, _WORD_BEFORE_A_NUMBER)
    if years is not None:
        spans = _cut_after(flat, spans, years)
    return [flat[start:end] for start, end in spans]


def _spans(flat: str, pieces: list[str]) -> list[tuple[int, int]] | None:
    spans, position = [], 0
    for piece in pieces:
        start = flat.find(piece, position)
        if start < 0:
            return None
        position = start + len(piece)
        spans.append((start, position))
    return spans


def closers_moved_back(flat: str, pieces: list[str]) -> list[str]:
    """`pieces` of `flat` with closing quotes moved back as `_closers_moved_back` does."""
    spans = _spans(flat, pieces)
    return pieces if spans is None else [flat[start:end] for start, end in _closers_moved_back(flat, spans)]


def _closers_moved_back(flat: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A sentence that starts with closing quotes glued to a full-width mark or a danda before it
    (`“谈判。` `”他说`, `पाएं।` `" बम`): the quotes go back to the sentence they close."""
    moved = list(spans)
    for index in range(1, len(moved)):
        (start, end), (next_start, next_end) = moved[index - 1], moved[index]
        if next_start != end or flat[end - 1] not in _CLOSED_MARKS:
            continue
        run = next_start
        while run < next_end and flat[run] in _CJK_CLOSERS:
            run += 1
        if run > next_start:
            moved[index - 1] = (start, run)
            rest = flat[run:next_end]
            moved[index] = (run + len(rest) - len(rest.lstrip()), next_end)
    return [(start, end) for start, end in moved if end > start]


def _joined(flat: str, spans: list[tuple[int, int]], language: str) -> list[tuple[int, int]]:
    joined = [spans[0]]
    for start, end in spans[1:]:
        if _ends_no_sentence(flat, joined[-1], start, language):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _ends_no_sentence(flat: str, sentence: tuple[int, int], next_start: int, language: str) -> bool:
    """Does the full stop that ends `sentence` (start, end) end an abbreviation or an initial,
    given what the next sentence (at `next_start`) starts with?"""
    start, end = sentence
    if _GOES_ON.match(flat, next_start):  # `HK Management Inc., die`, `公司（HK Inc.），该`
        return True
    mark = flat[end - 1]
    if mark in "!?" and flat[end:end + 1].isalpha() and not _HAN_OR_KANA.match(flat, end):
        return True  # `야후!와`: a name's mark with its particle glued on (`好吗?我` is two: half-width marks)
    if mark != ".":
        return False
    if flat[end:end + 1].isalpha():  # `Apple Inc.的CEO`, `J.拜登`, `האן.בי.איי`
        return True
    if _COMPANY_FORM.search(flat, max(start, end - 6), end) and (
            _NEXT_COMPANY_FORM.match(flat, next_start) or flat[next_start:next_start + 1].islower()):
        return True  # `Acme Ltd. Co.`, `Samsung Co. Ltd.`, `Acme Inc. was sold` (Dutch rules cut there)
    before = flat[max(0, end - 12):end]
    if _HAN_OR_KANA.match(flat, end):  # `Apple Inc. 的`, `2. 他说`; not `… the mission. 次の文です。`
        return bool(_LATIN_ABBREVIATION.search(before) or _ENUMERATOR.fullmatch(flat, start, end))
    if _TITLE_AFTER_HAN_OR_KANA.search(before) and flat[next_start:next_start + 1].isalpha():
        return True
    if _ONE_LETTER_WORD.search(before):
        return True
    abbreviations = _abbreviation_patterns(language)
    if abbreviations is None:
        return False
    anything, numbers, lower_case_goes_on = abbreviations
    first = flat[_OPENING.match(flat, next_start).end():][:1]
    return lower_case_goes_on and first.islower() or bool(anything.search(before)) \
        or first.isdigit() and bool(numbers.search(before))


@lru_cache(maxsize=None)
def _abbreviation_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str], bool] | None:
    """Patterns for `language`'s abbreviations, each as a whole word with its full stop at the text's end."""
    abbreviations = _ABBREVIATIONS.get(language)
    if abbreviations is None:
        return None

    def pattern(words: tuple[str, ...]) -> re.Pattern[str]:
        alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s?") for word in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?:^|(?<=[\s(«\"„“]))(?:{alternatives or '(?!)'})\.\Z", re.IGNORECASE)

    return (pattern(abbreviations.before_anything), pattern(abbreviations.before_numbers),
            abbreviations.lower_case_goes_on)


def _cut_after_full_width_quotes(flat: str, spans: list[tuple[int, int]], language: str) -> list[tuple[int, int]]:
    """Each sentence also cut after a full-width mark and closing quotes (`「…！」本当ですか？`):
    pysbd's Chinese and Japanese rules protect what stands in 「」 and 《》, and so never ended
    a sentence after one. In Japanese not before a particle that goes on (`」と述べた`)."""
    if not any(mark in flat for mark in _CJK_MARKS):
        return spans
    cut: list[tuple[int, int]] = []
    for start, end in spans:
        for boundary in _FULL_WIDTH_QUOTED_END.finditer(flat, start, end):
            after = boundary.end()
            following = after + len(flat[after:end]) - len(flat[after:end].lstrip())  # past a (wrapped) line end
            if following >= end or language == "ja" and _JAPANESE_GOING_ON.match(flat, following):
                continue
            cut.append((start, after))
            start = following
        cut.append((start, end))
    return cut


def _cut_after(flat: str, spans: list[tuple[int, int]], ends: re.Pattern[str]) -> list[tuple[int, int]]:
    """Each sentence also cut after each match of `ends`: a year's `г.` before a word that starts
    a sentence (_YEAR_ENDS), a danda (_DANDA_END)."""
    cut: list[tuple[int, int]] = []
    for start, end in spans:
        for found in ends.finditer(flat, start, end):
            after = found.end()
            cut.append((start, after))
            start = after + len(flat[after:end]) - len(flat[after:end].lstrip())
        cut.append((start, end))
    return cut


# A danda or double danda (Devanagari's and Bengali's full stop; the same two characters in both
# scripts), the quotes and brackets that close with it, then white space and what starts a
# sentence: a letter or digit in any script, or an opening quote, bracket or dash. No word is
# abbreviated with a danda, so it ends a sentence wherever one can start after it. (Not before a
# comma or a closing bracket after the space, nor glued to what follows.) Many keyboards have no
# danda and type `|` for it (`… होता है | In`; pysbd's Hindi rules know that one): after a
# Devanagari or Bengali character, glued or after one space.
_DANDA_END = re.compile(r"(?:[।॥]+|(?:(?<=[\u0900-\u09ff])|(?<=[\u0900-\u09ff] ))\|)[\"'”’»)\]]*"
                        r"(?=\s+(?:[^\W_]|[\"'“‘„«‹(\[—–-]))")

# Words pysbd's English list holds as abbreviations (Maine, Illinois, Manitoba, "is." for
# "island", May, Oklahoma, "fed.", "ore."), which news writes far more often as words ending a
# sentence. pysbd ends no sentence after an abbreviation before what is not a capital, a digit
# too, so `He told me. 21 people came.` and `It happened in May. 2020 was worse.` were one
# sentence, in every language split by English rules (and Dutch `Dat is. 20 …`). A full stop
# after one of these words, before white space and a digit, ends the sentence. (Not after the
# abbreviations that stand before numbers: `No. 5`, `p. 21`, `Fig. 3`, `Art. 5`, `et al. 2019`,
# `5 min. 30 s`; nor after a number, where pysbd ends it already: `im Jahr 2019. 2020 kam`.)
_WORD_BEFORE_A_NUMBER = re.compile(r"(?<![\w.'’-])(?:me|is|ill|man|may|ok|fed|ore)\.(?=\s+\d)", re.IGNORECASE)

_FULL_WIDTH_QUOTED_END = re.compile(
    rf"[{_CJK_MARKS}][{re.escape(_CJK_CLOSERS)}]+(?=\s*[^{re.escape(_CJK_CLOSERS)}\s{_CJK_MARKS}，、：；])")


def is_uncased_letter(character: str) -> bool:
    """A letter of a script without capitals (Arabic, Hebrew, Hangul, Han, Devanagari, ...): Unicode's "other letter"."""
    return unicodedata.category(character) == "Lo"
