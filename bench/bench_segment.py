"""pysbd on news text, with its abbreviation patterns compiled once (segment._CompiledOnce)
against the `re` module's own cache of 512, side by side in one run.

    python bench/bench_segment.py [--languages de,fr,es,it,nl] [--paragraphs 400]

FLORES dev paragraphs of five consecutive sentences (../shared/data/flores-dev), each split
by pysbd as segment does (`pysbd_pieces`); the rounds alternate the two setups, and the
splits must be the same. Prints the machine, the versions, CPU seconds of each and the ratio.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import flores_articles  # noqa: E402

ROUNDS = 3


def split_all(paragraphs: list[tuple[str, str]]) -> tuple[float, list[list[str]]]:
    from uebersetzer.segment import pysbd_pieces

    started = time.process_time()
    pieces = [pysbd_pieces(text, language) for language, text in paragraphs]
    return time.process_time() - started, pieces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", default="de,fr,es,it,nl")
    parser.add_argument("--paragraphs", type=int, default=400, help="per language")
    options = parser.parse_args()
    if not flores_articles.available():
        raise SystemExit(f"no FLORES data at {flores_articles.FLORES}")
    import pysbd.abbreviation_replacer
    from importlib.metadata import version

    from uebersetzer.segment import _segmenter

    paragraphs = []
    for language in options.languages.split(","):
        lines = flores_articles.sentences(language)
        paragraphs += [(language, " ".join(lines[start:start + 5]))
                       for start in range(0, 5 * options.paragraphs, 5) if start < len(lines)]
        _segmenter(language)  # installs the shim, as a run does
    shim = pysbd.abbreviation_replacer.re
    print(f"# bench_segment: {platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}, pysbd {version('pysbd')}; {len(paragraphs)} paragraphs")
    times: dict[str, list[float]] = {"re module (cache of 512)": [], "compiled once": []}
    results = {}
    for _ in range(ROUNDS):
        for name, module in (("re module (cache of 512)", re), ("compiled once", shim)):
            pysbd.abbreviation_replacer.re = module
            re.purge()
            seconds, pieces = split_all(paragraphs)
            times[name].append(seconds)
            results[name] = pieces
    pysbd.abbreviation_replacer.re = shim
    for name, values in times.items():
        print(f"{name:28} median {statistics.median(values):6.2f} CPU s  ({', '.join(f'{v:.2f}' for v in values)})")
    ratio = statistics.median(times["re module (cache of 512)"]) / statistics.median(times["compiled once"])
    same = results["re module (cache of 512)"] == results["compiled once"]
    print(f"re module / compiled once = {ratio:.2f}; the same splits: {same}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
