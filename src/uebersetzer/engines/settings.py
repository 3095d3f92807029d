"""Checks for the argos engine's settings, wherever they come from: options or environment.

Every value is checked once, when the engine is made, and a bad one is a UsageError that
names the variable or option, the value and what to write instead. Left unchecked, a
`-5` reached CTranslate2 as a pybind TypeError quoting the tokenized article, and `tpu`
failed only after the articles had been read. The option side uses the same bounds as
click types (see cli.py), so `--beam-size 0` and `ARGOS_BEAM_SIZE=0` say the same.
"""

from __future__ import annotations

from uebersetzer.errors import UsageError

BEAM_SIZES = (1, 16)
THREADS = (0, 256)  # 0: CTranslate2 picks (all cores), as argostranslate's own default
BATCH_TOKENS = (1, 1_000_000)
BATCH_HYPOTHESES = (1, 1_000_000)
ARENAS = (1, 1_000_000)  # MALLOC_ARENA_MAX: glibc's own minimum is 1; it ignores a value it cannot read
DEVICES = ("cpu", "cuda", "auto")
# CTranslate2's compute types (ctranslate2.get_supported_compute_types lists a device's own;
# an unsupported one falls back with a warning, so any of these is accepted)
COMPUTE_TYPES = ("auto", "default", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16",
                 "float16", "bfloat16", "float32")


def whole_number(raw: object, name: str, bounds: tuple[int, int]) -> int:
    """`raw` as an int within `bounds`, else one line naming `name`."""
    low, high = bounds
    text = str(raw).strip()
    # ASCII digits only: int() also takes "+4", "1_000" and other scripts' digits ("٣")
    value = int(text) if text.isascii() and text.isdigit() else None
    if value is None or not low <= value <= high:
        raise UsageError(f"{name}={raw!s}: expected a whole number from {low} to {high}"
                         f"{_fix_hint(name)}")
    return value


def choice(raw: object, name: str, choices: tuple[str, ...]) -> str:
    value = str(raw).strip().lower()
    if value not in choices:
        raise UsageError(f"{name}={raw!s}: expected one of {', '.join(choices)}{_fix_hint(name)}")
    return value


def check_device(device: str, name: str) -> None:
    """`cuda` needs a GPU CTranslate2 can use; say so now rather than after reading every article."""
    if device != "cuda":
        return
    import ctranslate2

    try:
        count = ctranslate2.get_cuda_device_count()
    except RuntimeError:  # a CUDA build without a driver says so by raising
        count = 0
    if count == 0:
        raise UsageError(f"{name}=cuda: no CUDA GPU is usable here (CTranslate2 sees none); "
                         f"use cpu or auto{_fix_hint(name)}")


def _fix_hint(name: str) -> str:
    return "" if name.startswith("--") else f"; fix or unset {name}"
