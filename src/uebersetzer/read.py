"""Read stage: bytes on disk -> text, with the encoding and line endings recorded."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from uebersetzer import charsets, formats
from uebersetzer.errors import ArticleError, UsageError
from uebersetzer.formats import suffixes
from uebersetzer.fsio import LOCK_NAME

STDIN = "-"  # the path that names standard input, as for cat, msgcat and pandoc
STDIN_SHOWN = "<stdin>"  # how messages name it, as Python and gcc do
STDIN_STEM = "stdin"  # standard input's article is named this plus its format's suffix, unless --name


@dataclass(frozen=True)
class SourceText:
    path: Path
    display: str  # the path relative to what the user named, used in messages and references
    text: str  # with "\n" line ends
    newline: str
    encoding: str
    warning: str = ""
    format: str = ""  # its format's name when the read stage chose it (standard input); "" for a file: parse does
    content: bytes | None = None  # the bytes read when they cannot be read again (standard input); None for a file

    @property
    def shown(self) -> str:
        """The article as warnings name it: its path as the user gave it, or joined to the folder
        given (`in/sub/a.txt`; `display` is `sub/a.txt`, or `a.txt` for a file named), or <stdin>."""
        return printable(str(self.path))


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    display: str  # relative path below the folder the user named, or the file name
    content: bytes | None = None  # the article's bytes when there is no file to read them from (standard input)
    format: str = ""  # its format's name when no file name chooses it (standard input)
    encoding: str = ""  # the Python codec --encoding names: what the article is in when it is not UTF-8


def not_an_article() -> str:
    """What a binary file is told: the formats named as the registry has them (plug-ins too)."""
    return f"binary file, not an article; remove it or pass only {formats.descriptions()} files"


def find_articles(paths: list[str], exclude: Sequence[Path] = (),
                  warnings: list[str] | None = None, root: Path | None = None, encoding: str = "") -> list[ArticleFile]:
    """Expand files and folders (recursively: the suffixes of the known formats) in a stable order.

    Each article is named (`display`, which its outputs mirror) by its path below the folder
    named, a file named on its own by its name; with `root`, by its path below `root` however
    it was named (`in/politik/story.txt` with root `in` is `politik/story.txt`, as when `in`
    is named), so one article maps to the same outputs whether its folder or the file is named.

    A folder's walk never enters hidden files or folders (`.git`, the memory, lock files), the
    folders in `exclude` (this run's output folder), nor any folder holding `.uebersetzer.lock`
    (every run's output folder has one): a run from the articles' own folder must not translate
    its own or an earlier run's output. A file named on its own is always taken. A subfolder
    that cannot be read is left out with a warning appended to `warnings`. `encoding`
    (--encoding, see chosen_encoding) goes with every file."""
    skipped = {folder.resolve() for folder in exclude}
    found: list[ArticleFile] = []
    for name in paths:  # the same file named twice (a.txt a.txt, or a folder and a file in it) counts once
        path = Path(name)
        base = output_base(path, name, root)
        if path.is_dir():
            found += [ArticleFile(child, (base / child.relative_to(path)).as_posix(), encoding=encoding)
                      for child in _walk(path, skipped, warnings if warnings is not None else [])]
        elif path.is_file():
            found.append(ArticleFile(path, (base / path.name).as_posix(), encoding=encoding))
        elif path.exists():  # a FIFO would block the run forever, a device would never end
            raise UsageError("not a regular file (a FIFO, socket or device); name an article file or a folder",
                             path=printable(name))
        else:
            raise UsageError("no such file or folder; name an article or a folder of articles", path=printable(name))
    return _first_of_each(found)


def output_base(path: Path, name: str, root: Path | None) -> Path:
    """Where below the output's language folder the articles of a named path go: nowhere deeper
    without `root`; with it, the path's folder (a file's parent) below `root`."""
    if root is None:
        return Path()
    folder = path if path.is_dir() else path.parent
    try:  # absolute, not resolved: a symlinked folder below the root is still below it
        return Path(os.path.abspath(folder)).relative_to(os.path.abspath(root))
    except ValueError:
        raise UsageError(f"is not inside --root {printable(str(root))}; name articles below that folder, or "
                         "leave out --root", path=printable(name)) from None


def _first_of_each(files: list[ArticleFile]) -> list[ArticleFile]:
    seen: set[Path] = set()
    unique = []
    for file in files:
        real = file.path.resolve()
        if real not in seen:
            seen.add(real)
            unique.append(file)
    return unique


def _walk(folder: Path, skipped: set[Path], warnings: list[str]) -> list[Path]:
    """The articles below `folder`. A symlinked folder is walked as if it were there (a desk's
    shared folder linked in; os.walk's default passed it over without a word), each real
    folder once: a link back up the tree (a loop) or to a folder walked already is left out,
    as is a link that leads nowhere, each with a warning."""
    def unreadable(error: OSError) -> None:  # os.walk, unlike Path.rglob, reports what it cannot read
        warnings.append(f"{printable(str(error.filename))}: cannot read this folder ({error.strerror}); "
                        "its articles were left out")

    articles = []
    walked = {folder.resolve()}
    for top, folders, files in os.walk(folder, onerror=unreadable, followlinks=True):
        here = Path(top)
        folders[:] = [f for f in folders if not f.startswith(".") and _enters(here / f, skipped, walked, warnings)]
        for name in files:
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in suffixes():
                continue
            if path.is_file():
                articles.append(path)
            elif path.is_symlink() and not path.exists():
                warnings.append(f"{printable(str(path))}: a symbolic link to nothing "
                                f"({printable(os.readlink(path))}); left out")
    return sorted(articles, key=lambda child: child.relative_to(folder).parts)


def _enters(folder: Path, skipped: set[Path], walked: set[Path], warnings: list[str]) -> bool:
    """Whether the walk enters `folder`: not an output folder (this run's, or one holding a lock
    file), nor a link to a folder walked already (said in `warnings`). Resolved once."""
    real = folder.resolve()
    if real in skipped or _holds_lock(folder):
        return False
    if real in walked:
        warnings.append(f"{printable(str(folder))}: a symbolic link to a folder that is read already "
                        f"({printable(str(real))}); not read twice")
        return False
    walked.add(real)
    return True


def _holds_lock(folder: Path) -> bool:
    """Is this an output folder? One we may not look into is not: the walk then warns about it."""
    try:
        return (folder / LOCK_NAME).exists()
    except OSError:
        return False


def printable(name: str) -> str:
    """A path as text that can always be printed and written as UTF-8: bytes of a file name that
    are not UTF-8 (os.fsdecode keeps them as surrogates) become \\xNN escapes."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that did not come from a file name
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def decode(data: bytes, display: str, declared: str = "", chosen: str = "") -> tuple[str, str, str]:
    """Return (text, encoding, warning), by the rule of README "Encodings": a byte-order mark;
    UTF-16 without one; UTF-8 (also with a few stray bytes); the encoding the user `chosen`
    (--encoding, a Python codec name); the charset the article `declared` (HTML's meta, an XML
    declaration: its label); else a guess (charsets.py), refused when it cannot be told."""
    if data.startswith(codecs.BOM_UTF8):
        return _decoded(data, "utf-8-sig", display), "utf-8-sig", ""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: its BOM starts UTF-32's
        return _without_nul(_decoded(data, "utf-32", display), display), "utf-32", ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _without_nul(_decoded(data, "utf-16", display), display), "utf-16", ""
    if b"\x00" in data[:8192]:
        return _unmarked_utf16(data, display)
    try:
        return data.decode("utf-8"), "utf-8", _declared_otherwise(data, declared, display)
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data, display)
    if mostly_utf8 is not None:
        return mostly_utf8
    if chosen:
        return _strictly(data, chosen, display, f"is not {charsets.named(chosen)} (--encoding)",
                         "pass the --encoding it is in"), chosen, ""
    codec = charsets.python_codec(declared) if declared else None
    if codec is not None and codec != "utf-8":
        browsers = charsets.as_browsers_read(declared)  # iso-8859-1: the bytes were read as windows-1252
        claim = (f"declares charset {declared} (read {browsers}) but is not {charsets.named(codec)}" if browsers
                 else f"declares charset {declared} but is not")
        return _strictly(data, codec, display, claim,
                         "fix the declaration, or pass --encoding with the encoding it is in"), codec, ""
    return _guessed(data, display)


def _strictly(data: bytes, encoding: str, display: str, claim: str, advice: str) -> str:
    """`data` in `encoding`; a byte that does not fit it is named by its offset, as a hex editor shows it."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ArticleError(f"{claim}: {error.reason} at byte {error.start}; {advice}", path=display) from None
    if _looks_binary(text):
        raise ArticleError(not_an_article(), path=display)
    return text


def _declared_otherwise(data: bytes, declared: str, display: str) -> str:
    """A warning when a page declares a legacy charset but is UTF-8 (a template's meta left from
    before a CMS moved to UTF-8): UTF-8 wins, as any other reading would garble its letters."""
    codec = charsets.python_codec(declared) if declared else None
    if codec is None or codec == "utf-8" or data.isascii():
        return ""
    return f"{display}: declares charset {declared}, but is UTF-8; read as UTF-8, the outputs say UTF-8"


def _guessed(data: bytes, display: str) -> tuple[str, str, str]:
    """The guess of charsets.py, taken when sure; the user names the encoding otherwise."""
    found = charsets.guess(data)
    if found.best is None and _looks_binary(data.decode("latin-1")):
        raise ArticleError(not_an_article(), path=display)
    if found.best is None or not found.sure:
        readings = sorted((reading for reading in (found.best, found.rival) if reading is not None),
                          key=lambda reading: not reading.first)  # charset-normalizer's choice is the one suggested
        named = [charsets.named(reading.encoding) for reading in readings]
        raise ArticleError("not UTF-8 and declares no charset, and its encoding cannot be told"
                           f"{' (' + ' or '.join(named) + ')' if named else ''}; pass --encoding with the one it is "
                           f"in, e.g. --encoding {named[0] if named else 'windows-1252'}", path=display)
    best = charsets.named(found.best.encoding)
    text = data.decode(found.best.encoding)
    if _looks_binary(text):
        raise ArticleError(not_an_article(), path=display)
    warning = (f"{display}: not UTF-8 and declares no charset; read as {best} (a guess: pass --encoding to name "
               "another); the outputs are written as UTF-8")
    return text, found.best.encoding, warning


def _unmarked_utf16(data: bytes, display: str) -> tuple[str, str, str]:
    """A file with NUL bytes: UTF-16 without a byte-order mark (Windows' "Unicode" of some
    exporters) when its NULs stand only at odd offsets (little-endian: the high byte of Latin
    characters, line ends and spaces) or only at even ones (big-endian), and it reads as text
    that way; otherwise binary."""
    head = data[:8192]
    odd, even = b"\x00" in head[1::2], b"\x00" in head[0::2]
    if len(data) % 2 == 0 and odd != even:
        encoding = "utf-16-le" if odd else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = ""
        if text and "\x00" not in text and not _looks_binary(text):
            endian = "little" if odd else "big"
            return text, encoding, (f"{display}: UTF-16 ({endian}-endian) without a byte-order mark; read as such, "
                                    "the outputs are written as UTF-8")
    raise ArticleError(not_an_article(), path=display)


_MARKED = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}  # what a byte-order mark says


def _decoded(data: bytes, encoding: str, display: str) -> str:
    """Text that starts with a byte-order mark: it says the encoding, and a byte that does not
    fit it is named by its offset (the mark counted), as a hex editor shows it."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        offset = error.start if encoding != "utf-8-sig" else error.start + len(codecs.BOM_UTF8)
        raise ArticleError(f"starts as {_MARKED[encoding]} (a byte-order mark) but is not: {error.reason} at byte "
                           f"{offset}; save it as UTF-8", path=display) from None


def _without_nul(text: str, display: str) -> str:
    """A NUL is in no article; a PO file cannot hold it (msgfmt refuses the file)."""
    if "\x00" in text:
        raise ArticleError(not_an_article(), path=display)
    return text


_STRAY = re.compile("[\udc80-\udcff]")


def _mostly_utf8(data: bytes, display: str) -> tuple[str, str, str] | None:
    """UTF-8 with a few stray bytes (one \\xff in a long article): the stray bytes become U+FFFD
    and the warning names their lines. None when most high bytes are not UTF-8: then the
    file really is in a single-byte encoding (cp1252 "Pr\\xe4sident"), and reading it as UTF-8
    would replace every umlaut."""
    text = data.decode("utf-8", "surrogateescape")  # each stray byte becomes one lone surrogate
    stray = [match.start() for match in _STRAY.finditer(text)]
    characters = len(text) - len(text.encode("ascii", "ignore")) - len(stray)  # proper multi-byte characters
    if characters < len(stray):
        return None
    lines, line, counted = [], 1, 0
    for offset in stray:  # line numbers counted once through the text, not once per stray byte
        line += text.count("\n", counted, offset)
        counted = offset
        if not lines or lines[-1] != line:
            lines.append(line)
    shown = ", ".join(f"{display}:{line}" for line in lines[:5]) + (", ..." if len(lines) > 5 else "")
    warning = (f"{shown}: {len(stray)} byte(s) that are not UTF-8 replaced with U+FFFD; fix the source "
               "text there")
    return _STRAY.sub("\ufffd", text), "utf-8", warning


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > max(2, len(text[:4096]) // 100)


def detect_newline(text: str) -> str:
    for candidate in ("\r\n", "\r", "\n"):
        if candidate in text:
            return candidate
    return "\n"


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_piped_options(name: str | None, format_name: str | None) -> None:
    """--name and --format, checked before standard input is read."""
    if name is not None:
        _check_piped_name(name)
    _chosen_format(format_name, name)


def chosen_encoding(label: str | None) -> str:
    """The Python codec --encoding names ("" without it), or a usage error in one line."""
    if not label:
        return ""
    codec = charsets.python_codec(label)
    if codec is None:
        raise UsageError(f"--encoding {printable(label)}: not an encoding; name one such as windows-1256, koi8-r, "
                         "shift_jis or gb18030")
    return codec


def piped_article(data: bytes, name: str | None, format_name: str | None, encoding: str = "") -> ArticleFile:
    """The article read from standard input (`data`, which the CLI read), as a file of its name:
    `name` (--name), else `stdin` plus its format's suffix, is the path its outputs and PO file
    get below each language folder, so a second run of it updates the editors' PO file. Its
    format: `format_name` (--format), else `name`'s suffix, else its content sniffed as a file's
    is (HTML), else plain text."""
    if name is not None:
        _check_piped_name(name)
    fmt = _chosen_format(format_name, name) or formats.for_content(Path(name or "").suffix, _head(data))
    return ArticleFile(Path(STDIN_SHOWN), name or f"{STDIN_STEM}{fmt.suffixes[0]}", content=data, format=fmt.name,
                       encoding=encoding)


def _check_piped_name(name: str) -> None:
    """--name becomes a path below every language folder: it must stay below it, and be seen there."""
    path = Path(name)
    if not name.strip() or name.endswith("/"):
        raise UsageError(f"--name {printable(name)!r} names no file; give the article a file name, e.g. --name "
                         "story.txt")
    if any(part in ("", ".", "..") or part.startswith(".") for part in name.split("/")):  # "/a", "a//b", "./a"
        raise UsageError(f"--name {printable(name)}: must be a relative path without '.', '..' or hidden parts "
                         "(its outputs go below each language folder of --out); e.g. --name politik/story.txt")
    if path.suffix.lower() == ".po":
        raise UsageError(f"--name {printable(name)}: the article's PO file would be the article itself; "
                         "name it with its format's suffix, e.g. --name story.txt")
    if printable(name) != name:
        raise UsageError(f"--name {printable(name)}: not valid UTF-8; it goes into PO references and file names")


def _chosen_format(format_name: str | None, name: str | None) -> formats.Format | None:
    """The format --format names; refused when it contradicts --name's suffix (a.md read as HTML
    would be read as Markdown by a run without --format, and its entries would change)."""
    if format_name is None:
        return None
    if format_name not in formats.names():
        raise UsageError(f"--format {printable(format_name)}: not a format; use one of {', '.join(formats.names())}")
    named = formats.by_suffix(Path(name).suffix) if name else None
    if named is not None and named.name != format_name:
        raise UsageError(f"--format {format_name} contradicts --name {printable(name or '')}, whose suffix is "
                         f"{named.name}'s; drop --format, or give --name a suffix of {format_name} "
                         f"({', '.join(formats.by_name(format_name).suffixes)})")
    return formats.by_name(format_name)


SNIFFED = 4096  # bytes of a piped article the format sniffers see, as they see a file's first characters


def _head(data: bytes) -> str:
    """The first characters of `data` as decode() reads them, for sniffing; a byte that does not
    decode (cut in the middle of a character, or another encoding's) is replaced."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return data[:SNIFFED].decode(encoding, "replace")
    return data[:SNIFFED].decode("utf-8", "replace")


_BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # UTF-32's before UTF-16's


def read_article(file: ArticleFile) -> SourceText:
    if printable(file.display) != file.display:  # it would end up in PO references and output paths
        raise ArticleError("the file name is not valid UTF-8; rename it (e.g. with convmv) to translate it",
                           path=printable(file.display))  # as_given names it by its path (in/sub/caf\xe9.txt)
    data = file.content if file.content is not None else _read_bytes(file)
    if file.content is not None and not data:
        raise ArticleError("nothing came in on standard input; pipe an article in (cat story.txt | uebersetzer "
                           "translate - --to en) or name its file", path=file.display)
    declared = formats.declared_charset(file.path.suffix, data, file.format)
    # a decoding warning names where the bytes came from (<stdin> for standard input): the piped ones have no file
    try:
        text, encoding, warning = decode(data, printable(str(file.path)), declared, file.encoding)
    except ArticleError as error:
        if error.path != printable(str(file.path)):
            raise
        # its error names the article by `display`, as this function's others do (a binary file as
        # an empty one); the command line names it as given (as_given), <stdin> for standard input
        raise ArticleError(error.message, file.display, error.line) from error
    if not text.strip():
        raise ArticleError("empty article; nothing to translate", path=file.display)
    newline = detect_newline(text)
    return SourceText(file.path, file.display, normalize_newlines(text), newline, encoding, warning, file.format,
                      file.content)


def _read_bytes(file: ArticleFile) -> bytes:
    try:
        return file.path.read_bytes()
    except OSError as error:
        raise ArticleError(f"cannot read: {error.strerror}", path=file.display) from error


def as_given(error: ArticleError, file: ArticleFile) -> str:
    """The error's line naming the file as the user can find it (in/sub/x.txt, the path given or
    joined to the folder given), not as it is named below that folder in outputs (sub/x.txt)."""
    if error.path not in (None, file.display, printable(file.display)):
        return str(error)  # it names another file
    return str(ArticleError(error.message, printable(str(file.path)), error.line))
