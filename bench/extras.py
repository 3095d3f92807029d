"""The optional packages a bench needs, checked before it does any work.

A bench run without them stopped with a raw ModuleNotFoundError traceback, minutes in when
the import was a late one; `require` says in one line which extra of pyproject.toml to install.
"""

from __future__ import annotations

import importlib.util
import sys
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
