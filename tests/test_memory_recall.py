"""TranslationMemory.recall: a job's units fetched in one query answer every question as the
memory itself does, sentence by sentence (the reference)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.catalog import memory as memory_module
from uebersetzer.catalog.memory import TranslationMemory, Unit


class VersionedEngine:
    """What lookup asks of an engine: its name and a model version per pair."""

    name = "argos"

    def model_version(self, source: str, target: str) -> str:
        return f"{source}-{target}@1"


TARGETS = ["Good day.", "Hello world!", "Street", "Bye", "No, no, no.", "Straße"]  # the last: kept as written

# few distinct values, so sentences share units, and human and machine ones compete
sentences = st.sampled_from(["Guten Tag.", "Hallo Welt!", "Straße", "Tschüss", "Nein, nein, nein."])
pairs = st.sampled_from([("de", "en"), ("de", "fr"), ("en", "de")])
units = st.builds(
    lambda pair, source, target, origin, engine, version, updated, fuzzy, comment, notes: Unit(
        pair[0], pair[1], source, target, origin, engine, f"{pair[0]}-{pair[1]}@{version}", updated, fuzzy, comment,
        notes=notes),
    pairs, sentences, st.sampled_from(TARGETS),
    st.sampled_from(["human", "machine"]), st.sampled_from(["argos", "other", "copy"]), st.sampled_from([1, 2]),
    st.sampled_from([1.0, 2.0, 3.0]), st.booleans(), st.sampled_from(["", "checked"]),
    st.sampled_from([(), ("fallback: the engine lost {1}",), ("fallback: a", "check: b")]),  # an editor's: dropped
)
questions = st.lists(st.tuples(pairs, sentences), max_size=12)


@settings(max_examples=60, deadline=None)
@given(stored=st.lists(units, max_size=25), asked=questions, chunk=st.sampled_from([1, 2, 500]))
def test_recall_answers_as_the_memory(stored: list[Unit], asked: list, chunk: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        memory = TranslationMemory(Path(folder) / "tm.sqlite")
        memory.store(stored)
        wanted = [(pair[0], pair[1], source) for pair, source in asked]
        original = memory_module.RECALL_CHUNK
        memory_module.RECALL_CHUNK = chunk  # several queries per pair, as for a big article
        try:
            recall = memory.recall(wanted)
        finally:
            memory_module.RECALL_CHUNK = original
        memory.close()  # every fetched sentence is answered without the database
        engine = VersionedEngine()
        for source_language, target_language, source in wanted:
            reference = TranslationMemory(Path(folder) / "tm.sqlite")
            found = recall.lookup(source_language, target_language, source, engine)
            assert found == reference.lookup(source_language, target_language, source, engine)
            if found is not None:  # an engine's notes as the first unit of its key brought them; an editor's none
                first = next(u for u in stored if _key(u) == _key(found))
                assert found.notes == (first.notes if found.origin == "machine" else ())
            assert recall.human(source_language, target_language, source) == reference.human(
                source_language, target_language, source)
            for target in TARGETS:
                assert recall.is_machine_output(source_language, target_language, source, target) == \
                    reference.is_machine_output(source_language, target_language, source, target)
                for comment in ("", "checked"):
                    unit = Unit(source_language, target_language, source, target, "human", comment=comment)
                    assert recall.is_editors(unit) == reference.is_editors(unit)
            assert recall.is_kept_copy(source_language, target_language, source) == \
                reference.is_kept_copy(source_language, target_language, source)
            reference.close()


def _key(unit: Unit) -> tuple:
    return (unit.source_language, unit.target_language, unit.source, unit.origin, unit.engine, unit.model_version,
            unit.fuzzy, unit.target, unit.comment, unit.flags)


def test_recall_asks_the_memory_about_a_sentence_it_did_not_fetch(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    memory.store([Unit("de", "en", "Hallo", "Hello", "human")])
    recall = memory.recall([("de", "en", "Tschüss")])
    assert recall.human("de", "en", "Tschüss") is None
    assert recall.human("de", "en", "Hallo").target == "Hello"  # not fetched: the memory answers


def test_only_a_sentence_a_run_kept_by_design_counts_as_kept(tmp_path: Path) -> None:
    """An engine whose output was its own input wrote a draft: fuzzy on the first run, it was
    "kept" and not fuzzy on the next, with no one's review in between. Only a unit of the
    copy engine (a sentence with nothing to translate) makes a sentence kept as written."""
    from uebersetzer.pipeline import _kept_as_written

    memory = TranslationMemory(tmp_path / "tm.sqlite")
    memory.store([Unit("de", "fr", "Quellen • dpa", "Quellen • dpa", "machine", "argos", "de-fr@1"),
                  Unit("de", "fr", "www.example.com", "www.example.com", "machine", memory_module.COPY_ENGINE)])
    assert memory.is_machine_output("de", "fr", "Quellen • dpa", "Quellen • dpa")
    assert not _kept_as_written("de", "fr", "Quellen • dpa", "Quellen • dpa", memory)
    assert _kept_as_written("de", "fr", "www.example.com", "www.example.com", memory)
    assert _kept_as_written("de", "de", "Hallo", "Hallo", None)  # a block already in the target language
    memory.close()
