"""The project's settings as forms, shared by the new-project wizard (one form per step) and
the project settings dialog (one tab per form). Each form says what is wrong with it in one
sentence (`problem()`), or None; `apply(settings)` writes its part of the settings."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..core.dataset import FORMATS, Dataset, suggest_sizes
from ..core.errors import GradSumError
from ..core.metrics import parse_metric_spec
from ..core.settings import ModelSpec, ProjectSettings, RunConfig
from ..core.template import check_against_columns, placeholders
from ..core.text import clip
from . import core_text
from .importer import import_in_background


class Form(QWidget):
    changed = Signal()

    def problem(self) -> str | None:
        return None

    def apply(self, settings: ProjectSettings) -> None:
        pass


def error_label() -> QLabel:
    """Where a page or dialog shows its form's problem."""
    label = QLabel(wordWrap=True)
    label.setObjectName("problem")
    label.setStyleSheet("color: #b00020;")
    return label


# --- 1. name and file ----------------------------------------------------------------------
def slug(name: str) -> str:
    s = re.sub(r"[\\/:*?\"<>|\s]+", "-", name.strip()).strip("-.")
    return s or "project"


class NameForm(Form):
    def __init__(self, folder: str = ""):
        super().__init__()
        self.name = QLineEdit(placeholderText=self.tr("e.g. Support answers"))
        self.folder = QLineEdit(folder or str(Path.home()))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self.choose)
        self.file_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("Project name"), self.name)
        form.addRow(self.tr("Save in folder"), row)
        form.addRow(self.tr("Project file"), self.file_label)
        for w in (self.name, self.folder):
            w.textChanged.connect(self._update)
        self._update()

    def choose(self) -> None:
        d = QFileDialog.getExistingDirectory(self, self.tr("Save the project in"),
                                             self.folder.text())
        if d:
            self.folder.setText(d)

    def path(self) -> Path:
        return Path(self.folder.text().strip()).expanduser() / f"{slug(self.name.text())}.gradsum"

    def _update(self) -> None:
        self.file_label.setText(str(self.path()))
        self.changed.emit()

    def problem(self) -> str | None:
        if not self.name.text().strip():
            return self.tr("Give the project a name.")
        folder = Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip() or not folder.is_dir():
            return self.tr("The folder {0} does not exist.").format(folder)
        import os
        if not os.access(folder, os.W_OK):
            return self.tr("The folder {0} is not writable; choose another.").format(folder)
        if self.path().exists():
            return self.tr("{0} already exists; choose another name or folder.").format(
                self.path().name)
        return None

    def apply(self, settings: ProjectSettings) -> None:
        settings.name = self.name.text().strip()


# --- 2. data -------------------------------------------------------------------------------
ENCODINGS = ((QT_TRANSLATE_NOOP("DataForm", "Detect automatically"), None),
             ("UTF-8", "utf-8"), (QT_TRANSLATE_NOOP("DataForm", "UTF-8 with BOM"), "utf-8-sig"),
             ("UTF-16", "utf-16"), (QT_TRANSLATE_NOOP("DataForm", "GB18030 / GBK (Chinese)"),
                                    "gb18030"),
             (QT_TRANSLATE_NOOP("DataForm", "Big5 (Traditional Chinese)"), "big5"),
             (QT_TRANSLATE_NOOP("DataForm", "Shift_JIS (Japanese)"), "shift_jis"),
             ("Latin-1", "latin-1"))
PREVIEW_ROWS = 20


class DataForm(Form):
    """Pick or drop a data file, preview it, choose the answer column and the split sizes.
    With an existing project the data is fixed (runs refer to its rows) and only the answer
    column and sizes change."""

    def __init__(self):
        super().__init__()
        self.dataset: Dataset | None = None
        self.columns: list[str] = []
        self.row_count = 0
        self.error: str | None = None
        self.loading = False
        self.task = None
        self.fixed = False
        self.setAcceptDrops(True)
        self.file = QLineEdit(placeholderText=self.tr("CSV, TSV, JSON or JSONL — or drop a "
                                                      "file on this window"))
        self.file.setReadOnly(True)
        self.browse = QPushButton(self.tr("Choose file…"))
        self.browse.clicked.connect(self.choose)
        self.encoding = QComboBox()
        for label, enc in ENCODINGS:
            self.encoding.addItem(self.tr(label), enc)
        self.encoding.currentIndexChanged.connect(lambda *_: self.reload())
        self.info = QLabel(wordWrap=True)
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.NoEditTriggers)
        self.answer = QComboBox()
        self.answer.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.sizes = {}
        sizes = QHBoxLayout()
        d = RunConfig()
        for key, label, value in (
                ("train_rows", QT_TRANSLATE_NOOP("DataForm", "train"), d.train_rows),
                ("val_rows", QT_TRANSLATE_NOOP("DataForm", "validation"), d.val_rows),
                ("test_rows", QT_TRANSLATE_NOOP("DataForm", "test"), 0)):
            spin = QSpinBox(minimum=0 if key == "test_rows" else 1, maximum=1_000_000,
                            value=value)
            spin.valueChanged.connect(lambda *_: self.changed.emit())
            self.sizes[key] = spin
            sizes.addWidget(QLabel(self.tr(label)))
            sizes.addWidget(spin)
        self.sizes_edited = False  # until the user sets them, sizes follow the data
        for spin in self.sizes.values():
            spin.editingFinished.connect(lambda: setattr(self, "sizes_edited", True))
        self.split_help = QLabel(self.tr(
            "Train rows show the optimizer what goes wrong; validation rows decide which "
            "candidate wins (more rows tell real gains from luck); test rows are held back to "
            "confirm the result and measure its gain."), wordWrap=True)
        self.rest = QCheckBox(self.tr("test = all remaining rows"), checked=True)
        self.rest.toggled.connect(lambda on: (self.sizes["test_rows"].setEnabled(not on),
                                              self.changed.emit()))
        self.sizes["test_rows"].setEnabled(False)
        sizes.addWidget(self.rest)
        sizes.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.file)
        row.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(self.tr("Data file"), row)
        form.addRow(self.tr("Encoding"), self.encoding)
        form.addRow("", self.info)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.preview, 1)
        form2 = QFormLayout()
        form2.addRow(self.tr("Expected answer column"), self.answer)
        form2.addRow(self.tr("Rows for"), sizes)
        form2.addRow("", self.split_help)
        lay.addLayout(form2)
        self._fill_answer([])

    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if not self.fixed and urls and urls[0].isLocalFile() and \
                Path(urls[0].toLocalFile()).suffix.lower() in FORMATS:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        self.set_file(Path(event.mimeData().urls()[0].toLocalFile()))
        event.acceptProposedAction()

    def choose(self) -> None:
        exts = " ".join(f"*{e}" for e in FORMATS)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the data"), "",
                                              self.tr("Data files") + f" ({exts})")
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path) -> None:
        self.file.setText(str(path))
        self.reload()

    def reload(self) -> None:
        if self.fixed or not self.file.text():
            return
        self.loading, self.error, self.dataset = True, None, None
        self.info.setText(self.tr("Reading…"))
        self.changed.emit()
        path = Path(self.file.text())
        if self.task is not None:
            self.task.cancel()
        self.task = import_in_background(path, self._loaded, self._failed,
                                         encoding=self.encoding.currentData())

    def _loaded(self, ds: Dataset) -> None:
        self.loading = False
        self.dataset = ds
        self._show(ds.columns, ds.rows[:PREVIEW_ROWS], len(ds.rows))
        if not self.sizes_edited:
            fit = suggest_sizes(len(ds.rows))
            self.sizes["train_rows"].setValue(fit.train)
            self.sizes["val_rows"].setValue(fit.val)
            self.rest.setChecked(True)
        note = ""
        if self.encoding.currentData() is None and ds.encoding not in ("utf-8", "utf-8-sig"):
            note = self.tr(" Detected {0}: if the preview looks wrong, choose the encoding.") \
                .format(ds.encoding.upper())
        self.info.setText(self.tr("{0} rows, {1} columns, encoding {2}.").format(
            len(ds.rows), len(ds.columns), ds.encoding) + note)
        self.changed.emit()

    def _failed(self, message: str) -> None:
        self.loading = False
        self.error = core_text.error(message)
        self.info.setText("")
        self._show([], [], 0)
        self.changed.emit()

    def show_fixed(self, columns: list[str], preview: list[dict], count: int, source: str,
                   encoding: str) -> None:
        """An existing project: show its stored rows; the data cannot be swapped."""
        self.fixed = True
        self.file.setText(source)
        self.browse.setEnabled(False)
        self.encoding.setEnabled(False)
        self.info.setText(self.tr("{0} rows stored in the project (read from {1}, {2}). To "
                                  "use other data, create a new project.").format(
            count, Path(source).name or "—", encoding))
        self._show(columns, preview, count)

    def _show(self, columns: list[str], rows: list[dict], count: int) -> None:
        self.columns, self.row_count = columns, count
        self.preview.clear()
        self.preview.setColumnCount(len(columns))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(columns)
        for r, row in enumerate(rows):
            for c, col in enumerate(columns):
                text = str(row.get(col, ""))
                item = QTableWidgetItem(clip(text, 200))
                item.setToolTip(text[:2000])
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        self._fill_answer(columns)

    def _fill_answer(self, columns: list[str]) -> None:
        current = self.answer.currentData()
        self.answer.blockSignals(True)
        self.answer.clear()
        self.answer.addItem(self.tr("(none: the judge scores against the criteria alone)"), None)
        for c in columns:
            self.answer.addItem(c, c)
        guess = current if current in columns else next(
            (c for c in columns if c.lower() in ("answer", "target", "expected", "label",
                                                 "output", "答案")), None)
        self.answer.setCurrentIndex(max(self.answer.findData(guess), 0) if guess else 0)
        self.answer.blockSignals(False)

    def set_sizes(self, cfg: RunConfig) -> None:
        self.sizes["train_rows"].setValue(cfg.train_rows)
        self.sizes["val_rows"].setValue(cfg.val_rows)
        self.rest.setChecked(cfg.test_rows is None)
        if cfg.test_rows is not None:
            self.sizes["test_rows"].setValue(cfg.test_rows)

    def sizes_dict(self) -> dict:
        return {"train_rows": self.sizes["train_rows"].value(),
                "val_rows": self.sizes["val_rows"].value(),
                "test_rows": None if self.rest.isChecked() else self.sizes["test_rows"].value()}

    def problem(self) -> str | None:
        if not self.fixed:
            if not self.file.text():
                return self.tr("Choose a data file (CSV, TSV, JSON or JSONL).")
            if self.loading:
                return self.tr("Still reading the file…")
            if self.error:
                return self.error
            if self.dataset is not None and not self.dataset.rows:
                return self.tr("The file has no data rows.")
        s = self.sizes_dict()
        need = s["train_rows"] + s["val_rows"] + (s["test_rows"] or 0)
        if need > self.row_count:
            return self.tr("The data has {0} rows, but train + validation + test ask for "
                           "{1}. Lower the sizes.").format(self.row_count, need)
        return None

    def apply(self, settings: ProjectSettings) -> None:
        settings.answer_column = self.answer.currentData()
        settings.run = {**settings.run, **self.sizes_dict()}


# --- 3. template ---------------------------------------------------------------------------
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


# --- 4. task, criteria, metric ---------------------------------------------------------------
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

    def set_columns(self, columns: list[str], answer: str | None,
                    option_column: str | None = None) -> None:
        """Columns that may hold per-row options (not the answer itself)."""
        keep = option_column if option_column is not None else self.options.currentData()
        self.options.clear()
        self.options.addItem(self.tr("(none: the answer column's distinct values)"), None)
        for c in columns:
            if c != answer:
                self.options.addItem(c, c)
        i = self.options.findData(keep)
        self.options.setCurrentIndex(max(i, 0))

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
        if not self.task.toPlainText().strip():
            return self.tr("Describe the task: say what the prompt is for.")
        metrics = self.metrics()
        if not metrics:
            return self.tr("Choose at least one way to score outputs.")
        if "judge" in metrics and not self.criteria.toPlainText().strip():
            return self.tr("Write the evaluation criteria: the judge scores against them.")
        for spec in metrics:
            try:
                name, _ = parse_metric_spec(spec)
            except GradSumError as e:
                return core_text.error(e)
            if name in ("exact", "contains", "number", "choice") and not self.has_answer:
                return self.tr("'{0}' compares with the expected answer: choose an answer "
                               "column on the data step, or use the judge.").format(name)
        return None

    def apply(self, settings: ProjectSettings) -> None:
        settings.task = self.task.toPlainText().strip()
        settings.criteria = self.criteria.toPlainText().strip()
        settings.metrics = self.metrics()
        settings.options_column = self.options.currentData()


# --- 5. models -------------------------------------------------------------------------------
ROLE_LABELS = (("task", QT_TRANSLATE_NOOP("ModelsForm", "Task model (runs the prompt)")),
               ("judge", QT_TRANSLATE_NOOP("ModelsForm", "Judge (scores outputs)")),
               ("optimizer", QT_TRANSLATE_NOOP("ModelsForm", "Optimizer (gradients, summary, "
                                                             "editor)")))
SAME, SERVER = "same-as-task", "server"


class ModelsForm(Form):
    def __init__(self, library=None):
        super().__init__()
        self.library = library
        self.boxes: dict[str, QComboBox] = {}
        self.urls: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        models = self._library_models()
        for role, label in ROLE_LABELS:
            box = QComboBox()
            if role != "task":
                box.addItem(self.tr("Same as the task model"), SAME)
            box.addItem(self.tr("Bundled: SmolLM2-135M-Instruct (Q4_1, 98 MB)"), None)
            for m in models:
                box.addItem(f"{m['name']} ({m['quantization']}, "
                            f"{(m['size'] or 0) / 2**20:.0f} MB)", m["path"])
            box.addItem(self.tr("OpenAI-compatible server…"), SERVER)
            url = QLineEdit(placeholderText="http://192.168.1.20:8080/v1")
            url.setVisible(False)
            box.currentIndexChanged.connect(lambda *_, r=role: self._update(r))
            url.textChanged.connect(lambda *_: self.changed.emit())
            self.boxes[role], self.urls[role] = box, url
            row = QVBoxLayout()
            row.addWidget(box)
            row.addWidget(url)
            form.addRow(self.tr(label), row)
        self.n_ctx = QSpinBox(minimum=512, maximum=131072, singleStep=512, value=2048)
        self.threads = QSpinBox(minimum=0, maximum=256, value=0)
        self.threads.setSpecialValueText(self.tr("automatic (uses the cores left free)"))
        self.parallel = QSpinBox(minimum=1, maximum=64, value=8)
        self.gpu_layers = QSpinBox(minimum=0, maximum=999, value=0)
        form.addRow(self.tr("Context size (tokens per sequence)"), self.n_ctx)
        form.addRow(self.tr("CPU threads"), self.threads)
        form.addRow(self.tr("Sequences decoded together"), self.parallel)
        form.addRow(self.tr("Layers on the GPU"), self.gpu_layers)

    def _library_models(self) -> list[dict]:
        try:
            lib = self.library
            if lib is None:
                from ..models.library import Library
                lib = Library()
            return [m for m in lib.list() if m.get("source") != "bundled"]
        except Exception:  # an unreadable library must not block project set-up
            return []

    def _update(self, role: str) -> None:
        self.urls[role].setVisible(self.boxes[role].currentData() == SERVER)
        self.changed.emit()

    def spec(self, role: str) -> ModelSpec | None:
        data = self.boxes[role].currentData()
        if data == SAME:
            return None
        path = self.urls[role].text().strip() if data == SERVER else data
        return ModelSpec(path=path,
                         n_ctx=self.n_ctx.value(), threads=self.threads.value() or None,
                         gpu_layers=self.gpu_layers.value(), parallel=self.parallel.value())

    def set_models(self, models: dict[str, ModelSpec]) -> None:
        for role, box in self.boxes.items():
            spec = models.get(role)
            if spec is None:
                box.setCurrentIndex(max(box.findData(SAME if role != "task" else None), 0))
                continue
            if spec.is_server:
                box.setCurrentIndex(box.findData(SERVER))
                self.urls[role].setText(spec.path)
            else:
                i = box.findData(spec.path)
                if i < 0 and spec.path:  # a file not in the library: offer it anyway
                    box.insertItem(box.count() - 1, Path(spec.path).name, spec.path)
                    i = box.findData(spec.path)
                box.setCurrentIndex(max(i, 0))
            self.n_ctx.setValue(spec.n_ctx)
            self.threads.setValue(spec.threads or 0)
            self.parallel.setValue(spec.parallel)
            self.gpu_layers.setValue(spec.gpu_layers)

    def problem(self) -> str | None:
        for role, label in ROLE_LABELS:
            data = self.boxes[role].currentData()
            if data == SERVER:
                url = self.urls[role].text().strip()
                if not re.match(r"^https?://[^\s/]+", url):
                    return self.tr("{0}: enter the server's address, like "
                                   "http://host:8080/v1.").format(self.tr(label))
            elif data not in (None, SAME) and not Path(data).exists():
                return self.tr("{0}: the model file {1} is missing.").format(self.tr(label), data)
        return None

    def apply(self, settings: ProjectSettings) -> None:
        settings.models = {}
        for role in self.boxes:
            spec = self.spec(role)
            if spec is not None:
                settings.models[role] = spec


# --- 6. optimization settings ----------------------------------------------------------------
PRESETS = {  # iterations, beam, candidates, batch, selection; the name is shown translated
    QT_TRANSLATE_NOOP("RunForm", "Quick"): dict(iterations=3, beam=2, candidates=3,
                                                 batch_size=6, selection="halving"),
    QT_TRANSLATE_NOOP("RunForm", "Standard"): dict(iterations=6, beam=3, candidates=4,
                                                    batch_size=10, selection="halving"),
    QT_TRANSLATE_NOOP("RunForm", "Thorough (the paper's settings)"): dict(
        iterations=10, beam=3, candidates=4, batch_size=10, selection="full"),
}
SPINS = (("iterations", QT_TRANSLATE_NOOP("RunForm", "Iterations"), 1, 100),
         ("beam", QT_TRANSLATE_NOOP("RunForm", "Beam size"), 1, 10),
         ("candidates", QT_TRANSLATE_NOOP("RunForm", "New candidates per beam prompt"), 1, 16),
         ("batch_size", QT_TRANSLATE_NOOP("RunForm", "Train rows per iteration"), 1, 1000),
         ("patience", QT_TRANSLATE_NOOP("RunForm", "Stop after iterations without gain"), 1,
          100))
# what one request costs on average in a GRAD-SUM run (prompt and completion tokens)
TYPICAL_PROMPT_TOKENS, TYPICAL_COMPLETION_TOKENS = 300, 40


def speed_key(spec: ModelSpec | None) -> str:
    return "speed/" + ((spec.path if spec and spec.path else "bundled") or "bundled")


class RunForm(Form):
    measure_requested = Signal()

    def __init__(self):
        super().__init__()
        self.sizes = {"train_rows": 30, "val_rows": 30, "test_rows": None}
        self.rows = 0
        self.judge = True
        self.model_spec: ModelSpec | None = None
        self.preset = QComboBox()
        for name in PRESETS:
            self.preset.addItem(self.tr(name), name)
        self.preset.addItem(self.tr("Custom"), None)
        self.preset.activated.connect(lambda *_: self.use_preset(self.preset.currentData()))
        self.spins = {}
        form = QFormLayout(self)
        form.addRow(self.tr("Preset"), self.preset)
        for key, label, lo, hi in SPINS:
            spin = QSpinBox(minimum=lo, maximum=hi)
            spin.valueChanged.connect(lambda *_: self._edited())
            self.spins[key] = spin
            form.addRow(self.tr(label), spin)
        self.halving = QCheckBox(self.tr("Spend validation rows on promising candidates "
                                         "(successive halving)"))
        self.halving.toggled.connect(lambda *_: self._edited())
        form.addRow("", self.halving)
        self.estimate = QLabel(wordWrap=True)
        self.measure_btn = QPushButton(self.tr("Measure model speed"))
        self.measure_btn.clicked.connect(self.measure_requested)
        self.estimate.setMinimumHeight(self.estimate.fontMetrics().height() * 3)
        form.addRow(self.tr("Estimate"), self.estimate)
        form.addRow("", self.measure_btn)
        self.use_preset("Quick")

    def use_preset(self, name: str | None) -> None:
        if name is None:
            return
        p = PRESETS[name]
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(p.get(key, 3) if key != "patience" else p["iterations"])
            spin.blockSignals(False)
        self.halving.setChecked(p["selection"] == "halving")
        self.preset.setCurrentIndex(self.preset.findData(name))
        self.update_estimate()

    def _edited(self) -> None:
        current = {k: s.value() for k, s in self.spins.items() if k != "patience"}
        current["selection"] = "halving" if self.halving.isChecked() else "full"
        match = next((n for n, p in PRESETS.items() if p == current), None)
        self.preset.setCurrentIndex(self.preset.findData(match))
        self.update_estimate()
        self.changed.emit()

    def set_config(self, cfg: RunConfig) -> None:
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(cfg, key))
            spin.blockSignals(False)
        self.halving.setChecked(cfg.selection == "halving")
        self._edited()

    def config(self) -> RunConfig:
        return RunConfig(**{k: s.value() for k, s in self.spins.items()}, **self.sizes,
                         selection="halving" if self.halving.isChecked() else "full")

    def context(self, sizes: dict, judge: bool, model: ModelSpec | None, rows: int) -> None:
        """What the estimate depends on, from the other forms."""
        self.sizes, self.judge, self.model_spec, self.rows = dict(sizes), judge, model, rows
        self.update_estimate()

    def measured_speed(self) -> tuple[float, float] | None:
        v = QSettings().value(speed_key(self.model_spec))
        if not v:
            return None
        try:
            pp, tg = (float(x) for x in str(v).split(","))
            return pp, tg
        except ValueError:
            return None

    def update_estimate(self) -> None:
        from ..core.budget import estimate_calls
        cfg = self.config()
        rows = self.rows
        test = cfg.test_rows if cfg.test_rows is not None else max(
            rows - cfg.train_rows - cfg.val_rows, 0)
        est = estimate_calls(iterations=cfg.iterations, beam=cfg.beam, candidates=cfg.candidates,
                             batch=min(cfg.batch_size, cfg.train_rows), val=cfg.val_rows,
                             test=test, judge=self.judge)
        text = self.tr("about {0} model calls (at most {1}).").format(
            f"{est['typical']:,}", f"{est['upper_bound']:,}")
        speed = self.measured_speed()
        if speed:
            per_call = TYPICAL_PROMPT_TOKENS / speed[0] + TYPICAL_COMPLETION_TOKENS / speed[1]
            minutes = est["typical"] * per_call / 60
            text += " " + self.tr("At the measured {0:.0f} tokens/s (prompt {1:.0f} tokens/s) "
                                  "one at a time: about {2} min; batching runs faster.").format(
                speed[1], speed[0], f"{minutes:,.0f}" if minutes >= 1 else "<1")
        else:
            text += " " + self.tr("Measure the model's speed for a time estimate.")
        self.estimate.setText(text)

    def apply(self, settings: ProjectSettings) -> None:
        cfg = self.config()
        settings.run = {**settings.run, **{k: getattr(cfg, k) for k in
                                           (*self.spins, "selection")}}
