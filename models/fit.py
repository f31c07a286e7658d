"""Will a model fit? Memory for weights + KV cache + compute buffers, against what the machine
has free, before anything is loaded; and which llama.cpp backend this install has."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import GradSumError
from .gguf import GGUFInfo

OVERHEAD = 64 << 20  # compute buffers and runtime: measured RSS minus weights and KV cache
# was 30-40 MB with the bundled model at 2k-8k context (tests/integration/test_fit.py)


@dataclass(frozen=True)
class Estimate:
    weights: int
    kv_cache: int
    overhead: int

    @property
    def total(self) -> int:
        return self.weights + self.kv_cache + self.overhead


def estimate(info: GGUFInfo, file_bytes: int, n_ctx: int, n_seq: int = 1) -> Estimate:
    """Weights are the file's size (mmapped, all touched by a forward pass); the KV cache is
    f16 for every context token of every sequence; the engines ask for one row of logits per
    sequence."""
    vocab = info.arch_value("vocab_size") or _vocab_len(info)
    logits = 4 * vocab * max(n_seq, 1)
    return Estimate(file_bytes, info.kv_bytes_per_token() * n_ctx * n_seq, OVERHEAD + logits)


def _vocab_len(info: GGUFInfo) -> int:
    toks = info.metadata.get("tokenizer.ggml.tokens")
    if isinstance(toks, str) and toks.startswith("<"):
        return int(toks[1:].split()[0])
    return len(toks or [])


def available_ram() -> int | None:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return None


def gib(n: int) -> str:
    return f"{n / (1 << 30):.2f} GiB"


def check_fits(info: GGUFInfo, file_bytes: int, n_ctx: int, n_seq: int = 1,
               available: int | None = None) -> Estimate:
    est = estimate(info, file_bytes, n_ctx, n_seq)
    free = available if available is not None else available_ram()
    if free is not None and est.total > free:
        raise GradSumError(
            f"{info.path.name} needs about {gib(est.total)} (weights {gib(est.weights)}, "
            f"KV cache {gib(est.kv_cache)} for {n_ctx} tokens x {n_seq} sequences), but only "
            f"{gib(free)} of memory is free. Choose a smaller model or quantization, a "
            "smaller context, or fewer parallel sequences.")
    return est


def backend() -> str:
    """CPU / CUDA / Metal / Vulkan / ..., from the shared libraries this llama-cpp-python has."""
    import llama_cpp
    libdir = Path(llama_cpp.__file__).parent / "lib"
    names = " ".join(p.name.lower() for p in libdir.glob("*")) if libdir.exists() else ""
    for key, label in (("cuda", "CUDA"), ("metal", "Metal"), ("vulkan", "Vulkan"),
                       ("hip", "ROCm"), ("sycl", "SYCL"), ("blas", "CPU+BLAS")):
        if key in names:
            return label
    return "CPU"
