"""Measure the chosen task model's speed in the background for the run estimate; the figure
is remembered per model file (QSettings), so each model is measured once."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings

from . import core_text
from .form_models import ModelsForm
from .form_run import RunForm, speed_key
from .tasks import Task


translate = QCoreApplication.translate


class SpeedProbe:
    def __init__(self, run_form: RunForm, models_form: ModelsForm):
        self.run_form = run_form
        self.models_form = models_form
        self.task: Task | None = None
        run_form.measure_requested.connect(self.measure)

    def measure_if_unknown(self) -> None:
        if self.run_form.measured_speed() is None and self.task is None:
            spec = self.models_form.spec("task")
            if spec is None or not spec.is_server:  # a server's speed is not ours to probe
                self.measure()

    def measure(self) -> None:
        if self.task is not None:
            return
        from ..core.settings import ModelSpec
        from ..models.speed import measure
        spec = self.models_form.spec("task") or ModelSpec()
        key = speed_key(spec)
        form = self.run_form
        form.measure_btn.setEnabled(False)
        form.estimate.setText(translate("SpeedProbe", "Measuring the model's speed…"))

        def done(speed) -> None:
            QSettings().setValue(key, f"{speed[0]:.1f},{speed[1]:.1f}")
            self._end()

        def failed(message: str) -> None:
            self._end()
            why = translate("SpeedProbe", "(Speed not measured: {0})").format(
                core_text.error(message)[:200])
            form.estimate.setText(form.estimate.text() + " " + why)
        self.task = Task(lambda cancel, progress: measure(spec, cancel), on_done=done,
                         on_error=failed)

    def _end(self) -> None:
        self.task = None
        self.run_form.measure_btn.setEnabled(True)
        self.run_form.update_estimate()
