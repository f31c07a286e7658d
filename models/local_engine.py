"""The llama.cpp engine for a model spec, built in the process that calls it: the model
process runs this (models/engine_child.py); tests and benchmarks call it to measure the
engines themselves. Kept apart from factory.py, which starts that process."""
from __future__ import annotations

from ..core.engine import Engine
from ..core.settings import ModelSpec
from .batched_engine import BatchedEngine
from .bundled import bundled_model_path
from .llama_engine import LlamaEngine


def resolve_path(spec: ModelSpec) -> str:
    return spec.path or str(bundled_model_path())


def make_local_engine(spec: ModelSpec) -> Engine:
    """In this process: BatchedEngine, or LlamaEngine for parallel 1 (the model process runs
    this; tests and benchmarks call it to measure the engines themselves)."""
    path = resolve_path(spec)
    if spec.parallel > 1:
        return BatchedEngine(path, n_ctx=spec.n_ctx, n_seq=spec.parallel, threads=spec.threads,
                             gpu_layers=spec.gpu_layers)
    return LlamaEngine(path, n_ctx=spec.n_ctx, threads=spec.threads, gpu_layers=spec.gpu_layers)
