"""A block too short to tell its language, in an article whose language is in doubt (mixed, or
detected on little certainty), is never written as a `kept` entry as if reviewed: it goes to the
engine when the block next to it is in another language and its n-grams lean that way, else it
stays fuzzy with a note saying why (detect_inherited.py). The case that published a German
headline: a German title and paragraph over three English quotes, read as English (0.60)."""

from __future__ import annotations

import functools
import json
import re
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bench import flores_articles
from tests.engines.test_argos import argos_env  # noqa: F401  (fixture: the real de -> en model)

TITLE = "Gipfel in Berlin: Der Präsident trifft den Minister"
HEADLINE_ARTICLE = (
    f"{TITLE}\n\n"
    "Der Präsident trifft den Minister in Berlin, und die Gespräche über das Abkommen gehen am Montag weiter.\n\n"
    '"We will not sign anything that weakens our partners in Europe, and we said so very clearly in Geneva '
    'on Friday", the spokesman said to reporters.\n\n'
    '"This is a good day for everyone who believes in diplomacy and in the future of the agreement between '
    'our nations", the minister added later.\n\n'
    '"We are looking forward to the next round of talks in Vienna and Brussels next month", a statement from '
    "the delegation said.\n"
)


def po_entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(path)) if not entry.obsolete}


def test_the_german_headline_over_english_quotes_is_translated_and_not_published_unreviewed(run, tmp_path, argos_env):
    (tmp_path / "q.txt").write_text(HEADLINE_ARTICLE, encoding="utf-8")
    result = run("translate", "q.txt", "--to", "en", "--json")
    summary = json.loads(result.out)
    assert any("q.txt: read as en, but only 60% of its blocks say so" in line for line in summary["warnings"])
    title = po_entries(tmp_path / "locales" / "en" / "q.po")[TITLE]
    assert "fuzzy" in title.flags and title.msgstr != TITLE  # went to the de -> en model
    assert "language: de" in title.comment
    assert summary["sentences_kept"] == 3  # the three English quotes, and nothing German
    built = run("build", "q.txt", "--to", "en", "--reviewed-only", "--json")
    assert built.code == 1 and TITLE in [entry["msgid"] for entry in json.loads(built.out)["unreviewed"]]


def test_a_title_that_leans_nowhere_stays_fuzzy_with_a_note_and_holds_the_build_back(run, tmp_path):
    """A German title over an English paragraph, in an article mixed by a German paragraph
    below: no neighbour says German, so it is kept as written, fuzzy, with the reason."""
    article = ("Berlin heute\n\n"
               "The government said on Monday that the talks about the agreement will go on next week in Vienna.\n\n"
               "The minister added that nobody expects a quick result, but that the partners in Europe are ready "
               "to talk.\n\n"
               "Die Regierung kritisiert die Sanktionen am Montag, und die Gespräche über das Abkommen gehen "
               "am Dienstag in Berlin weiter.\n")
    (tmp_path / "m.txt").write_text(article, encoding="utf-8")
    result = run("translate", "m.txt", "--to", "en", "--engine", "pseudo", "--json")
    summary = json.loads(result.out)
    title = po_entries(tmp_path / "locales" / "en" / "m.po")["Berlin heute"]
    assert title.msgstr == "Berlin heute" and "fuzzy" in title.flags
    assert "a guess: too short to tell" in title.comment
    assert any("m.txt: 1 sentence(s) kept in en as written, but their language is a guess" in line
               for line in summary["warnings"])
    again = json.loads(run("translate", "m.txt", "--to", "en", "--engine", "pseudo", "--json").out)
    assert "fuzzy" in po_entries(tmp_path / "locales" / "en" / "m.po")["Berlin heute"].flags  # still, next run
    assert again["sentences_kept"] == summary["sentences_kept"]
    built = run("build", "m.txt", "--to", "en", "--reviewed-only")
    assert built.code == 1 and "Berlin heute" in built.err


SHOW_PARAGRAPH = ("Lange vor der Sendung dachten sich zwei Studenten eine Zeitung aus, die die Nachrichten parodieren "
                  "sollte. Seit ihrer Gründung ist sie zu einem kleinen Imperium mit einer Website und einem eigenen "
                  "Fernsehsender gewachsen.")
SHOW_QUOTES = (
    '"We never thought that anyone outside the campus would read it, let alone buy it", one of the founders said.',
    '"The jokes were written late at night, and most of them were about the news we had read that morning", he added.',
    '"It is strange to see something you made as a joke become a business that employs hundreds of people", she said.',
    '"We did not have a plan, and we still do not have one, but the readers keep coming back every single week", '
    "he said.",
)


@pytest.mark.parametrize("title, doubt", [
    # the show's name made its n-grams sure of English: it was kept as written, not fuzzy
    ("Lange vor The Daily Show", '"Lange vor" reads as de, and the article (mixed) may not be in en'),
    ("Long before The Daily Show", ""),  # English over the same paragraph: no German words in a row, kept
])
def test_a_title_sure_of_english_with_german_words_in_a_row_stays_fuzzy(run, tmp_path, title, doubt):
    (tmp_path / "s.txt").write_text("\n\n".join([title, SHOW_PARAGRAPH, *SHOW_QUOTES]) + "\n", encoding="utf-8")
    result = run("translate", "s.txt", "--to", "en", "--engine", "pseudo", "--json")
    assert result.code == 0, result.err
    entry = po_entries(tmp_path / "locales" / "en" / "s.po")[title]
    assert entry.msgstr == title
    assert ("fuzzy" in entry.flags) == bool(doubt)
    assert (doubt in entry.comment) if doubt else "a guess" not in entry.comment


def test_build_into_the_articles_own_language_does_not_copy_a_mixed_article(run, tmp_path, argos_env):
    """build copied an article whose own language is the target whole, German paragraph and
    all, even with --reviewed-only and its PO file's entries not reviewed."""
    (tmp_path / "q.txt").write_text(HEADLINE_ARTICLE, encoding="utf-8")
    run("translate", "q.txt", "--to", "en")
    built = run("build", "q.txt", "--to", "en")
    assert built.code == 0, built.err
    written = (tmp_path / "locales" / "en" / "q.txt").read_text(encoding="utf-8")
    assert "Der Präsident trifft den Minister in Berlin, und" not in written


# --- real text: FLORES articles of one language with English quotes --------------------------

needs_flores = pytest.mark.skipif(not flores_articles.available(),
                                  reason=f"FLORES data not found at {flores_articles.FLORES} (../shared is absent)")
LANGUAGES = ["de", "fr", "es", "nl", "da", "pl", "ru", "tr", "fi", "hu", "zh", "ar"]


@functools.lru_cache(maxsize=1)
def corpus() -> dict[str, list[str]]:
    """Read once; not a fixture, so hypothesis does not print all of it with a failing example."""
    return flores_articles.load()


def same_in_english(text: str, reference: str) -> bool:
    """Does the English translation say `text` as it stands? Then a kept copy is the translation:
    the name "Modern Education" opening a French sentence, "The Onion" a Finnish one."""
    if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", reference) is not None:
        return True
    # FLORES' own slips: Dutch line 75 opens with "ost of the buildings ... have been", a piece
    # of another English line glued before its Dutch text; a kept copy of such a piece (three
    # words or more, anywhere in FLORES' English) is English as it stands
    return len(text.split()) >= 3 and any(text in line for line in corpus()["en"])


@needs_flores
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(language=st.sampled_from(LANGUAGES), row=st.integers(0, 990), words=st.integers(1, 10),
       quotes=st.integers(2, 4))
# "Lange vor The Daily Show": its n-grams were sure of English, so it was neither moved nor doubted
@example(language="de", row=124, words=5, quotes=2)
@example(language="fr", row=315, words=2, quotes=2)  # "Modern Education": English in the French sentence too, kept
@example(language="de", row=528, words=1, quotes=2)  # a quote with two spaces inside: its msgid has one
# a paragraph ending in "(siehe unten)" without a full stop was joined to the English quote below it
@example(language="de", row=958, words=2, quotes=2)
@example(language="nl", row=74, words=3, quotes=2)  # "ost of the": English glued before the Dutch line in FLORES
def test_no_block_of_the_source_language_is_ever_written_as_kept(run, tmp_path, language, row, words, quotes):
    """A title of 1-10 words and a paragraph of two lines in one language, then English quotes
    enough to outvote them: whatever the article is read as, none of that language's text is
    written into English as a kept (not fuzzy) copy of itself."""
    lines = [flores_articles.csv_unquoted(line) for line in corpus()[language]]
    english = corpus()["en"]
    first = lines[row]
    title = (" ".join(first.split()[:words]) if len(first.split()) > 3 else first[: 2 + 2 * words]).rstrip(",;:，")
    paragraph = f"{lines[row + 1]} {lines[row + 2]}"
    said = [flores_articles.english_quote(english[(row + 300 + 7 * number) % len(english)]) for number in range(quotes)]
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # an example may come again (shrinking): a fresh folder each time
    (folder / "a.txt").write_text("\n\n".join([title, paragraph, *said]) + "\n", encoding="utf-8")
    result = run("translate", folder / "a.txt", "--to", "en", "--engine", "pseudo", "--out", folder / "out",
                 "--json")
    assert result.code == 0, result.err
    written = folder / "out" / "en" / "a.po"
    if not written.exists():  # copied whole: only when nothing in it reads as another language
        pytest.fail(f"{language} article copied into en as already English: {title!r}")
    entries = po_entries(written)
    quoted = " ".join(" ".join(said).split())  # as the msgids are: "register.  However" in one line is one space
    reference = english[row]  # FLORES' lines are one text in every language: the title's own sentence in English
    own = [msgid for msgid in entries  # a title of digits only ("1951") is in no language: kept, rightly
           if msgid not in quoted and any(character.isalpha() for character in msgid)
           and not same_in_english(msgid, reference)]
    kept = [msgid for msgid in own if entries[msgid].msgstr == msgid and "fuzzy" not in entries[msgid].flags]
    assert kept == [], f"{language} text written as kept into en: {kept}"
