"""The main window driven by qtbot, with the scripted engine in the worker thread."""
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialog, QMessageBox

from gradsum.core import project, run_record
from gradsum.core.store import Store
from gradsum.desktop import candidates_view, feedback_view, exporting
from gradsum.desktop.main_window import MainWindow, recent_projects
from tests.gui.conftest import scripted


def window(qtbot, path, delay=0.0):
    win = MainWindow(path, scripted(delay))
    qtbot.addWidget(win)
    win.show()
    return win


def finish(qtbot, view, timeout=30000):
    qtbot.waitUntil(lambda: not view.running, timeout=timeout)


def test_run_updates_progress_chart_matrix_and_results(qtbot, demo):
    win = window(qtbot, demo)
    view = win.view
    assert view.title.text() == "Demo: object counting"
    labels = []
    shown = view.run_panel.show_progress
    view.run_panel.show_progress = lambda p: (shown(p), labels.append(
        view.run_panel.step_label.text()))
    qtbot.mouseClick(view.run_panel.optimize_btn, Qt.LeftButton)
    rp = view.run_panel
    assert not rp.optimize_btn.isEnabled() and rp.cancel_btn.isEnabled() \
        and rp.pause_btn.isEnabled()
    finish(qtbot, view)
    assert rp.step_label.text().startswith("Finished")
    # progress named the step, the candidate and the row
    assert any(t.startswith("Iteration 1 · Generating candidate 2/") and "row" in t
               and "validation" in t for t in labels), labels[:5]
    assert any(t.startswith("Iteration 1 · Editing prompts") for t in labels)
    assert int(rp.figures["calls"].text()) > 0
    # chart: one point per iteration plus the start, best validation reaching 100%
    pts = rp.chart.points
    assert [p.iteration for p in pts] == [0, 1, 2][:len(pts)] and pts[-1].best_val == 1.0
    assert view.tabs.currentWidget() is view.results  # shown when the run finishes
    # matrix: validation rows x candidates, the initial prompt failing every row
    view.tabs.setCurrentWidget(view.matrix)
    m = view.matrix.model
    assert m.rowCount() == 8 and m.columnCount() >= 3
    assert m.data(m.index(0, 2)).startswith("✗")
    view.matrix.failures.setChecked(True)
    assert m.rowCount() == 8  # every row has the initial prompt's failure
    # results: the diff and the scores
    assert "digits only" in view.results.best.toPlainText()
    assert "background-color:#ddffdd" in view.results.new.toHtml()  # insertions marked
    assert view.results.export_btns["html"].isEnabled()
    assert Store(demo).latest_run()["status"] == "finished"


def test_cancel_within_a_second_then_resume_finishes(qtbot, demo):
    win = window(qtbot, demo, delay=0.05)
    view = win.view
    view.start_run()
    qtbot.waitUntil(lambda: "Iteration" in view.run_panel.step_label.text()
                    or "Scoring" in view.run_panel.step_label.text(), timeout=10000)
    t0 = time.monotonic()
    with qtbot.waitSignal(view.host.cancelled, timeout=3000):
        qtbot.mouseClick(view.run_panel.cancel_btn, Qt.LeftButton)
    assert time.monotonic() - t0 < 1.0
    qtbot.waitUntil(lambda: view.run_panel.resume_btn.isEnabled(), timeout=3000)
    assert Store(demo).latest_run()["status"] == "cancelled"
    qtbot.mouseClick(view.run_panel.resume_btn, Qt.LeftButton)
    finish(qtbot, view, 60000)
    store = Store(demo)
    assert store.latest_run()["status"] == "finished" and store.repeated_calls() == 0


def test_pause_holds_the_worker_and_continue_finishes(qtbot, demo):
    win = window(qtbot, demo, delay=0.02)
    view = win.view
    view.start_run()
    qtbot.waitUntil(lambda: int(view.run_panel.figures["calls"].text() or 0) > 3
                    if view.run_panel.figures["calls"].text() != "—" else False, timeout=10000)
    qtbot.mouseClick(view.run_panel.pause_btn, Qt.LeftButton)
    assert view.run_panel.pause_btn.text() == "Continue"
    qtbot.wait(200)
    store = Store(demo)
    n = store.calls_of_run(view.running_id)
    qtbot.wait(500)
    assert store.calls_of_run(view.running_id) == n  # nothing computed while paused
    assert view.running
    qtbot.mouseClick(view.run_panel.pause_btn, Qt.LeftButton)
    finish(qtbot, view)
    assert store.latest_run()["status"] == "finished"


def test_edit_a_summary_and_continue_starts_a_branch(qtbot, demo, monkeypatch):
    win = window(qtbot, demo)
    view = win.view
    view.start_run()
    finish(qtbot, view)
    first = view.run_id
    view.tabs.setCurrentWidget(view.feedback)
    fb = view.feedback
    top = fb.tree.topLevelItem(0)
    fb.tree.setCurrentItem(top.child(0))
    assert fb.edit_btn.isEnabled() and "Gradients" in fb.text.toPlainText()

    def fake_exec(dlg):
        dlg.editor.setPlainText("USER: reply with digits only.")
        return QDialog.Accepted
    monkeypatch.setattr(candidates_view.EditDialog, "exec", fake_exec)
    qtbot.mouseClick(fb.edit_btn, Qt.LeftButton)
    assert view.running and view.running_id != first
    finish(qtbot, view)
    branch = view.run_id
    store = Store(demo)
    fbk = run_record.iteration_feedback(store, branch)[1]
    assert any(f.summary_edited and f.summary.startswith("USER:") for f in fbk)
    assert store.run(first)["status"] == "finished"
    assert "continued from run" in view.runs.currentText()


def test_edit_a_candidate_and_continue(qtbot, demo, monkeypatch):
    win = window(qtbot, demo)
    view = win.view
    view.start_run()
    finish(qtbot, view)
    view.tabs.setCurrentWidget(view.candidates)
    cv = view.candidates
    root = cv.tree.topLevelItem(0)
    cv.tree.setCurrentItem(root)
    assert cv.edit_btn.isEnabled() and cv.left_title.text()
    mine = "Count them; reply with digits only.\nQuestion: {question}\nAnswer:"
    monkeypatch.setattr(candidates_view.EditDialog, "exec",
                        lambda dlg: (dlg.editor.setPlainText(mine), QDialog.Accepted)[1])
    qtbot.mouseClick(cv.edit_btn, Qt.LeftButton)
    finish(qtbot, view)
    store = Store(demo)
    mine_rec = [c for c in store.candidates(view.run_id) if c["prompt"] == mine]
    assert mine_rec and mine_rec[0]["origin"] == "user" and mine_rec[0]["val_score"] == 1.0
    # a candidate's diff against its parent shows both sides
    cv.select(mine_rec[0]["key"])
    assert "digits only" in cv.right.toPlainText()


def test_export_writes_each_format_and_asks_before_overwriting(qtbot, demo, tmp_path,
                                                               monkeypatch):
    win = window(qtbot, demo)
    view = win.view
    view.start_run()
    finish(qtbot, view)
    rid = view.run_id
    for fmt in exporting.FILTERS:
        out = tmp_path / f"out.{fmt}"
        assert exporting.export_to(view.results, demo, rid, out, fmt)
        assert out.stat().st_size > 0
    assert "digits only" in (tmp_path / "out.txt").read_text()
    assert "<svg" in (tmp_path / "out.html").read_text()
    (tmp_path / "out.txt").write_text("keep me")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    assert not exporting.export_to(view.results, demo, rid, tmp_path / "out.txt", "txt")
    assert (tmp_path / "out.txt").read_text() == "keep me"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    assert exporting.export_to(view.results, demo, rid, tmp_path / "out.txt", "txt")
    assert "digits only" in (tmp_path / "out.txt").read_text()


def test_close_during_a_run_asks_and_leaves_it_resumable(qtbot, demo, monkeypatch):
    win = window(qtbot, demo, delay=0.05)
    win.view.start_run()
    qtbot.waitUntil(lambda: win.view.run_panel.figures["calls"].text() not in ("—", "0"),
                    timeout=10000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    assert not win.close() and win.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    t0 = time.monotonic()
    assert win.close()
    assert time.monotonic() - t0 < 2.0
    store = Store(demo)
    assert store.latest_run()["status"] == "cancelled"
    assert project.resumable_run(store) == store.latest_run()["id"]


def test_recent_projects_save_as_drop_and_geometry(qtbot, demo, tmp_path):
    win = window(qtbot, demo)
    # above the window's minimum (larger after another test used the Chinese fonts)
    tall = max(650, win.minimumSizeHint().height() + 10)
    win.resize(700, tall)
    assert recent_projects()[0] == str(demo.resolve())
    copy = tmp_path / "copy.gradsum"
    assert win.save_copy(copy)
    assert win.view.path == copy and Store(copy).db["rows"].count == 60
    assert recent_projects()[:2] == [str(copy.resolve()), str(demo.resolve())]
    win.close_project()
    assert win.view is None and win.start_page.recent.count() == 2
    # dropping a project opens it; dropping a data file starts the wizard with it
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(demo))])
    win.dropEvent(QDropEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    assert win.view is not None and win.view.path == demo
    data = tmp_path / "d.csv"
    data.write_text("q,a\n1,2\n", "utf-8")
    win.open_dropped(data)
    assert win.wizard.isVisible() and win.wizard.data.file.text() == str(data)
    win.wizard.close()
    size = win.size()
    win.close()
    assert QSettings().value("window/geometry") is not None
    win2 = MainWindow(None, scripted())
    qtbot.addWidget(win2)
    # the offscreen screen is 800 px wide, so restoreGeometry clamps the width; the height
    # (not the default 800) shows the saved geometry came back
    assert win2.size().height() == size.height() == tall
    win2.close()


def test_fit_check_in_settings_uses_the_edited_prompt_and_its_calls_are_the_runs(
        qtbot, demo, monkeypatch):
    """Project ▸ Settings ▸ Optimization: the check runs off the GUI thread on the prompt as
    edited, says what it found in words, and leaves its replies in the project's cache."""
    from gradsum.desktop.settings_dialog import SettingsDialog
    from gradsum.models import factory
    engines = scripted()(None)
    monkeypatch.setattr(factory, "load_engines", lambda settings, *a: engines)
    dlg = SettingsDialog(demo, None, tab="run")
    qtbot.addWidget(dlg)
    fit = dlg.run.fit
    qtbot.mouseClick(fit.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: fit.report is not None, timeout=10000)
    assert "No row right" in fit.text.text() and "larger task model" in fit.text.text()
    dlg.template.editor.setPlainText("Count; reply with digits only.\nQuestion: {question}\n"
                                     "Answer:")
    qtbot.mouseClick(fit.button, Qt.LeftButton)
    qtbot.waitUntil(lambda: fit.task is None and "of 8 right" in fit.text.text(),
                    timeout=10000)
    assert "8 of 8 right" in fit.text.text() and "can work on this task" in fit.text.text()
    assert Store(demo).db.conn.execute("SELECT COUNT(*) FROM llm_calls").fetchone()[0] >= 16
    # the settings the form does not show are the project's: the run's answer length
    asked = {req.sampling.max_tokens for kind, req in engines["task"].seen if kind == "task"}
    assert asked == {project.load_settings(Store(demo)).run_config().task_max_tokens}


def test_settings_dialog_changes_the_next_run(qtbot, demo):
    from gradsum.desktop.settings_dialog import SettingsDialog
    win = window(qtbot, demo)
    dlg = SettingsDialog(demo, win)
    qtbot.addWidget(dlg)
    dlg.run.spins["iterations"].setValue(1)
    dlg.criteria.task.setPlainText("Count the objects.")
    dlg.template.editor.setPlainText("How many? {question}")
    assert dlg.buttons.button(dlg.buttons.StandardButton.Save).isEnabled()
    dlg.template.editor.setPlainText("How many? {nope}")
    assert "nope" in dlg.message.text()
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Save).isEnabled()
    dlg.template.editor.setPlainText("How many? {question}")
    dlg.save()
    win.view.reload()
    s = project.load_settings(Store(demo))
    assert s.task == "Count the objects." and s.template == "How many? {question}"
    assert s.run_config().iterations == 1 and s.run_config().train_rows == 10
    assert "Next run: 1 iteration ·" in win.view.run_panel.settings_label.text()  # plural forms
