"""New-project wizard: one form per step; Next stays disabled, with the reason shown, until
the step is valid. The project file is written in the background at the end."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizard, QWizardPage

from ..core import project
from ..core.settings import ProjectSettings
from . import core_text
from .form_base import Form, error_label
from .form_criteria import CriteriaForm
from .form_data import DataForm
from .form_models import ModelsForm
from .form_name import NameForm
from .form_run import RunForm
from .form_template import TemplateForm
from .speed import SpeedProbe
from .tasks import Task


class FormPage(QWizardPage):
    def __init__(self, title: str, subtitle: str, form: Form, on_enter=None):
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = form
        self.on_enter = on_enter
        self.message = error_label()
        lay = QVBoxLayout(self)
        lay.addWidget(form, 1)
        lay.addWidget(self.message)
        form.changed.connect(self._changed)

    def _changed(self) -> None:
        self.message.setText(self.form.problem() or "")
        self.completeChanged.emit()

    def initializePage(self) -> None:
        if self.on_enter:
            self.on_enter()
        self._changed()

    def isComplete(self) -> bool:
        return self.form.problem() is None

    def validatePage(self) -> bool:  # checked again on Next: a file may have appeared since
        self._changed()
        return self.form.problem() is None


class NewProjectWizard(QWizard):
    created = Signal(str)  # the new project's path

    def __init__(self, parent=None, folder: str = "", data_file: Path | None = None,
                 library=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New project"))
        self.setWizardStyle(QWizard.ClassicStyle)
        self.setOption(QWizard.NoBackButtonOnStartPage)
        self.resize(820, 640)
        self.name = NameForm(folder)
        self.data = DataForm()
        self.template = TemplateForm()
        self.criteria = CriteriaForm()
        self.models = ModelsForm(library)
        self.run = RunForm()
        self.run.fit.source = self._fit_source
        self.scratch: list[Path] = []  # the fit checks' scratch projects, one folder each
        self.probe = SpeedProbe(self.run, self.models)
        self.pages = [
            FormPage(self.tr("Name"), self.tr("Name the project and choose where its file is "
                                              "saved. Everything — data, runs, results — is "
                                              "kept in that one file."), self.name),
            FormPage(self.tr("Data"), self.tr("The rows the prompt is tuned on. Pick the "
                                              "expected-answer column if the data has one."),
                     self.data),
            FormPage(self.tr("Prompt template"), self.tr("The prompt to improve, with "
                                                         "placeholders for the data columns."),
                     self.template, self._enter_template),
            FormPage(self.tr("Task and criteria"), self.tr("What the prompt is for, and how an "
                                                           "output is judged."),
                     self.criteria, self._enter_criteria),
            FormPage(self.tr("Models"), self.tr("Which local model plays each role. The "
                                                "bundled small model works offline out of the "
                                                "box."), self.models),
            FormPage(self.tr("Optimization"), self.tr("How long to search. Start with Quick; "
                                                      "every setting can be changed later."),
                     self.run, self._enter_run),
        ]
        for p in self.pages:
            self.addPage(p)
        self.status = QLabel()
        self.pages[-1].layout().addWidget(self.status)
        self.task: Task | None = None
        self.path: Path | None = None
        if data_file:
            self.data.set_file(Path(data_file))

    def _enter_template(self) -> None:
        self.template.set_columns(self.data.columns, self.data.answer.currentData())

    def _enter_criteria(self) -> None:
        answer = self.data.answer.currentData()
        self.criteria.has_answer = answer is not None
        ds = self.data.dataset
        self.criteria.set_columns(self.data.columns, answer,
                                  rows=ds.rows[:200] if ds is not None else ())
        if self.criteria.has_answer and not self.criteria.task.toPlainText():
            self.criteria.metric_boxes["judge"].setChecked(True)
            ds = self.data.dataset
            if ds is not None:  # closed answers: propose the choice metric
                self.criteria.propose_choice([str(r.get(answer) or "") for r in ds.rows])

    def _enter_run(self) -> None:
        ds = self.data.dataset
        self.run.context(self.data.sizes_dict(), "judge" in self.criteria.metrics(),
                         self.models.spec("task"), self.data.row_count,
                         project.request_facts(self.settings(), ds.rows[:200] if ds else []))
        self.probe.measure_if_unknown()

    def _fit_source(self):
        """The fit check before the project exists: on a scratch copy of it, whose replies
        the new project takes over (its first run is served them) when the wizard finishes."""
        import tempfile
        settings, data = self.settings(), self.data.dataset
        check = Path(tempfile.mkdtemp(prefix="gradsum-check-")) / "check.gradsum"
        self.scratch.append(check)

        def open_store():
            store = project.create(check, data, settings)
            return store, store.close
        return open_store, settings, self.run.config()

    def done(self, result: int) -> None:  # finished or cancelled: the scratch copies go
        import shutil
        for check in self.scratch:
            shutil.rmtree(check.parent, ignore_errors=True)
        self.scratch = []
        super().done(result)

    def settings(self) -> ProjectSettings:
        s = ProjectSettings(name="", template="", task="", criteria="", mapping={})
        for form in (self.name, self.data, self.template, self.criteria, self.models, self.run):
            form.apply(s)
        return s

    def accept(self) -> None:
        """Write the project off the GUI thread (a large data set takes a moment)."""
        if self.task is not None:
            return
        settings, data, path = self.settings(), self.data.dataset, self.name.path()
        self.status.setText(self.tr("Creating {0}…").format(path.name))
        self.button(QWizard.FinishButton).setEnabled(False)

        checks = [c for c in self.scratch if c.exists()]

        def work(cancel, progress):
            store = project.create(path, data, settings)
            try:
                for check in checks:  # the fit check's replies serve the first run
                    store.import_calls(check)
            finally:
                store.close()
            return str(path)

        def done(p: str) -> None:
            self.path = Path(p)
            self.created.emit(p)
            super(NewProjectWizard, self).accept()

        def failed(message: str) -> None:
            self.task = None
            self.status.setText(core_text.error(message))
            self.button(QWizard.FinishButton).setEnabled(True)
        self.task = Task(work, on_done=done, on_error=failed)
