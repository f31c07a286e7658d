"""`gradsum-studio --self-test`: proves that an installed app or a built bundle works, with no
screen and no user. The interface starts with its translations and fonts, the demo project
opens in the main window, the bundled model loads, and one evaluation runs on it. Prints one
JSON line and returns 0 only when every part worked; nothing is written outside a temporary
folder."""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path


def run(app, language: str) -> int:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication

    from ..core import project
    from ..core.demo import create_demo
    from ..core.settings import RunConfig
    from ..core.store import Store
    from ..models.bundled import bundled_model_path
    from ..models.factory import close_all, in_process, load_engines
    from . import i18n
    from .main_window import MainWindow

    tmp = Path(tempfile.mkdtemp(prefix="gradsum-self-test-"))
    report: dict = {"ok": False, "language": language, "pyside": pyside_version,
                    "frozen": bool(getattr(sys, "frozen", False))}
    t0 = time.monotonic()
    try:
        path = tmp / "demo.gradsum"
        create_demo(path, lang=language).close()
        window = MainWindow(path, factory=lambda s: {})  # no model loads for the window itself
        window.show()
        app.processEvents()
        report["window"] = window.windowTitle()
        assert window.view is not None, "the demo project did not open"
        report["cjk_font"] = i18n.cjk_family()
        shown = QCoreApplication.translate("RunPanel", "Optimize")
        report["optimize_button"] = shown
        assert language == "en" or shown != "Optimize", "the translation did not load"
        report["model"] = str(bundled_model_path())
        store = Store(path)
        settings = project.load_settings(store)
        engines = load_engines(settings)
        try:
            template = settings.template
            config = RunConfig(train_rows=2, val_rows=3, test_rows=1, task_max_tokens=16)
            score, rows = project.evaluate_prompt(store, engines, template, "val", config)
        finally:
            close_all(engines)
            store.close()
        from ..models import ggml_backends
        report["cpu_kernels"] = ggml_backends.cpu_variant() if in_process() else \
            next(iter(engines.values())).info().get("cpu_kernels")
        outputs = [out for _, out, _ in rows]
        assert len(outputs) == 3 and all(isinstance(o, str) for o in outputs), outputs
        report.update(rows=len(rows), score=score, outputs=[o[:40] for o in outputs], ok=True)
        window.close()
    except Exception as e:  # the report says what failed; the exit code says that it did
        report["error"] = f"{type(e).__name__}: {e}"
        report["traceback"] = traceback.format_exc(limit=5)
    finally:
        report["seconds"] = round(time.monotonic() - t0, 2)
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0 if report["ok"] else 1
