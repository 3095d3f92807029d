"""PO files read and written: `load` (polib, with gettext's strictness added) and `dumps`,
a pure serializer that lays entries out as GNU gettext's msgcat/msgmerge do, kept together
as Babel keeps read_po and write_po.

polib reads PO files well, but wraps long strings differently from gettext (the space
goes to the start of the next line; no break after hyphens). Editors' tools (Poedit,
msgmerge) rewrap in gettext's style on save, and then every long entry would show up in
a diff. So we write what gettext writes: lines of at most 79 columns, broken after spaces
and after a hyphen inside a word (UAX #14's rule, as libunistring applies it), never inside
an escape, with a forced break after each `\\n`. Checked against msgcat in the tests.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Protocol

import polib

from uebersetzer.errors import ArticleError

PAGE_WIDTH = 79
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a", "\b": "\\b",
            "\f": "\\f", "\v": "\\v"}
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


@lru_cache(maxsize=4096)  # called for every character written; a text has few distinct ones
def _width(unit: str) -> int:
    if len(unit) > 1:  # an escape sequence such as \"
        return len(unit)
    return 2 if unicodedata.east_asian_width(unit) in ("W", "F") else 1


def _units(text: str) -> list[str]:
    return [_ESCAPES.get(ch, ch) for ch in text]


# Punctuation gettext breaks after when a letter follows ("stadt.|example", "politik/|inland"),
# and "?"/"!" also before a digit: libunistring's UAX #14, which leaves out the rule that
# keeps "e.g." together. Between digits ("48,7", "10:30") there is no break.
_BREAK_BEFORE_LETTER = frozenset(".,:;/?!")


def _is_quotation(unit: str) -> bool:
    """UAX #14's QU class, near enough: quotation marks of every kind, escaped `\\"` included."""
    return unit in ('\\"', "'") or (len(unit) == 1 and unicodedata.category(unit) in ("Pi", "Pf"))


def _is_opening(unit: str) -> bool:
    """UAX #14's OP class: opening brackets and quotes such as „ ( [, and ¡ ¿."""
    return unit in ("¡", "¿") or (len(unit) == 1 and unicodedata.category(unit) == "Ps")


def _break_after(units: list[str], index: int) -> bool:
    unit = units[index]
    if unit == " ":
        if index + 1 >= len(units) or units[index + 1] == " ":
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
    return False


def _before_spaces(units: list[str], index: int) -> str:
    """The unit before the run of spaces that ends at `index` ("" at the start)."""
    while index >= 0 and units[index] == " ":
        index -= 1
    return units[index] if index >= 0 else ""


def _wrap_line(units: list[str], width: int) -> list[str]:
    lines: list[str] = []
    start = 0
    while start < len(units):
        used, last_break, index = 0, -1, start
        while index < len(units):
            used += _width(units[index])
            if used > width and last_break >= start:
                break
            if _break_after(units, index):
                last_break = index
            index += 1
        end = len(units) if index >= len(units) else last_break + 1
        lines.append("".join(units[start:end]))
        start = end
    return lines


def _string_lines(text: str, first_prefix_width: int, line_prefix_width: int = 0) -> list[str]:
    """The quoted lines for one string; a leading "" line when it does not fit on the first."""
    whole = text.translate(_ESCAPE_TABLE)
    # a newline before the last character forces a break; asked of the text, since in the
    # escaped one an escaped backslash followed by "n" would look like one
    inner_newline = "\n" in text[:-1]
    if not inner_newline and first_prefix_width + len(whole) + 2 <= PAGE_WIDTH and (
            whole.isascii() or first_prefix_width + sum(map(_width, _units(text))) + 2 <= PAGE_WIDTH):
        return [whole]  # most strings: one line, and no need to look at each character
    units = _units(text)
    logical: list[list[str]] = [[]]
    for unit in units:
        logical[-1].append(unit)
        if unit == "\\n":
            logical.append([])
    lines = [""]
    for part in logical:
        if part:
            lines += _wrap_line(part, PAGE_WIDTH - 2 - line_prefix_width)
    return lines


def _field(keyword: str, text: str, prefix: str = "") -> Iterator[str]:
    lines = _string_lines(text, len(prefix) + len(keyword) + 1, len(prefix))
    yield f'{prefix}{keyword} "{lines[0]}"'
    for line in lines[1:]:
        yield f'{prefix}"{line}"'


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ISOLATE = ("\u2068", "\u2069")  # FSI ... PDI: how xgettext (0.20+) writes a file name holding spaces


def reference_path(path: str) -> str:
    """A file name as one `#:` token: control characters (a newline would end the comment, and
    msgfmt would reject the next line) become backslash escapes, and a name with spaces is
    wrapped in Unicode isolates as xgettext does, so a reader can tell where it ends."""
    path = escape_controls(path)
    return f"{_ISOLATE[0]}{path}{_ISOLATE[1]}" if " " in path else path


def escape_controls(text: str) -> str:
    """Control characters as backslash escapes (\\n, \\x1b), for text that must stay on one line."""
    return _CONTROL.sub(lambda match: match.group(0).encode("unicode_escape").decode("ascii"), text)


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


def _entry_lines(entry: polib.POEntry) -> Iterator[str]:
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
        yield from _field("msgctxt", entry.previous_msgctxt, previous_prefix)
    if entry.previous_msgid:
        yield from _field("msgid", entry.previous_msgid, previous_prefix)
    if getattr(entry, "previous_msgid_plural", None):
        yield from _field("msgid_plural", entry.previous_msgid_plural, previous_prefix)
    if entry.msgctxt is not None:
        yield from _field("msgctxt", entry.msgctxt, prefix)
    yield from _field("msgid", entry.msgid, prefix)
    if entry.msgid_plural:  # an editor's plural entry: written as gettext writes it
        yield from _field("msgid_plural", entry.msgid_plural, prefix)
        for index in sorted(entry.msgstr_plural, key=int):
            yield from _field(f"msgstr[{index}]", entry.msgstr_plural[index], prefix)
    else:
        yield from _field("msgstr", entry.msgstr, prefix)


def entry_lines(entry: polib.POEntry) -> list[str]:
    """One entry's lines, as `generate` writes them: for rewriting a single entry in place."""
    return list(_entry_lines(entry))


class Catalog(Protocol):
    """What `generate` reads of a catalog: a polib.POFile, or merge.NewCatalog, which makes
    its entries as they are read."""

    header: str
    metadata: dict[str, str]
    metadata_is_fuzzy: int | bool

    def __iter__(self) -> Iterator[polib.POEntry]: ...

    def obsolete_entries(self) -> list[polib.POEntry]: ...


def generate(catalog: Catalog) -> Iterator[str]:
    """The PO file's lines, header first, then entries, obsolete ones last. Entries are
    written as they come: a big catalog's entries are never gathered in a list here."""
    for comment in catalog.header.split("\n") if catalog.header else []:
        yield f"# {comment}".rstrip() if comment else "#"
    if catalog.metadata_is_fuzzy:
        yield "#, fuzzy"
    header = "".join(f"{name}: {value}\n" for name, value in catalog.metadata.items())
    yield 'msgid ""'
    yield from _field("msgstr", header)
    for entry in catalog:
        if not entry.obsolete:
            yield ""
            yield from _entry_lines(entry)
    for entry in catalog.obsolete_entries():
        if entry.msgstr or any(entry.msgstr_plural.values()):  # gettext drops untranslated ones
            yield ""
            yield from _entry_lines(entry)


def dumps(catalog: Catalog) -> str:
    return "\n".join(generate(catalog)) + "\n"


# -- reading --------------------------------------------------------------------------------


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


def _checked_msgid_lines(path: Path, display: str) -> list[int]:
    """The numbers of the lines that hold a msgid, once the file is known to be UTF-8 made of
    PO lines only (polib accepts some broken files, an unterminated string say; gettext not)."""
    msgid_lines = []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8").removesuffix("\n")
            except UnicodeDecodeError as error:
                raise ArticleError("not UTF-8; fix the file's charset or remove it to start over",
                                   display, number) from error
            if not _PO_LINE.match(line):
                raise ArticleError("broken PO file (not a keyword line or a complete quoted string); fix it or "
                                   "remove it to start over", display, number)
            if line.startswith(("msgid ", "#~ msgid ")):
                msgid_lines.append(number)
    return msgid_lines


def _refuse_duplicates(catalog: polib.POFile, msgid_lines: list[int], display: str) -> None:
    """gettext's "duplicate message definition": polib would keep both and the update only
    one, silently. Obsolete entries count too, as they do for msgfmt and msgcat."""
    first: dict[tuple[str, str | None], int] = {}
    for entry in catalog:
        line = _msgid_line(entry, msgid_lines)
        earlier = first.setdefault((entry.msgid, entry.msgctxt), line)
        if earlier != line:
            raise ArticleError(f"duplicate message definition of {entry.msgid[:60]!r} (first defined at "
                               f"{display}:{earlier}); merge the two entries into one, then run again", display, line)


def _msgid_line(entry: polib.POEntry, msgid_lines: list[int]) -> int:
    """The line of the entry's msgid, where gettext points; polib knows where the entry starts."""
    at = bisect.bisect_left(msgid_lines, max(entry.linenum, 1))
    return msgid_lines[at] if at < len(msgid_lines) else entry.linenum


_PO_LINE = re.compile(r'^(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"|)\s*$')


def _po_error(error: Exception) -> str:
    return str(error).split(" (line")[0].rstrip(".").strip() or "syntax error"


def _po_error_line(error: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None
