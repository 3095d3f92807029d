"""Sentence ends after a closing quote on real text: how many of FLORES' line ends the splitter
finds, and how many ends it puts inside a line, with and without the rules that end a quoted
sentence before any capital (segment._split_after_quoted_ends) and read German »quotes« as „these“
(segment._as_german_quotes), side by side in one run.

    python bench/bench_quoted_ends.py [--languages de,fr,en]

FLORES-200 dev (../shared/data/flores-dev), each language's lines five at a time joined into a
paragraph (with a space; without one in Chinese and Japanese). A FLORES line is one sentence,
sometimes more: a line end the splitter misses is a join (the fault: two lines of a text
article ran into one); an end inside a line is either a line's second sentence or a wrong cut,
the same with both rules unless the rule cut one.
"""

from __future__ import annotations

import argparse
import platform
import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from uebersetzer import segment  # noqa: E402

FLORES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "flores-dev"
LINES_PER_PARAGRAPH = 5


@contextmanager
def without_the_rules():
    split, german = segment._split_after_quoted_ends, segment._as_german_quotes
    segment._split_after_quoted_ends = lambda pieces, markup: pieces
    segment._as_german_quotes = lambda flat: flat
    try:
        yield
    finally:
        segment._split_after_quoted_ends, segment._as_german_quotes = split, german


def ends(text: str, language: str) -> set[int]:
    found, at = set(), 0
    for sentence in segment.split_sentences(text, language)[:-1]:
        at = text.index(sentence, at) + len(sentence)
        found.add(at)
    return found


def tally(languages: list[str]) -> dict[str, list[int]]:
    """{"before"|"now": [line ends found, ends inside a line, line ends in all]}"""
    counts = {"before": [0, 0, 0], "now": [0, 0, 0]}
    for language in languages:
        separator = "" if language in ("zh", "ja") else " "
        lines = (FLORES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
        for first in range(0, len(lines) - LINES_PER_PARAGRAPH + 1, LINES_PER_PARAGRAPH):
            chunk = lines[first:first + LINES_PER_PARAGRAPH]
            text = separator.join(chunk)
            truth, position = set(), 0
            for line in chunk[:-1]:  # where each line ends, its trailing spaces included
                position += len(line)
                truth.update(range(len(line.rstrip()) + position - len(line), position + 1))
                position += len(separator)
            for name in counts:
                if name == "before":
                    with without_the_rules():
                        found = ends(text, language)
                else:
                    found = ends(text, language)
                counts[name][0] += len(found & truth)
                counts[name][1] += len(found - truth)
                counts[name][2] += len(chunk) - 1
    return counts


def flores_languages(description: str) -> list[str]:
    """The FLORES languages a segment bench runs on (`--languages`, default all), once the
    machine and versions are printed; the bench ends in one line without ../shared."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--languages", default="", help="comma-separated FLORES codes (default: all)")
    arguments = parser.parse_args()
    if not FLORES.is_dir():
        sys.exit(f"error: {FLORES} is missing (../shared beside the checkout)")
    import pysbd

    languages = arguments.languages.split(",") if arguments.languages else sorted(p.stem for p in FLORES.glob("*.txt"))
    print(f"{platform.node()} {platform.machine()}, Python {platform.python_version()}, pysbd {pysbd.__version__}")
    return languages


def main() -> None:
    languages = flores_languages(__doc__.split("\n\n")[0])
    print(f"{len(languages)} languages, {LINES_PER_PARAGRAPH} FLORES dev lines a paragraph")
    counts = tally(languages)
    for name, (found, inside, total) in counts.items():
        print(f"{name:>6}: line ends found {found:,} of {total:,} ({found / total:.2%}), ends inside a line {inside:,}")
    print(f"missed line ends: {counts['before'][2] - counts['before'][0]:,} before, "
          f"{counts['now'][2] - counts['now'][0]:,} now")


if __name__ == "__main__":
    main()
