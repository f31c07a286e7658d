"""Wizard step 1: the project's name and file."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton)

from ..core.settings import ProjectSettings
from .form_base import Form


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
