"""Check the HTML format on real files we did not write: identity and structure.

    python scripts/check_html_files.py $(find /usr/share/doc -name '*.html' | head -50)

For each file: (1) rendered with every sentence "translated" into itself it must come back
byte for byte; (2) translated with the pseudo engine, lxml (not our parser) must see the
same elements in the same order with the same attributes, except the translated ones
(alt, title, meta description/og:*), lang, and the charset, which becomes utf-8; (3) in that
translation every character reference of a symbol or space (`&nbsp;`, `&#x1F600;`) and every
character a model cannot write (an emoji) must come back as often as the source has it.
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from uebersetzer.engines.pseudo import PseudoEngine  # noqa: E402
from uebersetzer.errors import UebersetzerError  # noqa: E402
from uebersetzer.parse import parse  # noqa: E402
from uebersetzer.protect import unwritable  # noqa: E402
from uebersetzer.read import ArticleFile, read_article  # noqa: E402
from uebersetzer.render import render  # noqa: E402
from uebersetzer.segment import segment_article  # noqa: E402
from uebersetzer.translate import Request, translate_requests  # noqa: E402

_TRANSLATED = {"alt", "title", "lang", "xml:lang", "aria-label", "placeholder", "dir"}
# meta contents the output translates or sets to the target (the page's language, og:locale)
_META_TEXT = {"description", "og:title", "og:description", "og:image:alt", "twitter:title", "twitter:description",
              "twitter:image:alt", "og:locale", "content-language", "language", "dc.language", "dcterms.language"}


def structure(markup: str) -> list[tuple[str, dict[str, str]]]:
    found = []
    for element in lxml.html.document_fromstring(markup.encode("utf-8")).iter():
        if not isinstance(element.tag, str):
            continue
        attributes = {k: v for k, v in element.attrib.items() if k.lower() not in _TRANSLATED}
        purpose = attributes.get("name", attributes.get("property", attributes.get("http-equiv", "")))
        if element.tag == "meta" and purpose.lower() in _META_TEXT:
            attributes.pop("content", None)
        if element.tag == "meta" and "charset" in attributes.get("content", "") or "charset" in attributes:
            attributes.pop("content" if "content" in attributes else "charset")
        found.append((element.tag, attributes))
    return found


_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def kept_as_written(markup: str) -> Counter[str]:
    """The references no translation may change (not those of letters, which the text holds
    decoded, nor of markup characters, which escaping may spell anew), and the characters a
    model cannot write, with their counts."""
    references = [r for r in _REFERENCE.findall(markup) if (c := html.unescape(r)) != r and len(c) == 1
                  and not c.isalnum() and c not in "&<>\"'"]
    return Counter(references + [c for c in _REFERENCE.sub("", markup) if unwritable(c)])


def check(path: Path) -> str:
    source = read_article(ArticleFile(path, path.name))
    article = segment_article(parse(source))
    segments = [s for block in article.blocks for s in block.segments]
    expected = source.text
    if source.encoding not in ("utf-8", "utf-8-sig"):  # written as UTF-8, so its declaration says utf-8
        expected = re.sub(r"(charset\s*=\s*[\"']?)[\w.:-]+", r"\g<1>utf-8", expected, flags=re.IGNORECASE)
    if render(article, [s.msgid for s in segments], "xx") != expected:
        return "identity: not byte for byte"
    requests = [Request(s.language or article.language or "de", "fr", s.msgid, article.format) for s in segments]
    results = translate_requests(requests, PseudoEngine())
    output = render(article, [results[r].text for r in requests], "fr")
    if structure(output) != structure(source.text):
        return "structure: elements or attributes changed"
    lost = kept_as_written(source.text) - kept_as_written(output)
    if lost:
        return "references: lost " + ", ".join(f"{item} x{count}" for item, count in sorted(lost.items()))
    return f"ok ({len(article.blocks)} blocks, {len(segments)} sentences{'; ' + article.warnings[0] if article.warnings else ''})"


def main(paths: list[str]) -> int:
    failures = 0
    for name in paths:
        try:
            verdict = check(Path(name))
        except UebersetzerError as error:
            verdict = f"refused: {error}"
        failures += not verdict.startswith(("ok", "refused"))
        print(f"{name}: {verdict}")
    print(f"{len(paths) - failures} of {len(paths)} files ok")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
