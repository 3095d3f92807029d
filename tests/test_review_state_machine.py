"""The review loop under random edit sequences: a hypothesis state machine edits the sources,
acts as an editor on the PO files and runs the tool (translate, build, a run killed half-way,
a second target), and after every step checks that nothing an editor wrote is lost.

Invariants:
- every translation and comment an editor saved is recoverable: in its PO file (active or
  obsolete) or in the memory with origin human; and whenever its sentence is in the
  article, it is the one in use, as the editor left it (text, comment, fuzzy or not);
- after a complete `translate`, every PO file passes `msgfmt --check`, and an unchanged
  re-run changes no byte of any PO file or article and no unit of the memory;
- `build` writes what the PO files say.

The pseudo engine stands in for a model: the loop's logic does not depend on which engine
wrote the machine translations (tests/test_never_lost.py runs the argos engine through it).
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import polib
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from uebersetzer import pipeline
from uebersetzer.catalog.memory import TranslationMemory
from uebersetzer.engines.pseudo import PseudoEngine
from uebersetzer.read import find_articles

# Pairs of near sentences, so an edit of one is matched to the other (msgmerge's fuzzy matching).
POOL = [
    "Der Stadtrat tagt am Montag im Rathaus.",
    "Der Stadtrat tagt am Dienstag im Rathaus.",
    "Die Feuerwehr meldet einen ruhigen Abend.",
    "Die Polizei meldet einen ruhigen Abend.",
    "Im Hafen liegen seit gestern drei neue Schiffe.",
    "Die Schule bleibt wegen der Hitze geschlossen.",
    "Der Bürgermeister lobt die vielen Helfer.",
    "Am Wochenende wird es im ganzen Land regnerisch.",
    "Die alte Brücke wird im Sommer saniert.",
    "Viele Anwohner begrüßen den neuen Plan.",
]
TITLES = {"a.txt": "Lage in der Stadt", "b.txt": "Neues aus dem Rathaus"}
WIDTHS = [0, 40, 60, 78]  # line widths of other tools' saves (0: no wrapping)


@dataclass(frozen=True)
class Saved:
    """What an editor left in an entry."""

    msgstr: str
    comment: str
    fuzzy: bool


class Killed(Exception):
    """The run was stopped here (the power went, someone pressed Ctrl-C)."""


class ReviewLoop(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="uebersetzer-review-loop-"))
        self.sources, self.out = self.root / "in", self.root / "out"
        self.sources.mkdir()
        self.articles: dict[str, list[list[str]]] = {"a.txt": [[POOL[0], POOL[2]], [POOL[4]]]}
        self.removed: list[tuple[str, int, str]] = []
        self.targets = ["en"]
        self.saved: dict[tuple[str, str, str], Saved] = {}  # (article, target, msgid) -> the editor's entry
        self.numbers = itertools.count(1)
        self._write_sources()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # --- the sources -------------------------------------------------------------------------

    def _write_sources(self) -> None:
        for name, paragraphs in self.articles.items():
            text = "\n\n".join([TITLES[name]] + [" ".join(p) for p in paragraphs if p]) + "\n"
            (self.sources / name).write_text(text, encoding="utf-8")

    def _sentences(self) -> list[tuple[str, int, int]]:
        return [(name, p, s) for name, paragraphs in self.articles.items() for p, paragraph in enumerate(paragraphs)
                for s in range(len(paragraph))]

    @rule(data=st.data(), sentence=st.sampled_from(POOL))
    def add_sentence(self, data, sentence: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.articles)))
        paragraphs = self.articles[name]
        index = data.draw(st.integers(0, len(paragraphs)))
        if index == len(paragraphs):
            paragraphs.append([sentence])  # a new paragraph
        else:
            paragraphs[index].insert(data.draw(st.integers(0, len(paragraphs[index]))), sentence)
        self._write_sources()

    @precondition(lambda self: len(self._sentences()) > 1)
    @rule(data=st.data())
    def remove_sentence(self, data) -> None:
        name, p, s = data.draw(st.sampled_from(self._sentences()))
        self.removed.append((name, p, self.articles[name][p].pop(s)))
        self.articles[name] = [paragraph for paragraph in self.articles[name] if paragraph]
        self._write_sources()

    @precondition(lambda self: bool(self.removed))
    @rule()
    def restore_sentence(self) -> None:
        name, p, sentence = self.removed.pop()
        if name in self.articles:
            paragraphs = self.articles[name]
            paragraphs.insert(min(p, len(paragraphs)), [sentence])
            self._write_sources()

    @rule(data=st.data())
    def change_sentence(self, data) -> None:
        """An edit of a few words: a sentence becomes its near neighbour in the pool."""
        name, p, s = data.draw(st.sampled_from(self._sentences()))
        sentence = self.articles[name][p][s]
        if sentence in POOL[:4]:
            changed = POOL[POOL.index(sentence) ^ 1]
        elif sentence.endswith(" heute."):
            changed = sentence.removesuffix(" heute.") + "."
        else:
            changed = sentence.removesuffix(".") + " heute."
        self.articles[name][p][s] = changed
        self._write_sources()

    @rule(data=st.data())
    def reorder_paragraphs(self, data) -> None:
        name = data.draw(st.sampled_from(sorted(self.articles)))
        self.articles[name] = data.draw(st.permutations(self.articles[name]))
        self._write_sources()

    @precondition(lambda self: "b.txt" not in self.articles)
    @rule(shared=st.lists(st.sampled_from(POOL), min_size=1, max_size=3, unique=True))
    def add_second_article(self, shared: list[str]) -> None:
        self.articles["b.txt"] = [shared, [POOL[9]]]
        self._write_sources()

    # --- the tool ------------------------------------------------------------------------------

    def _translate(self) -> pipeline.Summary:
        summary = pipeline.Summary()
        memory = TranslationMemory(self.out / ".tm.sqlite", make_folder=True)  # as translate makes OUT
        try:
            files = find_articles([str(self.sources)], exclude=[self.out])
            articles = pipeline.iter_articles(files, "de", summary)
            pipeline.translate_articles(articles, self.targets, pipeline.Outputs(self.out), PseudoEngine(), summary,
                                        memory=memory)
        finally:
            memory.close()
        return summary

    def _files(self) -> dict[str, bytes]:
        return {str(p.relative_to(self.out)): p.read_bytes() for p in sorted(self.out.rglob("*"))
                if p.suffix in (".po", ".txt")}

    def _memory_units(self) -> list:
        memory = TranslationMemory(self.out / ".tm.sqlite")
        try:
            return memory.units()
        finally:
            memory.close()

    def _check_with_msgfmt(self) -> None:
        for path in self.out.rglob("*.po"):
            result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True,
                                    text=True)
            assert result.returncode == 0, f"msgfmt --check {path}:\n{result.stderr}"

    @rule()
    def translate(self) -> None:
        summary = self._translate()
        assert summary.failed == [] and summary.skipped == [], (summary.failed, summary.skipped)
        self._check_with_msgfmt()
        files, units = self._files(), self._memory_units()
        again = self._translate()
        assert again.sentences_translated == 0
        assert self._files() == files, "an unchanged re-run rewrote a file"
        assert self._memory_units() == units, "an unchanged re-run changed the memory"

    @rule(writes=st.integers(0, 6))
    def translate_killed(self, writes: int) -> None:
        """A run stopped after `writes` writes (files, memory transactions) went through."""
        count = itertools.count()

        def stop(write):
            def wrapped(*args, **kwargs):
                if next(count) >= writes:
                    raise Killed()
                return write(*args, **kwargs)
            return wrapped

        with mock.patch.object(pipeline, "atomic_write_lines", stop(pipeline.atomic_write_lines)), \
                mock.patch.object(pipeline, "write_if_changed", stop(pipeline.write_if_changed)), \
                mock.patch.object(TranslationMemory, "store", stop(TranslationMemory.store)):
            try:
                self._translate()
            except Killed:
                pass

    @precondition(lambda self: self.targets == ["en"])
    @rule()
    def add_target(self) -> None:
        self.targets = ["en", "fr"]

    @rule()
    def build(self) -> None:
        summary = pipeline.Summary()
        files = find_articles([str(self.sources)], exclude=[self.out])
        articles = pipeline.load_articles(files, "de", summary)
        memory = TranslationMemory(self.out / ".tm.sqlite", make_folder=True)  # as build makes OUT
        try:
            pipeline.build_articles(articles, self.targets, pipeline.Outputs(self.out), summary, memory=memory)
        finally:
            memory.close()
        self._check_with_msgfmt()
        for article in articles:
            for target in self.targets:
                catalog_path = pipeline.Outputs(self.out).catalog(target, article)
                if not catalog_path.exists():
                    continue
                text = (self.out / target / article.path).read_text(encoding="utf-8")
                said = {e.msgid: e.msgstr for e in polib.pofile(str(catalog_path)) if not e.obsolete}
                for segment in (s for b in article.blocks for s in b.segments):
                    assert (said.get(segment.msgid) or segment.msgid) in text, (segment.msgid, text)

    # --- the editor ----------------------------------------------------------------------------

    def _catalogs(self) -> list[tuple[str, str, Path]]:
        return [(name, target, self.out / target / (Path(name).stem + ".po"))
                for name in sorted(self.articles) for target in self.targets
                if (self.out / target / (Path(name).stem + ".po")).exists()]

    def _pick(self, data, only_human: bool = False):
        """(article, target, path, catalog, entry) of an active entry, or None."""
        choices = []
        for name, target, path in self._catalogs():
            catalog = polib.pofile(str(path))
            for entry in catalog:
                if not entry.obsolete and entry.msgstr and (
                        not only_human or (name, target, entry.msgid) in self.saved):
                    choices.append((name, target, path, entry.msgid))
        if not choices:
            return None
        name, target, path, msgid = data.draw(st.sampled_from(choices))
        catalog = polib.pofile(str(path))
        return name, target, path, catalog, catalog.find(msgid)

    def _save(self, data, name: str, target: str, catalog: polib.POFile, entry: polib.POEntry) -> None:
        catalog.wrapwidth = data.draw(st.sampled_from(WIDTHS))  # another tool's line width
        catalog.save()
        self.saved[(name, target, entry.msgid)] = Saved(entry.msgstr, entry.tcomment or "", "fuzzy" in entry.flags)

    @rule(data=st.data(), rewrite=st.booleans(), comment=st.booleans())
    def review(self, data, rewrite: bool, comment: bool) -> None:
        """Clear fuzzy, with the editor's own words or the ones that were there."""
        picked = self._pick(data)
        if picked is None:
            return
        name, target, _, catalog, entry = picked
        if rewrite:
            entry.msgstr = f"Reviewed text {next(self.numbers)}"
        if comment:
            entry.tcomment = f"Desk note {next(self.numbers)}"
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        self._save(data, name, target, catalog, entry)

    @rule(data=st.data())
    def edit_fuzzy(self, data) -> None:
        """Change a translation but leave it fuzzy."""
        picked = self._pick(data)
        if picked is None:
            return
        name, target, _, catalog, entry = picked
        entry.msgstr = f"Draft text {next(self.numbers)}"
        if "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        self._save(data, name, target, catalog, entry)

    @rule(data=st.data())
    def change_comment(self, data) -> None:
        picked = self._pick(data, only_human=True)
        if picked is None:
            return
        name, target, _, catalog, entry = picked
        entry.tcomment = f"Changed note {next(self.numbers)}"
        self._save(data, name, target, catalog, entry)

    @rule(data=st.data())
    def refuzzy(self, data) -> None:
        """An editor has second thoughts about a translation of their own."""
        picked = self._pick(data, only_human=True)
        if picked is None or not picked[4].msgstr.startswith(("Reviewed text", "Draft text")):
            return
        name, target, _, catalog, entry = picked
        if "fuzzy" not in entry.flags:
            entry.flags.append("fuzzy")
        self._save(data, name, target, catalog, entry)

    # --- what must always hold -----------------------------------------------------------------

    @invariant()
    def nothing_an_editor_saved_is_lost(self) -> None:
        if not self.saved:
            return
        human = {(u.target_language, u.source, u.target, u.comment) for u in self._memory_units()
                 if u.origin == "human"}
        catalogs = {}
        for (name, target, msgid), saved in self.saved.items():
            path = self.out / target / (Path(name).stem + ".po")
            if path not in catalogs:
                catalogs[path] = list(polib.pofile(str(path)))
            found = [e for e in catalogs[path] if e.msgid == msgid]
            kept = any((e.msgstr, e.tcomment or "") == (saved.msgstr, saved.comment) for e in found)
            assert kept or (target, msgid, saved.msgstr, saved.comment) in human, (name, target, msgid, saved)
            active = [e for e in found if not e.obsolete]
            if active and name in self.articles and msgid in self._msgids(name):
                [entry] = active
                assert Saved(entry.msgstr, entry.tcomment or "", "fuzzy" in entry.flags) == saved, (
                    name, target, msgid, saved, entry)

    def _msgids(self, name: str) -> set[str]:
        return {s for p in self.articles[name] for s in p} | {TITLES[name]}


ReviewLoop.TestCase.settings = settings(max_examples=80, stateful_step_count=25, deadline=None,
                                        suppress_health_check=[HealthCheck.too_slow])
TestReviewLoop = ReviewLoop.TestCase
