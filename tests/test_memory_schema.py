"""The memory's schema upgrades: a memory an older version of uebersetzer made keeps working,
is upgraded in place in one transaction, and the code before reads and writes the upgraded one.

The older memories are made here with the SQL those versions ran (copied from their
memory.py), not with today's code."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest

from uebersetzer.catalog import memory as memory_module
from uebersetzer.catalog.memory import SCHEMA_VERSION, TranslationMemory, Unit
from uebersetzer.errors import UebersetzerError

# schema 0 (the first memory, b3a7432)
SCHEMA_0 = """
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
# schemas 1 and 2 (2 stored sources in comparable form; the table is the same)
SCHEMA_2 = """
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
COLUMNS_0 = "source_language, target_language, source, origin, engine, model_version, target, updated"
COLUMNS_2 = f"{COLUMNS_0}, fuzzy, comment, flags"
INSERT_2 = f"INSERT OR IGNORE INTO units ({COLUMNS_2}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

# what an older run stored: an editor's reviewed and draft units, and an engine's
ROWS_2 = [
    ("de", "en", "Guten Tag.", "human", "", "", "Good day.", 1.0, 0, "checked", "no-wrap"),
    ("de", "en", "Guten Tag.", "human", "", "", "Hello.", 2.0, 1, "", ""),
    ("de", "en", "Der Präsident kam.", "machine", "argos", "de-en@1", "The president came.", 3.0, 0, "", ""),
]


class Engine:
    name = "argos"

    def model_version(self, source: str, target: str) -> str:
        return "de-en@1"


def _old_memory(path: Path, version: int) -> None:
    """A memory as the run of that schema version left it (in WAL mode, as every run opens it)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    if version == 0:
        connection.executescript(SCHEMA_0)
        connection.executemany(f"INSERT INTO units ({COLUMNS_0}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               [row[:8] for row in ROWS_2 if row[8] == 0])  # no drafts before schema 1
    else:
        connection.executescript(SCHEMA_2)
        # schema 1 kept an NFD article's sentences in NFD
        rows = [(*row[:2], unicodedata.normalize("NFD", row[2]), *row[3:]) if version == 1 else row for row in ROWS_2]
        connection.executemany(INSERT_2, rows)
    connection.execute(f"PRAGMA user_version={version}")
    connection.commit()
    connection.close()


def _schema(path: Path) -> tuple[int, set[str]]:
    with sqlite3.connect(path) as connection:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        columns = {row[1] for row in connection.execute("PRAGMA table_info(units)")}
    connection.close()
    return version, columns


@pytest.mark.parametrize("version", [0, 1, 2])
def test_an_older_memory_is_upgraded_in_place_and_keeps_every_unit(tmp_path, version):
    path = tmp_path / "tm.sqlite"
    _old_memory(path, version)
    memory = TranslationMemory(path)
    units = memory.units()
    expected = [row for row in ROWS_2 if version > 0 or row[8] == 0]
    assert sorted((u.source, u.origin, u.target, u.updated, u.fuzzy, u.comment, u.flags, u.notes) for u in units) == \
        sorted((row[2], row[3], row[6], row[7], bool(row[8]), row[9] if version else "", row[10] if version else "", ())
               for row in expected)
    assert memory.lookup("de", "en", "Der Präsident kam.", Engine()).target == "The president came."
    assert memory.human("de", "en", "Guten Tag.").target == "Good day."
    memory.store([Unit("de", "en", "Kiew.", "Kyiv.", "machine", "argos", "de-en@1", notes=("fallback: lost",))])
    memory.close()
    assert _schema(path) == (SCHEMA_VERSION, {*COLUMNS_2.split(", "), "notes"})
    again = TranslationMemory(path)
    assert again.lookup("de", "en", "Kiew.", Engine()).notes == ("fallback: lost",)
    again.close()


def test_an_upgrade_that_fails_half_way_leaves_the_memory_as_it_was(tmp_path, monkeypatch):
    """One transaction: the notes column added before the failure is gone with it."""
    path = tmp_path / "tm.sqlite"
    _old_memory(path, 1)  # schema 1 has its sources made comparable after the column is added

    def disk_fails(connection: sqlite3.Connection) -> None:
        assert "notes" in {row[1] for row in connection.execute("PRAGMA table_info(units)")}  # added by then
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(memory_module, "_comparable_sources", disk_fails)  # runs after the column is added
    with pytest.raises(UebersetzerError, match="disk I/O error"):
        TranslationMemory(path).units()
    assert _schema(path) == (1, set(COLUMNS_2.split(", ")))
    monkeypatch.undo()
    assert len(TranslationMemory(path).units()) == len(ROWS_2)
    assert _schema(path)[0] == SCHEMA_VERSION


def test_the_code_before_reads_and_writes_an_upgraded_memory(tmp_path):
    """A run of the version before (schema 2) on the same memory: it finds the schema new
    enough (user_version >= 2), selects its columns and inserts rows without notes; neither
    refuses, and the notes a newer run stored stay."""
    path = tmp_path / "tm.sqlite"
    memory = TranslationMemory(path)
    memory.store([Unit("de", "en", "Kiew.", "Kyiv.", "machine", "argos", "de-en@1", notes=("fallback: lost",))])
    memory.close()
    with sqlite3.connect(path) as older:
        assert older.execute("PRAGMA user_version").fetchone()[0] >= 2  # the older code's check: nothing to migrate
        assert older.execute(f"SELECT {COLUMNS_2} FROM units").fetchall()[0][6] == "Kyiv."
        older.executemany(INSERT_2, ROWS_2)
    older.close()
    newer = TranslationMemory(path)
    assert newer.lookup("de", "en", "Kiew.", Engine()).notes == ("fallback: lost",)
    assert newer.lookup("de", "en", "Der Präsident kam.", Engine()).notes == ()
    assert len(newer.units()) == len(ROWS_2) + 1
    newer.close()


def test_a_read_only_older_memory_is_read_and_left_as_it_was(tmp_path):
    path = tmp_path / "tm.sqlite"
    _old_memory(path, 2)
    path.chmod(0o444)
    before = path.read_bytes()
    memory = TranslationMemory(path)
    assert memory.lookup("de", "en", "Der Präsident kam.", Engine()).notes == ()
    recall = memory.recall([("de", "en", "Der Präsident kam.")])
    assert recall.lookup("de", "en", "Der Präsident kam.", Engine()).target == "The president came."
    assert len(memory.units()) == len(ROWS_2)
    memory.close()
    assert path.read_bytes() == before and _schema(path) == (2, set(COLUMNS_2.split(", ")))


def test_notes_are_kept_exactly_and_only_for_the_engines_units(tmp_path):
    path = tmp_path / "tm.sqlite"
    notes = ("fallback: the engine lost {1}; left untranslated: “a\nb”", "check: 2 “quotes”")
    memory = TranslationMemory(path)
    memory.store([Unit("de", "en", "Satz.", "Sentence.", "machine", "argos", "de-en@1", notes=notes),
                  Unit("de", "en", "Satz.", "Phrase.", "human", notes=("fallback: not an editor's",))])
    assert memory.lookup("de", "en", "Satz.", Engine()).target == "Phrase."
    assert memory.human("de", "en", "Satz.").notes == ()
    machine = [u for u in memory.units() if u.origin == "machine"]
    assert [u.notes for u in machine] == [notes]
    memory.close()


def test_units_stored_before_notes_learn_them_and_no_other_unit_does(tmp_path):
    """After the upgrade an older unit's notes are not known (NULL). The notes a PO file holds
    with its translation (learn_notes), or the engine saying them again (store), fill them in;
    a unit stored since, whose notes are known to be none, and an editor's unit keep theirs."""
    path = tmp_path / "tm.sqlite"
    _old_memory(path, 2)
    memory = TranslationMemory(path)
    since = Unit("de", "en", "Kiew.", "Kyiv.", "machine", "argos", "de-en@1")
    memory.store([since])
    noted = [Unit("de", "en", source, target, "machine", notes=("fallback: lost",))
             for source, target in (("Der Präsident kam.", "The president came."), ("Kiew.", "Kyiv."),
                                    ("Guten Tag.", "Good day."))]
    memory.learn_notes(noted)
    memory.learn_notes([Unit("de", "en", "Der Präsident kam.", "The president came.", "machine",
                             notes=("fallback: a second PO file",))])  # known by now: stays
    assert memory.lookup("de", "en", "Der Präsident kam.", Engine()).notes == ("fallback: lost",)
    assert memory.lookup("de", "en", "Kiew.", Engine()).notes == ()
    assert all(unit.notes == () for unit in memory.units() if unit.origin == "human")
    memory.close()

    _old_memory(path := tmp_path / "again.sqlite", 2)
    memory = TranslationMemory(path)
    memory.store([Unit("de", "en", "Der Präsident kam.", "The president came.", "machine", "argos", "de-en@1",
                       updated=9.0, notes=("fallback: said again",))])
    [unit] = [u for u in memory.units() if u.origin == "machine"]
    assert (unit.notes, unit.updated) == (("fallback: said again",), 3.0)  # the same unit, its time as it was
    memory.close()


def test_a_read_only_older_memory_learns_nothing(tmp_path):
    path = tmp_path / "tm.sqlite"
    _old_memory(path, 2)
    path.chmod(0o444)
    before = path.read_bytes()
    memory = TranslationMemory(path)
    memory.learn_notes([Unit("de", "en", "Der Präsident kam.", "The president came.", "machine",
                             notes=("fallback: lost",))])
    assert memory.lookup("de", "en", "Der Präsident kam.", Engine()).notes == ()
    memory.close()
    assert path.read_bytes() == before


def test_an_upgrade_from_schema_2_does_not_go_through_every_unit(tmp_path, monkeypatch):
    """Schema 2's sources are comparable already: only the column is added, and a big memory's
    first open does not go through all of it (bench/bench_memory_upgrade.py measures both)."""
    path = tmp_path / "tm.sqlite"
    _old_memory(path, 2)
    gone_through: list[bool] = []
    monkeypatch.setattr(memory_module, "_comparable_sources", lambda connection: gone_through.append(True))
    assert len(TranslationMemory(path).units()) == len(ROWS_2)
    assert gone_through == [] and _schema(path)[0] == SCHEMA_VERSION
