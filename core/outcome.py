"""What a finished run leaves behind: its result record (scores, held-out gain, the selection
outcome, calls and time, judge agreement), saved on the run and returned to both faces.

The search decides which prompt wins (core/search.py); this module only reports it, so the
figures a run shows are assembled in one place.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from .selection import Gain

if TYPE_CHECKING:  # the search passes itself; imported for the annotation only
    from .search import Scored, Search

WRITTEN = ("editor", "rephrase")  # origins of the candidates the optimizer model wrote


def selection_outcome(initial: "Scored", best: "Scored", candidate: "Scored",
                      confirmed: bool | None) -> str:
    """no_win | no_test | not_confirmed | confirmed (core/selection.note says it in words)."""
    if candidate.key == initial.key:
        return "no_win"
    if confirmed is None:
        return "no_test"
    return "not_confirmed" if best.key == initial.key else "confirmed"


def judge_agreement(search: "Search") -> dict | None:
    """How often the judge agrees with a deterministic check on validation rows."""
    if "judge" not in search.settings.metrics or not search.settings.answer_column:
        return None
    return search.store.judge_agreement(search.run_id)


def record(search: "Search", initial: "Scored", best: "Scored", candidate: "Scored",
           confirmed: bool | None, gain: Gain | None, stop_reason: str, history: list,
           t0: float) -> dict:
    """The result of a run, saved on it (status finished) and returned."""
    store, run_id, calls = search.store, search.run_id, search.calls
    # calls computed for this run over all its sessions (the store knows, not this process);
    # without the cache, records of earlier runs get overwritten, so count this session's
    computed = store.calls_of_run(run_id) if search.config.use_cache else calls.computed
    cands = store.candidates(run_id)
    written = [c for c in cands if c["origin"] in WRITTEN]
    result = {
        "best_prompt": best.prompt, "initial_prompt": initial.prompt,
        "initial_val_score": initial.val, "best_val_score": best.val,
        "test_score_initial": gain.initial if gain else None,
        "test_score_best": gain.final if gain else None,
        "llm_calls": computed, "cached_calls": max(calls.requests - computed, 0),
        "requests": calls.requests, "tokens": search.budget.tokens,
        "wall_s": round(search.budget.active_s(), 2),
        "session_wall_s": round(time.monotonic() - t0, 2),
        "stop_reason": stop_reason, "iterations": history,
        "candidates_total": len(written),
        "candidates_usable": sum(1 for c in written if c["status"] == "ok"),
        "judge_agreement": judge_agreement(search), "language": search.lang,
        "candidate_prompt": candidate.prompt, "candidate_val_score": candidate.val,
        "confirmed": confirmed, "test_gain": gain.as_dict() if gain else None,
        "selection_outcome": selection_outcome(initial, best, candidate, confirmed),
        "selection": search.decisions,
        "candidates_tried": sum(1 for x in search.scored.values() if x.full) - 1,
        "best_tokens": store.candidate(run_id, best.key)["tokens"],
    }
    store.update_run(run_id, status="finished", stop_reason=stop_reason, result=result,
                     finished=time.time(), active_s=search.budget.active_s())
    return result
