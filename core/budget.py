"""Budget limits and the estimate of calls shown before a run starts."""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
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


def raced_rows(candidates: int, beam: int, val: int) -> int:
    """Validation rows scored by successive halving (core/search.py validate_prompts): every
    candidate on a quarter of the rows, the better half on twice as many, until the
    survivors have seen every row (rows already scored come from the cache)."""
    if candidates <= beam:
        return candidates * val
    alive, n, seen, total = candidates, max(2, val // 4), 0, 0
    while True:
        n = min(n, val)
        total += alive * (n - seen)
        seen = n
        if n == val or alive <= beam:
            return total + alive * (val - seen)
        alive, n = max(beam, (alive + 1) // 2), n * 2


# the share of the editor's candidates that pass the checks and are scored: 99 of 164 (0.60) for
# the bundled model's editor over tests/bench/first_run.py's Quick, Standard and Thorough runs
# of the demo and sports_choice (0.38 to 0.75 a run)
USABLE_EDITS = 0.6


@dataclass(frozen=True)
class Estimate:
    """The model requests a run will make, shown before it and kept in its plan: a typical
    figure, an upper bound, how many of the typical ones write (gradients, summaries, edits),
    and a task request's prompt and reply tokens (for the minutes)."""
    typical: int
    upper_bound: int
    writing: int = 0
    task_tokens: tuple[int, int] = (150, 40)

    def to_dict(self) -> dict:
        return {"typical": self.typical, "upper_bound": self.upper_bound,
                "writing": self.writing, "task_tokens": list(self.task_tokens)}

    @classmethod
    def from_dict(cls, d: dict) -> "Estimate":
        return cls(d["typical"], d["upper_bound"], d.get("writing", 0),
                   tuple(d.get("task_tokens") or cls.task_tokens))

    def with_task_tokens(self, prompt: int, reply: int) -> "Estimate":
        return replace(self, task_tokens=(prompt, reply))


def estimate_calls(*, iterations: int, beam: int, candidates: int, batch: int, val: int,
                   test: int, judge: bool, starts: int = 0, coded: int = 0, per_val: int = 0,
                   confirm: int = 1, patience: int | None = None, racing: bool = False,
                   prune: int = 0, failure_rate: float = 0.5,
                   usable: float = USABLE_EDITS) -> Estimate:
    """Requests a run will issue: an upper bound (every row fails, every iteration runs, a
    full family confirmed) and a typical figure (half the rows fail; the run stops once
    `patience` iterations in a row bring no clear gain; the edits that pass the checks
    scored; one candidate scored on the held-out rows besides the start).
    starts: starting candidates besides the initial prompt written by the editor (a full
    beam's rephrasings); coded: those code writes (format rule, own words, examples), which
    cost their scoring only; per_val: requests per validation row and candidate (0: a
    generation, plus the judge's; forced-answer ranking: one per option); confirm: the
    candidates tested on the held-out rows besides the starting prompt; racing: new
    candidates scored by successive halving; prune: sentences the winner may lose, each
    trial scored on every validation row."""
    per_eval = 2 if judge else 1  # generation (+ judge) per row
    per_val = per_val or per_eval

    def total(fail: float, its: float, confirm: int, prune: float, usable: float) -> int:
        scored = max(1, round(beam * candidates * usable))  # rejected edits are not scored
        ranked = raced_rows(scored, beam, val) if racing else scored * val
        initial = (1 + coded) * val * per_val + starts * (1 + val * per_val)
        per_iter = (beam * batch * per_eval          # generation + evaluation on the batch
                    + round(beam * batch * fail)     # one gradient per failed row
                    + beam                           # one summary per beam prompt
                    + beam * candidates              # editor
                    + ranked * per_val)              # ranking candidates on validation
        final = round(prune * val * per_val) + (1 + confirm) * test * per_eval
        return round(initial + its * per_iter + final)

    # typical: `patience` iterations without a clear gain (core/selection.py: a gain counts
    # only beyond ranking luck, which the bundled model's edits rarely reach after the
    # starting candidates: the demo's and sports_choice's Standard and Thorough runs all
    # stopped after 3), and half an iteration more for the runs that gain; the edits that
    # pass the checks scored (USABLE_EDITS); one family member scored on the held-out rows
    # (the first scored decides a confirmed win and the rest are skipped, selection.py; a run
    # that confirms nothing scores them all); half a pruning pass (only a winner the optimizer
    # wrote is pruned: sports_choice's Quick run pruned one and came to 1.20x, the demo's
    # own-words winners none and came to 0.80-0.97x)
    typical_its = min(iterations, patience + 0.5) if patience else iterations
    writing = starts + round(typical_its * (round(beam * batch * failure_rate) + beam
                                            + beam * candidates))
    return Estimate(typical=total(failure_rate, typical_its, min(confirm, 1), prune / 2, usable),
                    upper_bound=total(1.0, iterations, confirm, prune, 1.0), writing=writing)


# what one request costs in tokens, besides the task's own (measured on the bundled model's
# runs: a judge reads the row and the answer and writes a short verdict; gradients, summaries
# and edits read a metaprompt and write a paragraph: 305 tokens in and 79 out on average over
# the 1,159 optimizer requests of 45 runs of tests/bench/first_run.py)
JUDGE_TOKENS, WRITING_TOKENS = (350, 60), (300, 80)
# how much faster requests go batched (8 sequences decoded together) than one at a time, on
# CPU, with the bundled model: 1.8 to 2.4 on 2 cores for the demo's Quick runs (one at a time
# about 5 min, in English they took 2.1-2.2, in Chinese 2.7-3.0; tests/bench/first_run.py
# prints estimate against actual)
BATCH_GAIN = 2.1


def estimate_seconds(est: Estimate, speed: tuple[float, float], judge: bool,
                     batch_gain: float = BATCH_GAIN) -> float:
    """Wall time of the typical run: each kind of request at its token counts (a task
    request's: est.task_tokens), at the model's measured speed (prompt tokens/s, generated
    tokens/s, one sequence at a time), faster by batching."""
    pp, tg = speed
    writing = est.writing
    scoring = max(est.typical - writing, 0)
    judged = scoring // 2 if judge else 0

    def cost(tokens: tuple[int, int]) -> float:
        return tokens[0] / pp + tokens[1] / tg
    one_at_a_time = ((scoring - judged) * cost(est.task_tokens) + judged * cost(JUDGE_TOKENS)
                     + writing * cost(WRITING_TOKENS))
    return one_at_a_time / batch_gain
