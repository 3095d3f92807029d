"""PO files read and written: `load` (polib, with gettext's strictness added) and `dumps`,
a pure serializer that lays entries out as GNU gettext's msgcat/msgmerge do, kept together
as Babel keeps read_po and write_po.

polib reads PO files well, but wraps long strings differently from gettext (the space
goes to the start of the next line; no break after hyphens). Editors' tools (Poedit,
msgmerge) rewrap in gettext's style on save, and then every long entry would show up in
a diff. So we write what gettext writes: lines of at most 79 columns, broken after spaces,
after a hyphen inside a word, after some punctuation before a letter and between a closing
and an opening bracket (`[Seite]|(https://...)`: UAX #14's rules, as libunistring applies
them), never inside an escape, with a forced break after each `\\n`. Checked against msgcat
in the tests. (No line-breaking library is used: PyICU and uniseg follow UAX #14 as written,
which keeps `stadt.example` together; libunistring, and so gettext, breaks it.)
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from array import array
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Protocol, Union

import polib

from uebersetzer.errors import ArticleError

PAGE_WIDTH = 79
Entry = Union[polib.POEntry, "ExistingEntry"]  # what the writer reads of an entry
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b",
            "\f": "\\f", "\v": "\\v"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


@lru_cache(maxsize=4096)  # called for every character written; a text has few distinct ones
def _width(unit: str) -> int:
    if len(unit) > 1:  # an escape sequence such as \"
        return len(unit)
    return 2 if unicodedata.east_asian_width(unit) in ("W", "F") else 1


def _units(text: str) -> list[str]:
    """Each character as written, escaped: `"` is `\\"`."""
    return list(map(_ESCAPES.get, text, text))  # _ESCAPES.get(ch, ch) for each character, in C


# Punctuation gettext breaks after when a letter follows ("stadt.|example", "politik/|inland"),
# and "?"/"!" also before a digit: libunistring's UAX #14, which leaves out the rule that
# keeps "e.g." together. Between digits ("48,7", "10:30") there is no break.
_BREAK_BEFORE_LETTER = frozenset(".,:;/?!")


@lru_cache(maxsize=4096)  # asked before every space a long string breaks at; a text has few distinct units
def _is_quotation(unit: str) -> bool:
    """UAX #14's QU class, near enough: quotation marks of every kind, escaped `\\"` included."""
    return unit in ('\\"', "'") or (len(unit) == 1 and unicodedata.category(unit) in ("Pi", "Pf"))


@lru_cache(maxsize=4096)
def _is_opening(unit: str) -> bool:
    """UAX #14's OP class: opening brackets and quotes such as „ ( [, and ¡ ¿."""
    return unit in ("¡", "¿") or (len(unit) == 1 and unicodedata.category(unit) == "Ps")


def _break_after(units: list[str], index: int) -> bool:
    unit = units[index]
    if unit == " ":
        if index + 1 >= len(units) or units[index + 1] == " " or units[index + 1] in _NO_BREAK_BEFORE:
            return False
        before = _before_spaces(units, index)
        # UAX #14's LB14 "OP SP* ×" (no break after `( ` or `„ `) and LB15 "QU SP* × OP"
        # (none in `Zitat“ „Zitat` or `“ (`), which gettext applies
        return not (_is_opening(before) or (_is_quotation(before) and _is_opening(units[index + 1])))
    if index == len(units) - 1:
        return False
    following = units[index + 1]
    if unit == "-":
        return following.isalpha()
    if unit in _BREAK_BEFORE_LETTER:
        return following.isalpha() or (unit in "?!" and following.isdigit())
    if unit in _CLOSING:  # UAX #14 has no rule against CP ÷ OP: "[Seite]|(https://...)", "(a)|[b]"
        return _is_opening(following)
    return False


def _before_spaces(units: list[str], index: int) -> str:
    """The unit before the run of spaces that ends at `index` ("" at the start)."""
    while index >= 0 and units[index] == " ":
        index -= 1
    return units[index] if index >= 0 else ""


# UAX #14's LB13: no break before a closing bracket, "!" "?", "," "." ":" ";" or "/", even after
# spaces ("a> ](" stays together; msgcat broke inside "</" "a>" instead)
_NO_BREAK_BEFORE = frozenset(")]}!?,.:;/")
_CLOSING = frozenset(")]}")  # UAX #14's CP, and "}" of its CL: gettext breaks after them before an opening bracket

# The only units a line can break after (every other unit: _break_after is False)
_BREAK_CANDIDATES = frozenset(" -") | _BREAK_BEFORE_LETTER | _CLOSING


def _wrap_line(units: list[str], width: int) -> list[str]:
    """gettext's greedy wrapping: each line ends at its last break opportunity before the unit
    that overflows `width`; with none there, at the first one after (an overlong line). Found
    with bisect over the units' running widths and the break positions, computed once, instead
    of asking each unit again for every line (the same lines: a test holds the unit-by-unit loop)."""
    ends = list(accumulate(map(_width, units)))  # ends[i]: the width of units[0..i]; each unit is >= 1 wide
    breaks = [index for index, unit in enumerate(units) if unit in _BREAK_CANDIDATES and _break_after(units, index)]
    lines: list[str] = []
    start = 0
    while start < len(units):
        overflow = bisect.bisect_right(ends, (ends[start - 1] if start else 0) + width, lo=start)
        if overflow >= len(units):  # the rest fits
            end = len(units)
        else:
            at = bisect.bisect_left(breaks, overflow)  # breaks[:at] come before the overflowing unit
            if at and breaks[at - 1] >= start:
                end = breaks[at - 1] + 1
            else:
                end = breaks[at] + 1 if at < len(breaks) else len(units)
        lines.append("".join(units[start:end]))
        start = end
    return lines


def _string_lines(text: str, first_prefix_width: int, line_prefix_width: int = 0) -> list[str]:
    """The quoted lines for one string; a leading "" line when it does not fit on the first."""
    whole = text.translate(_ESCAPE_TABLE)
    # a newline before the last character forces a break; asked of the text, since in the
    # escaped one an escaped backslash followed by "n" would look like one
    inner_newline = "\n" in text[:-1]
    fits = not inner_newline and first_prefix_width + len(whole) + 2 <= PAGE_WIDTH
    if fits and whole.isascii():
        return [whole]  # most strings: one line, and no need to look at each character
    if fits and first_prefix_width + sum(map(_width, _units(text))) + 2 <= PAGE_WIDTH:
        return [whole]
    width = PAGE_WIDTH - 2 - line_prefix_width
    pieces = text.split("\n")
    lines = [""]
    for part in [piece + "\n" for piece in pieces[:-1]] + pieces[-1:]:  # each ends with its newline, and the rest
        if not part:
            continue
        escaped = part.translate(_ESCAPE_TABLE)
        if escaped.isascii() and len(escaped) <= width:  # each unit one column wide: it fits, as _wrap_line finds
            lines.append(escaped)  # (a header's fields: one short line each)
        else:
            lines += _wrap_line(_units(part), width)
    return lines


def _field(keyword: str, text: str, prefix: str = "") -> Iterator[str]:
    lines = _string_lines(text, len(prefix) + len(keyword) + 1, len(prefix))
    yield f'{prefix}{keyword} "{lines[0]}"'
    for line in lines[1:]:
        yield f'{prefix}"{line}"'


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ISOLATE = ("\u2068", "\u2069")  # FSI ... PDI: how xgettext (0.20+) writes a file name holding spaces


@lru_cache(maxsize=1024)  # every entry of an article names the same file
def reference_path(path: str) -> str:
    """A file name as one `#:` token: control characters (a newline would end the comment, and
    msgfmt would reject the next line) become backslash escapes, and a name with spaces is
    wrapped in Unicode isolates as xgettext does, so a reader can tell where it ends."""
    path = escape_controls(path)
    return f"{_ISOLATE[0]}{path}{_ISOLATE[1]}" if " " in path else path


def escape_controls(text: str) -> str:
    """Control characters as backslash escapes (\\n, \\x1b), for text that must stay on one line."""
    return _CONTROL.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"), text)


def _unwrapped_field(keyword: str, text: str, prefix: str = "") -> Iterator[str]:
    """`_field` on one line, for digests: the wrapping is a function of the string, so the
    same strings wrap the same, and different strings differ either way. Wrapping costs more
    than the rest of writing an entry."""
    yield f'{prefix}{keyword} "{text.translate(_ESCAPE_TABLE)}"'


def _references(occurrences: list[tuple[str, str]]) -> Iterator[str]:
    line = "#:"
    for path, number in dict.fromkeys(occurrences):  # gettext lists a place once
        path = reference_path(path)
        reference = f"{path}:{number}" if number else path
        if len(line) + 1 + len(reference) > PAGE_WIDTH and line != "#:":
            yield line
            line = "#:"
        line += " " + reference
    if line != "#:":
        yield line


def _entry_lines(entry: Entry, field: Callable[..., Iterator[str]] = _field) -> Iterator[str]:
    for comment in (entry.tcomment or "").split("\n") if entry.tcomment else []:
        yield f"# {comment}".rstrip() if comment else "#"
    if not entry.obsolete:
        for comment in (entry.comment or "").split("\n") if entry.comment else []:
            yield f"#. {comment}"
        yield from _references(entry.occurrences)
    translated = entry.msgstr or any(entry.msgstr_plural.values())
    flags = [flag for flag in entry.flags if flag != "fuzzy" or translated]  # gettext drops it there too
    if flags:
        yield "#, " + ", ".join(flags)
    prefix = "#~ " if entry.obsolete else ""
    previous_prefix = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt:
        yield from field("msgctxt", entry.previous_msgctxt, previous_prefix)
    if entry.previous_msgid:
        yield from field("msgid", entry.previous_msgid, previous_prefix)
    if getattr(entry, "previous_msgid_plural", None):
        yield from field("msgid_plural", entry.previous_msgid_plural, previous_prefix)
    if entry.msgctxt is not None:
        yield from field("msgctxt", entry.msgctxt, prefix)
    yield from field("msgid", entry.msgid, prefix)
    if entry.msgid_plural:  # an editor's plural entry: written as gettext writes it
        yield from field("msgid_plural", entry.msgid_plural, prefix)
        for index in sorted(entry.msgstr_plural, key=int):
            yield from field(f"msgstr[{index}]", entry.msgstr_plural[index], prefix)
    else:
        yield from field("msgstr", entry.msgstr, prefix)


def entry_lines(entry: Entry) -> list[str]:
    """One entry's lines, as `generate` writes them: for rewriting a single entry in place."""
    return list(_entry_lines(entry))


class Catalog(Protocol):
    """What `generate` reads of a catalog: a polib.POFile, merge.NewCatalog, which makes its
    entries as they are read, or an ExistingCatalog's header (see load_existing)."""

    header: str
    metadata: dict[str, str]
    metadata_is_fuzzy: int | bool | list[str]

    def __iter__(self) -> Iterator[Entry]: ...

    def obsolete_entries(self) -> list[Entry]: ...


def generate(catalog: Catalog) -> Iterator[str]:
    """The PO file's lines, header first, then entries, obsolete ones last. Entries are
    written as they come: a big catalog's entries are never gathered in a list here."""
    yield from _header_part(catalog)
    for entry in catalog:
        yield from _active_part(entry)
    for entry in catalog.obsolete_entries():
        yield from _obsolete_part(entry)


def _header_part(catalog: Catalog) -> Iterator[str]:
    for comment in catalog.header.split("\n") if catalog.header else []:
        yield f"# {comment}".rstrip() if comment else "#"
    if catalog.metadata_is_fuzzy:
        yield "#, fuzzy"
    header = "".join(f"{name}: {value}\n" for name, value in catalog.metadata.items())
    yield 'msgid ""'
    yield from _field("msgstr", header)


def _active_part(entry: Entry, field: Callable[..., Iterator[str]] = _field) -> Iterator[str]:
    """What `generate` writes of an entry among the active ones: nothing for an obsolete one."""
    if not entry.obsolete:
        yield ""
        yield from _entry_lines(entry, field)


def _obsolete_part(entry: Entry, field: Callable[..., Iterator[str]] = _field) -> Iterator[str]:
    """What `generate` writes of an obsolete entry, after the active ones."""
    if entry.msgstr or any(entry.msgstr_plural.values()):  # gettext drops untranslated ones
        yield ""
        yield from _entry_lines(entry, field)


# -- comparing without dates ------------------------------------------------------------------

DATED_LINES = ('"POT-Creation-Date:', '"PO-Revision-Date:')  # header lines a run rewrites every time
# a piece after a newline that starts as a date line does: the text's pieces are its lines, and
# the text joined whole is hashed unless one of them is dropped (in practice only in the header)
_DATED_INSIDE = re.compile("\n(?:" + "|".join(map(re.escape, DATED_LINES)) + ")")

Digest = tuple[bytes, bytes, bytes]  # of the header, the active entries and the obsolete ones


class _UndatedHash:
    """A digest of PO lines without their dates: each split at its newlines, the DATED_LINES
    dropped. Equal digests mean equal texts (BLAKE2b, 256 bits)."""

    def __init__(self) -> None:
        import hashlib  # only a run that finds existing PO files compares digests (OpenSSL's loading: ~2 ms)

        self._hash = hashlib.blake2b(digest_size=32)

    def add(self, lines: Iterable[str]) -> None:
        lines = list(lines)  # one entry's lines, or the header's
        text = "\n".join(lines) + "\n" if lines else ""
        if text.startswith(DATED_LINES) or _DATED_INSIDE.search(text):  # the header: a date line to drop
            text = "".join(f"{piece}\n" for line in lines for piece in line.split("\n")
                           if not piece.startswith(DATED_LINES))
        self._hash.update(text.encode("utf-8", "surrogatepass"))

    def digest(self) -> bytes:
        return self._hash.digest()


def undated_digest(catalog: Catalog) -> Digest:
    """What `generate` writes, without the date lines, as a digest: two catalogs with equal
    digests write the same file but for its dates (the entries' strings are taken unwrapped,
    see `_unwrapped_field`). A re-run compares the catalog it made with
    the existing one's digest, taken as the file was read (see load_existing), instead of
    holding the existing catalog's entries until the end."""
    header, active, obsolete = _UndatedHash(), _UndatedHash(), _UndatedHash()
    header.add(_header_part(catalog))
    for entry in catalog:
        active.add(_active_part(entry, _unwrapped_field))
    for entry in catalog.obsolete_entries():
        obsolete.add(_obsolete_part(entry, _unwrapped_field))
    return header.digest(), active.digest(), obsolete.digest()


def dumps(catalog: Catalog) -> str:
    return "\n".join(generate(catalog)) + "\n"


# -- reading --------------------------------------------------------------------------------

_DECODED = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a", "\\": "\\", '"': '"'}
_READ_ESCAPE = re.compile(r'\\([ntrvbfa\\"])')


def _gettext_unescape(text: str) -> str:
    """polib.unescape with gettext's \\a (BEL) too: polib 1.2 reads it as a backslash and an a,
    and the next write (which writes BEL as \\a, as msgcat does) doubled the backslash. polib's
    parser calls the module's `unescape` and offers no other hook, hence the replacement."""
    return _READ_ESCAPE.sub(lambda match: _DECODED[match.group(1)], text)


polib.unescape = _gettext_unescape


def load(path: Path, display: str) -> polib.POFile | None:
    """The existing PO file, or None. A broken one is an ArticleError naming file and line.

    The file is checked and then parsed a line at a time, never held whole: a re-run of a big
    article held its PO text, polib's list of its lines and the entries at once (issue 17)."""
    if not path.exists():
        return None
    msgid_lines = _checked_msgid_lines(path, display)
    try:
        # from the path, polib reads the file a line at a time (given a str, it splits it whole)
        catalog = polib.pofile(str(path), wrapwidth=PAGE_WIDTH, encoding="utf-8")
    except (OSError, ValueError) as error:
        raise ArticleError(f"broken PO file ({_po_error(error)}); fix it or remove it to start over",
                           display, _po_error_line(error)) from error
    _refuse_duplicates(catalog, msgid_lines, display)
    return catalog


def _checked_msgid_lines(path: Path, display: str) -> array[int]:
    """The numbers of the lines that hold a msgid, once the file is known to be UTF-8 made of
    PO lines only (polib accepts some broken files, an unterminated string say; gettext not).
    An array: a list of ints costs a big catalog 36 bytes a line, this 8."""
    msgid_lines = array("q")
    structure = _EntryStructure()
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8").removesuffix("\n")
            except UnicodeDecodeError as error:
                # gettext reads other charsets its header declares, uebersetzer's files are UTF-8
                raise ArticleError("not UTF-8; convert it with 'msgconv -t UTF-8 FILE -o FILE' (GNU gettext), "
                                   "or remove it to start over", display, number) from error
            if number == 1 and line.startswith("\ufeff"):  # invisible in an editor; gettext refuses it too
                raise ArticleError("starts with a byte-order mark (BOM), which gettext does not read; save it as "
                                   "UTF-8 without BOM", display, number)
            if _CONFLICT_MARKER.match(line):  # before "broken": its advice, to remove the file, would lose work
                raise ArticleError(_CONFLICTED, display, number)
            if not _PO_LINE.match(line) or (line.startswith(("#~", "#|")) and _escape_problem(line)):
                # _PO_LINE lets through the escapes polib reads; any other is explained
                reason = _escape_problem(line) or ("not a keyword line or a complete quoted string); fix it or "
                                                   "remove it to start over")
                raise ArticleError(f"broken PO file ({reason}", display, number)
            comment_inside = structure.problem(line, number)
            if comment_inside:
                raise ArticleError(f"broken PO file ({_COMMENT_INSIDE}", display, comment_inside)
            if line.startswith(("msgid ", "#~ msgid ")):
                msgid_lines.append(number)
    return msgid_lines


# The lines a merge that could not be made leaves in the file (git, Mercurial, diff3's base:
# `<<<<<<< HEAD`, `||||||| base`, `=======`, `>>>>>>> branch`): the editors' translations are on
# both sides, and only a person can tell which to keep.
_CONFLICT_MARKER = re.compile(r"^(?:<{7}|\|{7}|>{7})(?: .*)?$|^={7}$")
_CONFLICTED = ("unresolved merge conflict (the <<<<<<<, ======= and >>>>>>> lines a merge left, from this line on): "
               "resolve it, keeping the translation you want and deleting the marker lines, then run again; the file "
               "is left as it is")


# gettext's escapes (po-lex.c, control_sequence): these letters, up to three octal digits, or
# \x and hex digits; msgfmt refuses any other, and a \004 or \x4 (its context separator)
_ESCAPE = re.compile(r'\\(x[0-9A-Fa-f]+|[0-7]{1,3}|.?)')
_SIMPLE_ESCAPES = frozenset('"\\abfnrtv')  # polib decodes all but \a (see _gettext_unescape)
_COMMENT_INSIDE = ("a comment line inside an entry, which msgfmt refuses; move the comment above the entry's "
                   "msgctxt or msgid, then run again)")


def _escape_problem(line: str) -> str | None:
    """Why msgfmt would refuse an escape in the line's string, or why we cannot read one it
    accepts. Comments are free text; previous fields (`#|`) and obsolete entries are strings."""
    if "\\" not in line or (line.startswith("#") and not line.startswith(("#~", "#|"))):
        return None
    for match in _ESCAPE.finditer(line, line.find('"')):
        escape = match.group(1)
        if escape in _SIMPLE_ESCAPES:
            continue
        if not escape:  # gettext: "end-of-line within string"
            return ("the string is not closed: the line ends in a backslash, which msgfmt refuses; end it with "
                    '" or write \\\\ for a backslash, then run again)')
        if escape == "x" or escape[0] not in "01234567x":
            shown = escape if escape.isprintable() and escape else repr(escape)
            return (f"invalid escape \\{shown}, which msgfmt refuses; write \\\\ for a backslash or fix the "
                    "escape, then run again)")
        if _code(escape) == 4:
            return (f"the escape \\{escape} is gettext's context separator, which msgfmt refuses in a string; "
                    "remove it, then run again)")
        if _code(escape) == 0:  # a C string ends at it: what follows would be lost from the compiled file
            return (f"the escape \\{escape} is a NUL byte, which ends the string where a program reads it; "
                    "remove it, then run again)")
        # valid for gettext, a byte of the file's encoding; polib does not decode it but reads a
        # backslash and digits, and the next write would double the backslash
        return (f"the escape \\{escape} is a byte code uebersetzer does not read; write the character itself "
                "(msgcat FILE -o FILE does it), then run again)")
    return None


def _code(escape: str) -> int:
    """The byte an octal (`101`) or hex (`x41`) escape stands for."""
    return int(escape[1:], 16) if escape[0] == "x" else int(escape, 8)


class _EntryStructure:
    """Where comment lines may stand, as msgfmt's grammar has it: before an entry's msgctxt or
    msgid only. polib accepts a comment between msgid and msgstr, and files it with the next
    entry or drops it. Obsolete entries (`#~ msgid`) follow the same rule."""

    def __init__(self) -> None:
        self.open = False  # a msgctxt/msgid read, its msgstr not yet
        self.in_msgstr = False  # more msgstr strings or msgstr[n] may follow
        self.interrupting: int | None = None  # a comment after a msgstr, if the entry goes on after it

    def problem(self, line: str, number: int) -> int | None:
        """The line of a comment that stands inside an entry, once the entry shows it does."""
        kind = _line_kind(line)
        if kind == "blank":
            return None
        if kind == "comment":
            if self.open:
                return number
            if self.in_msgstr:
                self.in_msgstr, self.interrupting = False, number
            return None
        if kind in ("msgstr", "string", "msgid_plural") and self.interrupting is not None:
            return self.interrupting
        if kind == "msgstr":
            self.open, self.in_msgstr = False, True
        elif kind in ("msgctxt", "msgid", "msgid_plural"):
            self.open, self.in_msgstr, self.interrupting = True, False, None
        return None


def _line_kind(line: str) -> str:
    """blank, comment (`#|` previous fields too), msgctxt, msgid, msgid_plural, msgstr or string;
    an obsolete entry's `#~ ` lines as the lines they stand for. Asked of every line of a big
    catalog, so by its first characters (the line is known to match _PO_LINE)."""
    if line.startswith("#"):
        if not line.startswith("#~") or line.startswith("#~|"):
            return "comment"
        line = line[2:].lstrip()
    first = line[:1]
    if first == '"':
        return "string"
    if first == "m":
        if line.startswith("msgstr"):
            return "msgstr"
        if line.startswith("msgid_plural"):
            return "msgid_plural"
        return "msgctxt" if line.startswith("msgctxt") else "msgid"
    return "string" if line.lstrip().startswith('"') else "blank"


def _refuse_duplicates(catalog: polib.POFile, msgid_lines: array[int], display: str) -> None:
    """gettext's "duplicate message definition": polib would keep both and the update only
    one, silently. Obsolete entries count too, as they do for msgfmt and msgcat."""
    first: dict[tuple[str, str | None], int] = {}
    for entry in catalog:
        line = _msgid_line(entry, msgid_lines)
        earlier = first.setdefault((entry.msgid, entry.msgctxt), line)
        if earlier != line:
            raise ArticleError(f"duplicate message definition of {entry.msgid[:60]!r} (first defined at "
                               f"{display}:{earlier}); merge the two entries into one, then run again", display, line)


def _msgid_line(entry: polib.POEntry, msgid_lines: array[int]) -> int:
    """The line of the entry's msgid, where gettext points; polib knows where the entry starts."""
    at = bisect.bisect_left(msgid_lines, max(entry.linenum, 1))
    return msgid_lines[at] if at < len(msgid_lines) else entry.linenum


# -- reading for an update -------------------------------------------------------------------

NOTE_PREFIXES = ("fallback", "check", "markup: ")  # a run's notes about a translation, which a re-run carries on
# every kind of extracted-comment line a run writes after the block's label (notes, qa, glossary, language)
_COMMENT_KINDS = (*NOTE_PREFIXES, "qa: ", "glossary: ", "language: ")


class ExistingEntry:
    """What an update reads of an entry of the existing PO file (merge.plan_catalog, the
    memory's safety net) and what it writes of one that becomes or stays obsolete, in about a
    tenth of a polib.POEntry (issue 17: a re-run held the existing catalog's POEntries, about
    1 kB each, while it made the new one). An update never writes an existing active entry
    as it was (its sentence's new entry takes the place, or it goes obsolete), so its
    references and extracted comments are not kept, but for the notes a re-run carries on.
    Plural entries and other rare kinds stay POEntries (see `_lighter`)."""

    __slots__ = ("msgid", "msgctxt", "msgstr", "flags", "tcomment", "notes", "obsolete", "previous_msgid",
                 "previous_msgctxt")
    msgid_plural = ""  # what polib says of an entry without them; class attributes cost nothing per entry
    previous_msgid_plural = None
    msgstr_plural = MappingProxyType({})

    def __init__(self, msgid: str, msgctxt: str | None, msgstr: str, flags: tuple[str, ...], tcomment: str,
                 notes: tuple[str, ...], obsolete: bool, previous_msgid: str | None,
                 previous_msgctxt: str | None) -> None:
        self.msgid, self.msgctxt, self.msgstr = msgid, msgctxt, msgstr
        self.flags, self.tcomment, self.notes, self.obsolete = flags, tcomment, notes, obsolete
        self.previous_msgid, self.previous_msgctxt = previous_msgid, previous_msgctxt

    @classmethod
    def of(cls, entry: polib.POEntry) -> ExistingEntry:
        return cls(entry.msgid, entry.msgctxt, entry.msgstr, tuple(sys.intern(flag) for flag in entry.flags),
                   entry.tcomment or "", notes(entry), bool(entry.obsolete), entry.previous_msgid,
                   entry.previous_msgctxt)

    def retired(self) -> ExistingEntry:
        """The obsolete copy an update writes when the entry's sentence has left the article."""
        return ExistingEntry(self.msgid, self.msgctxt, self.msgstr, self.flags, self.tcomment, self.notes, True,
                             self.previous_msgid, self.previous_msgctxt)

    def __repr__(self) -> str:
        return f"ExistingEntry({self.msgid!r}, msgctxt={self.msgctxt!r}, obsolete={self.obsolete})"


def notes(entry: Entry) -> tuple[str, ...]:
    """The entry's extracted-comment lines that note something about its translation."""
    if isinstance(entry, ExistingEntry):
        return entry.notes
    found: list[str] = []
    in_note = False
    for line in (entry.comment or "").split("\n"):
        if line.startswith(NOTE_PREFIXES):
            found.append(line)
            in_note = True
        elif in_note and line and not line.startswith(_COMMENT_KINDS):
            found[-1] += " " + line  # a tool that wraps comments (polib, at 79) cut the note in two
        else:
            in_note = False
    return tuple(found)


def _lighter(entry: polib.POEntry) -> Entry:
    """The ExistingEntry of an ordinary entry; a plural entry, or one with a previous plural,
    stays as polib read it: the update keeps those as they are, and they are rare."""
    if entry.msgid_plural or entry.msgstr_plural or entry.previous_msgid_plural is not None:
        return entry
    return ExistingEntry.of(entry)


class ExistingCatalog:
    """The existing PO file as an update reads it (see load_existing): header, metadata, the
    entries in the file's order, and the digest of what `generate` writes of it."""

    def __init__(self, header: str, metadata: dict[str, str], metadata_is_fuzzy: int | bool | list[str],
                 entries: list[Entry], digest: Digest) -> None:
        self.header = header
        self.metadata = metadata
        self.metadata_is_fuzzy = metadata_is_fuzzy
        self.entries = entries
        self.digest = digest

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def obsolete_entries(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.obsolete]

    def drain(self) -> Iterator[Entry]:
        """The entries in order, each let go by the catalog as it is read (merge.plan_catalog
        takes them over one by one): afterwards it holds header, metadata and digest alone, all
        an update needs once its plan is made."""
        entries, self.entries = self.entries, []
        entries.reverse()
        while entries:
            yield entries.pop()


class _Streamed(polib.POFile):
    """The POFile polib's parser fills (polib.pofile's `klass`), made lighter as it is read:
    each entry is digested as `generate` would write it and kept as an ExistingEntry, so the
    whole file's POEntries are never held at once. Only entries with an empty msgid stay, for
    polib to take the header entry out as usual."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.entries: list[Entry] = []
        self.active, self.obsolete = _UndatedHash(), _UndatedHash()
        self.keys: set[object] = set()
        self.duplicated = False

    def append(self, entry: polib.POEntry) -> None:
        if entry.msgid == "" and not entry.obsolete:
            super().append(entry)  # the header, which polib takes out once the file is read
            return
        key = entry.msgid if entry.msgctxt is None else (entry.msgid, entry.msgctxt)
        self.duplicated = self.duplicated or key in self.keys
        self.keys.add(key)
        if entry.obsolete:
            self.obsolete.add(_obsolete_part(entry, _unwrapped_field))
        else:
            self.active.add(_active_part(entry, _unwrapped_field))
        self.entries.append(_lighter(entry))


def load_existing(path: Path, display: str) -> ExistingCatalog | None:
    """The existing PO file for an update, or None; refused as `load` refuses it. What the
    update reads of it is what it read of `load`'s catalog, and the digest is that of the
    text `generate` writes of `load`'s catalog (tests/test_pofile.py checks both)."""
    if not path.exists():
        return None
    _checked_msgid_lines(path, display)
    try:
        streamed = polib.pofile(str(path), wrapwidth=PAGE_WIDTH, encoding="utf-8", klass=_Streamed)
    except (OSError, ValueError) as error:
        raise ArticleError(f"broken PO file ({_po_error(error)}); fix it or remove it to start over",
                           display, _po_error_line(error)) from error
    if streamed.duplicated or len(streamed):
        # a duplicate (refused with its lines), or several header-like entries (kept as polib
        # reads them): rare, and read the way `load` reads them
        return _existing_from(load(path, display))
    streamed.keys.clear()
    header = _UndatedHash()
    header.add(_header_part(streamed))
    return ExistingCatalog(streamed.header, streamed.metadata, streamed.metadata_is_fuzzy, streamed.entries,
                           (header.digest(), streamed.active.digest(), streamed.obsolete.digest()))


def _existing_from(catalog: polib.POFile) -> ExistingCatalog:
    return ExistingCatalog(catalog.header, catalog.metadata, catalog.metadata_is_fuzzy,
                           [_lighter(entry) for entry in catalog], undated_digest(catalog))


_PO_LINE = re.compile(r'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\["\\abfnrtv])*"|)\s*$')


def _po_error(error: Exception) -> str:
    """polib's message without what the error line says already: its line number, and the
    file's path ("Syntax error in po file o10/en/a.po" after "en/a.po:22: broken PO file")."""
    message = str(error).split(" (line")[0].rstrip(".").strip()
    return re.sub(r"^(.*?) in po file .*$", r"\1", message) or "syntax error"


def _po_error_line(error: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None


def header_value(path: Path, name: str) -> str:
    """One field of a PO file's header ("" when absent or unreadable), read from the header
    entry alone: asked of PO files of other articles (see pipeline.moved_catalog), whose
    entries polib would parse whole for nothing."""
    strings: list[str] = []
    try:
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                line = line.strip()
                if not line and strings:  # the blank line after the header entry
                    break
                if line.startswith(("msgstr ", '"')) and (strings or line.startswith("msgstr ")):
                    strings.append(line.split(" ", 1)[1] if line.startswith("msgstr ") else line)
    except OSError:
        return ""
    text = "".join(string[1:-1] for string in strings if len(string) >= 2)
    text = re.sub(r'\\(["\\n])', lambda match: "\n" if match.group(1) == "n" else match.group(1), text)
    for field_line in text.split("\n"):
        key, _, value = field_line.partition(":")
        if key.strip() == name:
            return value.strip()
    return ""
