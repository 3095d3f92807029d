"""The sources section is recognised under its heading in every language uebersetzer detects,
in plain text and Markdown alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from uebersetzer.formats.source_headings import SOURCES_HEADING_WORDS
from uebersetzer.languages import NAMES
from uebersetzer.parse import parse
from uebersetzer.read import SourceText

HEADINGS = [("ar", "المصادر"), ("zh", "来源"), ("zh", "来源："), ("ru", "Источники"), ("ru", "Источники:"),
            ("ja", "出典"), ("fa", "منابع"), ("he", "מקורות"), ("hi", "स्रोत"), ("ko", "출처"), ("el", "Πηγές"),
            ("uk", "Джерела"), ("tr", "Kaynaklar"), ("nl", "Bronnen"), ("sv", "Källor"), ("de", "Quellen")]


def kinds(text: str, name: str) -> list[tuple[str, str]]:
    article = parse(SourceText(Path(name), name, text, "\n", "utf-8"))
    return [(block.kind, block.text) for block in article.blocks[2:]]


@pytest.mark.parametrize("language, heading", HEADINGS)
def test_a_sources_heading_in_the_articles_language_heads_the_sources_list(language, heading):
    text = f"Title\n\nThe first paragraph.\n\n{heading}\n• AFP\n• Reuters\n"  # "Quellen:" too, a lead-in line
    assert kinds(text, f"{language}.txt") == [("sources", heading), ("source", "AFP"), ("source", "Reuters")]


@pytest.mark.parametrize("language, heading", HEADINGS[:4])
def test_markdown_sources_headings_in_other_scripts_too(language, heading):
    text = f"# Title\n\nThe first paragraph.\n\n## {heading}\n\n- AFP\n- Reuters\n"
    assert kinds(text, f"{language}.md")[0] == ("sources", heading)


def test_an_ordinary_heading_is_no_sources_heading():
    text = "Title\n\nThe first paragraph.\n\nالمصادر الرسمية للطاقة\n• النفط\n• الغاز\n"
    assert [kind for kind, _ in kinds(text, "ar.txt")][0] != "sources"


def test_the_heading_words_are_keyed_by_languages_uebersetzer_knows():
    assert set(SOURCES_HEADING_WORDS) <= set(NAMES)
    assert {"ar", "zh", "ru", "ja", "fa", "he", "hi", "ko", "el"} <= set(SOURCES_HEADING_WORDS)
