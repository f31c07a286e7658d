"""Wizard step 6: optimization settings and the run estimate."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QSettings, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QPushButton, QSpinBox

from ..core.settings import ModelSpec, ProjectSettings, RunConfig
from .form_base import Form


PRESETS = {  # iterations, beam, candidates, batch, racing; the name is shown translated
    QT_TRANSLATE_NOOP("RunForm", "Quick"): dict(iterations=3, beam=2, candidates=3,
                                                 batch_size=6, racing=True),
    QT_TRANSLATE_NOOP("RunForm", "Standard"): dict(iterations=6, beam=3, candidates=4,
                                                    batch_size=10, racing=True),
    QT_TRANSLATE_NOOP("RunForm", "Thorough (the paper's settings)"): dict(
        iterations=10, beam=3, candidates=4, batch_size=10, racing=False),
}
SPINS = (("iterations", QT_TRANSLATE_NOOP("RunForm", "Iterations"), 1, 100),
         ("beam", QT_TRANSLATE_NOOP("RunForm", "Beam size"), 1, 10),
         ("candidates", QT_TRANSLATE_NOOP("RunForm", "New candidates per beam prompt"), 1, 16),
         ("batch_size", QT_TRANSLATE_NOOP("RunForm", "Train rows per iteration"), 1, 1000),
         ("patience", QT_TRANSLATE_NOOP("RunForm", "Stop after iterations without gain"), 1,
          100))
STARTS = ("format_rule", "own_words", "full_beam", "demos")  # the switches for the starting candidates
# what one request costs on average in a GRAD-SUM run (prompt and completion tokens)
TYPICAL_PROMPT_TOKENS, TYPICAL_COMPLETION_TOKENS = 300, 40


def speed_key(spec: ModelSpec | None) -> str:
    return "speed/" + ((spec.path if spec and spec.path else "bundled") or "bundled")


class RunForm(Form):
    measure_requested = Signal()

    def __init__(self):
        super().__init__()
        self.sizes = {"train_rows": 30, "val_rows": 30, "test_rows": None}
        self.rows = 0
        self.judge = True
        self.model_spec: ModelSpec | None = None
        self.preset = QComboBox()
        for name in PRESETS:
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
        self.racing = QCheckBox(self.tr("Spend validation rows on promising candidates "
                                         "(successive halving)"))
        self.racing.toggled.connect(lambda *_: self._edited())
        form.addRow("", self.racing)
        # the operators that help a small optimizer model (issue 13); each is a switch so the
        # user can leave it out, as the quality benchmark does
        self.format_rule = QCheckBox(self.tr("Add a starting candidate that names the allowed "
                                             "answers, when they form a closed set"))
        self.own_words = QCheckBox(self.tr("Add starting candidates in your own words: the "
                                           "task description, and it with the criteria"))
        self.full_beam = QCheckBox(self.tr("Fill the beam from the start with rephrasings of "
                                           "the prompt"))
        self.demos = QSpinBox(minimum=0, maximum=8)
        self.demos.setSpecialValueText(self.tr("none"))
        self.demos.setToolTip(self.tr("A starting candidate shows this many solved training "
                                      "rows between the instruction and the data."))
        for w in (self.format_rule, self.own_words, self.full_beam):
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
        self.use_preset("Quick")

    def use_preset(self, name: str | None) -> None:
        if name is None:
            return
        p = PRESETS[name]
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(p.get(key, 3) if key != "patience" else p["iterations"])
            spin.blockSignals(False)
        self.racing.setChecked(p["racing"])
        self.preset.setCurrentIndex(self.preset.findData(name))
        self.update_estimate()

    def _edited(self) -> None:
        current = {k: s.value() for k, s in self.spins.items() if k != "patience"}
        current["racing"] = self.racing.isChecked()
        match = next((n for n, p in PRESETS.items() if p == current), None)
        self.preset.setCurrentIndex(self.preset.findData(match))
        self.update_estimate()
        self.changed.emit()

    def set_config(self, cfg: RunConfig) -> None:
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(getattr(cfg, key))
            spin.blockSignals(False)
        self.racing.setChecked(cfg.racing)
        self.set_starts(cfg)
        self._edited()

    def set_starts(self, cfg: RunConfig) -> None:
        for w, value in ((self.format_rule, cfg.format_rule), (self.own_words, cfg.own_words),
                         (self.full_beam, cfg.full_beam), (self.demos, cfg.demos)):
            w.blockSignals(True)
            w.setValue(value) if isinstance(w, QSpinBox) else w.setChecked(value)
            w.blockSignals(False)

    def config(self) -> RunConfig:
        return RunConfig(**{k: s.value() for k, s in self.spins.items()}, **self.sizes,
                         racing=self.racing.isChecked(),
                         format_rule=self.format_rule.isChecked(),
                         own_words=self.own_words.isChecked(),
                         full_beam=self.full_beam.isChecked(), demos=self.demos.value())

    def context(self, sizes: dict, judge: bool, model: ModelSpec | None, rows: int) -> None:
        """What the estimate depends on, from the other forms."""
        self.sizes, self.judge, self.model_spec, self.rows = dict(sizes), judge, model, rows
        self.update_estimate()

    def measured_speed(self) -> tuple[float, float] | None:
        v = QSettings().value(speed_key(self.model_spec))
        if not v:
            return None
        try:
            pp, tg = (float(x) for x in str(v).split(","))
            return pp, tg
        except ValueError:
            return None

    def update_estimate(self) -> None:
        from ..core.project import estimate_run
        cfg = self.config()
        test = cfg.test_rows if cfg.test_rows is not None else max(
            self.rows - cfg.train_rows - cfg.val_rows, 0)
        est = estimate_run(cfg, self.judge, test)
        text = self.tr("about {0} model calls (at most {1}).").format(
            f"{est['typical']:,}", f"{est['upper_bound']:,}")
        speed = self.measured_speed()
        if speed:
            per_call = TYPICAL_PROMPT_TOKENS / speed[0] + TYPICAL_COMPLETION_TOKENS / speed[1]
            minutes = est["typical"] * per_call / 60
            text += " " + self.tr("At the measured {0:.0f} tokens/s (prompt {1:.0f} tokens/s) "
                                  "one at a time: about {2} min; batching runs faster.").format(
                speed[1], speed[0], f"{minutes:,.0f}" if minutes >= 1 else "<1")
        else:
            text += " " + self.tr("Measure the model's speed for a time estimate.")
        self.estimate.setText(text)

    def apply(self, settings: ProjectSettings) -> None:
        cfg = self.config()
        settings.run = {**settings.run, **{k: getattr(cfg, k) for k in
                                           (*self.spins, "racing", *STARTS)}}
