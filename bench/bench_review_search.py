"""The review start page's search over many catalogs: the first search of a folder, which
reads and parses every PO file, beside repeat searches for other texts in the same folder,
which read none (review.SEARCHABLE keeps what each file held while it is unchanged), and the
listing of the same folder for scale; then what that cache holds in memory (tracemalloc).

The catalogs are copies of one PO file a real translate run wrote (the demo article, pseudo
engine), as in bench_review_listing.py. The machine's load is printed before and after: the
timings mean little without it.

    python bench/bench_review_search.py [--catalogs 500] [--repeats 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_review_listing import catalog_folder, listing  # noqa: E402

from uebersetzer import review  # noqa: E402

# what an editor types and refines: each a search of its own, in this order
QUERIES = ("Zeitplan", "Zeitplan bis", "Genf", "Gespräche in Genf", "nowhere at all", "DIPLOMATIE")


def searching(out: Path, query: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = review.search(out, [], query, limit=10**9)
    return time.perf_counter() - started, len(found["matches"])


def first_search(out: Path, query: str) -> tuple[float, int]:
    """A search with nothing read yet: every file read and parsed."""
    review.SEARCHABLE.clear()
    return searching(out, query)


def cache_bytes(out: Path) -> int:
    """What SEARCHABLE holds after one search of the folder: memory traced while it was filled
    and still allocated after (the parsed catalogs are freed)."""
    review.SEARCHABLE.clear()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        searching(out, QUERIES[0])
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def machine() -> str:
    return (f"{platform.node()}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"load {' '.join(f'{load:.1f}' for load in os.getloadavg())}")


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogs", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    print(f"# bench_review_search: {machine()}, Python {platform.python_version()}, "
          f"polib {version('polib')}; {options.catalogs} catalogs")
    with tempfile.TemporaryDirectory(prefix="bench-search-") as scratch:
        out = catalog_folder(Path(scratch), options.catalogs)
        entries = sum(len(review.live_entries(review.read_catalog(ref)[1])) for ref in review.find_catalogs(out))
        time.sleep(review.TIMESTAMP_TICK_NS / 1e9)  # the copies' timestamps settled, as a folder's are
        review.CHECKED = review.CheckedCatalogs()
        first_listing = listing(out)
        repeat_listing = min(listing(out) for _ in range(options.repeats))
        rows = []
        for query in QUERIES:
            first = min((first_search(out, query) for _ in range(options.repeats)), key=lambda run: run[0])
            review.SEARCHABLE.clear()
            searching(out, QUERIES[-1] if query != QUERIES[-1] else QUERIES[0])  # the folder read by another query
            repeats = [searching(out, query) for _ in range(options.repeats)]
            assert all(found == first[1] for _, found in repeats), query
            rows.append((query, first[0], min(seconds for seconds, _ in repeats), first[1]))
        held = cache_bytes(out)
    print(f"{'search for':<22} {'first (s)':>10} {'repeat (s)':>11} {'first/repeat':>13} {'matches':>8}")
    for query, first, repeat, found in rows:
        print(f"{query!r:<22} {first:10.3f} {repeat:11.4f} {first / repeat:13.0f} {found:8d}")
    print(f"median: first {statistics.median(r[1] for r in rows):.3f} s, "
          f"repeat {statistics.median(r[2] for r in rows):.4f} s; best of {options.repeats} each")
    print(f"listing: first {first_listing:.3f} s, repeat {repeat_listing:.3f} s")
    print(f"search cache: {held / 2**20:.1f} MiB for {options.catalogs} catalogs, {entries} entries "
          f"({held / entries:.0f} bytes per entry, tracemalloc)")
    print(f"# load after: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main_bench()
