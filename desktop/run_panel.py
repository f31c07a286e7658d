"""Run controls, live progress, figures, the score chart and the log."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit,
                               QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget)

from ..core.progress import Progress
from .chart import ScoreChart

VERBS = {"generation": QT_TRANSLATE_NOOP("RunPanel", "Generating"),
         "evaluation": QT_TRANSLATE_NOOP("RunPanel", "Evaluating"),
         "gradients": QT_TRANSLATE_NOOP("RunPanel", "Writing gradients"),
         "summary": QT_TRANSLATE_NOOP("RunPanel", "Summarizing gradients"),
         "editor": QT_TRANSLATE_NOOP("RunPanel", "Editing prompts")}
SPLITS = {"train": QT_TRANSLATE_NOOP("RunPanel", "train batch"),
          "val": QT_TRANSLATE_NOOP("RunPanel", "validation"),
          "test": QT_TRANSLATE_NOOP("RunPanel", "test")}


translate = QCoreApplication.translate


def tr(text: str) -> str:
    """For strings marked with QT_TRANSLATE_NOOP("RunPanel", ...) elsewhere."""
    return translate("RunPanel", text)


def describe(p: Progress) -> str:
    """'Iteration 2 · Evaluating candidate 3/6 · row 12/30 on validation'. Whole sentences go
    to the translator, so a language can put the parts in its own order."""
    if p.iteration == 0 and p.split == "val":
        where = translate("RunPanel", "Scoring the starting prompt")
    else:
        where = translate("RunPanel", "Iteration {0}").format(p.iteration)
    if p.iteration > 0 and p.split == "test":
        where = translate("RunPanel", "Final test")
    verb = tr(VERBS.get(p.step, p.step.capitalize()))
    if p.prompts and p.rows:
        cand = min(p.done // p.rows + 1, p.prompts)
        row = p.rows if p.done >= p.total else p.done % p.rows
        split = tr(SPLITS.get(p.split, p.split))
        if p.split == "train":
            text = translate("RunPanel", "{0} · {1} prompt {2}/{3} · row {4}/{5} on {6}")
        else:
            text = translate("RunPanel", "{0} · {1} candidate {2}/{3} · row {4}/{5} on {6}")
        return text.format(where, verb, cand, p.prompts, row, p.rows, split)
    return translate("RunPanel", "{0} · {1} {2}/{3}").format(where, verb, p.done, p.total)


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class RunPanel(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.optimize_btn = QPushButton(self.tr("Optimize"))
        self.optimize_btn.setDefault(True)
        self.optimize_btn.setToolTip(self.tr("Start a new optimization run with the project's "
                                             "settings"))
        self.pause_btn = QPushButton(self.tr("Pause"), enabled=False)
        self.pause_btn.setToolTip(self.tr("Hold the run at the next token; the model stays "
                                          "loaded"))
        self.cancel_btn = QPushButton(self.tr("Cancel"), enabled=False)
        self.cancel_btn.setToolTip(self.tr("Stop now; everything computed so far is kept and "
                                           "Resume continues from there"))
        self.resume_btn = QPushButton(self.tr("Resume"), enabled=False)
        self.resume_btn.setToolTip(self.tr("Continue the last unfinished run (after a cancel, "
                                           "an error, a crash or a restart)"))
        self.settings_label = QLabel(wordWrap=True)
        self.settings_label.setTextInteractionFlags(Qt.TextBrowserInteraction)
        buttons = QHBoxLayout()
        for b in (self.optimize_btn, self.pause_btn, self.cancel_btn, self.resume_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)

        # the fit check a first Optimize runs before the run (desktop/worker.py)
        self.fit_label = QLabel(wordWrap=True)
        self.fit_label.setVisible(False)
        self.step_label = QLabel(self.tr("Ready."))
        self.progress_bar = QProgressBar()
        self.progress_bar.setFormat("%v / %m")
        grid = QGridLayout()
        self.figures: dict[str, QLabel] = {}
        for i, (key, label) in enumerate((("tps", self.tr("tokens/s")),
                                          ("calls", self.tr("model calls")),
                                          ("cached", self.tr("cache hits")),
                                          ("tokens", self.tr("tokens")),
                                          ("elapsed", self.tr("elapsed")),
                                          ("eta", self.tr("remaining (est.)")))):
            value = QLabel("—")
            value.setStyleSheet("font-weight: bold; font-size: 14px;")
            value.setObjectName(key)
            cap = QLabel(label)
            cap.setStyleSheet("color: palette(mid);")
            grid.addWidget(value, 0, i)
            grid.addWidget(cap, 1, i)
            self.figures[key] = value

        status_box = QGroupBox(self.tr("Progress"))
        sl = QVBoxLayout(status_box)
        sl.addLayout(buttons)
        sl.addWidget(self.settings_label)
        sl.addWidget(self.fit_label)
        sl.addWidget(self.step_label)
        sl.addWidget(self.progress_bar)
        sl.addLayout(grid)

        self.chart = ScoreChart()
        chart_box = QGroupBox(self.tr("Score per iteration"))
        QVBoxLayout(chart_box).addWidget(self.chart)
        self.log = QPlainTextEdit(readOnly=True)
        self.log.setMaximumBlockCount(5000)
        log_box = QGroupBox(self.tr("Log"))
        QVBoxLayout(log_box).addWidget(self.log)
        split = QSplitter(Qt.Vertical)
        split.addWidget(chart_box)
        split.addWidget(log_box)
        split.setSizes([300, 200])
        lay = QVBoxLayout(self)
        lay.addWidget(status_box)
        lay.addWidget(split, 1)

    def set_state(self, state: str, resumable: bool = False) -> None:
        """idle | running | paused"""
        running = state in ("running", "paused")
        self.optimize_btn.setEnabled(not running)
        self.pause_btn.setEnabled(running)
        self.pause_btn.setText(self.tr("Continue") if state == "paused" else self.tr("Pause"))
        self.cancel_btn.setEnabled(running)
        self.resume_btn.setEnabled(not running and resumable)

    def show_progress(self, p: Progress) -> None:
        self.step_label.setText(describe(p))
        if p.expected:  # the whole run in model calls, as its plan counts them
            self.progress_bar.setFormat(self.tr("%v of about %m model calls"))
            self.progress_bar.setMaximum(p.expected)
            self.progress_bar.setValue(min(p.requests, p.expected))
        else:  # no estimate (an evaluation): this step's requests
            self.progress_bar.setFormat("%v / %m")
            self.progress_bar.setMaximum(max(p.total, 1))
            self.progress_bar.setValue(p.done)
        f = self.figures
        f["tps"].setText(f"{p.tokens_per_s:.0f}" if p.tokens_per_s else "—")
        f["calls"].setText(str(p.calls))
        f["cached"].setText(str(p.cached))
        f["tokens"].setText(f"{p.tokens:,}")
        f["elapsed"].setText(clock(p.elapsed_s))
        f["eta"].setText(clock(p.eta_s))

    def show_fit(self, report) -> None:
        """The fit check's findings, above the progress of the run that ran it."""
        from .fit_panel import report_html
        self.fit_label.setText("<b>" + self.tr("Fit check") + ":</b> " + report_html(report))
        self.fit_label.setVisible(True)

    def append_log(self, message: str, level: str = "info") -> None:
        self.log.appendPlainText(("⚠ " if level == "warning" else "") + message)
