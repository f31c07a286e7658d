"""Engines for the three roles (task, judge, optimizer) from a project's settings; roles with
the same model settings share one loaded engine."""
from __future__ import annotations

import os

from ..core.engine import ROLES, Engine
from ..core.settings import ModelSpec, ProjectSettings
from .engine_process import ProcessEngine
from .local_engine import make_local_engine, resolve_path
from .server_engine import ServerEngine


def make_engine(spec: ModelSpec) -> Engine:
    """A server URL -> ServerEngine (in this process: a crash there is the server's); a GGUF
    -> a model process (engine_process.py) running make_local_engine."""
    if spec.is_server:
        return ServerEngine(spec.path, spec.server_model, parallel=spec.parallel)
    if in_process():
        return make_local_engine(spec)
    return ProcessEngine(spec, resolve_path(spec))


def in_process() -> bool:
    """GRADSUM_ENGINE_IN_PROCESS=1 runs models in the app's own process: for a debugger
    (gdb then sees llama.cpp's frames) and for qemu-user, which emulates one process and would
    run a child natively. A crash then takes the app with it."""
    return os.environ.get("GRADSUM_ENGINE_IN_PROCESS") == "1"


def load_engines(settings: ProjectSettings, overrides: dict[str, ModelSpec] | None = None
                 ) -> dict[str, Engine]:
    loaded: dict[tuple, Engine] = {}
    engines = {}
    for role in ROLES:
        spec = (overrides or {}).get(role) or settings.model(role)
        key = (resolve_path(spec), spec.n_ctx, spec.threads, spec.gpu_layers, spec.parallel,
               spec.server_model)
        if key not in loaded:
            loaded[key] = make_engine(spec)
        engines[role] = loaded[key]
    return engines


def close_all(engines: dict[str, Engine]) -> None:
    for e in {id(e): e for e in engines.values()}.values():
        e.close()
