"""What a CTranslate2 model can take, and how much it scores, read from its own files.

A model with learned position encodings (Marian, BART, the test fixtures) has a fixed
table of them; an input longer than the table makes `translate_batch` fail for the
whole batch ("No position encodings are defined for positions >= 256"). CTranslate2
does not expose the table's size, and config.json does not hold it, so it is read from
the variable headers of model.bin (the layout ctranslate2/specs/model_spec.py writes:
version, spec name, revision, then per variable name, rank, dims, dtype, byte count,
bytes). Only headers are read; the weights are skipped with seek.
"""

from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

_POSITION_TABLE = "position_encodings/encodings"


# The decoder's output layer, [target vocabulary, d_model]; a model that ties it to the
# decoder's embeddings (Marian, the test fixtures) stores only those, of the same shape.
_OUTPUT_LAYERS = ("decoder/projection/weight", "decoder/embeddings/weight")


@lru_cache(maxsize=None)
def _shapes(model_dir: str) -> tuple[tuple[str, tuple[int, ...]], ...] | None:
    """(name, dims) of every stored variable, or None when model.bin cannot be read."""
    try:
        with open(Path(model_dir) / "model.bin", "rb") as handle:
            return tuple((name, tuple(dims)) for name, dims in _variable_shapes(handle))
    except (OSError, struct.error, UnicodeDecodeError, ValueError):
        return None


def position_limit(model_dir: str) -> int | None:
    """The fewest positions any stored position-encoding table holds, or None when there is
    none (sinusoidal encodings are computed for any length) or model.bin cannot be read."""
    sizes = [dims[0] for name, dims in _shapes(model_dir) or () if name.endswith(_POSITION_TABLE) and dims]
    return min(sizes) if sizes else None


def output_vocabulary(model_dir: str) -> int | None:
    """How many pieces the decoder scores at every step (its output layer's rows), or None
    when model.bin cannot be read or holds no such layer."""
    sizes = [dims[0] for name, dims in _shapes(model_dir) or () if name.endswith(_OUTPUT_LAYERS) and dims]
    return max(sizes) if sizes else None


def _variable_shapes(handle: BinaryIO):
    version = _unpack(handle, "I")
    if not 1 <= version <= 6:  # a layout this reader does not know: no limit claimed
        raise ValueError(f"model.bin binary version {version}")
    if version >= 2:
        _string(handle)  # spec name
        _unpack(handle, "I")  # spec revision
    for _ in range(_unpack(handle, "I")):
        name = _string(handle)
        dims = [_unpack(handle, "I") for _ in range(_unpack(handle, "B"))]
        dtype_or_item_size = _unpack(handle, "B")
        count = _unpack(handle, "I")  # bytes; before version 4, items of dtype_or_item_size bytes
        handle.seek(count if version >= 4 else count * dtype_or_item_size, 1)
        yield name, dims


def _unpack(handle: BinaryIO, layout: str) -> int:
    size = struct.calcsize(layout)
    data = handle.read(size)
    if len(data) != size:
        raise ValueError("model.bin is cut short")
    return struct.unpack(layout, data)[0]


def _string(handle: BinaryIO) -> str:
    length = _unpack(handle, "H")
    return handle.read(length)[:-1].decode("utf-8")
