"""Benchmark: `--executor ray` against the local executor on the same batch, and the
figures for the scaling model in the README ("Scaling out").

Not a test. Run: python bench/bench_ray.py [--articles 200] [--repeat 3]

Every run is its own process (wall time includes start-up), on one machine:
  local         uebersetzer translate, the model in the process
  ray           the same with --executor ray: a local Ray instance started and stopped by the run
  ray, 1 article  the same on one article: Ray's start-up cost, almost nothing to translate
  driver only   the pseudo engine (no model): what the driver itself reads, detects, segments
                and writes per second, the bound on any number of workers
  one worker    raw CTranslate2 in one thread on the batch's unique sentences: one model
                worker's throughput
It prints the machine, versions, load average and the medians, then the throughput model.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def make_articles(folder: Path, count: int) -> int:
    """German articles from the fixture model's domain; returns the number of sentences."""
    from build_test_models import CorpusGenerator

    pool = [t[0] for t in CorpusGenerator(random.Random(2026)).corpus(8000) if "{" not in t[0] and t[0].endswith(".")]
    rng = random.Random(7)
    folder.mkdir(parents=True)
    for number in range(count):
        paragraphs = [" ".join(rng.sample(pool, 5)) for _ in range(4)]
        (folder / f"meldung-{number:03}.txt").write_text(rng.choice(pool).rstrip(".") + "\n\n" + "\n\n".join(paragraphs) + "\n")
    return count * 21


def timed(make_cmd: Callable[[], list[str]], env: dict[str, str], repeat: int) -> float:
    """Median wall seconds; each run gets a fresh command (a fresh output folder: a run into
    an earlier run's folder would reuse every translation and time nothing)."""
    walls = []
    for _ in range(repeat):
        cmd = make_cmd()
        started = time.perf_counter()
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr[-3000:]}")
    return sorted(walls)[len(walls) // 2]


def one_worker_rate(articles: Path, package_dir: Path, env: dict[str, str]) -> tuple[float, int]:
    """Sentences per second of raw CTranslate2 in one thread on the unique sentences."""
    code = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT / 'src')!r})
from pathlib import Path
from uebersetzer import pipeline
from uebersetzer.engines.argos import ArgosEngine
from uebersetzer.read import find_articles
articles = pipeline.load_articles(find_articles([{str(articles)!r}]), "de", pipeline.Summary())
unique = list(dict.fromkeys(s.msgid for a in articles for b in a.blocks for s in b.segments))
engine = ArgosEngine(threads=1)
engine.translate(unique[:4], "de", "en")  # load the model outside the clock
started = time.perf_counter()
engine.translate(unique, "de", "en")
print(json.dumps([len(unique) / (time.perf_counter() - started), len(unique)]))
"""
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    rate, unique = json.loads(result.stdout)
    return rate, unique


def machine() -> str:
    import ctranslate2
    import ray

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"ray {ray.__version__}, ctranslate2 {ctranslate2.__version__}, load average {load}")


def main() -> None:
    parser = argparse.ArgumentParser(description="--executor ray against local")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--package", type=Path, default=ROOT / "tests" / "fixtures" / "models" / "de_en.argosmodel")
    args = parser.parse_args()
    from uebersetzer import models

    print(machine())
    with tempfile.TemporaryDirectory(prefix="uebersetzer-bench-ray-") as tmp:
        work = Path(tmp)
        models.install_file(args.package, work / "packages")
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(work / "packages"), "XDG_CACHE_HOME": str(work / "cache"),
               "RAY_USAGE_STATS_ENABLED": "0"}
        env.pop("RAY_ADDRESS", None)  # a local instance, on this machine only
        batch, single = work / "batch", work / "single"
        sentences = make_articles(batch, args.articles)
        make_articles(single, 1)
        cli = [sys.executable, "-m", "uebersetzer", "translate", "--to", "en", "--from", "de", "--quiet"]

        def run(folder: Path, *extra: str) -> float:
            return timed(lambda: [*cli, str(folder), "--out", str(work / f"out-{time.monotonic_ns()}"), *extra],
                         env, args.repeat)

        timed(lambda: [*cli, str(single), "--out", str(work / "warm")], env, 1)  # builds the language-profile cache
        local, ray = run(batch), run(batch, "--executor", "ray")
        local_one, ray_one = run(single), run(single, "--executor", "ray")
        driver = run(batch, "--engine", "pseudo")
        worker_rate, unique = one_worker_rate(batch, work / "packages", env)
    print(f"\n{args.articles} articles, {sentences} sentences ({unique} unique), median of {args.repeat}")
    print(f"{'':34}{'wall s':>8}{'sent/s':>9}")
    for label, wall, count in (("local", local, sentences), ("ray (local instance)", ray, sentences),
                               ("local, 1 article", local_one, 21), ("ray, 1 article", ray_one, 21),
                               ("driver only (pseudo engine)", driver, sentences)):
        print(f"{label:34}{wall:8.2f}{count / wall:9.1f}")
    startup = ray_one - local_one
    print(f"ray/local on the batch: {ray / local:.2f}; Ray's start-up cost: {startup:.1f} s; "
          f"ray on the batch less start-up: {sentences / max(ray - startup, 1e-9):.1f} sent/s")
    driver_rate = sentences / driver
    print(f"\nthroughput model: one worker (1 thread) {worker_rate:.0f} unique sent/s on this model; "
          f"the driver {driver_rate:.0f} sent/s")
    print(f"N workers deliver min(N x {worker_rate:.0f}, {driver_rate:.0f}) sent/s: the driver is the limit "
          f"past N = {driver_rate / worker_rate:.1f} workers of this model")
    for per_sentence_ms in (30, 60):  # a real transformer-base model on one CPU thread
        print(f"  a model at {per_sentence_ms} ms a sentence a thread: the driver is the limit past "
              f"N = {driver_rate * per_sentence_ms / 1000:.0f} single-thread workers")
    print("\n" + json.dumps({"articles": args.articles, "sentences": sentences, "local_s": local, "ray_s": ray,
                             "local_one_s": local_one, "ray_one_s": ray_one, "ray_startup_s": startup,
                             "driver_sent_per_s": driver_rate, "worker_sent_per_s": worker_rate}))


if __name__ == "__main__":
    main()
