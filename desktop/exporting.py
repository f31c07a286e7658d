"""Export with the GUI's rules: atomic (core.export), and never overwrite without asking."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale
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


REPORT_WORDS = (  # the words of the .md and .html reports (core/export.py Labels)
    QT_TRANSLATE_NOOP("Report", "optimized prompt"),
    QT_TRANSLATE_NOOP("Report", "initial prompt"),
    QT_TRANSLATE_NOOP("Report", "best prompt"),
    QT_TRANSLATE_NOOP("Report", "validation"),
    QT_TRANSLATE_NOOP("Report", "test"),
    QT_TRANSLATE_NOOP("Report", "{0}. LLM calls: {1} (cached: {2}), wall time {3} s."),
    QT_TRANSLATE_NOOP("Report", "Initial prompt"),
    QT_TRANSLATE_NOOP("Report", "Gradient summaries"),
    QT_TRANSLATE_NOOP("Report", "Iteration {0}"),
    QT_TRANSLATE_NOOP("Report", "Task"),
    QT_TRANSLATE_NOOP("Report", "Criteria"),
    QT_TRANSLATE_NOOP("Report", "Best prompt"),
    QT_TRANSLATE_NOOP("Report", "initial"),
    QT_TRANSLATE_NOOP("Report", "best"),
    QT_TRANSLATE_NOOP("Report", "Score per iteration"),
    QT_TRANSLATE_NOOP("Report", "Changes from the initial prompt"),
    QT_TRANSLATE_NOOP("Report", "none"),
    QT_TRANSLATE_NOOP("Report", "Models"),
    QT_TRANSLATE_NOOP("Report", "role"),
    QT_TRANSLATE_NOOP("Report", "model (SHA-256 of the file)"),
    QT_TRANSLATE_NOOP("Report", "Settings"),
    QT_TRANSLATE_NOOP("Report", "best validation score per iteration"),
    QT_TRANSLATE_NOOP("Report", "iterations →"),
    QT_TRANSLATE_NOOP("Report", "task"),
    QT_TRANSLATE_NOOP("Report", "judge"),
    QT_TRANSLATE_NOOP("Report", "optimizer"),
    # the per-label tables (core/labels.py)
    QT_TRANSLATE_NOOP("Report", "Answers per label (held-out rows)"),
    QT_TRANSLATE_NOOP("Report", "starting prompt"),
    QT_TRANSLATE_NOOP("Report", "exported prompt"),
    QT_TRANSLATE_NOOP("Report", "expected ↓ answered →"),
    QT_TRANSLATE_NOOP("Report", "(no option)"),
    QT_TRANSLATE_NOOP("Report", "(several)"),
)


def report_labels() -> dict:
    """The report's words in the interface language, and core's messages translated."""
    labels = {w: translate("Report", w) for w in REPORT_WORDS}
    labels["lang"] = "zh-CN" if QLocale().name().startswith("zh") else "en"
    labels["__message__"] = core_text.translate
    return labels


def filter_label(fmt: str) -> str:
    """The file-dialog filter of a format, e.g. 'Markdown (*.md)', translated."""
    return translate("Exporting", FILTERS[fmt])


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
        export_mod.export(store, fmt, path, overwrite=True, run_id=run_id,
                          labels=report_labels())
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
                                          filter_label(fmt),
                                          options=QFileDialog.DontConfirmOverwrite)
    if not path:
        return None
    path = Path(path)
    if path.suffix.lower().lstrip(".") != fmt:
        path = path.with_name(path.name + "." + fmt)
    return path if export_to(parent, project_path, run_id, path, fmt) else None
