"""Wizard step 2: the data file, its preview, the answer column and the split sizes."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from ..core.dataset import FORMATS, Dataset, SplitSizes, check_sizes, suggest_sizes
from ..core.errors import GradSumError
from ..core.settings import ProjectSettings, RunConfig
from ..core.text import clip
from . import core_text
from .form_base import Form
from .importer import import_in_background


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
        try:
            check_sizes(self.row_count, SplitSizes(s["train_rows"], s["val_rows"], s["test_rows"]))
        except GradSumError as e:
            return core_text.error(e)
        return None

    def apply(self, settings: ProjectSettings) -> None:
        settings.answer_column = self.answer.currentData()
        settings.run = {**settings.run, **self.sizes_dict()}
