"""The argos engine: Argos Translate packages run directly with CTranslate2 + SentencePiece.

argostranslate itself is not imported on this path: `argostranslate.translate` pulls in
stanza and torch (seconds and a gigabyte) and translates one paragraph at a time. Here
each package's translator and SentencePiece model load once per process, and all
sentences of a run go through `translate_batch` together: deduplicated, sorted by
length, batched by tokens. Decoding settings follow argostranslate's (beam 4, length
penalty 0.2, unknowns replaced), so outputs agree with it for the same sentence.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from uebersetzer import models
from uebersetzer.engines import settings as checks
from uebersetzer.engines.ctranslate2_model import output_vocabulary, position_limit
from uebersetzer.engines.malloc import limit_arenas, user_arena_limit
from uebersetzer.engines.subwords import open_tokenizer
from uebersetzer.errors import EngineError
from uebersetzer.protect import STANDINS

MAX_INPUT_TOKENS = 200  # longer sentences are split at clause boundaries, never truncated
MAX_DECODING_LENGTH = 256
# A decoding hypothesis holds a row of scores over the whole target vocabulary at every step,
# in several copies (about 0.65 MB a hypothesis on Argos' 50,000 pieces), so with short
# sentences those rows, not the tokens, are what a batch's memory grows with: 256 tokens of
# the bench's 9-token sentences are 29 sentences, 116 hypotheses. Batches are held to 1.6
# million scores: 32 hypotheses (8 sentences at beam 4) on a 50,000-piece vocabulary,
# thousands on a small one, where the token limit comes first. Fewer hypotheses a batch
# means more decoding steps, each reading the whole model (README "Memory": on the
# real-size bench model 32 hypotheses took the peak from 0.81 of argostranslate's to 0.47,
# for about 25% more CPU on the bench's 9-token sentences; news sentences are about three
# times as long, and 256 tokens hold 8-9 of them, so there it costs little).
ARGOS_VOCABULARY = 50_000  # argos-train's SentencePiece vocabulary
SCORES_PER_BATCH = 32 * ARGOS_VOCABULARY
MIN_STANDINS = 12  # fewer names a model keeps whole: every stand-in is tried (a sentence may hold several terms)
_CLAUSE_BREAK = re.compile(r"(?<=[,;:–—])\s+|\s+(?=[–—]\s)")


@dataclass(frozen=True)
class Settings:
    beam_size: int = 4
    device: str = "cpu"
    threads: int = 0  # threads per batch; 0: thread_counts()
    inter_threads: int = 0  # batches translated at once (argostranslate's ARGOS_INTER_THREADS); 0: thread_counts()
    compute_type: str = "auto"
    # Source tokens per translate_batch batch. Memory grows with it (beam 4 keeps four
    # decoder states per sentence, each with a 50,000-piece score row on a real model), and
    # past a few hundred tokens speed does not: on the real-size bench model (bench_translate.py
    # --model base, 10 articles) uebersetzer took 12.8 CPU s and 310 MB peak with 256 tokens,
    # 12.9 CPU s and 510 MB with 1024 (one batch at once; 412 against 691 MB with two).
    max_batch_tokens: int = 256
    # Hypotheses per batch (sentences times the beam); 0: by the model's vocabulary, see
    # SCORES_PER_BATCH.
    max_batch_hypotheses: int = 0

    @classmethod
    def from_environment(cls, **overrides: object) -> "Settings":
        """ARGOS_* variables as argostranslate reads them; explicit options win. Each value is
        checked here, once, naming the variable or option it came from (see settings.py)."""
        values: dict[str, object] = {}
        for field, variable, check in _SOURCES:
            if overrides.get(field) is not None:
                values[field] = check(overrides[field], "--" + field.replace("_", "-"))
            elif os.environ.get(variable, "").strip():
                values[field] = check(os.environ[variable], variable)
        settings = cls(**values)  # type: ignore[arg-type]
        user_arena_limit()  # checked here, every time: limit_arenas() reads it once per process
        checks.check_device(settings.device, "--device" if overrides.get("device") else "ARGOS_DEVICE_TYPE")
        return settings


_SOURCES = (  # field, environment variable, check(raw, name)
    ("beam_size", "ARGOS_BEAM_SIZE", lambda raw, name: checks.whole_number(raw, name, checks.BEAM_SIZES)),
    ("device", "ARGOS_DEVICE_TYPE", lambda raw, name: checks.choice(raw, name, checks.DEVICES)),
    ("threads", "ARGOS_INTRA_THREADS", lambda raw, name: checks.whole_number(raw, name, checks.THREADS)),
    ("inter_threads", "ARGOS_INTER_THREADS", lambda raw, name: checks.whole_number(raw, name, checks.THREADS)),
    ("compute_type", "ARGOS_COMPUTE_TYPE", lambda raw, name: checks.choice(raw, name, checks.COMPUTE_TYPES)),
    ("max_batch_tokens", "UEBERSETZER_BATCH_TOKENS",
     lambda raw, name: checks.whole_number(raw, name, checks.BATCH_TOKENS)),
    ("max_batch_hypotheses", "UEBERSETZER_BATCH_HYPOTHESES",
     lambda raw, name: checks.whole_number(raw, name, checks.BATCH_HYPOTHESES)),
)


def thread_counts(intra_threads: int = 0, inter_threads: int = 0, cores: int | None = None) -> tuple[int, int]:
    """(inter_threads, intra_threads) for CTranslate2 where none are asked for: one thread per
    batch, and as many batches at once as there are usable cores (at most 4, or cores over the
    threads per batch asked for).

    A model the size of Argos' splits each operation into pieces too small for two threads:
    on 2 cores two threads per batch (CTranslate2's own default, min(4, cores)) took 4.3 s for
    the bench's 50 articles, one thread 4.0 s, and two batches of one thread each 3.0 s
    (bench/bench_translate.py; README "Threads"). Each batch at once holds its own decoding
    buffers: on the real-size bench model two batches peaked at 377 MB and took 20.9 s, one
    batch 277 MB and 29.2 s (README "Memory"); ARGOS_INTER_THREADS=1 is the lean setting."""
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    intra = intra_threads or 1
    return inter_threads or max(1, min(4, cores // intra)), intra


@lru_cache(maxsize=None)
def _load(package_path: str, device: str, threads: int, compute_type: str, inter_threads: int = 0):
    """One translator and tokenizer per package and settings, for the life of the process."""
    import ctranslate2

    limit_arenas()  # before CTranslate2 starts its threads (a no-op after the engine's own call)
    try:
        inter, intra = thread_counts(threads, inter_threads)
        translator = ctranslate2.Translator(f"{package_path}/model", device=device, intra_threads=intra,
                                            inter_threads=inter, compute_type=compute_type)
        tokenizer = open_tokenizer(Path(package_path))  # SentencePiece, or BPE as older packages have it
    except (RuntimeError, OSError, ValueError) as error:  # a damaged package is the user's to replace
        raise EngineError(f"cannot load the model: {error}; remove and reinstall the package",
                          path=package_path) from error
    return translator, tokenizer


def batch_hypotheses(package_path: str) -> int:
    """Hypotheses per batch that keep its scores within SCORES_PER_BATCH (see there)."""
    vocabulary = output_vocabulary(f"{package_path}/model") or ARGOS_VOCABULARY  # unread: as large as Argos'
    return max(1, SCORES_PER_BATCH // vocabulary)


def sentences_per_batch(settings: Settings, package_path: str, beam: int) -> int:
    """How many sentences a batch may hold: the hypotheses asked for (or the model's, see
    batch_hypotheses) over the beam, at least one."""
    return max(1, (settings.max_batch_hypotheses or batch_hypotheses(package_path)) // beam)


def input_limits(package_path: str) -> tuple[int, int]:
    """(source tokens per chunk, decoding length) within the model's position table, if it has one."""
    positions = position_limit(f"{package_path}/model")
    if positions is None:
        return MAX_INPUT_TOKENS, MAX_DECODING_LENGTH
    room = positions - 2  # an end token, and the decoder's start token or a target prefix
    return min(MAX_INPUT_TOKENS, room), min(MAX_DECODING_LENGTH, room)


class ArgosEngine:
    name = "argos"
    # How glossary terms reach the model, and how many of its best hypotheses a sentence that
    # failed the check may take instead before the piecewise fallback: chosen by measurement
    # on a model never taught placeholders (bench/bench_protection.py; README "Protection").
    term_strategy = "standin"
    alternatives = 4
    standin_retries = 3  # other stand-ins a sentence that still failed tries (translate.py)

    def __init__(self, folder: str | None = None, **options: object) -> None:
        self.folder = Path(folder) if folder else None
        self.settings = Settings.from_environment(**options)
        limit_arenas()  # now, in the main thread, before the pipeline's engine thread or CTranslate2's exist
        self._routes: dict[tuple[str, str], list[models.Package] | None] = {}

    def _route(self, source: str, target: str) -> list[models.Package]:
        if (source, target) not in self._routes:  # the package folder is read once per pair
            self._routes[(source, target)] = models.route(source, target, self.folder)
        packages = self._routes[(source, target)]
        if packages is None:
            folder = self.folder or models.packages_dir()  # a mistyped folder setting shows here
            raise EngineError(f"no model for {source} -> {target} in {folder}; install one with: "
                              f"{models.install_command(source, target)} (or pass --install-missing)")
        return packages

    def check_pair(self, source: str, target: str) -> None:
        self._route(source, target)

    def standins(self, source: str, target: str) -> tuple[str, ...]:
        """protect.STANDINS that every model on the route knows as a word of its own (see
        known_names), in their order; when too few are, those first and then the others."""
        known = STANDINS
        for package in self._route(source, target):
            known = known_names(str(package.path), known)
        return known if len(known) >= MIN_STANDINS else known + tuple(n for n in STANDINS if n not in known)

    def preload(self, source: str, target: str) -> None:
        """Load the models a pair goes through now, ahead of its first sentences: the pipeline
        calls this on its engine thread while the main thread still reads and detects. A pair
        without a model, or a model that fails to load, is left to `check_pair` and `translate`
        to report (a failed load is not cached: `translate` tries again and raises its error)."""
        try:
            for package in self._route(source, target):
                _load(str(package.path), self.settings.device, self.settings.threads, self.settings.compute_type,
                      self.settings.inter_threads)
        except EngineError:
            return

    def model_version(self, source: str, target: str) -> str:
        return "+".join(f"{p.from_code}-{p.to_code}@{p.version}" for p in self._route(source, target))

    def pivots(self, source: str, target: str) -> tuple[str, ...]:
        """The languages a pair goes through between source and target: ("en",) for de -> fr
        with only de -> en and en -> fr installed, () for a direct package."""
        return tuple(package.to_code for package in self._route(source, target)[:-1])

    def route(self, source: str, target: str) -> list[models.Package]:
        """The packages a pair goes through (one, or two pivoting through English)."""
        return self._route(source, target)

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return self.submit(sentences, source, target)()

    def translate_route(self, packages: Sequence[models.Package], sentences: Sequence[str]) -> list[str]:
        """Translate through the given packages, wherever they lie (a Ray worker passes the
        driver's packages it found or was sent)."""
        texts = list(sentences)
        for package in packages:
            texts = [candidates[0] for candidates in self._run(package, texts)]
        return texts

    def translate_candidates(self, sentences: Sequence[str], source: str, target: str,
                             count: int) -> list[list[str]]:
        """The `count` best translations of each sentence, best first (CTranslate2's n-best list;
        through a pivot, only the last step gives alternatives)."""
        return self.route_candidates(self._route(source, target), sentences, count)

    def route_candidates(self, packages: Sequence[models.Package], sentences: Sequence[str],
                         count: int) -> list[list[str]]:
        """translate_candidates through the given packages (a Ray worker passes the driver's)."""
        *pivots, last = packages
        return self._run(last, self.translate_route(pivots, sentences), count)

    def submit(self, sentences: Sequence[str], source: str, target: str) -> Callable[[], list[str]]:
        """Queue the sentences' translation (the steps of a pivot route before the last are run
        now) and give what waits for it: CTranslate2 goes on with these batches while the
        caller prepares the next ones."""
        *pivots, last = self._route(source, target)
        waiting = self._queue(last, self.translate_route(pivots, sentences))
        return lambda: [candidates[0] for candidates in waiting()]

    def _run(self, package: models.Package, sentences: list[str], count: int = 1) -> list[list[str]]:
        return self._queue(package, sentences, count)()

    def _queue(self, package: models.Package, sentences: list[str], count: int = 1) -> Callable[[], list[list[str]]]:
        """Every batch of `sentences` queued in CTranslate2 now; what waits for their
        translations (the `count` best of each) and decodes them."""
        unique = list(dict.fromkeys(sentences))
        translator, tokenizer = _load(str(package.path), self.settings.device, self.settings.threads,
                                      self.settings.compute_type, self.settings.inter_threads)
        input_limit, decoding_limit = input_limits(str(package.path))
        chunks: list[list[str]] = []  # token lists, each under the model's input limit
        owners: list[int] = []  # which unique sentence each chunk belongs to
        for number, sentence in enumerate(unique):
            for chunk in split_long(sentence, tokenizer, input_limit):
                chunks.append(chunk)
                owners.append(number)
        order = sorted(range(len(chunks)), key=lambda i: len(chunks[i]))
        beam = max(self.settings.beam_size, count)
        in_order = [chunks[i] for i in order]
        batches = plan_batches([len(tokens) for tokens in in_order], self.settings.max_batch_tokens,
                               sentences_per_batch(self.settings, str(package.path), beam))
        waiting = queue_planned(translator, in_order, batches, package.target_prefix or None,
                                beam_size=beam, num_hypotheses=count, length_penalty=0.2,
                                replace_unknowns=True, max_input_length=0, max_decoding_length=decoding_limit)
        return lambda: self._decoded(package, tokenizer, unique, owners, order, waiting(), count, sentences)

    @staticmethod
    def _decoded(package: models.Package, tokenizer, unique: list[str], owners: list[int], order: list[int],
                 results: list, count: int, sentences: list[str]) -> list[list[str]]:
        # decoded[sentence][hypothesis] -> that hypothesis' text of each chunk of the sentence
        decoded: list[list[list[str]]] = [[[] for _ in range(count)] for _ in unique]
        by_chunk = dict(zip(order, results))
        for chunk_index, owner in enumerate(owners):
            hypotheses = by_chunk[chunk_index].hypotheses
            for rank in range(count):
                tokens = hypotheses[min(rank, len(hypotheses) - 1)]
                if package.target_prefix and tokens[:1] == [package.target_prefix]:
                    tokens = tokens[1:]
                decoded[owner][rank].append(tokenizer.decode_pieces(tokens).replace("▁", " ").strip())
        translated = {sentence: [" ".join(parts) for parts in ranked] for sentence, ranked in zip(unique, decoded)}
        return [translated[sentence] for sentence in sentences]


def plan_batches(lengths: Sequence[int], max_tokens: int, max_sentences: int) -> list[list[int]]:
    """Positions in `lengths` (token counts, sorted shortest first) cut, in order, into batches of
    at most `max_tokens` tokens and `max_sentences` sentences; a sentence longer than
    `max_tokens` is a batch of its own. CTranslate2's own batching (batch_type="tokens") has one
    limit only, and the other is what bounds a batch's memory (Settings.max_batch_hypotheses)."""
    batches: list[list[int]] = []
    current: list[int] = []
    tokens = 0
    for position, length in enumerate(lengths):
        if current and (tokens + length > max_tokens or len(current) >= max_sentences):
            batches.append(current)
            current, tokens = [], 0
        current.append(position)
        tokens += length
    if current:
        batches.append(current)
    return batches


def translate_planned(translator, tokens: Sequence[list[str]], batches: list[list[int]], target_prefix: str | None,
                      **options: object) -> list:
    """CTranslate2's results for `tokens`, in their order (see queue_planned)."""
    return queue_planned(translator, tokens, batches, target_prefix, **options)()


def queue_planned(translator, tokens: Sequence[list[str]], batches: list[list[int]], target_prefix: str | None,
                  **options: object) -> Callable[[], list]:
    """CTranslate2's results for `tokens`, in their order, each planned batch (plan_batches) one
    `translate_batch`. Every batch is queued at once (asynchronous), so the translator's
    inter_threads workers each take the next, longest first: the last to start are the
    shortest, and no worker is left alone with a long batch at the end."""
    queued = {}
    for number in reversed(range(len(batches))):
        members = [tokens[i] for i in batches[number]]
        queued[number] = translator.translate_batch(
            members, target_prefix=[[target_prefix]] * len(members) if target_prefix else None,
            max_batch_size=0, asynchronous=True, **options)  # max_batch_size=0: one batch, as planned

    def results() -> list:
        in_order: list = [None] * len(tokens)
        for number, batch in enumerate(batches):
            for position, job in zip(batch, queued[number]):
                in_order[position] = job.result()
        return in_order
    return results


@lru_cache(maxsize=None)
def known_names(package_path: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """The `names` the package's tokenizer keeps whole, one piece of its vocabulary, with the
    genitive "s" a piece of its own ("Müllers" = "▁Müller" + "s"): names its model saw often
    enough to have a piece for, alone and with the ending, which it copies reliably. A name
    cut in pieces ("▁Pet" + "er") loses a piece at the start of a sentence (bench/bench_protection.py)."""
    tokenizer = open_tokenizer(Path(package_path))
    return tuple(name for name in names if _whole(tokenizer, name))


def _whole(tokenizer, name: str) -> bool:
    pieces = tokenizer.encode(name, out_type=str)
    genitive = tokenizer.encode(name + "s", out_type=str)
    return len(pieces) == 1 and len(genitive) == 2 and genitive[0] == pieces[0]


def split_long(sentence: str, tokenizer, limit: int | None = None) -> list[list[str]]:
    """Token lists for `sentence`, cut at clause boundaries (commas, semicolons, dashes) so that
    none is over `limit`, else at spaces, else between tokens. Nothing is dropped, unlike
    truncation, and no chunk outgrows the model's position table."""
    limit = limit or MAX_INPUT_TOKENS
    tokens = tokenizer.encode(sentence, out_type=str)
    if len(tokens) <= limit:
        return [tokens]
    pieces = _CLAUSE_BREAK.split(sentence)
    if len(pieces) == 1:
        pieces = sentence.split(" ")
        if len(pieces) == 1:  # one unbreakable word (base64, a URL-like blob): cut between tokens
            return [tokens[start:start + limit] for start in range(0, len(tokens), limit)]
    groups: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}" if current else piece
        if current and len(tokenizer.encode(candidate, out_type=str)) > limit:
            groups.append(current)
            current = piece
        else:
            current = candidate
    groups.append(current)
    return [chunk for group in groups for chunk in split_long(group, tokenizer, limit)]
