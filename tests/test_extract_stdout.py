"""`glossary extract --out -` writes the candidates to standard output, as `translate -` reads
standard input (a new user's try-out: it wrote a file named `-`); every other message goes to
stderr, so the YAML on stdout stays whole."""

from __future__ import annotations

import yaml

ARTICLE = ("Trump und Putin sprechen in Helsinki.\n\nTrump traf Putin in Helsinki. Putin sagte, Trump komme "
           "wieder nach Helsinki.\n")


def test_out_dash_is_standard_output_and_no_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00\x00 not text \x00\x81")
    dashed = run("glossary", "extract", "a.txt", "broken.txt", "--out", "-", "--min-count", "1")
    assert not (tmp_path / "-").exists()
    proposed = {row["source"] for row in yaml.safe_load(dashed.out)}
    assert {"Putin", "Helsinki"} <= proposed
    assert "broken.txt" in dashed.err and "broken.txt" not in dashed.out
    assert dashed.code == 1  # the broken article, as without --out
    plain = run("glossary", "extract", "a.txt", "broken.txt", "--min-count", "1")
    assert (plain.out, plain.code) == (dashed.out, dashed.code)


def test_out_dash_with_json_is_refused_in_one_line(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = run("glossary", "extract", "a.txt", "--out", "-", "--json")
    assert result.code == 2
    assert not (tmp_path / "-").exists()
    error = result.err.strip()
    assert "\n" not in error and "--out -" in error and "--json" in error
