"""A localized article changed by hand is replaced by the next translate or build (the PO file is
the truth), but not without a word, and never lost: the run keeps a copy under the output
folder's `.uebersetzer/hand-edited/` and warns, naming the file, the copy and the PO file the fix
belongs in (hand_edits.py)."""

from __future__ import annotations

import json
from pathlib import Path

ARTICLE = "Gipfel in Berlin\n\nDer Präsident trifft den Minister in Berlin.\n\nDie Regierung kritisiert die Sanktionen.\n"


def translate(run, *more: str) -> dict:
    result = run("translate", "a.txt", "--to", "en", "--engine", "pseudo", "--from", "de", "--json", *more)
    assert result.code == 0, result.err
    return json.loads(result.out)


def edited_warnings(summary: dict) -> list[str]:
    return [line for line in summary["warnings"] if "changed since uebersetzer wrote it" in line]


def kept_copies(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "locales" / ".uebersetzer" / "hand-edited").rglob("a.txt.*"))


def test_a_hand_edit_is_kept_and_said_when_translate_or_build_replaces_it(run, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    translate(run)
    localized = tmp_path / "locales" / "en" / "a.txt"
    written = localized.read_text(encoding="utf-8")
    assert edited_warnings(translate(run)) == []  # nothing changed: nothing to say
    localized.write_text(written.replace("Ɓééŕļííñ", "Berlin (fixed by hand)", 1), encoding="utf-8")
    [line] = edited_warnings(translate(run))
    [copy] = kept_copies(tmp_path)
    assert line.startswith(f"{Path('locales/en/a.txt')}: ") and str(Path("locales/en/a.po")) in line and str(copy.relative_to(tmp_path)) in line
    assert "fixed by hand" in copy.read_text(encoding="utf-8")  # the editor's version, whole
    assert localized.read_text(encoding="utf-8") == written  # rebuilt from the PO file, as ever
    localized.write_text("edited again\n", encoding="utf-8")
    built = run("build", "a.txt", "--to", "en", "--json")
    assert built.code == 0 and len(edited_warnings(json.loads(built.out))) == 1
    assert [path.read_text(encoding="utf-8") for path in kept_copies(tmp_path)][1:] == ["edited again\n"]
    assert localized.read_text(encoding="utf-8") == written


def test_no_warning_without_a_record_or_when_the_edit_is_what_the_run_writes(run, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    localized = tmp_path / "locales" / "en" / "a.txt"
    localized.parent.mkdir(parents=True)
    localized.write_text("written by another tool\n", encoding="utf-8")  # no run recorded it: not judged
    assert edited_warnings(translate(run)) == []
    written = localized.read_text(encoding="utf-8")
    localized.write_text(written + "\n", encoding="utf-8")
    localized.write_text(written, encoding="utf-8")  # saved again, the same text
    assert edited_warnings(translate(run)) == [] and kept_copies(tmp_path) == []


def test_an_article_copied_into_its_own_language_is_guarded_too(run, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("translate", "a.txt", "--to", "de", "--from", "de", "--json")
    assert result.code == 0, result.err
    copied = tmp_path / "locales" / "de" / "a.txt"
    copied.write_text("Gipfel in Bonn\n", encoding="utf-8")
    again = json.loads(run("translate", "a.txt", "--to", "de", "--from", "de", "--json").out)
    [line] = edited_warnings(again)
    assert "copied from its source" in line and copied.read_text(encoding="utf-8") == ARTICLE
    assert [path.read_text(encoding="utf-8") for path in kept_copies(tmp_path)] == ["Gipfel in Bonn\n"]


def test_the_kept_copy_is_named_as_the_readme_shows(run, tmp_path):
    """README ("Hand edits to a localized article") shows the copy's name, stamp and all: the
    real one has its shape (it showed seconds; the stamp goes to the microsecond)."""
    import re

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    [shown] = re.findall(r"hand-edited/en/gipfel\.de\.txt\.(\w+):", readme)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    translate(run)
    (tmp_path / "locales" / "en" / "a.txt").write_text("fixed by hand\n", encoding="utf-8")
    translate(run)
    [copy] = kept_copies(tmp_path)
    stamp = copy.name.removeprefix("a.txt.")
    assert re.sub(r"\d", "0", stamp) == re.sub(r"\d", "0", shown), (stamp, shown)
