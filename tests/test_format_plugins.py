"""Formats as plug-ins: a package declares its Format in the entry point group
`uebersetzer.formats` and every command takes its files, with no edit to uebersetzer; a plug-in
whose parse raises, gives no Article or drops text fails its own article in one line naming it,
and the run goes on with the others (t6 report, items 5, 9, 15)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from uebersetzer import formats
from uebersetzer.errors import UebersetzerError, UsageError

PLUGINS = ROOT / "tests" / "fixtures" / "plugins"
CLIP = ("1\n00:00:01,000 --> 00:00:03,500\nDer Präsident trifft den Minister in Berlin.\n\n"
        "2\n00:00:04,000 --> 00:00:06,000\nDie Gespräche gehen weiter.\nMehr dazu <i>morgen</i>.\n")


def _install(site: Path, target: str, name: str = "srt") -> None:
    """A package as pip leaves it in site-packages: its module and a dist-info folder whose
    entry_points.txt declares `NAME = TARGET` in the group uebersetzer.formats."""
    site.mkdir(exist_ok=True)
    shutil.copy(PLUGINS / "srt_format.py", site / "srt_format.py")
    info = site / "uebersetzer_srt-0.1.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: uebersetzer-srt\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{formats.ENTRY_POINT_GROUP}]\n{name} = {target}\n", encoding="utf-8")


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """Installs the toy .srt plug-in (or one of its faulty variants) for one test."""
    def install(target: str = "srt_format:FORMAT", name: str = "srt") -> None:
        site = tmp_path / "site"
        _install(site, target, name)
        monkeypatch.syspath_prepend(str(site))
        formats.reload_plugins()

    yield install
    formats.reload_plugins()
    import sys

    sys.modules.pop("srt_format", None)


def _articles(tmp_path: Path) -> Path:
    folder = tmp_path / "mix"
    folder.mkdir()
    (folder / "clip.srt").write_text(CLIP, encoding="utf-8")
    (folder / "b.txt").write_text("Der Präsident trifft den Minister in Berlin.\n", encoding="utf-8")
    return folder


def _translate(run, tmp_path: Path, *arguments: object):
    return run("translate", *arguments, "--to", "en", "--from", "de", "--engine", "pseudo",
               "--out", tmp_path / "out", "--json")


def test_a_format_installed_as_a_package_is_found_by_its_entry_point(run, tmp_path, installed, monkeypatch):
    installed()
    result = _translate(run, tmp_path, _articles(tmp_path))
    assert result.code == 0, result.err
    output = (tmp_path / "out" / "en" / "clip.srt").read_text(encoding="utf-8")
    assert output == ("1\n00:00:01,000 --> 00:00:03,500\n[Đééŕ Þŕäšííđééñŧ ŧŕííƒƒŧ đééñ Ṁííñííšŧééŕ ííñ Ɓééŕļííñ.]\n\n"
                      "2\n00:00:04,000 --> 00:00:06,000\n[Đííéé Ĝééšþŕäçĥéé ĝééĥééñ ŵééííŧééŕ.]\n[Ṁééĥŕ đáážúú "
                      "<i>ɱóóŕĝééñ</i>.]\n")
    assert (tmp_path / "out" / "en" / "b.txt").exists()
    # the help and --format name it, and standard input takes it by name
    assert "*.srt" in run("translate", "--help").out
    assert "--format html|text|markdown|srt" in run("translate", "--help").out
    monkeypatch.setattr("sys.stdin", _Stdin(CLIP.encode("utf-8")))
    piped = run("translate", "-", "--format", "srt", "--to", "en", "--from", "de", "--engine", "pseudo",
                "--out", tmp_path / "piped", "--stdout", "-q")
    assert piped.code == 0, piped.err
    assert piped.out.startswith("1\n00:00:01,000 --> 00:00:03,500\n[Đééŕ")


class _Stdin:
    def __init__(self, data: bytes) -> None:
        import io

        self.buffer = io.BytesIO(data)

    def isatty(self) -> bool:
        return False


def test_an_unknown_format_name_is_one_line_naming_the_formats():
    with pytest.raises(UsageError, match=r"^unknown format 'srt'; choose one of html, text, markdown \(a format "
                                         r"plug-in is found once its package is installed"):
        formats.by_name("srt")


@pytest.mark.parametrize("variant, says", [
    ("LOSSY", "lost text from line 1 on: its blocks do not cover the source, so the output would drop what "
              "they leave out"),
    ("RAISING", "failed to parse it: ValueError: bad cue"),
    ("NOTHING", "gave NoneType for it, not an Article of Blocks"),
    ("TEXTLESS", "gave a block whose text is a NoneType for it, not an Article of Blocks"),
])
def test_a_faulty_format_plugin_fails_its_own_article_and_the_others_are_written(run, tmp_path, installed,
                                                                                variant, says):
    installed(f"srt_format:{variant}")
    result = _translate(run, tmp_path, _articles(tmp_path))
    assert result.code == 1
    summary = json.loads(result.out)
    (failure,) = summary["failed"]
    folder = tmp_path / "mix"
    assert failure["reason"] == (f"{folder}/clip.srt: the format plug-in 'srt' (srt_format:{variant}, entry point "
                                 f"group uebersetzer.formats) {says}; the other articles go on (a bug in the format: "
                                 "please report it)")
    assert (tmp_path / "out" / "en" / "b.txt").read_text(encoding="utf-8").startswith("[Đééŕ")
    assert not (tmp_path / "out" / "en" / "clip.srt").exists()
    assert "internal error" not in result.err


@pytest.mark.parametrize("target, says", [
    ("srt_format:NOT_A_FORMAT", "names a str, not a uebersetzer.formats.base.Format"),
    ("srt_missing:FORMAT", "cannot be loaded: ModuleNotFoundError"),
])
def test_a_plugin_that_cannot_be_loaded_is_one_line_naming_it(run, tmp_path, installed, target, says):
    installed(target)
    result = _translate(run, tmp_path, _articles(tmp_path))
    assert result.code == 1
    (line,) = [line for line in result.err.splitlines() if line.startswith("uebersetzer: error:")]
    assert line.startswith(f"uebersetzer: error: the format plug-in 'srt' ({target}") and says in line
    assert "internal error" not in result.err and "Traceback" not in result.err


def test_a_plugin_cannot_take_a_built_in_suffix(installed, tmp_path):
    site = tmp_path / "site"
    installed()
    (site / "srt_format.py").write_text((PLUGINS / "srt_format.py").read_text(encoding="utf-8").replace(
        'suffixes=(".srt",)', 'suffixes=(".srt", ".md")'), encoding="utf-8")
    import sys

    sys.modules.pop("srt_format", None)
    formats.reload_plugins()
    with pytest.raises(UebersetzerError, match=r"claims the suffix \.md, which the markdown format has"):
        formats.suffixes()
    assert formats.by_suffix(".md") is formats.BUILT_IN[2]  # the built-in formats answer without the plug-ins


SHADOWED = ("the format plug-in 'markdown' (srt_format:FORMAT, from the package uebersetzer-srt 0.1) is named like "
            "the built-in markdown format, which is used instead; rename the plug-in's entry point in the group "
            "uebersetzer.formats, or uninstall its package")


@pytest.fixture
def shadowing(tmp_path, installed):
    """The toy plug-in as a Format named `markdown` (for .srt files), under that entry point name."""
    installed(name="markdown")
    module = tmp_path / "site" / "srt_format.py"
    module.write_text(module.read_text(encoding="utf-8").replace('name="srt"', 'name="markdown"'), encoding="utf-8")


def test_a_plugin_named_like_a_built_in_format_is_a_warning_and_the_built_in_one_reads(run, tmp_path, shadowing):
    folder = _articles(tmp_path)
    (folder / "c.md").write_text("# Der Präsident\n\nDie Gespräche gehen weiter.\n", encoding="utf-8")
    result = _translate(run, tmp_path, folder)  # the walk reads the plug-ins
    assert result.code == 0, result.err
    assert f"warning: {SHADOWED}\n" in result.err and "internal error" not in result.err
    assert json.loads(result.out)["warnings"] == [SHADOWED]
    assert (tmp_path / "out" / "en" / "c.md").read_text(encoding="utf-8").startswith("# [Đéé")
    assert not (tmp_path / "out" / "en" / "clip.srt").exists()  # the plug-in is not taken, nor its suffix
    assert formats.names() == ("html", "text", "markdown") and "srt_format" not in sys.modules


def test_the_formats_listed_name_a_plugin_named_like_a_built_in_one_once_with_a_warning(run, shadowing):
    result = run("translate", "--help")
    assert result.code == 0
    assert "--format html|text|markdown " in result.out
    assert f"warning: {SHADOWED}\n" in result.err
