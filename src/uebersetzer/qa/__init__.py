"""QA stage: point editors at the machine translations that are probably wrong.

`check_sentence` runs every registered check (see checks.py) on one sentence and its
translation; `check_entry` does the same for a PO entry, taking the glossary terms from
its `#. glossary:` comments. The translate run writes the problems into each entry's
extracted comments (`#. qa: numbers: 312 -> 321`); `uebersetzer qa` checks PO files on
demand, editors' changes included. Which checks run on a catalog is decided in one place,
policy.py, for the translate run, `uebersetzer qa` and the review page alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import polib

from uebersetzer.qa.checks import CHECKS, Sentence
from uebersetzer.qa.policy import ENGINE_HEADER, skipped_for_catalog, skipped_kinds

__all__ = ["CHECKS", "KINDS", "Problem", "Sentence", "check_entry", "check_sentence", "COMMENT_PREFIX",
           "ENGINE_HEADER", "block_language", "language_comment", "noted_problems", "skipped_for_catalog",
           "skipped_kinds"]

KINDS: tuple[str, ...] = tuple(CHECKS)
COMMENT_PREFIX = "qa: "
GLOSSARY_PREFIX = "glossary: "
LANGUAGE_PREFIX = "language: "  # a block in another language than the article: `language: en`


@dataclass(frozen=True)
class Problem:
    kind: str  # a key of CHECKS
    message: str

    def comment(self) -> str:
        """The entry's extracted comment: `qa: numbers: 312 -> 321`."""
        return f"{COMMENT_PREFIX}{self.kind}: {self.message}"


def noted_problems(comment: str | None) -> list[Problem]:
    """The problems a translate run noted in an entry's extracted comment (Problem.comment)."""
    found = []
    for line in (comment or "").split("\n"):
        if line.startswith(COMMENT_PREFIX):
            kind, _, message = line[len(COMMENT_PREFIX):].partition(": ")
            found.append(Problem(kind, message))
    return found


def check_sentence(sentence: Sentence, skip: Iterable[str] = ()) -> list[Problem]:
    """Every problem the checks find, in the registry's order; `skip` names kinds not to run."""
    if not sentence.translation.strip():
        return []
    skipped = set(skip)
    problems = []
    for kind, check in CHECKS.items():
        if kind in skipped:
            continue
        message = check(sentence)
        if message:
            problems.append(Problem(kind, message))
    return problems


def check_entry(entry: polib.POEntry, source_language: str, target_language: str,
                skip: Iterable[str] = ()) -> list[Problem]:
    """The problems of one translated PO entry (none for an untranslated or obsolete one).
    A block the translate run found in another language (its `language: en` comment) is
    checked from that language, and not at all when it is the target's: kept as written,
    as the translate run checked it."""
    if entry.obsolete or not entry.msgstr or not entry.msgid:
        return []
    source_language = block_language(entry.comment) or source_language
    if source_language == target_language:
        return []
    sentence = Sentence(entry.msgid, entry.msgstr, source_language, target_language, glossary_terms(entry.comment))
    return check_sentence(sentence, skip)


def language_comment(language: str) -> str:
    """The extracted comment naming a block's own language: `language: en`."""
    return f"{LANGUAGE_PREFIX}{language}"


def block_language(comment: str | None) -> str:
    """The language a `language: en` comment names (also `language: en, no model en -> fr`); "" without one."""
    for line in (comment or "").split("\n"):
        if line.startswith(LANGUAGE_PREFIX):
            return line[len(LANGUAGE_PREFIX):].split(",")[0].strip()
    return ""


def glossary_terms(comment: str | None) -> tuple[tuple[str, str], ...]:
    """(source, target) from the `glossary: Moskau -> Moscow` lines the translate run writes."""
    terms = []
    for line in (comment or "").split("\n"):
        if line.startswith(GLOSSARY_PREFIX) and " -> " in line:
            source, target = line[len(GLOSSARY_PREFIX):].rsplit(" -> ", 1)
            terms.append((source, target))
    return tuple(terms)
