"""Export with the GUI's rules: atomic (core.export), and never overwrite without asking."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..core import export as export_mod
from ..core.errors import GradSumError
from ..core.store import Store
from . import core_text

FILTERS = {"txt": QT_TRANSLATE_NOOP("Exporting", "Prompt as text (*.txt)"),
           "md": QT_TRANSLATE_NOOP("Exporting", "Markdown (*.md)"),
           "json": QT_TRANSLATE_NOOP("Exporting", "JSON (*.json)"),
           "yaml": QT_TRANSLATE_NOOP("Exporting", "YAML (*.yaml)"),
           "html": QT_TRANSLATE_NOOP("Exporting", "HTML report (*.html)")}


translate = QCoreApplication.translate


def tr(text: str) -> str:
    """For strings marked with QT_TRANSLATE_NOOP("Exporting", ...) elsewhere."""
    return translate("Exporting", text)


def export_to(parent: QWidget, project_path: Path, run_id: int, path: Path, fmt: str) -> bool:
    """Write one export; ask first when the file exists. True when written."""
    if path.exists():
        answer = QMessageBox.question(
            parent, translate("Exporting", "Replace file?"),
            translate("Exporting", "{0} already exists. Replace it?").format(path.name),
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
    store = Store(project_path)
    try:
        export_mod.export(store, fmt, path, overwrite=True, run_id=run_id)
        return True
    except GradSumError as e:
        QMessageBox.warning(parent, translate("Exporting", "Export failed"), core_text.error(e))
        return False
    finally:
        store.close()


def choose_and_export(parent: QWidget, project_path: Path, run_id: int, fmt: str) -> Path | None:
    default = project_path.with_name(f"{project_path.stem}-run{run_id}.{fmt}")
    # our own overwrite question (the same on every platform and testable)
    path, _ = QFileDialog.getSaveFileName(parent, translate("Exporting", "Export"), str(default),
                                          tr(FILTERS[fmt]),
                                          options=QFileDialog.DontConfirmOverwrite)
    if not path:
        return None
    path = Path(path)
    if path.suffix.lower().lstrip(".") != fmt:
        path = path.with_name(path.name + "." + fmt)
    return path if export_to(parent, project_path, run_id, path, fmt) else None
