"""Detect stage: deterministic, whole-article decisions, foreign blocks."""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import ARTICLE, EXAMPLES, REFERENCE, needs_reference
from uebersetzer.detect import detect_article, detect_language, guess, weigh
from uebersetzer.document import Article
from uebersetzer.parse import parse
from uebersetzer.read import SourceText


MULTILINGUAL = {
    "en": "The government met on Monday. Ministers discussed the budget and the new energy law.",
    "fr": "Le gouvernement s'est réuni lundi. Les ministres ont discuté du budget et de la loi.",
    "es": "El gobierno se reunió el lunes. Los ministros discutieron el presupuesto y la ley.",
    "it": "Il governo si è riunito lunedì. I ministri hanno discusso il bilancio e la legge.",
    "nl": "De regering kwam maandag bijeen. De ministers bespraken de begroting en de wet.",
    "pl": "Rząd zebrał się w poniedziałek. Ministrowie omówili budżet i nową ustawę.",
    "pt": "O governo reuniu-se na segunda-feira. Os ministros discutiram o orçamento e a lei.",
    "ru": "Правительство собралось в понедельник. Министры обсудили бюджет и новый закон.",
    "tr": "Hükümet pazartesi günü toplandı. Bakanlar bütçeyi ve yeni yasayı görüştü.",
    "uk": "Уряд зібрався в понеділок. Міністри обговорили бюджет і новий закон про енергетику.",
    "de": "Die Regierung traf sich am Montag. Die Minister sprachen über den Haushalt und das neue Gesetz.",
    "sv": "Regeringen sammanträdde i måndags. Ministrarna diskuterade budgeten och den nya lagen.",
    "da": "Regeringen mødtes mandag. Ministrene drøftede budgettet og den nye lov om energi.",
    "fi": "Hallitus kokoontui maanantaina. Ministerit keskustelivat talousarviosta ja uudesta laista.",
    "cs": "Vláda se sešla v pondělí. Ministři jednali o rozpočtu a o novém zákoně.",
    "hu": "A kormány hétfőn ülésezett. A miniszterek megvitatták a költségvetést és az új törvényt.",
    "ro": "Guvernul s-a reunit luni. Miniștrii au discutat despre buget și despre noua lege.",
    "el": "Η κυβέρνηση συνεδρίασε τη Δευτέρα. Οι υπουργοί συζήτησαν τον προϋπολογισμό και τον νέο νόμο.",
    "ar": "اجتمعت الحكومة يوم الاثنين. ناقش الوزراء الميزانية والقانون الجديد.",
    "ja": "政府は月曜日に会合を開いた。閣僚たちは予算と新しい法律について話し合った。",
    "ko": "정부는 월요일에 회의를 열었다. 장관들은 예산과 새 법안을 논의했다.",
    "he": "הממשלה התכנסה ביום שני. השרים דנו בתקציב ובחוק החדש.",
    "hi": "सरकार की बैठक सोमवार को हुई। मंत्रियों ने बजट और नए कानून पर चर्चा की।",
    "vi": "Chính phủ đã họp vào thứ Hai. Các bộ trưởng đã thảo luận về ngân sách và luật mới.",
    "id": "Pemerintah bertemu pada hari Senin. Para menteri membahas anggaran dan undang-undang baru.",
}


BOTH_ARTICLES = [ARTICLE, pytest.param(REFERENCE, marks=needs_reference)]


@pytest.mark.parametrize("path", BOTH_ARTICLES, ids=["fixture", "reference"])
def test_article_is_german(run, path):
    result = run("detect", path, "--json")
    assert result.code == 0
    [article] = json.loads(result.out)
    assert article["language"] == "de" and article["confidence"] > 0.9 and article["blocks"] == []


def test_english_quote_inside_a_german_article_is_found(run):
    result = run("detect", EXAMPLES / "gipfel.de.txt", "--json")
    [article] = json.loads(result.out)
    assert article["language"] == "de"
    assert [(b["language"], b["text"][:8]) for b in article["blocks"]] == [("en", "„We will")]
    assert set(article["blocks"][0]) == {"index", "language", "confidence", "text"}


def test_detection_is_deterministic():
    text = "Ein kurzer Satz."
    assert len({guess(text) for _ in range(20)}) == 1


@pytest.mark.parametrize("path", BOTH_ARTICLES, ids=["fixture", "reference"])
def test_short_headings_inherit_the_article_language(run, path):
    result = run("detect", path, "--json")
    assert json.loads(result.out)[0]["blocks"] == []  # "Details", "Quellen", domains: not judged alone


def test_plain_output_lists_each_article(run):
    result = run("detect", EXAMPLES)
    assert result.code == 0
    assert [line.split("\t")[1] for line in result.out.splitlines() if not line.startswith(" ")] == ["en", "de"]


def test_multi_sentence_articles_in_many_languages():
    assert {code: guess(text).language for code, text in MULTILINGUAL.items()} == {code: code for code in MULTILINGUAL}


WORDS_BY_LANGUAGE = {code: text.replace(".", "").split() for code, text in MULTILINGUAL.items()}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(MULTILINGUAL)).flatmap(
    lambda code: st.tuples(st.just(code), st.lists(st.sampled_from(WORDS_BY_LANGUAGE[code]), min_size=1, max_size=40))))
@example(("nl", ["kwam"] * 5))  # found by hypothesis in CI: a repeated word read as Swahili
def test_a_block_of_the_article_languages_own_words_never_moves(case):
    code, words = case
    evidence = weigh(" ".join(words), code)
    assert evidence is not None and not evidence.foreign


def test_short_blocks_are_never_judged_and_long_foreign_ones_are():
    assert not weigh("We will not sign anything.", "de").foreign  # under MIN_NGRAMS: inherits
    evidence = weigh(MULTILINGUAL["en"] + " " + MULTILINGUAL["en"].lower(), "de")
    assert evidence.foreign and evidence.language == "en" and evidence.score >= evidence.needed


def test_close_languages_need_more_evidence_for_the_same_length():
    danish = weigh(MULTILINGUAL["da"], "sv")  # da and sv: a close pair
    english = weigh(MULTILINGUAL["en"], "sv")
    assert danish.needed / danish.ngrams ** 0.5 > english.needed / english.ngrams ** 0.5


def test_detect_language_gives_argos_codes():
    assert detect_language(MULTILINGUAL["de"]) == ("de", pytest.approx(1.0, abs=0.01))
    assert detect_language("12345 !!!") == ("", 0.0)
    norwegian = "Regjeringen møttes mandag for å diskutere statsbudsjettet. Ministrene ble enige om en ny lov."
    assert detect_language(norwegian)[0] == "nb"


LATIN_NAMES_INSIDE = {
    "zh": "上周五，国家交响乐团 (National Symphony Orchestra) 与歌手 (Maria Gonzalez Fernandez) 和钢琴家 "
          "(Alexander Whitfield) 在体育场同台演出。",
    "ko": "모든 버스에는 CityLink와 CityLink Express 좌석이 있습니다. CityLink",
    "ru": "В понедельник компания Northern Lights Technologies (Northern Lights Technologies Incorporated) "
          "объявила о слиянии.",
}


@pytest.mark.parametrize("code", sorted(LATIN_NAMES_INSIDE))
def test_latin_names_in_a_block_of_another_script_do_not_move_it(code):
    assert not weigh(LATIN_NAMES_INSIDE[code], code).foreign


@pytest.mark.parametrize("code", ["zh", "ko"])
def test_without_the_script_rule_the_names_would_move_the_block(monkeypatch, code):
    import uebersetzer.detect

    monkeypatch.setattr(uebersetzer.detect, "OWN_SCRIPT_SHARE", 1.0)  # only MIN_NGRAMS own n-grams count
    monkeypatch.setattr(uebersetzer.detect, "without_latin_names", lambda text: text)  # and the names are weighed too
    evidence = weigh(LATIN_NAMES_INSIDE[code], code)
    assert evidence.foreign and evidence.language == "en"


def _long_article(paragraphs: int) -> Article:
    """German paragraphs, an English one every tenth: ~350 characters a block."""
    german, english = MULTILINGUAL["de"], MULTILINGUAL["en"]
    blocks = [english + " " + english.lower() if i % 10 == 9 else f"{german} {german.lower()} Meldung {i}."
              for i in range(paragraphs)]
    return parse(SourceText(Path("lang.txt"), "lang.txt", "\n\n".join(blocks) + "\n", "\n", "utf-8"))


@pytest.mark.parametrize("declared", ["", "de"], ids=["detected", "declared"])
def test_a_long_article_is_detected_one_block_table_at_a_time(declared):
    """Issue 17: every block's n-gram table at once was ~1.3 kB per character (GBs for a big
    article). One at a time, the peak stays near one block's table."""
    detect_article(_long_article(20), declared)  # the profiles are loaded before measuring
    article = _long_article(150)  # ~50 kB: all tables at once were ~70 MB
    tracemalloc.start()
    try:
        detected = detect_article(article, declared)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert detected.language == "de"
    assert [i for i, block in enumerate(detected.blocks) if block.language == "en"] == list(range(9, 150, 10))
    assert peak < 10e6, f"{peak / 1e6:.0f} MB traced while detecting a 50 kB article"


@pytest.mark.parametrize("kept_rows", [0, 1500], ids=["none-kept", "some-kept"])
def test_blocks_whose_rows_were_not_kept_are_judged_the_same(monkeypatch, kept_rows):
    """Issue 17: past KEPT_ROWS a block's n-gram rows are made again for the block test (a big
    article's rows were 12 bytes per character); the decisions must not change."""
    article = _long_article(40)
    everything_kept = detect_article(article)
    monkeypatch.setattr("uebersetzer.detect.KEPT_ROWS", kept_rows)
    detected = detect_article(article)
    assert detected == everything_kept
    assert [i for i, block in enumerate(detected.blocks) if block.language == "en"] == list(range(9, 40, 10))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab Z9_-.+@{}:/ httpsä中\n", max_size=60))
@example("write to a@b..x")  # an address with no dot between word characters
def test_text_with_nothing_to_clean_is_left_as_it_is(text):
    """_cleaned searches for what each of _NOT_LANGUAGE's alternatives needs before it substitutes."""
    from uebersetzer.detect import _NOT_LANGUAGE, _cleaned

    assert _cleaned(text) == _NOT_LANGUAGE.sub(" ", text)


def test_an_article_whose_blocks_split_their_votes_gets_a_warning(run, tmp_path):
    """A guess only half the blocks back (a short title and a name list read as Dutch failed
    with "no model for nl") is said, with the remedy; a declared language is not second-guessed."""
    article = tmp_path / "halb.txt"
    article.write_text("Der Präsident trifft heute den Minister in Berlin\n\n"
                       "The president meets the minister in Berlin today.\n", encoding="utf-8")
    result = run("translate", article, "--to", "fr", "--engine", "pseudo", "--out", tmp_path / "o", "--quiet")
    assert result.code == 0
    assert "halb.txt: read as de, but only 50% of its blocks say so; pass --from LANG if that is wrong" in result.err
    declared = run("translate", article, "--to", "fr", "--from", "de", "--engine", "pseudo", "--out", tmp_path / "o")
    assert "blocks say so" not in declared.err


@pytest.mark.parametrize("name, text", [
    # the quote a block of its own: one vote against the German paragraph's
    ("zitat.txt", "Der Bürgermeister von Hamburg hat am Dienstag überraschend seinen Rücktritt erklärt, vor "
                  "Journalisten im Rathaus:\n\n„I have done everything I could for this city.“\n"),
    ("zitat.md", "> I have done everything I could for this city.\n\n"
                 "Der Bürgermeister von Hamburg hat am Dienstag überraschend seinen Rücktritt erklärt.\n"),
    # the quote outweighing the German around it in a short block, which voted English
    ("anriss.txt", "Der Bürgermeister von Hamburg hat am Dienstag überraschend seinen Rücktritt erklärt.\n"
                   "„I have done everything I could for this city.“\nDanach verließ er den Saal.\n"),
], ids=["quote-block", "block-quote", "quote-outweighing"])
def test_an_english_quote_in_a_german_teaser_casts_no_doubt_on_its_language(run, tmp_path, name, text):
    """A German teaser with an eight-word English quote was "only 50%" German (a new user's
    try-out): blocks vote on their own words, and a quotation is someone else's."""
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    result = run("translate", article, "--to", "fr", "--engine", "pseudo", "--out", tmp_path / "o", "--quiet")
    assert result.code == 0 and "blocks say so" not in result.err
    detected = json.loads(run("detect", article, "--json").out)[0]
    assert (detected["language"], detected["confidence"]) == ("de", 1.0)


def test_an_article_of_quotations_only_is_voted_on_all_its_text(run, tmp_path):
    """Its own words are too few for any vote (an interview's answers, each a block quote): then
    all of its text votes, as it did before blocks voted on their own words."""
    article = tmp_path / "interview.md"
    article.write_text("> „Wir haben in diesem Jahr mehr Wohnungen gebaut als in den zehn Jahren davor.“\n\n"
                       "> „Die Mieten in der Stadt steigen trotzdem weiter, und das ärgert uns sehr.“\n",
                       encoding="utf-8")
    detected = json.loads(run("detect", article, "--json").out)[0]
    assert (detected["language"], detected["confidence"]) == ("de", 1.0)


def test_a_title_alone_says_how_little_it_tells_and_names_the_nearest_language(run, tmp_path):
    """A five-word Portuguese title: one block, one vote, which alone said 1.00. Its words are
    little evidence against Spanish and Italian, so the run says so; --from silences it."""
    article = tmp_path / "titel.txt"
    article.write_text("Governo apresenta novo plano económico\n", encoding="utf-8")
    detected = run("detect", article, "--json")
    assert json.loads(detected.out)[0]["confidence"] < 0.6
    result = run("translate", article, "--to", "en", "--engine", "pseudo", "--out", tmp_path / "o", "--quiet")
    assert re.search(r"titel\.txt: read as \w+, but its few words barely tell it from \w+ \(\w+\): \d+% of the "
                     r"evidence needed to be sure; pass --from LANG if that is wrong", result.err), result.err
    declared = run("translate", article, "--to", "en", "--from", "pt", "--engine", "pseudo", "--out", tmp_path / "o")
    assert "barely tell" not in declared.err


# detect_sentences: a sentence in another language inside a paragraph that stays in the article's.
GERMAN_BEFORE = ["Die Ministerin blieb am Montag in den Verhandlungen mit den Gewerkschaften hart.",
                 "Sie hatte den Vertretern der Beschäftigten schon in der vergangenen Woche ein Angebot gemacht."]
GERMAN_AFTER = ["Danach verließ sie das Gebäude durch einen Seitenausgang, ohne weitere Fragen zu beantworten.",
                "Die Gewerkschaften kündigten für die nächste Woche neue Streiks in mehreren Städten an."]
ENGLISH_INSIDE = ("\"We will not negotiate under pressure, and we will not change the budget this year,\" "
                  "she told reporters in Berlin.")


def _sentences_detected(*paragraphs: str) -> Article:
    from uebersetzer.detect import detect_sentences
    from uebersetzer.segment import segment_article

    text = "Die Ministerin bleibt hart\n\n" + "\n\n".join(paragraphs) + "\n"
    return detect_sentences(segment_article(detect_article(
        parse(SourceText(Path("satz.txt"), "satz.txt", text, "\n", "utf-8")))))


def test_an_english_sentence_inside_a_german_paragraph_moves_alone():
    article = _sentences_detected(" ".join(GERMAN_BEFORE + [ENGLISH_INSIDE] + GERMAN_AFTER))
    assert article.language == "de" and [block.language for block in article.blocks] == ["de", "de"]
    assert [segment.language for segment in article.blocks[1].segments] == ["de", "de", "en", "de", "de"]
    assert article.blocks[1].segments[2].msgid == ENGLISH_INSIDE



@pytest.mark.parametrize("language, title, before, after", [
    ("zh", "部长态度强硬", "部长周一在与工会的谈判中态度依然强硬。她上周已经向雇员代表提出了一项新的方案。",
     "随后她从侧门离开了大楼，没有回答记者的更多问题。工会宣布下周将在多个城市举行新的罢工。"),
    ("ja", "大臣は強硬姿勢", "大臣は月曜日の労働組合との交渉で強硬な姿勢を崩さなかった。彼女は先週、従業員の代表に新しい案を示していた。",
     "その後、彼女は記者の質問に答えることなく通用口から建物を出た。労働組合は来週、複数の都市で新たなストライキを行うと発表した。"),
])
def test_an_english_sentence_inside_a_chinese_or_japanese_paragraph_moves_alone(language, title, before, after):
    """An English sentence ending in a full stop, then a space and Chinese or Japanese: segment
    ends it there, and detect finds it (it was one sentence with the next, read as theirs)."""
    from uebersetzer.detect import detect_sentences
    from uebersetzer.segment import segment_article

    english = "She told reporters in Berlin that the government would not change the budget this year."
    text = f"{title}\n\n{before}{english} {after}\n"
    article = detect_sentences(segment_article(detect_article(
        parse(SourceText(Path("句.txt"), "句.txt", text, "\n", "utf-8")))))
    assert article.language == language and article.blocks[1].language == language
    moved = [(segment.msgid, segment.language) for segment in article.blocks[1].segments if segment.language != language]
    assert moved == [(english, "en")]


def test_a_german_paragraph_keeps_all_its_sentences():
    article = _sentences_detected(" ".join(GERMAN_BEFORE + GERMAN_AFTER), MULTILINGUAL["de"])
    assert {segment.language for block in article.blocks for segment in block.segments} == {"de"}


def test_sentences_of_a_moved_block_and_one_sentence_blocks_are_not_judged_again(monkeypatch):
    """A one-sentence block was judged as a block; a moved block's sentences are in its language."""
    import uebersetzer.detect

    english = MULTILINGUAL["en"] + " " + MULTILINGUAL["en"].lower()
    article = _sentences_detected(ENGLISH_INSIDE, GERMAN_BEFORE[0], english, " ".join(GERMAN_AFTER))
    assert article.language == "de" and [block.language for block in article.blocks] == ["de", "en", "de", "en", "de"]
    judged = judged_texts(monkeypatch)
    assert uebersetzer.detect.detect_sentences(replace_languages(article)) == article
    assert list(dict.fromkeys(judged)) == GERMAN_AFTER  # the only block of several sentences that stayed German


def judged_texts(monkeypatch) -> list[str]:
    """The texts the detect stage judges from now on: those its pre-test (_cannot_move) is asked
    about, and those weighed; a text both is in the list twice."""
    import uebersetzer.detect

    judged: list[str] = []
    real_pretest, real_weigh = uebersetzer.detect._cannot_move, uebersetzer.detect.weigh
    monkeypatch.setattr(uebersetzer.detect, "_cannot_move", lambda texts, *a, **k: judged.extend(
        text for text in texts if text is not None) or real_pretest(texts, *a, **k))
    monkeypatch.setattr(uebersetzer.detect, "weigh", lambda text, *a, **k: judged.append(text) or real_weigh(text, *a, **k))
    return judged


def replace_languages(article: Article) -> Article:
    """The article as detect_sentences gets it (segmented, no sentence moved yet)."""
    from dataclasses import replace

    return replace(article, blocks=tuple(replace(block, segments=tuple(
        replace(segment, language=block.language) for segment in block.segments)) for block in article.blocks))


def test_a_short_foreign_sentence_is_passed_over_before_any_work(monkeypatch):
    import uebersetzer.detect

    article = _sentences_detected(" ".join(GERMAN_BEFORE[:1] + ["Yes, we can.", "Oui."]))
    judged = judged_texts(monkeypatch)
    assert uebersetzer.detect.detect_sentences(replace_languages(article)) == article
    assert list(dict.fromkeys(judged)) == [GERMAN_BEFORE[0]]  # the two short ones could not hold SENTENCE_MIN_NGRAMS n-grams


@settings(max_examples=12, deadline=None)
@given(st.permutations(GERMAN_BEFORE + GERMAN_AFTER + [MULTILINGUAL["de"]]), st.integers(0, 5))
def test_where_the_sentence_sits_in_the_paragraph_does_not_change_what_moves(german, position):
    sentences = german[:position] + [ENGLISH_INSIDE] + german[position:]
    article = _sentences_detected(" ".join(sentences))
    moved = [segment.msgid for segment in article.blocks[1].segments if segment.language != "de"]
    assert article.blocks[1].language == "de" and moved == [ENGLISH_INSIDE]
    assert {segment.language for segment in article.blocks[1].segments if segment.msgid != ENGLISH_INSIDE} == {"de"}


def test_the_detect_command_lists_the_sentences_moved(run, tmp_path):
    article = tmp_path / "satz.txt"
    article.write_text("Die Ministerin bleibt hart\n\n" + " ".join(GERMAN_BEFORE + [ENGLISH_INSIDE] + GERMAN_AFTER) + "\n",
                       encoding="utf-8")
    [found] = json.loads(run("detect", article, "--json").out)
    assert (found["language"], found["blocks"]) == ("de", [])
    assert found["sentences"] == [{"block": 1, "language": "en", "text": ENGLISH_INSIDE}]
    assert run("detect", article).out.splitlines()[1] == f"  sentence in block 1\ten\t{ENGLISH_INSIDE[:60]}"


CHINESE = "政府在星期一召开会议，讨论明年的预算和新的能源法律。"


def test_a_language_written_in_none_of_the_texts_scripts_is_no_candidate(monkeypatch):
    """Korean's profile holds Chinese characters (from the Hanja in Korean text), and Chinese
    text without a letter of Hangul leaned to Korean; it cannot be Korean."""
    import numpy as np

    import uebersetzer.detect

    assert weigh(CHINESE, "zh").language == "zt"
    monkeypatch.setattr(uebersetzer.detect, "_unwritten", lambda letters: np.zeros(55, dtype=bool))
    assert weigh(CHINESE, "zh").language == "ko"  # what it was before the rule


def test_an_article_in_a_script_no_other_language_is_written_in_is_sure_of_it():
    """Hebrew: no other profile is written in its script, so no language is a candidate, and all
    its text is evidence against every other (not 0% of the evidence needed)."""
    article = detect_article(parse(SourceText(Path("he.txt"), "he.txt", MULTILINGUAL["he"] + "\n", "\n", "utf-8")))
    assert (article.language, article.confidence, article.doubt) == ("he", 1.0, "")
    assert weigh(MULTILINGUAL["he"], "he").score == float("-inf")


def test_a_wrong_from_is_said_when_most_of_the_text_reads_as_another_language(run, tmp_path):
    """A German article run with --from en: its long paragraph was translated from German and
    its title and short paragraph kept as "English", with no word said."""
    article = tmp_path / "plan.txt"
    article.write_text("Regierung legt Plan vor\n\nDie Regierung hat am Montag einen neuen Plan vorgestellt. Der "
                       "Minister sprach mit den Journalisten in Berlin.\n\nDie Opposition kritisiert den Plan.\n",
                       encoding="utf-8")
    command = ("translate", article, "--to", "fr", "--engine", "pseudo", "--out", tmp_path / "o")
    wrong = run(*command, "--from", "en")
    assert re.search(r"plan\.txt: --from says en, but \d+% of its text reads as de; pass the right --from, or leave "
                     r"it out to detect the language", wrong.err), wrong.err
    assert "--from says" not in run(*command, "--from", "de").err


# Text mixing the languages of MULTILINGUAL: runs of consecutive words of one language each.
WORDS = {code: text.split() for code, text in MULTILINGUAL.items()}
mixed_texts = st.lists(st.tuples(st.sampled_from(sorted(WORDS)), st.integers(0, 20), st.integers(1, 16)),
                       min_size=1, max_size=5).map(lambda runs: " ".join(
                           " ".join(WORDS[code][(start + offset) % len(WORDS[code])] for offset in range(length))
                           for code, start, length in runs))


@settings(max_examples=400, deadline=None)
@given(mixed_texts, st.sampled_from(sorted(MULTILINGUAL)))
def test_what_the_pretest_lets_stay_the_block_test_would_not_move(text, language):
    """detect_article and detect_sentences leave a block or sentence in the article's language
    when _cannot_move says the block test cannot move it, without weighing it: that must be
    weigh's own answer, for blocks and sentences, whatever languages the text mixes."""
    from uebersetzer.detect import MIN_NGRAMS, SENTENCE_MIN_NGRAMS, SENTENCE_STRICTNESS, _cannot_move

    for least, strictness in ((MIN_NGRAMS, 1.0), (SENTENCE_MIN_NGRAMS, SENTENCE_STRICTNESS)):
        if _cannot_move([text], language, least, strictness) == [True]:
            evidence = weigh(text, language, strictness=strictness)
            assert evidence is None or evidence.ngrams < least or evidence.score < evidence.needed, evidence


@settings(max_examples=60, deadline=None)
@given(st.lists(mixed_texts, min_size=1, max_size=4), st.sampled_from(sorted(MULTILINGUAL)),
       st.sampled_from(["", "de", "en"]))
def test_the_pretest_changes_no_language_found(paragraphs, language, declared):
    """Every block's and sentence's language, confidence and the article's doubt are the same
    with the pre-test as when every block and sentence is weighed in full."""
    from uebersetzer.detect import detect_sentences
    from uebersetzer.detect_inherited import settle_inherited
    from uebersetzer.segment import segment_article

    import uebersetzer.detect

    text = MULTILINGUAL[language] + "\n\n" + "\n\n".join(paragraphs) + "\n"
    source = parse(SourceText(Path("mix.txt"), "mix.txt", text, "\n", "utf-8"))
    detected = lambda: detect_sentences(segment_article(settle_inherited(detect_article(source, declared), declared)))
    fast = detected()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uebersetzer.detect, "_cannot_move", lambda texts, *a, **k: [False] * len(texts))
        assert detected() == fast


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), mixed_texts), min_size=1, max_size=12), st.sampled_from(sorted(MULTILINGUAL)),
       st.integers(1, 40))
def test_the_pretest_says_the_same_summed_in_parts(texts, language, at_once):
    """_cannot_move sums its word scores a bounded number of occurrences at a time (all of an
    article's at once peaked at 236 MB on 0.6 MB of real text): a text cut across parts, or
    texts in groups of any size, get the answers all of them at once give."""
    import uebersetzer.detect
    from uebersetzer.detect import MIN_NGRAMS, _cannot_move

    whole = _cannot_move(texts, language, MIN_NGRAMS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(uebersetzer.detect, "_SUMMED_AT_ONCE", at_once)
        patch.setattr(uebersetzer.detect, "_SCORED_AT_ONCE", at_once)
        assert _cannot_move(texts, language, MIN_NGRAMS) == whole


def test_the_pretest_holds_a_bounded_part_of_a_big_article_at_once():
    """Its memory does not grow with the article: 200,000 word occurrences of 20,000 words
    seen once each took some 1.5 GB (the logs of every word's n-grams and every occurrence's
    scores at once); a run of 0.6 MB of real text peaked at 236 MB instead of 74."""
    import random
    import tracemalloc

    from uebersetzer.detect import MIN_NGRAMS, _cannot_move, _WORD_SCORES

    rng = random.Random(7)
    vocabulary = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyzäöüß") for _ in range(rng.randint(4, 11)))
                  for _ in range(20_000)]
    texts = [" ".join(rng.choice(vocabulary) for _ in range(20)) + "." for _ in range(10_000)]
    _cannot_move(texts[:2], "de", MIN_NGRAMS)  # the profiles loaded before measuring
    _WORD_SCORES.clear()
    tracemalloc.start()
    try:
        _cannot_move(texts, "de", MIN_NGRAMS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 120 * 2**20, f"{peak / 2**20:.0f} MB"


def _news_article(paragraphs: int) -> Article:
    """German paragraphs of five sentences (~440 characters), every tenth with an English quote
    in the middle, each numbered so that no two are one."""
    blocks = [" ".join(GERMAN_BEFORE + [ENGLISH_INSIDE if i % 10 == 9 else GERMAN_AFTER[0]] + GERMAN_AFTER[1:]
                       + [f"Meldung {i}."]) for i in range(paragraphs)]
    return parse(SourceText(Path("gross.txt"), "gross.txt", "\n\n".join(blocks) + "\n", "\n", "utf-8"))


def _traced_peak(stage, *arguments) -> int:
    """The most memory tracemalloc saw allocated while the stage ran, beyond what was held before."""
    tracemalloc.start()
    try:
        stage(*arguments)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("stage", ["article", "sentences"])
def test_the_detect_stage_under_from_holds_little_more_for_a_bigger_article(stage):
    """Issue 17 on real text: the pre-test (_cannot_move) made every text's words at once, some
    70 bytes a word, the detect stage's peak, ~10 bytes per character of the article: 50 MB of
    FLORES German peaked at 1,085 MB under --from, 502 MB once they were made group by group
    (16 MB: 419 and 226 MB). Now its peak grows with the blocks and sentences it answers for,
    not their words: 4 times the article, under 3 bytes more per character (were 12)."""
    from uebersetzer.detect import detect_sentences
    from uebersetzer.segment import segment_article

    def peak(paragraphs: int) -> tuple[int, int]:
        article = _news_article(paragraphs)
        characters = sum(len(block.text) for block in article.blocks)
        if stage == "article":
            return _traced_peak(detect_article, article, "de"), characters
        return _traced_peak(detect_sentences, segment_article(detect_article(article, "de"))), characters

    peak(20)  # the profiles loaded, the words' scores remembered, before measuring
    small, small_size = peak(300)
    big, big_size = peak(1200)  # ~0.5 MB
    growth = (big - small) / (big_size - small_size)
    assert growth < 3, f"{growth:.1f} bytes more per character of the article at its peak"


def test_the_pretest_settles_a_paragraph_in_the_articles_language():
    """Not a pre-test that never answers: a German paragraph is left German without weighing it."""
    from uebersetzer.detect import MIN_NGRAMS, _cannot_move

    texts = [" ".join(GERMAN_BEFORE + GERMAN_AFTER), ENGLISH_INSIDE, None]
    assert _cannot_move(texts, "de", MIN_NGRAMS) == [True, False, False]  # None: not asked about


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab AB-,.'’ä_9\u0130ıiI\n", max_size=40))
@example("nein, nein, neinnein")
def test_a_repeated_word_is_found_as_without_the_boundary_after_it(text):
    """_REPEATED_WORD's \\b after the word stands where \\W+ must follow anyway: the same text comes out."""
    from uebersetzer.detect import _REPEATED_WORD

    assert _REPEATED_WORD.sub(r"\1", text) == re.compile(r"\b(\w+)(?:\W+\1\b)+", re.IGNORECASE).sub(r"\1", text)
