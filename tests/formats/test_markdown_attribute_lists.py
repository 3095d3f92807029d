"""Markdown (kramdown, Goldmark): an attribute list after a paragraph's final full stop, on its
line or on the next one inside a quote or list, is the paragraph's markup: it never reaches the
engine and stays where it stands, byte for byte (try-out: a model moved `{: .lead}` before the
full stop). One glued to a link or emphasis stays with it (test_markdown_sites)."""

from __future__ import annotations

import pytest

from tests.engines.test_argos import argos_env, package_folder  # noqa: F401  (fixtures: the real small models)
from tests.formats.pseudo import msgids, pseudo_rendered
from uebersetzer.engines.pseudo import pseudo_localize

SENTENCE = "Der Minister sagt, dass der Präsident kommt."


@pytest.mark.parametrize("source, attributes", [
    (f"{SENTENCE}{{: .lead}}", "{: .lead}"),
    (f"{SENTENCE} {{: .lead #intro}}", " {: .lead #intro}"),
    (f"„{SENTENCE}“{{:.lead}}", "{:.lead}"),
    (f"* {SENTENCE}{{: .liste}}", "{: .liste}"),
    (f"> {SENTENCE}\n> {{: .lead}}", "\n> {: .lead}"),
    (f"1. {SENTENCE}\n   {{: .lead}}", "\n   {: .lead}"),
    (f"Er kommt. {SENTENCE}{{.lead}}", "{.lead}"),
])
def test_an_attribute_list_after_a_paragraphs_full_stop_stays_where_it_is_and_off_the_engine(source, attributes):
    text = f"# Titel\n\n{source}\n"
    assert not any("{" in msgid for msgid in msgids(text, "a.md")), msgids(text, "a.md")
    rendered = pseudo_rendered(text, "a.md")
    assert rendered.endswith(f"{pseudo_localize(SENTENCE)}{attributes}\n") \
        or rendered.endswith(f"{pseudo_localize('„' + SENTENCE + '“')}{attributes}\n"), rendered


def test_a_setext_heading_keeps_its_attribute_list_and_one_underline():
    text = "# Titel\n\nEr kommt {: .x}\n=====\n\nDer Präsident trifft den Minister.\n"
    assert pseudo_rendered(text, "a.md").split("\n")[2:4] == [f"{pseudo_localize('Er kommt')} {{: .x}}", "====="]


def test_an_attribute_list_glued_to_emphasis_at_the_paragraphs_end_stays_in_the_sentence():
    text = "# Titel\n\nDer Präsident trifft den *Minister*{: .x}\n"
    assert msgids(text, "a.md")[-1] == "Der Präsident trifft den *Minister*{: .x}"


def test_the_reported_lead_paragraph_through_the_real_model(argos_env):
    from uebersetzer.engines import create_engine

    text = "# Der Präsident trifft den Minister in Berlin.\n\nDer Präsident trifft den Minister in Berlin.{: .lead}\n"
    written = pseudo_rendered(text, "a.md", engine=create_engine("argos"))
    assert written.endswith("\n\nThe president meets the minister in Berlin.{: .lead}\n"), written
