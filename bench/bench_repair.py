"""Cut-paragraph repair on real text: how many real paragraph breaks it joins, how many scraper
cuts it leaves apart, before and after the rule read the article's own usage of its words.

    python bench/bench_repair.py [--languages de,fr,en] [--rounds 5] [--seed 7] [--half tune|check|both]

Articles of FLORES-200 dev sentences (../shared/data/flores-dev, see flores_articles.py
`mangled_articles`): paragraphs of 1 to 5 consecutive sentences, some under a heading; 20% of
the paragraphs another one follows lose their final punctuation (a real break the rule may
take for a cut: "false joins"), 25% get a blank line at a random word boundary inside a
sentence (a scraper's cut: left apart, a "missed join"). Each round lays a half's sentences
out again with other paragraphs, drops and cuts; all from --seed. The rule's constants were
chosen on `tune`; `check` is text it never saw. Breaks after a full stop and around headings
are counted too: they must never be joined. A second table puts a one-sentence English quote
(in typographic quotes) after each paragraph that lost its final punctuation, in place of its
own next paragraph: a quote starts a sentence of its own and must never be joined.
"""

from __future__ import annotations

import argparse
import os
from contextlib import contextmanager
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import flores_articles  # noqa: E402



def previous_is_cut(first, second, previous, markup: str = "", authored: bool = False, usage=None) -> bool:
    """repair.is_cut as it was before it read the article's usage of its words (commit 91d348c),
    kept here only to be measured beside the rule of now."""
    from uebersetzer.document import Kind
    from uebersetzer.repair import _has_inner_sentence_end, _is_body, ends_sentence, looks_like_heading

    if first.kind != Kind.PARAGRAPH or ends_sentence(first.text, markup) or not _is_body(second, markup):
        return False
    if second.text[:1].islower():
        return True
    if authored:
        return False
    if not looks_like_heading(first.text, markup) or _has_inner_sentence_end(first.text, markup):
        return True
    follows_heading = previous is not None and previous.kind == Kind.HEADING
    return follows_heading and ("," in first.text or len(first.text.split()) >= 6)


@contextmanager
def rule(name: str):
    """"before": repair_cut_paragraphs deciding with previous_is_cut; "now": with repair.is_cut."""
    from uebersetzer import repair

    current = repair.is_cut
    repair.is_cut = previous_is_cut if name == "before" else current
    try:
        yield
    finally:
        repair.is_cut = current


def rate(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else "0/0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", default="de,fr,en")
    parser.add_argument("--rounds", type=int, default=5, help="layouts of each half")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--half", choices=["tune", "check", "both"], default="both")
    options = parser.parse_args()
    if not flores_articles.available():
        raise SystemExit(f"no FLORES data at {flores_articles.FLORES}: ../shared is absent, nothing to measure")
    from uebersetzer import repair

    languages = options.languages.split(",")
    corpus = {language: flores_articles.sentences(language) for language in {*languages, "en", "de"}}
    print(f"# bench_repair: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"seed {options.seed}, {options.rounds} rounds; INSIDE_TIMES {repair.INSIDE_TIMES}, LONGEST_JOINED_SENTENCE "
          f"{repair.LONGEST_JOINED_SENTENCE}, LONGEST_AFTER_A_WORD_SEEN_INSIDE_ONCE "
          f"{repair.LONGEST_AFTER_A_WORD_SEEN_INSIDE_ONCE}\n")
    print("| half | language | rule | false joins (break without final punctuation) | missed joins (cut) "
          "| joined breaks after a full stop | joined heading breaks |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for which in (["tune", "check"] if options.half == "both" else [options.half]):
        for language in languages:
            articles = flores_articles.mangled_articles(corpus, language, which, options.seed, options.rounds)
            for name in ("before", "now"):
                with rule(name):
                    tally = flores_articles.repair_tally(articles)
                cuts, joined_cuts = tally["cut"]
                print(f"| {which} | {language} | {name} | {rate(tally['dropped'][1], tally['dropped'][0])} "
                      f"| {rate(cuts - joined_cuts, cuts)} | {rate(tally['break'][1], tally['break'][0])} "
                      f"| {rate(tally['heading'][1], tally['heading'][0])} |")
    quote_tables = (("an English quote", flores_articles.english_quote, "en"),
                    # a German article's English paragraph, unquoted (an English article's: German)
                    ("a paragraph of one sentence in another language, unquoted", str, "de"))
    for title, shape, other in quote_tables:
        print(f"\n| half | language | rule | joined: paragraph without final punctuation, then {title} |")
        print("| --- | --- | --- | ---: |")
        for which in (["tune", "check"] if options.half == "both" else [options.half]):
            for language in languages:
                quoting = "en" if language != "en" else other
                if quoting == language:
                    continue
                sentences = [corpus[quoting][row] for row in flores_articles.half(corpus[quoting], which)]
                articles = flores_articles.mangled_articles(corpus, language, which, options.seed, options.rounds)
                quoted = flores_articles.quoted_after_dropped(articles, sentences, shape)
                for name in ("before", "now"):
                    with rule(name):
                        dropped, joined = flores_articles.repair_tally(quoted)["dropped"]
                    print(f"| {which} | {language} | {name} | {rate(joined, dropped)} |")


if __name__ == "__main__":
    main()
