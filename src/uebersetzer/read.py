"""Read stage: bytes on disk -> text, with the encoding and line endings recorded."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from uebersetzer.errors import ArticleError, UsageError
from uebersetzer.formats import suffixes
from uebersetzer.fsio import LOCK_NAME


@dataclass(frozen=True)
class SourceText:
    path: Path
    display: str  # the path relative to what the user named, used in messages and references
    text: str  # with "\n" line ends
    newline: str
    encoding: str
    warning: str = ""


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    display: str  # relative path below the folder the user named, or the file name


def find_articles(paths: list[str], exclude: Sequence[Path] = ()) -> list[ArticleFile]:
    """Expand files and folders (recursively: the suffixes of the known formats) in a stable order.

    A folder's walk never enters hidden files or folders (`.git`, the memory, lock files), the
    folders in `exclude` (this run's output folder), nor any folder holding `.uebersetzer.lock`
    (every run's output folder has one): a run from the articles' own folder must not translate
    its own or an earlier run's output. A file named on its own is always taken."""
    skipped = {folder.resolve() for folder in exclude}
    found: list[ArticleFile] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += [ArticleFile(child, child.relative_to(path).as_posix()) for child in _walk(path, skipped)]
        elif path.is_file():
            found.append(ArticleFile(path, path.name))
        else:
            raise UsageError("no such file or folder; name an article or a folder of articles", path=name)
    return found


def _walk(folder: Path, skipped: set[Path]) -> list[Path]:
    articles = []
    for top, folders, files in os.walk(folder):
        here = Path(top)
        folders[:] = [f for f in folders if not f.startswith(".") and (here / f).resolve() not in skipped
                      and not (here / f / LOCK_NAME).exists()]
        articles += [here / f for f in files if not f.startswith(".") and Path(f).suffix.lower() in suffixes()
                     and (here / f).is_file()]
    return sorted(articles, key=lambda child: child.relative_to(folder).parts)


def decode(data: bytes, display: str) -> tuple[str, str, str]:
    """Return (text, encoding, warning). UTF-8 first; cp1252 and latin-1 as a warned fallback."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig", ""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16", ""
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file, not an article; remove it or pass only text/Markdown files", path=display)
    try:
        return data.decode("utf-8"), "utf-8", ""
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    if _looks_binary(text):
        raise ArticleError("binary file, not an article; remove it or pass only text/Markdown files", path=display)
    warning = f"{display}: not UTF-8, read as {encoding}; the outputs are written as UTF-8"
    return text, encoding, warning


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


def read_article(file: ArticleFile) -> SourceText:
    try:
        data = file.path.read_bytes()
    except OSError as error:
        raise ArticleError(f"cannot read: {error.strerror}", path=file.display) from error
    text, encoding, warning = decode(data, file.display)
    if not text.strip():
        raise ArticleError("empty article; nothing to translate", path=file.display)
    newline = detect_newline(text)
    return SourceText(file.path, file.display, normalize_newlines(text), newline, encoding, warning)
