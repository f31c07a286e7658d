"""Selection that does not fool itself.

With 30 validation rows one row is 3.3 points, and the best of ~28 candidates beats the
starting prompt by 10-20 points from noise alone. So a candidate replaces the incumbent only
when it wins on the same rows by more than chance: a one-sided sign test on the rows where the
two differ, at 5% divided by the number of candidates the run may try (Bonferroni: the chance
that any one of them passes by luck stays under 5%). Of the candidates that pass, a shorter
one that the winner does not beat beyond chance is preferred (`simplest`: added words must
earn their place). The final prompt is then confirmed on held-out rows, and its gain there
is reported with a paired-bootstrap 95% interval.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Callable, Sequence

from .messages import Message

ALPHA = 0.05
BOOTSTRAP_SAMPLES = 2000


def sign_test_p(wins: int, losses: int) -> float:
    """P(at least `wins` of wins+losses fair coin flips come up heads): one-sided, exact."""
    n = wins + losses
    if n == 0:
        return 1.0
    return sum(math.comb(n, k) for k in range(wins, n + 1)) / 2 ** n


@dataclass(frozen=True)
class Comparison:
    wins: int     # rows where the candidate scored higher
    losses: int   # rows where it scored lower
    p: float
    threshold: float
    better: bool

    def describe(self) -> str:
        return (f"better on {self.wins} row(s), worse on {self.losses}; sign test p = "
                f"{self.p:.3g} against {self.threshold:.3g} (5% over the candidates planned)")


def compare(candidate: Sequence[float], incumbent: Sequence[float], tried: int,
            alpha: float = ALPHA) -> Comparison:
    """Paired rows, same order. `tried`: the number of candidates the run may compare."""
    wins = sum(c > i for c, i in zip(candidate, incumbent))
    losses = sum(c < i for c, i in zip(candidate, incumbent))
    p = sign_test_p(wins, losses)
    threshold = alpha / max(1, tried)
    return Comparison(wins, losses, p, threshold, wins > losses and p < threshold)


def same_rows(candidate: Sequence[float], incumbent: Sequence[float]) -> bool:
    """Identical on every row: then only the length penalty can tell them apart, and no
    amount of noise is involved in preferring the shorter one."""
    return len(candidate) == len(incumbent) and all(
        c == i for c, i in zip(candidate, incumbent))


@dataclass(frozen=True)
class Gain:
    rows: int
    initial: float
    final: float
    mean: float       # final - initial
    low: float        # 95% paired-bootstrap interval of the mean difference
    high: float
    verdict: str      # better | no clear difference | worse

    def as_dict(self) -> dict:
        return {"rows": self.rows, "initial": self.initial, "final": self.final,
                "gain": self.mean, "low": self.low, "high": self.high,
                "verdict": self.verdict}


def simplest(winner, rivals: Sequence, incumbent, tried: int, size: Callable[[object], int]):
    """Occam's rule for a winner (anything with .key and .rows): among the rivals that also beat
    the incumbent beyond chance, the smallest one that the winner does not beat beyond chance
    is handed over instead, so words a winner adds must earn their place (a small editor
    often wraps a code-made format rule in text that changes nothing measurable)."""
    plain = [r for r in rivals
             if r.key not in (winner.key, incumbent.key) and size(r) < size(winner)
             and compare(r.rows, incumbent.rows, tried).better
             and not compare(winner.rows, r.rows, tried).better]
    return min(plain, key=size) if plain else winner


def gain(final: list[float], initial: list[float], seed: int = 0) -> Gain:
    """Paired bootstrap over rows of (final - initial), 95% percentile interval."""
    diffs = [f - i for f, i in zip(final, initial)]
    n = len(diffs)
    if n == 0:
        return Gain(0, 0.0, 0.0, 0.0, 0.0, 0.0, "no clear difference")
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(diffs, k=n)) / n for _ in range(BOOTSTRAP_SAMPLES))
    low = means[int(0.025 * (BOOTSTRAP_SAMPLES - 1))]
    high = means[int(0.975 * (BOOTSTRAP_SAMPLES - 1))]
    verdict = "better" if low > 0 else "worse" if high < 0 else "no clear difference"
    return Gain(n, sum(initial) / n, sum(final) / n, sum(diffs) / n, low, high, verdict)


def note(res: dict) -> Message:
    """In words: which prompt a run hands over and why (the CLI, the Results tab and the
    reports all show this; the GUI in its language)."""
    outcome, g = res.get("selection_outcome"), res.get("test_gain")
    if outcome == "no_win":
        return Message(
            "No candidate beat the starting prompt on the validation rows by more than chance "
            "({tried} tried); the starting prompt is kept. Try more validation rows or "
            "iterations, edit a summary or a candidate, or use a larger optimizer model.",
            tried=res["candidates_tried"])
    if outcome == "no_test":
        return Message("The best candidate beat the starting prompt on the validation rows "
                       "beyond chance; there were no held-out test rows to confirm it.")
    if outcome == "not_confirmed":
        return Message(
            "The best validation candidate ({candidate:.0%} vs {initial:.0%}) was not better on "
            "the {rows} held-out test rows, so the starting prompt is kept.",
            candidate=res["candidate_val_score"], initial=res["initial_val_score"],
            rows=g["rows"])
    if outcome == "confirmed":
        return Message("The best candidate beat the starting prompt on the validation rows "
                       "beyond chance and was better on the held-out test rows.")
    return Message("")


def gain_line(g: dict | None) -> Message:
    if not g:
        return Message("held-out test gain: no test rows")
    return Message("held-out test gain: {gain:+.1%} (95% interval {low:+.1%} to {high:+.1%}, "
                   "{rows} rows): {verdict}", gain=g["gain"], low=g["low"], high=g["high"],
                   rows=g["rows"], verdict=g["verdict"])
