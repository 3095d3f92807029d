"""An article's life in a pipeline: named as a file or in its folder, changed, renamed, moved,
deleted; translated through a pivot language. Its outputs must follow it, nothing an editor
reviewed may come back un-reviewed, and nothing is left behind unsaid."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from tests.conftest import Result, entries
from tests.engines.test_argos import argos_env, package_folder  # noqa: F401  (fixtures: the real small models)

ARTICLE = "Gipfel in Berlin\n\nDer Präsident zahlte 312 Euro für das Treffen in Berlin.\n"
SENTENCE = "Der Präsident zahlte 312 Euro für das Treffen in Berlin."
PSEUDO = ("--from", "de", "--engine", "pseudo")


def _review_all(path: Path, fixes: dict[str, str] | None = None) -> None:
    """An editor approves every entry, rewriting those in `fixes`, with a comment on each."""
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if entry.obsolete:
            continue
        entry.msgstr = (fixes or {}).get(entry.msgid, entry.msgstr)
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.tcomment = "checked by the desk"
    catalog.save()


# ---- 4: a reviewed translation recalled from the memory stays reviewed ----------------------

def test_a_renamed_article_keeps_its_reviewed_translations_reviewed(run, tmp_path):
    folder, out = tmp_path / "in", tmp_path / "loc"
    folder.mkdir()
    (folder / "story.txt").write_text(ARTICLE)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    # the editor's own figure, which QA's numbers check dislikes (312 -> 321): their call
    _review_all(out / "en" / "story.po", {SENTENCE: "The president paid 321 euros for the meeting."})
    assert run("build", folder, "--to", "en", "--out", out, "-q").code == 0  # stores the reviewed entries
    (folder / "story.txt").rename(folder / "story-renamed.txt")
    result = run("translate", folder, "--to", "en", "--out", out, "--json", *PSEUDO)
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["fuzzy"] == 0 and summary["sentences_reused"] == 2 and summary["qa"]["numbers"] == 0
    renamed = {e.msgid: e for e in entries(out / "en" / "story-renamed.po")}
    assert renamed[SENTENCE].msgstr == "The president paid 321 euros for the meeting."
    assert "fuzzy" not in renamed[SENTENCE].flags and renamed[SENTENCE].tcomment == "checked by the desk"
    built = run("build", folder, "--to", "en", "--out", out, "--reviewed-only", "-q")
    assert built.code == 0, built.err
    assert "321 euros" in (out / "en" / "story-renamed.txt").read_text()


# ---- 1: one article, one set of outputs, however it is named --------------------------------

def _politik(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder, out = tmp_path / "in", tmp_path / "loc"
    (folder / "politik").mkdir(parents=True)
    story = folder / "politik" / "story.txt"
    story.write_text(ARTICLE)
    return folder, story, out


def test_root_maps_a_named_file_to_the_outputs_its_folder_run_wrote(run, tmp_path):
    folder, story, out = _politik(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    catalog = out / "en" / "politik" / "story.po"
    _review_all(catalog)
    story.write_text(ARTICLE + "\nEin neuer Satz am Ende des Artikels wurde ergänzt.\n")
    result = run("translate", story, "--root", folder, "--to", "en", "--out", out, "--json", *PSEUDO)
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert summary["sentences_translated"] == 1 and summary["sentences_reused"] == 2 and summary["fuzzy"] == 1
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("story.*")) == [
        "en/politik/story.po", "en/politik/story.txt"]
    assert {e.msgid: e.tcomment for e in entries(catalog)}[SENTENCE] == "checked by the desk"
    built = run("build", story, "--root", folder, "--to", "en", "--out", out, "-q")
    assert built.code == 0, built.err


def test_a_file_named_without_root_is_refused_when_its_po_file_is_elsewhere(run, tmp_path):
    folder, story, out = _politik(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    for command in (("translate", *PSEUDO), ("build",)):
        result = run(*command[:1], story, "--to", "en", "--out", out, "-q", *command[1:])
        assert result.code == 1
        assert result.err == (f"error: {story}: its translations are in {out / 'en' / 'politik' / 'story.po'}, "
                              f"where it was read as politik/story.txt; pass --root {folder} (or name the folder "
                              f"{folder}) to update that file instead of starting a second one\n"), command
    assert not (out / "en" / "story.po").exists() and not (out / "en" / "story.txt").exists()


def test_a_refusal_for_each_language_names_its_language_in_the_json(run, tmp_path):
    """The PO file found elsewhere is one per language, and so is the refusal: `failed[].target`
    says which (null is for an article that failed for every language at once)."""
    folder, story, out = _politik(tmp_path)
    assert run("translate", folder, "--to", "en,fr", "--out", out, "-q", *PSEUDO).code == 0
    result = run("translate", story, "--to", "en,fr", "--out", out, "--json", *PSEUDO)
    assert result.code == 1
    failed = json.loads(result.out)["failed"]
    assert [(f["target"], f"{out / f['target'] / 'politik' / 'story.po'}, where it was read as" in f["reason"])
            for f in failed] == [("en", True), ("fr", True)]


def test_another_article_of_the_same_name_is_not_taken_for_a_moved_one(run, tmp_path):
    folder, story, out = _politik(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    other = tmp_path / "sport" / "story.txt"
    other.parent.mkdir()
    other.write_text(ARTICLE)
    result = run("translate", other, "--to", "en", "--out", out, "-q", *PSEUDO)
    assert result.code == 0 and result.err == ""
    assert (out / "en" / "story.po").exists()


def test_root_must_hold_every_article_named(run, tmp_path):
    folder, story, out = _politik(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run("translate", story, "--root", elsewhere, "--to", "en", "--out", out, *PSEUDO)
    assert result.code == 2
    assert result.err == (f"uebersetzer: error: {story}: is not inside --root {elsewhere}; name articles below "
                          "that folder, or leave out --root\n")


# ---- 3: a pair made through another language says so ---------------------------------------

def test_a_pivot_through_english_is_said_once_and_recorded_in_the_po_header(run, argos_env, tmp_path):
    out = tmp_path / "loc"
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"Der Präsident trifft den Minister in Berlin.\n\nArtikel {name}.\n")
    articles = (tmp_path / "a.txt", tmp_path / "b.txt")
    result = run("translate", *articles, "--to", "en,fr", "--from", "de", "--out", out)
    assert result.code == 0, result.err
    pivot_lines = [line for line in result.out.splitlines() if line.startswith("pivot:")]
    assert pivot_lines == ["pivot: de -> en -> fr: no direct model, so the translations went through en "
                           "(the PO header says so: X-Uebersetzer-Pivot)"]
    for name in ("a.po", "b.po"):
        assert polib.pofile(str(out / "fr" / name)).metadata["X-Uebersetzer-Pivot"] == "de -> en -> fr"
        assert "X-Uebersetzer-Pivot" not in polib.pofile(str(out / "en" / name)).metadata
    again = run("translate", *articles, "--to", "en,fr", "--from", "de", "--out", out, "--json")
    assert json.loads(again.out)["pivots"] == []  # nothing translated: nothing went through English this time
    assert polib.pofile(str(out / "fr" / "a.po")).metadata["X-Uebersetzer-Pivot"] == "de -> en -> fr"


# ---- 2: outputs of articles gone are said, and removed only on purpose, nothing lost ---------

def _newsroom(tmp_path: Path) -> tuple[Path, Path]:
    folder, out = tmp_path / "in", tmp_path / "loc"
    folder.mkdir()
    (folder / "story.txt").write_text(ARTICLE)
    (folder / "other.txt").write_text("Andere Meldung\n\nDie Zeitung lobt den Bericht.\n")
    return folder, out


def _outputs(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")  # hidden files and folders are no outputs
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts))


def test_outputs_of_deleted_and_moved_articles_are_reported_and_their_reviewed_work_follows(run, tmp_path):
    folder, out = _newsroom(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    _review_all(out / "en" / "story.po", {SENTENCE: "The president paid 321 euros for the meeting."})
    (folder / "sub").mkdir()
    (folder / "story.txt").rename(folder / "sub" / "story-renamed.txt")  # no build in between
    (folder / "other.txt").unlink()
    result = run("translate", folder, "--to", "en", "--out", out, "--json", *PSEUDO)
    assert result.code == 0, result.err
    gone = [str(out / "en" / name) for name in ("other.po", "other.txt", "story.po", "story.txt")]
    assert json.loads(result.out)["orphans"] == gone
    shown = [f"{path}: no article makes it any more (deleted, renamed or moved); 'uebersetzer prune' removes "
             "such outputs" for path in gone]
    assert [line for line in result.err.splitlines() if "no article makes it" in line] == [
        f"warning: {line}" for line in shown]
    assert json.loads(result.out)["warnings"] == shown  # every warning line stderr shows, as the README says
    moved = {e.msgid: e for e in entries(out / "en" / "sub" / "story-renamed.po")}[SENTENCE]
    assert (moved.msgstr, moved.fuzzy, moved.tcomment) == (
        "The president paid 321 euros for the meeting.", False, "checked by the desk")
    alone = run("translate", folder / "sub" / "story-renamed.txt", "--root", folder, "--to", "en", "--out", out,
                "--json", *PSEUDO)
    assert json.loads(alone.out)["orphans"] == []  # a file named on its own says nothing about the others


def test_prune_lists_by_default_and_deletes_only_what_the_memory_holds(run, tmp_path):
    from uebersetzer.catalog.memory import TranslationMemory

    folder, out = _newsroom(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    _review_all(out / "en" / "other.po", {"Die Zeitung lobt den Bericht.": "The paper praises the report."})
    (folder / "other.txt").unlink()
    before = _outputs(out)
    listed = run("prune", folder, "--out", out)
    assert listed.code == 0 and _outputs(out) == before
    assert listed.out == f"orphaned: {out / 'en' / 'other.po'}\norphaned: {out / 'en' / 'other.txt'}\n"
    assert "pass --delete to remove them" in listed.err
    pruned = run("prune", folder, "--out", out, "--delete", "--json")
    assert pruned.code == 0, pruned.err
    assert json.loads(pruned.out)["removed"] == [str(out / "en" / "other.po"), str(out / "en" / "other.txt")]
    assert _outputs(out) == ["en/story.po", "en/story.txt"]
    memory = TranslationMemory(out / ".tm.sqlite")
    kept = memory.human("de", "en", "Die Zeitung lobt den Bericht.")
    memory.close()
    assert (kept.target, kept.fuzzy, kept.comment) == ("The paper praises the report.", False, "checked by the desk")


def test_prune_leaves_a_po_file_it_cannot_read_and_its_article(run, tmp_path):
    folder, out = _newsroom(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    (folder / "other.txt").unlink()
    broken = out / "en" / "other.po"
    broken.write_text(broken.read_text() + '\nmsgid "Andere Meldung"\nmsgstr "x"\n')  # gettext: a duplicate
    result = run("prune", folder, "--out", out, "--delete")
    assert result.code == 1
    assert broken.exists() and (out / "en" / "other.txt").exists()
    assert f"error: {broken}:" in result.err and "it was left in place" in result.err
    broken.unlink()  # the suite's msgfmt check of every PO file left behind


def test_prune_refuses_to_delete_when_the_articles_folder_holds_none(run, tmp_path):
    folder, out = _newsroom(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    for article in folder.iterdir():
        article.unlink()
    result = run("prune", folder, "--out", out, "--delete")
    assert result.code == 2 and "nothing was removed" in result.err
    assert len(_outputs(out)) == 4
    listed = run("prune", folder, "--out", out)  # an unmounted share: not every output listed as orphaned
    assert listed.code == 2 and listed.out == "" and "nothing was read or written" in listed.err


def test_orphan_warnings_are_capped_and_json_holds_them_all(run, tmp_path):
    folder, out = _newsroom(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    for number in range(53):
        (out / "en" / f"old-{number:02}.txt").write_text("old\n")
    result = run("translate", folder, "--to", "en", "--out", out, "--json", *PSEUDO)
    assert len(json.loads(result.out)["orphans"]) == 53
    assert len([w for w in json.loads(result.out)["warnings"] if "no article makes it" in w]) == 53
    lines = [line for line in result.err.splitlines() if "orphaned outputs" in line or "no article makes" in line]
    assert len(lines) == 51 and lines[-1] == ("warning: ... and 3 more orphaned outputs; the summary above lists "
                                              "them all")


def test_a_folder_run_names_the_po_file_its_article_had_when_named_on_its_own(run, tmp_path):
    folder, story, out = _politik(tmp_path)
    assert run("translate", story, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    result = run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO)
    assert result.code == 0
    old, new = out / "en" / "story.po", out / "en" / "politik" / "story.po"
    assert (f"warning: {story}: {old} holds translations of it from when it was read as story.txt; named as now, "
            f"its PO file is {new} (name it as then to keep to the old one; 'uebersetzer prune' removes the outputs "
            "of articles gone)") in result.err.splitlines()
    assert new.exists()


# ---- a subfolder named where its parent was translated: nothing is taken for an orphan ------

def _sections(tmp_path: Path) -> tuple[Path, Path]:
    folder, out = tmp_path / "in", tmp_path / "loc"
    for section, text in (("politik", ARTICLE), ("sport", "Sport heute\n\nDie Zeitung lobt den Bericht.\n")):
        (folder / section).mkdir(parents=True)
        (folder / section / f"{section}.txt").write_text(text)
    return folder, out


def test_prune_of_a_subfolder_refuses_when_the_outputs_mirror_the_folder_above(run, tmp_path, monkeypatch):
    folder, out = _sections(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    before = _outputs(out)
    sport = folder / "sport"
    for options in ((), ("--delete",)):
        result = run("prune", sport, "--out", out, *options)
        assert result.code == 2 and result.out == "" and _outputs(out) == before
        assert result.err == (
            f"uebersetzer: error: {sport}: {out / 'en' / 'politik' / 'politik.po'} is the output of "
            f"{folder / 'politik' / 'politik.txt'}, which is still there: the outputs mirror paths below {folder}, "
            f"not below {sport}; name {folder} or pass --root {folder} (--root {sport} if that is the folder "
            "translate was given)\n")
    monkeypatch.chdir(folder)  # named relatively, the folder to name is said as typed
    assert "name . or pass --root ." in run("prune", "sport", "--out", out).err
    (sport / "sport.txt").rename(sport / "sport-neu.txt")
    pruned = run("prune", sport, "--root", folder, "--out", out, "--delete", "--json")
    assert pruned.code == 0, pruned.err
    assert json.loads(pruned.out)["removed"] == [str(out / "en" / "sport" / name) for name in ("sport.po", "sport.txt")]
    assert _outputs(out) == ["en/politik/politik.po", "en/politik/politik.txt"]


def test_translate_of_a_subfolder_warns_once_instead_of_listing_every_output_as_orphaned(run, tmp_path):
    folder, out = _sections(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    sport = folder / "sport"
    (sport / "neu.txt").write_text("Neu\n\nDer Minister trifft den Präsidenten.\n")
    result = run("translate", sport, "--to", "en", "--out", out, "--json", *PSEUDO)
    summary = json.loads(result.out)
    assert summary["orphans"] == []
    assert [line for line in summary["warnings"] if "still there" in line] == [
        f"{sport}: {out / 'en' / 'politik' / 'politik.po'} is the output of {folder / 'politik' / 'politik.txt'}, "
        f"which is still there: the outputs mirror paths below {folder}, not below {sport}; name {folder} or pass "
        f"--root {folder} (--root {sport} if that is the folder translate was given)"]
    assert [f["path"] for f in summary["failed"]] == [str(sport / "sport.txt")]  # its PO file is en/sport/sport.po


# ---- an article renamed and edited at once: its changed sentences get the editor's work -----

EDITED = "Der Präsident zahlte 312 Euro für das Treffen in Berlin-Mitte."
REVIEWED = "The president paid 312 euros for the meeting in Berlin."


def _reviewed_then_edited(run, folder: Path, out: Path, edited: str, renamed: bool = False) -> tuple[Path, Result]:
    """Translate, review (SENTENCE as REVIEWED), then change SENTENCE to `edited` (and rename the
    article), translate again: the article and the second run's result (--json)."""
    folder.mkdir()
    story = folder / "story.txt"
    story.write_text(ARTICLE)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    _review_all(out / "en" / "story.po", {SENTENCE: REVIEWED})
    story.write_text(ARTICLE.replace(SENTENCE, edited))
    if renamed:
        story = story.rename(folder / "story-neu.txt")
    result = run("translate", folder, "--to", "en", "--out", out, "--json", *PSEUDO)
    assert result.code == 0, result.err
    return story, result


def _edited_entries(run, tmp_path: Path, renamed: bool) -> dict[str, polib.POEntry]:
    """The entries of the article's PO file after _reviewed_then_edited (EDITED)."""
    folder, out = tmp_path / ("renamed" if renamed else "in-place"), tmp_path / ("loc-r" if renamed else "loc-i")
    story, _ = _reviewed_then_edited(run, folder, out, EDITED, renamed)
    return {e.msgid: e for e in entries(out / "en" / story.with_suffix(".po").name)}


def test_an_article_renamed_and_edited_offers_the_editors_work_as_an_edit_in_place_does(run, tmp_path):
    in_place, renamed = _edited_entries(run, tmp_path, False), _edited_entries(run, tmp_path, True)
    edited = renamed[EDITED]
    assert (edited.msgstr, edited.fuzzy, edited.previous_msgid, edited.tcomment) == (
        REVIEWED, True, SENTENCE, "checked by the desk")
    assert [(e.msgid, e.msgstr, e.flags, e.previous_msgid, e.tcomment) for e in renamed.values()] == [
        (e.msgid, e.msgstr, e.flags, e.previous_msgid, e.tcomment) for e in in_place.values()]


@pytest.mark.parametrize("corrected", [
    "Der Präsident zahlte 412 Euro für das Treffen in Berlin.",  # a number corrected
    "Der Präsident zahlte 312 Euro für das Treffen in Wien.",  # a place corrected
])
def test_an_edit_that_corrects_a_number_or_a_name_the_editors_translation_holds_is_translated_anew(
        run, tmp_path, corrected):
    """A new user corrected "in Berlin" to "in Wien": the sentence, 80% similar, started from
    the editor's translation of the old one, so `translate` wrote "in Berlin" into the English
    article and counted it as reused; the model was never asked. The editor's translation stays,
    reviewed, in the obsolete entry (and the memory), as for any edit too far to start from."""
    out = tmp_path / "loc"
    _, result = _reviewed_then_edited(run, tmp_path / "in", out, corrected)
    assert json.loads(result.out)["sentences_translated"] == 1
    catalog = polib.pofile(str(out / "en" / "story.po"))
    edited = catalog.find(corrected)
    assert (edited.fuzzy, edited.previous_msgid, edited.tcomment) == (True, SENTENCE, "checked by the desk")
    assert edited.msgstr and edited.msgstr != REVIEWED
    old = catalog.find(SENTENCE, include_obsolete_entries=True)
    assert (old.obsolete, old.msgstr, old.fuzzy) == (True, REVIEWED, False)
    assert REVIEWED not in (out / "en" / "story.txt").read_text()


@pytest.mark.parametrize(("old_source", "new_source", "translation", "stale"), [
    ("Er zahlte 312 Euro in Berlin.", "Er zahlte 412 Euro in Wien.", "He paid 312 euros in Berlin.", {"312", "Berlin"}),
    ("Er kam nach Berlin.", "Er kam nach Berlin-Mitte.", "He came to Berlin.", set()),  # refined, not corrected
    ("Er traf den Ministr.", "Er traf den Minister.", "He met the minister.", set()),  # a typo the editor did not copy
    # a link's new target is written into the editor's words (with_current_markup), not a fact
    ('Er kam <a href="/a?t=1">heute</a>.', 'Er kam <a href="/a?t=2">gestern</a>.',
     'He came <a href="/a?t=1">today</a>.', set()),
])
def test_stale_facts_are_the_numbers_and_names_the_edit_took_out_that_the_translation_holds(
        old_source, new_source, translation, stale):
    from uebersetzer.catalog.merge import stale_facts

    assert stale_facts(old_source, new_source, translation) == stale


# ---- a model upgraded: its older drafts are redone, editors' work is not ---------------------

def test_drafts_of_an_older_model_are_translated_again_and_editors_work_is_kept(run, tmp_path, monkeypatch):
    from uebersetzer.engines.pseudo import PseudoEngine

    folder, out = tmp_path / "in", tmp_path / "loc"
    folder.mkdir()
    (folder / "story.txt").write_text(ARTICLE + "\nDie Zeitung lobt den Bericht. Der Minister trifft den "
                                      "Präsidenten.\n")
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    catalog = out / "en" / "story.po"
    po = polib.pofile(str(catalog))
    by_msgid = {entry.msgid: entry for entry in po}
    by_msgid[SENTENCE].flags.remove("fuzzy")  # reviewed as the machine wrote it
    by_msgid["Die Zeitung lobt den Bericht."].msgstr = "The paper praises the report."  # an editor's draft, fuzzy
    po.save()
    drafts = {"Gipfel in Berlin", "Der Minister trifft den Präsidenten."}  # untouched machine drafts
    monkeypatch.setattr(PseudoEngine, "model_version", lambda self, source, target: "pseudo-2")
    monkeypatch.setattr(PseudoEngine, "translate", lambda self, sentences, source, target: [
        f"NEW {sentence}" for sentence in sentences])
    result = run("translate", folder, "--to", "en", "--out", out, "--json", *PSEUDO)
    assert result.code == 0, result.err
    summary = json.loads(result.out)
    assert (summary["sentences_translated"], summary["sentences_reused"]) == (2, 2)
    after = {entry.msgid: entry for entry in entries(catalog)}
    assert {msgid for msgid, entry in after.items() if entry.msgstr.startswith("NEW ")} == drafts
    assert all(after[msgid].fuzzy for msgid in drafts)
    assert (after[SENTENCE].msgstr, after[SENTENCE].fuzzy) == (by_msgid[SENTENCE].msgstr, False)
    editors = after["Die Zeitung lobt den Bericht."]
    assert (editors.msgstr, editors.fuzzy) == ("The paper praises the report.", True)
    again = json.loads(run("translate", folder, "--to", "en", "--out", out, "--json", *PSEUDO).out)
    assert again["sentences_translated"] == 0  # the new model's drafts are its own


def test_a_namesake_above_the_folder_is_taken_for_the_article_until_root_says_otherwise(run, tmp_path):
    folder, out = _newsroom(tmp_path)
    assert run("translate", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    (folder / "other.txt").unlink()
    (tmp_path / "other.txt").write_text("Eine andere Datei gleichen Namens.\n")  # beside the folder, not in it
    refused = run("prune", folder, "--out", out, "--delete")
    assert refused.code == 2 and f"(--root {folder} if that is the folder translate was given)" in refused.err
    assert len(_outputs(out)) == 4
    pruned = run("prune", folder, "--root", folder, "--out", out, "--delete", "--json")
    assert pruned.code == 0, pruned.err
    assert json.loads(pruned.out)["removed"] == [str(out / "en" / "other.po"), str(out / "en" / "other.txt")]


def test_a_second_article_of_the_same_name_does_not_take_over_a_po_file_in_a_run_of_its_own(run, tmp_path):
    """story.txt translated and reviewed; then story.md (another article, both make story.po),
    named in a run of its own, took the PO file over: the editor's entries became obsolete.
    Once story.txt is gone, story.md is its renamed self and takes the file over as before."""
    folder, out = tmp_path / "in", tmp_path / "loc"
    folder.mkdir()
    (folder / "story.txt").write_text(ARTICLE)
    assert run("translate", folder / "story.txt", "--root", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    _review_all(out / "en" / "story.po", {SENTENCE: "The desk's own words."})
    before = (out / "en" / "story.po").read_bytes()
    (folder / "story.md").write_text("Protest in Wien\n\nDer Protest begann gegen 11 Uhr.\n")
    result = run("translate", folder / "story.md", "--root", folder, "--to", "en", "--out", out, "--json", *PSEUDO)
    assert result.code == 1
    assert "story.md: its outputs would overwrite those of" in result.err and "rename one of them" in result.err
    assert [failed["target"] for failed in json.loads(result.out)["failed"]] == ["en"]  # the refusal is per PO file
    assert (out / "en" / "story.po").read_bytes() == before  # the editor's file as it was
    (folder / "story.txt").unlink()  # now story.md is story.txt renamed
    assert run("translate", folder / "story.md", "--root", folder, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    assert "Project-Id-Version: story.md" in (out / "en" / "story.po").read_text()
