"""The PO header an editor (or their tool) set survives a translate run, as msgmerge keeps a
PO file's header: Plural-Forms above all, which the plural entries they added depend on
(`msgfmt -c` checks each one's msgstr[N] against it)."""

from __future__ import annotations

from pathlib import Path

import polib

from tests.conftest import msgfmt_check

ARTICLE = "Gipfel in Paris\n\nDer Präsident trifft den Minister in Paris.\n"
PSEUDO = ("--from", "de", "--engine", "pseudo")
THREE_FORMS = "nplurals=3; plural=(n==0 ? 0 : n==1 ? 1 : 2);"
EDITORS = {"Plural-Forms": THREE_FORMS, "Language-Team": "Desk FR <fr@desk.example>",
           "Last-Translator": "Anne Editor <anne@desk.example>", "Report-Msgid-Bugs-To": "desk@desk.example",
           "X-Poedit-Bookmarks": "-1,-1"}


def _editor_saves_header_and_plural(catalog_path: Path) -> None:
    catalog = polib.pofile(str(catalog_path))
    catalog.metadata.update(EDITORS)
    catalog.append(polib.POEntry(msgid="%d comment", msgid_plural="%d comments", flags=["c-format"],
                                 msgstr_plural={0: "aucun commentaire", 1: "%d commentaire", 2: "%d commentaires"}))
    for entry in catalog:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()


def test_an_editors_plural_forms_and_team_survive_an_update_and_pass_msgfmt_check(run, tmp_path):
    story, out = tmp_path / "in" / "story.txt", tmp_path / "loc"
    story.parent.mkdir()
    story.write_text(ARTICLE)
    assert run("translate", story.parent, "--to", "fr", "--out", out, "-q", *PSEUDO).code == 0
    catalog = out / "fr" / "story.po"
    _editor_saves_header_and_plural(catalog)
    msgfmt_check(catalog)
    story.write_text(ARTICLE.replace("in Paris.", "in Paris am Montag."))
    result = run("translate", story.parent, "--to", "fr", "--out", out, "-q", *PSEUDO)
    assert result.code == 0, result.err
    updated = polib.pofile(str(catalog))
    assert {name: updated.metadata.get(name) for name in EDITORS} == EDITORS
    assert (updated.metadata["Language"], updated.metadata["X-Generator"].split()[0]) == ("fr", "uebersetzer")
    plural = next(entry for entry in updated if entry.msgid_plural)
    assert plural.msgstr_plural == {0: "aucun commentaire", 1: "%d commentaire", 2: "%d commentaires"}
    msgfmt_check(catalog)


def test_a_po_file_rewritten_for_a_changed_source_carries_this_runs_dates(run, tmp_path):
    """The dates are written only when something else changed, and then they are the run's: the
    run's header fields were the existing file's ones first (one dict), so every PO file kept
    the dates of its first run for ever (a new user's try-out: Poedit showed a stale revision)."""
    story, out = tmp_path / "in" / "story.txt", tmp_path / "loc"
    story.parent.mkdir()
    story.write_text(ARTICLE)
    assert run("translate", story.parent, "--to", "fr", "--out", out, "-q", *PSEUDO).code == 0
    catalog = polib.pofile(str(out / "fr" / "story.po"))
    old = "2001-01-01 00:00+0000"
    catalog.metadata.update({"POT-Creation-Date": old, "PO-Revision-Date": old})
    catalog.save()
    assert run("translate", story.parent, "--to", "fr", "--out", out, "-q", *PSEUDO).code == 0
    unchanged = polib.pofile(str(out / "fr" / "story.po")).metadata
    assert (unchanged["POT-Creation-Date"], unchanged["PO-Revision-Date"]) == (old, old)  # nothing else changed
    story.write_text(ARTICLE.replace("in Paris.", "in Paris am Montag."))
    assert run("translate", story.parent, "--to", "fr", "--out", out, "-q", *PSEUDO).code == 0
    changed = polib.pofile(str(out / "fr" / "story.po")).metadata
    assert changed["POT-Creation-Date"] > old and changed["PO-Revision-Date"] > old
