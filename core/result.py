"""A finished run's result record, typed, and what it says in words.

core/outcome.py writes it (a dict of JSON, saved on the run; `gradsum run --json` prints the
same keys and the .json export carries it); every reader goes through RunResult.from_dict,
so its keys are read in this module only. The words (which prompt is handed over and why,
the held-out gain, what a gain is made of) are shared by the CLI, the Results tab and the
reports."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import labels as lab
from .labels import LabelStanding
from .messages import Message, loaded
from .selection import BONFERRONI, PASSED, Decision
from .stats import Gain


@dataclass(frozen=True)
class RunResult:
    best_prompt: str
    initial_prompt: str
    initial_val_score: float
    best_val_score: float
    test_score_initial: float | None
    test_score_best: float | None
    llm_calls: int
    cached_calls: int
    wall_s: float
    stop_reason: Message | str
    decision: Decision = field(default_factory=Decision)
    test_gain: Gain | None = None
    labels_initial: LabelStanding | None = None
    labels_exported: LabelStanding | None = None
    made_of: str | None = None            # "task" or "format" for a passing export
    requests: int = 0
    tokens: int = 0
    session_wall_s: float = 0.0
    iterations: tuple[dict, ...] = ()     # per iteration: proposed, usable, best_val, …
    candidates_total: int = 0
    candidates_usable: int = 0
    candidates_tried: int = 0
    judge_agreement: dict | None = None
    language: str = ""
    candidate_prompt: str = ""
    candidate_val_score: float | None = None
    confirmed: bool | None = None
    best_tokens: int | None = None

    @property
    def outcome(self) -> str:
        return self.decision.outcome

    @property
    def signal(self) -> str:
        return self.decision.signal

    def to_dict(self) -> dict:
        """The record's JSON keys (kept as they were: `run --json` and exports print them)."""
        return {
            "best_prompt": self.best_prompt, "initial_prompt": self.initial_prompt,
            "initial_val_score": self.initial_val_score, "best_val_score": self.best_val_score,
            "test_score_initial": self.test_score_initial,
            "test_score_best": self.test_score_best,
            "llm_calls": self.llm_calls, "cached_calls": self.cached_calls,
            "requests": self.requests, "tokens": self.tokens, "wall_s": self.wall_s,
            "session_wall_s": self.session_wall_s, "stop_reason": self.stop_reason,
            "iterations": list(self.iterations), "candidates_total": self.candidates_total,
            "candidates_usable": self.candidates_usable,
            "judge_agreement": self.judge_agreement, "language": self.language,
            "candidate_prompt": self.candidate_prompt,
            "candidate_val_score": self.candidate_val_score, "confirmed": self.confirmed,
            # per label on the confirmation rows, where the answers are a closed set
            "labels": {"initial": self.labels_initial.to_dict() if self.labels_initial
                       else None,
                       "exported": self.labels_exported.to_dict() if self.labels_exported
                       else None},
            "made_of": self.made_of,
            "test_gain": self.test_gain.as_dict() if self.test_gain else None,
            "selection_outcome": self.decision.outcome, "selection": self.decision.to_dict(),
            "signal": self.decision.signal, "candidates_tried": self.candidates_tried,
            "best_tokens": self.best_tokens}

    @classmethod
    def from_dict(cls, d: dict) -> "RunResult":
        """Records of older versions lack the later keys: those read as absent."""
        figures = d.get("labels") or {}
        decision = Decision.from_dict({"outcome": d.get("selection_outcome", "no_win"),
                                       "signal": d.get("signal", "metric"),
                                       **(d.get("selection") or {})})
        return cls(
            d["best_prompt"], d["initial_prompt"], d["initial_val_score"], d["best_val_score"],
            d.get("test_score_initial"), d.get("test_score_best"), d.get("llm_calls", 0),
            d.get("cached_calls", 0), d.get("wall_s", 0.0), d.get("stop_reason", ""),
            decision, Gain.from_dict(d["test_gain"]) if d.get("test_gain") else None,
            LabelStanding.from_dict(figures["initial"]) if figures.get("initial") else None,
            LabelStanding.from_dict(figures["exported"]) if figures.get("exported") else None,
            d.get("made_of"), d.get("requests", 0), d.get("tokens", 0),
            d.get("session_wall_s", 0.0), tuple(d.get("iterations") or ()),
            d.get("candidates_total", 0), d.get("candidates_usable", 0),
            d.get("candidates_tried", 0), d.get("judge_agreement"), d.get("language", ""),
            d.get("candidate_prompt", ""), d.get("candidate_val_score"), d.get("confirmed"),
            d.get("best_tokens"))

    @classmethod
    def of_run(cls, run: dict | None) -> "RunResult | None":
        """A run record's result, or None while it has none (running, cancelled, failed)."""
        res = (run or {}).get("result")
        return cls.from_dict(res) if res and "best_prompt" in res else None


@dataclass(frozen=True)
class EvaluationResult:
    """An evaluation run's record (project.evaluate): one prompt's score on a split."""
    prompt: str
    split: str
    score: float
    rows: int

    def to_dict(self) -> dict:
        return {"prompt": self.prompt, "split": self.split, "score": self.score,
                "rows": self.rows}

    @classmethod
    def of_run(cls, run: dict) -> "EvaluationResult | None":
        r = run.get("result")
        return cls(r["prompt"], r["split"], r["score"], r["rows"]) if r and "score" in r \
            else None


# --- in words (the CLI, the Results tab and the reports) ----------------------------------------
def note(res: RunResult) -> Message:
    """Which prompt a run hands over and why."""
    d = res.decision
    outcome, family, rows = d.outcome, d.family, d.confirm_rows
    if outcome == "no_win":
        return Message(
            "No candidate ranked above the starting prompt on the validation rows ({tried} "
            "tried); the starting prompt is kept. Try more iterations, edit a summary or a "
            "candidate, or use a larger optimizer model.", tried=res.candidates_tried)
    if outcome == "no_test":
        return Message("The best candidate beat the starting prompt on the validation rows "
                       "beyond chance; there were no held-out rows to confirm it.")
    passed = next((i for i, t in enumerate(family)
                   if t.passed and t.prompt == res.best_prompt), None)
    if outcome == "not_confirmed" and not rows:
        return Message("The best validation candidate was not better than the starting prompt "
                       "beyond chance on the validation rows, and there were no held-out rows "
                       "to confirm it; the starting prompt is kept.")
    if outcome == "not_confirmed" and d.rule == BONFERRONI:
        return Message("The best validation candidate did not score higher on the {rows} "
                       "held-out rows; the starting prompt is kept.", rows=rows)
    if outcome == "not_confirmed":
        return Message(
            "None of the {k} best validation candidates was better than the starting prompt "
            "beyond chance on the {rows} held-out confirmation rows (one-sided sign test, 5% "
            "for the family); the starting prompt is kept.", k=len(family), rows=rows)
    if outcome in PASSED and d.rule == BONFERRONI:
        return Message("The best candidate beat the starting prompt on the validation rows "
                       "beyond chance and scored higher on the {rows} held-out rows.",
                       rows=rows)
    if outcome == "format_only" and passed is not None:  # a higher score, not a better prompt
        t = family[passed]
        return Message(
            "Candidate {rank} of the {k} in the confirmation family scored higher than the "
            "starting prompt beyond chance on the {rows} held-out confirmation rows: right on "
            "{wins} more row(s), {losses} fewer, one-sided sign test p = {p:.3g} (threshold "
            "{threshold:.3g}, 5% for the family).", rank=passed + 1, k=len(family),
            rows=rows, wins=t.wins, losses=t.losses, p=t.p, threshold=t.threshold)
    if outcome in PASSED and passed is not None:
        t = family[passed]
        return Message(
            "Candidate {rank} of the {k} in the confirmation family was better than the starting "
            "prompt beyond chance on the {rows} held-out confirmation rows: better on {wins} "
            "row(s), worse on {losses}, one-sided sign test p = {p:.3g} (threshold {threshold:.3g}"
            ", 5% for the family).", rank=passed + 1, k=len(family), rows=rows,
            wins=t.wins, losses=t.losses, p=t.p, threshold=t.threshold)
    return Message("")


def notes(res: RunResult) -> list[Message]:
    """The run's notes about its ranking signal (a fallback to the metric), as Messages."""
    return [loaded(n) for n in res.decision.notes]


def gain_line(g: Gain | None) -> Message:
    if not g:
        return Message("held-out confirmation gain: no held-out rows")
    return Message("held-out confirmation gain: {gain:+.1%} (95% interval {low:+.1%} to "
                   "{high:+.1%}, {rows} rows): {verdict}", gain=g.mean, low=g.low,
                   high=g.high, rows=g.rows, verdict=g.verdict)


def made_of_line(res: RunResult) -> Message | None:
    """What a passing export's gain is made of, per label (core/labels.py), or None where
    there is nothing to say (no closed answer set, or nothing passed)."""
    if res.outcome not in PASSED or not res.labels_exported:
        return None
    return lab.verdict(res.labels_exported, res.labels_initial)


def label_standings(res: RunResult) -> list[tuple[str, LabelStanding]]:
    """(which prompt, its per-label standing on the held-out rows): the starting prompt and
    the exported one, once when the start is kept; none for open answers."""
    start, export = res.labels_initial, res.labels_exported
    out = [("starting prompt", start)] if start else []
    if export and export != start:
        out.append(("exported prompt", export))
    return out
