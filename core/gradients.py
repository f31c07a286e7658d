"""Step 3 — gradients: for each output that scored below full marks, how should the prompt
change? The writer sees task, prompt, input, output, criteria and the judge's verdict."""
from __future__ import annotations

from dataclasses import dataclass

from . import language, metaprompts
from .engine import Request, Sampling
from .calls import ModelCalls
from .text import tidy

GRADIENT_MAX_TOKENS = 120


@dataclass(frozen=True)
class Failure:
    prompt: str
    input_text: str
    output: str
    reason: str


def gradients(calls: ModelCalls, failures: list[Failure], task: str, criteria: str, lang: str,
              metaprompt: str) -> list[str]:
    rule = language.rule(lang)
    requests = []
    for f in failures:
        messages = metaprompts.build(
            metaprompt, task=task, prompt=f.prompt, input=f.input_text,
            output=f.output or "(empty)",
            criteria=criteria, reason=f.reason or "(no reason given)", language_rule=rule)
        requests.append(Request(messages, Sampling(max_tokens=GRADIENT_MAX_TOKENS,
                                                   repeat_penalty=1.1)))
    return [tidy(r.text, max_sentences=3)
            for r in calls.complete("optimizer", requests, "gradients")]
