"""Check the Markdown format on real site content we did not write: Hugo's and Jekyll's docs.

    python scripts/check_markdown_files.py $(find hugoDocs/content/en -name '*.md')

For each file: (1) rendered with every sentence "translated" into itself it must come back
byte for byte; (2) translated with the pseudo engine, every piece of site template syntax
(Liquid, shortcodes, attribute lists, HTML comments: `formats.sites.templates`) outside the
entries made of a shortcode's text must come back as often as the source has it, none may
reach the engine, and the front matter must still read as YAML, TOML or JSON with the same
keys; (3) markdown-it-py (CommonMark, tables) must see the same block structure in both.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from uebersetzer.engines.pseudo import PseudoEngine  # noqa: E402
from uebersetzer.formats import front_matter, markdown, sites  # noqa: E402
from uebersetzer.parse import parse  # noqa: E402
from uebersetzer.protect import PLACEHOLDER, protect  # noqa: E402
from uebersetzer.read import ArticleFile, read_article  # noqa: E402
from uebersetzer.render import render  # noqa: E402
from uebersetzer.segment import segment_article  # noqa: E402
from uebersetzer.translate import Request, translate_requests  # noqa: E402


def blocks(text: str) -> list[tuple[str, int]]:
    """The block tokens markdown-it-py reads, with their nesting: what a page's layout is made of."""
    return [(token.type, token.level) for token in MarkdownIt("commonmark").enable("table").parse(text)
            if token.type != "inline"]


def front_keys(text: str) -> list[str] | None:
    """The keys of the front matter, read by the parser of its language; None without one."""
    delimited = front_matter.delimited(text)
    if delimited:
        content = text[delimited.start:delimited.stop]
        return list(tomllib.loads(content) if delimited.language == "toml" else json.loads(content))
    if text.startswith("---\n") and "\n---" in text[3:]:
        loaded = yaml.safe_load(text[4:text.index("\n---", 3)])
        return list(loaded) if isinstance(loaded, dict) else None
    return None


_CODE_SPAN = re.compile(r"(`+)[^`][\s\S]*?\1")
_TEXT_PARAMETER = re.compile(r"\b(title|alt|caption)=(\"(?:[^\"\\]|\\.)*\"|'[^']*')")


def templates(text: str) -> Counter[str]:
    """The template syntax of `text`, with the values of text parameters (translated) left out."""
    outside_code = _CODE_SPAN.sub("", text)  # `{{` and `}}` in two code spans are no template
    return Counter(_TEXT_PARAMETER.sub(r"\1=", outside_code[found.start:found.end])
                   for found in sites.templates(outside_code))


def check(path: Path) -> list[str]:
    article = segment_article(parse(read_article(ArticleFile(path, path.name))))
    source = path.read_text(encoding="utf-8")
    problems = []
    msgids = [segment.msgid for block in article.blocks for segment in block.segments]
    if render(article, msgids, "en") != source:
        problems.append("not byte for byte when nothing is translated")
    requests = [Request("de", "en", msgid, "markdown") for msgid in msgids]
    results = translate_requests(requests, PseudoEngine())
    output = render(article, [results[request].text for request in requests], "en")
    if templates(output) != templates(source):
        lost = templates(source) - templates(output)
        problems.append(f"template syntax changed: {sorted(lost)[:3]}")
    # (entities as placeholders: Jekyll's docs write `{&#37; raw &#37;}` so that it is no Liquid)
    engine = [protect(msgid, markup=markdown.FORMAT.inline_spans, decode_entities=False).text for msgid in msgids]
    leaked = [text for text in engine if sites.templates(PLACEHOLDER.sub("", text))]
    if leaked:
        problems.append(f"template syntax reached the engine: {leaked[0][:80]!r}")
    problems += _front_matter_problems(source, output)
    if blocks(output) != blocks(source):
        problems.append("markdown-it-py reads another block structure")
    return problems


SKIPPED = "skipped:"  # begins a note that is no problem of ours


def _front_matter_problems(source: str, output: str) -> list[str]:
    """The front matter must read as before with the same keys; a source whose front matter
    does not read in the first place is broken as written (Jekyll and Hugo refuse it too):
    not our fault, so that check is skipped and the note says why."""
    try:
        expected = front_keys(source)
    except (ValueError, yaml.YAMLError) as error:
        return [f"{SKIPPED} front matter check: the source's front matter does not read as written "
                f"({_one_line(error)}), not ours to check"]
    try:
        if front_keys(output) != expected:
            return ["front matter keys changed"]
    except (ValueError, yaml.YAMLError) as error:
        return [f"front matter no longer reads: {_one_line(error)}"]
    return []


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:120]


def main(paths: list[str]) -> int:
    failed = skipped = 0
    for name in paths:
        notes = check(Path(name))
        problems = [note for note in notes if not note.startswith(SKIPPED)]
        failed += bool(problems)
        skipped += len(notes) > len(problems)
        for note in notes:
            print(f"{name}: {note}")
    broken = f" ({skipped} with front matter broken in the source: that check skipped)" if skipped else ""
    print(f"{len(paths) - failed} of {len(paths)} ok{broken}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
