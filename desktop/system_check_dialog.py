"""Help > System check…: models/system_check.py's report (the same as `gradsum doctor`), made
off the GUI thread, with a button to copy it for a bug report. Also the quiet check on the first
start: a probe of the bundled model in a model process, with a specific message if it fails."""
from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit,
                               QVBoxLayout, QWidget)

from .tasks import Task

PROBED_KEY = "system/probed_install"


class SystemCheckDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("System check"))
        self.resize(760, 420)
        self.status = QLabel(self.tr("Checking this machine (loads the bundled model once)…"))
        self.text = QPlainTextEdit(readOnly=True)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.copy_button = buttons.addButton(self.tr("Copy report"),
                                             QDialogButtonBox.ActionRole)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        for w in (self.status, self.text, buttons):
            lay.addWidget(w)
        self.report: dict | None = None
        self.task = Task(lambda _c, _p: _report(), self._done, self._failed)

    def _done(self, report: dict) -> None:
        self.report = report
        self.text.setPlainText(_render(report))
        self.status.setText(self.tr("Ready: models can run on this machine.") if report["ok"]
                            else self.tr("Not ready: see the lines marked FAILED or NOT."))
        self.copy_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.status.setText(self.tr("The check itself failed:"))
        self.text.setPlainText(message)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText() + "\n\n" +
                                            json.dumps(self.report, ensure_ascii=False))


def _report() -> dict:
    from ..models import system_check
    return system_check.report()


def _render(report: dict) -> str:
    from ..models import system_check
    return system_check.render(report)


def first_start_probe(parent: QWidget) -> Task | None:
    """Once per llama.cpp install: load the bundled model in a model process and decode one
    token, in the background. A failure (a crash on this CPU, a broken install) is shown at
    once, with what happened, rather than when the user first presses Optimize."""
    try:
        from ..models import system_check
        key = system_check.install_key()
    except Exception as e:  # llama-cpp-python itself cannot load
        QMessageBox.warning(parent, QCoreApplication.translate(
            "SystemCheckDialog", "Models cannot run"), str(e))
        return None
    settings = QSettings()
    if settings.value(PROBED_KEY) == key:
        return None

    def probe(_c, _p):
        from ..models import system_check
        return system_check.probe()

    def done(result: dict) -> None:
        if result["ok"]:
            QSettings().setValue(PROBED_KEY, key)
        else:
            from .core_text import error
            title = QCoreApplication.translate("SystemCheckDialog",
                                               "Models cannot run on this machine")
            lead = QCoreApplication.translate("SystemCheckDialog",
                                              "Loading the bundled model failed:")
            more = QCoreApplication.translate("SystemCheckDialog",
                                              "Help > System check… shows the details.")
            QMessageBox.warning(parent, title, f"{lead}\n\n{error(result['error'])}\n\n{more}")

    return Task(probe, done)
