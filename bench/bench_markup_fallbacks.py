"""Benchmark: how many sentences the moved-markup check (restore._check_wordless_markup) sends to
the piecewise fallback, with the check and without it, side by side in one run.

Not a test. Run: ARGOS_PACKAGES_DIR=DIR python bench/bench_markup_fallbacks.py [--paragraphs 300] [--seed 1]
(DIR holding the de -> en fixture model: `uebersetzer models install --file
tests/fixtures/models/de_en.argosmodel`).

The paragraphs are the fixture model's sentences with one to three random runs of words in
inline tags (`<b>`, `<i>`, a link, a `<span>`), nested or side by side, as CMS editors leave
them. A sentence the check sends to the fallback is one the model gave every placeholder in its
order but with words moved into markup that held none in the source (`{1}{2}Der Präsident{3}`
-> `{1}the president{2}`), or with a footnote's "1" replaced.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
from dataclasses import replace
from pathlib import Path
from unittest import mock

from uebersetzer import restore
from uebersetzer.engines import create_engine
from uebersetzer.parse import parse
from uebersetzer.read import SourceText
from uebersetzer.segment import segment_article
from uebersetzer.translate import FALLBACK_NOTE, Request, translate_requests

SENTENCES = ["Der Präsident trifft den Minister in Berlin.", "Der Minister trifft den Präsidenten in Berlin.",
             "Der Minister trifft den Präsidenten in Rom.", "Der Präsident trifft den Minister in Wien.",
             "Die Regierung kritisiert die Sanktionen am Montag."]
TAGS = [("<b>", "</b>"), ("<i>", "</i>"), ('<a href="https://example.org/a">', "</a>"), ('<span class="x">', "</span>")]


def paragraph(rng: random.Random) -> str:
    words = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3))).split()
    runs: list[tuple[int, int, tuple[str, str]]] = []
    for _ in range(rng.randint(1, 3)):
        first = rng.randrange(len(words))
        last = rng.randrange(first, min(len(words), first + 4))
        nests = all(last < start or end < first or start <= first and last <= end or first <= start and end <= last
                    for start, end, _ in runs)
        if nests and all((start, end) != (first, last) for start, end, _ in runs):
            runs.append((first, last, rng.choice(TAGS)))
    runs.sort(key=lambda run: (run[0], -run[1]))
    return "<p>" + " ".join("".join(tag[0] for start, _, tag in runs if start == at) + word
                            + "".join(tag[1] for _, end, tag in reversed(runs) if end == at)
                            for at, word in enumerate(words)) + "</p>"


def fallbacks(requests: list[Request]) -> dict[str, int]:
    done = translate_requests(requests, create_engine("argos"))
    notes = [note for request in requests for note in done[request].notes if note.startswith(FALLBACK_NOTE)]
    return {"fallbacks": len(notes), "moved_markup": sum("moved the markup" in note for note in notes)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    text = "\n".join(paragraph(rng) for _ in range(args.paragraphs)) + "\n"
    article = segment_article(replace(parse(SourceText(Path("a.html"), "a.html", text, "\n", "utf-8")), language="de"))
    requests = list(dict.fromkeys(Request("de", "en", segment.msgid, "html")
                                  for block in article.blocks for segment in block.segments))
    with_check = fallbacks(requests)
    with mock.patch.object(restore, "_check_wordless_markup", lambda protected, output: ""):
        without_check = fallbacks(requests)
    import ctranslate2

    print(json.dumps({"machine": platform.machine(), "python": sys.version.split()[0],
                      "ctranslate2": ctranslate2.__version__, "sentences": len(requests),
                      "with_check": with_check, "without_check": without_check}))


if __name__ == "__main__":
    main()
