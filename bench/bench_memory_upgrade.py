"""What the first open of an older translation memory costs: the upgrade to the current schema.

    python bench/bench_memory_upgrade.py [--units 200000]

A memory of UNITS machine units is made with the SQL of schema 1 and of schema 2 (the same
table; schema 1's sources may be NFD, so its upgrade puts every source in comparable form,
schema 2's only adds the notes column), then opened once with TranslationMemory. The two
rounds alternate; each is a fresh file. Prints the machine, the versions, the wall seconds of
each upgrade (median) and their ratio, and checks that every unit is still there.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.test_memory_schema import INSERT_2, SCHEMA_2  # noqa: E402  the older versions' SQL
from uebersetzer.catalog.memory import SCHEMA_VERSION, TranslationMemory  # noqa: E402

ROUNDS = 3


def older_memory(path: Path, version: int, units: int) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.executescript(SCHEMA_2)
    connection.executemany(INSERT_2, (("de", "en", f"Der Präsident trifft den Minister Nummer {number} in Berlin.",
                                       "machine", "argos", "1", f"The president meets minister number {number}.",
                                       float(number), 0, "", "") for number in range(units)))
    connection.execute(f"PRAGMA user_version={version}")
    connection.commit()
    connection.close()


def upgrade(folder: Path, version: int, units: int) -> float:
    path = folder / f"tm-{version}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    older_memory(path, version, units)
    started = time.perf_counter()
    memory = TranslationMemory(path)
    _ = memory.connection  # opening it upgrades it
    seconds = time.perf_counter() - started
    count = memory.connection.execute("SELECT count(*) FROM units").fetchone()[0]
    memory.close()
    if count != units:
        raise SystemExit(f"schema {version}: {count} units after the upgrade, not {units}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=200_000)
    options = parser.parse_args()
    print(f"# bench_memory_upgrade: {platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; {options.units} units, "
          f"to schema {SCHEMA_VERSION}")
    times: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(ROUNDS):
            for version in times:
                times[version].append(upgrade(Path(folder), version, options.units))
    median = {version: statistics.median(seconds) for version, seconds in times.items()}
    print(f"from schema 1 (sources made comparable): {median[1]:.3f} s; from schema 2 (a column added): "
          f"{median[2]:.3f} s (median of {ROUNDS}); ratio {median[1] / median[2]:.0f}")


if __name__ == "__main__":
    main()
