"""Translation memory: SQLite, (source, target, sentence) -> translation, shared across articles.

Human translations (reviewed PO entries) always win; a machine translation is reused only
for the same engine and model version, so a new model invalidates machine entries and
never human ones. SQLite transactions keep two concurrent runs consistent.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    source TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('human', 'machine')),
    engine TEXT NOT NULL DEFAULT '',
    model_version TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (source_language, target_language, source, origin, engine, model_version)
);
"""


@dataclass(frozen=True)
class Unit:
    source_language: str
    target_language: str
    source: str
    target: str
    origin: str  # "human" or "machine"
    engine: str = ""
    model_version: str = ""
    updated: float = 0.0


class TranslationMemory:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.executescript(SCHEMA)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def lookup(self, source_language: str, target_language: str, source: str, engine) -> Unit | None:
        """The human translation, else the machine one from this engine and model version."""
        rows = self.connection.execute(
            "SELECT target, origin, engine, model_version, updated FROM units WHERE source_language=? "
            "AND target_language=? AND source=? ORDER BY origin='human' DESC, updated DESC",
            (source_language, target_language, source),
        ).fetchall()
        version = engine.model_version(source_language, target_language) if engine is not None else None
        for target, origin, engine_name, model_version, updated in rows:
            if origin == "human" or (engine is not None and engine_name == engine.name and model_version == version):
                return Unit(source_language, target_language, source, target, origin, engine_name, model_version, updated)
        return None

    def is_machine_output(self, source_language: str, target_language: str, source: str, target: str) -> bool:
        """Did an engine write exactly this? If not, an editor did, even without clearing fuzzy."""
        row = self.connection.execute(
            "SELECT 1 FROM units WHERE source_language=? AND target_language=? AND source=? AND target=? "
            "AND origin='machine' LIMIT 1", (source_language, target_language, source, target)).fetchone()
        return row is not None

    def store(self, units: list[Unit]) -> None:
        """All units in one transaction (autocommit mode would make each insert its own)."""
        connection = self.connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany(
                "INSERT OR REPLACE INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(u.source_language, u.target_language, u.source, u.origin, u.engine, u.model_version,
                  u.target, u.updated or time.time()) for u in units],
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def units(self) -> list[Unit]:
        rows = self.connection.execute(
            "SELECT source_language, target_language, source, target, origin, engine, model_version, updated "
            "FROM units ORDER BY source_language, target_language, source"
        ).fetchall()
        return [Unit(*row) for row in rows]
