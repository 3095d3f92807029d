"""Read stage: legacy code pages, declared charsets, --encoding, and UTF-16 without a byte-order mark.

The rule (README "Encodings"): a byte-order mark; UTF-16 without one; UTF-8; --encoding; the
charset the article declares; else a guess, said in one warning, or refused in one line when it
cannot be told. Real text from ../shared/data/flores-dev where it is there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench import flores_articles
from uebersetzer.errors import ArticleError
from uebersetzer.read import ArticleFile, decode, read_article

RUSSIAN = "Заголовок новости\n\nВстреча пройдёт в Москве. Так он сказал.\n"
ARABIC = "عنوان الخبر اليوم\n\nوصل الوزير إلى الرياض أمس. وقال إن الاجتماعات مهمة جدا للبلدين.\n"
GREEK = "Ειδήσεις της ημέρας\n\nΟ υπουργός έφτασε χθες στην Αθήνα. Είπε ότι η συνάντηση ήταν σημαντική.\n"
needs_flores = pytest.mark.skipif(not flores_articles.available(),
                                  reason=f"FLORES data not found at {flores_articles.FLORES} (../shared is absent)")


def translate(run, *paths: Path, out: Path, extra: tuple[str, ...] = ()):
    return run("translate", *map(str, paths), "--to", "en", "--engine", "pseudo", "--out", str(out), "--json", *extra)


def html_page(body: str, head: str) -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>\n"


def test_a_legacy_code_page_is_read_in_it_and_the_run_says_which(run, tmp_path):
    article = tmp_path / "ru.txt"
    article.write_bytes(RUSSIAN.encode("cp1251"))
    result = run("detect", str(article))
    assert result.code == 0, result.err
    assert result.out.split("\t")[1] == "ru"  # it was "vi" as cp1252 mojibake, and "no model for vi -> en" followed
    assert result.err.splitlines() == [f"warning: {article}: not UTF-8 and declares no charset; read as windows-1251 "
                                       "(a guess: pass --encoding to name another); the outputs are written as UTF-8"]


def test_the_missing_model_named_is_the_articles_language_not_its_mojibakes(run, tmp_path, package_folder,
                                                                           monkeypatch):
    """t7: a windows-1251 article read as windows-1252 was "vi", and the run said to install vi -> en."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(package_folder))  # de -> en only
    article = tmp_path / "ru.txt"
    article.write_bytes(RUSSIAN.encode("cp1251"))
    result = run("translate", str(article), "--to", "en", "--out", str(tmp_path / "out"), "--quiet")
    assert result.code == 1
    assert "no model for ru -> en" in result.err and " vi " not in result.err


@pytest.mark.parametrize("head, label, encoding", [
    ('<meta charset="windows-1256">', "windows-1256", "cp1256"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', "windows-1256", "cp1256"),
    ('<meta charset="ISO-8859-6">', "ISO-8859-6", "iso8859_6"),
])
def test_the_charset_an_html_page_declares_is_read_and_the_output_says_utf8(run, tmp_path, head, label, encoding):
    page = tmp_path / "a.html"
    page.write_bytes(html_page("قال المتحدث إنه سيأتي.", head).encode(encoding))
    result = translate(run, page, out=tmp_path / "out")
    assert result.code == 0, result.err
    output = (tmp_path / "out" / "en" / "a.html").read_text(encoding="utf-8")
    assert "قال المتحدث إنه سيأتي." in output and "charset=utf-8" in output.replace('"', "").replace(" ", "")
    assert 'msgid "قال المتحدث إنه سيأتي."' in (tmp_path / "out" / "en" / "a.po").read_text(encoding="utf-8")
    assert json.loads(result.out)["warnings"] == [f"{page}: declares charset {label}, read in it; the output is "
                                                  "UTF-8 and says so"]


def test_an_xml_declaration_says_an_xhtml_pages_encoding(tmp_path):
    page = tmp_path / "a.xhtml"
    text = '<?xml version="1.0" encoding="ISO-8859-7"?>\n' + html_page("Ο υπουργός έφτασε.", "")
    page.write_bytes(text.encode("iso8859_7"))
    source = read_article(ArticleFile(page, "a.xhtml"))
    assert (source.text, source.encoding, source.warning) == (text, "iso8859-7", "")


def test_a_declared_charset_the_bytes_break_is_refused_in_one_line(run, tmp_path):
    page = tmp_path / "a.html"
    data = html_page("x", '<meta charset="shift_jis">').encode() + b"<p>\x81\x20</p>"
    page.write_bytes(data)
    result = translate(run, page, out=tmp_path / "out")
    assert result.code == 1
    assert result.err.splitlines() == [f"error: {page}: declares charset shift_jis but is not: illegal multibyte "
                                       f"sequence at byte {data.index(bytes([0x81]))}; fix the declaration, or pass "
                                       "--encoding with the encoding it is in"]


def test_a_page_declaring_a_legacy_charset_but_written_in_utf8_is_read_as_utf8(run, tmp_path):
    page = tmp_path / "a.html"
    page.write_text(html_page("Die Größe zählt.", '<meta charset="iso-8859-1">'), encoding="utf-8")
    result = translate(run, page, out=tmp_path / "out", extra=("--from", "de"))
    assert result.code == 0, result.err
    # named as the page writes it: a search of the file for windows-1252 finds nothing
    assert json.loads(result.out)["warnings"] == [f"{page}: declares charset iso-8859-1, but is UTF-8; read as "
                                                  "UTF-8, the outputs say UTF-8"]
    assert 'msgid "Die Größe zählt."' in (tmp_path / "out" / "en" / "a.po").read_text(encoding="utf-8")


@pytest.mark.parametrize("head, label", [
    ('<meta charset=iso-8859-1>', "iso-8859-1"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "ISO-8859-1"),
    ("<meta charset='Latin1'>", "Latin1"),
])
def test_a_label_browsers_read_as_another_encoding_is_named_as_written_and_as_read(run, tmp_path, head, label):
    """iso-8859-1 was reported as windows-1252 (the WHATWG encoding browsers decode it as), a
    name the file does not hold; now both: what the file says, and what its bytes were read as
    (the two differ in 0x80-0x9F: curly quotes and the euro sign in windows-1252)."""
    page = tmp_path / "a.html"
    page.write_bytes(html_page("„Die Größe zählt“, sagt er – 5 €.", head).encode("cp1252"))
    result = translate(run, page, out=tmp_path / "out", extra=("--from", "de"))
    assert result.code == 0, result.err
    assert json.loads(result.out)["warnings"] == [f"{page}: declares charset {label}, read as windows-1252, as "
                                                  "browsers do; the output is UTF-8 and says so"]
    assert 'msgid "„Die Größe zählt“, sagt er – 5 €."' in (tmp_path / "out" / "en" / "a.po").read_text("utf-8")
    data = html_page("Die Größe", head).encode("cp1252") + b"<p>\x81</p>"  # a byte windows-1252 leaves undefined
    page.write_bytes(data)
    result = translate(run, page, out=tmp_path / "out", extra=("--from", "de"))
    assert result.code == 1
    assert result.err.splitlines() == [f"error: {page}: declares charset {label} (read as windows-1252, as browsers "
                                       "do) but is not windows-1252: character maps to <undefined> at byte "
                                       f"{data.index(bytes([0x81]))}; fix the declaration, or pass --encoding with "
                                       "the encoding it is in"]


def test_a_guess_that_cannot_be_told_is_refused_and_encoding_names_it(run, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes("Señal\n".encode("cp1252"))  # ñ or windows-1250's ń: one letter cannot tell
    (folder / "b.txt").write_text(GREEK, encoding="utf-8")  # --encoding is for what is not UTF-8
    result = translate(run, folder, out=tmp_path / "out")
    assert result.code == 1
    [line] = [line for line in result.err.splitlines() if "a.txt" in line]
    assert re.fullmatch(re.escape(f"error: {folder / 'a.txt'}: not UTF-8 and declares no charset, and its encoding "
                                  "cannot be told (windows-1252 or ") + r"[\w-]+" + re.escape(
                                      "); pass --encoding with the one it is in, e.g. --encoding windows-1252"), line)
    result = translate(run, folder, out=tmp_path / "out", extra=("--encoding", "windows-1252"))
    assert result.code == 0, result.err
    assert not [line for line in json.loads(result.out)["warnings"] if "charset" in line]
    assert 'msgid "Señal"' in (tmp_path / "out" / "en" / "a.po").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "en" / "b.txt").read_text(encoding="utf-8").count("[") == 3


def test_encoding_wins_over_a_declaration_and_a_wrong_one_is_one_line(run, tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(html_page("Встреча пройдёт в Москве.", '<meta charset="windows-1252">').encode("koi8_r"))
    assert read_article(ArticleFile(page, "a.html", encoding="koi8_r")).text.count("Москве") == 1
    result = translate(run, page, out=tmp_path / "out", extra=("--encoding", "shift_jis"))
    assert result.code == 1 and len(result.err.splitlines()) == 1
    assert result.err.startswith(f"error: {page}: is not shift_jis (--encoding): illegal multibyte sequence at byte")
    result = translate(run, page, out=tmp_path / "out", extra=("--encoding", "klingon"))
    assert (result.code, result.err.strip()) == (2, "uebersetzer: error: --encoding klingon: not an encoding; name "
                                                    "one such as windows-1256, koi8-r, shift_jis or gb18030")


def _review_all(po_path: Path) -> None:
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgstr = f"reviewed {entry.msgid}"
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()


def test_reviewed_entries_survive_the_article_delivered_again_in_its_legacy_code_page(run, tmp_path):
    article = tmp_path / "ar1.txt"
    article.write_text(ARABIC, encoding="utf-8")
    out = tmp_path / "out"
    assert translate(run, article, out=out, extra=("--from", "ar")).code == 0
    po_path = out / "en" / "ar1.po"
    _review_all(po_path)
    reviewed = {(e.msgid, e.msgstr) for e in polib.pofile(str(po_path))}
    article.write_bytes(ARABIC.encode("cp1256"))  # the CMS delivers it again, in its code page
    result = translate(run, article, out=out, extra=("--from", "ar"))
    assert result.code == 0, result.err
    catalog = polib.pofile(str(po_path))
    assert {(e.msgid, e.msgstr) for e in catalog} == reviewed
    assert not catalog.obsolete_entries() and not catalog.fuzzy_entries()
    localized = (out / "en" / "ar1.txt").read_text(encoding="utf-8")
    assert all(msgstr in localized for _, msgstr in reviewed)


@pytest.mark.parametrize("codec, endian", [("utf-16-le", "little"), ("utf-16-be", "big")])
def test_utf16_without_a_byte_order_mark_is_read_as_such(run, tmp_path, codec, endian):
    article = tmp_path / "u.txt"
    article.write_bytes(ARABIC.encode(codec))
    result = translate(run, article, out=tmp_path / "out", extra=("--from", "ar"))
    assert result.code == 0, result.err
    assert json.loads(result.out)["warnings"] == [f"{article}: UTF-16 ({endian}-endian) without a byte-order mark; "
                                                  "read as such, the outputs are written as UTF-8"]
    assert 'msgid "وصل الوزير إلى الرياض أمس."' in (tmp_path / "out" / "en" / "u.po").read_text(encoding="utf-8")


def test_nul_bytes_that_are_no_utf16_are_still_a_binary_file():
    with pytest.raises(ArticleError, match="binary file"):
        decode(bytes(range(256)) * 4, "random.bin")
    with pytest.raises(ArticleError, match="binary file"):
        decode(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" * 20, "a.docx")


# Each language with a code page its desks used before UTF-8 (the scripts of the t7 report).
CODE_PAGES = (("ru", "cp1251"), ("ru", "koi8_r"), ("uk", "cp1251"), ("bg", "cp1251"), ("ar", "cp1256"),
              ("he", "cp1255"), ("el", "cp1253"), ("el", "iso8859_7"), ("ja", "shift_jis"), ("ja", "euc_jp"),
              ("zh", "gb18030"), ("ko", "euc_kr"), ("de", "cp1252"), ("fr", "cp1252"), ("cs", "cp1250"),
              ("pl", "cp1250"), ("tr", "cp1254"))


@pytest.fixture(scope="module")
def flores() -> dict[str, list[str]]:
    return {language: flores_articles.sentences(language) for language in {language for language, _ in CODE_PAGES}}


@needs_flores
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choice=st.sampled_from(CODE_PAGES), start=st.integers(0, 990), sentences=st.integers(3, 6))
def test_an_article_in_a_legacy_code_page_reads_as_its_utf8_form_or_is_refused(flores, choice, start, sentences):
    """Never mojibake: the guess reads the same text as the UTF-8 file, or says it cannot tell
    (then --encoding does); named by --encoding or declared, it always reads the same."""
    language, page = choice
    lines = flores[language][start:start + sentences]
    text = " ".join(lines[0].split()[:6]) + "\n\n" + " ".join(lines[1:]) + "\n"
    try:
        data = text.encode(page)
    except UnicodeEncodeError:
        assume(False)
    try:
        assert decode(data, "a.txt")[0] == text
    except ArticleError as error:
        assert "cannot be told" in error.message and "--encoding" in error.message
    assert decode(data, "a.txt", chosen=page)[0] == text
    page_bytes = html_page(text, f'<meta charset="{page}">').encode(page)
    assert decode(page_bytes, "a.html", declared=page)[0] == page_bytes.decode(page)


def test_an_article_copied_as_already_in_the_target_language_is_written_as_utf8(run, tmp_path):
    page = tmp_path / "a.html"
    page.write_bytes(html_page("Встреча пройдёт в Москве. Так он сказал.", '<meta charset="koi8-r">').encode("koi8_r"))
    result = run("translate", str(page), "--from", "ru", "--to", "ru", "--engine", "pseudo", "--out",
                 str(tmp_path / "out"), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["copied"] == [{"path": str(page), "target": "ru",
                                                 "reason": "already in the target language"}]
    assert (tmp_path / "out" / "ru" / "a.html").read_text(encoding="utf-8") == html_page(
        "Встреча пройдёт в Москве. Так он сказал.", '<meta charset="utf-8">')


def test_a_guess_is_made_on_the_lines_a_code_page_changes_however_much_ascii_comes_first():
    page = ("<html><head><script>" + "var x = 1;\n" * 600 + "</script></head><body><p>" + RUSSIAN
            + "</p></body></html>\n")
    text, encoding, warning = decode(page.encode("cp1251"), "a.html")
    assert (text, encoding) == (page, "cp1251") and "read as windows-1251 (a guess" in warning
