"""Segment stage in every script: quotes, abbreviations and acronyms outside Latin text, Thai,
and the white space between sentences kept as written (segment_scripts, segment, render)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.segment import normalize_whitespace, split_sentences
from uebersetzer.unicode_forms import comparable

FLORES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "flores-dev"


@pytest.mark.parametrize("text, language, expected", [
    ("部长明天来。“我们不会在压力下谈判。”他说会议将在北京举行！", "zh",
     ["部长明天来。", "“我们不会在压力下谈判。”", "他说会议将在北京举行！"]),
    ("张先生说：“这很好。”然后他离开了。", "zh", ["张先生说：“这很好。”", "然后他离开了。"]),
    ("他問：「你會來嗎？」她說會。", "zt", ["他問：「你會來嗎？」", "她說會。"]),
])
def test_a_closing_quote_after_a_full_width_mark_ends_the_sentence_it_closes(text, language, expected):
    assert split_sentences(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("Встреча прошла 5 февр. 2024 г. в Москве. Он встретился с министром, т. е. с главой МИД. "
     "Театр им. Горького закрыт.", "ru",
     ["Встреча прошла 5 февр. 2024 г. в Москве.", "Он встретился с министром, т. е. с главой МИД.",
      "Театр им. Горького закрыт."]),
    ("وقال د. أحمد إن الوضع جيد. وصل الوزير أمس.", "ar", ["وقال د. أحمد إن الوضع جيد.", "وصل الوزير أمس."]),
    ("डॉ. शर्मा ने कहा। कीमत रु. ५०० बढ़ी। वह घर में है. फिर वह गया.", "hi",
     ["डॉ. शर्मा ने कहा।", "कीमत रु. ५०० बढ़ी।", "वह घर में है.", "फिर वह गया."]),
    ("Apple Inc.的CEO Tim Cook发布了新产品。美国总统J.拜登将于3月访问。", "zh",
     ["Apple Inc.的CEO Tim Cook发布了新产品。", "美国总统J.拜登将于3月访问。"]),
    ("Apple Inc.のTim Cook CEOはiPhone 16を発表した。Google Inc.も同様だ。", "ja",
     ["Apple Inc.のTim Cook CEOはiPhone 16を発表した。", "Google Inc.も同様だ。"]),
    ("הסופר א. ב. יהושע הגיע. הוא דיבר.", "he", ["הסופר א. ב. יהושע הגיע.", "הוא דיבר."]),
    # a mark glued to what follows, or before a comma or a glued closing bracket, ends nothing
    ("החלטת האן.בי.איי התקבלה. הוא דיבר.", "he", ["החלטת האן.בי.איי התקבלה.", "הוא דיבר."]),
    ("야후!와 구글이 왔다. 회의는 끝났다.", "ko", ["야후!와 구글이 왔다.", "회의는 끝났다."]),
    ("Компания HK Management Inc., которая работает с группой, молчала. Потом она заговорила.", "ru",
     ["Компания HK Management Inc., которая работает с группой, молчала.", "Потом она заговорила."]),
    ("乐队的经纪公司是香港管理公司（HK Management Inc.），该公司取消了演出。乐队很失望。", "zh",
     ["乐队的经纪公司是香港管理公司（HK Management Inc.），该公司取消了演出。", "乐队很失望。"]),
    # one space between the Latin abbreviation or initial and the Han or kana after it
    ("Apple Inc. 的CEO Tim Cook发布了新产品。U.S. 军队和J. 拜登的顾问也来了。", "zh",
     ["Apple Inc. 的CEO Tim Cook发布了新产品。", "U.S. 军队和J. 拜登的顾问也来了。"]),
    ("ネイマールとピケJr.は2008年に来た。ピケJr. はその後去った。", "ja",  # FLORES' ja has `ピケJr.は` twice
     ["ネイマールとピケJr.は2008年に来た。", "ピケJr. はその後去った。"]),
    ("1. 政府决定提高税率。2. 议会明天投票。", "zh", ["1. 政府决定提高税率。", "2. 议会明天投票。"]),  # a list's numbers
    # a Latin title glued to Chinese or Japanese punctuation before it (a new user's try-out, k1)
    ("据报道，St. Louis 的一家工厂已经停产。这家公司（Dr. Wang 创办）很成功。", "zh",
     ["据报道，St. Louis 的一家工厂已经停产。", "这家公司（Dr. Wang 创办）很成功。"]),
    ("他说：Mr. Smith 已经离开。“Dr. Wang 是专家，”他说。", "zh", ["他说：Mr. Smith 已经离开。", "“Dr. Wang 是专家，”他说。"]),
    ("昨日、Dr. Tanaka は語った。報道によると、St. Louis の工場が止まった。", "ja",
     ["昨日、Dr. Tanaka は語った。", "報道によると、St. Louis の工場が止まった。"]),
    ("他说完了。Dr. Wang 是专家。", "zh", ["他说完了。", "Dr. Wang 是专家。"]),  # after 。 a sentence starts
])
def test_abbreviations_titles_and_initials_end_no_sentence(text, language, expected):
    assert split_sentences(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    ("今日は晴れだった。The crew completed the mission. 次の会議は来週です。", "ja",
     ["今日は晴れだった。", "The crew completed the mission.", "次の会議は来週です。"]),
    ("部长明天来。He said the talks would resume in 2020. 会议将在北京举行。", "zh",
     ["部长明天来。", "He said the talks would resume in 2020.", "会议将在北京举行。"]),
    ("Talks resumed on Monday. 会议将在北京举行。 The minister left.", "en",
     ["Talks resumed on Monday.", "会议将在北京举行。", "The minister left."]),
])
def test_an_english_sentence_ends_before_chinese_or_japanese_text_after_a_space(text, language, expected):
    """The full stop after a word that is no abbreviation ends the English sentence: the
    detector can then find it inside a Chinese or Japanese paragraph (README: detection)."""
    assert split_sentences(text, language) == expected


@pytest.mark.parametrize("text, expected", [
    # not after a number `г.` is город, before the city's name: no sentence end
    ("Он живёт в г. Москва, а работает в г. Химки.", ["Он живёт в г. Москва, а работает в г. Химки."]),
    ("Парад прошёл в г. Москва. Там было холодно.", ["Парад прошёл в г. Москва.", "Там было холодно."]),
    # after a year, before lower case, a comma or a quote: the sentence goes on
    ("1 января 2020 г. в Москве прошёл парад.", ["1 января 2020 г. в Москве прошёл парад."]),
    ("В 2007 г., по данным банка, рост замедлился.", ["В 2007 г., по данным банка, рост замедлился."]),
    ("Итоги 2019 г. «В целом» хороши.", ["Итоги 2019 г. «В целом» хороши."]),
    # after a year, before a name or a title: ambiguous, left joined as pysbd has it
    ("В 2019 г. Путин подписал указ.", ["В 2019 г. Путин подписал указ."]),
    ("Это случилось в 2019 г. Президент подписал указ.", ["Это случилось в 2019 г. Президент подписал указ."]),
    ("Указ подписан в 2019 г. В. Путиным.", ["Указ подписан в 2019 г. В. Путиным."]),  # an initial
    # after a year, before a word that is no name: the year ended the sentence
    ("Это было в 2019 г. В 2020 г. всё изменилось.", ["Это было в 2019 г.", "В 2020 г. всё изменилось."]),
    ("Рост составил 2% в 2019 г. Однако в 2020 г. он упал.", ["Рост составил 2% в 2019 г.", "Однако в 2020 г. он упал."]),
    ("Так было в 1990-х гг. Но потом всё изменилось.", ["Так было в 1990-х гг.", "Но потом всё изменилось."]),
    ("Доход вырос в 2019г. Он удвоился.", ["Доход вырос в 2019г.", "Он удвоился."]),
])
def test_russian_g_ends_a_sentence_only_after_a_year_before_a_word_that_is_no_name(text, expected):
    """`г.` is in pysbd's Russian list, so it never ended a sentence, not even `в 2019 г. В 2020 г.`."""
    assert split_sentences(text, "ru") == expected


_NAMES = ("Путин", "Москва", "Президент", "Газпром", "Россия", "Документы")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=2100), st.sampled_from(["", "-х", "–96"]), st.booleans(),
       st.sampled_from(["В", "Он", "Однако", "Это", "Но", *_NAMES]), st.sampled_from(["", "в ", "весной ", "с 1 мая "]))
def test_a_year_ends_a_russian_sentence_before_a_sentence_word_and_never_before_a_name(year, suffix, plural, word,
                                                                                        before):
    abbreviation = "гг." if plural else "г."
    first = f"Это случилось {before}{year}{suffix} {abbreviation}"
    text = f"{first} {word} снова вернулись к теме."
    expected = [text] if word in _NAMES else [first, f"{word} снова вернулись к теме."]
    assert split_sentences(text, "ru") == expected
    assert split_sentences(f"Он живёт в {abbreviation} {word} уже давно.", "ru") == [
        f"Он живёт в {abbreviation} {word} уже давно."]  # no year: город, never an end


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"real text missing: {FLORES} (../shared beside the checkout)")
def test_the_year_rule_cuts_real_russian_text_only_where_a_line_ends():
    """FLORES' Russian lines joined in pairs: any cut right after a year's `г.` is at the join."""
    lines = (FLORES / "ru.txt").read_text(encoding="utf-8").splitlines()
    for first, second in zip(lines, lines[1:]):
        for sentence in split_sentences(f"{first} {second}", "ru")[:-1]:
            if re.search(r"\d(?:-[а-я]+)?\s?гг?\.$", sentence):
                assert first.endswith(sentence), (first, second)


def test_an_abbreviation_that_may_end_a_sentence_still_ends_one_before_a_capital():
    assert split_sentences("Он родился 5 февр. Потом уехал.", "ru") == ["Он родился 5 февр.", "Потом уехал."]
    # Afrikaans starts sentences with a lower-case 'n: only Russian and Ukrainian join before lower case
    assert split_sentences("Dit was laat. 'n Man het gekom.", "af") == ["Dit was laat.", "'n Man het gekom."]


def test_hebrew_acronyms_with_gershayim_are_words_not_quotes():
    text = ('שר החוץ ביקר בארה"ב ביום שני. הוא נפגש עם ראש המטה של צה"ל ועם נציגי האו"ם בניו יורק. '
            '"השיחות היו חשובות מאוד," אמר השר. הביקור יימשך עד יום חמישי.')
    assert split_sentences(text, "he") == [
        'שר החוץ ביקר בארה"ב ביום שני.', 'הוא נפגש עם ראש המטה של צה"ל ועם נציגי האו"ם בניו יורק.',
        '"השיחות היו חשובות מאוד," אמר השר.', "הביקור יימשך עד יום חמישי."]
    assert split_sentences("הוא פגש את ג'ורג' בחיפה. הם דיברו.", "he") == ["הוא פגש את ג'ורג' בחיפה.", "הם דיברו."]


@pytest.mark.parametrize("text, language, expected", [
    ("«لن نتفاوض تحت الضغط.» وأضاف أن الاجتماع سيعقد في الرياض!", "ar",
     ["«لن نتفاوض تحت الضغط.»", "وأضاف أن الاجتماع سيعقد في الرياض!"]),
    ("«هل ستأتي؟» سأل الصحفي.", "ar", ["«هل ستأتي؟»", "سأل الصحفي."]),
    ('"המשפט הראשון נגמר כאן." "המשפט השני מתחיל כאן." השר הגיע.', "he",
     ['"המשפט הראשון נגמר כאן."', '"המשפט השני מתחיל כאן."', "השר הגיע."]),
    ('"우리는 압력 하에서 협상하지 않을 것이다." 회의는 서울에서 열린다!', "ko",
     ['"우리는 압력 하에서 협상하지 않을 것이다."', "회의는 서울에서 열린다!"]),
    ("«این مهم است.» وزیر رفت.", "fa", ["«این مهم است.»", "وزیر رفت."]),
    ('"वह घर में आए।" बम फटा है. "अगर यही रहा, तो यह नहीं चलेगा."', "hi",
     ['"वह घर में आए।"', "बम फटा है.", '"अगर यही रहा, तो यह नहीं चलेगा."']),
    ("„Wir kommen.“ 2024 wird alles anders.", "de", ["„Wir kommen.“", "2024 wird alles anders."]),
    ("「傘を持って行ってください！」本当ですか？", "ja", ["「傘を持って行ってください！」", "本当ですか？"]),
    ("« Nous ne négocierons pas sous la pression. » Le ministre est parti.", "fr",
     ["« Nous ne négocierons pas sous la pression. »", "Le ministre est parti."]),
    ("«\u00a0Nous partons.\u00a0» Le ministre reste.", "fr", ["«\u00a0Nous partons.\u00a0»", "Le ministre reste."]),
])
def test_a_sentence_ending_inside_quotes_ends_before_the_next_in_every_script(text, language, expected):
    assert split_sentences(text, language) == expected


@pytest.mark.parametrize("text, language", [
    ("「予算は重要だ。」と大臣は述べた。", "ja"),  # a quotative particle: the quotation is part of the sentence
    ("「予算は重要だ。」という声もある。", "ja"),
    ('"우리는 간다."라고 그는 말했다.', "ko"),  # glued: the quotation goes on
    ("« Il viendra. » dit-il.", "fr"),  # lower case after the quote
])
def test_a_quotation_that_goes_on_in_its_sentence_is_not_cut(text, language):
    assert split_sentences(text, language) == [text]


def test_a_thai_paragraph_is_one_piece_and_reaches_the_engine_cut_under_its_input_limit(package_folder):
    """Thai marks no sentence end; a space separates clauses as well as sentences. The paragraph
    stays one segment (README: Thai), and the engine cuts it at spaces under its input limit."""
    import sentencepiece

    from uebersetzer.engines.argos import split_long

    sentence = "นายกรัฐมนตรีเดินทางถึงกรุงเทพมหานครเมื่อวันจันทร์ที่ผ่านมา เขากล่าวว่าการประชุมครั้งนี้มีความสำคัญอย่างยิ่งต่อภูมิภาค"
    paragraph = " ".join([sentence] * 12)
    assert split_sentences(paragraph, "th") == [paragraph]
    model = next(package_folder.rglob("sentencepiece.model"))
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(model))
    chunks = split_long(paragraph, tokenizer, 200)
    assert len(chunks) > 1 and all(len(chunk) <= 200 for chunk in chunks)
    # nothing lost (SentencePiece reads NFKC: the vowel ำ as ํา)
    assert "".join(tokenizer.decode(chunk) for chunk in chunks).replace(" ", "") == \
        unicodedata.normalize("NFKC", paragraph).replace(" ", "")


def test_a_form_feed_line_and_a_tab_between_sentences_are_kept_byte_for_byte():
    text = ("Der Gipfel\n\nDer Präsident kam.\tDer Minister ging.\n\fDer Kanzler blieb.\n\f\n"
            "Der Minister kommt.\u00a0Der Präsident geht.\n")
    assert _rendered(text, "de", "en") == ("<Der Gipfel>\n\n<Der Präsident kam.>\t<Der Minister ging.>\n\f"
                                           "<Der Kanzler blieb.>\n\f\n<Der Minister kommt.>\u00a0<Der Präsident geht.>\n")
    # plain spaces are the source's way of joining sentences: a Chinese edition writes none
    assert _rendered("T\n\nDer Präsident kam.  Der Minister ging.\tEnde.\n", "de", "zh") == \
        "<T>\n\n<Der Präsident kam.><Der Minister ging.>\t<Ende.>\n"


def _rendered(text: str, language: str, target: str) -> str:
    """The text article `text` as render writes it with every sentence translated as <msgid>."""
    from dataclasses import replace

    from uebersetzer.parse import parse
    from uebersetzer.read import SourceText
    from uebersetzer.render import render
    from uebersetzer.segment import segment_article

    article = parse(SourceText(Path("a.txt"), "a.txt", text, "\n", "utf-8"))
    article = segment_article(replace(article, language=language))
    return render(article, [f"<{segment.msgid}>" for block in article.blocks for segment in block.segments], target)


# -- FLORES sentences joined into paragraphs, quoted as each language quotes ----------------------

QUOTE_STYLES = {
    "de": [("„", "“"), ("»", "«")], "en": [("“", "”"), ('"', '"')], "fr": [("« ", " »"), ("«\u00a0", "\u00a0»")],
    "es": [("«", "»"), ("“", "”")], "ru": [("«", "»"), ("„", "“")], "uk": [("«", "»")], "pl": [("„", "”")],
    "el": [("«", "»")], "ar": [("«", "»"), ('"', '"')], "fa": [("«", "»")], "he": [('"', '"'), ("„", "”")],
    "hi": [('"', '"'), ("“", "”")], "ko": [('"', '"'), ("“", "”")], "zh": [("“", "”"), ("「", "」")],
    "ja": [("「", "」"), ("『", "』")],
}
UNSPACED = ("zh", "ja")
_ENDS = ".!?。！？؟।"
_QUOTE_CHARACTERS = re.compile(r"[\"“”„«»「」『』‹›]")
_INITIAL_AT_END = re.compile(r"(?:^|\W)\w\.$")
_LINES_READ = 300  # of each language's 997: enough sentences, a second of splitting at most


@lru_cache(maxsize=None)
def _sentences(language: str) -> tuple[str, ...]:
    """FLORES lines of `language` that are one sentence as the splitter reads them alone, end in a
    sentence mark, hold no quotation marks and start as a sentence does (not in lower case). Not
    one that ends in a single capital (`Apollo X.`): before a capital that reads as an initial
    (`J. Smith`), to pysbd and to a reader who does not know the name."""
    lines = (FLORES / f"{language}.txt").read_text(encoding="utf-8").splitlines()[:_LINES_READ]
    return tuple(line for line in lines
                 if line and line[-1] in _ENDS and not _QUOTE_CHARACTERS.search(line) and not line[0].islower()
                 and not _INITIAL_AT_END.search(line)
                 and normalize_whitespace(comparable(line)) == line and split_sentences(line, language) == [line])


@st.composite
def _paragraphs(draw) -> tuple[str, list[str], list[str], str]:
    """(language, the sentences as quoted, what joins them, the paragraph)"""
    language = draw(st.sampled_from(sorted(QUOTE_STYLES)))
    pool = _sentences(language)
    count = draw(st.integers(min_value=2, max_value=4))
    sentences = [pool[draw(st.integers(min_value=0, max_value=len(pool) - 1))] for _ in range(count)]
    quoted = []
    for sentence in sentences:
        if draw(st.booleans()):
            opening, closing = draw(st.sampled_from(QUOTE_STYLES[language]))
            sentence = opening + sentence + closing
        quoted.append(sentence)
    joins = [draw(st.sampled_from(["", "\n"] if language in UNSPACED else [" ", "\n"])) for _ in quoted[1:]]
    paragraph = quoted[0] + "".join(join + sentence for join, sentence in zip(joins, quoted[1:]))
    return language, quoted, joins, paragraph


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"real text missing: {FLORES} (../shared beside the checkout)")
@settings(max_examples=120, deadline=None)
@given(_paragraphs())
def test_real_sentences_in_every_script_come_back_cut_at_the_joins_and_nowhere_else(paragraph_and_parts):
    language, quoted, joins, paragraph = paragraph_and_parts
    assert split_sentences(paragraph, language) == quoted


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"real text missing: {FLORES} (../shared beside the checkout)")
@settings(max_examples=40, deadline=None)
@given(_paragraphs(), st.lists(st.sampled_from(["\t", "\f", "  ", "\u00a0", "\n\f", "\u3000"]), min_size=3, max_size=3))
def test_a_real_article_is_written_back_with_the_white_space_between_its_sentences(paragraph_and_parts, spaces):
    """Every sentence translated (marked), the text format's render keeps every join as written
    (Chinese and Japanese join theirs with nothing, and so does the edition)."""
    language, quoted, joins, _ = paragraph_and_parts
    joins = [join if join == "\n" or language in UNSPACED else spaces[index] for index, join in enumerate(joins)]
    paragraph = quoted[0] + "".join(join + sentence for join, sentence in zip(joins, quoted[1:]))
    expected = "".join(join + "<" + normalize_whitespace(sentence) + ">" for join, sentence in zip(["", *joins], quoted))
    assert _rendered(f"Title\n\n{paragraph}\n", language, language) == f"<Title>\n\n{expected}\n"



# An abbreviation inside a line (`Mr. Rudd`, `Dr. Lee`): pysbd's Chinese and Japanese rules cut
# after it when a `。` is glued before the sentence, a fault of their own not asked about here.
_ABBREVIATION_INSIDE = re.compile(r"\b[A-Z][a-z]{0,3}\. ")


@lru_cache(maxsize=None)
def _english_sentences(language: str) -> tuple[str, ...]:
    """FLORES English lines that end in a full stop and are one sentence to the splitter in
    `language` too, with no abbreviation inside and none at the end."""
    return tuple(line for line in _sentences("en")
                 if line.endswith(".") and not _ABBREVIATION_INSIDE.search(line)
                 and split_sentences(line, language) == [line])


@st.composite
def _english_beside_chinese_or_japanese(draw) -> tuple[str, list[str], str]:
    """(the paragraph's language, its three sentences, the paragraph): an English sentence
    between two Chinese or Japanese ones, or one of theirs between two English ones."""
    other = draw(st.sampled_from(UNSPACED))
    english = _english_sentences(other)
    # not one that starts with a digit: after a word of pysbd's abbreviation list pysbd ends no sentence
    # before `21 岁` (segment_scripts mends that only for the words news ends sentences with)
    theirs = [line for line in _sentences(other) if not line[0].isdigit()]
    if draw(st.booleans()):
        language, sentences = other, [draw(st.sampled_from(theirs)), draw(st.sampled_from(english)),
                                      draw(st.sampled_from(theirs))]
    else:
        language, sentences = "en", [draw(st.sampled_from(english)), draw(st.sampled_from(theirs)),
                                     draw(st.sampled_from(english))]
    before = draw(st.sampled_from(["", " ", "\n"] if language in UNSPACED else [" ", "\n"]))
    after = draw(st.sampled_from([" ", "\n"]))
    return language, sentences, sentences[0] + before + sentences[1] + after + sentences[2]


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"real text missing: {FLORES} (../shared beside the checkout)")
@settings(max_examples=80, deadline=None)
@given(_english_beside_chinese_or_japanese())
def test_a_real_english_sentence_beside_chinese_or_japanese_ones_is_a_sentence_of_its_own(case):
    """A full stop after an English word, a space, then Han or kana: the English sentence ends
    there (segment_scripts ends none there only after an abbreviation, an initial or a list's number)."""
    language, sentences, paragraph = case
    assert split_sentences(paragraph, language) == sentences


# Languages written with the danda, and English: a paragraph in any of them may quote the other.
# (FLORES has no Bengali, Marathi or Nepali: its Hindi sentences stand for all three; the danda
# is the same character in Bengali script.)
_DANDA_LANGUAGES = ("hi", "mr", "ne", "bn", "en")


@lru_cache(maxsize=None)
def _danda_sentences(language: str) -> tuple[str, ...]:
    """FLORES Hindi lines that end in a danda and are one sentence to the splitter in `language`."""
    return tuple(line for line in _sentences("hi") if line.endswith("।") and split_sentences(line, language) == [line])


@st.composite
def _english_beside_danda_sentences(draw) -> tuple[str, list[str], str]:
    """(the paragraph's language, its three sentences, the paragraph): an English sentence between
    two Hindi ones that end in a danda, or one of those between two English ones."""
    language = draw(st.sampled_from(_DANDA_LANGUAGES))
    english = _english_sentences(language)
    theirs = [line for line in _danda_sentences(language) if not line[0].isdigit()]
    if language == "en":
        sentences = [draw(st.sampled_from(english)), draw(st.sampled_from(theirs)), draw(st.sampled_from(english))]
    else:
        sentences = [draw(st.sampled_from(theirs)), draw(st.sampled_from(english)), draw(st.sampled_from(theirs))]
    joins = [draw(st.sampled_from([" ", "\n"])) for _ in range(2)]
    return language, sentences, sentences[0] + joins[0] + sentences[1] + joins[1] + sentences[2]


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"real text missing: {FLORES} (../shared beside the checkout)")
@settings(max_examples=80, deadline=None)
@given(_english_beside_danda_sentences())
def test_a_real_english_sentence_after_a_danda_is_a_sentence_of_its_own(case):
    """A danda, a space, then an English sentence: the Hindi sentence ends at the danda, in a
    Hindi, Marathi, Nepali, Bengali or English paragraph alike (pysbd's Marathi and English rules
    know no danda; its Hindi ones end a sentence there only before more Devanagari)."""
    language, sentences, paragraph = case
    assert split_sentences(paragraph, language) == sentences


@pytest.mark.parametrize("text, language, expected", [
    # Bengali ends its sentences with the danda; pysbd splits it by English rules
    ("মন্ত্রী সোমবার এসেছিলেন। তিনি বললেন এটা ভালো। The talks go on.", "bn",
     ["মন্ত্রী সোমবার এসেছিলেন।", "তিনি বললেন এটা ভালো।", "The talks go on."]),
    ("मंत्री सोमवार को आए॥ The talks go on. वार्ता जारी है॥", "hi",  # a double danda
     ["मंत्री सोमवार को आए॥", "The talks go on.", "वार्ता जारी है॥"]),
    ('मंत्री ने कहा, "वार्ता जारी है।" The talks go on.', "ne", ['मंत्री ने कहा, "वार्ता जारी है।"', "The talks go on."]),
    ("वार्ता जारी है | The talks go on. बैठक कल होगी|", "mr",  # `|` typed for a danda
     ["वार्ता जारी है |", "The talks go on.", "बैठक कल होगी|"]),
    ("वार्ता जारी है। , और", "hi", ["वार्ता जारी है। , और"]),  # nothing starts with a comma
    ("a | b. C|D", "en", ["a | b.", "C|D"]),  # a pipe between Latin words is no danda
])
def test_a_danda_ends_a_sentence_in_every_language_s_rules(text, language, expected):
    assert split_sentences(text, language) == expected


def test_an_arabic_paragraph_opening_with_alef_keeps_the_full_stops_after_words_ending_in_alef():
    """pysbd read every full stop after ا as its abbreviation's once the text began with a word
    starting in ا (the article ال): this paragraph was one sentence."""
    paragraph = ("التقى الوزير بنظيره أمس وناقشا الوضع معا. وقال إن المحادثات كانت مفيدة جدا. "
                 "وأضاف أن اللقاء القادم سيكون في الربيع.")
    assert split_sentences(paragraph, "ar") == ["التقى الوزير بنظيره أمس وناقشا الوضع معا.",
                                                "وقال إن المحادثات كانت مفيدة جدا.",
                                                "وأضاف أن اللقاء القادم سيكون في الربيع."]


def test_a_one_letter_arabic_abbreviation_after_a_number_still_ends_no_sentence():
    assert len(split_sentences("يبلغ طول الجسر 300 م. وعرضه 20 مترا.", "ar")) == 1


# -- company forms and words pysbd takes for abbreviations before a number (segment_scripts) ------

_COMPANY_FORMS = ["Inc.", "Ltd.", "Co.", "Corp.", "Pty.", "Pte.", "Bhd.", "Plc."]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["Acme", "Samsung Electronics", "Northern Rock", "Globex"]),
       st.lists(st.sampled_from(_COMPANY_FORMS), min_size=2, max_size=3),
       st.sampled_from(["was sold on Monday.", "is based in London.", "LLC was founded in 1990."]),
       st.sampled_from(["en", "sv", "fi", "id", "nl", "zh", "ja"]))
def test_a_company_s_legal_forms_one_after_another_end_no_sentence(name, forms, rest, language):
    """pysbd's English rules (every language without its own, and Chinese and Japanese for Latin
    text) cut `Acme Ltd.` / `Co. was sold`, as after any abbreviation before a capital."""
    sentence = f"{name} {' '.join(forms)} {rest}"
    assert split_sentences(f"{sentence} The end came later.", language) == [sentence, "The end came later."]


def test_a_name_after_a_company_s_legal_form_still_starts_a_sentence():
    assert split_sentences("He joined Acme Ltd. He left in 2020.", "en") == ["He joined Acme Ltd.", "He left in 2020."]


@lru_cache(maxsize=None)
def _lines_opening_with_a_number(language: str) -> tuple[str, ...]:
    return tuple(line for line in _sentences(language) if line[0].isdigit())


@pytest.mark.skipif(not FLORES.is_dir(), reason=f"real text missing: {FLORES} (../shared beside the checkout)")
@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["me", "is", "ill", "man", "may", "ok", "fed"]), st.sampled_from([str.lower, str.capitalize]),
       st.sampled_from(["en", "de", "nl", "sv", "id"]), st.data())
def test_a_real_sentence_opening_with_a_number_after_a_word_pysbd_lists_as_an_abbreviation_is_its_own(
        word, case, language, data):
    """pysbd ends no sentence after an abbreviation of its list before what is not a capital, a
    digit too; its English list holds words news ends sentences with (`told me.`, `in May.`)."""
    opening = data.draw(st.sampled_from(_lines_opening_with_a_number(language)))
    first = f"The last word of this sentence is {case(word)}."
    assert split_sentences(f"{first} {opening}", language) == [first, opening]


@pytest.mark.parametrize("text, language, expected", [
    ("Das geschah im Jahr 2019. 2020 kam die Wende.", "de", ["Das geschah im Jahr 2019.", "2020 kam die Wende."]),
    ("It happened in 2019. 2020 was different.", "en", ["It happened in 2019.", "2020 was different."]),
    ("He told me. 21 岁的他来了。", "zh", ["He told me.", "21 岁的他来了。"]),
    # the abbreviations that stand before numbers go on
    ("See p. 21, No. 5 and Fig. 3 in Smith et al. 2019 and Art. 5 GG.", "en",
     ["See p. 21, No. 5 and Fig. 3 in Smith et al. 2019 and Art. 5 GG."]),
    ("It took 5 min. 30 s later it ended.", "en", ["It took 5 min. 30 s later it ended."]),
])
def test_a_sentence_ends_before_a_number_where_a_reader_ends_it(text, language, expected):
    assert split_sentences(text, language) == expected
