"""Atomic writes made durable together (fsio.synced_together): same files, same guarantees."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer import fsio
from uebersetzer.errors import UebersetzerError
from uebersetzer.fsio import TEMPORARY_SUFFIX, atomic_write, atomic_write_lines, synced_together, write_if_changed


def _temporaries(folder: Path) -> list[Path]:
    return list(folder.rglob(f"*{TEMPORARY_SUFFIX}"))


# each write: (file number, text); several may name one file, the last one must win
_writes = st.lists(st.tuples(st.integers(0, 4), st.text(max_size=40)), min_size=1, max_size=15)


@settings(max_examples=20, deadline=None)
@given(writes=_writes)
def test_a_batch_leaves_what_the_same_writes_one_by_one_leave(tmp_path_factory, writes):
    one_by_one, together = tmp_path_factory.mktemp("one"), tmp_path_factory.mktemp("together")
    for number, text in writes:
        atomic_write(one_by_one / "sub" / f"{number}.txt", text)
    with synced_together(workers=3):
        for number, text in writes:
            if number % 2:
                write_if_changed(together / "sub" / f"{number}.txt", text)
            else:
                atomic_write_lines(together / "sub" / f"{number}.txt", text.split("\n")[:-1] or [text])
                atomic_write(together / "sub" / f"{number}.txt", text)
    assert {p.name: p.read_bytes() for p in (together / "sub").iterdir()} == \
        {p.name: p.read_bytes() for p in (one_by_one / "sub").iterdir()}
    assert not _temporaries(together)


def test_every_file_is_in_place_and_the_folder_synced_once_when_the_block_ends(tmp_path, monkeypatch):
    synced_folders: list[Path] = []
    monkeypatch.setattr(fsio, "_fsync_directory", synced_folders.append)
    with synced_together():
        for number in range(30):
            atomic_write(tmp_path / "en" / f"{number}.txt", f"entry {number}\n")
    assert [(tmp_path / "en" / f"{n}.txt").read_text() for n in range(30)] == [f"entry {n}\n" for n in range(30)]
    assert synced_folders == [tmp_path / "en"]
    assert not _temporaries(tmp_path)


def test_a_failed_rename_is_raised_at_the_end_and_leaves_no_temporary(tmp_path, monkeypatch):
    real_replace = os.replace

    def replace(source, target):
        if Path(target).name == "bad.txt":
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(fsio.os, "replace", replace)
    with pytest.raises(UebersetzerError, match=r"bad\.txt: cannot be replaced \(No space left on device\)"):
        with synced_together():
            atomic_write(tmp_path / "good.txt", "kept")
            atomic_write(tmp_path / "bad.txt", "lost")
            atomic_write(tmp_path / "later.txt", "kept too")
    assert (tmp_path / "good.txt").read_text() == "kept" and (tmp_path / "later.txt").read_text() == "kept too"
    assert not (tmp_path / "bad.txt").exists()
    assert not _temporaries(tmp_path)


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """`path` made immutable (chattr +i) while the block runs, a file even root cannot replace;
    the test is skipped where the file system does not allow it."""
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not available on this file system")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_file_that_cannot_be_replaced_goes_to_on_error_named_and_the_others_land(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text("the editor's file")
    failed: list[UebersetzerError] = []
    with immutable(locked), synced_together(on_error=failed.append):
        atomic_write(tmp_path / "good.txt", "kept")
        atomic_write(locked, "new")
    assert [str(error) for error in failed] == [
        f"{locked}: cannot be replaced (Operation not permitted); make it writable (an immutable file: chattr -i), "
        "or move it away"]
    assert locked.read_text() == "the editor's file" and (tmp_path / "good.txt").read_text() == "kept"
    assert not _temporaries(tmp_path)


def test_the_blocks_own_error_wins_and_the_writes_before_it_land(tmp_path):
    with pytest.raises(KeyError):
        with synced_together():
            atomic_write(tmp_path / "a.txt", "done")
            raise KeyError("the pipeline's own error")
    assert (tmp_path / "a.txt").read_text() == "done"
    assert not _temporaries(tmp_path)


def test_outside_a_block_each_write_is_synced_at_once(tmp_path, monkeypatch):
    synced_folders: list[Path] = []
    monkeypatch.setattr(fsio, "_fsync_directory", synced_folders.append)
    atomic_write(tmp_path / "a.txt", "one")
    assert synced_folders == [tmp_path] and (tmp_path / "a.txt").read_text() == "one"


@pytest.mark.parametrize("count", [0, 1, 255, 256, 257, 600])
def test_atomic_write_lines_writes_every_line_across_its_batches(tmp_path, count):
    from uebersetzer.fsio import LINES_PER_WRITE

    assert LINES_PER_WRITE == 256  # the counts above straddle a batch
    lines = [f"Zeile {number} „ü“" if number % 7 else "" for number in range(count)]
    atomic_write_lines(tmp_path / "a.txt", iter(lines))
    assert (tmp_path / "a.txt").read_bytes() == "".join(f"{line}\n" for line in lines).encode("utf-8")


def test_a_write_made_after_one_that_fails_is_left_as_it_was(tmp_path):
    """An article is never newer than its PO file: when the PO file cannot be replaced, the
    article written after it in the same block stays as it was, with no second error."""
    locked, article = tmp_path / "locked.txt", tmp_path / "article.txt"
    locked.write_text("the editor's file")
    article.write_text("old article")
    failed: list[UebersetzerError] = []
    with immutable(locked), synced_together(on_error=failed.append):
        atomic_write(locked, "new")
        fsio.write_parts_if_changed(article, lambda: ["new article"], after=locked)
        fsio.write_parts_if_changed(tmp_path / "other.txt", lambda: ["other"], after=tmp_path / "unwritten.txt")
    assert [error.path for error in failed] == [str(locked)]
    assert article.read_text() == "old article" and (tmp_path / "other.txt").read_text() == "other"
    assert not _temporaries(tmp_path)


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_a_read_only_file_is_not_replaced_even_by_root(tmp_path, mode):
    """os.replace needs only a writable folder, and root may write anything: the file's own
    mode is what says "hands off"."""
    locked = tmp_path / "locked.txt"
    locked.write_text("the editor's file")
    locked.chmod(mode)
    try:
        with pytest.raises(UebersetzerError, match=r"locked\.txt: is read-only, so it was left as it was; make it "
                                                   r"writable \(chmod u\+w\)"):
            atomic_write(locked, "new")
    finally:
        locked.chmod(0o644)
    assert locked.read_text() == "the editor's file" and not _temporaries(tmp_path)


def test_a_read_only_file_whose_text_would_not_change_is_no_error(tmp_path):
    same = tmp_path / "same.txt"
    same.write_text("unchanged")
    same.chmod(0o444)
    assert fsio.write_parts_if_changed(same, lambda: ["unchanged"]) is False


def test_a_link_to_a_read_only_file_is_not_replaced(tmp_path):
    """git-annex's locked files are symbolic links to read-only objects."""
    target = tmp_path / "object"
    target.write_text("annexed")
    target.chmod(0o444)
    link = tmp_path / "linked.txt"
    link.symlink_to(target)
    with pytest.raises(UebersetzerError, match="is read-only"):
        atomic_write(link, "new")
    assert link.is_symlink() and target.read_text() == "annexed"


def test_taking_the_lock_leaves_the_lock_file_as_it_was(tmp_path):
    """A pipeline that syncs the output folder saw the lock file change on every run."""
    from uebersetzer.fsio import LOCK_NAME, output_lock

    with output_lock(tmp_path):
        pass
    lock = tmp_path / LOCK_NAME
    os.utime(lock, (1_000_000_000, 1_000_000_000))
    with output_lock(tmp_path):
        pass
    assert lock.stat().st_mtime == 1_000_000_000 and lock.read_bytes() == b""


def test_file_state_tells_a_same_size_save_within_the_same_mtime_apart(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"msgstr \"one\"\n")
    before = fsio.file_state(path)
    stat = path.stat()
    with path.open("r+b") as handle:  # in place, as polib and many editors save: same inode, same size
        handle.write(b"msgstr \"two\"\n")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # a save within the same clock tick
    assert fsio.file_state(path) != before
    assert fsio.file_state(tmp_path / "none.txt") is None and fsio.file_state(tmp_path) is None


@pytest.mark.parametrize("batched", [False, True])
def test_a_guarded_write_leaves_a_file_saved_since_it_was_read_as_it_was_saved(tmp_path, batched, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("as read\n")
    read_as = fsio.file_state(path)
    path.write_text("the editor's save\n")
    with pytest.raises(fsio.ChangedOnDisk) as raised, synced_together() if batched else _nothing():
        atomic_write_lines(path, ["the run's"], fsio.Unchanged(read_as))  # found before anything is written
    assert path.read_text() == "the editor's save\n" and raised.value.path == str(path)
    read_as = fsio.file_state(path)
    real_temporary = fsio._written_temporary

    def saved_while_written(*args, **kwargs):  # after the guard's check, before the rename: a tool with no lock
        temporary = real_temporary(*args, **kwargs)
        path.write_text("the editor's second save\n")
        return temporary

    monkeypatch.setattr(fsio, "_written_temporary", saved_while_written)
    refused: list[UebersetzerError] = []
    if batched:
        with synced_together(on_error=refused.append):
            atomic_write_lines(path, ["the run's"], fsio.Unchanged(read_as))
    else:
        with pytest.raises(fsio.ChangedOnDisk) as raised:
            atomic_write_lines(path, ["the run's"], fsio.Unchanged(read_as))
        refused.append(raised.value)
    assert path.read_text() == "the editor's second save\n"
    assert isinstance(refused[0], fsio.ChangedOnDisk) and refused[0].path == str(path)
    assert _temporaries(tmp_path) == []
    monkeypatch.undo()
    with fsio.replace_lock(path, wait=0.1):  # released
        pass
    atomic_write_lines(path, ["the run's"], fsio.Unchanged(fsio.file_state(path)))  # unchanged: written
    assert path.read_text() == "the run's\n"
    new = tmp_path / "new.txt"
    new.write_text("made by someone else meanwhile\n")
    with pytest.raises(fsio.ChangedOnDisk):
        atomic_write_lines(new, ["the run's"], fsio.Unchanged(None))  # there was none when it was read
    assert new.read_text() == "made by someone else meanwhile\n"


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def test_a_guarded_write_holds_the_files_replace_lock_from_its_check_to_its_rename(tmp_path, monkeypatch):
    """A review save that comes while the run writes waits for the rename, and then finds the
    run's file (409), instead of being written over by it."""
    path = _made(tmp_path / "a.txt", "as read\n")
    real_temporary = fsio._written_temporary
    busy: list[bool] = []

    def written_while_a_save_comes(*args, **kwargs):
        with pytest.raises(fsio.FileBusy):
            with fsio.replace_lock(path, wait=0.1):
                pass
        busy.append(True)
        return real_temporary(*args, **kwargs)

    monkeypatch.setattr(fsio, "_written_temporary", written_while_a_save_comes)
    with synced_together():
        atomic_write_lines(path, ["the run's"], fsio.Unchanged(fsio.file_state(path)))
    assert busy == [True] and path.read_text() == "the run's\n"
    with fsio.replace_lock(path, wait=0.1):  # released once renamed, by the worker thread
        pass


def test_a_replace_lock_waited_for_is_taken_on_the_file_the_holders_rename_put_there(tmp_path, monkeypatch):
    """A waiter opened the old file before the holder renamed a new one over it: once it gets
    that lock, it finds the name leads elsewhere and locks the new file (or a third process
    would see no lock on it)."""
    path = _made(tmp_path / "a.txt", "old\n")
    real_flock = fsio._flock_until
    opened, release, held = threading.Event(), threading.Event(), threading.Event()
    tries: list[int] = []

    def flock_noting(handle, deadline, name):
        tries.append(os.fstat(handle.fileno()).st_ino)
        opened.set()  # the waiter has the file open: the holder may rename now
        real_flock(handle, deadline, name)

    def waiter() -> None:
        with fsio.replace_lock(path):
            held.set()
            release.wait(30)

    monkeypatch.setattr(fsio, "_flock_until", flock_noting)
    with fsio.replace_lock(path):
        opened.clear()
        thread = threading.Thread(target=waiter)
        thread.start()
        assert opened.wait(30)
        os.replace(_made(tmp_path / "b.txt", "new\n"), path)
    assert held.wait(30)
    monkeypatch.setattr(fsio, "_flock_until", real_flock)
    assert tries[-1] == path.stat().st_ino != tries[-2]  # taken again, on the new file
    with pytest.raises(fsio.FileBusy):
        with fsio.replace_lock(path, wait=0.1):
            pass
    release.set()
    thread.join(30)
    with fsio.replace_lock(path, wait=0.1), fsio.replace_lock(tmp_path / "none.txt", wait=0.1):
        pass  # released; and no file is nothing to wait for


def _made(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_a_run_cleans_up_a_killed_runs_temporaries_but_not_one_a_review_save_is_writing(tmp_path):
    (tmp_path / "en").mkdir()
    saving, gone = tmp_path / "en" / "a.txt", tmp_path / "en" / "b.txt"
    saving.write_text("a\n")
    gone.write_text("b\n")
    in_flight = _made(tmp_path / "en" / f".a.txt.k2x_9abc{TEMPORARY_SUFFIX}", "the editor's save, being written")
    stale = _made(tmp_path / "en" / f".b.txt.zz81qq0p{TEMPORARY_SUFFIX}", "a killed run's")
    with fsio.replace_lock(saving):  # a review save holds it while it writes its temporary file
        with fsio.output_lock(tmp_path):  # a translate run starts meanwhile
            pass
    assert _temporaries(tmp_path) == [in_flight] and not stale.exists()
