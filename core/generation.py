"""Step 1 — generation: run prompts over rows with the task model, all in one bulk request."""
from __future__ import annotations

from dataclasses import replace

from .engine import Request, Result, Sampling
from .calls import ModelCalls
from .metrics import zero_once_several_named
from .template import render


def row_values(row: dict, mapping: dict[str, str]) -> dict[str, str]:
    """Placeholder -> the row's text for it."""
    return {ph: row.get(col, "") for ph, col in mapping.items()}


def describe_input(row: dict, mapping: dict[str, str]) -> str:
    """The row as the judge and the gradient writer see it."""
    return "\n".join(f"{ph}: {row.get(col, '')}" for ph, col in mapping.items())


def generate(calls: ModelCalls, jobs: list[tuple[str, dict]], mapping: dict[str, str],
             max_tokens: int, options: list[tuple[str, ...] | None] | None = None,
             metric_specs: list[str] = ()) -> list[Result]:
    """jobs: (prompt template, row). Greedy decoding, so a prompt's output on a row is fixed
    and the cache can answer it again. finish_reason 'overflow' marks a row that does not fit
    the model's context (its output is empty). options: per job, the row's closed answer set;
    where the metrics give 0 to a reply naming several options
    (metrics.zero_once_several_named), such a reply is cut as soon as that is certain, with
    the same score and often far fewer tokens (a small model rambling through the options)."""
    sampling = Sampling(temperature=0.0, max_tokens=max_tokens)
    named = options if options and zero_once_several_named(list(metric_specs)) else \
        [None] * len(jobs)
    requests = [Request.chat(render(prompt, row_values(row, mapping)),
                             sampling=replace(sampling, stop_named=tuple(opts or ())))
                for (prompt, row), opts in zip(jobs, named)]
    return [replace(r, text=r.text.strip())
            for r in calls.complete("task", requests, "generation")]
