"""Blocks too short to tell their language, in articles in doubt (detect_inherited.py), on real text.

    python bench/bench_inherited.py [--half tune|check]

For each of FLORES' 36 other languages X, 40 articles from the half's lines: a title of the
first 1-10 words of a line (Chinese and Japanese: 4-22 characters), one line of paragraph in
X, three one-sentence English quotes. Where the article reads as English and the title
inherited English (the case that published a German headline), it counts what the step made
of the title: moved to X, moved to another language (the paragraph's, read as a close one),
left in doubt (kept fuzzy, with a note), or still kept as English (what must not happen).
The same articles with an English title (the X paragraph still below it) count the titles
moved wrongly. Then 20 single-language articles per language (flores_articles): blocks moved
or put in doubt where nothing is mixed, and the CPU time of detect_article and of this step on them.
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from bench import flores_articles as fa  # noqa: E402
from bench.flores_articles import as_article  # noqa: E402
from uebersetzer import __version__  # noqa: E402
from uebersetzer.detect import detect_article  # noqa: E402
from uebersetzer.detect_inherited import settle_inherited  # noqa: E402
from uebersetzer.document import Article, Block, Kind  # noqa: E402

ARTICLES = 40  # per language


def article(blocks: list[tuple[str, str]]) -> Article:
    return Article(path="t.txt", blocks=tuple(Block(kind=kind, text=text, raw=text, line=1 + 2 * number, number=number)
                                            for number, (kind, text) in enumerate(blocks)))


def title_of(line: str, words: int, language: str) -> str:
    if language in ("zh", "ja") or len(line.split()) <= 3:
        return line[: 2 + 2 * words]
    return " ".join(line.split()[:words]).rstrip(",;:")


def mixed(corpus: dict[str, list[str]], which: str) -> collections.Counter:
    tally: collections.Counter = collections.Counter()
    english = corpus["en"]
    for language in sorted(set(corpus) - {"en"}):
        lines = corpus[language]
        rows = list(fa.half(lines, which))
        for number in range(ARTICLES):
            row = rows[(number * 7) % len(rows)]
            words = 1 + number % 10
            paragraph = fa.csv_unquoted(lines[rows[(number * 7 + 1) % len(rows)]])
            quotes = [(Kind.PARAGRAPH, fa.english_quote(english[rows[(number * 11 + 300 + j) % len(rows)]]))
                      for j in range(3)]
            found = detect_article(article([(Kind.TITLE, title_of(fa.csv_unquoted(lines[row]), words, language)),
                                            (Kind.PARAGRAPH, paragraph), *quotes]))
            if not any(character.isalpha() for character in found.blocks[0].text):
                tally["titles with no letters (\"1977\": nothing to translate, kept)"] += 1
            elif found.language == "en" and found.blocks[0].language == "en":
                title = settle_inherited(found).blocks[0]
                tally["titles in X that inherited en"] += 1
                tally["  moved to X"] += title.language == language
                tally["  moved to another language"] += title.language not in ("en", language)
                tally["  kept in en, fuzzy (in doubt)"] += title.language == "en" and bool(title.language_doubt)
                tally["  kept in en, not fuzzy (must not be)"] += title.language == "en" and not title.language_doubt
            found = detect_article(article([(Kind.TITLE, title_of(english[row], words, "en")),
                                            (Kind.PARAGRAPH, paragraph), *quotes]))
            if found.language == "en" and found.blocks[0].language == "en":
                title = settle_inherited(found).blocks[0]
                tally["English titles over an X paragraph"] += 1
                tally["  moved (wrongly: to the engine, fuzzy)"] += title.language != "en"
                tally["  in doubt (fuzzy, with a note, into en)"] += bool(title.language_doubt)
    return tally


def single(corpus: dict[str, list[str]], which: str) -> collections.Counter:
    tally: collections.Counter = collections.Counter()
    for language in sorted(corpus):
        for test in fa.single_articles(corpus, language, which)[:20]:
            started = time.process_time()
            found = detect_article(as_article(test))
            detected = time.process_time()
            settled = settle_inherited(found)
            tally["  CPU ms detecting (detect_article)"] += round(1000 * (detected - started))
            tally["  CPU ms settling (settle_inherited)"] += round(1000 * (time.process_time() - detected))
            tally["single-language articles"] += 1
            tally["  blocks moved"] += sum(a.language != b.language for a, b in zip(found.blocks, settled.blocks))
            tally["  blocks in doubt (only matters into their own language)"] += sum(
                bool(block.language_doubt) for block in settled.blocks)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=fa.HALVES, default="tune")
    options = parser.parse_args()
    if not fa.available():
        sys.exit(f"FLORES data not found at {fa.FLORES} (../shared is absent)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; python {platform.python_version()}, "
          f"uebersetzer {__version__}; FLORES dev, half {options.half}")
    corpus = fa.load()
    for name, count in [*mixed(corpus, options.half).items(), *single(corpus, options.half).items()]:
        print(f"{name}\t{count}")


if __name__ == "__main__":
    main()
