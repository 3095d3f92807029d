"""How sure detect is of an article's language, against whether it is right: FLORES-200 dev.

    python bench/bench_detect_certainty.py [--half tune|check|both] [--titles-per-language 20]

Two kinds of input, per half of the split (see flores_articles.py):
- the articles of bench_detect.py (a title and four 5-sentence paragraphs, and the same
  with an English paragraph and quote): how many come out below detect.UNSURE, which warns,
  by their blocks' votes and by the evidence of their text;
- titles alone, as a one-line article: the first five words of a sentence of 7 or more
  (CJK: 10 characters). A title is one block and one vote, so the votes alone said 1.00
  for the wrong ones too: how many are wrong, and how many of the wrong and of the right
  ones come out below detect.UNSURE.
- teasers: a two-sentence paragraph and a short English quote, as a block of its own or
  before a sentence of the paragraph's language in a short block: how many are wrong, and
  how many get a doubt (a warning), and of those how many are really wrong.

The articles below UNSURE are also counted by whether their language is really wrong.

Target: no whole article below UNSURE for its evidence; most wrong titles below it.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import flores_articles  # noqa: E402

from uebersetzer.detect import UNSURE, detect_article  # noqa: E402
from uebersetzer.document import Article, Block, Kind  # noqa: E402

UNSPACED = {"zh", "zt", "ja"}


def five_words(sentence: str, language: str) -> str | None:
    if language in UNSPACED:
        return sentence[:10] if len(sentence) >= 14 else None
    words = sentence.split()
    return " ".join(words[:5]).rstrip(".,:;") if len(words) >= 7 else None


def title_article(title: str) -> Article:
    return Article(path="title.txt", blocks=(Block(kind=Kind.TITLE, text=title, raw=title, line=1),))


def articles_half(corpus: dict[str, list[str]], which: str) -> tuple[int, list[str], int, int]:
    """(articles, the unsure ones, how many of those for their evidence, how many of those wrong)."""
    count, unsure, by_evidence, wrong = 0, [], 0, 0
    for language in sorted(corpus):
        tests = flores_articles.single_articles(corpus, language, which)
        if language != "en":
            tests += flores_articles.mixed_articles(corpus, language, which)
        for test in tests:
            found = detect_article(flores_articles.as_article(test))
            count += 1
            if found.confidence < UNSURE:
                unsure.append(f"{test.name}: {found.language} {found.confidence:.2f} ({found.doubt})")
                by_evidence += not found.doubt.startswith("only ")  # the other doubt is the votes'
                wrong += found.language != test.language
    return count, unsure, by_evidence, wrong


def teasers_half(corpus: dict[str, list[str]], which: str, per_language: int) -> dict[str, int]:
    """A teaser as a news site shows one: a paragraph of two sentences and a one-sentence English
    quote of 12 words or fewer as a block of its own ("“...”"), and the same with the quote
    inside a short block after the paragraph, followed by the paragraph's next sentence. How
    many come out wrong, and how many warn (a doubt), right and wrong."""
    tally = dict.fromkeys(("teasers", "wrong", "doubted", "doubted wrong"), 0)
    english = [flores_articles.csv_unquoted(line) for line in corpus["en"]]
    quotes = [sentence for sentence in (english[row] for row in flores_articles.half(english, which))
              if len(sentence.split()) <= 12]
    for language in sorted(set(corpus) - {"en"}):
        lines = corpus[language]
        rows = list(flores_articles.half(lines, which))
        for number in range(per_language):
            first, second, third = (flores_articles.csv_unquoted(lines[rows[(3 * number + k) % len(rows)]])
                                    for k in range(3))
            quote = f"“{quotes[(number * 7 + len(language)) % len(quotes)]}”"
            for blocks in ((f"{first} {second}", quote), (f"{first} {second}", f"{quote} {third}")):
                article = Article(path="teaser.txt", blocks=tuple(
                    Block(kind=Kind.PARAGRAPH, text=text, raw=text, line=2 * at + 1) for at, text in enumerate(blocks)))
                found = detect_article(article)
                tally["teasers"] += 1
                tally["wrong"] += found.language != language
                tally["doubted"] += bool(found.doubt)
                tally["doubted wrong"] += bool(found.doubt) and found.language != language
    return tally


def titles_half(corpus: dict[str, list[str]], which: str, per_language: int) -> dict[str, int]:
    tally = dict.fromkeys(("titles", "wrong", "wrong unsure", "right", "right unsure"), 0)
    for language in sorted(corpus):
        lines = corpus[language]
        taken = 0
        for row in flores_articles.half(lines, which):
            title = five_words(flores_articles.csv_unquoted(lines[row]), language)
            if title is None:
                continue
            found = detect_article(title_article(title))
            right = "right" if found.language == language else "wrong"  # as bench_detect.py compares
            tally["titles"] += 1
            tally[right] += 1
            tally[f"{right} unsure"] += found.confidence < UNSURE
            taken += 1
            if taken == per_language:
                break
    return tally


def briefs_half(corpus: dict[str, list[str]], which: str, per_language: int) -> dict[str, int]:
    """Short articles, as a news brief is: a five-word title and a paragraph of two sentences."""
    tally = dict.fromkeys(("briefs", "wrong", "right unsure"), 0)
    for language in sorted(corpus):
        lines = corpus[language]
        rows = list(flores_articles.half(lines, which))
        for number in range(per_language):
            first, second, third = (flores_articles.csv_unquoted(lines[rows[(3 * number + k) % len(rows)]])
                                    for k in range(3))
            title = five_words(first, language) or first
            blocks = (Block(kind=Kind.TITLE, text=title, raw=title, line=1),
                      Block(kind=Kind.PARAGRAPH, text=f"{second} {third}", raw=f"{second} {third}", line=3))
            found = detect_article(Article(path="brief.txt", blocks=blocks))
            tally["briefs"] += 1
            if found.language != language:
                tally["wrong"] += 1
            elif found.confidence < UNSURE:
                tally["right unsure"] += 1
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=["tune", "check", "both"], default="both")
    parser.add_argument("--titles-per-language", type=int, default=20)
    options = parser.parse_args()
    if not flores_articles.available():
        raise SystemExit(f"no FLORES data at {flores_articles.FLORES}")
    corpus = flores_articles.load()
    print(f"# bench_detect_certainty: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"UNSURE = {UNSURE}\n")
    print("| half | articles below UNSURE | of them for their evidence | titles | wrong "
          "| wrong titles below UNSURE | right titles below UNSURE |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    met = True
    for which in (["tune", "check"] if options.half == "both" else [options.half]):
        count, unsure, by_evidence, unsure_wrong = articles_half(corpus, which)
        titles = titles_half(corpus, which, options.titles_per_language)
        print(f"| {which} | {len(unsure)} / {count} | {by_evidence} | {titles['titles']} | {titles['wrong']} | "
              f"{titles['wrong unsure']} / {titles['wrong']} | {titles['right unsure']} / {titles['right']} |")
        for line in unsure:
            print(f"  unsure article {line}")
        print(f"  unsure articles whose language is wrong: {unsure_wrong} / {len(unsure)}")
        teasers = teasers_half(corpus, which, options.titles_per_language)
        print(f"  teasers (2 sentences and an English quote, its own block or before a sentence): "
              f"{teasers['teasers']}, wrong {teasers['wrong']}, with a doubt {teasers['doubted']} "
              f"(of them wrong {teasers['doubted wrong']})")
        briefs = briefs_half(corpus, which, options.titles_per_language)
        print(f"  briefs (a title and a 2-sentence paragraph): {briefs['briefs']}, wrong {briefs['wrong']}, "
              f"right but below UNSURE {briefs['right unsure']}")
        met = met and by_evidence == 0
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
