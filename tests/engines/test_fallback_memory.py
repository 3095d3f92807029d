"""An engine's note (`#. fallback: ...`) comes back with its translation from the memory.

Through the real argos engine and the naive fixture model, which loses the stand-ins of lines
without a full stop, so their sentences are redone piecewise and carry a fallback note. Every
way a later run takes such a sentence from the memory instead of its PO file must give the
entry the same note and fuzzy flag as the run that made it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from tests.conftest import FIXTURES, entries
from uebersetzer import models
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


def _same_notes_and_flags(first: dict[str, polib.POEntry], po_path: Path) -> None:
    again = {e.msgid: e for e in entries(po_path)}
    assert again.keys() == first.keys()
    assert any(_notes(e) for e in first.values())
    for msgid, entry in first.items():
        assert (_notes(again[msgid]), again[msgid].flags, again[msgid].msgstr) == \
            (_notes(entry), entry.flags, entry.msgstr), msgid


def test_a_deleted_po_file_gets_its_fallback_notes_back_from_the_memory(first_run):
    translate, article, out, first = first_run
    (out / "en" / "besuch.de.po").unlink()
    summary = translate(article)
    assert summary["sentences_translated"] == 0 and summary["sentences_reused"] == len(first)  # all recalled
    _same_notes_and_flags(first, out / "en" / "besuch.de.po")
