"""The benches' own usability, without running a measurement: the extras they need, the
real-size model's build lock, bench_protection on another package, and the report's table
(try-out y1, items 2-5)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bench import base_model, bench_translate

import extras  # noqa: E402  (bench/ is on sys.path once the benches are imported, as they import it)


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


def _timings(wall: float) -> dict[str, float]:
    return {"wall_s": wall, "cpu_s": wall * 2, "peak_rss_mb": 100.0}


def test_the_bench_report_keeps_its_columns_and_counts_one_article():
    """"(best)" pushed that row's figures out of their columns; "1 articles"."""
    results: dict = {"sentences": 21, "articles": 1, "agreement": {},
                     "uebersetzer_over_raw": {"best": 1.1, "defaults": 1.2},
                     "argos_over_uebersetzer": {"best": 4.0, "defaults": 6.0},
                     "uebersetzer_rss_over_argos": {"best": 0.5, "defaults": 0.5}}
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
