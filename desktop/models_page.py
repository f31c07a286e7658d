"""The model library page: the table of models with their GGUF metadata, import, discover,
and the Hugging Face download panel. Hashing, discovery and downloads run in the background."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (QComboBox, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMessageBox, QProgressBar, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..models import discover as disc
from ..models import hub
from ..models.fit import backend
from ..models.library import Library
from . import core_text
from .tasks import Task

COLUMNS = (
    QT_TRANSLATE_NOOP("ModelsPage", "Name"),
    QT_TRANSLATE_NOOP("ModelsPage", "Architecture"),
    QT_TRANSLATE_NOOP("ModelsPage", "Parameters"),
    QT_TRANSLATE_NOOP("ModelsPage", "Quantization"),
    QT_TRANSLATE_NOOP("ModelsPage", "Context"),
    QT_TRANSLATE_NOOP("ModelsPage", "Size"),
    QT_TRANSLATE_NOOP("ModelsPage", "Chat template"),
    "SHA-256",
    QT_TRANSLATE_NOOP("ModelsPage", "Source"),
    QT_TRANSLATE_NOOP("ModelsPage", "Path"),
)


class ModelsPage(QWidget):
    def __init__(self, library: Library | None = None, endpoint: str = hub.DEFAULT_ENDPOINT,
                 discover_roots: dict | None = None):
        super().__init__()
        self.setWindowTitle(self.tr("Model library"))
        self.library = library or Library()
        self.endpoint = endpoint
        self.discover_roots = discover_roots
        self.tasks: list[Task] = []
        self.download_task: Task | None = None
        self.files: list[hub.HubFile] = []

        self.backend_label = QLabel(self.tr("llama.cpp backend: {0}").format(backend()))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [QCoreApplication.translate("ModelsPage", c) for c in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.import_btn = QPushButton(self.tr("Import GGUF…"))
        self.discover_btn = QPushButton(self.tr("Find models on this computer"))
        self.remove_btn = QPushButton(self.tr("Remove"))
        self.import_btn.clicked.connect(self.choose_import)
        self.discover_btn.clicked.connect(self.start_discover)
        self.remove_btn.clicked.connect(self.remove_selected)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        for b in (self.import_btn, self.discover_btn, self.remove_btn):
            row.addWidget(b)
        row.addStretch(1)

        dl = QGroupBox(self.tr("Download from Hugging Face (goes online only when you press a "
                                 "button)"))
        self.query = QLineEdit(placeholderText=self.tr("search, e.g. qwen2.5 0.5b instruct gguf"))
        self.search_btn = QPushButton(self.tr("Search"))
        self.repo = QComboBox(editable=True)
        self.list_btn = QPushButton(self.tr("List files"))
        self.file_box = QComboBox()
        self.download_btn = QPushButton(self.tr("Download"), enabled=False)
        self.cancel_dl_btn = QPushButton(self.tr("Cancel"), enabled=False)
        self.dl_progress = QProgressBar()
        self.search_btn.clicked.connect(self.start_search)
        self.list_btn.clicked.connect(self.start_list)
        self.download_btn.clicked.connect(self.start_download)
        self.cancel_dl_btn.clicked.connect(lambda: self.download_task and
                                           self.download_task.cancel())
        d1, d2, d3 = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        d1.addWidget(self.query, 1)
        d1.addWidget(self.search_btn)
        d2.addWidget(self.repo, 1)
        d2.addWidget(self.list_btn)
        d3.addWidget(self.file_box, 1)
        d3.addWidget(self.download_btn)
        d3.addWidget(self.cancel_dl_btn)
        dlay = QVBoxLayout(dl)
        for lay in (d1, d2, d3):
            dlay.addLayout(lay)
        dlay.addWidget(self.dl_progress)

        lay = QVBoxLayout(self)
        lay.addWidget(self.backend_label)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.status)
        lay.addWidget(dl)
        self.library.ensure_bundled()
        self.refresh()
        self.resize(1100, 600)

    # --- table ------------------------------------------------------------------------------
    def refresh(self) -> None:
        models = self.library.list()
        self.table.setRowCount(len(models))
        self.ids = [m["id"] for m in models]
        for r, m in enumerate(models):
            vals = (m["name"], m["architecture"], f"{(m['parameters'] or 0) / 1e6:,.0f} M",
                    m["quantization"], str(m["context_length"] or "?"),
                    f"{m['size'] / 2**20:,.0f} MiB",
                    self.tr("yes") if m["chat_template"] else self.tr("no"),
                    (m["sha256"] or self.tr("computing…"))[:16], m["source"], m["path"])
            for c, v in enumerate(vals):
                self.table.setItem(r, c, QTableWidgetItem(v))
        for m in models:
            if not m["sha256"]:
                self.hash_in_background(m["id"])

    def _task(self, *args, **kw) -> Task:
        t = Task(*args, **kw)
        self.tasks.append(t)
        return t

    def _error(self, message) -> None:
        self.status.setText(core_text.error(message))

    # --- import / hash / discover -------------------------------------------------------------
    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a GGUF model"), "",
                                              self.tr("GGUF models (*.gguf)"))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> None:
        try:
            rec = self.library.add(path)
        except Exception as e:  # GradSumError: the specific reason
            self._error(e)
            QMessageBox.warning(self, self.tr("Cannot import"), core_text.error(e))
            return
        self.status.setText(self.tr("Added {0}.").format(rec["name"]))
        self.refresh()

    def hash_in_background(self, model_id: str) -> None:
        db_path = self.library.path  # the worker opens its own connection

        def work(cancel, progress):
            return Library(db_path).compute_hash(model_id, lambda d, t: progress(d, t))

        def progressed(done, total):
            self.status.setText(self.tr("Computing SHA-256: {0}%").format(
                done * 100 // max(total, 1)))
        self._task(work, on_done=lambda _: (self.status.setText(self.tr("SHA-256 computed.")),
                                            self.refresh_hashes()),
                   on_error=self._error, on_progress=progressed)

    def refresh_hashes(self) -> None:
        for r, mid in enumerate(self.ids):
            rec = self.library.get(mid, missing_ok=True)
            if rec and rec["sha256"]:
                self.table.setItem(r, 7, QTableWidgetItem(rec["sha256"][:16]))

    def start_discover(self) -> None:
        self.status.setText(self.tr("Looking for GGUF models…"))
        roots = self.discover_roots

        def work(cancel, progress):
            return disc.discover(roots=roots)

        self._task(work, on_done=self.discovered, on_error=self._error)

    def discovered(self, found: list) -> None:
        known = {m["path"] for m in self.library.list()}
        new = [f for f in found if str(f.path.resolve()) not in known]
        added, failed = 0, []
        for f in new:
            try:
                self.library.add(f.path, source=f.source, name=f.name)
                added += 1
            except Exception as e:
                failed.append(f"{f.name}: {e}")
        self.status.setText(self.tr("Found {0} model file(s); added {1}.").format(len(found), added)
                            + (" " + self.tr("Skipped: {0}").format("; ".join(failed))
                               if failed else ""))
        self.refresh()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        for r in rows:
            self.library.remove(self.ids[r])
        self.refresh()

    # --- hub ----------------------------------------------------------------------------------
    def start_search(self) -> None:
        q, ep = self.query.text().strip(), self.endpoint
        self.status.setText(self.tr("Searching the hub…"))
        self._task(lambda c, p: hub.search(q, ep), on_done=self.searched, on_error=self._error)

    def searched(self, repos: list[str]) -> None:
        self.repo.clear()
        self.repo.addItems(repos)
        self.status.setText(self.tr("{0} repositories with GGUF files.").format(len(repos)))

    def start_list(self) -> None:
        repo, ep = self.repo.currentText().strip(), self.endpoint
        self._task(lambda c, p: hub.list_files(repo, ep), on_done=self.listed,
                   on_error=self._error)

    def listed(self, files: list) -> None:
        self.files = files
        self.file_box.clear()
        for f in files:
            size = f"{f.size / 2**20:,.0f} MiB" if f.size else self.tr("size unknown")
            self.file_box.addItem(f"{f.filename}  ({f.quantization}, {size})")
        self.download_btn.setEnabled(bool(files))
        self.status.setText(self.tr("{0} GGUF file(s).").format(len(files)))

    def start_download(self) -> None:
        f = self.files[self.file_box.currentIndex()]
        db_path, ep = self.library.path, self.endpoint  # the worker opens its own connection
        self.download_btn.setEnabled(False)
        self.cancel_dl_btn.setEnabled(True)

        def work(cancel, progress):
            return Library(db_path).download(f, ep, cancel, lambda d, t: progress(d, t))

        def progressed(done, total):
            self.dl_progress.setMaximum(max(1, (total or done) >> 10))
            self.dl_progress.setValue(done >> 10)

        def finished(rec):
            self._download_ended(self.tr("Downloaded {0}.").format(Path(rec["path"]).name))
            self.refresh()

        self.download_task = self._task(
            work, on_done=finished, on_progress=progressed,
            on_error=self._download_failed,
            on_cancel=lambda: self._download_ended(self.tr("Download cancelled; it resumes "
                                                           "where it stopped.")))

    def _download_failed(self, message: str) -> None:
        """The network, the server, or a downloaded file that is not a usable model."""
        self._download_ended(core_text.error(message))
        QMessageBox.warning(self, self.tr("Download failed"), core_text.error(message))

    def _download_ended(self, message: str) -> None:
        self.download_btn.setEnabled(True)
        self.cancel_dl_btn.setEnabled(False)
        self.status.setText(message)

    def closeEvent(self, event) -> None:
        for t in self.tasks:
            t.cancel()
        for t in self.tasks:
            t.wait(5000)
        super().closeEvent(event)
