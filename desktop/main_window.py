"""The main window: a project's settings, the run controls, live progress and the result."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QFont, QGuiApplication
from PySide6.QtWidgets import (QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QMainWindow, QMessageBox, QPlainTextEdit, QProgressBar,
                               QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from ..core import export as export_mod
from ..core import project
from ..core.errors import GradSumError
from ..core.progress import Progress
from ..core.settings import RunConfig
from ..core.store import Store
from .worker import EngineFactory, RunWorker, default_engines, start_worker


class MainWindow(QMainWindow):
    def __init__(self, project_path: Path, factory: EngineFactory = default_engines):
        super().__init__()
        self.factory = factory
        self.worker: RunWorker | None = None
        self.run_thread = None
        self.result: dict | None = None
        self.setWindowTitle("GradSum Studio")
        self._build()
        self.open_project(project_path)
        geo = QSettings().value("window/geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            self.resize(1100, 760)

    # --- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        mono = QFont("monospace")
        mono.setStyleHint(QFont.Monospace)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.template_view = QPlainTextEdit(readOnly=True)
        self.template_view.setFont(mono)
        self.task_label = QLabel(wordWrap=True)
        proj = QGroupBox("Project")
        pl = QFormLayout(proj)
        pl.addRow("Prompt template", self.template_view)
        pl.addRow("Task and criteria", self.task_label)

        self.spins = {}
        settings_box = QGroupBox("Optimization")
        sl = QFormLayout(settings_box)
        d = RunConfig()
        for name, label, lo, hi, val in (
                ("iterations", "Iterations", 1, 50, 3), ("beam", "Beam size", 1, 10, d.beam),
                ("candidates", "Candidates per prompt", 1, 12, 3),
                ("train_rows", "Train rows", 1, 10000, 20), ("val_rows", "Validation rows", 1,
                                                              10000, 10),
                ("test_rows", "Test rows (0 = none)", 0, 10000, 20),
                ("batch_size", "Rows per iteration", 1, 1000, 6)):
            spin = QSpinBox(minimum=lo, maximum=hi, value=val)
            self.spins[name] = spin
            sl.addRow(label, spin)

        self.optimize_btn = QPushButton("Optimize")
        self.optimize_btn.setDefault(True)
        self.cancel_btn = QPushButton("Cancel", enabled=False)
        self.resume_btn = QPushButton("Resume", enabled=False)
        self.optimize_btn.clicked.connect(self.start_run)
        self.cancel_btn.clicked.connect(self.cancel_run)
        self.resume_btn.clicked.connect(self.resume_run)
        buttons = QHBoxLayout()
        for b in (self.optimize_btn, self.cancel_btn, self.resume_btn):
            buttons.addWidget(b)

        self.progress_bar = QProgressBar()
        self.status = QLabel("Ready.")
        self.log = QPlainTextEdit(readOnly=True)
        self.log.setMaximumBlockCount(5000)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(self.title)
        ll.addWidget(proj)
        ll.addWidget(settings_box)
        ll.addLayout(buttons)
        ll.addWidget(self.progress_bar)
        ll.addWidget(self.status)

        self.best_view = QPlainTextEdit(readOnly=True)
        self.best_view.setFont(mono)
        self.scores_label = QLabel("No result yet.", wordWrap=True)
        self.copy_btn = QPushButton("Copy prompt", enabled=False)
        self.export_btn = QPushButton("Export…", enabled=False)
        self.copy_btn.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.result["best_prompt"]))
        self.export_btn.clicked.connect(self.export_result)
        res = QGroupBox("Best prompt")
        rl = QVBoxLayout(res)
        rl.addWidget(self.scores_label)
        rl.addWidget(self.best_view)
        rb = QHBoxLayout()
        rb.addWidget(self.copy_btn)
        rb.addWidget(self.export_btn)
        rl.addLayout(rb)
        logbox = QGroupBox("Log")
        QVBoxLayout(logbox).addWidget(self.log)
        right = QSplitter(Qt.Vertical)
        right.addWidget(res)
        right.addWidget(logbox)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        self.setCentralWidget(split)

        menu = self.menuBar().addMenu("&File")
        open_act = QAction("&Open project…", self, shortcut="Ctrl+O")
        open_act.triggered.connect(self.choose_project)
        menu.addAction(open_act)
        data_act = QAction("&Check a data file…", self)
        data_act.triggered.connect(self.choose_data_file)
        menu.addAction(data_act)
        models_act = QAction("&Model library…", self)
        models_act.triggered.connect(self.show_models)
        menu.addAction(models_act)
        quit_act = QAction("&Quit", self, shortcut="Ctrl+Q")
        quit_act.triggered.connect(self.close)
        menu.addAction(quit_act)

    def choose_data_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Check a data file", "",
                                              "Data (*.csv *.tsv *.json *.jsonl)")
        if path:
            self.check_data_file(Path(path))

    def check_data_file(self, path: Path) -> None:
        """Read it in the background and report rows, columns and encoding, or the problem."""
        from .importer import import_in_background
        self.append_log(f"reading {path.name}…")
        self.import_task = import_in_background(
            path, lambda ds: self.append_log(
                f"{path.name}: {len(ds.rows)} rows, columns {', '.join(ds.columns)}, "
                f"encoding {ds.encoding}"),
            lambda msg: self.append_log(msg, "warning"))

    def show_models(self) -> None:
        from .models_page import ModelsPage
        self.models_page = ModelsPage()
        self.models_page.show()

    # --- project ----------------------------------------------------------------------------
    def open_project(self, path: Path) -> None:
        store = Store(path)  # GUI thread's own connection, closed right after reading
        try:
            s = project.load_settings(store)
            rows = store.db["rows"].count
            last = store.latest_run(optimization=True)
        finally:
            store.close()
        self.project_path = Path(path)
        QSettings().setValue("project/last", str(self.project_path))
        self.title.setText(f"{s.name}  ·  {rows} rows  ·  metric: {' + '.join(s.metrics)}")
        self.template_view.setPlainText(s.template)
        self.task_label.setText(f"<b>Task:</b> {_esc(s.task)}<br><b>Criteria:</b> "
                                f"{_esc(s.criteria)}")
        self.resume_btn.setEnabled(bool(last and last["status"] != "finished"))
        if last and last["result"]:
            self.show_result(last["result"])

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "",
                                              "GradSum projects (*.gradsum)")
        if path:
            try:
                self.open_project(Path(path))
            except GradSumError as e:
                QMessageBox.warning(self, "Cannot open project", str(e))

    # --- running ----------------------------------------------------------------------------
    def run_config(self) -> RunConfig:
        vals = {k: s.value() for k, s in self.spins.items()}
        return RunConfig(**vals, patience=vals["iterations"], task_max_tokens=48)

    def start_run(self) -> None:
        run_id = self._pick_run(lambda st: project.start_run(st, self.run_config()),
                                "Cannot start")
        if run_id is not None:
            self._launch(run_id, f"Run {run_id} started.")

    def resume_run(self) -> None:
        run_id = self._pick_run(project.resumable_run, "Nothing to resume")
        if run_id is not None:
            self._launch(run_id, f"Resuming run {run_id}.")

    def _pick_run(self, choose, title: str) -> int | None:
        """A short-lived connection on the GUI thread; the worker opens its own."""
        store = Store(self.project_path)
        try:
            return choose(store)
        except GradSumError as e:
            QMessageBox.warning(self, title, str(e))
            return None
        finally:
            store.close()

    def _launch(self, run_id: int, message: str) -> None:
        self.append_log(message)
        self.worker = RunWorker(self.project_path, run_id, self.factory)
        self.worker.progress.connect(self.on_progress)
        self.worker.notice.connect(self.append_log)  # a bound slot: runs on the GUI thread
        self.worker.finished.connect(self.on_finished)
        self.worker.failed.connect(self.on_failed)
        self.worker.cancelled.connect(self.on_cancelled)
        self.run_thread = start_worker(self.worker)
        self.set_running(True)

    def cancel_run(self) -> None:
        if self.worker:
            self.worker.cancel()
            self.status.setText("Cancelling…")

    def set_running(self, running: bool) -> None:
        self.optimize_btn.setEnabled(not running)
        self.cancel_btn.setEnabled(running)
        self.resume_btn.setEnabled(False)
        for s in self.spins.values():
            s.setEnabled(not running)

    def on_progress(self, p: Progress) -> None:
        self.progress_bar.setMaximum(max(p.total, 1))
        self.progress_bar.setValue(p.done)
        eta = f" · ETA {p.eta_s:.0f} s" if p.eta_s else ""
        self.status.setText(
            f"Iteration {p.iteration} · {p.step.capitalize()} {p.done}/{p.total} · "
            f"{p.tokens_per_s:.0f} tok/s · {p.calls} calls · {p.cached} cached · "
            f"{p.elapsed_s:.0f} s elapsed{eta}")

    def on_finished(self, result: dict) -> None:
        self._done()
        self.status.setText(f"Finished: {result['stop_reason']}.")
        self.append_log(f"finished: {result['stop_reason']}")
        self.show_result(result)

    def on_failed(self, message: str) -> None:
        self._done()
        self.resume_btn.setEnabled(True)
        self.status.setText("The run stopped with an error.")
        self.append_log(message, "warning")
        QMessageBox.warning(self, "Run failed", message.splitlines()[-1] if message else "")

    def on_cancelled(self) -> None:
        self._done()
        self.resume_btn.setEnabled(True)
        self.status.setText("Cancelled. Resume continues where it stopped.")
        self.append_log("cancelled")

    def _done(self) -> None:
        if self.run_thread:
            self.run_thread.wait(5000)
        self.set_running(False)
        self.run_thread = None
        self.worker = None

    def append_log(self, message: str, level: str = "info") -> None:
        self.log.appendPlainText(("⚠ " if level == "warning" else "") + message)

    def show_result(self, res: dict) -> None:
        if "best_prompt" not in res:
            return
        self.result = res

        def pct(x):
            return "—" if x is None else f"{x:.0%}"
        self.scores_label.setText(
            f"Validation {pct(res['initial_val_score'])} → {pct(res['best_val_score'])} · "
            f"Test {pct(res['test_score_initial'])} → {pct(res['test_score_best'])} · "
            f"{res['llm_calls']} LLM calls ({res['cached_calls']} cached) · {res['wall_s']} s")
        self.best_view.setPlainText(res["best_prompt"])
        self.copy_btn.setEnabled(True)
        self.export_btn.setEnabled(True)

    def export_result(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export", str(self.project_path.with_suffix(".txt")),
            "Text (*.txt);;Markdown (*.md);;JSON (*.json);;YAML (*.yaml);;HTML report (*.html)")
        if not path:
            return
        fmt = Path(path).suffix.lstrip(".").lower()
        store = Store(self.project_path)
        try:  # the save dialog already asked before overwriting
            export_mod.export(store, fmt, path, overwrite=True)
            self.append_log(f"exported {path}")
        except GradSumError as e:
            QMessageBox.warning(self, "Export failed", str(e))
        finally:
            store.close()

    # --- closing ----------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if self.run_thread is not None:
            answer = QMessageBox.question(
                self, "Run in progress",
                "A run is in progress. Stop it and quit? You can resume it later.")
            if answer != QMessageBox.Yes:
                event.ignore()
                return
            self.worker.cancel()
            self.run_thread.wait(10000)
        QSettings().setValue("window/geometry", self.saveGeometry())
        event.accept()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
