"""A de -> en package of Argos's real size, for `bench_translate.py --model base`.

Argos models are transformer-base (argos-train's config.yml): 6 encoder and 6 decoder
layers, d_model 512, 8 heads, feed-forward 2048, sinusoidal positions and one shared
50,000-piece SentencePiece vocabulary. The test fixtures are a fraction of that (2+2
layers, d_model 192, 600 pieces), so the pipeline's own work weighs far more in their
timings than it would with a real model. This builds the real architecture once, into the
XDG cache folder, and trains it just long enough on the bench's domain that its outputs have
realistic lengths: the speed of a model depends on how many tokens it writes, not on
whether they are good. The 50,000 pieces are the corpus' own pieces plus unused ones, so the
output layer costs what a real one costs.

Run alone: python bench/base_model.py [--steps N] (prints the length check).
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import random
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

VOCABULARY = 50000
# "pieces": SentencePiece's BPE, not Argos's unigram: on this small, repetitive domain (146
# distinct words) sentencepiece 0.2's unigram trainer keeps only 173 pieces and cuts common
# words apart ("▁th" "e", "▁" "in", "▁" "T" "he"), so English came out 1.44 pieces per German
# piece. BPE learns every word of the domain whole (988 pieces), as a real 50,000-piece
# vocabulary holds the common words of news text, and English/German is then 0.97.
BASE = {"d_model": 512, "layers": 6, "heads": 8, "ffn": 2048, "vocab": VOCABULARY, "positions": 512, "lr": 5e-4,
        "pieces": "bpe"}
# The corpus asked for, in batches of 32 sentence pairs: 300 x 32 = 9,600 pairs. The generator
# yields only 6,084 distinct ones without placeholders for that (see `corpus`), and the model
# trains one epoch of them, so 300 builds 191 steps (`training_steps`). One step cost 6.5-7 CPU
# seconds on the build machine (69.6 M parameters, one thread): about 21-22 CPU minutes of
# training. The number is part of the cache entry's name (package_path): changing it builds
# another model.
STEPS = 300
BATCH = 32  # build_test_models.fit_marian's batch size
MAX_DECODING_LENGTH = 256  # the argos engine's limit


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "uebersetzer" / "bench"


def package_path(steps: int = STEPS) -> Path:
    fingerprint = hashlib.sha256(json.dumps([BASE, steps]).encode()).hexdigest()[:10]
    return cache_folder() / f"de_en_base-{fingerprint}.argosmodel"


def corpus(size: int, seed: int) -> list[tuple[str, str]]:
    """The bench's domain (the fixtures' generator), without the fixtures' placeholders."""
    from build_test_models import CorpusGenerator

    triples = CorpusGenerator(random.Random(seed)).corpus(size * 2)
    return [(de, en) for de, en, _ in triples if "{" not in de][:size]


def natural_pieces(pairs: list[tuple[str, str]], work: Path) -> int:
    """How many pieces SentencePiece finds in the corpus itself; the rest up to 50,000 are unused ones."""
    import sentencepiece

    from build_test_models import train_sentencepiece

    train_sentencepiece([s for s, _ in pairs] + [t for _, t in pairs], work / "natural", VOCABULARY, naive=True,
                        model_type=BASE["pieces"])
    return sentencepiece.SentencePieceProcessor(model_file=str(work / "natural.model")).get_piece_size()


def base_package(steps: int = STEPS) -> Path:
    """The cached package, built first when missing (see STEPS for what it costs). One build at
    a time: a second run that finds a build under way waits for it and uses its package, rather
    than start another ~50-minute one (a lock file beside the package)."""
    path = package_path(steps)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(path):
        if path.exists():  # built by the run this one waited for
            return path
        from extras import BUILD_MODELS, require

        require(BUILD_MODELS, "bench,build-models", "building the --model base package (bench/base_model.py)")
        build(path, steps)
    return path


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Held while `path` is built; a second run says on stderr that it waits, and for what. The
    lock file stays (removing it could let a third run lock a new file while the second holds
    the old one); the kernel releases the lock when its process ends, however it ends."""
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(lock)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def waiting(lock: Path) -> None:
    print(f"another run is building this model ({lock} is locked); waiting for it to finish, then using its "
          "package", file=sys.stderr, flush=True)


def training_steps(pairs: int) -> int:
    """The optimizer steps of one epoch of `pairs` sentence pairs (fit_marian's last batch may be short)."""
    return -(-pairs // BATCH)


def build(path: Path, steps: int) -> None:
    """Train, convert and length-check the model, then put the package at `path`."""
    from build_test_models import PACKAGE_VERSION, Pair, train_marian, write_package

    pairs = corpus(steps * BATCH, seed=7)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"building a transformer-base de -> en model (--steps {steps}: one epoch of {len(pairs)} sentence "
              f"pairs, {training_steps(len(pairs))} steps) into {path.parent}", file=sys.stderr)
        size = {**BASE, "unused_pieces": VOCABULARY - natural_pieces(pairs, work)}
        hf_dir, spm_model = train_marian(pairs, work, 1, 7, size, naive=True)
        archive = write_package(Pair("de", "en"), hf_dir, spm_model, work / "out", work, variant="base")
        report = length_check(work / f"translate-de-en-{PACKAGE_VERSION}-base", steps)
        report |= {"pairs": len(pairs), "training_steps": training_steps(len(pairs))}
        path.with_suffix(".lengths.json").write_text(json.dumps(report, indent=1))
        os.replace(archive, path)  # last, so a cut-off build leaves no package behind


LENGTH_CHECK_SENTENCES = 200
# issue 13: a real model writes about as many tokens as it reads, and never runs to the limit
TARGET_RATIO = (0.8, 1.3)


def length_check(package: Path, steps: int) -> dict:
    """Output/input token ratio on the bench's own sentences (those its articles are made of),
    and how many hypotheses ran into the decoding limit (an untrained model writes until it
    does); the references' ratio beside it says what a translation of them holds."""
    import ctranslate2
    import sentencepiece

    from bench_translate import bench_sentences

    translator = ctranslate2.Translator(str(package / "model"))
    tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
    pairs = bench_sentences()[:LENGTH_CHECK_SENTENCES]
    sentences = [de for de, _ in pairs]
    tokens = [tokenizer.encode(s, out_type=str) for s in sentences]
    reference_lengths = [len(tokenizer.encode(en, out_type=str)) for _, en in pairs]
    results = translator.translate_batch(tokens, beam_size=4, length_penalty=0.2,
                                         max_decoding_length=MAX_DECODING_LENGTH)
    out_lengths = [len(r.hypotheses[0]) for r in results]
    in_lengths = [len(t) for t in tokens]
    ratio = round(sum(out_lengths) / sum(in_lengths), 3)
    at_limit = sum(n >= MAX_DECODING_LENGTH for n in out_lengths)
    natural = sum(not tokenizer.id_to_piece(i).startswith("<unused") for i in range(tokenizer.get_piece_size()))
    return {"steps": steps, "sentences": len(sentences), "vocabulary": tokenizer.get_piece_size(),
            "natural_pieces": natural,
            "output_input_token_ratio": ratio,
            "reference_input_token_ratio": round(sum(reference_lengths) / sum(in_lengths), 3),
            "output_reference_token_ratio": round(sum(out_lengths) / sum(reference_lengths), 3),
            "at_decoding_limit": at_limit,
            "target": {"output_input_token_ratio": list(TARGET_RATIO), "at_decoding_limit": 0},
            "target_met": TARGET_RATIO[0] <= ratio <= TARGET_RATIO[1] and at_limit == 0,
            "example": [sentences[0], tokenizer.decode_pieces(results[0].hypotheses[0])]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=STEPS)
    args = parser.parse_args()
    path = base_package(args.steps)
    print(path)
    report = path.with_suffix(".lengths.json").read_text()
    print(report)
    if not json.loads(report).get("target_met"):
        sys.exit(f"{path.name}: output lengths miss issue 13's target (see the report above)")


if __name__ == "__main__":
    main()
