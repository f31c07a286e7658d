"""Builds (once) and names the llama-cpp-python wheel GradSum Studio runs on.

Why not a plain `pip install llama-cpp-python`: its default build compiles for the build
machine's CPU (-march=native). On an Intel CPU with AMX that compiles ggml's AMX kernels in, and
they segfault (ggml_backend_amx_mul_mat); on any machine it ties the result to that CPU, so a
bundle built on an AVX-512 machine dies with SIGILL on an older one. We build instead with
ggml's runtime CPU dispatch: one small libggml-cpu-<variant>.so per instruction-set level
(GGML_BACKEND_DL + GGML_CPU_ALL_VARIANTS); at start the best variant the CPU supports is loaded
(models/ggml_backends.py). The AMX variant is removed from the wheel, so no machine ever runs it.

pip caches a built wheel by name and version, not by the flags it was built with, so wheels
live here in a folder keyed by everything that changes the build: the version, the CMake
arguments, the platform. Usage (scripts/install.sh calls it):

    python scripts/llama_wheel.py [--rebuild]      # prints the wheel's path, building if needed
    python scripts/llama_wheel.py --key            # prints the build key only

GRADSUM_LLAMA_CMAKE_ARGS adds CMake arguments (e.g. "-DGGML_CUDA=on") to ours; a different
value is a different key, so it builds anew. --rebuild (or GRADSUM_REBUILD_LLAMA=1) forces it.
"""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

VERSION = "0.3.36"
# Runtime dispatch over every x86/ARM level ggml knows; the variant libraries are installed
# beside libllama (llama_cpp/lib), where models/ggml_backends.py loads them from.
BASE_ARGS = ["-DGGML_NATIVE=OFF", "-DGGML_BACKEND_DL=ON", "-DGGML_CPU_ALL_VARIANTS=ON",
             # typed STRING: a PATH given relative on the command line would be made absolute
             # (into the build folder), and the libraries would miss the wheel
             "-DGGML_BACKEND_DIR:STRING=llama_cpp/lib", "-DLLAVA_BUILD=OFF",
             # never the AMX kernels, in any library (the variant list below adds them back
             # only for 'sapphirerapids', which is dropped from the wheel)
             "-DGGML_AMX_TILE=OFF", "-DGGML_AMX_INT8=OFF", "-DGGML_AMX_BF16=OFF"]
# CPU variants whose kernels are unsafe: llama.cpp issue 20824 (AMX matmul segfault).
DROPPED_VARIANTS = ("sapphirerapids",)
REWRITE = 2  # our changes to the built wheel (drop_variants, register_on_import); a new one
# reinstalls the wheel without rebuilding it


def cmake_args() -> list[str]:
    return BASE_ARGS + os.environ.get("GRADSUM_LLAMA_CMAKE_ARGS", "").split()


def build_key() -> str:
    desc = json.dumps({"version": VERSION, "cmake": cmake_args(), "machine": platform.machine(),
                       "system": sys.platform, "format": 2})
    return hashlib.sha256(desc.encode()).hexdigest()[:16]


def wheel_dir() -> Path:
    base = os.environ.get("GRADSUM_WHEEL_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
        "gradsum-studio", "llama-wheels")
    return Path(base) / f"{VERSION}-{build_key()}"


def _record_line(name: str, data: bytes) -> list[str]:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return [name, f"sha256={digest}", str(len(data))]


def _rewrite(wheel: Path, drop, change: dict[str, bytes]) -> None:
    """Rewrites the wheel without the files `drop` names and with `change`'s new contents;
    its RECORD is rewritten to match."""
    kept = []
    with zipfile.ZipFile(wheel) as zin:
        for info in zin.infolist():
            name = info.filename
            if name.endswith(".dist-info/RECORD"):
                record_name = name
            elif not drop(name):
                kept.append((info, change.get(name, zin.read(info))))
    rows = [_record_line(info.filename, data) for info, data in kept]
    rows.append([record_name, "", ""])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    tmp = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in kept:
            zout.writestr(info, data)
        zout.writestr(record_name, buf.getvalue())
    tmp.replace(wheel)


def drop_variants(wheel: Path) -> list[str]:
    """Rewrites the wheel without the unsafe CPU variants."""
    def unsafe(name: str) -> bool:
        return any(f"ggml-cpu-{v}" in name for v in DROPPED_VARIANTS)
    with zipfile.ZipFile(wheel) as z:
        dropped = [n for n in z.namelist() if unsafe(n)]
    if dropped:
        _rewrite(wheel, unsafe, {})
    return dropped


# appended to llama_cpp/__init__.py: ggml looks for the per-CPU-level kernel libraries beside
# the Python executable (GGML_BACKEND_DIR is relative), so without this a user's own script or
# `python -m llama_cpp.server` fails with "Failed to load model from file"
REGISTER_MARK = f"# GradSum Studio, rewrite {REWRITE}: register this build's CPU kernels"
REGISTER = REGISTER_MARK + ''' (scripts/llama_wheel.py in GradSum Studio).
# This build keeps them in one library per instruction-set level in lib/ below; ggml would
# look for them beside the Python executable, so load them from here, once, on import.
def _gradsum_register_cpu_kernels():
    import ctypes
    import pathlib
    lib = pathlib.Path(__file__).resolve().parent / "lib"
    if not any(lib.glob("*ggml-cpu-*")):
        return  # a build with its CPU kernels linked in
    found = sorted(lib.glob("libggml.so.*"), key=lambda p: len(p.name)) or [
        p for p in (lib / "libggml.dylib", lib / "ggml.dll") if p.exists()]
    if not found:
        return
    ggml = ctypes.CDLL(str(found[0]))  # libllama's own copy: the same registry
    ggml.ggml_backend_reg_count.restype = ctypes.c_size_t
    ggml.ggml_backend_reg_get.restype = ctypes.c_void_p
    ggml.ggml_backend_reg_get.argtypes = [ctypes.c_size_t]
    ggml.ggml_backend_reg_name.restype = ctypes.c_char_p
    ggml.ggml_backend_reg_name.argtypes = [ctypes.c_void_p]
    if any(ggml.ggml_backend_reg_name(ggml.ggml_backend_reg_get(i)) == b"CPU"
           for i in range(ggml.ggml_backend_reg_count())):
        return
    ggml.ggml_backend_load_all_from_path.argtypes = [ctypes.c_char_p]
    ggml.ggml_backend_load_all_from_path.restype = None
    import logging
    notes = logging.getLogger("llama-cpp-python")  # the loading notes are ggml's info lines:
    level = notes.level  # not for a user's terminal
    notes.setLevel(logging.ERROR)
    try:
        ggml.ggml_backend_load_all_from_path(str(lib).encode())
    finally:
        notes.setLevel(level)


try:
    _gradsum_register_cpu_kernels()
except (OSError, AttributeError):  # an unexpected layout: the app loads them itself
    pass
'''


def register_on_import(wheel: Path) -> bool:
    """Makes the wheel's llama_cpp register its CPU kernels when imported; False when it
    already does."""
    name = "llama_cpp/__init__.py"
    with zipfile.ZipFile(wheel) as z:
        text = z.read(name).decode("utf-8")
    if REGISTER_MARK in text:
        return False
    if "# GradSum Studio" in text:  # an earlier rewrite's block: replaced
        text = text[:text.index("# GradSum Studio")]
    _rewrite(wheel, lambda n: False, {name: (text.rstrip("\n") + "\n\n\n" + REGISTER)
                                      .encode("utf-8")})
    return True


def _pip_wheel(staging: Path, env: dict) -> None:
    # --no-cache-dir: pip's own cache would hand back a wheel built with other flags
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-cache-dir", "--no-binary", "llama-cpp-python", "--wheel-dir",
                    str(staging), f"llama-cpp-python=={VERSION}"], env=env, check=True)
    wheels = list(staging.glob("llama_cpp_python-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one llama-cpp-python wheel in {staging}, found {wheels}")
    with zipfile.ZipFile(wheels[0]) as z:
        if not any("llama_cpp/lib/libggml-cpu-" in n or "llama_cpp/lib/ggml-cpu-" in n
                   for n in z.namelist()):
            raise SystemExit("the llama-cpp-python build has no CPU kernel libraries")


def build(target: Path) -> Path:
    staging = Path(tempfile.mkdtemp(prefix="llama-wheel-", dir=target.parent))
    env = {**os.environ, "CMAKE_ARGS": " ".join(cmake_args())}
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    print(f"Building llama-cpp-python {VERSION} for every CPU level (6 to 16 minutes on 2 "
          f"cores, once)\n  CMAKE_ARGS={env['CMAKE_ARGS']}", file=sys.stderr, flush=True)
    try:
        _pip_wheel(staging, env)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # nothing half-built is ever reused
        raise
    wheels = list(staging.glob("llama_cpp_python-*.whl"))
    for name in drop_variants(wheels[0]):
        print(f"  dropped {name} (AMX kernels)", file=sys.stderr)
    (staging / "build.json").write_text(json.dumps(
        {"version": VERSION, "cmake_args": cmake_args(), "key": build_key()}, indent=1))
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)  # whole or not at all: an interrupted build leaves no wheel here
    return next(target.glob("*.whl"))


def main(argv: list[str]) -> int:
    if "--key" in argv:  # what the installed wheel is: the build and our rewrite of it
        print(f"{build_key()}-r{REWRITE}")
        return 0
    target = wheel_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    rebuild = "--rebuild" in argv or os.environ.get("GRADSUM_REBUILD_LLAMA") == "1"
    wheels = sorted(target.glob("*.whl")) if target.is_dir() else []
    wheel = wheels[0] if wheels and not rebuild else build(target)
    if register_on_import(wheel):  # (a wheel cached before this rewrite existed gets it too)
        print("  llama_cpp now registers its CPU kernels on import", file=sys.stderr)
    print(wheel)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
