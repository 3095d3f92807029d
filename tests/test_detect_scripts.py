"""Detect stage across scripts: East Asian text with Latin names, text saved decomposed (NFD),
and the language an HTML page declares. Real sentences from ../shared/data/flores-dev where it is there."""

from __future__ import annotations

import json
from dataclasses import replace
import unicodedata
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import flores_articles
from uebersetzer.detect import detect_article, detect_sentences, weigh
from uebersetzer.document import Article, Block, Kind
from uebersetzer.segment import segment_article

needs_flores = pytest.mark.skipif(not flores_articles.available(),
                                  reason=f"FLORES data not found at {flores_articles.FLORES} (../shared is absent)")

# t7's report: brand names in Japanese, Chinese and Korean news
JAPANESE = ("AppleがiPhone 16を発表\n\nApple Inc.のTim Cook CEOは、Cupertinoで開催されたWorldwide Developers "
            "ConferenceでiPhone 16 Pro MaxとApple Intelligenceを発表した。Google Cloud PlatformとMicrosoft Azureも"
            "同様のAI servicesを提供している。日本での発売は来月の予定だ。\n")
CHINESE = ("Apple发布iPhone 16\n\nApple Inc.的CEO Tim Cook在Cupertino举行的Worldwide Developers Conference上发布了"
           "iPhone 16 Pro Max和Apple Intelligence。Google Cloud Platform和Microsoft Azure也提供类似的AI services。"
           "该产品将于下个月在中国上市。\n")
KOREAN = ("Apple, iPhone 16 발표\n\nApple Inc.의 Tim Cook CEO는 Cupertino에서 열린 Worldwide Developers Conference에서 "
          "iPhone 16 Pro Max와 Apple Intelligence를 발표했다. Google Cloud Platform과 Microsoft Azure도 비슷한 AI "
          "services를 제공하고 있다. 한국 출시는 다음 달로 예정되어 있다.\n")
RUSSIAN = ("Новый iPhone от Apple\n\nКомпания Apple Inc. представила iPhone 16 Pro Max и Apple Intelligence на "
           "конференции Worldwide Developers Conference в Cupertino. Google Cloud Platform и Microsoft Azure также "
           "предлагают AI services. Продажи начнутся в следующем месяце.\n")
NAMES = ("Apple Computer", "Tim Cook",  # none ends in a point: "Inc." ends a sentence for the segmenter (t7's fault 8) "Worldwide Developers Conference", "Google Cloud Platform", "Microsoft Azure",
         "iPhone 16 Pro Max", "National Symphony Orchestra", "New York Times", "Goldman Sachs", "OpenAI",
         "Cupertino", "Max Planck Institute", "Deutsche Bank", "BBC World Service")


def article_of(text: str, name: str = "a.txt") -> Article:
    blocks = tuple(Block(kind=Kind.TITLE if number == 0 else Kind.PARAGRAPH, text=part, raw=part, line=2 * number + 1)
                   for number, part in enumerate(text.strip().split("\n\n")))
    return Article(path=name, blocks=blocks)


def sentence_languages(article: Article) -> set[str]:
    return {segment.language or block.language or article.language
            for block in article.blocks for segment in block.segments}


@pytest.mark.parametrize("text, language", [(JAPANESE, "ja"), (CHINESE, "zh"), (KOREAN, "ko"), (RUSSIAN, "ru")])
def test_an_article_full_of_latin_names_is_in_the_language_of_its_own_script(run, tmp_path, text, language):
    path = tmp_path / f"{language}.txt"
    path.write_text(text, encoding="utf-8")
    result = run("detect", str(path), "--json")
    assert result.code == 0, result.err
    [found] = json.loads(result.out)
    assert (found["language"], found["blocks"], found["sentences"]) == (language, [], [])


def test_with_from_zh_no_sentence_holding_english_names_is_kept_as_english(run, tmp_path):
    path = tmp_path / "zh.txt"
    path.write_text(CHINESE, encoding="utf-8")
    result = run("translate", str(path), "--from", "zh", "--to", "en", "--engine", "pseudo", "--out",
                 str(tmp_path / "out"), "--quiet")
    assert result.code == 0, result.err
    catalog = polib.pofile(str(tmp_path / "out" / "en" / "zh.po"))
    assert not [entry.msgid for entry in catalog if "language: en" in entry.comment]
    assert all(entry.msgstr != entry.msgid and "fuzzy" in entry.flags for entry in catalog)


def test_an_english_paragraph_quoting_chinese_stays_english():
    english = ("The initiative, known in Chinese as 一带一路, was announced in a speech in the capital and has since "
               "grown into the largest programme of its kind, the minister said on Monday.")
    assert weigh(english, "zh").foreign and weigh(english, "zh").language == "en"


@needs_flores
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(language=st.sampled_from(["zh", "ja", "ko", "ru", "el", "ar"]), start=st.integers(0, 990),
       names=st.lists(st.sampled_from(NAMES), min_size=2, max_size=5), data=st.data())
def test_flores_sentences_with_english_names_spliced_in_stay_in_their_language(flores, language, start, names, data):
    """Real zh/ja/ko (and ru, el, ar) sentences with English names put in at character (word)
    boundaries: the article, its blocks and its sentences stay in their language."""
    sentences = flores[language][start:start + 4]
    spliced = []
    for sentence in sentences:
        if language in ("zh", "ja"):  # no spaces: anywhere between two characters
            cut = data.draw(st.integers(1, max(1, len(sentence) - 2)))
            spliced.append(sentence[:cut] + names[len(spliced) % len(names)] + sentence[cut:])
        else:  # between two words
            words = sentence.split(" ")
            cut = data.draw(st.integers(1, max(1, len(words) - 1)))
            spliced.append(" ".join(words[:cut] + [names[len(spliced) % len(names)]] + words[cut:]))
    # a title of a name and words in the language's own letters
    own = [word for word in sentences[0].split() if any(ch.isalpha() and not ch.isascii() for ch in word)]
    title = "".join(ch for ch in sentences[0] if not ch.isascii())[:12] if language in ("zh", "ja") else " ".join(own[:4])
    article = article_of(names[0] + " " + title + "\n\n" + " ".join(spliced))
    detected = detect_sentences(segment_article(detect_article(article)))
    assert detected.language == language
    assert sentence_languages(detected) == {language}
    declared = detect_sentences(segment_article(detect_article(article, language)))
    assert sentence_languages(declared) == {language}


@pytest.fixture(scope="module")
def flores() -> dict[str, list[str]]:
    return {language: flores_articles.sentences(language)
            for language in ("zh", "ja", "ko", "vi", "el", "hi", "de", "ru", "ar")}


KOREAN_NEWS = "서울 뉴스\n\n장관이 내일 온다. 회의는 서울에서 열린다.\n"


def test_korean_saved_decomposed_is_detected(run, tmp_path):
    path = tmp_path / "ko.txt"
    path.write_text(unicodedata.normalize("NFD", KOREAN_NEWS), encoding="utf-8")
    result = run("detect", str(path))
    assert result.code == 0, result.err
    assert result.out.split("\t")[:2] == [str(path), "ko"]


@needs_flores
@pytest.mark.parametrize("language", ["ko", "vi", "el", "hi", "de"])
def test_decomposed_text_is_detected_as_its_composed_form(flores, language):
    text = " ".join(flores[language][100:103]) + "\n\n" + " ".join(flores[language][103:108])
    composed = detect_article(article_of(unicodedata.normalize("NFC", text)))
    decomposed = detect_article(article_of(unicodedata.normalize("NFD", text)))
    assert (decomposed.language, decomposed.confidence) == (composed.language, composed.confidence)
    assert decomposed.language == language


def test_an_article_saved_again_decomposed_keeps_its_reviewed_entries(run, tmp_path):
    """The source is read as it is (as Babel and translate-toolkit read it), and the msgids are
    its comparable form (NFC): the same article saved NFD by a Mac matches the same entries."""
    path = tmp_path / "ko.txt"
    path.write_text(KOREAN_NEWS, encoding="utf-8")
    out = tmp_path / "out"
    arguments = ("translate", str(path), "--to", "en", "--engine", "pseudo", "--out", str(out), "--quiet")
    assert run(*arguments).code == 0
    po_path = out / "en" / "ko.po"
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgstr, entry.flags = f"reviewed {entry.msgid}", []
    catalog.save()
    reviewed = {(entry.msgid, entry.msgstr) for entry in catalog}
    path.write_text(unicodedata.normalize("NFD", KOREAN_NEWS), encoding="utf-8")
    result = run(*arguments)
    assert result.code == 0, result.err
    catalog = polib.pofile(str(po_path))
    assert {(entry.msgid, entry.msgstr) for entry in catalog} == reviewed
    assert not catalog.obsolete_entries() and not catalog.fuzzy_entries()


TOKYO_PAGE = ('<!DOCTYPE html>\n<html lang="ja">\n<head><meta charset="utf-8"><title>東京のニュース</title></head>\n'
              "<body>\n<p>明日は雨が降るでしょう。傘を持って行ってください。気象庁が発表しました。</p>\n"
              '<p lang="en">The minister meets the president in Berlin.</p>\n</body></html>\n')
BERLIN_PAGE = ('<!DOCTYPE html>\n<html lang="de">\n<head><meta charset="utf-8"><title>Die Nachrichten des Tages</title>'
               "</head>\n<body>\n<p>Der Präsident trifft den Minister in Berlin.</p>\n"
               '<p lang="ar">قال المتحدث إنه سيأتي إلى الرياض يوم الثلاثاء المقبل لحضور الاجتماعات المهمة مع الوزراء '
               "والمسؤولين في المملكة.</p>\n</body></html>\n")


def translated_page(run, tmp_path: Path, page: str, target: str) -> polib.POFile:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = run("translate", str(path), "--to", target, "--engine", "pseudo", "--out", str(tmp_path / "out"),
                 "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["warnings"] == []
    return polib.pofile(str(tmp_path / "out" / target / "page.po"))


def test_a_pages_declared_language_decides_where_a_passage_in_another_language_tied(run, tmp_path):
    catalog = translated_page(run, tmp_path, TOKYO_PAGE, "en")
    assert catalog.metadata["X-Source-Language"] == "ja"
    title = catalog.find("東京のニュース")
    assert title is not None and title.msgstr and title.msgstr != title.msgid  # translated, not kept as English
    assert "<title>[東京のニュース]</title>" in (tmp_path / "out" / "en" / "page.html").read_text(encoding="utf-8")


def test_a_longer_passage_marked_in_another_language_does_not_take_the_page(run, tmp_path):
    catalog = translated_page(run, tmp_path, BERLIN_PAGE, "ar")
    assert catalog.metadata["X-Source-Language"] == "de"
    title = catalog.find("Die Nachrichten des Tages")
    assert title.msgstr != title.msgid and "fuzzy" in title.flags


def test_a_page_declaring_one_language_in_another_is_read_in_its_text_with_a_warning(run, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(BERLIN_PAGE.replace('lang="de"', 'lang="en"').replace('<p lang="ar">', "<p>"), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "<p>قال", "<p>Die Regierung hat heute beschlossen, die Steuern zu senken, und die Opposition protestiert "
                  "dagegen.</p><p>قال"), encoding="utf-8")
    result = run("detect", str(path))
    assert result.code == 0, result.err
    assert result.out.split("\t")[1] == "de"
    assert result.err.splitlines() == [f"warning: {path}: declares its language as English (en) (<html lang>), but "
                                       "its text reads as German (de); read as de (correct the lang attribute, or "
                                       "pass --from)"]


def test_a_page_too_short_to_tell_is_in_its_declared_language(run, tmp_path):
    path = tmp_path / "page.html"
    path.write_text('<html lang="nb"><head><title>Ja</title></head><body><p>Takk for sist.</p></body></html>',
                    encoding="utf-8")
    result = run("detect", str(path), "--json")
    assert result.code == 0, result.err
    assert (json.loads(result.out)[0]["language"], result.err) == ("nb", "")


CLOSE = ({"da", "nb", "sv"}, {"bg", "ru", "uk"}, {"cs", "sk"}, {"es", "ca", "pt", "it"}, {"hr", "sl"}, {"zh", "ja"})


@needs_flores
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(declared=st.sampled_from(["de", "en", "fr", "ru", "ar", "ja", "zh", "nb", "es"]),
       written=st.sampled_from(["de", "en", "fr", "ru", "ar", "ja", "zh", "da", "pt", "ko"]),
       start=st.integers(0, 980), sentences=st.integers(3, 6))
def test_the_declared_language_wins_unless_the_text_is_clearly_in_another(corpus, declared, written, start,
                                                                          sentences):
    lines = corpus[written][start:start + sentences]
    article = replace(article_of(" ".join(lines[0].split()[:6]) + "\n\n" + " ".join(lines[1:])),
                      declared_language=declared)
    found = detect_article(article)
    close = any({declared, written} <= group for group in CLOSE)
    assert found.language == declared if declared == written else found.language in (declared, written)
    if not close:
        assert found.language == written
    assert bool(found.warnings) == (found.language != declared)


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[str]]:
    return {language: flores_articles.sentences(language)
            for language in ("de", "en", "fr", "ru", "ar", "ja", "zh", "da", "pt", "ko")}


@pytest.mark.parametrize("page, declared", [
    ('<html lang="ja-JP"><head><title>t</title></head><body><p>x</p></body></html>', "ja"),
    ('<html xml:lang="zh-TW" lang="en"><head><title>t</title></head><body><p>x</p></body></html>', "zt"),
    ('<html><head><meta http-equiv="Content-Language" content="ko"><title>t</title></head><body><p>x</p></body></html>',
     "ko"),
    ('<html><head><title>t</title></head><body lang="de"><p>x</p></body></html>', ""),  # <body lang> is its blocks'
])
def test_the_language_a_page_declares_is_read_from_html_lang_xml_lang_or_content_language(page, declared):
    from uebersetzer.formats.html import parse_html_article
    from uebersetzer.read import SourceText

    article = parse_html_article(SourceText(Path("a.html"), "a.html", page, "\n", "utf-8"))
    assert article.declared_language == declared
