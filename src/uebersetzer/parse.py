"""Parse stage: text -> Article with blocks (title, teaser, headings, paragraphs, lists...).

The article's format (by suffix, or sniffed from its content) parses it; formats live in
`formats/`. Each keeps every character that is not translated in the blocks' `gap`,
`prefix` and `raw`, so rendering an untranslated article gives the source back.
"""

from __future__ import annotations

from dataclasses import replace

from uebersetzer import formats
from uebersetzer.document import Article
from uebersetzer.read import SourceText


def parse(source: SourceText) -> Article:
    if not source.format:
        return formats.for_file(source.path, source.text, source.display).parse(source)
    # chosen by the read stage: standard input has no file name to go by, nor a file to read again
    return replace(formats.by_name(source.format).parse(source), content=source.content)
