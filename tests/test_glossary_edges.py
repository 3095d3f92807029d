"""Glossary edge cases found by a new user's try-out: a term's dot that ends the sentence too,
TBX source languages, spreadsheet CSV delimiters, and the grammar of the messages."""

from __future__ import annotations

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.errors import UsageError
from uebersetzer.glossary import Entry, Glossary, load_file


def test_a_term_ending_in_a_dot_at_the_sentence_end_leaves_the_full_stop_to_the_sentence(run, tmp_path):
    """"U.S.A." + "." is written as one dot: "…in den U.S.A." came back "…in den USA" (no full
    stop), and in a paragraph two sentences ran into one ("USA The minister meets…")."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text("- {source: U.S.A., target: {en: USA}}\n- {source: e.V.}\n")
    article = tmp_path / "g.txt"
    article.write_text("Der Präsident trifft den Minister in den U.S.A.\n\nSie kamen in die U.S.A. und dann nach "
                       "Berlin.\n\nEr sprach beim Verein Foo e.V.\n\n„Er war in den U.S.A.“\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--glossary", glossary,
                 "--out", tmp_path / "o")
    assert result.code == 0, result.err
    blocks = (tmp_path / "o" / "en" / "g.txt").read_text().rstrip("\n").split("\n\n")
    assert blocks[0].endswith(" USA.]"), blocks[0]
    assert " USA úúñđ " in blocks[1]  # inside the sentence the dot is the abbreviation's: the target has none
    assert blocks[2].endswith(" e.V.]"), blocks[2]  # kept as written, one dot
    assert blocks[3].endswith(" USA.“]"), blocks[3]
    comments = [e.comment for e in polib.pofile(str(tmp_path / "o" / "en" / "g.po"))]
    assert "glossary: U.S.A. -> USA" in comments[0] and "glossary: e.V. -> e.V." in comments[2]


@settings(max_examples=60, deadline=None)
@given(target=st.sampled_from(["USA", "É.-U.", "U.S.A."]), tail=st.sampled_from(["", "“", ")", "\"  ", "»"]))
def test_a_sentence_ending_with_a_dotted_term_keeps_exactly_one_dot(target, tail):
    glossary = Glossary([Entry("U.S.A.", targets={"fr": target})])
    msgid = f"Er lebt in den U.S.A.{tail}"
    [span] = glossary.find_terms(msgid, "de", "fr")
    written = msgid[:span.start] + span.output + msgid[span.end:]
    assert written == f"Er lebt in den {target.rstrip('.')}.{tail}"
    assert span.label == f"U.S.A. -> {target}"


@pytest.mark.parametrize("msgid", ["Die U.S.A.s Politik.", "Er ging in die U.S.A. und blieb."])
def test_a_dotted_term_inside_the_sentence_keeps_its_dot(msgid):
    glossary = Glossary([Entry("U.S.A.")])
    [span] = glossary.find_terms(msgid, "de", "en")
    assert msgid[span.start:span.end].startswith("U.S.A.")


TBX_EN_FIRST = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX"{lang}><text><body>
<termEntry id="t1">
  <langSet xml:lang="de"><tig><term>Bundeskanzler</term></tig><tig><term>Kanzler</term></tig></langSet>
  <langSet xml:lang="en-GB"><tig><term>Federal Chancellor</term></tig></langSet>
</termEntry>
<termEntry id="t2">
  <langSet xml:lang="en"><tig><term>Parliament</term></tig></langSet>
  <langSet xml:lang="de"><tig><term>Bundestag</term></tig></langSet>
</termEntry>
</body></text></martif>
"""


def test_tbx_source_language_is_martifs_not_the_first_langset(tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text(TBX_EN_FIRST.format(lang=' xml:lang="de"'))
    entries = load_file(path)
    assert [(e.source, e.variants, e.targets) for e in entries] == [
        ("Bundeskanzler", ("Kanzler",), {"en": "Federal Chancellor"}), ("Bundestag", (), {"en": "Parliament"})]
    # the same file declared English: read the other way round, whatever --from says
    path.write_text(TBX_EN_FIRST.format(lang=' xml:lang="en-US"'))
    assert [(e.source, e.targets) for e in load_file(path, "de")] == [
        ("Federal Chancellor", {"de": "Bundeskanzler"}), ("Parliament", {"de": "Bundestag"})]
    # declared French: no entry has a French term, and the first is named
    path.write_text(TBX_EN_FIRST.format(lang=' xml:lang="fr"'))
    with pytest.raises(UsageError) as caught:
        load_file(path)
    assert str(caught.value) == (f"{path}: termEntry t1 has no 'fr' term, the source language "
                                 f"<martif xml:lang=\"fr\"> names; give it one, or remove the entry")


def test_tbx_without_a_declared_language_takes_from_or_says_so_in_one_line(run, tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text(TBX_EN_FIRST.format(lang=""))
    assert [e.source for e in load_file(path, "de")] == ["Bundeskanzler", "Bundestag"]
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDer Bundestag tagt in Berlin.\n")
    result = run("translate", article, "--to", "en", "--engine", "pseudo", "--glossary", path, "--out", tmp_path / "o")
    assert result.code == 2 and result.err == (
        f"uebersetzer: error: {path}: TBX glossary without a source language: write it on the root element "
        "(<martif xml:lang=\"de\">), or pass --from\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--glossary", path,
                 "--out", tmp_path / "o")
    assert result.code == 0, result.err
    assert "Parliament" in (tmp_path / "o" / "en" / "a.txt").read_text() and "no 'en' target" not in result.out
    check = run("glossary", "check", article, "--to", "en", "--from", "de", "--out", tmp_path / "o", "--glossary", path)
    assert check.code == 0, check.out + check.err


def test_an_english_first_entry_is_fixed_and_no_misleading_missing_target_line(run, tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text(TBX_EN_FIRST.format(lang=' xml:lang="de"'))
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDer Bundestag tagt mit dem Kanzler.\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--glossary", path,
                 "--out", tmp_path / "o")
    assert result.code == 0, result.err
    assert "no 'en' target" not in result.out and "have no" not in result.out
    text = (tmp_path / "o" / "en" / "a.txt").read_text()
    assert "Parliament" in text and "Federal Chancellor" in text and "Bundestag" not in text


@pytest.mark.parametrize("name, text", [
    ("excel.csv", "source;variants;en;fr;note\nMoskau;Moskwa;Moscow;Moscou;Hauptstadt, Russland\n"
                  "Nord Stream 2;;;;\n"),  # German Excel: semicolons, commas inside fields
    ("tab.tsv", "source\tvariants\ten\tfr\tnote\nMoskau\tMoskwa\tMoscow\tMoscou\tHauptstadt, Russland\n"
                "Nord Stream 2\t\t\t\t\n"),
    ("tab.csv", "source\tvariants\ten\tfr\tnote\nMoskau\tMoskwa\tMoscow\tMoscou\tHauptstadt, Russland\n"
                "Nord Stream 2\t\t\t\t\n"),
    ("comma.csv", 'source,variants,en,fr,note\nMoskau,Moskwa,Moscow,Moscou,"Hauptstadt, Russland"\n'
                  "Nord Stream 2,,,,\n"),
    ("bom.csv", "\ufeffsource;variants;en;fr;note\r\nMoskau;Moskwa;Moscow;Moscou;Hauptstadt, Russland\r\n"
                "Nord Stream 2;;;;\r\n"),
])
def test_a_spreadsheet_glossary_is_read_with_its_own_separator(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    assert [(e.source, e.variants, e.targets, e.note) for e in load_file(path)] == [
        ("Moskau", ("Moskwa",), {"en": "Moscow", "fr": "Moscou"}, "Hauptstadt, Russland"), ("Nord Stream 2", (), {}, "")]


def test_a_header_without_source_names_the_separator_it_was_read_with(run, tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("Begriff;en;fr\nMoskau;Moscow;Moscou\nKiew;Kyiv;Kiev\n")
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDer Minister trifft den Präsidenten in Moskau.\n")
    result = run("translate", article, "--to", "en", "--engine", "pseudo", "--glossary", path, "--out", tmp_path / "o")
    assert result.code == 2 and result.err == (
        f"uebersetzer: error: {path}:1: a CSV glossary needs a header row starting with 'source' "
        "(source,variants,en,fr,...; in any case, or 'term' for 'source'); read with a semicolon as the separator, "
        "its first row is 'Begriff;en;fr'\n")


def test_a_glossary_folder_takes_tsv_files(run, tmp_path):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "orte.tsv").write_text("source\ten\nMoskau\tMoscow\n")
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDer Minister trifft den Präsidenten in Moskau.\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--glossary",
                 tmp_path / "glossary", "--out", tmp_path / "o")
    assert result.code == 0, result.err
    assert "Moscow" in (tmp_path / "o" / "en" / "a.txt").read_text()


def test_missing_target_lines_agree_in_number_and_need_no_article_before_the_code(run, tmp_path):
    """"1 entries have no 'fr' target", "add a 'en' target" (an 'en')."""
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDie Gespräche in Wien und Moskau gehen weiter.\n")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("- {source: Wien, target: {fr: Vienne}}\n- {source: Moskau, target: {fr: Moscou}}\n"
                        "- {source: Trump, target: {en: Trump, fr: Trump}}\n- {source: Kiew, target: {en: Kyiv}}\n")
    result = run("translate", article, "--to", "en,fr", "--from", "de", "--engine", "pseudo", "--glossary", glossary,
                 "--out", tmp_path / "o")
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if line.startswith("glossary:")]
    assert lines == [
        "glossary: 2 entries have no 'en' target; the model translates them there: Wien, Moskau (add a target for "
        "'en', or remove all targets of an entry to keep its term as written)",
        "glossary: 1 entry has no 'fr' target; the model translates it there: Kiew (add a target for 'fr', or "
        "remove all its targets to keep the term as written)"]


def test_counts_of_one_are_singular(capsys):
    from uebersetzer.cli import LISTED_AT_MOST, _listed
    from uebersetzer.protect import protect
    from uebersetzer.restore import check

    _listed("error", ["x"] * (LISTED_AT_MOST + 1), "failed articles", as_json=False)
    assert capsys.readouterr().err.splitlines()[-1] == "error: ... and 1 more failed article; --json lists them all"
    _listed("warning", ["x"] * (LISTED_AT_MOST + 2), "warnings", as_json=False, in_json=False)
    assert capsys.readouterr().err.splitlines()[-1] == "warning: ... and 2 more warnings"
    glossary = Glossary([Entry("Moskau", targets={"en": "Moscow"})])
    msgid = "Moskau und Moskau."
    protected = protect(msgid, glossary.find_terms(msgid, "de", "en"), term_mode="target")
    assert check(protected, "Moscow and Kremlin.") == "wrote Moskau -> Moscow 1 time instead of 2"
