"""One long paragraph split at once against window by window (segment.WINDOW), side by side.

    python bench/bench_long_paragraph.py [--languages de,fr,en] [--lines 125,250,500,997]

FLORES dev sentences (../shared/data/flores-dev) joined into one paragraph of the first N
lines, as a scraper that keeps no blank lines delivers an article. Prints the machine, the
versions, CPU seconds of each way and how many sentences each finds: at once, pysbd's time
grows with the square of the length, and where it changes the text (it does on some FLORES
lines) the rest of the paragraph became one sentence.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import flores_articles  # noqa: E402


def timed_split(text: str, language: str, window: int) -> tuple[float, list[str]]:
    from uebersetzer import segment

    segment.WINDOW = window
    started = time.process_time()
    sentences = segment.split_sentences(text, language)
    return time.process_time() - started, sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", default="de,fr,en")
    parser.add_argument("--lines", default="125,250,500,997")
    options = parser.parse_args()
    if not flores_articles.available():
        raise SystemExit(f"no FLORES data at {flores_articles.FLORES}")
    from uebersetzer import segment

    window = segment.WINDOW
    print(f"# bench_long_paragraph: {platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}, pysbd {version('pysbd')}; window {window} characters")
    print(f"{'language':8} {'lines':>5} {'chars':>7} {'at once s':>9} {'sentences':>9} {'windows s':>9} "
          f"{'sentences':>9} {'ratio':>6}")
    for language in options.languages.split(","):
        lines = flores_articles.sentences(language)
        for count in map(int, options.lines.split(",")):
            text = " ".join(lines[:count])
            once, whole = timed_split(text, language, 10 ** 12)
            windowed, pieces = timed_split(text, language, window)
            print(f"{language:8} {count:5} {len(text):7} {once:9.2f} {len(whole):9} {windowed:9.2f} {len(pieces):9} "
                  f"{once / windowed:6.1f}")
    segment.WINDOW = window


if __name__ == "__main__":
    main()
