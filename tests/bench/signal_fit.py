"""Does the forced-answer signal rank prompts as their held-out accuracy does?

For each task, a fixed set of prompts (the start, the start with the format rule, the user's
own words, the hand-written instructions of headroom.py, and odd ones an editor model wrote
in earlier runs) is scored on the same rows twice: by the app's metric on generated outputs,
and by the forced-answer signal, in three readings of the same forward passes: the margin
over the best rival option read as a probability (the app's signal for closed sets), the
probability of the expected answer itself, and their product. Prints each prompt's figures
and, per reading, the Spearman rank correlation with accuracy across the prompts. Not part of
pytest.

    python tests/bench/signal_fit.py [--tasks a,b] [--rows 85] [--offset 115]
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gradsum.core.choices import row_options  # noqa: E402
from gradsum.core.dataset import load  # noqa: E402
from gradsum.core.engine import CancelToken, Request, Sampling  # noqa: E402
from gradsum.core.metrics import normalize, verdict  # noqa: E402
from gradsum.core.stats import spearman  # noqa: E402
from gradsum.core.settings import ModelSpec  # noqa: E402
from gradsum.core.template import render  # noqa: E402
from gradsum.models.factory import make_engine  # noqa: E402
from tests.bench.headroom import ALTERNATIVES  # noqa: E402
from tests.bench.tasks import TASKS, data_path  # noqa: E402

ODD = {  # instruction lines editor models wrote in benchmark runs (kept as written)
    "counting_choice": [
        "Choose one animal from the total of 25 animals, and choose the animal with the "
        "smallest denomination. Answer with exactly one of the options, as written.",
        "Pass the coin,. Answer with exactly one of the options, as written.",
    ],
    "sports_choice": [
        "Evaluate whether a statement about sports meets the standard of plausibility "
        "requiring multiple plausible outcomes, without only considering the possibility and "
        "probability of an event occurring in reality.",
    ],
    "object_counting": ["Count the objects. Think step by step before you answer."],
}


def instructions(name: str) -> list[str]:
    spec = TASKS[name]
    first = spec["template"].split("\n", 1)[0]
    lines = [first, spec["task"], spec["task"] + " " + spec["criteria"]]
    if spec.get("options_column"):
        lines.append(first + " Answer with exactly one of the options, as written.")
    return list(dict.fromkeys(lines + ALTERNATIVES.get(name, []) + ODD.get(name, [])))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default="counting_choice,sports_choice,object_counting")
    ap.add_argument("--rows", type=int, default=85)
    ap.add_argument("--offset", type=int, default=115, help="rows skipped first")
    ap.add_argument("--task-max-tokens", type=int, default=48)
    a = ap.parse_args()
    engine = make_engine(ModelSpec())
    t0 = time.monotonic()
    try:
        for name in a.tasks.split(","):
            spec = TASKS[name]
            rows = load(data_path(name)).rows[a.offset:a.offset + a.rows]
            answers = [str(r["answer"]) for r in rows]
            opts = list(row_options(dict(enumerate(zip(rows, answers))),
                                    spec.get("options_column")).values())
            rest = spec["template"].split("\n", 1)[1]
            figures = []
            for line in instructions(name):
                template = line + "\n" + rest
                users = [render(template, r) for r in rows]
                gen = engine.generate_many([Request.chat(u, sampling=Sampling(
                    max_tokens=a.task_max_tokens)) for u in users], CancelToken())
                acc = sum(verdict(spec["metrics"][0], g.text.strip(), ans,
                                  list(o) if o else None)[0]
                          for g, ans, o in zip(gen, answers, opts)) / len(rows)
                reqs, forced, owner = [], [], []
                for i, (u, ans, o) in enumerate(zip(users, answers, opts)):
                    for t in (list(o) if o else [ans]):
                        reqs.append(Request.chat(u))
                        forced.append(t)
                        owner.append(i)
                lps = engine.answer_logprobs(reqs, forced, CancelToken())
                margin, prob = [], []
                for i, (ans, o) in enumerate(zip(answers, opts)):
                    mine = [(t, lp) for t, lp, k in zip(forced, lps, owner) if k == i]
                    exp = next(lp for t, lp in mine if normalize(t) == normalize(ans))
                    rival = max((lp for t, lp in mine if normalize(t) != normalize(ans)),
                                default=None)
                    prob.append(math.exp(exp))
                    margin.append(1 / (1 + math.exp(rival - exp)) if rival is not None
                                  else math.exp(exp))
                m, p = sum(margin) / len(rows), sum(prob) / len(rows)
                prod = sum(x * y for x, y in zip(margin, prob)) / len(rows)
                figures.append((acc, m, p, prod, line))
                print(f"{name:18} acc {acc:6.1%}  margin {m:.3f}  prob {p:.3f}  "
                      f"product {prod:.3f}  {line[:90]}", flush=True)
            accs = [f[0] for f in figures]
            for k, label in ((1, "margin"), (2, "prob"), (3, "product")):
                rho = spearman([f[k] for f in figures], accs)
                print(f"{name:18} rank correlation with accuracy, {label:8}: "
                      f"{'—' if rho is None else f'{rho:+.2f}'} over {len(figures)} prompts",
                      flush=True)
    finally:
        engine.close()
    print(f"{time.monotonic() - t0:.0f} s")


if __name__ == "__main__":
    main()
