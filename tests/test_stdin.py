"""`uebersetzer translate -`: one article from standard input, through the real CLI in a
subprocess (stdin and stdout are what is tested), the pseudo engine except for one
end-to-end run of the argos engine with the fixture model."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ARTICLE, entries

PSEUDO = ("--engine", "pseudo")
IN_DOMAIN = "Der Präsident trifft den Minister in Berlin."  # the fixture model's own domain
IN_DOMAIN_EN = "The president meets the minister in Berlin."


def piped(stdin: bytes, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`uebersetzer ARGS...` with `stdin` piped in."""
    return subprocess.run([sys.executable, "-m", "uebersetzer", *args], input=stdin, capture_output=True,
                          env={**os.environ, **(env or {})}, check=False, timeout=120)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err and "internal error" not in err, err
    (line,) = [line for line in err.splitlines() if line.startswith(("error:", "uebersetzer: error:"))]
    return line


def without_dates(catalog: Path) -> str:
    return re.sub(r'"(POT-Creation|PO-Revision)-Date: [^"]*"', "", catalog.read_text(encoding="utf-8"))


def test_a_piped_article_is_translated_as_the_file_of_its_name(run, tmp_path: Path) -> None:
    """stdout holds the localized article and nothing else; the outputs under --out are those
    of a file named stdin.txt with the same bytes (its PO references name stdin.txt)."""
    source = ARTICLE.read_bytes()
    result = piped(source, "translate", "-", "--to", "en", *PSEUDO, "--out", "piped", "--stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (tmp_path / "piped/en/stdin.txt").read_bytes()
    assert "1 article, 21 sentences" in result.stderr.decode()  # the summary went to stderr
    Path("stdin.txt").write_bytes(source)
    assert run("translate", "stdin.txt", "--to", "en", *PSEUDO, "--out", "named", "--quiet").code == 0
    assert result.stdout == (tmp_path / "named/en/stdin.txt").read_bytes()
    # the same PO file, but for the header's word that it was piped (a file of another stem must not take it over)
    assert without_dates(tmp_path / "piped/en/stdin.po") == without_dates(tmp_path / "named/en/stdin.po").replace(
        '"X-Uebersetzer-Engine:', '"X-Uebersetzer-Input: stdin\\n"\n"X-Uebersetzer-Engine:')
    assert sorted(os.listdir(tmp_path / "piped/en")) == ["stdin.po", "stdin.txt"]


MARKDOWN = f"# {IN_DOMAIN}\n\n**{IN_DOMAIN}**\n".encode()


@pytest.mark.parametrize("args, stdin, written, msgids", [
    ((), b"<!-- cms -->\n<!DOCTYPE html><html><body><p>" + IN_DOMAIN.encode() + b"</p></body></html>\n", "stdin.html",
     [IN_DOMAIN]),  # sniffed as HTML: only the paragraph's text is a sentence
    (("--format", "markdown"), MARKDOWN, "stdin.md", [IN_DOMAIN, f"**{IN_DOMAIN}**"]),  # the heading's '#' is markup
    (("--name", "politik/story.md"), MARKDOWN, "politik/story.md", [IN_DOMAIN, f"**{IN_DOMAIN}**"]),
    (("--name", "story"), MARKDOWN, "story", [f"# {IN_DOMAIN}", f"**{IN_DOMAIN}**"]),  # no suffix, not HTML: text
])
def test_the_format_is_chosen_named_or_sniffed(args: tuple[str, ...], stdin: bytes, written: str, msgids: list[str],
                                               tmp_path: Path) -> None:
    result = piped(stdin, "translate", "-", "--to", "en", "--from", "de", *PSEUDO, *args, "--stdout")
    assert result.returncode == 0, result.stderr
    output = tmp_path / "locales/en" / written
    assert result.stdout == output.read_bytes()
    assert [e.msgid for e in entries(output.with_name(Path(written).stem + ".po"))] == msgids


def test_a_byte_order_mark_and_crlf_are_kept_as_for_a_file(tmp_path: Path) -> None:
    source = f"\ufeff{IN_DOMAIN}\r\n\r\nDer Minister trifft den Präsidenten.\r\n".encode()
    result = piped(source, "translate", "-", "--to", "en", *PSEUDO, "--stdout", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbf[") and result.stdout.count(b"\r\n") == 3
    assert b"\n" not in result.stdout.replace(b"\r\n", b"")


def test_an_article_already_in_the_target_language_comes_back_as_piped() -> None:
    source = f"\ufeff{IN_DOMAIN}\r\nÜberall.".encode()  # no final newline, a BOM, CRLF: byte for byte
    result = piped(source, "translate", "-", "--to", "de", "--from", "de", *PSEUDO, "--stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout == source
    assert "copied <stdin> to de: already in the target language" in result.stderr.decode()


def test_a_second_run_of_the_piped_article_keeps_the_editors_translation(package_folder: Path,
                                                                        tmp_path: Path) -> None:
    """The argos engine with the fixture model, end to end: --name decides the PO file, so the
    next run of the article (changed in the CMS) updates the file the editor reviewed."""
    env = {"ARGOS_PACKAGES_DIR": str(package_folder)}
    args = ("translate", "-", "--to", "en", "--from", "de", "--name", "politik/riad.txt", "--stdout", "--quiet")
    first = piped(f"{IN_DOMAIN}\n".encode(), *args, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.decode() == f"{IN_DOMAIN_EN}\n"
    catalog = tmp_path / "locales/en/politik/riad.po"
    edited = polib.pofile(str(catalog))
    (entry,) = [e for e in edited if not e.obsolete]
    entry.msgstr, entry.flags = "The President meets the Minister in Berlin.", []  # reviewed by an editor
    edited.save()
    second = piped(f"{IN_DOMAIN}\n\nDer Minister trifft den Präsidenten.\n".encode(), *args, env=env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.decode().startswith("The President meets the Minister in Berlin.\n\n")
    kept = {e.msgid: e for e in entries(catalog)}
    assert kept[IN_DOMAIN].msgstr == "The President meets the Minister in Berlin." and not kept[IN_DOMAIN].fuzzy
    assert "Der Minister trifft den Präsidenten." in kept


@pytest.mark.parametrize("stdin, code, line", [
    (b"", 1, r"^error: <stdin>: nothing came in on standard input; pipe an article in"),
    (b" \n\n", 1, r"^error: <stdin>: empty article; nothing to translate$"),
    (b"\xff\xfe\x00\x00\xff\xff\xff\xff", 1, r"^error: <stdin>: starts as UTF-32 \(a byte-order mark\) but is not: "
                                          r"code point not in range\(0x110000\) at byte 4; save it as UTF-8$"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20, 1, r"^error: <stdin>: binary file, not an article"),
    (None, 2, r"^uebersetzer: error: - reads the article from standard input, which is closed"),
])
def test_hostile_standard_input_gets_one_line(stdin: bytes | None, code: int, line: str, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "uebersetzer", "translate", "-", "--to", "en", *PSEUDO, "--stdout"]
    if stdin is None:  # standard input closed, as `<&-` leaves it
        result = subprocess.run(command, capture_output=True, check=False, preexec_fn=lambda: os.close(0))
    else:
        result = piped(stdin, *command[3:])
    assert result.returncode == code, result.stderr
    assert re.search(line, one_error_line(result)), result.stderr
    assert result.stdout == b""


def test_bytes_that_are_not_utf8_are_named_by_line() -> None:
    result = piped(f"{IN_DOMAIN}\n\nDer Minister \udcff trifft.\n".encode("utf-8", "surrogateescape"),
                   "translate", "-", "--to", "en", *PSEUDO, "--stdout", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "warning: <stdin>:3: 1 byte(s) that are not UTF-8 replaced with U+FFFD" in result.stderr.decode()
    assert "\ufffd" in result.stdout.decode("utf-8")


def test_a_terminal_on_standard_input_is_refused(tmp_path: Path) -> None:
    import pty

    controller, terminal = pty.openpty()
    try:
        result = subprocess.run([sys.executable, "-m", "uebersetzer", "translate", "-", "--to", "en", *PSEUDO],
                                stdin=terminal, capture_output=True, check=False, timeout=60)
    finally:
        os.close(terminal)
        os.close(controller)
    assert result.returncode == 2
    assert re.search(r"^uebersetzer: error: - reads the article from standard input, but that is a terminal "
                     r"\(nothing is piped in\); pipe an article in", one_error_line(result))
    assert not (tmp_path / "locales").exists()


@pytest.mark.parametrize("args, line", [
    (("-", "-"), "- is named more than once"),
    (("-", "a.txt"), r"- \(standard input\) cannot be read with other articles"),
    (("-", "--root", "."), "--root maps the paths of named files"),
    (("a.txt", "--name", "b.txt"), r"--name is for the article on standard input \(-\)"),
    (("-", "--name", "../x.txt"), r"--name \.\./x\.txt: must be a relative path without"),
    (("-", "--name", "x.po"), r"--name x\.po: the article's PO file would be the article itself"),
    (("-", "--format", "xml"), r"--format xml: not a format; use one of html, text, markdown"),
    (("-", "--format", "html", "--name", "x.md"), r"--format html contradicts --name x\.md"),
    (("-", "--stdout", "--to", "en,fr"), r"--stdout writes one localized article, but --to names 2 languages"),
    (("-", "--stdout", "--json"), r"--stdout and --json both write to stdout"),
    ((".", "--stdout"), r"--stdout writes one localized article; translate one article \(- or a file\), not \.$"),
])
def test_options_that_do_not_fit_standard_input_are_refused(args: tuple[str, ...], line: str, run,
                                                            tmp_path: Path) -> None:
    """Checked before standard input is read (in-process: nothing is read from it)."""
    Path("a.txt").write_text(f"{IN_DOMAIN}\n", encoding="utf-8")
    result = run("translate", "--to", "en", *PSEUDO, *args)  # a --to in `args` is the one taken
    assert result.code == 2, result.err
    assert re.search(f"^uebersetzer: error: {line}", result.err.splitlines()[-1]), result.err
    assert not (tmp_path / "locales").exists()


def test_a_closed_stdout_is_one_line_and_the_outputs_are_complete(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-m", "uebersetzer", "translate", "-", "--to", "en", *PSEUDO,
                                "--stdout", "--quiet"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before anything is written, as `| head -c 10` may be
    _, err = process.communicate(ARTICLE.read_bytes(), timeout=120)
    assert process.returncode == 1
    assert err.decode().splitlines() == ["uebersetzer: error: standard output was closed before the whole article "
                                         "was written to it; the outputs under locales are complete"]
    assert (tmp_path / "locales/en/stdin.txt").exists() and (tmp_path / "locales/en/stdin.po").exists()


def test_stdout_takes_one_named_file_too(run, tmp_path: Path) -> None:
    Path("a.de.txt").write_text(f"{IN_DOMAIN}\n", encoding="utf-8")
    result = run("translate", "a.de.txt", "--to", "en", *PSEUDO, "--stdout")
    assert result.code == 0, result.err
    assert result.out == (tmp_path / "locales/en/a.de.txt").read_text(encoding="utf-8")
    assert "1 article, 1 sentence" in result.err


# The read stage on its own: what any name or any bytes can do

NAME_PARTS = st.sampled_from(["a", "politik", "story.txt", "x.md", "y.html", "z.po", ".", "..", ".hidden", "", " ",
                              "caf\udce9", "b.HTML", "~"])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(NAME_PARTS, min_size=1, max_size=4), leading=st.sampled_from(["", "/", "./"]),
       trailing=st.sampled_from(["", "/"]))
def test_an_accepted_name_keeps_both_outputs_below_the_language_folder_and_apart(parts: list[str], leading: str,
                                                                              trailing: str) -> None:
    from uebersetzer.document import Article
    from uebersetzer.errors import UsageError
    from uebersetzer.pipeline import Outputs
    from uebersetzer.read import piped_article

    name = leading + "/".join(parts) + trailing
    try:
        file = piped_article(b"Text.\n", name, None)
    except UsageError as error:
        assert str(error).startswith("--name ") and "\n" not in str(error)
        return
    outputs, article = Outputs(Path("out")), Article(path=file.display)
    language_folder = os.path.abspath("out/en")
    for output in (outputs.article("en", article), outputs.catalog("en", article)):
        relative = Path(os.path.relpath(os.path.abspath(output), language_folder))
        assert relative.parts[0] != ".." and not any(part.startswith(".") for part in relative.parts), name
    assert outputs.article("en", article) != outputs.catalog("en", article)
    assert file.display == name


@settings(max_examples=200, deadline=None)
@given(data=st.one_of(st.binary(max_size=64), st.text(max_size=64).map(lambda text: text.encode("utf-8")),
                      st.builds(lambda mark, text: mark + text.encode("utf-16-le", "surrogatepass"),
                                st.sampled_from([b"\xff\xfe", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00"]),
                                st.text(max_size=16))))
def test_any_piped_bytes_are_read_or_refused_as_an_article(data: bytes) -> None:
    """Whatever comes in: a text of a known format, or one ArticleError naming <stdin>."""
    from uebersetzer import formats
    from uebersetzer.errors import ArticleError
    from uebersetzer.read import as_given, piped_article, read_article

    file = piped_article(data, None, None)
    assert file.display in {f"stdin{fmt.suffixes[0]}" for fmt in formats.REGISTRY}
    try:
        source = read_article(file)
    except ArticleError as error:
        assert as_given(error, file).startswith("<stdin>: ") and "\n" not in str(error)
        return
    assert source.text.strip() and source.format == file.format and "\r" not in source.text


# A second piped article of the same PO name (issue: lifecycle faults left open)

def piped_in(run, monkeypatch, stdin: bytes, *args: str):
    """`uebersetzer ARGS...` in-process, with `stdin` as standard input (as a pipe: no terminal)."""
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    return run(*args)


def test_a_second_piped_article_of_the_same_po_name_does_not_take_over_the_editors_file(run, monkeypatch,
                                                                                        tmp_path: Path) -> None:
    """story.txt piped and reviewed; then another piped article named story.md (both make
    story.po) took the PO file over and the editor's entries went obsolete. The name given is
    the article's identity, recorded in the PO header: while the other name's localized article
    is in the output folder, the second fails in one line naming it; once that article is
    removed (retired, or renamed to story.md), the PO file follows the new name, its old
    entries kept as obsolete ones."""
    args = ("translate", "-", "--to", "en", "--from", "de", "--out", "o", *PSEUDO, "-q")
    first = f"{IN_DOMAIN}\n\nDer Minister trifft den Präsidenten.\n".encode()
    assert piped_in(run, monkeypatch, first, *args, "--name", "story.txt").code == 0
    catalog = tmp_path / "o/en/story.po"
    reviewed = polib.pofile(str(catalog))
    for entry in reviewed:
        entry.msgstr, entry.flags = f"Desk: {entry.msgid}", []
    reviewed.save()
    before = catalog.read_bytes()
    second = b"# Protest in Wien\n\nDer Protest begann gegen 11 Uhr.\n"
    result = piped_in(run, monkeypatch, second, *args, "--name", "story.md", "--format", "markdown")
    assert result.code == 1
    (line,) = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert line.startswith("error: <stdin>: --name story.md: its PO file o/en/story.po holds the translations of "
                           "story.txt"), line
    assert "o/en/story.txt" in line and "--name of its own" in line
    assert catalog.read_bytes() == before  # the editor's file as it was
    assert not (tmp_path / "o/en/story.md").exists()
    again = piped_in(run, monkeypatch, first, *args, "--name", "story.txt")  # the first article goes on as before
    assert again.code == 0, again.err
    assert {e.msgstr for e in entries(catalog)} == {f"Desk: {IN_DOMAIN}", "Desk: Der Minister trifft den Präsidenten."}
    (tmp_path / "o/en/story.txt").unlink()  # story.txt retired: the name is free
    renamed = piped_in(run, monkeypatch, second, *args, "--name", "story.md")
    assert renamed.code == 0, renamed.err
    taken = polib.pofile(str(catalog))
    assert taken.metadata["Project-Id-Version"] == "story.md"
    assert {e.msgstr for e in taken.obsolete_entries()} >= {f"Desk: {IN_DOMAIN}"}  # nothing of the desk's lost


def test_a_file_does_not_take_over_the_po_file_of_a_piped_article_of_the_same_stem(run, monkeypatch,
                                                                                   tmp_path: Path) -> None:
    """story.txt piped (from a CMS: no file story.txt anywhere) and reviewed; then the file
    story.md translated into the same --out (both make story.po) took the PO file over, and
    the editor's entries went obsolete: a file's other owner was looked for as a file beside
    it. The PO header says the article was piped (X-Uebersetzer-Input: stdin), so the file
    fails in one line while the piped article's localized article is there, as a second
    piped name does; once that is removed, the file takes the PO file over as renamed."""
    first = f"{IN_DOMAIN}\n\nDer Minister trifft den Präsidenten.\n".encode()
    common = ("--to", "en", "--from", "de", "--out", "o", *PSEUDO, "-q")
    assert piped_in(run, monkeypatch, first, "translate", "-", *common, "--name", "story.txt").code == 0
    catalog = tmp_path / "o/en/story.po"
    reviewed = polib.pofile(str(catalog))
    assert reviewed.metadata["X-Uebersetzer-Input"] == "stdin"
    for entry in reviewed:
        entry.msgstr, entry.flags = f"Desk: {entry.msgid}", []
    reviewed.save()
    before = catalog.read_bytes()
    (tmp_path / "story.md").write_text("# Protest in Wien\n\nDer Protest begann gegen 11 Uhr.\n", encoding="utf-8")
    built = ("--to", "en", "--from", "de", "--out", "o")
    for command, options in (("translate", common), ("build", built)):
        result = run(command, tmp_path / "story.md", *options)
        assert result.code == 1
        (line,) = [line for line in result.err.splitlines() if line.startswith("error:")]
        assert line == (f"error: {tmp_path / 'story.md'}: its outputs would take over o/en/story.po, which holds the "
                        "translations of the article piped in as --name story.txt, whose localized article "
                        "o/en/story.txt is still there (both are named story.po); rename this file, or, if it is "
                        "story.txt renamed, remove o/en/story.txt first")
        assert catalog.read_bytes() == before  # the editor's file as it was
        assert not (tmp_path / "o/en/story.md").exists()
    (tmp_path / "o/en/story.txt").unlink()  # story.txt retired: the name is free
    renamed = run("translate", tmp_path / "story.md", *common)
    assert renamed.code == 0, renamed.err
    taken = polib.pofile(str(catalog))
    assert taken.metadata["Project-Id-Version"] == "story.md" and "X-Uebersetzer-Input" not in taken.metadata
    assert {e.msgstr for e in taken.obsolete_entries()} >= {f"Desk: {IN_DOMAIN}"}  # nothing of the desk's lost
