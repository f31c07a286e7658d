"""Rows x candidates: every output with its score and the judge's reasoning, filterable to
failures."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QSplitter, QTableView,
                               QTextBrowser, QVBoxLayout, QWidget)

from ..core import run_record
from ..core.origins import Origin
from ..core.store import Store
from ..core.text import clip

FIXED = 2  # input, expected answer
PASS, FAIL = QColor(40, 160, 70, 60), QColor(220, 50, 50, 60)


class MatrixModel(QAbstractTableModel):
    def __init__(self):
        super().__init__()
        self.m: run_record.Matrix | None = None
        self.rows: list[int] = []
        self.failures_only = False

    def set_matrix(self, m: run_record.Matrix | None, failures_only: bool) -> None:
        self.beginResetModel()
        self.m, self.failures_only = m, failures_only
        self.rows = []
        if m:
            def failed(r: int) -> bool:
                cells = (m.cells.get((r, n.key)) for n in m.columns)
                return any(c is not None and c.score < 1 for c in cells)
            self.rows = [r for r in m.row_ids if not failures_only or failed(r)]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.m else FIXED + len(self.m.columns)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role not in (Qt.DisplayRole, Qt.ToolTipRole) or not self.m:
            return None
        if orientation == Qt.Vertical:
            return self.tr("row {0}").format(self.rows[section])
        if section == 0:
            return self.tr("Input")
        if section == 1:
            return self.tr("Expected")
        node = self.m.columns[section - FIXED]
        if role == Qt.ToolTipRole:
            return node.prompt
        label = self.tr("initial") if node.origin == Origin.INITIAL else \
            self.tr("it {0}").format(node.iteration)
        scores = [c.score for c in (self.m.cells.get((r, node.key)) for r in self.m.row_ids) if c]
        mean = sum(scores) / len(scores) if scores else 0
        return f"{label} · {mean:.0%}"

    def cell(self, index: QModelIndex):
        if not self.m or index.column() < FIXED:
            return None
        return self.m.cells.get((self.rows[index.row()], self.m.columns[index.column() - FIXED].key))

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid() or not self.m:
            return None
        rid = self.rows[index.row()]
        col = index.column()
        if col < FIXED:
            text = ("; ".join(f"{k}: {v}" for k, v in self.m.inputs[rid].items()) if col == 0
                    else self.m.answers.get(rid) or "")
            if role == Qt.DisplayRole:
                return clip(text, 80)
            if role == Qt.ToolTipRole:
                return text
            return None
        c = self.cell(index)
        if c is None:
            return self.tr("not scored") if role == Qt.DisplayRole else None
        if role == Qt.DisplayRole:
            return ("✓ " if c.score >= 1 else "✗ ") + clip(c.output, 60)
        if role == Qt.BackgroundRole:
            return PASS if c.score >= 1 else FAIL
        if role == Qt.ToolTipRole:
            return c.output + "\n\n" + self.tr("Judge: {0}").format(c.reason) if c.reason \
                else c.output
        return None


class MatrixView(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.store: Store | None = None
        self.run_id: int | None = None
        self.split = QComboBox()
        for key, label in (("val", self.tr("Validation rows")), ("train", self.tr("Train rows")),
                           ("test", self.tr("Test rows"))):
            self.split.addItem(label, key)
        self.failures = QCheckBox(self.tr("Only rows with a failure"))
        self.split.currentIndexChanged.connect(lambda *_: self.reload())
        self.failures.toggled.connect(lambda *_: self.reload())
        self.count = QLabel()
        self.model = MatrixModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setDefaultSectionSize(200)
        self.table.selectionModel().currentChanged.connect(lambda *_: self.show_cell())
        self.detail = QTextBrowser()
        bar = QHBoxLayout()
        bar.addWidget(self.split)
        bar.addWidget(self.failures)
        bar.addStretch(1)
        bar.addWidget(self.count)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([400, 150])
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(split)

    def load(self, store: Store, run_id: int | None) -> None:
        self.store, self.run_id = store, run_id
        result = (store.run(run_id) or {}).get("result") if run_id is not None else None
        if self.split.currentData() == "val" and (result or {}).get("signal") == "logprob":
            # ranked by forced answers, validation rows have no outputs: show the held-out ones
            self.split.setCurrentIndex(self.split.findData("test"))  # (reloads)
            return
        self.reload()

    def reload(self) -> None:
        m = None
        if self.store is not None and self.run_id is not None:
            m = run_record.matrix(self.store, self.run_id, self.split.currentData())
        self.model.set_matrix(m, self.failures.isChecked())
        total = len(m.row_ids) if m else 0
        self.count.setText(self.tr("{0} of {1} rows · {2} candidates").format(
            len(self.model.rows), total, len(m.columns) if m else 0))

    def show_cell(self) -> None:
        from html import escape
        idx = self.table.currentIndex()
        m = self.model.m
        if not idx.isValid() or not m:
            self.detail.clear()
            return
        rid = self.model.rows[idx.row()]
        parts = ["<b>" + self.tr("Input") + "</b><pre>" + escape(
            "\n".join(f"{k}: {v}" for k, v in m.inputs[rid].items())) + "</pre>"]
        if m.answers.get(rid):
            parts.append("<b>" + self.tr("Expected") + f"</b><pre>{escape(m.answers[rid])}</pre>")
        c = self.model.cell(idx)
        if c is not None:
            parts.append("<b>" + self.tr("Output (score {0})").format(f"{c.score:g}")
                         + f"</b><pre>{escape(c.output)}</pre>")
            if c.reason:
                parts.append("<b>" + self.tr("Judge") + f"</b><p>{escape(c.reason)}</p>")
        self.detail.setHtml("".join(parts))
