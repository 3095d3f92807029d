"""Language detection on real text: FLORES-200 dev articles in 36 languages (+ English).

    python bench/bench_detect.py [--half tune|check|both] [--languages de,da,...] [--no-speed]

Builds the articles of bench/flores_articles.py (a 6-10 word title, four 5-sentence
paragraphs; mixed ones add an English 2-sentence paragraph and a one-sentence English
quote as blocks of their own; others one sentence in another language inside a
paragraph), runs the detect stage on each as `uebersetzer translate` does, and prints per
language:

    articles    articles whose language came out wrong, of all (single + mixed)
    false       blocks moved to another language in single-language articles
    en para     inserted English paragraphs found (moved to en)
    quote 12+   one-sentence English quotes of 12 or more words found
    quote <12   the same for shorter quotes (no target; for information)
    wrong       other blocks of mixed articles moved (to any language)

and the targets: 0 wrong article languages, 0 false blocks, 100% of English paragraphs,
>= 95% of 12+ word quotes. Then the sentence test (detect_sentences, run after segment as
the pipeline runs it) per language:

    false sentences   sentences moved in single-language articles (target 0)
    inside 12+        the sentence in another language put inside a paragraph, 12+ words, found
    inside <12        the same for shorter ones (for information)
    others moved      the other sentences of those articles moved (target 0)
    block moved       a paragraph with the sentence inside moved whole

The `tune` half is what the detector's constants were chosen on; `check` is text they
never saw. Then the speed: detection time against a translate run
of the same German articles with the de -> en fixture model (both measured in this run).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench import flores_articles  # noqa: E402
from bench.flores_articles import as_article  # noqa: E402
from uebersetzer.detect import detect_article, detect_sentences  # noqa: E402
from uebersetzer.document import Article  # noqa: E402
from uebersetzer.segment import segment_article  # noqa: E402


class Tally:
    def __init__(self) -> None:
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.confusion: dict[str, Counter] = defaultdict(Counter)  # language -> what detect made of it
        self.misses: list[str] = []
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self.articles = 0
        self.sentence_cpu_seconds = 0.0  # detect_sentences alone, on the segmented articles
        self.sentence_articles = 0

    def add(self, test: flores_articles.TestArticle, mixed: bool) -> None:
        article = as_article(test)
        started, cpu = time.perf_counter(), time.process_time()
        detected = detect_article(article)
        self.seconds += time.perf_counter() - started
        self.cpu_seconds += time.process_time() - cpu
        self.articles += 1
        row = self.counts[test.language]
        row["articles"] += 1
        self.confusion[test.language]["article " + detected.language] += 1
        if detected.language != test.language:
            row["wrong article"] += 1
            self.misses.append(f"article {test.name}: {detected.language} ({detected.confidence})")
        for built, block in zip(test.blocks, detected.blocks):
            moved = block.language != detected.language
            if moved:
                self.confusion[test.language][f"{built.language} block -> {block.language}"] += 1
            if not mixed:
                row["blocks"] += 1
                if moved:
                    row["false"] += 1
                    self.misses.append(f"false {test.name} {built.role} -> {block.language}: {built.text[:70]}")
                continue
            if built.role == "english paragraph":
                row["en para"] += 1
                row["en para found"] += block.language == "en"
            elif built.role == "english quote":
                bucket = "quote 12+" if len(built.text.split()) >= 12 else "quote <12"
                row[bucket] += 1
                row[bucket + " found"] += block.language == "en"
                if block.language != "en" and bucket == "quote 12+":
                    self.misses.append(f"missed {test.name} quote ({len(built.text.split())} words): {built.text[:70]}")
            elif moved:
                row["wrong"] += 1
                self.misses.append(f"wrong {test.name} {built.role} -> {block.language}: {built.text[:70]}")

    def add_sentences(self, test: flores_articles.TestArticle) -> None:
        """The sentence test on an article as the pipeline runs it: detect, segment, detect_sentences.
        A single-language article's moved sentences are false; in one with a sentence inside a
        paragraph, that sentence should move to its language and no other."""
        segmented = segment_article(detect_article(as_article(test)))
        cpu = time.process_time()
        detected = detect_sentences(segmented)
        self.sentence_cpu_seconds += time.process_time() - cpu
        self.sentence_articles += 1
        row = self.counts[test.language]
        single = not any(built.inside for built in test.blocks)
        for built, block in zip(test.blocks, detected.blocks):
            if block.language != detected.language:
                continue  # a moved block: the block test's figures
            inside = _inside_span(block.text, built.inside) if built.inside else None
            found = None if inside is None else True
            for segment, span in _spans(block):
                moved = segment.language != detected.language
                if inside is not None and span[0] < inside[1] and inside[0] < span[1]:
                    found = found and segment.language == built.inside_language
                    continue
                row["sentences" if single else "inside others"] += 1
                if moved:
                    row["false sentences" if single else "inside wrong"] += 1
                    self.misses.append(f"false sentence {test.name} -> {segment.language}: {segment.msgid[:70]}")
            if inside is not None:
                bucket = "inside 12+" if len(built.inside.split()) >= 12 else "inside <12"
                row[bucket] += 1
                row[bucket + " found"] += bool(found)
                if not found and bucket == "inside 12+":
                    self.misses.append(f"missed {test.name} sentence ({len(built.inside.split())} words, "
                                       f"{built.inside_language}): {built.inside[:70]}")
        if any(built.inside and block.language != detected.language for built, block in zip(test.blocks, detected.blocks)):
            row["inside block moved"] += 1


def _inside_span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def _spans(block) -> list[tuple[object, tuple[int, int]]]:
    """Each segment of the block with where its source stands in the block's text."""
    found, cursor = [], 0
    for segment in block.segments:
        start = block.text.find(segment.source, cursor)
        start = cursor if start < 0 else start
        found.append((segment, (start, start + len(segment.source))))
        cursor = start + len(segment.source)
    return found


def run_half(corpus: dict[str, list[str]], which: str, languages: list[str]) -> Tally:
    tally = Tally()
    for language in languages:
        for test in flores_articles.single_articles(corpus, language, which):
            tally.add(test, mixed=False)
            tally.add_sentences(test)
        if language != "en":
            for test in flores_articles.mixed_articles(corpus, language, which):
                tally.add(test, mixed=True)
        for test in flores_articles.sentence_inside_articles(corpus, language, which):
            tally.add_sentences(test)
    return tally


def percent(found: int, total: int) -> str:
    return f"{found}/{total}" if total else "-"


def report(which: str, tally: Tally) -> bool:
    print(f"\n## {which} half: {tally.articles} articles\n")
    print("| lang | articles wrong | false blocks | en para found | quote 12+ found | quote <12 found | other wrong |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    total: Counter = Counter()
    for language, row in sorted(tally.counts.items()):
        total.update(row)
        print(f"| {language} | {row['wrong article']}/{row['articles']} | {row['false']}/{row['blocks']} | "
              f"{percent(row['en para found'], row['en para'])} | {percent(row['quote 12+ found'], row['quote 12+'])} | "
              f"{percent(row['quote <12 found'], row['quote <12'])} | {row['wrong']} |")
    print(f"| all | {total['wrong article']}/{total['articles']} | {total['false']}/{total['blocks']} | "
          f"{percent(total['en para found'], total['en para'])} | {percent(total['quote 12+ found'], total['quote 12+'])} | "
          f"{percent(total['quote <12 found'], total['quote <12'])} | {total['wrong']} |")
    print("\nconfusion: what each language's articles were detected as, and where blocks went\n")
    print("| lang | articles detected as | blocks moved (written in -> moved to) |")
    print("| --- | --- | --- |")
    for language, seen in sorted(tally.confusion.items()):
        articles = ", ".join(f"{name.split()[1]} {count}" for name, count in seen.most_common() if name.startswith("article"))
        blocks = ", ".join(f"{name.replace(' block', '')} {count}" for name, count in seen.most_common()
                           if not name.startswith("article"))
        print(f"| {language} | {articles} | {blocks or '-'} |")
    quotes = total["quote 12+ found"] / max(total["quote 12+"], 1)
    targets = {
        "0 wrong article languages": total["wrong article"] == 0,
        "0 blocks moved in single-language articles": total["false"] == 0,
        "100% of English paragraphs found": total["en para found"] == total["en para"],
        f">= 95% of 12+ word English quotes found ({quotes:.1%})": quotes >= 0.95,
    }
    print()
    for name, met in targets.items():
        print(f"- [{'x' if met else ' '}] {name}")
    if tally.misses:
        print("\nmisses:")
        for miss in tally.misses[:40]:
            print(f"  {miss}")
    sentences_met = report_sentences(tally, total)
    print(f"\ndetection: {tally.seconds:.2f} s wall, {tally.cpu_seconds:.2f} s CPU for {tally.articles} articles "
          f"({1000 * tally.seconds / max(tally.articles, 1):.1f} ms wall, "
          f"{1000 * tally.cpu_seconds / max(tally.articles, 1):.1f} ms CPU per article)")
    print(f"detect_sentences: {tally.sentence_cpu_seconds:.2f} s CPU for {tally.sentence_articles} segmented articles "
          f"({1000 * tally.sentence_cpu_seconds / max(tally.sentence_articles, 1):.2f} ms per article)")
    return all(targets.values()) and sentences_met


def report_sentences(tally: Tally, total: Counter) -> bool:
    """The sentence test's table: false moves in single-language articles, sentences inside paragraphs found."""
    print("\nsentences (detect_sentences, after segment): false moves in single-language articles, and the "
          "sentence in another language put inside a paragraph\n")
    print("| lang | false sentences | inside 12+ found | inside <12 found | others moved | block moved |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for language, row in sorted(tally.counts.items()):
        print(f"| {language} | {row['false sentences']}/{row['sentences']} | "
              f"{percent(row['inside 12+ found'], row['inside 12+'])} | {percent(row['inside <12 found'], row['inside <12'])} | "
              f"{row['inside wrong']}/{row['inside others']} | {row['inside block moved']} |")
    print(f"| all | {total['false sentences']}/{total['sentences']} | "
          f"{percent(total['inside 12+ found'], total['inside 12+'])} | {percent(total['inside <12 found'], total['inside <12'])} | "
          f"{total['inside wrong']}/{total['inside others']} | {total['inside block moved']} |")
    found = total["inside 12+ found"] / max(total["inside 12+"], 1)
    targets = {
        "0 sentences moved in single-language articles": total["false sentences"] == 0,
        "0 other sentences moved in articles with a sentence inside": total["inside wrong"] == 0,
        f"12+ word sentences inside paragraphs found: {found:.1%} (no target set)": True,
    }
    print()
    for name, met in targets.items():
        print(f"- [{'x' if met else ' '}] {name}")
    return all(targets.values())


def speed(corpus: dict[str, list[str]]) -> None:
    """Detection time against a whole translate run (de -> en fixture model) on the same articles."""
    from uebersetzer import language_profiles

    tests = flores_articles.mixed_articles(corpus, "de", "tune") + flores_articles.mixed_articles(corpus, "de", "check")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        articles = root / "articles"
        articles.mkdir()
        for test in tests:
            (articles / f"{test.name}.txt").write_text(test.text(), encoding="utf-8")
        packages = root / "packages"
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages), "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "uebersetzer"]
        for model in ("de_en", "en_fr"):
            subprocess.run([*command, "models", "install", "--file", str(ROOT / f"tests/fixtures/models/{model}.argosmodel"),
                            "--quiet"], env=env, check=True)
        language_profiles.load()  # the cache exists: both sides below read it, neither builds it
        started = time.perf_counter()
        subprocess.run([*command, "translate", str(articles), "--to", "en", "--out", str(root / "out"), "--quiet"],
                       env=env, check=False)
        translate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for test in tests:
        detect_article(as_article(test))
    detect_seconds = time.perf_counter() - started
    print(f"\n## speed: {len(tests)} German articles with English blocks, de -> en fixture model\n")
    print(f"- translate run (whole pipeline, new process): {translate_seconds:.2f} s")
    print(f"- detection of the same articles (in this process): {detect_seconds:.2f} s "
          f"= {detect_seconds / translate_seconds:.1%} of the run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=["tune", "check", "both"], default="both")
    parser.add_argument("--languages", default="", help="comma-separated codes (default: all)")
    parser.add_argument("--no-speed", action="store_true")
    options = parser.parse_args()
    if not flores_articles.available():
        raise SystemExit(f"no FLORES data at {flores_articles.FLORES}")
    corpus = flores_articles.load()
    languages = options.languages.split(",") if options.languages else sorted(corpus)
    from importlib.metadata import version

    print(f"# bench_detect: {platform.node()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"langdetect {version('langdetect')}, numpy {version('numpy')}")
    halves = ["tune", "check"] if options.half == "both" else [options.half]
    met = [report(which, run_half(corpus, which, languages)) for which in halves]
    if not options.no_speed:
        speed(corpus)
    sys.exit(0 if all(met) else 1)


if __name__ == "__main__":
    main()
