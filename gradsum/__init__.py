"""GradSum Studio: offline GRAD-SUM prompt optimization on local GGUF models."""

__version__ = "0.1.0"
