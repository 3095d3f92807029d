"""What reading character references costs the segment stage, side by side in one run.

    python bench/bench_references.py [--languages de,fr] [--paragraphs 150]

FLORES dev paragraphs of five consecutive sentences (../shared/data/flores-dev), each split
as the HTML and the Markdown format split a block (`split_sentences` with the format's mask
and `character_references`): once with the quote marks, dashes and ellipses written out, once
with every one of them written as a named reference (`&bdquo;`, `&ndash;`, `&hellip;`, as CMS
exports write them). The rounds alternate the two; the splits, references decoded, must be
the same. Prints the machine, the versions, CPU seconds of each and the ratio.
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import flores_articles  # noqa: E402

ROUNDS = 3
NAMED = {"„": "&bdquo;", "“": "&ldquo;", "”": "&rdquo;", "«": "&laquo;", "»": "&raquo;", '"': "&quot;",
         "’": "&rsquo;", "–": "&ndash;", "—": "&mdash;", "…": "&hellip;", "\xa0": "&nbsp;"}


def split_all(paragraphs: list[tuple[str, str]], format_name: str) -> tuple[float, list[list[str]]]:
    from uebersetzer import formats
    from uebersetzer.segment import split_sentences

    markup = formats.by_name(format_name)
    started = time.process_time()
    split = [split_sentences(text, language, markup.closing_markup, markup.mask, markup.character_references)
             for language, text in paragraphs]
    return time.process_time() - started, split


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", default="de,fr")
    parser.add_argument("--paragraphs", type=int, default=150, help="per language")
    options = parser.parse_args()
    if not flores_articles.available():
        raise SystemExit(f"no FLORES data at {flores_articles.FLORES}")
    from importlib.metadata import version

    written_out = []
    for language in options.languages.split(","):
        lines = flores_articles.sentences(language)
        written_out += [(language, html.escape(" ".join(lines[start:start + 5]), quote=False))
                        for start in range(0, 5 * options.paragraphs, 5) if start < len(lines)]
    as_references = [(language, "".join(NAMED.get(character, character) for character in text))
                     for language, text in written_out]
    references = sum(text.count("&") for _, text in as_references) - sum(text.count("&") for _, text in written_out)
    print(f"# bench_references: {platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}, pysbd {version('pysbd')}, markdown-it-py {version('markdown-it-py')}; "
          f"{len(written_out)} paragraphs, {references} characters written as references")
    for format_name in ("html", "markdown"):
        split_all(written_out[:20], format_name)  # imports and pysbd's segmenters, outside the timing
        times: dict[str, list[float]] = {"characters": [], "references": []}
        results = {}
        for _ in range(ROUNDS):
            for name, paragraphs in (("characters", written_out), ("references", as_references)):
                seconds, results[name] = split_all(paragraphs, format_name)
                times[name].append(seconds)
        decoded = [[html.unescape(sentence) for sentence in split] for split in results["references"]]
        same = decoded == [[html.unescape(sentence) for sentence in split] for split in results["characters"]]
        median = {name: statistics.median(seconds) for name, seconds in times.items()}
        print(f"{format_name}: characters {median['characters']:.3f} s, references {median['references']:.3f} s "
              f"CPU (median of {ROUNDS}), ratio {median['references'] / median['characters']:.2f}; "
              f"same sentences: {same}")


if __name__ == "__main__":
    main()
