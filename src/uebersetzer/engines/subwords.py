"""The subword tokenizer of an Argos package: SentencePiece, or BPE as older packages carry it.

A package holds `sentencepiece.model`, or `bpe.model` (subword-nmt merges applied after
Moses normalization and tokenization). Both are offered with the small part of
SentencePieceProcessor's interface the engine uses: `encode(text, out_type=str)` and
`decode_pieces(tokens)`.

For BPE, argostranslate's own `tokenizer.BPETokenizer` is reused, so text is cut exactly as
argostranslate cuts it for that package: the module imports only sentencepiece, and the
tokenizer loads sacremoses and argostranslate's copy of subword-nmt's apply_bpe (no torch,
stanza or spaCy) on first use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from uebersetzer.errors import EngineError

SENTENCEPIECE_FILE = "sentencepiece.model"
BPE_FILE = "bpe.model"


class SubwordTokenizer(Protocol):
    def encode(self, text: str, out_type: type = str) -> list[str]: ...

    def decode_pieces(self, pieces: list[str]) -> str: ...


class BpeTokenizer:
    """argostranslate's BPETokenizer behind the engine's tokenizer interface."""

    def __init__(self, codes: Path, source: str, target: str) -> None:
        from argostranslate.tokenizer import BPETokenizer

        self._tokenizer = BPETokenizer(codes, source, target)
        self._tokenizer.lazy_load()  # read the merges now: a broken file fails at load, not mid-run

    def encode(self, text: str, out_type: type = str) -> list[str]:
        return self._tokenizer.encode(text)

    def decode_pieces(self, pieces: list[str]) -> str:
        return self._tokenizer.decode(pieces)


def tokenizer_file(package_path: Path) -> Path | None:
    """The package's tokenizer model, SentencePiece first (as argostranslate chooses)."""
    for name in (SENTENCEPIECE_FILE, BPE_FILE):
        if (package_path / name).is_file():
            return package_path / name
    return None


def open_tokenizer(package_path: Path) -> SubwordTokenizer:
    """Load the package's tokenizer; EngineError naming the package when it has none or it is broken."""
    model = tokenizer_file(package_path)
    if model is None:
        raise EngineError(f"package has neither {SENTENCEPIECE_FILE} nor {BPE_FILE}; it cannot tokenize text",
                          str(package_path))
    try:
        if model.name == SENTENCEPIECE_FILE:
            import sentencepiece

            return sentencepiece.SentencePieceProcessor(model_file=str(model))
        metadata = json.loads((package_path / "metadata.json").read_text(encoding="utf-8"))
        return BpeTokenizer(model, metadata["from_code"], metadata["to_code"])
    except (OSError, RuntimeError, ValueError, KeyError, TypeError, IndexError) as error:
        raise EngineError(f"unreadable {model.name} ({error})", str(package_path)) from error
