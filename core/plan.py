"""A run's plan: what start_run (or branch_run) fixed besides the RunConfig knobs — the row
splits, the estimate shown before the run, whether it only evaluates, and the user's edits of
a branched run. Stored beside the config in the run's record (the runs table's `plan`
column), written and read only through RunPlan.to_dict / from_dict."""
from __future__ import annotations

from dataclasses import dataclass, field

from .budget import Estimate
from .dataset import Splits


@dataclass(frozen=True)
class SummaryEdit:
    """The user's summary, replacing the model's for a beam prompt at an iteration."""
    iteration: int
    parent: str   # the beam prompt the summary is for
    text: str


@dataclass(frozen=True)
class CandidateEdit:
    """The user's candidate, joining the candidates of an iteration."""
    iteration: int
    parent: str
    prompt: str


@dataclass(frozen=True)
class Edits:
    """Human in the loop (project.branch_run)."""
    summaries: tuple[SummaryEdit, ...] = ()
    candidates: tuple[CandidateEdit, ...] = ()


@dataclass(frozen=True)
class Branch:
    """The run and iteration a branched run continues from."""
    run: int
    iteration: int


@dataclass(frozen=True)
class RunPlan:
    splits: Splits
    estimate: Estimate | None = None   # None: a run recorded before estimates were kept
    evaluation_only: bool = False
    edits: Edits = field(default_factory=Edits)
    branch_of: Branch | None = None

    KEYS = ("splits", "estimate", "evaluation_only", "edits", "branch_of")

    def to_dict(self) -> dict:
        e = self.edits
        return {"splits": {"train": list(self.splits.train), "val": list(self.splits.val),
                           "test": list(self.splits.test)},
                "estimate": self.estimate.to_dict() if self.estimate else None,
                "evaluation_only": self.evaluation_only,
                "edits": {"summaries": [vars(s) for s in e.summaries],
                          "candidates": [vars(c) for c in e.candidates]},
                "branch_of": vars(self.branch_of) if self.branch_of else None}

    @classmethod
    def from_dict(cls, d: dict) -> "RunPlan":
        s, e, b = d.get("splits") or {}, d.get("edits") or {}, d.get("branch_of")
        return cls(Splits(list(s.get("train", [])), list(s.get("val", [])),
                          list(s.get("test", []))),
                   Estimate.from_dict(d["estimate"]) if d.get("estimate") else None,
                   bool(d.get("evaluation_only")),
                   Edits(tuple(SummaryEdit(**x) for x in e.get("summaries", [])),
                         tuple(CandidateEdit(**x) for x in e.get("candidates", []))),
                   Branch(**b) if b else None)

    @classmethod
    def of_run(cls, run: dict) -> "RunPlan":
        """The plan of a run record as the store returns it."""
        return cls.from_dict(run.get("plan") or {})
