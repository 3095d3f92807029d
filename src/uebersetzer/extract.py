"""Glossary work for editors: propose entries from articles, check outputs against the glossary."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from uebersetzer import formats
from uebersetzer.document import Article, Kind
from uebersetzer.glossary import Glossary, article_closed_compounds, article_unmatched_forms, folded, occurrence_pattern
from uebersetzer.formats.base import Format
from uebersetzer.unicode_forms import comparable

# Words that start sentences or come before nouns; a capitalized word after them is most
# likely a common noun (German capitalizes those), not a name.
DETERMINERS = frozenset("""
der die das den dem des ein eine einen einem einer eines kein keine keinen keiner keines dieser diese dieses
diesen jener jene jenes sein seine seinen ihr ihre ihren unser unsere zum zur im am vom beim ins
the a an this that these those his her their our le la les l un une des du ce cette ces el los las una
sie er es wir ich ihr
""".split())
# Words after which a capitalized word is usually a name: "in Moskau", "und Trump", "of Moscow".
NAME_CONTEXT = frozenset("""
in aus nach mit von für und oder zwischen gegenüber an auf zu bei über gegen wie als ob sowie
and or of to with for by from at on as than versus vs et ou de à avec pour par chez y o con para por
""".split())
_NAME_WORD = r"(?:[A-ZÄÖÜ][\w’'-]*[\w]|[A-Z]{2,})"
_MULTI_WORD = re.compile(rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|\d+\b))+")
_WORD = re.compile(r"[\w’'-]+")
# Adjective and participle endings: "geopolitische", "hitziger", "US-russischen", "Weißen".
_ADJECTIVE_END = re.compile(r"[a-zäöüß](e|en|er|es|em)$")


@dataclass
class Candidate:
    source: str
    count: int
    example: str
    why: str


def _clean(text: str, markup: Format) -> str:
    spans = markup.inline_spans(text)
    out = list(text)
    for span in spans:
        for i in range(span.start, span.end):
            out[i] = " "
    return "".join(out)


@dataclass
class _Tally:
    """What the articles' sentences say about each capitalized word."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    lowercase: set[str] = field(default_factory=set)  # words also written in lower case: not names
    noun_like: Counter[str] = field(default_factory=Counter)  # occurrences in a common noun's place
    nouns: set[str] = field(default_factory=set)  # every capitalized word, lower case (compound heads: _tails)
    openings: Counter[str] = field(default_factory=Counter)  # words in a row met at a sentence's start


def candidates(articles: Sequence[Article], glossary: Glossary, min_count: int = 2) -> list[Candidate]:
    tally = _Tally()
    prominent: dict[str, str] = {}
    for article in articles:
        markup = formats.by_name(article.format)
        for block in article.blocks:
            if block.kind == Kind.TITLE:
                prominent.update({name: "title" for name in _names_in(block.text, markup)})
            for bold in markup.emphasized(block.text):
                prominent.update({name: "bold" for name in _names_in(bold, markup)})
            for segment in block.segments:
                _count_sentence(_clean(segment.msgid, markup), segment.msgid, tally)
    known = {form for entry in (*glossary.entries, *glossary.held_back) for form in entry.forms}
    tails = _tails(tally.nouns)
    counts = tally.counts
    found = []
    for name, count in counts.items():
        base = name[:-1] if name.endswith("s") and name[:-1] in counts else name
        if base != name or name in known or name.lower() in tally.lowercase:
            continue
        multi = " " in name
        if multi and _not_a_name(name, count < min_count and name not in prominent, tally, tails):
            continue
        if not multi and _common_noun(name, count, tally, tails):
            continue
        total = count + counts.get(name + "s", 0)
        if total >= min_count or name in prominent or multi:
            why = prominent.get(name) or ("multi-word name" if multi else "recurring name")
            found.append(Candidate(name, total, tally.examples[name], why))
    return sorted(found, key=lambda c: (-c.count, c.source))


# Endings a German common noun takes in the plural and the cases ("Jahr", "Jahre", "Jahren",
# "Jahres"): a name takes none of them but the genitive s ("Trumps"). Not "er", which makes
# demonyms of names ("Berliner").
_NOUN_ENDINGS = ("e", "en", "n", "es")


def _not_a_name(words: str, rare: bool, tally: _Tally, tails: set[str]) -> bool:
    """Capitalized words in a row that are no name: a sentence's first words, the first of them
    written in lower case elsewhere ("Wenn Sie"; not "Fort Greely" inside a sentence); words
    led by a noun ("Provinz Fujian", "Januar 2004": the name alone is a candidate of its own);
    or, met fewer times than asked for, words with a noun among them (two phrases' nouns side
    by side, "Fässern Rohöl"). Nouns by their form (_noun_by_form) only: where a word stands
    says little here, as "der Grand Canyon" stands where "die Provinz" does."""
    written = [word for word in words.split() if not word.isdigit()]
    opening = tally.openings[words] == tally.counts[words] and written[0].lower() in tally.lowercase
    nouns = [_noun_by_form(word, tally, tails) for word in written]
    return opening or nouns[0] or rare and any(nouns)


# Suffixes that make German common nouns ("Wirklichkeit", "Richtung", "Gesellschaft"), and
# hardly any name: a name ending so ("Jung") is a word of its own, shorter than the suffix allows.
_NOUN_SUFFIX = re.compile(r"\w{3,}(?:heit|keit|ung|schaft|ismus|ität)(?:en)?$")


def _common_noun(name: str, count: int, tally: _Tally, tails: set[str]) -> bool:
    """A capitalized word that German writes as a common noun, by what the articles show: in
    a noun's place (after an article, an adjective or a number) in half its occurrences, or
    by its form (_noun_by_form). No word list is used: the articles are the evidence."""
    if _ACRONYM.fullmatch(name):  # "UTC", "NATO": names, wherever they stand ("02:30 UTC")
        return False
    return tally.noun_like[name] * 2 >= count or _noun_by_form(name, tally, tails)


_ACRONYM = re.compile(r"[A-ZÄÖÜ0-9-]{2,}")


def _noun_by_form(name: str, tally: _Tally, tails: set[str]) -> bool:
    """A noun's suffix ("Wirklichkeit"), another inflected form of it in the articles ("Jahre"
    beside "Jahren"), or the end of compounds ("Punkte" of "Netzpunkte")."""
    if _ACRONYM.fullmatch(name):
        return False
    if _NOUN_SUFFIX.search(name) or name.lower() in tails:
        return True
    stems = {name} | {name[:-len(ending)] for ending in _NOUN_ENDINGS if name.endswith(ending)}
    forms = {stem + ending for stem in stems for ending in ("", *_NOUN_ENDINGS)} - {name, name + "s", name[:-1]}
    return any(form in tally.counts for form in forms if len(form) > 2)  # "Chiles" is Chile's genitive


def _tails(words: set[str]) -> set[str]:
    """The ends of capitalized words, five letters or more, that are capitalized words of their
    own too: the heads of compounds ("punkte" of "netzpunkte"). Three letters or more go before
    them. (Not four: "Fort" of "Komfort"; nor ends of words in lower case: "falls" of "ebenfalls".)"""
    found: set[str] = set()
    for word in words:
        for cut in range(3, len(word) - 4):
            if word[cut:] in words:
                found.add(word[cut:])
    return found


def _names_in(text: str, markup: Format) -> list[str]:
    cleaned = _clean(text, markup)
    names = [m.group(0) for m in _MULTI_WORD.finditer(cleaned)]
    names += [w for w in _WORD.findall(cleaned) if w[:1].isupper() and w.lower() not in DETERMINERS]
    return names


# Words after which a capitalized word is a counted thing, a common noun: "drei Jahre",
# "vielen Jahren", "einige Minuten" (and any number: "88 Punkte", "15. Jahrhundert", "8:46 Uhr").
QUANTIFIERS = frozenset("""
zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig hundert tausend
viele vielen vieler einige einigen einiger mehrere mehreren wenige wenigen alle allen aller beide beiden
manche manchen jede jeder jedes jeden jedem welche welcher andere anderen anderer mehr weniger
""".split())


def _count_sentence(cleaned: str, sentence: str, tally: _Tally) -> None:
    for match in _MULTI_WORD.finditer(cleaned):
        words = match.group(0).split()
        while words and (words[0].lower() in DETERMINERS | NAME_CONTEXT or _ADJECTIVE_END.search(words[0])):
            words = words[1:]
        genitive_phrase = len(words) == 2 and words[0].endswith("s")  # "Trumps Motive"
        if len(words) >= 2 and not genitive_phrase:
            name = " ".join(words)
            tally.counts[name] += 1
            tally.examples.setdefault(name, sentence)
            if words == match.group(0).split() and not cleaned[:match.start()].strip():
                tally.openings[name] += 1
    words = _WORD.findall(cleaned)
    tally.nouns.update(word.lower() for word in words if word[:1].isupper())
    for position, word in enumerate(words):
        if not word[:1].isupper():
            tally.lowercase.add(word.lower())
            continue
        if position == 0 or word.lower() in DETERMINERS or len(word) < 2:
            continue
        tally.counts[word] += 1
        tally.examples.setdefault(word, sentence)
        previous = words[position - 1].lower()
        if previous in DETERMINERS or previous in QUANTIFIERS or previous[:1].isdigit() or (
                previous not in NAME_CONTEXT and words[position - 1][:1].islower() and _ADJECTIVE_END.search(previous)):
            # (an adjective is written in lower case: "Premierminister John Howard" is no adjective's noun)
            tally.noun_like[word] += 1  # "die Regierung", "geopolitische Wende", "drei Jahre": a common noun


def to_yaml(found: list[Candidate]) -> str:
    import yaml

    rows = [{"source": c.source, "target": {}, "review": True, "note": f"{c.why}; {c.count}x; e.g. {c.example}"}
            for c in found]
    header = ("# Glossary candidates from uebersetzer glossary extract. Each is marked 'review: true' and fixes\n"
              "# nothing until an editor gives it its targets (an empty 'target: {}' keeps the term as written in\n"
              "# every language) and deletes the mark; delete the common words. Then move it to glossary/.\n")
    return header + (yaml.safe_dump(rows, allow_unicode=True, sort_keys=False, width=100) if rows else "[]\n")


@dataclass
class CheckRow:
    path: str
    target: str
    term: str  # its label ("Lawrow -> Lavrov"); several, comma-separated, for terms of one form
    form: str  # the target form, without a possessive: "Lavrov" counts "Lavrov" and "Lavrov's"
    expected: int
    found: int
    absent: bool = False  # no output file for this article and language: one row, no terms

    @property
    def ok(self) -> bool:
        return not self.absent and self.found >= self.expected


@dataclass
class UnmatchedForms:
    path: str  # the source article
    term: str  # the entry's source
    place: str  # the entry's file:line
    forms: list[str]  # words of the article that look like forms of the term and are not matched


def unmatched_forms(articles: Sequence[Article], glossary: Glossary) -> list[UnmatchedForms]:
    """For each article, each entry whose term it holds in forms the entry does not list
    (glossary.unmatched_forms): the check counts only the matched ones."""
    return [UnmatchedForms(article.path, entry.source, entry.place, forms)
            for article in articles for entry, forms in article_unmatched_forms(article, glossary)]


@dataclass
class ClosedCompounds:
    path: str  # the source article
    term: str  # the entry's source
    place: str  # the entry's file:line
    words: list[str]  # closed compounds of the article that hold the term (Kremlsprecher for Kreml)


def closed_compounds(articles: Sequence[Article], glossary: Glossary) -> list[ClosedCompounds]:
    """For each article, each entry whose term it holds inside closed compounds, which are not
    matched (glossary.closed_compounds): the model translates them; the check counts none of them."""
    return [ClosedCompounds(article.path, entry.source, entry.place, words)
            for article in articles for entry, words in article_closed_compounds(article, glossary)]


# What may follow a term's form and still be that form: an English possessive, or a genitive
# as the glossary matches them in source texts (glossary._GENITIVE).
_ENDING = r"(?:['’]s|['’]|s)?"


def check_outputs(articles: Sequence[Article], targets: Sequence[str], outputs, glossary: Glossary) -> list[CheckRow]:
    """For each article and target, each term form: how often the source has the term, and how
    often its output has the form as a whole word (possessive allowed). Longer forms are
    counted first and taken out, so "Trump" is not counted again inside "Donald Trump"."""
    rows = []
    for article in articles:
        for target in targets:
            path = outputs.article(target, article)
            if not path.is_file():
                rows.append(CheckRow(str(path), target, "", "", 0, 0, absent=True))
                continue
            expected, labels = _expected_forms(article, target, glossary)
            # compared as terms are matched: a sentence kept as written keeps its NFD or soft hyphens
            found = _count_forms(folded(comparable(path.read_text(encoding="utf-8"))).text, expected)
            for form in sorted(expected, key=lambda f: sorted(labels[f])):
                rows.append(CheckRow(str(path), target, ", ".join(sorted(labels[form])), form, expected[form],
                                     found[form]))
    return rows


def _expected_forms(article: Article, target: str, glossary: Glossary) -> tuple[Counter[str], dict[str, set[str]]]:
    """How often each target form (without the possessive a genitive gives it) is due, and the
    terms it is due for."""
    expected: Counter[str] = Counter()
    labels: dict[str, set[str]] = {}
    for block in article.blocks:
        for segment in block.segments:
            for span in glossary.find_terms(segment.msgid, segment.language or article.language, target):
                form = span.engine_form[:len(span.engine_form) - len(span.ending)] or span.output
                expected[form] += 1
                labels.setdefault(form, set()).add(span.label)
    return expected, labels


def _count_forms(text: str, forms: Iterable[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for form in sorted(forms, key=len, reverse=True):
        pattern = occurrence_pattern(form, _ENDING)
        found[form] = len(pattern.findall(text))
        text = pattern.sub(" ", text)
    return found
