"""Paired statistics on per-row scores: the sign test, Holm's step-down procedure and the
paired-bootstrap interval of a gain. Pure functions; core/selection.py decides with them."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Sequence

ALPHA = 0.05
BOOTSTRAP_SAMPLES = 2000


def sign_test_p(wins: int, losses: int) -> float:
    """P(at least `wins` of wins+losses fair coin flips come up heads): one-sided, exact. On
    0/1 scores this is McNemar's exact test: only the rows where the two prompts differ count."""
    n = wins + losses
    if n == 0:
        return 1.0
    return sum(math.comb(n, k) for k in range(wins, n + 1)) / 2 ** n


@dataclass(frozen=True)
class Comparison:
    wins: int     # rows where the candidate scored higher
    losses: int   # rows where it scored lower
    p: float      # one-sided: the candidate is better
    threshold: float
    better: bool

    def describe(self) -> str:
        return (f"better on {self.wins} row(s), worse on {self.losses}; sign test p = "
                f"{self.p:.3g} against {self.threshold:.3g}")


def compare(candidate: Sequence[float], incumbent: Sequence[float], tried: int = 1,
            alpha: float = ALPHA) -> Comparison:
    """Paired rows, same order; the threshold is alpha over `tried` (Bonferroni)."""
    wins = sum(c > i for c, i in zip(candidate, incumbent))
    losses = sum(c < i for c, i in zip(candidate, incumbent))
    p = sign_test_p(wins, losses)
    threshold = alpha / max(1, tried)
    return Comparison(wins, losses, p, threshold, wins > losses and p < threshold)


def holm(p_values: Sequence[float], alpha: float = ALPHA) -> list[tuple[bool, float]]:
    """Holm's step-down procedure: (rejected, threshold it was held to) per hypothesis, in the
    given order. The smallest p faces alpha/k, the next alpha/(k-1), ...; the first that fails
    stops the procedure. The chance of rejecting any true null stays under alpha."""
    k = len(p_values)
    out = [(False, alpha / max(1, k))] * k
    threshold = out[0][1]
    failed = False
    for step, i in enumerate(sorted(range(k), key=lambda j: p_values[j])):
        if not failed:  # after the first failure the rest keep its (strictest unmet) threshold
            threshold = alpha / (k - step)
            failed = p_values[i] >= threshold
        out[i] = (not failed, threshold)
    return out


def same_rows(candidate: Sequence[float], incumbent: Sequence[float]) -> bool:
    """Identical on every row: then only length can tell them apart, and no amount of noise
    is involved in preferring the shorter one."""
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

    @classmethod
    def from_dict(cls, d: dict) -> "Gain":
        return cls(d["rows"], d["initial"], d["final"], d["gain"], d["low"], d["high"],
                   d["verdict"])


def gain(final: Sequence[float], initial: Sequence[float], seed: int = 0) -> Gain:
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


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Rank correlation (average ranks for ties); None below 3 pairs or for a constant side."""
    if len(xs) < 3:
        return None

    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for m in range(i, j + 1):
                r[order[m]] = (i + j) / 2
            i = j + 1
        return r

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    sy = math.sqrt(sum((b - my) ** 2 for b in ry))
    if not sx or not sy:
        return None
    return sum((a - mx) * (b - my) for a, b in zip(rx, ry)) / (sx * sy)
