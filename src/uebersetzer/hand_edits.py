"""Write stage: a localized article changed by hand since a run wrote it.

The PO file is the truth: every run writes the localized article from it, so a fix made in
the article itself (`locales/en/a.txt`) is replaced by the next translate or build. That is by
design, but it must not happen without a word, nor lose the editor's text. So, as dpkg does
with the configuration files it installs (it records each one's digest and keeps a changed
file as `.dpkg-old` before it replaces it), a run records a digest of every article it writes,
under the output folder (`.uebersetzer/written/`, one file per article: the digest and the
article's path), and before it writes one
again compares the file there with that record. A file that differs was changed by someone
else: it is copied to `.uebersetzer/hand-edited/LANG/PATH.TIMESTAMP` (never over an earlier
copy) and the run warns, naming the file, the copy and the PO file the fix belongs in. A file
the run finds holding exactly what it writes now says nothing. An article written before
there were records (or by another tool) is recorded on its first write, not judged.

Records live in a hidden folder of the output folder: the folder walk and publishing a
language folder never see them. One small file per article, written in the run's batch of
writes like the article itself, so an interrupted run leaves records that match what it wrote.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from uebersetzer.fsio import write_if_changed

STATE = ".uebersetzer"  # under the output folder: what runs keep for themselves
WRITTEN = "written"  # digests of the articles runs wrote
KEPT = "hand-edited"  # copies of articles changed by hand, before a run replaced them


def digest_of(parts: Iterable[str | bytes]) -> str:
    """BLAKE2b of the text's UTF-8 bytes, a part at a time (a big article is never held whole)."""
    hashed = hashlib.blake2b(digest_size=32)
    for part in parts:
        hashed.update(part.encode("utf-8") if isinstance(part, str) else part)
    return hashed.hexdigest()


def _file_digest(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return digest_of(iter(lambda: handle.read(1 << 20), b""))
    except OSError:  # no file (deleted, never written), or a folder: nothing to lose
        return None


class HandEdits:
    """The records of one output folder (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _relative(self, article: Path) -> Path | None:
        try:
            return article.relative_to(self.folder)
        except ValueError:  # not below the output folder: nothing is recorded for it
            return None

    def record_path(self, article: Path) -> Path | None:
        """Named by a digest of the article's path: a name of its own would mirror the language
        folders, and a search for `story.*` in the output folder would find the records too."""
        relative = self._relative(article)
        return None if relative is None else self.folder / STATE / WRITTEN / digest_of([relative.as_posix()])[:32]

    def recorded(self, article: Path) -> str | None:
        """The digest of what a run last wrote to `article`; None when none is recorded."""
        record = self.record_path(article)
        try:
            return record.read_text(encoding="utf-8").split(" ", 1)[0] if record is not None else None
        except (OSError, UnicodeDecodeError):
            return None

    def keep_if_edited(self, article: Path, recorded: str | None) -> Path | None:
        """A copy of `article` when it holds something else than what a run last wrote there
        (changed by hand), before it is replaced; its path, or None when there is nothing to keep.
        `recorded`: what `recorded(article)` says now (the caller reads the record once)."""
        if recorded is None:
            return None
        now = _file_digest(article)
        if now is None or now == recorded:
            return None
        relative = self._relative(article)
        assert relative is not None  # recorded, so below the folder
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        copy = self.folder / STATE / KEPT / f"{relative}.{stamp}"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(article, copy)  # with its times: when the editor last saved it
        return copy

    def record(self, article: Path, digest: str, recorded: str | None) -> None:
        """Record `digest` as what this run wrote to `article`, over `recorded` (see keep_if_edited)."""
        record = self.record_path(article)
        if record is not None and recorded != digest:
            record.parent.mkdir(parents=True, exist_ok=True)
            write_if_changed(record, f"{digest} {self._relative(article)}\n")  # the path, for a reader

    def warning(self, article: Path, copy: Path, catalog: Path | None) -> str:
        """One line: what happened to the edited file, where the editor's version is, what to do."""
        fix = f"put the fix in {catalog}, which the article is built from" if catalog is not None else \
            "the article is copied from its source, so put the fix there"
        return (f"{article}: changed since uebersetzer wrote it, and replaced by this run; the changed file is kept "
                f"as {copy}: {fix}")
