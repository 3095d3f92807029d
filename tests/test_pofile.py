"""The PO serializer: what we write is what GNU gettext writes, and polib reads it back."""

from __future__ import annotations

import copy
import os
import re
import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from uebersetzer.catalog import merge as po
from uebersetzer.catalog import pofile
from uebersetzer.errors import ArticleError
from uebersetzer.fsio import atomic_write_lines, write_parts_if_changed

_alphabet = st.sampled_from(list("abcdefghij ABCDÄÖÜäöüß-.,;:!?\"'\\\t\n{}()[]*_/") + ["中", "文", "„", "“", "é"])
_text = st.text(alphabet=_alphabet, min_size=1, max_size=200)
_word_soup = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄÖÜß-", min_size=1, max_size=30),
                      min_size=1, max_size=40).map(" ".join)


@st.composite
def catalogs(draw) -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = {"Project-Id-Version": draw(_word_soup), "Language": "en",
                        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    msgids = draw(st.lists(st.one_of(_text, _word_soup), min_size=1, max_size=6, unique=True))
    for number, msgid in enumerate(msgids):
        catalog.append(polib.POEntry(
            msgid=msgid,
            msgstr=draw(st.one_of(st.just(""), _text, _word_soup)),
            msgctxt=draw(st.one_of(st.none(), st.sampled_from(["heading", "list"]))),
            comment=draw(st.sampled_from(["", "paragraph 3", "heading 1\nglossary: Moskau -> Moscow"])),
            tcomment=draw(st.sampled_from(["", "checked by Anna", "line one\nline two"])),
            occurrences=[(f"article-{number}.txt", str(line)) for line in draw(st.lists(st.integers(1, 999), max_size=12))],
            flags=draw(st.sampled_from([[], ["fuzzy"]])),
            previous_msgid=draw(st.one_of(st.none(), _word_soup)),
            obsolete=draw(st.booleans()) and number > 0,
        ))
    for entry in catalog:
        if entry.obsolete and not entry.msgstr:
            entry.msgstr = "kept"  # an untranslated obsolete entry is dropped by gettext, and by us
        if entry.msgstr:  # msgfmt refuses a msgstr that starts or ends with a newline where its msgid does not
            entry.msgstr = entry.msgstr.strip("\n")
            entry.msgstr = ("\n" if entry.msgid.startswith("\n") else "") + (entry.msgstr or "x") + \
                ("\n" if entry.msgid.endswith("\n") else "")
    return catalog


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_gettext_writes_exactly_what_we_write(catalog):
    text = pofile.dumps(catalog)
    result = subprocess.run(["msgcat", "-"], input=text, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == text


@settings(max_examples=60, deadline=None)
@given(catalogs())
def test_polib_reads_back_what_we_write(catalog):
    parsed = polib.pofile(pofile.dumps(catalog))
    def fields(po):  # polib does not read "#~|" lines: an obsolete entry's previous msgid is not compared
        return [(e.msgid, e.msgstr, e.msgctxt, e.comment, e.tcomment, e.occurrences, e.flags,
                 None if e.obsolete else e.previous_msgid, bool(e.obsolete)) for e in po]
    expected = fields(catalog)
    got = fields(parsed)
    # obsolete entries carry no references or extracted comments, as in gettext
    expected = [(i, s, c, "" if o else m, t, [] if o else list(dict.fromkeys(r)), f if s else [], p, o)
                for i, s, c, m, t, r, f, p, o in expected]
    assert sorted(got, key=repr) == sorted(expected, key=repr)
    assert parsed.metadata == catalog.metadata


_markup_word = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöü", min_size=1, max_size=12),
    st.builds(lambda a, b: f'<a href="https://{a}.example/{b}?q=1&amp;x={a}">{b}</a>', st.sampled_from(["www.news", "x"]),
              st.sampled_from(["politik/inland", "a_b", "2026/11/26"])),
    st.sampled_from(["mailto:presse@stadt.example", "z.B.", "48,7", "16.3.2026", "10:30", "ja/nein", "Wie?Was!",
                     "„Zitat“", "(Klammer)", "<strong>", "</strong>", "<br>", "&nbsp;", "e-mail", "U.S.A.",
                     "„", "“", "(", "«x»", "‚a‘", "¿Qué?", "'s", '"q"', "[Seite](https://x.example/a)",
                     "(a)(b)", "{a}{b}", "[a]„b“", "(a)[b]", "](", ")", "!", "?", ":", "/"]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_markup_word, min_size=1, max_size=30).map(" ".join), min_size=1, max_size=5, unique=True))
@example(['<a href="https://www.news.example/a_b?q=1&amp;x=www.news">a_b</a> „Zitat“ „Zitat“'])
@example(['aa aa aa <a href="https://www.news.example/a_b?q=1&amp;x=www.news">a_b</a> ]('])  # no break before "]"
def test_gettext_wraps_urls_markup_and_punctuation_as_we_do(msgids):
    """HTML msgids hold URLs and tags: gettext also breaks after . , : ; / ? ! before a letter,
    and never after an opening `(` or `„`, nor between `“` and a following `„` (UAX #14)."""
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgid in msgids:
        catalog.append(polib.POEntry(msgid=msgid, msgstr=msgid))
    text = pofile.dumps(catalog)
    result = subprocess.run(["msgcat", "-"], input=text, capture_output=True, text=True)
    assert result.stdout == text


def same_without_dates(catalog, other) -> bool:
    """without_dates of both catalogs' whole texts, compared line by line as they are written."""
    def undated(catalog):
        return [piece for line in po.serialized_lines(catalog) for piece in line.split("\n")
                if not piece.startswith(pofile.DATED_LINES)]
    return undated(catalog) == undated(other)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(catalogs(), catalogs(), st.sampled_from(["2026-11-26 08:00+0000", None]))
def test_a_catalog_written_a_line_at_a_time_is_the_text_we_write(tmp_path, catalog, other, date):
    """Issue 17: the PO text is streamed to its file, never held whole; same bytes, and the
    re-run's line-by-line compare says what the compare of the whole texts said."""
    path = tmp_path / "a.po"
    atomic_write_lines(path, po.serialized_lines(catalog))
    assert path.read_bytes() == pofile.dumps(catalog).encode("utf-8")
    redated = copy.deepcopy(catalog)
    if date:
        redated.metadata["PO-Revision-Date"] = date
    for theirs in (other, redated):
        expected = po.without_dates(pofile.dumps(catalog)) == po.without_dates(pofile.dumps(theirs))
        assert same_without_dates(catalog, theirs) == expected
        assert (pofile.undated_digest(catalog) == pofile.undated_digest(theirs)) == expected  # how a re-run compares
    assert same_without_dates(catalog, redated)


_planned = st.lists(st.tuples(_word_soup, st.one_of(st.none(), _word_soup), st.booleans()), max_size=5,
                    unique_by=lambda drawn: drawn[0])


@settings(max_examples=40, deadline=None)
@given(catalogs(), _planned)
def test_a_new_catalog_writes_what_a_polib_catalog_of_the_same_entries_writes(catalog, planned_data):
    """Issue 17: the catalog a run writes makes its POEntries as they are read (never all held);
    written and read, it is the polib catalog of those entries: obsolete ones last, untranslated
    obsolete ones dropped, the header as given."""
    planned = [po.PlannedEntry(po.Key(msgid, "heading" if number % 2 else None), [f"gross.txt:{number}"],
                               ["paragraph 1"], "de", msgstr=msgstr, fuzzy=fuzzy, flags=("no-wrap",) * (number % 3 == 1),
                               translator_comment="geprüft" * (number % 3 == 2))
               for number, (msgid, msgstr, fuzzy) in enumerate(planned_data)]
    new = po.make_catalog(planned, list(catalog), dict(catalog.metadata))
    whole = polib.POFile()
    whole.metadata = dict(catalog.metadata)
    for entry in [*map(po.po_entry, planned), *catalog]:
        whole.append(entry)
    assert pofile.dumps(new) == pofile.dumps(whole)
    assert po.translations(new) == po.translations(whole)

    def said(entry) -> tuple:  # what pipeline.human_work reads of an entry
        return (entry.msgid, entry.msgctxt, entry.msgstr, list(entry.flags), entry.tcomment, entry.msgid_plural,
                entry.obsolete)

    assert [said(entry) for entry in new.translated_entries()] == [said(entry) for entry in whole]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(), max_size=5), st.one_of(st.none(), st.binary(max_size=12), st.just(b"same")))
def test_parts_are_written_only_when_the_file_holds_something_else(parts, old):
    """Issue 17: a big article's text goes to its file a part at a time, compared with the old
    file first; a file that already holds it is left alone, mtime and all."""
    new = "".join(parts).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "artikel.txt"
        if old is not None:
            path.write_bytes(new if old == b"same" else old)
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))
        changed = write_parts_if_changed(path, lambda: iter(parts))
        assert path.read_bytes() == new
        assert changed == (old is None or (old != b"same" and old != new))
        if not changed:
            assert path.stat().st_mtime_ns == 1_000_000_000
        assert [p.name for p in Path(folder).iterdir()] == ["artikel.txt"]  # no temporary left behind


@pytest.mark.parametrize("msgstr", [
    "\\n0",  # a backslash before "n" is not a newline: no forced break
    "aaa <a href=\"https://x.example/a_b?q=1&amp;x=x\">a_b</a> <a href=\"https://x.example/a_b?q=1&amp;x=x\">a_b</a> "
    "aaa aaaaa aaaaaa aaaaaaaaa „Zitat“ „Zitat“",  # no break between a quotation mark and an opening one
    "a" * 66 + "xx bbbb» (cccc dd",
    "x" * 58 + " [dieser Seite](https://example.com/live) und weiter geht es mit dem Text.",
    "x" * 60 + " (eins)(zwei) {eins}{zwei} (eins)[zwei] [eins]„zwei“ und weiter geht es mit dem Text.",
], ids=["backslash-n", "quotes", "guillemet-parenthesis", "markdown-link", "closing-opening"])
def test_strings_hypothesis_found_are_laid_out_as_msgcat_does(msgstr):
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="x", msgstr=msgstr))
    text = pofile.dumps(catalog)
    assert subprocess.run(["msgcat", "-"], input=text, capture_output=True, text=True).stdout == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalogs())
def test_a_catalog_read_a_line_at_a_time_is_the_one_we_wrote(tmp_path, catalog):
    """`load` streams the file to polib (a re-run held the PO text three times); it must read
    what polib reads from the whole text, for any catalog we write."""
    path = tmp_path / "a.po"
    text = pofile.dumps(catalog)
    path.write_text(text, encoding="utf-8")
    if any(separator in text for separator in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\r"):
        return  # polib's str.splitlines() breaks lines there; gettext and a file read do not
    def fields(po):
        return [(e.msgid, e.msgstr, e.msgctxt, e.comment, e.tcomment, e.occurrences, e.flags, e.previous_msgid,
                 e.obsolete, e.linenum) for e in po]
    assert fields(pofile.load(path, "a.po")) == fields(polib.pofile(text, wrapwidth=pofile.PAGE_WIDTH))


def test_a_line_separator_inside_a_string_is_text_not_a_line_break(tmp_path):
    """Poedit or Weblate may save U+2028 in a translation; gettext reads it as a character.
    Given the whole text, polib split the string there and the catalog could not be read."""
    path = tmp_path / "a.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Zwei Zeilen"\nmsgstr "two\u2028lines"\n', encoding="utf-8")
    assert pofile.load(path, "a.po").find("Zwei Zeilen").msgstr == "two\u2028lines"


# -- what an update reads of the existing file (issue 17: a re-run's memory) -------------------

_sentence = st.builds(lambda first, words, end: " ".join([first, *words]) + end,
                      st.sampled_from(["Der", "Die", "Ein", "Das", "Heute", "Moskau", "Wien"]),
                      st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=1, max_size=8),
                               min_size=1, max_size=6), st.sampled_from([".", "!", "?"]))
_NOTES = ["", "paragraph 3", "paragraph 2\nfallback: protected spans", "heading 1\nglossary: Moskau -> Moscow\ncheck: "
          "numbers", "list 1\nqa: numbers: 312 -> 321"]
_FLAGS = [[], ["fuzzy"], ["fuzzy", "no-wrap"], ["no-wrap"], ["python-format", "fuzzy"]]


@st.composite
def editors_catalogs(draw) -> polib.POFile:
    """Catalogs as an editor leaves them: edited, reviewed and fuzzy entries, translator
    comments, a run's notes, previous msgids, entries obsolete by the run or by hand, flags
    other tools add, a header comment, a fuzzy header and now and then a plural entry."""
    catalog = polib.POFile()
    catalog.header = draw(st.sampled_from(["", "Translators: Anna", "Titel\nCopyright (C) 2026 Redaktion"]))
    catalog.metadata = {"Project-Id-Version": "gross.txt", "Language": "en", "Last-Translator": draw(_word_soup),
                        "Language-Team": "English", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
                        "Content-Transfer-Encoding": "8bit", "Plural-Forms": "nplurals=2; plural=(n != 1);",
                        "PO-Revision-Date": "2026-11-26 08:00+0000"}
    catalog.metadata_is_fuzzy = draw(st.sampled_from([[], ["fuzzy"]]))
    keys = draw(st.lists(st.tuples(_sentence, st.sampled_from([None, None, "heading", "list"])), min_size=1,
                         max_size=8, unique=True))
    for number, (msgid, msgctxt) in enumerate(keys):
        obsolete = draw(st.booleans())
        if draw(st.integers(0, 9)) == 0:  # an editor's plural entry
            catalog.append(polib.POEntry(msgid=msgid, msgid_plural=msgid + " (n)", msgctxt=msgctxt, obsolete=obsolete,
                                         msgstr_plural={0: draw(_word_soup), 1: draw(st.sampled_from(["", "zwei"]))},
                                         occurrences=[] if obsolete else [("gross.txt", str(number))]))
            continue
        previous_msgid = draw(st.one_of(st.none(), _sentence))
        catalog.append(polib.POEntry(
            msgid=msgid, msgctxt=msgctxt, obsolete=obsolete,
            # gettext refuses a msgstr that begins or ends with a newline its msgid does not
            msgstr=draw(st.one_of(st.just(""), _text.filter(lambda s: s[0] != "\n" and s[-1] != "\n"), _word_soup)),
            comment=draw(st.sampled_from(_NOTES)),
            tcomment=draw(st.sampled_from(["", "checked by Anna", "line one\nline two"])),
            occurrences=[] if obsolete else [("gross.txt", str(line)) for line in draw(st.lists(st.integers(1, 99),
                                                                                                 max_size=3))],
            flags=list(draw(st.sampled_from(_FLAGS))),
            previous_msgid=previous_msgid,  # gettext has a previous msgctxt only before a previous msgid
            previous_msgctxt=draw(st.sampled_from([None, None, "heading"])) if previous_msgid else None,
        ))
    return catalog


def _written(catalog: polib.POFile, layout: str) -> str:
    """The catalog as we write it, or as polib (another editor's tool) lays it out."""
    return pofile.dumps(catalog) if layout == "ours" else str(catalog)


def _as_an_update_reads_it(entry) -> tuple:
    return (entry.msgid, entry.msgctxt, entry.msgstr, list(entry.flags), entry.tcomment or "", pofile.notes(entry),
            bool(entry.obsolete), entry.previous_msgid, entry.previous_msgctxt, entry.msgid_plural,
            dict(entry.msgstr_plural), entry.previous_msgid_plural)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalog=editors_catalogs(), layout=st.sampled_from(["ours", "polib"]))
def test_an_update_reads_of_an_existing_file_what_it_read_of_polibs_catalog(tmp_path, catalog, layout):
    """`load_existing` keeps each entry in a light record made as polib reads it: every field an
    update reads is what polib's catalog (`load`) holds, and the digest is that of the text we
    would write of that catalog, dates aside."""
    path = tmp_path / "a.po"
    path.write_text(_written(catalog, layout), encoding="utf-8")
    full, light = pofile.load(path, "a.po"), pofile.load_existing(path, "a.po")
    assert [_as_an_update_reads_it(e) for e in light] == [_as_an_update_reads_it(e) for e in full]
    assert (light.header, light.metadata, light.metadata_is_fuzzy) == (full.header, full.metadata,
                                                                       full.metadata_is_fuzzy)
    assert light.digest == pofile.undated_digest(full)
    assert [pofile.entry_lines(e) for e in light.obsolete_entries()] == [pofile.entry_lines(e)
                                                                          for e in full.obsolete_entries()]


def _article(sentences: list[str]):
    from uebersetzer.parse import parse
    from uebersetzer.read import SourceText
    from uebersetzer.segment import segment_article
    text = "\n\n".join(["Titel der Meldung", *sentences]) + "\n"
    return segment_article(parse(SourceText(Path("gross.txt"), "gross.txt", text, "\n", "utf-8")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalog=editors_catalogs(), layout=st.sampled_from(["ours", "polib"]), data=st.data())
def test_a_re_run_writes_from_the_light_records_what_it_wrote_from_polibs_catalog(tmp_path, catalog, layout, data):
    """The same plan, the same written catalog, byte for byte, and the same decision whether
    the file changed, whether the existing file is read as polib entries or as light records;
    for an article that keeps, edits, drops and adds sentences."""
    from uebersetzer.pipeline import human_work
    path = tmp_path / "a.po"
    path.write_text(_written(catalog, layout), encoding="utf-8")
    msgids = list(dict.fromkeys(e.msgid for e in catalog))
    kept = data.draw(st.lists(st.sampled_from(msgids), max_size=8))
    edited = [msgid.replace(" ", " sehr ", 1) for msgid in data.draw(st.lists(st.sampled_from(msgids), max_size=3))]
    article = _article(data.draw(st.permutations(kept + edited + data.draw(st.lists(_sentence, max_size=3)))))
    now = po.header("en", "de", "gross.txt")
    written = []
    for existing in (pofile.load(path, "a.po"), pofile.load_existing(path, "a.po")):
        human = {unit.source for unit in human_work(existing, article, "en", None)}
        if isinstance(existing, pofile.ExistingCatalog):  # handed over as the pipeline does
            planned, obsolete = po.plan_catalog(article, existing.drain(), lambda e: po.is_reviewed(e) or e.msgid in human)
            assert not existing.entries
            unchanged = pofile.undated_digest(po.make_catalog(planned, obsolete, dict(now), existing)) == existing.digest
        else:
            planned, obsolete = po.plan_catalog(article, existing, lambda e: po.is_reviewed(e) or e.msgid in human)
            unchanged = same_without_dates(po.make_catalog(planned, obsolete, dict(now), existing), existing)
        new = po.make_catalog(planned, obsolete, dict(now), existing)
        written.append((planned, pofile.dumps(new), unchanged, human_work(new, article, "en", None)))
    assert written[0] == written[1]


@pytest.mark.broken_po
def test_a_duplicate_is_refused_by_an_update_as_by_load(tmp_path):
    path = tmp_path / "a.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Satz."\nmsgstr "A"\n\n'
                    '#~ msgid "Satz."\n#~ msgstr "B"\n', encoding="utf-8")
    with pytest.raises(Exception) as by_load:
        pofile.load(path, "a.po")
    with pytest.raises(Exception) as by_update:
        pofile.load_existing(path, "a.po")
    assert str(by_update.value) == str(by_load.value) == ("a.po:7: duplicate message definition of 'Satz.' (first "
                                                          "defined at a.po:4); merge the two entries into one, then "
                                                          "run again")


@pytest.mark.broken_po  # msgfmt calls the second header a duplicate; `load` lets it through (not changed here)
def test_a_file_with_two_header_entries_is_read_by_an_update_as_polib_reads_it(tmp_path):
    """Two entries with an empty msgid: polib takes the last as the header and keeps the other;
    the update's reading follows it there too (the rare path)."""
    path = tmp_path / "a.po"
    path.write_text('msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "Satz."\nmsgstr "A"\n\n'
                    'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    full, light = pofile.load(path, "a.po"), pofile.load_existing(path, "a.po")
    assert [_as_an_update_reads_it(e) for e in light] == [_as_an_update_reads_it(e) for e in full]
    assert light.metadata == full.metadata == {"Content-Type": "text/plain; charset=UTF-8"}
    assert light.digest == pofile.undated_digest(full)


# -- files msgfmt refuses are refused (the try-out's editors' files) ---------------------------

_HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _msgfmt_accepts(path: Path) -> bool:
    return subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True).returncode == 0


def _our_verdict(path: Path) -> list[str]:
    """The one-line errors `load` and `load_existing` give for the file ([] when both read it)."""
    errors = []
    for read in (pofile.load, pofile.load_existing):
        try:
            read(path, "a.po")
        except ArticleError as error:
            errors.append(str(error))
    return errors


@pytest.mark.broken_po
@pytest.mark.parametrize("body, line", [
    ('# Anna: checked\nmsgid "Satz."\n# Anna: checked\nmsgstr "A"\n', 6),
    ('msgctxt "heading"\n# Anna\nmsgid "Satz."\nmsgstr "A"\n', 5),
    ('msgid "Satz."\n#. teaser\nmsgstr "A"\n', 5),
    ('msgid "Satz."\n#| msgid "Satz"\nmsgstr "A"\n', 5),
    ('msgid "Satz."\nmsgstr ""\n# Anna\n"A"\n', 6),
    ('msgid "Satz."\nmsgid_plural "Sätze."\n# Anna\nmsgstr[0] "A"\nmsgstr[1] "B"\n', 6),
    ('msgid "Satz."\nmsgid_plural "Sätze."\nmsgstr[0] "A"\n# Anna\n\nmsgstr[1] "B"\n', 7),
    ('#~ msgid "Satz."\n# Anna\n#~ msgstr "A"\n', 5),
])
def test_a_comment_inside_an_entry_is_refused_as_msgfmt_refuses_it(tmp_path, body, line):
    path = tmp_path / "a.po"
    path.write_text(_HEADER + body, encoding="utf-8")
    assert not _msgfmt_accepts(path)
    errors = _our_verdict(path)
    assert len(errors) == 2 and errors[0] == errors[1]
    assert errors[0].startswith(f"a.po:{line}: broken PO file (a comment line inside an entry")
    assert "move the comment above the entry's msgctxt or msgid" in errors[0] and "\n" not in errors[0]


@pytest.mark.parametrize("body", [
    '# Anna\nmsgid "Satz."\nmsgstr "A"\n# Anna: next\nmsgid "Satz 2."\nmsgstr "B"\n',
    '#| msgid "Satz"\nmsgid "Satz."\nmsgstr ""\n"A"\n\n#~ msgid "Alt."\n#~ msgstr "C"\n',
    'msgid "Satz."\n\nmsgstr "A"\n',
    '# Anna: C:\\q and \\x\nmsgid "Satz."\nmsgstr "A\\a\\t"\n',
])
def test_comments_where_msgfmt_allows_them_are_read(tmp_path, body):
    path = tmp_path / "a.po"
    path.write_text(_HEADER + body, encoding="utf-8")
    assert _msgfmt_accepts(path) and _our_verdict(path) == []


def _gettext_strings(path: Path, tmp_path: Path) -> dict[str, str]:
    """What GNU gettext makes of the file's strings: compiled by msgfmt and read from the MO file,
    which holds them without escapes."""
    compiled = tmp_path / "a.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(path)], check=True, capture_output=True)
    return {entry.msgid: entry.msgstr for entry in polib.mofile(str(compiled)) if entry.msgid}


_ESCAPE_TAILS = st.text(alphabet="0123478aFxy", max_size=3)


@pytest.mark.broken_po
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(character=st.characters(max_codepoint=127, blacklist_characters="\n\r"), tail=_ESCAPE_TAILS)
@example(character="q", tail="")
@example(character="a", tail="")
@example(character="4", tail="")
@example(character="x", tail="41")
@example(character="1", tail="01")
def test_an_escape_is_refused_exactly_when_msgfmt_refuses_it(tmp_path, character, tail):
    """A backslash and any ASCII character (a backslash before a line end, gettext's line
    continuation, is left out: we refuse it, msgfmt joins the lines). Octal and hex escapes,
    which msgfmt accepts and polib would read as a backslash and digits, are refused too,
    saying why; every other file msgfmt accepts is read with gettext's strings."""
    path = tmp_path / "a.po"
    msgstr = f"x\\{character}{tail}y"
    path.write_bytes((_HEADER + f'msgid "Satz."\nmsgstr "{msgstr}"\n').encode("utf-8"))
    errors = _our_verdict(path)
    octal_or_hex = re.match(r"[0-7]|x[0-9A-Fa-f]", character + tail) is not None
    if not _msgfmt_accepts(path):
        assert len(errors) == 2 and errors[0].startswith("a.po:5: broken PO file"), errors
    elif octal_or_hex:
        escape = re.match(r"x[0-9A-Fa-f]+|[0-7]{1,3}", character + tail).group()
        nul = int(escape[1:], 16) == 0 if escape[0] == "x" else int(escape, 8) == 0
        assert len(errors) == 2 and ("is a NUL byte" if nul else "write the character itself") in errors[0], errors
    else:
        assert errors == [], errors
        assert pofile.load(path, "a.po").find("Satz.").msgstr == _gettext_strings(path, tmp_path)["Satz."]


@pytest.mark.broken_po
@pytest.mark.parametrize("msgstr_line, says", [
    ('msgstr "Die Kanzlerin \\\n', 'the string is not closed: the line ends in a backslash'),
    ('msgstr "x\\0y"\n', "the escape \\0 is a NUL byte"),
    ('msgstr "x\\000y"\n', "the escape \\000 is a NUL byte"),
])
def test_a_string_cut_after_a_backslash_and_a_nul_escape_are_named_for_what_they_are(tmp_path, msgstr_line, says):
    path = tmp_path / "a.po"
    path.write_text(_HEADER + 'msgid "Satz."\n' + msgstr_line, encoding="utf-8")
    errors = _our_verdict(path)
    assert len(errors) == 2 and errors[0].startswith("a.po:5: broken PO file (" + says), errors
    assert "invalid escape" not in errors[0] and "\n" not in errors[0]


def _wrap_line_unit_by_unit(units: list[str], width: int) -> list[str]:
    """The wrapping as it was written first, asking each unit in turn: the reference of
    pofile._wrap_line, which finds the same breaks by bisection."""
    lines: list[str] = []
    start = 0
    while start < len(units):
        used, last_break, index = 0, -1, start
        while index < len(units):
            used += pofile._width(units[index])
            if used > width and last_break >= start:
                break
            if pofile._break_after(units, index):
                last_break = index
            index += 1
        end = len(units) if index >= len(units) else last_break + 1
        lines.append("".join(units[start:end]))
        start = end
    return lines


_WRAPPED = st.lists(st.sampled_from(list("aZ9 -.,:;/?!(„“«»\"'¡¿[") + ["\n", "\t", "\\", "漢", "ｗ", "e\u0301", "  "]),
                    max_size=120).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_WRAPPED, width=st.integers(min_value=1, max_value=30))
def test_wrapping_by_bisection_breaks_where_the_unit_by_unit_loop_does(text: str, width: int) -> None:
    units = pofile._units(text)
    assert pofile._wrap_line(units, width) == _wrap_line_unit_by_unit(units, width)


def _string_lines_unit_by_unit(text: str, first_prefix_width: int, line_prefix_width: int = 0) -> list[str]:
    """pofile._string_lines as it was: every logical line cut into units and wrapped by
    _wrap_line; the reference of its shortcut for a line that is ASCII and fits."""
    whole = text.translate(pofile._ESCAPE_TABLE)
    units = pofile._units(text)
    if "\n" not in text[:-1] and first_prefix_width + sum(map(pofile._width, units)) + 2 <= pofile.PAGE_WIDTH:
        return [whole]
    cuts = [index + 1 for index, unit in enumerate(units) if unit == "\\n"]
    lines = [""]
    for start, end in zip([0, *cuts], [*cuts, len(units)]):
        if units[start:end]:
            lines += pofile._wrap_line(units[start:end], pofile.PAGE_WIDTH - 2 - line_prefix_width)
    return lines


_STRINGS = st.lists(st.sampled_from(list("aZ9 -.,:;/?!(„“«»\"'[") + ["\n", "\t", "\\", "漢", "ｗ", "é", "  ",
                                                                      "Content-Type: text/plain; charset=UTF-8",
                                                                      "x" * 30]), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=_STRINGS, first=st.integers(min_value=0, max_value=20), prefix=st.integers(min_value=0, max_value=4))
def test_a_line_that_fits_is_written_as_the_wrapping_writes_it(text: str, first: int, prefix: int) -> None:
    assert pofile._string_lines(text, first, prefix) == _string_lines_unit_by_unit(text, first, prefix)


def _undated_text_piece_by_piece(lines: list[str]) -> str:
    """What _UndatedHash.add hashes, as it was: every line split at its newlines, the dated ones dropped."""
    return "".join(f"{piece}\n" for line in lines for piece in line.split("\n")
                   if not piece.startswith(pofile.DATED_LINES))


@settings(max_examples=500, deadline=None)
@given(lines=st.lists(st.lists(st.sampled_from(['"POT-Creation-Date: 2026', '"PO-Revision-Date:', "\n", "a", '"',
                                                "msgid ", "#. x", ""]), max_size=6).map("".join), max_size=6))
def test_the_undated_digest_drops_the_date_lines_and_nothing_else(lines: list[str]) -> None:
    import hashlib

    digest = pofile._UndatedHash()
    digest.add(iter(lines))
    wanted = hashlib.blake2b(_undated_text_piece_by_piece(lines).encode("utf-8", "surrogatepass"), digest_size=32)
    assert digest.digest() == wanted.digest()


@pytest.mark.broken_po
def test_a_byte_order_mark_is_named_for_what_it_is(tmp_path):
    """A BOM is invisible in an editor, and msgfmt refuses the file too: the line says what it is."""
    path = tmp_path / "a.po"
    path.write_bytes(b"\xef\xbb\xbf" + (_HEADER + 'msgid "Satz."\nmsgstr "A"\n').encode("utf-8"))
    assert not _msgfmt_accepts(path)
    errors = _our_verdict(path)
    assert len(errors) == 2 and errors[0] == errors[1] == (
        "a.po:1: starts with a byte-order mark (BOM), which gettext does not read; save it as UTF-8 without BOM")


def test_a_note_a_tool_wrapped_onto_two_comment_lines_is_carried_on_whole():
    """polib writes a long `#. fallback: …` as two `#.` lines; the next run kept only the first."""
    note = ("fallback: the engine lost '{1}'; translated piecewise around protected text, which a model "
            "would otherwise have dropped")
    entry = polib.POEntry(msgid="Satz.", msgstr="Sentence.", comment="paragraph 1\n" + note + "\nqa: length: long")
    wrapped = polib.pofile(polib.POFile(wrapwidth=79).__unicode__() + "\n" + entry.__unicode__(wrapwidth=79))
    [read] = [e for e in wrapped if e.msgid]
    assert len(read.comment.split("\n")) > 3  # polib did wrap it
    assert pofile.notes(read) == (note,)
    assert pofile.ExistingEntry.of(read).notes == (note,)


@pytest.mark.broken_po
def test_a_broken_po_file_is_named_once_in_its_line(tmp_path):
    """polib says "Syntax error in po file PATH": after "en/a.po:5: broken PO file" the path
    came twice in one line, the second time as the run saw it (o10/en/kaputt.de.po)."""
    path = tmp_path / "a.po"
    path.write_text(_HEADER + 'msgid "Satz."\nmsgstr "Sentence."\nmsgstr "Doppelt."\n', encoding="utf-8")
    errors = _our_verdict(path)
    assert errors and errors[0].startswith("a.po:") and "broken PO file" in errors[0], errors
    assert errors[0].count("a.po") == 1 and str(tmp_path) not in errors[0], errors
