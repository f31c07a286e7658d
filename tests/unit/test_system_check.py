"""The system check's Qt part: missing xcb libraries become the exact install commands."""
import subprocess

from gradsum.models import system_check


def test_missing_qt_libraries_name_the_packages_to_install(monkeypatch, tmp_path):
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"")
    ldd = ("\tlibxcb-cursor.so.0 => not found\n"
           "\tlibxcb-icccm.so.4 => not found\n"
           "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x0001)\n")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(system_check, "_qt_plugin", lambda: plugin)
    monkeypatch.setattr(system_check.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(system_check.subprocess, "run", lambda *a, **k:
                        subprocess.CompletedProcess(a, 0, ldd, ""))
    q = system_check.qt()
    assert not q["ok"]
    assert q["missing_libraries"] == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    assert q["install"]["debian"] == "sudo apt-get install libxcb-cursor0 libxcb-icccm4"
    assert q["install"]["fedora"] == "sudo dnf install xcb-util-cursor xcb-util-wm"
    text = system_check.render({
        "cpu": {"model": "x", "machine": "x86_64", "cores": 2, "flags": [], "amx": True},
        "llama_cpp": {"ok": True, "version": "0.3.36", "backend": "CPU",
                      "cpu_variant": "icelake", "system_info": "AVX2 = 1"},
        "probe": {"ok": False, "error": "boom", "seconds": 1}, "gpu": None, "qt": q,
        "resources": {"memory_available": 2**30, "memory_total": 2**31, "disk_free": 2**32,
                      "data_folder": "/d", "data_folder_writable": True}, "ok": False})
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 (Debian/Ubuntu)" in text
    assert "AMX present: its llama.cpp kernels are left out" in text
    assert "probe (load the bundled model in a model process, decode): FAILED: boom" in text
    assert text.endswith("verdict: NOT ready (see above)")


def test_offscreen_needs_no_xcb_libraries(monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    q = system_check.qt()
    assert q["ok"] and q["missing_libraries"] == [] and q["platform"] == "offscreen"
