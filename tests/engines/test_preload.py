"""Model loading in the background: the pipeline asks the engine to load a pair's model as
soon as a sentence needs it, and the engine thread takes that model, or the error the load
ended in, as if it had loaded it itself."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from uebersetzer import models, pipeline
from uebersetzer.engines import argos
from uebersetzer.engines.argos import ArgosEngine
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.errors import EngineError
from uebersetzer.read import ArticleFile

SENTENCE = ("Der Präsident trifft den Minister in Berlin.", "The president meets the minister in Berlin.")


@pytest.fixture
def opened(monkeypatch) -> list[tuple[str, str, object]]:
    """Every model `_open_model` loads (or fails to): (thread name, package path, result)."""
    calls: list[tuple[str, str, object]] = []
    real = argos._open_model

    def recording(package_path: str, *settings: object):
        try:
            result = real(package_path, *settings)
        except EngineError as error:
            calls.append((threading.current_thread().name, package_path, error))
            raise
        calls.append((threading.current_thread().name, package_path, result))
        return result

    monkeypatch.setattr(argos, "_open_model", recording)
    return calls


def fresh_package(folder: Path) -> Path:
    """The de -> en fixture in a folder of its own: a package path no other test has loaded."""
    return models.install_file(FIXTURES / "models" / "de_en.argosmodel", folder).path


def test_the_preloaded_model_is_the_one_translate_uses(tmp_path, opened):
    package = fresh_package(tmp_path / "packages")
    engine = ArgosEngine(str(tmp_path / "packages"))
    engine.preload("de", "en")
    assert engine.translate([SENTENCE[0]], "de", "en") == [SENTENCE[1]]
    assert [(thread, path) for thread, path, _ in opened] == [("model-load", str(package))]  # loaded once, there
    settings = engine.settings
    translator, _ = argos._load(str(package), settings.device, settings.threads, settings.compute_type,
                                settings.inter_threads)
    assert translator is opened[0][2][0]
    engine.preload("de", "en")  # loaded already: nothing more
    assert engine.translate([SENTENCE[0]], "de", "en") == [SENTENCE[1]] and len(opened) == 1


def test_preloading_a_pair_without_a_model_is_left_to_check_pair(tmp_path, opened):
    fresh_package(tmp_path / "packages")
    engine = ArgosEngine(str(tmp_path / "packages"))
    engine.preload("fr", "de")  # no route: nothing to load, and no error here
    assert opened == []
    with pytest.raises(EngineError, match="no model for fr -> de"):
        engine.check_pair("fr", "de")


def damage(package: Path) -> None:
    model = package / "model" / "model.bin"
    model.write_bytes(model.read_bytes()[:5000])  # a download cut short


def test_a_failed_background_load_is_raised_where_the_model_is_needed(tmp_path, opened):
    package = fresh_package(tmp_path / "packages")
    damage(package)
    engine = ArgosEngine(str(tmp_path / "packages"))
    engine.preload("de", "en")
    with pytest.raises(EngineError) as raised:
        engine.translate([SENTENCE[0]], "de", "en")
    assert str(raised.value).startswith(f"{package}: cannot load the model: ")
    assert str(raised.value).endswith("; remove and reinstall the package")
    assert opened[0][0] == "model-load" and isinstance(opened[0][2], EngineError)
    # not kept: once the package is whole again, the same process loads it
    models.install_file(FIXTURES / "models" / "de_en.argosmodel", tmp_path / "packages")
    assert engine.translate([SENTENCE[0]], "de", "en") == [SENTENCE[1]]


def test_a_damaged_model_is_one_line_naming_the_package_without_a_traceback(run, tmp_path, monkeypatch, opened):
    package = fresh_package(tmp_path / "packages")
    damage(package)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(f"Gipfel in Berlin\n\n{SENTENCE[0]}\n", encoding="utf-8")
    result = run("translate", tmp_path / "in", "--to", "en", "--from", "de", "--out", tmp_path / "out", "--quiet")
    assert result.code != 0
    assert result.err.splitlines() == [result.err.strip()]
    assert result.err.startswith(f"uebersetzer: error: {package}: cannot load the model: ")
    assert "Traceback" not in result.err + result.out
    assert opened and opened[0][0] == "model-load"  # the background load was the one that failed first


class Preloading(PseudoEngine):
    """The pseudo engine, noting the pairs the pipeline asks it to load."""

    def __init__(self) -> None:
        super().__init__()
        self.preloaded: list[tuple[str, str]] = []

    def preload(self, source: str, target: str) -> None:
        self.preloaded.append((source, target))


def test_a_model_is_loaded_once_a_sentence_needs_it_and_not_for_a_run_with_nothing_new(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Titel eins\n\n{SENTENCE[0]}\n", encoding="utf-8")
    (folder / "b.txt").write_text("Titel zwei\n\nDie Ministerin besucht Wien.\n", encoding="utf-8")
    files = [ArticleFile(folder / "a.txt", "a.txt"), ArticleFile(folder / "b.txt", "b.txt")]
    outputs = pipeline.Outputs(tmp_path / "out")
    engine = Preloading()
    pipeline.translate_articles(pipeline.iter_articles(files, "de", pipeline.Summary()), ["en", "fr"], outputs,
                                engine, pipeline.Summary())
    assert engine.preloaded == [("de", "en"), ("de", "fr")]  # once per pair, however many articles
    again = Preloading()
    summary = pipeline.Summary()
    pipeline.translate_articles(pipeline.iter_articles(files, "de", summary), ["en", "fr"], outputs, again, summary)
    assert summary.sentences_reused > 0 and summary.sentences_translated == 0
    assert again.preloaded == []  # everything reused: no model is loaded (a re-run's memory stays low)
