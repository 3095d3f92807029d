"""How the argos engine runs CTranslate2: thread counts by rule, batches bounded in tokens and in
hypotheses, and glibc's malloc arenas limited once, before any engine thread exists
(engines/argos.py thread_counts and plan_batches, engines/malloc.py). Speed and memory
themselves are measured in bench/, not here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from uebersetzer import models
from uebersetzer.engines import malloc
from uebersetzer.engines import argos
from uebersetzer.engines.argos import SCORES_PER_BATCH, ArgosEngine, Settings, batch_hypotheses, plan_batches, thread_counts
from uebersetzer.engines.ctranslate2_model import output_vocabulary
from uebersetzer.errors import UsageError

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src")
ON_GLIBC = malloc.glibc_mallopt() is not None


@pytest.mark.parametrize(("cores", "expected"), [(1, (1, 1)), (2, (2, 1)), (3, (3, 1)), (4, (4, 1)), (64, (4, 1))])
def test_one_thread_per_batch_and_a_batch_per_core_at_most_four(cores, expected):
    assert thread_counts(cores=cores) == expected


@pytest.mark.parametrize(("intra", "cores", "expected"), [(2, 2, (1, 2)), (2, 4, (2, 2)), (2, 64, (4, 2)),
                                                          (3, 7, (2, 3)), (8, 4, (1, 8))])
def test_threads_per_batch_asked_for_leave_cores_over_them(intra, cores, expected):
    assert thread_counts(intra, cores=cores) == expected


def test_batches_at_once_asked_for_are_kept():
    assert thread_counts(0, 3, cores=2) == (3, 1)
    assert thread_counts(0, 1, cores=64) == (1, 1)
    assert thread_counts(2, 2, cores=64) == (2, 2)


def test_thread_counts_of_this_machine_follow_its_usable_cores():
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    assert thread_counts() == thread_counts(cores=cores)


@pytest.mark.parametrize("value", ["-1", "two", "257", "1.5"])
def test_thread_variables_are_still_checked(monkeypatch, value):
    monkeypatch.setenv("ARGOS_INTER_THREADS", value)
    with pytest.raises(UsageError, match="ARGOS_INTER_THREADS"):
        Settings.from_environment()


class FakeMallopt:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []

    def __call__(self, option: int, value: int) -> int:
        self.calls.append((option, value))
        return 1


@pytest.fixture
def fake_mallopt(monkeypatch):
    fake = FakeMallopt()
    monkeypatch.setattr(malloc, "glibc_mallopt", lambda: fake)
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    malloc.limit_arenas.cache_clear()
    yield fake
    malloc.limit_arenas.cache_clear()


def test_the_arena_limit_is_set_once_per_process(fake_mallopt):
    assert malloc.limit_arenas() is True
    assert malloc.limit_arenas() is True
    assert fake_mallopt.calls == [(malloc.M_ARENA_MAX, 1)]


@pytest.mark.parametrize(("variable", "value"), [("MALLOC_ARENA_MAX", "4"),
                                                 ("GLIBC_TUNABLES", "glibc.malloc.arena_max=2")])
def test_a_users_arena_setting_is_left_alone(fake_mallopt, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    assert malloc.limit_arenas() is False
    assert fake_mallopt.calls == []


@pytest.mark.parametrize("value", ["junk", "0", "-1", "2x"])
def test_a_malloc_arena_max_glibc_cannot_read_is_refused_naming_it(fake_mallopt, monkeypatch, value):
    monkeypatch.setenv("MALLOC_ARENA_MAX", value)
    with pytest.raises(UsageError, match=rf"^MALLOC_ARENA_MAX={value}: expected a whole number from 1 to \d+; "
                                         r"fix or unset MALLOC_ARENA_MAX$"):
        Settings.from_environment()
    assert fake_mallopt.calls == []


def test_nothing_is_done_without_glibc(monkeypatch):
    monkeypatch.setattr(malloc, "glibc_mallopt", lambda: None)
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    malloc.limit_arenas.cache_clear()
    try:
        assert malloc.limit_arenas() is False
    finally:
        malloc.limit_arenas.cache_clear()


# In a fresh process: translate with the real engine, two batches at once, then count the
# arenas glibc made (malloc_stats prints one "Arena N:" line each, to stderr).
ARENAS_AFTER_TRANSLATING = textwrap.dedent("""
    import ctypes, sys
    from uebersetzer.engines.argos import ArgosEngine
    engine = ArgosEngine(sys.argv[1], threads=1, inter_threads=2)
    print(engine.translate(["Der Präsident trifft den Minister in Berlin."] * 3 + ["Die Regierung kritisiert die "
                           "Sanktionen am Montag."] * 3, "de", "en")[0])
    sys.stdout.flush()
    ctypes.CDLL(None).malloc_stats()
""")


@pytest.fixture(scope="module")
def package_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packages")
    models.install_file(FIXTURES / "models" / "de_en.argosmodel", folder)  # here: installing loads the model too
    return folder


def arenas_after_translating(package_folder, **environment: str) -> tuple[str, int]:
    env = {**{k: v for k, v in os.environ.items() if k not in ("MALLOC_ARENA_MAX", "GLIBC_TUNABLES")},
           "PYTHONPATH": SRC, **environment}
    done = subprocess.run([sys.executable, "-c", ARENAS_AFTER_TRANSLATING, str(package_folder)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip(), sum(line.startswith("Arena ") for line in done.stderr.splitlines())


@pytest.mark.skipif(not ON_GLIBC, reason="malloc arenas are glibc's; elsewhere the engine leaves malloc alone")
def test_the_engine_runs_in_one_malloc_arena(package_folder):
    translation, arenas = arenas_after_translating(package_folder)
    assert translation == "The president meets the minister in Berlin."
    assert arenas == 1


@pytest.mark.skipif(not ON_GLIBC, reason="malloc arenas are glibc's; elsewhere the engine leaves malloc alone")
def test_a_users_arena_limit_wins(package_folder):
    _, arenas = arenas_after_translating(package_folder, MALLOC_ARENA_MAX="8")
    assert arenas > 1  # CTranslate2's batch threads got arenas of their own, as glibc gives them


@given(st.lists(st.integers(1, 300), max_size=60).map(sorted), st.integers(1, 400), st.integers(1, 40))
def test_batches_keep_order_and_both_limits(lengths, max_tokens, max_sentences):
    batches = plan_batches(lengths, max_tokens, max_sentences)
    assert [position for batch in batches for position in batch] == list(range(len(lengths)))
    for batch in batches:
        assert 1 <= len(batch) <= max_sentences
        assert len(batch) == 1 or sum(lengths[i] for i in batch) <= max_tokens  # only a lone long one is over
    for batch, following in zip(batches, batches[1:]):  # a batch closes only when the next one would not fit
        assert len(batch) == max_sentences or sum(lengths[i] for i in batch) + lengths[following[0]] > max_tokens


class RecordingTranslator:
    """The real CTranslate2 translator, noting the token counts of every batch it is given."""

    def __init__(self, translator) -> None:
        self.translator = translator
        self.batches: list[list[int]] = []

    def translate_batch(self, tokens, **options):
        self.batches.append([len(sentence) for sentence in tokens])
        return self.translator.translate_batch(tokens, **options)


SHORT_SENTENCES = ["Der Präsident trifft den Minister in Berlin.", "Die Regierung kritisiert die Sanktionen am Montag.",
                   "Der Minister besucht Genf.", "Die Zeitung lobt den Bericht.", "Die Kanzlerin sagt es heute."]


@pytest.mark.parametrize(("hypotheses", "beam", "sentences_per_batch"), [(8, 4, 2), (9, 2, 4), (3, 4, 1)])
def test_a_batch_holds_at_most_its_hypotheses_over_the_beam_and_the_longest_go_first(package_folder, monkeypatch, hypotheses, beam,
                                                             sentences_per_batch):
    load = argos._load
    recorders: list[RecordingTranslator] = []

    def recording_load(*arguments):
        translator, tokenizer = load(*arguments)
        recorders.append(RecordingTranslator(translator))
        return recorders[-1], tokenizer

    monkeypatch.setattr(argos, "_load", recording_load)
    monkeypatch.setenv("UEBERSETZER_BATCH_HYPOTHESES", str(hypotheses))
    capped = ArgosEngine(str(package_folder), beam_size=beam).translate(SHORT_SENTENCES * 3, "de", "en")
    sizes = [len(batch) for batch in recorders[0].batches]
    assert sorted(sizes, reverse=True) == [sentences_per_batch] * (5 // sentences_per_batch) + [
        5 % sentences_per_batch] * (5 % sentences_per_batch > 0)  # 5 different sentences, the repeats translated once
    queued = [length for batch in recorders[0].batches for length in batch]
    assert [max(batch) for batch in recorders[0].batches] == sorted((max(b) for b in recorders[0].batches), reverse=True)
    monkeypatch.delenv("UEBERSETZER_BATCH_HYPOTHESES")
    whole = ArgosEngine(str(package_folder), beam_size=beam).translate(SHORT_SENTENCES * 3, "de", "en")
    assert [len(batch) for batch in recorders[1].batches] == [5] and capped == whole
    assert sorted(queued) == sorted(recorders[1].batches[0])  # the same sentences, longest batch first
    assert whole[0] == "The president meets the minister in Berlin."


def test_batch_hypotheses_come_from_the_environment_and_are_checked(monkeypatch):
    assert Settings().max_batch_hypotheses == 0  # by the model's vocabulary
    monkeypatch.setenv("UEBERSETZER_BATCH_HYPOTHESES", " 64 ")
    assert Settings.from_environment().max_batch_hypotheses == 64
    monkeypatch.setenv("UEBERSETZER_BATCH_HYPOTHESES", "0")
    with pytest.raises(UsageError, match=r"^UEBERSETZER_BATCH_HYPOTHESES=0: expected a whole number from 1 to"):
        Settings.from_environment()


@pytest.mark.parametrize("name", ["de_en", "de_en_naive", "en_fr", "fr_en_bpe"])
def test_the_hypotheses_a_batch_may_hold_follow_the_models_vocabulary(tmp_path, name):
    package = models.install_file(FIXTURES / "models" / f"{name}.argosmodel", tmp_path).path
    model = package / "model"
    vocabulary_file = next(model.glob("*vocabulary*"))  # CTranslate2's own list of the pieces it scores
    pieces = (len(json.loads(vocabulary_file.read_text())) if vocabulary_file.suffix == ".json"
              else len(vocabulary_file.read_text().splitlines()))
    assert output_vocabulary(str(model)) == pieces
    assert batch_hypotheses(str(package)) == SCORES_PER_BATCH // pieces  # a small vocabulary: the tokens limit first
    assert batch_hypotheses(str(tmp_path / "missing")) == 32  # unread: as for Argos' 50,000 pieces
