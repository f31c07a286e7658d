"""The base of the project-settings forms, shared by the new-project wizard (one form per
step) and the settings dialog (one tab per form). Each form says what is wrong with it in one
sentence (`problem()`), or None; `apply(settings)` writes its part of the settings."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from ..core.settings import ProjectSettings


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
