"""Executors: where the translate stage's engine batches run.

`local` runs the engine in this process (the default). `ray` shards each language pair's
unique sentences across model workers on a Ray cluster and hands the translations back in
order, so everything else (protect, check, fallback, PO files, memory) stays in this process,
the single writer. An executor wraps an engine and is itself an `Engine`, so the pipeline
does not know which one it has.
"""

from __future__ import annotations

from typing import Callable

from uebersetzer.engines import Engine, create_engine
from uebersetzer.errors import UsageError

# name -> factory(engine name, engine options, workers cap) -> Engine
ExecutorFactory = Callable[[str, dict[str, object], "int | None"], Engine]


def _local(engine_name: str, options: dict[str, object], workers: int | None) -> Engine:
    return create_engine(engine_name, **options)


def _ray(engine_name: str, options: dict[str, object], workers: int | None) -> Engine:
    from uebersetzer.executors.ray_cluster import RayEngine  # ray is an optional extra

    return RayEngine(engine_name, options, workers)


EXECUTORS: dict[str, ExecutorFactory] = {"local": _local, "ray": _ray}


def create_executor(name: str, engine_name: str, options: dict[str, object], workers: int | None = None) -> Engine:
    if name not in EXECUTORS:
        raise UsageError(f"unknown executor {name!r}; choose one of {', '.join(EXECUTORS)}")
    return EXECUTORS[name](engine_name, options, workers)
