"""The optional packages a bench needs, checked before it does any work; and the CPU a bench ran on.

A bench run without them stopped with a raw ModuleNotFoundError traceback, minutes in when
the import was a late one; `require` says in one line which extra of pyproject.toml to install.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import sys
from pathlib import Path
from typing import Sequence

# what each extra of pyproject.toml holds that a bench imports (the module names, not the distributions')
BENCH = ("sacrebleu",)  # bench_protection.py's BLEU
BUILD_MODELS = ("torch", "transformers", "spacy")  # base_model.py: train_marian and write_package


def missing(modules: Sequence[str]) -> list[str]:
    """The modules of `modules` that cannot be imported here (found without importing them:
    torch takes seconds to import)."""
    return [module for module in modules if importlib.util.find_spec(module) is None]


def require(modules: Sequence[str], extras: str, needed_by: str) -> None:
    """Stop (exit 2) with one line naming the command that installs `modules` when any is
    missing. `extras`: "bench" or "bench,build-models", as pip takes them; `needed_by`: what
    needs them ("bench_protection.py", "--model base, to build its model")."""
    absent = missing(modules)
    if absent:
        print(f"{needed_by} needs {', '.join(absent)}, which {'is' if len(absent) == 1 else 'are'} not installed; "
              f"install {'it' if len(absent) == 1 else 'them'} with: pip install -e '.[{extras}]'", file=sys.stderr)
        raise SystemExit(2)


# The vector instruction sets CTranslate2's CPU kernels dispatch on. Its int8 kernels differ by
# them, so one model gives slightly other hypotheses (and other speeds) on an AVX2 machine than
# on an AVX-512 one: the protection table's figures moved by a point or two between two 2-core
# "AMD EPYC" machines of this workplace, and the fixture ran about twice as fast on one of them.
_VECTOR_FLAGS = ("avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8")


def cpu() -> dict[str, object]:
    """The CPU as a bench reports it: model name, cores, and the vector instruction sets it has."""
    model, flags = platform.processor() or platform.machine(), set()
    info = Path("/proc/cpuinfo")
    if info.exists():
        lines = info.read_text().splitlines()
        model = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), model)
        flags = set(next((line.split(":", 1)[1].split() for line in lines if line.startswith("flags")), []))
    return {"cpu": model, "cores": os.cpu_count(), "vector_instructions": [flag for flag in _VECTOR_FLAGS if flag in flags]}


def cpu_line(facts: dict[str, object]) -> str:
    """One line of `cpu()`: "AMD EPYC, 2 cores, avx avx2 fma"."""
    vector = " ".join(facts["vector_instructions"]) or "no AVX"  # type: ignore[arg-type]
    return f"{facts['cpu']}, {facts['cores']} cores, {vector}"
