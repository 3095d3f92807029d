"""Outputs whose article is gone: found, saved, removed.

An article deleted, renamed or moved leaves its localized article and PO file behind, and a
pipeline that publishes the language folders would publish it forever. A run over a folder
finds them (`find_orphans`): the outputs below the folder's place in each language folder that
no article of the folder makes any more. Their editors' translations go to the translation
memory (`save_editors_work`): a renamed or moved article then gets them back, reviewed as they
were. `uebersetzer prune` removes them (`remove`), and only once the memory holds every
editor's translation they hold.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from uebersetzer import qa
from uebersetzer.catalog import pofile
from uebersetzer.catalog.merge import Compendium
from uebersetzer.errors import UebersetzerError
from uebersetzer.formats import suffixes
from uebersetzer.fsio import FileState, file_state, output_lock, replace_lock
from uebersetzer.languages import locale_name, to_argos
from uebersetzer.pipeline import Outputs, catalog_human_work, catalog_noted_work, output_files
from uebersetzer.read import ArticleFile, output_base, printable


def find_orphans(files: Sequence[ArticleFile], paths: Sequence[str], targets: Sequence[str], outputs: Outputs,
                 root: Path | None = None) -> list[Path]:
    """The PO files and localized articles below each named folder's place in the targets'
    language folders that none of `files` (every article found, read or not) makes. Only
    named folders count: a file named on its own says nothing about its neighbours."""
    places = sorted({output_base(Path(name), name, root) for name in paths if Path(name).is_dir()})
    made: set[str] = set()
    for file in files:
        relative = Path(file.display)
        made |= {relative.as_posix(), relative.with_name(relative.stem + ".po").as_posix()}
    written = {*suffixes(), ".po"}
    orphans: dict[Path, None] = {}
    for target in targets:
        folder = outputs.folder / locale_name(target)
        for place in places:
            for path in output_files(folder / place):
                if path.suffix.lower() in written and path.relative_to(folder).as_posix() not in made:
                    orphans[path] = None
    return list(orphans)


@dataclass(frozen=True)
class StillThere:
    """An output that looked orphaned but whose article is still there: it was made when a
    folder above the one named now was named (`translate in`, then `prune in/sport`), so its
    path mirrors the article's path below that folder (its PO header says which)."""

    output: Path
    article: Path  # where the article is
    named: str  # the folder named now
    top: str  # the folder translate was given, as the user would type it: to name, or pass as --root

    def line(self) -> str:
        return (f"{printable(self.named)}: {printable(str(self.output))} is the output of "
                f"{printable(str(self.article))}, which is still there: the outputs mirror paths below {self.top}, "
                f"not below {printable(self.named)}; name {self.top} or pass --root {self.top} (--root "
                f"{printable(self.named)} if that is the folder translate was given)")


def still_there(orphans: Sequence[Path], paths: Sequence[str], root: Path | None) -> list[StillThere]:
    """The orphans (found without --root) whose article still exists: a PO file whose header
    names (Project-Id-Version) a path that, below a folder above a named one, is a file, and the
    localized article beside it. Without --root an article's outputs mirror its path below the
    folder named, so naming a subfolder of the one translate was given makes every output look
    orphaned; with --root the user said which folder the outputs mirror."""
    if root is not None:
        return []
    named = [Path(name) for name in paths if Path(name).is_dir()]
    found: dict[Path, StillThere] = {}
    for path in (p for p in orphans if p.suffix == ".po"):
        mirrored = pofile.header_value(path, "Project-Id-Version")
        for folder in named:
            top = _folder_mirrored(folder, mirrored)
            if top is not None:
                article = Path(os.path.relpath(top / mirrored)) if not folder.is_absolute() else top / mirrored
                found[path] = StillThere(path, article, str(folder), _as_typed(top, folder))
                break
    beside = {p.with_suffix(""): there for p, there in found.items()}  # a localized article goes with its PO file
    for path in orphans:
        there = beside.get(path.with_suffix(""))
        if path.suffix != ".po" and there is not None:
            found[path] = StillThere(path, there.article, there.named, there.top)
    return [found[path] for path in orphans if path in found]


def _folder_mirrored(folder: Path, mirrored: str) -> Path | None:
    """The nearest folder above `folder` below which `mirrored` (a relative path) is a file."""
    relative = Path(mirrored)
    if not mirrored or relative.is_absolute() or ".." in relative.parts:
        return None
    for top in Path(os.path.abspath(folder)).parents:
        if (top / relative).is_file():
            return top
    return None


def _as_typed(top: Path, folder: Path) -> str:
    """`top` (absolute, above `folder`) as the user would type it: relative when they named
    `folder` relatively (pr/sport -> pr; sport from inside it -> ..)."""
    return str(top) if folder.is_absolute() else os.path.relpath(top)


@dataclass
class Saved:
    """What save_editors_work did: the PO files whose editors' translations the memory holds
    (safe to remove), and why any other could not be saved."""

    catalogs: set[Path] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    read: list["Orphan"] = field(default_factory=list)  # the PO files read, for `compendia` (read once)
    read_as: dict[Path, FileState | None] = field(default_factory=dict)  # each PO file as it was read (see remove)


def save_editors_work(orphans: Sequence[Path], memory) -> Saved:
    """Every editor's translation in the orphaned PO files, active or obsolete, into the memory
    with its comment, flags and fuzzy state, as a translate run stores a PO file's before it
    changes it. A PO file that cannot be read, or whose work the memory could not take (a
    read-only memory), is not safe to remove."""
    saved = Saved()
    for path in (p for p in orphans if p.suffix == ".po"):
        read_as = file_state(path)  # before reading it: a save after it keeps the file (see remove)
        try:
            orphan = _read(path)
        except UebersetzerError as error:
            saved.problems.append(f"{error}; it was left in place")
            continue
        if orphan is None:
            continue
        saved.read.append(orphan)
        saved.read_as[path] = read_as
        units = catalog_human_work(orphan.catalog, orphan.language_of, orphan.target, memory)
        new = [unit for unit in units if not memory.is_editors(unit)]
        if new:
            memory.store(new)
        memory.learn_notes(catalog_noted_work(orphan.catalog, orphan.language_of, orphan.target))
        if all(memory.is_editors(unit) for unit in new):
            saved.catalogs.add(path)
        else:
            saved.problems.append(f"{printable(str(path))}: the translation memory could not store its editors' "
                                  "translations (is it read-only?); it was left in place")
    return saved


def compendia(read: Sequence["Orphan"]) -> dict[str, Compendium]:
    """The orphaned PO files' entries (as save_editors_work read them) by target language, for
    the run's changed sentences to be matched with (merge.plan_catalog): an article renamed and
    edited in one change finds its editor's translations of the sentences edited there, as an
    edit in place would. A file that could not be read offers nothing (save_editors_work names it)."""
    found: dict[str, list[tuple[str, pofile.Entry]]] = {}
    for orphan in read:
        found.setdefault(orphan.target, []).extend((orphan.language_of(entry), entry) for entry in orphan.catalog)
    return {target: Compendium(entries) for target, entries in found.items()}


@dataclass(frozen=True)
class Orphan:
    catalog: pofile.Catalog
    source: str  # the article's language (X-Source-Language)
    target: str

    def language_of(self, entry: pofile.Entry) -> str:
        """The language of an entry's sentence: its block's, else the article's."""
        return qa.block_language(entry.comment) or self.source


def _read(path: Path) -> Orphan | None:
    """An orphaned PO file with the languages its header names; None when it is gone. Raises
    UebersetzerError, naming it, when it cannot be read or names no languages."""
    catalog = pofile.load(path, str(path))
    if catalog is None:
        return None
    source = to_argos(catalog.metadata.get("X-Source-Language", ""))
    target = to_argos(catalog.metadata.get("Language", ""))
    if source is None or target is None:
        raise UebersetzerError(f"{printable(str(path))}: its header names no source language (X-Source-Language) "
                               "or language (Language)")
    return Orphan(catalog, source, target)


def removable(orphans: Sequence[Path], saved: Saved) -> list[Path]:
    """The orphans that may go: a PO file whose editors' work is saved; a localized article
    unless its PO file stays (it goes with the PO file it was written from)."""
    kept = {path for path in orphans if path.suffix == ".po" and path not in saved.catalogs}
    return [path for path in orphans
            if path not in kept and (path.suffix == ".po" or path.with_name(path.stem + ".po") not in kept)]


def remove(paths: Sequence[Path], outputs: Outputs,
           read_as: Mapping[Path, FileState | None] | None = None) -> list[str]:
    """Delete `paths` under the output folder's lock, then the folders below the language
    folders that this left empty; returns a line for each file that could not be removed.
    A PO file in `read_as` goes only if it is still as it was read when its editors' work went
    to the memory: one an editor saved since stays, with its localized article."""
    problems = []
    kept: set[Path] = set()
    with output_lock(outputs.folder):
        for path in sorted(paths, key=lambda p: p.suffix != ".po"):  # PO files first: an article goes with its own
            if path.suffix != ".po" and path.with_name(path.stem + ".po") in kept:
                continue
            problem = _removed(path, (read_as or {}).get(path, UNCHECKED) if path.suffix == ".po" else UNCHECKED)
            if problem:
                problems.append(problem)
                kept.add(path)
        for folder in sorted({path.parent for path in paths}, key=lambda p: len(p.parts), reverse=True):
            _remove_empty(folder, outputs.folder)
    return problems


UNCHECKED = "unchecked"  # a file removed as it is: a localized article, or a PO file read by no one


def _removed(path: Path, read_as: FileState | None | str) -> str:
    """Remove the file; "" when it is gone, else the line saying why it is still there."""
    try:
        with replace_lock(path):  # a review save of it waits, and then finds it gone
            if read_as != UNCHECKED and file_state(path) != read_as:
                return (f"{printable(str(path))}: was saved by someone else after its editors' translations went to "
                        "the memory; it was left in place: run prune again")
            path.unlink()
    except FileNotFoundError:
        pass
    except OSError as error:
        return f"{printable(str(path))}: cannot remove it ({error.strerror})"
    return ""


def _remove_empty(folder: Path, top: Path) -> None:
    """`folder` and its parents while empty, never a language folder or the output folder."""
    while len(folder.relative_to(top).parts) > 1:
        try:
            os.rmdir(folder)
        except OSError:  # not empty (or not ours to remove): the folders above are not either
            return
        folder = folder.parent
