"""The review start page over many catalogs: the first listing, a repeat listing with nothing
changed, and the same repeat with a cache bounded to 256 files' worth (the old bound), side
by side in one run.

The catalogs are copies of one PO file a real translate run wrote (the demo article, pseudo
engine), each in its own file below OUT/en/ressortN/, so every listing stats, and on a miss
parses and QA-checks, each of them as `uebersetzer review` does for its start page.

    python bench/bench_review_listing.py [--catalogs 2000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from uebersetzer import review  # noqa: E402
from uebersetzer.cli import main  # noqa: E402


def one_catalog(folder: Path) -> Path:
    """The demo article translated by the pseudo engine: a PO file as translate writes it."""
    articles = folder / "articles"
    articles.mkdir()
    shutil.copy(ROOT / "examples" / "gipfel.de.txt", articles)
    sys.argv = ["uebersetzer", "translate", str(articles), "--to", "en", "--engine", "pseudo",
                "--out", str(folder / "one"), "--quiet"]
    try:
        main()
    except SystemExit as exit_:
        if exit_.code:
            raise
    return folder / "one" / "en" / "gipfel.de.po"


def catalog_folder(folder: Path, count: int) -> Path:
    """An output folder of `count` copies of one_catalog's PO file under en/, ten sections of
    articles as a newsroom files them."""
    template = one_catalog(folder)
    out = folder / "locales"
    for number in range(count):
        target = out / "en" / f"ressort{number % 10}" / f"art{number:05d}.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(template, target)
    return out


def listing(out: Path) -> float:
    started = time.perf_counter()
    rows = [review.catalog_summary(ref) for ref in review.find_catalogs(out)]
    assert rows and not any("error" in row for row in rows)
    return time.perf_counter() - started


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogs", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    print(f"# bench_review_listing: {platform.node()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"polib {version('polib')}, Flask {version('flask')}; {options.catalogs} catalogs")
    with tempfile.TemporaryDirectory(prefix="bench-review-") as scratch:
        out = catalog_folder(Path(scratch), options.catalogs)
        entries = len(review.live_entries(review.read_catalog(review.find_catalogs(out)[0])[1]))

        review.CHECKED = review.CheckedCatalogs()
        first = listing(out)
        repeat = min(listing(out) for _ in range(options.repeats))
        review.CHECKED = review.CheckedCatalogs(max_entries=256 * (entries + 1))  # what 256 files held
        listing(out)
        bounded = min(listing(out) for _ in range(options.repeats))
    print(f"{'listing':<44} {'seconds':>8}")
    print(f"{'first (every file parsed and checked)':<44} {first:8.3f}")
    print(f"{'repeat, nothing changed':<44} {repeat:8.3f}")
    print(f"{'repeat, cache of 256 files (the old bound)':<44} {bounded:8.3f}")
    print(f"repeat / first: {repeat / first:.3f}; old bound / first: {bounded / first:.3f}; "
          f"{entries} entries per catalog, best of {options.repeats} repeats")


if __name__ == "__main__":
    main_bench()
