"""Glossary edge cases found by a new user's try-out: a term's dot that ends the sentence too,
TBX source languages, spreadsheet CSV delimiters, and the grammar of the messages."""

from __future__ import annotations

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.glossary import Entry, Glossary


def test_a_term_ending_in_a_dot_at_the_sentence_end_leaves_the_full_stop_to_the_sentence(run, tmp_path):
    """"U.S.A." + "." is written as one dot: "…in den U.S.A." came back "…in den USA" (no full
    stop), and in a paragraph two sentences ran into one ("USA The minister meets…")."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text("- {source: U.S.A., target: {en: USA}}\n- {source: e.V.}\n")
    article = tmp_path / "g.txt"
    article.write_text("Der Präsident trifft den Minister in den U.S.A.\n\nSie kamen in die U.S.A. und dann nach "
                       "Berlin.\n\nEr sprach beim Verein Foo e.V.\n\n„Er war in den U.S.A.“\n")
    result = run("translate", article, "--to", "en", "--from", "de", "--engine", "pseudo", "--glossary", glossary,
                 "--out", tmp_path / "o")
    assert result.code == 0, result.err
    blocks = (tmp_path / "o" / "en" / "g.txt").read_text().rstrip("\n").split("\n\n")
    assert blocks[0].endswith(" USA.]"), blocks[0]
    assert " USA úúñđ " in blocks[1]  # inside the sentence the dot is the abbreviation's: the target has none
    assert blocks[2].endswith(" e.V.]"), blocks[2]  # kept as written, one dot
    assert blocks[3].endswith(" USA.“]"), blocks[3]
    comments = [e.comment for e in polib.pofile(str(tmp_path / "o" / "en" / "g.po"))]
    assert "glossary: U.S.A. -> USA" in comments[0] and "glossary: e.V. -> e.V." in comments[2]


@settings(max_examples=60, deadline=None)
@given(target=st.sampled_from(["USA", "É.-U.", "U.S.A."]), tail=st.sampled_from(["", "“", ")", "\"  ", "»"]))
def test_a_sentence_ending_with_a_dotted_term_keeps_exactly_one_dot(target, tail):
    glossary = Glossary([Entry("U.S.A.", targets={"fr": target})])
    msgid = f"Er lebt in den U.S.A.{tail}"
    [span] = glossary.find_terms(msgid, "de", "fr")
    written = msgid[:span.start] + span.output + msgid[span.end:]
    assert written == f"Er lebt in den {target.rstrip('.')}.{tail}"
    assert span.label == f"U.S.A. -> {target}"


@pytest.mark.parametrize("msgid", ["Die U.S.A.s Politik.", "Er ging in die U.S.A. und blieb."])
def test_a_dotted_term_inside_the_sentence_keeps_its_dot(msgid):
    glossary = Glossary([Entry("U.S.A.")])
    [span] = glossary.find_terms(msgid, "de", "en")
    assert msgid[span.start:span.end].startswith("U.S.A.")
