"""Wrong text is never published with exit 0 and no word: the ways a new user's try-out found
(a sentence added after the last translate, msgcat's conflict markers, line breaks an editor
added, a bad --tm for review, a glossary extract whose inputs all failed), each replayed
through the real command line and, where they are part of the story, real gettext tools."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

TEXT = ("Titel der Meldung\n\nDer erste Satz bleibt. Der zweite Satz wird geprüft.\n\n"
        "Der dritte Satz steht hier.\n")
ADDED = "Ein neuer Satz kommt hinzu."


def translate(run, *paths: Path, out: Path, to: str = "fr") -> dict:
    result = run("translate", *paths, "--to", to, "--from", "de", "--engine", "pseudo", "--out", out, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "meldung.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_build_names_each_sentence_added_since_the_last_translate(run, article, tmp_path):
    """The article is still rendered (plain build renders what it can: exit 0), but each sentence
    it shows in the source language is a warning naming its place in the article and what to
    run, as `--reviewed-only` lists it; before, only the summary's "1 untranslated" said so."""
    out = tmp_path / "locales"
    translate(run, article, out=out)
    article.write_text(TEXT.replace("Der dritte Satz steht hier.", f"Der dritte Satz steht hier. {ADDED}"))
    built = run("build", article, "--to", "fr", "--out", out)
    assert built.code == 0, built.err
    assert ADDED in (out / "fr" / "meldung.txt").read_text()  # rendered as it is, and said so:
    expected = (f"{article}:5: untranslated: not in {out / 'fr' / 'meldung.po'} yet (run 'uebersetzer translate'): "
                f"{ADDED}")
    assert f"warning: {expected}" in built.err.splitlines()
    strict = run("build", article, "--to", "fr", "--out", out, "--reviewed-only")
    assert strict.code == 1 and expected in strict.err.splitlines()  # the same line, from the same code


def _edit(po_path: Path, msgid: str, msgstr: str) -> None:
    catalog = polib.pofile(str(po_path))
    catalog.find(msgid).msgstr = msgstr
    catalog.save()


def test_msgcat_conflict_markers_are_a_qa_problem_and_never_published(run, article, tmp_path):
    """Two editors' copies of a PO file joined with msgcat: the entry they disagree on holds
    both translations under msgcat's marker lines (and is fuzzy, so only --reviewed-only
    stopped it). QA names it; build writes no article from that file, says which entry in one
    line and exits 1, and the other articles are built."""
    other = tmp_path / "zweite.txt"
    other.write_text("Zweite Meldung\n\nEin anderer Satz steht hier.\n", encoding="utf-8")
    out = tmp_path / "locales"
    translate(run, article, other, out=out)
    po_path, published = out / "fr" / "meldung.po", out / "fr" / "meldung.txt"
    before = published.read_text()
    copy = tmp_path / "kollegin.po"
    _edit(po_path, "Der erste Satz bleibt.", "La première phrase reste.")
    subprocess.run(["cp", str(po_path), str(copy)], check=True)
    _edit(copy, "Der erste Satz bleibt.", "La première phrase demeure.")
    subprocess.run(["msgcat", str(po_path), str(copy), "-o", str(po_path)], check=True)
    conflicted = polib.pofile(str(po_path)).find("Der erste Satz bleibt.")
    assert conflicted.msgstr.startswith("#-#-#-#-#  ") and conflicted.fuzzy  # what msgcat made of it

    checked = run("qa", po_path, "--json")
    kinds = {kind for finding in json.loads(checked.out) for kind in finding["kinds"]}
    assert checked.code == 1 and "conflict" in kinds
    other_published = out / "fr" / "zweite.txt"
    other_published.unlink()
    built = run("build", article, other, "--to", "fr", "--out", out)
    assert built.code == 1
    assert f"error: {article}: {po_path}:{conflicted.linenum}: unresolved msgcat conflict between " in built.err
    assert "the article was not written" in built.err
    assert published.read_text() == before and "#-#-#-#-#" not in published.read_text()
    assert other_published.exists()  # the other articles go on
    strict = run("build", article, other, "--to", "fr", "--out", out, "--reviewed-only")
    assert strict.code == 1 and f"{po_path}:{conflicted.linenum}: unresolved msgcat conflict" in strict.err
    # a translate run renders the article too: it keeps the editors' entry (and notes the problem), publishes nothing
    again = run("translate", article, "--to", "fr", "--from", "de", "--engine", "pseudo", "--out", out)
    kept = polib.pofile(str(po_path)).find("Der erste Satz bleibt.")  # its line in the file as now written
    assert again.code == 1 and f"{po_path}:{kept.linenum}: unresolved msgcat conflict" in again.err
    assert published.read_text() == before
    assert kept.msgstr == conflicted.msgstr and "qa: conflict: unresolved msgcat conflict" in kept.comment
    # nor does it reach the memory as an editor's draft, to come back into other articles
    from uebersetzer.catalog.memory import TranslationMemory

    assert not any("#-#-#-#-#" in unit.target for unit in TranslationMemory(out / ".tm.sqlite").units())


LIST_ARTICLE = ("# Gipfel in Berlin\n\nDie Punkte des Tages:\n\n- Der Präsident trifft den Minister in Berlin.\n"
                "- Der zweite Punkt folgt.\n")
INJECTED = "The president meets the minister in Berlin.\n\n# Injected heading\n\n- injected"


def test_line_breaks_an_editor_adds_are_a_qa_problem_and_build_names_them(run, tmp_path):
    """Through the review API an editor approves a translation with a blank line and a `# `
    line in it: written into the article it would put a heading in the middle of the list.
    The review page shows a `lines` problem, `uebersetzer qa` reports it, and build (which
    renders the file as it stands) warns naming the entry's file:line."""
    from uebersetzer.review_app import create_app

    article = tmp_path / "gipfel.md"
    article.write_text(LIST_ARTICLE, encoding="utf-8")
    out = tmp_path / "locales"
    translate(run, article, out=out, to="en")
    client = create_app(out, [], "t0ken", out / ".tm.sqlite").test_client()
    auth = {"X-Review-Token": "t0ken"}
    catalog = client.get("/api/catalogs/en/gipfel.po", headers=auth).json
    entry = next(e for e in catalog["entries"] if e["msgid"] == "Der Präsident trifft den Minister in Berlin.")
    saved = client.put(f"/api/catalogs/en/gipfel.po/entries/{entry['id']}", headers=auth,
                       json={"msgstr": INJECTED, "fuzzy": False, "revision": catalog["revision"]})
    assert saved.status_code == 200, saved.json
    shown = client.get("/api/catalogs/en/gipfel.po", headers=auth).json["entries"][entry["id"]]
    assert any(problem.startswith("lines: ") for problem in shown["qa"]), shown["qa"]

    po_path = out / "en" / "gipfel.po"
    line = polib.pofile(str(po_path)).find(entry["msgid"]).linenum
    checked = run("qa", po_path)
    assert checked.code == 1 and f"{po_path}:{line} lines: 4 line breaks the source does not have" in checked.out
    built = run("build", article, "--to", "en", "--out", out)
    assert built.code == 0, built.err  # written as it stands, and said so:
    assert (f"warning: {po_path}:{line}: lines: 4 line breaks the source does not have: a blank line (a new "
            "block), a line starting with '#', a line starting with '-'") in built.err


@pytest.mark.parametrize("kind", ["not a database", "damaged"])
def test_review_refuses_a_bad_memory_at_start_and_a_memory_failure_never_unsaves_an_edit(run, tmp_path, kind):
    """`review --tm BAD` started, and the first approval answered 500 with a traceback on the
    terminal while the PO file had been changed. Now the command refuses in one line, as
    translate does; and should the memory fail during the session, the save is reported as
    the save it was, with a warning."""
    from uebersetzer.review_app import create_app

    article = tmp_path / "meldung.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "locales"
    translate(run, article, out=out, to="en")
    bad = tmp_path / "bad.tm.sqlite"
    if kind == "damaged":  # a real memory with its pages overwritten
        data = bytearray((out / ".tm.sqlite").read_bytes())
        data[100:4000] = b"x" * 3900
        bad.write_bytes(bytes(data))
    else:
        bad.write_text("these are notes, not a translation memory\n")
    refused = run("review", out, "--tm", bad, "--no-browser", "--port", "0")
    assert refused.code == 1 and refused.out == ""
    assert refused.err.startswith(f"uebersetzer: error: {bad}: ") and len(refused.err.splitlines()) == 1
    assert "Traceback" not in refused.err

    client = create_app(out, [], "t0ken", bad).test_client()  # the memory goes bad after the start
    auth = {"X-Review-Token": "t0ken"}
    po_path = out / "en" / "meldung.po"
    catalog = client.get("/api/catalogs/en/meldung.po", headers=auth).json
    saved = client.put("/api/catalogs/en/meldung.po/entries/1", headers=auth,
                       json={"msgstr": "The first sentence stays.", "fuzzy": False, "revision": catalog["revision"]})
    assert saved.status_code == 200, saved.json
    assert saved.json["revision"] == client.get("/api/catalogs/en/meldung.po", headers=auth).json["revision"]
    assert saved.json["warning"].startswith("saved in the PO file, but the translation memory could not store it")
    entry = polib.pofile(str(po_path)).find("Der erste Satz bleibt.")
    assert entry.msgstr == "The first sentence stays." and not entry.fuzzy


def test_glossary_extract_never_replaces_a_file_with_nothing_because_inputs_failed(run, tmp_path):
    """Every input unreadable (binary): rc=1 but "0 candidates written to mine.yaml", and the
    curated mine.yaml was replaced by `[]`. Now it is left as it was, and the line says why."""
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    mine = tmp_path / "mine.yaml"
    curated = "- {source: Selenskyj, target: {en: Zelensky}}\n"
    mine.write_text(curated)
    result = run("glossary", "extract", binary, "--out", mine)
    assert result.code == 1
    assert mine.read_text() == curated
    assert "written to" not in result.out
    assert f"uebersetzer: {mine} left as it was: no article could be read" in result.err.splitlines()
    assert f"error: {binary}" in result.err  # what failed, as before
    article = tmp_path / "meldung.txt"
    article.write_text("Titel\n\nEin Satz über Selenskyj. Noch einmal Selenskyj hier.\n")
    written = run("glossary", "extract", article, "--out", mine)
    assert written.code == 0 and "source: Selenskyj" in mine.read_text()  # read articles: theirs to replace
    assert written.out == f"1 candidate written to {mine}\n"  # not "1 candidates"


def test_wording_plurals_a_folder_named_po_a_file_for_review_and_a_duplicate_target(run, article, tmp_path):
    out = tmp_path / "locales"
    translate(run, article, out=out, to="en")
    strict = run("build", article, "--to", "en", "--out", out, "--reviewed-only")
    assert strict.code == 1 and "uebersetzer: error: 4 entries are not reviewed yet; 1 localized article held back\n" in strict.err
    catalog = polib.pofile(str(out / "en" / "meldung.po"))
    for entry in catalog[1:]:
        entry.flags.remove("fuzzy")
    catalog.save()
    one = run("build", article, "--to", "en", "--out", out, "--reviewed-only")
    assert "uebersetzer: error: 1 entry is not reviewed yet; 1 localized article held back\n" in one.err

    (out / "old.po").mkdir()  # a folder named like a PO file: walked into, not read as one
    (out / "old.po" / "kept.po").write_bytes((out / "en" / "meldung.po").read_bytes())
    checked = run("qa", out)
    assert "Is a directory" not in checked.err and "2 PO files" in checked.err
    shutil.rmtree(out / "old.po")  # the suite's own msgfmt check of every *.po left behind would read it

    (tmp_path / "notes").write_text("not a folder\n")
    refused = run("review", tmp_path / "notes", "--no-browser")
    assert refused.code == 2 and refused.err == (f"uebersetzer: error: {tmp_path / 'notes'}: is a file, not a folder; "
                                                 "name the folder 'uebersetzer translate --out' wrote\n")

    both = run("translate", article, "--to", "en,en_GB,pt-BR,pt_BR", "--from", "de", "--engine", "pseudo",
               "--out", out, "--quiet")
    assert both.code == 0, both.err
    assert both.err.splitlines() == ["warning: --to en,en_GB: both mean en (one en/ folder; regional variants are "
                                     "not told apart); name it once"]  # pt-BR,pt_BR: one locale, said alike


@pytest.mark.parametrize("name, source, broken", [
    ("s.html", "<p>Mehr Geld für Schulen.</p>\n", "More money.</p><script>alert(1)</script><p>"),
    ("s.md", "# Titel\n\nMehr Geld für Schulen.\n", "More money.\n\n# Injected\n\n- item"),
])
def test_a_reviewed_translation_that_breaks_the_structure_is_said_and_never_published_strictly(
        run, tmp_path, name, source, broken):
    """An editor's reviewed msgstr adding a `<script>` or a heading: translate said nothing and
    `build --reviewed-only`, the strict mode for publishing, wrote it with exit 0."""
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / name).write_text(source, encoding="utf-8")
    out = tmp_path / "locales"
    translate(run, folder, out=out, to="en")
    po_path = out / "en" / (Path(name).stem + ".po")
    catalog = polib.pofile(str(po_path))
    entry = catalog.find("Mehr Geld für Schulen.")
    entry.msgstr, entry.flags = broken, []
    for other in catalog:
        if other is not entry:
            other.flags = [flag for flag in other.flags if flag != "fuzzy"]
    catalog.save()
    said = run("translate", folder, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", out)
    assert f"{name} (en): " in said.err and "in a reviewed translation of 'Mehr Geld für Schulen.'" in said.err
    before = (out / "en" / name).read_bytes()
    strict = run("build", folder, "--to", "en", "--out", out, "--reviewed-only")
    assert strict.code == 1
    assert f"{po_path}:{polib.pofile(str(po_path)).find('Mehr Geld für Schulen.').linenum}: " in strict.err
    assert "1 reviewed entry breaks the article's markup or blocks; 1 localized article held back\n" in strict.err
    assert (out / "en" / name).read_bytes() == before


def test_build_reviewed_only_writes_each_reviewed_article_and_holds_back_only_the_unreviewed_one(run, tmp_path):
    """An article, in a language, is a newsroom's unit of publishing: one left unreviewed held
    back every other article of the run ("nothing was written")."""
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "fertig.txt").write_text("Titel\n\nMehr Geld für Schulen.\n", encoding="utf-8")
    (folder / "offen.txt").write_text("Titel\n\nWeniger Geld für Straßen.\n", encoding="utf-8")
    out = tmp_path / "locales"
    translate(run, folder, out=out, to="en,fr")
    for po_path in (out / "en" / "fertig.po", out / "fr" / "fertig.po", out / "en" / "offen.po"):
        catalog = polib.pofile(str(po_path))
        for entry in catalog:
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        catalog.save()
    for written in out.glob("*/*.txt"):
        written.unlink()
    strict = run("build", folder, "--to", "en,fr", "--out", out, "--reviewed-only")
    assert strict.code == 1
    listed = strict.err.splitlines()[:-1]
    assert len(listed) == 2 and all(line.startswith(f"{out / 'fr' / 'offen.po'}:") for line in listed), strict.err
    assert "uebersetzer: error: 2 entries are not reviewed yet; 1 localized article held back, 3 built\n" in strict.err
    assert sorted(str(p.relative_to(out)) for p in out.glob("*/*.txt")) == ["en/fertig.txt", "en/offen.txt",
                                                                           "fr/fertig.txt"]


def test_a_long_list_of_unreviewed_entries_is_cut_short(run, tmp_path):
    article = tmp_path / "lang.txt"
    article.write_text("Titel\n\n" + " ".join(f"Satz Nummer {n} steht hier." for n in range(60)) + "\n",
                       encoding="utf-8")
    out = tmp_path / "locales"
    translate(run, article, out=out)
    strict = run("build", article, "--to", "fr", "--out", out, "--reviewed-only")
    lines = strict.err.splitlines()
    assert strict.code == 1 and sum(1 for line in lines if ": fuzzy: " in line) == 50
    assert "... and 11 more entries" in strict.err


def test_build_names_an_entry_an_editor_emptied_as_it_writes_the_source_text(run, article, tmp_path):
    """Only a count ("1 untranslated") said that a sentence went out in the source language."""
    out = tmp_path / "locales"
    translate(run, article, out=out)
    po_path = out / "fr" / "meldung.po"
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.flags = []
    catalog.find("Der dritte Satz steht hier.").msgstr = ""
    catalog.save()
    built = run("build", article, "--to", "fr", "--out", out)
    line = polib.pofile(str(po_path)).find("Der dritte Satz steht hier.").linenum
    assert built.code == 0
    assert (f"warning: {po_path}:{line}: untranslated: Der dritte Satz steht hier. (written in the source language)"
            in built.err.splitlines()), built.err
    assert "Der dritte Satz steht hier." in (out / "fr" / "meldung.txt").read_text(encoding="utf-8")
