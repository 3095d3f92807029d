"""The glossary through a model that was never taught placeholders, as real Argos models are not:
`de_en_naive.argosmodel` (scripts/build_test_models.py --naive) saw no `{N}` in training and
has a plain SentencePiece model; it copies names it never saw, as real models do."""

from __future__ import annotations

import json
import sys
from collections import Counter

import pytest

from tests.conftest import FIXTURES, REFERENCE, entries, msgfmt_check
from uebersetzer import models
from uebersetzer.engines.argos import ArgosEngine
from uebersetzer.glossary import Entry, Glossary
from uebersetzer.translate import Request, translate_requests

MODELS = FIXTURES / "models"
# The target for the default strategy; bench/bench_protection.py measured 0.0 on the
# 200 held-out sentences (median 0.0, at most 0.144 over every rotation of the stand-in list,
# README "How terms reach the model").
MAX_FALLBACK_RATE = 0.10
sys.path.insert(0, str(FIXTURES.parent.parent / "scripts"))


@pytest.fixture(scope="module")
def naive_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("naive-packages")
    models.install_file(MODELS / "de_en_naive.argosmodel", folder)
    return folder


@pytest.fixture(scope="module")
def naive(naive_folder):
    return ArgosEngine(str(naive_folder))


@pytest.fixture(scope="module")
def held_out() -> list[tuple[str, str]]:
    return [tuple(pair) for pair in json.loads((MODELS / "de_en_naive.heldout.json").read_text(encoding="utf-8"))]


def bench_glossary() -> Glossary:
    from naive_corpus import glossary_entries

    return Glossary([Entry(e["source"], targets=e["target"]) for e in glossary_entries()])


def test_the_model_never_saw_a_placeholder(naive_folder):
    import sentencepiece

    package = next(naive_folder.iterdir())
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    from sentencepiece import sentencepiece_model_pb2

    assert tokenizer.unk_id() in tokenizer.encode("{1}")  # no piece for "{": a real model splits it the same way
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString((package / "sentencepiece.model").read_bytes())
    user_defined = sentencepiece_model_pb2.ModelProto.SentencePiece.USER_DEFINED
    assert not proto.trainer_spec.byte_fallback and not proto.trainer_spec.user_defined_symbols
    assert all(piece.type != user_defined for piece in proto.pieces)


def test_stand_ins_are_names_the_model_keeps_whole(naive, naive_folder):
    """The engine narrows protect.STANDINS to surnames of one vocabulary piece, in their order."""
    import sentencepiece

    from uebersetzer.protect import STANDINS

    package = next(naive_folder.iterdir())
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    standins = naive.standins("de", "en")
    assert 12 <= len(standins) < len(STANDINS)
    assert list(standins) == [name for name in STANDINS if name in standins]
    assert all(tokenizer.encode(name, out_type=str) == ["▁" + name] for name in standins)
    assert all(tokenizer.encode(name + "s", out_type=str) == ["▁" + name, "s"] for name in standins)
    left_out = [name for name in STANDINS if name not in standins]
    assert all(len(tokenizer.encode(name, out_type=str)) > 1 for name in left_out)


def test_unprotected_the_model_copies_the_source_spelling(naive, held_out):
    """Why protection is needed: without it the model writes "Selenskyj", not "Zelensky"."""
    sources = [s for s, _ in held_out[:40]]
    glossary = bench_glossary()
    outputs = naive.translate(sources, "de", "en")
    right = sum(span.output in out for s, out in zip(sources, outputs) for span in glossary.find_terms(s, "de", "en"))
    total = sum(len(glossary.find_terms(s, "de", "en")) for s in sources)
    assert total > 30 and right / total < 0.5


def test_every_term_in_its_target_form_and_few_fallbacks(naive, held_out):
    from uebersetzer.protect import standin_piece

    glossary = bench_glossary()
    sources = [s for s, _ in held_out[:80]]
    results = translate_requests([Request("de", "en", s) for s in sources], naive, glossary.find_terms)
    with_terms = fallbacks = found = expected = 0
    for source in sources:
        result = results[Request("de", "en", source)]
        spans = glossary.find_terms(source, "de", "en")
        with_terms += bool(spans)
        fallbacks += any(note.startswith("fallback:") for note in result.notes)
        for form in {span.output for span in spans}:
            wanted = sum(span.output == form for span in spans)
            expected += wanted
            found += min(wanted, result.text.count(form))
        rest = result.text.casefold()
        for form in {span.output for span in spans}:
            rest = rest.replace(form.casefold(), " ")
        assert not [name for name in naive.standins("de", "en") if standin_piece(name).casefold() in rest
                    and standin_piece(name).casefold() not in source.casefold()], (source, result.text)
    assert found == expected  # term accuracy 1.0, whatever the model did
    assert fallbacks / with_terms <= MAX_FALLBACK_RATE, f"{fallbacks}/{with_terms} sentences needed the piecewise fallback"


def test_reference_article_through_the_naive_model(run, naive_folder, monkeypatch, tmp_path):
    if not REFERENCE.exists():
        pytest.skip(f"reference article missing: {REFERENCE} (../shared beside the checkout)")
    from tests.test_glossary import count_forms, expected_forms
    from uebersetzer.glossary import load_file

    article = tmp_path / "articles" / REFERENCE.name
    article.parent.mkdir()
    article.write_bytes(REFERENCE.read_bytes())
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(naive_folder))
    glossary = FIXTURES / "glossary" / "reference.yaml"
    out = tmp_path / "o"
    result = run("translate", article, "--to", "en", "--out", out, "--glossary", glossary, "--json")
    assert result.code == 0, result.err
    catalog = out / "en" / f"{article.stem}.po"
    msgfmt_check(catalog)
    text = (out / "en" / article.name).read_text()
    expected = expected_forms(article, Glossary(load_file(glossary)), "en")
    found = count_forms(text, expected)
    assert all(found[form] >= times for form, times in expected.items()), found  # every term, out of the domain too
    # Each entry holds its own terms. A form more often than its source holds it is the model's
    # own doing on text it never saw (a fallback piece once came back "... in, in Moscow."; which
    # sentences it does that on differs with the CPU's int8 kernels): only in an entry an editor
    # reviews anyway.
    for entry in entries(catalog):
        wanted = Counter(span.output for span in Glossary(load_file(glossary)).find_terms(entry.msgid, "de", "en"))
        written = count_forms(entry.msgstr, expected)
        assert all(written[form] >= times for form, times in wanted.items()), (entry.msgid, entry.msgstr)
        if any(written[form] > wanted[form] for form in written):
            assert "fuzzy" in entry.flags, (entry.msgid, entry.msgstr)
    notes = [e for e in entries(catalog) if "fallback:" in e.comment]
    assert notes and all("fuzzy" in e.flags for e in notes)  # out of domain the model loses terms: redone, marked
    for entry in notes:  # each redone sentence holds its own terms, not only the article as a whole
        wanted = {span.output for span in Glossary(load_file(glossary)).find_terms(entry.msgid, "de", "en")}
        assert all(form in entry.msgstr for form in wanted), (entry.msgid, entry.msgstr)


class LosesMüller(ArgosEngine):
    """The naive model, but "Müller" never survives it: as a real model may lose one name."""

    def translate_candidates(self, sentences, source, target, count):
        found = super().translate_candidates(sentences, source, target, count)
        return [[text.replace("Müller", "") for text in candidates] for candidates in found]

    def submit(self, sentences, source, target):  # translate() goes through it too
        waiting = super().submit(sentences, source, target)
        return lambda: [text.replace("Müller", "") for text in waiting()]


@pytest.mark.parametrize("retries", [0, 3])
def test_a_lost_stand_in_is_retried_with_other_names(naive_folder, held_out, retries):
    """A sentence whose stand-in the model loses in every hypothesis is sent again with other
    stand-ins before the piecewise fallback; without retries each such sentence falls back."""
    engine = LosesMüller(str(naive_folder))
    engine.standin_retries = retries
    assert engine.standins("de", "en")[0] == "Müller"
    glossary = bench_glossary()
    sources = [s for s, _ in held_out[:40] if glossary.find_terms(s, "de", "en") and "Müller" not in s]
    results = translate_requests([Request("de", "en", s) for s in sources], engine, glossary.find_terms)
    fallbacks = [s for s in sources if any(n.startswith("fallback:") for n in results[Request("de", "en", s)].notes)]
    for source in sources:
        text = results[Request("de", "en", source)].text
        assert all(span.output in text for span in glossary.find_terms(source, "de", "en")), (source, text)
    if retries:
        assert len(fallbacks) <= MAX_FALLBACK_RATE * len(sources), fallbacks
    else:
        assert len(fallbacks) == len(sources)  # every term-bearing sentence had Müller as its first stand-in


def test_terms_come_back_as_themselves_and_no_stand_in_leaks(naive):
    """A new user's try-out through the naive model: "Schmitt trifft Lawrow" came back "Lavrov
    meets Lavrov" (Lawrow stood as "Schmidt", the other term's form), and garbled stand-ins
    passed the check ("Zelensky in Schmidtin Kyiv in Milan.", "The Besuch in Kyiv in
    Zimmermannuch.")."""
    import re

    from uebersetzer.protect import standin_piece

    glossary = Glossary([Entry("Schmidt", ("Schmitt", "Schmid"), {"en": "Schmidt"}),
                         Entry("Lawrow", targets={"en": "Lavrov"}), Entry("Selenskyj", targets={"en": "Zelensky"}),
                         Entry("Kiew", targets={"en": "Kyiv"})])
    sources = ["Schmitt trifft Lawrow in Berlin.", "MÜLLER trifft Lawrow in Berlin.", "Selenskyj in Kiew",
               "Der Besuch in Kiew", "Lawrow trifft Selenskyj in Kiew."]
    results = translate_requests([Request("de", "en", s) for s in sources], naive, glossary.find_terms)
    assert results[Request("de", "en", sources[0])].text == "Schmidt meets Lavrov in Berlin."
    for source in sources:
        text = results[Request("de", "en", source)].text
        forms = {span.output for span in glossary.find_terms(source, "de", "en")}
        assert all(re.search(rf"(?<!\w){form}(?!\w)", text) for form in forms), (source, text)
        rest = re.sub("|".join(forms), " ", text)
        leaked = [name for name in naive.standins("de", "en")
                  if standin_piece(name).casefold() in rest.casefold() and name.casefold() not in source.casefold()]
        assert not leaked, (source, text)


def test_the_summary_counts_the_sentences_that_needed_the_fallback(run, naive_folder, monkeypatch, tmp_path):
    """A try-out left 60 `#. fallback` entries, and neither the summary nor --json said so."""
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(naive_folder))
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("- {source: Selenskyj, target: {en: Zelensky}}\n- {source: Kiew, target: {en: Kyiv}}\n"
                        "- {source: Lawrow, target: {en: Lavrov}}\n", encoding="utf-8")
    article = tmp_path / "articles" / "besuch.de.txt"
    article.parent.mkdir()
    article.write_text("Selenskyj in Kiew\n\nDer Besuch in Kiew\n\nLawrows Plan.\n\n"
                       "Die Regierung in Kiew hat am Dienstag einen Plan vorgestellt.\n", encoding="utf-8")
    out = tmp_path / "o"
    result = run("translate", article, "--from", "de", "--to", "en", "--out", out, "--glossary", glossary, "--json")
    assert result.code == 0, result.err
    redone = [e for e in entries(out / "en" / "besuch.de.po") if "fallback:" in e.comment]
    assert redone  # lines without a full stop lose their stand-ins in the naive model
    assert json.loads(result.out)["fallbacks"] == len(redone)
    text = run("translate", article, "--from", "de", "--to", "en", "--out", tmp_path / "o2", "--glossary", glossary)
    assert f" {len(redone)} fallbacks, " in text.out
    assert f"fallback: {len(redone)} of the translated sentences" in text.out


class Recording(ArgosEngine):
    """The naive model, remembering what it was sent."""

    def __init__(self, folder: str) -> None:
        super().__init__(folder)
        self.sent: list[str] = []

    def submit(self, sentences, source, target):  # translate() goes through it too
        self.sent += list(sentences)
        return super().submit(sentences, source, target)


def test_entities_reach_the_model_as_characters_and_a_word_is_never_split(naive_folder):
    """A try-out: "AT&amp;T" went as "AT{1}T", the model lost the placeholder, and the fallback
    translated "AT" and "T …" apart ("Alice TTT summit in Sunday.&amp;Tem receives …")."""
    import re

    engine = Recording(str(naive_folder))
    sources = ["Die Firma AT&amp;T empfängt das Abkommen am 7. August.",
               "Die Regierung hat &#x1F600; am Dienstag einen Plan vorgestellt.",
               "Die Regierung&nbsp;in Kiew hat am Dienstag einen Plan vorgestellt."]
    results = translate_requests([Request("de", "en", s) for s in sources], engine)
    # an emoji is a symbol no model writes back: it goes as a placeholder (protect.symbol_spans)
    assert engine.sent[:3] == [s.replace("&amp;", "&").replace("&#x1F600;", "{1}").replace("&nbsp;", "\u00a0")
                               for s in sources]
    for source, entity in zip(sources, ["&amp;", "&#x1F600;", "&nbsp;"]):
        text = results[Request("de", "en", source)].text
        assert text.count(entity) == 1 and text.count("&") == 1, (source, text)  # as written, once
    at_t = results[Request("de", "en", sources[0])].text
    assert re.search(r"(?<!\w)AT&amp;T(?!\w)", at_t), at_t  # whole, whether the model kept it or the fallback did


class LosesEveryStandIn(ArgosEngine):
    """The naive model, but every stand-in name vanishes from its output, so each sentence with
    a term takes the piecewise fallback (its pieces hold no stand-in and pass through unchanged)."""

    def _drop(self, text: str) -> str:
        for name in self.standins("de", "en"):
            text = text.replace(name, "")
        return text

    def translate_candidates(self, sentences, source, target, count):
        found = super().translate_candidates(sentences, source, target, count)
        return [[self._drop(text) for text in candidates] for candidates in found]

    def submit(self, sentences, source, target):  # translate() goes through it too
        waiting = super().submit(sentences, source, target)
        return lambda: [self._drop(text) for text in waiting()]


def test_the_fallback_keeps_the_punctuation_around_protected_spans(naive_folder):
    """A try-out: "„Selenskyj“ sagt ..." fell back and lost its quotes: the piece "“ sagt, die
    Regierung ..." went to the model, which dropped the quote."""
    engine = LosesEveryStandIn(str(naive_folder))
    glossary = Glossary([Entry("Selenskyj", targets={"en": "Zelensky"}), Entry("NATO"),
                         Entry("Kiew", targets={"en": "Kyiv"})])
    expected = {"„Selenskyj“ sagt, die Regierung hat am Dienstag einen Plan vorgestellt.": ["„Zelensky“ "],
                "Die Regierung (NATO) hat am Dienstag einen Plan vorgestellt.": [" (NATO) "],
                "In Kiew, sagt die Regierung, hat am Dienstag ein Treffen begonnen.": [" Kyiv, "],
                "Die Regierung hat am Dienstag in „Kiew“ (NATO) einen Plan vorgestellt.": [" „Kyiv“ (NATO) "],
                "Das Treffen hat am Dienstag begonnen, sagt Selenskyj.": [" Zelensky."]}
    results = translate_requests([Request("de", "en", s) for s in expected], engine, glossary.find_terms)
    for source, wanted in expected.items():
        result = results[Request("de", "en", source)]
        assert result.fell_back, (source, result)
        assert all(part in result.text for part in wanted), (source, result.text)


def test_a_fallback_piece_goes_to_the_model_as_a_sentence(naive_folder):
    """The bench's markup sentences: the piece "In" before a term went alone and came back
    "In In In In ..." to the decoding limit, as this model does with any fragment without a
    full stop."""
    import re

    engine = LosesEveryStandIn(str(naive_folder))
    glossary = Glossary([Entry("Odessa", targets={"en": "Odesa"}), Entry("Kiew", targets={"en": "Kyiv"})])
    sources = ["%s: In Odessa sind am 6. August 138 Soldaten betroffen.",
               "In Kiew sind im Jahr 2012 36,7 Millionen Menschen betroffen."]
    results = translate_requests([Request("de", "en", s) for s in sources], engine, glossary.find_terms)
    for source in sources:
        result = results[Request("de", "en", source)]
        assert result.fell_back and not re.search(r"\b(\w+)(?: \1\b){2}", result.text), (source, result.text)
        assert len(result.text.split()) < 2 * len(source.split()), (source, result.text)
