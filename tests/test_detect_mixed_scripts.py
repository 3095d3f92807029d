"""Detect stage on articles mixing English with a language of another script, in the two shapes
a new user's try-out found read wrong:

- an English paragraph holding one longer Chinese (or Japanese, Russian) sentence was Chinese as
  a whole, and its English sentences went untranslated (`#. language: zh, no model`): its Han
  characters outweighed its English words, and then all of its Latin words were left out;
- a Chinese (Japanese, Russian) article of one-line paragraphs, too short to vote, with one
  English quote was English at 1.00, and nothing was translated; in Latin letters too
  (Vietnamese, Afrikaans), where a few words do not say which of 38 languages they are in, but
  all of an article's short lines together say that they are not English.

Examples written here."""

from __future__ import annotations

import functools
import json

import polib
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bench import flores_articles
from tests.engines.test_argos import argos_env  # noqa: F401  (fixture: the real de -> en model)
from uebersetzer.detect import CLOSE_GROUPS, detect_article, detect_sentences, to_argos
from uebersetzer.detect_inherited import settle_inherited
from uebersetzer.document import Article, Block, Kind
from uebersetzer.segment import segment_article

# Three short English sentences and one longer sentence in another script, in one paragraph.
OTHER_SENTENCE = {
    "zh": "市议会周二晚上召开会议，讨论明年的预算，议员们就新桥的费用争论了好几个小时，最后以多数票通过了这项计划。",
    "ja": "市議会は火曜日の夜に会合を開き、来年度の予算について話し合い、新しい橋の費用をめぐって何時間も議論した。",
    "ru": "Городской совет во вторник вечером обсуждал бюджет на следующий год, и депутаты несколько часов спорили "
          "о стоимости нового моста, прежде чем большинством голосов одобрить этот план.",
}
ENGLISH_BEFORE = ["The council met on Tuesday.", "The mayor spoke first."]
ENGLISH_AFTER = ["Then the members voted, and the plan passed easily."]


def english_article(language: str) -> str:
    paragraph = " ".join(ENGLISH_BEFORE + [OTHER_SENTENCE[language]] + ENGLISH_AFTER)
    return (f"Council approves the budget\n\n{paragraph}\n\n"
            "The budget will be published next week on the website of the city.\n")


@pytest.mark.parametrize("language", sorted(OTHER_SENTENCE))
def test_an_english_paragraph_with_a_longer_sentence_in_another_script_stays_english(run, tmp_path, argos_env,
                                                                                       language):
    """Its English sentences are English (kept, into en), the other one is marked as its language."""
    path = tmp_path / "council.txt"
    path.write_text(english_article(language), encoding="utf-8")
    detected = run("detect", str(path), "--json")
    assert detected.code == 0, detected.err
    [found] = json.loads(detected.out)
    assert (found["language"], found["blocks"]) == ("en", [])
    assert [(sentence["language"], sentence["text"]) for sentence in found["sentences"]] == [
        (language, OTHER_SENTENCE[language])]
    result = run("translate", str(path), "--to", "en", "--out", str(tmp_path / "out"), "--quiet")
    assert result.code == 0, result.err
    entries = {entry.msgid: entry for entry in polib.pofile(str(tmp_path / "out" / "en" / "council.po"))}
    for sentence in ENGLISH_BEFORE + ENGLISH_AFTER:
        assert entries[sentence].msgstr == sentence and "language:" not in entries[sentence].comment
    assert f"language: {language}, no model {language} -> en" in entries[OTHER_SENTENCE[language]].comment


# One-line paragraphs, each too short to vote alone, and one English quote.
SHORT_LINES = {
    "zh": ["市议会通过新预算", "市议会周二晚上召开会议。", "议员们讨论了明年的预算。", "新桥的费用引起了争论。",
           "市长在会上发表了讲话。", "最后计划以多数票通过。"],
    "ja": ["市議会が新予算を可決", "市議会は火曜日に会合を開いた。", "議員は来年の予算を話し合った。",
           "新しい橋の費用が議論になった。", "市長が会議で発言した。", "計画は賛成多数で可決された。"],
    "ru": ["Бюджет принят", "Совет собрался.", "Депутаты спорили.", "Мост дорогой.", "Мэр выступил.",
           "План одобрен."],
}
QUOTE = "\"We will build the bridge next year, and we will pay for it without raising taxes,\" the mayor told reporters."


# The same in Latin letters, each line shorter than the 60 n-grams a block needs to vote alone.
LATIN_SHORT_LINES = {
    "vi": ["Ngân sách mới", "Hội đồng đã họp.", "Họ tranh luận.", "Cầu rất đắt.", "Thị trưởng nói.",
           "Kế hoạch được duyệt."],
    "af": ["Nuwe begroting", "Die raad het gepraat.", "Hulle stry.", "Die brug is duur.", "Hy het gepraat.",
           "Dit is aanvaar."],
}


@pytest.mark.parametrize("language", sorted(SHORT_LINES) + sorted(LATIN_SHORT_LINES))
def test_an_article_of_short_lines_quoting_english_is_in_the_language_of_its_lines(run, tmp_path, language):
    lines = {**SHORT_LINES, **LATIN_SHORT_LINES}[language]
    path = tmp_path / "brief.txt"
    path.write_text("\n\n".join(lines[:5] + [QUOTE] + lines[5:]) + "\n", encoding="utf-8")
    result = run("detect", str(path), "--json")
    assert result.code == 0, result.err
    [found] = json.loads(result.out)
    assert found["language"] == language
    assert [(block["language"], block["index"]) for block in found["blocks"]] == [("en", 5)]


def test_short_english_lines_that_cannot_outvote_a_german_article_cast_no_doubt_on_it():
    """Three long German blocks and four short English ones (a site's "Read more"): the English
    lines are clearly not German together, but they do not outvote it, and are not counted."""
    german = ["Der Stadtrat hat am Dienstagabend nach langer Debatte den Haushalt für das kommende Jahr "
              "beschlossen, obwohl die Kosten der neuen Brücke umstritten waren.",
              "Die Opposition kritisierte den Plan scharf und kündigte an, vor das Verwaltungsgericht zu ziehen, "
              "falls die Steuern erhöht werden sollten.",
              "Der Bürgermeister zeigte sich nach der Abstimmung erleichtert und dankte den Fraktionen."]
    texts = [german[0], "Read more", "Share this article", german[1], "Follow us on Twitter", german[2],
             "Sign up for our newsletter"]
    article = detect_article(Article(path="a.txt", blocks=tuple(
        Block(kind=Kind.PARAGRAPH, text=text, raw=text, line=2 * index + 1) for index, text in enumerate(texts))))
    assert (article.language, article.doubt) == ("de", "")


# A paragraph of three short English sentences and one longer sentence in another script.
LONGER_SENTENCE = {
    "el": "Το δημοτικό συμβούλιο συνεδρίασε την Τρίτη το βράδυ για να συζητήσει τον προϋπολογισμό της επόμενης "
          "χρονιάς, και οι σύμβουλοι διαφώνησαν για ώρες σχετικά με το κόστος της νέας γέφυρας.",
    "ru": OTHER_SENTENCE["ru"],
}


@pytest.mark.parametrize("language", sorted(LONGER_SENTENCE))
def test_a_paragraph_votes_with_most_of_its_sentences(language):
    """The paragraph alone is the article: its one long Greek (Russian) sentence has more n-grams
    than its three short English ones, but it is one sentence of four."""
    paragraph = " ".join(ENGLISH_BEFORE + [LONGER_SENTENCE[language]] + ENGLISH_AFTER)
    article = detect_sentences(segment_article(detect_article(Article(path="a.txt", blocks=(
        Block(kind=Kind.PARAGRAPH, text=paragraph, raw=paragraph, line=1),)))))
    assert (article.language, article.blocks[0].language) == ("en", "en")
    assert {segment.msgid: segment.language or "en" for segment in article.blocks[0].segments} == {
        **{sentence: "en" for sentence in ENGLISH_BEFORE + ENGLISH_AFTER}, LONGER_SENTENCE[language]: language}


def _paragraph_alone(paragraph: str, title: str = "") -> Article:
    blocks = (Block(kind=Kind.TITLE, text=title, raw=title, line=1),) if title else ()
    blocks += (Block(kind=Kind.PARAGRAPH, text=paragraph, raw=paragraph, line=3),)
    return detect_sentences(segment_article(detect_article(Article(path="a.txt", blocks=blocks))))


def test_a_short_chinese_sentence_in_an_english_paragraph_is_chinese():
    """Too short for the sentence test (60 n-grams), but English is written in no Han character."""
    short = "市长说这个计划很好。"
    article = _paragraph_alone(" ".join(["The council met on Tuesday evening to discuss the budget for next year.",
                                         short, "Then the members voted, and the plan passed easily."]))
    assert article.language == "en"
    assert [segment.language for segment in article.blocks[0].segments] == ["en", "zh", "en"]


def test_short_english_sentences_in_a_paragraph_moved_to_greek_stay_english():
    """The Greek sentence holds most of the paragraph's n-grams, and the block test moves it to
    Greek; its short English sentences are written in no Greek letter, and the article is English."""
    article = _paragraph_alone(" ".join(["It was late.", LONGER_SENTENCE["el"], "Nobody agreed.", "They left."]),
                               title="The city council could not agree on the cost of the new bridge")
    assert article.language == "en"
    assert [(segment.msgid, segment.language) for segment in article.blocks[1].segments] == [
        ("It was late.", "en"), (LONGER_SENTENCE["el"], "el"), ("Nobody agreed.", "en"), ("They left.", "en")]


# Properties over real FLORES-200 sentences (../shared): the two shapes, built by bench/flores_articles.py.
needs_flores = pytest.mark.skipif(not flores_articles.available(),
                                  reason=f"FLORES data not found at {flores_articles.FLORES} (../shared is absent)")
# FLORES languages written in a script few languages write (detect.FEW_LANGUAGES)
OTHER_SCRIPTS = ["ar", "bg", "el", "fa", "he", "hi", "ja", "ko", "ru", "uk", "zh"]


def close_to(language: str) -> set[str]:
    """`language` and the languages detect counts as close to it (CLOSE_GROUPS), as Argos codes."""
    return {language} | {to_argos(code) for group in CLOSE_GROUPS if any(to_argos(code) == language for code in group)
                         for code in group}


def detected(test: flores_articles.TestArticle) -> Article:
    """Through the detect stage as the pipeline runs it."""
    return detect_sentences(segment_article(settle_inherited(detect_article(flores_articles.as_article(test)))))


@functools.lru_cache(maxsize=1)
def flores() -> dict[str, list[str]]:
    return flores_articles.load()


@needs_flores
@settings(max_examples=40, deadline=None, derandomize=True)
@given(language=st.sampled_from(OTHER_SCRIPTS), which=st.sampled_from(flores_articles.HALVES), number=st.integers(0, 61))
def test_flores_short_lines_quoting_english_are_read_in_their_own_script(language, which, number):
    """5-8 short lines in the language (too short to vote alone) and one English quote: the
    article is in the lines' language (or one close to it), never English, and the quote English."""
    test = flores_articles.short_line_articles(flores(), language, which)[number]
    article = detected(test)
    assert article.language in close_to(language)
    for written, block in zip(test.blocks, article.blocks):
        assert (block.language or article.language) == ("en" if written.language == "en" else article.language)


@needs_flores
@settings(max_examples=40, deadline=None, derandomize=True)
@given(language=st.sampled_from(OTHER_SCRIPTS), which=st.sampled_from(flores_articles.HALVES),
       number=st.integers(0, 123), short=st.booleans())
def test_flores_english_paragraphs_with_a_sentence_in_another_script_stay_english(language, which, number, short):
    """An English title over three English sentences (whole, or cut to 4-8 words) and one FLORES
    line in the language: where segment cuts the paragraph into those four sentences, the
    article is English, its English sentences English and the other one in its language (or
    one close to it)."""
    test = flores_articles.english_paragraph_articles(flores(), language, which, short)[number]
    article = detected(test)
    inside = test.blocks[1].inside
    sentences = [(segment.msgid, segment.language or article.blocks[1].language or article.language)
                 for segment in article.blocks[1].segments]
    assume(len(sentences) == 4 and inside in [text for text, _ in sentences])
    assert article.language == "en"
    assert [language_ for text, language_ in sentences if text != inside] == ["en"] * 3
    assert dict(sentences)[inside] in close_to(language)


@needs_flores
@pytest.mark.parametrize("which", flores_articles.HALVES)
def test_every_flores_vietnamese_article_of_short_lines_quoting_english_is_vietnamese(which):
    """All 62 of each half (30 and 31 of them were English before the short Latin lines voted),
    and the quote English. (A line of the article may still be moved to another language, as
    the block test moves it, whatever the article's language is.)"""
    for test in flores_articles.short_line_articles(flores(), "vi", which):
        article = detected(test)
        assert article.language == "vi", test.name
        assert [block.language for block, written in zip(article.blocks, test.blocks) if written.language == "en"] \
            == ["en"], test.name
