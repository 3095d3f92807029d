"""The `translate` and `build` runs: read -> parse -> detect -> segment -> translate -> write.

Stages are pure functions over the document; this module strings them together over a
batch of articles, collects one engine batch for the whole run, and is the only place
besides the CLI that touches the output folder.
"""

from __future__ import annotations

import os
import time
import traceback
from collections import Counter, deque
from contextlib import suppress
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from itertools import islice
from pathlib import Path
from threading import Event
from typing import Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

import polib

from uebersetzer import qa
from uebersetzer.catalog import merge as po
from uebersetzer.catalog import pofile
from uebersetzer.catalog.memory import COPY_ENGINE, Unit
from uebersetzer.detect import (detect_article, detect_sentences, release_profile_pages, release_profiles,
                                too_short_to_tell)
from uebersetzer.detect_inherited import settle_inherited
from uebersetzer.document import Article, Block
from uebersetzer.errors import ArticleError, EngineError, Interrupted, UebersetzerError, bug_behind
from uebersetzer.failed_runs import FailedRuns
from uebersetzer.fsio import (CHANGED, FileState, HeldLock, Unchanged, atomic_write_lines, file_state,
                              hold_replace_lock, output_lock, synced_together, write_if_changed, write_parts_if_changed)
from uebersetzer.glossary import (Glossary, article_closed_compounds, article_unmatched_forms, closed_compounds_line,
                                  held_back_line, unmatched_forms_line)
from uebersetzer.hand_edits import HandEdits, digest_of
from uebersetzer.languages import NAMES, locale_name
from uebersetzer.parse import parse
from uebersetzer.read import ArticleFile, as_given, printable, read_article
from uebersetzer.render import render, render_parts
from uebersetzer.segment import count_words, segment_article
from uebersetzer.translate import Request, Started, TermFinder, Translation, glossary_hits, no_terms, start_requests


@dataclass
class Summary:
    articles: int = 0  # articles read (each then written, or failed for a language)
    unread: int = 0  # articles named that failed before they could be read (empty, unreadable, no words, a name taken)
    sentences: int = 0
    words: int = 0
    # Per target language each sentence of the articles is one of these five, so that
    # translated + reused + repeated + kept + untranslated = sentences x target languages
    # (less the sentences of an article that failed for a language):
    sentences_translated: int = 0  # translated by the engine in this run
    sentences_reused: int = 0  # taken from existing PO entries or the translation memory
    sentences_repeated: int = 0  # a sentence again (in the same article or another): its translation used again
    sentences_kept: int = 0  # kept as written: already in the target language, or nothing to translate (a domain)
    fallbacks: int = 0  # of those translated, redone piecewise around protected text (`#. fallback:` in the PO)
    fuzzy: int = 0
    untranslated: int = 0  # entries left without a translation (no model for their language, the engine failed)
    copied: list[dict[str, str]] = field(default_factory=list)  # target = source language
    skipped: list[dict[str, str]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)  # every output file, written or left as it was
    # each output file: {"article", "target", "kind" ("article" or "catalog"), "path", "written"}; `written`
    # false: it already held exactly this, or could not be replaced (its article is under `failed`)
    files: list[dict[str, object]] = field(default_factory=list)
    seconds: float = 0.0
    glossary: str | None = None  # the file or folder used; "" when none was found; None: no glossary needed
    no_glossary: str = ""  # when none was found, why: "there is no 'glossary' folder in /news"
    glossary_missing_targets: dict[str, list[str]] = field(default_factory=dict)  # language -> entries
    qa: dict[str, int] = field(default_factory=lambda: dict.fromkeys(qa.KINDS, 0))  # QA problems per kind
    orphans: list[str] = field(default_factory=list)  # outputs below a named folder's place no article makes any more
    pivots: list[str] = field(default_factory=list)  # "de -> en -> fr": pairs translated through another language
    # a failure's reason -> the traceback of the bug behind it (a format's parse raised): --debug
    # prints it; not in --json
    tracebacks: dict[str, str] = field(default_factory=dict, repr=False)

    def count_sentences(self, article: Article) -> None:
        """The article's sentences and their words (as translators count them) into the totals."""
        segments = [segment for block in article.blocks for segment in block.segments]
        self.sentences += len(segments)
        self.words += sum(count_words(segment.msgid) for segment in segments)

    def count_kept_article(self, article: Article) -> None:
        """An article copied to a target language it is already in: all its sentences kept."""
        self.sentences_kept += sum(len(block.segments) for block in article.blocks)

    def count_translation(self, request: Request, result: Translation, claimed: set[Request]) -> None:
        """One entry's sentence filled in from the run's results: the first entry to take an
        engine translation counts it as translated, any later one (the same new sentence in
        another article) as repeated."""
        if result.origin == "copy":
            self.sentences_kept += 1
        elif request in claimed:
            self.sentences_repeated += 1
        else:
            claimed.add(request)
            self.sentences_translated += 1
            self.fallbacks += int(result.fell_back)  # what a written article took, once per sentence

    def fail(self, path: str, reason: str, target: str | None = None, error: BaseException | None = None) -> None:
        """Every failure names its article: the reason reads `path: what went wrong`; `target`:
        the language it failed for, None when it failed for all (it could not be read); `error`:
        what was raised, whose traceback is kept when a bug is behind it."""
        path = printable(path)  # a file name that is not UTF-8 must still print and go into JSON
        if not reason.startswith(f"{path}:"):
            reason = f"{path}: {reason}"
        self.failed.append({"path": path, "target": target, "reason": reason})
        if error is not None and bug_behind(error) is not None:
            self.tracebacks[reason] = "".join(traceback.format_exception(error))

    def wrote(self, article: Article, target: str, kind: str, path: Path, written: bool) -> None:
        """An output file of the run, written or left as it was."""
        self.outputs.append(str(path))
        self.files.append({"article": printable(source_path(article)), "target": target, "kind": kind,
                           "path": str(path), "written": written})

    def not_written(self, path: str) -> None:
        """A file of `files` could not be replaced after all: neither could its article's other
        output in that language (an article is never newer than its PO file)."""
        for entry in [e for e in self.files if e["path"] == path]:
            for other in self.files:
                if other["article"] == entry["article"] and other["target"] == entry["target"]:
                    other["written"] = False

    def status(self) -> str:
        """"ok", or "failed" when an article failed or was skipped (exit code 1)."""
        return "failed" if self.failed or self.skipped else "ok"

    def orphan_warnings(self) -> list[str]:
        """The warning line of each orphaned output, as stderr shows it after `warning: `."""
        return [f"{orphan}: no article makes it any more (deleted, renamed or moved); 'uebersetzer prune' removes "
                "such outputs" for orphan in self.orphans]

    def as_json(self, status: str = "") -> dict[str, object]:
        status = status or self.status()
        fields = asdict(self)
        del fields["tracebacks"]  # --debug's, on stderr
        # every warning line stderr shows, the orphans' too (a script reading `warnings` misses none);
        # `orphans` lists their paths alone
        fields["warnings"] = self.warnings + self.orphan_warnings()
        return {"status": status, "code": 0 if status == "ok" else 1, **fields,
                "glossary": self.glossary or "",  # "" when none was found, or the command uses none (build)
                "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class Outputs:
    folder: Path
    # language folder -> PO file name -> the PO files of that name in it, as first asked (see catalogs_named)
    _catalogs: dict[str, dict[str, list[Path]]] = field(default_factory=dict, compare=False, repr=False)

    def article(self, target: str, article: Article) -> Path:
        return self.folder / locale_name(target) / article.path  # pt_BR, zh_TW: as gettext tools name them

    def catalog(self, target: str, article: Article) -> Path:
        relative = Path(article.path)
        return self.folder / locale_name(target) / relative.with_name(relative.stem + ".po")

    def catalogs_named(self, target: str, name: str) -> list[Path]:
        """The PO files called `name` anywhere in the target's folder (hidden ones left out), as
        they were when first asked: the folder is walked once a run, not once an article."""
        folder = self.folder / locale_name(target)
        if folder.name not in self._catalogs:
            found: dict[str, list[Path]] = {}
            for path in output_files(folder):
                if path.suffix == ".po":
                    found.setdefault(path.name, []).append(path)
            self._catalogs[folder.name] = found
        return self._catalogs[folder.name].get(name, [])


def output_files(folder: Path) -> list[Path]:
    """Every file below an output language folder, in a stable order, leaving out hidden files
    and folders (temporary files, an editor's `.git`)."""
    found = []
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [Path(top) / f for f in sorted(files) if not f.startswith(".")]
    return found


@dataclass(frozen=True)
class Moved:
    """A PO file an earlier run wrote for an article named otherwise then (see moved_catalog)."""

    catalog: Path
    named: str  # the article's name then, as its outputs mirrored it (the PO header's Project-Id-Version)
    root: str  # the folder to pass as --root (or to name) so that it is named so again

    def refusal(self, article: Article) -> str:
        return (f"{source_path(article)}: its translations are in {self.catalog}, where it was read as "
                f"{self.named}; pass --root {self.root} (or name the folder {self.root}) to update that file "
                "instead of starting a second one")

    def warning(self, article: Article, catalog: Path) -> str:
        return (f"{source_path(article)}: {self.catalog} holds translations of it from when it was read as "
                f"{self.named}; named as now, its PO file is {catalog} (name it as then to keep to the old one; "
                "'uebersetzer prune' removes the outputs of articles gone)")


def moved_catalog(article: Article, target: str, outputs: Outputs) -> Moved | None:
    """The PO file an earlier run wrote for this article where it was named otherwise (a file
    named on its own, since its folder was; or the other way round), for an article with no PO
    file of its own yet: one of the same name elsewhere in the target's folder whose header
    names (Project-Id-Version) a path the article's path ends with. Files of another article of
    the same name (sport/story.txt, politik/story.txt) do not end so."""
    own = outputs.catalog(target, article)
    where = Path(os.path.abspath(article.file or article.path)).parts
    for candidate in outputs.catalogs_named(target, own.name):
        named = pofile.header_value(candidate, "Project-Id-Version")
        parts = Path(named).parts
        if candidate == own or not named or named == article.path or where[-len(parts):] != parts:
            continue
        given = Path(article.file or article.path)
        root = given.parents[len(parts) - 1] if len(given.parts) >= len(parts) else \
            Path(os.path.relpath(Path(*where[:-len(parts)])))  # named from inside it: ../..
        return Moved(candidate, named, str(root))
    return None


def note_glossary(summary: Summary, glossary: Glossary, targets: Sequence[str]) -> None:
    """Record which glossary the run used ("" for none) and which entries have no form for a
    target language: there their text goes to the model as ordinary text."""
    summary.glossary = glossary.path
    summary.no_glossary = glossary.not_found
    held_back = held_back_line(glossary)
    if held_back:
        summary.warnings.append(held_back)
    for target in targets:
        missing = [entry.source for entry in glossary.missing_targets(target)]
        if missing:
            summary.glossary_missing_targets[target] = missing


def noting_unmatched_forms(articles: Iterable[Article], glossary: Glossary, summary: Summary) -> Iterator[Article]:
    """The articles, as they come; a warning for each entry whose term an article holds in forms
    it does not match (`Москве` for an entry `Москва`: glossary.unmatched_forms) or inside
    closed compounds (`Kremlsprecher` for an entry `Kreml`: glossary.closed_compounds)."""
    for article in articles:
        for entry, forms in article_unmatched_forms(article, glossary):
            summary.warnings.append(unmatched_forms_line(article.path, entry, forms))
        for entry, words in article_closed_compounds(article, glossary):
            summary.warnings.append(closed_compounds_line(article.path, entry, words))
        yield article


def load_articles(files: Sequence[ArticleFile], source_language: str, summary: Summary,
                  progress: Callable[[int], None] = lambda n: None) -> list[Article]:
    return list(iter_articles(files, source_language, summary, progress))


def iter_articles(files: Sequence[ArticleFile], source_language: str, summary: Summary,
                  progress: Callable[[int], None] = lambda n: None) -> Iterator[Article]:
    """read -> parse -> detect -> segment, one article at a time; failures go to the summary."""
    for file in _without_collisions(files, summary):
        try:
            source = read_article(file)
            article = detected(source, source_language)
        except ArticleError as error:
            summary.fail(str(file.path), as_given(error, file), error=error)
            summary.unread += 1
            continue
        finally:
            progress(1)
            release_profile_pages()  # the read (charsets) and detect stages' pages, while the engine works
        if not article.language:
            # the detector found not one n-gram of a language it knows: a bare URL, code, numbers
            summary.fail(str(file.path), "holds no words to tell its language by (only URLs, code, numbers or "
                                         "markup, or a script the detector does not know); pass --from LANG "
                                         "to translate it anyway")
            summary.unread += 1
            continue
        if source.warning:
            summary.warnings.append(source.warning)
        if article.doubt:  # under --from, the doubt is about --from itself
            shown = printable(source_path(article))  # as the user named it, as failure lines do
            summary.warnings.append(f"{shown}: {article.doubt}" if source_language else
                                    f"{shown}: read as {article.language}, but {article.doubt}; "
                                    f"pass --from LANG if that is wrong")
        summary.warnings += article.warnings
        yield article
    release_profiles()


def detected(source, source_language: str = "") -> Article:
    """parse -> detect -> segment for one read article: the detect stage's three steps, the
    block test (detect_article), the inherited blocks settled by their neighbours where the
    article is in doubt (settle_inherited, before segment: a block moved is cut by its own
    language's rules), then the sentences (detect_sentences, once segment has made them)."""
    return detect_sentences(segment_article(settle_inherited(detect_article(parse(source), source_language),
                                                             source_language)))


def in_doubt(article: Article) -> list[Block]:
    """The article's blocks whose language is a guess (detect_inherited): into that language
    the article is not copied whole, so their entries wait for an editor's review."""
    return [block for block in article.blocks if block.language_doubt and block.segments]


def languages_of_sentences(article: Article) -> set[str]:
    """Every language a sentence of the article is in (a block's, or one detect_sentences moved)."""
    return {segment.language or article.language for block in article.blocks for segment in block.segments}


def source_path(article: Article) -> str:
    """Where the article was read from, as the user named it: what failure lines show."""
    return article.file or article.path


def _without_collisions(files: Sequence[ArticleFile], summary: Summary) -> list[ArticleFile]:
    """Two articles whose outputs would have one name (gipfel.txt and gipfel.md both make
    gipfel.po; d1/x.txt and d2/x.txt named as files are both x.txt) would overwrite each other on
    every run. The first keeps its outputs; each later one fails with a line naming both."""
    claimed: dict[str, ArticleFile] = {}
    kept = []
    for file in files:
        name = str(Path(file.display).with_suffix(""))  # the PO file's name, which both would write
        first = claimed.setdefault(name, file)
        if first is file:
            kept.append(file)
            continue
        same_name = Path(file.display).name == Path(first.display).name  # d1/x.txt and d2/x.txt named as files
        remedy = "rename one of them, or name the folder that holds both instead of the files" if same_name \
            else "rename one of them"  # gipfel.txt and gipfel.md: only a new name tells them apart
        summary.fail(str(file.path), f"{file.path}: its outputs would overwrite those of {first.path} "
                                   f"(both are named {name}.po); {remedy}")
        summary.unread += 1
    return kept


@dataclass
class Job:
    """One article into one target language."""

    article: Article
    target: str
    existing: pofile.ExistingCatalog | None  # header and digest only (see _plan_jobs)
    planned: list[po.PlannedEntry]
    obsolete: list[pofile.Entry]
    engine: str = ""  # the engine that filled it in, named in the catalog's header (which QA checks ran)
    pivots: set[str] = field(default_factory=set)  # routes through another language its sentences took (PIVOT_HEADER)
    read_as: FileState | None = None  # the PO file as the plan read it (None: there was none), see _write_newest


FIRST_CHUNK = 48  # sentences that get the engine going while later articles are still being read: a few
# batches for each of its threads (128 started the fixture's model ~0.05 s later, with nothing gained after)
READING_CHUNK = 256  # the most sentences handed over at once while articles are still read: an article is filled
# in and written once the chunk holding its last sentence is done, and a chunk of all that had gathered (699 of
# the fixture bench's 1,050) left most of the run's checking and writing for after the model's last batch, with
# a core idle (fixture bench, 20 alternating runs each: median 3.81 s uncapped, 3.65 s at 256; 128 and 512 were
# no better)
LAST_CHUNK = 64  # the fewest sentences the run's remainder is cut down to (see _remainder_sizes)
PIECE = 128  # sentences the engine thread translates at once within a chunk: what an interrupted run can lose
# of the engine's work (about 3 CPU s on bench_translate.py's real-size model: README "Stopping a run"); a chunk's
# results wait for all its pieces


def translate_articles(
    articles: Iterable[Article], targets: Sequence[str], outputs: Outputs, engine, summary: Summary,
    find_terms: TermFinder = no_terms, progress: Callable[[int], None] = lambda n: None,
    memory=None, found: Callable[[int], None] = lambda n: None, while_locked: Callable[[], None] = lambda: None,
    compendia: Mapping[str, po.Compendium] | None = None, foreseen: Iterable[tuple[str, str]] = (),
    no_model: Mapping[tuple[str, str], str] | None = None,
) -> None:
    """Translate and write every article. `articles` may be a lazy stream: the engine translates
    one chunk of sentences in a worker thread (CTranslate2 releases the GIL) while the next
    articles are read, detected and segmented here, and the articles whose sentences are all
    translated are filled in and written while it works on later chunks. `found(n)` reports
    sentences queued. `while_locked()` runs once all is written, before another run may
    write into the output folder (the CLI opens the article it prints there). `compendia`: by
    target language, the PO files of articles gone, whose entries changed sentences are matched
    with (see merge.plan_catalog). `foreseen`: (source, target) pairs the run will certainly
    translate (see cli._foreseen_pairs): their models are loaded at once, while the first
    articles are still read, instead of once the first article needs them. `no_model`: (source,
    target) pairs known to have no model, and why (--install-missing could not install them):
    their articles fail with that line, as for a pair the engine has no model for."""
    started = time.monotonic()
    with output_lock(outputs.folder):
        # not a `with` block: its exit waits for every chunk handed over, and an interrupted run
        # must not (Ctrl-C took 11-12 s on 60 articles, and then threw that work away)
        worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine")
        feed = _EngineFeed(worker, engine, find_terms, progress, found)
        feed.load(foreseen)
        try:
            _translate_and_write(articles, targets, outputs, engine, summary, find_terms, memory, feed, compendia or {},
                                 no_model or {})
        except KeyboardInterrupt:  # Ctrl-C, or SIGTERM as the CLI turns it into one
            worker.shutdown(wait=False, cancel_futures=True)
            stored = _keep_finished(feed, engine, memory)
            summary.seconds += time.monotonic() - started
            raise Interrupted(f"interrupted; {stored} machine translations the engine had finished are kept in the "
                              "translation memory, and the articles written before are complete; run the same "
                              "command again to translate the rest") from None
        except BaseException:
            # any other error (an engine's, a disk's): the chunks not started are dropped, and the
            # one in the engine thread ends before the error goes on; left running, its model's
            # threads outlived the run's objects and crashed the process later (a segfault)
            worker.shutdown(wait=True, cancel_futures=True)
            feed.settle()
            raise
        worker.shutdown(wait=True)
        while_locked()
    summary.seconds += time.monotonic() - started


def _translate_and_write(articles: Iterable[Article], targets: Sequence[str], outputs: Outputs, engine,
                         summary: Summary, find_terms: TermFinder, memory, feed: "_EngineFeed",
                         compendia: Mapping[str, po.Compendium], no_model: Mapping[tuple[str, str], str]) -> None:
    jobs: list[tuple[Job, int]] = []  # each job, and how many requests were queued once it was planned
    tried: list[tuple[Path, str, str]] = []  # each job's PO file, article (as failures name it) and language
    for article in articles:
        new_jobs = _plan_jobs([article], targets, outputs, summary, memory, compendia)
        # before _requests drops a job whose pair has no model: its failure is recorded too
        tried += [(outputs.catalog(job.target, job.article), printable(source_path(job.article)), job.target)
                  for job in new_jobs]
        feed.queue(_requests(new_jobs, memory, engine, summary, no_model))
        jobs += [(job, feed.total) for job in new_jobs]
        # Hand over what has gathered (up to READING_CHUNK) whenever the engine is idle: it
        # starts early, and the rest of the run goes in a few large, well-sorted calls (the
        # engine works fastest on big batches of similar length).
        if feed.idle() and feed.waiting() >= FIRST_CHUNK:
            # The run's first chunk waits until the engine has its first batches: reading on, this
            # thread took half of the GIL from the engine thread's protect and tokenize while the
            # model had nothing to do (on the fixture it started 74-144 ms after the hand-over,
            # for ~30 ms of the engine thread's CPU)
            feed.hand_over(min(feed.waiting(), READING_CHUNK), until_queued=feed.handed == 0)
    for size in _remainder_sizes(feed.waiting()):
        feed.hand_over(size)
    # the files' fsyncs at once, not one after another; a file that cannot be replaced fails alone
    with synced_together(on_error=lambda error: _unwritable(error, summary)):
        _fill_and_write(jobs, feed, outputs, summary, find_terms, engine, memory)
    _note_failed_runs(tried, outputs, summary)


def _note_failed_runs(tried: Sequence[tuple[Path, str, str]], outputs: Outputs, summary: Summary) -> None:
    """For build: why each article that failed in a language has no PO file there (see
    failed_runs); the record of one that has its PO file now is removed. `tried`: (PO file,
    article as failures name it, language) of each article and language the run planned."""
    failed: dict[tuple[str, str], str] = {}
    for failure in summary.failed:
        if failure["target"] is not None:
            failed.setdefault((failure["path"], failure["target"]), failure["reason"])
    records = FailedRuns(outputs.folder)
    for catalog, path, target in tried:
        reason = failed.get((path, target))
        if catalog.exists():
            records.clear(catalog)
        elif reason is not None:
            records.record(catalog, reason.removeprefix(f"{path}: "))


def _unwritable(error: UebersetzerError, summary: Summary) -> None:
    """A file of the batch that could not be replaced once its fsync ran: its article fails in
    that file's language (named by its article, as every failure is), or, for a file that is
    no article's output, the failure names the file."""
    path = error.path or ""
    output = next((f for f in summary.files if f["path"] == path), None)
    if output is None:
        summary.fail(path, error.message)
    else:
        summary.fail(str(output["article"]), f"{path}: {error.message}", str(output["target"]))
    summary.not_written(path)


def _machine_unit(source: str, target: str, msgid: str, result: Translation, engine_name: str,
                  model_version: str) -> Unit | None:
    """The memory's unit of what the engine wrote (with its name and model version, and its
    notes: a sentence redone piecewise is a fallback to check wherever it is reused), or of a
    sentence kept as written by design (COPY_ENGINE: remembered, so it never counts as an
    edit); None for any other result (failed, recalled, ...)."""
    if result.origin == "copy":
        return Unit(source, target, msgid, result.text, "machine", COPY_ENGINE)
    if result.origin == "engine":
        return Unit(source, target, msgid, result.text, "machine", engine_name, model_version, notes=result.notes)
    return None


def _keep_finished(feed: "_EngineFeed", engine, memory) -> int:
    """Store every machine translation the engine had finished when the run was interrupted
    (the articles already written stored theirs): a re-run takes them from the memory and
    sends only the rest to the engine. How many units that was."""
    units = []
    versions: dict[tuple[str, str], str] = {}
    for request, result in feed.finished_translations().items():
        pair = (request.source, request.target)
        if result.origin == "engine" and pair not in versions:
            versions[pair] = engine.model_version(*pair)
        unit = _machine_unit(*pair, request.msgid, result, engine.name, versions.get(pair, ""))
        if unit is not None:
            units.append(unit)
    if memory is not None and units:
        memory.store(units)
    return sum(1 for unit in units if unit.engine != COPY_ENGINE) if memory is not None else 0


def _remainder_sizes(count: int, smallest: int = LAST_CHUNK) -> list[int]:
    """The chunks the requests left once every article is read are cut into, in order: each half
    of what remains, down to `smallest`. The engine still gets big chunks, and while it works on
    one, the articles whose sentences the chunks before finished are filled in and written: what
    is left after its last sentence is a few articles' work, not most of the run's (one chunk
    kept one core idle while ~45 of the bench's 50 articles were checked and written)."""
    sizes = []
    while count >= 2 * smallest:
        sizes.append((count + 1) // 2)
        count -= sizes[-1]
    return sizes + [count] if count else sizes


class _EngineFeed:
    """The requests of a run, handed to the engine thread in chunks, each translated a piece
    (PIECE sentences) at a time. Each request goes to the engine once; a pair's model is loaded
    as soon as a request needs it, while the articles before the first chunk are still read
    (an engine may have no `preload`). In that thread, not one of its own: it is the one that
    translates next (a model loaded in a thread that then exits left CTranslate2's OpenMP
    threads spinning with ARGOS_INTRA_THREADS=2, 22-77 s instead of 5-6 for the bench's 50
    articles).

    One piece is kept in flight: the next piece, of the same chunk or the next one handed over,
    goes to the engine before the one before it is checked and restored, so an engine that
    queues (`submit`) never waits for this thread between pieces, and no piece's last batch
    runs alone on one of its threads while the other has nothing to do."""

    def __init__(self, worker: ThreadPoolExecutor, engine, find_terms: TermFinder, progress: Callable[[int], None],
                 found: Callable[[int], None]) -> None:
        self.worker, self.engine, self.find_terms, self.progress, self.found = worker, engine, find_terms, progress, found
        self.chunks: deque[tuple[Future[int], int]] = deque()  # (its count of pieces, when done) with each one's end,
        # counted in requests queued over the run
        self.total = 0  # requests queued over the run
        self.queued: dict[Request, None] = {}  # those not handed over yet, unique and in order
        self.sent: set[Request] = set()  # every request of the run, so none goes to the engine twice
        self.pairs: set[tuple[str, str]] = set()  # those whose model was asked to load (or has no preload)
        self.preload: Callable[[str, str], None] | None = getattr(engine, "preload", None)
        self.loading: list[Future[None]] = []  # each model's load, run in the engine thread
        self.pieces: list[dict[Request, Translation]] = []  # each finished piece's translations, in order
        self.translated: dict[Request, Translation] = {}  # those of every chunk taken by `results`
        self.handed = 0  # pieces handed to the engine thread (counted by the main thread)
        self.taken = 0  # pieces the engine thread has started (counted by it)
        self.in_flight: tuple[Started, Future[int] | None, int] | None = None  # a piece at the engine, not checked
        # yet: (it, its chunk's future if it is the chunk's last piece, the chunk's count of pieces)
        self.unresolved: list[Future[int]] = []  # every chunk's future, for an error to reach them all
        self.failure: BaseException | None = None  # the engine thread's error: every later piece ends with it

    def load(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Each pair's model loaded in the engine thread, once per run, if the engine loads
        ahead (has `preload`); a failed load is left to `translate` to report."""
        for pair in pairs:
            if pair not in self.pairs:
                self.pairs.add(pair)
                if self.preload is not None:
                    self.loading.append(self.worker.submit(self.preload, *pair))

    def queue(self, requests: Iterable[Request]) -> None:
        for request in requests:
            if request in self.sent:
                continue
            if (request.source, request.target) not in self.pairs:  # a pair's first request: load its model
                self.load([(request.source, request.target)])
            self.sent.add(request)
            self.queued[request] = None
            self.total += 1

    def waiting(self) -> int:
        return len(self.queued)

    def idle(self) -> bool:
        return not self.chunks or self.chunks[-1][0].done()

    def hand_over(self, count: int, until_queued: bool = False) -> None:
        """The first `count` waiting requests, as the next chunk: sorted by pair and length, so
        neighbours in length stay together and the engine's batches are as even as the whole
        chunk's would be (the same CPU time on the real-size bench model), and cut in pieces,
        each piece's translations kept in `pieces` as soon as it is done: an interrupted run
        stores them without waiting for the chunk's end. `until_queued`: return once the engine
        has the chunk's first batches."""
        requests = list(islice(self.queued, count))
        for request in requests:
            del self.queued[request]
        self.found(len(requests))
        chunk: Future[int] = Future()
        self.unresolved.append(chunk)
        self.chunks.append((chunk, self.total - len(self.queued)))
        ordered = sorted(requests, key=lambda r: (r.source, r.target, len(r.msgid)))
        starts = range(0, len(ordered), PIECE)
        if not starts:
            chunk.set_result(0)
        queued = Event()
        for start in starts:
            self.handed += 1
            last = start + PIECE >= len(ordered)
            self.worker.submit(self._translate_piece, ordered[start:start + PIECE], chunk if last else None, len(starts),
                               queued if start == 0 else None)
        if until_queued and starts and all(load.done() for load in self.loading):  # a model's load is not waited for
            queued.wait()

    def _translate_piece(self, requests: list[Request], ends: Future[int] | None, pieces_in_chunk: int,
                         queued: Event | None = None) -> None:
        """In the engine thread: hand a piece to the engine (then `queued` is set), then check and
        restore the piece before it; this one waits in flight for the next piece, unless none is
        handed over yet."""
        self.taken += 1
        if self.failure is not None and queued is not None:
            queued.set()  # it never will be queued
        if self.failure is None:
            try:
                started = self._start(requests, queued)
                previous, self.in_flight = self.in_flight, (started, ends, pieces_in_chunk)
                self._finish(previous)
                if self.taken == self.handed:  # nothing handed over behind it: no reason to wait
                    current, self.in_flight = self.in_flight, None
                    self._finish(current)
            except BaseException as error:  # the run stops at the first chunk that has it (see settle)
                self.failure = error
        if self.failure is not None:
            for chunk in self.unresolved:
                if not chunk.done():
                    chunk.set_exception(self.failure)

    def _start(self, requests: list[Request], queued: Event | None) -> Started:
        """start_requests, then `queued` set, also when it raised: the main thread may wait for it."""
        try:
            return start_requests(requests, self.engine, self.find_terms)
        finally:
            if queued is not None:
                queued.set()

    def _finish(self, piece: tuple[Started, Future[int] | None, int] | None) -> None:
        """Check and restore a piece's translations, and keep them; the last piece of a chunk
        ends the chunk."""
        if piece is None:
            return
        started, ends, pieces_in_chunk = piece
        self.pieces.append(started.finish(self.progress))  # atomic: the main thread may copy the list at any time
        if ends is not None:
            ends.set_result(pieces_in_chunk)

    def settle(self) -> None:
        """Wait for the piece left in flight (an error stopped the run): the engine's threads do
        not outlive the run's objects (left running, they crashed the process later)."""
        if self.in_flight is not None:
            with suppress(Exception):
                self.in_flight[0].finish()
            self.in_flight = None

    def finished_translations(self) -> dict[Request, Translation]:
        """Every translation the engine thread has finished so far, whatever chunk it is in."""
        finished = dict(self.translated)
        for piece in list(self.pieces):  # a list's copy is atomic, whatever the engine thread appends meanwhile
            finished.update(piece)
        return finished

    def results(self) -> Iterator[int]:
        """Once each chunk is done, the count of requests done by then; its translations are
        in `translated` by then (its pieces let go once taken)."""
        self.sent.clear()
        while self.chunks:
            chunk, end = self.chunks.popleft()
            count = chunk.result()
            for piece in self.pieces[:count]:
                self.translated.update(piece)
            del self.pieces[:count]  # the engine thread only appends: the first `count` are this chunk's
            yield end


def _fill_and_write(jobs: list[tuple[Job, int]], feed: _EngineFeed, outputs: Outputs, summary: Summary,
                    find_terms: TermFinder, engine, memory=None) -> None:
    """Fill in, store and write each job (in order) as soon as the chunks holding its sentences
    are translated, while the engine still works on later ones. Every job is planned before
    the first is filled."""
    results = feed.translated
    claimed: set[Request] = set()  # the engine translations some entry took already (for the counts)
    waiting = deque(jobs)
    for done in feed.results():
        ready = []
        while waiting and waiting[0][1] <= done:
            ready.append(waiting.popleft()[0])
        _finish(ready, results, claimed, outputs, summary, find_terms, engine, memory)
    # planned after the last chunk, with nothing new for the engine
    _finish([job for job, _ in waiting], results, claimed, outputs, summary, find_terms, engine, memory)


def _finish(jobs: list[Job], results: dict[Request, Translation], claimed: set[Request], outputs: Outputs,
            summary: Summary, find_terms: TermFinder, engine, memory=None) -> None:
    """Fill in `jobs`, store their machine translations, then write their files."""
    units: list[Unit] = []
    for job in jobs:
        units += _fill_job(job, results, summary, find_terms, engine, memory, claimed)
    if memory is not None and units:  # before any file holds them: a machine translation is never taken for an edit
        memory.store(units)
    del units  # stored: a big article's files are written without a second copy of its translations
    for job in jobs:
        try:
            _write_newest(job, results, claimed, outputs, summary, find_terms, engine, memory)
        except UebersetzerError as error:  # this article's files (an unwritable folder): the others go on
            summary.fail(error.path or source_path(job.article), error.message, job.target)


REPLANS = 3  # an editor saving this often while one article is written: the run leaves it to them


def _write_newest(job: Job, results: dict[Request, Translation], claimed: set[Request], outputs: Outputs,
                  summary: Summary, find_terms: TermFinder, engine, memory) -> None:
    """Write the job's files, over its PO file only as the plan read it. One saved meanwhile
    (Poedit, a text editor, the review page: the run read it minutes ago) is the editor's
    version, and wins: the article is planned again from it (_replanned) and written so. A
    file that keeps changing, or cannot be used (broken), is left as it is and the article
    fails in that language. A save in the moment between the last check and the rename is
    caught by the write itself (fsio.ChangedOnDisk): the article then fails too."""
    held: HeldLock | None = None
    try:
        for _ in range(REPLANS):
            if write_outputs(job, outputs, summary, memory, held):
                return
            if held is not None:
                held.release()
            # read again and written under the file's replace lock: a review save waits for it (and
            # then is stale) instead of changing the file again; only a tool that takes no lock can
            held = hold_replace_lock(outputs.catalog(job.target, job.article))
            replanned = _replanned(job, results, claimed, outputs, summary, find_terms, engine, memory)
            if replanned is None:
                return
            job = replanned
        summary.fail(source_path(job.article), f"{outputs.catalog(job.target, job.article)}: {CHANGED}", job.target)
    finally:
        if held is not None:
            held.release()  # unless the write took it over, to release it once renamed


def _replanned(job: Job, results: dict[Request, Translation], claimed: set[Request], outputs: Outputs,
               summary: Summary, find_terms: TermFinder, engine, memory) -> Job | None:
    """The job planned again from its PO file as it is now, as any edit is merged (its editors'
    work to the memory, reviewed entries kept), and filled from this run's translations, which
    the memory holds by now (else from `results`). None when the file cannot be used (broken:
    skipped, as a broken file is). The counts stay those of the first plan."""
    scratch = Summary()  # the counts of a second plan would count the article twice
    replanned = _plan_jobs([job.article], [job.target], outputs, scratch, memory)
    _requests(replanned, memory, engine, scratch)  # from the memory, where this run's translations are now
    summary.failed += scratch.failed  # the new version is broken, say
    summary.skipped += scratch.skipped
    if not replanned:
        return None
    _fill_job(replanned[0], results, scratch, find_terms, engine, memory, set(claimed))
    summary.warnings.append(f"{outputs.catalog(job.target, job.article)}: saved by another tool while this run was "
                            f"working; {source_path(job.article)} was planned again from that version, so its edits "
                            "are kept")
    return replanned[0]


def _plan_jobs(articles: Sequence[Article], targets: Sequence[str], outputs: Outputs, summary: Summary,
               memory=None, compendia: Mapping[str, po.Compendium] | None = None) -> list[Job]:
    jobs = []
    for article in articles:
        summary.articles += 1
        summary.count_sentences(article)
        foreign = languages_of_sentences(article)
        for target in targets:
            if target == article.language and foreign <= {target} and not in_doubt(article):
                _copy(article, target, outputs, summary)
                summary.count_kept_article(article)
                continue  # a block in another language is translated from it, the rest kept
            read_as = file_state(outputs.catalog(target, article))  # before reading it: any save after is seen
            readable, existing = _existing_catalog(article, target, outputs, summary, pofile.load_existing)
            if not readable:
                continue
            human: set[str] = set()
            if existing is not None and memory is not None:  # the safety net, before anything changes
                recall = _article_recall(article, target, memory)
                units = human_work(existing, article, target, recall)
                memory.store(_new_to_memory(units, recall))
                memory.learn_notes(noted_work(existing, article, target))
                human = {unit.source for unit in units}
            # the plan takes the existing entries over one by one: those of sentences still in
            # the article are let go as it goes (issue 17), and the written catalog is compared
            # with the existing one's digest
            planned, obsolete = po.plan_catalog(article, existing.drain() if existing is not None else None,
                                                lambda e: po.is_reviewed(e) or po.key_of(e).msgid in human,
                                                (compendia or {}).get(target))
            jobs.append(Job(article, target, existing, planned, obsolete, read_as=read_as))
    return jobs


def human_work(catalog: Iterable[pofile.Entry], article: Article, target: str, memory) -> list[Unit]:
    """Every translation an editor wrote in the catalog, active or obsolete, as human units with
    their translator comments: reviewed entries, and fuzzy ones whose msgstr is not what an
    engine wrote (the memory knows what it wrote)."""
    languages = {o.key.msgid: o.segment.language for o in po.occurrences(article)}
    return catalog_human_work(catalog, lambda entry: languages.get(po.key_of(entry).msgid) or article.language, target,
                              memory)


def noted_work(catalog: Iterable[pofile.Entry], article: Article, target: str) -> list[Unit]:
    """The translations in the catalog that carry an engine's notes (a `fallback:`), as machine
    units whose engine is not known: for the memory to learn notes it did not keep
    (TranslationMemory.learn_notes: a memory from before schema 3)."""
    noted = [entry for entry in catalog if pofile.notes(entry)]
    if not noted:  # most catalogs: the article's sentences are not gone through for nothing
        return []
    languages = {o.key.msgid: o.segment.language for o in po.occurrences(article)}
    return catalog_noted_work(noted, lambda entry: languages.get(po.key_of(entry).msgid) or article.language, target)


def catalog_noted_work(catalog: Iterable[pofile.Entry], language_of: Callable[[pofile.Entry], str],
                       target: str) -> list[Unit]:
    """noted_work for a catalog read on its own (`language_of`: each entry's source language).
    An editor's translation matches no machine unit, so it learns nothing."""
    units = []
    for entry in catalog:
        notes = pofile.notes(entry)
        if notes and entry.msgstr and not po.is_foreign(entry):
            units.append(Unit(language_of(entry), target, po.key_of(entry).msgid, entry.msgstr, "machine",
                              notes=notes))
    return units


def catalog_human_work(catalog: Iterable[pofile.Entry], language_of: Callable[[pofile.Entry], str], target: str,
                       memory) -> list[Unit]:
    """human_work for a catalog read on its own (`language_of`: each entry's source language):
    also a catalog whose article is gone (see prune)."""
    units = []
    for entry in catalog:
        if po.is_foreign(entry) or not entry.msgstr or _conflicted(entry.msgid, entry.msgstr):
            continue  # msgcat's two translations with its marker lines are no one's translation
        msgid = po.key_of(entry).msgid  # as the memory and this run's sentences have it: comparable
        source = language_of(entry)
        copy = msgid if entry.msgstr == entry.msgid else entry.msgstr
        if _kept_as_written(source, target, msgid, copy, memory):
            continue  # the run's own copy, not an editor's translation (the same text either way)
        fuzzy = po.FUZZY in entry.flags
        if fuzzy and (memory is None or memory.is_machine_output(source, target, msgid, entry.msgstr)):
            continue
        flags = ", ".join(flag for flag in entry.flags if flag != po.FUZZY)
        units.append(Unit(source, target, msgid, entry.msgstr, "human", fuzzy=fuzzy,
                          comment=entry.tcomment or "", flags=flags))
    return units


def _new_to_memory(units: list[Unit], memory) -> list[Unit]:
    """The editors' units worth storing: not those the memory holds already as an editor's,
    back in a file as drafts (see _drafted_from_memory). They still count as an editor's
    work everywhere else (an obsolete draft is kept in the file, never dropped)."""
    return [unit for unit in units if not _drafted_from_memory(unit, memory)]


def _conflicted(msgid: str, msgstr: str) -> bool:
    """Does the translation hold msgcat's conflict markers (the QA check `conflict`)? Asked of
    every translation an article is written from: the check's patterns run only where a
    marker line can be."""
    return "#-#-#-#-#" in msgstr and bool(qa.CHECKS["conflict"](qa.Sentence(msgid, msgstr, "", "")))


def _drafted_from_memory(unit: Unit, memory) -> bool:
    """An editor's translation the memory holds already, back in the file as a draft to review
    (a run put it there, see _job_requests, or QA found a problem in it): still fuzzy, it is
    nothing new, and stored as a draft beside the reviewed unit it would change the memory on
    runs where no one changed anything."""
    return unit.fuzzy and memory is not None and memory.is_editors(unit)


def _kept_as_written(source_language: str, target: str, msgid: str, msgstr: str, memory) -> bool:
    """A translation that is its sentence as written, as the translate run keeps it: a block
    already in the target language, or a sentence with nothing to translate (a domain), which
    the memory remembers as kept (see COPY_ENGINE). Counted as kept on every run and not
    fuzzy; once an editor writes something else it is the editor's (reused). An engine whose
    output was its input wrote a draft like any other: fuzzy on the first run, it was "kept"
    and not fuzzy on the next, with no one's review in between."""
    if msgstr != msgid:
        return False
    return source_language == target or (memory is not None and memory.is_kept_copy(source_language, target, msgid))


Catalog = TypeVar("Catalog", polib.POFile, pofile.ExistingCatalog)


def _existing_catalog(article: Article, target: str, outputs: Outputs, summary: Summary,
                      load: Callable[[Path, str], Catalog | None] = pofile.load) -> tuple[bool, Catalog | None]:
    """(False, None) when the PO file is broken: the article is skipped and the file left alone.
    `load`: pofile.load (build), or pofile.load_existing, what an update reads of the file."""
    path = outputs.catalog(target, article)
    try:
        for output in (path, outputs.article(target, article)):
            if output.is_dir():  # the other articles of the batch go on
                raise ArticleError("is a folder where this article's output goes; move it away", path=str(output))
        catalog = load(path, str(path))
    except UebersetzerError as error:
        summary.skipped.append({"path": printable(source_path(article)), "target": target, "reason": str(error)})
        return False, None
    owner = _other_owner(article, target, outputs, catalog)
    # each refusal names this language's PO file and comes once per language: it says which
    if owner is not None:
        summary.fail(source_path(article), owner.refusal(article, path), target)
        return False, None
    moved = moved_catalog(article, target, outputs) if catalog is None else None
    if moved is not None and len(Path(moved.named).parts) > len(Path(article.path).parts):
        summary.fail(source_path(article), moved.refusal(article), target)  # named less than before: --root says it all
        return False, None
    if moved is not None:
        summary.warnings.append(moved.warning(article, path))
    return True, catalog


@dataclass(frozen=True)
class OtherOwner:
    """Another article whose PO file this article's is (see _other_owner)."""

    named: str  # its name, as the PO header's Project-Id-Version records it
    there: Path  # what shows it is still there: its file, or (piped) its localized article
    piped: bool  # this article came from standard input: its --name is its identity
    owner_piped: bool = False  # the other came from standard input (merge.PIPED_HEADER): it has no file

    def refusal(self, article: Article, catalog: Path) -> str:
        if not self.piped and self.owner_piped:
            return (f"its outputs would take over {catalog}, which holds the translations of the article piped in "
                    f"as --name {printable(self.named)}, whose localized article {printable(str(self.there))} is "
                    f"still there (both are named {catalog.name}); rename this file, or, if it is "
                    f"{printable(self.named)} renamed, remove {printable(str(self.there))} first")
        if not self.piped:
            return (f"its outputs would overwrite those of {printable(str(self.there))}, which is still there and "
                    f"whose translations {catalog} holds (both are named {catalog.stem}.po); rename one of them")
        return (f"--name {printable(article.path)}: its PO file {catalog} holds the translations of "
                f"{printable(self.named)}, whose localized article {printable(str(self.there))} is still there "
                f"(both are named {catalog.name}); give this article a --name of its own, or, if it is "
                f"{printable(self.named)} renamed, remove {printable(str(self.there))} first")


def _other_owner(article: Article, target: str, outputs: Outputs, catalog: Catalog | None) -> OtherOwner | None:
    """Another article whose PO file this article's is (story.txt translated before, story.md
    now: both make story.po), when that article is still there: in a run of its own the second
    took the first one's PO file over, and the editors' work became obsolete entries. The PO
    header names the article a catalog belongs to. A file is still there when the file of that
    name is, beside this one; a piped article's has no file, its name (--name) is all there is
    of it: it is still there while its localized article is in the output folder (retired, or
    renamed to this one, its outputs are removed), and so is it for a file whose PO file a piped
    article's run wrote (merge.PIPED_HEADER; a file of that name beside this one need not exist).
    None for the article's own PO file, or a renamed article's."""
    named = catalog.metadata.get("Project-Id-Version", "") if catalog is not None else ""
    if not named or named == article.path:
        return None
    if article.content is not None:
        return _other_piped_owner(named, target, outputs)
    if catalog.metadata.get(po.PIPED_HEADER) == po.PIPED:
        owner = _other_piped_owner(named, target, outputs)
        return replace(owner, piped=False, owner_piped=True) if owner is not None else None
    if not article.file:
        return None
    try:
        root = Path(article.file).parents[len(Path(article.path).parts) - 1]
        other = root / named
        if other.is_file() and other.resolve() != Path(article.file).resolve():
            return OtherOwner(named, other, piped=False)
    except (IndexError, OSError, ValueError):  # a header naming no path this article's folder can hold
        return None
    return None


def _other_piped_owner(named: str, target: str, outputs: Outputs) -> OtherOwner | None:
    """The other article a piped article's PO file belongs to, while its localized article is
    in the target's folder. A header naming no article path below it (another tool's
    `PACKAGE VERSION`, an absolute path) names no article of this folder."""
    parts = Path(named).parts
    if Path(named).is_absolute() or not parts or any(part in (".", "..") for part in parts):
        return None
    localized = outputs.folder / locale_name(target) / named
    try:
        return OtherOwner(named, localized, piped=True) if localized.is_file() else None
    except (OSError, ValueError):  # a name this system cannot hold
        return None


def _copy(article: Article, target: str, outputs: Outputs, summary: Summary) -> None:
    path = outputs.article(target, article)
    if article.encoding in ("utf-8", "utf-8-sig"):
        source = article.content if article.content is not None else Path(article.file).read_bytes()
    else:  # read from a legacy code page or UTF-16: written as UTF-8, as every output is, and saying so
        source = render(article, (), target).encode("utf-8")
    written = _write_article(path, lambda: [source], outputs, summary, None,
                             lambda parts: write_if_changed(path, b"".join(parts())))
    summary.copied.append({"path": printable(source_path(article)), "target": target,  # as failed/skipped name it
                           "reason": "already in the target language"})
    if article.confidence < COPY_SURE:  # detected, not declared (--from is sure)
        summary.warnings.append(f"{printable(source_path(article))}: copied to {target} untranslated, as it reads as "
                                f"{article.language} on only {article.confidence:.0%} of the evidence; pass --from "
                                "LANG if it is in another language")
    summary.wrote(article, target, "article", path, written)


# A copy is no translation at all: an article copied as already in the target language on
# less certainty than this says so as a warning, not only as a notice (a short German tech
# article full of English product names read as English, 67%, and was published in German).
COPY_SURE = 0.9


def _requests(jobs: list[Job], memory, engine, summary: Summary,
              no_model: Mapping[tuple[str, str], str] | None = None) -> list[Request]:
    """What the engine must translate for `jobs`. A job whose article's own language pair has
    no model (or is in `no_model`, with the reason) fails and leaves `jobs`: its sentences go to
    no engine and count nowhere (a pair found missing in a later job can still sink an earlier
    one, so each job's part waits)."""
    failed_pairs: dict[tuple[str, str], str] = dict(no_model or {})
    wanted = {id(job): _job_requests(job, _recalled(job, memory), engine, failed_pairs) for job in jobs}
    requests = []
    for job in list(jobs):
        pairs = {(e.source_language, job.target) for e in job.planned} & failed_pairs.keys()
        if (job.article.language, job.target) in pairs:
            no_model = failed_pairs[(job.article.language, job.target)]
            summary.fail(source_path(job.article), _no_model_reason(job, no_model), job.target)
            jobs.remove(job)
            continue
        unmodelled = _mostly_without_model(job, pairs)
        if unmodelled is not None:
            source, share = unmodelled
            summary.fail(source_path(job.article), f"{failed_pairs[(source, job.target)]} ({share:.0%} of its text "
                         f"reads as {source}, not {job.article.language})", job.target)
            jobs.remove(job)
            continue
        job_requests, reused, kept = wanted[id(job)]
        requests += job_requests
        summary.sentences_reused += reused
        summary.sentences_kept += kept
        _warn_doubted(job, summary)
        for source, target in sorted(pairs):
            summary.warnings.append(f"{printable(source_path(job.article))}: blocks in {source} kept as they are in "
                                    f"the {target} version: no model {source} -> {target}")
    return requests


def _mostly_without_model(job: Job, pairs: set[tuple[str, str]]) -> tuple[str, float] | None:
    """The language of most of the job's text (more than MOSTLY of its characters) and its
    share, when no model translates it into the target: an article kept mostly as written is no
    translation, so it fails as an article of that language would. `--from de` over an Arabic
    article kept 16 of its 19 sentences in Arabic and exited 0, where the same run without
    `--from` failed for want of an ar -> en model. Quotes without a model are kept (a warning),
    also long ones: a German article quoting French at length (tests/test_kept_language.py)."""
    if not pairs:
        return None
    by_language: Counter[str] = Counter()
    for entry in job.planned:
        by_language[entry.source_language] += len(entry.key.msgid)
    total = sum(by_language.values())
    source, size = max(((source, by_language[source]) for source, _ in pairs), key=lambda item: item[1])
    return (source, size / total) if total and size > MOSTLY * total else None


MOSTLY = 0.75  # the share of an article's text in one language without a model that fails it


def _warn_doubted(job: Job, summary: Summary) -> None:
    """One line per article whose sentences were kept as written on a guess of their language."""
    doubted = [entry for entry in job.planned if entry.language_doubt and entry.source_language == job.target
               and entry.fuzzy and entry.msgstr == entry.key.msgid]
    if doubted:
        first = doubted[0]
        summary.warnings.append(
            f"{printable(source_path(job.article))}: {len(doubted)} sentence(s) kept in {job.target} as written, but "
            f"their language is a guess ({first.references[0]}, {first.comments[0]}: {first.language_doubt}); they "
            "stay fuzzy until an editor translates or approves them"
            + ("; pass --from LANG if the article is in another language" if job.article.confidence < 1.0 else ""))


def _no_model_reason(job: Job, no_model: str) -> str:
    """Why the article fails for want of a model: the engine's line, or, where its language was
    only guessed from a word or two, that it is too short to tell ("Ja." read as Swahili)."""
    if not too_short_to_tell(job.article):
        return no_model
    guess = job.article.language
    named = f"{NAMES[guess]} ({guess})" if guess in NAMES else guess
    return f"too short to tell its language ({named} is only a guess); pass --from LANG to name it"


def _recalled(job: Job, memory):
    """The memory's units for the job's sentences, fetched at once (and their older msgids, which
    `is_machine_output` is asked about): it answers as the memory, for a job read while nothing is stored."""
    if memory is None:
        return None
    sentences = [(entry.source_language, job.target, entry.key.msgid) for entry in job.planned]
    sentences += [(entry.source_language, job.target, entry.previous_msgid) for entry in job.planned
                  if entry.previous_msgid]
    return memory.recall(sentences)


def _article_recall(article: Article, target: str, memory):
    """The memory's units for the article's sentences into `target`, fetched at once (see _recalled)."""
    if memory is None:
        return None
    return memory.recall((o.segment.language or article.language, target, o.key.msgid) for o in po.occurrences(article))


def _job_requests(job: Job, memory, engine,
                  failed_pairs: dict[tuple[str, str], str]) -> tuple[list[Request], int, int]:
    """(the requests for the engine, the sentences reused, the sentences kept as written on an
    earlier run) of one job; pairs without a model go to `failed_pairs`."""
    requests, reused, kept = [], 0, 0
    versions: dict[str, str | None] = {}  # source language -> the engine's model version into the target
    for entry in job.planned:
        if entry.new and _editors_translation(entry, job.target, memory):
            reused += 1
            continue
        doubted = bool(entry.language_doubt) and entry.source_language == job.target and not entry.reviewed
        if doubted:
            entry.comments.append(doubt_note(entry))
        if entry.msgstr is not None and not doubted and _kept_as_written(entry.source_language, job.target,
                                                                         entry.key.msgid, entry.msgstr, memory):
            entry.fuzzy = False  # nothing to review, as on the run that kept it
            kept += 1
            continue
        if doubted and entry.msgstr in (None, entry.key.msgid):
            # kept as written, but on a guess of its language: an editor decides (never published unreviewed)
            entry.msgstr, entry.fuzzy = entry.key.msgid, True
            kept += 1
            continue
        if entry.msgstr is not None and not _older_models_draft(entry, job.target, memory, engine, versions):
            reused += 1
            continue
        pair = (entry.source_language, job.target)
        if pair[0] == pair[1]:  # a block already in the target language: kept as it is
            requests.append(Request(pair[0], pair[1], entry.key.msgid, entry.markup or job.article.format))
            continue
        if entry.unreviewed_msgstr and not (memory is not None and memory.is_machine_output(
                pair[0], pair[1], entry.previous_msgid or "", entry.unreviewed_msgstr)):
            entry.msgstr = entry.unreviewed_msgstr  # an editor's words, still fuzzy: kept, never replaced
            reused += 1
            continue
        if pair not in failed_pairs:
            try:
                engine.check_pair(*pair)
            except EngineError as error:
                failed_pairs[pair] = str(error)
        if pair in failed_pairs:
            if pair[0] != job.article.language:  # one block never sinks an article: it keeps its text
                entry.comments.append(f"language: {pair[0]}, no model {pair[0]} -> {pair[1]}")
            continue
        if memory is not None:
            remembered = memory.lookup(pair[0], pair[1], entry.key.msgid, engine)
            if remembered is not None:
                # in the file without a translation: emptied by its editor, or by a run that had
                # no model; an editor's translation of it comes back, but as a draft to review
                _remember(entry, remembered, as_draft=True)
                reused += 1
                continue
        requests.append(Request(pair[0], pair[1], entry.key.msgid, entry.markup or job.article.format))
    return requests, reused, kept


def doubt_note(entry: po.PlannedEntry) -> str:
    """The entry's note on a block kept as written whose language is a guess (`language: en, ...`:
    qa and review read the block's language from it)."""
    return (f"{qa.language_comment(entry.source_language)}, a guess: {entry.language_doubt}; kept as written "
            "until an editor checks it (translate it, or approve it as it is)")


def _older_models_draft(entry: po.PlannedEntry, target: str, memory, engine, versions: dict[str, str | None]) -> bool:
    """Is the entry a draft no one has touched that this engine's older model wrote (a model
    upgraded since)? Then it is emptied, with the notes that run made, and goes to the new
    model (the memory answers first, as for any sentence): a draft is the machine's best
    guess, and an editor should start from the best one there is. An editor's work, reviewed
    or a fuzzy draft they changed, is never touched: the memory knows no engine wrote it. A
    draft of another engine (pseudo, a model since removed) stays: only an upgrade of the
    same engine's model is taken as better."""
    if memory is None or engine is None or not entry.msgstr or not entry.fuzzy or entry.reviewed:
        return False
    written_by = memory.machine_versions(entry.source_language, target, entry.key.msgid, entry.msgstr, engine.name)
    if not written_by:
        return False
    if entry.source_language not in versions:
        try:
            versions[entry.source_language] = engine.model_version(entry.source_language, target)
        except EngineError:  # no model for the pair now: the draft stays, as the pair's check will say
            versions[entry.source_language] = None
    current = versions[entry.source_language]
    if current is None or current in written_by:
        return False
    entry.msgstr = None
    entry.comments = [comment for comment in entry.comments if not comment.startswith(pofile.NOTE_PREFIXES)]
    return True


def _editors_translation(entry: po.PlannedEntry, target: str, memory) -> bool:
    """For a sentence new to this PO file, an editor's translation of exactly it beats a
    similar sentence's, the memory's machine one and the engine's."""
    human = memory.human(entry.source_language, target, entry.key.msgid) if memory is not None else None
    if human is not None:
        _remember(entry, human)
    return human is not None


def _remember(entry: po.PlannedEntry, unit: Unit, as_draft: bool = False) -> None:
    """An entry from the memory; an editor's unit comes back with its comment and flags,
    reviewed as it was saved unless `as_draft`; an engine's with its notes (`fallback: ...`),
    as the run that made it wrote them."""
    entry.msgstr, entry.fuzzy = unit.target, unit.origin != "human" or unit.fuzzy or as_draft
    entry.remembered = True
    entry.reviewed = not entry.fuzzy
    if unit.origin == "machine":
        entry.comments += unit.notes
    if unit.origin == "human":  # this very sentence's translation: no older msgid to compare with
        # an editor's words never carry an engine's note (one a machine unit recalled for the
        # entry before this editor's unit was found: see _fill_job)
        label, *others = entry.comments
        entry.comments = [label, *(comment for comment in others if not comment.startswith(pofile.NOTE_PREFIXES))]
        entry.previous_msgid = None
        entry.translator_comment = unit.comment or entry.translator_comment
        entry.flags = tuple(flag for flag in unit.flags.split(", ") if flag)


def _fill_job(job: Job, results: dict[Request, Translation], summary: Summary, find_terms: TermFinder, engine,
              memory=None, claimed: set[Request] | None = None) -> list[Unit]:
    """Fill in the engine's translations; return the machine units for the memory."""
    units = []
    job.engine = engine.name
    skip = qa.skipped_kinds(engine.name)
    memory = _recalled(job, memory)  # nothing is stored while jobs are filled
    claimed = set() if claimed is None else claimed
    versions: dict[str, str] = {}  # source language -> the engine's model version for it, asked once a job
    for entry in job.planned:
        # one entry for a sentence the article repeats, with a reference per occurrence (a
        # Counter of the article's keys cost a big article ~130 bytes a sentence, issue 17)
        summary.sentences_repeated += len(entry.references) - 1
        if entry.new:  # an editor's work found after this article was planned, in a PO file read later
            untaken = entry.msgstr is None
            if _editors_translation(entry, job.target, memory) and untaken:
                summary.sentences_reused += 1
        if entry.source_language != job.article.language and not qa.block_language("\n".join(entry.comments)):
            entry.comments.append(qa.language_comment(entry.source_language))  # so qa and review check it as this run
        markup = entry.markup or job.article.format
        hits = glossary_hits(entry.key.msgid, entry.source_language, job.target, find_terms, markup)
        entry.comments += [f"glossary: {label}" for label in hits]
        if entry.msgstr is None:
            request = Request(entry.source_language, job.target, entry.key.msgid, markup)
            result = results.get(request)
            if result is None:  # a block whose language has no model: kept as it is, said in the entry
                summary.untranslated += 1
                continue
            if result.origin == "failed":  # only this sentence: the rest of the article is written
                line = entry.references[0].rsplit(":", 1)[1]  # the reference names the article as its outputs do
                where = source_path(job.article)
                # the sentence's start: two sentences of one line would make two identical lines
                sentence = _sentence_start(entry.key.msgid)
                summary.fail(where, f"{where}:{line}: the engine failed on the sentence “{sentence}” "
                                    f"({result.notes[0]}); it stays untranslated in {job.target}", job.target)
                summary.untranslated += 1
                continue
            summary.count_translation(request, result, claimed)
            entry.msgstr, entry.fuzzy = result.text, result.origin != "copy"  # kept as written: nothing to review
            entry.comments += list(result.notes)
            if result.origin == "engine" and entry.source_language not in versions:
                versions[entry.source_language] = engine.model_version(entry.source_language, job.target)
                _note_pivot(job, entry.source_language, engine, summary)
            unit = _machine_unit(entry.source_language, job.target, entry.key.msgid, result, engine.name,
                                 versions.get(entry.source_language, ""))
            if unit is not None:
                units.append(unit)
        _check_quality(entry, job.target, skip, summary)
        if entry.reviewed and entry.msgstr:  # the editor's call, but said (as build says it)
            for kind, problem in _broken_structure(entry.key.msgid, entry.msgstr):
                summary.warnings.append(f"{printable(source_path(job.article))} ({job.target}): {kind}: {problem} in a "
                                        f"reviewed translation of {entry.key.msgid[:50]!r}; the article is written "
                                        "with it as it stands")
        summary.fuzzy += int(entry.fuzzy and bool(entry.msgstr))
        summary.untranslated += int(not entry.msgstr)
    release_profile_pages()  # the QA checks' (_check_quality): the engine still works on later chunks
    return units


def _sentence_start(sentence: str, limit: int = 40) -> str:
    """A sentence's first words, enough to tell it from the others of its line."""
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


PIVOT_HEADER = "X-Uebersetzer-Pivot"  # "de -> en -> fr": the catalog holds machine translations made so


def _note_pivot(job: Job, source: str, engine, summary: Summary) -> None:
    """A pair the engine translates through another language (de -> en -> fr: argostranslate's
    pivot through English when no direct package is installed), noted for the job's PO header
    and, once a run, for the summary: an editor should know the French was made from English."""
    via = getattr(engine, "pivots", lambda *pair: ())(source, job.target)
    if not via:
        return
    route = " -> ".join((source, *via, job.target))
    job.pivots.add(route)
    if route not in summary.pivots:
        summary.pivots.append(route)


def _check_quality(entry: po.PlannedEntry, target: str, skip: Sequence[str], summary: Summary) -> None:
    """QA on a translation no editor has reviewed: problems become `qa:` comments and keep the
    entry fuzzy, even when the translation is an editor's draft from the memory. An entry
    reviewed here, or an editor's reviewed translation of exactly this sentence recalled from
    the memory (the article renamed or moved, the sentence new to this PO file), is the
    editor's call, as it was in the file it was reviewed in (`uebersetzer qa` still checks it)."""
    if not entry.msgstr or entry.reviewed or entry.source_language == target:
        return
    sentence = qa.Sentence(entry.key.msgid, entry.msgstr, entry.source_language, target,
                           qa.glossary_terms("\n".join(entry.comments)))
    problems = qa.check_sentence(sentence, skip)
    entry.qa_comments = tuple(problem.comment() for problem in problems)
    if problems:
        entry.fuzzy, entry.reviewed = True, False
    for problem in problems:
        summary.qa[problem.kind] += 1


def write_outputs(job: Job, outputs: Outputs, summary: Summary, memory=None, held: HeldLock | None = None) -> bool:
    """Write the job's PO file and localized article; False, storing and writing nothing, when
    the PO file is no longer the one the plan read (an editor saved it meanwhile: see
    _write_newest). Under the PO file's replace lock from that check to its rename (`held`:
    taken already, when the plan read the file under it): a review save meanwhile waits, and
    then is stale."""
    catalog_path = outputs.catalog(job.target, job.article)
    lock = held if held is not None else hold_replace_lock(catalog_path)
    try:
        if file_state(catalog_path) != job.read_as:
            return False
        _write_unchanged(job, catalog_path, outputs, summary, memory, lock)
        return True
    finally:
        lock.release()  # unless the PO file's write took it over, to release it once renamed


def _write_unchanged(job: Job, catalog_path: Path, outputs: Outputs, summary: Summary, memory, lock: HeldLock) -> None:
    catalog = po.make_catalog(job.planned, job.obsolete,
                              po.header(job.target, job.article.language, job.article.path,
                                        piped=job.article.content is not None), job.existing)
    if job.engine:  # after the existing header's fields: the last run's engine decides which checks apply
        catalog.metadata[qa.ENGINE_HEADER] = job.engine
    if job.pivots:  # with the routes earlier runs recorded: their translations may still be in the file
        recorded = [route.strip() for route in catalog.metadata.get(PIVOT_HEADER, "").split(",") if route.strip()]
        catalog.metadata[PIVOT_HEADER] = ", ".join(sorted({*recorded, *job.pivots}))
    if memory is not None:  # an editor's words this update carried to an edited sentence, before the file has them
        recall = _recalled(job, memory)
        memory.store(_new_to_memory(human_work(catalog.translated_entries(), job.article, job.target, recall), recall))
    # compared with the existing catalog as read, by the digest taken while it was read: an
    # editor's file saved with another tool's line width is not rewritten for its layout alone.
    # A line at a time: a big article's PO text is never held whole.
    catalog_written = job.existing is None or pofile.undated_digest(catalog) != job.existing.digest
    if catalog_written:  # checked again right before the rename: a tool that takes no lock may save meanwhile
        atomic_write_lines(catalog_path, po.serialized_lines(catalog), Unchanged(job.read_as, lock))
    translations = po.translations(catalog)
    if any(_conflicted(key.msgid, text) for key, text in translations.items()):
        _refuse_conflict(job, catalog, catalog_path, summary, catalog_written)
        return
    article_path = outputs.article(job.target, job.article)
    translated = by_segment(job.article, translations)
    written = _write_article(article_path, lambda: render_parts(job.article, translated, job.target), outputs, summary,
                             catalog_path,  # never newer than the PO file, the record of what it says
                             lambda parts: write_parts_if_changed(article_path, parts, after=catalog_path))
    summary.wrote(job.article, job.target, "article", article_path, written)
    summary.wrote(job.article, job.target, "catalog", catalog_path, catalog_written)


def _write_article(path: Path, parts: Callable[[], Iterable[str | bytes]], outputs: Outputs, summary: Summary,
                   catalog: Path | None, write: Callable[[Callable[[], Iterable]], bool]) -> bool:
    """Write a localized article (`write(parts)`: whether it changed the file), keeping a copy
    of one changed by hand since a run wrote it, with a warning (see hand_edits.py), and
    recording what was written."""
    records = HandEdits(outputs.folder)
    recorded = records.recorded(path)  # read once: writing the article leaves its record as it is
    kept = records.keep_if_edited(path, recorded)
    written = write(parts)
    if kept is not None and not written:  # the hand edit is exactly what this run writes: nothing lost
        kept.unlink()
    elif kept is not None:
        summary.warnings.append(records.warning(path, kept, catalog))
    if written or recorded is None or kept is not None:
        records.record(path, digest_of(parts()), recorded)
    return written


def _refuse_conflict(job: Job, catalog: pofile.Catalog, catalog_path: Path, summary: Summary,
                     catalog_written: bool) -> None:
    """The PO file an editor's msgcat left conflict markers in is written (their work, and the
    `qa: conflict` note), the article is not; the failure names the entry's line as written.
    The lines are counted in the text written, parsed again (the file itself may not be in
    place yet: a batch of writes is renamed together); only ever for such a file."""
    written = polib.pofile("\n".join(po.serialized_lines(catalog)) + "\n", wrapwidth=pofile.PAGE_WIDTH)
    by_key = {po.key_of(e): e for e in written if not e.obsolete}
    reason = _unresolved_conflict(job.article, by_key, str(catalog_path))
    summary.fail(source_path(job.article), reason or f"{catalog_path}: unresolved msgcat conflict; the article was "
                                                      "not written", job.target)
    summary.wrote(job.article, job.target, "catalog", catalog_path, catalog_written)


def by_segment(article: Article, translated: dict[po.Key, str]) -> list[str | None]:
    """The catalog's translation of each segment, in article order, as render takes them."""
    return [translated.get(occurrence.key) for occurrence in po.occurrences(article)]


@dataclass(frozen=True)
class Unreviewed:
    path: str  # the PO file
    line: int  # the entry's line in it; 0: the PO file has no entry for the sentence yet
    state: str  # "fuzzy", "untranslated", or a broken structure ("markup: added <script>")
    msgid: str
    source: str = ""  # where the sentence is in the article, "article:line"

    def listing(self) -> str:
        """One line saying where the entry is and what it lacks. A sentence added to the article
        since the last translate run has no entry to point at: its place in the article, then."""
        if self.line:
            return f"{self.path}:{self.line}: {self.state}: {self.msgid[:70]}"
        return (f"{self.source}: {self.state}: not in {self.path} yet (run 'uebersetzer translate'): "
                f"{self.msgid[:70]}")


def build_articles(articles: Sequence[Article], targets: Sequence[str], outputs: Outputs, summary: Summary,
                   reviewed_only: bool = False, memory=None) -> list[Unreviewed]:
    """Render articles from their PO files as they are, with no engine. With `reviewed_only`,
    an article is not written into a language while any of its entries there is fuzzy,
    untranslated or breaks its markup; those entries are returned, and the others written.
    The PO files are read under the output folder's lock: a build that waited for a translate
    run renders what that run wrote."""
    started = time.monotonic()
    with output_lock(outputs.folder):
        unreviewed = _build_locked(articles, targets, outputs, summary, reviewed_only, memory)
    summary.seconds += time.monotonic() - started
    return unreviewed


def _build_locked(articles: Sequence[Article], targets: Sequence[str], outputs: Outputs, summary: Summary,
                  reviewed_only: bool, memory) -> list[Unreviewed]:
    pending: list[tuple[Article, str, dict[po.Key, str] | None]] = []  # None: copied, in its own language
    unreviewed: list[Unreviewed] = []
    units: list[Unit] = []
    noted: list[Unit] = []  # translations with an engine's notes, for a memory that did not keep them
    for article in articles:
        summary.articles += 1
        summary.count_sentences(article)  # once per article, as translate counts them
        if reviewed_only and article.kept_as_written and any(target != article.language for target in targets):
            summary.fail(source_path(article), _kept_as_written_reason(article))
            continue
        for target in targets:
            if target == article.language and languages_of_sentences(article) <= {target} and not in_doubt(article):
                pending.append((article, target, None))  # copied
                summary.count_kept_article(article)
                continue
            readable, catalog = _existing_catalog(article, target, outputs, summary)
            if not readable:
                continue
            catalog_path = outputs.catalog(target, article)
            if catalog is None:
                summary.fail(source_path(article), _no_catalog(article, target, catalog_path, outputs), target)
                continue
            by_key = {po.key_of(e): e for e in catalog if not e.obsolete}
            conflict = _unresolved_conflict(article, by_key, str(catalog_path))
            if conflict:  # never published, not even as a draft: nor is it an editor's work for the memory
                summary.fail(source_path(article), conflict, target)
                continue
            found = _entry_states(article, by_key, str(catalog_path))
            unreviewed += found
            if not reviewed_only:  # rendered in the source language: said sentence by sentence, not only counted
                summary.warnings += [f"{missing.listing()} (written in the source language)" if missing.line
                                     else missing.listing() for missing in found if missing.state == "untranslated"]
            summary.fuzzy += sum(1 for u in found if u.state == "fuzzy")
            summary.untranslated += sum(1 for u in found if u.state == "untranslated")
            _count_rendered(article, by_key, target, summary, memory, str(catalog_path),
                            qa.skipped_for_catalog(catalog.metadata))
            recall = _article_recall(article, target, memory)
            units += _new_to_memory(human_work(catalog, article, target, recall), recall)
            noted += noted_work(catalog, article, target)
            if reviewed_only and found:  # not published in this language; the others are (an article is
                continue  # a newsroom's unit of publishing: one left unreviewed holds back no other)
            pending.append((article, target, po.translations(catalog)))
    if memory is not None:
        memory.store(units)
        memory.learn_notes(noted)
    for article, target, translated in pending:
        if translated is None:
            _copy(article, target, outputs, summary)
            continue
        path = outputs.article(target, article)
        by_sentence = by_segment(article, translated)
        written = _write_article(path, lambda: render_parts(article, by_sentence, target), outputs, summary,
                                 outputs.catalog(target, article), lambda parts: write_parts_if_changed(path, parts))
        summary.wrote(article, target, "article", path, written)
    return unreviewed


def _no_catalog(article: Article, target: str, catalog_path: Path, outputs: Outputs) -> str:
    """Why build finds no PO file, as far as it can see: "run translate first" alone sent a user
    whose translate had failed back to the same failure."""
    language = locale_name(target)
    failed = FailedRuns(outputs.folder).reason(catalog_path)
    if failed is not None:
        return (f"{catalog_path}: no PO file, as the last translate of this article into {language} failed: {failed}; "
                "once that is fixed, run translate again, then build")
    if not (outputs.folder / language).is_dir():
        return (f"{catalog_path}: no PO file: nothing was translated into {language} in {outputs.folder} (that "
                f"folder has no {language}/ folder); run 'uebersetzer translate' with --to {language} first, or pass the --out it "
                "wrote to")
    return (f"{catalog_path}: no PO file: this article was not translated into {language} in {outputs.folder} yet "
            "(or its PO file was moved or deleted); run 'uebersetzer translate' on it first")


def _kept_as_written_reason(article: Article) -> str:
    """Why `build --reviewed-only` does not publish an article whose format keeps text with
    words as written (a Markdown table it cannot split, front matter): that text is still in
    the source language, and no PO entry says so, so no review can have cleared it."""
    return (f"{article.kept_as_written} kept as written, in the source language (its format cannot translate "
            "it); --reviewed-only publishes no untranslated text, so the article was not written: fix what the "
            "warning names so that it can be translated, or build without --reviewed-only")


# what build warns about in a translation an editor left so: it changes the article's markup
# (a lost `</a>`, an added `<script>`) or its blocks (a blank line, a `# ` heading inside a list)
STRUCTURE_CHECKS = ("markup", "lines")


def _unresolved_conflict(article: Article, by_key: dict[po.Key, polib.POEntry], display: str) -> str:
    """Why the article must not be rendered from this catalog, or "": a translation of one of
    its sentences that still holds msgcat's conflict markers (`#-#-#-#-#  a.po  #-#-#-#-#`).
    A newsroom publishes none of that, whatever else the build does; the reason names the
    first such entry's file:line."""
    conflicts = []
    for key in dict.fromkeys(occurrence.key for occurrence in po.occurrences(article)):
        entry = by_key.get(key)
        message = qa.CHECKS["conflict"](qa.Sentence(key.msgid, entry.msgstr, "", "")) if entry is not None else ""
        if message:
            conflicts.append(f"{display}:{entry.linenum}: {message}")
    if not conflicts:
        return ""
    more = f" (and {len(conflicts) - 1} more)" if len(conflicts) > 1 else ""
    return f"{conflicts[0]}{more}; the article was not written"


def _count_rendered(article: Article, by_key: dict[po.Key, polib.POEntry], target: str, summary: Summary,
                    memory, display: str = "", skip: Sequence[str] = ()) -> None:
    """Each sentence as a translate re-run that finds nothing new counts it: a sentence again
    in the article is repeated, one kept as written kept, any other translation reused (the
    untranslated ones are counted with the fuzzy ones, by _entry_states); and the QA problems
    of its translation as it reads now (see _count_problems). `by_key`: the catalog's live
    entries; `skip`: the QA kinds its policy leaves out. Markup or blocks an editor broke
    since (a lost `</a>`, an added `<script>`, a line break starting a heading:
    STRUCTURE_CHECKS) are a warning naming the entry: the article is written as the file
    says, and should not be unseen."""
    seen: set[po.Key] = set()
    for occurrence in po.occurrences(article):
        key = occurrence.key
        if key in seen:
            summary.sentences_repeated += 1
            continue
        seen.add(key)
        entry = by_key.get(key)
        if entry is None or not entry.msgstr:
            continue
        source = occurrence.segment.language or article.language
        _count_problems(entry, source, target, skip, summary)
        if _kept_as_written(source, target, key.msgid, entry.msgstr, memory):
            summary.sentences_kept += 1
            continue
        summary.sentences_reused += 1
        for kind, broken in _broken_structure(key.msgid, entry.msgstr):
            summary.warnings.append(f"{display}:{entry.linenum}: {kind}: {broken}; the article is written with "
                                    "this translation as it stands")


def _count_problems(entry: polib.POEntry, source: str, target: str, skip: Sequence[str], summary: Summary) -> None:
    """The QA problems a translate run would count in the entry now (_check_quality): those of
    a translation no editor has reviewed, checked as it reads now, not read off its `#. qa:`
    comments, which were written for the translation the last run left: an editor who
    replaced it (in Poedit, say) and left the entry fuzzy may have fixed or made a problem. A
    reviewed entry is the editor's call, whatever comments it still carries (`uebersetzer qa`
    checks it)."""
    if po.FUZZY not in entry.flags:
        return
    for problem in qa.check_entry(entry, source, target, skip):
        summary.qa[problem.kind] += 1


def _entry_states(article: Article, by_key: dict[po.Key, polib.POEntry], display: str) -> list[Unreviewed]:
    """The article's sentences left untranslated or fuzzy in a catalog (`by_key`: its live entries)."""
    found = []
    first_blocks: dict[po.Key, Block] = {}  # each sentence where the article first has it
    for occurrence in po.occurrences(article):
        first_blocks.setdefault(occurrence.key, occurrence.block)
    for key, block in first_blocks.items():
        entry = by_key.get(key)
        if entry is None:
            found.append(Unreviewed(display, 0, "untranslated", key.msgid, f"{source_path(article)}:{block.line}"))
        elif not entry.msgstr:
            found.append(Unreviewed(display, entry.linenum, "untranslated", key.msgid))
        elif po.FUZZY in entry.flags:
            found.append(Unreviewed(display, entry.linenum, "fuzzy", key.msgid))
        else:
            found += [Unreviewed(display, entry.linenum, f"{kind}: {problem}", key.msgid)
                      for kind, problem in _broken_structure(key.msgid, entry.msgstr)]
    return found


def _broken_structure(msgid: str, msgstr: str) -> list[tuple[str, str]]:
    """(check, problem) of STRUCTURE_CHECKS a translation fails: it changes the article's
    markup or its blocks. Reviewed or not, such a translation is not ready to publish:
    `--reviewed-only` refuses it as it refuses a fuzzy one (a reviewed `<script>` went out)."""
    found = []
    for kind in STRUCTURE_CHECKS:
        problem = qa.CHECKS[kind](qa.Sentence(msgid, msgstr, "", ""))
        if problem:
            found.append((kind, problem))
    return found
