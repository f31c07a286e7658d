"""Wizard step 4: task description, evaluation criteria and metric."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit)

from ..core.errors import GradSumError
from ..core.metrics import parse_metric_spec
from ..core.project import check_options_column
from ..core.settings import ProjectSettings
from . import core_text
from .form_base import Form


EXAMPLES = (  # label, task, criteria, metric; a translation fills them in the user's language
    (QT_TRANSLATE_NOOP("CriteriaForm", "Exact answer (with an expected answer column)"),
     QT_TRANSLATE_NOOP("CriteriaForm", "Answer the question with the correct answer only."),
     QT_TRANSLATE_NOOP("CriteriaForm", "The answer matches the expected answer. Extra words or "
                                       "a wrong answer fail."), "exact"),
    (QT_TRANSLATE_NOOP("CriteriaForm", "Rubric (open-ended text, judged)"),
     QT_TRANSLATE_NOOP("CriteriaForm", "Write a helpful, accurate reply to the customer's "
                                       "message."),
     QT_TRANSLATE_NOOP("CriteriaForm", "The reply is correct, polite, answers every question "
                                       "in the message, and is under 100 words."), None),
    (QT_TRANSLATE_NOOP("CriteriaForm", "No expected answer (the judge uses the criteria "
                                       "alone)"),
     QT_TRANSLATE_NOOP("CriteriaForm", "Summarize the text in one sentence."),
     QT_TRANSLATE_NOOP("CriteriaForm", "The summary is one sentence, states the main point of "
                                       "the text, and adds nothing that is not in the text."),
     None),
)


class CriteriaForm(Form):
    def __init__(self):
        super().__init__()
        self.has_answer = False
        self.examples = QComboBox()
        self.examples.addItem(self.tr("Start from an example…"))
        for label, *_ in EXAMPLES:
            self.examples.addItem(self.tr(label))
        self.examples.activated.connect(self.use_example)
        self.task = QPlainTextEdit()
        self.task.setPlaceholderText(self.tr("What is the prompt for? e.g. Count the objects "
                                             "in the question and answer with a number."))
        self.criteria = QPlainTextEdit()
        self.criteria.setPlaceholderText(self.tr("What makes an output good? The judge scores "
                                                 "each output 0 or 1 against this."))
        self.regex = QLineEdit(placeholderText=self.tr("pattern; {answer} stands for the "
                                                       "expected answer"))
        self.metric_boxes = {}
        mbox = QHBoxLayout()
        for m, label in (("judge", QT_TRANSLATE_NOOP("CriteriaForm", "LLM judge")),
                         ("exact", QT_TRANSLATE_NOOP("CriteriaForm", "exact match")),
                         ("contains", QT_TRANSLATE_NOOP("CriteriaForm", "contains the answer")),
                         ("regex", QT_TRANSLATE_NOOP("CriteriaForm", "regular expression")),
                         ("number", QT_TRANSLATE_NOOP("CriteriaForm", "same number")),
                         ("choice", QT_TRANSLATE_NOOP("CriteriaForm", "one of the options"))):
            cb = QCheckBox(self.tr(label))
            cb.toggled.connect(lambda *_: self._update())
            self.metric_boxes[m] = cb
            mbox.addWidget(cb)
        self.metric_boxes["judge"].setChecked(True)
        self.options = QComboBox()  # per-row options; empty = the answer column's values
        self.options.addItem(self.tr("(none: the answer column's distinct values)"), None)
        self.options.currentIndexChanged.connect(lambda *_: self._show_options_format())
        self.options_format = QLabel(wordWrap=True)
        self.rows: list[dict] = []  # sample rows, to detect how the options column is written
        self.closed_hint = QLabel(wordWrap=True)
        self.closed_hint.hide()
        self.regex.textChanged.connect(lambda *_: self._update())
        for w in (self.task, self.criteria):
            w.textChanged.connect(self._update)
        form = QFormLayout(self)
        form.addRow("", self.examples)
        form.addRow(self.tr("Task description"), self.task)
        form.addRow(self.tr("Evaluation criteria"), self.criteria)
        form.addRow(self.tr("Scoring"), mbox)
        form.addRow("", self.closed_hint)
        form.addRow(self.tr("Pattern"), self.regex)
        form.addRow(self.tr("Options column"), self.options)
        form.addRow("", self.options_format)

    def set_columns(self, columns: list[str], answer: str | None,
                    option_column: str | None = None, rows: list[dict] = ()) -> None:
        """Columns that may hold per-row options (not the answer itself); rows: a sample of
        the data, to show how the chosen options column is written."""
        self.rows = list(rows)
        keep = option_column if option_column is not None else self.options.currentData()
        self.options.clear()
        self.options.addItem(self.tr("(none: the answer column's distinct values)"), None)
        for c in columns:
            if c != answer:
                self.options.addItem(c, c)
        i = self.options.findData(keep)
        self.options.setCurrentIndex(max(i, 0))
        self._show_options_format()

    def _options_format(self) -> tuple[str | None, list[str]]:
        from ..core.choices import column_format
        col = self.options.currentData()
        return column_format([str(r.get(col) or "") for r in self.rows]) if col else (None, [])

    def _show_options_format(self) -> None:
        col = self.options.currentData()
        self.options_format.setVisible(bool(col and self.rows))
        if not (col and self.rows):
            return
        fmt, first = self._options_format()
        names = {"json": self.tr("a JSON list"), "\n": self.tr("one option per line"),
                 " / ": self.tr("separated by ' / '"), "|": self.tr("separated by '|'"),
                 ";": self.tr("separated by ';'")}
        self.options_format.setText(
            self.tr("Options (detected): {0}; the first row's: {1}.").format(
                names[fmt], " | ".join(first)) if fmt else self.tr(
                "This column cannot be split into options: write each row's options as a "
                "JSON list, or separate them with ' / ', '|', ';' or new lines."))
        self.changed.emit()

    def propose_choice(self, answers: list[str]) -> None:
        """Answers that form a closed set (Yes/No, a few labels): propose 'one of the options',
        which no output can win by naming them all, and say why."""
        from ..core.choices import closed_set
        closed = closed_set(answers) if self.has_answer else None
        self.closed_hint.setVisible(closed is not None)
        if closed is None:
            return
        self.closed_hint.setText(self.tr(
            "The answers form a closed set ({0}). 'One of the options' gives 1 only to an "
            "output that names exactly one option, the expected one: an output listing them "
            "all scores 0.").format(", ".join(closed[:8])))
        for m, cb in self.metric_boxes.items():
            cb.setChecked(m == "choice")

    def use_example(self, index: int) -> None:
        if index <= 0:
            return
        _, task, criteria, metric = EXAMPLES[index - 1]
        self.task.setPlainText(self.tr(task))
        self.criteria.setPlainText(self.tr(criteria))
        for m, cb in self.metric_boxes.items():
            cb.setChecked(m == (metric if metric and self.has_answer else "judge"))

    def metrics(self) -> list[str]:
        out = []
        for m, cb in self.metric_boxes.items():
            if cb.isChecked():
                out.append(f"regex:{self.regex.text()}" if m == "regex" else m)
        return out

    def set_values(self, task: str, criteria: str, metrics: list[str]) -> None:
        self.task.setPlainText(task)
        self.criteria.setPlainText(criteria)
        names = {}
        for spec in metrics:
            name, arg = parse_metric_spec(spec)
            names[name] = arg
        for m, cb in self.metric_boxes.items():
            cb.setChecked(m in names)
        if names.get("regex"):
            self.regex.setText(names["regex"])

    def _update(self) -> None:
        self.regex.setEnabled(self.metric_boxes["regex"].isChecked())
        self.changed.emit()

    def problem(self) -> str | None:
        """Core's own checks of the description (ProjectSettings.validate) and of the options
        column, on what the form holds; the answer column is chosen on the data step."""
        described = ProjectSettings(
            name="", template="", task=self.task.toPlainText(),
            criteria=self.criteria.toPlainText(), mapping={},
            answer_column="answer" if self.has_answer else None, metrics=self.metrics())
        col = self.options.currentData()
        try:
            described.validate()
            if col and self.rows:
                check_options_column(col, [str(r.get(col) or "") for r in self.rows])
        except GradSumError as e:
            return core_text.error(e)
        return None

    def apply(self, settings: ProjectSettings) -> None:
        settings.task = self.task.toPlainText().strip()
        settings.criteria = self.criteria.toPlainText().strip()
        settings.metrics = self.metrics()
        settings.options_column = self.options.currentData()
