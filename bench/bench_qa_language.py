"""The `untranslated` and `language` checks on short sentences: FLORES-200 dev.

    python bench/bench_qa_language.py [--max-words 10] [--sources de,fr,...]

For each source language X (into English) and for English into X:
- false alarms: the human translation of 10 words or fewer (the target side) flagged by
  `untranslated` or `language` (a plain sentence of the target is neither);
- left in the source: the translation replaced by another source-language sentence of the
  same length class (the next line that is no longer), which `untranslated` should flag
  (not the source itself: a copy is caught as "the source text" whatever the detector says);
- elsewhere: the translation replaced by the same line in an unrelated third language,
  which `language` (or `untranslated`) should flag.

The question the checks ask (issue F5 of a new user's try-out): is this the target, or did it
stay in the source or go elsewhere? One langdetect trial among 55 languages called "The
death toll rose to 12, according to police." Italian.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from flores_articles import FLORES, available, sentences  # noqa: E402

from uebersetzer.qa import CHECKS, Sentence  # noqa: E402
from uebersetzer.qa.checks import RELATIVES  # noqa: E402

SOURCES = ("de", "fr", "es", "it", "nl", "pl", "pt", "ru", "fi", "tr", "cs", "sv")


def related(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in RELATIVES)


def flags(source: str, translation: str, source_language: str, target: str) -> bool:
    sentence = Sentence(source, translation, source_language, target)
    return bool(CHECKS["untranslated"](sentence) or CHECKS["language"](sentence))


def measure(corpus: dict[str, list[str]], source_language: str, target: str, max_words: int) -> Counter[str]:
    sources, targets = corpus[source_language], corpus[target]
    others = [code for code in sorted(corpus) if not related(code, source_language) and not related(code, target)]
    tally: Counter[str] = Counter()
    for line, (source, human) in enumerate(zip(sources, targets)):
        if len(human.split()) > max_words:
            continue
        tally["short"] += 1
        tally["false alarms"] += flags(source, human, source_language, target)
        longest = max(max_words, len(source.split()))
        left = next((sources[(line + step) % len(sources)] for step in range(1, len(sources))
                     if len(sources[(line + step) % len(sources)].split()) <= longest), None)
        if left is not None:
            tally["left"] += 1
            tally["left caught"] += flags(source, left, source_language, target)
        elsewhere = corpus[others[line % len(others)]][line]
        tally["elsewhere"] += 1
        tally["elsewhere caught"] += flags(source, elsewhere, source_language, target)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-words", type=int, default=10)
    parser.add_argument("--sources", default=",".join(SOURCES))
    options = parser.parse_args()
    if not available():
        raise SystemExit(f"no FLORES data at {FLORES}")
    corpus = {path.stem: sentences(path.stem) for path in sorted(FLORES.glob("*.txt"))}
    total: Counter[str] = Counter()
    print(f"| pair | short lines (<= {options.max_words} words) | false alarms | left in the source caught "
          "| another language caught |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for language in options.sources.split(","):
        for source_language, target in ((language, "en"), ("en", language)):
            tally = measure(corpus, source_language, target, options.max_words)
            total.update(tally)
            print(f"| {source_language}-{target} | {tally['short']} | {tally['false alarms']} | "
                  f"{tally['left caught']} / {tally['left']} | {tally['elsewhere caught']} / {tally['elsewhere']} |")
    print(f"| all | {total['short']} | {total['false alarms']} | {total['left caught']} / {total['left']} | "
          f"{total['elsewhere caught']} / {total['elsewhere']} |")


if __name__ == "__main__":
    main()
