"""The review start page's search over many catalogs, beside the listing of the same folder,
in one run: a search parses every PO file as it is now (no cache), a first listing parses and
QA-checks each, a repeat listing reads none.

The catalogs are copies of one PO file a real translate run wrote (the demo article, pseudo
engine), as in bench_review_listing.py.

    python bench/bench_review_search.py [--catalogs 500] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_review_listing import catalog_folder, listing  # noqa: E402

from uebersetzer import review  # noqa: E402


def searching(out: Path, query: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = review.search(out, [], query, limit=10**9)
    return time.perf_counter() - started, len(found["matches"])


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogs", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    print(f"# bench_review_search: {platform.node()}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"polib {version('polib')}; {options.catalogs} catalogs")
    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:
        out = catalog_folder(Path(scratch), options.catalogs)
        review.CHECKED = review.CheckedCatalogs()
        first = listing(out)
        repeat = min(listing(out) for _ in range(options.repeats))
        rare = min(searching(out, "Zeitplan") for _ in range(options.repeats))
        none = min(searching(out, "nowhere at all") for _ in range(options.repeats))
    print(f"{'operation':<44} {'seconds':>8} {'matches':>8}")
    print(f"{'listing, first (parsed and QA-checked)':<44} {first:8.3f}")
    print(f"{'listing, repeat (nothing changed)':<44} {repeat:8.3f}")
    print(f"{'search, one sentence per catalog':<44} {rare[0]:8.3f} {rare[1]:8d}")
    print(f"{'search, no match':<44} {none[0]:8.3f} {none[1]:8d}")
    print(f"search / first listing: {rare[0] / first:.3f}; search / repeat listing: {rare[0] / repeat:.1f}; "
          f"best of {options.repeats}")


if __name__ == "__main__":
    main_bench()
