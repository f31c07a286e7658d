"""The window survives a model process that dies mid-run (a real SIGSEGV or SIGKILL in the
engine process, through its test-only fault switch): it shows what happened, stays usable,
and Resume finishes the run on a freshly loaded model without repeating a call."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gradsum.core.demo import create_demo
from gradsum.core.store import Store
from gradsum.desktop.main_window import MainWindow
from gradsum.models.engine_child import FAULT_ENV

pytestmark = pytest.mark.real_model


@pytest.fixture
def demo(tmp_path):  # one short iteration on the real model
    path = tmp_path / "demo.gradsum"
    create_demo(path, run={"iterations": 1, "beam": 2, "candidates": 2, "train_rows": 6,
                           "val_rows": 6, "test_rows": 4, "batch_size": 4,
                           "task_max_tokens": 24}).close()
    return path


@pytest.mark.parametrize("fault, words", [("segv:6", "SIGSEGV"), ("kill:6", "SIGKILL")])
def test_window_stays_after_a_model_crash_and_resume_finishes(qtbot, demo, monkeypatch, fault,
                                                              words):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k:
                        shown.append((title, text)))
    monkeypatch.setenv(FAULT_ENV, fault)
    win = MainWindow(demo)  # the app's own engines: the bundled model in a model process
    qtbot.addWidget(win)
    win.show()
    view = win.view
    qtbot.mouseClick(view.run_panel.optimize_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=300_000)
    assert win.isVisible()
    assert shown and shown[-1][0] == "Run failed", shown
    assert words in shown[-1][1] and "Resume continues" in shown[-1][1]
    assert "Resume continues" in view.run_panel.step_label.text()
    assert view.run_panel.resume_btn.isEnabled()
    store = Store(demo)
    before = store.db.execute("SELECT count(*) FROM llm_calls").fetchone()[0]
    assert before >= 6 and store.latest_run()["status"] != "finished"

    monkeypatch.delenv(FAULT_ENV)  # the next model process runs normally
    qtbot.mouseClick(view.run_panel.resume_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=600_000)
    store = Store(demo)
    assert store.latest_run()["status"] == "finished", shown[-1:]
    assert store.repeated_calls() == 0 and store.integrity_ok()
    win.close()
