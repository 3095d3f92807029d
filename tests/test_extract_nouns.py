"""`glossary extract` proposes names, not capitalized German nouns, and the file it writes
freezes nothing until an editor has reviewed it (a new user's try-out: on FLORES it proposed
`Jahre`, `Jahren`, `Punkte`, `Jahrhundert`, `Uhr`, `Wenn Sie`, each with `target: {}`, and
that file used as --glossary left words untranslated without a word)."""

from __future__ import annotations

import json
import sys

import pytest
import yaml

from tests.conftest import ROOT
from uebersetzer.glossary import load_file

ARTICLE = """Trump und Putin sprechen über die Jahre des Krieges

Vor drei Jahren trafen sich Trump und Putin in Helsinki. Seit vielen Jahren streiten die Punkte der Liste. \
Die Spieler holten 88 Punkte, die Netzpunkte zählten doppelt. Um 8:46 Uhr begann das Treffen in Helsinki.

Wenn Sie Helsinki besuchen, sehen Sie die Wirklichkeit des Gipfels. Im 15. Jahrhundert war die Stadt klein. \
Wenn Sie Fragen haben, fragen Sie die Sprecher von Trump. Die Beziehungen zu Putin sind seit Jahren schlecht.

Die Jahre vergehen, sagte Putin in Moskau. Premierminister John Howard kam aus Canberra, John Howard blieb.
"""


def test_german_nouns_are_no_candidates_and_names_are(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    result = run("glossary", "extract", article, "--json")
    assert result.code == 0, result.err
    proposed = {candidate["source"] for candidate in json.loads(result.out)["candidates"]}
    for name in ("Trump", "Putin", "Helsinki", "John Howard"):
        assert name in proposed, (name, proposed)
    for noun in ("Jahre", "Jahren", "Punkte", "Uhr", "Jahrhundert", "Wenn Sie", "Wirklichkeit", "Sie",
                 "Premierminister John Howard"):
        assert noun not in proposed, (noun, proposed)


def test_candidates_fix_nothing_until_reviewed_and_the_run_says_so(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    candidates = tmp_path / "candidates.yaml"
    assert run("glossary", "extract", article, "--out", candidates, "--min-count", "1").code == 0
    rows = yaml.safe_load(candidates.read_text())
    assert rows and all(row["review"] is True for row in rows)
    entries = load_file(candidates)
    assert all(entry.review for entry in entries)
    # a noun the heuristics let through (one is planted here) must not be frozen silently
    candidates.write_text(candidates.read_text() + "- {source: Beziehungen, target: {}, review: true}\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--glossary", candidates,
                 "--out", tmp_path / "o", "--json")
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    held = [warning for warning in summary["warnings"] if "review: true" in warning]
    assert held == [f"{candidates}: {len(rows) + 1} entries are still marked 'review: true' (candidates of glossary "
                    "extract) and fix nothing; give each its targets (none: kept as written) and delete the mark"]
    assert f"warning: {held[0]}" in result.err
    assert "Beziehungen" not in (tmp_path / "o" / "en" / "a.txt").read_text()  # translated (pseudo-accented)
    # reviewed: the mark deleted, the entry fixes its term
    candidates.write_text("- {source: Beziehungen, target: {}}\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--glossary", candidates,
                 "--out", tmp_path / "p")
    assert "review: true" not in result.err and "Beziehungen" in (tmp_path / "p" / "en" / "a.txt").read_text()


def test_a_second_extract_does_not_propose_the_candidates_again(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    candidates = tmp_path / "candidates.yaml"
    run("glossary", "extract", article, "--out", candidates)
    again = run("glossary", "extract", article, "--glossary", candidates, "--json")
    assert json.loads(again.out)["candidates"] == []
    one = tmp_path / "one.yaml"
    one.write_text("- {source: Trump, review: true}\n")
    check = run("glossary", "check", article, "--to", "en", "--glossary", one)
    assert f"warning: {one}: 1 entry is still marked 'review: true'" in check.err


@pytest.mark.skipif(not (ROOT.parent / "shared" / "data" / "flores-dev" / "de.txt").exists(),
                    reason="../shared/data/flores-dev absent: ../shared does not sit beside this checkout")
def test_on_real_german_news_most_candidates_are_names():
    """FLORES' German dev text, judged by its English side (bench/bench_extract.py): 0.42 of
    the candidates stayed as written in English before, 0.56 now, with as many names found."""
    sys.path.insert(0, str(ROOT))
    from bench import bench_extract, flores_articles
    from uebersetzer import extract
    from uebersetzer.glossary import Glossary

    corpus = flores_articles.load()
    german = [flores_articles.csv_unquoted(line) for line in corpus["de"]]
    english = [flores_articles.csv_unquoted(line) for line in corpus["en"]]
    found = extract.candidates(bench_extract.german_articles(corpus), Glossary([]))
    names = [candidate.source for candidate in found if bench_extract.stays_in_english(candidate.source, german, english)]
    assert len(names) >= 200 and len(names) / len(found) >= 0.52, (len(names), len(found))
    top = {candidate.source for candidate in found[:20]}
    assert not top & {"Jahre", "Jahren", "Punkte", "Punkten", "Jahrhundert", "Uhr", "Wenn Sie", "Meilen", "Millionen"}
