"""The benches' own usability, without running a measurement: the extras they need, the
real-size model's build lock, bench_protection on another package, and the report's table
(try-out y1, items 2-5)."""

from __future__ import annotations

from bench import bench_translate


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
