"""Files on disk: atomic writes and the lock that keeps two runs off one output folder."""

from __future__ import annotations

import fcntl
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from uebersetzer.errors import UsageError

LOCK_NAME = ".uebersetzer.lock"  # in every output folder; input discovery skips folders holding one
TEMPORARY_SUFFIX = ".uebersetzer-tmp"  # a name only atomic_write makes, so cleaning up never hits a user's file


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write via a temporary file, fsync, rename: a reader, or a run killed at any moment,
    sees the old file or the new one, never half of one. Text is written as UTF-8."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    _write_atomically(path, lambda handle: handle.write(data))


def atomic_write_lines(path: Path, lines: Iterable[str]) -> None:
    """atomic_write of the lines, each ended by "\n", a line at a time: a big file's text is
    never held whole (a 50 MB article's PO file is ~200 MB)."""
    def write(handle: BinaryIO) -> None:
        for line in lines:
            handle.write(line.encode("utf-8") + b"\n")

    _write_atomically(path, write)


def _write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    if path.is_dir():  # os.replace would fail naming our temporary file, not the user's folder
        raise UsageError("is a folder; name the file to write", path=str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        os.fchmod(descriptor, _mode_for(path))
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_directory(path.parent)


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """atomic_write, unless the file already holds exactly this (keeps mtimes and diffs quiet)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data)
    return True


def _mode_for(path: Path) -> int:
    """The existing file's mode, else what a plain open() would give (mkstemp's is 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """One run at a time per output folder; a second one waits and says why."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"{folder}: another uebersetzer run is writing here; waiting for it to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        _remove_stale_temporaries(folder)
        yield


def _remove_stale_temporaries(folder: Path) -> None:
    """Temporary files of a run that was killed before its rename; we hold the lock, so no
    other run is writing them. Only names atomic_write makes: a user's own `.notes.tmp` stays."""
    for temporary in folder.rglob(f".*{TEMPORARY_SUFFIX}"):
        if temporary.is_file() and not temporary.is_symlink():
            temporary.unlink(missing_ok=True)
