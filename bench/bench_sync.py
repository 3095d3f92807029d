"""What making a run's writes durable costs: one fsync after another, or together.

    python bench/bench_sync.py [--files 100] [--size 8000] [--folder DIR]

FILES files of SIZE bytes (a PO file of an article is about that) are written atomically
(temporary file, fsync, rename, as fsio.atomic_write does), once one after another and once
inside fsio.synced_together (the fsyncs in worker threads, each folder synced once at the
end), in alternating rounds, each into a fresh folder under DIR (default: a temporary folder
under the current one, so on the file system a run writes to; /tmp may be tmpfs, where fsync
costs nothing). Prints the machine, the versions, the file system, the median wall seconds of
each way and their ratio. The README's "What it writes" and fsio.synced_together quote it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from uebersetzer import __version__  # noqa: E402
from uebersetzer.fsio import atomic_write, synced_together  # noqa: E402

ROUNDS = 5


def write_all(folder: Path, files: int, size: int, together: bool) -> float:
    content = (b"msgid \"Der Pr\xc3\xa4sident trifft den Minister in Berlin.\"\nmsgstr \"\"\n\n" * (size // 60 + 1))[:size]
    started = time.perf_counter()
    if together:
        with synced_together():
            for number in range(files):
                atomic_write(folder / f"{number:04d}.po", content)
    else:
        for number in range(files):
            atomic_write(folder / f"{number:04d}.po", content)
    return time.perf_counter() - started


def file_system(folder: Path) -> str:
    try:
        return subprocess.run(["stat", "-f", "-c", "%T", str(folder)], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--size", type=int, default=8000)
    parser.add_argument("--folder", type=Path, default=Path.cwd())
    options = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; load {os.getloadavg()[0]:.2f}")
    print(f"python {platform.python_version()}, uebersetzer {__version__}; file system: {file_system(options.folder)}")
    timings: dict[bool, list[float]] = {False: [], True: []}
    with tempfile.TemporaryDirectory(dir=options.folder, prefix=".bench-sync-") as scratch:
        for round_ in range(ROUNDS):
            for together in (round_ % 2 == 1, round_ % 2 == 0):  # alternating which goes first
                folder = Path(scratch) / f"{round_}-{int(together)}"
                folder.mkdir()
                timings[together].append(write_all(folder, options.files, options.size, together))
    one_by_one, together = statistics.median(timings[False]), statistics.median(timings[True])
    print(f"{options.files} files of {options.size} bytes, median of {ROUNDS} rounds:")
    print(f"  one fsync after another: {one_by_one:.3f} s  (all: {', '.join(f'{t:.3f}' for t in timings[False])})")
    print(f"  together:                {together:.3f} s  (all: {', '.join(f'{t:.3f}' for t in timings[True])})")
    print(f"  ratio: {one_by_one / together:.1f}x")


if __name__ == "__main__":
    main()
