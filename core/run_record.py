"""Read-only views of a run for the GUI and reports: the score history, the family tree of
candidates, the rows x candidates matrix, and each iteration's gradients and summaries.

Everything is derived from what the search stores as it goes, so a view of a running,
cancelled or crashed run shows exactly what has been computed so far.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .messages import Message
from .origins import Origin
from .plan import RunPlan
from .settings import RunConfig
from .store import Store


@dataclass
class Point:
    iteration: int
    best_val: float | None
    beam_val: float | None        # mean validation score of the beam after this iteration
    best_train: float | None      # best / mean train score of the beam on this iteration's batch
    beam_train: float | None


@dataclass
class Node:
    key: str
    prompt: str
    iteration: int
    origin: Origin
    status: str
    reason: str
    val_score: float | None
    train_score: float | None
    parent_key: str | None
    children: list["Node"] = field(default_factory=list)


def run_label(run: dict) -> Message:
    plan = RunPlan.of_run(run)
    if plan.evaluation_only:
        return Message("Evaluation {id} · {status}", id=run["id"], status=run["status"])
    if plan.branch_of:
        b = plan.branch_of
        return Message("Run {id} · {status} · continued from run {parent} at iteration "
                       "{iteration}", id=run["id"], status=run["status"], parent=b.run,
                       iteration=b.iteration)
    return Message("Run {id} · {status}", id=run["id"], status=run["status"])


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def history(store: Store, run_id: int) -> list[Point]:
    """Iteration 0 is the starting prompts on validation; later points after each iteration."""
    cands = {c["key"]: c for c in store.candidates(run_id)}
    starts = [c for c in cands.values() if c["iteration"] == 0 and c["val_score"] is not None]
    if not starts:
        return []
    beam_size = RunConfig.from_dict(store.run(run_id)["config"]).beam
    start_beam = sorted(starts, key=lambda c: -c["val_score"])[:beam_size]
    points = [Point(0, max(c["val_score"] for c in starts),
                    _mean([c["val_score"] for c in start_beam]), None, None)]
    prev_beam = [c["key"] for c in start_beam]
    for idx, rows, beam_keys, best_val in store.finished_iterations(run_id):
        train = list(store.mean_scores(run_id, rows, prev_beam).values())
        vals = [cands[k]["val_score"] for k in beam_keys
                if k in cands and cands[k]["val_score"] is not None]
        points.append(Point(idx, best_val, _mean(vals), max(train) if train else None,
                            _mean(train)))
        prev_beam = beam_keys or prev_beam
    return points


def tree(store: Store, run_id: int) -> list[Node]:
    """Root nodes (starting prompts) with their descendants, in the order they were made."""
    nodes = {c["key"]: Node(c["key"], c["prompt"], c["iteration"], Origin(c["origin"]),
                            c["status"], c["reason"] or "", c["val_score"], c["train_score"],
                            c["parent_key"])
             for c in store.candidates(run_id)}
    roots = []
    for n in nodes.values():
        parent = nodes.get(n.parent_key) if n.parent_key else None
        (parent.children if parent else roots).append(n)
    return roots


def initial_prompt(store: Store, run_id: int) -> str | None:
    return store.initial_prompt(run_id)


@dataclass
class Cell:
    output: str
    score: float
    reason: str


@dataclass
class Matrix:
    row_ids: list[int]
    inputs: dict[int, dict]
    answers: dict[int, str | None]
    columns: list[Node]                       # candidates, in order
    cells: dict[tuple[int, str], Cell]        # (row id, candidate key) -> cell


def matrix(store: Store, run_id: int, split: str = "val") -> Matrix:
    """Every scored (row, candidate) pair on one split: outputs, scores, judge reasons."""
    run = store.run(run_id)
    row_ids = RunPlan.of_run(run).splits.of(split)
    cells = {}
    for key, rid, out, score, reason in store.split_scores(run_id, split):
        cells[(rid, key)] = Cell(out or "", score, reason or "")
    scored_keys = {k for _, k in cells}
    columns = [n for n in _flatten(tree(store, run_id)) if n.key in scored_keys]
    columns.sort(key=lambda n: (n.iteration, -(n.val_score or 0)))
    used = [r for r in row_ids if any((r, n.key) in cells for n in columns)]
    data = store.rows(used)
    shown = list(dict.fromkeys((store.settings().get("mapping") or {}).values()))

    def inputs(row: dict) -> dict:  # what the task model saw, not the answer column
        return {c: row.get(c, "") for c in shown} if shown else row
    return Matrix(used, {r: inputs(data[r][0]) for r in used}, {r: data[r][1] for r in used},
                  columns, cells)


def _flatten(nodes: list[Node]) -> list[Node]:
    out = []
    for n in nodes:
        out.append(n)
        out.extend(_flatten(n.children))
    return out


@dataclass
class Feedback:
    prompt_key: str
    prompt: str
    summary: str | None
    summary_edited: bool
    gradients: list[tuple[int, str]]  # (row id, text)


def iteration_feedback(store: Store, run_id: int) -> dict[int, list[Feedback]]:
    """Per iteration, per beam prompt: the gradients of its failures and their summary."""
    prompts = {c["key"]: c["prompt"] for c in store.candidates(run_id)}
    out: dict[int, dict[str, Feedback]] = {}

    def entry(it: int, key: str) -> Feedback:
        return out.setdefault(it, {}).setdefault(
            key, Feedback(key, prompts.get(key, ""), None, False, []))
    for g in store.where("gradients", run_id, order_by="iteration, prompt_key, row_id"):
        entry(g["iteration"], g["prompt_key"]).gradients.append((g["row_id"], g["text"] or ""))
    for s in store.where("summaries", run_id, order_by="iteration"):
        f = entry(s["iteration"], s["prompt_key"])
        f.summary, f.summary_edited = s["text"], bool(s["edited"])
    return {it: list(v.values()) for it, v in sorted(out.items())}
