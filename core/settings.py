"""What a project is (settings) and how one run searches (run config)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from .errors import GradSumError
from .metrics import parse_metric_spec


@dataclass
class ModelSpec:
    path: str | None = None     # a GGUF file, an http(s)://…/v1 server URL, or None = bundled
    n_ctx: int = 2048           # per sequence
    threads: int | None = None  # None = the engine's default
    gpu_layers: int = 0
    parallel: int = 8           # sequences decoded together (1 = the single-sequence engine)
    server_model: str | None = None  # model name on the server (default: its first)

    @property
    def is_server(self) -> bool:
        return bool(self.path) and self.path.startswith(("http://", "https://"))


@dataclass
class ProjectSettings:
    name: str
    template: str
    task: str
    criteria: str
    mapping: dict[str, str]            # placeholder -> column
    answer_column: str | None = None
    metrics: list[str] = field(default_factory=lambda: ["judge"])
    options_column: str | None = None  # per-row options of a closed answer set (choices.py)
    models: dict[str, ModelSpec] = field(default_factory=dict)  # task / judge / optimizer
    data_source: str = ""
    encoding: str = "utf-8"
    run: dict = field(default_factory=dict)  # defaults for the next run (RunConfig fields)

    def run_config(self) -> "RunConfig":
        return RunConfig.from_dict(self.run) if self.run else RunConfig()

    def model(self, role: str) -> ModelSpec:
        """Judge and optimizer default to the task model."""
        return self.models.get(role) or self.models.get("task") or ModelSpec()

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict) -> "ProjectSettings":
        d = dict(d)
        d["models"] = {k: ModelSpec(**v) for k, v in (d.get("models") or {}).items()}
        return ProjectSettings(**{k: v for k, v in d.items() if k in _names(ProjectSettings)})

    def validate(self) -> None:
        """The rules a project's description must meet (the wizard's criteria step, the
        settings dialog and `gradsum new` all ask this)."""
        if not self.task.strip():
            raise GradSumError("Describe the task: say what the prompt is for.")
        if not self.metrics:
            raise GradSumError("Choose at least one way to score outputs.")
        if "judge" in self.metrics and not self.criteria.strip():
            raise GradSumError("Write the evaluation criteria: the judge scores against them.")
        for m in self.metrics:
            name, _ = parse_metric_spec(m)
            if name in ("exact", "contains", "number", "choice") and not self.answer_column:
                raise GradSumError(
                    "The '{name}' metric needs an expected-answer column: choose an answer "
                    "column, or use the judge.", name=name)


@dataclass
class RunConfig:
    iterations: int = 10
    beam: int = 3
    candidates: int = 4          # new candidates per beam prompt per iteration
    train_rows: int = 30
    val_rows: int = 30
    test_rows: int | None = None  # None = all remaining rows; 0 = no final test
    batch_size: int = 10         # train rows per iteration
    seed: int = 0
    use_summary: bool = True     # False = ProTeGi-style ablation: edit from raw gradients
    editor_mode: str = "instruction"  # instruction (scaffold kept by code) | full
    patience: int = 3            # stop after this many iterations without a gain
    max_calls: int | None = None
    max_tokens: int | None = None
    max_wall_s: float | None = None
    length_penalty: float = 0.0  # score minus penalty x (prompt tokens / 100)
    task_max_tokens: int = 128
    edit_temperature: float = 0.8
    racing: bool = True          # successive halving: weak candidates dropped after a few
    # validation rows, the rest scored on twice as many, until the survivors saw every row
    signal: str = "metric"       # what ranks candidates on validation rows: metric (the
    # user's, on generated outputs) | logprob (the forced answer's log-probability where the
    # answers are known, core/signal.py; off by default: tests/bench/signal_fit.py found it
    # does not rank prompts as their accuracy does with the bundled 135M model)
    own_words: bool = True       # start with the user's task description (and criteria) as
    # the instruction (core/candidates.py); False for the ablation
    prune: bool = True           # drop the winner's sentences that do not earn their place
    confirmation: str = "family"  # family: the top candidates tested on held-out rows with
    # Holm at 5% | bonferroni: the previous rule, for the ablation (core/selection.py)
    family_size: int = 3         # candidates in the confirmation family (1 to 3)
    extra_prompts: list[str] = field(default_factory=list)  # more starting prompts for the beam
    demos: int = 0               # > 0: start a candidate with that many solved training rows
    format_rule: bool = True     # closed answer sets: start a candidate with "Answer with
    # exactly one of: …" written by code (core/choices.py); False for the ablation
    rephrasings: bool = True     # the editor rephrases the starting instruction until the
    # beam holds its number of prompts (False: the first iteration grows from one prompt)
    use_cache: bool = True       # False only for benchmarks: compute every request

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict) -> "RunConfig":
        d = dict(d)
        if "selection" in d and "racing" not in d:  # before racing was a switch
            d["racing"] = d["selection"] == "halving"
        if "full_beam" in d and "rephrasings" not in d:  # its name until "full" meant one thing
            d["rephrasings"] = d["full_beam"]
        return RunConfig(**{k: v for k, v in d.items() if k in _names(RunConfig)})

    def validate(self) -> None:
        for name in ("iterations", "beam", "candidates", "train_rows", "val_rows", "batch_size"):
            if getattr(self, name) < 1:
                raise GradSumError("{name} must be at least 1.", name=name.replace('_', ' '))
        if self.test_rows is not None and self.test_rows < 0:
            raise GradSumError("test rows cannot be negative.")
        if self.editor_mode not in ("instruction", "full"):
            raise GradSumError("editor mode is 'instruction' or 'full'.")
        if self.signal not in ("logprob", "metric"):
            raise GradSumError("the ranking signal is 'logprob' or 'metric'.")
        if self.confirmation not in ("family", "bonferroni"):
            raise GradSumError("confirmation is 'family' or 'bonferroni'.")
        if not 1 <= self.family_size <= 3:
            raise GradSumError("the confirmation family has 1 to 3 candidates.")


def _names(cls) -> set[str]:
    return {f.name for f in fields(cls)}


# the run presets the wizard offers and `gradsum settings --preset` applies (RunConfig
# fields; whatever a preset leaves out stays as the project has it). Quick is the demo's
# run: on the bundled model and 2 cores it finishes in minutes (tests/bench/first_run.py)
PRESETS = {
    "Quick": dict(iterations=1, beam=2, candidates=2, batch_size=6, racing=True,
                  rephrasings=False, patience=1),
    "Standard": dict(iterations=6, beam=3, candidates=4, batch_size=10, racing=True,
                     rephrasings=True, patience=3),
    "Thorough (the paper's settings)": dict(iterations=10, beam=3, candidates=4,
                                            batch_size=10, racing=False, rephrasings=True,
                                            patience=3),
}


def preset_of(run: dict) -> str | None:
    """The preset a run's settings match, else None (custom)."""
    cfg = RunConfig.from_dict(run).to_dict()
    return next((name for name, p in PRESETS.items()
                 if all(cfg[k] == v for k, v in p.items())), None)

