"""`gradsum doctor` and Help > System check: what this machine and this install can do, found
out before a run needs it. Pure Python (no Qt import: the Qt check reads the platform plugin's
library list with ldd, so it works where Qt itself would abort)."""
from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import fit

# sonames Qt's xcb plugin loads -> (Debian/Ubuntu package, Fedora package)
QT_XCB_PACKAGES = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
}
CPU_FLAGS_OF_NOTE = ("sse4_2", "avx", "f16c", "fma", "avx2", "avx512f", "avx512_vnni",
                     "avx512_bf16", "avx_vnni", "amx_tile", "amx_int8", "amx_bf16")


def cpu() -> dict:
    model, flags = platform.processor() or platform.machine(), set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, val = line.partition(":")
            key = key.strip()
            if key in ("model name", "Model") and model in ("", platform.machine(),
                                                              platform.processor()):
                model = val.strip()
            elif key in ("flags", "Features") and not flags:
                flags = set(val.split())
    except OSError:
        pass
    return {"model": model, "machine": platform.machine(), "cores": os.cpu_count(),
            "flags": [f for f in CPU_FLAGS_OF_NOTE if f in flags],
            "amx": any(f.startswith("amx") for f in flags)}


def llama_build() -> dict:
    try:
        import llama_cpp

        from . import ggml_backends
    except Exception as e:  # a broken install is exactly what this reports
        return {"ok": False, "error": f"llama-cpp-python cannot be imported: {e}"}
    backends = ggml_backends.ensure_loaded()
    return {"ok": "CPU" in backends, "version": llama_cpp.__version__,
            "system_info": llama_cpp.llama_print_system_info().decode().strip(),
            "backends": backends, "backend": fit.backend(),
            "cpu_variant": ggml_backends.cpu_variant(),
            "dispatch_variants": [p.name for p in ggml_backends.dispatch_libraries()],
            "lib_dir": str(ggml_backends.lib_dir())}


def install_key() -> str:
    """What identifies this llama.cpp install (its version and library folder): the app probes
    a model once per install. Raises when llama-cpp-python itself cannot load."""
    import llama_cpp

    from . import ggml_backends
    return f"{llama_cpp.__version__}|{ggml_backends.lib_dir()}"


def probe(model: str | None = None) -> dict:
    """Loads the model (default: the bundled one) in a model process and decodes one token:
    a llama.cpp that crashes on this CPU crashes there, and this says how."""
    from ..core.engine import CancelToken, Request, Sampling
    from ..core.errors import GradSumError
    from ..core.settings import ModelSpec
    from .factory import make_engine

    t0 = time.perf_counter()
    try:
        engine = make_engine(ModelSpec(path=model, n_ctx=256, parallel=1, threads=1))
        try:
            res = engine.generate_many(
                [Request.chat("Hello", sampling=Sampling(max_tokens=1))], CancelToken())[0]
        finally:
            engine.close()
    except GradSumError as e:
        return {"ok": False, "error": str(e), "seconds": round(time.perf_counter() - t0, 2)}
    return {"ok": True, "model": engine.model_name, "tokens": res.prompt_tokens +
            res.completion_tokens, "seconds": round(time.perf_counter() - t0, 2)}


def gpu() -> dict | None:
    if not shutil.which("nvidia-smi"):
        return None
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=name,memory.total,memory.free",
                              "--format=csv,noheader,nounits"], capture_output=True,
                             text=True, timeout=10).stdout.strip().splitlines()
    except (OSError, subprocess.TimeoutExpired):
        return None
    gpus = []
    for line in out:
        name, total, free = (x.strip() for x in line.split(","))
        gpus.append({"name": name, "vram_mib": int(total), "vram_free_mib": int(free)})
    return {"gpus": gpus} if gpus else None


def _qt_plugin() -> Path | None:
    try:
        import importlib.util
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    if not spec or not spec.origin:
        return None
    p = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return p if p.exists() else None


def qt() -> dict:
    """The Qt platform the app will use and, for xcb on Linux, the system libraries it lacks."""
    plat = os.environ.get("QT_QPA_PLATFORM") or ("xcb" if sys.platform.startswith("linux")
                                                  else "native")
    out: dict = {"platform": plat, "display": bool(os.environ.get("DISPLAY") or
                                                   os.environ.get("WAYLAND_DISPLAY"))}
    plugin = _qt_plugin() if plat.startswith("xcb") else None
    missing: list[str] = []
    if plugin and shutil.which("ldd"):
        text = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
        missing = sorted(set(re.findall(r"^\s*(\S+) => not found", text, re.M)))
    out["missing_libraries"] = missing
    out["ok"] = not missing
    if missing:
        deb = sorted({QT_XCB_PACKAGES.get(m, (m, m))[0] for m in missing})
        rpm = sorted({QT_XCB_PACKAGES.get(m, (m, m))[1] for m in missing})
        out["install"] = {"debian": "sudo apt-get install " + " ".join(deb),
                          "fedora": "sudo dnf install " + " ".join(rpm)}
    return out


def resources(data_dir: Path) -> dict:
    mem = {}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            k, _, v = line.partition(":")
            if k in ("MemTotal", "MemAvailable"):
                mem[k] = int(v.split()[0]) * 1024
    except OSError:
        pass
    probe_dir = data_dir if data_dir.exists() else data_dir.parent
    while not probe_dir.exists() and probe_dir != probe_dir.parent:
        probe_dir = probe_dir.parent
    disk = shutil.disk_usage(probe_dir)
    return {"memory_total": mem.get("MemTotal"), "memory_available": mem.get("MemAvailable"),
            "disk_free": disk.free, "data_folder": str(data_dir),
            "data_folder_writable": os.access(probe_dir, os.W_OK)}


def data_folder() -> Path:
    from ..core.places import data_folder as folder
    return folder(create=False)


def report(run_probe: bool = True) -> dict:
    out = {"python": sys.version.split()[0], "platform": platform.platform(), "cpu": cpu(),
           "llama_cpp": llama_build(), "gpu": gpu(), "qt": qt(),
           "resources": resources(data_folder())}
    out["probe"] = probe() if run_probe else None
    out["ok"] = bool(out["llama_cpp"].get("ok") and (out["probe"] or {"ok": True})["ok"])
    return out


def gib(n: int | None) -> str:
    return "unknown" if n is None else fit.gib(n)


def render(r: dict) -> str:
    """The report as lines a person reads (the CLI prints it; the app shows it)."""
    c, lc, q, res = r["cpu"], r["llama_cpp"], r["qt"], r["resources"]
    lines = [f"CPU: {c['model']} ({c['machine']}, {c['cores']} cores); vector units: "
             + (" ".join(c["flags"]) or "none of note")
             + (" — AMX present: its llama.cpp kernels are left out of this build"
                if c["amx"] else "")]
    if lc.get("ok") is False and "error" in lc:
        lines.append(f"llama.cpp: {lc['error']}")
    else:
        lines.append(f"llama.cpp: llama-cpp-python {lc['version']}, backend {lc['backend']}, "
                     f"CPU kernels: {lc['cpu_variant'] or 'built in (no runtime dispatch)'}")
        lines.append(f"  system info: {lc['system_info']}")
    p = r.get("probe")
    if p is not None:
        lines.append("probe (load the bundled model in a model process, decode): "
                     + (f"ok in {p['seconds']} s" if p["ok"] else f"FAILED: {p['error']}"))
    g = r.get("gpu")
    lines.append("GPU: " + ("; ".join(f"{x['name']}, {x['vram_free_mib']} of {x['vram_mib']} MiB"
                                      " free" for x in g["gpus"]) if g else "none found"))
    lines.append(f"Qt platform: {q['platform']}" + (
        "" if q["ok"] else " — missing system libraries: " + ", ".join(q["missing_libraries"])
        + f". Install them with: {q['install']['debian']} (Debian/Ubuntu) or "
        f"{q['install']['fedora']} (Fedora)"))
    lines.append(f"memory: {gib(res['memory_available'])} available of "
                 f"{gib(res['memory_total'])}; disk free: {gib(res['disk_free'])}")
    lines.append(f"data folder: {res['data_folder']}"
                 + ("" if res["data_folder_writable"] else " (NOT writable)"))
    lines.append("verdict: " + ("ready" if r["ok"] else "NOT ready (see above)"))
    return "\n".join(lines)
