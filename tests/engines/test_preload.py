"""Model loading ahead of the first chunk: the pipeline has its engine thread load a pair's
model as soon as a sentence needs it, while the main thread reads on; the first chunk then
finds the model loaded, and a load that failed is raised by `translate` as before."""

from __future__ import annotations

import inspect
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


def fresh_package(folder: Path) -> Path:
    """The de -> en fixture in a folder of its own: a package path no other test has loaded."""
    return models.install_file(FIXTURES / "models" / "de_en.argosmodel", folder).path


def damage(package: Path) -> None:
    model = package / "model" / "model.bin"
    model.write_bytes(model.read_bytes()[:5000])  # a download cut short


def test_the_preloaded_model_is_the_one_translate_uses(tmp_path):
    fresh_package(tmp_path / "packages")
    engine = ArgosEngine(str(tmp_path / "packages"))
    before = argos._load.cache_info()
    engine.preload("de", "en")
    loaded = argos._load.cache_info()
    assert loaded.misses == before.misses + 1  # loaded here
    assert engine.translate([SENTENCE[0]], "de", "en") == [SENTENCE[1]]
    after = argos._load.cache_info()
    assert after.misses == loaded.misses and after.hits > loaded.hits  # and taken from there, not loaded again


def test_preloading_a_pair_without_a_model_is_left_to_check_pair(tmp_path):
    fresh_package(tmp_path / "packages")
    engine = ArgosEngine(str(tmp_path / "packages"))
    before = argos._load.cache_info()
    engine.preload("fr", "de")  # no route: nothing to load, and no error here
    assert argos._load.cache_info() == before
    with pytest.raises(EngineError, match="no model for fr -> de"):
        engine.check_pair("fr", "de")


def test_a_failed_preload_is_raised_by_translate_and_not_kept(tmp_path):
    package = fresh_package(tmp_path / "packages")
    damage(package)
    engine = ArgosEngine(str(tmp_path / "packages"))
    engine.preload("de", "en")  # fails quietly: nothing may need the model
    with pytest.raises(EngineError) as raised:
        engine.translate([SENTENCE[0]], "de", "en")
    assert str(raised.value).startswith(f"{package}: cannot load the model: ")
    assert str(raised.value).endswith("; remove and reinstall the package")
    models.install_file(FIXTURES / "models" / "de_en.argosmodel", tmp_path / "packages")  # whole again
    assert engine.translate([SENTENCE[0]], "de", "en") == [SENTENCE[1]]


def test_a_damaged_model_is_one_line_naming_the_package_without_a_traceback(run, tmp_path, monkeypatch):
    package = fresh_package(tmp_path / "packages")
    damage(package)
    failed_in: list[str] = []  # the engine method each failed load was made for
    real = argos._load

    def recording(*key):
        try:
            return real(*key)
        except EngineError:
            failed_in.append(inspect.stack()[1].function)
            raise

    monkeypatch.setattr(argos, "_load", recording)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "packages"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(f"Gipfel in Berlin\n\n{SENTENCE[0]}\n", encoding="utf-8")
    result = run("translate", tmp_path / "in", "--to", "en", "--from", "de", "--out", tmp_path / "out", "--quiet")
    assert failed_in[0] == "preload"  # the load ahead of the first chunk failed first, quietly
    assert result.code != 0
    assert result.err.splitlines() == [result.err.strip()]
    assert result.err.startswith(f"uebersetzer: error: {package}: cannot load the model: ")
    assert "Traceback" not in result.err + result.out


class Preloading(PseudoEngine):
    """The pseudo engine, noting what the pipeline asks of it and on which thread."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []  # (what, thread name)
        self.preloaded: list[tuple[str, str]] = []

    def preload(self, source: str, target: str) -> None:
        self.preloaded.append((source, target))
        self.calls.append(("preload", threading.current_thread().name))

    def translate(self, sentences, source, target):
        self.calls.append(("translate", threading.current_thread().name))
        return super().translate(sentences, source, target)


def test_the_engine_thread_loads_a_model_once_a_sentence_needs_it_and_not_on_a_run_with_nothing_new(tmp_path):
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
    assert [what for what, _ in engine.calls[:2]] == ["preload", "preload"]  # ahead of the first chunk
    assert {thread for _, thread in engine.calls} == {"engine_0"}  # on the thread that translates
    again = Preloading()
    summary = pipeline.Summary()
    pipeline.translate_articles(pipeline.iter_articles(files, "de", summary), ["en", "fr"], outputs, again, summary)
    assert summary.sentences_reused > 0 and summary.sentences_translated == 0
    assert again.preloaded == []  # everything reused: no model is loaded (a re-run's memory stays low)


def test_foreseen_pairs_start_loading_before_the_first_article_is_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"Titel eins\n\n{SENTENCE[0]}\n", encoding="utf-8")
    engine = Preloading()
    loading = threading.Event()
    original = engine.preload
    engine.preload = lambda source, target: (original(source, target), loading.set())
    seen_loading: list[bool] = []

    def articles():
        # the load was handed to the engine thread before this first read: it happens meanwhile
        seen_loading.append(loading.wait(timeout=20))
        yield from pipeline.iter_articles([ArticleFile(folder / "a.txt", "a.txt")], "de", pipeline.Summary())

    summary = pipeline.Summary()
    pipeline.translate_articles(articles(), ["en"], pipeline.Outputs(tmp_path / "out"), engine, summary,
                                foreseen=[("de", "en")])
    assert seen_loading == [True]
    assert engine.preloaded == [("de", "en")]  # once: the article's first request finds it loading already
    assert summary.sentences_translated > 0


@pytest.mark.parametrize("case, expected", [
    ("first run", [("de", "en"), ("de", "fr")]),
    ("no --from", []),  # the pair is known only once an article is detected
    ("memory exists", []),  # every sentence may be in it (a re-run, or --tm shared by several folders)
    ("target folder exists", [("de", "fr")]),  # en may have nothing new
    ("target is the source", [("de", "en")]),  # de -> de is a copy, no model
    ("no articles", []),
])
def test_the_cli_foresees_the_pairs_of_a_first_run_only(tmp_path, case, expected):
    from uebersetzer.cli import _foreseen_pairs

    out, memory = tmp_path / "out", tmp_path / "out" / ".tm.sqlite"
    source, targets, articles = "de", ["en", "fr"], True
    if case == "no --from":
        source = ""
    elif case == "memory exists":
        memory.parent.mkdir()
        memory.write_bytes(b"")
    elif case == "target folder exists":
        (out / "en").mkdir(parents=True)
    elif case == "target is the source":
        targets = ["en", "de"]
    elif case == "no articles":
        articles = False
    assert _foreseen_pairs(source, targets, out, memory, articles) == expected
