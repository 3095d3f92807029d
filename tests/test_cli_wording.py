"""Lines that say what happened and nothing else (t6 items 11, 14, 19, 20)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uebersetzer.languages import NAMES, told_apart

ARTICLE = "Der Präsident trifft den Minister.\n\nDie Gespräche gehen am Montag weiter.\n"


def test_glossary_check_without_a_glossary_checks_nothing_and_says_so(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no 'glossary' folder here
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("glossary", "check", "a.txt", "--to", "en")
    assert result.code == 2
    assert result.err.strip() == (f"uebersetzer: error: no glossary to check the outputs against: there is no "
                                  f"'glossary' folder in {tmp_path}; pass --glossary PATH")
    assert "no names were fixed" not in result.err + result.out


def test_glossary_check_with_a_glossary_folder_of_no_glossary_file_checks_nothing(run, tmp_path, monkeypatch):
    """`glossary/t.txt` only: "no term of glossary occurs in the 1 article: nothing was checked", exit 0."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "t.txt").write_text("Minister -> minister\n", encoding="utf-8")
    result = run("glossary", "check", "a.txt", "--to", "en")
    assert result.code == 2
    assert result.err.strip() == (f"uebersetzer: error: no glossary to check the outputs against: the 'glossary' "
                                  f"folder in {tmp_path} holds no glossary file (.yaml, .yml, .csv, .tsv or .tbx): "
                                  "t.txt is not a glossary; pass --glossary PATH")
    assert "nothing was checked" not in result.out


def test_glossary_check_says_when_no_term_occurs(run, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "g.csv").write_text("source,en\nMoskau,Moscow\n", encoding="utf-8")
    assert run("translate", tmp_path / "a.txt", "--to", "en", "--from", "de", "--engine", "pseudo", "--out",
               tmp_path / "locales").code == 0
    result = run("glossary", "check", tmp_path / "a.txt", "--to", "en", "--glossary", tmp_path / "g.csv", "--out",
                 tmp_path / "locales")
    assert result.code == 0, result.err
    assert f"no term of {tmp_path / 'g.csv'} occurs in the 1 article: nothing was checked" in result.out


def test_two_failed_sentences_of_one_line_are_two_lines_told_apart_and_one_failed_article(run, tmp_path, monkeypatch):
    from tests.engines.test_plugins import install_plugin

    install_plugin(tmp_path / "site", "upper", "tests.engines.toy_upper:make")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("UPPER_MODE", "empty")
    (tmp_path / "a.txt").write_text("Ein Titel\n\nDie Gespräche gehen weiter. Alle warten.\n", encoding="utf-8")
    result = run("translate", tmp_path / "a.txt", "--to", "en", "--from", "de", "--engine", "upper", "--out",
                 tmp_path / "out")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert len(lines) == len(set(lines)) == 3
    assert any("a.txt:3: the engine failed on the sentence “Alle warten.” (engine 'upper' returned an empty "
               "translation); it stays untranslated in en" in line for line in lines)
    assert result.out.startswith("1 article, 3 sentences,") and ", 1 failed\n" in result.out


def test_empty_standard_input_is_one_article_that_failed(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run([sys.executable, "-m", "uebersetzer", "translate", "-", "--to", "en", "--engine", "pseudo",
                           "--out", str(tmp_path / "out")], input=b"", capture_output=True, cwd=tmp_path,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert done.returncode == 1
    assert done.stdout.decode().startswith("1 article, 0 sentences, 0 words in ")
    assert ", 1 failed\n" in done.stdout.decode()


def test_spellings_of_one_language_name_what_they_differ_in(run, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("translate", tmp_path / "a.txt", "--to", "sr-Cyrl,sr-Latn", "--from", "de", "--engine", "pseudo",
                 "--out", tmp_path / "out", "-q")
    assert "warning: --to sr-Cyrl,sr-Latn: both mean sr (one sr/ folder; scripts are not told apart); name it " \
           "once" in result.err


@given(st.sampled_from(sorted(NAMES)), st.text("abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=4),
       st.one_of(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2), st.integers(100, 999).map(str)),
       st.sampled_from(["-", "_"]))
def test_a_script_subtag_is_a_script_and_a_region_subtag_a_region(language, script, region, separator):
    script = script.title()
    assert told_apart([language, f"{language}{separator}{script}"]) == "scripts"
    assert told_apart([language, f"{language}{separator}{region}"]) == "regional variants"
    assert told_apart([f"{language}{separator}{script}{separator}{region}", language]) == \
        "regional variants and scripts"
    assert told_apart([f"{language}_{region}@latin", language]) == "regional variants and scripts"


def test_an_index_entry_without_names_or_version_prints_ours(run, tmp_path):
    import json

    index = tmp_path / "index.json"
    index.write_text(json.dumps([{"from_code": "de", "to_code": "en", "links": ["x"]},
                                 {"from_code": "xx", "to_code": "en", "package_version": "1.0"}]))
    result = run("models", "available", "--index", index)
    assert result.code == 0, result.err
    assert result.out.splitlines() == ["de -> en\t(no version)\tGerman -> English", "xx -> en\t1.0\txx -> English"]


def test_a_package_without_a_version_installs_saying_so(run, tmp_path, monkeypatch):
    from tests.conftest import FIXTURES
    from tests.test_models import repack

    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    package = tmp_path / "de_en.argosmodel"
    package.write_bytes(repack(FIXTURES / "models" / "de_en.argosmodel", metadata={"package_version": ""}))
    result = run("models", "install", "--file", package)
    assert result.code == 0, result.err
    [line] = [line for line in (result.out + result.err).splitlines() if line.startswith("installed")]
    assert line.startswith("installed de -> en (no version) in ") and "  " not in line


def _valued_options() -> list[tuple[tuple[str, ...], str]]:
    """(command path, option) for every option of every command that takes a value."""
    import click

    from uebersetzer.cli import cli

    found: list[tuple[tuple[str, ...], str]] = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
            return
        for parameter in command.params:
            if isinstance(parameter, click.Option) and not parameter.is_flag and not parameter.count:
                found.append((path, parameter.opts[0]))

    walk(cli, ())
    return found


def test_a_missing_value_before_the_next_option_is_said_as_such(run, tmp_path):
    """`translate art.txt --to --out x` said "unknown language code '--out'": click takes the
    next word as the value, whatever it is. Every option of every command that takes a value."""
    (tmp_path / "art.txt").write_text(ARTICLE, encoding="utf-8")
    options = _valued_options()
    assert (("translate",), "--to") in options and (("models", "install"), "--file") in options
    for path, option in options:
        result = run(*path, str(tmp_path / "art.txt"), option, "--help", "x")
        assert result.code == 2, (path, option, result.err)
        assert result.err == (f"uebersetzer {' '.join(path)}: error: Option {option!r} requires an argument: "
                              f"'--help' after it is another option, not its value (see 'uebersetzer "
                              f"{' '.join(path)} --help')\n"), (path, option)
    result = run("translate", str(tmp_path / "art.txt"), "--to", "--out", str(tmp_path / "x"))
    assert "requires an argument: '--out' after it is another option" in result.err and result.code == 2
    assert not (tmp_path / "x").exists()
    # a value written with = is the user's word; at the end, click's own line names the command
    result = run("translate", str(tmp_path / "art.txt"), "--to")
    assert result.err == ("uebersetzer translate: error: Option '--to' requires an argument. "
                          "(see 'uebersetzer translate --help')\n")


@pytest.mark.parametrize("spelled, region, locale, model, name", [
    ("fr_CA", "CA", "fr", "fr", "French"),
    ("fr-CA", "CA", "fr", "fr", "French"),
    ("it_IT.UTF-8", "IT", "it", "it", "Italian"),
    ("zh-HK", "HK", "zh_TW", "zt", "Chinese (traditional)"),
    ("es-419", "419", "es", "es", "Spanish"),
])
def test_a_region_that_is_not_kept_is_said_where_the_translation_goes(run, tmp_path, spelled, region, locale, model,
                                                                     name):
    """`--to fr_CA` wrote to fr/ without a word, where a newsroom's fr_CA and fr_FR editions
    would end up in one folder."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("translate", tmp_path / "a.txt", "--to", spelled, "--from", "de", "--engine", "pseudo",
                 "--out", tmp_path / "out", "-q")
    assert result.code == 0, result.err
    assert result.err.splitlines() == [
        f"warning: --to {spelled}: the region {region} is not told apart: this is {locale} (the {model} model, the "
        f"{locale}/ folder, PO Language: {locale}), as is every {name} edition; give each edition its own --out to "
        "keep them apart"]
    assert (tmp_path / "out" / locale / "a.po").exists()
    assert f'"Language: {locale}\\n"' in (tmp_path / "out" / locale / "a.po").read_text(encoding="utf-8")


@pytest.mark.parametrize("spelled", ["fr", "pt-BR", "pt_BR", "zh-Hant", "zh_CN", "sr@latin", "de_DE.UTF-8,de"])
def test_a_spelling_whose_region_is_kept_or_that_names_none_says_nothing(run, tmp_path, spelled):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("translate", tmp_path / "a.txt", "--to", spelled, "--from", "de", "--engine", "pseudo",
                 "--out", tmp_path / "out", "-q")
    assert result.code == 0, result.err
    assert "is not told apart: this is" not in result.err
