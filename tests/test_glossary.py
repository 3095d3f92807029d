"""Glossary: readers and their errors, matching rules, protection through the pseudo engine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from tests.conftest import ARTICLE, FIXTURES, entries
from uebersetzer.errors import UsageError
from uebersetzer.glossary import Entry, Glossary, load_file, load_glossary

GLOSSARIES = FIXTURES / "glossary"


@pytest.mark.parametrize("suffix", ["yaml", "csv", "tbx"])
def test_the_three_formats_read_the_same_entries(suffix):
    loaded = load_file(GLOSSARIES / f"reference.{suffix}")
    simplified = [(e.source, e.variants, e.targets) for e in loaded]
    expected = [(e.source, e.variants, e.targets) for e in load_file(GLOSSARIES / "reference.yaml")]
    assert simplified == expected
    assert ("Weißes Haus", ("Weißen Haus",), {"en": "White House", "fr": "Maison Blanche"}) in simplified


def test_tbx_2019_concept_entries(tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text('<tbx xmlns="urn:iso:std:iso:30042:ed-2" xml:lang="de"><text><body><conceptEntry id="c1">'
                    '<langSec xml:lang="de"><termSec><term>Moskau</term></termSec></langSec>'
                    '<langSec xml:lang="en-GB"><termSec><term>Moscow</term></termSec></langSec>'
                    '</conceptEntry></body></text></tbx>')
    [entry] = load_file(path)
    assert (entry.source, entry.targets) == ("Moskau", {"en": "Moscow"})


@pytest.mark.parametrize("name, content, message", [
    ("bad.yaml", "- {source: Moskau, target: {en: Moscow}\n- {source: Kreml}\n", "bad.yaml:2: broken YAML"),
    ("bad.yaml", "- {source: Moskau}\n- {target: {en: Kremlin}}\n", "bad.yaml:2: entry without 'source'"),
    ("bad.yaml", "- {source: Moskau, target: Moscow}\n", "bad.yaml:1: 'target' must map language codes"),
    ("bad.yaml", "- {source: Moskau, variant: [Moskwa]}\n", "bad.yaml:1: unknown field(s) variant"),
    ("bad.yaml", "source: Moskau\n", "bad.yaml:1: a YAML glossary is a list of entries"),
    ("bad.yaml", "- {source: Moskau}\n- {source: Gazprom, target: {fr: Gazprom, en: ''}}\n",
     "bad.yaml:2: empty 'en' target for 'Gazprom': give the form to write, or leave out 'en'"),
    ("bad.yaml", "- source: Gazprom\n  target:\n    en: '  '\n", "bad.yaml:1: empty 'en' target for 'Gazprom'"),
    ("bad.csv", "begriff,en\nMoskau,Moscow\n", "bad.csv:1: a CSV glossary needs a header row starting with 'source'"),
    ("bad.csv", "source,en\nMoskau,Moscow\n,Kremlin\n", "bad.csv:3: entry without 'source'"),
    ("bad.tbx", "<martif><text><body><termEntry>\n<langSet></termEntry></body></text></martif>", "bad.tbx:2: broken TBX"),
])
def test_broken_files_name_file_line_and_problem(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(UsageError) as caught:
        load_file(path)
    assert str(caught.value).startswith(str(tmp_path / message))


def test_conflicting_entries_are_reported_with_both_places(tmp_path):
    (tmp_path / "a.yaml").write_text("- {source: Moskau, target: {en: Moscow}}\n")
    (tmp_path / "b.csv").write_text("source,en\nTrump,\nMoskau,Moskva\n")
    with pytest.raises(UsageError) as caught:
        load_glossary(tmp_path)
    assert f"'Moskau' is claimed by {tmp_path / 'a.yaml'}:1 and {tmp_path / 'b.csv'}:3" in str(caught.value)


def test_an_empty_csv_cell_is_no_target_but_an_empty_yaml_target_is_refused(run, tmp_path, fixture_article):
    """`target: {en: ""}` deleted the term from the output ("The minister meets Ga in Kyiv.")."""
    csv_file = tmp_path / "g.csv"
    csv_file.write_text("source,en,fr\nGazprom,,Gazprom\n")
    [entry] = load_file(csv_file)
    assert entry.targets == {"fr": "Gazprom"} and not entry.applies_to("en")
    yaml_file = tmp_path / "g.yaml"
    yaml_file.write_text("- {source: Moskau, target: {en: Moscow}}\n- {source: Kiew, target: {en: \"\"}}\n")
    result = run("translate", fixture_article, "--to", "en", "--engine", "pseudo", "--glossary", yaml_file,
                 "--out", tmp_path / "o")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1, result.err
    assert result.err.startswith(f"uebersetzer: error: {yaml_file}:2: empty 'en' target for 'Kiew'")
    assert not (tmp_path / "o" / "en").exists()


def test_cli_reports_a_broken_glossary_in_one_line(run, tmp_path, fixture_article):
    bad = tmp_path / "g.yaml"
    bad.write_text("- {source: [unclosed\n")
    result = run("translate", fixture_article, "--to", "en", "--engine", "pseudo", "--glossary", bad, "--out", tmp_path)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert result.err.startswith(f"uebersetzer: error: {bad}:")


GLOSSARY = Glossary(load_file(GLOSSARIES / "reference.yaml") + [Entry("US")])


def matched(text: str, target: str = "en") -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.output) for s in GLOSSARY.find_terms(text, "de", target)]


def test_longest_match_first_and_word_boundaries():
    assert matched("Nord Stream 2-Gaspipeline und Nord Stream") == [("Nord Stream 2", "Nord Stream 2")]
    assert matched("Trumpf und Trump") == [("Trump", "Trump")]


def test_case_sensitive_and_not_inside_domains():
    from uebersetzer.protect import protect

    assert matched("cnn und CNN") == [("CNN", "CNN")]
    protected = protect("edition.cnn.com und CNN", GLOSSARY.find_terms("edition.cnn.com und CNN", "de", "en"))
    assert [t.source for t in protected.tokens] == ["edition.cnn.com", "CNN"]
    assert protected.tokens[0].role == "atom"


def test_inside_hyphenated_compounds():
    assert matched("Trump-Putin-Gipfel") == [("Trump", "Trump"), ("Putin", "Putin")]
    assert matched("US-Außenminister") == [("US", "US")]


def test_genitives_match_and_become_english_possessives():
    assert matched("Trumps und Selenskyjs Streit, des Kremls Sprecher") == [
        ("Trumps", "Trump's"), ("Selenskyjs", "Zelensky's"), ("Kremls", "Kremlin's")]
    assert matched("Trumps Plan", "fr") == [("Trumps", "Trump")]


def test_variant_made_whole_by_the_repair():
    from uebersetzer.parse import parse
    from uebersetzer.read import ArticleFile, read_article

    article = parse(read_article(ArticleFile(ARTICLE, ARTICLE.name)))
    moscow = [b.text for b in article.blocks if b.text.startswith("Moskau, das")][0]
    assert ("Weißen Haus", "White House") in matched(moscow)


def count_forms(text: str, forms) -> dict[str, int]:
    """Occurrences of each form as a whole word; "Kremlin" does not count inside "Kremlin's"."""
    return {form: len(re.findall(rf"(?<!\w){re.escape(form)}(?![\w'’])", text)) for form in forms}


def expected_forms(article_path: Path, glossary: Glossary, target: str) -> dict[str, int]:
    from collections import Counter

    from uebersetzer.detect import detect_article
    from uebersetzer.parse import parse
    from uebersetzer.read import ArticleFile, read_article
    from uebersetzer.segment import segment_article

    article = segment_article(detect_article(parse(read_article(ArticleFile(article_path, article_path.name)))))
    return dict(Counter(span.output for b in article.blocks for s in b.segments
                        for span in glossary.find_terms(s.msgid, "de", target)))


def test_fixture_article_through_the_pseudo_engine_keeps_every_term(run, fixture_article, tmp_path):
    out = tmp_path / "o"
    result = run("translate", fixture_article, "--to", "en", "--engine", "pseudo", "--glossary",
                 GLOSSARIES / "reference.yaml", "--out", out, "--quiet")
    assert result.code == 0, result.err
    text = (out / "en" / fixture_article.name).read_text()
    expected = expected_forms(fixture_article, Glossary(load_file(GLOSSARIES / "reference.yaml")), "en")
    # Hand-counted in the fixture article: genitives as possessives, names inside compounds.
    assert expected == {"Zelensky's": 1, "Kremlin's": 2, "Riyadh": 3, "Moscow": 3, "Zelensky": 1, "White House": 1,
                        "Trump": 1, "Putin": 1, "CNN": 1, "Marco Rubio": 1, "Sergei Lavrov": 1, "Saudi Arabia": 1,
                        "Nord Stream 2": 1, "Trump's": 1, "Biden's": 1}
    assert count_forms(text, expected) == expected  # 100% of occurrences, in the target form
    assert "Selenskyj" not in text and "Moskau" not in text and "Riad" not in text
    assert "Trump-Putin-" in text and "Nord Stream 2-" in text
    assert re.search(r"\*\*\S+ Zelensky\*\*", text)  # bold around a term survives with it
    check = run("glossary", "check", fixture_article, "--to", "en", "--out", out, "--glossary",
                GLOSSARIES / "reference.yaml")
    assert check.code == 0, check.out


def test_reference_through_the_pseudo_engine_keeps_every_term(run, reference, tmp_path):
    out = tmp_path / "o"
    result = run("translate", reference, "--to", "en", "--engine", "pseudo", "--glossary",
                 GLOSSARIES / "reference.yaml", "--out", out, "--quiet")
    assert result.code == 0, result.err
    text = (out / "en" / reference.name).read_text()
    expected = expected_forms(reference, Glossary(load_file(GLOSSARIES / "reference.yaml")), "en")
    # Hand-counted in the reference article: every name of the list, genitives as possessives.
    assert expected == {"Trump's": 5, "Zelensky's": 1, "Zelensky": 3, "Trump": 9, "Moscow": 3, "Riyadh": 2,
                        "Saudi Arabia": 1, "Marco Rubio": 1, "Sergei Lavrov": 1, "Kirill Dmitriev": 1,
                        "Dmitry Peskov": 1, "CNN": 2, "Financial Times": 1, "Nord Stream 2": 1, "Kremlin's": 2,
                        "Kremlin": 4, "White House": 2, "Biden's": 1, "Putin": 2}
    assert count_forms(text, expected) == expected  # 100% of occurrences, in the target form
    assert "Selenskyj" not in text and "Moskau" not in text and "Riad" not in text
    assert "Oval Office" not in text  # it has only a French target: in English it is ordinary text
    assert re.search(r"\*\*\S+ Zelensky\*\*", text)  # bold around a term survives with it
    check = run("glossary", "check", reference, "--to", "en", "--out", out, "--glossary", GLOSSARIES / "reference.yaml")
    assert check.code == 0, check.out


def test_po_entries_name_their_glossary_hits(run, fixture_article, tmp_path):
    out = tmp_path / "o"
    run("translate", fixture_article, "--to", "en", "--engine", "pseudo", "--glossary", GLOSSARIES / "reference.csv",
        "--out", out, "--quiet")
    by_msgid = {e.msgid: e for e in entries(out / "en" / f"{fixture_article.stem}.po")}
    teaser = by_msgid["Die Delegationen aus Kiew und Moskau sitzen seit Dienstag in Riad an einem Tisch."]
    assert teaser.comment.split("\n") == ["teaser", "glossary: Moskau -> Moscow", "glossary: Riad -> Riyadh"]
    cut = next(entry for msgid, entry in by_msgid.items() if msgid.startswith("Moskau, das"))
    assert cut.comment.split("\n") == ["paragraph 2", "glossary: Moskau -> Moscow",
                                       "glossary: Weißes Haus -> White House", "glossary: Trump -> Trump",
                                       "glossary: Putin -> Putin"]


def test_check_fails_on_a_hand_broken_output(run, fixture_article, tmp_path):
    out = tmp_path / "o"
    glossary = GLOSSARIES / "reference.tbx"
    run("translate", fixture_article, "--to", "en", "--engine", "pseudo", "--glossary", glossary, "--out", out,
        "--quiet")
    output = out / "en" / fixture_article.name
    output.write_text(output.read_text().replace("Moscow", "Moskva", 1))
    result = run("glossary", "check", fixture_article, "--to", "en", "--out", out, "--glossary", glossary)
    assert result.code == 1
    assert "MISSING\ten\t" in result.out and "Moskau -> Moscow: 2/3 x 'Moscow'" in result.out


def test_check_counts_whole_words_so_a_removed_occurrence_is_missing(run, tmp_path):
    """`Lavrov` was counted inside `Lavrov's` (and `Lavrovsky`): an output with one of its two
    Lavrovs removed passed as `2/1 ok`."""
    article = tmp_path / "a.de.txt"
    article.write_text("Die Reise\n\nLawrows Plan ist nicht neu, sagen die Diplomaten. Lawrow reist am Dienstag "
                       "nach Kiew, wo die Gespräche weitergehen.\n")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("- {source: Lawrow, target: {en: Lavrov}}\n- {source: Kiew, target: {en: Kyiv}}\n")
    output = tmp_path / "o" / "en" / "a.de.txt"
    output.parent.mkdir(parents=True)

    def check(text: str):
        output.write_text(text)
        return run("glossary", "check", article, "--to", "en", "--out", tmp_path / "o", "--glossary",
                   glossary)

    assert check("Title\n\nLavrov's plan is old. Lavrov travels to Kyiv.\n").code == 0
    for broken in ["Title\n\nLavrov's plan is old. He travels to Kyiv.\n",
                   "Title\n\nLavrov's plan is old. Lavrovsky travels to Kyiv.\n"]:
        result = check(broken)
        assert result.code == 1 and "MISSING\ten\t" in result.out and "Lawrow -> Lavrov: 1/2 x 'Lavrov'" in result.out
    result = check("Title\n\nThe plan is old. Lavrov travels to Kyivs.\n")
    assert "Kiew -> Kyiv: 1/1" in result.out and "Lavrov: 1/2" in result.out  # a genitive ending is the form


def test_check_says_once_that_an_output_is_absent(run, fixture_article, tmp_path):
    result = run("glossary", "check", fixture_article, "--to", "en", "--out", tmp_path / "nowhere", "--glossary",
                 GLOSSARIES / "reference.yaml")
    assert result.code == 1
    assert [line for line in result.out.splitlines() if not line.startswith("NO TARGET")] == [
        f"NO OUTPUT\ten\t{tmp_path / 'nowhere' / 'en' / fixture_article.name}: no such file; translate the article "
        f"first ('uebersetzer translate --to en --out {tmp_path / 'nowhere'}')"]


def test_extract_proposes_the_names_of_the_fixture_article(run, fixture_article, tmp_path):
    import yaml

    target = tmp_path / "candidates.yaml"
    empty = tmp_path / "empty.yaml"
    empty.write_text("[]\n")
    assert run("glossary", "extract", fixture_article, "--out", target, "--glossary", empty).code == 0
    proposed = {row["source"]: row for row in yaml.safe_load(target.read_text())}
    for name in ("Riad", "Moskau", "Selenskyj", "Marco Rubio", "Sergey Lavrov", "Nord Stream 2"):
        assert name in proposed, name
    assert proposed["Riad"]["note"].startswith("title; 3x; ")
    assert run("glossary", "extract", fixture_article, "--out", target, "--glossary",
               GLOSSARIES / "reference.yaml").code == 0
    proposed = {row["source"]: row for row in yaml.safe_load(target.read_text())}
    assert "Moskau" not in proposed and "Marco Rubio" not in proposed  # already in the glossary


def test_extract_proposes_the_main_names(run, reference, tmp_path):
    import yaml

    target = tmp_path / "candidates.yaml"
    result = run("glossary", "extract", reference, "--out", target, "--glossary", tmp_path / "none.yaml")
    assert result.code == 2  # a named glossary must exist
    result = run("glossary", "extract", reference, "--out", target, "--glossary", GLOSSARIES / "reference.yaml")
    assert result.code == 0, result.err
    proposed = {row["source"]: row for row in yaml.safe_load(target.read_text())}
    assert "Moskau" not in proposed and "Marco Rubio" not in proposed  # already in the glossary
    empty = tmp_path / "empty.yaml"
    empty.write_text("[]\n")
    run("glossary", "extract", reference, "--out", target, "--glossary", empty)
    proposed = {row["source"]: row for row in yaml.safe_load(target.read_text())}
    for name in ("Trump", "Zelensky", "Moskau", "Russland", "Marco Rubio", "Kirill Dmitriev", "Sergey Lavrov",
                 "Dmitry Peskov", "Financial Times", "Oval Office", "Nord Stream 2", "Volodymyr Zelensky"):
        assert name in proposed, name
    assert proposed["Trump"]["note"].startswith("recurring name; ")
    for noun in ("Beziehungen", "Gespräche", "Spekulationen", "Sie"):
        assert noun not in proposed


def test_italic_and_bold_around_terms_survive_the_pseudo_engine(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDie Gespräche in *Moskau* und **in Riad** gehen weiter.\n")
    out = tmp_path / "o"
    assert run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--glossary",
               GLOSSARIES / "reference.yaml", "--out", out, "--quiet").code == 0
    text = (out / "en" / "a.txt").read_text()
    assert "*Moscow*" in text and re.search(r"\*\*\S+ Riyadh\*\*", text)


def test_only_an_entry_without_targets_keeps_its_term_in_every_language():
    glossary = Glossary([Entry("Trump"), Entry("Wien", targets={"en": "Vienna"}),
                         Entry("Nord Stream 2", targets={"en": "Nord Stream 2"}), Entry("Nord Stream")])
    text = "Trump fährt nach Wien zu Nord Stream 2."

    def found(target: str) -> list[tuple[str, str]]:
        return [(text[s.start:s.end], s.output) for s in glossary.find_terms(text, "de", target)]

    assert found("en") == [("Trump", "Trump"), ("Wien", "Vienna"), ("Nord Stream 2", "Nord Stream 2")]
    # no French form: "Wien" is text for the model, and the shorter entry inside the longer one is found
    assert found("fr") == [("Trump", "Trump"), ("Nord Stream", "Nord Stream")]
    assert [e.source for e in glossary.missing_targets("fr")] == ["Wien", "Nord Stream 2"]
    assert glossary.missing_targets("en") == []


def test_the_summary_lists_missing_targets_per_language(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDie Gespräche in Wien und Moskau gehen mit Trump weiter.\n")
    glossary = tmp_path / "g.yaml"
    glossary.write_text("- {source: Wien, target: {en: Vienna}}\n- {source: Moskau, target: {en: Moscow, fr: Moscou}}\n"
                        "- {source: Trump}\n")
    out = tmp_path / "o"
    result = run("translate", article, "--to", "en,fr", "--from", "de", "--engine", "pseudo", "--glossary", glossary,
                 "--out", out, "--json")
    summary = json.loads(result.out)
    assert summary["glossary"] == str(glossary) and summary["glossary_missing_targets"] == {"fr": ["Wien"]}
    french = (out / "fr" / "a.txt").read_text()
    assert "Moscou" in french and "Trump" in french and "Wien" not in french and "Ŵííééñ" in french  # pseudo-translated
    assert "Vienna" in (out / "en" / "a.txt").read_text()
    human = run("translate", article, "--to", "fr", "--from", "de", "--engine", "pseudo", "--glossary", glossary,
                "--out", tmp_path / "o2")
    assert "glossary: 1 entry has no 'fr' target; the model translates it there: Wien (add a target for 'fr'" in human.out
    check = run("glossary", "check", article, "--to", "en,fr", "--out", out, "--glossary", glossary)
    assert check.code == 0, check.out
    assert f"NO TARGET\tfr\t{glossary}:1\tWien: translated by the model" in check.out
    assert "NO TARGET\ten" not in check.out


def test_the_summary_says_when_no_glossary_was_found(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDie Gespräche in Wien gehen weiter.\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", tmp_path / "o")
    assert result.code == 0, result.err
    assert f"no glossary: there is no 'glossary' folder in {tmp_path}" in result.out
    as_json = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", tmp_path / "p",
                  "--json")
    assert json.loads(as_json.out)["glossary"] == ""
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "names.yaml").write_text("- {source: Wien, target: {en: Vienna}}\n")
    found = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", tmp_path / "q")
    assert "no glossary" not in found.out and "Vienna" in (tmp_path / "q" / "en" / "a.txt").read_text()


def test_a_glossary_folder_without_a_glossary_file_is_no_glossary_found(run, tmp_path):
    """A `glossary/` holding only `t.txt` and `terms.xlsx` counted as a glossary with no terms:
    no `no glossary:` line, `"glossary": "glossary"` in --json, and no name was fixed."""
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDie Gespräche in Wien gehen weiter.\n")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "t.txt").write_text("Wien -> Vienna\n")
    (tmp_path / "glossary" / "terms.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "glossary" / ".DS_Store").write_bytes(b"\0")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", tmp_path / "o")
    assert result.code == 0, result.err
    why = (f"the 'glossary' folder in {tmp_path} holds no glossary file (.yaml, .yml, .csv, .tsv or .tbx): "
           "t.txt, terms.xlsx are not glossaries (save a spreadsheet as CSV)")
    assert f"no glossary: {why}, so no names were fixed; pass --glossary PATH" in result.out
    as_json = json.loads(run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out",
                             tmp_path / "p", "--json").out)
    assert (as_json["glossary"], as_json["no_glossary"]) == ("", why)


def test_a_named_folder_without_a_glossary_file_is_refused_naming_what_it_holds(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Titel\n\nDie Gespräche in Wien gehen weiter.\n")
    (tmp_path / "terms" / "old").mkdir(parents=True)
    (tmp_path / "terms" / "old" / "names.txt").write_text("Wien\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", tmp_path / "o",
                 "--glossary", tmp_path / "terms")
    assert result.code == 2
    assert result.err.strip() == (f"uebersetzer: error: {tmp_path / 'terms'}: this folder holds no glossary file "
                                  "(.yaml, .yml, .csv, .tsv or .tbx): old/names.txt is not a glossary; pass "
                                  "--glossary FILE_OR_FOLDER")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="holds no glossary file .*: it is empty"):
        load_glossary(tmp_path / "empty")


def test_a_found_glossary_says_nothing_of_none_in_json(run, tmp_path):
    (tmp_path / "a.txt").write_text("Titel\n\nDie Gespräche in Wien gehen weiter.\n")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "names.csv").write_text("source,en\nWien,Vienna\n")
    as_json = json.loads(run("translate", tmp_path / "a.txt", "--to", "en", "--from", "de", "--engine", "pseudo",
                             "--out", tmp_path / "o", "--json").out)
    assert (as_json["glossary"], as_json["no_glossary"]) == ("glossary", "")


def test_a_term_without_targets_is_named_as_written():
    """An ignore_case entry without targets met "Nato": the output keeps "Nato", and the PO
    comment said "NATO -> NATO"."""
    glossary = Glossary([Entry("NATO", ignore_case=True), Entry("Selenskyj", ("Zelensky",))])
    spans = glossary.find_terms("Die Nato und Zelensky.", "de", "en")
    assert [(span.output, span.label) for span in spans] == [("Nato", "NATO -> Nato"),
                                                             ("Zelensky", "Selenskyj -> Zelensky")]


def test_a_typographic_possessive_keeps_its_apostrophe():
    """"Lawrow’s Plan" came back as "Lavrov's plan"."""
    glossary = Glossary([Entry("Lawrow", targets={"en": "Lavrov"}), Entry("Paris")])
    spans = glossary.find_terms("Lawrow’s Plan, Lawrow's Rede, Lawrows Reise, Paris’ Rolle.", "de", "en")
    assert [span.output for span in spans] == ["Lavrov’s", "Lavrov's", "Lavrov's", "Paris’"]
    french = glossary.find_terms("Lawrow’s Plan.", "de", "fr")
    assert french == []  # no French target: the model translates it


def test_a_target_language_code_that_names_no_language_is_refused_with_its_line(tmp_path):
    """`rf:` for `fr:` dropped every French form without a word."""
    path = tmp_path / "g.yaml"
    path.write_text("- source: Moskau\n  target: {en: Moscow}\n- source: Wien\n  target: {rf: Vienne}\n",
                    encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        load_file(path)
    assert str(raised.value) == (f"{path}:3: unknown language code 'rf' in 'target' of 'Wien'; use ISO 639-1 codes "
                                 "such as de, en, fr, or locale names such as pt_BR")
    path.write_text("- source: Wien\n  target: {fr_FR: Vienne, EN: Vienna}\n", encoding="utf-8")
    assert load_file(path)[0].targets == {"fr": "Vienne", "en": "Vienna"}


def generated_glossary(count: int, suffix: str) -> str:
    """A YAML or CSV glossary of `count` distinct made-up names, in the shapes the team writes:
    kept as written, with targets, with a variant, ignore_case."""
    import csv
    import io

    syllables = ["ka", "lo", "mi", "ne", "ru", "sta", "ber", "wig", "hau", "sen", "dor", "fel"]
    yaml_lines, rows = [], io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["source", "variants", "en", "ignore_case"])
    for number in range(count):
        digits = [int(d) for d in f"{number:06d}"]
        name = "".join(syllables[d] for d in digits[:3]).capitalize() + " " + \
            "".join(syllables[d] for d in digits[3:]).capitalize()
        shape = number % 4
        yaml_lines.append(f"- {{source: {name}}}" if shape == 0 else
                          f"- {{source: {name}, target: {{en: {name}}}}}" if shape == 1 else
                          f"- {{source: {name}, variants: [{name}s Amt], target: {{en: {name} Office}}}}" if shape == 2
                          else f"- {{source: {name}, ignore_case: true}}")
        writer.writerow([name, f"{name}s Amt" if shape == 2 else "", {1: name, 2: f"{name} Office"}.get(shape, ""),
                         "true" if shape == 3 else ""])
    return "\n".join(yaml_lines) + "\n" if suffix == "yaml" else rows.getvalue()


@pytest.mark.parametrize("suffix", ["yaml", "csv"])
def test_a_large_glossary_is_read_with_the_collector_paused(tmp_path, monkeypatch, suffix):
    """Everything a glossary's reading makes lives until it is read, so each of the collector's
    full passes walked it all again and loading grew faster than the glossary (50,000 entries:
    13 s; see bench/bench_glossary.py). Checked, not timed: the collector is off while every
    entry is made, and on again afterwards."""
    import gc

    from uebersetzer import glossary as glossary_module

    path = tmp_path / f"big.{suffix}"
    path.write_text(generated_glossary(10_000, suffix), encoding="utf-8")
    collector_on: list[bool] = []
    make_entry = glossary_module._entry

    def recording(*args, **kwargs):
        collector_on.append(gc.isenabled())
        return make_entry(*args, **kwargs)

    monkeypatch.setattr(glossary_module, "_entry", recording)
    glossary = load_glossary(path)
    assert len(glossary) == len(collector_on) == 10_000 and not any(collector_on)
    assert gc.isenabled()
    assert [(e.variants, e.targets, e.ignore_case) for e in glossary.entries[:4]] == [
        ((), {}, False), ((), {"en": "Kakaka Kakalo"}, False),
        (("Kakaka Kakamis Amt",), {"en": "Kakaka Kakami Office"}, False), ((), {}, True)]


def test_a_broken_glossary_leaves_the_collector_on(tmp_path):
    import gc

    path = tmp_path / "bad.yaml"
    path.write_text("- {source: Moskau\n", encoding="utf-8")
    with pytest.raises(UsageError):
        load_glossary(path)
    assert gc.isenabled()


def test_yaml_glossaries_are_parsed_by_libyaml_where_pyyaml_has_it():
    """The pure-Python parser spent about 200 µs an entry; libyaml's, under 30."""
    import yaml

    from uebersetzer import glossary

    if not yaml.__with_libyaml__:
        pytest.skip("this PyYAML was built without libyaml")
    assert glossary._loader_class() is yaml.CSafeLoader


def test_the_repos_example_glossary_gives_every_entry_with_targets_both_languages_the_demo_uses(run, tmp_path):
    """README's demo (`translate examples/gipfel.de.txt --to en`, the repo's glossary/) prints no
    glossary warning: an entry of the example glossary has no targets (kept as written) or both
    an 'en' and an 'fr' one ('Oval Office' had only 'fr', and every demo run warned)."""
    from tests.conftest import EXAMPLES, ROOT

    glossary = load_glossary(ROOT / "glossary")
    assert {language: [e.source for e in glossary.missing_targets(language)] for language in ("en", "fr")} == {
        "en": [], "fr": []}
    result = run("translate", EXAMPLES / "gipfel.de.txt", "--to", "en,fr", "--engine", "pseudo",
                 "--glossary", ROOT / "glossary", "--out", tmp_path / "locales")
    assert result.code == 0 and "glossary" not in result.out + result.err, result.out + result.err
