"""HTML pages as Drupal and WordPress write them (try-out faults): code embedded right after a
full stop, the page's alternate locales, a Drupal media caption. Read through the pseudo
engine, which accents every letter it is given."""

from __future__ import annotations

import pytest

from tests.formats.pseudo import msgids, pseudo_rendered, segmented
from uebersetzer.engines.pseudo import pseudo_localize

PRESIDENT = "Der Präsident trifft den Minister in Berlin."
MINISTER = "Der Minister trifft den Präsidenten in Berlin."
EMBEDDED = ['<script>window.x="Der Präsident kommt.";</script>', "<style>p.x { content: 'Der Minister.'; }</style>",
            '<svg class="icon" aria-hidden="true"><use href="#clock"></use></svg>']


@pytest.mark.parametrize("embedded", EMBEDDED)
@pytest.mark.parametrize("before, after", [("", " "), (" ", ""), (" ", " ")])
def test_code_embedded_between_two_sentences_keeps_the_spaces_it_had_on_each_side(embedded, before, after):
    """`kommt.<script>…</script> Dann`: a space was added before the script."""
    text = f"<p>{PRESIDENT}{before}{embedded}{after}{MINISTER}</p>\n"
    assert [msgid.replace(embedded, "").strip() for msgid in msgids(text, "a.html")] == [PRESIDENT, MINISTER]
    written = pseudo_rendered(text, "a.html")
    assert written == f"<p>{pseudo_localize(PRESIDENT)}{before}{embedded}{after}{pseudo_localize(MINISTER)}</p>\n"
