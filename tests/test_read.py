"""Read stage and the CLI's answers to bad input: one line, the right exit code, no traceback."""

from __future__ import annotations

import codecs

import pytest

from tests.conftest import ARTICLE

GERMAN = "Titel der Meldung\n\nDie Regierung trifft sich heute in Wien. Es geht um Größeres.\n"


def translate(run, *paths, out, extra=()):
    return run("translate", *paths, "--to", "en", "--engine", "pseudo", "--out", out, "--quiet", *extra)


@pytest.mark.parametrize("encoded, warned", [
    (codecs.BOM_UTF8 + GERMAN.encode(), False),
    (GERMAN.replace("\n", "\r\n").encode(), False),
    (GERMAN.replace("\n", "\r").encode(), False),
    (GERMAN.encode("cp1252"), True),
    (GERMAN.replace("\n", "\r\n").encode("latin-1"), True),
])
def test_encodings_and_line_ends_read_correctly(run, tmp_path, encoded, warned):
    article = tmp_path / "meldung.txt"
    article.write_bytes(encoded)
    result = translate(run, article, out=tmp_path / "out")
    assert result.code == 0, result.err
    po_text = (tmp_path / "out" / "en" / "meldung.po").read_text(encoding="utf-8")
    assert 'msgid "Es geht um Größeres."' in po_text
    output = (tmp_path / "out" / "en" / "meldung.txt").read_bytes()
    newline = b"\r\n" if b"\r\n" in encoded else (b"\r" if b"\r" in encoded else b"\n")
    assert output.count(newline) == encoded.count(newline)
    if warned:
        assert "meldung.txt: not UTF-8 and declares no charset; read as windows-1252 (a guess" in result.err
    else:
        assert "warning" not in result.err


@pytest.mark.parametrize("content, reason", [
    (b"", "empty article"),
    (b"  \n\t\n \n", "empty article"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    # a byte-order mark says the encoding: a byte that breaks it is named (it was an internal error for UTF-8)
    (codecs.BOM_UTF8 + b"Der Pr\xe4sident", "starts as UTF-8 (a byte-order mark) but is not: invalid continuation "
                                           "byte at byte 9; save it as UTF-8"),
    (codecs.BOM_UTF16_LE + "Der ".encode("utf-16-le") + b"\x00\xd8", "starts as UTF-16 (a byte-order mark) but is not"),
])
def test_unusable_files_are_refused_and_the_batch_goes_on(run, tmp_path, content, reason):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a_bad.txt").write_bytes(content)
    (folder / "b_good.txt").write_text(GERMAN, encoding="utf-8")
    result = translate(run, folder, out=tmp_path / "out")
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if line]
    assert lines == [f"error: {folder / 'a_bad.txt'}: {reason}" + lines[0].split(reason, 1)[1]]
    assert "Traceback" not in result.err
    assert (tmp_path / "out" / "en" / "b_good.txt").exists()


def test_missing_path_is_a_usage_error(run, tmp_path):
    result = translate(run, tmp_path / "nope.txt", out=tmp_path / "out")
    assert result.code == 2
    assert result.err.strip().splitlines() == [f"uebersetzer: error: {tmp_path / 'nope.txt'}: no such file or folder; "
                                               "name an article or a folder of articles"]


def test_unknown_language_is_a_usage_error(run, tmp_path):
    result = run("translate", ARTICLE, "--to", "english", "--engine", "pseudo", "--out", tmp_path)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "unknown language code 'english' for --to" in result.err


def test_unknown_source_language_is_a_usage_error(run, tmp_path):
    result = run("translate", ARTICLE, "--to", "en", "--from", "xx", "--engine", "pseudo", "--out", tmp_path)
    assert result.code == 2 and "unknown language code 'xx' for --from" in result.err


@pytest.mark.parametrize("args, message", [
    (("translate", "x.txt", "--to", "en", "--bogus"), "No such option '--bogus'"),
    (("translate", "x.txt"), "Missing option '--to'"),
    (("translate", "x.txt", "--to", "en", "--engine", "google"), "Invalid value for '--engine'"),
    (("frobnicate",), "No such command 'frobnicate'"),
])
def test_bad_options_give_one_line_and_exit_2(run, args, message):
    result = run(*args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert message in result.err
    assert "Traceback" not in result.err


def test_debug_shows_the_traceback(run, tmp_path):
    result = run("translate", tmp_path / "nope.txt", "--to", "en", "--debug")
    assert "Traceback" in result.err and result.code == 2  # then the line and code of the mistake, as without --debug
    assert result.err.splitlines()[-1].startswith("uebersetzer: error: ")


def test_unwritable_output_folder_is_one_line(run, tmp_path):
    blocker = tmp_path / "locales"
    blocker.mkdir()
    (blocker / "en").write_text("a file where a folder should be")
    article = tmp_path / "a.txt"
    article.write_text(GERMAN)
    result = run("translate", article, "--to", "en", "--engine", "pseudo", "--out", blocker)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.startswith("uebersetzer: error: ") and len(result.err.strip().splitlines()) == 1


def test_a_symlinked_folder_is_read_once_and_links_to_nothing_are_named(run, tmp_path):
    """A desk's shared folder linked into the articles' folder was passed over without a word
    (os.walk does not follow links by default), and so was a link that leads nowhere."""
    articles, shared = tmp_path / "in", tmp_path / "shared"
    (articles / "politik").mkdir(parents=True)
    shared.mkdir()
    (articles / "politik" / "a.txt").write_text(GERMAN, encoding="utf-8")
    (shared / "b.txt").write_text(GERMAN.replace("Wien", "Graz"), encoding="utf-8")
    (articles / "geteilt").symlink_to(shared)
    (articles / "politik" / "zurueck").symlink_to(articles)  # a loop back up the tree
    (articles / "weg.txt").symlink_to(tmp_path / "gone.txt")
    result = run("translate", articles, "--to", "en", "--engine", "pseudo", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "en" / "geteilt" / "b.po").is_file()  # named by the link's path
    assert (tmp_path / "out" / "en" / "politik" / "a.po").is_file()
    assert not (tmp_path / "out" / "en" / "politik" / "zurueck").exists()  # the loop is not walked
    warnings = [line for line in result.err.splitlines() if line.startswith("warning:")]
    assert any("weg.txt: a symbolic link to nothing" in line for line in warnings), result.err
    assert any("zurueck: a symbolic link to a folder that is read already" in line for line in warnings), result.err


@pytest.mark.parametrize("content, reason", [
    (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20, "binary file, not an article"),
    (b"", "empty article; nothing to translate"),
])
def test_read_article_names_an_unusable_file_by_its_display_name(tmp_path, content, reason):
    """The Python API (README "Using it from Python"): every error of read_article names the
    article as `display`, the name its outputs mirror; the command line names it as given."""
    from uebersetzer.errors import ArticleError
    from uebersetzer.read import ArticleFile, read_article

    path = tmp_path / "in" / "sub" / "x.txt"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(ArticleError) as raised:
        read_article(ArticleFile(path=path, display="sub/x.txt"))
    assert raised.value.path == "sub/x.txt" and str(raised.value).startswith(f"sub/x.txt: {reason}")
