"""What a finished run leaves behind: its result record (scores, the held-out confirmation,
the selection, calls and time, judge agreement), saved on the run and returned to both faces.

core/selection.py decides which prompt is handed over; this module only writes the decision
down with the run's figures, so what a run shows is assembled in one place.
"""
from __future__ import annotations

import time

from .budget import Budget
from .calls import ModelCalls
from .messages import Message
from .origins import Origin
from .result import RunResult
from .selection import PASSED, Selection
from .settings import ProjectSettings, RunConfig
from .store import Store

FINISHED = "finished {count} iteration(s)"  # the stop reason of a run that ran its course
# stop reasons of the search's own rules (core/search.py), also a normal end
AT_REST = ("validation score is perfect", "no clear gain in {count} iteration(s)")


def ended(reason) -> Message:
    """How a run ended, as the start of a sentence: "Finished 3 iteration(s)" when it ran its
    course, "Finished: <reason>" when a rule of the search ended it (a perfect score, no clear
    gain), else "Stopped: <reason>" (the budget, an editor that wrote nothing usable)."""
    template = getattr(reason, "template", None)
    if template == FINISHED:
        return Message("Finished {count} iteration(s)", count=reason.args["count"])
    if template in AT_REST:
        return Message("Finished: {reason}", reason=reason)
    return Message("Stopped: {reason}", reason=reason)


def judge_agreement(store: Store, run_id: int, settings: ProjectSettings) -> dict | None:
    """How often the judge agrees with a deterministic check on validation rows."""
    if "judge" not in settings.metrics or not settings.answer_column:
        return None
    return store.judge_agreement(run_id)


def record(store: Store, run_id: int, calls: ModelCalls, budget: Budget,
           settings: ProjectSettings, config: RunConfig, lang: str, sel: Selection,
           stop_reason: str, history: list, t0: float) -> dict:
    """The result of a run, saved on it (status finished) and returned."""
    # calls computed for this run over all its sessions (the store knows, not this process);
    # without the cache, records of earlier runs get overwritten, so count this session's
    computed = store.calls_of_run(run_id) if config.use_cache else calls.computed
    cands = store.candidates(run_id)
    written = [c for c in cands if Origin(c["origin"]).by_optimizer]
    gain = sel.gain
    result = RunResult(
        best_prompt=sel.exported.prompt, initial_prompt=sel.initial.prompt,
        initial_val_score=sel.initial.val, best_val_score=sel.exported.val,
        test_score_initial=gain.initial if gain else None,
        test_score_best=gain.final if gain else None,
        llm_calls=computed, cached_calls=max(calls.requests - computed, 0),
        wall_s=round(budget.active_s(), 2), stop_reason=stop_reason, decision=sel.decision,
        test_gain=gain, labels_initial=sel.labels_initial,
        labels_exported=sel.labels_of_export, made_of=sel.made_of,
        requests=calls.requests, tokens=budget.tokens,
        session_wall_s=round(time.monotonic() - t0, 2), iterations=tuple(history),
        candidates_total=len(written),
        candidates_usable=sum(1 for c in written if c["status"] == "ok"),
        candidates_tried=sel.tried, judge_agreement=judge_agreement(store, run_id, settings),
        language=lang, candidate_prompt=sel.candidate.prompt,
        candidate_val_score=sel.candidate.val,
        confirmed=sel.outcome in PASSED if sel.confirm_rows else None,
        best_tokens=store.candidate(run_id, sel.exported.key)["tokens"]).to_dict()
    store.update_run(run_id, status="finished", stop_reason=stop_reason, result=result,
                     finished=time.time(), active_s=budget.active_s())
    return result

