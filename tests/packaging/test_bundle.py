"""The self-contained bundle: built by packaging/build.sh (PyInstaller), started offscreen with
--self-test, it opens the demo project and runs one evaluation on the bundled model."""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytest.importorskip("PyInstaller")


@pytest.mark.real_model
def test_built_bundle_runs_its_self_test(tmp_path):
    p = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh"), "--no-install", "--dist",
                        str(tmp_path)], capture_output=True, text=True, timeout=900,
                       env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    reports = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    assert reports and all(r["ok"] and r["frozen"] and r["rows"] == 3 for r in reports), reports
    bundle = tmp_path / "gradsum-studio"
    internal = bundle / "_internal"
    assert reports[0]["model"].startswith(str(internal))  # the model inside the bundle
    for name in ("gradsum-studio.desktop", "gradsum-studio.png", "install-desktop-entry.sh"):
        assert (bundle / name).is_file(), name
    assert (internal / "gradsum" / "desktop" / "i18n" / "gradsum_zh_CN.qm").is_file()
    if len(reports) > 1:  # the run with every Python hidden, in Chinese
        assert reports[1]["language"] == "zh_CN" and reports[1]["optimize_button"] == "优化"
    assert "bundle in all" in p.stdout
