"""Ctrl-C (and SIGTERM) during `translate`: a real run in a subprocess, its engine slowed down
(tests/engines/slow_pseudo.py), interrupted while the engine works. It stops without waiting
for the chunks handed over, keeps every translation the engine finished in the memory,
writes nothing half, and a re-run sends only the rest to the engine."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.engines.slow_pseudo import finished_batches

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 30
SENTENCES = 8  # per article, each unique: 240 for the engine, 30 pieces of 8


def _articles(folder: Path) -> set[str]:
    folder.mkdir()
    sentences = set()
    for number in range(ARTICLES):
        lines = [f"Der Minister {number} trifft den Präsidenten am Tag {day} in Berlin." for day in range(SENTENCES)]
        sentences.update(lines)
        (folder / f"meldung-{number:02}.txt").write_text(f"{lines[0]}\n\n" + " ".join(lines[1:]) + "\n",
                                                         encoding="utf-8")
    return sentences


def _translate(tmp_path: Path, log: Path, seconds: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{ROOT}", "SLOW_PSEUDO_LOG": str(log),
           "SLOW_PSEUDO_SECONDS": str(seconds), "SLOW_PSEUDO_PIECE": "8"}
    return subprocess.Popen([sys.executable, str(ROOT / "tests" / "engines" / "slow_pseudo.py"), "translate", "in",
                             "--to", "en", "--from", "de", "--engine", "pseudo", "--out", "out", "--json"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            # as a terminal's Ctrl-C finds it, whatever started the test run
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _stored(tmp_path: Path) -> set[str]:
    with sqlite3.connect(tmp_path / "out" / ".tm.sqlite") as memory:
        return {row[0] for row in memory.execute("SELECT source FROM units WHERE origin = 'machine'")}


@pytest.mark.parametrize(("signals", "code"), [((signal.SIGINT, signal.SIGINT), 130), ((signal.SIGTERM,), 143)])
def test_an_interrupted_run_stops_keeps_what_the_engine_finished_and_a_rerun_does_the_rest(
        tmp_path: Path, signals: tuple[int, ...], code: int) -> None:
    sentences = _articles(tmp_path / "in")
    log = tmp_path / "engine.log"
    process = _translate(tmp_path, log, seconds=0.03)  # 240 x 0.03 = 7 s of engine time, uninterrupted
    deadline = time.monotonic() + 120
    while len(finished_batches(str(log))) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    logged_before_the_signal = finished_batches(str(log))
    for number in signals:  # twice: the second while the first is being handled
        process.send_signal(number)
        time.sleep(0.05)
    out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert [line for line in err.splitlines() if line.strip()] == [err.strip()], err  # one line
    assert err.startswith("uebersetzer: interrupted; ") and "terminate called" not in err, err
    summary = json.loads(out)
    assert (summary["status"], summary["code"]) == ("interrupted", code)
    done = finished_batches(str(log))
    # it did not wait for the chunks handed over: the engine was stopped well before the end
    assert sum(len(batch) for batch in done) < len(sentences)
    stored = _stored(tmp_path)
    # every batch the engine had finished before the signal is kept, but the last: the engine
    # logs a batch before its piece is handed back, and on a loaded machine the signal can fall
    # between the two (batches logged after the signal, while the process ends, may be lost)
    assert logged_before_the_signal
    for batch in logged_before_the_signal[:-1]:
        assert set(batch) <= stored
    assert not list((tmp_path / "out").rglob("*uebersetzer-tmp"))
    for po in (tmp_path / "out").rglob("*.po"):  # any article written is whole: PO and article
        assert po.with_suffix(".txt").exists()

    rerun_log = tmp_path / "rerun.log"
    rerun = _translate(tmp_path, rerun_log, seconds=0)
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    again = {sentence for batch in finished_batches(str(rerun_log)) for sentence in batch}
    assert not again & stored  # what the interrupted run finished never goes to the engine again
    assert again | stored == sentences
    assert json.loads(out)["sentences_translated"] == len(again)
    assert len(list((tmp_path / "out" / "en").glob("*.txt"))) == ARTICLES


def test_a_run_left_to_finish_gives_back_the_signal_handlers_it_found(run, tmp_path: Path) -> None:
    """A program that calls the CLI in its own process (as the tests do) keeps its own Ctrl-C."""
    (tmp_path / "a.txt").write_text("Der Präsident trifft den Minister in Berlin.\n", encoding="utf-8")
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    assert run("translate", "a.txt", "--to", "en", "--from", "de", "--engine", "pseudo", "-q").code == 0
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def _held_in_import(module: str, arguments: list[str], tmp_path: Path) -> subprocess.Popen:
    """`uebersetzer ARGUMENTS` in a subprocess, returned once it waits in the import of
    `module`: a stand-in of that name, first on its path, that waits two minutes."""
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / f"{module}.py").write_text("import pathlib, time\npathlib.Path(__file__).with_name('loading').touch()\n"
                                       "time.sleep(120)\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(slow), str(ROOT / "src")])}
    process = subprocess.Popen([sys.executable, "-m", "uebersetzer", *arguments], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (slow / "loading").exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    return process


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_while_the_command_line_loads_is_its_one_line_and_exit_code(tmp_path, signum):
    """Loading the CLI's modules takes a few tenths of a second: a Ctrl-C then printed Python's
    traceback of `import click`, and a SIGTERM ended the process without a word (a new user's
    try-out). Here the import of click waits until the signal has come."""
    process = _held_in_import("click", ["translate", "in", "--to", "en", "--json"], tmp_path)
    process.send_signal(signum)
    out, errors = process.communicate(timeout=60)
    assert (process.returncode, errors) == (128 + signum, "uebersetzer: interrupted\n")
    assert json.loads(out) == {"status": "interrupted", "error": "interrupted", "code": 128 + signum}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_signal_while_a_command_works_is_one_line_on_a_stderr_that_is_no_terminal(tmp_path, signum):
    """click printed an empty line before ours (after the `^C` a terminal echoes): in a log
    file, a blank line of its own. Here `detect` waits in its guess of the article's encoding
    (a charset_normalizer that waits), outside translate's own handling of a signal."""
    (tmp_path / "a.txt").write_bytes("Gespräche in Genf\n\nDer Präsident trifft den Minister.\n".encode("cp1252"))
    process = _held_in_import("charset_normalizer", ["detect", "a.txt"], tmp_path)
    process.send_signal(signum)
    out, errors = process.communicate(timeout=60)
    assert (process.returncode, out, errors) == (128 + signum, "", "uebersetzer: interrupted\n")


STOPPED_WHILE_RAY_STARTS = """
import os, signal, sys, threading, time
from uebersetzer import interrupts
from uebersetzer.executors.ray_cluster import _native_stderr_closed

interrupts.stop_on_signals()
inside, release = threading.Event(), threading.Event()


def starting():  # Ray starting a local instance on the engine thread, its C++ core's stderr closed
    with _native_stderr_closed():
        inside.set()
        release.wait()


threading.Thread(target=starting, daemon=True).start()
inside.wait()
try:
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(60)  # the handler runs at the main thread's next instruction
except KeyboardInterrupt:
    print("uebersetzer: interrupted", file=sys.stderr, flush=True)
    os._exit(143)
"""


def test_a_stop_while_ray_starts_on_another_thread_still_says_its_one_line(tmp_path):
    """Ray's start sends the process's stderr (descriptor 2, shared by every thread) to
    /dev/null; a SIGTERM then ended the run with exit 143 and not a word."""
    result = subprocess.run([sys.executable, "-c", STOPPED_WHILE_RAY_STARTS], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert (result.returncode, result.stderr) == (143, "uebersetzer: interrupted\n")
