"""Wizard step 3: the prompt template, its placeholders highlighted and checked against the
data's columns."""
from __future__ import annotations

import re

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QLabel, QPlainTextEdit,
                               QVBoxLayout)

from ..core.errors import GradSumError
from ..core.settings import ProjectSettings
from ..core.template import check_against_columns, placeholders
from . import core_text
from .form_base import Form


class PlaceholderHighlighter(QSyntaxHighlighter):
    """{name} in green when it maps to a column, in red when it does not."""

    def __init__(self, doc, known):
        super().__init__(doc)
        self.known = known

    def highlightBlock(self, text: str) -> None:
        for m in re.finditer(r"\{\{|\}\}|\{([^{}]*)\}", text):
            if m.group(1) is None:
                continue
            fmt = QTextCharFormat()
            ok = m.group(1) in self.known()
            fmt.setForeground(QColor("#1b7f3b" if ok else "#b00020"))
            fmt.setFontWeight(700)
            if not ok:
                fmt.setUnderlineStyle(QTextCharFormat.WaveUnderline)
            self.setFormat(m.start(), m.end() - m.start(), fmt)


class TemplateForm(Form):
    def __init__(self):
        super().__init__()
        self.columns: list[str] = []
        self.answer_column: str | None = None
        self.mapping_boxes: dict[str, QComboBox] = {}
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(self.tr("Answer the question.\nQuestion: {question}\n"
                                               "Answer:"))
        self.highlighter = PlaceholderHighlighter(self.editor.document(), self._mapped_names)
        self.editor.textChanged.connect(self._update)
        self.mapping_box = QGroupBox(self.tr("Placeholder → data column"))
        self.mapping_form = QFormLayout(self.mapping_box)
        self.columns_label = QLabel(wordWrap=True)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("Write the prompt. Put each row's text where it belongs "
                                     "with {column name}; write {{ and }} for literal braces."),
                             wordWrap=True))
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.columns_label)
        lay.addWidget(self.mapping_box)

    def set_columns(self, columns: list[str], answer_column: str | None) -> None:
        self.columns, self.answer_column = columns, answer_column
        self.columns_label.setText(self.tr("Columns: ") + ", ".join(
            "{" + c + "}" for c in columns if c != answer_column))
        if not self.editor.toPlainText().strip() and columns:
            inputs = [c for c in columns if c != answer_column]
            lines = [self.tr("{0}: {1}").format(c, "{" + c + "}") for c in inputs[:3]]
            self.editor.setPlainText("\n".join([self.tr("Answer the following."), *lines,
                                                self.tr("Answer:")]))
        self._update()

    def set_template(self, template: str, mapping: dict[str, str]) -> None:
        self.editor.setPlainText(template)
        for name, col in mapping.items():
            box = self.mapping_boxes.get(name)
            if box is not None:
                box.setCurrentIndex(max(box.findData(col), 0))

    def _names(self) -> list[str]:
        try:
            return placeholders(self.editor.toPlainText())
        except GradSumError:
            return []

    def _mapped_names(self) -> set[str]:
        return {n for n, box in self.mapping_boxes.items() if box.currentData() in self.columns}

    def mapping(self) -> dict[str, str]:
        return {n: box.currentData() for n, box in self.mapping_boxes.items()
                if box.currentData() is not None}

    def _update(self) -> None:
        if getattr(self, "_updating", False):  # re-highlighting emits textChanged again
            return
        self._updating = True
        try:
            self._rebuild()
        finally:
            self._updating = False

    def _rebuild(self) -> None:
        names = self._names()
        if names != list(self.mapping_boxes):  # rebuild the mapping rows, keeping choices
            old = self.mapping()
            while self.mapping_form.rowCount():
                self.mapping_form.removeRow(0)
            self.mapping_boxes = {}
            for n in names:
                box = QComboBox()
                box.addItem(self.tr("(choose a column)"), None)
                for c in self.columns:
                    box.addItem(c, c)
                want = old.get(n, n)
                box.setCurrentIndex(max(box.findData(want), 0))
                box.currentIndexChanged.connect(lambda *_: self._update())  # after the index
                self.mapping_boxes[n] = box
                self.mapping_form.addRow("{" + n + "}", box)
        self.highlighter.rehighlight()
        self.changed.emit()

    def problem(self) -> str | None:
        text = self.editor.toPlainText()
        if not text.strip():
            return self.tr("Write the prompt template.")
        try:
            names = placeholders(text)
            unmapped = [n for n in names if self.mapping_boxes.get(n) is None or
                        self.mapping_boxes[n].currentData() is None]
            if names and unmapped:
                return self.tr("Choose a data column for {0}.").format(
                    ", ".join("{" + n + "}" for n in unmapped))
            check_against_columns(text, self.columns, self.mapping(), self.answer_column)
        except GradSumError as e:
            return core_text.error(e)
        return None

    def apply(self, settings: ProjectSettings) -> None:
        settings.template = self.editor.toPlainText()
        settings.mapping = self.mapping()
