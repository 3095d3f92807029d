"""Translation memory: SQLite, (source, target, sentence) -> translation, shared across articles.

Human translations always win: reviewed PO entries first, then an editor's words left
fuzzy; a machine translation is reused only for the same engine and model version, so a
new model invalidates machine entries and never human ones. A human unit keeps the
entry's translator comment and flags, so an entry brought back from the memory looks as
the editor left it. Units are only ever added: every distinct translation (with its
comment) is kept with the time it was first seen, the newest is reused, and storing what
is already there changes nothing, so a re-run leaves the memory as it was even when two
articles' editors translated a sentence differently. SQLite transactions keep two
concurrent runs consistent.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 1  # 1: fuzzy, comment and flags; every distinct unit is its own row
COLUMNS = "source_language, target_language, source, origin, engine, model_version, target, updated, fuzzy, " \
          "comment, flags"
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
    fuzzy INTEGER NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT '',
    flags TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source_language, target_language, source, origin, engine, model_version, fuzzy, target, comment,
                 flags)
);
"""
# Version 0 had no fuzzy, comment or flags; SQLite cannot change a primary key in place.
_MIGRATE_FROM_0 = """
ALTER TABLE units RENAME TO units_version_0;
{schema}
INSERT INTO units (source_language, target_language, source, origin, engine, model_version, target, updated)
    SELECT source_language, target_language, source, origin, engine, model_version, target, updated
    FROM units_version_0;
DROP TABLE units_version_0;
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
    fuzzy: bool = False  # an editor's words not yet reviewed (origin human), kept fuzzy when reused
    comment: str = ""  # the translator comment of the entry
    flags: str = ""  # the entry's other flags, comma-separated ("no-wrap")


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
            self._migrate(self._connection)
        return self._connection

    @staticmethod
    def _migrate(connection: sqlite3.Connection) -> None:
        """Create or upgrade the table; the write lock only when there is something to do."""
        if connection.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            exists = connection.execute("SELECT 1 FROM sqlite_master WHERE name='units'").fetchone() is not None
            if version < SCHEMA_VERSION:
                # statement by statement: executescript would commit in the middle of the transaction
                script = _MIGRATE_FROM_0.format(schema=SCHEMA) if exists else SCHEMA
                for statement in filter(str.strip, script.split(";")):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def lookup(self, source_language: str, target_language: str, source: str, engine) -> Unit | None:
        """The human translation, else the machine one from this engine and model version."""
        rows = self.connection.execute(
            f"SELECT {COLUMNS} FROM units WHERE source_language=? AND target_language=? AND source=? "
            "ORDER BY origin='human' DESC, fuzzy, updated DESC, rowid DESC",
            (source_language, target_language, source),
        ).fetchall()
        version = engine.model_version(source_language, target_language) if engine is not None else None
        for row in rows:
            unit = _unit(row)
            if unit.origin == "human" or (engine is not None and unit.engine == engine.name
                                          and unit.model_version == version):
                return unit
        return None

    def human(self, source_language: str, target_language: str, source: str) -> Unit | None:
        """An editor's translation of this sentence: the reviewed one, else the latest draft."""
        return self.lookup(source_language, target_language, source, None)

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
            connection.executemany(  # a unit that is already there stays untouched, its time too
                f"INSERT OR IGNORE INTO units ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(u.source_language, u.target_language, u.source, u.origin, u.engine, u.model_version,
                  u.target, u.updated or time.time(), int(u.fuzzy), u.comment, u.flags) for u in units],
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def units(self) -> list[Unit]:
        rows = self.connection.execute(
            f"SELECT {COLUMNS} FROM units ORDER BY source_language, target_language, source, origin, fuzzy, updated, "
            "rowid"
        ).fetchall()
        return [_unit(row) for row in rows]


def _unit(row: tuple) -> Unit:
    source_language, target_language, source, origin, engine, model_version, target, updated, fuzzy, comment, \
        flags = row
    return Unit(source_language, target_language, source, target, origin, engine, model_version, updated,
                bool(fuzzy), comment, flags)
