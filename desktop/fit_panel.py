"""The fit check in the window (core/fit_check.py): a button and its findings, on the
Optimization step of the wizard and of Project ▸ Settings. It runs off the GUI thread, like
everything that calls a model, and only warns: nothing is blocked by what it finds."""
from __future__ import annotations

from html import escape
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from . import core_text
from .tasks import Task

# where the check's rows and settings come from, read on the GUI thread:
# () -> (open_store, settings, run config); open_store() -> (store, cleanup) runs on the
# worker thread (a SQLite connection stays on the thread that opened it)
Source = Callable[[], tuple]


class FitPanel(QWidget):
    def __init__(self):
        super().__init__()
        self.source: Source | None = None
        self.task: Task | None = None
        self.report = None
        self.button = QPushButton(self.tr("Check the model on this task"))
        self.button.setToolTip(self.tr("Scores the starting prompt on 20 validation rows "
                                       "(at most 40 model calls, kept for the first run) and "
                                       "says whether the model can do the task."))
        self.button.clicked.connect(self.start)
        self.text = QLabel(wordWrap=True)
        self.text.setTextFormat(self.text.textFormat().RichText)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.button)
        lay.addWidget(self.text)

    def start(self) -> None:
        if self.task is not None or self.source is None:
            return
        self.button.setEnabled(False)
        self.text.setText(escape(self.tr("Checking: loading the model and scoring 20 "
                                         "rows…")))
        open_store, settings, config = self.source()

        def work(cancel, progress):
            from ..core import fit_check
            from ..models.factory import close_all, load_engines
            store, cleanup = open_store()
            engines = load_engines(settings)
            try:
                return fit_check.check(store, engines, settings, config, cancel)
            finally:
                close_all(engines)
                cleanup()

        def failed(message) -> None:
            self.task = None
            self.button.setEnabled(True)
            self.text.setText(escape(self.tr("The check could not run: {0}").format(
                core_text.error(message)[:300])))
        self.task = Task(work, on_done=self.show_report, on_error=failed)

    def show_report(self, report) -> None:
        self.task = None
        self.report = report
        self.button.setEnabled(True)
        self.text.setText(report_html(report))


def report_html(report) -> str:
    """The check's scores, each prompt's answer spread and its findings, as rich text (here
    and above the progress of a first Optimize, desktop/run_panel.py)."""
    scores = "; ".join(QCoreApplication.translate("FitPanel", "{0}: {1} of {2} right").format(
        core_text.translate(p.label), p.right, p.rows) for p in report.prompts)
    lines = [escape(scores)] + [
        escape(f"{core_text.translate(p.label)}: {core_text.translate(p.spread())}")
        for p in report.prompts if p.spread()]
    for f in report.findings:
        mark = {"ok": "✓", "suggestion": "→"}.get(f.kind, "⚠")
        lines.append(f"{mark} " + escape(core_text.translate(f.message)))
    return "<br>".join(lines)
