"""The translate run as a stream: the engine works while later articles are still being read."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Iterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ARTICLE, EXAMPLES
from uebersetzer import pipeline
from uebersetzer.document import Article
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.errors import EngineError
from uebersetzer.read import find_articles


class RecordingEngine(PseudoEngine):
    """The pseudo engine, noting every sentence it is asked for and when it was first called."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str]] = []
        self.calls = 0
        self.called = threading.Event()

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls += 1
        self.requests += [(source, target, sentence) for sentence in sentences]
        self.called.set()
        return super().translate(sentences, source, target)


@pytest.fixture
def articles_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    # the fixture article three times under different names, plus two other articles:
    # repeated sentences across articles, several chunks, two languages of origin
    for number in range(3):
        (folder / f"ref-{number}.txt").write_bytes(ARTICLE.read_bytes())
    for example in EXAMPLES.iterdir():
        (folder / example.name).write_bytes(example.read_bytes())
    return folder


def run(folder: Path, out: Path, engine, stream: bool) -> pipeline.Summary:
    summary = pipeline.Summary()
    files = find_articles([folder])
    articles = pipeline.iter_articles(files, "", summary) if stream else pipeline.load_articles(files, "", summary)
    pipeline.translate_articles(articles, ["en", "fr"], pipeline.Outputs(out), engine, summary)
    return summary


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in (".po", ".txt", ".md")}


def without_dates(files: dict[str, bytes]) -> dict[str, list[bytes]]:
    return {name: [line for line in data.splitlines() if b"-Date:" not in line] for name, data in files.items()}


def test_a_run_in_chunks_writes_what_a_run_in_one_batch_writes(articles_folder, tmp_path, monkeypatch):
    chunked, whole = RecordingEngine(), RecordingEngine()
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 5)  # several chunks even for five articles
    run(articles_folder, tmp_path / "chunked", chunked, stream=True)
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 10**9)  # everything in one call per language pair
    monkeypatch.setattr(pipeline, "LAST_CHUNK", 10**9)
    run(articles_folder, tmp_path / "whole", whole, stream=False)
    assert chunked.calls > whole.calls >= 1
    ours, theirs = files_under(tmp_path / "chunked"), files_under(tmp_path / "whole")
    # 5 articles x 2 targets x (article + PO), less the PO of the English article copied to en
    assert len(ours) == 2 * 2 * 5 - 1 and without_dates(ours) == without_dates(theirs)


def test_each_sentence_goes_to_the_engine_once_per_language_pair(articles_folder, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 5)
    three_copies, one_copy = RecordingEngine(), RecordingEngine()
    summary = run(articles_folder, tmp_path / "three", three_copies, stream=True)
    for extra in ("ref-1.txt", "ref-2.txt"):
        (articles_folder / extra).unlink()
    run(articles_folder, tmp_path / "one", one_copy, stream=True)
    assert sorted(three_copies.requests) == sorted(one_copy.requests)  # the copies cost nothing more
    assert summary.articles == 5 and summary.sentences_translated >= len(three_copies.requests) > 50


def test_the_engine_starts_before_the_last_article_is_read(articles_folder, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 5)
    engine = RecordingEngine()
    summary = pipeline.Summary()
    seen_before_last: list[bool] = []

    def articles() -> Iterator[Article]:
        loaded = list(pipeline.iter_articles(find_articles([articles_folder]), "", summary))
        yield from loaded[:-1]
        # the engine has work from the first articles: it must be running before the last one
        seen_before_last.append(engine.called.wait(timeout=60))
        yield loaded[-1]

    pipeline.translate_articles(articles(), ["en"], pipeline.Outputs(tmp_path / "out"), engine, summary)
    assert seen_before_last == [True]
    assert summary.failed == [] and len(summary.copied) == 1  # the English article, copied to en
    assert len(list((tmp_path / "out" / "en").glob("*.po"))) == 4


class FinishedSays:
    """A piece handed to the engine (translate.Started) that calls `said` once it is finished."""

    def __init__(self, started, said) -> None:
        self.started, self.said = started, said

    def finish(self, *args):
        done = self.started.finish(*args)
        self.said()
        return done


def test_articles_are_filled_in_while_the_engine_still_works_on_the_last_chunk(articles_folder, tmp_path,
                                                                                monkeypatch):
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 5)
    # the last article read has sentences no other one has: it makes a chunk of its own
    (articles_folder / "zz-later.txt").write_text(ARTICLE.read_text().replace("Riad", "Dschidda"))
    first_chunk_done, all_read, filled = threading.Event(), threading.Event(), threading.Event()
    waited_for_a_fill: list[bool] = []
    start_requests, fill_job = pipeline.start_requests, pipeline._fill_job

    def last_chunks_wait_for_a_fill(*args, **options):
        if all_read.is_set():  # a chunk handed over once everything is read: the filling goes on meanwhile
            waited_for_a_fill.append(filled.wait(timeout=20))
        return FinishedSays(start_requests(*args, **options), first_chunk_done.set)

    def noting_fill_job(*args, **options):
        filled.set()
        return fill_job(*args, **options)

    monkeypatch.setattr(pipeline, "start_requests", last_chunks_wait_for_a_fill)
    monkeypatch.setattr(pipeline, "_fill_job", noting_fill_job)
    summary = pipeline.Summary()

    def articles() -> Iterator[Article]:
        loaded = list(pipeline.iter_articles(find_articles([articles_folder]), "", summary))
        yield from loaded[:-1]
        assert first_chunk_done.wait(timeout=60)
        all_read.set()
        yield loaded[-1]

    pipeline.translate_articles(articles(), ["en"], pipeline.Outputs(tmp_path / "out"), RecordingEngine(), summary)
    assert waited_for_a_fill and all(waited_for_a_fill)
    assert summary.failed == [] and len(list((tmp_path / "out" / "en").glob("*.po"))) == 5


def test_articles_are_written_while_the_engine_still_works_on_the_last_chunk(articles_folder, tmp_path,
                                                                            monkeypatch):
    """Once every article is read, the rest goes to the engine in halves: the articles the first
    halves finish are written while it translates the last."""
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 10**9)  # nothing before every article is read
    monkeypatch.setattr(pipeline, "LAST_CHUNK", 5)
    out = tmp_path / "out"
    sizes: list[int] = []
    calls: list[bool] = []  # per chunk: was a PO file written before it was translated?
    remainder_sizes, start_requests = pipeline._remainder_sizes, pipeline.start_requests

    def noting_sizes(count: int) -> list[int]:
        sizes.extend(remainder_sizes(count, pipeline.LAST_CHUNK))
        return sizes

    def last_waits_for_a_written_article(requests, *args, **options):
        last = len(calls) == len(sizes) - 1
        calls.append(_eventually(lambda: any(out.rglob("*.po"))) if last else False)
        return start_requests(requests, *args, **options)

    monkeypatch.setattr(pipeline, "_remainder_sizes", noting_sizes)
    monkeypatch.setattr(pipeline, "start_requests", last_waits_for_a_written_article)
    summary = run(articles_folder, out, RecordingEngine(), stream=True)
    assert len(sizes) >= 3
    assert calls[-1] is True and len(calls) == len(sizes)
    assert summary.failed == [] and len(list(out.rglob("*.po"))) == 2 * 5 - 1


def _eventually(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


@settings(max_examples=200, deadline=None)
@given(count=st.integers(0, 100_000), smallest=st.integers(1, 500))
def test_the_remainder_is_cut_in_halves_down_to_the_smallest_chunk(count, smallest):
    sizes = pipeline._remainder_sizes(count, smallest)
    assert sum(sizes) == count and all(sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[-1:] == [] or sizes[-1] < 2 * smallest  # what is left at the end is small
    assert all(size >= smallest for size in sizes[:-1])  # only the last may be smaller


class NoJapanese(PseudoEngine):
    """The pseudo engine with no model for ja -> en, like argos without that package; every
    translation it makes reads as fallen back, so a leaked one shows in the counts."""

    sent: list[str]

    def check_pair(self, source: str, target: str) -> None:
        if (source, target) == ("ja", "en"):
            raise EngineError("no model for ja -> en; install one with: uebersetzer models install ja en")

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.sent = [*getattr(self, "sent", []), *sentences]
        return super().translate(sentences, source, target)


def test_a_failed_articles_sentences_count_nowhere_and_go_to_no_engine(tmp_path, monkeypatch):
    """--from ja on a German article: its German blocks would go de -> en, but the article
    fails (no ja -> en): nothing of it may be translated, counted or written."""
    import uebersetzer.translate as translate_module

    monkeypatch.setattr(translate_module.Translation, "fell_back", property(lambda self: True))
    engine = NoJapanese()
    summary = pipeline.Summary()
    articles = pipeline.load_articles(find_articles([str(EXAMPLES / "gipfel.de.txt")]), "ja", summary)
    pipeline.translate_articles(articles, ["en"], pipeline.Outputs(tmp_path / "out"), engine, summary)
    assert [failure["reason"].split(": ", 1)[1] for failure in summary.failed] == [
        "no model for ja -> en; install one with: uebersetzer models install ja en"]
    assert getattr(engine, "sent", []) == []
    counts = {name: getattr(summary, name) for name in ("sentences_translated", "sentences_reused",
                                                        "sentences_repeated", "sentences_kept", "fallbacks", "fuzzy",
                                                        "untranslated")}
    assert counts == dict.fromkeys(counts, 0)
    assert not any(summary.qa.values())
    assert not (tmp_path / "out" / "en" / "gipfel.de.txt").exists()


class FailsOnSecondCall(PseudoEngine):
    """The pseudo engine, slow, failing on its second call: later chunks are queued by then."""

    def __init__(self) -> None:
        self.calls = 0

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls += 1
        time.sleep(0.05)
        if self.calls == 2:
            raise EngineError("the model's worker went away")
        return super().translate(sentences, source, target)


def test_an_engine_error_leaves_no_engine_thread_running(articles_folder, tmp_path, monkeypatch):
    """An error ended the run while the engine thread still worked on later chunks: its model's
    threads outlived the run's objects, and the process crashed later (a segfault in CI)."""
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 8)
    monkeypatch.setattr(pipeline, "PIECE", 4)
    engine = FailsOnSecondCall()
    with pytest.raises(EngineError):
        run(articles_folder, tmp_path / "out", engine, stream=True)
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("engine")]
    calls = engine.calls
    time.sleep(0.3)
    assert engine.calls == calls  # nothing goes on in the background


class QueueingEngine(PseudoEngine):
    """The pseudo engine with `submit`, as an engine that queues work (argos on CTranslate2):
    it notes when each call is handed to it and when its outputs are taken."""

    def __init__(self, fails_on: int = 0) -> None:
        self.events: list[tuple[str, int]] = []
        self.fails_on = fails_on  # the call whose outputs raise (0: none)
        self.all_handed_over = threading.Event()  # set by the test once the run has handed every chunk over

    def submit(self, sentences: Sequence[str], source: str, target: str):
        number = 1 + sum(kind == "handed" for kind, _ in self.events)
        if number == 1:  # the engine thread may start before the main thread has handed the rest over
            assert self.all_handed_over.wait(timeout=60)
        self.events.append(("handed", number))
        outputs = PseudoEngine.translate(self, sentences, source, target)

        def taken() -> list[str]:
            self.events.append(("taken", number))
            if number == self.fails_on:
                raise EngineError("the model's worker went away")
            return outputs
        return taken

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return self.submit(sentences, source, target)()


def handed_over_first(monkeypatch, engine: QueueingEngine) -> None:
    """The engine's first call waits until the run has handed every chunk over (it then fills in)."""
    fill_and_write = pipeline._fill_and_write

    def said(*args, **options):
        engine.all_handed_over.set()
        return fill_and_write(*args, **options)
    monkeypatch.setattr(pipeline, "_fill_and_write", said)


def test_the_next_piece_goes_to_the_engine_before_the_one_before_is_checked(articles_folder, tmp_path,
                                                                            monkeypatch):
    """An engine that queues is never left waiting for the engine thread between pieces, nor
    between chunks: each piece is handed to it before the outputs of the one before are taken
    (and checked and restored); the files are those of an engine that does one call at a time."""
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 10**9)  # every article read first: the remainder in chunks
    monkeypatch.setattr(pipeline, "LAST_CHUNK", 5)
    monkeypatch.setattr(pipeline, "PIECE", 4)  # chunks of several pieces
    queueing, plain = QueueingEngine(), RecordingEngine()
    handed_over_first(monkeypatch, queueing)
    run(articles_folder, tmp_path / "queued", queueing, stream=True)
    run(articles_folder, tmp_path / "plain", plain, stream=True)
    handed = [number for kind, number in queueing.events if kind == "handed"]
    assert len(handed) > 6  # pieces of several chunks, both language pairs
    for number in handed[:-1]:
        assert queueing.events.index(("handed", number + 1)) < queueing.events.index(("taken", number))
    assert without_dates(files_under(tmp_path / "queued")) == without_dates(files_under(tmp_path / "plain"))


def test_an_error_in_a_piece_in_flight_ends_the_run_with_nothing_left_running(articles_folder, tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 10**9)
    monkeypatch.setattr(pipeline, "LAST_CHUNK", 5)
    monkeypatch.setattr(pipeline, "PIECE", 4)
    engine = QueueingEngine(fails_on=2)
    handed_over_first(monkeypatch, engine)
    with pytest.raises(EngineError, match="worker went away"):
        run(articles_folder, tmp_path / "out", engine, stream=True)
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("engine")]
    handed = [number for kind, number in engine.events if kind == "handed"]
    assert all(("taken", number) in engine.events for number in handed)  # none left in flight


class SlowToQueueEngine(PseudoEngine):
    """An engine that queues (`submit`), slow to take a call: the events say whether the run
    read another article before the engine had the first chunk."""

    def __init__(self, events: list[str]) -> None:
        self.events = events

    def submit(self, sentences: Sequence[str], source: str, target: str):
        time.sleep(0.3)  # the engine thread's protect and tokenize, made long: the order is what is tested
        self.events.append("queued")
        outputs = PseudoEngine.translate(self, sentences, source, target)
        return lambda: outputs


def test_the_first_chunk_is_at_the_engine_before_the_next_article_is_read(articles_folder, tmp_path, monkeypatch):
    """While the engine thread queues the run's first chunk, reading on would take half of the
    GIL from it while the model waits: the next article is read once the chunk is queued."""
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 5)  # handed over after the first article
    events: list[str] = []
    summary = pipeline.Summary()

    def articles() -> Iterator[Article]:
        for article in pipeline.iter_articles(find_articles([articles_folder]), "", summary):
            events.append("read")
            yield article

    pipeline.translate_articles(articles(), ["en"], pipeline.Outputs(tmp_path / "out"), SlowToQueueEngine(events),
                                summary)
    # the English briefing is copied, the German article read next is the first chunk
    assert events[:4] == ["read", "read", "queued", "read"]
    assert summary.failed == [] and len(list((tmp_path / "out" / "en").glob("*.po"))) == 4  # the briefing: copied


def test_while_articles_are_read_no_chunk_is_bigger_than_READING_CHUNK(articles_folder, tmp_path, monkeypatch):
    """An article is written once the chunk with its last sentence is done: while articles are
    still read, what has gathered goes to the engine in chunks of at most READING_CHUNK; the
    files are those of a run without the limit."""
    monkeypatch.setattr(pipeline, "FIRST_CHUNK", 5)
    run(articles_folder, tmp_path / "whole", RecordingEngine(), stream=True)
    monkeypatch.setattr(pipeline, "READING_CHUNK", 6)
    sizes: dict[str, list[int]] = {"reading": [], "after": []}
    hand_over, remainder_sizes = pipeline._EngineFeed.hand_over, pipeline._remainder_sizes
    phase = ["reading"]

    def noting(self, count: int, **options) -> None:
        sizes[phase[0]].append(count)
        return hand_over(self, count, **options)

    def read_all(count: int) -> list[int]:
        phase[0] = "after"
        return remainder_sizes(count)
    monkeypatch.setattr(pipeline._EngineFeed, "hand_over", noting)
    monkeypatch.setattr(pipeline, "_remainder_sizes", read_all)
    run(articles_folder, tmp_path / "limited", RecordingEngine(), stream=True)
    assert sizes["reading"] and max(sizes["reading"]) == 6
    assert without_dates(files_under(tmp_path / "limited")) == without_dates(files_under(tmp_path / "whole"))


class CopyingEngine(PseudoEngine):
    """Gives every sentence back as it is: a real engine's name, so the QA checks that judge a
    translation's language run on its output (and read the language profiles)."""

    name = "copying"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return list(sentences)


def resident_profile_kilobytes() -> int:
    """The resident kilobytes of the loaded language profiles' mapped files; none are loaded for it."""
    from tests.test_language_profiles import mapped_kilobytes
    from uebersetzer.language_profiles import load

    assert load.cache_info().currsize == 1  # loaded by the run, as the test means
    profiles = load()
    return sum(mapped_kilobytes(str(part.filename)) for part in (profiles.matrix, profiles.logs, profiles.words))


needs_smaps = pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="reads Linux's /proc/self/smaps")


@needs_smaps
def test_an_articles_detection_gives_the_profiles_pages_back(articles_folder):
    """The pages detection read are not kept while the engine translates (language_profiles.release_pages)."""
    from uebersetzer.language_profiles import load

    load.cache_clear()
    articles = pipeline.iter_articles(find_articles([articles_folder]), "", pipeline.Summary())
    assert next(articles).language  # detected, with the next articles still to read
    assert resident_profile_kilobytes() == 0


@needs_smaps
def test_the_quality_checks_give_the_profiles_pages_back(articles_folder, tmp_path):
    from uebersetzer.language_profiles import load

    load.cache_clear()
    summary = pipeline.Summary()
    articles = pipeline.iter_articles(find_articles([articles_folder]), "", summary)
    pipeline.translate_articles(articles, ["en"], pipeline.Outputs(tmp_path / "out"), CopyingEngine(), summary)
    assert summary.qa  # the checks ran on the copies, reading the profiles once detection had unmapped them
    assert resident_profile_kilobytes() == 0
