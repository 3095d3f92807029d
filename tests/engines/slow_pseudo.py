"""A test-only engine: the pseudo engine, slowed down, logging each batch it finished.

Run as a script, it is `uebersetzer ...` with this engine registered as the local executor's
`pseudo` (the way a user's engine would be plugged in), so a test can interrupt a real run
in a subprocess while the engine works: `python tests/engines/slow_pseudo.py translate ...`.
SLOW_PSEUDO_SECONDS: the time a sentence takes (default 0.02); SLOW_PSEUDO_LOG: the file
each finished batch's sentences are appended to, one a line, then a line `--` (the batch's
end); SLOW_PSEUDO_PIECE: the pipeline's PIECE (sentences the engine thread takes at once).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Sequence

from uebersetzer.engines.pseudo import PseudoEngine


class SlowPseudo(PseudoEngine):
    def __init__(self, seconds: float, log: str) -> None:
        self.seconds, self.log = seconds, log

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        time.sleep(self.seconds * len(sentences))
        translated = super().translate(sentences, source, target)
        if self.log:
            with open(self.log, "a", encoding="utf-8") as log:
                log.write("".join(f"{sentence}\n" for sentence in sentences) + "--\n")
        return translated


def finished_batches(log: str) -> list[list[str]]:
    """The batches the engine finished, each its sentences (as the engine got them)."""
    try:
        text = open(log, encoding="utf-8").read()
    except FileNotFoundError:
        return []
    return [batch.splitlines() for batch in text.split("--\n")[:-1]]


def main() -> None:
    from uebersetzer import cli, executors, pipeline

    slow = SlowPseudo(float(os.environ.get("SLOW_PSEUDO_SECONDS", "0.02")), os.environ.get("SLOW_PSEUDO_LOG", ""))
    local = executors.EXECUTORS["local"]
    executors.EXECUTORS["local"] = lambda name, options, workers: slow if name == "pseudo" else local(
        name, options, workers)
    pipeline.PIECE = int(os.environ.get("SLOW_PSEUDO_PIECE", str(pipeline.PIECE)))
    sys.argv = ["uebersetzer", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
