"""The search's ranking signal on validation rows, where the expected answer is known.

A 0/1 metric over 50-100 rows separates a small model's candidates by a handful of rows,
too little to rank 30-40 of them. Instead each row is scored by how strongly the task model,
given the prompt, would give the expected answer: the answer written as its reply and read in
one forward pass (teacher-forced, no generation, so far cheaper than generating and judging).

- closed answer set: the log-odds margin of the expected option over the best other option,
  read as a probability, sigma(margin) = p(expected) / (p(expected) + p(best rival)): 0.5 is a
  tie, near 1 a clear right answer;
- open answer: the probability of the expected answer, exp(log p).

Both lie in [0, 1], like the metric, so the run shows them where it shows scores. The signal
only ranks and races candidates; what is exported is decided by the user's metric on held-out
rows (core/selection.py). Engines that cannot give log-probabilities raise NoLogprobs, and the
search ranks by the metric instead and says so.

It is a switch (RunConfig.signal = "logprob"), not the default: with the bundled
SmolLM2-135M, tests/bench/signal_fit.py found its rank correlation with held-out accuracy
across 8 prompts at -0.23 (counting_choice). A small model's accuracy there is decided by
whether it names one option at all, which a reply forced to be that option cannot see (the
format-rule prompt had the highest margin and 1% accuracy). A model that follows the answer
format is where it should pay; measure with that bench before turning it on.
"""
from __future__ import annotations

import math

from .calls import ModelCalls
from .engine import Request
from .generation import row_values
from .answer_text import normalize
from .template import render

LOGPROB, METRIC = "logprob", "metric"


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x > -700 else 0.0


def forced_standing(calls: ModelCalls, prompts: list[str], row_ids: list[int],
                    rows: dict[int, tuple[dict, str | None]], mapping: dict[str, str],
                    options: dict[int, tuple[str, ...] | None]) -> dict[str, list[float]]:
    """Per prompt, the signal on each row in row_ids' order. Raises NoLogprobs."""
    requests, answers, owners = [], [], []
    targets: dict[int, tuple[list[str], int | None]] = {}
    for rid in row_ids:
        row, expected = rows[rid]
        opts = list(options.get(rid) or ())
        want = normalize(expected or "")
        hit = next((i for i, o in enumerate(opts) if normalize(o) == want), None)
        targets[rid] = (opts, hit) if hit is not None and len(opts) > 1 else ([expected or ""],
                                                                             None)
    for p in prompts:
        for rid in row_ids:
            req = Request.chat(render(p, row_values(rows[rid][0], mapping)))
            for answer in targets[rid][0]:  # a row's options together: they share the prompt
                requests.append(req)
                answers.append(answer)
                owners.append((p, rid))
    values = calls.logprobs("task", requests, answers)
    got: dict[tuple[str, int], list[float | None]] = {}
    for owner, v in zip(owners, values):
        got.setdefault(owner, []).append(v)
    out: dict[str, list[float]] = {}
    for p in prompts:
        out[p] = []
        for rid in row_ids:
            lps = got[(p, rid)]
            opts, hit = targets[rid]
            if hit is None:  # open answer
                out[p].append(math.exp(lps[0]) if lps[0] is not None else 0.0)
            elif lps[hit] is None:  # the row does not fit the context
                out[p].append(0.0)
            else:
                rival = max(v for i, v in enumerate(lps) if i != hit and v is not None) \
                    if any(v is not None for i, v in enumerate(lps) if i != hit) else -1e9
                out[p].append(sigmoid(lps[hit] - rival))
    return out
