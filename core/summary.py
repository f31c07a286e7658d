"""Step 4 — gradient summarization (GRAD-SUM's key idea): condense all gradients of one
prompt into one general paragraph, so the edit does not overfit single rows."""
from __future__ import annotations

from . import language, metaprompts
from .engine import Request, Sampling
from .calls import ModelCalls
from .text import tidy

SUMMARY_MAX_TOKENS = 160


def numbered(gradients: list[str]) -> str:
    return "\n".join(f"{i}. {g}" for i, g in enumerate(gradients, 1))


def summarize(calls: ModelCalls, groups: list[list[str]], task: str, lang: str,
              metaprompt: str) -> list[str]:
    """One summary per group of gradients (one group per beam prompt)."""
    rule = language.rule(lang)
    requests = []
    for grads in groups:
        messages = metaprompts.build(metaprompt, task=task, gradients=numbered(grads),
                                     language_rule=rule)
        requests.append(Request(messages, Sampling(max_tokens=SUMMARY_MAX_TOKENS,
                                                   repeat_penalty=1.1)))
    return [tidy(r.text, max_sentences=5)
            for r in calls.complete("optimizer", requests, "summary")]
