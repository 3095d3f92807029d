"""`--json` for automation: every exit path of every command prints exactly one JSON value on
stdout (an error is `{"status", "error", "code"}`), a field has one type wherever it appears,
and the outputs say per article and language whether each file was written."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ARTICLE = "Gipfel in Berlin\n\nDer Präsident trifft den Minister in Berlin. Die Regierung tagt am Montag.\n"


def _article(tmp_path: Path, name: str = "a.txt", text: str = ARTICLE) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _translate(run, *extra: str):
    return run("translate", "in", "--to", "en", "--from", "de", "--engine", "pseudo", "--out", "out", "--json", *extra)


def _one_object(out: str) -> dict:
    value = json.loads(out)  # a second value after the first fails here ("Extra data")
    assert isinstance(value, dict), out
    return value


@pytest.mark.parametrize("args", [
    ("translate", "nope.txt", "--to", "en"),  # a missing path
    ("translate", "in", "--to", "xx"),  # an unknown language
    ("translate", "in", "--to", "en", "--beam-size", "99"),  # a bad option value
    ("translate", "in", "--to", "en", "--no-such-option"),
    ("translate", "in"),  # --to missing
    ("build", "in", "--to", "en", "--out", "nowhere"),
    ("tm", "export", "x.tmx", "--out", "nowhere"),
    ("qa", "nope"),
])
def test_a_refused_invocation_prints_one_error_object_with_its_exit_code(run, tmp_path: Path, args) -> None:
    _article(tmp_path)
    result = run(*args, "--json")
    assert result.code == 2, result.err
    error = _one_object(result.out)
    assert error["status"] == "error" and error["code"] == 2 and error["error"], error
    assert error["error"] in result.err  # the same words as the line on stderr


def test_models_available_offline_is_an_error_object(run, monkeypatch) -> None:
    monkeypatch.setattr("uebersetzer.downloads.RETRY_PAUSE", 0.01)
    result = run("models", "available", "--index", "http://127.0.0.1:9/index", "--json")
    assert result.code == 1
    error = _one_object(result.out)
    assert (error["status"], error["code"]) == ("error", 1) and "cannot" in error["error"]


def test_a_refused_build_reviewed_only_prints_its_summary_and_the_entries_it_waits_for(run, tmp_path: Path) -> None:
    _article(tmp_path)
    assert _translate(run).code == 0
    result = run("build", "in", "--to", "en", "--from", "de", "--out", "out", "--reviewed-only", "--json")
    assert result.code == 1
    refused = _one_object(result.out)
    assert (refused["status"], refused["code"]) == ("refused", 1)
    assert "held back" in refused["error"]
    assert [(entry["state"], entry["msgid"]) for entry in refused["unreviewed"]] == [
        ("fuzzy", "Gipfel in Berlin"), ("fuzzy", "Der Präsident trifft den Minister in Berlin."),
        ("fuzzy", "Die Regierung tagt am Montag.")]
    assert all(entry["path"] == "out/en/a.po" and entry["line"] > 0 for entry in refused["unreviewed"])


def test_a_refused_build_reviewed_only_still_builds_the_reviewed_articles_and_lists_them(run, tmp_path: Path) -> None:
    """`refused` holds back the unreviewed articles only: the reviewed ones are written, and
    the summary lists them as a successful build's does (README: "Machine-readable output")."""
    _article(tmp_path, "a.txt")
    _article(tmp_path, "b.txt", ARTICLE.replace("Montag", "Dienstag"))
    assert _translate(run).code == 0
    catalog = polib.pofile(str(tmp_path / "out" / "en" / "b.po"))
    for entry in catalog:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()
    for written in (tmp_path / "out" / "en").glob("*.txt"):
        written.unlink()
    result = run("build", "in", "--to", "en", "--from", "de", "--out", "out", "--reviewed-only", "--json")
    refused = _one_object(result.out)
    assert (refused["status"], result.code) == ("refused", 1)
    assert refused["error"].endswith("1 localized article held back, 1 built")
    assert [(f["article"], f["kind"], f["written"]) for f in refused["files"]] == [("in/b.txt", "article", True)]
    assert sorted(p.name for p in (tmp_path / "out" / "en").glob("*.txt")) == ["b.txt"]


def test_outputs_say_per_article_and_target_which_files_were_written(run, tmp_path: Path) -> None:
    _article(tmp_path, "a.txt")
    _article(tmp_path, "b.txt", ARTICLE.replace("Montag", "Dienstag"))
    first = _one_object(_translate(run, "--to", "en,fr").out)
    assert first["status"] == "ok" and first["code"] == 0
    assert {(f["article"], f["target"], f["kind"], f["written"]) for f in first["files"]} == {
        (article, target, kind, True) for article in ("in/a.txt", "in/b.txt") for target in ("en", "fr")
        for kind in ("article", "catalog")}
    assert first["outputs"] == [f["path"] for f in first["files"]]  # the flat list stays, in the same order
    unchanged = _one_object(_translate(run, "--to", "en,fr").out)
    assert len(unchanged["files"]) == 8 and not any(f["written"] for f in unchanged["files"])
    _article(tmp_path, "b.txt", ARTICLE.replace("Montag", "Freitag"))
    changed = _one_object(_translate(run, "--to", "en,fr").out)
    assert {(f["article"], f["target"]) for f in changed["files"] if f["written"]} == {
        ("in/b.txt", "en"), ("in/b.txt", "fr")}
    built = _one_object(run("build", "in", "--to", "en", "--from", "de", "--out", "out", "--json").out)
    assert [(f["article"], f["kind"], f["written"]) for f in built["files"]] == [
        ("in/a.txt", "article", False), ("in/b.txt", "article", False)]


def test_a_refused_build_counts_what_it_holds_back_per_article_and_language(run, tmp_path: Path) -> None:
    """Two articles, two languages, one reviewed in one language: 3 localized articles held back
    and 1 built (the count said "3 articles held back" of 2 articles)."""
    _article(tmp_path, "a.txt")
    _article(tmp_path, "b.txt", ARTICLE.replace("Montag", "Dienstag"))
    assert _translate(run, "--to", "en,fr").code == 0
    catalog = polib.pofile(str(tmp_path / "out" / "en" / "b.po"))
    for entry in catalog:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()
    result = run("build", "in", "--to", "en,fr", "--from", "de", "--out", "out", "--reviewed-only", "--json")
    refused = _one_object(result.out)
    assert refused["error"].endswith("; 3 localized articles held back, 1 built"), refused["error"]
    assert len({entry["path"] for entry in refused["unreviewed"]}) == 3 and len(refused["files"]) == 1


def test_a_field_has_one_type_in_every_summary(run, tmp_path: Path) -> None:
    _article(tmp_path, "a.txt")
    _article(tmp_path, "leer.txt", "")  # fails for every language
    _article(tmp_path, "en.txt", "The president meets the minister in Berlin on Monday.\n")  # copied
    translated = run("translate", "in", "--to", "en", "--engine", "pseudo", "--out", "out", "--json")
    assert translated.code == 1
    summary = _one_object(translated.out)
    assert (summary["status"], summary["code"]) == ("failed", 1)
    assert summary["failed"] == [{"path": "in/leer.txt", "target": None,
                                  "reason": "in/leer.txt: empty article; nothing to translate"}]
    assert [sorted(copied) for copied in summary["copied"]] == [["path", "reason", "target"]]
    built = _one_object(run("build", "in", "--to", "en", "--out", "out", "--json").out)
    assert summary.keys() == built.keys()
    for key, value in summary.items():
        assert type(built[key]) is type(value), key  # glossary: "" in both, never null
    assert built["glossary"] == summary["glossary"] == ""
    for entry in summary["failed"] + summary["copied"] + built["failed"]:
        assert set(entry) == ({"path", "target", "reason"}), entry


def test_detect_rounds_confidences_as_every_json_output_does(run, tmp_path: Path) -> None:
    mixed = "Gipfel in Berlin\n\n" + "Der Präsident trifft den Minister in Berlin. " * 3 + "\n\n" + \
        "The president meets the minister in Berlin and they talk about the summit for a long time.\n"
    path = _article(tmp_path, "m.txt", mixed)
    [found] = json.loads(run("detect", path, "--json").out)
    confidences = [found["confidence"]] + [block["confidence"] for block in found["blocks"]]
    assert found["blocks"], found  # the English paragraph
    for confidence in confidences:
        assert confidence == round(confidence, 4)


def test_a_command_that_prints_text_prints_an_object_under_json(run, tmp_path: Path) -> None:
    _article(tmp_path)
    assert _translate(run).code == 0
    exported = _one_object(run("tm", "export", "m.tmx", "--out", "out", "--json").out)
    assert (exported["status"], exported["file"]) == ("ok", "m.tmx") and exported["units"] > 0
    imported = _one_object(run("tm", "import", "m.tmx", "--out", "out", "--json").out)
    assert imported["units"] == exported["units"]
    extracted = run("glossary", "extract", "in", "--min-count", "1", "--json")
    assert extracted.code == 0
    assert "Berlin" in [candidate["source"] for candidate in _one_object(extracted.out)["candidates"]]


COMMANDS = [("translate",), ("build",), ("detect",), ("qa",), ("glossary", "extract"), ("glossary", "check"),
            ("tm", "export"), ("tm", "import"), ("models", "list"), ("models", "remove"), ("models", "install"),
            ("prune",)]
WORDS = ["in", "nope.txt", "--delete", "--root",
         "in/a.txt", "--to", "en", "xx", "", "--from", "de", "zz", "--out", "out", "--bogus",
         "--beam-size", "0", "99", "--threads", "-1", "--engine", "pseudo", "none", "--tm", "in", "--file",
         "--reviewed-only", "--min-count", "abc", "--glossary", "nope", "x.tmx", "--executor", "ray", "--workers", "2",
         "--device", "tpu", "--compute-type", "int3", "--index", "ftp://x", "-q"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(COMMANDS), words=st.lists(st.sampled_from(WORDS), max_size=6))
def test_any_invocation_with_json_prints_exactly_one_json_value(run, tmp_path: Path, monkeypatch, command,
                                                               words) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))  # `models remove de en` removes nothing real
    monkeypatch.setattr("uebersetzer.downloads.RETRY_PAUSE", 0.01)
    if not (tmp_path / "in").exists():
        _article(tmp_path)
    if command == ("models", "install") and "--index" not in words:
        words = [*words, "--index", "http://127.0.0.1:9/index"]  # never the real index
    result = run(*command, *words, "--json")
    value = json.loads(result.out)  # one value, whatever happened
    if isinstance(value, dict):
        assert value.get("code", result.code) == result.code, (value, result.code)
        if result.code:
            assert value["status"] != "ok" and (value.get("error") or value.get("failed") or value.get("terms")), value
    else:  # detect, qa and models list print a list, as they always did
        assert command in (("detect",), ("qa",), ("models", "list")), result.out
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err


# -- standard output that cannot take what is printed ----------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system (it stands for a full disk)")
@pytest.mark.parametrize(("command", "stdout"), [
    (("translate", "in", "--to", "en", "--engine", "pseudo", "--out", "out", "--json"), "full"),
    (("translate", "in", "--to", "en", "--engine", "pseudo", "--out", "out", "--json"), "closed"),
    (("models", "list"), "closed"),  # a command that prints lines, not JSON
], ids=["translate-json-full", "translate-json-closed", "models-list-closed"])
def test_output_that_cannot_be_printed_is_one_line_naming_standard_output(tmp_path: Path, monkeypatch, command,
                                                                          stdout):
    """`> /dev/full` printed a chained traceback (translate --json) or a line that did not say it
    was standard output that failed; `>&-` exited 0 with no JSON delivered."""
    import os
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    _article(tmp_path)
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "uebersetzer", *command], stderr=subprocess.PIPE, text=True,
                                stdout=full if stdout == "full" else None,
                                preexec_fn=(lambda: os.close(1)) if stdout == "closed" else None)
    reason = "No space left on device" if stdout == "full" else "it is closed"
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1:] == [f"uebersetzer: error: cannot write to standard output ({reason}); "
                                               "what the command printed there was lost"], result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("error:") == 1


# -- what a library prints while the command runs never reaches a stdout that is the result ------

# A run whose translate stage prints as a library does: to descriptor 1 itself (native code:
# CTranslate2, Ray's core and the processes it starts) and to sys.stdout from a thread of its
# own (Ray's driver announces a dead worker so, as `(raylet) ...` lines).
NOISY_RUN = """
import os, sys, threading
from uebersetzer import pipeline
from uebersetzer.cli import main

translate_articles = pipeline.translate_articles

def noisy(*args, **kwargs):
    os.write(1, b"(native) written to descriptor 1\\n")
    thread = threading.Thread(target=print, args=("(raylet) A worker died or was killed",))
    thread.start()
    thread.join()
    return translate_articles(*args, **kwargs)

pipeline.translate_articles = noisy
sys.argv = ["uebersetzer", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("result", ["--json", "--stdout"])
def test_what_a_library_prints_during_a_run_goes_to_stderr_not_into_the_result(tmp_path: Path, result) -> None:
    """With a worker killed, Ray's `(raylet) ...` lines came first on stdout, before the JSON (or
    the article), and the run still exited 0."""
    import os
    import subprocess
    import sys

    article = _article(tmp_path)
    run = subprocess.run([sys.executable, "-c", NOISY_RUN, "translate", str(article), "--to", "en", "--from", "de",
                          "--engine", "pseudo", "--out", "out", result], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}, timeout=120)
    assert run.returncode == 0, run.stderr
    if result == "--json":
        assert _one_object(run.stdout)["articles"] == 1
    else:
        assert run.stdout == (tmp_path / "out" / "en" / "a.txt").read_text(encoding="utf-8")
    assert "(native) written to descriptor 1" in run.stderr and "(raylet) A worker died" in run.stderr


# -- qa: a PO file it could not read is in the JSON too ---------------------------------------


@pytest.mark.broken_po
def test_qa_json_carries_each_unreadable_po_file_with_its_error(run, tmp_path: Path) -> None:
    """`qa . --json` whose only PO file was broken printed [] with exit 1: a consumer read "no
    problems". Each unreadable file is an entry of its own, kind `unreadable`, with its error."""
    folder = tmp_path / "locales" / "en"
    folder.mkdir(parents=True)
    (folder / "bom.po").write_bytes(b'\xef\xbb\xbfmsgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\n')
    (folder / "cut.po").write_text('msgid "a\nmsgstr', encoding="utf-8")
    result = run("qa", "locales", "--json")
    assert result.code == 1
    found = json.loads(result.out)
    assert [(entry["file"], entry["kinds"]) for entry in found] == [
        (str(Path("locales/en/bom.po")), ["unreadable"]), (str(Path("locales/en/cut.po")), ["unreadable"])]
    assert "byte-order mark" in found[0]["messages"][0] and found[0]["line"] == 1
    assert set(found[0]) == {"file", "line", "msgid", "msgstr", "kinds", "messages"}  # the shape of every entry


def test_the_human_article_count_is_jsons_articles_plus_unread(run, tmp_path: Path) -> None:
    """As the README says: the human line counts every article named, JSON's `articles` those
    read and `unread` those that failed before they could be read."""
    _article(tmp_path, "a.txt")
    _article(tmp_path, "b.txt", ARTICLE.replace("Montag", "Freitag"))
    _article(tmp_path, "leer.txt", "")  # unread: empty
    _article(tmp_path, "zahlen.txt", "2026 12 31\n")  # unread: no words to tell its language by
    summary = _one_object(run("translate", "in", "--to", "en", "--engine", "pseudo", "--out", "out", "--json").out)
    assert (summary["articles"], summary["unread"]) == (2, 2)
    human = run("translate", "in", "--to", "en", "--engine", "pseudo", "--out", "out")
    assert human.code == 1 and human.out.startswith("4 articles, "), human.out


def test_the_json_value_is_pretty_printed_as_the_readme_says(run, tmp_path: Path) -> None:
    """README ("JSON output"): one value, indented over many lines, for a JSON parser to read."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n### JSON output\n", 1)[1]
    assert "pretty-printed" in section.split("\n\n", 1)[0] and "never line by line" in section.split("\n\n", 1)[0]
    _article(tmp_path)
    out = _translate(run).out
    assert out.startswith('{\n  "status": "ok",\n') and len(out.splitlines()) > 10
    _one_object(out)
