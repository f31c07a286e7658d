"""The main window driven by qtbot, with the scripted engine in the worker thread."""
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QCoreApplication  # noqa: E402

from gradsum.core.demo import create_demo  # noqa: E402
from gradsum.core.store import Store  # noqa: E402
from gradsum.desktop.main_window import MainWindow  # noqa: E402
from tests.fakes import ScriptedEngine  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    QCoreApplication.setOrganizationName("GradSumTest")
    QCoreApplication.setApplicationName("GradSumTest")


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.gradsum"
    create_demo(path).close()
    return path


def factory(delay=0.0):
    def make(settings):
        # the demo asks "how many"; the scripted model answers with digits when told to
        eng = ScriptedEngine({"task": lambda r: "3" if "digits only" in r.messages[-1][1]
                              else "I think there are three."}, delay=delay)
        return {"task": eng, "judge": eng, "optimizer": eng}
    return make


def test_opens_demo_and_runs_to_a_result(qtbot, demo):
    win = MainWindow(demo, factory())
    qtbot.addWidget(win)
    assert "Demo: object counting" in win.title.text()
    assert "{question}" in win.template_view.toPlainText()
    win.spins["iterations"].setValue(1)
    steps = []
    shown = win.on_progress
    win.on_progress = lambda p: (steps.append(p.step), shown(p))  # connected at launch
    qtbot.mouseClick(win.optimize_btn, qtbot_button())
    assert not win.optimize_btn.isEnabled() and win.cancel_btn.isEnabled()
    qtbot.waitUntil(lambda: win.status.text().startswith("Finished"), timeout=30000)
    assert win.optimize_btn.isEnabled() and not win.cancel_btn.isEnabled()
    assert {"generation", "editor"} <= set(steps)
    assert "{question}" in win.best_view.toPlainText()
    assert win.export_btn.isEnabled() and "Validation" in win.scores_label.text()
    assert Store(demo).latest_run()["status"] == "finished"


def test_cancel_within_a_second_then_resume_finishes(qtbot, demo):
    win = MainWindow(demo, factory(delay=0.05))
    qtbot.addWidget(win)
    win.spins["iterations"].setValue(2)
    win.start_run()
    qtbot.waitUntil(lambda: "Iteration" in win.status.text(), timeout=10000)
    t0 = time.monotonic()
    with qtbot.waitSignal(win.worker.cancelled, timeout=3000):
        qtbot.mouseClick(win.cancel_btn, qtbot_button())
    assert time.monotonic() - t0 < 1.0
    qtbot.waitUntil(lambda: win.resume_btn.isEnabled(), timeout=3000)
    assert Store(demo).latest_run()["status"] == "cancelled"
    win.resume_run()
    qtbot.waitUntil(lambda: win.status.text().startswith("Finished"), timeout=60000)
    store = Store(demo)
    assert store.latest_run()["status"] == "finished" and store.repeated_calls() == 0


def qtbot_button():
    from PySide6.QtCore import Qt
    return Qt.LeftButton
