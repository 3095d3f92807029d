"""Benchmark: does the time per byte, per sentence and per article stay flat as inputs grow?

Not a test. Run (on a shared machine, politely):
    nice python bench/bench_scaling.py [--sizes 1,2,5,10,20,50] [--articles 100,1000,10000]
                                       [--changed 100,500,1000,2000,5000] [--repeats 2500]
                                       [--baseline OTHER_CHECKOUT [--baseline-up-to 8]]
                                       [--rerun-edits 0.01 | --no-rerun]

Every run is `uebersetzer translate --engine pseudo` in its own process, so the engine
costs nothing and what is measured is uebersetzer itself (read, parse, detect, segment,
plan the PO files, write). Four series, each printed as a table with wall time, the time
per unit, the ratio of that to the series' first row (flat = 1.0; quadratic growth would
double it with every doubling) and the process's peak RSS:
  size     one article of 1 to 50 MB of generated German news text, and its re-run after one
           paragraph in a hundred was edited (--rerun-edits; 0: unchanged): a re-run also reads
           the existing PO file and merges it, an editor's everyday case
  articles 100 to 10,000 articles of about 1.2 kB
  changed  the re-run of one article after every one of its 100 to 5,000 sentences was edited
           (PO merge: fuzzy matching of each edited sentence against the vanished ones)
  repeats  one paragraph repeated N times with one differing sentence each (boilerplate),
           first run and the re-run after each differing sentence was edited
The text is generated from a small vocabulary with a fixed seed; no real text is needed.
With --baseline, each article of the size series up to --baseline-up-to MB is also run by
another checkout (its src/ is put first on PYTHONPATH), right after ours on the same file (its
re-run from its own first run's outputs): a before/after comparison measured side by side,
under the same load.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = ["Der Präsident", "Die Ministerin", "Ein Sprecher der Regierung", "Der Bürgermeister", "Die Kommission",
            "Das Parlament", "Die Opposition", "Der Verband", "Eine Sprecherin", "Der Konzern", "Die Polizei",
            "Das Gericht", "Die Gewerkschaft", "Der Kanzler", "Die Stadtverwaltung", "Der Ausschuss"]
VERBS = ["kritisierte", "begrüßte", "bestätigte", "verschob", "forderte", "prüfte", "unterstützte", "lehnte",
         "verteidigte", "kündigte", "beschloss", "untersuchte", "verlängerte", "stoppte", "plante", "erklärte"]
OBJECTS = ["den Haushalt", "die Reform", "das Abkommen", "den Bericht", "die Entscheidung", "das Gesetz",
           "den Vorschlag", "die Wahl", "das Verfahren", "den Vertrag", "die Untersuchung", "das Projekt",
           "die Steuer", "den Plan", "die Regelung", "das Programm"]
PLACES = ["in Berlin", "in Wien", "in Brüssel", "in Genf", "in Hamburg", "in Zürich", "in München", "in Köln",
          "in Leipzig", "in Dresden", "in Graz", "in Bern", "in Frankfurt", "in Stuttgart", "in Bonn", "in Linz"]
TIMES = ["am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag", "am Wochenende",
         "in der Nacht", "am Abend", "am Morgen", "nach langen Gesprächen", "überraschend", "erneut"]
TAILS = ["Die Verhandlungen dauerten bis spät in die Nacht.", "Eine Einigung ist nicht in Sicht.",
         "Kritiker sprachen von einem Fehler.", "Die Reaktionen fielen gemischt aus.",
         "Weitere Gespräche sind geplant.", "Die Details sollen bald folgen."]


def sentence(rng: random.Random, number: int) -> str:
    """A plausible, nearly always unique German news sentence (the number makes it unique)."""
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TIMES)} {rng.choice(OBJECTS)} "
            f"{rng.choice(PLACES)}, wie es in Meldung {number} hieß.")


def article(rng: random.Random, sentences: int, start: int = 0) -> tuple[str, list[str]]:
    """(text, its sentences): a title, then paragraphs of 2-5 sentences, a heading now and then."""
    lines = [f"Nachrichten aus der Region, Ausgabe {start}", ""]
    made: list[str] = []
    paragraphs = 0
    while len(made) < sentences:
        count = min(rng.randint(2, 5), sentences - len(made))
        group = [sentence(rng, start + len(made) + i) for i in range(count)]
        made += group
        lines += [" ".join(group), ""]
        paragraphs += 1
        if paragraphs % 12 == 0:
            lines += [f"Weitere Meldungen Teil {start + paragraphs}", ""]
    return "\n".join(lines), made


# What a generated article takes per sentence, paragraph breaks and headings included, in UTF-8
# (the vocabulary's umlauts are 2 bytes): measured on a sample, so --sizes are real megabytes.
BYTES_PER_SENTENCE = len(article(random.Random(0), 20_000)[0].encode("utf-8")) / 20_000


def edited(text: str, sentences: list[str]) -> str:
    """Every sentence edited a little ("hieß" -> "hieß es"), as an editor's pass over a source."""
    return text.replace(" hieß.", " hieß es.")


def partly_edited(text: str, share: float) -> str:
    """Every sentence of `share` of the paragraphs, spread evenly, edited as `edited` does."""
    if share <= 0:
        return text
    every = max(1, round(1 / share))
    paragraphs = text.split("\n\n")
    return "\n\n".join(edited(paragraph, []) if number % every == every // 2 else paragraph
                        for number, paragraph in enumerate(paragraphs))


def translate(paths: list[Path], out: Path, source_tree: Path = ROOT) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MB) of one `uebersetzer translate` process. CPU time
    (user + system, all threads) is what the ratios use: on a shared machine wall time also
    measures the neighbours."""
    command = [sys.executable, "-m", "uebersetzer", "translate", *map(str, paths), "--to", "en", "--engine",
               "pseudo", "--out", str(out), "--quiet"]  # run in out's parent: no glossary/ there
    env = {**os.environ, "PYTHONPATH": str(source_tree / "src")}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=out.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"run failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


Row = tuple[str, float, float, float, float]  # label, units, wall s, CPU s, peak RSS MB


def table(title: str, unit: str, rows: list[Row]) -> None:
    print(f"\n| {title} | wall s | CPU s | CPU ms per {unit} | ratio | peak RSS MB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    first = rows[0][3] / rows[0][1] if rows else 1.0
    for label, units, wall, cpu, rss in rows:
        per = cpu / units
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {per * 1000:.2f} | {per / first:.2f} | {rss:.0f} |", flush=True)


def series_size(work: Path, sizes: list[float], baseline: Path | None = None, baseline_up_to: float = 0,
                rerun_edits: float | None = None) -> None:
    rows = []
    for megabytes in sizes:
        rng = random.Random(1)
        folder = work / f"size-{megabytes}"
        folder.mkdir()
        count = int(megabytes * 1e6 / BYTES_PER_SENTENCE)  # so that "50" is an article of 50 MB
        text, _ = article(rng, count)
        path = folder / "gross.txt"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size
        trees = [("", ROOT, folder / "out")]
        if baseline is not None and megabytes <= baseline_up_to:
            trees.append((", baseline", baseline, folder / "baseline-out"))
        for label, tree, out in trees:
            wall, cpu, rss = translate([path], out, tree)
            rows.append((f"{size / 1e6:.1f} MB, {count} sentences{label}", size / 1e6, wall, cpu, rss))
            table_line(rows[-1], "MB")
        if rerun_edits is not None:
            path.write_text(partly_edited(text, rerun_edits), encoding="utf-8")
            what = f"re-run, {rerun_edits:.0%} of paragraphs edited" if rerun_edits else "unchanged re-run"
            for label, tree, out in trees:
                wall, cpu, rss = translate([path], out, tree)
                rows.append((f"{size / 1e6:.1f} MB, {what}{label}", size / 1e6, wall, cpu, rss))
                table_line(rows[-1], "MB")
        shutil.rmtree(folder)
    table("one article", "MB", rows)


def series_articles(work: Path, counts: list[int]) -> None:
    rows = []
    for count in counts:
        rng = random.Random(2)
        folder = work / f"articles-{count}" / "in"
        folder.mkdir(parents=True)
        for number in range(count):
            text, _ = article(rng, 10, start=number * 10)
            (folder / f"a{number:05}.txt").write_text(text, encoding="utf-8")
        wall, cpu, rss = translate([folder], folder.parent / "out")
        rows.append((f"{count} articles", count, wall, cpu, rss))
        table_line(rows[-1], "article")
        shutil.rmtree(folder.parent)
    table("articles", "article", rows)


def series_changed(work: Path, counts: list[int]) -> None:
    rows = []
    for count in counts:
        rng = random.Random(3)
        folder = work / f"changed-{count}"
        folder.mkdir()
        text, sentences = article(rng, count)
        path = folder / "artikel.txt"
        path.write_text(text, encoding="utf-8")
        translate([path], folder / "out")
        path.write_text(edited(text, sentences), encoding="utf-8")
        wall, cpu, rss = translate([path], folder / "out")
        rows.append((f"re-run, {count} edited sentences", count, wall, cpu, rss))
        table_line(rows[-1], "sentence")
        shutil.rmtree(folder)
    table("re-run after edits", "sentence", rows)


def series_repeats(work: Path, repeats: list[int]) -> None:
    first_rows, rerun_rows = [], []
    paragraph = ("Die Regierung hat am Montag neue Regeln beschlossen. Kritiker sprachen von einem Fehler. "
                 "Die Reaktionen fielen gemischt aus, wie ein Sprecher sagte.")
    for count in repeats:
        folder = work / f"repeats-{count}"
        folder.mkdir()
        lines = ["Boilerplate, wiederholt", ""]
        for number in range(count):
            lines += [f"{paragraph} Dies ist Absatz {number} der Serie.", ""]
        path = folder / "wiederholt.txt"
        text = "\n".join(lines)
        path.write_text(text, encoding="utf-8")
        wall, cpu, rss = translate([path], folder / "out")
        first_rows.append((f"{count} repeats, {len(text) / 1e6:.2f} MB, first run", count, wall, cpu, rss))
        table_line(first_rows[-1], "paragraph")
        path.write_text(text.replace(" der Serie.", " der neuen Serie."), encoding="utf-8")
        wall, cpu, rss = translate([path], folder / "out")
        rerun_rows.append((f"{count} repeats, re-run after edits", count, wall, cpu, rss))
        table_line(rerun_rows[-1], "paragraph")
        shutil.rmtree(folder)
    table("repeated paragraph", "paragraph", first_rows + rerun_rows)


def table_line(row: Row, unit: str) -> None:
    label, units, wall, cpu, rss = row
    print(f"  {label}: {wall:.2f} s wall, {cpu:.2f} s CPU, {cpu / units * 1000:.2f} ms per {unit}, {rss:.0f} MB",
          file=sys.stderr, flush=True)


def revision(tree: Path) -> str:
    """The checkout's commit, as `git describe` names it ("?" outside a git checkout)."""
    found = subprocess.run(["git", "-C", str(tree), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return found.stdout.strip() or "?"


def numbers(text: str, kind=int) -> list:
    return [kind(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,2,5,10", help="MB of one article, comma-separated ('' skips)")
    parser.add_argument("--articles", default="100,1000,10000", help="numbers of articles")
    parser.add_argument("--changed", default="100,500,1000,2000,5000", help="edited sentences per re-run")
    parser.add_argument("--repeats", default="500,1000,2500", help="repeats of one paragraph")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout (e.g. a worktree of main) to run beside ours in the size series")
    parser.add_argument("--baseline-up-to", type=float, default=8, help="largest size (MB) the baseline runs")
    parser.add_argument("--rerun-edits", type=float, default=0.01,
                        help="re-run each article of the size series after editing this share of its paragraphs "
                             "(0: an unchanged re-run)")
    parser.add_argument("--no-rerun", action="store_true", help="no re-run in the size series")
    options = parser.parse_args()
    import uebersetzer

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; Python "
          f"{platform.python_version()}; uebersetzer {uebersetzer.__version__} at {revision(ROOT)}; load "
          f"{os.getloadavg()[0]:.2f}; {time.strftime('%Y-%m-%d %H:%M')}")
    if options.baseline is not None:
        print(f"baseline: {options.baseline} at {revision(options.baseline)}, sizes up to {options.baseline_up_to} MB")
    with tempfile.TemporaryDirectory(prefix="uebersetzer-scaling-") as temporary:
        work = Path(temporary)
        if options.sizes:
            series_size(work, numbers(options.sizes, float), options.baseline, options.baseline_up_to,
                        None if options.no_rerun else options.rerun_edits)
        if options.articles:
            series_articles(work, numbers(options.articles))
        if options.changed:
            series_changed(work, numbers(options.changed))
        if options.repeats:
            series_repeats(work, numbers(options.repeats))
    print(f"\nload at the end: {os.getloadavg()[0]:.2f}; {time.strftime('%Y-%m-%d %H:%M')}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
