"""Step 2 — evaluation: an LLM judge applies the user's criteria; deterministic metrics
need no model.

The judge's reply is forced into `{"reasoning": "...", "score": 0|1}` by a grammar, so a
small model's rambling cannot break parsing; a reply that still cannot be read scores 0 with
the reason recorded.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from . import metaprompts, metrics
from .engine import Request, Sampling
from .calls import ModelCalls

JUDGE_GRAMMAR = r'''root ::= "{\"reasoning\": \"" reason "\", \"score\": " score "}"
reason ::= rc{1,200}
rc ::= [^"\\\x00-\x1f]
score ::= "0" | "1"
'''
JUDGE_MAX_TOKENS = 96


@dataclass(frozen=True)
class Item:
    input_text: str
    output: str
    expected: str | None
    options: tuple[str, ...] | None = None  # the row's closed answer set (core/choices.py)


@dataclass(frozen=True)
class Evaluation:
    score: float                  # mean of the chosen metrics, 0..1
    reason: str                   # the judge's reasoning, or which metric failed
    judge_score: float | None
    metric_scores: dict[str, float]
    check_score: float | None     # a deterministic check, to measure the judge's agreement


def parse_judge(text: str) -> tuple[float | None, str]:
    try:
        data = json.loads(text)
        score = data.get("score")
        if score in (0, 1):
            return float(score), str(data.get("reasoning", "")).strip()
    except (json.JSONDecodeError, AttributeError):
        pass
    m = re.search(r'"score"\s*:\s*([01])\b', text)
    if m:
        reason = re.search(r'"reasoning"\s*:\s*"([^"]*)', text)
        return float(m.group(1)), reason.group(1).strip() if reason else ""
    return None, ""


def evaluate(calls: ModelCalls, items: list[Item], metric_specs: list[str], task: str,
             criteria: str, judge_metaprompt: str) -> list[Evaluation]:
    use_judge = "judge" in metric_specs
    judged: list[tuple[float | None, str]] = [(None, "")] * len(items)
    if use_judge:
        requests = []
        for it in items:
            expected = f"Expected answer: {it.expected}\n" if it.expected is not None else ""
            messages = metaprompts.build(
                judge_metaprompt, task=task, criteria=criteria, input=it.input_text,
                expected=expected, output=it.output or "(empty answer)",
                expected_clause=" and match the expected answer" if it.expected else "")
            requests.append(Request(messages, Sampling(max_tokens=JUDGE_MAX_TOKENS),
                                    JUDGE_GRAMMAR))
        judged = [parse_judge(r.text) for r in calls.complete("judge", requests, "evaluation")]
    det_specs = [m for m in metric_specs if m != "judge"]
    out = []
    for it, (jscore, jreason) in zip(items, judged):
        options = list(it.options) if it.options else None
        verdicts = {m: metrics.verdict(m, it.output, it.expected, options) for m in det_specs}
        scores = {m: v for m, (v, _) in verdicts.items()}
        if use_judge:
            if jscore is None:
                jreason = "The judge's reply could not be read; scored 0."
            scores["judge"] = jscore or 0.0
        total = sum(scores.values()) / len(scores)
        reason = jreason if use_judge else "; ".join(why for _, why in verdicts.values())
        check = None
        if it.expected is not None:  # what the judge is compared with
            check = scores[det_specs[0]] if det_specs else metrics.contains(it.output, it.expected)
        out.append(Evaluation(total, reason, jscore if use_judge else None, scores, check))
    return out
