"""The same visible text is the same sentence however it was encoded (issue: NFD from macOS,
NFC from a CMS re-export; soft hyphens and zero-width spaces from scrapers), through the
real command line, real PO files and the real argos engine with the fixture model."""

from __future__ import annotations

import codecs
import json
import unicodedata
from dataclasses import replace
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.engines.test_argos import argos_env, package_folder  # noqa: F401  (fixtures: the real small models)
from uebersetzer.catalog import merge, pofile
from uebersetzer.parse import parse
from uebersetzer.read import ArticleFile, SourceText, read_article
from uebersetzer.render import render
from uebersetzer.segment import segment_article
from uebersetzer.unicode_forms import comparable

FLORES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "flores-dev"
NO_FLORES = f"FLORES dev sentences {FLORES} absent: ../shared does not sit beside this checkout"

NFD = "NFD"
NFC = "NFC"
ARTICLE = ("Treffen in Brüssel\n\nDie Außenministerin reist nach Brüssel. Dort trifft sie den Präsidenten. "
           "Danach fährt sie weiter nach Wien.\n\nÜber die Gespräche wurde Stillschweigen vereinbart.\n")
GLOSSARY = "- source: Brüssel\n  target: {en: Brussels}\n- source: Wien\n  target: {en: Vienna}\n"


def _write(path: Path, text: str, form: str | None = None, bom: bool = False, newline: str = "\n") -> Path:
    text = unicodedata.normalize(form, text) if form else text
    data = text.replace("\n", newline).encode("utf-8")
    path.write_bytes(codecs.BOM_UTF8 + data if bom else data)
    return path


def _translate(run, article: Path, out: Path, *extra: str) -> dict:
    result = run("translate", str(article), "--to", "en", "--from", "de", "--engine", "pseudo", "--out", str(out),
                 "--json", *extra)
    assert result.code == 0, result.err
    return json.loads(result.out)


def _review_all(po_path: Path) -> dict[str, str]:
    """An editor's pass: every entry given their words and marked reviewed, with a comment."""
    catalog = polib.pofile(str(po_path))
    for number, entry in enumerate(catalog, start=1):
        entry.msgstr = f"Reviewed {number}: {entry.msgid[:12]}"
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.tcomment = f"desk {number}"
    catalog.save()
    return {comparable(entry.msgid): entry.msgstr for entry in catalog}


def _state(po_path: Path) -> tuple[dict[str, tuple[str, bool, str]], int]:
    catalog = polib.pofile(str(po_path))
    active = {entry.msgid: (entry.msgstr, "fuzzy" in entry.flags, entry.tcomment) for entry in catalog
              if not entry.obsolete}
    return active, len(catalog.obsolete_entries())


# -- the comparable form ----------------------------------------------------------------------

def test_comparable_composes_and_drops_invisible_formatting_but_keeps_zwnj_and_zwj():
    assert comparable("Bru\u0308ssel") == "Brüssel"
    assert comparable("Re\xadgie\xadrung in Wi\u200ben, Ber\u2060lin\ufeff") == "Regierung in Wien, Berlin"
    persian = "می\u200cخواهم"  # ZWNJ: part of the word's spelling
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # ZWJ holds the emoji sequence together
    assert comparable(persian) == persian and comparable(family) == family
    plain = "Der Präsident trifft den Minister."
    assert comparable(plain) is plain  # nearly every sentence: no copy


def test_zwnj_and_zwj_survive_segmenting_and_the_output(run, tmp_path):
    persian = "می\u200cخواهم به خانه بروم. او گفت\u200cوگو کرد."
    emoji = "Die Familie \U0001F468\u200d\U0001F469\u200d\U0001F467 reist nach Wien."
    article = _write(tmp_path / "zw.txt", f"Titel\n\n{emoji}\n\n{persian}\n")
    _translate(run, article, tmp_path / "out")
    msgids = [entry.msgid for entry in polib.pofile(str(tmp_path / "out" / "en" / "zw.po"))]
    assert emoji in msgids and "می\u200cخواهم به خانه بروم." in msgids and "او گفت\u200cوگو کرد." in msgids
    output = (tmp_path / "out" / "en" / "zw.txt").read_text()
    assert output.count("\u200c") == 2 and output.count("\u200d") == 2


# -- point 1: NFD and NFC are one sentence ---------------------------------------------------

@pytest.mark.parametrize("text, glossary_form", [
    (unicodedata.normalize(NFD, ARTICLE), NFC),  # an article from a Mac, the glossary from elsewhere
    (ARTICLE, NFD),  # and the other way round
    (ARTICLE.replace("Brüssel", "Brüs\xadsel").replace("Wien", "Wi\u200ben"), NFC),  # a scraper's soft hyphen, ZWSP
], ids=["nfd-article", "nfd-glossary", "invisible"])
def test_glossary_protects_and_checks_terms_however_they_are_encoded(run, tmp_path, text, glossary_form):
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text(unicodedata.normalize(glossary_form, GLOSSARY))
    article = _write(tmp_path / "nfd.txt", text)
    _translate(run, article, tmp_path / "out", "--glossary", str(glossary))
    output = (tmp_path / "out" / "en" / "nfd.txt").read_text()
    assert output.count("Brussels") == 2 and "Vienna" in output  # protected: the pseudo engine touched neither
    checked = run("glossary", "check", str(article), "--to", "en", "--out", str(tmp_path / "out"), "--glossary",
                  str(glossary), "--json")
    rows = {row["form"]: (row["expected"], row["found"]) for row in json.loads(checked.out)["terms"]}
    assert checked.code == 0 and rows == {"Brussels": (2, 2), "Vienna": (1, 1)}


@pytest.mark.parametrize("first, then", [(NFD, NFC), (NFC, NFD)])
def test_an_article_saved_again_in_another_normal_form_keeps_every_review(run, tmp_path, first, then):
    out = tmp_path / "out"
    article = _write(tmp_path / "a.txt", ARTICLE, first)
    _translate(run, article, out)
    po_path = out / "en" / "a.po"
    reviewed = _review_all(po_path)
    _write(article, ARTICLE, then)
    summary = _translate(run, article, out)
    active, obsolete = _state(po_path)
    assert obsolete == 0 and summary["fuzzy"] == 0 and summary["sentences_reused"] == len(reviewed)
    assert {msgid: msgstr for msgid, (msgstr, fuzzy, _) in active.items() if not fuzzy} == reviewed
    assert all(comment for _, _, comment in active.values())
    assert run("build", str(article), "--to", "en", "--out", str(out), "--reviewed-only").code == 0


def _as_older_run_wrote_it(po_path: Path, form: str) -> None:
    """The PO file as a run before this change wrote it for an NFD article: NFD msgids."""
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgid = unicodedata.normalize(form, entry.msgid)
    catalog.save()


def test_a_po_file_with_nfd_msgids_from_an_older_run_keeps_its_reviews_and_becomes_nfc(run, tmp_path):
    out = tmp_path / "out"
    article = _write(tmp_path / "a.txt", ARTICLE, NFD)
    _translate(run, article, out)
    po_path = out / "en" / "a.po"
    reviewed = _review_all(po_path)
    _as_older_run_wrote_it(po_path, NFD)
    assert run("build", str(article), "--to", "en", "--out", str(out), "--reviewed-only").code == 0
    built = (out / "en" / "a.txt").read_text()
    assert all(text in built for text in reviewed.values())
    _write(article, ARTICLE, NFC)
    _translate(run, article, out)
    active, obsolete = _state(po_path)
    assert obsolete == 0 and {msgid: msgstr for msgid, (msgstr, fuzzy, _) in active.items() if not fuzzy} == reviewed
    assert all(unicodedata.is_normalized(NFC, msgid) for msgid in active)


def test_fuzzy_duplicates_an_earlier_run_made_give_the_sentence_back_its_review():
    """What the bug left: the NFC sentence's entry fuzzy, its reviewed NFD twin obsolete."""
    sentence = "Die Außenministerin reist nach Brüssel."
    article = segment_article(replace(parse(_source_text(sentence)), language="de"))
    reviewed = pofile.ExistingEntry(unicodedata.normalize(NFD, sentence), None, "The minister travels to Brussels.",
                                    (), "desk", (), True, None, None)
    fuzzy = pofile.ExistingEntry(sentence, None, "The minister travels to Brussels.", ("fuzzy",), "", (), False,
                                 unicodedata.normalize(NFD, sentence), None)
    planned, kept = merge.plan_catalog(article, [fuzzy, reviewed])
    [entry] = planned
    assert (entry.key.msgid, entry.msgstr, entry.fuzzy, entry.translator_comment) == \
        (sentence, "The minister travels to Brussels.", False, "desk")
    assert kept == []  # the duplicate held no other words


def test_a_twin_holding_other_words_stays_as_obsolete_without_duplicating_the_msgid():
    sentence = "Über die Gespräche wurde Stillschweigen vereinbart."
    article = segment_article(replace(parse(_source_text(sentence)), language="de"))
    reviewed = pofile.ExistingEntry(unicodedata.normalize(NFD, sentence), None, "Silence was agreed.", (), "", (),
                                    True, None, None)
    draft = pofile.ExistingEntry(sentence, None, "An editor's draft.", ("fuzzy",), "", (), False, None, None)
    planned, kept = merge.plan_catalog(article, [draft, reviewed])
    written = [entry.key.msgid for entry in planned] + [entry.msgid for entry in kept]
    assert len(written) == len(set(written)) == 2  # msgfmt would refuse a duplicate
    assert {planned[0].msgstr, kept[0].msgstr} == {"Silence was agreed.", "An editor's draft."}


def _source_text(text: str) -> SourceText:
    return SourceText(Path("a.txt"), "a.txt", text + "\n", "\n", "utf-8")


def test_the_memory_finds_an_older_runs_nfd_sentences(tmp_path):
    import sqlite3

    from uebersetzer.catalog.memory import TranslationMemory, Unit

    path = tmp_path / "tm.sqlite"
    memory = TranslationMemory(path)
    memory.store([Unit("de", "en", "Brüssel ist groß.", "Brussels is big.", "human")])
    memory.close()
    with sqlite3.connect(path) as connection:  # as a run before comparable sources stored an NFD article
        connection.execute("UPDATE units SET source=?", (unicodedata.normalize(NFD, "Brüssel ist groß."),))
        connection.execute("PRAGMA user_version=1")
    found = TranslationMemory(path).human("de", "en", "Brüssel ist groß.")
    assert found is not None and found.target == "Brussels is big."


# -- property: only the encoding changed, so nothing an editor reviewed changes ---------------

def _flores_sentences() -> list[str]:
    if not FLORES.is_dir():
        return []
    sentences = []
    for language in ("de", "fr", "vi", "ko", "pl", "hi"):  # decomposable letters, Hangul, Devanagari
        lines = (FLORES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
        sentences += [line for line in lines[:60] if unicodedata.normalize(NFD, line) != line]
    return sentences


SENTENCES = _flores_sentences()


def _encoded(text: str, forms: list[str]) -> str:
    """Each word of `text` in the form the list names for it (NFC, NFD, or left as it is):
    visible text unchanged, bytes mixed as a pasted article's are."""
    words = text.split(" ")
    return " ".join(unicodedata.normalize(form, word) if form != "as is" else word
                    for word, form in zip(words, forms * len(words)))


def _plan(tmp_path: Path, name: str, text: str, existing) -> tuple[list[merge.PlannedEntry], list]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    article = segment_article(replace(parse(read_article(ArticleFile(path, name))), language="de"))
    return merge.plan_catalog(article, existing)


@pytest.mark.skipif(not SENTENCES, reason=NO_FLORES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_reviewed_entries_stay_reviewed_when_only_the_encoding_changes(tmp_path, data):
    picked = data.draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6, unique=True))
    form_lists = st.lists(st.sampled_from([NFC, NFD, "as is"]), min_size=1, max_size=4)
    before, after = data.draw(form_lists), data.draw(form_lists)
    text = picked[0][:40].rsplit(" ", 1)[0] + "\n\n" + "\n\n".join(picked[1:] or picked) + "\n"
    planned, _ = _plan(tmp_path, "before.txt", _encoded(text, before), None)
    for number, entry in enumerate(planned):  # an editor reviews every entry of the first run
        entry.msgstr, entry.fuzzy, entry.translator_comment = f"reviewed {number}", False, f"note {number}"
    written = tmp_path / "before.po"
    written.write_text(merge.serialize(merge.make_catalog(planned, [], merge.header("en", "de", "a"))))
    again, kept = _plan(tmp_path, "after.txt", _encoded(text, after),
                        pofile.load_existing(written, "before.po").drain())
    assert [(e.key, e.msgstr, e.fuzzy, e.translator_comment) for e in again] == \
        [(e.key, e.msgstr, False, e.translator_comment) for e in planned]
    assert kept == []


def test_a_title_inside_a_sentence_of_an_nfd_page_is_written_into_its_tag(run, tmp_path):
    page = ("<!DOCTYPE html>\n<html><body>\n<p>Der <a href=\"x\" title=\"Mehr über den Gipfel\">Gipfel</a> beginnt "
            "in Brüssel.</p>\n</body></html>\n")
    article = _write(tmp_path / "a.html", page, NFD)
    _translate(run, article, tmp_path / "out")
    written = (tmp_path / "out" / "en" / "a.html").read_text()
    assert "Gipfel\"" not in written and written.count("title=") == 1  # translated, in the one tag


# -- point 2: invisible formatting reaches no engine and stops nothing ------------------------

def test_invisible_formatting_neither_reaches_the_engine_nor_hides_sentence_boundaries(run, argos_env, tmp_path):  # noqa: F811
    text = ("Der Prä\xadsident in Ber\u200blin\n\n"
            "Der Prä\xadsident trifft den Minister in Ber\u200blin.\u200b Die Re\xadgie\xadrung kri\u2060tisiert "
            "die Sanktionen am Montag.\ufeff\n")
    article = _write(tmp_path / "shy.txt", text)
    result = run("translate", str(article), "--to", "en", "--from", "de", "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    msgids = [entry.msgid for entry in polib.pofile(str(tmp_path / "out" / "en" / "shy.po"))]
    assert msgids == ["Der Präsident in Berlin", "Der Präsident trifft den Minister in Berlin.",
                      "Die Regierung kritisiert die Sanktionen am Montag."]
    output = (tmp_path / "out" / "en" / "shy.txt").read_text()
    assert "The president meets the minister in Berlin." in output
    assert "The government criticizes the sanctions on Monday." in output
    assert not any(character in output for character in "\xad\u200b\u2060\ufeff")  # dropped from translations


def test_text_kept_as_written_keeps_its_invisible_formatting_and_its_bytes(tmp_path):
    text = "Der Prä\xadsident\n\nEr kommt nach Ber\u200blin.\u200b Dann geht er.\n"
    path = _write(tmp_path / "kept.txt", text, NFD, bom=True, newline="\r\n")
    article = segment_article(replace(parse(read_article(ArticleFile(path, "kept.txt"))), language="de"))
    assert render(article, [None] * 3, "en").encode("utf-8") == path.read_bytes()
    kept = [segment.msgid for block in article.blocks for segment in block.segments]  # msgstr = msgid: kept
    assert render(article, kept, "en").encode("utf-8") == path.read_bytes()


# -- point 3: the byte-order mark is kept like the line ends ----------------------------------

@pytest.mark.parametrize("name, text", [
    ("bom.txt", "Titel\n\nDer Präsident trifft den Minister.\n"),
    ("bom.html", "<!DOCTYPE html>\n<html><body><h1>Titel</h1>\n<p>Der Präsident trifft den Minister.</p>\n"
                 "</body></html>\n"),
])
@pytest.mark.parametrize("bom", [True, False])
def test_the_sources_byte_order_mark_is_kept_like_its_line_ends(run, tmp_path, name, text, bom):
    article = _write(tmp_path / name, text, bom=bom, newline="\r\n")
    _translate(run, article, tmp_path / "out")
    written = (tmp_path / "out" / "en" / name).read_bytes()
    assert written.startswith(codecs.BOM_UTF8) == bom and written.count(codecs.BOM_UTF8) == int(bom)
    assert b"\r\n" in written and b"\n" not in written.replace(b"\r\n", b"")
    assert written != article.read_bytes()  # translated, not copied
    assert run("build", str(article), "--to", "en", "--out", str(tmp_path / "out")).code == 0
    assert (tmp_path / "out" / "en" / name).read_bytes() == written


# -- point 4: too few words to tell a language -----------------------------------------------

def test_a_one_word_article_fails_saying_it_is_too_short_to_tell_and_to_pass_from(run, argos_env, tmp_path):  # noqa: F811
    article = _write(tmp_path / "ja.txt", "Ja.\n")
    result = run("translate", str(article), "--to", "en", "--out", str(tmp_path / "out"))
    assert result.code == 1
    [line] = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert "too short to tell its language" in line and "--from" in line and "no model" not in line and " -> " not in line
    assert run("translate", str(article), "--to", "en", "--from", "de", "--out", str(tmp_path / "out")).code == 0


def test_a_long_article_without_a_model_still_names_the_missing_model(run, argos_env, tmp_path):  # noqa: F811
    text = ("Le président rencontre le ministre à Paris pour discuter des sanctions. Les deux hommes ont parlé "
            "pendant deux heures de la situation économique et des relations entre les deux pays.\n")
    result = run("translate", str(_write(tmp_path / "fr.txt", text)), "--to", "en", "--out", str(tmp_path / "out"))
    assert result.code == 1 and "no model for fr -> en" in result.err and "too short" not in result.err

