"""An engine's note (`#. fallback: ...`) comes back with its translation from the memory.

Through the real argos engine and the naive fixture model, which loses the stand-ins of lines
without a full stop, so their sentences are redone piecewise and carry a fallback note. Every
way a later run takes such a sentence from the memory instead of its PO file must give the
entry the same note and fuzzy flag as the run that made it."""

from __future__ import annotations

import json
import sqlite3
import shutil
from pathlib import Path

import polib
import pytest

from tests.conftest import FIXTURES, entries
from uebersetzer import models
from uebersetzer.catalog.merge import without_dates
from uebersetzer.translate import FALLBACK_NOTE

GLOSSARY = ("- {source: Selenskyj, target: {en: Zelensky}}\n- {source: Kiew, target: {en: Kyiv}}\n"
            "- {source: Lawrow, target: {en: Lavrov}}\n")
ARTICLE = ("Selenskyj in Kiew\n\nDer Besuch in Kiew\n\nLawrows Plan.\n\n"
           "Die Regierung in Kiew hat am Dienstag einen Plan vorgestellt.\n")


@pytest.fixture(scope="module")
def naive_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("naive-packages")
    models.install_file(FIXTURES / "models" / "de_en_naive.argosmodel", folder)
    return folder


@pytest.fixture
def first_run(run, naive_folder, monkeypatch, tmp_path):
    """One article translated once: (a function running translate on ARTICLES, the article, the
    output folder, the PO file's entries by msgid as the first run wrote them)."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(naive_folder))
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    article = tmp_path / "articles" / "besuch.de.txt"
    article.parent.mkdir()
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "o"

    def translate(*paths: Path) -> dict:
        result = run("translate", *paths, "--from", "de", "--to", "en", "--out", out, "--glossary", glossary,
                     "--json")
        assert result.code == 0, result.err
        return json.loads(result.out)

    summary = translate(article)
    first = {e.msgid: e for e in entries(out / "en" / "besuch.de.po")}
    assert summary["fallbacks"] >= 1 and summary["sentences_translated"] == len(first)
    return translate, article, out, first


def _notes(entry: polib.POEntry) -> list[str]:
    return [line for line in entry.comment.split("\n") if line.startswith(FALLBACK_NOTE)]


def _state(entry: polib.POEntry) -> tuple[list[str], bool, str]:
    """What an editor sees of an entry: its fallback notes, whether it is fuzzy, its translation."""
    return _notes(entry), "fuzzy" in entry.flags, entry.msgstr


def _edit(po_path: Path, edit) -> str:
    """Apply `edit` to the first entry with a fallback note, as an editor's tool saves it; its msgid."""
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if not e.obsolete and _notes(e))
    edit(entry)
    catalog.save(str(po_path))
    return entry.msgid


# Each way a later run takes a translation from the memory rather than from the article's own
# PO file: (what changes, the PO file then written). `edited`: the entry an editor changed
# before, with what it must look like afterwards; every other entry looks as the first run made it.
def _po_deleted(article: Path, po_path: Path) -> tuple[str, dict]:
    po_path.unlink()
    return "besuch.de.po", {}


def _renamed(article: Path, po_path: Path) -> tuple[str, dict]:
    article.rename(article.with_name("reise.de.txt"))
    return "reise.de.po", {}


def _moved(article: Path, po_path: Path) -> tuple[str, dict]:
    (article.parent / "politik").mkdir()
    article.rename(article.parent / "politik" / article.name)
    return "politik/besuch.de.po", {}


def _in_a_second_article(article: Path, po_path: Path) -> tuple[str, dict]:
    shutil.copy(article, article.with_name("zweite.de.txt"))
    return "zweite.de.po", {}


def _emptied_by_an_editor(article: Path, po_path: Path) -> tuple[str, dict]:
    """An empty msgstr: the memory's machine translation comes back into the same file."""
    def empty(entry: polib.POEntry) -> None:
        entry.msgstr, entry.flags = "", []
    _edit(po_path, empty)
    return "besuch.de.po", {}


def _reviewed_then_renamed(article: Path, po_path: Path) -> tuple[str, dict]:
    """An editor's review of the fallback: it comes back reviewed, and without the engine's note."""
    def review(entry: polib.POEntry) -> None:
        entry.flags.remove("fuzzy")
    msgid = _edit(po_path, review)
    reviewed = next(e for e in entries(po_path) if e.msgid == msgid)
    article.rename(article.with_name("reise.de.txt"))
    return "reise.de.po", {msgid: ([], False, reviewed.msgstr)}


def _rewritten_then_renamed(article: Path, po_path: Path) -> tuple[str, dict]:
    """An editor's own words, left fuzzy: a draft of theirs, without the engine's note."""
    def rewrite(entry: polib.POEntry) -> None:
        entry.msgstr = "Zelensky visits Kyiv"
    msgid = _edit(po_path, rewrite)
    article.rename(article.with_name("reise.de.txt"))
    return "reise.de.po", {msgid: ([], True, "Zelensky visits Kyiv")}


@pytest.mark.parametrize("change", [_po_deleted, _renamed, _moved, _in_a_second_article, _emptied_by_an_editor,
                                    _reviewed_then_renamed, _rewritten_then_renamed], ids=lambda f: f.__name__[1:])
def test_a_translation_from_the_memory_comes_back_with_its_notes_and_fuzzy_flag(first_run, change):
    translate, article, out, first = first_run
    written, edited = change(article, out / "en" / "besuch.de.po")
    summary = translate(article.parent)  # the folder: a renamed article's old PO file gives its editors' work
    assert summary["sentences_translated"] == 0  # every sentence from the memory, none from the engine
    again = {e.msgid: e for e in entries(out / "en" / written)}
    assert again.keys() == first.keys()
    assert any(_notes(e) for e in first.values())
    for msgid, entry in first.items():
        assert _state(again[msgid]) == edited.get(msgid, _state(entry)), msgid


def test_a_deleted_po_file_is_written_again_as_the_first_run_wrote_it(first_run):
    """Every comment in its place, not only the notes: the same bytes but for the dates."""
    translate, article, out, first = first_run
    po_path = out / "en" / "besuch.de.po"
    written = without_dates(po_path.read_text(encoding="utf-8"))
    po_path.unlink()
    assert translate(article)["sentences_reused"] == len(first)
    assert without_dates(po_path.read_text(encoding="utf-8")) == written


def test_an_editors_unit_found_after_a_machine_one_takes_its_note_away():
    """A job's entry first given the memory's machine translation (with its note), then an
    editor's translation of the sentence found in a PO file read later (pipeline._fill_job)."""
    from uebersetzer.catalog.memory import Unit
    from uebersetzer.catalog.merge import Key, PlannedEntry
    from uebersetzer.pipeline import _remember

    entry = PlannedEntry(Key("Kiew.", None), ["a.txt:1"], ["paragraph 1"], "de", new=True)
    _remember(entry, Unit("de", "en", "Kiew.", "Kyiv.", "machine", "argos", "1", notes=("fallback: lost",)),
              as_draft=True)
    entry.comments.append("language: de")
    assert entry.comments == ["paragraph 1", "fallback: lost", "language: de"] and entry.fuzzy
    _remember(entry, Unit("de", "en", "Kiew.", "Kyiv!", "human"))
    assert entry.comments == ["paragraph 1", "language: de"] and not entry.fuzzy and entry.msgstr == "Kyiv!"


def _as_schema_2(memory_path: Path) -> None:
    """The memory as the version before schema 3 would hold the same units: no notes column."""
    from tests.test_memory_schema import COLUMNS_2, INSERT_2, SCHEMA_2

    with sqlite3.connect(memory_path) as connection:
        rows = connection.execute(f"SELECT {COLUMNS_2} FROM units").fetchall()
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        memory_path.with_name(memory_path.name + suffix).unlink(missing_ok=True)
    with sqlite3.connect(memory_path) as connection:
        connection.executescript(SCHEMA_2)
        connection.executemany(INSERT_2, rows)
        connection.execute("PRAGMA user_version=2")
    connection.close()


@pytest.mark.parametrize("learned_by", ["translate", "build", "orphan"])
def test_a_memory_from_before_notes_learns_them_from_the_po_files(first_run, run, learned_by):
    """A memory the version before filled (its fallbacks' notes only in the PO files) learns
    them when a run reads those files: a translate or build over the article, or a translate of
    the folder after the article was renamed (its old PO file saved as an orphan's)."""
    translate, article, out, first = first_run
    _as_schema_2(out / ".tm.sqlite")
    po_path = out / "en" / "besuch.de.po"
    if learned_by == "translate":
        translate(article)
    elif learned_by == "build":
        assert run("build", article, "--from", "de", "--to", "en", "--out", out).code == 0
    if learned_by == "orphan":
        article = article.rename(article.with_name("reise.de.txt"))
        po_path = out / "en" / "reise.de.po"
    else:
        po_path.unlink()
    assert translate(article.parent)["sentences_translated"] == 0
    again = {e.msgid: e for e in entries(po_path)}
    assert {msgid: _state(e) for msgid, e in again.items()} == {msgid: _state(e) for msgid, e in first.items()}
