"""Short text: langdetect vs naive Bayes on langdetect's profiles vs lingua, on FLORES.

    pip install --target /tmp/lingua lingua-language-detector   # not a dependency of uebersetzer
    PYTHONPATH=/tmp/lingua python bench/bench_detect_lingua.py

Measured before deciding whether lingua should replace langdetect's profiles for blocks (it
did not: see the README's language-detection section). For every language, snippets from
the `check` half: the first 3 words of 100 sentences, and titles (the first 6 to 10 words)
of 100 sentences. Prints the share each detector gets right, its time per snippet, and
lingua's start-up cost (import and model loading, time and resident memory), which a
translate run would pay.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench import flores_articles  # noqa: E402
from uebersetzer.detect import _logs_of, _naive_bayes, _profile_rows, guess  # noqa: E402

SNIPPETS = 100


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def snippets(corpus: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """kind -> [(language, text)]"""
    found: dict[str, list[tuple[str, str]]] = {"3 words": [], "title": []}
    for language, lines in sorted(corpus.items()):
        rows = list(flores_articles.half(lines, "check"))[:SNIPPETS]
        for number, row in enumerate(rows):
            found["3 words"].append((language, " ".join(lines[row].split()[:3])))
            found["title"].append((language, flores_articles.title_of(lines[row], number)))
    return found


def langdetect_top(text: str) -> str:
    found = guess(text)
    return found.language if found else ""


def lingua_detector():
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()


def lingua_code(language) -> str:
    code = language.iso_code_639_1.name.lower()
    return {"nb": "nb", "nn": "nb"}.get(code, code)


def main() -> None:
    corpus = flores_articles.load()
    found = snippets(corpus)
    contenders = {
        "langdetect top guess": langdetect_top,
        "naive Bayes, langdetect profiles": lambda text: _naive_bayes(_logs_of(_profile_rows(text))),
    }
    try:
        before, started = rss_mb(), time.perf_counter()
        detector = lingua_detector()
        print(f"lingua: import and model loading {time.perf_counter() - started:.1f} s, "
              f"peak RSS {before:.0f} -> {rss_mb():.0f} MB")

        def with_lingua(text: str) -> str:
            language = detector.detect_language_of(text)
            return lingua_code(language) if language is not None else ""

        contenders["lingua (all languages, preloaded)"] = with_lingua
    except ImportError:
        print("lingua is not installed: only langdetect's profiles are measured")
    print(f"\n{len(found['title'])} snippets of each kind, {len(corpus)} languages\n")
    print("| detector | 3 words right | title right | ms per snippet |")
    print("| --- | ---: | ---: | ---: |")
    for name, detect in contenders.items():
        right, seconds = {}, 0.0
        for kind, items in found.items():
            started = time.perf_counter()
            right[kind] = sum(detect(text) == language for language, text in items) / len(items)
            seconds += time.perf_counter() - started
        count = sum(len(items) for items in found.values())
        print(f"| {name} | {right['3 words']:.1%} | {right['title']:.1%} | {1000 * seconds / count:.2f} |")


if __name__ == "__main__":
    main()
