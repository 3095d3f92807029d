"""QA numbers across number systems: Arabic and Persian digits and separators, Indian grouping,
lakh and crore, Chinese and Japanese 万/億. A number written in one system and its equal in
another never flags; a changed digit always does; a message never shows two sides that read the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.qa.numbers import compare

FLORES = Path(__file__).resolve().parents[2] / "shared" / "data" / "flores-dev"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def western(n: int) -> str:
    return f"{n:,}"


def indian(n: int) -> str:
    """1,20,000: the last three digits, then pairs (CLDR's #,##,##0 for hi)."""
    digits = str(n)
    head, tail = digits[:-3], digits[-3:]
    pairs = [head[max(0, i - 2):i] for i in range(len(head), 0, -2)][::-1]
    return ",".join([*pairs, tail]) if head else tail


def myriads(n: int) -> str:
    """10万4500, 1億2000万: Chinese and Japanese count in ten-thousands."""
    oku, rest = divmod(n, 10 ** 8)
    man, ones = divmod(rest, 10 ** 4)
    return (f"{oku}億" if oku else "") + (f"{man}万" if man else "") + (str(ones) if ones else "")


SYSTEMS = {  # language: how a writer of it writes n, in a sentence of it
    "ar": lambda n: f"القادرة على استيعاب {western(n).translate(ARABIC_INDIC).replace(',', '٬')} برميل.",
    "fa": lambda n: f"گنجایش {western(n).translate(PERSIAN).replace(',', '٬')} بشکه را دارد.",
    "hi": lambda n: f"कीमत {indian(n).translate(DEVANAGARI)} रुपये है।",
    "ja": lambda n: f"{myriads(n)}バレルを貯蔵できる。",
    "zh": lambda n: f"有{myriads(n)}人参加。",
    "de": lambda n: f"Es fasst {western(n).replace(',', '.')} Barrel.",
    "el": lambda n: f"ικανή να συγκρατήσει {western(n).replace(',', '.')} βαρέλια.",
}


@pytest.mark.parametrize("source, language, translation", [
    ("القادرة على استيعاب 104,500 برميلٍ.", "ar", "capable of holding 104,500 barrels."),
    ("گنجایش 104,500 بشکه را دارد.", "fa", "It has a capacity of 104,500 barrels."),
    ("جمعیت ۱۲٬۰۰۰ نفر است.", "fa", "The population is 12,000."),
    ("تورم به ۳٫۵ درصد رسید.", "fa", "Inflation reached 3.5 percent."),
    ("بلغ عدد السكان ١٢٠،٥٠٠ نسمة.", "ar", "The population was 120,500."),
    ("कीमत १,२०,००० रुपये है।", "hi", "The price is 120,000 rupees."),
    ("ग्राहकों की संख्या 3 लाख है।", "hi", "There are 300,000 customers."),
    ("ग्राहकों की संख्या 3 करोड़ है।", "hi", "There are 30 million customers."),
    ("ग्राहकों की संख्या 2.5 लाख है।", "hi", "There are 250,000 customers."),
    ("10万4500バレルを貯蔵できる。", "ja", "It can store 104,500 barrels."),
    ("1億2000万人が住む。", "ja", "120 million people live there."),
    ("有3万人参加。", "zh", "30,000 people took part."),
])
def test_the_same_number_in_another_system_is_not_flagged(source, language, translation):
    assert not compare(source, language, translation, "en"), compare(source, language, translation, "en").message()


@pytest.mark.parametrize("source, language, translation", [
    ("कीमत १,२०,००० रुपये है।", "hi", "The price is 12,000 rupees."),
    ("ग्राहकों की संख्या 3 लाख है।", "hi", "There are 30,000 customers."),
    ("10万4500バレルを貯蔵できる。", "ja", "It can store 14,500 barrels."),
    ("القادرة على استيعاب 104,500 برميلٍ.", "ar", "capable of holding 105,500 barrels."),
])
def test_a_changed_number_is_flagged(source, language, translation):
    assert compare(source, language, translation, "en")


def test_a_message_never_shows_two_sides_that_read_the_same():
    """German 1.204 is 1204; copied into English it reads 1.204: a real fault, told with the readings."""
    mismatch = compare("Es kostet 1.204 Euro.", "de", "It costs 1.204 euros.", "en")
    assert mismatch
    left, right = mismatch.message().split(" -> ")
    assert left != right and "1204" in left and "1.204" in right


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1_001, 999_999_999), language=st.sampled_from(sorted(SYSTEMS)), data=st.data())
def test_any_number_in_any_system_pairs_with_its_english_digits_and_a_changed_digit_never_does(n, language, data):
    source = SYSTEMS[language](n)
    english = f"They counted {western(n)} of them."
    assert not compare(source, language, english, "en"), (source, compare(source, language, english, "en").message())
    digits = str(n)
    position = data.draw(st.integers(0, len(digits) - 1))
    replacement = data.draw(st.sampled_from([d for d in "0123456789" if d != digits[position]
                                             and not (position == 0 and d == "0")]))
    changed = int(digits[:position] + replacement + digits[position + 1:])
    mismatch = compare(source, language, f"They counted {western(changed)} of them.", "en")
    assert mismatch, (source, changed)
    left, right = mismatch.message().split(" -> ")
    assert left != right


def flores(language: str) -> list[str]:
    path = FLORES / f"{language}.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent (../shared/data/flores-dev is laid beside the clone in CI)")
    return path.read_text(encoding="utf-8").splitlines()


NATIVE = {  # language: digits, decimal mark, grouping of a writer of its own number system
    "ar": (ARABIC_INDIC, "٫", lambda n: western(n).replace(",", "٬")),
    "fa": (PERSIAN, "٫", lambda n: western(n).replace(",", "٬")),
    "hi": (DEVANAGARI, ".", indian),
}


@pytest.mark.parametrize("language", sorted(NATIVE))
def test_real_text_numbers_rewritten_in_a_native_system_pair_with_the_english(language):
    """FLORES English sentences, each number (years, dates, amounts, decimals) written as a
    writer of `language` writes it: compared with the English they hold the same numbers."""
    digits, decimal, grouped = NATIVE[language]

    def native(match: re.Match[str]) -> str:
        integer, _, fraction = match.group(0).replace(",", "").partition(".")
        text = grouped(int(integer)) if len(integer) > 4 else integer
        return (text + (decimal + fraction if fraction else "")).translate(digits)

    english = [line for line in flores("en") if re.search(r"\d", line)]
    assert len(english) > 100
    flagged = [(line, compare(re.sub(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", native, line), language,
                              line, "en").message())
               for line in english if compare(re.sub(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", native, line),
                                              language, line, "en")]
    assert flagged == []
