"""A test-only engine plug-in that upper-cases, and can misbehave as a third-party engine might.

Written to the Engine protocol (engines/__init__.py) from outside the package, as a plug-in's
author would: `ToyUpper(mode)` translates by upper-casing; `mode` picks a misbehaviour
(UPPER_MODE in the environment when made by its factory `make`, as the CLI does):

- raise: translate() raises; none: it returns None
- short / long / shift: one result too few, one too many (at the end), one too many (at the start)
- empty / ws: "" / "  " for every sentence; nonstr: 123 for every sentence
- pivots: pivots() (an optional part of the protocol) raises ZeroDivisionError
- mv / mvnone: model_version raises / returns None; cp: check_pair raises ValueError;
  cpe: check_pair raises EngineError (the protocol's way)
"""

from __future__ import annotations

import os
from typing import Sequence

from uebersetzer.errors import EngineError


class ToyUpper:
    name = "upper"

    def __init__(self, mode: str = "") -> None:
        self.mode = mode

    def model_version(self, source: str, target: str) -> str:
        if self.mode == "mv":
            raise RuntimeError("no version")
        if self.mode == "mvnone":
            return None  # type: ignore[return-value]
        return "upper-1"

    def check_pair(self, source: str, target: str) -> None:
        if self.mode == "cp":
            raise ValueError(f"pair unsupported: {source}{target}")
        if self.mode == "cpe":
            raise EngineError(f"no upper model for {source} -> {target}")

    def pivots(self, source: str, target: str) -> tuple[str, ...]:
        if self.mode == "pivots":
            return (1 / 0,)  # a plug-in's own bug
        return ()

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        upper = [sentence.upper() for sentence in sentences]
        if self.mode == "raise":
            raise RuntimeError("toy engine exploded")
        outputs: dict[str, object] = {
            "none": None, "short": upper[:-1], "long": upper + ["EXTRA"], "shift": ["EXTRA"] + upper,
            "empty": ["" for _ in sentences], "ws": ["  " for _ in sentences], "nonstr": [123 for _ in sentences],
        }
        return outputs.get(self.mode, upper)  # type: ignore[return-value]


def make(**options: object) -> ToyUpper:
    """The factory a plug-in's entry point names: the mode from UPPER_MODE."""
    return ToyUpper(os.environ.get("UPPER_MODE", ""))


def make_shift(**options: object) -> ToyUpper:
    """An engine whose results are one too many, the first extra (as tests/fixtures/plugins
    declares it for the Ray workers, whose environment the test cannot set)."""
    return ToyUpper("shift")


def _beam_marked(beam_size: int = 4) -> ToyUpper:
    class BeamMarked(ToyUpper):
        def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
            return [f"{sentence.upper()} (BEAM {beam_size})" for sentence in sentences]

    return BeamMarked()


def _entry():  # imported late: a plug-in module imports uebersetzer's registry, not the other way round
    from uebersetzer.engines import EngineEntry

    return EngineEntry(_beam_marked, options=("beam_size",))


BEAM_MARKED = _entry()  # takes --beam-size, and marks each translation with the beam it got
