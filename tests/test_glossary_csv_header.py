"""A CSV glossary's header is read as a spreadsheet writes it (a new user's try-out: `Source;EN`
and `Term,DE,FR` were refused): field names in any case, `term` for `source` (as Phrase and
Lokalise name the column), language codes normalised as everywhere (`EN`, `fr_FR`, `pt-BR`);
one clear line only for a header that names no source column, or one language twice."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uebersetzer.errors import UsageError
from uebersetzer.glossary import load_file


@pytest.mark.parametrize("text, targets", [
    ("Source;EN\nMoskau;Moscow\n", {"en": "Moscow"}),
    ("Term,DE,FR\nMoskau,Moskau,Moscou\n", {"de": "Moskau", "fr": "Moscou"}),
    ("SOURCE\tVariants\ten_US\tpt-BR\tNote\nMoskau\tMoskwa\tMoscow\tMoscou\tStadt\n", {"en": "Moscow", "pb": "Moscou"}),
    ("\ufeff Source , Ignore_Case , fr_FR \nMoskau,yes,Moscou\n", {"fr": "Moscou"}),
])
def test_a_capitalised_header_is_read(tmp_path, text, targets):
    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8")
    [entry] = load_file(path)
    assert (entry.source, entry.targets) == ("Moskau", targets)


def test_fields_after_source_keep_their_meaning_in_any_case(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("SOURCE;VARIANTS;EN;NOTE;IGNORE_CASE;REVIEW\nMoskau;Moskwa;Moscow;Stadt;true;no\n",
                    encoding="utf-8")
    [entry] = load_file(path)
    assert (entry.variants, entry.targets, entry.note, entry.ignore_case, entry.review) == \
        (("Moskwa",), {"en": "Moscow"}, "Stadt", True, False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["source", "variants", "en", "fr", "note"]), min_size=1, max_size=5, unique=True)
       .filter(lambda names: "source" in names), st.randoms(use_true_random=False), st.sampled_from(",;\t"))
def test_the_case_of_the_header_changes_nothing(tmp_path_factory, names, random, delimiter):
    """Any spelling of the header's case reads the same entries as the lower-case one."""
    row = delimiter.join({"source": "Moskau", "variants": "Moskwa", "en": "Moscow", "fr": "Moscou",
                          "note": "Stadt"}[name] for name in names)
    folder = tmp_path_factory.mktemp("g")
    lower, mixed = folder / "lower.csv", folder / "mixed.csv"
    lower.write_text(delimiter.join(names) + "\n" + row + "\n", encoding="utf-8")
    spelled = ["".join(c.upper() if random.random() < 0.5 else c for c in name) for name in names]
    mixed.write_text(delimiter.join(spelled) + "\n" + row + "\n", encoding="utf-8")
    assert [(e.source, e.variants, e.targets, e.note) for e in load_file(mixed)] == \
        [(e.source, e.variants, e.targets, e.note) for e in load_file(lower)]


@pytest.mark.parametrize("text, says", [
    ("Begriff;EN;FR\nMoskau;Moscow;Moscou\n", "a CSV glossary needs a header row starting with 'source'"),
    ("Source,EN,en_US\nMoskau,Moscow,Moscow\n", "columns 'EN' and 'en_US' both name the language en"),
    ("Source,Term,EN\nMoskau,Moskwa,Moscow\n", "columns 'Source' and 'Term' both name the source"),
])
def test_a_header_that_names_nothing_usable_is_one_line(tmp_path, text, says):
    path = tmp_path / "g.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        load_file(path)
    message = str(raised.value)
    assert message.startswith(f"{path}:1: ") and says in message and "\n" not in message
