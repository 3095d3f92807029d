"""A sentence whose words stayed and whose links or attributes changed (a CMS export that
rotates a link's query token) keeps its review, with the new markup written into it; whenever
that is not certain it goes fuzzy, as any edit does. The editor's words are never lost and a
reviewed entry never keeps a URL the source no longer has."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import replace
from pathlib import Path

import polib
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import entries
from uebersetzer.catalog import merge, pofile
from uebersetzer.parse import parse
from uebersetzer.read import SourceText
from uebersetzer.segment import segment_article

PSEUDO = ("--from", "de", "--engine", "pseudo")
OLD_LINK = '<a href="https://example.com/alt?utm=1">Minister</a>'
PAGE = "<html><body><h1>Gipfel</h1><p>Der Präsident trifft den {link} in {city}.</p></body></html>\n"


def _review_all(path: Path) -> None:
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.tcomment = "checked by the desk"
    catalog.save()


def _paragraph(path: Path) -> polib.POEntry:
    return next(e for e in entries(path) if "teaser" in e.comment)  # the paragraph under the <h1>


def test_a_changed_href_keeps_the_review_and_the_article_is_published(run, tmp_path):
    page, out = tmp_path / "a.html", tmp_path / "loc"
    page.write_text(PAGE.format(link=OLD_LINK, city="Berlin"))
    assert run("translate", page, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    catalog = out / "en" / "a.po"
    _review_all(catalog)
    reviewed = _paragraph(catalog).msgstr
    page.write_text(PAGE.format(link=OLD_LINK.replace("utm=1", "utm=2"), city="Berlin"))
    result = run("translate", page, "--to", "en", "--out", out, "--json", *PSEUDO)
    assert result.code == 0, result.err
    assert json.loads(result.out)["fuzzy"] == 0
    entry = _paragraph(catalog)
    assert (entry.msgstr, entry.fuzzy, entry.tcomment) == (
        reviewed.replace("utm=1", "utm=2"), False, "checked by the desk")
    assert merge.RELINKED_NOTE in entry.comment.splitlines()
    assert "utm=1" not in catalog.read_text()  # the old entry is all in the new one: not kept as obsolete
    built = run("build", page, "--to", "en", "--out", out, "--reviewed-only", "-q")
    assert built.code == 0, built.err
    assert 'href="https://example.com/alt?utm=2"' in (out / "en" / "a.html").read_text()
    again = run("translate", page, "--to", "en", "--out", out, "--json", *PSEUDO)
    assert not any(file["written"] for file in json.loads(again.out)["files"])  # the note stays: nothing to rewrite


def test_a_changed_href_with_changed_words_is_fuzzy_as_any_edit(run, tmp_path):
    page, out = tmp_path / "a.html", tmp_path / "loc"
    page.write_text(PAGE.format(link=OLD_LINK, city="Berlin"))
    assert run("translate", page, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    _review_all(out / "en" / "a.po")
    page.write_text(PAGE.format(link=OLD_LINK.replace("utm=1", "utm=2"), city="Bern"))
    assert run("translate", page, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    entry = _paragraph(out / "en" / "a.po")
    assert entry.fuzzy and "utm=1" in entry.previous_msgid and merge.RELINKED_NOTE not in entry.comment


# ---- property: random attribute changes ------------------------------------------------------

WORDS = ["Präsident", "Minister", "Gipfel", "Berlin", "heute", "Bericht"]
TOKENS = ["1", "2", "abc", "x9"]


@st.composite
def _case(draw):
    """(old sentence, new sentence, the editor's reviewed translation of the old one)."""
    count = draw(st.integers(1, 3))
    links = [(draw(st.sampled_from(["a", "b"])), draw(st.sampled_from(TOKENS))) for _ in range(count)]
    new_links = [(path, draw(st.sampled_from([t for t in TOKENS if t != token]))) if draw(st.integers(0, 2)) else
                 (path, token) for path, token in links]  # two in three links get another token
    words = [draw(st.sampled_from(WORDS)) for _ in range(count)]
    classes = [draw(st.sampled_from(["", ' class="x"'])) for _ in range(count)]

    def sentence(pairs, changed_words=False):
        body = " ".join(f'<a href="https://example.com/{path}?t={token}"{css}>{word}</a>'
                        for (path, token), word, css in zip(pairs, words, classes))
        return f"Der Text {'neu ' if changed_words else ''}nennt {body} heute."

    old = sentence(links)
    new = sentence(new_links, draw(st.integers(0, 4)) == 0)
    # the editor keeps each link once (mostly), or drops or doubles one
    tags = re.findall(r"<a [^>]+>", old)
    times = [draw(st.sampled_from([1, 1, 1, 0, 2])) for _ in tags]
    translation = "The text names " + " ".join(
        f"{tag}word{number}</a>" for number, (tag, n) in enumerate(zip(tags, times)) for _ in range(n)) + " today."
    return old, new, translation


def _plan(old: str, new: str, translation: str) -> tuple[merge.PlannedEntry, list]:
    text = f"<html><body><p>{new}</p></body></html>\n"
    article = segment_article(replace(parse(SourceText(Path("a.html"), "a.html", text, "\n", "utf-8")), language="de"))
    existing = [pofile.ExistingEntry(old, None, translation, (), "desk", (), False, None, None)]
    planned, kept = merge.plan_catalog(article, existing)
    [entry] = [entry for entry in planned if "nennt" in entry.key.msgid]
    return entry, kept


def _words(text: str) -> list[str]:
    return re.split(r"<[^<>]+>", text)


@settings(max_examples=150, deadline=None)
@given(_case())
def test_random_attribute_changes_never_lose_the_editors_words_nor_keep_a_stale_url(case):
    old, new, translation = case
    entry, kept = _plan(old, new, translation)
    assert entry.key.msgid == new
    if old == new:  # nothing changed: the entry as the editor left it
        assert (entry.msgstr, entry.reviewed, entry.comments) == (translation, True, ["paragraph 1"])
        return
    changed = {a: b for a, b in zip(re.findall(r"<a [^>]+>", old), re.findall(r"<a [^>]+>", new)) if a != b}
    certain = (_words(old) == _words(new) and len(set(changed)) == len(set(changed.items()))
               and all(translation.count(tag) == old.count(tag) for tag in changed)
               and all(changed[a] == b for a, b in zip(re.findall(r"<a [^>]+>", old), re.findall(r"<a [^>]+>", new))
                       if a in changed))
    event("carried over, reviewed" if entry.reviewed and not entry.fuzzy else "fuzzy")
    if entry.reviewed and not entry.fuzzy:
        assert _words(entry.msgstr) == _words(translation)  # the editor's words, every one of them
        tags = re.compile(r"<a [^>]+>")
        assert not set(tags.findall(entry.msgstr)) - set(tags.findall(new))  # no stale URL
        assert tags.findall(entry.msgstr) == [changed.get(tag, tag) for tag in tags.findall(translation)]
        assert entry.translator_comment == "desk" and merge.RELINKED_NOTE in entry.comments
        assert certain
    else:
        assert not certain and entry.fuzzy  # a fuzzy suggestion, or the engine's: to review
        assert translation in [entry.msgstr, *(e.msgstr for e in kept)]  # and the editor's text is kept whole


def test_markdown_link_targets_and_bare_urls_are_relinked_too():
    old = "Der [Minister](https://example.com/alt?utm=1) kam, mehr unter https://example.com/x?utm=1 heute."
    new = old.replace("utm=1", "utm=7")
    translation = "The [minister](https://example.com/alt?utm=1) came, more at https://example.com/x?utm=1 today."
    article = segment_article(replace(parse(SourceText(Path("a.md"), "a.md", new + "\n", "\n", "utf-8")),
                                      language="de"))
    existing = [pofile.ExistingEntry(old, None, translation, (), "", (), False, None, None)]
    [entry], kept = merge.plan_catalog(article, existing)
    assert (entry.msgstr, entry.fuzzy, kept) == (translation.replace("utm=1", "utm=7"), False, [])


# ---- an editor's fuzzy draft: the same rule, and no obsolete entry per rotation ---------------

EDITED = 'The president meets the <a href="https://example.com/alt?utm=1">minister</a> in Berlin.'


def _edit_paragraph(path: Path, msgstr: str, review: bool = False) -> None:
    """An editor rewrites the paragraph's translation: reviewed with `review`, else left fuzzy."""
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if "teaser" in e.comment and not e.obsolete)
    entry.msgstr = msgstr
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"] + ([] if review else ["fuzzy"])
    catalog.save()


def test_an_edited_fuzzy_draft_gets_the_new_href_and_no_obsolete_entry_per_rotation(run, tmp_path):
    """An editor changed the machine draft and left it fuzzy; the CMS then rotated the link's
    token three times. The draft kept the first URL, and each rotation left one more obsolete
    copy of it. Now it gets each new URL as a reviewed entry does, stays fuzzy (no one reviewed
    it), and the file holds no obsolete entry: the new entry holds all of the editor's words."""
    page, out = tmp_path / "a.html", tmp_path / "loc"
    page.write_text(PAGE.format(link=OLD_LINK, city="Berlin"))
    assert run("translate", page, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
    catalog = out / "en" / "a.po"
    _edit_paragraph(catalog, EDITED)
    for token in ("2", "3", "4"):
        page.write_text(PAGE.format(link=OLD_LINK.replace("utm=1", f"utm={token}"), city="Berlin"))
        result = run("translate", page, "--to", "en", "--out", out, "-q", *PSEUDO)
        assert result.code == 0, result.err
        entry = _paragraph(catalog)
        assert (entry.msgstr, entry.fuzzy) == (EDITED.replace("utm=1", f"utm={token}"), True)
        assert merge.DRAFT_RELINKED_NOTE in entry.comment.splitlines()
        assert not [e for e in polib.pofile(str(catalog)) if e.obsolete]
    assert "utm=1" not in catalog.read_text()


# ---- property: random href rotations and editors' edits, through the CLI -------------------

ROTATED = ('<html><body><h1>Gipfel</h1><p>Der Text nennt <a href="https://example.com/a?t={a}">Minister</a> und '
           '<a href="https://example.com/b?t={b}">Präsident</a> heute.</p></body></html>\n')
STYLES = ["new", "fresh", "other", "plain"]
_STEP = st.one_of(
    st.tuples(st.just("rotate"), st.sampled_from(["a", "b", "ab"]), st.sampled_from(TOKENS)),
    st.tuples(st.just("edit"), st.booleans(), st.booleans(), st.sampled_from(STYLES)),  # keeps both links, reviews
)
_LINK = re.compile(r"<a [^>]+>")


def _without_targets(text: str) -> str:
    return re.sub(r'href="[^"]*"', "href", text)


def _editors(path: Path) -> list[polib.POEntry]:
    """The entries holding an editor's text (the pseudo engine's drafts are bracketed)."""
    return [e for e in polib.pofile(str(path)) if e.msgstr.startswith("The text")]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_STEP, min_size=1, max_size=6))
def test_random_href_rotations_keep_the_file_bounded_and_every_editors_text(run, steps):
    """A CMS rotates link tokens while editors rewrite the paragraph (reviewed or left fuzzy,
    keeping both links or dropping one), a translate run after each step. The file holds no
    more obsolete entries than editors made edits (rotations add none); every editor's text
    in the file before a run is in it after (with other link targets at most); the paragraph
    keeps the editor's words it showed (an older translation of the same sentence in the
    memory does not replace them), or, when the exact sentence came back, the entry the
    editor left for it; and where its translation keeps both links, they are the source's."""
    tokens = {"a": "1", "b": "1"}
    with tempfile.TemporaryDirectory() as folder:
        page, out = Path(folder) / "a.html", Path(folder) / "loc"
        catalog = out / "en" / "a.po"
        page.write_text(ROTATED.format(**tokens))
        assert run("translate", page, "--to", "en", "--out", out, "-q", *PSEUDO).code == 0
        edits = 0
        for step in steps:
            if step[0] == "rotate":
                tokens.update({link: step[2] for link in step[1]})
                page.write_text(ROTATED.format(**tokens))
            else:
                _, keeps_links, reviews, style = step
                first, second = _LINK.findall(_paragraph(catalog).msgid)
                _edit_paragraph(catalog, f"The text {style} names {first}first</a> and " +
                                (f"{second}second</a> today." if keeps_links else "second today."), review=reviews)
                edits += 1
            before = {_without_targets(e.msgstr) for e in _editors(catalog)}
            returning = {e.msgid: e.msgstr for e in polib.pofile(str(catalog)) if e.obsolete}
            shown = _paragraph(catalog).msgstr
            result = run("translate", page, "--to", "en", "--out", out, "-q", *PSEUDO)
            assert result.code == 0, result.err
            after = _editors(catalog)
            assert before <= {_without_targets(e.msgstr) for e in after}  # no editor's text lost
            obsolete = [e for e in polib.pofile(str(catalog)) if e.obsolete]
            assert len(obsolete) <= edits, [e.msgid for e in obsolete]
            paragraph = _paragraph(catalog)
            if paragraph.msgid in returning:  # a sentence back as it was: its entry as the editor left it
                assert paragraph.msgstr == returning[paragraph.msgid]
            elif shown.startswith("The text"):  # else the editor's words it showed, with the links written in
                assert _without_targets(paragraph.msgstr) == _without_targets(shown)
                if paragraph.msgstr.count("</a>") == 2:
                    assert set(_LINK.findall(paragraph.msgstr)) == set(_LINK.findall(paragraph.msgid))
        event(f"{edits} edits, {len(steps) - edits} rotations")


def test_a_pile_of_obsolete_copies_a_file_grew_before_is_dropped_but_what_differs_stays():
    """A file an older version grew: three rotations left three obsolete copies of an editor's
    draft, each superseded by the live entry (the same words, only other link targets). They
    go; a reviewed copy (the live one is fuzzy: the review would be lost), one with other words
    and one with the editor's comment stay, as does a copy of another role (msgctxt)."""
    def sentence(token: str) -> str:
        return f'Der Präsident trifft den <a href="https://example.com/alt?utm={token}">Minister</a> heute.'

    def translation(token: str, words: str = "meets") -> str:
        return f'The president {words} the <a href="https://example.com/alt?utm={token}">minister</a> today.'

    def entry(token: str, msgstr: str, fuzzy: bool = True, obsolete: bool = True, comment: str = "",
              msgctxt: str | None = None) -> pofile.ExistingEntry:
        return pofile.ExistingEntry(sentence(token), msgctxt, msgstr, ("fuzzy",) if fuzzy else (), comment, (),
                                    obsolete, None, None)

    text = f"<html><body><p>{sentence('9')}</p></body></html>\n"
    article = segment_article(replace(parse(SourceText(Path("a.html"), "a.html", text, "\n", "utf-8")), language="de"))
    existing = [entry("9", translation("1"), obsolete=False),  # the live draft, still with the first URL
                *(entry(token, translation("1")) for token in "234"),  # superseded: dropped
                entry("6", translation("1"), fuzzy=False),  # reviewed: kept
                entry("7", translation("1", "greets")),  # other words: kept
                entry("8", translation("1"), comment="ask the desk"),  # the editor's comment: kept
                entry("2", translation("1"), msgctxt="heading")]  # another role: kept
    planned, kept = merge.plan_catalog(article, existing)
    catalog = merge.make_catalog(planned, kept, merge.header("en", "de", "a.html"))
    assert [entry.msgstr for entry in catalog if not entry.obsolete] == [translation("1")]
    assert [(e.msgid, e.msgctxt) for e in catalog.obsolete_entries()] == [
        (sentence("6"), None), (sentence("7"), None), (sentence("8"), None), (sentence("2"), "heading")]
