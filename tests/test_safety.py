"""Writes are atomic and runs exclusive: SIGKILL at random moments, two runs at once."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from tests.conftest import EXAMPLES, msgfmt_check
from uebersetzer.catalog import merge as po

ARTICLES = 60


def make_corpus(folder: Path, version: int) -> None:
    base = (EXAMPLES / "gipfel.de.txt").read_text()
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(ARTICLES):
        text = base.replace("Neue Gespräche in Genf", f"Neue Gespräche in Genf, Teil {number}")
        if version == 2:
            text = text.replace("Der Präsident trifft den Minister in Berlin.",
                                f"Der Präsident trifft den Minister in Berlin, Runde {number}.")
        (folder / f"artikel-{number:02}.txt").write_text(text)


def command(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "uebersetzer", "translate", str(corpus), "--to", "en,fr", "--engine", "pseudo",
            "--out", str(out), "--glossary", str(EXAMPLES.parent / "glossary"), "--quiet"]


def snapshot(out: Path) -> dict[str, str]:
    """Every output file's content; PO files without their dates."""
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix in (".po", ".txt"):
            text = path.read_text(encoding="utf-8")
            files[str(path.relative_to(out))] = po.without_dates(text) if path.suffix == ".po" else text
    return files


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """The outputs after version 1, and after version 2 run to completion on top of them."""
    root = tmp_path_factory.mktemp("safety")
    corpus = root / "corpus"
    make_corpus(corpus, 1)
    before = root / "before"
    subprocess.run(command(corpus, before), check=True)
    make_corpus(corpus, 2)
    after = root / "after"
    shutil.copytree(before, after)
    started = time.monotonic()
    subprocess.run(command(corpus, after), check=True)
    return corpus, before, snapshot(before), snapshot(after), time.monotonic() - started


def test_sigkill_at_random_moments_leaves_every_file_old_or_new(states, tmp_path):
    corpus, before, old, new, duration = states
    assert old.keys() == new.keys() and old != new and len(new) == ARTICLES * 4
    rng = random.Random(7)
    for attempt in range(6):
        out = tmp_path / f"run-{attempt}"
        shutil.copytree(before, out)
        process = subprocess.Popen(command(corpus, out))
        time.sleep(rng.uniform(0.05, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = snapshot(out)
        assert now.keys() == new.keys()
        for name, content in now.items():
            assert content in (old[name], new[name]), f"{name} is neither before nor after (kill {attempt})"
            if name.endswith(".po"):
                polib.pofile(str(out / name))
                msgfmt_check(out / name)
        subprocess.run(command(corpus, out), check=True)  # and the next run completes the work
        assert snapshot(out) == new
        assert not list(out.rglob("*.tmp")) and not list(out.rglob("*.uebersetzer-tmp"))


def test_two_runs_at_once_do_not_corrupt_each_other(states, tmp_path):
    corpus, before, _, new, _ = states
    out = tmp_path / "shared"
    shutil.copytree(before, out)
    first = subprocess.Popen(command(corpus, out), stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command(corpus, out), stderr=subprocess.PIPE, text=True)
    results = [first.communicate(), second.communicate()]
    assert (first.returncode, second.returncode) == (0, 0), results
    assert snapshot(out) == new
    waited = [err for _, err in results if "another uebersetzer run is writing here" in err]
    assert len(waited) <= 1
