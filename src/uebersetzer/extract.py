"""Glossary work for editors: propose entries from articles, check outputs against the glossary."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from uebersetzer import formats
from uebersetzer.document import Article, Kind
from uebersetzer.glossary import Glossary
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


def candidates(articles: Sequence[Article], glossary: Glossary, min_count: int = 2) -> list[Candidate]:
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    lowercase_seen: set[str] = set()
    noun_like: Counter[str] = Counter()
    prominent: dict[str, str] = {}
    for article in articles:
        markup = formats.by_name(article.format)
        for block in article.blocks:
            if block.kind == Kind.TITLE:
                prominent.update({name: "title" for name in _names_in(block.text, markup)})
            for bold in markup.emphasized(block.text):
                prominent.update({name: "bold" for name in _names_in(bold, markup)})
            for segment in block.segments:
                _count_sentence(_clean(segment.msgid, markup), segment.msgid, counts, examples, lowercase_seen,
                                noun_like)
    known = {form for entry in glossary.entries for form in entry.forms}
    found = []
    for name, count in counts.items():
        base = name[:-1] if name.endswith("s") and name[:-1] in counts else name
        if base != name or name in known or name.lower() in lowercase_seen:
            continue
        multi = " " in name
        if not multi and noun_like[name] * 2 >= count:
            continue
        total = count + counts.get(name + "s", 0)
        if total >= min_count or name in prominent or multi:
            why = prominent.get(name) or ("multi-word name" if multi else "recurring name")
            found.append(Candidate(name, total, examples[name], why))
    return sorted(found, key=lambda c: (-c.count, c.source))


def _names_in(text: str, markup: Format) -> list[str]:
    cleaned = _clean(text, markup)
    names = [m.group(0) for m in _MULTI_WORD.finditer(cleaned)]
    names += [w for w in _WORD.findall(cleaned) if w[:1].isupper() and w.lower() not in DETERMINERS]
    return names


def _count_sentence(cleaned: str, sentence: str, counts: Counter, examples: dict, lowercase: set,
                    noun_like: Counter) -> None:
    for match in _MULTI_WORD.finditer(cleaned):
        words = match.group(0).split()
        while words and (words[0].lower() in DETERMINERS | NAME_CONTEXT or _ADJECTIVE_END.search(words[0])):
            words = words[1:]
        genitive_phrase = len(words) == 2 and words[0].endswith("s")  # "Trumps Motive"
        if len(words) >= 2 and not genitive_phrase:
            name = " ".join(words)
            counts[name] += 1
            examples.setdefault(name, sentence)
    words = _WORD.findall(cleaned)
    for position, word in enumerate(words):
        if not word[:1].isupper():
            lowercase.add(word.lower())
            continue
        if position == 0 or word.lower() in DETERMINERS or len(word) < 2:
            continue
        counts[word] += 1
        examples.setdefault(word, sentence)
        previous = words[position - 1].lower()
        if previous in DETERMINERS or (previous not in NAME_CONTEXT and _ADJECTIVE_END.search(previous)):
            noun_like[word] += 1  # "die Regierung", "geopolitische Wende": a common noun


def to_yaml(found: list[Candidate]) -> str:
    import yaml

    rows = [{"source": c.source, "target": {}, "note": f"{c.why}; {c.count}x; e.g. {c.example}"} for c in found]
    header = "# Glossary candidates from uebersetzer glossary extract: review, fill in targets, move to glossary/\n"
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
            found = _count_forms(comparable(path.read_text(encoding="utf-8")), expected)
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
        pattern = re.compile(rf"(?<!\w){re.escape(form)}{_ENDING}(?!\w)")
        found[form] = len(pattern.findall(text))
        text = pattern.sub(" ", text)
    return found
