"""Engines as plug-ins: a package that declares an engine under the entry point group
`uebersetzer.engines` is found by name (no edit of uebersetzer), gets the options it takes, and
whatever it gets wrong is said in one line naming it (t6 items 2, 8, 12, 15)."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from uebersetzer.engines import ENTRY_POINT_GROUP, engine_names

ARTICLE = "Der Präsident trifft den Minister.\n\nDie Gespräche gehen am Montag weiter. Alle warten.\n"


def install_plugin(site: Path, name: str, target: str) -> None:
    """A package's metadata as pip installs it (NAME.dist-info with entry_points.txt) on sys.path."""
    info = site / f"toy_{name}_engine-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: toy-{name}-engine\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{name} = {target}\n")


@pytest.fixture
def upper(tmp_path, monkeypatch):
    site = tmp_path / "site"
    install_plugin(site, "upper", "tests.engines.toy_upper:make")
    monkeypatch.syspath_prepend(str(site))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return article


def translate(run, article: Path, mode: str, monkeypatch, *options: str):
    monkeypatch.setenv("UPPER_MODE", mode)
    return run("translate", article, "--to", "en", "--from", "de", "--engine", "upper", "--out",
               article.parent / "out", *options)


def msgstrs(article: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(article.parent / "out" / "en" / "a.po"))}


def test_an_installed_plugin_engine_is_named_like_a_built_in_one(run, upper, monkeypatch):
    assert "upper" in engine_names()
    result = translate(run, upper, "", monkeypatch)
    assert result.code == 0, result.err
    assert (upper.parent / "out" / "en" / "a.txt").read_text(encoding="utf-8") == ARTICLE.upper()


@pytest.mark.parametrize("mode", ["shift", "long", "short", "nonstr", "empty"])
def test_a_plugin_that_returns_wrong_results_fails_the_sentences_naming_itself(run, upper, monkeypatch, mode):
    result = translate(run, upper, mode, monkeypatch)
    assert result.code == 1
    assert "internal error" not in result.err
    assert "engine 'upper' returned" in result.err
    assert all(msgstr in ("", msgid.upper()) for msgid, msgstr in msgstrs(upper).items())  # none moved


@pytest.mark.parametrize("mode, says", [
    ("mv", "engine 'upper' could not name its model for de -> en: RuntimeError: no version"),
    ("mvnone", "engine 'upper' named its model for de -> en as None (NoneType), not as text"),
    ("cp", "engine 'upper' cannot translate de -> en: ValueError: pair unsupported: deen"),
    ("cpe", "no upper model for de -> en"),
])
def test_a_plugin_that_breaks_the_protocol_is_one_line_naming_it(run, upper, monkeypatch, mode, says):
    result = translate(run, upper, mode, monkeypatch)
    assert result.code == 1
    assert "internal error" not in result.err
    assert says in result.err


def test_an_unknown_engine_is_a_usage_error_listing_the_installed_ones(run, upper):
    result = run("translate", upper, "--to", "en", "--engine", "uper")
    assert result.code == 2
    assert "'uper' is not one of argos, pseudo, upper" in result.err


def test_a_plugin_that_cannot_be_imported_is_one_line_naming_it(run, tmp_path, monkeypatch):
    install_plugin(tmp_path / "site", "gone", "no_such_module_anywhere:make")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("translate", tmp_path / "a.txt", "--to", "en", "--from", "de", "--engine", "gone", "--out",
                 tmp_path / "out")
    assert result.code == 1
    assert "the engine plug-in 'gone' (no_such_module_anywhere:make" in result.err
    assert "ModuleNotFoundError" in result.err and "internal error" not in result.err


def test_model_options_an_engine_does_not_take_are_one_warning_each(run, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("translate", tmp_path / "a.txt", "--to", "en", "--from", "de", "--engine", "pseudo", "--out",
                 tmp_path / "out", "--device", "cuda", "--beam-size", "7", "--install-missing", "--json")
    assert result.code == 0, result.err
    warnings = json.loads(result.out)["warnings"]
    assert "--device does not apply to --engine pseudo, which takes no model options; ignored" in warnings
    assert "--beam-size does not apply to --engine pseudo, which takes no model options; ignored" in warnings
    assert any(w.startswith("--install-missing does not apply to --engine pseudo") for w in warnings)


def test_index_without_install_missing_is_a_usage_error(run, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("translate", tmp_path / "a.txt", "--to", "en", "--engine", "pseudo", "--index", "http://x")
    assert result.code == 2
    assert "--index says where --install-missing downloads models from" in result.err


def test_a_bug_in_a_plugin_is_blamed_on_the_plugin_not_on_uebersetzer(run, upper, monkeypatch):
    result = translate(run, upper, "pivots", monkeypatch)
    assert result.code == 1
    line = result.err.strip().splitlines()[-1]
    assert line.startswith("uebersetzer: internal error in the engine plug-in 'upper' (")
    assert "toy_upper.py:" in line and "report it to its authors" in line
    assert "ZeroDivisionError" in line


def test_the_readmes_example_engine_works_as_written(run, tmp_path, monkeypatch):
    import re
    import tomllib

    from tests.conftest import ROOT

    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Adding an engine\n", 1)[1].split("\n## ")[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    points = tomllib.loads(re.search(r"```toml\n(.*?)```", section, re.S).group(1))["project"]["entry-points"]
    [(name, target)] = points[ENTRY_POINT_GROUP].items()
    site = tmp_path / "site"
    install_plugin(site, name, target)
    (site / f"{target.split(':')[0]}.py").write_text(code, encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run("translate", tmp_path / "a.txt", "--to", "en", "--from", "de", "--engine", name, "--out",
                 tmp_path / "out")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "en" / "a.txt").read_text(encoding="utf-8") == ARTICLE.upper()
    result = run("translate", tmp_path / "a.txt", "--to", "fr", "--from", "de", "--engine", name, "--out",
                 tmp_path / "out")
    assert result.code == 1 and "no upper model for de -> fr" in result.err


def test_a_plugin_gets_the_options_it_takes_and_a_warning_names_the_others(run, tmp_path, monkeypatch):
    install_plugin(tmp_path / "site", "beamy", "tests.engines.toy_upper:BEAM_MARKED")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    (tmp_path / "a.txt").write_text("Ein Satz.\n", encoding="utf-8")
    result = run("translate", tmp_path / "a.txt", "--to", "en", "--from", "de", "--engine", "beamy", "--out",
                 tmp_path / "out", "--beam-size", "3", "--device", "cpu", "--json")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "en" / "a.txt").read_text(encoding="utf-8") == "EIN SATZ. (BEAM 3)\n"
    assert json.loads(result.out)["warnings"] == [
        "--device does not apply to --engine beamy, which takes --beam-size; ignored"]


SHADOWED = ("the engine plug-in 'pseudo' (tests.engines.toy_upper:make, from the package toy-pseudo-engine 1.0) "
            "is named like the built-in pseudo engine, which is used instead; rename the plug-in's entry point in "
            "the group uebersetzer.engines, or uninstall its package")


@pytest.fixture
def shadowing(tmp_path, monkeypatch):
    """An installed engine plug-in named like the built-in engine `pseudo`."""
    install_plugin(tmp_path / "site", "pseudo", "tests.engines.toy_upper:make")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path / "a.txt"


def test_a_plugin_named_like_a_built_in_engine_is_a_warning_and_the_built_in_one_runs(run, shadowing):
    from uebersetzer.engines import create_engine
    from uebersetzer.engines.pseudo import PseudoEngine

    result = run("translate", shadowing, "--to", "en", "--from", "de", "--engine", "pseudo", "--out",
                 shadowing.parent / "out", "--json")
    assert result.code == 0, result.err
    assert f"warning: {SHADOWED}\n" in result.err and "internal error" not in result.err
    assert json.loads(result.out)["warnings"] == [SHADOWED]
    assert "[Đéé" in (shadowing.parent / "out" / "en" / "a.txt").read_text(encoding="utf-8")  # pseudo's, not upper's
    assert engine_names().count("pseudo") == 1
    assert isinstance(create_engine("pseudo"), PseudoEngine)


def test_the_engines_listed_name_a_plugin_named_like_a_built_in_one_once_with_a_warning(run, shadowing):
    result = run("translate", shadowing, "--to", "en", "--engine", "uper")
    assert result.code == 2
    assert "'uper' is not one of argos, pseudo (a plug-in" in result.err
    assert f"warning: {SHADOWED}\n" in result.err and "internal error" not in result.err
