"""Format tests' helper: an article parsed, split and translated in process by the pseudo
engine, which accents every letter it gets, so what reached the engine shows in the output."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from uebersetzer.document import Article
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.parse import parse
from uebersetzer.read import SourceText
from uebersetzer.render import render
from uebersetzer.segment import segment_article
from uebersetzer.translate import Request, translate_requests


def segmented(text: str, name: str, language: str = "de") -> Article:
    """The article parsed from `text` as the file `name` and split into sentences."""
    return segment_article(replace(parse(SourceText(Path(name), name, text, "\n", "utf-8")), language=language))


def msgids(text: str, name: str, language: str = "de") -> list[str]:
    return [segment.msgid for block in segmented(text, name, language).blocks for segment in block.segments]


def pseudo_rendered(text: str, name: str, language: str = "de", target: str = "en", engine=None) -> str:
    """The article as `translate` writes it, by the pseudo engine (or `engine`)."""
    article = segmented(text, name, language)
    requests = [Request(language, target, segment.msgid, article.format)
                for block in article.blocks for segment in block.segments]
    results = translate_requests(requests, engine or PseudoEngine())
    return render(article, [results[request].text for request in requests], target)
