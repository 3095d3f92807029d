"""Nothing an editor wrote is ever lost: the ten ways it broke in ordinary use (issue 9), each
replayed as a user would, through the real command line and real gettext tools."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import uebersetzer
from tests.conftest import FIXTURES, entries, msgcat_unchanged, msgfmt_check
from tests.engines.test_argos import argos_env, package_folder  # noqa: F401  (fixtures: the real small models)
from uebersetzer.catalog.memory import TranslationMemory

SOURCE = Path(uebersetzer.__file__).resolve().parent.parent  # the src folder under test

V1 = ("Titel der Meldung\n\nDer erste Satz bleibt. Der zweite Satz wird geprüft. Der dritte Satz wird bearbeitet. "
      "Der vierte Satz bleibt auch.\n")
GONE = "Titel der Meldung\n\nDer erste Satz bleibt jetzt. Der vierte Satz bleibt auch.\n"
REVIEWED = ("Der zweite Satz wird geprüft.", "The second sentence, reviewed.", "Desk note: checked with the author")
EDITED = ("Der dritte Satz wird bearbeitet.", "The third sentence, edited but left fuzzy.")


def translate(run, *paths, out, extra=()):
    result = run("translate", *paths, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", out, "--json",
                 *extra)
    assert result.code in (0, 1), result.err
    return json.loads(result.out), result


def edit(po_path: Path, msgid: str, msgstr: str, comment: str | None = None, reviewed: bool = True) -> None:
    catalog = polib.pofile(str(po_path))
    entry = catalog.find(msgid)
    entry.msgstr = msgstr
    if reviewed:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    if comment is not None:
        entry.tcomment = comment
    catalog.save()


def human_units(memory_path: Path) -> dict[str, tuple[str, bool, str]]:
    return {u.source: (u.target, u.fuzzy, u.comment) for u in TranslationMemory(memory_path).units()
            if u.origin == "human"}


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "meldung.txt"
    path.write_text(V1)
    return path


def test_1_reviewed_and_edited_entries_survive_leaving_and_returning(run, article, tmp_path):
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    edit(po_path, *REVIEWED)
    edit(po_path, *EDITED, reviewed=False)
    article.write_text(GONE)  # both sentences leave (and another one changes)
    translate(run, article, out=out)
    retired = {e.msgid: e for e in polib.pofile(str(po_path)).obsolete_entries()}
    assert (retired[REVIEWED[0]].msgstr, retired[REVIEWED[0]].tcomment, retired[REVIEWED[0]].fuzzy) == (
        REVIEWED[1], REVIEWED[2], False)
    assert (retired[EDITED[0]].msgstr, retired[EDITED[0]].fuzzy) == (EDITED[1], True)
    assert human_units(out / ".tm.sqlite") == {REVIEWED[0]: (REVIEWED[1], False, REVIEWED[2]),
                                               EDITED[0]: (EDITED[1], True, "")}
    article.write_text(V1)  # ... and come back
    summary, _ = translate(run, article, out=out)
    catalog = polib.pofile(str(po_path))
    back = {e.msgid: e for e in catalog if not e.obsolete}
    assert (back[REVIEWED[0]].msgstr, back[REVIEWED[0]].tcomment, back[REVIEWED[0]].fuzzy) == REVIEWED[1:] + (False,)
    assert (back[EDITED[0]].msgstr, back[EDITED[0]].fuzzy) == (EDITED[1], True)
    assert catalog.obsolete_entries() == []  # revived, not duplicated; "bleibt jetzt." was machine work
    assert summary["sentences_translated"] == 0


def test_1_the_memory_brings_an_editors_work_back_when_the_po_file_is_gone(run, article, tmp_path):
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    edit(po_path, *REVIEWED)
    edit(po_path, *EDITED, reviewed=False)
    translate(run, article, out=out)  # an unchanged run: the memory still gets the editor's work
    po_path.unlink()
    translate(run, article, out=out)
    back = {e.msgid: e for e in entries(po_path)}
    assert (back[REVIEWED[0]].msgstr, back[REVIEWED[0]].tcomment, back[REVIEWED[0]].fuzzy) == REVIEWED[1:] + (False,)
    assert (back[EDITED[0]].msgstr, back[EDITED[0]].fuzzy) == (EDITED[1], True)


def memory_rows(memory_path: Path) -> list[tuple]:
    return sorted((u.source, u.target, u.origin, u.fuzzy, u.comment) for u in TranslationMemory(memory_path).units())


def test_1_a_translation_the_editor_emptied_comes_back_as_a_draft_not_as_reviewed(run, article, tmp_path):
    """The editor cleared a reviewed msgstr: the memory's copy of it returns for review (fuzzy,
    so `build --reviewed-only` lists it), with its comment; it is not marked reviewed again,
    and the runs after it change no file and no unit of the memory."""
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    edit(po_path, *REVIEWED)
    translate(run, article, out=out)
    edit(po_path, REVIEWED[0], "")
    summary, _ = translate(run, article, out=out)
    back = {e.msgid: e for e in entries(po_path)}[REVIEWED[0]]
    assert (back.msgstr, back.tcomment, back.fuzzy) == (REVIEWED[1], REVIEWED[2], True)
    assert summary["sentences_translated"] == 0
    msgfmt_check(po_path)
    built = run("build", article, "--to", "en", "--out", out, "--reviewed-only")
    assert built.code != 0 and f"{po_path}:" in built.err + built.out
    files, units = po_path.read_bytes(), memory_rows(out / ".tm.sqlite")
    assert ("Der zweite Satz wird geprüft.", REVIEWED[1], "human", False, REVIEWED[2]) in units
    for _ in range(2):
        translate(run, article, out=out)
        run("build", article, "--to", "en", "--out", out)
        assert (po_path.read_bytes(), memory_rows(out / ".tm.sqlite")) == (files, units)


@pytest.mark.parametrize("reviewed", [False, True], ids=["draft", "reviewed"])
def test_1_an_editors_translation_qa_sends_back_to_review_leaves_the_memory_alone_on_reruns(run, argos_env,
                                                                                            tmp_path, reviewed):
    """Reused in another article, an editor's draft (fuzzy) QA finds a problem in is written
    fuzzy with the problem noted; that draft is the memory's own unit, not new work: it is not
    stored again, in that run or any after. The same translation reviewed comes back
    reviewed, as the editor left it, and is not checked (the editor's call)."""
    out = tmp_path / "locales"
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    sentence = "Die Regierung kritisiert die Sanktionen am Montag mit 2500 Soldaten."
    first.write_text(f"Der Präsident trifft den Minister in Berlin\n\n{sentence}\n")
    second.write_text(f"Die Zeitung lobt den Bericht\n\n{sentence}\n")
    command = ("--to", "en", "--from", "de", "--out", out, "--quiet")
    assert run("translate", first, *command).code == 0
    edit(out / "en" / "a.po", sentence, "The government criticizes the sanctions on Monday.",  # no "2500"
         reviewed=reviewed)
    assert run("translate", first, second, *command).code == 0
    reused = {e.msgid: e for e in entries(out / "en" / "b.po")}[sentence]
    assert (reused.msgstr, reused.fuzzy) == ("The government criticizes the sanctions on Monday.", not reviewed)
    assert ("qa: numbers" in reused.comment) is not reviewed
    units = memory_rows(out / ".tm.sqlite")
    assert [row for row in units if row[2] == "human"] == [  # as the editor saved it, not also as a draft
        (sentence, "The government criticizes the sanctions on Monday.", "human", not reviewed, "")]
    assert run("translate", first, second, *command).code == 0
    assert memory_rows(out / ".tm.sqlite") == units


def test_2_a_reviewed_title_comes_back_from_the_memory_with_its_comment(run, argos_env, tmp_path):
    """Through the argos engine: the same title in a second article, and after the PO file is gone."""
    out = tmp_path / "o"
    first, second = tmp_path / "a.de.txt", tmp_path / "b.de.txt"
    first.write_text("Der Präsident trifft den Minister in Berlin\n\n"
                     "Die Regierung kritisiert die Sanktionen am Montag.\n")
    second.write_text("Der Präsident trifft den Minister in Berlin\n\nDie Zeitung lobt den Bericht.\n")
    assert run("translate", first, "--to", "en", "--out", out, "--quiet").code == 0
    edit(out / "en" / "a.de.po", "Der Präsident trifft den Minister in Berlin", "President meets minister in Berlin",
         "Desk note: headline style, no articles")
    assert run("translate", second, first, "--to", "en", "--out", out, "--quiet").code == 0
    (out / "en" / "a.de.po").unlink()
    assert run("translate", first, "--to", "en", "--out", out, "--quiet").code == 0
    for name in ("a.de.po", "b.de.po"):
        title = entries(out / "en" / name)[0]
        assert (title.msgstr, title.tcomment, title.fuzzy) == (
            "President meets minister in Berlin", "Desk note: headline style, no articles", False)


def test_3_deleting_sentences_alone_makes_them_obsolete(run, article, tmp_path):
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    article.write_text(V1.replace(" Der zweite Satz wird geprüft. Der dritte Satz wird bearbeitet.", ""))
    summary, _ = translate(run, article, out=out)
    assert (summary["sentences_translated"], summary["sentences_reused"]) == (0, 3)
    catalog = polib.pofile(str(po_path))
    assert [e.msgid for e in catalog.obsolete_entries()] == [REVIEWED[0], EDITED[0]]
    assert [e.msgid for e in catalog if not e.obsolete] == ["Titel der Meldung", "Der erste Satz bleibt.",
                                                            "Der vierte Satz bleibt auch."]
    for entry in entries(po_path):
        edit(po_path, entry.msgid, entry.msgid.upper())
    built = run("build", article, "--to", "en", "--out", out, "--reviewed-only")
    assert built.code == 0, built.err


def _runs(run, article: Path, out: Path, extra: list[str], times: int) -> list[dict[str, bytes]]:
    states = []
    for _ in range(times):
        result = run("translate", article, "--to", "en", "--out", out, "--quiet", *extra)
        assert result.code == 0, result.err
        states.append({str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
                       if p.suffix in (".po", ".txt")})
    return states


def test_4_an_unchanged_rerun_rewrites_nothing_through_the_argos_engine(run, argos_env, tmp_path):
    """Out of its domain the small model garbles a term: a fallback note beside a glossary line."""
    article = tmp_path / "riad.de.txt"
    article.write_text("Gespräche in Riad\n\nDie Delegationen aus Kiew und Moskau sitzen seit Dienstag in Riad an "
                       "einem Tisch. Vertreter des Kremls wollen zunächst über Handelsfragen reden.\n")
    glossary = FIXTURES / "glossary" / "reference.yaml"
    first, second = _runs(run, article, tmp_path / "o", ["--glossary", str(glossary)], 2)
    assert "#. glossary: Kreml -> Kremlin\n#. fallback: " in first["en/riad.de.po"].decode()
    assert first == second


def test_4_an_unchanged_rerun_rewrites_nothing_through_the_pseudo_engine(run, fixture_article, tmp_path):
    glossary = FIXTURES / "glossary" / "reference.yaml"
    first, second, third = _runs(run, fixture_article, tmp_path / "o", ["--engine", "pseudo", "--glossary",
                                                                       str(glossary)], 3)
    assert first == second == third


def test_4_comment_order_does_not_depend_on_where_a_comment_came_from():
    from uebersetzer.catalog.merge import ordered_comments

    fresh = ["paragraph 2", "glossary: Riad -> Riyadh", "fallback: the engine lost Riad -> Riyadh; ..."]
    kept = ["paragraph 2", "fallback: the engine lost Riad -> Riyadh; ...", "glossary: Riad -> Riyadh"]
    assert ordered_comments(fresh) == ordered_comments(kept) == "\n".join(fresh)


QUOTED_ENGLISH = ("# Gespräche\n\nDie Kanzlerin sagt, dass die Delegation das Abkommen heute unterstützt. \"The talks "
                  "in the Oval Office will begin on Monday, and the delegation from Riad will travel home on Friday.\" "
                  "Die Regierung kritisiert die Sanktionen am Montag.\n")


def test_4_a_rerun_of_an_article_with_a_sentence_in_another_language_writes_nothing(run, argos_env, tmp_path):
    """An English sentence quoted in a German article, into French: its entry has a `language:
    en` line (added by every run) and a fallback note (made by the first run, read back from the
    file by the next): the re-run found them in the other order and rewrote the PO file."""
    article = tmp_path / "gespraeche.md"
    article.write_text(QUOTED_ENGLISH, encoding="utf-8")
    out = tmp_path / "o"
    glossary = FIXTURES / "glossary" / "reference.yaml"
    summaries, states = [], []
    for _ in range(3):
        result = run("translate", article, "--to", "fr", "--from", "de", "--out", out, "--glossary", glossary, "--json")
        assert result.code == 0, result.err
        summaries.append(json.loads(result.out))
        states.append({str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
                       if p.suffix in (".po", ".md")})
    quoted = next(e for e in polib.pofile(str(out / "fr" / "gespraeche.po")) if e.msgid.startswith('"The talks'))
    assert "language: en" in quoted.comment and "fallback: " in quoted.comment  # the case this test is about
    files = [item for summary in summaries[1:] for item in summary["files"]]
    assert files and all(item["written"] is False for item in files), files
    assert states[0] == states[1] == states[2]


_COMMENT_LINES = ["glossary: Oval Office -> Bureau ovale", "glossary: Riad -> Riyad", "language: en",
                  "fallback: the engine doubled or invented placeholders; translated piecewise around protected text",
                  "check: the engine's output needed a second look",
                  "markup: reviewed with other link targets or attributes; the new ones were written into it"]


def _kind(comment: str) -> int:
    return 1 if comment.startswith("glossary:") else 2 if comment.startswith("language:") else 3


def _interleaved(comments: list[str], turns: list[int]) -> list[str]:
    """`comments` in another order that keeps each kind's own lines in their order (one source,
    the engine or the file, always gives them so): the kinds take turns as `turns` says."""
    queues = {kind: [c for c in comments if _kind(c) == kind] for kind in (1, 2, 3)}
    order = [_kind(comments[turn % len(comments)]) for turn in turns] + [_kind(c) for c in comments]
    return [queues[kind].pop(0) for kind in order if queues[kind]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_COMMENT_LINES), unique=True, min_size=1),
       st.lists(st.integers(min_value=0, max_value=20), max_size=12))
def test_4_the_comment_order_is_one_whatever_path_added_them(comments, turns):
    """However a run came to an entry's comments (a first run adds the block's language before
    the engine's notes, a re-run reads the notes from the file and adds the language after, the
    memory adds its unit's notes), the PO file gets one order: the block's label, glossary
    terms, the block's language, the notes."""
    from uebersetzer.catalog.merge import ordered_comments

    other = _interleaved(comments, turns)
    assert sorted(other) == sorted(comments)
    written = ordered_comments(["paragraph 2", *comments])
    assert written == ordered_comments(["paragraph 2", *other])
    lines = written.split("\n")
    assert lines[0] == "paragraph 2" and [_kind(c) for c in lines[1:]] == sorted(_kind(c) for c in comments)


def test_5_a_run_from_the_articles_folder_never_translates_its_own_output(run, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / ".git").mkdir(parents=True)
    (folder / "hochwasser.txt").write_text("Hochwasser\n\nDer Fluss steigt weiter.\n")
    (folder / ".git" / "notiz.txt").write_text("Keine Meldung\n\nDas ist eine Notiz.\n")
    monkeypatch.chdir(folder)
    for _ in range(2):
        assert run("translate", ".", "--to", "en,fr", "--from", "de", "--engine", "pseudo", "--quiet").code == 0
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        result = run("translate", "in", "--to", "en", "--from", "de", "--engine", "pseudo", "--out", "in/out",
                     "--json")
        assert result.code == 0 and json.loads(result.out)["articles"] == 1
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in (".txt", ".po"))
    assert written == [".git/notiz.txt", "hochwasser.txt", "locales/en/hochwasser.po", "locales/en/hochwasser.txt",
                       "locales/fr/hochwasser.po", "locales/fr/hochwasser.txt", "out/en/hochwasser.po",
                       "out/en/hochwasser.txt"]


def test_6_a_failure_line_names_its_article_in_text_and_json(run, article, tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-packages"))
    (tmp_path / "no-packages").mkdir()
    text = run("translate", article, "--to", "en", "--from", "de", "--out", tmp_path / "o")
    assert text.code == 1
    [line] = [line for line in text.err.splitlines() if line.startswith("error:")]
    assert line.startswith(f"error: {article}: no model for de -> en in ")  # the path as given
    assert f"no-packages; install one with: " in line  # the folder it looked in
    as_json = run("translate", article, "--to", "en", "--from", "de", "--out", tmp_path / "o", "--json")
    [failure] = json.loads(as_json.out)["failed"]
    assert failure["path"] == str(article) and failure["reason"] == line.removeprefix("error: ")


def test_7_the_suite_runs_in_a_clone_without_shared(tmp_path):
    """A user's clone has no ../shared: reference tests skip and say why, the rest pass."""
    clone = tmp_path / "clone"
    shutil.copytree(SOURCE, clone / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copytree(SOURCE.parent / "examples", clone / "examples")
    shutil.copytree(Path(__file__).parent, clone / "tests", ignore=shutil.ignore_patterns("__pycache__", "models"))
    assert not (tmp_path / "shared").exists()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "tests/test_parse.py",
         "tests/test_translate_cli.py::test_reference_article_end_to_end", "-k", "not round_trip"],
        cwd=clone, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(clone / "src")})
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"\d+ passed, \d+ skipped", result.stdout), result.stdout[-1000:]
    assert "absent: ../shared does not sit beside this checkout" in result.stdout


DUPLICATED = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"

# Desk note: the reviewed one
#. teaser
#: meldung.txt:3
msgid "Der erste Satz bleibt."
msgstr "The first sentence stays."

#. teaser
#: meldung.txt:3
#, fuzzy
msgid "Der erste Satz bleibt."
msgstr "[machine]"
"""


@pytest.mark.broken_po
def test_8_a_po_file_with_a_duplicate_msgid_is_refused_and_left_untouched(run, article, tmp_path):
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(DUPLICATED)
    gettext = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path)], capture_output=True, text=True)
    second = int(re.findall(rf"{re.escape(str(po_path))}:(\d+): duplicate message definition", gettext.stderr)[0])
    first = DUPLICATED.split("\n").index('msgid "Der erste Satz bleibt."') + 1  # gettext points at its msgstr
    summary, result = translate(run, article, out=out)
    assert result.code == 1
    [skipped] = summary["skipped"]
    assert skipped["reason"].startswith(f"{po_path}:{second}: duplicate message definition of "
                                        "'Der erste Satz bleibt.'")
    assert f"(first defined at {po_path}:{first})" in skipped["reason"]
    assert po_path.read_text() == DUPLICATED
    text = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--out", out)
    assert f"skipped: {article}: {po_path}:{second}: duplicate message definition" in text.err  # the path as given
    assert run("build", article, "--to", "en", "--out", out).code == 1 and po_path.read_text() == DUPLICATED


PLURAL = """
# Desk: the counter under the article
#. added in Poedit
#, c-format
msgctxt "counter"
msgid "%d comment"
msgid_plural "%d comments"
msgstr[0] "%d comment"
msgstr[1] "%d comments"
"""

OBSOLETE_PLURAL = """
#~ msgid "one reader"
#~ msgid_plural "%d readers"
#~ msgstr[0] "one reader"
#~ msgstr[1] "%d readers"
"""


def test_9_plural_entries_and_what_the_tool_does_not_understand_are_kept(run, article, tmp_path):
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    text = po_path.read_text()
    po_path.write_text(text + PLURAL + OBSOLETE_PLURAL)
    article.write_text(V1.replace("Der erste Satz bleibt.", "Der allererste Satz bleibt."))  # a real update
    translate(run, article, out=out)
    written = po_path.read_text()
    assert PLURAL in written and OBSOLETE_PLURAL in written
    msgfmt_check(po_path)
    msgcat_unchanged(po_path)  # laid out as gettext lays plural entries out
    translate(run, article, out=out)
    assert po_path.read_text() == written


def test_10_build_reads_the_po_files_under_the_lock(run, article, tmp_path):
    """A build that waits for a translate run renders what that run wrote, not what was there before."""
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    with open(out / ".uebersetzer.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a translate run is writing
        build = subprocess.Popen(
            [sys.executable, "-m", "uebersetzer", "build", str(article), "--to", "en", "--out", str(out), "--quiet"],
            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(SOURCE)})
        assert "waiting for it to finish" in build.stderr.readline()
        edit(po_path, "Titel der Meldung", "Written by the run that held the lock")
    assert build.wait(timeout=120) == 0
    assert (out / "en" / "meldung.txt").read_text().startswith("Written by the run that held the lock\n")


def test_a_memory_of_the_previous_version_is_upgraded_in_place(tmp_path):
    import sqlite3

    path = tmp_path / "tm.sqlite"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE units (source_language TEXT NOT NULL, target_language TEXT NOT NULL, source TEXT NOT NULL,
            origin TEXT NOT NULL CHECK (origin IN ('human', 'machine')), engine TEXT NOT NULL DEFAULT '',
            model_version TEXT NOT NULL DEFAULT '', target TEXT NOT NULL, updated REAL NOT NULL,
            PRIMARY KEY (source_language, target_language, source, origin, engine, model_version));
        INSERT INTO units VALUES ('de', 'en', 'Hallo.', 'human', '', '', 'Hello!', 1.0);
    """)
    old.commit()
    old.close()
    memory = TranslationMemory(path)
    [unit] = memory.units()
    assert (unit.source, unit.target, unit.origin, unit.fuzzy, unit.comment, unit.updated) == (
        "Hallo.", "Hello!", "human", False, "", 1.0)
    from uebersetzer.catalog.memory import Unit

    memory.store([Unit("de", "en", "Hallo.", "Hi (draft)", "human", fuzzy=True, comment="Desk: too casual?")])
    assert memory.human("de", "en", "Hallo.").target == "Hello!"  # the reviewed one wins over a draft
    memory.close()
    assert [(u.target, u.fuzzy) for u in TranslationMemory(path).units()] == [("Hello!", False), ("Hi (draft)", True)]


def test_tmx_keeps_an_editors_comment_and_fuzzy_state(tmp_path):
    from uebersetzer.catalog.memory import Unit
    from uebersetzer.catalog.tmx import dumps, loads

    unit = Unit("de", "en", "Hallo.", "Hi", "human", updated=1e9, fuzzy=True, comment="Desk: check", flags="no-wrap")
    assert loads(dumps([unit]).encode(), "memory.tmx") == [unit]


def test_a_reviewed_translation_handed_to_an_edited_sentence_stays_and_comes_back(run, article, tmp_path):
    """The edit starts from the reviewed words (fuzzy, with #|); undoing the edit gives the
    reviewed entry back as it was, not the fuzzy copy."""
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    edit(po_path, *REVIEWED)
    article.write_text(V1.replace("wird geprüft", "wird gerade geprüft"))
    translate(run, article, out=out)
    catalog = polib.pofile(str(po_path))
    edited = catalog.find("Der zweite Satz wird gerade geprüft.")
    assert (edited.msgstr, edited.fuzzy, edited.previous_msgid) == (REVIEWED[1], True, REVIEWED[0])
    [kept] = catalog.obsolete_entries()
    assert (kept.msgid, kept.msgstr, kept.tcomment, kept.fuzzy) == REVIEWED + (False,)
    article.write_text(V1)
    translate(run, article, out=out)
    back = polib.pofile(str(po_path)).find(REVIEWED[0])
    assert (back.msgstr, back.tcomment, back.fuzzy, back.obsolete) == REVIEWED[1:] + (False, False)


def test_two_articles_whose_editors_disagree_leave_the_memory_as_it_is_on_a_rerun(run, tmp_path):
    """Found by the state machine: a shared sentence edited differently in two PO files made
    every run rewrite the memory, one article's words over the other's."""
    out = tmp_path / "locales"
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"Titel {name}\n\nIm Hafen liegen drei neue Schiffe.\n")
    translate(run, tmp_path / "a.txt", tmp_path / "b.txt", out=out)
    edit(out / "en" / "b.po", "Im Hafen liegen drei neue Schiffe.", "Draft from desk B", reviewed=False)
    translate(run, tmp_path / "a.txt", tmp_path / "b.txt", out=out)
    edit(out / "en" / "a.po", "Im Hafen liegen drei neue Schiffe.", "Draft from desk A", reviewed=False)
    translate(run, tmp_path / "a.txt", tmp_path / "b.txt", out=out)
    units = TranslationMemory(out / ".tm.sqlite").units()
    translate(run, tmp_path / "a.txt", tmp_path / "b.txt", out=out)
    assert TranslationMemory(out / ".tm.sqlite").units() == units
    drafts = [u.target for u in units if u.origin == "human"]
    assert drafts == ["Draft from desk B", "Draft from desk A"]  # both kept, in the order they were saved
    assert TranslationMemory(out / ".tm.sqlite").human("de", "en", "Im Hafen liegen drei neue Schiffe.").target == \
        "Draft from desk A"


def test_a_latin1_po_file_is_refused_with_the_gettext_command_that_converts_it(run, article, tmp_path):
    """A tool that saved the catalog as ISO-8859-1 (with a header saying so, which msgfmt reads):
    refused in one line naming msgconv; after running that command, the editor's work is kept."""
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    for entry in entries(po_path):  # the pseudo engine's letters are not all in Latin-1: an editor's are
        edit(po_path, entry.msgid, f"Übersetzt: {entry.msgid}")
    edit(po_path, "Der zweite Satz wird geprüft.", "The second sentence, checked (Prüfung).")
    subprocess.run(["msgconv", "-t", "ISO-8859-1", str(po_path), "-o", str(po_path)], check=True)
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po_path)], check=True)
    _, refused = translate(run, article, out=out)
    assert refused.code == 1
    assert f"{po_path}:" in refused.err and "convert it with 'msgconv -t UTF-8 FILE -o FILE'" in refused.err
    subprocess.run(["msgconv", "-t", "UTF-8", str(po_path), "-o", str(po_path)], check=True)
    translate(run, article, out=out)
    kept = {e.msgid: e for e in entries(po_path)}["Der zweite Satz wird geprüft."]
    assert (kept.msgstr, kept.fuzzy) == ("The second sentence, checked (Prüfung).", False)


def test_a_reviewed_translation_marked_fuzzy_again_comes_back_fuzzy_after_its_sentence_left(run, article, tmp_path):
    """Found by the state machine: an editor reviewed a sentence, then marked it fuzzy again
    (second thoughts); the sentence was edited away and came back. The draft must come back
    as the editor left it, fuzzy, not as the reviewed version the memory also holds."""
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    edit(po_path, *REVIEWED)
    assert run("build", article, "--to", "en", "--out", out, "--quiet").code == 0  # the memory learns it
    catalog = polib.pofile(str(po_path))
    catalog.find(REVIEWED[0]).flags.append("fuzzy")
    catalog.save()
    article.write_text(V1.replace(REVIEWED[0], "Der zweite Satz wird heute geprüft."))
    translate(run, article, out=out)
    article.write_text(V1)
    translate(run, article, out=out)
    back = {e.msgid: e for e in entries(po_path)}[REVIEWED[0]]
    assert (back.msgstr, back.tcomment, back.fuzzy) == (REVIEWED[1], REVIEWED[2], True)


@pytest.mark.broken_po
def test_a_po_file_with_merge_conflict_markers_is_left_as_it_is_and_said_so(run, article, tmp_path):
    """Two desks edited the same entry on two git branches; the merge left git's markers in the
    PO file. The run named it a broken PO file and said to remove it (losing both desks' work);
    it must name the conflict and its line, and write nothing to the file until it is resolved."""
    out = tmp_path / "locales"
    po_path = out / "en" / "meldung.po"
    translate(run, article, out=out)
    git = ["git", "-C", str(out), "-c", "user.name=Desk", "-c", "user.email=desk@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "en"], check=True)
    subprocess.run([*git, "commit", "-qm", "machine"], check=True)
    subprocess.run([*git, "checkout", "-qb", "desk-b"], check=True)
    edit(po_path, "Der zweite Satz wird geprüft.", "The second sentence, as desk B has it.")
    subprocess.run([*git, "commit", "-qam", "desk B"], check=True)
    subprocess.run([*git, "checkout", "-q", "main"], check=True)
    edit(po_path, "Der zweite Satz wird geprüft.", "The second sentence, as desk A has it.")
    subprocess.run([*git, "commit", "-qam", "desk A"], check=True)
    merged = subprocess.run([*git, "merge", "-q", "desk-b"], capture_output=True, text=True)
    assert merged.returncode == 1 and "CONFLICT" in merged.stdout, merged
    conflicted = po_path.read_bytes()
    line = conflicted.decode("utf-8").splitlines().index("<<<<<<< HEAD") + 1
    said = (f"{po_path}:{line}: unresolved merge conflict (the <<<<<<<, ======= and >>>>>>> lines a merge left, "
            "from this line on): resolve it, keeping the translation you want and deleting the marker lines, then "
            "run again; the file is left as it is")
    summary, result = translate(run, article, out=out)
    assert result.code == 1 and summary["skipped"] == [{"path": str(article), "target": "en", "reason": said}]
    assert po_path.read_bytes() == conflicted
    result = run("build", str(article), "--to", "en", "--out", str(out))
    assert result.code == 1 and f"{article}: {said}" in result.err and po_path.read_bytes() == conflicted
    result = run("qa", str(out / "en"))
    assert f"error: {said}" in result.err.splitlines()
    # resolved as desk B has it: the run takes that, reviewed
    lines = conflicted.decode("utf-8").splitlines(keepends=True)
    start, middle, end = (next(n for n, text in enumerate(lines) if text.startswith(mark)) for mark in
                          ("<<<<<<<", "=======", ">>>>>>>"))
    po_path.write_text("".join(lines[:start] + lines[middle + 1:end] + lines[end + 1:]), encoding="utf-8")
    _, result = translate(run, article, out=out)
    assert result.code == 0, result.err
    kept = {e.msgid: e for e in entries(po_path)}["Der zweite Satz wird geprüft."]
    assert (kept.msgstr, kept.fuzzy) == ("The second sentence, as desk B has it.", False)
