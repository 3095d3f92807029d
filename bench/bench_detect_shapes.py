"""Two shapes of mixed article a new user's try-out found read wrong, built from FLORES-200 dev.

    python bench/bench_detect_shapes.py [--half tune|check|both] [--languages zh,ja,...]

Runs the detect stage as `uebersetzer translate` does (detect_article, settle_inherited,
segment, detect_sentences) on the articles of bench/flores_articles.py:

  short lines (short_line_articles): 5-8 one-line blocks in the language, each the start of
  a sentence (10-24 characters in Chinese and Japanese, 2-5 words elsewhere), and one English
  quote as a block among them. Per language:

    article     articles read as their language
    as en       articles read as English (the fault: nothing was translated)
    all right   ... and the quote moved to en, every line in the language

  English paragraph (english_paragraph_articles): an English title over a paragraph of three
  English sentences and one sentence in the language; `long` with the half's sentences in
  turn, `short` with each English sentence cut to its first 4-8 words, so the other sentence
  is the longer part. Per language and kind:

    article     articles read as English
    english     ... whose English sentences are all in English (none sent to another model)
    inside      ... whose sentence in the language is marked as that language
    all right   all three

A language written in Latin letters is listed for information: neither fault was in them.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench import flores_articles as fa  # noqa: E402
from uebersetzer.detect import detect_article, detect_sentences  # noqa: E402
from uebersetzer.detect_inherited import settle_inherited  # noqa: E402
from uebersetzer.document import Article  # noqa: E402
from uebersetzer.segment import segment_article  # noqa: E402


def detected(test: fa.TestArticle) -> Article:
    """The article through the detect stage, as the pipeline runs it."""
    return detect_sentences(segment_article(settle_inherited(detect_article(fa.as_article(test)))))


def sentence_languages(article: Article, index: int) -> list[tuple[str, str]]:
    """(sentence, language) for each sentence of block `index`, as the pipeline translates it."""
    block = article.blocks[index]
    return [(segment.msgid, segment.language or block.language or article.language) for segment in block.segments]


def tally_short_lines(articles: list[fa.TestArticle]) -> Counter:
    counts: Counter = Counter()
    for test in articles:
        article = detected(test)
        counts["articles"] += 1
        counts["article"] += article.language == test.language
        counts["as en"] += article.language == "en"
        counts["all right"] += article.language == test.language and all(
            (block.language or article.language) == written.language
            for block, written in zip(article.blocks, test.blocks))
    return counts


def tally_english_paragraph(articles: list[fa.TestArticle]) -> Counter:
    counts: Counter = Counter()
    for test in articles:
        article = detected(test)
        inside = test.blocks[1]
        sentences = [(text, language) for text, language in sentence_languages(article, 1)
                     if any(ch.isalpha() for ch in text)]  # not a stray "." segment cut off
        inserted = [language for text, language in sentences if text in inside.inside]
        english = [language for text, language in sentences if text not in inside.inside]
        right = (article.language == "en", all(language == "en" for language in english),
                 bool(inserted) and all(language == inside.inside_language for language in inserted))
        counts["articles"] += 1
        counts["article"] += right[0]
        counts["english"] += right[1]
        counts["inside"] += right[2]
        counts["all right"] += all(right)
    return counts


def table(title: str, columns: tuple[str, ...], rows: dict[str, Counter], latin: set[str]) -> None:
    print(f"\n### {title}\n")
    print("| lang | " + " | ".join(columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    totals: dict[str, Counter] = defaultdict(Counter)
    for language, counts in rows.items():
        print(f"| {language} | " + " | ".join(f"{counts[column]}/{counts['articles']}" for column in columns) + " |")
        totals["Latin" if language in latin else "other scripts"].update(counts)
    for name, counts in totals.items():
        print(f"| all {name} | " + " | ".join(f"{counts[column]}/{counts['articles']}" for column in columns) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=["tune", "check", "both"], default="both")
    parser.add_argument("--languages", default="", help="comma-separated codes (default: all but en)")
    args = parser.parse_args()
    if not fa.available():
        sys.exit(f"FLORES data not found at {fa.FLORES}")
    corpus = fa.load()
    languages = args.languages.split(",") if args.languages else sorted(set(corpus) - {"en"})
    latin = {language for language in languages if all("LATIN" in unicodedata.name(ch, "LATIN")
                                                        for ch in corpus[language][0] if ch.isalpha())}
    for which in (fa.HALVES if args.half == "both" else (args.half,)):
        print(f"\n## {which} half")
        table("short lines with one English quote", ("article", "as en", "all right"),
              {language: tally_short_lines(fa.short_line_articles(corpus, language, which)) for language in languages},
              latin)
        for short in (False, True):
            table(f"an English paragraph with one sentence in another language ({'short' if short else 'long'} "
                  "English sentences)", ("article", "english", "inside", "all right"),
                  {language: tally_english_paragraph(fa.english_paragraph_articles(corpus, language, which, short))
                   for language in languages}, latin)


if __name__ == "__main__":
    main()
