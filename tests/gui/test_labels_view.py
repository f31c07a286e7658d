"""What a gain is made of, in the window: the confusion tables on the Results tab, the .json
export's per-label figures, and the fit check a first Optimize runs before the run."""
import json

from PySide6.QtCore import Qt

from gradsum.core import fit_check, project
from gradsum.core.store import Store
from gradsum.desktop import exporting
from gradsum.desktop.main_window import MainWindow
from tests.unit.test_choices import yes_no_project
from tests.unit.test_labels import parity_engine


def parity_window(qtbot, tmp_path, answers):
    store = yes_no_project(tmp_path)
    settings = project.load_settings(store)
    settings.run = dict(iterations=1, beam=2, candidates=1, train_rows=8, val_rows=12,
                        test_rows=20, batch_size=4, own_words=False, rephrasings=False,
                        racing=False)
    project.save_settings(store, settings)
    path = store.path
    store.close()
    eng = parity_engine(answers)
    win = MainWindow(path, lambda s: {"task": eng, "judge": eng, "optimizer": eng})
    qtbot.addWidget(win)
    win.show()
    return win, path


def optimize(qtbot, view):
    qtbot.mouseClick(view.run_panel.optimize_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=30000)


def test_results_show_a_confusion_table_and_the_json_carries_the_figures(qtbot, tmp_path):
    win, path = parity_window(qtbot, tmp_path, lambda right: "Yes")
    view = win.view
    optimize(qtbot, view)
    tables = view.results.labels.tables
    assert len(tables) == 2  # the starting prompt's and the exported one's
    start, export = tables
    heads = [export.horizontalHeaderItem(j).text() for j in range(export.columnCount())]
    assert heads == ["Yes", "No", "no option", "several"]
    rows = [export.verticalHeaderItem(i).text() for i in range(export.rowCount())]
    assert sorted(rows) == ["No", "Yes"]
    cells = {(rows[i], heads[j]): int(export.item(i, j).text())
             for i in range(export.rowCount()) for j in range(export.columnCount())}
    assert cells[("No", "Yes")] > 0 and cells[("No", "No")] == 0  # 'Yes' to every row
    assert sum(cells.values()) == 20
    assert all(start.item(i, 2).text() != "0" for i in range(start.rowCount()))  # no option
    said = view.results.labels.made_of.text()
    assert "it does not tell the rows apart" in said and view.results.labels.isVisibleTo(win)
    out = tmp_path / "result.json"
    assert exporting.export_to(win, path, view.run_id, out, "json")
    rep = json.loads(out.read_text("utf-8"))
    assert rep["result"]["selection_outcome"] == "format_only"
    assert rep["result"]["labels"]["exported"]["recall"] == {"Yes": 1.0, "No": 0.0}
    assert "does not tell the rows apart" in rep["made_of"]


def test_first_optimize_runs_the_fit_check_and_shows_it_above_the_progress(qtbot, tmp_path):
    win, path = parity_window(qtbot, tmp_path, lambda right: right)
    view = win.view
    rp = view.run_panel
    assert rp.fit_label.isHidden()
    optimize(qtbot, view)
    assert not rp.fit_label.isHidden()  # (the Results tab is in front once the run ends)
    text = rp.fit_label.text()
    assert "Fit check" in text and "starting prompt: 0 of 12 right" in text
    assert "starting prompt: names no single option on any of 12 rows" in text
    assert "with the format rule: answers &#x27;" in text and "balanced accuracy 100%" in text
    store = Store(path)
    try:
        s = project.load_settings(store)
        assert fit_check.checked(store, s, s.run_config())
    finally:
        store.close()
    # a second Optimize on the same settings does not check again
    rp.fit_label.setText("")
    optimize(qtbot, view)
    assert rp.fit_label.text() == ""
    assert view.run_panel.log.toPlainText().count("checking the model on this task first") == 1
