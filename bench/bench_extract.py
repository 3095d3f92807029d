"""`glossary extract` on real German news: how many of its candidates are names.

    python bench/bench_extract.py [--show N]
    UEBERSETZER_SRC=/tmp/before/src python bench/bench_extract.py     (another checkout's extract)

The articles are FLORES' German dev text as bench/flores_articles.py builds them (both halves:
a title and four paragraphs of five sentences each, 46 articles). Its English side is the
judge, as the issue that asked for this measure proposed: a name stays the same in the English
reference, a common noun does not. A candidate counts as a name when its German sentences'
English lines hold it as written, as a whole word, in at least half of them; precision is the
share of candidates that do. (Moskau -> Moscow is a name this calls a miss: the figure is a
floor, the same for every version measured.) --show lists the first N candidates, each with
its verdict. Needs ../shared beside the checkout.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), os.environ.get("UEBERSETZER_SRC", str(ROOT / "src"))]

from bench import flores_articles  # noqa: E402
from uebersetzer import extract  # noqa: E402
from uebersetzer.glossary import Glossary  # noqa: E402
from uebersetzer.segment import segment_article  # noqa: E402


def german_articles(corpus: dict[str, list[str]]) -> list:
    tests = [test for which in flores_articles.HALVES for test in flores_articles.single_articles(corpus, "de", which)]
    return [segment_article(replace(flores_articles.as_article(test), language="de")) for test in tests]


def stays_in_english(name: str, german: list[str], english: list[str]) -> bool:
    """Whether the English lines of the German lines holding `name` hold it too, in half of them at least."""
    word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    rows = [row for row, line in enumerate(german) if word.search(line)]
    kept = sum(1 for row in rows if word.search(english[row]))
    return bool(rows) and 2 * kept >= len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="list the first N candidates with their verdicts")
    options = parser.parse_args()
    if not flores_articles.available():
        sys.exit(f"{flores_articles.FLORES} is absent: ../shared must sit beside this checkout")
    corpus = flores_articles.load()
    german = [flores_articles.csv_unquoted(line) for line in corpus["de"]]
    english = [flores_articles.csv_unquoted(line) for line in corpus["en"]]
    articles = german_articles(corpus)
    found = extract.candidates(articles, Glossary([]))
    verdicts = [(candidate, stays_in_english(candidate.source, german, english)) for candidate in found]
    names = sum(kept for _, kept in verdicts)
    print(f"{platform.node()}: python {platform.python_version()}; extract from {Path(extract.__file__).parent}")
    print(f"{len(articles)} German FLORES articles: {len(found)} candidates, {names} stay as written in the English "
          f"reference: precision {names / max(len(found), 1):.2f}")
    for candidate, kept in verdicts[:options.show]:
        print(f"  {'name' if kept else 'MISS':4}  {candidate.count:3}x  {candidate.source}  ({candidate.why})")


if __name__ == "__main__":
    main()
