"""One input must not sink a run: inputs beyond the model's position table, engine failures on
one sentence, and settings checked before any work."""

from __future__ import annotations

import base64
import random
import struct
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, FIXTURES
from uebersetzer import models, pipeline
from uebersetzer.engines.argos import ArgosEngine, Settings, input_limits, split_long
from uebersetzer.engines.ctranslate2_model import position_limit
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.errors import EngineError, UsageError
from uebersetzer.read import ArticleFile
from uebersetzer.translate import Request, isolate_failures, translate_requests


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("packages")
    return models.install_file(FIXTURES / "models" / "de_en.argosmodel", folder).path


def test_the_position_table_is_read_from_model_bin(package, tmp_path):
    assert position_limit(str(package / "model")) == 256  # the fixture: max_position_embeddings=256
    assert input_limits(str(package)) == (200, 254)
    (tmp_path / "model.bin").write_bytes(struct.pack("I", 99) + b"junk")
    assert position_limit(str(tmp_path)) is None  # an unknown layout claims no limit
    assert position_limit(str(tmp_path / "missing")) is None


def test_an_unbreakable_token_is_cut_between_tokens(package):
    import sentencepiece

    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    blob = base64.b64encode(random.Random(5).randbytes(1100)).decode()
    chunks = split_long(blob, tokenizer, 200)
    assert len(chunks) > 1 and all(len(chunk) <= 200 for chunk in chunks)
    assert [token for chunk in chunks for token in chunk] == tokenizer.encode(blob, out_type=str)


def test_a_1500_character_token_beside_a_normal_article_sinks_nothing(run, package, tmp_path, monkeypatch):
    """CTranslate2 used to fail the whole batch: "No position encodings are defined for positions >= 256"."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(package.parent))
    blob = base64.b64encode(random.Random(7).randbytes(1125)).decode()
    assert len(blob) == 1500
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "blob.txt").write_text(
        f"Gipfel in Berlin\n\nDer Präsident trifft den Minister in Berlin. Die Signatur lautet {blob} und sonst "
        "nichts.\n", encoding="utf-8")
    (tmp_path / "in" / "gipfel.de.txt").write_text((EXAMPLES / "gipfel.de.txt").read_text(encoding="utf-8"))
    result = run("translate", "in", "--to", "en", "--from", "de", "--out", "out", "--quiet")
    assert result.code == 0, result.err
    assert "The president meets the minister in Berlin." in (tmp_path / "out/en/blob.txt").read_text()
    assert "The president meets the minister in Berlin." in (tmp_path / "out/en/gipfel.de.txt").read_text()


class Breaking(PseudoEngine):
    """The pseudo engine, failing like CTranslate2 does: the whole call raises when one input is bad."""

    calls = 0

    def translate(self, sentences, source, target):
        self.calls += 1
        if any("KAPUTT" in sentence for sentence in sentences):
            raise RuntimeError("No position encodings are defined for positions >= 256, but got position 1450 "
                               + "▁tok" * 500)
        return super().translate(sentences, source, target)


def test_a_failing_sentence_is_found_by_halving_and_named_alone():
    texts = [f"Satz {number}." for number in range(64)]
    texts[37] = "Der KAPUTT Satz."
    engine = Breaking()
    outputs, broken = isolate_failures(engine, texts, "de", "en")
    assert outputs[37] is None and all(output for i, output in enumerate(outputs) if i != 37)
    assert list(broken) == ["Der KAPUTT Satz."]
    assert broken["Der KAPUTT Satz."].startswith("RuntimeError: No position encodings")
    assert len(broken["Der KAPUTT Satz."]) <= 160  # not the tokenized text
    assert engine.calls <= 2 * 6 + 1  # halving: about 2 log2(64) calls, not 64


def test_an_engine_error_about_the_setup_is_not_blamed_on_one_sentence():
    class NoModel(PseudoEngine):
        def translate(self, sentences, source, target):
            raise EngineError("cannot load the model: Unsupported model binary version")

    with pytest.raises(EngineError):
        isolate_failures(NoModel(), ["Ein Satz.", "Noch einer."], "de", "en")


def test_only_the_failing_sentence_of_one_article_fails(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Titel eins\n\nDer Präsident trifft den Minister. Der KAPUTT Satz.\n")
    (folder / "b.txt").write_text("Titel zwei\n\nDie Ministerin besucht Wien.\n")
    files = [ArticleFile(folder / "a.txt", "a.txt"), ArticleFile(folder / "b.txt", "b.txt")]
    summary = pipeline.Summary()
    outputs = pipeline.Outputs(tmp_path / "out")
    pipeline.translate_articles(pipeline.load_articles(files, "de", summary), ["en"], outputs, Breaking(), summary)
    where = str(folder / "a.txt")  # as the user can find it: joined to the folder given
    assert [failure["path"] for failure in summary.failed] == [where]
    assert summary.failed[0]["reason"].startswith(
        f"{where}:3: the engine failed on the sentence “Der KAPUTT Satz.” (RuntimeError: ")
    a_text = (tmp_path / "out/en/a.txt").read_text()  # written, with the failed sentence as it was
    assert "Der KAPUTT Satz." in a_text and "Þŕäšííđééñŧ" in a_text
    assert "Ŵííééñ" in (tmp_path / "out/en/b.txt").read_text()


def test_translate_requests_marks_the_failed_sentence():
    requests = [Request("de", "en", "Gut."), Request("de", "en", "KAPUTT hier.")]
    results = translate_requests(requests, Breaking())
    assert results[requests[0]].origin == "engine"
    assert results[requests[1]].origin == "failed" and results[requests[1]].text == ""


def test_intra_threads_zero_means_all_cores(monkeypatch):
    monkeypatch.setenv("ARGOS_INTRA_THREADS", "0")
    monkeypatch.setenv("UEBERSETZER_BATCH_TOKENS", " 2048 ")
    settings = Settings.from_environment()
    assert settings.threads == 0 and settings.max_batch_tokens == 2048


def test_options_win_over_bad_environment_values_only_when_given(monkeypatch):
    monkeypatch.setenv("ARGOS_BEAM_SIZE", "abc")
    assert Settings.from_environment(beam_size=3).beam_size == 3  # the option is what is used
    with pytest.raises(UsageError, match=r"^ARGOS_BEAM_SIZE=abc: expected a whole number from 1 to 16"):
        ArgosEngine()
