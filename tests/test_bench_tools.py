"""The benches' own usability, without running a measurement: the extras they need, the
real-size model's build lock, bench_protection on another package, and the report's table
(try-out y1, items 2-5)."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import pytest

from bench import base_model, bench_protection, bench_translate
from tests.conftest import FIXTURES

import extras  # noqa: E402  (bench/ is on sys.path once the benches are imported, as they import it)

MODELS = FIXTURES / "models"


def test_bench_protection_without_sacrebleu_stops_before_any_work_naming_the_install_command(monkeypatch, capsys):
    monkeypatch.setattr(extras, "BENCH", ("sacrebleu", "sacrebleu_y1_absent"))
    monkeypatch.setattr(sys, "argv", ["bench_protection.py"])
    monkeypatch.setattr("uebersetzer.models.install_file", lambda *args: pytest.fail("installed a package"))
    with pytest.raises(SystemExit) as stopped:
        bench_protection.main()
    assert stopped.value.code == 2
    assert capsys.readouterr().err == ("bench_protection.py (its BLEU figures) needs sacrebleu_y1_absent, which is "
                                       "not installed; install it with: pip install -e '.[bench]'\n")


def test_the_real_size_model_without_its_extra_stops_before_building(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(extras, "BUILD_MODELS", ("transformers_y1_absent", "spacy"))
    monkeypatch.setattr(base_model, "build", lambda *args: pytest.fail("started a build"))
    with pytest.raises(SystemExit) as stopped:
        base_model.base_package(3)
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith("needs transformers_y1_absent, which is not installed; install it with: "
                                            "pip install -e '.[bench,build-models]'\n")


def test_a_second_run_waits_for_the_build_under_way_and_uses_its_package(monkeypatch, tmp_path, capsys):
    """Two `--model base` runs at once built the model twice (~50 minutes each)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(extras, "BUILD_MODELS", ())
    first_building, second_waiting = threading.Event(), threading.Event()
    builds: list[Path] = []

    def stand_in_build(path: Path, steps: int) -> None:
        builds.append(path)
        first_building.set()
        assert second_waiting.wait(60), "the second run did not wait for the lock"
        path.write_bytes(b"package")

    announce = base_model.waiting

    def noted_waiting(lock: Path) -> None:
        announce(lock)
        second_waiting.set()

    monkeypatch.setattr(base_model, "build", stand_in_build)
    monkeypatch.setattr(base_model, "waiting", noted_waiting)
    found: dict[str, Path] = {}
    first = threading.Thread(target=lambda: found.update(first=base_model.base_package(3)))
    first.start()
    assert first_building.wait(60)
    second = threading.Thread(target=lambda: found.update(second=base_model.base_package(3)))
    second.start()
    second.join(120)
    first.join(120)
    path = base_model.package_path(3)
    assert builds == [path] and found == {"first": path, "second": path}
    assert path.read_bytes() == b"package" and path.parent == tmp_path / "uebersetzer" / "bench"
    assert f"another run is building this model ({path}.lock is locked); waiting" in capsys.readouterr().err


def test_the_readme_gives_the_steps_the_real_size_model_trains():
    """README said 191 steps, base_model.py STEPS = 300: both true, once the README says how."""
    readme = " ".join((Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").split())
    pairs = len(base_model.corpus(base_model.STEPS * base_model.BATCH, seed=7))
    assert f"one epoch of the corpus: {base_model.training_steps(pairs)} steps of {base_model.BATCH}" in readme
    assert f"`STEPS = {base_model.STEPS}`" in readme and f"{pairs:,} distinct ones" in readme
    for extra in ("'.[bench]'", "'.[bench,build-models]'"):
        assert f"pip install -e {extra}" in readme


def _protection(monkeypatch, capsys, *args: str) -> tuple[object, str]:
    monkeypatch.setattr(sys, "argv", ["bench_protection.py", *map(str, args)])
    with pytest.raises(SystemExit) as stopped:
        bench_protection.main()
    return stopped.value.code, capsys.readouterr().err


def test_bench_protection_takes_the_packages_pair_and_stops_when_no_held_out_sentence_holds_a_term(
        monkeypatch, capsys):
    """fr_en_bpe ended in `EngineError: no model for de -> en`, de_en's own held-out sentences
    in a ZeroDivisionError (none holds a name of the naive glossary)."""
    monkeypatch.setattr(bench_protection, "measure", lambda *args: pytest.fail("measured nothing"))
    for name, language in (("fr_en_bpe", "fr"), ("de_en", "de")):
        held_out = MODELS / f"{name}.heldout.json"
        code, _ = _protection(monkeypatch, capsys, "--package", MODELS / f"{name}.argosmodel", "--held-out", held_out)
        assert isinstance(code, str) and "\n" not in code
        assert code.startswith(f"{held_out}: none of its 60 {language} sentences holds a term of the naive corpus' "
                               "glossary")
        assert code.endswith("pass --glossary FILE with the terms of these sentences, or --held-out FILE with "
                             "sentences that hold its terms")


def test_bench_protection_refuses_a_glossary_without_forms_in_the_packages_target(monkeypatch, capsys, tmp_path):
    glossary = tmp_path / "g.csv"
    glossary.write_text("source,fr\nministre,ministre\n", encoding="utf-8")
    code, _ = _protection(monkeypatch, capsys, "--package", MODELS / "fr_en_bpe.argosmodel", "--held-out",
                          MODELS / "fr_en_bpe.heldout.json", "--glossary", glossary)
    assert code == (f"{glossary}: no entry has a 'en' form, so no term of it applies to the package's fr -> en; "
                    "pass --glossary FILE with 'en' targets")
    code, _ = _protection(monkeypatch, capsys, "--held-out", tmp_path / "absent.json")
    assert code == f"{tmp_path / 'absent.json'}: cannot read the held-out sentences: No such file or directory"


def test_a_measurement_in_another_pair_counts_the_sentences_its_fallback_rate_is_a_share_of(tmp_path):
    """`"sentences": 200` beside a fallback_rate over the 160 that hold a term, a count the JSON did not give."""
    from uebersetzer import models
    from uebersetzer.engines.argos import ArgosEngine
    from uebersetzer.glossary import load_glossary

    glossary_file = tmp_path / "g.csv"
    glossary_file.write_text("source,en\nlundi,on Monday\n", encoding="utf-8")
    glossary = load_glossary(glossary_file)
    pairs = bench_protection.held_out_pairs(MODELS / "fr_en_bpe.heldout.json")[:8]
    package = models.install_file(MODELS / "fr_en_bpe.argosmodel", tmp_path / "packages")
    engine = ArgosEngine(tmp_path / "packages")
    pair = (package.from_code, package.to_code)
    unprotected = engine.translate([source for source, _ in pairs], *pair)
    row = bench_protection.measure("standin+alternatives+retries", engine, glossary, pairs, unprotected, pair)
    with_terms = sum("lundi" in source for source, _ in pairs)
    assert pair == ("fr", "en") and 0 < with_terms < len(pairs)
    assert (row["sentences"], row["term_sentences"]) == (len(pairs), with_terms)
    assert row["term_accuracy"] == 1.0
    assert json.loads(json.dumps(row))["term_sentences"] == with_terms


def _timings(wall: float) -> dict[str, float]:
    return {"wall_s": wall, "cpu_s": wall * 2, "peak_rss_mb": 100.0}


def test_the_bench_report_keeps_its_columns_and_counts_one_article():
    """"(best)" pushed that row's figures out of their columns; "1 articles"."""
    results: dict = {"sentences": 21, "articles": 1, "agreement": {},
                     "uebersetzer_over_raw": {"best": 1.1, "defaults": 1.2},
                     "argos_over_uebersetzer": {"best": 4.0, "defaults": 6.0},
                     "uebersetzer_rss_over_argos": {"best": 0.5, "defaults": 0.5},
                     "uebersetzer_over_raw_floor": 1.43}
    for contender, settings in bench_translate.SETTINGS.items():
        rows = {name: {"setting": name, **_timings(2.0 + number)} for number, (name, _) in enumerate(settings)}
        best = rows[settings[-1][0]]  # the longest names are last: with the mark they overran the column
        results[contender] = {"defaults": rows["defaults"], "best": best, "settings": rows}
    lines = bench_translate.report_lines("One article, cold start", results)
    assert lines[0] == "One article, cold start: 1 article, 21 sentences"
    table = lines[1:2 + sum(len(settings) for settings in bench_translate.SETTINGS.values())]
    assert sum("(best)" in line for line in table) == 3
    assert len({len(line) for line in table}) == 1, "\n".join(table)  # the figures right-aligned at fixed widths
    assert table[0].endswith("  wall s   CPU s  sent/s  peak RSS MB")
    for line in table[1:]:  # the setting, then exactly the four figures in the last 37 characters
        assert [float(figure) for figure in line[-37:].split()] and len(line[-37:].split()) == 4, line
        assert line[-38] == " ", line
    assert any(line.startswith("uebersetzer/raw can be no lower than 1.43 here") for line in lines)


def test_bench_protection_runs_a_french_package_with_its_own_glossary_and_a_short_held_out_file(
        monkeypatch, capsys, tmp_path):
    """The whole bench on fr -> en, three held-out sentences: fewer than the markup kinds, which
    divided by zero for the kinds no sentence carried."""
    held_out = tmp_path / "three.json"
    held_out.write_text(json.dumps(json.loads((MODELS / "fr_en_bpe.heldout.json").read_text())[:3]))
    glossary = tmp_path / "g.csv"
    glossary.write_text("source,en\nlundi,on Monday\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["bench_protection.py", "--package", str(MODELS / "fr_en_bpe.argosmodel"),
                                      "--held-out", str(held_out), "--glossary", str(glossary), "--json"])
    bench_protection.main()
    figures = json.loads(capsys.readouterr().out)
    with_terms = sum("lundi" in source for source, _ in json.loads(held_out.read_text()))
    assert (figures["sentences"], figures["term_sentences"]) == (3, with_terms) and with_terms > 0
    assert figures["term_accuracy"] == 1.0
    assert figures["markup"]["sentences"] == 3 and "tag" in figures["markup"] and "entity" not in figures["markup"]
