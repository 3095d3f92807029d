"""Translation memory: SQLite, (source, target, sentence) -> translation, shared across articles.

Human translations always win: reviewed PO entries first, then an editor's words left
fuzzy; a machine translation is reused only for the same engine and model version, so a
new model invalidates machine entries and never human ones. A human unit keeps the
entry's translator comment and flags, so an entry brought back from the memory looks as
the editor left it; a machine unit keeps the engine's notes (a `fallback:`), so an entry
brought back from it carries the same warning as on the run that made it. Units are only
ever added: every distinct translation (with its comment) is kept with the time it was
first seen, the newest is reused, and storing what is already there changes nothing, so a
re-run leaves the memory as it was even when two articles' editors translated a sentence
differently. SQLite transactions keep two concurrent runs consistent.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from uebersetzer.errors import UebersetzerError, UsageError
from uebersetzer.fsio import not_a_folder
from uebersetzer.unicode_forms import comparable

T = TypeVar("T")

# 1: fuzzy, comment and flags; every distinct unit is its own row. 2: sources in comparable
# form (unicode_forms), as msgids are: an older run stored an NFD article's sentences in NFD.
# 3: notes, what the engine said an editor must check about its translation (a fallback)
SCHEMA_VERSION = 3
COLUMNS = "source_language, target_language, source, origin, engine, model_version, target, updated, fuzzy, " \
          "comment, flags, notes"
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
    notes TEXT,  -- NULL: stored by a version that kept none (see _MIGRATE_FROM_2)
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
# Version 1 and 2 had no notes. Not part of the key: the notes are what the engine said about
# the very translation the key names (the same engine, model version and output say the same),
# and a column is added in place, so a run of the code before keeps reading and writing an
# upgraded memory. NULL, the notes of every unit stored before and of those the code before
# stores, means "not known": `learn_notes` fills them in from the PO files, which have them.
_MIGRATE_FROM_2 = "ALTER TABLE units ADD COLUMN notes TEXT"


@dataclass(frozen=True, slots=True)  # slots: a run stores one per sentence
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
    # what the engine said an editor must check (translate.Translation.notes: "fallback: ..."),
    # given back with a machine translation; an editor's unit never has any
    notes: tuple[str, ...] = ()


COPY_ENGINE = "copy"  # the engine named in the unit of a sentence a run kept as written by design
LOCK_TIMEOUT = 60.0  # seconds a run waits for another process's write lock on the memory, at most
QUIET_WAIT = 2.0  # a wait this short is normal contention and goes unmentioned


class TranslationMemory:
    """The memory file. Problems with it (not a database, a folder, locked for too long) are
    UebersetzerErrors naming it; a read-only one is read and left alone, and `warnings` says so."""

    def __init__(self, path: Path, on_wait: Callable[[str], None] = lambda message: None, *,
                 make_folder: bool = False) -> None:
        self.path = path
        # only for a memory in a folder the run makes anyway (translate's OUT): a mistyped
        # --tm must not create a folder tree, so by default the folder has to exist
        self.make_folder = make_folder
        self.on_wait = on_wait  # told once when the memory is locked and the run starts waiting
        self.read_only = False
        # translations a read-only memory was given and did not store, over the run: each once,
        # however often the run hands it over (an editor's unit comes with its article's plan and again once filled)
        self._unstored: set[int] = set()  # their keys' hashes: a big article's texts are not held twice
        # the machine translations among them, (pair, sentence, translation) hashed: the run
        # still knows what its engine wrote, so writing its files does not take them for edits
        self._unstored_machine: set[int] = set()
        self._connection: sqlite3.Connection | None = None
        self._columns = COLUMNS  # what a query selects: see _selected_columns

    @property
    def warnings(self) -> list[str]:
        """What the run should be told about the memory: one line for all a read-only one did
        not store (a run stores once per chunk of articles written)."""
        unstored = len(self._unstored)
        plural = "" if unstored == 1 else "s"
        return [f"{self.path}: the translation memory is read-only; it was used but not updated "
                f"({unstored} translation{plural} not stored)"] if unstored else []

    def check_folder(self) -> None:
        """Refuse, in one line naming the memory, a memory whose folder is missing (unless the
        run makes it): called by the commands before any work, and again on opening."""
        folder = self.path.parent
        if folder.is_dir():
            return
        blocking = not_a_folder(folder)
        if blocking is not None:
            raise UsageError(f"{blocking} is a file, so the translation memory's folder {folder} cannot exist; move "
                             "the file away, or name another --tm", path=str(self.path))
        if not self.make_folder:
            raise UsageError(f"the translation memory's folder {folder} does not exist; create the folder first, or "
                             "name another --tm", path=str(self.path))

    @property
    def columns(self) -> str:
        """The columns a query selects, once the memory is open: COLUMNS, but a read-only memory
        of an older schema (which is never upgraded) gives the default of a column it lacks."""
        _ = self.connection  # opening it reads its schema
        return self._columns

    @property
    def connection(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = self._guarded(self._open)
        return self._connection

    def _open(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise UsageError("is a folder; the translation memory is a file: pass --tm FOLDER/tm.sqlite",
                             path=str(self.path))
        if self.path.exists() and not _writable(self.path):
            self.read_only = True  # its owner made it read-only: use it, never write it
            connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?{_read_only_mode(self.path)}", uri=True,
                                         timeout=QUIET_WAIT, isolation_level=None)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()  # "not a database" shows here
            self._columns = _selected_columns(connection)
            return connection
        self.check_folder()
        self.path.parent.mkdir(parents=True, exist_ok=True)  # only when make_folder: else it exists
        blocking = _unwritable_side_file(self.path)  # before SQLite opens it (and, as root, changes its mode)
        if blocking is not None:
            raise UebersetzerError(blocking[1], path=str(blocking[0]))
        new = not self.path.exists()
        connection = sqlite3.connect(self.path, timeout=QUIET_WAIT, isolation_level=None)
        try:
            self._waiting(lambda: connection.execute("PRAGMA journal_mode=WAL"), connection)
            self._waiting(lambda: self._migrate(connection), connection)
        except sqlite3.DatabaseError:
            connection.close()
            if new:  # a memory this run began and could not make (a full disk): no empty file, -wal or -shm left
                _remove_unmade(self.path)
            raise
        return connection

    def _waiting(self, action: Callable[[], T], connection: sqlite3.Connection | None = None) -> T:
        """Run `action`; when another process holds the lock, say so once and wait up to LOCK_TIMEOUT."""
        connection = connection or self.connection
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not _is_locked(error):
                raise
        self.on_wait(f"{self.path}: the translation memory is locked by another process; waiting up to "
                     f"{LOCK_TIMEOUT:.0f} s for it")
        connection.execute(f"PRAGMA busy_timeout = {int((LOCK_TIMEOUT - QUIET_WAIT) * 1000)}")
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not _is_locked(error):
                raise
            raise UebersetzerError(f"the translation memory is still locked by another process after "
                                   f"{LOCK_TIMEOUT:.0f} s; run again when that process has finished, or pass "
                                   "--tm OTHER_FILE", path=str(self.path)) from error
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(QUIET_WAIT * 1000)}")

    def _guarded(self, action: Callable[[], T]) -> T:
        """SQLite's errors as one line naming the memory file: they are about the file, not a bug
        (or the file beside it, or its folder, that is what cannot be written)."""
        try:
            return action()
        except sqlite3.DatabaseError as error:
            if getattr(error, "sqlite_errorname", "").startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                blocking = _unwritable_beside(self.path)
                if blocking is not None:
                    raise UebersetzerError(blocking[1], path=str(blocking[0])) from error
            raise UebersetzerError(_explain(error, self.path), path=str(self.path)) from error

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
                script = _MIGRATE_FROM_0.format(schema=SCHEMA) if exists and version < 1 else SCHEMA
                for statement in filter(str.strip, script.split(";")):
                    connection.execute(statement)
                if "notes" not in _column_names(connection):
                    connection.execute(_MIGRATE_FROM_2)
                if exists and version < 2:  # from 2 on, every source is stored comparable
                    _comparable_sources(connection)
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
        rows = self._guarded(lambda: self.connection.execute(
            f"SELECT {self.columns} FROM units WHERE source_language=? AND target_language=? AND source=? {_ORDER}",
            (source_language, target_language, _source(source)),
        ).fetchall())
        version = engine.model_version(source_language, target_language) if engine is not None else None
        return _best([_unit(row) for row in rows], engine, version)

    def human(self, source_language: str, target_language: str, source: str) -> Unit | None:
        """An editor's translation of this sentence: the reviewed one, else the latest draft."""
        return self.lookup(source_language, target_language, source, None)

    def is_machine_output(self, source_language: str, target_language: str, source: str, target: str) -> bool:
        """Did an engine write exactly this? If not, an editor did, even without clearing fuzzy."""
        return self.wrote_unstored(source_language, target_language, source, target) or \
            self._has_text(source_language, target_language, source, target, "machine")

    def is_kept_copy(self, source_language: str, target_language: str, source: str) -> bool:
        """Did a run keep this sentence as written, by design (a domain, nothing to translate)?
        Not an engine whose output happened to equal its input: that one was a draft to review."""
        return self._has_text(source_language, target_language, source, source, "machine", "AND engine=?",
                              (COPY_ENGINE,))

    def is_editors(self, unit: Unit) -> bool:
        """Does the memory hold this editor's translation, with its comment and flags, already
        (reviewed or as a draft)?"""
        return self._has_text(unit.source_language, unit.target_language, unit.source, unit.target, "human",
                           "AND comment=? AND flags=?", (_unshared(unit.comment), unit.flags))

    def _has_text(self, source_language: str, target_language: str, source: str, target: str, origin: str,
                  also: str = "", values: tuple = ()) -> bool:
        """Whether a unit of this origin translates `source` as `target` (and matches `also`)."""
        row = self._guarded(lambda: self.connection.execute(
            "SELECT 1 FROM units WHERE source_language=? AND target_language=? AND source=? AND target=? "
            f"AND origin=? {also} LIMIT 1",
            (source_language, target_language, _source(source), _unshared(target), origin, *values),
        ).fetchone())
        return row is not None

    def wrote_unstored(self, source_language: str, target_language: str, source: str, target: str) -> bool:
        """Did this run's engine write exactly this, into a read-only memory that kept none of it?"""
        return bool(self._unstored_machine) and _machine_key(
            source_language, target_language, source, target) in self._unstored_machine

    def recall(self, sentences: Iterable[tuple[str, str, str]]) -> Recall:
        """The units of these (source language, target language, sentence) at once, to answer
        `lookup`, `human` and `is_machine_output` about them as this memory would now: one
        query per language pair (per RECALL_CHUNK sentences) instead of one per sentence and
        question. For a job's sentences, while nothing is stored."""
        wanted: dict[tuple[str, str], dict[str, None]] = {}
        for source_language, target_language, source in sentences:
            wanted.setdefault((source_language, target_language), {})[comparable(source)] = None
        found: dict[tuple[str, str, str], list[Unit]] = {}
        for (source_language, target_language), sources in wanted.items():
            for key in sources:
                found[(source_language, target_language, key)] = []
            listed = list(sources)
            for start in range(0, len(listed), RECALL_CHUNK):
                chunk = listed[start:start + RECALL_CHUNK]
                rows = self._guarded(lambda: self.connection.execute(
                    f"SELECT {self.columns} FROM units WHERE source_language=? AND target_language=? AND source IN "
                    f"({', '.join('?' * len(chunk))}) {_ORDER}",
                    (source_language, target_language, *map(_unshared, chunk)),
                ).fetchall())
                for row in rows:  # each sentence's units keep the query's order
                    unit = _unit(row)
                    found[(unit.source_language, unit.target_language, unit.source)].append(unit)
        return Recall(self, found)

    def store(self, units: list[Unit]) -> None:
        """All units in one transaction (autocommit mode would make each insert its own). A
        read-only memory is not written; `warnings` says so. Nothing to store takes no write
        lock (the memory is opened all the same): each article's write hands over its editors'
        units, on most runs none."""
        connection = self.connection
        if self.read_only:
            for unit in units:
                if not self._holds(unit):
                    self._unstored.add(hash(_key(unit)))
                    if unit.origin == "machine":
                        self._unstored_machine.add(_machine_key(unit.source_language, unit.target_language,
                                                                unit.source, unit.target))
            return
        if not units:
            return
        self._guarded(lambda: self._waiting(lambda: connection.execute("BEGIN IMMEDIATE")))
        self._guarded(lambda: self._insert(connection, units))

    def _holds(self, unit: Unit) -> bool:
        """Whether the memory has this very unit (its primary key): all a read-only memory fails
        to store is what it lacks, not the editors' units every run hands it again."""
        return self._guarded(lambda: self.connection.execute(
            f"SELECT 1 FROM units WHERE {_KEY_MATCH}", _key_values(unit)).fetchone()) is not None

    def _notes_unknown(self, unit: Unit) -> bool:
        """Is there a machine unit of this translation whose notes are not known?"""
        return self._guarded(lambda: self.connection.execute(
            "SELECT 1 FROM units WHERE source_language=? AND target_language=? AND source=? AND target=? "
            "AND origin='machine' AND notes IS NULL LIMIT 1",
            (unit.source_language, unit.target_language, _source(unit.source), _unshared(unit.target))).fetchone()) \
            is not None

    def learn_notes(self, units: list[Unit]) -> None:
        """The engine's notes a PO file holds with a machine translation (`units`: engine and
        version unknown), given to the machine units of that translation whose notes are not
        known (stored before schema 3, or by the code before it): the next run that takes one
        from the memory writes its `fallback:` again. A read-only memory is left as it is."""
        known = [unit for unit in units if unit.origin == "machine" and unit.notes]
        if not known:
            return
        connection = self.connection
        # asked first: a run over PO files whose notes the memory has takes no write lock
        if self.read_only or not any(self._notes_unknown(unit) for unit in known):
            return
        self._guarded(lambda: self._waiting(lambda: connection.execute("BEGIN IMMEDIATE")))
        try:
            self._guarded(lambda: connection.executemany(
                "UPDATE units SET notes=? WHERE source_language=? AND target_language=? AND source=? AND target=? "
                "AND origin='machine' AND notes IS NULL",
                ((_notes_column(u), u.source_language, u.target_language, _source(u.source), _unshared(u.target))
                 for u in known)))
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def _insert(self, connection: sqlite3.Connection, units: list[Unit]) -> None:
        try:
            connection.executemany(  # a unit that is already there stays untouched, its time too
                f"INSERT OR IGNORE INTO units ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((u.source_language, u.target_language, _source(u.source), u.origin, u.engine, u.model_version,
                  _unshared(u.target), u.updated or time.time(), int(u.fuzzy), _unshared(u.comment), u.flags,
                  _notes_column(u))
                 for u in units),  # one row at a time: a big article's rows are never all made at once
            )
            # a unit stored before notes were kept learns them when the engine says them again
            connection.executemany(f"UPDATE units SET notes=? WHERE {_KEY_MATCH} AND notes IS NULL",
                                   ((_notes_column(u), *_key_values(u)) for u in units
                                    if u.origin == "machine" and u.notes))
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def units(self) -> list[Unit]:
        rows = self._guarded(lambda: self.connection.execute(
            f"SELECT {self.columns} FROM units ORDER BY source_language, target_language, source, origin, fuzzy, "
            "updated, rowid"
        ).fetchall())
        return [_unit(row) for row in rows]


def _comparable_sources(connection: sqlite3.Connection) -> None:
    """Every unit's source in comparable form, the form this run's sentences are looked up in.
    A unit whose comparable twin is there already stays as it was (OR IGNORE): the twin answers."""
    connection.create_function("comparable", 1, comparable, deterministic=True)
    connection.execute("UPDATE OR IGNORE units SET source = comparable(source) WHERE source != comparable(source)")


# the order `lookup` takes a sentence's units in: human first, reviewed before drafts, newest first
_ORDER = "ORDER BY origin='human' DESC, fuzzy, updated DESC, rowid DESC"
RECALL_CHUNK = 500  # sentences per query: SQLite before 3.32 allows 999 parameters


def _best(units: list[Unit], engine, version: str | None) -> Unit | None:
    """`lookup`'s choice among a sentence's units in _ORDER: the first human one, else the first
    machine one of this engine and its model `version` for the pair (none without an engine)."""
    for unit in units:
        if unit.origin == "human" or (engine is not None and unit.engine == engine.name
                                      and unit.model_version == version):
            return unit
    return None


class Recall:
    """A memory's units for some sentences, fetched at once (TranslationMemory.recall): answers
    as the memory does, from the fetched units; a sentence not fetched is asked of the memory."""

    def __init__(self, memory: TranslationMemory, units: dict[tuple[str, str, str], list[Unit]]) -> None:
        self.memory = memory
        self.units = units
        self.versions: dict[tuple[str, str, str], str] = {}  # (engine, pair): its model version, asked once

    def lookup(self, source_language: str, target_language: str, source: str, engine) -> Unit | None:
        units = self.units.get((source_language, target_language, source))
        if units is None:
            return self.memory.lookup(source_language, target_language, source, engine)
        if engine is None:
            return _best(units, None, None)
        pair = (engine.name, source_language, target_language)
        if pair not in self.versions:
            self.versions[pair] = engine.model_version(source_language, target_language)
        return _best(units, engine, self.versions[pair])

    def human(self, source_language: str, target_language: str, source: str) -> Unit | None:
        return self.lookup(source_language, target_language, source, None)

    def is_machine_output(self, source_language: str, target_language: str, source: str, target: str) -> bool:
        units = self.units.get((source_language, target_language, source))
        if units is None:
            return self.memory.is_machine_output(source_language, target_language, source, target)
        return any(unit.origin == "machine" and unit.target == target for unit in units) or \
            self.memory.wrote_unstored(source_language, target_language, source, target)

    def machine_versions(self, source_language: str, target_language: str, source: str, target: str,
                         engine_name: str) -> set[str]:
        """The model versions of the engine that wrote exactly `target` for this sentence (a
        sentence not fetched: none known)."""
        return {unit.model_version for unit in self.units.get((source_language, target_language, source), ())
                if unit.origin == "machine" and unit.engine == engine_name and unit.target == target}

    def is_kept_copy(self, source_language: str, target_language: str, source: str) -> bool:
        units = self.units.get((source_language, target_language, source))
        if units is None:
            return self.memory.is_kept_copy(source_language, target_language, source)
        return any(unit.origin == "machine" and unit.engine == COPY_ENGINE and unit.target == source for unit in units)

    def is_editors(self, unit: Unit) -> bool:
        units = self.units.get((unit.source_language, unit.target_language, unit.source))
        if units is None:
            return self.memory.is_editors(unit)
        return any(known.origin == "human" and (known.target, known.comment, known.flags)
                   == (unit.target, unit.comment, unit.flags) for known in units)


class _Unshared(str):
    """A copy of a text, for SQLite to bind (see _unshared)."""


def _unshared(text: str) -> str:
    """`text` as a parameter whose UTF-8 form dies with the statement. sqlite3 binds a str
    through PyUnicode_AsUTF8, which keeps the UTF-8 bytes of a non-ASCII str inside it for as
    long as the str lives; a run's sentences and translations live until it ends, so each
    lookup and store would add that much again to them (a German article: 3 MB per MB). An
    instance of a str subclass is a copy, and SQLite binds it as TEXT all the same."""
    return text if text.isascii() else _Unshared(text)


def _source(text: str) -> str:
    """A sentence as the memory stores and finds it: comparable (unicode_forms), unshared."""
    return _unshared(comparable(text))


def _key(unit: Unit) -> tuple:
    """A unit's primary key in the memory (everything but the time it was stored)."""
    return (unit.source_language, unit.target_language, unit.source, unit.origin, unit.engine, unit.model_version,
            unit.fuzzy, unit.target, unit.comment, unit.flags)


# a unit's primary key in a WHERE clause, with _key_values
_KEY_MATCH = ("source_language=? AND target_language=? AND source=? AND origin=? AND engine=? AND model_version=? "
              "AND fuzzy=? AND target=? AND comment=? AND flags=?")


def _key_values(unit: Unit) -> tuple:
    return (unit.source_language, unit.target_language, _source(unit.source), unit.origin, unit.engine,
            unit.model_version, int(unit.fuzzy), _unshared(unit.target), _unshared(unit.comment), unit.flags)


def _machine_key(source_language: str, target_language: str, source: str, target: str) -> int:
    return hash((source_language, target_language, source, target))


def _read_only_mode(path: Path) -> str:
    """How a read-only memory is opened. Opened as a WAL database, SQLite makes its `-shm` and
    `-wal` files beside it with the database's mode: read-only files that kept every later run
    from writing the memory once it was writable again. With no write-ahead log left to read
    (a memory closed cleanly has none) it is opened as immutable, which makes neither."""
    wal = path.with_name(path.name + "-wal")
    return "mode=ro" if wal.exists() and wal.stat().st_size > 0 else "mode=ro&immutable=1"


def _unwritable_side_file(path: Path) -> tuple[Path, str] | None:
    """A read-only `-wal` or `-shm` file beside a writable memory (left by an older run that
    opened a read-only memory), and what to do about it; None when there is none."""
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists() and not _writable(side):
            return side, (f"is read-only, so the translation memory {path.name} cannot be written; delete it "
                          "(it is SQLite's working file) or make it writable")
    return None


def _unwritable_beside(path: Path) -> tuple[Path, str] | None:
    """What keeps SQLite from writing a writable memory: a read-only `-wal` or `-shm` file
    beside it, or a folder it cannot make them in; None when neither."""
    side = _unwritable_side_file(path)
    if side is not None:
        return side
    folder = path.parent
    if folder.is_dir() and not _writable(folder):
        return folder, (f"the folder is read-only, and the translation memory {path.name} needs to write its "
                        "working files there; make the folder writable or pass --tm OTHER_FILE")
    return None


def _writable(path: Path) -> bool:
    """A memory whose mode has no write bit is read-only by its owner's choice, even for root."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & 0o222)


def _is_locked(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(error)


def _remove_unmade(path: Path) -> None:
    """The files of a memory whose making failed: it holds nothing yet."""
    for made in (path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))):
        try:
            made.unlink(missing_ok=True)
        except OSError:
            continue  # left as it is: the error line says what went wrong


NEARLY_FULL = 1 << 20  # bytes free below which a write error on the memory is put down to a full disk


def _disk_full(path: Path) -> bool:
    """Is the disk holding the memory (next to) full? SQLite reports a full disk as a disk I/O
    error when the write that failed was to its `-shm` index (mapped memory) or an fsync."""
    try:
        stats = os.statvfs(path.parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < NEARLY_FULL


def _explain(error: sqlite3.DatabaseError, path: Path | None = None) -> str:
    name = getattr(error, "sqlite_errorname", "")
    if (name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR")) and path is not None and _disk_full(path):
        return ("no space left on the disk that holds it; the translation memory was not updated. Free some space "
                "(or pass --tm a file on another disk) and run again")
    if name == "SQLITE_NOTADB":
        return "not a translation memory (not an SQLite database); move it away, or pass --tm OTHER_FILE"
    if name in ("SQLITE_CORRUPT", "SQLITE_CORRUPT_INDEX"):
        return "the translation memory is damaged; move it away (a new one is made), or pass --tm OTHER_FILE"
    if name.startswith("SQLITE_CANTOPEN"):
        return "cannot open the translation memory; check that its folder exists and is writable"
    if name == "SQLITE_FULL":
        return "the disk is full; the translation memory was not updated"
    if name.startswith("SQLITE_READONLY"):
        return "the translation memory cannot be written (read-only); make it writable or pass --tm OTHER_FILE"
    return f"translation memory: {error}"


def _unit(row: tuple) -> Unit:
    source_language, target_language, source, origin, engine, model_version, target, updated, fuzzy, comment, \
        flags, notes = row
    return Unit(source_language, target_language, source, target, origin, engine, model_version, updated,
                bool(fuzzy), comment, flags, _notes_of(notes, origin))


def _notes_column(unit: Unit) -> str:
    """A unit's notes as the memory keeps them: a JSON list (a note may hold any text the
    sentence does), '' for none, and always none for an editor's unit."""
    return json.dumps(list(unit.notes), ensure_ascii=False) if unit.notes and unit.origin == "machine" else ""


def _notes_of(column: str | None, origin: str) -> tuple[str, ...]:
    """The notes _notes_column kept (None: not known, see _MIGRATE_FROM_2); an editor's unit
    has none, whatever a hand-edited memory holds."""
    if not column or origin != "machine":
        return ()
    try:
        notes = json.loads(column)
    except ValueError:  # not written by a run: shown as it is rather than lost
        return (column,)
    return tuple(note for note in notes if isinstance(note, str)) if isinstance(notes, list) else (column,)


def _column_names(connection: sqlite3.Connection) -> set[str]:
    return {row[1] for row in connection.execute("PRAGMA table_info(units)")}


# what a column an older schema lacks reads as (the defaults of SCHEMA)
_DEFAULTS = {"fuzzy": "0", "comment": "''", "flags": "''", "notes": "NULL"}


def _selected_columns(connection: sqlite3.Connection) -> str:
    """COLUMNS as a query on this memory selects them: a column its schema lacks as its default."""
    present = _column_names(connection)
    if not present:  # no table (yet): the query says so as it did
        return COLUMNS
    return ", ".join(name if name in present or name not in _DEFAULTS else f"{_DEFAULTS[name]} AS {name}"
                     for name in COLUMNS.split(", "))
