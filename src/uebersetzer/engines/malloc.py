"""glibc's malloc arenas, limited to one before CTranslate2 starts its threads.

CTranslate2 on a CPU without Intel MKL (AMD, ARM) allocates every buffer of every decoding
step with plain malloc and frees it again; it has no caching allocator of its own there. glibc
gives each thread that allocates an arena of its own (up to 8 per core), and memory freed in
one arena is not reused by another: CTranslate2's batch threads, the pipeline's engine thread
and the main thread filling in articles each kept freed buffers the others could not use.
One arena for the process lets them all reuse the same freed memory.

Measured on the real-size bench model (bench/bench_translate.py --model base, 10 articles,
256-token batches; README "Memory"), `uebersetzer translate` peaked at 406-412 MB with glibc's
arenas and 361-377 MB with one, two batches at once; 308-317 and 272-285 MB one batch at a
time. CPU seconds stayed within the runs' noise (13.7 against 14.1, two batches): the buffers
are few and large next to the work done on them.

A limit the user set (MALLOC_ARENA_MAX, or arena_max in GLIBC_TUNABLES) is left as it is, and a
MALLOC_ARENA_MAX glibc cannot read is refused rather than taken for one;
outside glibc (musl, macOS, Windows) nothing is done.
"""

from __future__ import annotations

import ctypes
import os
from functools import lru_cache

from uebersetzer.engines import settings as checks

M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 1


def user_arena_limit() -> int | None:
    """MALLOC_ARENA_MAX as a number, None when unset. glibc silently ignores a value it cannot
    read, so `junk` would leave glibc's many arenas *and* skip our one-arena setting: it is a
    UsageError naming the variable, checked like the ARGOS_* ones (settings.py)."""
    raw = os.environ.get("MALLOC_ARENA_MAX", "")
    if not raw.strip():
        return None
    return checks.whole_number(raw, "MALLOC_ARENA_MAX", checks.ARENAS)


def user_set_arenas() -> bool:
    return user_arena_limit() is not None or "arena_max" in os.environ.get("GLIBC_TUNABLES", "")


def glibc_mallopt():
    """glibc's mallopt, or None when this process does not run on glibc."""
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return None
        return ctypes.CDLL(None).mallopt
    except (ValueError, OSError, AttributeError):  # no such confstr name, no C library to open, no mallopt
        return None


@lru_cache(maxsize=None)  # once per process: arenas already made stay, so later calls change nothing
def limit_arenas(count: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas at `count`; True when this call set it. Call it before any
    thread but the main one allocates: glibc fixes the limit when the ninth arena would be made,
    and a thread keeps the arena it got."""
    if user_set_arenas():
        return False
    mallopt = glibc_mallopt()
    if mallopt is None:
        return False
    return mallopt(M_ARENA_MAX, count) == 1  # mallopt returns 1 on success
