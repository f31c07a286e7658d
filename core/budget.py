"""Budget limits and the estimate of calls shown before a run starts."""
from __future__ import annotations

import time
from typing import Callable
from dataclasses import dataclass

from .errors import BudgetExceeded


@dataclass
class Limits:
    max_calls: int | None = None     # requests the run may issue (cached or not)
    max_tokens: int | None = None    # prompt + completion tokens
    max_wall_s: float | None = None  # active time, summed over resumed sessions


class Budget:
    """Counts what the run uses; a request that would cross a limit is never sent.

    Calls and tokens count every request of the run's logic, served from the cache or not,
    so a resumed run that replays from its cache stops at exactly the same point.
    """

    def __init__(self, limits: Limits, prior_active_s: float = 0.0,
                 paused_s: Callable[[], float] = lambda: 0.0):
        self.limits = limits
        self.paused_s = paused_s  # time the user held the run paused is not active time
        self.calls = 0
        self.tokens = 0
        self.prior_active_s = prior_active_s
        self.started = time.monotonic()

    def active_s(self) -> float:
        return self.prior_active_s + time.monotonic() - self.started - self.paused_s()

    def allowed_calls(self, wanted: int) -> int:
        """How many of `wanted` requests may go now; raise when none may."""
        lim = self.limits
        if lim.max_wall_s is not None and self.active_s() >= lim.max_wall_s:
            raise BudgetExceeded("wall time", f"{lim.max_wall_s:g} s")
        if lim.max_tokens is not None and self.tokens >= lim.max_tokens:
            raise BudgetExceeded("tokens", lim.max_tokens)
        if lim.max_calls is not None:
            left = lim.max_calls - self.calls
            if left <= 0:
                raise BudgetExceeded("LLM calls", lim.max_calls)
            return min(wanted, left)
        return wanted

    def spend(self, tokens: int) -> None:
        self.calls += 1
        self.tokens += tokens


def estimate_calls(*, iterations: int, beam: int, candidates: int, batch: int, val: int,
                   test: int, judge: bool, starts: int = 0, coded: int = 0, per_val: int = 0,
                   confirm: int = 1, failure_rate: float = 0.5) -> dict:
    """Requests a run will issue: an upper bound (every row fails) and a typical figure.
    starts: starting candidates besides the initial prompt written by the editor (a full
    beam's rephrasings); coded: those code writes (format rule, own words, examples), which
    cost their scoring only; per_val: requests per validation row and candidate (0: a
    generation, plus the judge's; forced-answer ranking: one per option); confirm: the
    candidates tested on the held-out rows besides the starting prompt."""
    per_eval = 2 if judge else 1  # generation (+ judge) per row
    per_val = per_val or per_eval

    def total(fail: float) -> int:
        initial = (1 + coded) * val * per_val + starts * (1 + val * per_val)
        per_iter = (beam * batch * per_eval          # generation + evaluation on the batch
                    + round(beam * batch * fail)     # one gradient per failed row
                    + beam                           # one summary per beam prompt
                    + beam * candidates              # editor
                    + beam * candidates * val * per_val)  # ranking candidates on validation
        final = (1 + confirm) * test * per_eval
        return initial + iterations * per_iter + final

    return {"upper_bound": total(1.0), "typical": total(failure_rate)}
