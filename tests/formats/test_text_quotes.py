"""Plain text: a sentence that ends inside quotes ends there, before a line or sentence that
starts with a capital after an opening quote or with an umlaut; the line break between two
such lines stays where it was (try-out: FLORES German dev lines 15-16 ran into one line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.formats.pseudo import msgids, pseudo_rendered
from uebersetzer.segment import split_sentences

FLORES = Path(__file__).resolve().parents[3] / "shared" / "data" / "flores-dev" / "de.txt"
NO_FLORES = f"real text missing: {FLORES} (../shared does not sit beside this checkout)"


def test_a_line_ending_in_a_closing_quote_keeps_its_line_break_before_a_quoted_name():
    text = ("Gipfel in Berlin\n\nDer Minister sagt: „Der Präsident kommt.“\n"
            '"Berlin" ist die Stadt, in der der Präsident den Minister trifft.\n')
    assert msgids(text, "a.txt")[1:] == ["Der Minister sagt: „Der Präsident kommt.“",
                                         '"Berlin" ist die Stadt, in der der Präsident den Minister trifft.']
    lines = pseudo_rendered(text, "a.txt").split("\n")
    assert len(lines) == len(text.split("\n")), lines
    assert lines[2].startswith("[") and lines[2].endswith("“]") and lines[3].startswith('["'), lines


@pytest.mark.parametrize("text, expected", [
    ("Er sagt: „Ich bin hier.“ Über alles andere schweigt er.",
     ["Er sagt: „Ich bin hier.“", "Über alles andere schweigt er."]),
    ("Er sagt: „Ich bin hier.“ „Das“ ist gut.", ["Er sagt: „Ich bin hier.“", "„Das“ ist gut."]),
    ("Er sagt: „Ich bin **hier.“** Über alles.", ["Er sagt: „Ich bin **hier.“**", "Über alles."]),
    # no new sentence: lower case after the quote, or no sentence mark before it
    ("Er sagt: „Ich bin hier.“ (und ging).", ["Er sagt: „Ich bin hier.“ (und ging)."]),
    ("Er liest „Die Zeit“ Über Nacht.", ["Er liest „Die Zeit“ Über Nacht."]),
    ('He said "Go." "Why?" she asked.', ['He said "Go."', '"Why?" she asked.']),
    # German guillemets, »so«: pysbd paired « with the next » as French « ainsi »
    ("»Er kommt.« Er geht. »Gut.«", ["»Er kommt.«", "Er geht.", "»Gut.«"]),
    ("Er sagt: ›Ich komme.‹ Dann geht er.", ["Er sagt: ›Ich komme.‹", "Dann geht er."]),
    # French « … . » ends its sentence before a capital too (t7's fault 10: it ended none)
    ("Il dit. « Je viens. » Puis il part.", ["Il dit.", "« Je viens. »", "Puis il part."]),
])
def test_a_sentence_ends_after_its_closing_quote_before_any_capital(text, expected):
    """pysbd ends a quoted sentence only before an ASCII capital: not before Ü or a quote."""
    assert split_sentences(text, "de", r"\*\*|\*") == expected


@pytest.mark.skipif(not FLORES.is_file(), reason=NO_FLORES)
def test_real_consecutive_lines_of_which_one_ends_in_a_closing_quote_stay_lines(tmp_path):
    """FLORES German dev lines 15 and 16 (the first ends in “, the second starts with "), as
    consecutive lines of a text article under a title: each stays a line of its own."""
    lines = FLORES.read_text(encoding="utf-8").splitlines()[14:16]
    assert lines[0].endswith("“") and lines[1].startswith('"'), "the dev set changed: pick two such lines again"
    text = "Tennis\n\n" + "\n".join(lines) + "\n"
    each_line_alone = [sentence for line in lines for sentence in split_sentences(line, "de")]
    assert msgids(text, "flores.txt")[1:] == each_line_alone
    rendered = pseudo_rendered(text, "flores.txt").split("\n")
    assert len(rendered) == len(text.split("\n")), rendered


_SENTENCES = ["Der Präsident trifft den Minister in Berlin.", "Über den Gipfel wird heute berichtet.",
              "Ärzte warnen vor der Hitze!", "Wer zahlt die Rechnung?", "Panama Papers ist ein Sammelbegriff."]
_QUOTED = [lambda s: s, lambda s: f"„{s}“", lambda s: f'"{s}"', lambda s: f"»{s}«", lambda s: f"Er sagt: „{s}“",
           lambda s: f'"""{s.split()[0]}"" {" ".join(s.split()[1:])}"', lambda s: f"(„{s}“)"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_SENTENCES), st.sampled_from(_QUOTED)), min_size=2, max_size=6),
       st.sampled_from([" ", "\n"]))
def test_quoted_sentences_in_a_row_are_each_a_sentence_and_keep_the_line_breaks_between_them(lines, separator):
    sentences = [quote(sentence) for sentence, quote in lines]
    text = "Gipfel\n\n" + separator.join(sentences) + "\n"
    assert msgids(text, "a.txt")[1:] == sentences
    assert pseudo_rendered(text, "a.txt").count("\n") == text.count("\n")
