"""Headroom benchmark: is there a better prompt for the optimizer to find at all?

The quality benchmark asks the optimizer for a clear held-out gain. That is only possible where
some sensible prompt really scores better than the starting one with the task model. This
script scores a few instructions a careful person would write for each benchmark task (fixed
below; none was changed after seeing its score here) against the starting prompt on the
same rows, with the app's own scoring, and prints each one's paired gain with its 95%
bootstrap interval and verdict. When none of them is clearly better, the optimizer keeping the
starting prompt is the right answer, not a failure. Not part of pytest.

    python tests/bench/headroom.py [--tasks a,b] [--rows 200] [--gpu-layers -1]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gradsum.core.choices import row_options  # noqa: E402
from gradsum.core.dataset import load  # noqa: E402
from gradsum.core.labels import LabelStanding, made_of, standing  # noqa: E402
from gradsum.core.engine import CancelToken, Request, Sampling  # noqa: E402
from gradsum.core.metrics import verdict  # noqa: E402
from gradsum.core.stats import gain  # noqa: E402
from gradsum.core.settings import ModelSpec  # noqa: E402
from gradsum.core.template import render  # noqa: E402
from gradsum.models.factory import make_engine  # noqa: E402
from tests.bench.tasks import TASKS, data_path  # noqa: E402

# instruction lines that replace the starting prompt's first line (the data part stays)
ALTERNATIVES = {
    "object_counting": [
        "Answer the question with a single number.",
        "Count the objects of the asked kind and answer with the total as a number.",
        "Count how many objects of the asked kind the list names, adding up their quantities. "
        "Reply with the total only, as a number.",
    ],
    "sports_understanding": [
        "Is the following sentence plausible? Answer with one word: plausible or implausible.",
        "Is the following sentence plausible? Answer with exactly one of: plausible, "
        "implausible.",
        "Could the named athlete really do this in their own sport? Answer plausible or "
        "implausible.",
    ],
    "word_sorting": [
        "Sort the words alphabetically. Reply with the sorted words only, separated by spaces.",
        "Sort a list of words alphabetically.",
    ],
    "sports_choice": [
        "Is the following sentence plausible? Answer with exactly one of the options, as "
        "written.",
        "Is the following sentence plausible? Reply with one of the options only.",
        "Could the named athlete really do this in their own sport? Reply with one of the "
        "options only.",
    ],
    "counting_choice": [
        "Answer the question. Answer with exactly one of the options, as written.",
        "Count the objects the question asks about, then reply with the one option that is "
        "the total.",
        "Answer the question with one number from the options.",
    ],
    # candidate demos (tests/bench/tasks.py)
    "reviews": [
        "Decide whether a review of a product or service is positive or negative.",
        "Is this review positive or negative? Answer with exactly one of: positive, negative.",
        "Decide whether a review of a product or service is positive or negative. Answer with "
        "exactly one of: positive, negative.",
    ],
    "reviews_zh": [
        "判断一条商品或服务的评论是正面的还是负面的。",
        "这条评论是正面的还是负面的？只回答以下选项之一：正面、负面。",
        "判断一条商品或服务的评论是正面的还是负面的。只回答以下选项之一：正面、负面。",
    ],
    # the demo projects (pet shop questions, tried first as candidates pets and pets_zh)
    "demo": [
        "Name the animal the customer's question is about.",
        "Name the animal the customer's question is about. Answer with exactly one of: cat, "
        "dog, bird, rabbit.",
        "The answer is exactly one of the options, the right one. Answer with exactly one of: "
        "cat, dog, bird, rabbit.",
    ],
    "demo_zh_CN": [
        "说出顾客的问题是关于哪种动物的。",
        "说出顾客的问题是关于哪种动物的。只回答以下选项之一：猫、狗、鸟、兔子。",
        "答案是选项中的一个，而且是对的。只回答以下选项之一：猫、狗、鸟、兔子。",
        # added after a 40-row probe of five wordings (the model copies the question's
        # opening words; this one made it stop at the animal most often); the Chinese demo's
        # task description since
        "找出问题中提到的动物，只回答它的名字。",
    ],
}


def score(engine, template: str, rows: list[dict], answers: list[str], options: list,
          metric: str, max_tokens: int) -> tuple[list[float], LabelStanding | None]:
    """Per-row scores, and the answers per label where the answers are a closed set."""
    sampling = Sampling(temperature=0.0, max_tokens=max_tokens)
    reqs = [Request.chat(render(template, row), sampling=sampling) for row in rows]
    outs = [r.text.strip() for r in engine.generate_many(reqs, CancelToken())]
    return ([verdict(metric, out, ans, list(opts) if opts else None)[0]
             for out, ans, opts in zip(outs, answers, options)],
            standing(outs, answers, options))


def per_label(s: LabelStanding | None) -> str:
    """'bal 61.0% top 55% | plausible 70% implausible 52%' ('n/a' for open answers)."""
    if s is None:
        return f"{'n/a':>6} {'n/a':>4} |"
    top = s.top_answer()[1] / s.rows if s.rows else 0.0
    recall = " ".join(f"{k} {v:.0%}" for k, v in s.recall().items() if v is not None)
    if s.by_position:
        recall = f"chance {s.chance:.0%}"
    return f"{s.balanced:6.1%} {top:4.0%} | {recall}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default=",".join(ALTERNATIVES))
    ap.add_argument("--rows", type=int, default=200, help="the first N rows of each data set")
    ap.add_argument("--task-max-tokens", type=int, default=48)
    ap.add_argument("--gpu-layers", type=int, default=0)
    ap.add_argument("--threads", type=int)
    a = ap.parse_args()
    engine = make_engine(ModelSpec(gpu_layers=a.gpu_layers, threads=a.threads))
    print(f"{'task':20} {'score':>6} {'gain [95% interval]':>26} {'verdict':19} "
          f"{'bal.':>6} {'top':>4} | per-label recall || prompt's instruction", flush=True)
    t0 = time.monotonic()
    names, clear = a.tasks.split(","), set()
    try:
        for name in names:
            spec = TASKS[name]
            rows = load(data_path(name)).rows[:a.rows]
            answers = [str(r[spec.get("answer_column", "answer")]) for r in rows]
            opts = list(row_options(dict(enumerate(zip(rows, answers))),
                                    spec.get("options_column")).values())
            first, rest = spec["template"].split("\n", 1)
            # a demo is scored at its own answer length, as its run does
            tokens = spec.get("run", {}).get("task_max_tokens", a.task_max_tokens)
            base, lab0 = score(engine, spec["template"], rows, answers, opts,
                               spec["metrics"][0], tokens)
            print(f"{name:20} {sum(base) / len(base):6.1%} {'(starting prompt)':>26} "
                  f"{'':19} {per_label(lab0)} || {first}", flush=True)
            for line in ALTERNATIVES[name]:
                got, lab1 = score(engine, line + "\n" + rest, rows, answers, opts,
                                  spec["metrics"][0], tokens)
                g = gain(got, base)
                # better at the task: the score and, on a closed set, the per-label standing
                at_task = made_of(lab1, lab0) != "format"
                print(f"{name:20} {g.final:6.1%} {g.mean:+7.1%} [{g.low:+6.1%}, "
                      f"{g.high:+6.1%}] {g.verdict:19} {per_label(lab1)} || {line}",
                      flush=True)
                if g.verdict == "better" and at_task:
                    clear.add(name)
    finally:
        engine.close()
    print(f"\n{a.rows} rows per task at most, {time.monotonic() - t0:.0f} s; tasks where a "
          f"hand-written instruction is clearly better than the starting prompt: "
          f"{len(clear)} of {len(names)} ({', '.join(sorted(clear)) or 'none'})")

if __name__ == "__main__":
    main()
