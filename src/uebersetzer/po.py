"""PO files: one entry per source sentence, msgmerge's update semantics, gettext layout.

The PO file is the truth once an editor has touched it. `plan_catalog` is the one place
that decides, for each sentence of an article, where its translation comes from: the
existing entry (kept verbatim when reviewed), a similar old entry (fuzzy, with `#|`), or
the engine. Entries whose sentence left the article become obsolete (`#~`), not lost.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import polib

from uebersetzer import __version__, pofile
from uebersetzer.document import Article, Block, Kind, Segment
from uebersetzer.errors import ArticleError

FUZZY = "fuzzy"
SIMILAR = 0.6  # a new sentence this close to a vanished one is taken as its edited version
CLOSE = 0.8  # this close, a reviewed old translation is a better start than a fresh one
WRAP = 79  # gettext's msgcat/msgmerge width: polib wraps lines longer than this like they do

PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "fr": "nplurals=2; plural=(n > 1);",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "pt": "nplurals=2; plural=(n > 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "tr": "nplurals=2; plural=(n != 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "zh": "nplurals=1; plural=0;",
    "zt": "nplurals=1; plural=0;",
}
_DEFAULT_PLURAL = "nplurals=2; plural=(n != 1);"
_DATE_HEADERS = ("POT-Creation-Date", "PO-Revision-Date")


@dataclass(frozen=True)
class Key:
    msgid: str
    msgctxt: str | None = None


@dataclass(frozen=True)
class Occurrence:
    key: Key
    segment: Segment
    block: Block


# Roles a sentence can play; the same words as a heading and inside a list may need
# different translations (a label vs. an item), inside the teaser and a paragraph not.
_ROLES = {Kind.TITLE: "title", Kind.HEADING: "heading", Kind.SOURCES: "heading", Kind.LIST_ITEM: "list",
          Kind.SOURCE: "list", Kind.FOOTER: "footer"}


def _role(block: Block) -> str:
    return _ROLES.get(block.kind, "text")


def occurrences(article: Article) -> list[Occurrence]:
    """Every sentence with its PO key. Repeats share one entry with several references, as
    gettext does; a sentence that plays different roles (heading and list item) gets the
    role as msgctxt, so each can be translated on its own."""
    roles: dict[str, set[str]] = {}
    for block in article.blocks:
        for segment in block.segments:
            roles.setdefault(segment.msgid, set()).add(_role(block))
    found = []
    for block in article.blocks:
        for segment in block.segments:
            context = _role(block) if len(roles[segment.msgid]) > 1 else None
            found.append(Occurrence(Key(segment.msgid, context), segment, block))
    return found


@dataclass
class PlannedEntry:
    """One entry of the catalog being made; `msgstr` None means: ask the engine."""

    key: Key
    references: list[str]
    comments: list[str]  # extracted comments: block, glossary hits, notes
    source_language: str
    msgstr: str | None = None
    fuzzy: bool = True
    previous_msgid: str | None = None
    unreviewed_msgstr: str = ""  # the fuzzy translation of the sentence this one was edited from
    translator_comment: str = ""
    reviewed: bool = False  # an editor's translation: never replaced
    flags: list[str] = field(default_factory=list)


def is_reviewed(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) and FUZZY not in entry.flags and not entry.obsolete


def plan_catalog(article: Article, existing: polib.POFile | None) -> tuple[list[PlannedEntry], list[polib.POEntry]]:
    """Entries for the article in order, and the old entries that became obsolete."""
    old = {Key(e.msgid, e.msgctxt): e for e in (existing or []) if not e.obsolete}
    planned: dict[Key, PlannedEntry] = {}
    for occurrence in occurrences(article):
        reference = f"{article.path}:{occurrence.block.line}"
        if occurrence.key in planned:
            planned[occurrence.key].references.append(reference)
            continue
        entry = PlannedEntry(
            key=occurrence.key, references=[reference], comments=[occurrence.block.label],
            source_language=occurrence.segment.language,
        )
        previous = old.pop(occurrence.key, None)
        if previous is not None:
            _keep(entry, previous)
        planned[occurrence.key] = entry
    _match_changed([e for e in planned.values() if e.msgstr is None], old)
    already_obsolete = [e for e in (existing or []) if e.obsolete and Key(e.msgid, e.msgctxt) not in planned]
    return list(planned.values()), [_obsolete(entry) for entry in old.values() if entry.msgstr] + already_obsolete


def _keep(entry: PlannedEntry, previous: polib.POEntry) -> None:
    entry.translator_comment = previous.tcomment or ""
    entry.flags = [flag for flag in previous.flags if flag != FUZZY]
    if previous.msgstr:
        entry.msgstr = previous.msgstr
        entry.fuzzy = FUZZY in previous.flags
        entry.reviewed = is_reviewed(previous)
        entry.previous_msgid = previous.previous_msgid if entry.fuzzy else None
        entry.comments += [c for c in (previous.comment or "").split("\n") if c.startswith(("fallback", "check"))]


def _match_changed(new_entries: list[PlannedEntry], old: dict[Key, polib.POEntry]) -> None:
    """msgmerge's fuzzy matching: a new sentence similar to a vanished one is its edit."""
    for entry in new_entries:
        best, best_ratio = None, SIMILAR
        for key, candidate in old.items():
            ratio = difflib.SequenceMatcher(None, entry.key.msgid, key.msgid).ratio()
            if ratio >= best_ratio:
                best, best_ratio = key, ratio
        if best is None:
            continue
        previous = old[best]
        entry.previous_msgid = previous.msgid
        entry.translator_comment = previous.tcomment or ""
        if not is_reviewed(previous):
            entry.unreviewed_msgstr = previous.msgstr  # the pipeline redoes it unless an editor touched it
            del old[best]
        elif best_ratio >= CLOSE:
            entry.msgstr = previous.msgstr  # fuzzy: the editor's words, to be checked against the edit
            del old[best]
        # else: a reviewed translation too far from the new sentence stays, as obsolete, never lost


def _obsolete(entry: polib.POEntry) -> polib.POEntry:
    entry.obsolete = True
    entry.occurrences = []
    return entry


def header(target: str, source: str, article_path: str, now: datetime | None = None) -> dict[str, str]:
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M%z")
    return {
        "Project-Id-Version": article_path,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "uebersetzer (machine translation)",
        "Language-Team": target,
        "Language": target,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(target, _DEFAULT_PLURAL),
        "X-Generator": f"uebersetzer {__version__}",
        "X-Source-Language": source,
    }


def make_catalog(
    planned: list[PlannedEntry], obsolete: list[polib.POEntry], metadata: dict[str, str],
    existing: polib.POFile | None = None,
) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=WRAP)
    catalog.metadata = metadata
    if existing is not None:  # an editor's header fields (Last-Translator, team) are theirs
        for name, value in existing.metadata.items():
            if name not in ("X-Generator", "Project-Id-Version", "Language", "Content-Type", "Plural-Forms"):
                catalog.metadata[name] = value
        for name in ("POT-Creation-Date", "PO-Revision-Date"):  # only written when something else changed
            catalog.metadata[name] = metadata[name]
        catalog.header = existing.header
    for entry in planned:
        catalog.append(polib.POEntry(
            msgid=entry.key.msgid,
            msgctxt=entry.key.msgctxt,
            msgstr=entry.msgstr or "",
            occurrences=[tuple(ref.rsplit(":", 1)) for ref in entry.references],
            comment="\n".join(dict.fromkeys(entry.comments)),
            tcomment=entry.translator_comment,
            flags=([FUZZY] if entry.fuzzy and entry.msgstr else []) + entry.flags,
            previous_msgid=entry.previous_msgid,
        ))
    for entry in obsolete:
        catalog.append(entry)
    return catalog


def serialize(catalog: polib.POFile) -> str:
    return pofile.dumps(catalog)


def without_dates(text: str) -> str:
    """The PO text minus its date headers: a file whose only change is a date is not rewritten."""
    return "\n".join(line for line in text.split("\n") if not line.startswith(tuple(f'"{h}:' for h in _DATE_HEADERS)))


def load(path: Path, display: str) -> polib.POFile | None:
    """The existing PO file, or None. A broken one is an ArticleError naming file and line."""
    if not path.exists():
        return None
    try:
        data = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise ArticleError("not UTF-8; fix the file's charset or remove it to start over", display, line) from error
    bad_line = _first_malformed_line(data)
    if bad_line:
        raise ArticleError("broken PO file (not a keyword line or a complete quoted string); fix it or remove "
                           "it to start over", display, bad_line)
    try:
        return polib.pofile(data, wrapwidth=WRAP)
    except (OSError, ValueError) as error:
        raise ArticleError(f"broken PO file ({_po_error(error)}); fix it or remove it to start over",
                           display, _po_error_line(error)) from error


_PO_LINE = re.compile(r'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"|)\s*$')


def _first_malformed_line(text: str) -> int:
    """polib accepts some broken files (an unterminated string, say); gettext would not."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not _PO_LINE.match(line):
            return number
    return 0


def _po_error(error: Exception) -> str:
    return str(error).split(" (line")[0].rstrip(".").strip() or "syntax error"


def _po_error_line(error: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None


def translations(catalog: polib.POFile) -> dict[Key, str]:
    """Key -> msgstr for every translated, non-obsolete entry (fuzzy ones included)."""
    return {Key(e.msgid, e.msgctxt): e.msgstr for e in catalog if e.msgstr and not e.obsolete}
