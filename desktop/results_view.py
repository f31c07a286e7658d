"""The best prompt against the initial one: scores, a diff, copy and export."""
from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QSplitter, QTextBrowser, QVBoxLayout, QWidget)

from ..core import outcome, result
from ..core.diff import side_by_side_html
from ..core.export import pct
from ..core.result import RunResult
from . import core_text, i18n
from .exporting import FILTERS, choose_and_export, filter_label
from .label_view import LabelTables



class ResultsView(QWidget):
    exported = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.project_path: Path | None = None
        self.run_id: int | None = None
        self.result: RunResult | None = None
        self.scores = QLabel(self.tr("No finished run yet: press Optimize on the Run tab."))
        self.scores.setWordWrap(True)
        self.best = QPlainTextEdit(readOnly=True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.Monospace)
        self.best.setFont(mono)
        self.copy_btn = QPushButton(self.tr("Copy prompt"), enabled=False)
        self.copy_btn.clicked.connect(self.copy)
        self.export_btns = {}
        bar = QHBoxLayout()
        bar.addWidget(self.copy_btn)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("Export:")))
        for fmt in FILTERS:
            b = QPushButton(f".{fmt}", enabled=False)
            b.setToolTip(filter_label(fmt))
            b.clicked.connect(lambda _=False, f=fmt: self.export(f))
            bar.addWidget(b)
            self.export_btns[fmt] = b
        best_box = QGroupBox(self.tr("Best prompt"))
        bl = QVBoxLayout(best_box)
        bl.addWidget(self.scores)
        self.labels = LabelTables()  # what the gain is made of, per label
        self.labels.setVisible(False)
        bl.addWidget(self.labels)
        bl.addWidget(self.best)
        bl.addLayout(bar)
        self.old = QTextBrowser()
        self.new = QTextBrowser()
        diff_box = QGroupBox(self.tr("Initial prompt → best prompt"))
        dl = QHBoxLayout(diff_box)
        dl.addWidget(self.old)
        dl.addWidget(self.new)
        split = QSplitter()
        split.setOrientation(Qt.Vertical)
        split.addWidget(best_box)
        split.addWidget(diff_box)
        split.setStretchFactor(0, 3)  # the scores, the per-label tables and the prompt first
        split.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(split)

    def load(self, project_path: Path, run: dict | None) -> None:
        self.project_path = project_path
        res = RunResult.of_run(run)
        if res is None:
            self.result = None
            self.run_id = run["id"] if run else None
            self.scores.setText(self.tr("No result for this run yet: it is {0}.").format(
                run["status"]) if run else self.tr("No run yet: press Optimize on the Run tab."))
            self.best.clear()
            self.labels.load(None)
            self.old.clear()
            self.new.clear()
            for b in [self.copy_btn, *self.export_btns.values()]:
                b.setEnabled(False)
            return
        self.result, self.run_id = res, run["id"]
        rows = [("", self.tr("initial prompt"), self.tr("best prompt")),
                (self.tr("validation (probability of the expected answer)")
                 if res.signal == "logprob" else self.tr("validation"),
                 pct(res.initial_val_score), pct(res.best_val_score)),
                (self.tr("test"), pct(res.test_score_initial), pct(res.test_score_best))]
        table = "".join("<tr>" + "".join(f"<td style='padding:2px 12px'>{escape(c)}</td>"
                                         for c in r) + "</tr>" for r in rows)
        self.scores.setText(
            f"<table>{table}</table><p>" + escape(self.tr(
                "{0}. {1} model calls ({2} from the cache), {3} s of work.").format(
                core_text.translate(outcome.ended(res.stop_reason)), res.llm_calls,
                res.cached_calls, res.wall_s))
            + "</p><p><b>" + escape(core_text.translate(result.gain_line(res.test_gain)))
            + "</b><br>" + escape(core_text.translate(result.note(res)))
            + "".join("<br>" + escape(core_text.translate(n)) for n in result.notes(res))
            + "</p>")
        self.labels.load(res)
        self.best.setPlainText(res.best_prompt)
        left, right = side_by_side_html(res.initial_prompt, res.best_prompt,
                                        i18n.monospace_families())
        self.old.setHtml(left)
        self.new.setHtml(right)
        for b in [self.copy_btn, *self.export_btns.values()]:
            b.setEnabled(True)

    def copy(self) -> None:
        if self.result:
            QGuiApplication.clipboard().setText(self.result.best_prompt)

    def export(self, fmt: str) -> None:
        if self.project_path and self.run_id is not None:
            path = choose_and_export(self, self.project_path, self.run_id, fmt)
            if path:
                self.exported.emit(str(path))
