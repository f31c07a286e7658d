"""One open project: header, run picker, and the tabs (Run, Candidates, Rows, Feedback,
Results). Reads the project through the GUI thread's own SQLite connection (WAL lets it read
while the worker writes); every model call happens in the EngineHost's thread."""
from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QTabWidget, QVBoxLayout, QWidget)

from ..core import outcome, project, run_record
from ..core.errors import GradSumError
from ..core.plan import RunPlan
from ..core.progress import Progress
from ..core.result import RunResult
from ..core.store import Store
from . import core_text
from .candidates_view import CandidatesView
from .feedback_view import FeedbackView
from .matrix_view import MatrixView
from .results_view import ResultsView
from .run_panel import RunPanel
from .worker import EngineHost

REFRESH_MS = 1500  # views re-read the store at most this often during a run


class ProjectView(QWidget):
    settings_requested = Signal(str)   # tab to open
    state_changed = Signal(bool)       # running?

    def __init__(self, path: Path, host: EngineHost, parent=None):
        super().__init__(parent)
        self.path = Path(path)
        self.host = host
        self.store = Store(self.path)  # this (GUI) thread's connection, read-mostly
        self.run_id: int | None = None
        self.running_id: int | None = None
        self.dirty = False
        self.closed = False
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.subtitle = QLabel(wordWrap=True)
        settings_btn = QPushButton(self.tr("Project settings…"))
        settings_btn.clicked.connect(lambda: self.settings_requested.emit(""))
        self.runs = QComboBox()
        self.runs.setMinimumWidth(320)
        self.runs.activated.connect(lambda *_: self.select_run(self.runs.currentData()))
        head = QHBoxLayout()
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        head.addLayout(text, 1)
        head.addWidget(QLabel(self.tr("Showing")))
        head.addWidget(self.runs)
        head.addWidget(settings_btn)

        self.run_panel = RunPanel()
        self.candidates = CandidatesView()
        self.matrix = MatrixView()
        self.feedback = FeedbackView()
        self.results = ResultsView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.run_panel, self.tr("Run"))
        self.tabs.addTab(self.candidates, self.tr("Candidates"))
        self.tabs.addTab(self.matrix, self.tr("Rows × candidates"))
        self.tabs.addTab(self.feedback, self.tr("Gradients and summaries"))
        self.tabs.addTab(self.results, self.tr("Results"))
        self.tabs.currentChanged.connect(lambda *_: self.refresh_views())
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.tabs, 1)

        rp = self.run_panel
        rp.optimize_btn.clicked.connect(self.start_run)
        rp.pause_btn.clicked.connect(self.toggle_pause)
        rp.cancel_btn.clicked.connect(self.cancel_run)
        rp.resume_btn.clicked.connect(self.resume_run)
        rp.settings_label.linkActivated.connect(lambda *_: self.settings_requested.emit("run"))
        self.candidates.continue_requested.connect(self.continue_from)
        self.feedback.continue_requested.connect(self.continue_from)
        self.results.exported.connect(lambda p: rp.append_log(self.tr("exported {0}").format(p)))
        host.progress.connect(self.on_progress)
        host.notice.connect(self.on_notice)
        host.finished.connect(self.on_finished)
        host.checked.connect(self.on_checked)
        host.failed.connect(self.on_failed)
        host.cancelled.connect(self.on_cancelled)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.reload()

    # --- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        s = project.load_settings(self.store)
        self.settings = s
        rows = self.store.row_count()
        self.title.setText(s.name)
        model = (s.model("task").path or self.tr("bundled SmolLM2-135M"))
        self.subtitle.setText(self.tr("{0} rows · scored by {1} · task model {2}").format(
            rows, core_text.metrics(s.metrics), Path(model).name if "://" not in model else model))
        cfg = s.run_config()
        self.run_panel.settings_label.setText(
            escape(self.tr("Next run: %n iteration(s) · beam {0} · {1} candidates each · "
                           "{2} train / {3} validation rows · {4}.", "", cfg.iterations).format(
                cfg.beam, cfg.candidates, cfg.train_rows, cfg.val_rows,
                self.tr("the weaker half of the candidates dropped after each round of "
                        "validation rows") if cfg.racing else
                self.tr("every candidate scored on every validation row"))
                   + " " + self._estimate(s, cfg, rows))
            + " <a href='run'>" + escape(self.tr("Change…")) + "</a>")
        self.fill_runs()
        latest = self.store.latest_run(optimization=True)
        self.select_run(self.run_id if self.run_id else (latest["id"] if latest else None))
        self._update_buttons()

    def _estimate(self, s, cfg, rows: int) -> str:
        from .form_run import estimate_text, measured_speed
        return estimate_text(cfg, "judge" in s.metrics, rows,
                             project.request_facts(s, self.store.preview_rows(200)),
                             measured_speed(s.model("task")))

    def fill_runs(self) -> None:
        self.runs.clear()
        for r in reversed(self.store.runs()):
            if not RunPlan.of_run(r).evaluation_only:
                self.runs.addItem(core_text.translate(run_record.run_label(r)), r["id"])
        if not self.runs.count():
            self.runs.addItem(self.tr("no run yet"), None)

    def select_run(self, run_id: int | None) -> None:
        self.run_id = run_id
        i = self.runs.findData(run_id)
        if i >= 0:
            self.runs.setCurrentIndex(i)
        self.refresh_views(all_tabs=True)

    def refresh_views(self, all_tabs: bool = False) -> None:
        """Re-read the store for the visible tab (all tabs when the run changes)."""
        rid = self.run_id
        current = self.tabs.currentWidget()
        editable = self.running_id is None
        self.candidates.editable = self.feedback.editable = editable
        if all_tabs or current is self.run_panel:
            self.run_panel.chart.set_points(run_record.history(self.store, rid) if rid else [])
        if all_tabs or current is self.candidates:
            self.candidates.load(self.store, rid)
        if all_tabs or current is self.matrix:
            self.matrix.load(self.store, rid)
        if all_tabs or current is self.feedback:
            self.feedback.load(self.store, rid)
        if all_tabs or current is self.results:
            self.results.load(self.path, self.store.run(rid) if rid else None)
        self.dirty = False

    def _tick(self) -> None:
        if self.dirty and not self.closed:
            self.refresh_views()

    def _update_buttons(self) -> None:
        last = self.store.latest_run(optimization=True)
        resumable = bool(last and last["status"] not in ("finished",))
        state = "idle" if self.running_id is None else (
            "paused" if self.host.paused else "running")
        self.run_panel.set_state(state, resumable)

    # --- running ---------------------------------------------------------------------------
    def _with_store(self, fn, title: str):
        """start_run / branch_run take the run lock: a short-lived connection, released
        before the worker opens its own."""
        store = Store(self.path)
        try:
            return fn(store)
        except GradSumError as e:
            QMessageBox.warning(self, title, core_text.error(e))
            return None
        finally:
            store.close()

    def start_run(self) -> None:
        cfg = self.settings.run_config()
        rid = self._with_store(lambda st: project.start_run(st, cfg).id, self.tr("Cannot start"))
        if rid is not None:
            self._launch(rid, self.tr("Run {0} started.").format(rid))

    def resume_run(self) -> None:
        rid = self._with_store(project.resumable_run, self.tr("Nothing to resume"))
        if rid is not None:
            self._launch(rid, self.tr("Resuming run {0}: finished steps come from the "
                                      "cache.").format(rid))

    def continue_from(self, iteration: int, edits: dict) -> None:
        if self.running_id is not None or self.run_id is None:
            return
        src = self.run_id
        rid = self._with_store(lambda st: project.branch_run(st, src, iteration, **edits),
                               self.tr("Cannot continue"))
        if rid is not None:
            self._launch(rid, self.tr("Run {0} continues run {1} from your edit at iteration "
                                      "{2}.").format(rid, src, iteration))

    def _launch(self, run_id: int, message: str) -> None:
        self.running_id = run_id
        self.run_panel.append_log(message)
        self.fill_runs()
        self.select_run(run_id)
        self.tabs.setCurrentWidget(self.run_panel)
        self.host.start(self.path, run_id)
        self.timer.start()
        self._update_buttons()
        self.state_changed.emit(True)

    def toggle_pause(self) -> None:
        if self.running_id is None:
            return
        if self.host.paused:
            self.host.resume()
            self.run_panel.append_log(self.tr("continued"))
        else:
            self.host.pause()
            self.run_panel.append_log(self.tr("paused: the model stops at the next token"))
            self.run_panel.step_label.setText(self.tr("Paused."))
        self._update_buttons()

    def cancel_run(self) -> None:
        if self.running_id is not None:
            self.host.cancel()
            self.run_panel.step_label.setText(self.tr("Cancelling…"))

    def on_progress(self, p: Progress) -> None:
        if self.running_id is None or self.closed:
            return
        if not self.host.paused:
            self.run_panel.show_progress(p)
        self.dirty = True

    def on_checked(self, report) -> None:
        if not self.closed:
            self.run_panel.show_fit(report)

    def on_notice(self, message: str, level: str) -> None:
        if self.closed:
            return
        self.run_panel.append_log(core_text.translate(message), level)
        self.dirty = True

    def _ended(self, text: str) -> None:
        if self.closed:  # a signal queued before the project was closed
            return
        self.timer.stop()
        self.running_id = None
        self.run_panel.step_label.setText(text)
        self.fill_runs()
        self.select_run(self.run_id)
        self._update_buttons()
        self.state_changed.emit(False)

    def on_finished(self, record: dict) -> None:
        self.run_panel.figures["eta"].setText("0:00")
        why = core_text.translate(outcome.ended(RunResult.from_dict(record).stop_reason))
        self.run_panel.append_log(why)
        self._ended(why + ".")
        self.tabs.setCurrentWidget(self.results)

    def on_failed(self, message: str) -> None:
        self.run_panel.append_log(core_text.translate(message), "warning")  # all of a traceback
        self._ended(self.tr("The run stopped with an error; Resume continues it."))
        QMessageBox.warning(self, self.tr("Run failed"),
                            core_text.error(message))

    def on_cancelled(self) -> None:
        self.run_panel.append_log(self.tr("cancelled"))
        self._ended(self.tr("Cancelled. Resume continues where it stopped."))

    @property
    def running(self) -> bool:
        return self.running_id is not None

    def close_store(self) -> None:
        for sig, slot in ((self.host.progress, self.on_progress),
                          (self.host.notice, self.on_notice),
                          (self.host.finished, self.on_finished),
                          (self.host.checked, self.on_checked),
                          (self.host.failed, self.on_failed),
                          (self.host.cancelled, self.on_cancelled)):
            try:
                sig.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self.timer.stop()
        self.closed = True
        self.store.close()
