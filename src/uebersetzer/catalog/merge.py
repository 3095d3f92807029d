"""PO files: one entry per source sentence, msgmerge's update semantics, gettext layout.

The PO file is the truth once an editor has touched it. `plan_catalog` is the one place
that decides, for each sentence of an article, where its translation comes from: the
existing entry (kept verbatim when reviewed), an obsolete entry of the same sentence
(brought back as the editor left it), a similar old entry (fuzzy, with `#|`), or the
engine; with no similar entry in its own file, a similar entry of the PO file of an article
renamed or deleted (a `Compendium`, as `msgmerge --compendium` offers one). Entries whose
sentence left the article become obsolete (`#~`), not lost; an
obsolete entry holding human work is never deleted; entries the tool does not own (plural
entries an editor added) are kept as they are.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator

import polib

from uebersetzer import __version__
from uebersetzer.catalog import pofile
from uebersetzer.catalog.fuzzy import FuzzyIndex
from uebersetzer.document import Article, Block, Kind, Segment
from uebersetzer.languages import locale_name
from uebersetzer.qa import LANGUAGE_PREFIX
from uebersetzer.unicode_forms import comparable

FUZZY = "fuzzy"
SIMILAR = 0.6  # a new sentence this close to a vanished one is taken as its edited version
CLOSE = 0.8  # this close, a reviewed old translation is a better start than a fresh one

PLURAL_FORMS = {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "fr": "nplurals=2; plural=(n > 1);",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "pb": "nplurals=2; plural=(n > 1);",
    "pt": "nplurals=2; plural=(n > 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "tr": "nplurals=2; plural=(n != 1);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "zh": "nplurals=1; plural=0;",
    "zt": "nplurals=1; plural=0;",
}
_DEFAULT_PLURAL = "nplurals=2; plural=(n != 1);"


@dataclass(frozen=True, slots=True)  # slots: these three are made per sentence
class Key:
    msgid: str
    msgctxt: str | None = None


@dataclass(frozen=True, slots=True)
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


def occurrences(article: Article) -> Iterator[Occurrence]:
    """Every sentence with its PO key, in article order. Repeats share one entry with several
    references, as gettext does; a sentence that plays different roles (heading and list item)
    gets the role as msgctxt, so each can be translated on its own. A stream: a big article's
    occurrences are never all held at once."""
    several = _with_several_roles(article)
    for block in article.blocks:
        for segment in block.segments:
            context = _role(block) if segment.msgid in several else None
            yield Occurrence(Key(segment.msgid, context), segment, block)


def _with_several_roles(article: Article) -> set[str]:
    """The msgids that play more than one role; each sentence's first role is all that is kept
    for the rest (a set per sentence would cost a big article more than its text)."""
    first_role: dict[str, str] = {}
    several: set[str] = set()
    for block in article.blocks:
        role = _role(block)
        for segment in block.segments:
            if first_role.setdefault(segment.msgid, role) != role:
                several.add(segment.msgid)
    return several


@dataclass(slots=True)
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
    new: bool = False  # no entry of this exact sentence existed: an editor's translation in the memory wins
    # tuples, () by default: most entries have neither, and an empty list per sentence adds up
    flags: tuple[str, ...] = ()
    qa_comments: tuple[str, ...] = ()  # "qa: numbers: 312 -> 321", made afresh every run
    remembered: bool = False  # the translation came from the memory (reviewed: kept reviewed, as the editor left it)
    markup: str = ""  # the format of its text where not the article's (an HTML block in Markdown: "html")
    language_doubt: str = ""  # why its block's language is a guess (Block.language_doubt): never kept unreviewed


def is_reviewed(entry: pofile.Entry) -> bool:
    return bool(entry.msgstr) and FUZZY not in entry.flags and not entry.obsolete


def is_foreign(entry: pofile.Entry) -> bool:
    """An entry no sentence produces (a plural entry an editor added): kept as it is."""
    return bool(entry.msgid_plural)


def key_of(entry: pofile.Entry) -> Key:
    """The entry's key as sentences are matched to it: its msgid in comparable form, so an entry
    an older run wrote with the article's NFD msgid (or a soft hyphen in it) is still its
    sentence's when the article comes back in NFC."""
    return Key(comparable(entry.msgid), entry.msgctxt)


def plan_catalog(
    article: Article, existing: Iterable[pofile.Entry] | None, is_human: Callable[[pofile.Entry], bool] = is_reviewed,
    compendium: Compendium | None = None,
) -> tuple[list[PlannedEntry], list[pofile.Entry]]:
    """Entries for the article in order, and the entries kept after them: the ones that are or
    became obsolete, and the ones the tool does not own, in the existing file's order.
    `is_human` tells an editor's work (the pipeline asks the memory about fuzzy entries).
    `compendium`: entries of other PO files (an article renamed, or deleted, in this change) a
    changed sentence with no similar entry in this file is matched with, as it would be with
    one of its own file's (an article renamed and edited at once keeps its editor's work).

    `existing` (a catalog's entries, which have unique keys, as `pofile.load` makes sure) is
    read once, in order: a re-run hands them over as it reads them (ExistingCatalog.drain), and
    each entry taken by its sentence is let go as the plan goes (issue 17: the existing
    entries and the planned ones were all held at once)."""
    by_key = _by_key(existing or ())
    planned: dict[Key, PlannedEntry] = {}
    for occurrence, reference, label in _with_block_texts(article):
        if occurrence.key in planned:
            planned[occurrence.key].references.append(reference)
            continue
        entry = PlannedEntry(
            key=occurrence.key, references=[reference], comments=[label],
            source_language=occurrence.segment.language, markup=occurrence.block.markup,
            language_doubt=occurrence.block.language_doubt,
        )
        # a sentence that returns gets its obsolete entry back, as the editor left it
        previous = by_key.pop(occurrence.key, None)
        if previous is not None:
            _keep(entry, previous)
        else:
            entry.new = True
        planned[occurrence.key] = entry
    # what is left: the entries whose sentences left the article, and the foreign ones
    old = {key: e for key, e in by_key.items() if isinstance(key, Key) and not e.obsolete}
    human_before = [key for key, e in old.items() if e.msgstr and is_human(e)]
    relinked_keys = _match_changed([e for e in planned.values() if e.msgstr is None], old, compendium, is_human)
    # An editor's translation the matching handed to an edited sentence also stays, as obsolete:
    # if the old sentence returns, its entry comes back exactly as the editor left it.
    # One whose sentence only got other links (relinked, reviewed or an editor's draft) is all
    # in the new entry, and in the memory: kept as well, a CMS that rotates a link's token would
    # grow the file every export (see also make_catalog, which drops obsolete copies superseded).
    leaving = ({key for key, e in old.items() if e.msgstr} | set(human_before)) - relinked_keys
    kept = [e if e.obsolete or is_foreign(e) else _obsolete(e) for key, e in by_key.items()
            if not isinstance(key, Key) or e.obsolete or key in leaving]
    return list(planned.values()), kept


def _by_key(entries: Iterable[pofile.Entry]) -> dict[Key | int, pofile.Entry]:
    """The entries in their order by key; a foreign one (no sentence makes it) by its position.
    Two entries of one comparable key (an NFD msgid beside its NFC twin, which a run before
    matching was by comparable form made) are one sentence's: see _one_of."""
    found: dict[Key | int, pofile.Entry] = {}
    for position, entry in enumerate(entries):
        key: Key | int = position if is_foreign(entry) else key_of(entry)
        if key in found:
            assert isinstance(key, Key)
            kept, other = _one_of(key, found[key], entry)
            found[key] = kept
            if other is not None:  # it stays in the file, as obsolete, under its own msgid
                found[position] = other
        else:
            found[key] = entry
    return found


def _one_of(key: Key, first: pofile.Entry, second: pofile.Entry) -> tuple[pofile.Entry, pofile.Entry | None]:
    """(the entry the sentence takes, the other one if it holds words the first does not).
    An editor's reviewed translation wins, active before obsolete. The other is kept as
    obsolete, never lost, unless its msgid is the one the sentence's entry is written with (a
    duplicate msgfmt would refuse): then that one is the sentence's, and the first stays obsolete."""
    rank = {id(entry): (is_reviewed(entry), bool(entry.msgstr) and FUZZY not in entry.flags, bool(entry.msgstr))
            for entry in (first, second)}
    chosen, other = (second, first) if rank[id(second)] > rank[id(first)] else (first, second)
    if not other.msgstr or other.msgstr == chosen.msgstr:
        return chosen, None
    if other.msgid == key.msgid:
        chosen, other = other, chosen
    return chosen, (other if other.obsolete else _obsolete(other))


def _with_block_texts(article: Article) -> Iterator[tuple[Occurrence, str, str]]:
    """Each occurrence with its block's reference ("path:line") and label, made once per block:
    the sentences of a block share one string of each instead of holding a copy apiece."""
    block, reference, label = None, "", ""
    for occurrence in occurrences(article):
        if occurrence.block is not block:
            block = occurrence.block
            reference, label = f"{article.path}:{block.line}", block.label
        yield occurrence, reference, label


def _keep(entry: PlannedEntry, previous: pofile.Entry) -> None:
    entry.translator_comment = previous.tcomment or ""
    entry.flags = tuple(flag for flag in previous.flags if flag != FUZZY)
    if previous.msgstr:
        # a sentence kept as written (msgstr = msgid) stays its copy when only its encoding changed
        entry.msgstr = entry.key.msgid if previous.msgstr == previous.msgid else previous.msgstr
        entry.fuzzy = FUZZY in previous.flags
        entry.reviewed = not entry.fuzzy  # an obsolete entry the editor had reviewed comes back reviewed
        entry.previous_msgid = previous.previous_msgid if entry.fuzzy else None
        entry.comments += pofile.notes(previous)


def _match_changed(new_entries: list[PlannedEntry], old: dict[Key, pofile.Entry],
                   compendium: Compendium | None = None,
                   is_human: Callable[[pofile.Entry], bool] = is_reviewed) -> set[Key]:
    """msgmerge's fuzzy matching: a new sentence similar to a vanished one is its edit. An index
    proposes a few candidates per sentence (see fuzzy.py), so a re-run stays linear. First, a
    sentence whose words are an old one's an editor wrote (reviewed, or a draft `is_human`
    tells) and whose links or attributes alone changed takes that translation over, reviewed
    or fuzzy as it was (see relinked), or is its edit when that is not certain. A sentence
    with none in its own file is matched in the compendium, which keeps what it offers (two
    articles may share a sentence's old translation; the old files are not changed). Returns
    the old keys whose translation went over whole (relinked): the new entry holds all of it."""
    index = FuzzyIndex((key, key.msgid) for key in old)
    same_words = _by_words(old, is_human)
    carried: set[Key] = set()
    for entry in new_entries:
        own = same_words.get(_words(entry.key))
        if own is not None and own in old:
            # the same sentence with other link targets: its own old entry, whose words (the file's
            # latest for it) an editor's older translation of it in the memory must not replace
            # (the link rotated back to a token it had before an edit); when the new targets
            # cannot be written in for certain, a fuzzy suggestion, whatever the URLs' length
            if _take_relinked(entry, old[own], drafts=True):
                carried.add(own)
            else:
                _take_edited(entry, old[own], 1.0)
            entry.new = False
            del old[own]
            index.remove(own)
            continue
        best, best_ratio = index.best(entry.key.msgid, SIMILAR)
        if best is not None:
            if _take_edited(entry, old[best], best_ratio):
                del old[best]
                index.remove(best)
        elif compendium is not None:
            similar, ratio = compendium.best(entry.source_language, entry.key.msgid)
            if similar is not None and not _take_relinked(entry, similar):
                _take_edited(entry, similar, ratio)
    return carried


def _take_edited(entry: PlannedEntry, previous: pofile.Entry, ratio: float) -> bool:
    """Make `entry` the edit of `previous` (a sentence `ratio` similar to it); whether its
    translation went along: a reviewed one too far from the new sentence stays where it was."""
    entry.previous_msgid = previous.msgid
    entry.translator_comment = previous.tcomment or ""
    if not is_reviewed(previous):
        entry.unreviewed_msgstr = previous.msgstr  # the pipeline redoes it unless an editor touched it
        return True
    if ratio >= CLOSE and not stale_facts(previous.msgid, entry.key.msgid, previous.msgstr):
        # fuzzy: the editor's words, to be checked against the edit, with the source's markup as it is now
        entry.msgstr = with_current_markup(previous.msgid, entry.key.msgid, previous.msgstr)
        return True
    # a reviewed translation too far from the new sentence, or holding a fact the edit took out,
    # stays as obsolete, never lost; the new sentence goes to the engine
    return False


def stale_facts(old_source: str, new_source: str, translation: str) -> set[str]:
    """The numbers and names (words with a digit or a capital) the edit took out of the
    source that the editor's translation of the old source holds as written: started from, it
    would publish the old fact until reviewed, as `translate` and a plain `build` write fuzzy
    entries (a corrected "in Berlin" -> "in Wien" kept "in Berlin" in the English article).
    Markup is left out (a link's new target is written in, see with_current_markup).

    >>> sorted(stale_facts("Der Präsident trifft 12 Minister in Berlin.", "Der Präsident trifft 15 Minister in Wien.",
    ...                    "The president meets 12 ministers in Berlin."))
    ['12', 'Berlin']
    >>> stale_facts("Der Präsident trifft den Ministr.", "Der Präsident trifft den Minister.",
    ...             "The president meets the minister.")
    set()
    """
    gone = _facts(old_source) - _facts(new_source)
    return gone & set(_WORD.findall(_COPIED_MARKUP.sub(" ", translation))) if gone else set()


_WORD = re.compile(r"\w+")


def _facts(text: str) -> set[str]:
    return {word for word in _WORD.findall(_COPIED_MARKUP.sub(" ", text))
            if any(character.isdigit() or character.isupper() for character in word)}


class Compendium:
    """Entries of other PO files into one target language, by source language, to match changed
    sentences with (see plan_catalog): what `msgmerge --compendium` is given. Obsolete, foreign
    and empty entries are left out; an entry whose sentence is in several files is offered once,
    an editor's reviewed one first."""

    def __init__(self, entries: Iterable[tuple[str, pofile.Entry]]) -> None:
        chosen: dict[tuple[str, Key], pofile.Entry] = {}
        for source_language, entry in entries:
            if entry.obsolete or is_foreign(entry) or not entry.msgstr:
                continue
            key = (source_language, key_of(entry))
            if key not in chosen or (is_reviewed(entry) and not is_reviewed(chosen[key])):
                chosen[key] = entry
        self._entries = chosen
        languages = {language for language, _ in chosen}
        self._indexes = {language: FuzzyIndex((key, key[1].msgid) for key in chosen if key[0] == language)
                         for language in languages}

    def __len__(self) -> int:
        return len(self._entries)

    def best(self, source_language: str, msgid: str) -> tuple[pofile.Entry | None, float]:
        """The entry most similar to `msgid` (at least SIMILAR), and how similar."""
        index = self._indexes.get(source_language)
        if index is None:
            return None, SIMILAR
        key, ratio = index.best(msgid, SIMILAR)
        return (self._entries[key] if key is not None else None), ratio


# Markup a translation copies from its source as it is: HTML tags (with their attributes),
# Markdown link targets, and URLs in the text (protect's pattern: no engine ever sees one).
_COPIED_MARKUP = re.compile(r"<[^<>\n]+>|\]\([^()\s]*(?:\s+\"[^\"]*\")?\)"
                            r"|\bhttps?://[^\s<>()\"“”„]+[^\s<>()\"“”„.,;:!?]")
RELINKED_NOTE = "markup: reviewed with other link targets or attributes; the new ones were written into it"
DRAFT_RELINKED_NOTE = "markup: drafted with other link targets or attributes; the new ones were written into it"
_RELINKED_NOTES = (RELINKED_NOTE, DRAFT_RELINKED_NOTE)


def _words(key: Key) -> tuple[tuple[str, ...], tuple[str, ...], str | None] | None:
    """What a sentence says apart from its markup's attributes and targets: its text between
    the markup, each markup's name (`a`, `/a`, `](`), its context. None without markup."""
    parts = _COPIED_MARKUP.split(key.msgid)
    if len(parts) == 1:
        return None
    return tuple(parts), tuple(_markup_name(m) for m in _COPIED_MARKUP.findall(key.msgid)), key.msgctxt


def _by_words(old: dict[Key, pofile.Entry], is_human: Callable[[pofile.Entry], bool] = is_reviewed) -> dict[tuple, Key]:
    """The old entries holding markup an editor wrote (reviewed, or a draft `is_human` tells;
    a reviewed one first), by _words: a sentence whose only change is a link's target or an
    attribute finds its own old entry, however long the URL that changed (a rotated
    40-character token left a short sentence under the fuzzy threshold)."""
    found: dict[tuple, Key] = {}
    drafts: dict[tuple, Key] = {}
    for key, entry in old.items():
        words = _words(key)
        if words is None or not entry.msgstr:
            continue
        if is_reviewed(entry):
            found.setdefault(words, key)
        elif is_human(entry):
            drafts.setdefault(words, key)
    return {**drafts, **found}


def _take_relinked(entry: PlannedEntry, previous: pofile.Entry, drafts: bool = False) -> bool:
    """A reviewed translation carried over, reviewed, to a sentence whose words are the old
    one's and whose markup only has other attributes or targets (a CMS export that rotates a
    link's query token must not re-open every linked sentence), with the new markup written
    into it and a note saying so; when that cannot be told safely (see relinked), nothing.
    With `drafts`, an editor's fuzzy draft (the caller knows it is theirs) is carried over by
    the same rule, still fuzzy, with the old sentence as its `#|` (it kept the old URL, and
    every rotation left a copy of it behind as obsolete)."""
    draft = drafts and bool(previous.msgstr) and FUZZY in previous.flags and not previous.obsolete
    if not (is_reviewed(previous) or draft) or _words(entry.key) != _words(key_of(previous)):
        return False
    carried = relinked(previous.msgid, entry.key.msgid, previous.msgstr)
    if carried is None:
        return False
    entry.msgstr, entry.fuzzy, entry.reviewed = carried, draft, not draft
    entry.previous_msgid = previous.msgid if draft else None
    entry.translator_comment = previous.tcomment or ""
    entry.flags = tuple(flag for flag in previous.flags if flag != FUZZY)
    note = DRAFT_RELINKED_NOTE if draft else RELINKED_NOTE
    entry.comments += [kept for kept in pofile.notes(previous) if kept not in _RELINKED_NOTES] + [note]
    return True


def relinked(old_source: str, new_source: str, translation: str) -> str | None:
    """`translation` of `old_source` with each markup that changed as `new_source` has it,
    when that is certain: the sources' markup differs only in attributes or targets, each
    changed one becomes one new one, and the translation holds each changed one as often as
    the old source did (the editor kept every link; a link the editor dropped, doubled or
    rewrote makes it uncertain). Else None: the entry goes fuzzy, as any edit does.

    >>> relinked('Der <a href="/a?t=1">Minister</a> kam.', 'Der <a href="/a?t=2">Minister</a> kam.',
    ...          'The <a href="/a?t=1">minister</a> came.')
    'The <a href="/a?t=2">minister</a> came.'
    """
    if _COPIED_MARKUP.split(old_source) != _COPIED_MARKUP.split(new_source):  # the words changed
        return None
    changed = _markup_changes(old_source, new_source)
    if changed is None or any(translation.count(before) != old_source.count(before) for before in changed):
        return None
    return _with_changes(translation, changed)


def with_current_markup(old_source: str, new_source: str, translation: str) -> str:
    """An editor's translation of `old_source` with each tag or link target it holds as
    `new_source` now has it, where the two sources hold the same markup in the same order
    and only attributes or targets changed (a link's new `title` or `href`). Offered as a
    suggestion for the changed sentence, it kept the old markup: the old German tooltip was
    written into the English page. Anything else is left as the editor wrote it."""
    changed = _markup_changes(old_source, new_source)
    return _with_changes(translation, changed) if changed else translation


def _markup_changes(old_source: str, new_source: str) -> dict[str, str] | None:
    """Each tag or link target of `old_source` that `new_source` holds changed, and as what;
    None unless the two hold the same markup in the same order and each old one became one
    new one (one old tag and two new ones: which is which is unknown)."""
    old, new = _COPIED_MARKUP.findall(old_source), _COPIED_MARKUP.findall(new_source)
    if len(old) != len(new):
        return None
    changed: dict[str, str] = {}
    for before, after in zip(old, new):
        if _markup_name(before) != _markup_name(after) or changed.setdefault(before, after) != after:
            return None
    return {before: after for before, after in changed.items() if before != after}


def _with_changes(translation: str, changed: dict[str, str]) -> str:
    """`translation` with each markup in `changed` replaced, longest first."""
    if not changed:
        return translation
    if len(changed) == 1:  # most relinks (one token rotated): the same as the pattern's one pass, without
        # compiling a pattern per sentence (re's cache of 512 thrashed on a big article's rotation)
        [(before, after)] = changed.items()
        return translation.replace(before, after)
    return re.sub("|".join(map(re.escape, sorted(changed, key=len, reverse=True))),
                  lambda match: changed[match.group(0)], translation)


def _markup_name(markup: str) -> str:
    """`a` for `<a href=…>`, `/a` for `</a>`, `](` for a link target."""
    found = re.match(r"</?[^\s>/]+", markup)
    return found.group(0) if found else markup[:2]


def _obsolete(entry: pofile.Entry) -> pofile.Entry:
    """An obsolete copy: the existing catalog stays as it was read."""
    if isinstance(entry, pofile.ExistingEntry):
        return entry.retired()
    retired = copy.copy(entry)
    retired.obsolete = True
    retired.occurrences = []
    return retired


# "stdin" in a PO file written for an article read from standard input: its name (--name) is all
# there is of it, so a file of another name whose PO file this is tells by its localized article
# whether it is still there (pipeline._other_owner). A run of a file drops it.
PIPED_HEADER = "X-Uebersetzer-Input"
PIPED = "stdin"


def header(target: str, source: str, article_path: str, now: datetime | None = None,
           piped: bool = False) -> dict[str, str]:
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M%z")
    return {
        "Project-Id-Version": pofile.escape_controls(article_path),  # a header value is one line
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "uebersetzer (machine translation)",
        "Language-Team": locale_name(target),
        "Language": locale_name(target),  # pt_BR, zh_TW: what Poedit and Weblate read
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(target, _DEFAULT_PLURAL),
        "X-Generator": f"uebersetzer {__version__}",
        "X-Source-Language": locale_name(source),
        **({PIPED_HEADER: PIPED} if piped else {}),
    }


def ordered_comments(comments: list[str]) -> str:
    """The extracted comments in one canonical order, whatever order the run found them in
    (a first run adds a block's `language:` before the engine's notes, a re-run finds the
    notes in the file first and adds the language after): the block first, then glossary
    terms, then the block's language, then notes (fallback, checks, markup), each group in the
    order seen. A re-run must write the same bytes."""
    if len(comments) <= 1:  # most entries: the block alone
        return comments[0] if comments else ""
    unique = list(dict.fromkeys(comments))
    rank = {comment: 0 if index == 0 else _comment_rank(comment) for index, comment in enumerate(unique)}
    return "\n".join(sorted(unique, key=rank.__getitem__))


def _comment_rank(comment: str) -> int:
    """Where a comment after the block's label goes: glossary, language, then every note.
    (The order a first run has always written, so its files stay as they are.)"""
    if comment.startswith("glossary:"):
        return 1
    return 2 if comment.startswith(LANGUAGE_PREFIX) else 3


class NewCatalog:
    """The catalog a run writes: header, the planned entries in article order, then the kept ones
    (see plan_catalog). Read like a polib.POFile (pofile.Catalog), but each planned entry's
    POEntry is made as it is read and then let go: one costs about 1 kB, and a big article's
    catalog held whole as POEntries was the largest part of a run's memory."""

    def __init__(self, planned: list[PlannedEntry], kept: list[pofile.Entry], metadata: dict[str, str]) -> None:
        self.planned = planned
        self.kept = kept
        self.metadata = metadata
        self.metadata_is_fuzzy = 0  # polib.POFile's defaults
        self.header = ""

    def __iter__(self) -> Iterator[pofile.Entry]:
        for entry in self.planned:
            yield po_entry(entry)
        yield from self.kept

    def obsolete_entries(self) -> list[pofile.Entry]:
        return [entry for entry in self.kept if entry.obsolete]

    def translated_entries(self) -> Iterator[pofile.Entry]:
        """The entries as iterating gives them, for reading their msgid, msgctxt, msgstr,
        flags, translator comment, plural and obsolete mark only (pipeline.human_work): a
        planned one as a TranslatedEntry, without its references and comments laid out."""
        for entry in self.planned:
            yield TranslatedEntry(entry.key.msgid, entry.key.msgctxt, entry.msgstr or "", _flags(entry),
                                  entry.translator_comment)
        yield from self.kept

    def translations(self) -> dict[Key, str]:
        """`translations` of this catalog, read off the planned entries as their POEntries
        would give them (po_entry), without making those again."""
        found = {entry.key: entry.msgstr for entry in self.planned if entry.msgstr}
        found.update((key_of(entry), entry.msgstr) for entry in self.kept if entry.msgstr and not entry.obsolete)
        return found


@dataclass(frozen=True, slots=True)
class TranslatedEntry:
    """What NewCatalog.translated_entries gives of a planned entry: its POEntry's fields that
    say who translated it."""

    msgid: str
    msgctxt: str | None
    msgstr: str
    flags: list[str]
    tcomment: str
    msgid_plural: str = ""
    obsolete: bool = False


def _flags(entry: PlannedEntry) -> list[str]:
    return [FUZZY, *entry.flags] if entry.fuzzy and entry.msgstr else list(entry.flags)


def po_entry(entry: PlannedEntry) -> polib.POEntry:
    """The PO entry a planned one becomes."""
    return polib.POEntry(
        msgid=entry.key.msgid,
        msgctxt=entry.key.msgctxt,
        msgstr=entry.msgstr or "",
        occurrences=[tuple(ref.rsplit(":", 1)) for ref in entry.references],
        comment="\n".join(c for c in (ordered_comments(entry.comments), *dict.fromkeys(entry.qa_comments)) if c),
        tcomment=entry.translator_comment,
        flags=_flags(entry),
        previous_msgid=entry.previous_msgid,
    )


@dataclass(frozen=True, slots=True)
class _Holder:
    """What an entry holds of an editor's work, for telling whether an obsolete copy adds to it."""

    msgid: str
    msgstr: str
    reviewed: bool
    tcomment: str
    flags: frozenset[str]

    def holds(self, old: pofile.Entry) -> bool:
        """Does this entry hold all of `old`'s work: its words as written, or with this entry's
        link targets written in (relinked), a review at least as sure, its comment and flags?"""
        if old.msgid == self.msgid or _COPIED_MARKUP.split(old.msgstr) != _COPIED_MARKUP.split(self.msgstr):
            return False  # relinking changes markup only: other words are never held
        words = self.msgstr in (old.msgstr, relinked(old.msgid, self.msgid, old.msgstr))
        sure = self.reviewed or FUZZY in old.flags
        return words and sure and (not old.tcomment or old.tcomment == self.tcomment) and \
            set(old.flags) - {FUZZY} <= self.flags


def without_superseded(planned: list[PlannedEntry], kept: list[pofile.Entry]) -> list[pofile.Entry]:
    """`kept` less the obsolete entries another entry supersedes: one of a sentence with the
    same words and context whose links or attributes alone differ (_words), which holds all of
    the obsolete one's work (_Holder.holds): the live entry of the sentence as it is now, or an
    obsolete one kept before it. A CMS that rotates a link's token made one obsolete copy per
    export wherever a relink was not certain (an editor's draft that dropped the link), and
    files written before this grew one per rotation; msgmerge keeps no copy of an entry it
    matched at all. An editor's work is never dropped: what differs in words, review, comment
    or flags stays, and every run stored the file's editors' work in the memory before this."""
    kept_words = [_words(key_of(entry)) if entry.obsolete and entry.msgstr and not is_foreign(entry) else None
                  for entry in kept]
    wanted = set(kept_words) - {None}
    if not wanted:  # most catalogs: no planned entry is looked at
        return kept
    holders: dict[tuple, list[_Holder]] = {}
    for entry in planned:
        words = _words(entry.key) if entry.msgstr else None
        if words in wanted:
            holders.setdefault(words, []).append(_Holder(entry.key.msgid, entry.msgstr or "", entry.reviewed and not
                                                         entry.fuzzy, entry.translator_comment, frozenset(entry.flags)))
    remaining = []
    for entry, words in zip(kept, kept_words):
        if words is None:
            remaining.append(entry)
            continue
        if any(holder.holds(entry) for holder in holders.get(words, ())):
            continue
        remaining.append(entry)
        holders.setdefault(words, []).append(_Holder(entry.msgid, entry.msgstr, FUZZY not in entry.flags,
                                                     entry.tcomment or "", frozenset(entry.flags) - {FUZZY}))
    return remaining


# Header fields every run writes afresh: what the file is (its article, its language, the
# tool) and how it is written (UTF-8). The rest of an existing file's header is kept as
# msgmerge keeps it, Plural-Forms included: an editor who set nplurals=3 wrote plural
# entries with three msgstr[N], and `msgfmt -c` refuses them under any other count.
RUN_HEADER_FIELDS = ("X-Generator", "Project-Id-Version", "Language", "Content-Type", PIPED_HEADER)


def make_catalog(
    planned: list[PlannedEntry], kept: list[pofile.Entry], metadata: dict[str, str],
    existing: pofile.Catalog | None = None,
) -> NewCatalog:
    """The catalog: planned entries in article order, then the kept ones (see plan_catalog),
    less the obsolete ones superseded (see without_superseded)."""
    catalog = NewCatalog(planned, without_superseded(planned, kept), metadata)
    if existing is not None:  # an editor's header fields (Last-Translator, team, Plural-Forms) are theirs
        catalog.metadata_is_fuzzy = existing.metadata_is_fuzzy
        # the dates are this run's, written only when something else changed (catalog.metadata is
        # `metadata`: taking the existing fields first kept the first run's dates for ever)
        for name, value in existing.metadata.items():
            if name not in RUN_HEADER_FIELDS and name not in _DATES:
                catalog.metadata[name] = value
        catalog.header = existing.header
    return catalog


_DATES = ("POT-Creation-Date", "PO-Revision-Date")


def serialize(catalog: pofile.Catalog) -> str:
    return pofile.dumps(catalog)


def serialized_lines(catalog: pofile.Catalog) -> Iterator[str]:
    """`serialize`'s text a line at a time, without its "\n"s: for writing a big file."""
    return pofile.generate(catalog)


def without_dates(text: str) -> str:
    """The PO text minus its date headers: what a re-run's digest (pofile.undated_digest)
    compares, so a file whose only change is a date is not rewritten."""
    return "\n".join(line for line in text.split("\n") if not line.startswith(pofile.DATED_LINES))


def translations(catalog: pofile.Catalog) -> dict[Key, str]:
    """Key -> msgstr for every translated, non-obsolete entry (fuzzy ones included)."""
    if isinstance(catalog, NewCatalog):
        return catalog.translations()
    return {key_of(e): e.msgstr for e in catalog if e.msgstr and not e.obsolete}
