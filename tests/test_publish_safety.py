"""Wrong text is never published with exit 0 and no word: the ways a new user's try-out found
(a sentence added after the last translate, msgcat's conflict markers, line breaks an editor
added, a bad --tm for review, a glossary extract whose inputs all failed), each replayed
through the real command line and, where they are part of the story, real gettext tools."""

from __future__ import annotations

import json
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
