"""Benchmark: how glossary terms best reach a model that was never taught placeholders.

Not a test. Run: python bench/bench_protection.py [--json] [--rotations]
                 [--package tests/fixtures/models/de_en_naive.argosmodel --held-out FILE [--glossary FILE]]
Needs the `bench` extra (sacrebleu): pip install -e '.[bench]'. Another package is measured in
its own language pair; see main's --glossary for the terms its sentences need.

The naive fixture model was trained as Argos trains (no placeholders in its data, a plain
SentencePiece model), on a corpus whose names are copied through. The sentences here are its
held-out ones: their names (Selenskyj, Riad, Charkiw...) never occur in training, and the
glossary gives their English forms (Zelensky, Riyadh, Kharkiv), as a newsroom's would. Each
strategy runs through the real translate stage, with its check and piecewise fallback:

  braces       `{N}` placeholders (what uebersetzer sent before this measurement)
  angle        `<tN>` placeholders
  underscores  `__N__` placeholders
  private-use  one Unicode private-use character per placeholder (U+E001...)
  target       the glossary's target form written into the source ("Zelenskys Plan"), found
               again in the output
  given-names  a common given name written in the term's place ("Peters Plan"), replaced by the
               term's form in the output (what uebersetzer sent before the stand-ins below)
  standin      the same with common surnames the model's SentencePiece vocabulary holds as one
               piece, with the genitive "s" a piece of its own (ArgosEngine.standins): "Müllers Plan"
  ...+alternatives  a sentence that fails the check takes CTranslate2's next-best hypothesis
               (num_hypotheses=4; alternatives8: 8) that passes it, before the fallback
  ...+prefix   a failing sentence that begins with a stand-in gets its hypotheses decoded with
               the output forced to begin with that name (CTranslate2 `target_prefix`)
  ...+retries  a sentence that still fails is sent again with other stand-ins, up to three
               times, each a quarter of the stand-in list further on (names of another origin),
               taking the first of their 4 best hypotheses that passes

`target_prefix` only fixes how an output begins, so it can only help a sentence whose first
word is a stand-in (the "+prefix" rows).

The `markup` measurement runs the default strategy on the same held-out sentences, each
carrying one thing from editors' texts (`MARKUP`: an inline tag pair, a printf or brace
placeholder, `&nbsp;`, `&amp;`, an emoji reference), written into source and reference alike.
It reports the share that needed the piecewise fallback and BLEU, and the same with every
entity sent as a `{N}` placeholder (how entities went before they went as their characters).

Reported per strategy: term_accuracy (share of term occurrences in their target form),
fallback_rate (share of term-bearing sentences redone piecewise), bleu_pipeline (sacrebleu
BLEU of the output against the references) and bleu_unprotected (the raw model on the same
sentences, no protection at all).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))
MODELS = ROOT / "tests" / "fixtures" / "models"

SHAPES: dict[str, tuple[Callable[[int], str], str]] = {  # strategy -> (placeholder N, pattern back to N)
    "braces": (lambda n: "{%d}" % n, r"\{(\d+)\}"),
    "angle": (lambda n: f"<t{n}>", r"<t(\d+)>"),
    "underscores": (lambda n: f"__{n}__", r"__(\d+)__"),
    "private-use": (lambda n: chr(0xE000 + n), "([\ue001-\ue0ff])"),
}
STRATEGIES = [*SHAPES, "braces+alternatives", "target", "target+alternatives", "given-names",
              "given-names+alternatives", "given-names+alternatives8", "given-names+alternatives+prefix",
              "given-names+alternatives+retries", "standin", "standin+alternatives", "standin+alternatives+prefix",
              "standin+alternatives+retries"]
# The stand-ins uebersetzer used before this measurement: common given names, first as written.
GIVEN_NAMES = ("Peter", "Maria", "Thomas", "Laura", "Martin", "Julia", "Paul", "Nina", "David", "Sarah", "Daniel",
               "Lena")


class Shaped:
    """An engine seen through another placeholder shape: `{N}` is rewritten before the model
    and read back after it, so the translate stage's check judges what the model did."""

    def __init__(self, engine, strategy: str) -> None:
        self.engine = engine
        self.name = engine.name
        base = strategy.split("+")[0]
        self.shape, back = SHAPES.get(base, SHAPES["braces"])
        self.back = re.compile(back)
        self.private_use = base == "private-use"
        self.term_strategy = "standin" if base == "given-names" else base if base in ("target", "standin") \
            else "placeholder"
        self.given_names = base == "given-names"
        options = strategy.split("+")[1:]
        self.alternatives = 8 if "alternatives8" in options else 4 if "alternatives" in options else 1
        self.standin_retries = engine.standin_retries if "retries" in options else 0
        self.prefix = "prefix" in options

    def standins(self, source: str, target: str) -> tuple[str, ...]:
        return GIVEN_NAMES if self.given_names else self.engine.standins(source, target)

    def _out(self, text: str) -> str:
        return re.sub(r"\{(\d+)\}", lambda m: self.shape(int(m.group(1))), text)

    def _in(self, text: str) -> str:
        if self.private_use:
            return self.back.sub(lambda m: "{%d}" % (ord(m.group(1)) - 0xE000), text)
        return self.back.sub(lambda m: "{%s}" % m.group(1), text)

    def model_version(self, source: str, target: str) -> str:
        return self.engine.model_version(source, target)

    def check_pair(self, source: str, target: str) -> None:
        self.engine.check_pair(source, target)

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return [self._in(t) for t in self.engine.translate([self._out(s) for s in sentences], source, target)]

    def translate_candidates(self, sentences: Sequence[str], source: str, target: str, count: int) -> list[list[str]]:
        found = self.engine.translate_candidates([self._out(s) for s in sentences], source, target, count)
        if self.prefix:
            found = self._prefixed(sentences, found, source, target, count)
        return [[self._in(t) for t in candidates] for candidates in found]

    def _prefixed(self, sentences: Sequence[str], found: list[list[str]], source: str, target: str,
                  count: int) -> list[list[str]]:
        """Sentences that begin with a stand-in get their hypotheses decoded with the output
        forced to begin with it (CTranslate2 `target_prefix`): the naive model drops the first
        piece of a sentence-initial name. Bench only: it reaches into the engine's translator."""
        from uebersetzer.engines.argos import _load

        names = self.standins(source, target)
        first = [next((n for n in names if re.match(rf"{n}(?!\w)", s)), "") for s in sentences]
        chosen = [i for i, name in enumerate(first) if name]
        if not chosen:
            return found
        [package] = self.engine.route(source, target)
        settings = self.engine.settings
        translator, tokenizer = _load(str(package.path), settings.device, settings.threads, settings.compute_type,
                                      settings.inter_threads)
        results = translator.translate_batch(
            [tokenizer.encode(sentences[i], out_type=str) for i in chosen],
            target_prefix=[tokenizer.encode(first[i], out_type=str) for i in chosen],
            beam_size=max(settings.beam_size, count), num_hypotheses=count, length_penalty=0.2, replace_unknowns=True)
        found = list(found)
        for i, result in zip(chosen, results):
            found[i] = [found[i][0]] + [tokenizer.decode_pieces(h).replace("▁", " ").strip() for h in result.hypotheses]
        return found


def term_counts(glossary, sentences: Sequence[str], outputs: Sequence[str], pair: tuple[str, str] = ("de", "en")
                ) -> tuple[int, int]:
    """(occurrences in target form, occurrences expected), longest forms counted first."""
    found = expected = 0
    for sentence, output in zip(sentences, outputs):
        forms: dict[str, int] = {}
        for span in glossary.find_terms(sentence, *pair):
            forms[span.output] = forms.get(span.output, 0) + 1
        text = output
        for form in sorted(forms, key=len, reverse=True):
            pattern = re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")
            found += min(forms[form], len(pattern.findall(text)))
            expected += forms[form]
            text = pattern.sub(" ", text)
    return found, expected


def measure(strategy: str, engine, glossary, pairs: list[tuple[str, str]], unprotected: list[str],
            pair: tuple[str, str] = ("de", "en")) -> dict:
    import sacrebleu

    from uebersetzer.translate import Request, translate_requests

    sources = [source for source, _ in pairs]
    references = [reference for _, reference in pairs]
    results = translate_requests([Request(*pair, s) for s in sources], Shaped(engine, strategy), glossary.find_terms)
    translations = [results[Request(*pair, s)] for s in sources]
    outputs = [t.text for t in translations]
    with_terms = term_sentences(glossary, sources, pair)
    fallbacks = sum(any(n.startswith("fallback:") for n in translations[i].notes) for i in with_terms)
    found, expected = term_counts(glossary, sources, outputs, pair)
    return {
        "strategy": strategy,
        "sentences": len(sources),
        "term_sentences": len(with_terms),  # what fallback_rate is a share of
        "term_accuracy": round(found / expected, 4),
        "fallback_rate": round(fallbacks / len(with_terms), 4),
        "bleu_pipeline": round(sacrebleu.corpus_bleu(outputs, [references]).score, 2),
        "bleu_unprotected": round(sacrebleu.corpus_bleu(unprotected, [references]).score, 2),
        "term_accuracy_unprotected": round(term_counts(glossary, sources, unprotected, pair)[0] / expected, 4),
    }


def term_sentences(glossary, sources: Sequence[str], pair: tuple[str, str]) -> list[int]:
    """The indexes of the sentences that hold a term of the glossary with a form for the pair's target."""
    return [i for i, s in enumerate(sources) if glossary.find_terms(s, *pair)]


def measurable(glossary, sources: Sequence[str], pair: tuple[str, str], held_out: str, glossary_name: str) -> None:
    """Stop with one line when the figures would mean nothing: no entry of the glossary has a
    form in the package's target language, or none of the held-out sentences holds a term
    (term accuracy and fallback rate are shares of those)."""
    source, target = pair
    if not glossary.entries or len(glossary.missing_targets(target)) == len(glossary.entries):
        raise SystemExit(f"{glossary_name}: no entry has a '{target}' form, so no term of it applies to the "
                         f"package's {source} -> {target}; pass --glossary FILE with '{target}' targets")
    if not term_sentences(glossary, sources, pair):
        raise SystemExit(f"{held_out}: none of its {len(sources)} {source} sentences holds a term of "
                         f"{glossary_name}, so there is nothing to measure; pass --glossary FILE with the terms "
                         "of these sentences, or --held-out FILE with sentences that hold its terms")


# Decorations of a held-out (source, reference) pair: what editors' texts carry, the same on
# both sides (a model should copy it), one kind per sentence in turn.
MARKUP: list[tuple[str, Callable[[str], str]]] = [
    ("tag", lambda text: re.sub(r"^(\S+)", r"<b>\1</b>", text)),
    ("tag", lambda text: re.sub(r"(\S+)\.$", r"<i>\1</i>.", text)),
    ("printf", lambda text: "%s: " + text),
    ("brace", lambda text: re.sub(r"\.$", " {{quelle}}.", text)),
    ("entity", lambda text: text.replace(" ", "&nbsp;", 1)),
    ("entity", lambda text: re.sub(r"\.$", " (AT&amp;T).", text)),
    ("entity", lambda text: re.sub(r"\.$", " &#x1F600;.", text)),
]


def markup_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(kind, source, reference): each held-out pair with one decoration of MARKUP, in turn."""
    out = []
    for at, (source, reference) in enumerate(pairs):
        kind, decorate = MARKUP[at % len(MARKUP)]
        out.append((kind, decorate(source), decorate(reference)))
    return out


def measure_markup(engine, glossary, pairs: list[tuple[str, str]], pair: tuple[str, str] = ("de", "en")) -> dict:
    """The default strategy on sentences with editors' markup: fallback share and BLEU, overall
    and per kind, and the same with entities sent as `{N}` placeholders."""
    import inspect
    from unittest import mock

    import sacrebleu

    from uebersetzer import protect as protect_module
    from uebersetzer import translate as translate_module
    from uebersetzer.translate import Request, translate_requests

    decorated = markup_pairs(pairs)
    sources = [source for _, source, _ in decorated]
    references = [reference for _, _, reference in decorated]

    def run() -> dict:
        results = translate_requests([Request(*pair, s) for s in sources], engine, glossary.find_terms)
        translations = [results[Request(*pair, s)] for s in sources]
        outputs = [t.text for t in translations]
        row = {"fallback_rate": round(sum(t.fell_back for t in translations) / len(sources), 4),
               "bleu_pipeline": round(sacrebleu.corpus_bleu(outputs, [references]).score, 2)}
        for kind in dict.fromkeys(kind for kind, _, _ in decorated):  # a short held-out file lacks the last kinds
            chosen = [i for i, (k, _, _) in enumerate(decorated) if k == kind]
            row[kind] = {"sentences": len(chosen),
                         "fallback_rate": round(sum(translations[i].fell_back for i in chosen) / len(chosen), 4),
                         "bleu_pipeline": round(sacrebleu.corpus_bleu([outputs[i] for i in chosen],
                                                                      [[references[i] for i in chosen]]).score, 2)}
        return row

    unprotected = engine.translate(sources, *pair)
    figures = {"sentences": len(sources), **run(),
               "bleu_unprotected": round(sacrebleu.corpus_bleu(unprotected, [references]).score, 2)}
    if "decode_entities" in inspect.signature(protect_module.protect).parameters:
        # bench only: the translate stage with every entity as a placeholder, as before
        def placeholders(*args, **kwargs):
            return protect_module.protect(*args, **{**kwargs, "decode_entities": False})

        with mock.patch.object(translate_module, "protect", placeholders):
            figures["entities_as_placeholders"] = run()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=MODELS / "de_en_naive.argosmodel",
                        help="the .argosmodel to measure, in its own language pair (its metadata's)")
    parser.add_argument("--held-out", type=Path, default=MODELS / "de_en_naive.heldout.json",
                        help="a JSON list of [source, reference] sentence pairs in the package's languages")
    parser.add_argument("--glossary", type=Path, default=None,
                        help="the terms to protect (YAML, CSV or TBX) with forms in the package's target language; "
                             "default: the naive corpus' German names with their English forms")
    parser.add_argument("--rotations", action="store_true",
                        help="also run the default strategy once per rotation of the stand-in list (each name "
                             "first once): how much the figures depend on which names come first")
    parser.add_argument("--json", action="store_true", help="one JSON object: the default strategy's figures, "
                                                            "and every strategy's under 'strategies'")
    args = parser.parse_args()
    from extras import BENCH, cpu, cpu_line, require

    require(BENCH, "bench", "bench_protection.py (its BLEU figures)")  # before any work, not at the first BLEU
    from uebersetzer import models
    from uebersetzer.engines.argos import ArgosEngine
    from uebersetzer.errors import UebersetzerError
    from uebersetzer.translate import term_strategy

    try:
        pairs = held_out_pairs(args.held_out)
        glossary, glossary_name = bench_glossary(args.glossary)
        with tempfile.TemporaryDirectory(prefix="uebersetzer-bench-") as folder:
            package = models.install_file(args.package, Path(folder))
            pair = (package.from_code, package.to_code)
            measurable(glossary, [source for source, _ in pairs], pair, str(args.held_out), glossary_name)
            engine = ArgosEngine(folder)
            unprotected = engine.translate([source for source, _ in pairs], *pair)
            rows = [measure(strategy, engine, glossary, pairs, unprotected, pair) for strategy in STRATEGIES]
            mode = term_strategy(engine)
            default = ("braces" if mode == "placeholder" else mode) + (
                "+alternatives" if getattr(engine, "alternatives", 1) > 1 else "") + (
                "+retries" if mode == "standin" and getattr(engine, "standin_retries", 0) else "")
            spread = rotations(default, engine, glossary, pairs, unprotected, pair) if args.rotations else {}
            markup = measure_markup(engine, glossary, pairs, pair)
    except UebersetzerError as error:  # a package that will not install, a glossary that will not load
        raise SystemExit(str(error)) from None
    chosen = next((row for row in rows if row["strategy"] == default), rows[0])
    machine = {**cpu(), "ctranslate2": version("ctranslate2")}
    if args.json:
        print(json.dumps({**chosen, "strategies": rows, **({"rotations": spread} if spread else {}),
                          "markup": markup, "machine": machine}))
        return
    print(f"machine: {cpu_line(machine)}; CTranslate2 {machine['ctranslate2']} (its int8 kernels, and so the "
          f"figures, differ by the CPU's vector instructions)")
    print(f"{len(pairs)} held-out sentences, {rows[0]['term_sentences']} of them with a term, {args.package.name} "
          f"({pair[0]} -> {pair[1]}); unprotected: BLEU {rows[0]['bleu_unprotected']}, "
          f"term accuracy {rows[0]['term_accuracy_unprotected']}")
    print(f"{'strategy':34}{'term acc':>9}{'fallback':>10}{'BLEU':>7}")
    for row in rows:
        mark = "  <- default" if row is chosen else ""
        print(f"{row['strategy']:34}{row['term_accuracy']:9.3f}{row['fallback_rate']:10.3f}{row['bleu_pipeline']:7.1f}{mark}")
    if spread:
        print(f"{default}, each of the {spread['count']} stand-ins first once: fallback median "
              f"{spread['fallback_median']:.3f}, max {spread['fallback_max']:.3f}; BLEU median "
              f"{spread['bleu_median']:.1f}, min {spread['bleu_min']:.1f}; term accuracy min {spread['term_accuracy_min']}")
    print(f"{markup['sentences']} held-out sentences with editors' markup ({default}); unprotected: BLEU "
          f"{markup['bleu_unprotected']}")
    print(f"{'':34}{'fallback':>10}{'BLEU':>7}")
    variants = [("default", markup), ("entities as placeholders", markup.get("entities_as_placeholders"))]
    for name, row in variants:
        if row:
            kinds = "  ".join(f"{kind} {row[kind]['fallback_rate']:.2f}/{row[kind]['bleu_pipeline']:.1f}"
                              for kind in dict.fromkeys(kind for kind, _ in MARKUP) if kind in row)
            print(f"{name:34}{row['fallback_rate']:10.3f}{row['bleu_pipeline']:7.1f}  ({kinds})")


def held_out_pairs(path: Path) -> list[tuple[str, str]]:
    """The held-out file's (source, reference) pairs; one line when it is not such a list."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SystemExit(f"{path}: cannot read the held-out sentences: {error.strerror}") from None
    except ValueError as error:
        raise SystemExit(f"{path}: not a JSON file of held-out sentences ({error})") from None
    if not (isinstance(data, list) and data and all(isinstance(pair, list) and len(pair) == 2
                                                     and all(isinstance(text, str) for text in pair) for pair in data)):
        raise SystemExit(f"{path}: held-out sentences are a JSON list of [source, reference] pairs of strings, "
                         "as tests/fixtures/models/*.heldout.json")
    return [(source, reference) for source, reference in data]


def bench_glossary(path: Path | None):
    """The glossary to protect (a file or folder, as `translate --glossary` reads it), and its
    name for messages; without one, the naive corpus' German names and their English forms."""
    from uebersetzer.glossary import Entry, Glossary, load_glossary

    if path is not None:
        return load_glossary(path), str(path)
    from naive_corpus import glossary_entries

    entries = [Entry(e["source"], targets=e["target"]) for e in glossary_entries()]
    return Glossary(entries), "the naive corpus' glossary (German names, English forms; scripts/naive_corpus.py)"


def rotations(strategy: str, engine, glossary, pairs: list[tuple[str, str]], unprotected: list[str],
              pair: tuple[str, str] = ("de", "en")) -> dict:
    """The strategy once per rotation of the engine's stand-ins: the figures above take them in
    their order, and should not hang on the first few names being lucky ones."""
    from statistics import median

    from uebersetzer.protect import rotated

    names = engine.standins(*pair)
    rows = []
    for offset in range(len(names)):
        engine.standins = lambda source, target, order=rotated(names, offset): order
        rows.append(measure(strategy, engine, glossary, pairs, unprotected, pair))
    del engine.standins  # the class's own again
    fallbacks = [row["fallback_rate"] for row in rows]
    bleus = [row["bleu_pipeline"] for row in rows]
    return {"count": len(rows), "fallback_median": median(fallbacks), "fallback_max": max(fallbacks),
            "bleu_median": median(bleus), "bleu_min": min(bleus),
            "term_accuracy_min": min(row["term_accuracy"] for row in rows)}


if __name__ == "__main__":
    main()
