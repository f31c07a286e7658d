"""Everything the wizard set, editable later: the same forms, one tab each."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QMessageBox,
                               QTabWidget, QVBoxLayout, QWidget)

from ..core import project
from ..core.errors import GradSumError
from ..core.settings import ProjectSettings
from ..core.store import Store
from . import core_text
from .form_base import error_label
from .form_criteria import CriteriaForm
from .form_data import DataForm
from .form_models import ModelsForm
from .form_run import RunForm
from .form_template import TemplateForm
from .speed import SpeedProbe


class SettingsDialog(QDialog):
    def __init__(self, project_path: Path, parent=None, library=None, tab: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Project settings"))
        self.resize(820, 620)
        self.path = Path(project_path)
        store = Store(self.path)
        try:
            self.original = project.load_settings(store)
            preview, count = store.preview_rows(), store.row_count()
            self.preview = preview
            columns = list(preview[0]) if preview else []
        finally:
            store.close()
        s = self.original
        self.name = QLineEdit(s.name)
        name_tab = QWidget()
        QFormLayout(name_tab).addRow(self.tr("Project name"), self.name)
        self.data = DataForm()
        self.data.show_fixed(columns, preview, count, s.data_source, s.encoding)
        self.data.answer.setCurrentIndex(max(self.data.answer.findData(s.answer_column), 0))
        cfg = s.run_config()
        self.data.set_sizes(cfg)
        self.template = TemplateForm()
        self.template.set_columns(columns, s.answer_column)
        self.template.set_template(s.template, s.mapping)
        self.criteria = CriteriaForm()
        self.criteria.has_answer = s.answer_column is not None
        self.criteria.set_values(s.task, s.criteria, s.metrics)
        self.criteria.set_columns(columns, s.answer_column, s.options_column, preview)
        self.models = ModelsForm(library)
        self.models.set_models(s.models)
        self.run = RunForm()
        self.run.set_config(cfg)
        self.run.fit.source = self._fit_source
        self.probe = SpeedProbe(self.run, self.models)
        self.tabs = QTabWidget()
        self.forms = {"name": name_tab, "data": self.data, "template": self.template,
                      "criteria": self.criteria, "models": self.models, "run": self.run}
        for key, label in (("name", QT_TRANSLATE_NOOP("SettingsDialog", "Name")),
                           ("data", QT_TRANSLATE_NOOP("SettingsDialog", "Data")),
                           ("template", QT_TRANSLATE_NOOP("SettingsDialog", "Prompt template")),
                           ("criteria", QT_TRANSLATE_NOOP("SettingsDialog", "Task and criteria")),
                           ("models", QT_TRANSLATE_NOOP("SettingsDialog", "Models")),
                           ("run", QT_TRANSLATE_NOOP("SettingsDialog", "Optimization"))):
            self.tabs.addTab(self.forms[key], self.tr(label))
        if tab:
            self.tabs.setCurrentWidget(self.forms[tab])
        self.data.answer.currentIndexChanged.connect(self._answer_changed)
        self.tabs.currentChanged.connect(lambda *_: self._refresh_run())
        self.message = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for f in (self.data, self.template, self.criteria, self.models, self.run):
            f.changed.connect(self._check)
        self.name.textChanged.connect(self._check)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addWidget(self.message)
        lay.addWidget(self.buttons)
        self._refresh_run()
        self._check()

    def _fit_source(self):
        """The fit check on the project's rows with the settings as edited (not yet saved);
        its calls land in the project's cache, where the next run finds them."""
        def open_store():
            store = Store(self.path)
            return store, store.close
        return open_store, self.settings(), self.run.config()

    def _answer_changed(self) -> None:
        ans = self.data.answer.currentData()
        self.template.set_columns(self.template.columns, ans)
        self.criteria.has_answer = ans is not None
        self.criteria.set_columns(self.template.columns, ans)
        self.criteria._update()

    def _refresh_run(self) -> None:
        self.run.context(self.data.sizes_dict(), "judge" in self.criteria.metrics(),
                         self.models.spec("task"), self.data.row_count,
                         project.request_facts(self.settings(), self.preview))

    def problem(self) -> str | None:
        if not self.name.text().strip():
            return self.tr("Name: give the project a name.")
        for key, form in self.forms.items():
            p = form.problem() if hasattr(form, "problem") else None
            if p:
                return f"{self.tabs.tabText(self.tabs.indexOf(form))}: {p}"
        return None

    def _check(self) -> None:
        p = self.problem()
        self.message.setText(p or "")
        self.buttons.button(QDialogButtonBox.Save).setEnabled(p is None)

    def settings(self) -> ProjectSettings:
        s = ProjectSettings.from_dict(self.original.to_dict())
        s.name = self.name.text().strip()
        for form in (self.data, self.template, self.criteria, self.models, self.run):
            form.apply(s)
        return s

    def save(self) -> None:
        s = self.settings()
        try:
            store = Store(self.path)
            try:
                project.save_settings(store, s)
            finally:
                store.close()
        except GradSumError as e:
            QMessageBox.warning(self, self.tr("Cannot save"), core_text.error(e))
            return
        self.accept()
