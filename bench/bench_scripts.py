"""Sentence ends in every script on real text, with and without segment_scripts' passes (Hebrew
gershayim read as such, abbreviations and initials joined, full-width quotes closed and cut)
and the quoted-end rule for scripts without capitals, side by side in one run.

    python bench/bench_scripts.py [--languages ar,he,hi,ja,ko,ru,zh]

FLORES-200 dev (../shared/data/flores-dev), each language's lines five at a time joined into a
paragraph (with a space; without one in Chinese and Japanese), split by segment.split_sentences
as the pipeline does. A FLORES line is one sentence, sometimes more: a line end the splitter
misses is two sentences joined; an end inside a line is a line's second sentence or a wrong
cut. Prints the machine, the versions, per language the line ends found, the ends inside a
line and the CPU seconds of each setup, and the ratio of the CPU times.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from bench_quoted_ends import FLORES, LINES_PER_PARAGRAPH, flores_languages  # noqa: E402  (this folder)
from uebersetzer import segment, segment_scripts  # noqa: E402

UNSPACED = ("zh", "ja")


@contextmanager
def without_the_passes():
    """segment as before the passes, but for the wider quoted-end rule in segment itself (after
    ؟ and ।, before a digit, French « … . »), which is not switched off."""
    names = ("as_read", "corrected", "is_uncased_letter", "closers_moved_back")
    saved = [getattr(segment_scripts, name) for name in names]
    segment_scripts.as_read = lambda flat: flat
    segment_scripts.corrected = lambda flat, pieces, language: pieces
    segment_scripts.is_uncased_letter = lambda character: False
    segment_scripts.closers_moved_back = lambda flat, pieces: pieces
    try:
        yield
    finally:
        for name, function in zip(names, saved):
            setattr(segment_scripts, name, function)


def paragraphs(language: str) -> list[tuple[str, set[int], int]]:
    """(paragraph, where its lines end, how many line ends) for the language's FLORES lines."""
    separator = "" if language in UNSPACED else " "
    lines = (FLORES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    found = []
    for first in range(0, len(lines) - LINES_PER_PARAGRAPH + 1, LINES_PER_PARAGRAPH):
        chunk = lines[first:first + LINES_PER_PARAGRAPH]
        truth, position = set(), 0
        for line in chunk[:-1]:  # where each line ends, its trailing spaces included
            position += len(line)
            truth.update(range(len(line.rstrip()) + position - len(line), position + 1))
            position += len(separator)
        found.append((separator.join(chunk), truth, len(chunk) - 1))
    return found


def tally(language: str, texts: list[tuple[str, set[int], int]]) -> tuple[int, int, int, float]:
    """(line ends found, ends inside a line, line ends, CPU seconds)"""
    hits = inside = total = 0
    started = time.process_time()
    for text, truth, count in texts:
        ends, at = set(), 0
        for sentence in segment.split_sentences(text, language)[:-1]:
            at = text.index(sentence, at) + len(sentence)
            ends.add(at)
        hits += len(ends & truth)
        inside += len(ends - truth)
        total += count
    return hits, inside, total, time.process_time() - started


def main() -> None:
    languages = flores_languages(__doc__.split("\n\n")[0])
    print(f"{len(languages)} languages, {LINES_PER_PARAGRAPH} FLORES dev lines a paragraph; before = without the passes")
    print(f"{'lang':>4}  {'found before':>12} {'now':>5}  {'inside before':>13} {'now':>5}  {'CPU s before':>12} {'now':>5}")
    sums = {"before": [0, 0, 0, 0.0], "now": [0, 0, 0, 0.0]}
    for language in languages:
        texts = paragraphs(language)
        segment.split_sentences(texts[0][0], language)  # pysbd's rules for the language loaded in neither
        with without_the_passes():
            before = tally(language, texts)
        now = tally(language, texts)
        for name, counts in (("before", before), ("now", now)):
            sums[name] = [total + value for total, value in zip(sums[name], counts)]
        print(f"{language:>4}  {before[0]:>12,} {now[0]:>5,}  {before[1]:>13,} {now[1]:>5,}  "
              f"{before[3]:>12.2f} {now[3]:>5.2f}")
    for name, (found, inside, total, seconds) in sums.items():
        print(f"{name:>6}: line ends found {found:,} of {total:,} ({found / total:.2%}), "
              f"ends inside a line {inside:,}, {seconds:.2f} CPU s")
    print(f"CPU now / before: {sums['now'][3] / sums['before'][3]:.2f}")


if __name__ == "__main__":
    main()
