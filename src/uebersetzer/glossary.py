"""Glossary: named entities and terms, fixed in every target language.

Files: YAML (the team's format), CSV (spreadsheets), TBX (terminology tools). Matching is
longest first, on word boundaries, case-sensitive unless an entry says otherwise, also
inside hyphenated compounds (`Trump-Putin-Gipfel`), and takes German genitives
(`Trumps`, `des Kremls`) without listing them; English output renders those as
possessives (`Trump's`). Matches become protected spans (see protect.py), so every
engine writes the glossary's form.

Scripts: Han and Kana (and Thai, Lao, Khmer, Myanmar) have no spaces between words, so a
term there is found as a substring; a Korean term takes the particles written after it
(`서울에서`); an Arabic or Hebrew term takes the proclitics written before it (`بالرياض`,
`בירושלים`). Terms are matched in a folded view of the text (`folded`): Arabic harakat and
Hebrew points ignored, Persian and Arabic letter variants one letter, as search engines
fold them; what is written stays as written. Inflected forms (`Москве`) are matched only
when an entry lists them; `unmatched_forms` names the ones it does not list.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from uebersetzer.errors import UsageError
from uebersetzer.languages import to_argos
from uebersetzer.protect import Span
from uebersetzer.unicode_forms import comparable

GLOSSARY_SUFFIXES = (".yaml", ".yml", ".csv", ".tsv", ".tbx")
SPREADSHEETS = (".xlsx", ".xls", ".ods", ".numbers")  # what a glossary kept in a spreadsheet is saved as
DEFAULT_GLOSSARY = "glossary"  # a folder, relative to where the command runs
POSSESSIVE_LANGUAGES = frozenset({"en"})
# A German genitive ("Trumps", "Lawrow'"), or an English possessive written into German text
# ("Lawrow’s"), whose apostrophe the output keeps.
_GENITIVE = r"(?P<genitive>['’]s|s|'|’)?"

# Scripts written without spaces between words (Han with its iteration marks, Hiragana,
# Katakana and its half-width forms, Thai, Lao, Myanmar, Khmer; Unicode's blocks): a term in
# them has no word boundary to stop at, and one beside them (`AppleのTim`) ends where they begin.
# Word segmentation by dictionary (ICU's) would only find the boundaries a substring match needs none of.
UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff"
            "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f")
# Hangul: words are spaced, but particles follow a noun in the same word (`서울에서`, `Apple은`)
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
# A letter of a script written with spaces: what may not stand right before or after a term
_SPACED_LETTER = rf"[^\W{UNSPACED}]"
_SPACED_LETTER_AFTER = rf"[^\W{UNSPACED}{HANGUL}]"
# Proclitics written as one word with the noun after them. Arabic: wa-, fa- (and, so) before
# bi-, ka-, li- (in/with, like, to): بالرياض, والرياض, فبالرياض, للرياض (li- + al-, the alif
# unwritten). Hebrew: ve-, she-/kshe-, then mi-, be-, ke-, le-, ha-: בירושלים, ומירושלים.
# Before a name in Latin letters too: بـGoogle (the tatweel folded away), and in an output بRiyadh.
_ARABIC_PROCLITIC = "(?:[وف]?[بكل]|[وف])"
_HEBREW_PROCLITIC = "(?:ו?(?:כש|ש)?[מבכלה]?)(?=[\u05d0-\u05ea])"
# The article a proclitic swallows: l- + al-Riyad is written للرياض, be- + ha-Knesset בכנסת
_SWALLOWED_ARTICLE = {"ال": ("ا", "ل"), "ה": ("ה", "בכל")}
_LEFT = (rf"(?:(?<!{_SPACED_LETTER})(?P<clitic>{_ARABIC_PROCLITIC}|{_HEBREW_PROCLITIC})?"
         rf"|(?=[{UNSPACED}]))")
_RIGHT = rf"(?:(?<=[{UNSPACED}{HANGUL}])|(?!{_SPACED_LETTER_AFTER}))"


def _folding_table() -> dict[int, str | None]:
    """Arabic and Persian letters as Lucene's ArabicNormalizer and PersianNormalizer fold them
    (alef with hamza or madda: alef; alef maksura, Farsi yeh, yeh barree: yeh; keheh: kaf; teh
    marbuta, heh with yeh, heh goal: heh), and every Arabic and Hebrew vowel sign, point or
    Quranic mark (the combining marks of both blocks) and the tatweel left out."""
    import unicodedata

    table: dict[int, str | None] = {ord(c): "ا" for c in "آأإٱ"}
    table |= {ord(c): "ي" for c in "ىیے"} | {ord("ک"): "ك"} | {ord(c): "ه" for c in "ةۀہ"}
    table[0x0640] = None  # tatweel, which stretches a word
    for code in [*range(0x0591, 0x05C8), *range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670,
                 *range(0x06D6, 0x06EE)]:
        if unicodedata.category(chr(code)) == "Mn":
            table[code] = None
    return table


_FOLDING = _folding_table()
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in _FOLDING) + "]")


@dataclass(frozen=True)
class Folded:
    """A text as terms are matched in it, and the way back to the text as written."""

    text: str
    written: str
    positions: tuple[int, ...] | None = None  # where each character of `text` is in `written`; None: the same

    def original(self, index: int) -> int:
        """Where the character at `index` of the folded text is written."""
        if self.positions is None:
            return index
        return self.positions[index] if index < len(self.positions) else len(self.written)

    def original_end(self, index: int) -> int:
        """The end, in the text as written, of a match ending at `index` of the folded text: after
        the marks written on its last letter (`الرياضُ`)."""
        if self.positions is None or index == 0:
            return index
        end = self.positions[index - 1] + 1
        while end < len(self.written) and _FOLDING.get(ord(self.written[end]), "") is None \
                and self.written[end] != "\u0640":
            end += 1
        return end


def folded(text: str) -> Folded:
    """`text` folded for matching (see _folding_table); most text has nothing to fold and is itself."""
    if not _FOLDABLE.search(text):
        return Folded(text, text)
    kept = [(index, _FOLDING.get(ord(char), char)) for index, char in enumerate(text)]
    kept = [(index, char) for index, char in kept if char is not None]
    return Folded("".join(char for _, char in kept), text, tuple(index for index, _ in kept))


def occurrence_pattern(form: str, ending: str = "") -> re.Pattern[str]:
    """A form written in an output, as terms are found in sources (in folded text, behind
    proclitics, inside Han and Kana), followed by the regex `ending`: how `glossary check`
    counts it."""
    return re.compile(rf"{_LEFT}{_form_pattern(_fold(form))}{ending}{_RIGHT}")


def _first_letters(forms: Iterable[str]) -> str:
    """A lookahead for the letters terms begin with (in any case, as ignore_case matches them;
    after a swallowed article, its next letter too). re tries every term at each place a term
    may begin, and in Han or Kana text that is every character: this turns most of them away
    at once (997 FLORES sentences, 50,000 made-up names: Chinese 21.9 s without it, 0.02 s with
    it; German 8.9 s without, 0.4 s with; `python bench/bench_glossary.py --matching`)."""
    letters = set()
    for form in forms:
        letters.add(form[0])
        if any(form.startswith(article) for article in _SWALLOWED_ARTICLE):
            letters.add(form[1])
    return "(?=(?i:[" + "".join(re.escape(letter) for letter in sorted(letters)) + "]))"


def _fold(form: str) -> str:
    return folded(form).text


def _form_pattern(form: str) -> str:
    """The regex of one folded term; one that begins with an article a proclitic swallows also
    matches without it, right after that proclitic."""
    for article, (dropped, after) in _SWALLOWED_ARTICLE.items():
        if form.startswith(article) and len(form) > len(article) + 1:
            return f"(?:{re.escape(dropped)}|(?<=[{after}])){re.escape(form[len(dropped):])}"
    return re.escape(form)


@dataclass(frozen=True)
class Entry:
    source: str
    variants: tuple[str, ...] = ()
    targets: dict[str, str] = field(default_factory=dict, hash=False)
    note: str = ""
    ignore_case: bool = False
    place: str = ""  # "file:line", for messages
    review: bool = False  # a candidate `glossary extract` proposed, not yet reviewed: not used (Glossary.held_back)

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.source, *self.variants)

    def applies_to(self, language: str) -> bool:
        """An entry with no targets at all keeps its term as written in every language; one with
        targets for other languages only is not a term in `language`: the model translates it."""
        return not self.targets or language in self.targets

    def target(self, language: str, as_written: str) -> str:
        """The form to write in `language`; for an entry without targets, the source text as written."""
        return self.targets.get(language, as_written)

    def label(self, language: str, as_written: str | None = None) -> str:
        """"Moskau -> Moscow"; for an entry without targets, the form kept as written in the
        source ("NATO -> Nato" where an ignore_case entry met "Nato")."""
        return f"{self.source} -> {self.target(language, self.source if as_written is None else as_written)}"


def possessive(form: str, ending: str = "") -> str:
    """The English possessive of `form`, with the apostrophe the source's `ending` has, if any."""
    apostrophe = "’" if "’" in ending else "'"
    return form + (apostrophe if form.endswith(("s", "x", "z")) else apostrophe + "s")


class Glossary:
    def __init__(self, entries: Sequence[Entry], path: str = "", not_found: str = "") -> None:
        # an entry still marked `review: true` fixes nothing: `glossary extract` writes its
        # candidates so, and a common noun proposed there ("Jahre", `target: {}`) would be kept
        # untranslated in every article; the run says how many it left out (held_back_line)
        self.entries = [entry for entry in entries if not entry.review]
        self.held_back = [entry for entry in entries if entry.review]
        self.path = path  # where it was loaded from; "" for none
        self.not_found = not_found  # for none: why ("there is no 'glossary' folder in /news")
        self._patterns: dict[str | None, re.Pattern[str] | None] = {}
        self._stem_pattern: re.Pattern[str] | None = None
        _check_conflicts(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def _by_form(self) -> dict[str, Entry]:
        """Each entry by its forms as matched: folded, and casefolded where it ignores case."""
        return {_fold(form).casefold() if e.ignore_case else _fold(form): e for e in self.entries for form in e.forms}

    def missing_targets(self, language: str) -> list[Entry]:
        """Entries with targets, but none for `language`: their text goes to the model."""
        return [entry for entry in self.entries if not entry.applies_to(language)]

    def _pattern(self, language: str | None) -> re.Pattern[str] | None:
        """The terms of `language` (None: of every language), longest first, so a shorter entry
        inside an entry that does not apply to `language` still matches."""
        if language not in self._patterns:
            entries = [e for e in self.entries if language is None or e.applies_to(language)]
            forms = sorted({_fold(form) for e in entries for form in e.forms}, key=len, reverse=True)
            alternatives = "|".join(
                f"(?i:{_form_pattern(form)})" if self._entry_for(form).ignore_case else _form_pattern(form)
                for form in forms
            )
            # re's parser makes objects per term: 50,000 terms compile in 1.4 s so, 3 s with the collector on
            with _collector_paused():
                self._patterns[language] = (
                    re.compile(rf"{_LEFT}{_first_letters(forms)}(?P<term>{alternatives}){_GENITIVE}{_RIGHT}")
                    if forms else None)
        return self._patterns[language]

    def _entry_for(self, text: str) -> Entry:
        """The entry of a folded term as matched; one whose article a proclitic swallowed
        (`لرياض` of `للرياض`) is looked up with it."""
        found = self._by_form.get(text) or self._by_form.get(text.casefold())
        for dropped, _after in _SWALLOWED_ARTICLE.values():
            found = found or self._by_form.get(dropped + text)
        return found if found is not None else self._caseless_entry(text)

    def _caseless_entry(self, text: str) -> Entry:
        """The ignore_case entry the pattern matched when casefold() does not lead back to it: the
        regex matches "istanbul" for "İstanbul", whose casefold is "i̇stanbul" (with a dot above)."""
        for entry in self.entries:
            if entry.ignore_case and any(re.fullmatch(f"(?i:{_form_pattern(_fold(form))})", text)
                                         for form in entry.forms):
                return entry
        raise LookupError(f"no glossary entry matches {text!r}")  # the pattern is made from the entries

    def matches(self, text: str, language: str | None = None) -> list[tuple[int, int, Entry, str, bool]]:
        """(start, end, entry, text as written, genitive) for every occurrence of a term of
        `language` (None: of any language), longest first."""
        pattern = self._pattern(language)
        if pattern is None:
            return []
        view = folded(text)
        found = []
        for match in pattern.finditer(view.text):
            term = match.group("term")
            genitive = bool(match.group("genitive"))
            if genitive and (term + match.group("genitive")) in self._by_form:
                genitive = False
            start = view.original(match.start("term"))  # a proclitic stays the sentence's text
            written = text[start:view.original_end(match.end("term"))]
            found.append((start, view.original_end(match.end()), self._entry_for(term), written, genitive))
        return found

    def unmatched_forms(self, text: str, language: str) -> list[tuple[Entry, list[str]]]:
        """Each entry with the words of `text` that look like inflected forms of its term but are
        not matched (`Москве`, `Москвы` for `Москва`), in the order they come, for languages
        whose nouns take case endings (INFLECTING); [] for others. Such forms are matched only
        when the entry lists them as variants: guessing them (`Москвич` is a Muscovite, not
        Moscow) would write a wrong term without a word."""
        if language not in INFLECTING or not self.entries:
            return []
        if self._stem_pattern is None:
            self._stem_pattern = _stems_pattern(self._by_stem)
        matched = {start for start, *_ in self.matches(text)}
        found: dict[Entry, list[str]] = {}
        for match in self._stem_pattern.finditer(text):
            word = match.group(0)
            if match.start() in matched or word in self._by_form:
                continue
            forms = found.setdefault(self._by_stem[match.group("stem")], [])
            if word not in forms:
                forms.append(word)
        return list(found.items())

    @cached_property
    def _by_stem(self) -> dict[str, Entry]:
        """The one-word forms' stems (without a final vowel: Москв, Лондон), by entry."""
        stems: dict[str, Entry] = {}
        for entry in self.entries:
            for form in entry.forms:
                stem = form.rstrip(_STEM_VOWELS)
                if len(stem) >= 3 and stem.isalpha():
                    stems.setdefault(stem, entry)
        return stems

    @cached_property
    def _compound_parts(self) -> dict[str, Entry]:
        """The one-word forms a closed compound may hold (closed_compounds), casefolded, by entry."""
        parts: dict[str, Entry] = {}
        for entry in self.entries:
            for form in entry.forms:
                if len(form) >= COMPOUND_TERM_LETTERS and form.isalpha():
                    parts.setdefault(form.casefold(), entry)
        return parts

    def held_in(self, word: str) -> Entry | None:
        """The entry one of whose forms `word` holds as a closed compound's first or last part
        (closed_compounds' rule); None when it holds none, or is a form of an entry itself."""
        folded_word = word.casefold()
        parts = self._compound_parts
        if not parts or folded_word in parts or _fold(word) in self._by_form:
            return None
        for size in range(len(folded_word) - COMPOUND_REST_LETTERS, COMPOUND_TERM_LETTERS - 1, -1):
            head, rest = folded_word[:size], folded_word[size:]
            if head in parts and not _DERIVED.fullmatch(rest):
                return parts[head]
        for ending in ("", "s", "es", "n", "en", "e"):  # the last part's own ending: Bundeskanzler-s
            if not folded_word.endswith(ending):
                continue
            stem = folded_word[:len(folded_word) - len(ending)]
            for size in range(len(stem) - COMPOUND_REST_LETTERS, COMPOUND_TERM_LETTERS - 1, -1):
                if stem[-size:] in parts:
                    return parts[stem[-size:]]
        return None

    def find_terms(self, msgid: str, source: str, target: str) -> list[Span]:
        spans = []
        for start, end, entry, written, genitive in self.matches(msgid, target):
            base = entry.target(target, written)
            label = entry.label(target, written)
            if _ends_sentence(msgid, end, written, genitive):
                # "in den U.S.A." ends with one dot for the term and the sentence (as a writer
                # never doubles it): the dot stays the sentence's, so the output ends in "USA.",
                # and a target ending in a dot ("É.-U.") gives it up to the sentence's
                end -= 1
                written = written[:-1]
                base = base[:-1] if base.endswith(".") else base
            # the engine may read the target form with the source's own ending ("Zelenskys Plan")
            ending = msgid[start + len(written):end]
            form = possessive(base, ending) if genitive and target in POSSESSIVE_LANGUAGES else base
            spans.append(Span(start, end, form, "term", label, base + ending, ending,
                              (*entry.forms, *entry.targets.values())))
        return spans


# Languages whose nouns, names too, take case endings (Москва: в Москве, мэр Москвы), among
# those uebersetzer detects: an entry matches such forms only where it lists them.
INFLECTING = frozenset({"be", "bs", "cs", "el", "et", "fi", "hr", "hu", "lt", "lv", "pl", "ro", "ru", "sk", "sl",
                        "sr", "uk"})
# What an inflected form replaces at the end of its stem (Москв-а, Україн-а, Warszaw-a, Αθήν-α)
_STEM_VOWELS = "аеёиоуыэюяйьъіїєaeiouyąęěůαεηιουωάέήίόύώ"
_ENDING_LETTERS = 3  # at most: Москв-ой, Лондон-ом, Warszaw-ie, Budapest-en


def _stems_pattern(stems: dict[str, Entry]) -> re.Pattern[str]:
    """A word made of a stem and up to _ENDING_LETTERS more letters, longest stem first."""
    if not stems:
        return re.compile("(?!)")
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<!\w){_first_letters(stems)}(?P<stem>{alternatives})[^\W\d_]{{0,{_ENDING_LETTERS}}}(?!\w)")


# What may follow a sentence's last word: closing quotes and brackets, white space.
_SENTENCE_TAIL = re.compile(r"[\s\"'”“»«’‘)\]]*")


def _ends_sentence(msgid: str, end: int, written: str, genitive: bool) -> bool:
    """True when the term as written ends in "." and ends the sentence too (only closing quotes
    or brackets after it): that dot is also the sentence's full stop."""
    return (written.endswith(".") and not genitive and len(written) > 1
            and _SENTENCE_TAIL.fullmatch(msgid, end) is not None)


def article_unmatched_forms(article, glossary: Glossary) -> list[tuple[Entry, list[str]]]:
    """Glossary.unmatched_forms over every sentence of a segmented article, in its language."""
    found: dict[Entry, list[str]] = {}
    for block in article.blocks:
        for segment in block.segments:
            for entry, forms in glossary.unmatched_forms(segment.msgid, segment.language or article.language):
                listed = found.setdefault(entry, [])
                listed += [form for form in forms if form not in listed]
    return list(found.items())


# Languages that write compounds closed up (`Kremlsprecher`, `Kremlchef`, `Ostberlin`), among
# those uebersetzer detects. A term is matched on word boundaries and inside hyphenated compounds
# only: matching inside closed ones would take `Wien` out of `Wiener` and `Rom` out of `Romantik`.
# Such compounds are named instead (closed_compounds), for the editor to add.
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "no", "nb", "nn", "af", "is", "lb", "fy"})
COMPOUND_TERM_LETTERS = 4  # a shorter term starts too many words by chance: `Rom`antik, `EU`ropa, `Bonn`et
COMPOUND_REST_LETTERS = 3  # a compound's other part at least (`Ost`berlin, Kreml`chef`)
# What after a term makes a word of the term itself rather than a compound of it: people,
# languages and adjectives made from a place (`Wiener`, `Amerikaner`, `Vietnamesen`,
# `Koreanisch`, `Kubanische`, Dutch `Amerikaanse`, Swedish `amerikanska`) and a genitive.
_DERIVED = re.compile(r"(?:a?a?n|ian|es|i)?"  # Amerika-n-er, Kuba-n-isch, Vietnam-es-en
                      r"(?:isch|isk|sk|sch|s|er|erin|erinnen|ier|in|innen|ese)?"
                      r"(?:e|em|en|er|es|s|n|a|t|ne|na)?")  # the inflection
CAPITALIZED_NOUNS = frozenset({"de", "lb"})  # where a compound is a noun, so starts with a capital: not `loswerden`
_CLOSED_WORD = re.compile(r"[^\W\d_]+")  # a hyphen ends a word: `Kreml-Sprecher` is matched as it is


def closed_compounds(text: str, glossary: "Glossary", language: str) -> list[tuple["Entry", list[str]]]:
    """Each entry with the words of `text` that hold one of its one-word forms at their start
    or end, closed up with another word (`Kremlsprecher`, `Exkreml`, also `Kremlsprechers`),
    in the order they come; [] for a language that does not close compounds (COMPOUNDING). The
    model translates such a word, the term in it included; the editor adds it if it must be fixed."""
    if language not in COMPOUNDING or not glossary.entries:
        return []
    found: dict[Entry, list[str]] = {}
    for match in _CLOSED_WORD.finditer(text):
        word = match.group(0)
        if language in CAPITALIZED_NOUNS and not word[0].isupper():
            continue  # an adjective or a verb (`amerikanischen`, `marschieren`), not a compound noun
        entry = glossary.held_in(word)
        if entry is not None and word not in found.setdefault(entry, []):
            found[entry].append(word)
    return [(entry, words) for entry, words in found.items() if words]


def article_closed_compounds(article, glossary: Glossary) -> list[tuple[Entry, list[str]]]:
    """closed_compounds over every sentence of a segmented article, in its language."""
    found: dict[Entry, list[str]] = {}
    for block in article.blocks:
        for segment in block.segments:
            for entry, words in closed_compounds(segment.msgid, glossary, segment.language or article.language):
                listed = found.setdefault(entry, [])
                listed += [word for word in words if word not in listed]
    return list(found.items())


def closed_compounds_line(path: str, entry: Entry, words: list[str]) -> str:
    """The note for closed compounds of the article at `path` that hold the term of `entry`."""
    one = len(words) == 1
    hold, them, it = ("holds", "it", "it") if one else ("hold", "them", "they")
    return (f"glossary: {path}: {', '.join(words)} {hold} the term '{entry.source}' "
            f"({entry.place or 'glossary'}) closed up in a compound, which the glossary does not match, so the "
            f"model translates {them}, the term included; add {them} to the glossary if {it} must be fixed")


def unmatched_forms_line(path: str, entry: Entry, forms: list[str]) -> str:
    """The warning for forms of `entry` met in the article at `path` that it does not match."""
    one = len(forms) == 1
    looks, what, them = ("looks", "a form", "it") if one else ("look", "forms", "them")
    return (f"glossary: {path}: {', '.join(forms)} {looks} like {what} of '{entry.source}' "
            f"({entry.place or 'glossary'}) that it does not match, so the model translates {them}; list {them} in "
            f"the entry's variants to fix {them}")


def held_back_line(glossary: Glossary) -> str:
    """The warning for the entries left out as not reviewed, by file; "" when there are none."""
    if not glossary.held_back:
        return ""
    files = sorted({entry.place.rpartition(":")[0] or entry.place for entry in glossary.held_back})
    count = len(glossary.held_back)
    many = f"{count} entries are" if count > 1 else "1 entry is"
    return (f"{', '.join(files)}: {many} still marked 'review: true' (candidates of glossary extract) and fix "
            f"nothing; give {'each' if count > 1 else 'it'} its targets (none: kept as written) and delete the mark")


def _check_conflicts(entries: Iterable[Entry]) -> None:
    claimed: dict[str, Entry] = {}
    for entry in entries:
        for form in map(_fold, entry.forms):  # as matched: ایران and ايران are one term
            other = claimed.get(form)
            if other is not None and other is not entry and other.targets != entry.targets:
                raise UsageError(
                    f"glossary conflict: {form!r} is claimed by {other.place} and {entry.place} with different "
                    "targets; keep one entry or give them the same targets"
                )
            claimed[form] = entry


def load_glossary(path: Path, source_language: str = "") -> Glossary:
    """The glossary in `path` (a file, or a folder of them). `source_language` (--from) is the
    source language of a TBX file that does not declare one."""
    if not path.exists():
        raise UsageError("no such glossary file or folder; pass --glossary PATH", path=str(path))
    if not path.is_dir() and not path.is_file():  # reading a FIFO would wait forever
        raise UsageError("not a regular file (a FIFO, socket or device); pass --glossary FILE_OR_FOLDER",
                         path=str(path))
    files = glossary_files(path) if path.is_dir() else [path]
    if not files:  # a folder of notes or spreadsheets is no glossary with no terms: it fixes nothing, silently
        raise UsageError(f"this folder {holds_no_glossary(path)}; pass --glossary FILE_OR_FOLDER", path=str(path))
    entries: list[Entry] = []
    with _collector_paused():
        for file in files:
            entries += load_file(file, source_language)
        return Glossary(entries, str(path))


def glossary_files(folder: Path) -> list[Path]:
    """The files of a glossary format in `folder` and the folders below it, in name order."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in GLOSSARY_SUFFIXES and p.is_file())


def holds_no_glossary(folder: Path) -> str:
    """What a folder that holds no file of a glossary format holds instead, by name, to follow
    its name in a line ("holds no glossary file (...): terms.xlsx is not a glossary"): a glossary
    saved as `terms.xlsx` or `names.txt` is seen there. Hidden files (`.DS_Store`) are not named."""
    others = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                    if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    formats = ", ".join(GLOSSARY_SUFFIXES[:-1]) + f" or {GLOSSARY_SUFFIXES[-1]}"
    if not others:
        hidden = any(p.is_file() for p in folder.rglob("*"))
        return f"holds no glossary file ({formats}): {'only hidden files' if hidden else 'it is empty'}"
    shown = ", ".join(others[:8]) + (f" and {len(others) - 8} more" if len(others) > 8 else "")
    spreadsheet = " (save a spreadsheet as CSV)" if any(Path(o).suffix.lower() in SPREADSHEETS for o in others) else ""
    return (f"holds no glossary file ({formats}): {shown} {'is' if len(others) == 1 else 'are'} "
            f"not {'a glossary' if len(others) == 1 else 'glossaries'}{spreadsheet}")


def load_file(path: Path, source_language: str = "") -> list[Entry]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:  # Python's codec message names no line and no remedy
        line = path.read_bytes()[:error.start].count(b"\n") + 1
        raise UsageError("not a UTF-8 text file (a glossary is YAML, CSV or TBX written as UTF-8); save it as "
                         "UTF-8, or name the glossary with --glossary", path=str(path), line=line) from error
    except OSError as error:
        raise UsageError(f"cannot read glossary: {error.strerror}", path=str(path)) from error
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return parse_yaml(text, str(path))
    if suffix in (".csv", ".tsv"):  # the separator is read from the file (_delimiter)
        return parse_csv(text, str(path))
    if suffix == ".tbx":
        return parse_tbx(text, str(path), source_language)
    raise UsageError("unknown glossary format; use .yaml, .yml, .csv, .tsv or .tbx", path=str(path))


def _entry(data: object, place: str, path: str, line: int) -> Entry:
    if not isinstance(data, dict):
        raise UsageError("each glossary entry must be a mapping with at least 'source'", path, line)
    unknown = set(data) - {"source", "variants", "target", "note", "ignore_case", "review"}
    if unknown:
        raise UsageError(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
                         "use source, variants, target, note, ignore_case, review", path, line)
    if not isinstance(data.get("review", False), bool):
        raise UsageError("'review' is true (a candidate not reviewed yet: not used) or false", path, line)
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise UsageError("entry without 'source': give the term as written in source texts", path, line)
    variants = data.get("variants") or []
    if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
        raise UsageError("'variants' must be a list of spellings", path, line)
    targets = data.get("target") or {}
    if not isinstance(targets, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in targets.items()):
        raise UsageError("'target' must map language codes to forms, e.g. {en: Moscow}", path, line)
    unknown_codes = sorted(code for code in targets if to_argos(code) is None)
    if unknown_codes:  # a typo ("rf:") dropped every French form without a word
        raise UsageError(f"unknown language code {unknown_codes[0]!r} in 'target' of {source.strip()!r}; use "
                         "ISO 639-1 codes such as de, en, fr, or locale names such as pt_BR", path, line)
    targets = {to_argos(code) or code: form for code, form in targets.items()}  # "en_US", "EN": en
    empty = sorted(language for language, form in targets.items() if not form.strip())
    if empty:  # it would delete the term from the output ("The minister meets in Kyiv.")
        raise UsageError(f"empty '{empty[0]}' target for {source.strip()!r}: give the form to write, or leave out "
                         f"'{empty[0]}' to let the model translate the term", path, line)
    # terms are matched in sentences' comparable form (NFC, no soft hyphens...): so are they
    return Entry(comparable(source.strip()), tuple(comparable(v.strip()) for v in variants),
                 {k.strip(): comparable(v.strip()) for k, v in targets.items()},
                 str(data.get("note") or ""), bool(data.get("ignore_case", False)), place,
                 bool(data.get("review", False)))


def parse_yaml(text: str, path: str) -> list[Entry]:
    import yaml

    try:
        _refuse_aliases(text)
        loader = _loader_class()(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise UsageError(f"broken YAML: {problem}", path, mark.line + 1 if mark else None) from error
    if data is None:  # an empty file, or only comments
        return []
    if not isinstance(data, list):
        raise UsageError("a YAML glossary is a list of entries ('- source: ...')", path, 1)
    entries = []
    for item, item_node in zip(data, node.value):
        line = item_node.start_mark.line + 1
        entries.append(_entry(item, f"{path}:{line}", path, line))
    return entries


def _loader_class() -> type:
    """PyYAML's safe loader on libyaml (C) where PyYAML was built with it, as its wheels are:
    the pure-Python parser took 13 s for a 50,000-entry glossary, libyaml a tenth of that."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_aliases(text: str) -> None:
    """No aliases: `*name` lets 669 bytes expand into gigabytes (the "billion laughs"), and a
    glossary, a flat list of terms, never needs one. libyaml composes in C, out of reach of a
    hook, so its events are read first, when the text has a `*` at all (every alias does)."""
    import yaml

    if "*" not in text:
        return
    for event in yaml.parse(text, Loader=_loader_class()):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, f"alias *{event.anchor} is not allowed in a glossary; write the entry out in full",
                event.start_mark)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a glossary is read: every node, mark and entry it
    makes lives on until the end, so each full collection walked all of them again and
    loading grew faster than the glossary (50,000 YAML entries: 3.3 s composing with it,
    0.5 s without; 1.6 s making the entries, 0.7 s without). What is read forms no cycles
    (aliases are refused first): there is nothing for the collector to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The separators spreadsheets write: a comma, a semicolon (Excel where the decimal mark is a
# comma: German, French...), a tab (TSV, and "Unicode text" from Excel).
CSV_DELIMITERS = ",;\t"
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def parse_csv(text: str, path: str) -> list[Entry]:
    delimiter = _delimiter(text)
    # strict: a quote never closed is an error, not a field that swallowed every row after it
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        return _csv_entries(reader, path, delimiter)
    except csv.Error as error:  # line_num counts the lines of the rows read whole: the broken one starts after
        raise UsageError(f"broken CSV row ({error}); close its quote, or quote the field whole", path,
                         reader.line_num + 1) from error


def _delimiter(text: str) -> str:
    """The separator of a CSV or TSV glossary: the one of CSV_DELIMITERS that makes a 'source'
    column of its header row, where only one does; else csv.Sniffer's guess among them on the
    first rows; else a comma."""
    header = text.split("\n", 1)[0]
    naming_source = [d for d in CSV_DELIMITERS if "source" in map(_column_name, _header_fields(header, d))]
    if len(naming_source) == 1:
        return naming_source[0]
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:  # one column, or rows too unlike each other to tell
        return ","


def _header_fields(header: str, delimiter: str) -> list[str]:
    try:
        return [field.strip() for row in csv.reader([header], delimiter=delimiter) for field in row]
    except csv.Error:
        return []


# A CSV header's field names, read in any case as spreadsheets write them ("Source", "EN"); "term"
# is the source column's name in the glossaries Phrase and Lokalise export.
_CSV_FIELDS = {"source": "source", "term": "source", "variants": "variants", "note": "note",
               "ignore_case": "ignore_case", "review": "review"}


def _column_name(field: str) -> str:
    """A header field as the rows are read: a field's own name, or a language code as written
    (`_entry` normalises it: "EN", "fr_FR", "pt-BR")."""
    written = field.strip()
    return _CSV_FIELDS.get(written.lower(), written)


def _read_header(reader: csv.DictReader, path: str, delimiter: str) -> None:
    """Name `reader`'s columns by `_column_name`; refuse, in one line, a header with no source
    column or with two columns for the source or for one language."""
    written = [field.strip() for field in reader.fieldnames or []]
    names = [_column_name(field) for field in written]
    if "source" not in names:
        raise UsageError(f"a CSV glossary needs a header row starting with 'source' (source,variants,en,fr,...; "
                         f"in any case, or 'term' for 'source'); read with a {_DELIMITER_NAMES[delimiter]} as the "
                         f"separator, its first row is {delimiter.join(written)!r}", path, 1)
    seen: dict[str, str] = {}
    for field, name in zip(written, names):
        meaning = name if name in _CSV_FIELDS.values() else (to_argos(name) or name)
        if meaning in seen:
            what = f"the language {meaning}" if name not in _CSV_FIELDS.values() else f"the {meaning}"
            raise UsageError(f"columns {seen[meaning]!r} and {field!r} both name {what}; delete or rename one",
                             path, 1)
        seen[meaning] = field
    reader.fieldnames = names


def _csv_entries(reader: csv.DictReader, path: str, delimiter: str = ",") -> list[Entry]:
    _read_header(reader, path, delimiter)
    entries = []
    for row in reader:
        line = reader.line_num
        if None in row:  # DictReader's key for the fields beyond the header's
            raise UsageError(f"{len(reader.fieldnames) + len(row[None])} fields where the header names "
                             f"{len(reader.fieldnames)}; quote a field that holds a {_DELIMITER_NAMES[delimiter]}",
                             path, line)
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        data: dict[str, object] = {
            "source": row.pop("source", ""),
            "variants": [v.strip() for v in row.pop("variants", "").split("|") if v.strip()],
            "note": row.pop("note", ""),
        }
        if row.pop("ignore_case", "").lower() in ("1", "true", "yes"):
            data["ignore_case"] = True
        if row.pop("review", "").lower() in ("1", "true", "yes"):
            data["review"] = True
        data["target"] = {language: form for language, form in row.items() if form}
        entries.append(_entry(data, f"{path}:{line}", path, line))
    return entries


def parse_tbx(text: str, path: str, source_language: str = "") -> list[Entry]:
    """TBX (ISO 30042): each termEntry (conceptEntry) holds a langSet (langSec) per language.
    The source language is the one the root element declares (`<martif xml:lang="de">`,
    `<tbx xml:lang="de">`), as TBX says, else `source_language` (--from); its langSet gives the
    source term and its variants, the others the target forms, in whatever order they come."""
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except ElementTree.ParseError as error:
        raise UsageError(f"broken TBX: {error.msg}", path, error.position[0]) from error
    declared = _language_of(root)
    source = declared or _language_tag(source_language)
    if not source:
        raise UsageError(f"TBX glossary without a source language: write it on the root element "
                         f"(<{_local(root.tag)} xml:lang=\"de\">), or pass --from", path)
    where = f"<{_local(root.tag)} xml:lang=\"{declared}\">" if declared else "--from"
    entries = []
    for number, term_entry in enumerate(root.iter(), start=1):
        if _local(term_entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        name = term_entry.get("id", number)
        lang_sets = [e for e in term_entry if _local(e.tag) in ("langSet", "langSec")]
        if not lang_sets:
            raise UsageError(f"termEntry {name} has no langSet", path)
        terms: dict[str, list[str]] = {}
        for lang_set in lang_sets:
            terms.setdefault(_language_of(lang_set), []).extend(
                t.text.strip() for t in lang_set.iter() if _local(t.tag) == "term" and t.text and t.text.strip())
        source_terms = terms.pop(source, [])
        if not source_terms:
            raise UsageError(f"termEntry {name} has no '{source}' term, the source language {where} names; give it "
                             f"one, or remove the entry", path)
        data = {"source": source_terms[0], "variants": source_terms[1:],
                "target": {language: forms[0] for language, forms in terms.items() if forms and language}}
        entries.append(_entry(data, f"{path}:termEntry {name}", path, None))  # type: ignore[arg-type]
    return entries


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _language_of(element) -> str:
    return _language_tag(element.get(_XML_LANG, ""))


def _language_tag(code: str) -> str:
    """"de" for "de", "de-DE", "de_AT", "DE": the language, without its region."""
    return code.strip().replace("_", "-").split("-")[0].lower()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
