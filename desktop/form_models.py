"""Wizard step 5: the task, judge and optimizer models."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout

from ..core.errors import GradSumError
from ..core.settings import ModelSpec, ProjectSettings
from ..models.server_engine import check_url
from . import core_text
from .form_base import Form


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
                try:
                    check_url(self.urls[role].text())
                except GradSumError as e:
                    return f"{self.tr(label)}: {core_text.error(e)}"
            elif data not in (None, SAME) and not Path(data).exists():
                return self.tr("{0}: the model file {1} is missing.").format(self.tr(label), data)
        return None

    def apply(self, settings: ProjectSettings) -> None:
        settings.models = {}
        for role in self.boxes:
            spec = self.spec(role)
            if spec is not None:
                settings.models[role] = spec
