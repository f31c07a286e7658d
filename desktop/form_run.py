"""Wizard step 6: optimization settings and the run estimate."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSettings, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QPushButton, QSpinBox

from ..core.budget import estimate_seconds
from ..core.settings import PRESETS, ModelSpec, ProjectSettings, RunConfig, preset_of
from .fit_panel import FitPanel
from .form_base import Form


# the presets' names, marked for translation (their settings: core/settings.py)
PRESET_NAMES = (QT_TRANSLATE_NOOP("RunForm", "Quick"), QT_TRANSLATE_NOOP("RunForm", "Standard"),
                QT_TRANSLATE_NOOP("RunForm", "Thorough (the paper's settings)"))
SPINS = (("iterations", QT_TRANSLATE_NOOP("RunForm", "Iterations"), 1, 100),
         ("beam", QT_TRANSLATE_NOOP("RunForm", "Beam size"), 1, 10),
         ("candidates", QT_TRANSLATE_NOOP("RunForm", "New candidates per beam prompt"), 1, 16),
         ("batch_size", QT_TRANSLATE_NOOP("RunForm", "Train rows per iteration"), 1, 1000),
         ("patience", QT_TRANSLATE_NOOP("RunForm", "Stop after iterations without clear gain"),
          1, 100))
STARTS = ("format_rule", "own_words", "rephrasings", "demos")  # the switches for the starting candidates


def speed_key(spec: ModelSpec | None) -> str:
    return "speed/" + ((spec.path if spec and spec.path else "bundled") or "bundled")


def measured_speed(spec: ModelSpec | None) -> tuple[float, float] | None:
    """The model's measured (prompt, generated) tokens/s on this machine (desktop/speed.py)."""
    v = QSettings().value(speed_key(spec))
    if not v:
        return None
    try:
        pp, tg = (float(x) for x in str(v).split(","))
        return pp, tg
    except ValueError:
        return None


def estimate_text(cfg: RunConfig, judge: bool, rows: int, facts: dict,
                  speed: tuple[float, float] | None) -> str:
    """Calls and minutes of the typical run, as the wizard, the settings and the Run tab say
    them before Optimize."""
    from ..core.project import estimate_run
    test = cfg.test_rows if cfg.test_rows is not None else max(
        rows - cfg.train_rows - cfg.val_rows, 0)
    est = estimate_run(cfg, judge, test, **facts)
    text = QCoreApplication.translate("RunForm", "about {0} model calls (at most {1}).").format(
        f"{est.typical:,}", f"{est.upper_bound:,}")
    if speed:
        minutes = estimate_seconds(est, speed, judge) / 60
        text += " " + QCoreApplication.translate(
            "RunForm", "About {0} min at the model's measured speed ({1:.0f} tokens/s).").format(
                f"{minutes:,.0f}" if minutes >= 1 else "<1", speed[1])
    else:
        text += " " + QCoreApplication.translate(
            "RunForm", "Measure the model's speed for a time estimate.")
    return text


class RunForm(Form):
    measure_requested = Signal()

    def __init__(self):
        super().__init__()
        self.sizes = {"train_rows": 30, "val_rows": 30, "test_rows": None}
        self.rows = 0
        self.judge = True
        self.base = RunConfig()
        self.facts: dict = {}
        self.model_spec: ModelSpec | None = None
        self.preset = QComboBox()
        for name in PRESET_NAMES:
            self.preset.addItem(self.tr(name), name)
        self.preset.addItem(self.tr("Custom"), None)
        self.preset.activated.connect(lambda *_: self.use_preset(self.preset.currentData()))
        self.spins = {}
        form = QFormLayout(self)
        form.addRow(self.tr("Preset"), self.preset)
        for key, label, lo, hi in SPINS:
            spin = QSpinBox(minimum=lo, maximum=hi)
            spin.valueChanged.connect(lambda *_: self._edited())
            self.spins[key] = spin
            form.addRow(self.tr(label), spin)
        self.racing = QCheckBox(self.tr("Spend validation rows on promising candidates: drop "
                                         "the weaker half after each round of rows"))
        self.racing.toggled.connect(lambda *_: self._edited())
        form.addRow("", self.racing)
        # the operators that help a small optimizer model (issue 13); each is a switch so the
        # user can leave it out, as the quality benchmark does
        self.format_rule = QCheckBox(self.tr("Add a starting candidate that names the allowed "
                                             "answers, when they form a closed set"))
        self.own_words = QCheckBox(self.tr("Add starting candidates in your own words: the "
                                           "task description, it with the criteria, and the "
                                           "criteria alone"))
        self.rephrasings = QCheckBox(self.tr("Fill the beam from the start with rephrasings of "
                                           "the prompt"))
        self.demos = QSpinBox(minimum=0, maximum=8)
        self.demos.setSpecialValueText(self.tr("none"))
        self.demos.setToolTip(self.tr("A starting candidate shows this many solved training "
                                      "rows between the instruction and the data."))
        for w in (self.format_rule, self.own_words, self.rephrasings):
            w.toggled.connect(lambda *_: self._edited())
            form.addRow("", w)
        self.demos.valueChanged.connect(lambda *_: self._edited())
        form.addRow(self.tr("Worked examples"), self.demos)
        self.set_starts(RunConfig())
        self.estimate = QLabel(wordWrap=True)
        self.measure_btn = QPushButton(self.tr("Measure model speed"))
        self.measure_btn.clicked.connect(self.measure_requested)
        self.estimate.setMinimumHeight(self.estimate.fontMetrics().height() * 3)
        form.addRow(self.tr("Estimate"), self.estimate)
        form.addRow("", self.measure_btn)
        self.fit = FitPanel()  # its owner says where the rows come from (fit.source)
        form.addRow(self.tr("Fit check"), self.fit)
        self.use_preset("Quick")

    def use_preset(self, name: str | None) -> None:
        if name is None:
            return
        p = PRESETS[name]
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(p[key])
            spin.blockSignals(False)
        for w, key in ((self.racing, "racing"), (self.rephrasings, "rephrasings")):
            w.blockSignals(True)
            w.setChecked(p[key])
            w.blockSignals(False)
        self.preset.setCurrentIndex(self.preset.findData(name))
        self.update_estimate()
        self.changed.emit()

    def _edited(self) -> None:
        self.preset.setCurrentIndex(self.preset.findData(preset_of(self.config().to_dict())))
        self.update_estimate()
        self.changed.emit()

    def set_config(self, cfg: RunConfig) -> None:
        self.base = cfg  # the fields the form does not show (answer length, seed, …) stay
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(cfg, key))
            spin.blockSignals(False)
        self.racing.setChecked(cfg.racing)
        self.set_starts(cfg)
        self._edited()

    def set_starts(self, cfg: RunConfig) -> None:
        for w, value in ((self.format_rule, cfg.format_rule), (self.own_words, cfg.own_words),
                         (self.rephrasings, cfg.rephrasings), (self.demos, cfg.demos)):
            w.blockSignals(True)
            w.setValue(value) if isinstance(w, QSpinBox) else w.setChecked(value)
            w.blockSignals(False)

    def config(self) -> RunConfig:
        """The project's run settings as edited here: the form's fields over the rest."""
        return RunConfig.from_dict({
            **self.base.to_dict(), **{k: s.value() for k, s in self.spins.items()},
            **self.sizes, "racing": self.racing.isChecked(),
            "format_rule": self.format_rule.isChecked(), "own_words": self.own_words.isChecked(),
            "rephrasings": self.rephrasings.isChecked(), "demos": self.demos.value()})

    def context(self, sizes: dict, judge: bool, model: ModelSpec | None, rows: int,
                facts: dict | None = None) -> None:
        """What the estimate depends on, from the other forms; facts: of the data
        (core/project.py request_facts)."""
        self.sizes, self.judge, self.model_spec, self.rows = dict(sizes), judge, model, rows
        self.facts = dict(facts or {})
        self.update_estimate()

    def measured_speed(self) -> tuple[float, float] | None:
        return measured_speed(self.model_spec)

    def update_estimate(self) -> None:
        self.estimate.setText(estimate_text(self.config(), self.judge, self.rows, self.facts,
                                            self.measured_speed()))

    def apply(self, settings: ProjectSettings) -> None:
        cfg = self.config()
        settings.run = {**settings.run, **{k: getattr(cfg, k) for k in
                                           (*self.spins, "racing", *STARTS)}}
