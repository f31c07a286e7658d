"""Which llama.cpp compute backends this process runs, and loading them.

scripts/llama_wheel.py builds llama.cpp with runtime CPU dispatch: the CPU kernels are not in
libggml itself but in one libggml-cpu-<level>.so per instruction-set level, beside libllama
(the AMX level left out). Nothing is registered until they are loaded, and ggml looks for them
beside the Python executable, not beside libllama, so we load them from there ourselves, once,
before any model: ggml scores each library against this CPU and keeps the best one. A build
without dispatch (a plain pip build) has its CPU backend linked in; then there is nothing to do.
"""
from __future__ import annotations

import ctypes
import threading
from pathlib import Path

from .llama_log import quiet_llama_log

_lock = threading.Lock()
_loaded = False


def lib_dir() -> Path:
    import llama_cpp
    return Path(llama_cpp.__file__).resolve().parent / "lib"


_lib = None


def _ggml():
    """The libggml that libllama itself uses. A wheel holds copies, not links, of
    libggml.so, libggml.so.0 and libggml.so.0.x; libllama loads libggml.so.0 (its soname),
    and a backend registered in another copy would be invisible to it."""
    global _lib
    if _lib is not None:
        return _lib
    import llama_cpp  # loads libllama and, through it, its libggml
    sonames = sorted(lib_dir().glob("libggml.so.*"), key=lambda p: len(p.name))
    if sonames:
        lib = ctypes.CDLL(str(sonames[0]))  # same path as libllama's: the same instance
    else:  # macOS, Windows: one file
        from llama_cpp._ggml import libggml as lib
    lib.ggml_backend_reg_count.restype = ctypes.c_size_t
    lib.ggml_backend_reg_get.restype = ctypes.c_void_p
    lib.ggml_backend_reg_get.argtypes = [ctypes.c_size_t]
    lib.ggml_backend_reg_name.restype = ctypes.c_char_p
    lib.ggml_backend_reg_name.argtypes = [ctypes.c_void_p]
    lib.ggml_backend_load_all_from_path.argtypes = [ctypes.c_char_p]
    lib.ggml_backend_load_all_from_path.restype = None
    _lib = lib
    return lib


def registered() -> list[str]:
    lib = _ggml()
    return [lib.ggml_backend_reg_name(lib.ggml_backend_reg_get(i)).decode()
            for i in range(lib.ggml_backend_reg_count())]


def dispatch_libraries() -> list[Path]:
    """The per-CPU-level kernel libraries of a dispatching build (empty for a plain one)."""
    return sorted(p for p in lib_dir().glob("*ggml-cpu-*") if p.suffix in (".so", ".dll",
                                                                           ".dylib"))


def ensure_loaded() -> list[str]:
    """Registers the backends once per process; returns their names (e.g. ['CPU'])."""
    global _loaded
    quiet_llama_log()  # ggml reports what it loads: into LLAMA_LOG, not the terminal
    with _lock:
        if not _loaded:
            if "CPU" not in registered():
                _ggml().ggml_backend_load_all_from_path(str(lib_dir()).encode())
            _loaded = True
        return registered()


def cpu_variant() -> str | None:
    """The CPU kernel library in use ('icelake', 'haswell', …), or None for a linked-in one.
    Read from the process's own memory map, where the loaded library shows."""
    names = {p.name for p in dispatch_libraries()}
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    for line in maps.splitlines():
        name = line.rsplit("/", 1)[-1]
        if name in names:
            return name.split("ggml-cpu-", 1)[1].split(".", 1)[0]
    return None
