"""The read stage's encoding guess on real text: FLORES-200 dev in legacy code pages.

    nice python bench/bench_charsets.py [--samples 40] [--sentences 1,3,6] [--seed 1]

For each language and a code page it was written in before UTF-8, takes `--samples` runs of
N consecutive sentences (each N of `--sentences`), encodes them, and reads the bytes as
`uebersetzer` does (read.decode, no charset declared). Prints per language and code page:

    right     read as the same text as the UTF-8 file
    refused   "its encoding cannot be told": the user names it with --encoding
    wrong     read as another text (mojibake), with a warning naming the encoding

and, for comparison, charset-normalizer's own best reading alone (`cn right`). The target:
wrong as near 0 as possible, right as high as possible (charsets.MARGIN trades one for the other).
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import flores_articles  # noqa: E402
from uebersetzer.errors import ArticleError  # noqa: E402
from uebersetzer.read import decode  # noqa: E402

CODE_PAGES = {
    "ru": ("cp1251", "koi8_r"), "uk": ("cp1251",), "bg": ("cp1251",), "ar": ("cp1256", "iso8859_6"),
    "fa": ("cp1256",), "he": ("cp1255", "iso8859_8"), "el": ("cp1253", "iso8859_7"), "ja": ("shift_jis", "euc_jp"),
    "zh": ("gb18030",), "ko": ("euc_kr",), "de": ("cp1252",), "fr": ("cp1252",), "es": ("cp1252",),
    "cs": ("cp1250", "iso8859_2"), "pl": ("cp1250",), "hu": ("cp1250",), "tr": ("cp1254",), "lt": ("cp1257",),
}


def outcome(text: str, data: bytes) -> str:
    try:
        read, _, _ = decode(data, "bench.txt")
    except ArticleError as error:
        return "refused" if "--encoding" in error.message else "binary"
    return "right" if read == text else "wrong"


def charset_normalizer_alone(text: str, data: bytes) -> bool:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    return best is not None and str(best) == text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--sentences", default="1,3,6")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    import charset_normalizer

    print(f"{platform.node()} Python {platform.python_version()} charset-normalizer {charset_normalizer.__version__}")
    randomly = random.Random(options.seed)
    for count in (int(n) for n in options.sentences.split(",")):
        total: Counter[str] = Counter()
        print(f"\n{count} sentence(s) per text, {options.samples} texts per code page")
        print(f"{'language':8} {'code page':10} {'right':>6} {'refused':>8} {'wrong':>6} {'cn right':>9}")
        for language, pages in CODE_PAGES.items():
            lines = flores_articles.sentences(language)
            for page in pages:
                tally: Counter[str] = Counter()
                for _ in range(options.samples):
                    start = randomly.randrange(len(lines) - count)
                    text = "\n".join(lines[start:start + count]) + "\n"
                    try:
                        data = text.encode(page)
                    except UnicodeEncodeError:
                        tally["not encodable"] += 1
                        continue
                    tally[outcome(text, data)] += 1
                    tally["cn right"] += charset_normalizer_alone(text, data)
                total += tally
                print(f"{language:8} {page:10} {tally['right']:6} {tally['refused']:8} {tally['wrong']:6} "
                      f"{tally['cn right']:9}")
        judged = total["right"] + total["refused"] + total["wrong"]
        print(f"{'all':19} {total['right'] / judged:6.1%} {total['refused'] / judged:8.1%} "
              f"{total['wrong'] / judged:6.1%} {total['cn right'] / judged:9.1%}")


if __name__ == "__main__":
    main()
