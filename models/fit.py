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
            "{name} needs about {total} (weights {weights}, KV cache {kv_cache} for {n_ctx} tokens "
            "x {n_seq} sequences), but only {free} of memory is free. Choose a smaller model or "
            "quantization, a smaller context, or fewer parallel sequences.", name=info.path.name,
            total=gib(est.total), weights=gib(est.weights), kv_cache=gib(est.kv_cache), n_ctx=n_ctx,
            n_seq=n_seq, free=gib(free))
    return est


_LIB_BYTES: bytes | None = None


def architecture_supported(arch: str) -> bool:
    """Is the architecture name compiled into this install's libllama? Every architecture
    llama.cpp can load has its name in the library's string table; a name that is not there
    (a model newer than this llama.cpp) cannot load."""
    global _LIB_BYTES
    if _LIB_BYTES is None:
        import llama_cpp
        libs = sorted((Path(llama_cpp.__file__).parent / "lib").glob("*llama*"))
        _LIB_BYTES = b"".join(p.read_bytes() for p in libs if p.is_file())
    if not _LIB_BYTES:
        return True  # cannot tell: let llama.cpp decide
    return arch.encode() + b"\x00" in _LIB_BYTES


def check_architecture(info: GGUFInfo) -> None:
    if not architecture_supported(info.architecture):
        raise GradSumError(
            "{name} uses the '{architecture}' architecture, which this llama.cpp build does not "
            "support. Update llama-cpp-python, or choose another model.", name=info.path.name,
            architecture=info.architecture)


def vram_free() -> int | None:
    """Free GPU memory in bytes (NVIDIA, through nvidia-smi), or None when unknown."""
    import shutil
    import subprocess
    if not shutil.which("nvidia-smi"):
        return None
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=memory.free",
                              "--format=csv,noheader,nounits"], capture_output=True, text=True,
                             timeout=5).stdout.split()
        return int(out[0]) << 20 if out else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def check_gpu_fit(info: GGUFInfo, est: Estimate, gpu_layers: int,
                  free: int | None = None) -> None:
    """Offloaded layers take their share of the weights and KV cache in VRAM."""
    if not gpu_layers:
        return
    layers = info.arch_value("block_count", 0) or 1
    share = 1.0 if gpu_layers < 0 else min(gpu_layers, layers) / layers
    need = int((est.weights + est.kv_cache) * share)
    free = free if free is not None else vram_free()
    if free is not None and need > free:
        raise GradSumError(
            "{name} with {layers} GPU layers needs about {need} of GPU memory, but {free} is free. "
            "Offload fewer layers or use a smaller context.", name=info.path.name,
            layers=gpu_layers if gpu_layers >= 0 else 'all', need=gib(need), free=gib(free))


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
