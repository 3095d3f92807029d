"""Editors' saves while a `translate` run works: a PO file saved by another tool (Poedit, a
text editor, polib, the review page) between the run reading it and replacing it is never
written over. The run plans that article again from the editor's version, or, when the file
changes in the last moment before it is replaced, leaves it alone and fails that article.

The edits land at chosen moments, with no sleeps: the articles come from a generator that
saves the PO file once the run has planned the article (planning happens as each article is
read; writing only once every article is read), or from a hook in the write stage."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import msgfmt_check
from uebersetzer import fsio, pipeline
from uebersetzer.catalog.memory import TranslationMemory
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.read import ArticleFile

FIRST = "Titel der Meldung\n\nDer erste Satz bleibt. Der zweite Satz wird geprüft.\n"
SECOND = FIRST + "\nEin neuer Satz kommt hinzu.\n"
EDITED = ("Der zweite Satz wird geprüft.", "EDITOR WORK: the second sentence", "checked with the desk")


def editor_saves(po_path: Path, msgid: str = EDITED[0], msgstr: str = EDITED[1], comment: str = EDITED[2]) -> bytes:
    """What Poedit or a script does: the file read, one entry approved with a comment, saved in place."""
    catalog = polib.pofile(str(po_path))
    entry = catalog.find(msgid)
    entry.msgstr, entry.tcomment = msgstr, comment
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()
    return po_path.read_bytes()


def run_translate(tmp_path: Path, articles, memory: TranslationMemory | None) -> pipeline.Summary:
    summary = pipeline.Summary()
    pipeline.translate_articles(articles, ["en"], pipeline.Outputs(tmp_path / "out"), PseudoEngine(), summary,
                                memory=memory)
    return summary


def read(tmp_path: Path, name: str = "a.txt"):
    return pipeline.iter_articles([ArticleFile(tmp_path / "in" / name, name)], "de", pipeline.Summary())


@pytest.fixture
def translated(tmp_path) -> tuple[Path, TranslationMemory]:
    """An article translated once, then changed at its source (the next run has work to do)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(FIRST, encoding="utf-8")
    memory = TranslationMemory(tmp_path / "out" / ".tm.sqlite", make_folder=True)
    run_translate(tmp_path, read(tmp_path), memory)
    (tmp_path / "in" / "a.txt").write_text(SECOND, encoding="utf-8")
    return tmp_path / "out" / "en" / "a.po", memory


def test_a_po_file_saved_after_planning_keeps_the_editors_work_and_gets_the_new_sentence(tmp_path, translated):
    po_path, memory = translated

    def articles():
        yield from read(tmp_path)
        editor_saves(po_path)  # the run has planned a.txt against the file as it was; it writes it later

    summary = run_translate(tmp_path, articles(), memory)
    entries = {e.msgid: e for e in polib.pofile(str(po_path))}
    assert (entries[EDITED[0]].msgstr, entries[EDITED[0]].tcomment, entries[EDITED[0]].fuzzy) == (
        EDITED[1], EDITED[2], False)
    assert entries["Ein neuer Satz kommt hinzu."].msgstr  # the run's own work is there too
    assert EDITED[1] in (tmp_path / "out" / "en" / "a.txt").read_text(encoding="utf-8")  # built from the editor's
    assert [u.target for u in memory.units() if u.origin == "human"] == [EDITED[1]]  # the memory learnt it
    assert summary.failed == []
    assert any(str(po_path) in warning and "another tool" in warning for warning in summary.warnings)
    msgfmt_check(po_path)


def test_the_run_holds_the_po_files_replace_lock_from_its_check_to_its_rename(tmp_path, translated, monkeypatch):
    """What a review save waits for (and only that): it then finds the run's file, and is stale."""
    po_path, memory = translated
    real_write = pipeline.atomic_write_lines
    busy: list[bool] = []

    def a_review_save_comes(path, *args, **kwargs):  # after the run's check, before its rename
        with pytest.raises(fsio.FileBusy):
            with fsio.replace_lock(po_path, wait=0.1):
                pass
        busy.append(True)
        return real_write(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "atomic_write_lines", a_review_save_comes)
    summary = run_translate(tmp_path, read(tmp_path), memory)
    assert busy == [True] and summary.failed == []
    with fsio.replace_lock(po_path, wait=0.1):  # released once renamed
        assert {e.msgid for e in polib.pofile(str(po_path))} >= {"Ein neuer Satz kommt hinzu."}


def test_a_po_file_saved_in_the_last_moment_before_its_rename_is_left_as_the_editor_saved_it(
        tmp_path, translated, monkeypatch):
    po_path, memory = translated
    article_path = tmp_path / "out" / "en" / "a.txt"
    article_before = article_path.read_bytes()
    real_temporary = fsio._written_temporary
    saved: list[bytes] = []

    def an_editors_save_meanwhile(path, *args, **kwargs):  # after the run's last check, before its rename
        temporary = real_temporary(path, *args, **kwargs)
        if path == po_path:
            saved.append(editor_saves(po_path))  # polib takes no lock
        return temporary

    monkeypatch.setattr(fsio, "_written_temporary", an_editors_save_meanwhile)
    summary = run_translate(tmp_path, read(tmp_path), memory)
    assert po_path.read_bytes() == saved[0]  # every byte the editor saved
    assert article_path.read_bytes() == article_before  # never newer than its PO file
    [failure] = summary.failed  # its article fails in that language, the line naming the PO file
    assert failure["target"] == "en" and failure["path"].endswith("a.txt")
    assert f": {po_path}: " in failure["reason"] and failure["reason"].endswith("run translate again")
    assert not [name for name in (tmp_path / "out" / "en").iterdir() if name.name.endswith(fsio.TEMPORARY_SUFFIX)]
    monkeypatch.undo()
    again = run_translate(tmp_path, read(tmp_path), memory)  # the next run merges the edit as any other
    entries = {e.msgid: e for e in polib.pofile(str(po_path))}
    assert (entries[EDITED[0]].msgstr, entries[EDITED[0]].fuzzy) == (EDITED[1], False)
    assert entries["Ein neuer Satz kommt hinzu."].msgstr and again.failed == []


ARTICLES = 3
# an edit: (article, moment, entry, text, approved); moment k < ARTICLES: once article k is planned
# (before or after the edited article's own plan); ARTICLES + k: as article k's files are about to be
# written; 2 * ARTICLES + k: between the last check of article k's PO file and its rename, by a tool
# that takes no lock (for k = the edited article the run fails it, and the next run merges the edit)
_edits = st.lists(st.tuples(st.integers(0, ARTICLES - 1), st.integers(0, 3 * ARTICLES - 1), st.integers(0, 5),
                            st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12),
                            st.booleans()), min_size=1, max_size=6)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=_edits)
def test_random_saves_at_random_moments_of_a_run_are_all_kept(tmp_path_factory, edits):
    folder = tmp_path_factory.mktemp("run")
    names = [f"a{number}.txt" for number in range(ARTICLES)]
    (folder / "in").mkdir()
    for number, name in enumerate(names):
        (folder / "in" / name).write_text(f"Titel {number}\n\nDer erste Satz {number}. Der zweite Satz {number}.\n")
    memory = TranslationMemory(folder / "out" / ".tm.sqlite", make_folder=True)
    files = [ArticleFile(folder / "in" / name, name) for name in names]
    run_translate(folder, pipeline.iter_articles(files, "de", pipeline.Summary()), memory)
    for number, name in enumerate(names):  # each article gains a sentence: the run has work to do
        with (folder / "in" / name).open("a") as article:
            article.write(f"\nNeu ist Satz {number}.\n")
    po_paths = [folder / "out" / "en" / name.replace(".txt", ".po") for name in names]
    latest: dict[tuple[int, str], str] = {}  # (article, msgid) -> the editor's last words

    past: set[int] = set()

    def save(moment: int, lockless: Path | None = None) -> None:
        """The saves of this moment: as the review page saves, under the file's replace lock; the
        file being written at this moment (`lockless`) as Poedit does, with no lock (a save in the
        microseconds between the run's last check and its rename could not be seen: see README)."""
        if moment in past:  # a moment comes once (an article planned again is written again)
            return
        past.add(moment)
        for number, when, entry_number, text, approved in edits:
            if when == moment:
                with nullcontext() if po_paths[number] == lockless else fsio.replace_lock(po_paths[number]):
                    catalog = polib.pofile(str(po_paths[number]))
                    entries = [e for e in catalog if not e.obsolete]
                    entry = entries[entry_number % len(entries)]
                    entry.msgstr = f"EDIT {text}"
                    if approved:
                        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
                    catalog.save()
                latest[(number, entry.msgid)] = entry.msgstr

    def articles():
        for moment, article in enumerate(pipeline.iter_articles(files, "de", pipeline.Summary())):
            yield article
            save(moment)  # article `moment` is planned now

    real_write, real_temporary = pipeline.write_outputs, fsio._written_temporary

    def write_after_saves(job, *args, **kwargs):
        save(ARTICLES + names.index(job.article.path))
        return real_write(job, *args, **kwargs)

    def rename_after_saves(path, *args, **kwargs):
        temporary = real_temporary(path, *args, **kwargs)
        if path in po_paths:
            save(2 * ARTICLES + po_paths.index(path), lockless=path)
        return temporary

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "write_outputs", write_after_saves)
        patch.setattr(fsio, "_written_temporary", rename_after_saves)
        summary = run_translate(folder, articles(), memory)
    # only a file saved in the last moment fails: its article, in its language, the line naming the file
    failed = {path for failure in summary.failed for path in map(str, po_paths) if f": {path}: " in failure["reason"]}
    assert len(failed) == len(summary.failed) and all(failure["target"] == "en" for failure in summary.failed)
    for (number, msgid), text in latest.items():  # every last save is in its file, as it was or merged
        assert polib.pofile(str(po_paths[number])).find(msgid).msgstr == text, (number, msgid, summary.failed)
    quiet = run_translate(folder, pipeline.iter_articles(files, "de", pipeline.Summary()), memory)
    assert quiet.failed == []
    for (number, msgid), text in latest.items():
        assert polib.pofile(str(po_paths[number])).find(msgid).msgstr == text
    for number, path in enumerate(po_paths):
        assert polib.pofile(str(path)).find(f"Neu ist Satz {number}.").msgstr  # the run's own work is there too
        msgfmt_check(path)
    human = {(u.source, u.target) for u in memory.units() if u.origin == "human"}
    assert {(msgid, text) for (_, msgid), text in latest.items()} <= human  # the memory learnt every one


def test_prune_leaves_a_po_file_saved_after_its_work_went_to_the_memory_and_its_article(run, tmp_path, monkeypatch):
    from uebersetzer import prune

    (tmp_path / "in").mkdir()
    for name in ("a.txt", "gone.txt"):
        (tmp_path / "in" / name).write_text(FIRST, encoding="utf-8")
    out = tmp_path / "out"
    assert run("translate", tmp_path / "in", "--to", "en", "--from", "de", "--engine", "pseudo", "--out", out,
               "-q").code == 0
    (tmp_path / "in" / "gone.txt").unlink()
    po_path = out / "en" / "gone.po"
    real_save = prune.save_editors_work
    saved: list[bytes] = []

    def editor_saves_meanwhile(orphans, memory):
        done = real_save(orphans, memory)
        saved.append(editor_saves(po_path))  # after prune read it, before it removes it
        return done

    monkeypatch.setattr(prune, "save_editors_work", editor_saves_meanwhile)
    result = run("prune", tmp_path / "in", "--out", out, "--delete")
    assert result.code == 1
    assert po_path.read_bytes() == saved[0] and (out / "en" / "gone.txt").exists()
    assert f"error: {po_path}: was saved by someone else" in result.err and "run prune again" in result.err
    assert f"removed: {po_path}" not in result.out
