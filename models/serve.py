"""`python -m gradsum.models.serve --model FILE.gguf [llama_cpp.server options]`: llama-cpp-
python's OpenAI-compatible server on this install's llama.cpp build.

The plain `python -m llama_cpp.server` never loads the per-CPU kernel libraries of a runtime-
dispatch build (scripts/llama_wheel.py), so it finds no backend; this loads them first.
"""
import runpy

from .ggml_backends import ensure_loaded

if __name__ == "__main__":
    ensure_loaded()
    runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
