"""A run's plan: what start_run (or branch_run) fixed besides the RunConfig knobs — the row
splits, the estimate shown before the run, whether it only evaluates, and the user's edits of
a branched run. Stored beside the config in the run's record; read back through RunPlan."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Splits:
    train: list[int]
    val: list[int]
    test: list[int]   # held out: the confirmation rows

    def of(self, name: str) -> list[int]:
        return {"train": self.train, "val": self.val, "test": self.test}[name]


@dataclass(frozen=True)
class Edits:
    """Human in the loop (project.branch_run): summaries that replace the model's, and
    candidates that join an iteration."""
    summaries: list[dict] = field(default_factory=list)   # {iteration, parent, text}
    candidates: list[dict] = field(default_factory=list)  # {iteration, parent, prompt}


@dataclass(frozen=True)
class RunPlan:
    splits: Splits
    estimate: dict = field(default_factory=dict)   # budget.estimate_calls
    evaluation_only: bool = False
    edits: Edits = field(default_factory=Edits)
    branch_of: dict | None = None                  # {run, iteration}

    KEYS = ("splits", "estimate", "evaluation_only", "edits", "branch_of")

    @staticmethod
    def of_config(config: dict) -> "RunPlan":
        s = config.get("splits") or {}
        e = config.get("edits") or {}
        return RunPlan(Splits(list(s.get("train", [])), list(s.get("val", [])),
                              list(s.get("test", []))),
                       dict(config.get("estimate") or {}), bool(config.get("evaluation_only")),
                       Edits(list(e.get("summaries", [])), list(e.get("candidates", []))),
                       config.get("branch_of"))

    @staticmethod
    def of_run(run: dict) -> "RunPlan":
        return RunPlan.of_config(run["config"] or {})

    def as_config(self) -> dict:
        """The keys it adds to a run's stored config."""
        return {"splits": asdict(self.splits), "estimate": self.estimate,
                "evaluation_only": self.evaluation_only, "edits": asdict(self.edits),
                "branch_of": self.branch_of}
