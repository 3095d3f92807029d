"""What reading an article's metadata costs the parse stage, side by side in one run.

    python bench/bench_metadata.py [--paragraphs 2000] [--keys 200]

HTML: the same page parsed with its JSON-LD script read (`type="application/ld+json"`: an
`@graph` whose NewsArticle carries an articleBody as long as the page's paragraphs) and
not read (the same script as `type="text/plain"`). Markdown: the same article with a front
matter of `--keys` keys (a title, a folded description and other keys) and without one.
Generated text (no data needed). Prints the machine, the versions, the CPU seconds of each
(median of the rounds, alternating the two) and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

ROUNDS = 5


def page(paragraphs: int, script_type: str) -> str:
    sentences = [f"Der Präsident trifft den Minister Nummer {n} in Berlin." for n in range(paragraphs)]
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": "https://x.example/a/", "name": "Gipfel", "inLanguage": "de-DE"},
        {"@type": "NewsArticle", "headline": "Gipfel in Berlin", "description": "Der Präsident kam.",
         "articleBody": " ".join(sentences), "author": {"@type": "Person", "name": "Jörg Müller"},
         "image": {"@type": "ImageObject", "url": "https://x.example/a.jpg", "caption": "Der Minister"},
         "inLanguage": "de-DE"}]}
    body = "".join(f"<p>{sentence}</p>\n" for sentence in sentences)
    return (f'<html lang="de"><head><script type="{script_type}">{json.dumps(graph)}</script></head>'
            f"<body>{body}</body></html>")


def markdown(paragraphs: int, keys: int) -> str:
    front = ("---\ntitle: Gipfel in Berlin\ndescription: >-\n  Der Präsident kam.\n  Der Minister ging.\n"
             + "".join(f"key{n}: Wert {n}\n" for n in range(keys)) + "---\n\n") if keys else ""
    return front + "".join(f"Der Präsident trifft den Minister Nummer {n} in Berlin.\n\n" for n in range(paragraphs))


def seconds(parse: Callable[[], object]) -> float:
    started = time.process_time()
    parse()
    return time.process_time() - started


def compare(label: str, name: str, with_it: str, without: str, what: str) -> None:
    from uebersetzer.parse import parse
    from uebersetzer.read import SourceText

    def parsed(text: str) -> Callable[[], object]:
        return lambda: parse(SourceText(Path(name), name, text, "\n", "utf-8"))

    parsed(with_it)()  # imports, outside the timing
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(ROUNDS):
        times["with"].append(seconds(parsed(with_it)))
        times["without"].append(seconds(parsed(without)))
    blocks = len(parsed(with_it)().blocks) - len(parsed(without)().blocks)  # type: ignore[attr-defined]
    median = {key: statistics.median(values) for key, values in times.items()}
    print(f"{label}: {what} {median['with']:.3f} s, without {median['without']:.3f} s CPU (median of {ROUNDS}), "
          f"ratio {median['with'] / median['without']:.2f}; {blocks} more blocks")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--keys", type=int, default=200)
    options = parser.parse_args()
    from importlib.metadata import version

    print(f"# bench_metadata: {platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}, html5lib {version('html5lib')}, PyYAML {version('PyYAML')}, "
          f"markdown-it-py {version('markdown-it-py')}; {options.paragraphs} paragraphs")
    with_script = page(options.paragraphs, "application/ld+json")
    compare("html", "a.html", with_script, page(options.paragraphs, "text/plain"),
            f"{len(with_script) / 1e3:.0f} KB page, JSON-LD read")
    compare("markdown", "a.md", markdown(options.paragraphs, options.keys), markdown(options.paragraphs, 0),
            f"front matter of {options.keys + 2} keys")


if __name__ == "__main__":
    main()
