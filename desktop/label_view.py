"""What a gain is made of, drawn: for the starting and the exported prompt, a small table of
expected label x the answer given on the held-out rows (core/labels.py), so a prompt that
answers one option to every row is seen at a glance."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..core import labels, result
from ..core.result import RunResult
from . import core_text

RIGHT = QColor("#d8efd8")  # the diagonal: right answers


class LabelTables(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.made_of = QLabel(wordWrap=True)
        self.made_of.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.row = QHBoxLayout()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.made_of)
        lay.addLayout(self.row)
        self.tables: list[QTableWidget] = []
        self.titles: list[QLabel] = []

    def names(self) -> dict[str, str]:
        return {"starting prompt": self.tr("Starting prompt"),
                "exported prompt": self.tr("Exported prompt"),
                labels.NONE: self.tr("no option"), labels.SEVERAL: self.tr("several")}

    def load(self, res: RunResult | None) -> None:
        while self.row.count():
            w = self.row.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.tables, self.titles = [], []
        made = result.made_of_line(res) if res else None
        self.made_of.setText(core_text.translate(made) if made else "")
        self.made_of.setVisible(bool(made))
        standings = result.label_standings(res) if res else []
        self.setVisible(bool(standings))
        words = self.names()
        for name, s in standings:
            box = QWidget()
            col = QVBoxLayout(box)
            col.setContentsMargins(0, 0, 0, 0)
            title = QLabel(f"<b>{words[name]}</b><br>" + core_text.translate(
                labels.spread_line(s)).replace("<", "&lt;"), wordWrap=True)
            col.addWidget(title)
            col.addWidget(self._table(s, words))
            self.row.addWidget(box)
            self.titles.append(title)

    def _table(self, s: labels.LabelStanding, words: dict) -> QTableWidget:
        cells = labels.grid(s)
        answers, body = cells[0][1:], cells[1:]
        t = QTableWidget(len(body), len(answers))
        t.setHorizontalHeaderLabels([words.get(a, a) for a in answers])
        t.setVerticalHeaderLabels([r[0] for r in body])
        t.horizontalHeaderItem(0).setToolTip(self.tr("Columns: the answer given"))
        t.setToolTip(self.tr("Rows: the expected answer; columns: the answer the prompt got "
                             "from the model, on the held-out rows"))
        for i, r in enumerate(body):
            for j, c in enumerate(r[1:]):
                item = QTableWidgetItem(c)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if answers[j] == r[0]:
                    item.setBackground(RIGHT)
                t.setItem(i, j, item)
        t.setEditTriggers(QAbstractItemView.NoEditTriggers)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        # a few rows: shown whole, never behind a scroll bar
        t.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        t.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        t.setFixedHeight(t.horizontalHeader().sizeHint().height() + 2 * t.frameWidth()
                         + sum(t.rowHeight(i) for i in range(t.rowCount())))
        self.tables.append(t)
        return t
