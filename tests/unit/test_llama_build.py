"""The llama.cpp build: runtime CPU dispatch, no AMX kernels anywhere (they segfault on Intel
CPUs with AMX, llama.cpp issue 20824), and a wheel cache keyed by the build flags."""
import base64
import csv
import hashlib
import importlib.util
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("llama_wheel", ROOT / "scripts" / "llama_wheel.py")
llama_wheel = importlib.util.module_from_spec(spec)
spec.loader.exec_module(llama_wheel)

AMX_INSTRUCTIONS = re.compile(r"\b(tdpb[a-z0-9]*|tileloadd[a-z0-9]*|ldtilecfg|tilestored|"
                              r"tilezero|tilerelease)\b")


def test_the_key_follows_every_build_flag(monkeypatch):
    monkeypatch.delenv("GRADSUM_LLAMA_CMAKE_ARGS", raising=False)
    cpu = llama_wheel.build_key()
    assert cpu == llama_wheel.build_key()
    monkeypatch.setenv("GRADSUM_LLAMA_CMAKE_ARGS", "-DGGML_CUDA=on")
    cuda = llama_wheel.build_key()
    assert cuda != cpu and "-DGGML_CUDA=on" in llama_wheel.cmake_args()
    assert llama_wheel.wheel_dir().name.endswith(cuda)
    args = llama_wheel.cmake_args()
    assert "-DGGML_NATIVE=OFF" in args and "-DGGML_CPU_ALL_VARIANTS=ON" in args
    assert "-DGGML_AMX_INT8=OFF" in args


def test_dropping_a_variant_rewrites_the_wheel_and_its_record(tmp_path):
    wheel = tmp_path / "llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl"
    files = {"llama_cpp/__init__.py": b"x = 1\n",
             "llama_cpp/lib/libggml-cpu-haswell.so": b"\x7fELF haswell",
             "llama_cpp/lib/libggml-cpu-sapphirerapids.so": b"\x7fELF amx"}
    with zipfile.ZipFile(wheel, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
        z.writestr("llama_cpp_python-0.3.36.dist-info/RECORD", "stale\n")
    assert llama_wheel.drop_variants(wheel) == ["llama_cpp/lib/libggml-cpu-sapphirerapids.so"]
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        record = list(csv.reader(io.StringIO(z.read(
            "llama_cpp_python-0.3.36.dist-info/RECORD").decode())))
        assert "llama_cpp/lib/libggml-cpu-sapphirerapids.so" not in names
        rows = {r[0]: r for r in record}
        assert set(rows) == names
        for name in names - {"llama_cpp_python-0.3.36.dist-info/RECORD"}:
            data = z.read(name)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert rows[name][1] == "sha256=" + digest.decode() and rows[name][2] == str(len(data))
    assert llama_wheel.drop_variants(wheel) == []  # nothing left to drop


def test_the_wheel_is_rewritten_to_register_its_cpu_kernels_on_import(tmp_path):
    wheel = tmp_path / "llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("llama_cpp/__init__.py", "from .llama import *\n")
        z.writestr("llama_cpp_python-0.3.36.dist-info/RECORD", "stale\n")
    assert llama_wheel.register_on_import(wheel)
    with zipfile.ZipFile(wheel) as z:
        init = z.read("llama_cpp/__init__.py").decode()
        record = z.read("llama_cpp_python-0.3.36.dist-info/RECORD").decode()
    assert init.startswith("from .llama import *\n") and llama_wheel.REGISTER_MARK in init
    compile(init, "__init__.py", "exec")  # valid Python
    assert "llama_cpp/__init__.py,sha256=" in record
    assert not llama_wheel.register_on_import(wheel)  # once only


@pytest.mark.real_model
def test_a_plain_script_loads_the_bundled_model_without_our_loader(model_path):
    """The installed llama_cpp alone (no gradsum import) can load a model: a user's own
    script or `python -m llama_cpp.server` works."""
    import subprocess
    import sys
    code = ("import llama_cpp; m = llama_cpp.Llama(model_path=%r, n_ctx=256, verbose=False); "
            "print('tokens', len(m.tokenize(b'hello world')))" % str(model_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0 and "tokens" in out.stdout, out.stderr[-2000:]
    assert "load_backend" not in out.stderr  # ggml's loading notes stay off the terminal


def _installed_libs() -> list[Path]:
    from gradsum.models.ggml_backends import lib_dir
    return sorted(p for p in lib_dir().iterdir() if ".so" in p.name or p.suffix == ".dll")


def test_the_installed_build_dispatches_at_run_time_without_amx():
    from gradsum.models import ggml_backends
    variants = [p.name for p in ggml_backends.dispatch_libraries()]
    assert any("haswell" in v for v in variants), variants  # one library per CPU level
    assert not any("sapphirerapids" in v for v in variants)
    assert "CPU" in ggml_backends.ensure_loaded()
    assert ggml_backends.cpu_variant() is not None  # ggml picked one for this CPU


@pytest.mark.skipif(not shutil.which("objdump"), reason="needs objdump (binutils)")
def test_no_installed_llama_library_contains_an_amx_instruction():
    """Whatever the CPU it was built on, no kernel of this install can execute AMX."""
    for lib in _installed_libs():
        text = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(lib)],
                              capture_output=True, text=True).stdout
        found = AMX_INSTRUCTIONS.search(text)
        assert found is None, f"{lib.name} contains {found.group(0)}"
