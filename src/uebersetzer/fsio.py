"""Files on disk: atomic writes, the lock that keeps two runs off one output folder, and the
short lock and check that keep a run from replacing a PO file an editor saved meanwhile."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from uebersetzer.errors import UebersetzerError, UsageError

LOCK_NAME = ".uebersetzer.lock"  # in every output folder; input discovery skips folders holding one
TEMPORARY_SUFFIX = ".uebersetzer-tmp"  # a name only atomic_write makes, so cleaning up never hits a user's file


def user_cache_folder() -> Path:
    """uebersetzer's cache folder: in XDG_CACHE_HOME, or in ~/.cache when it is unset or cannot
    be a folder. The XDG spec has a relative one ignored; one that is or runs through a file
    is ignored too, silently: a cache only saves time, and without one every run redid the
    work (the language profiles, about 0.6 s), which is worse than a cache in ~/.cache."""
    setting = os.getenv("XDG_CACHE_HOME", "")
    base = Path(setting) if setting and os.path.isabs(setting) and can_be_a_folder(Path(setting)) else \
        Path.home() / ".cache"
    return base / "uebersetzer"


def not_a_folder(path: Path) -> Path | None:
    """The first of `path` and its parents that exists, when it is not a folder (a file where a
    folder is to be made); None when `path` is a folder or mkdir(parents=True) could make it."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return None if candidate.is_dir() else candidate
    return None


def can_be_a_folder(path: Path) -> bool:
    return not_a_folder(path) is None


@dataclass(frozen=True)
class FileState:
    """A file as it was read: any later save by anyone (another tool's in-place write within
    the same mtime tick included) changes one of these."""

    size: int
    mtime_ns: int
    inode: int
    digest: bytes  # BLAKE2b of its bytes


def file_state(path: Path) -> FileState | None:
    """The file's state now; None when there is no file (or none that can be read as one).
    Taken from one open file, so a file replaced meanwhile is seen whole, old or new."""
    try:
        with path.open("rb") as handle:
            stat = os.fstat(handle.fileno())
            digest = hashlib.blake2b(digest_size=32)
            while chunk := handle.read(1 << 20):  # hashlib.file_digest is Python 3.11's
                digest.update(chunk)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    return FileState(stat.st_size, stat.st_mtime_ns, stat.st_ino, digest.digest())


class HeldLock:
    """A file's replace lock, taken by hold_replace_lock: released by its holder, or handed to
    a guarded write (Unchanged.held), which releases it once the new version is renamed."""

    def __init__(self, handle: BinaryIO | None) -> None:
        self._handle = handle

    def take(self) -> BinaryIO | None:
        handle, self._handle = self._handle, None
        return handle

    def release(self) -> None:
        handle = self.take()
        if handle is not None:
            handle.close()  # releases the flock


@dataclass(frozen=True)
class Unchanged:
    """A write's condition: the file must still be as it was read (`state` None: still absent).
    `held`: the file's replace lock, when the caller took it already (before reading the file)."""

    state: FileState | None
    held: HeldLock | None = field(default=None, compare=False)


class ChangedOnDisk(UebersetzerError):
    """The file was saved by someone else after it was read: it was left as they saved it."""


class FileBusy(UebersetzerError):
    """Another uebersetzer process is replacing the file, and the wait for it ran out."""


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write via a temporary file, fsync, rename: a reader, or a run killed at any moment,
    sees the old file or the new one, never half of one. Text is written as UTF-8."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    _write_atomically(path, lambda handle: handle.write(data))


LINES_PER_WRITE = 256  # lines encoded and written together: one encode and write call per line took twice as long


def atomic_write_lines(path: Path, lines: Iterable[str], unless_changed: Unchanged | None = None) -> None:
    """atomic_write of the lines, each ended by "\n", a line at a time: a big file's text is
    never held whole (a 50 MB article's PO file is ~200 MB). With `unless_changed`, the file
    is replaced only if it is still as it was read: checked under its replace lock before
    anything is written (ChangedOnDisk raised here), the lock held until the rename, and
    checked again right before it (ChangedOnDisk raised, or in a `synced_together` block
    handed to its `on_error`). A file found changed stays as it is (see replace_lock)."""
    def write(handle: BinaryIO) -> None:
        remaining = iter(lines)
        while batch := list(islice(remaining, LINES_PER_WRITE)):  # gathered in C, not a line at a time here
            handle.write(("\n".join(batch) + "\n").encode("utf-8"))

    _write_atomically(path, write, unless_changed=unless_changed)


def write_parts_if_changed(path: Path, parts: Callable[[], Iterable[str]], after: Path | None = None) -> bool:
    """write_if_changed of the text `parts()` makes, a part at a time: compared with the file
    first, and written (`parts()` made again) only when they differ. A big article's text is
    never held whole, nor its bytes, nor the old file's. In a `synced_together` block, `after`
    names a file written earlier in it that this one must not outlive: when that one cannot
    be replaced, this one is left as it was too (an article is never newer than its PO file)."""
    batch = _batch.get()
    if batch is not None:
        batch.settle(path)  # compare with what an earlier write in this batch put there
    if _holds(path, parts()):
        return False

    def write(handle: BinaryIO) -> None:
        for part in parts():
            handle.write(part.encode("utf-8"))

    _write_atomically(path, write, after)
    return True


def _holds(path: Path, parts: Iterable[str]) -> bool:
    """Does the file hold exactly the parts' text, as UTF-8? False when it cannot be read."""
    try:
        with path.open("rb") as handle:
            for part in parts:
                data = part.encode("utf-8")
                if handle.read(len(data)) != data:
                    return False
            return handle.read(1) == b""
    except OSError:  # no file yet, or a folder (which _write_atomically names)
        return False


def _write_atomically(path: Path, write: Callable[[BinaryIO], object], after: Path | None = None,
                      unless_changed: Unchanged | None = None) -> None:
    if path.is_dir():  # os.replace would fail naming our temporary file, not the user's folder
        raise UsageError("is a folder; name the file to write", path=str(path))
    _refuse_read_only(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    batch = _batch.get()
    if batch is not None:
        batch.settle(path)  # an earlier write of this file lands first
    guard = _Guard(path, unless_changed) if unless_changed is not None else None  # ChangedOnDisk now, if so
    try:
        temporary = _written_temporary(path, write, durable=batch is None)
    except BaseException:
        if guard is not None:
            guard.release()
        raise
    if batch is not None:
        batch.submit(temporary, path, after, guard)
        return
    _replace(temporary, path, guard)
    _fsync_directory(path.parent)


def _written_temporary(path: Path, write: Callable[[BinaryIO], object], durable: bool) -> Path:
    """A temporary file beside `path`, with `path`'s mode, holding what `write` writes (fsynced
    when `durable`)."""
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    except PermissionError as error:  # it names our temporary file, which the user never sees
        raise UebersetzerError(f"cannot write {path.name} into this folder ({error.strerror}); make the folder "
                               "writable or write elsewhere (--out)", path=str(path.parent)) from error
    try:
        os.fchmod(descriptor, _mode_for(path))
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):  # it named no file
            raise UebersetzerError(f"no space left on the disk ({error.strerror}), so it was left as it was; free some "
                                   "space and run again", path=str(path)) from error
        raise
    return Path(temporary)


def _refuse_read_only(path: Path) -> None:
    """A file nobody may write (chmod a-w: an editor's "done, hands off", or Perforce and
    git-annex, which keep files so until they are opened for edit) is not replaced behind its
    owner's back. os.replace asks only that the folder be writable, and root may write any
    file, so the file's own mode bits are what is asked."""
    try:
        mode = path.stat().st_mode  # through a symbolic link: git-annex's locked files are links to read-only ones
    except OSError:  # no file yet, or none we can look at: the write says what is wrong
        return
    if not mode & 0o222:
        raise UebersetzerError("is read-only, so it was left as it was; make it writable (chmod u+w) to let "
                               "uebersetzer update it", path=str(path))


def _replace(temporary: Path, path: Path, guard: _Guard | None = None) -> None:
    if guard is not None:
        _replace_guarded(temporary, path, guard)
        return
    try:
        os.replace(temporary, path)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):  # it names our temporary file, which the user never sees
            raise UebersetzerError(f"cannot be replaced ({error.strerror}); make it writable (an immutable "
                                   "file: chattr -i), or move it away", path=str(path)) from error
        raise


CHANGED = ("was saved by someone else while this run was working (another tool, an editor); their version "
           "was left as it is and this article was not written in this language: run translate again")


class _Guard:
    """A file's replace lock, taken (and the file found as it was read, else ChangedOnDisk), or
    handed over by a caller that did so, before its new version is written, and held until
    that is renamed into place: a review save meanwhile waits, then finds the new file (409),
    instead of falling between the check and the rename. Released by whichever thread renames."""

    def __init__(self, path: Path, unless_changed: Unchanged) -> None:
        self.state = unless_changed.state
        held = unless_changed.held
        self.handle = held.take() if held is not None else _lock_current(path, None)
        if held is None and file_state(path) != self.state:  # a caller that held it checked under it
            self.release()
            raise ChangedOnDisk(CHANGED, path=str(path))

    def release(self) -> None:
        if self.handle is not None:
            self.handle.close()  # releases the flock
            self.handle = None


def _replace_guarded(temporary: Path, path: Path, guard: _Guard) -> None:
    """The rename, once the file is found as it was read, checked again: other tools take no
    lock, so a save of theirs can still fall between the guard's check and the rename (the
    time to write and fsync the new version, instead of the run's minutes between reading and
    writing), and is caught here but for the instant between this check and the rename."""
    try:
        if file_state(path) != guard.state:
            raise ChangedOnDisk(CHANGED, path=str(path))
        _replace(temporary, path)
    finally:
        guard.release()
        temporary.unlink(missing_ok=True)  # gone when renamed; left over when refused or failed


def _sync_and_replace(temporary: Path, path: Path, guard: _Guard | None = None) -> None:
    try:
        descriptor = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except BaseException:
        temporary.unlink(missing_ok=True)
        if guard is not None:
            guard.release()
        raise
    _replace(temporary, path, guard)


class _LeftAsItWas(Exception):
    """A write not made because the one it depends on failed (that one's error is the report)."""


def _replace_if_done(first: Future[None], temporary: Path, path: Path, guard: _Guard | None = None) -> None:
    if first.exception() is not None:
        temporary.unlink(missing_ok=True)
        if guard is not None:
            guard.release()
        raise _LeftAsItWas
    _sync_and_replace(temporary, path, guard)


class _SyncBatch:
    """The fsyncs and renames of the atomic writes inside `synced_together`, in worker threads."""

    def __init__(self, workers: int, on_error: Callable[[UebersetzerError], None] | None = None) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fsync")
        self.pending: dict[Path, Future[None]] = {}
        self.folders: set[Path] = set()
        self.on_error = on_error

    def settle(self, path: Path) -> None:
        """Wait for a pending write of `path`: a second write of one file must not overtake the first."""
        pending = self.pending.pop(path, None)
        if pending is not None:
            pending.result()

    def submit(self, temporary: Path, path: Path, after: Path | None = None, guard: _Guard | None = None) -> None:
        first = self.pending.get(after) if after is not None else None
        if first is None:
            self.pending[path] = self.pool.submit(_sync_and_replace, temporary, path, guard)
        else:  # `first` was submitted earlier, so a worker takes it first: waiting for it cannot deadlock
            self.pending[path] = self.pool.submit(_replace_if_done, first, temporary, path, guard)
        self.folders.add(path.parent)

    def finish(self) -> None:
        """Every write renamed (or its temporary removed), then each folder fsynced once; the
        first error, if any, is raised once all are done. A file that could not be written goes
        to `on_error` instead, when there is one: the other files stand."""
        self.pool.shutdown(wait=True)
        errors = [error for future in self.pending.values()
                  if (error := future.exception()) is not None and not isinstance(error, _LeftAsItWas)]
        for folder in sorted(self.folders):
            _fsync_directory(folder)
        if self.on_error is not None:
            for error in [e for e in errors if isinstance(e, UebersetzerError)]:
                self.on_error(error)
            errors = [error for error in errors if not isinstance(error, UebersetzerError)]
        if errors:
            raise errors[0]


_batch: ContextVar[_SyncBatch | None] = ContextVar("uebersetzer_sync_batch", default=None)


@contextmanager
def synced_together(workers: int = 8, on_error: Callable[[UebersetzerError], None] | None = None) -> Iterator[None]:
    """Atomic writes inside the block are made durable together: each one still goes through
    its own temporary file and rename, but the fsync before the rename runs in worker threads,
    so the file system commits many at once, and each folder is fsynced once at the end
    instead of after every file (`python bench/bench_sync.py`: 100 PO-sized files, 1.35 s one
    fsync after another and 0.076 s together on the build machine's ext4). When the block ends, every write is on disk under its own
    name, or its error is raised (or handed to `on_error`, see _SyncBatch.finish); a reader
    still sees each file old or new, never half of it. A write in another thread than the
    block's own is not batched."""
    batch = _SyncBatch(workers, on_error)
    token = _batch.set(batch)
    try:
        yield
    except BaseException:
        _batch.reset(token)
        try:
            batch.finish()
        except OSError:
            pass  # the block's own error is the one to report
        raise
    _batch.reset(token)
    batch.finish()


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """atomic_write, unless the file already holds exactly this (keeps mtimes and diffs quiet)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    batch = _batch.get()
    if batch is not None:
        batch.settle(path)  # compare with what an earlier write in this batch put there
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
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK_NAME, "a")  # not "w": truncating touched it, and a sync of OUT saw a change on every run
    except OSError as error:  # /proc/x, a read-only file system: the output folder is the user's to change
        raise UsageError(f"cannot be the output folder ({error.strerror}); name another with --out",
                         path=str(folder)) from error
    with handle:
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
        if temporary.is_file() and not temporary.is_symlink() and not _being_written(temporary):
            temporary.unlink(missing_ok=True)


def _being_written(temporary: Path) -> bool:
    """Is a review save writing this temporary file now? A save holds its file's replace lock
    (and not the output folder's lock) while it writes `.NAME.XXXXXXXX.uebersetzer-tmp`, so a
    run starting meanwhile must not take it for a killed run's."""
    name = temporary.name[1:-len(TEMPORARY_SUFFIX)].rpartition(".")[0]  # mkstemp's random part after the dot
    try:
        with (temporary.parent / name).open("rb") as target:
            fcntl.flock(target, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:  # no such file (a killed run's first write of it): nobody is saving it
        return False
    return False


@contextmanager
def replace_lock(path: Path, wait: float | None = None) -> Iterator[None]:
    """Held by every uebersetzer process while it checks a PO file and replaces it (translate's
    write, a review save), so two of them never both find it unchanged and then overwrite each
    other; nothing else is kept waiting (a whole output folder's lock kept review saves waiting
    for a whole translate run). It is the file's own flock: no lock files beside it. A
    rename puts a new file under the name, so the lock taken is checked to be on the file
    the name leads to, and taken again when it is not. No file yet: nothing to lock. `wait`:
    seconds to wait at most before FileBusy; None waits as long as it takes (a holder keeps
    it for a check and a rename)."""
    held = hold_replace_lock(path, wait)
    try:
        yield
    finally:
        held.release()


def hold_replace_lock(path: Path, wait: float | None = None) -> HeldLock:
    """replace_lock, taken until released or handed to a guarded write (Unchanged.held): a run
    that reads a PO file again and writes it holds it from the read to the rename."""
    return HeldLock(_lock_current(path, None if wait is None else time.monotonic() + wait))


RETRY = 0.05  # seconds between tries of a lock with a deadline (flock itself waits without one)


def _lock_current(path: Path, deadline: float | None) -> BinaryIO | None:
    """The file now at `path`, open and locked; None when there is none to lock."""
    while True:
        try:
            handle = path.open("rb")  # flock needs no write access: a read-only PO file is locked too
        except OSError:
            return None
        try:
            _flock_until(handle, deadline, path)
            if _same_file(handle, path):
                return handle
        except BaseException:
            handle.close()
            raise
        handle.close()  # replaced while we waited: lock the one there now


def _flock_until(handle: BinaryIO, deadline: float | None, path: Path) -> None:
    if deadline is None:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise FileBusy("is being replaced by another uebersetzer process; try again in a moment",
                               path=str(path)) from None
            time.sleep(RETRY)


def _same_file(handle: BinaryIO, path: Path) -> bool:
    try:
        now = os.stat(path)
    except OSError:
        return False
    opened = os.fstat(handle.fileno())
    return (now.st_dev, now.st_ino) == (opened.st_dev, opened.st_ino)
