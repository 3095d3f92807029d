"""Review stage: the PO files of an output folder as the browser workspace shows them, and
editors' edits written back into them.

No web framework here (`review_app.py` puts HTTP in front of this), so the file logic is
tested on its own and the translate path never imports Flask. The PO file stays the truth:
every read of a changed file parses it anew (QA results and the search's texts are kept per
file version: CHECKED, SEARCHABLE), every write goes through the project's PO writer under the
file's replace lock (see fsio.replace_lock), after checking that the file is still the one the
editor saw (its revision).
The side-by-side view is rebuilt from the entries alone: `#:` gives each sentence's block
(the block's first line), `#.` the block's kind ("title", "paragraph 2"), and the entries
stand in article order.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections import Counter, OrderedDict
from dataclasses import dataclass
from html import escape
from pathlib import Path
from time import time_ns
from typing import Any, Callable, Collection, Generic, Iterator, Protocol, Sequence, TypeVar

import polib

from uebersetzer import fallback_notes, formats, qa
from uebersetzer.catalog import merge as po
from uebersetzer.catalog import pofile
from uebersetzer.catalog.memory import TranslationMemory, Unit
from uebersetzer.document import Kind
from uebersetzer.errors import UebersetzerError
from uebersetzer.fsio import LOCK_NAME, FileBusy, atomic_write, replace_lock
from uebersetzer.languages import bcp47_tag, direction, to_argos
from uebersetzer.qa import Problem
from uebersetzer.render import NO_SPACE_BETWEEN_SENTENCES

# `#.` comments that are not the block's label: what translate writes besides it
NOTE_PREFIXES = ("glossary:", "fallback:", "qa:", "check", "markup: ")
EDIT_FIELDS = {"msgstr": str, "fuzzy": bool, "comment": str, "revision": str}
# The mark an approval writes when the entry has QA findings: the editor saw them (Weblate's
# "dismissed checks"). It names a hash of the entry's context, source and translation, so any
# change to either, by anyone (a translate run, Poedit, a script), makes it not fit and the
# findings come back. A translator comment line `# qa-seen: HASH`, which GNU msgcat and msgmerge
# and translate-toolkit's pot2po and pomerge keep; the flag `#, qa-seen:HASH` that versions
# before wrote is dropped by msgcat and msgmerge (flags they do not know), and is still read.
# The page shows and edits the comment without it.
QA_SEEN = "qa-seen:"  # the old flag's prefix
QA_SEEN_COMMENT = "qa-seen: "  # the translator comment line's
# Blocks readers do not meet in the flow of the text: attribute texts (image texts, tooltips,
# labels), the description for search results and link previews, structured data, front
# matter. Shown in the text, a tooltip read as one more sentence. The preview lists them beside
# the article, each still a sentence to click and edit.
BESIDE_THE_TEXT = frozenset({Kind.ALT, Kind.TOOLTIP, Kind.LABEL, Kind.META, Kind.STRUCTURED, Kind.FRONT_MATTER})


class ReviewError(UebersetzerError):
    """A request the workspace cannot honour; review_app turns each kind into an HTTP status."""


class NotFound(ReviewError):
    pass


class StaleRevision(ReviewError):
    def __init__(self, message: str, revision: str) -> None:
        super().__init__(message)
        self.revision = revision


class Busy(ReviewError):
    """The file is being replaced by a translate run for longer than a save should wait."""

    def __init__(self, message: str, retry: int) -> None:
        super().__init__(message)
        self.retry = retry  # seconds after which to send the save again


class InvalidEdit(ReviewError):
    pass


class BrokenCatalog(ReviewError):
    pass


class InvalidQuery(InvalidEdit):
    """A search the workspace will not run (too short): a bad request, 400, as a bad edit is."""


class Unwritable(ReviewError):
    """The output folder takes no save (a read-only file system, an immutable folder): said to
    the editor in the page, who cannot pass --out to a running workspace."""


CANNOT_SAVE = ("this workspace cannot save: its output folder {out} is read-only here ({reason}). "
               "What you typed stays on this page, marked unsaved; ask whoever started 'uebersetzer review' "
               "to make the folder writable (or to start the review on a writable copy), then save again")


@dataclass(frozen=True)
class CatalogRef:
    """One PO file of the output folder: OUT/<language>/<path>."""

    language: str
    path: str  # relative to OUT/<language>, with "/" separators
    file: Path


@dataclass(frozen=True)
class Edit:
    """What a PUT asks for; None leaves that part of the entry as it is."""

    revision: str
    msgstr: str | None = None
    fuzzy: bool | None = None
    comment: str | None = None


# --- finding catalogs -------------------------------------------------------------------

def find_catalogs(out: Path, languages: Sequence[str] = ()) -> list[CatalogRef]:
    """Every PO file below OUT/<language>/, languages and paths sorted; `languages` filters.
    Listed means it can be opened (resolve): a symlink leading out of the folder is not. The
    search walks the folder at each keystroke, so a plain file, below folders entered without
    following a symlink, is known to be inside without resolving its path; only symlinks are."""
    found: list[CatalogRef] = []
    if not out.is_dir():
        return found
    root = out.resolve()
    for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if (languages and folder.name not in languages) or not _plain_language(folder.name):
            continue
        base = folder.resolve()
        if base.parent != root:  # the language folder is a symlink leading elsewhere
            continue
        for path, entry in sorted(_po_files(folder, ""), key=lambda item: item[0].split("/")):
            if _listed(root, base, folder.name, path, entry):
                found.append(CatalogRef(folder.name, path, folder / path))
    return found


def _listed(root: Path, base: Path, language: str, path: str, entry: os.DirEntry[str]) -> bool:
    """A plain file is inside the language folder; a symlink when it leads to a PO file there."""
    if entry.is_symlink():
        return _opens(root, base, language, path)
    return entry.is_file(follow_symlinks=False)


def _po_files(folder: Path, prefix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """The `*.po` entries below `folder`, each with its path from there ("/" separators);
    hidden files and folders left out, a folder that is a symlink not entered (as rglob), one
    that cannot be read skipped."""
    try:
        with os.scandir(folder) as scanned:
            entries = list(scanned)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _po_files(Path(entry.path), f"{prefix}{entry.name}/")
        elif entry.name.endswith(".po"):
            yield f"{prefix}{entry.name}", entry


def _opens(root: Path, base: Path, language: str, path: str) -> bool:
    try:
        _resolve_in(root, base, language, path)
    except NotFound:
        return False
    return True


def _plain_language(language: str) -> bool:
    """A language folder's name, not a path: nothing that leads elsewhere or is hidden."""
    return bool(language) and "/" not in language and "\\" not in language and not language.startswith(".")


def resolve(out: Path, language: str, path: str) -> CatalogRef:
    """The catalog OUT/<language>/<path>; anything outside the output folder, or not a PO
    file there, is NotFound (the same answer as a missing file, so nothing is revealed)."""
    if not _plain_language(language):
        raise NotFound(f"no language folder {language!r}")
    root = out.resolve()
    return _resolve_in(root, (root / language).resolve(), language, path)


def _resolve_in(root: Path, base: Path, language: str, path: str) -> CatalogRef:
    """resolve, with the output folder (`root`) and the language folder (`base`) resolved."""
    file = (base / path).resolve()
    if base.parent != root or not file.is_relative_to(base) or file.suffix != ".po" or not file.is_file():
        raise NotFound(f"no catalog {language}/{path}")
    return CatalogRef(language, file.relative_to(base).as_posix(), file)


# --- can edits be saved? ---------------------------------------------------------------

def save_blockers(out: Path, refs: Sequence[CatalogRef]) -> list[str]:
    """What will refuse the editors' saves, for `review` to warn about at start (each save
    still checks for itself): the output folder's lock file cannot be opened (as output_lock
    opens it), a language folder takes no new file (atomic_write's temporary), PO files nobody
    may write (chmod a-w: atomic_write leaves them alone)."""
    try:
        open(out / LOCK_NAME, "a").close()  # append, nothing written: the file stays as it was
    except OSError as error:
        return [f"{out}: read-only here ({error.strerror}): the review page can show the PO files but save no edit; "
                f"make the folder writable, or review a writable copy of it"]
    found = [f"{folder}: read-only here: edits to the PO files in it cannot be saved; make the folder writable"
             for folder in sorted({ref.file.parent for ref in refs}) if not os.access(folder, os.W_OK)]
    locked = [ref for ref in refs if _read_only(ref.file)]
    if locked:
        named = ", ".join(f"{ref.language}/{ref.path}" for ref in locked[:3]) + (", ..." if len(locked) > 3 else "")
        found.append(f"{out}: {len(locked)} of {len(refs)} PO files are read-only (chmod a-w), so edits to them "
                     f"cannot be saved: {named}; chmod u+w them to let the page save")
    return found


def _read_only(file: Path) -> bool:
    """Nobody may write it (as fsio._refuse_read_only asks); a file gone meanwhile is not."""
    try:
        return not file.stat().st_mode & 0o222
    except OSError:
        return False


def _check_saves_possible(out: Path) -> None:
    """Unwritable, worded for an editor in a browser, not for the command line, when the output
    folder takes no save: its lock file cannot be opened (as save_blockers asks at start; a
    read-only file system, an immutable folder). Saves take the PO file's replace lock, not
    this one: opening it only asks whether the folder may be written."""
    try:
        open(out / LOCK_NAME, "a").close()  # append, nothing written: the file stays as it was
    except OSError as error:
        raise Unwritable(CANNOT_SAVE.format(out=out, reason=error.strerror or str(error))) from error


# --- reading ----------------------------------------------------------------------------

def revision_of(data: bytes) -> str:
    """A file's revision: its content's hash, so any change by anyone makes a new one."""
    return hashlib.sha256(data).hexdigest()[:16]


def read_catalog(ref: CatalogRef) -> tuple[str, polib.POFile]:
    """The file's revision and its entries, both of the same version: reads take no lock, and
    a translate run may replace the file between reading its bytes and parsing it."""
    while True:
        data = ref.file.read_bytes()
        try:
            catalog = pofile.load(ref.file, f"{ref.language}/{ref.path}")
        except UebersetzerError as error:
            raise BrokenCatalog(str(error)) from error
        if catalog is None:
            raise NotFound(f"no catalog {ref.language}/{ref.path}")
        if ref.file.read_bytes() == data:
            return revision_of(data), catalog


def live_entries(catalog: polib.POFile) -> list[polib.POEntry]:
    """The entries an editor reviews, in file (= article) order; their index is their id.
    Obsolete entries are not sentences of the article, nor are plural entries (an editor may
    have added one; no sentence makes one): both stay in the file untouched."""
    return [entry for entry in catalog if not entry.obsolete and not entry.msgid_plural]


def notes(entry: polib.POEntry) -> list[str]:
    return [line for line in (entry.comment or "").split("\n") if line]


def block_label(entry: polib.POEntry) -> str:
    """The block kind and number translate wrote as the first `#.` line: "paragraph 2"."""
    for note in notes(entry):
        if not note.startswith(NOTE_PREFIXES):
            return note
    return ""


def qa_problems(catalog: polib.POFile, entries: Sequence[polib.POEntry],
                ref: CatalogRef) -> list[tuple[Problem, ...]]:
    """Each entry's QA problems, checked live (an editor's edit may have fixed or caused one)
    with the checks `qa.policy` picks for this catalog, as the translate run and `uebersetzer
    qa` pick them: the same problems on each side."""
    source, target = _languages(catalog, ref)
    if not source:  # nothing to check against: what a translate run wrote, `#. qa: kind: message`
        return [tuple(qa.noted_problems(entry.comment)) for entry in entries]
    source, target = to_argos(source) or source, to_argos(target) or target  # pt_BR -> pb, as translate names it
    skip = qa.skipped_for_catalog(catalog.metadata)
    return [tuple(qa.check_entry(entry, source, target, skip)) if entry.msgstr else () for entry in entries]


def _problem_text(problem: Problem) -> str:
    return f"{problem.kind}: {problem.message}"


def _languages(catalog: polib.POFile, ref: CatalogRef) -> tuple[str, str]:
    metadata = catalog.metadata
    return metadata.get("X-Source-Language", ""), metadata.get("Language", "") or ref.language


def qa_seen_hash(entry: polib.POEntry) -> str:
    """What the mark names: the editor approved exactly this translation of exactly this source
    with its QA findings in view."""
    text = f"{entry.msgctxt or ''}\x04{entry.msgid}\x00{entry.msgstr}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def qa_seen_marks(entry: polib.POEntry) -> list[str]:
    """The hashes the entry's marks name, in either form (the comment line, the old flag)."""
    lines = (entry.tcomment or "").split("\n")
    return [line[len(QA_SEEN_COMMENT):].strip() for line in lines if line.startswith(QA_SEEN_COMMENT)] + \
        [flag[len(QA_SEEN):] for flag in entry.flags if flag.startswith(QA_SEEN)]


def editors_comment(entry: polib.POEntry) -> str:
    """The translator comment as the editor wrote it: without the mark's line."""
    return "\n".join(line for line in (entry.tcomment or "").split("\n")
                     if not line.startswith(QA_SEEN_COMMENT)) if entry.tcomment else ""


def qa_seen(entry: polib.POEntry) -> bool:
    """Were the entry's QA findings seen when it was approved? Only while it is approved and
    its text is the one approved."""
    return bool(entry.msgstr) and po.FUZZY not in entry.flags and qa_seen_hash(entry) in qa_seen_marks(entry)


def entry_view(entry_id: int, entry: polib.POEntry, qa: list[str]) -> dict[str, Any]:
    return {
        "id": entry_id,
        "msgid": entry.msgid,
        "msgstr": entry.msgstr,
        "fuzzy": po.FUZZY in entry.flags,
        "flags": [flag for flag in entry.flags if flag != po.FUZZY and not flag.startswith(QA_SEEN)],
        "qa_seen": bool(qa) and qa_seen(entry),
        "comment": editors_comment(entry),
        "notes": notes(entry),
        "fallbacks": fallbacks(entry),
        "references": [f"{path}:{line}" if line else path for path, line in entry.occurrences],
        "qa": qa,
        "msgctxt": entry.msgctxt,
        "previous_msgid": entry.previous_msgid,
        **_own_language(entry),
    }


def fallbacks(entry: polib.POEntry) -> list[dict[str, str]]:
    """The entry's fallback notes, each with the badge the page shows for it (what kind of
    fallback it was: words left untranslated are no markup check). A note a tool wrapped over
    two comment lines is read whole (pofile.notes)."""
    return [{"note": note, "badge": fallback_notes.badge(note)}
            for note in pofile.notes(entry) if note.startswith(fallback_notes.FALLBACK_NOTE)]


def _own_language(entry: polib.POEntry) -> dict[str, str]:
    """The language and direction of a sentence in another language than its article's (`#.
    language: en`, an English quote in an Arabic article), which the page writes on its source
    instead of the catalog's; nothing for the others."""
    own = qa.block_language(entry.comment)
    return {"source_tag": bcp47_tag(own), "source_direction": direction(own)} if own else {}


FileIdentity = tuple[int, int, int, int]


def file_identity(file: Path) -> FileIdentity:
    """What changes whenever the file does: a replace (every writer here writes atomically)
    makes a new inode, an edit in place a new mtime or size."""
    status = file.stat()
    return status.st_ino, status.st_mtime_ns, status.st_size, status.st_ctime_ns


# How recent a file's timestamps may be for its identity not to tell it from its next version:
# a file system keeps them to a tick (a few milliseconds on ext4, a second on ext3, HFS+ and
# many network mounts, two on FAT), so an edit in place of the same size within that tick
# leaves inode, size, mtime and ctime as they were (git's "racily clean" files). Two seconds
# for FAT, one more for a file system clock behind the one read here.
TIMESTAMP_TICK_NS = 3_000_000_000


@dataclass(frozen=True)
class Stamp:
    """A file's identity, taken before reading it, and whether that identity alone tells the
    version read from any later one: its timestamps were older than a tick when taken, so a
    later write, made after, gets other ones."""

    identity: FileIdentity
    settled: bool


def stamp(file: Path) -> Stamp:
    before = time_ns()
    identity = file_identity(file)
    _, mtime, _, ctime = identity
    return Stamp(identity, max(mtime, ctime) < before - TIMESTAMP_TICK_NS)


class ReadFromFile(Protocol):
    """What a FileCache keeps per file: something read from one version of it."""

    @property
    def stamp(self) -> Stamp: ...

    @property
    def revision(self) -> str: ...  # revision_of the bytes it was read from


Read = TypeVar("Read", bound=ReadFromFile)


class FileCache(Generic[Read]):
    """What was read from each file, kept while the file is unchanged: the same answer for the
    listing's QA results (CHECKED) and the search's texts (SEARCHABLE). Unchanged means the same
    identity, taken when settled (Stamp), else the same bytes (their revision, hashed without
    parsing). Shared by the server's threads; bounded by a weight (entries), least recently used
    leaving first."""

    def __init__(self, weight: Callable[[Read], int], max_weight: int) -> None:
        self._weigh = weight
        self._max_weight = max_weight
        self._weight = 0
        self._lock = threading.Lock()
        self._items: OrderedDict[Path, Read] = OrderedDict()

    def get(self, file: Path) -> Read | None:
        with self._lock:
            found = self._items.get(file)
            if found is not None:
                self._items.move_to_end(file)
            return found

    def current(self, file: Path, now: Stamp) -> Read | None:
        """What was read from `file` if the file is still that version (`now`: its stamp, taken
        before asking), else None. A version whose identity was not settled is compared by its
        bytes, and kept with the new stamp when they are the same."""
        cached = self.get(file)
        if cached is None:
            return None
        if cached.stamp.settled and cached.stamp.identity == now.identity:
            return cached
        try:
            same = revision_of(file.read_bytes()) == cached.revision
        except OSError:
            same = False
        if not same:
            return None
        if cached.stamp != now:
            cached = dataclasses.replace(cached, stamp=now)  # type: ignore[type-var]
            self.put(file, cached)
        return cached

    def put(self, file: Path, read: Read) -> None:
        with self._lock:
            self._drop(file)
            self._items[file] = read
            self._weight += self._weigh(read)
            while self._weight > self._max_weight and len(self._items) > 1:
                _, evicted = self._items.popitem(last=False)
                self._weight -= self._weigh(evicted)

    def forget(self, file: Path) -> None:
        with self._lock:
            self._drop(file)

    def keep_only(self, files: Collection[Path]) -> None:
        """Forget the files not among `files` (gone from the folder)."""
        with self._lock:
            for file in [file for file in self._items if file not in files]:
                self._drop(file)

    def _drop(self, file: Path) -> None:
        dropped = self._items.pop(file, None)
        if dropped is not None:
            self._weight -= self._weigh(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._weight = 0

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, file: object) -> bool:
        return file in self._items


@dataclass(frozen=True)
class CheckedCatalog:
    """One version of a catalog as the start page and the article view need it."""

    stamp: Stamp  # taken before reading: a file changed since never matches it
    revision: str
    problems: list[tuple[Problem, ...]]  # per live entry
    row: dict[str, Any]  # its start-page row


class CheckedCatalogs(FileCache[CheckedCatalog]):
    """QA results per catalog file, kept until the file changes. The checks are the slow part
    of listing and opening catalogs (an 81k-entry one took over a minute per listing); a file
    no one touched has the same problems, so the start page re-reads only changed files and the
    article view re-checks only a changed revision.

    Bounded by entries, not by files: the start page asks for every file in turn, so a bound
    below the number of files (it was 256) evicts each file before the next listing asks for
    it again, and every listing read them all. Two million entries are some thousands of
    articles (16 MB of references, plus the problems found); least recently used go first."""

    def __init__(self, max_entries: int = 2_000_000) -> None:
        super().__init__(lambda checked: len(checked.problems) + 1, max_entries)  # an empty catalog still takes a row


CHECKED = CheckedCatalogs()


def _checked(ref: CatalogRef) -> tuple[CheckedCatalog, polib.POFile | None]:
    """The catalog's QA results and start-page row: from CHECKED while the file is unchanged
    (then no catalog is parsed: None), else read and checked now."""
    now = stamp(ref.file)
    cached = CHECKED.current(ref.file, now)
    if cached is not None:
        return cached, None
    revision, catalog = read_catalog(ref)
    return _check(ref, now, revision, catalog), catalog


def _check(ref: CatalogRef, now: Stamp, revision: str, catalog: polib.POFile) -> CheckedCatalog:
    entries = live_entries(catalog)
    problems = qa_problems(catalog, entries, ref)
    checked = CheckedCatalog(now, revision, problems, _summary_row(ref, catalog, entries, problems))
    CHECKED.put(ref.file, checked)
    return checked


def _summary_row(ref: CatalogRef, catalog: polib.POFile, entries: Sequence[polib.POEntry],
                 problems: Sequence[tuple[Problem, ...]]) -> dict[str, Any]:
    titles = [e.msgid for e in entries if block_label(e) == "title"] or [e.msgid for e in entries[:1]]
    seen = [bool(found) and qa_seen(entry) for entry, found in zip(entries, problems)]
    open_problems = [() if was_seen else found for found, was_seen in zip(problems, seen)]
    kinds = Counter(problem.kind for found in open_problems for problem in found)
    return {
        "language": ref.language,
        "path": ref.path,
        "article": catalog.metadata.get("Project-Id-Version", "") or ref.path,
        "title": titles[0] if titles else "",
        "entries": len(entries),
        "fuzzy": sum(1 for e in entries if e.msgstr and po.FUZZY in e.flags),
        "untranslated": sum(1 for e in entries if not e.msgstr),
        "qa": sum(1 for found in open_problems if found),  # sentences with a problem no editor approved
        "qa_seen": sum(seen),  # sentences approved with their problems in view
        "qa_kinds": {kind: kinds[kind] for kind in qa.KINDS},  # open problems per kind, as translate's summary counts
    }


def catalog_summary(ref: CatalogRef) -> dict[str, Any]:
    """One row of the start page: counts of what needs review."""
    try:
        checked, _ = _checked(ref)
    except BrokenCatalog as error:
        return {"language": ref.language, "path": ref.path, "article": ref.path, "title": "", "entries": 0,
                "fuzzy": 0, "untranslated": 0, "qa": 0, "qa_seen": 0, "qa_kinds": dict.fromkeys(qa.KINDS, 0),
                "error": str(error)}
    return dict(checked.row)


def catalog_view(ref: CatalogRef) -> dict[str, Any]:
    """The API's catalog: revision and entries, plus what the article view needs to lay
    them out (languages, the article's name and format, its blocks)."""
    now = stamp(ref.file)
    revision, catalog = read_catalog(ref)
    source, target = _languages(catalog, ref)
    entries = live_entries(catalog)
    cached = CHECKED.get(ref.file)
    if cached is not None and cached.revision == revision:  # the same bytes: the same problems
        if cached.stamp != now:  # touched, not changed
            CHECKED.put(ref.file, dataclasses.replace(cached, stamp=now))
        problems = cached.problems
    else:
        problems = _check(ref, now, revision, catalog).problems
    article = catalog.metadata.get("Project-Id-Version", "") or ref.path
    return {
        "revision": revision,
        "entries": [entry_view(i, e, [_problem_text(p) for p in found])
                    for i, (e, found) in enumerate(zip(entries, problems))],
        "language": ref.language,
        "path": ref.path,
        "source_language": source,
        "target_language": target,
        # what the page writes in `lang` and `dir` (an Arabic source laid out right to left,
        # a Hebrew translation typed in a right-to-left box) and names the languages by
        **_language_settings("source", source),
        **_language_settings("target", target),
        "article": article,
        "format": formats.name_of(article),
        "blocks": article_blocks(entries),
    }


def _language_settings(side: str, spelled: str) -> dict[str, str]:
    """`side`'s language (a PO header's `zh_CN`, `ar`) as the page writes it in `lang` and
    `dir` and names it (the browser's Intl.DisplayNames takes the tag): its BCP 47 tag
    (`zh-CN`) and its writing direction."""
    return {f"{side}_tag": bcp47_tag(spelled), f"{side}_direction": direction(spelled) if spelled else "ltr"}


def _kind(label: str) -> str:
    return re.sub(r"\s+\d+$|:.*$", "", label) or "paragraph"  # "meta 2" -> "meta", "front matter: title" -> "front matter"


def article_blocks(entries: Sequence[polib.POEntry]) -> list[dict[str, Any]]:
    """Blocks in article order, each with its label and the ids of its sentences. A sentence
    that occurs in several blocks (one entry, several `#:` lines) is shown in each. Blocks on
    one line are told apart by their labels: an HTML paragraph and the tooltip of a link in it
    ("paragraph 1", "tooltip 1") are two blocks, as the parser made them."""
    def places(entry_id: int, entry: polib.POEntry) -> list[tuple[str, str]]:
        return list(dict.fromkeys(entry.occurrences)) or [("", str(entry_id))]

    # translate labels an entry's first place only; at its other places it joins the first
    # block of the text there (a sentence shared with an image text is more likely the caption's)
    first_label: dict[tuple[str, str], str] = {}
    for entry_id, entry in enumerate(entries):
        label, place = block_label(entry), places(entry_id, entry)[0]
        if label and (place not in first_label or (_kind(first_label[place]) in BESIDE_THE_TEXT
                                                   and _kind(label) not in BESIDE_THE_TEXT)):
            first_label[place] = label
    members: dict[tuple[str, str, str], list[int]] = {}
    first_own: dict[tuple[str, str, str], int] = {}  # its first sentence that stands here first: its place in the file
    for entry_id, entry in enumerate(entries):
        for index, place in enumerate(places(entry_id, entry)):
            label = block_label(entry) if index == 0 and block_label(entry) else first_label.get(place, "")
            members.setdefault((*place, label), []).append(entry_id)
            if index == 0:
                first_own.setdefault((*place, label), entry_id)

    def line(key: tuple[str, str, str]) -> int:
        return int(key[1]) if key[1].isdigit() else 0

    order = sorted(members, key=lambda key: (key[0], line(key), first_own.get(key, members[key][0])))
    return [{"label": key[2], "kind": _kind(key[2]), "line": line(key), "entries": members[key]} for key in order]


# --- search -----------------------------------------------------------------------------

SEARCH_LIMIT = 200  # matches listed; the answer says when there were more
SEARCH_MIN_LENGTH = 2


def _folded(text: str) -> str:
    """Text as a search compares it: composed (NFC, as typed and as most files hold it) and
    case-folded (casefold, not lower: "Straße" finds "STRASSE")."""
    return unicodedata.normalize("NFC", text).casefold()


@dataclass(frozen=True, slots=True)
class SearchableEntry:
    """A live entry as the search needs it: its texts as shown and as compared (_folded; the
    same string object where folding changes nothing, so plain lower-case text is held once)."""

    msgid: str
    msgstr: str
    state: str  # untranslated, fuzzy, reviewed
    folded_source: str
    folded_translation: str


@dataclass(frozen=True)
class SearchableCatalog:
    """One version of a catalog as the search reads it: its live entries in article order
    (their index is their id)."""

    stamp: Stamp  # taken before reading, as CheckedCatalog's
    revision: str
    article: str
    entries: tuple[SearchableEntry, ...]


def _searchable_entry(entry: polib.POEntry) -> SearchableEntry:
    def folded(text: str) -> str:
        compared = _folded(text)
        return text if compared == text else compared

    state = "untranslated" if not entry.msgstr else "fuzzy" if po.FUZZY in entry.flags else "reviewed"
    return SearchableEntry(entry.msgid, entry.msgstr, state, folded(entry.msgid), folded(entry.msgstr))


# What the search read from each catalog, kept while the file is unchanged (the listing's test,
# FileCache): an editor refines a query keystroke by keystroke, and each search read and parsed
# every PO file again (1.1 s for 500 articles). Files gone from the folder leave it at the next
# search. Bounded by entries: 860 bytes each with the demo article's sentences (tracemalloc,
# bench_review_search.py), so 200,000 entries, some 13,000 articles of 15 sentences, are about
# 170 MB; a larger folder has its least recently searched files read again.
SEARCHABLE_MAX_ENTRIES = 200_000
SEARCHABLE: FileCache[SearchableCatalog] = FileCache(lambda searchable: len(searchable.entries) + 1,
                                                     SEARCHABLE_MAX_ENTRIES)


def _searchable(ref: CatalogRef) -> SearchableCatalog:
    """The catalog's texts: from SEARCHABLE while the file is unchanged, else read now (a
    broken file is BrokenCatalog, and what was read of it before is forgotten)."""
    now = stamp(ref.file)
    cached = SEARCHABLE.current(ref.file, now)
    if cached is not None:
        return cached
    try:
        revision, catalog = read_catalog(ref)
    except ReviewError:
        SEARCHABLE.forget(ref.file)
        raise
    searchable = SearchableCatalog(now, revision, catalog.metadata.get("Project-Id-Version", "") or ref.path,
                                   tuple(_searchable_entry(entry) for entry in live_entries(catalog)))
    SEARCHABLE.put(ref.file, searchable)
    return searchable


def search(out: Path, languages: Sequence[str], query: str, limit: int = SEARCH_LIMIT) -> dict[str, Any]:
    """The entries of every catalog whose source or translation holds `query`, ignoring case,
    in catalog and article order: what the start page's search lists, each with the article
    and the entry to open. Each file is read as it is now (SEARCHABLE reads only a changed one
    again); a broken one is left out and named, one removed meanwhile left out."""
    wanted = _folded(query.strip())
    if len(wanted) < SEARCH_MIN_LENGTH:
        raise InvalidQuery(f"search for at least {SEARCH_MIN_LENGTH} characters")
    matches: list[dict[str, Any]] = []
    broken: list[str] = []
    refs = find_catalogs(out, languages)
    SEARCHABLE.keep_only({ref.file for ref in refs})
    for ref in refs:
        try:
            catalog = _searchable(ref)
        except (BrokenCatalog, NotFound):
            broken.append(f"{ref.language}/{ref.path}")
            continue
        except FileNotFoundError:  # removed since the folder was listed
            SEARCHABLE.forget(ref.file)
            continue
        for entry_id, entry in enumerate(catalog.entries):
            where = [name for name, text in (("source", entry.folded_source), ("translation", entry.folded_translation))
                     if wanted in text]
            if not where:
                continue
            if len(matches) == limit:
                return {"query": query, "matches": matches, "more": True, "broken": broken}
            matches.append({"language": ref.language, "path": ref.path, "article": catalog.article, "id": entry_id,
                            "msgid": entry.msgid, "msgstr": entry.msgstr, "in": where, "state": entry.state})
    return {"query": query, "matches": matches, "more": False, "broken": broken}


# --- writing ----------------------------------------------------------------------------

def parse_edit(body: bytes) -> Edit:
    """A PUT body: a UTF-8 JSON object with `revision` and any of msgstr, fuzzy, comment."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InvalidEdit(f"the body is not UTF-8 (byte {error.start})") from error
    except ValueError as error:
        raise InvalidEdit(f"the body is not JSON: {error}") from error
    if not isinstance(data, dict):
        raise InvalidEdit("the body must be a JSON object: {msgstr, fuzzy, comment, revision}")
    for name, value in data.items():
        expected = EDIT_FIELDS.get(name)
        if expected is None:
            raise InvalidEdit(f"unknown field {name!r}; send msgstr, fuzzy, comment, revision")
        if not isinstance(value, expected):
            raise InvalidEdit(f"{name} must be a JSON {'boolean' if expected is bool else 'string'}")
    if "revision" not in data:
        raise InvalidEdit("revision is missing: send the revision the entry was read at")
    for name in ("msgstr", "comment"):
        if "\x00" in data.get(name, ""):
            raise InvalidEdit(f"{name} contains a NUL character")
        if any("\ud800" <= c <= "\udfff" for c in data.get(name, "")):  # JSON's "\ud800": half an emoji, cut
            raise InvalidEdit(f"{name} contains a lone surrogate (\\uD800-\\uDFFF), which no file can hold; "
                              "send the whole character")
        breaks = sorted({f"U+{ord(c):04X}" for c in data.get(name, "") if c in LINE_BREAKS_PO_READERS_SPLIT_ON})
        if breaks:
            raise InvalidEdit(f"{name} contains {', '.join(breaks)}, which PO readers take for a line break; "
                              "use a space or a newline instead")
    return Edit(data["revision"], data.get("msgstr"), data.get("fuzzy"), data.get("comment"))


# Characters gettext writes as they are but that Python's str.splitlines() (polib, and so our
# own reader) splits lines at: saved raw, they would break the file for every later run.
LINE_BREAKS_PO_READERS_SPLIT_ON = "\x1c\x1d\x1e\x85\u2028\u2029"


def _apply(entry: polib.POEntry, edit: Edit) -> None:
    if edit.msgstr is not None:
        if edit.msgstr.startswith("\n") != entry.msgid.startswith("\n") or \
                edit.msgstr.endswith("\n") != entry.msgid.endswith("\n"):
            raise InvalidEdit("msgstr must start and end with a newline exactly where msgid does (gettext's rule)")
        entry.msgstr = edit.msgstr
    if edit.fuzzy is not None:
        flags = [flag for flag in entry.flags if flag != po.FUZZY]
        entry.flags = [po.FUZZY, *flags] if edit.fuzzy else flags
        if not edit.fuzzy:
            entry.previous_msgid = None  # as Poedit and msgmerge do: `#|` only explains a fuzzy entry
            entry.previous_msgctxt = None
    if edit.comment is not None:
        lines = [line.rstrip() for line in edit.comment.strip().splitlines()]
        if any(line.endswith("\\") for line in lines):  # gettext joins a line ending in \ with the next one
            raise InvalidEdit("a comment line may not end with a backslash: gettext would join it with the next line")
        if any(line.startswith(QA_SEEN_COMMENT.strip()) for line in lines):
            raise InvalidEdit(f"a comment line may not start with '{QA_SEEN_COMMENT.strip()}': that line marks the "
                              "QA findings seen when the sentence is approved")
        marks = [line for line in (entry.tcomment or "").split("\n") if line.startswith(QA_SEEN_COMMENT)]
        entry.tcomment = "\n".join(lines + marks)  # the page edits the editor's comment, not the mark


def _refresh_qa_notes(catalog: polib.POFile, entry: polib.POEntry, problems: Sequence[Problem]) -> None:
    """The entry's `#. qa:` comments as a translate run would write them now (see
    pipeline._check_quality): none on an approved or untranslated entry, the editor's call;
    on a fuzzy one, its checks run again on the edited translation. Left as they are when the
    header names no source language to check against."""
    kept = [note for note in notes(entry) if not note.startswith(qa.COMMENT_PREFIX)]
    fresh: list[str] = []
    if entry.msgstr and po.FUZZY in entry.flags:
        if not catalog.metadata.get("X-Source-Language", ""):
            return
        fresh = [problem.comment() for problem in problems]
    entry.comment = "\n".join(kept + fresh)


def _mark_qa_seen(entry: polib.POEntry, has_problems: bool, approved: bool) -> None:
    """An approval of a translation with QA findings marks them seen (QA_SEEN_COMMENT); any
    other edit drops a mark that no longer fits the text, or any mark when it reopens the entry.
    A mark in the old form (the flag) is written anew in the comment's, or dropped."""
    seen = has_problems and (approved or qa_seen(entry)) and bool(entry.msgstr) and po.FUZZY not in entry.flags
    mark = [QA_SEEN_COMMENT + qa_seen_hash(entry)] if seen else []
    entry.flags = [flag for flag in entry.flags if not flag.startswith(QA_SEEN)]
    kept = editors_comment(entry)
    entry.tcomment = "\n".join(([kept] if kept else []) + mark)


@dataclass(frozen=True)
class Saved:
    """An edit written to its PO file: the file's new revision, and what went wrong after the
    save (the memory could not take it), which must never read as a failed save."""

    revision: str
    warning: str = ""
    qa: tuple[str, ...] = ()  # the entry's QA findings as saved, for the page to show
    qa_seen: bool = False  # approved with them in view (QA_SEEN)


SAVE_WAIT = 2.0  # seconds a save waits for a run replacing its file before the page is told why
RETRY_AFTER = 1  # seconds after which the page sends such a save again


def apply_edit(out: Path, ref: CatalogRef, entry_id: int, edit: Edit, memory_path: Path | None) -> Saved:
    """Write one entry's edit; the file's new revision. Under the file's replace lock, which a
    translate run takes only while it writes this very file (from checking it to renaming its
    new version over it): so the save waits for no run, only for that moment, and then finds
    the file changed (StaleRevision), while a run that read the file before the save finds it
    changed when it writes, and plans the article again from it (pipeline._write_newest):
    neither side's work is lost. A wait longer than SAVE_WAIT is Busy, for the page to say why
    and send the save again. An approved translation goes to the memory as human work; when
    the memory fails (a damaged file), the edit stays saved and the answer carries a warning."""
    _check_saves_possible(out)
    try:
        with replace_lock(ref.file, wait=SAVE_WAIT):
            saved, unit = _write_edit(ref, entry_id, edit)
    except FileBusy:
        raise Busy("translate is writing this article; saving when it is done", RETRY_AFTER) from None
    # after the lock: the memory may wait for a run's store
    return dataclasses.replace(saved, warning=_remembered(memory_path, unit))


def _write_edit(ref: CatalogRef, entry_id: int, edit: Edit) -> tuple[Saved, Unit | None]:
    """The edit written into the file if it is still at the editor's revision: what the page is
    told, and the editor's unit for the memory."""
    try:
        data = ref.file.read_bytes()
    except FileNotFoundError:  # removed meanwhile (prune --delete, which saved its work to the memory first)
        raise NotFound(f"no catalog {ref.language}/{ref.path}") from None
    if revision_of(data) != edit.revision:
        raise StaleRevision("the file changed since it was read (another tab, a translate run or another "
                            "tool); reload it", revision_of(data))
    _, catalog = read_catalog(ref)
    entries = live_entries(catalog)
    if not 0 <= entry_id < len(entries):
        raise NotFound(f"no entry {entry_id} in {ref.language}/{ref.path}")
    entry = entries[entry_id]
    _apply(entry, edit)
    [problems] = qa_problems(catalog, [entry], ref)  # of the edited translation
    _refresh_qa_notes(catalog, entry, problems)
    _mark_qa_seen(entry, bool(problems), approved=edit.fuzzy is False)
    original = data.decode("utf-8")
    newline = _line_ending(original)  # a file saved with CRLF (Windows tools) stays so
    unix = original.replace("\r\n", "\n") if newline == "\r\n" else original
    text = (_rewrite_entry(unix, entry) or po.serialize(catalog)).replace("\n", newline).encode("utf-8")
    if text != data:
        atomic_write(ref.file, text)
    source, target = _languages(catalog, ref)
    return (Saved(revision_of(text), "", tuple(_problem_text(p) for p in problems), bool(problems) and qa_seen(entry)),
            human_unit(source, target, entry))


def _remembered(memory_path: Path | None, unit: Unit | None) -> str:
    """Store the unit; "" when that went well, else what to tell the editor. The PO file holds
    the edit already, and the next translate or build run stores it from there."""
    if memory_path is None:
        return ""
    try:
        remember(memory_path, unit)
    except (UebersetzerError, sqlite3.Error, OSError) as error:
        return (f"saved in the PO file, but the translation memory could not store it ({error}); "
                "the next 'uebersetzer build' or 'translate' stores it from the PO file")
    return ""


def _line_ending(text: str) -> str:
    """"\r\n" when every line of `text` ends so, else "\n"."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf == text.count("\n") == text.count("\r") else "\n"


def _rewrite_entry(text: str, entry: polib.POEntry) -> str | None:
    """The file with only this entry's lines rewritten by the PO writer, every other byte as it
    was, whoever laid it out. None when the entry's lines cannot be told apart (entries not
    separated by blank lines, CR line ends): then the whole file is written in gettext's layout."""
    lines = text.split("\n")
    start = (entry.linenum or 0) - 1
    if "\r" in text or not 0 < start < len(lines) or lines[start - 1] != "":
        return None
    end = start
    while end < len(lines) and lines[end] != "":
        end += 1
    if sum(1 for line in lines[start:end] if line.startswith("msgid ")) != 1:
        return None
    return "\n".join(lines[:start] + pofile.entry_lines(entry) + lines[end:])


def human_unit(source: str, target: str, entry: polib.POEntry) -> Unit | None:
    """The editor's translation as the memory keeps human work: an approved one always; one
    left fuzzy only where the memory tells drafts from reviews (its Unit has `fuzzy`, with the
    translator comment and flags: issue 9), since otherwise a draft would come back reviewed."""
    known = {field.name for field in dataclasses.fields(Unit)}
    fuzzy = po.FUZZY in entry.flags
    if not source or not entry.msgstr or (fuzzy and "fuzzy" not in known):
        return None
    extra = {"fuzzy": fuzzy, "comment": entry.tcomment or "",
             "flags": ", ".join(flag for flag in entry.flags if flag != po.FUZZY)}
    return Unit(source, target, entry.msgid, entry.msgstr, "human", **{k: v for k, v in extra.items() if k in known})


def remember(memory_path: Path, unit: Unit | None) -> None:
    """Store the editor's unit; a draft that is still exactly what an engine wrote is not theirs."""
    if unit is None:
        return
    memory = TranslationMemory(memory_path)  # one connection per request: SQLite's are per thread
    try:
        if getattr(unit, "fuzzy", False) and memory.is_machine_output(
                unit.source_language, unit.target_language, unit.source, unit.target):
            return
        memory.store([unit])
    finally:
        memory.close()


# --- preview ----------------------------------------------------------------------------

def _beside_the_text(article_format: str) -> frozenset[str]:
    # and those of the format's own (an HTML page's <title> names the browser tab and the search
    # result; its headline is the h1)
    return BESIDE_THE_TEXT | formats.by_name(article_format).beside_the_text


def preview_html(ref: CatalogRef) -> dict[str, Any]:
    """The localized article as readers will see it, rendered from the PO file as it is now:
    each sentence's translation (its source while untranslated), in its block's element, and
    after it, apart, the texts readers meet beside it (page title, description, tooltips...).
    Sentences carry their entry id and state, so the page can mark and link them."""
    view = catalog_view(ref)
    beside = _beside_the_text(view["format"])
    text = [block for block in view["blocks"] if block["kind"] not in beside]
    apart = [block for block in view["blocks"] if block["kind"] in beside]
    parts = _article_html(text, view)
    if apart:
        parts.append(_beside_html(apart, view))
    return {"revision": view["revision"], "html": "\n".join(p for p in parts if p)}


def _article_html(blocks: Sequence[dict[str, Any]], view: dict[str, Any]) -> list[str]:
    entries = view["entries"]
    inline = _inline_renderer(view["format"])
    joiner = "" if to_argos(view["target_language"]) in NO_SPACE_BETWEEN_SENTENCES else " "  # zh_CN is zh
    parts: list[str] = []
    open_list = ""
    for block in blocks:
        tag, list_tag = _TAGS.get(block["kind"], ("p", ""))
        if list_tag != open_list:
            parts.append(f"</{open_list}>" if open_list else "")
            parts.append(f"<{list_tag}>" if list_tag else "")
            open_list = list_tag
        sentences = joiner.join(_sentence_html(entries[i], inline, view) for i in block["entries"])
        parts.append(f'<{tag} class="{escape(block["kind"]).replace(" ", "-")}">{sentences}</{tag}>')
    if open_list:
        parts.append(f"</{open_list}>")
    return parts


def _beside_html(blocks: Sequence[dict[str, Any]], view: dict[str, Any]) -> str:
    """The texts readers meet beside the article, by their block's label; attribute values are
    plain text, so escaped."""
    entries = view["entries"]
    rows = "".join(f'<dt>{escape(block["label"] or block["kind"])}</dt><dd>'
                   + " ".join(_sentence_html(entries[i], escape, view) for i in block["entries"]) + "</dd>"
                   for block in blocks)
    return ('<aside class="beside"><h2>Beside the text</h2><p>Page title, description, image texts, tooltips '
            f"and labels: readers meet them in search results, link previews and on hover.</p><dl>{rows}</dl></aside>")


_TAGS = {"title": ("h1", ""), "teaser": ("p", ""), "heading": ("h2", ""), "sources": ("h3", ""),
         "list item": ("li", "ul"), "source": ("li", "ul"), "quote": ("blockquote", ""), "footer": ("footer", "")}


def _sentence_html(entry: dict[str, Any], inline: Callable[[str], str], view: dict[str, Any]) -> str:
    """A sentence of the preview: its translation, or its source while untranslated, which is
    then tagged with the source's language and direction (an Arabic sentence in an English
    preview is laid out right to left, apart from the English around it)."""
    state = "untranslated" if not entry["msgstr"] else "fuzzy" if entry["fuzzy"] else "reviewed"
    text = entry["msgstr"] or entry["msgid"]
    tag, way = entry.get("source_tag") or view["source_tag"], entry.get("source_direction") or view["source_direction"]
    source = f' lang="{escape(tag)}" dir="{way}"' if tag and not entry["msgstr"] else ""
    return f'<span class="sentence {state}" data-id="{entry["id"]}"{source}>{inline(text)}</span>'


def _inline_renderer(article_format: str) -> Callable[[str], str]:
    """How the article's format shows a sentence's text as safe HTML (`Format.preview_inline`):
    Markdown's **bold** and links rendered, HTML's inline elements cleaned, plain text escaped."""
    return formats.by_name(article_format).preview_inline
