"""`uebersetzer qa`: check existing PO files, editors' changes included.

The language pair comes from the PO header (`X-Source-Language` and `Language`, as the
translate run writes them, or the names other tools use), else from --from/--to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import polib

from uebersetzer.catalog import pofile
from uebersetzer.errors import UsageError
from uebersetzer.languages import NAMES, check_language
from uebersetzer.qa import Problem, check_entry, skipped_for_catalog

SOURCE_HEADERS = ("X-Source-Language", "X-Poedit-SourceLanguage", "Source-Language", "X-Source-Lang")
TARGET_HEADERS = ("Language", "X-Language", "X-Poedit-Language", "Language-Team")
_BY_NAME = {name.casefold(): code for code, name in NAMES.items()}


@dataclass(frozen=True)
class Finding:
    """One PO entry with problems."""

    file: str
    line: int
    msgid: str
    msgstr: str
    problems: tuple[Problem, ...]

    def as_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "msgid": self.msgid, "msgstr": self.msgstr,
                "kinds": [p.kind for p in self.problems], "messages": [p.message for p in self.problems]}

    def lines(self) -> Iterator[str]:
        """`file:line kind: message`, one per problem."""
        for problem in self.problems:
            yield f"{self.file}:{self.line} {problem.kind}: {problem.message}"


UNREADABLE = "unreadable"  # the kind of a PO file `uebersetzer qa` could not read, in --json


def unreadable(path: str, error: Exception) -> Finding:
    """A PO file that could not be read, as a finding of its own (`--json`): its line is the
    error's (0 when it names none), no msgid, the kind `unreadable` and the error's line."""
    line = getattr(error, "line", None) or 0
    return Finding(path, line, "", "", (Problem(UNREADABLE, getattr(error, "message", str(error))),))


def find_catalogs(paths: Sequence[str]) -> list[Path]:
    """The PO files named, and those under the folders named, in a stable order."""
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.po") if not p.is_dir())  # a folder x.po: its files count
        elif path.is_file() and path.suffix.lower() in (".po", ".pot"):
            found.append(path)
        elif path.is_file():  # an article, say: "broken PO file; remove it" would be bad advice
            raise UsageError("not a PO file; name .po files, or the output folder that holds them", path=name)
        else:
            raise UsageError("no such PO file or folder", path=name)
    return list(dict.fromkeys(found))


def header_language(catalog: polib.POFile, names: Sequence[str]) -> str:
    """The first of these header fields that names a language, as a code ("de_DE" -> "de")."""
    for name in names:
        value = (catalog.metadata.get(name) or "").strip()
        code = value.replace("-", "_").split("_")[0].split("@")[0].casefold()
        if code in NAMES:
            return code
        if value.casefold() in _BY_NAME:
            return _BY_NAME[value.casefold()]
    return ""


def languages(catalog: polib.POFile, display: str, source: str, target: str) -> tuple[str, str]:
    """(source, target) from the header, else from --from/--to; a clear error when neither says."""
    found_source = header_language(catalog, SOURCE_HEADERS) or source
    found_target = header_language(catalog, TARGET_HEADERS) or target
    if not found_source:
        raise UsageError("the PO header names no source language (X-Source-Language); pass --from LANG", display)
    if not found_target:
        raise UsageError("the PO header names no target language (Language); pass --to LANG", display)
    return check_language(found_source, "--from"), check_language(found_target, "--to")


def load_catalog(path: Path, display: str) -> polib.POFile:
    catalog = pofile.load(path, display)
    assert catalog is not None  # find_catalogs only returns existing files
    return catalog


def check_catalog(catalog: polib.POFile, display: str, source: str, target: str) -> list[Finding]:
    findings = []
    skip = skipped_for_catalog(catalog.metadata)
    for entry in catalog:
        problems = check_entry(entry, source, target, skip)
        if problems:
            findings.append(Finding(display, entry.linenum, entry.msgid, entry.msgstr, tuple(problems)))
    return findings
