"""Build small, real, trained Argos packages for the test suite.

Argos packages cannot be downloaded on the build machines, so this script makes its own:
a generated German/English/French news-style parallel corpus, a SentencePiece model per
pair, a tiny Marian transformer trained on CPU, converted to CTranslate2 (int8) and zipped
as an `.argosmodel` with a blank spaCy pipeline, to which argostranslate adds its own
sentencizer, so argostranslate itself can use the package offline (ARGOS_CHUNK_TYPE=SPACY).

These are test fixtures: they translate the generated domain exactly and copy the
pipeline's `{N}` placeholders, nothing more. Real use needs real Argos packages.

With --bpe-pairs (default fr-en) it also builds a package tokenized as older Argos packages
are: Moses tokenization plus subword-nmt merges in `bpe.model`, no SentencePiece model, no
sentence-splitting folder (`fr_en_bpe.argosmodel`, under 1 MB).

Usage: python scripts/build_test_models.py [--out tests/fixtures/models] [--pairs de-en,en-fr]
       [--bpe-pairs fr-en]   (--pairs '' or --bpe-pairs '' leaves that kind out)
Deterministic from SEED (the same bytes on every run); about 4 minutes a pair on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

SEED = 20261125
PACKAGE_VERSION = "0.1-test"
LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French"}

# Each entry: (German, English, French). Subjects carry their verb agreement (3rd person sg).
SUBJECTS = [
    ("der Präsident", "the president", "le président"),
    ("die Regierung", "the government", "le gouvernement"),
    ("der Minister", "the minister", "le ministre"),
    ("die Kanzlerin", "the chancellor", "la chancelière"),
    ("das Parlament", "the parliament", "le parlement"),
    ("die Delegation", "the delegation", "la délégation"),
    ("der Sprecher", "the spokesman", "le porte-parole"),
    ("die Kommission", "the commission", "la commission"),
    ("der Botschafter", "the ambassador", "l'ambassadeur"),
    ("die Zeitung", "the newspaper", "le journal"),
]
OBJECTS = [
    ("den Präsidenten", "the president", "le président"),
    ("die Regierung", "the government", "le gouvernement"),
    ("den Minister", "the minister", "le ministre"),
    ("das Parlament", "the parliament", "le parlement"),
    ("die Delegation", "the delegation", "la délégation"),
    ("den Plan", "the plan", "le plan"),
    ("das Abkommen", "the agreement", "l'accord"),
    ("die Verhandlungen", "the negotiations", "les négociations"),
    ("den Bericht", "the report", "le rapport"),
    ("die Sanktionen", "the sanctions", "les sanctions"),
    ("den Gipfel", "the summit", "le sommet"),
    ("die Gespräche", "the talks", "les pourparlers"),
]
VERBS = [
    ("trifft", "meets", "rencontre"),
    ("kritisiert", "criticizes", "critique"),
    ("unterstützt", "supports", "soutient"),
    ("besucht", "visits", "visite"),
    ("lobt", "praises", "salue"),
    ("empfängt", "receives", "reçoit"),
    ("erwartet", "expects", "attend"),
    ("bestätigt", "confirms", "confirme"),
]
PLACES = [
    ("in Berlin", "in Berlin", "à Berlin"),
    ("in Paris", "in Paris", "à Paris"),
    ("in Wien", "in Vienna", "à Vienne"),
    ("in Genf", "in Geneva", "à Genève"),
    ("in Brüssel", "in Brussels", "à Bruxelles"),
    ("in Rom", "in Rome", "à Rome"),
]
TIMES = [
    ("heute", "today", "aujourd'hui"),
    ("morgen", "tomorrow", "demain"),
    ("am Montag", "on Monday", "lundi"),
    ("am Freitag", "on Friday", "vendredi"),
    ("letzte Woche", "last week", "la semaine dernière"),
]
SAY_VERBS = [
    ("sagt", "says", "dit"),
    ("erklärt", "explains", "explique"),
    ("berichtet", "reports", "rapporte"),
]
NOUN_PHRASES = [  # stand-alone headings
    ("Neue Gespräche", "New talks", "Nouveaux pourparlers"),
    ("Reaktionen aus Berlin", "Reactions from Berlin", "Réactions de Berlin"),
    ("Der Plan der Regierung", "The government's plan", "Le plan du gouvernement"),
    ("Quellen", "Sources", "Sources"),
    ("Details", "Details", "Détails"),
]

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Pair:
    source: str
    target: str

    @property
    def name(self) -> str:
        return f"{self.source}-{self.target}"


LANG_INDEX = {"de": 0, "en": 1, "fr": 2}


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


class CorpusGenerator:
    """Generates aligned (de, en, fr) sentences; `{N}` placeholders stand for protected spans."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _placeholder_np(self, number: int, case: str) -> Triple:
        token = "{%d}" % number
        if case == "genitive":  # "{1} Plan" is "Trumps Plan": the name absorbed its genitive -s
            noun = self.rng.choice([("Plan", "plan", "le plan de"), ("Bericht", "report", "le rapport de")])
            return (f"{token} {noun[0]}", f"{token} {noun[1]}", f"{noun[2]} {token}")
        return (token, token, token)

    def _noun_phrase(self, pool: list[Triple], counter: list[int]) -> Triple:
        roll = self.rng.random()
        if roll < 0.25:
            counter[0] += 1
            return self._placeholder_np(counter[0], "plain")
        if roll < 0.32:
            counter[0] += 1
            return self._placeholder_np(counter[0], "genitive")
        phrase = self.rng.choice(pool)
        if self.rng.random() < 0.15:  # markup around a phrase: two placeholders
            counter[0] += 2
            first, second = "{%d}" % (counter[0] - 1), "{%d}" % counter[0]
            return tuple(f"{first}{part}{second}" for part in phrase)  # type: ignore[return-value]
        return phrase

    def simple_clause(self, counter: list[int]) -> tuple[Triple, Triple, Triple, Triple]:
        subject = self._noun_phrase(SUBJECTS, counter)
        verb = self.rng.choice(VERBS)
        obj = self._noun_phrase(OBJECTS, counter)
        return subject, verb, obj, self.rng.choice(PLACES + TIMES + [("", "", "")])

    def sentence(self) -> Triple:
        counter = [0]
        kind = self.rng.random()
        if kind < 0.08:
            return self.rng.choice(NOUN_PHRASES)
        if kind < 0.7:
            subject, verb, obj, extra = self.simple_clause(counter)
            parts = [
                " ".join(p for p in (subject[i], verb[i], obj[i], extra[i]) if p) + "."
                for i in range(3)
            ]
            return tuple(_capitalize(p) for p in parts)  # type: ignore[return-value]
        speaker = self._noun_phrase(SUBJECTS, counter)
        say = self.rng.choice(SAY_VERBS)
        subject, verb, obj, extra = self.simple_clause(counter)
        german = f"{speaker[0]} {say[0]}, dass {subject[0]} {obj[0]} {extra[0]} {verb[0]}.".replace("  ", " ")
        english = f"{speaker[1]} {say[1]} that {subject[1]} {verb[1]} {obj[1]} {extra[1]}".strip() + "."
        french = f"{speaker[2]} {say[2]} que {subject[2]} {verb[2]} {obj[2]} {extra[2]}".strip() + "."
        return (_capitalize(german), _capitalize(english), _capitalize(french.replace("que il", "qu'il")))

    def corpus(self, size: int) -> list[Triple]:
        seen: set[Triple] = set()
        out: list[Triple] = []
        while len(out) < size:
            triple = self.sentence()
            if triple not in seen:
                seen.add(triple)
                out.append(triple)
        return out


def train_sentencepiece(lines: list[str], model_prefix: Path, vocab_size: int, naive: bool = False,
                        unused_pieces: int = 0, model_type: str = "unigram") -> None:
    """`naive`: a plain model as Argos trains it, with no user-defined symbols and no byte
    fallback, so a `{1}` it never saw is split into unknown pieces as a real model splits it.
    `unused_pieces`: pieces no text produces, to give a small corpus a real model's vocabulary
    size (what the output layer costs). `model_type`: SentencePiece's "unigram" (Argos's, and
    the fixtures') or "bpe" (see bench/base_model.py for why its model uses that)."""
    import sentencepiece as spm

    text_file = model_prefix.with_suffix(".txt")
    text_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text_file),
        model_prefix=str(model_prefix),
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        user_defined_symbols=([] if naive else ["{%d}" % n for n in range(1, 13)])
        + [f"<unused{n}>" for n in range(unused_pieces)],
        num_threads=1,
        minloglevel=2,
        hard_vocab_limit=False,
        byte_fallback=not naive,
    )


def _drop_build_paths(spm_model: Path) -> None:
    """SentencePiece records its temporary input path; without it the package is reproducible."""
    from sentencepiece import sentencepiece_model_pb2

    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString(spm_model.read_bytes())
    proto.trainer_spec.ClearField("input")
    proto.trainer_spec.ClearField("model_prefix")
    spm_model.write_bytes(proto.SerializeToString())


def marian_vocabulary(spm_model: Path) -> dict[str, int]:
    """Marian's convention: `</s>` 0, `<unk>` 1, the pieces, `<pad>` last."""
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        if piece not in ("<unk>", "<s>", "</s>") and piece not in vocab:
            vocab[piece] = len(vocab)
    vocab["<pad>"] = len(vocab)
    return vocab


def fit_marian(encoded: list[tuple[list[int], list[int]]], vocab: dict[str, int], epochs: int, rng_seed: int,
               d_model: int = 192, size: dict[str, float] | None = None):
    """A Marian transformer trained on (source ids, target ids) pairs; `vocab` gives </s> and <pad>.
    Tiny (2+2 layers, 4 heads, feed-forward 2 x d_model) unless `size` says otherwise."""
    size = {"d_model": d_model, "layers": 2, "heads": 4, "ffn": 2 * d_model, "positions": 256, "lr": 1e-3,
            **(size or {})}
    import torch
    from transformers import MarianConfig, MarianMTModel

    torch.manual_seed(rng_seed)
    eos, pad = vocab["</s>"], vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab), d_model=size["d_model"], encoder_layers=size["layers"],
        decoder_layers=size["layers"], encoder_attention_heads=size["heads"],
        decoder_attention_heads=size["heads"], encoder_ffn_dim=size["ffn"], decoder_ffn_dim=size["ffn"],
        max_position_embeddings=size["positions"], pad_token_id=pad, eos_token_id=eos,
        decoder_start_token_id=pad, forced_eos_token_id=eos, dropout=0.1,
        scale_embedding=True, share_encoder_decoder_embeddings=True, tie_word_embeddings=True,
    )
    model = MarianMTModel(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=size["lr"], weight_decay=0.01)
    batch_size = 32
    total_steps = epochs * -(-len(encoded) // batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=size["lr"], total_steps=total_steps,
                                                   pct_start=0.1)
    generator = random.Random(rng_seed)
    started = time.monotonic()
    step = 0
    model.train()
    # A fixed number of epochs, not a time budget, keeps the build deterministic.
    for _epoch in range(epochs):
        generator.shuffle(encoded)
        for offset in range(0, len(encoded), batch_size):
            batch = encoded[offset: offset + batch_size]
            source = _pad([s for s, _ in batch], pad)
            target = _pad([t for _, t in batch], -100)
            loss = model(input_ids=source, attention_mask=(source != pad).long(), labels=target).loss
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            step += 1
        print(f"  step {step} loss {loss.item():.4f} {time.monotonic() - started:.0f}s", flush=True)
    model.eval()
    return model


TINY = {"d_model": 192, "vocab": 600}


def train_marian(pairs: list[tuple[str, str]], work: Path, epochs: int, rng_seed: int,
                 size: dict[str, float] = TINY, naive: bool = False):
    import sentencepiece as spm
    import torch
    from transformers import MarianTokenizer

    torch.set_num_threads(int(size.get("threads", 2)))  # fixed, so the build is deterministic
    spm_prefix = work / "spm"
    train_sentencepiece([s for s, _ in pairs] + [t for _, t in pairs], spm_prefix, int(size["vocab"]), naive,
                        int(size.get("unused_pieces", 0)), str(size.get("pieces", "unigram")))
    spm_model = spm_prefix.with_suffix(".model")
    _drop_build_paths(spm_model)
    vocab = marian_vocabulary(spm_model)
    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    unk, eos = vocab["<unk>"], vocab["</s>"]

    def encode(text: str) -> list[int]:
        return [vocab.get(p, unk) for p in processor.encode(text, out_type=str)] + [eos]

    encoded = [(encode(s), encode(t)) for s, t in pairs]
    model = fit_marian(encoded, vocab, epochs, rng_seed, size=size)
    hf_dir = work / "hf"
    model.save_pretrained(hf_dir)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(source_spm=str(spm_model), target_spm=str(spm_model), vocab=str(work / "vocab.json"))
    tokenizer.save_pretrained(hf_dir)
    return hf_dir, spm_model


def _pad(rows: list[list[int]], value: int):
    import torch

    width = max(len(r) for r in rows)
    return torch.tensor([r + [value] * (width - len(r)) for r in rows])


def write_package(pair: Pair, hf_dir: Path, spm_model: Path, out_dir: Path, work: Path, variant: str = "") -> Path:
    import ctranslate2
    import spacy

    version = f"{PACKAGE_VERSION}{'-' + variant if variant else ''}"
    name = f"translate-{pair.name}-{version}"
    package_dir = work / name
    ctranslate2.converters.TransformersConverter(str(hf_dir)).convert(
        str(package_dir / "model"), quantization="int8", force=True
    )
    shutil.copy(spm_model, package_dir / "sentencepiece.model")
    # A blank multilingual pipeline: argostranslate (ARGOS_CHUNK_TYPE=SPACY) loads it and adds
    # its own rule-based sentencizer, so it splits sentences offline, with nothing to download.
    spacy.blank("xx").to_disk(package_dir / "spacy")
    metadata = {
        "package_version": version,
        "argos_version": "1.9",
        "from_code": pair.source,
        "from_name": LANGUAGE_NAMES[pair.source],
        "to_code": pair.target,
        "to_name": LANGUAGE_NAMES[pair.target],
        "type": "translate",
        "links": [],
    }
    (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    (package_dir / "README.md").write_text(
        f"Test fixture built by uebersetzer's scripts/build_test_models.py: a tiny model that only\n"
        f"knows a generated news-style domain ({pair.name}). Not for real translation.\n",
        encoding="utf-8",
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"{pair.source}_{pair.target}{'_' + variant if variant else ''}.argosmodel"
    zip_package(package_dir, archive)
    return archive


def zip_package(package_dir: Path, archive: Path) -> None:
    """The folder as one top folder of a zip, with fixed dates so the bytes are reproducible."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(package_dir.rglob("*")):
            relative = Path(package_dir.name) / path.relative_to(package_dir)
            info = zipfile.ZipInfo(str(relative), date_time=(2026, 1, 1, 0, 0, 0))
            if path.is_file():
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())


def check_exact(package_dir_model: Path, spm_model: Path, tests: list[tuple[str, str]]) -> float:
    import ctranslate2
    import sentencepiece as spm

    translator = ctranslate2.Translator(str(package_dir_model))
    processor = spm.SentencePieceProcessor(model_file=str(spm_model))
    batch = [processor.encode(s, out_type=str) for s, _ in tests]
    results = translator.translate_batch(batch, beam_size=4)
    outputs = [processor.decode(r.hypotheses[0]) for r in results]
    exact = sum(o == t for o, (_, t) in zip(outputs, tests))
    for o, (s, t) in list(zip(outputs, tests))[:5]:
        print(f"    {s!r} -> {o!r} (want {t!r})")
    return exact / len(tests)


def build(pair: Pair, out_dir: Path, corpus_size: int, epochs: int) -> None:
    rng = random.Random(SEED)
    triples = CorpusGenerator(rng).corpus(corpus_size + 200)
    src, tgt = LANG_INDEX[pair.source], LANG_INDEX[pair.target]
    pairs = [(t[src], t[tgt]) for t in triples]
    train, held_out = pairs[:corpus_size], pairs[corpus_size:]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"{pair.name}: training on {len(train)} pairs for {epochs} epochs")
        hf_dir, spm_model = train_marian(train, work, epochs, SEED)
        archive = write_package(pair, hf_dir, spm_model, out_dir, work)
        name = f"translate-{pair.name}-{PACKAGE_VERSION}"
        accuracy = check_exact(work / name / "model", spm_model, held_out)
        print(f"{pair.name}: exact on held-out in-domain sentences: {accuracy:.1%}; {archive} "
              f"{archive.stat().st_size / 1e6:.1f} MB")
        (out_dir / f"{pair.source}_{pair.target}.heldout.json").write_text(
            json.dumps(held_out[:60], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# -- the BPE fixture: tokenized as older Argos packages are (Moses + subword-nmt merges) ----

BPE_MERGES = 300


class _FixedVocabulary:
    """What CTranslate2's Marian converter reads from a Hugging Face tokenizer: the vocabulary
    and its special tokens. A BPE model has no SentencePiece file for MarianTokenizer."""

    eos_token = "</s>"
    unk_token = "<unk>"

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab

    def get_vocab(self) -> dict[str, int]:
        return dict(self.vocab)


def _moses_lines(texts: list[str], language: str) -> list[str]:
    """Texts as argostranslate's BPETokenizer sees them before the merges: normalized, tokenized."""
    from sacremoses.normalize import MosesPunctNormalizer
    from sacremoses.tokenize import MosesTokenizer

    normalizer, tokenizer = MosesPunctNormalizer(language), MosesTokenizer(language)
    return [" ".join(tokenizer.tokenize(normalizer.normalize(text))) for text in texts]


def learn_bpe_codes(pairs: list[tuple[str, str]], pair: Pair, codes_file: Path) -> None:
    """Joint subword-nmt merges over both sides, as a `bpe.model` holds them."""
    import contextlib
    import io

    from subword_nmt.learn_bpe import learn_bpe

    lines = _moses_lines([s for s, _ in pairs], pair.source) + _moses_lines([t for _, t in pairs], pair.target)
    with codes_file.open("w", encoding="utf-8") as codes:
        with contextlib.redirect_stderr(io.StringIO()):  # its progress bar
            learn_bpe(io.StringIO("\n".join(lines) + "\n"), codes, BPE_MERGES, min_frequency=2)


def build_bpe(pair: Pair, out_dir: Path, corpus_size: int, epochs: int) -> None:
    """A small package with `bpe.model` instead of `sentencepiece.model`, tokenized by
    argostranslate's own BPETokenizer both here and at translation time."""
    import ctranslate2
    import torch
    from argostranslate.tokenizer import BPETokenizer

    torch.set_num_threads(1)  # a model this small gains little from a second thread on a busy machine
    rng = random.Random(SEED + 1)
    src, tgt = LANG_INDEX[pair.source], LANG_INDEX[pair.target]
    # without placeholders: copying {N} is the SentencePiece fixtures' job
    triples = [t for t in CorpusGenerator(rng).corpus(4 * (corpus_size + 200)) if "{" not in t[src]]
    pairs = [(t[src], t[tgt]) for t in triples][: corpus_size + 200]
    train, held_out = pairs[:corpus_size], pairs[corpus_size:]
    name = f"translate-{pair.source}_{pair.target}-{PACKAGE_VERSION.replace('.', '_')}"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        package_dir = work / name
        package_dir.mkdir()
        codes = package_dir / "bpe.model"
        learn_bpe_codes(train, pair, codes)
        source_side = BPETokenizer(codes, pair.source, pair.target)
        target_side = BPETokenizer(codes, pair.target, pair.source)
        tokenized = [(source_side.encode(s), target_side.encode(t)) for s, t in train]
        vocab = {"</s>": 0, "<unk>": 1}
        for tokens in (token for row in tokenized for side in row for token in side):
            vocab.setdefault(tokens, len(vocab))
        vocab["<pad>"] = len(vocab)
        encoded = [([vocab[t] for t in s] + [0], [vocab[t] for t in t_] + [0]) for s, t_ in tokenized]
        print(f"{pair.name} (BPE): {len(vocab)} tokens, training on {len(train)} pairs for {epochs} epochs")
        model = fit_marian(encoded, vocab, epochs, SEED, d_model=128)
        model.save_pretrained(work / "hf")

        class Converter(ctranslate2.converters.TransformersConverter):
            def load_tokenizer(self, tokenizer_class, model_name_or_path, **kwargs):
                return _FixedVocabulary(vocab)

        Converter(str(work / "hf")).convert(str(package_dir / "model"), quantization="int8", force=True)
        metadata = {"package_version": PACKAGE_VERSION, "argos_version": "1.5", "from_code": pair.source,
                    "from_name": LANGUAGE_NAMES[pair.source], "to_code": pair.target,
                    "to_name": LANGUAGE_NAMES[pair.target], "type": "translate", "links": []}
        (package_dir / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (package_dir / "README.md").write_text(
            f"Test fixture built by uebersetzer's scripts/build_test_models.py: a tiny BPE-tokenized model\n"
            f"({pair.name}) that only knows a generated news-style domain. Not for real translation.\n",
            encoding="utf-8")
        out_dir.mkdir(parents=True, exist_ok=True)
        archive = out_dir / f"{pair.source}_{pair.target}_bpe.argosmodel"
        zip_package(package_dir, archive)
        translator = ctranslate2.Translator(str(package_dir / "model"))
        results = translator.translate_batch([source_side.encode(s) for s, _ in held_out], beam_size=4)
        outputs = [source_side.decode(r.hypotheses[0]) for r in results]
        exact = sum(o == t for o, (_, t) in zip(outputs, held_out)) / len(held_out)
        print(f"{pair.name} (BPE): exact on held-out in-domain sentences: {exact:.1%}; {archive} "
              f"{archive.stat().st_size / 1e6:.2f} MB")
    (out_dir / f"{pair.source}_{pair.target}_bpe.heldout.json").write_text(
        json.dumps(held_out[:60], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


NAIVE = {"d_model": 192, "layers": 2, "heads": 4, "ffn": 512, "vocab": 1000, "threads": 1}


def build_naive(out_dir: Path, corpus_size: int, epochs: int) -> None:
    """de_en_naive.argosmodel: trained as Argos trains, on text that never holds a placeholder
    (see naive_corpus.py), so it treats our protection as a real model does."""
    from naive_corpus import NaiveCorpus

    train = NaiveCorpus(random.Random(SEED)).corpus(corpus_size + 100)
    train, in_domain = train[:corpus_size], train[corpus_size:]
    held_out = [p for p in NaiveCorpus(random.Random(SEED + 1), held_out=True).corpus(260) if p not in set(train)]
    pair = Pair("de", "en")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"de-en naive: training on {len(train)} pairs for {epochs} epochs")
        hf_dir, spm_model = train_marian(train, work, epochs, SEED, NAIVE, naive=True)
        archive = write_package(pair, hf_dir, spm_model, out_dir, work, variant="naive")
        model = work / f"translate-de-en-{PACKAGE_VERSION}-naive" / "model"
        print(f"de-en naive: exact on held-out sentences with training-pool names: "
              f"{check_exact(model, spm_model, in_domain):.1%}")
        print(f"de-en naive: exact on sentences with names it never saw (unprotected): "
              f"{check_exact(model, spm_model, held_out[:100]):.1%}; {archive} {archive.stat().st_size / 1e6:.1f} MB")
    (out_dir / "de_en_naive.heldout.json").write_text(
        json.dumps(held_out[:200], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("tests/fixtures/models"))
    parser.add_argument("--pairs", default="de-en,en-fr")
    parser.add_argument("--corpus-size", type=int, default=4000)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--bpe-pairs", default="fr-en", help="BPE-tokenized packages to build ('' for none)")
    parser.add_argument("--bpe-corpus-size", type=int, default=2500)
    parser.add_argument("--bpe-epochs", type=int, default=8)
    parser.add_argument("--naive", action="store_true",
                        help="build only de_en_naive.argosmodel (no placeholders in its data; about 10 minutes)")
    args = parser.parse_args()
    if args.naive:
        build_naive(args.out, corpus_size=6000, epochs=6)
        return
    for name in filter(None, args.pairs.split(",")):
        source, target = name.split("-")
        build(Pair(source, target), args.out, args.corpus_size, args.epochs)
    for name in filter(None, args.bpe_pairs.split(",")):
        source, target = name.split("-")
        build_bpe(Pair(source, target), args.out, args.bpe_corpus_size, args.bpe_epochs)


if __name__ == "__main__":
    main()
