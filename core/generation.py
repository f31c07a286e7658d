"""Step 1 — generation: run prompts over rows with the task model, all in one bulk request."""
from __future__ import annotations

from dataclasses import replace

from .engine import Request, Result, Sampling
from .calls import ModelCalls
from .template import render


def row_values(row: dict, mapping: dict[str, str]) -> dict[str, str]:
    """Placeholder -> the row's text for it."""
    return {ph: row.get(col, "") for ph, col in mapping.items()}


def describe_input(row: dict, mapping: dict[str, str]) -> str:
    """The row as the judge and the gradient writer see it."""
    return "\n".join(f"{ph}: {row.get(col, '')}" for ph, col in mapping.items())


def generate(calls: ModelCalls, jobs: list[tuple[str, dict]], mapping: dict[str, str],
             max_tokens: int) -> list[Result]:
    """jobs: (prompt template, row). Greedy decoding, so a prompt's output on a row is fixed
    and the cache can answer it again. finish_reason 'overflow' marks a row that does not fit
    the model's context (its output is empty)."""
    sampling = Sampling(temperature=0.0, max_tokens=max_tokens)
    requests = [Request.chat(render(prompt, row_values(row, mapping)), sampling=sampling)
                for prompt, row in jobs]
    return [replace(r, text=r.text.strip())
            for r in calls.complete("task", requests, "generation")]
