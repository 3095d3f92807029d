"""Numbers as a reader of each language understands them, so they compare across locales.

German "48,7" is English "48.7", "1.204" is "1,204", "16. März" is "16 March". A number
token is read under its language's convention (decimal comma or decimal point); a
separator that could be either ("1.204": a thousands group or three decimals) is read as
the convention says. Times ("9:30", "0930", "21:30" for "9:30 pm") compare by value too.
Numbers written as words ("zwei", "six", "fifteenth") are read in the languages measured
(`number_words`); a number often written out, present on one side only, is not a problem
where the other side holds a number word for it (see `compare`).

Why our own code: Babel's `parse_decimal` knows every locale's symbols but parses one
clean number given its locale; here numbers sit in running text, ambiguous forms need both
readings weighed, and Babel is not a dependency of the pipeline.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

from uebersetzer.qa import number_words

# Languages that write a decimal point; every other language writes a decimal comma.
# (CLDR's decimal symbol per language in Latin digits, for the languages Argos and langdetect
# know: Arabic and Persian write "104,500" and "3.5" there, and ٬ ٫ with their own digits.)
DECIMAL_POINT = frozenset({"en", "zh", "zt", "ja", "ko", "he", "hi", "th", "ga", "cy", "ms", "tl", "bn", "gu",
                           "kn", "ml", "mr", "ne", "pa", "ta", "te", "ur", "sw", "so", "mt", "ar", "fa", "ps"})
# Languages whose writers use both conventions in Latin digits (Arabic of the Maghreb writes
# "104.500", CLDR's ar-MA, ar-DZ, ar-TN; Persian sites copy either): "104.500" and "104,500"
# are read both ways there.
EITHER_MARK = frozenset({"ar", "fa", "ps", "ur"})
# Unicode's spaces (category Zs): French writes "9 h 30" and "1 000" with a no-break space
# (U+00A0) or a narrow one (U+202F), typesetters with a thin (U+2009) or figure space (U+2007)
SPACE_CHARACTERS = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_SPACE = f"[{SPACE_CHARACTERS}]"
_GROUP_ONLY = SPACE_CHARACTERS + "'’\u066c"  # spaces, apostrophes (de-CH), Arabic thousands sign
# The Arabic comma between digits (١٢٠،٥٠٠): a comma, read as the comma is
_ARABIC_COMMA = "\u060c"
# Indian grouping (CLDR's #,##,##0 for hi, bn, mr...): 1,20,000 and 1,04,50,000
_INDIAN_GROUPS = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}")
# Chinese, Japanese and Korean count in ten-thousands: 10万4500 is 104,500, 1億2000万 120 million
_MYRIADS = {"万": 10 ** 4, "萬": 10 ** 4, "만": 10 ** 4, "億": 10 ** 8, "亿": 10 ** 8, "억": 10 ** 8}
_TOKEN = re.compile(
    # every alternative starts with a digit or a Roman numeral letter: said first, re tries
    # none of them at the other positions (7x faster over FLORES, the same matches)
    r"(?=[\dIVX])(?:"
    rf"(?<![\d.,])\d{{1,2}}(?::|{_SPACE}?h{_SPACE}?)\d{{2}}(?!\d)"  # a time: 9:30, 9h30, 9 h 30
    rf"|(?<![\d.,])\d{{1,2}}{_SPACE}?h(?!\w)"  # a full hour in French or Portuguese: 11 h, 11h
    rf"|(?<![\d.,])\d{{1,2}}{_SPACE}?[時时시]{_SPACE}?\d{{1,2}}{_SPACE}?[分분]"  # 9時30分 (Chinese, Japanese), 9시 30분 (Korean)
    rf"|(?<![\d.,])\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\d.,]\d)"  # thousands grouped by spaces: 5 000 000
    r"|(?<![\d.,])\d+(?:[億亿억]\d+[万萬만]\d*|[億亿억]\d+|[万萬만]\d+)"  # 10万4500, 1億2000万
    r"|\d+(?:[.,'’\u066b\u066c\u060c]\d+)*"  # anything else: 1.204, 48,7, 1'000, ١٢٠،٥٠٠
    r"|(?<![\w-])[IVX]{2,}(?=e\b|er\b|ème\b|-|\b)"  # a Roman number: XVIII. Jahrhundert, XVe siècle
    r")"
)
# What every _TOKEN holds: a digit, or two Roman numeral letters. Text without either (most
# sentences) has no token, and this is found without trying each of _TOKEN's patterns at every position.
_TOKEN_HINT = re.compile(r"\d|[IVX]{2}")
_TIME = re.compile(rf"^(\d{{1,2}})(?:[:.]|{_SPACE}?h{_SPACE}?)(\d{{2}})?$")
_DECADE = re.compile(r"^\d{2}0(?:'?s)\b|^\d{3}0s")  # "1960s": English decades, "anni '60" elsewhere
# Words that multiply the number before them. Only readings are added (the plain number
# stays one), so a missing or wrong word here can hide a fault, never invent one.
_SCALES = (
    (re.compile(r"\s*(?:mil millones|mil milhões|billion|bn\b|milliard|mrd\b|miliard|miljard|mld\b|bilh|млрд|миллиард)",
                re.IGNORECASE), 10 ** 9),
    (re.compile(r"\s*(?:million|mio\b|mill[oó]n|milione|milioni|miljoen|milion|milh|млн|миллион)", re.IGNORECASE), 10 ** 6),
    (re.compile(r"\s*(?:thousand|tausend|mille|mila\b|mil\b|duizend|tys|тыс|千)", re.IGNORECASE), 10 ** 3),
    (re.compile(r"\s*(?:hundred|hundert|honderd|cents?\b|cien|cento|cem\b|sto\b|сто\b|сот)", re.IGNORECASE), 10 ** 2),
    (re.compile(r"\s*[万萬만]"), 10 ** 4),  # Chinese, Japanese, Korean count in ten-thousands
    (re.compile(r"\s*[亿億억]"), 10 ** 8),
    # South Asia counts in lakhs and crores (CLDR's compact forms for hi, bn, ur, ta...: "0 लाख",
    # "0 करोड़", "0 লাখ", "0 কোটি", "0 لاکھ", "0 کروڑ", "0 லட்சம்", "0 கோடி"; en-IN "lakh", "crore")
    (re.compile(r"\s*(?:लाख|lakh|lac\b|লাখ|লক্ষ|لاکھ|லட்சம்|ಲಕ್ಷ|లక్ష|ലക്ഷം|લાખ|ਲੱਖ)", re.IGNORECASE), 10 ** 5),
    (re.compile(r"\s*(?:करोड|crore|কোটি|کروڑ|கோடி|ಕೋಟಿ|కోట్ల|కోటి|കോടി|કરોડ|ਕਰੋੜ)", re.IGNORECASE), 10 ** 7),
    # Arabic and Persian (CLDR's long compact forms: "0 ألف", "0 مليون", "0 مليار"; "0 هزار", "0 میلیون", "0 میلیارد")
    (re.compile(r"\s*(?:مليار|ملیارد|میلیارد|بليون)"), 10 ** 9),
    (re.compile(r"\s*(?:مليون|ملايين|میلیون)"), 10 ** 6),
    (re.compile(r"\s*(?:ألف|آلاف|الف|هزار)"), 10 ** 3),
)
_ROMAN = {"I": 1, "V": 5, "X": 10}
# Numbers written as words (number_words.VALUES: 2-20, the tens and the common ordinals, in
# the languages measured in bench_qa.py). A word number pairs with its digits on the other
# side ("six mois" = "6 months"), so a changed "7 months" is seen.
_NUMBER_WORDS: dict[str, dict[str, int]] = number_words.VALUES
_WORDS = re.compile(r"(?<![\w-])\w+(?![\w-])")  # not part of a compound numeral: "dix-huit", "twenty-two"
SMALL = 20  # up to here a number is often written as a word in one language and as digits in another


@dataclass(frozen=True)
class Number:
    text: str  # as written
    values: frozenset[str]  # every reading: "1204", "48.7", time "9:30"
    word: bool = False  # written as a word ("zwei", "fifteenth")
    # written against letters: a unit's power ("mi2"), part of a name ("COVID-19", "HJR-3")
    glued: bool = False

    def spelled_out(self) -> bool:
        """Often written as a word instead: twenty, fifty, three thousand."""
        return all(_is_round(value) for value in self.values)


def _is_round(value: str) -> bool:
    if not value.isdigit():
        return False
    return int(value) <= SMALL or value.rstrip("0") in "123456789" and len(value.rstrip("0")) == 1


def _digits(text: str) -> str:
    """Any script's decimal digits as ASCII ("٣" -> "3"), separators kept."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def _canonical(integer: str, fraction: str = "") -> str:
    value = Decimal(f"{integer or '0'}.{fraction or '0'}").normalize()
    return format(value, "f")


def readings(token: str, language: str) -> frozenset[str]:
    """The values a reader of `language` can take `token` for."""
    text = re.sub(rf"{_SPACE}?[時时시]{_SPACE}?(\d{{1,2}}){_SPACE}?[分분]", lambda m: ":" + m.group(1).zfill(2),
                  _digits(token))
    if any(unit in text for unit in _MYRIADS):
        return frozenset({str(_myriad_value(text))})
    text = text.replace(_ARABIC_COMMA, ",")
    found: set[str] = set()
    time = _TIME.match(text)
    if time and int(time.group(1)) < 25 and int(time.group(2) or 0) < 60:
        hour, minute = int(time.group(1)), int(time.group(2) or 0)
        found |= {f"{hour % 12}:{minute:02d}", str(hour * 100 + minute), str((hour % 12) * 100 + minute)}
        if minute == 0:  # "10:00" is "10 a.m.", "17 h" is "5 pm"
            found |= {str(hour), str(hour % 12 or 12)}
        if text[time.end(1)] != ".":  # "9.30" may also be a decimal number
            return frozenset(found)
    if re.fullmatch(r"\d{4}", text) and int(text[-2:]) < 60 and int(text[:-2]) < 25:
        found |= {f"{int(text[:-2]) % 12}:{text[-2:]}"}  # "0230 UTC" is 2:30
    for separator in _GROUP_ONLY:
        text = text.replace(separator, "")
    text = re.sub(r"[^\d.,\u066b]", "", text)  # what is left of a time that is none ("25:99")
    text = text.replace("\u066b", "," if language not in DECIMAL_POINT else ".")
    decimal = "." if language in DECIMAL_POINT else ","
    group = "," if decimal == "." else "."
    marks = [ch for ch in text if ch in ".,"]
    if not marks:
        return frozenset(found | {_canonical(text)})
    if len(set(marks)) == 2:  # both: the last one is the decimal mark, whatever the language
        last = max(text.rfind("."), text.rfind(","))
        integer = re.sub(r"[.,]", "", text[:last])
        return frozenset(found | {_canonical(integer, text[last + 1:])})
    mark = marks[0]
    parts = text.split(mark)
    grouped = all(len(part) == 3 for part in parts[1:]) and 1 <= len(parts[0]) <= 3
    if len(parts) > 2:  # "1.204.000": only a grouping; "27.11.2026" (a date): as written, so a copy pairs
        grouped = grouped or bool(mark == "," and _INDIAN_GROUPS.fullmatch(text))
        return frozenset(found | ({_canonical("".join(parts))} if grouped else {f"as written: {text}"}))
    if grouped and language in EITHER_MARK:
        return frozenset(found | {_canonical("".join(parts)), _canonical(parts[0], parts[1])})
    if grouped and (mark == group or mark not in ".,"):
        return frozenset(found | {_canonical("".join(parts))})
    return frozenset(found | {_canonical(parts[0], parts[1])})


def _myriad_value(text: str) -> int:
    """10万4500 -> 104500, 1億2000万 -> 120000000 (digits already ASCII; group marks ignored)."""
    total, digits = 0, ""
    for char in text:
        if char in _MYRIADS:
            total += int(digits or 1) * _MYRIADS[char]
            digits = ""
        elif char.isdigit():
            digits += char
    return total + int(digits or 0)


def numbers_in(text: str, language: str) -> list[Number]:
    """Every number of the text, in text order, with all its readings."""
    found: list[tuple[int, Number]] = []
    for match in _tokens(text):
        token = match.group(0)
        if token[0] in _ROMAN:
            value = _roman(token)
            if value:
                found.append((match.start(), Number(token, frozenset({str(value)}))))
            continue
        values = set(readings(token, language))
        after = text[match.end():match.end() + 16]
        if _DECADE.match(token + after):  # "1960s" is also "the 60s"
            values.add(str(int(token) % 100))
        values = set(_with_scale(values, after))
        glued = bool(_GLUED.search(text, max(match.start() - 2, 0), match.start()))
        found.append((match.start(), Number(token, frozenset(values), glued=glued)))
    words = _NUMBER_WORDS.get(language)
    if words and _number_word_hint(language).search(text.casefold()):
        found += _word_numbers(text, words)
    return [number for _, number in sorted(found, key=lambda item: item[0])]


_GLUED = re.compile(r"[^\W\d_]-?$")  # what ends right before a number written against letters


def _word_numbers(text: str, words: dict[str, int]) -> list[tuple[int, Number]]:
    """(where, number) of each number written as one of `words`."""
    found = []
    for match in _WORDS.finditer(text):
        value = words.get(match.group(0).casefold())
        if value:
            after = text[match.end():match.end() + 16]
            found.append((match.start(), Number(match.group(0), _with_scale({str(value)}, after), word=True)))
    return found


@lru_cache(maxsize=None)  # compiled when a language is first read, not at every start
def _number_word_hint(language: str) -> re.Pattern[str]:
    """Any of the language's number words, anywhere in a casefolded text. A word _word_numbers
    reads is one of them, casefolded, and casefolding goes character by character,
    so it is in the casefolded text: without a match there is no number word to read."""
    return re.compile("|".join(re.escape(word) for word in sorted(_NUMBER_WORDS[language], key=len, reverse=True)))


def _tokens(text: str) -> Iterable[re.Match[str]]:
    """_TOKEN's matches in the text; none at once when the text has no digit or Roman numeral."""
    return _TOKEN.finditer(text) if _TOKEN_HINT.search(text) else ()


def _with_scale(values: set[str], after: str) -> frozenset[str]:
    """The readings, and each times the scale word that follows ("2,3 Milliarden", "three thousand")."""
    for pattern, factor in _SCALES:
        if pattern.match(after):
            return frozenset(values | {_scaled(value, factor) for value in values if ":" not in value})
    return frozenset(values)


def _scaled(value: str, factor: int) -> str:
    return format((Decimal(value) * factor).normalize(), "f")


def _roman(token: str) -> int:
    """XVIII -> 18; 0 for what is not a well-formed Roman number below 40."""
    total = 0
    for index, letter in enumerate(token):
        value = _ROMAN[letter]
        total += -value if index + 1 < len(token) and _ROMAN[token[index + 1]] > value else value
    return total if total < 40 and _to_roman(total) == token else 0


def _to_roman(value: int) -> str:
    tens, units = divmod(value, 10)
    return "X" * tens + ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][units]


@dataclass(frozen=True)
class Mismatch:
    missing: tuple[Number, ...]  # in the source, not in the translation
    added: tuple[Number, ...]  # in the translation, not in the source

    def __bool__(self) -> bool:
        return bool(self.missing or self.added)

    def message(self) -> str:
        """"1.204 -> 1,024"; a number written alike on both sides ("1.204" German, "1.204"
        English) shows how each side reads it, "1.204 (1204) -> 1.204 (1.204)": a message never
        shows two sides that read the same."""
        alike = {_digits(n.text) for n in self.missing} & {_digits(n.text) for n in self.added}
        left = ", ".join(_shown(n, alike) for n in self.missing) or "(none)"
        right = ", ".join(_shown(n, alike) for n in self.added) or "(none)"
        return f"{left} -> {right}"


def _shown(number: Number, alike: set[str]) -> str:
    """The number as written; with its readings where the other side writes it alike."""
    if _digits(number.text) not in alike:
        return number.text
    return f"{number.text} ({' or '.join(sorted(number.values))})"


def compare(source: str, source_language: str, translation: str, target_language: str) -> Mismatch:
    """Numbers of the source without a partner of the same value in the translation, and
    the other way round. A small or round number unmatched on one side only is taken as
    written out on the other, and not reported, where the other side holds a number word that
    no digits were paired with ("15 dieser Felsen" -> "Fifteen of these rocks", "Dutzend",
    "trescientos", `_written_out`); unmatched on both sides it is."""
    wanted = numbers_in(source, source_language)
    offered = numbers_in(translation, target_language)
    if not wanted and not offered:  # most sentences: nothing to pair
        return Mismatch((), ())
    missing, added = _match(wanted, offered)
    if all(number.word for number in missing + added):  # "op drie na" = "third", "veinte años" = "two decades"
        return Mismatch((), ())
    if not (missing and added):
        missing = _written_out(missing, offered, translation, target_language)
        added = _written_out(added, wanted, source, source_language)
    return Mismatch(tuple(missing), tuple(added))


_SPELLED_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # a word, hyphenated ones whole ("twenty-five")


def _written_out(unmatched: list[Number], others: list[Number], other_text: str, other_language: str) -> list[Number]:
    """The `unmatched` numbers of one side (the other side has none unmatched: `others` are all
    paired) that stay reported. Excused: numbers written as words (an unmatched "drei" is
    idiom as often as fault) or as a Roman number ("XX wieku" = "the 1900s"), a 1 (an article
    says it: "a", "ein", "un"), digits written against letters (a unit's power, "mi2" = "sq
    mi"; a name's, "COVID-19"), and a number below 100 or round (`_may_be_words`) for each
    number word of the other side that no digits were paired with
    (`number_words.holds_number_words`: "twelve", "fünfundzwanzig", "a dozen", "zweistündig").
    Into a language whose number words are not read here, every small or round number is
    excused, as all were before 2026-11-27: then "Die Regierung hat 13 Minister." -> "The
    government has ministers." said nothing."""
    if not number_words.known(other_language):
        return [number for number in unmatched if not number.spelled_out()]
    if not any(map(_may_be_words, unmatched)):
        return unmatched
    spare = number_words.holds_number_words(_SPELLED_WORD.findall(other_text), other_language) - sum(
        number.word for number in others)
    reported = []
    for number in unmatched:
        held_to_words = number.text[:1].isdecimal() and not number.glued and "1" not in number.values
        if not _may_be_words(number) or (held_to_words and spare <= 0):
            reported.append(number)
        elif held_to_words:
            spare -= 1
    return reported


def _may_be_words(number: Number) -> bool:
    """Small or round (`Number.spelled_out`), or below 100 ("twenty-five", "fünfundzwanzig"):
    a number the other side may write as words, where this module can tell it does."""
    return number.spelled_out() or all(value.isdigit() and int(value) < 100 for value in number.values)


def _match(wanted: list[Number], offered: list[Number]) -> tuple[list[Number], list[Number]]:
    """Pair numbers of equal value, greedily, the ones with fewest readings first; return the
    unpaired of each side in text order."""
    free = list(range(len(offered)))
    paired: set[int] = set()
    for index in sorted(range(len(wanted)), key=lambda i: len(wanted[i].values)):
        partner = next((j for j in free if wanted[index].values & offered[j].values), None)
        if partner is not None:
            free.remove(partner)
            paired.add(index)
    return [n for i, n in enumerate(wanted) if i not in paired], [offered[j] for j in free]
