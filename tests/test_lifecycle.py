"""An article's life in a pipeline: named as a file or in its folder, changed, renamed, moved,
deleted; translated through a pivot language. Its outputs must follow it, nothing an editor
reviewed may come back un-reviewed, and nothing is left behind unsaid."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from tests.conftest import entries

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
