"""Write stage: why the last `translate` of an article into a language failed, for `build`.

An article that fails in a language (no model for its pair, the engine failed on a sentence)
gets no PO file there, and `build` found only that the PO file is missing and said to run
translate first: which fails again, the same way, and the user goes in circles. So a run
records, under the output folder (`.uebersetzer/failed/`, beside hand_edits' records), the
reason an article failed in a language while it has no PO file there, and removes the record
once the article is written. `build` then says what it can see: the last translate of the
article into that language failed, and why.

One small file per article and language, named by a digest of the PO file's path below the
output folder (as hand_edits names its records), holding the reason line and that path.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from uebersetzer.fsio import write_if_changed
from uebersetzer.hand_edits import STATE, digest_of

FAILED = "failed"  # under STATE: why the last translate of an article into a language failed


class FailedRuns:
    """The records of one output folder (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _record_path(self, catalog: Path) -> Path | None:
        try:
            relative = catalog.relative_to(self.folder)
        except ValueError:  # not below the output folder: nothing is recorded for it
            return None
        return self.folder / STATE / FAILED / digest_of([relative.as_posix()])[:32]

    def record(self, catalog: Path, reason: str) -> None:
        """Keep `reason` (one line, without the article's path) as why the PO file was not written.
        A record that cannot be written is left out: it only makes a later message clearer."""
        record = self._record_path(catalog)
        if record is not None:
            with suppress(OSError):
                record.parent.mkdir(parents=True, exist_ok=True)
                write_if_changed(record, f"{' '.join(reason.split())}\n{catalog.relative_to(self.folder).as_posix()}\n")

    def clear(self, catalog: Path) -> None:
        record = self._record_path(catalog)
        if record is not None:
            with suppress(OSError):
                record.unlink(missing_ok=True)

    def reason(self, catalog: Path) -> str | None:
        """Why the last translate did not write `catalog`; None when no run recorded a failure."""
        record = self._record_path(catalog)
        try:
            return record.read_text(encoding="utf-8").split("\n", 1)[0] or None if record is not None else None
        except (OSError, UnicodeDecodeError):
            return None
