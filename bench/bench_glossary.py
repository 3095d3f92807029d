"""Glossary loading: seconds per size, as loaded now and as it was loaded before, side by side.

    python bench/bench_glossary.py [SIZE ...]        (default 5000 10000 50000)
    python bench/bench_glossary.py --matching [SIZE]  (default 50000; needs ../shared/data/flores-dev)

Each size is a generated YAML glossary (tests/test_glossary.py's generator: made-up names,
a quarter each kept as written, with a target, with a variant, ignore_case), written to a
temporary file and read with `load_glossary` as `translate` and `glossary check` read theirs.
"now" is libyaml's parser with Python's cycle collector paused; "before" is PyYAML's
pure-Python parser with the collector on, as it was. Time is CPU time of this process; the
µs per entry show whether loading grows with the glossary (now) or faster (before).
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

import yaml  # noqa: E402

from tests.test_glossary import generated_glossary  # noqa: E402
from uebersetzer import glossary  # noqa: E402


def seconds(path: Path, before: bool) -> float:
    patches = [mock.patch.object(glossary, "_loader_class", lambda: yaml.SafeLoader),
               mock.patch.object(glossary, "_collector_paused", contextlib.nullcontext)] if before else []
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        started = time.process_time()
        loaded = glossary.load_glossary(path)
        spent = time.process_time() - started
    assert len(loaded) > 0
    return spent


FLORES = ROOT.parent / "shared" / "data" / "flores-dev"
MATCHED_LANGUAGES = ("de", "ru", "ar", "zh", "ja")


def matching_seconds(terms: glossary.Glossary, lines: list[str], language: str, first_letters: bool) -> float:
    """CPU time to find the terms of `terms` in every line, with or without the lookahead for
    the letters terms begin with (glossary._first_letters), the pattern compiled beforehand."""
    patch = contextlib.nullcontext() if first_letters else mock.patch.object(glossary, "_first_letters",
                                                                              lambda forms: "")
    with patch:
        terms._patterns.clear()
        terms._pattern("en")
        started = time.process_time()
        for line in lines:
            terms.find_terms(line, language, "en")
        return time.process_time() - started


def main_matching(size: int) -> None:
    """Finding terms in 997 FLORES sentences per language: a generated glossary of `size`
    made-up names (none occurs, so every place is tried and turned away), side by side."""
    if not FLORES.is_dir():
        sys.exit(f"bench_glossary: {FLORES} is missing; ../shared must sit beside the checkout")
    print(f"{platform.node()}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"python {platform.python_version()}; {size} entries")
    print(f"{'language':>8} {'lines':>6} {'with s':>7} {'without s':>10} {'without/with':>13}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "g.yaml"
        path.write_text(generated_glossary(size, "yaml"), encoding="utf-8")
        terms = glossary.load_glossary(path)
        for language in MATCHED_LANGUAGES:
            lines = (FLORES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
            now, then = matching_seconds(terms, lines, language, True), matching_seconds(terms, lines, language, False)
            print(f"{language:>8} {len(lines):>6} {now:>7.2f} {then:>10.2f} {then / now:>12.0f}x")


def main(sizes: list[int]) -> None:
    print(f"{platform.node()}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"python {platform.python_version()}, PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__})")
    print(f"{'entries':>8} {'now s':>7} {'µs/entry':>9} {'before s':>9} {'µs/entry':>9} {'before/now':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"g{size}.yaml"
            path.write_text(generated_glossary(size, "yaml"), encoding="utf-8")
            now, then = seconds(path, before=False), seconds(path, before=True)
            print(f"{size:>8} {now:>7.2f} {now / size * 1e6:>9.1f} {then:>9.2f} {then / size * 1e6:>9.1f} "
                  f"{then / now:>9.1f}x")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--matching"]:
        main_matching(int(sys.argv[2]) if len(sys.argv) > 2 else 50000)
    else:
        main([int(size) for size in sys.argv[1:]] or [5000, 10000, 50000])
