"""TranslationMemory.store with nothing to store: every article's write hands over its editors'
units, on most runs none, and storing none must neither wait for nor take the write lock."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from uebersetzer.catalog import memory as memory_module
from uebersetzer.catalog.memory import TranslationMemory, Unit


def test_storing_nothing_does_not_wait_for_another_writer(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(memory_module, "LOCK_TIMEOUT", 0.3)
    monkeypatch.setattr(memory_module, "QUIET_WAIT", 0.05)
    waits: list[str] = []
    memory = TranslationMemory(tmp_path / "tm.sqlite", on_wait=waits.append)
    unit = Unit("de", "en", "Guten Tag.", "Good day.", "machine", "argos", "1", 1.0)
    memory.store([unit])
    other = sqlite3.connect(tmp_path / "tm.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another run writing its units
    try:
        memory.store([])  # before: waited LOCK_TIMEOUT for the lock, then failed the run
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert waits == []
    assert memory.units() == [unit]
    memory.close()


def test_storing_nothing_still_opens_the_memory(tmp_path: Path) -> None:
    """`tm import` of an empty TMX file makes the memory, and finds out it is read-only, as before."""
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    memory.store([])
    assert (tmp_path / "tm.sqlite").exists() and memory.units() == []
    memory.close()
