"""What `gradsum` prints: a run's result in words and its progress on a terminal."""
from __future__ import annotations

import sys

from .core import labels, outcome, result
from .core.result import RunResult
from .core.progress import Notice, Progress


def fmt(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def print_result(record: dict) -> None:
    """A finished run's result record, as `gradsum run` prints it."""
    res = RunResult.from_dict(record)
    print(outcome.ended(res.stop_reason))
    ranked_by = "forced-answer log-probability" if res.signal == "logprob" else "the metric"
    print(f"validation ({ranked_by}): {fmt(res.initial_val_score)} -> "
          f"{fmt(res.best_val_score)}")
    for why in result.notes(res):
        print(f"note: {why}")
    if res.test_score_best is not None:
        print(f"held-out:   {fmt(res.test_score_initial)} -> {fmt(res.test_score_best)}")
    print(result.gain_line(res.test_gain))
    print(result.note(res))
    print_labels(res)
    print(f"LLM calls: {res.llm_calls} (cached {res.cached_calls}), {res.wall_s} s")
    print("best prompt:\n  " + res.best_prompt.replace("\n", "\n  "))


def print_labels(res: RunResult) -> None:
    """What the gain is made of, and each prompt's answers per label on the held-out rows
    (closed answer sets only)."""
    made = result.made_of_line(res)
    if made:
        print(made)
    for name, s in result.label_standings(res):
        print(f"{name} on the held-out rows: {labels.spread_line(s)}")
        cells = labels.grid(s)
        cells[0][0] = labels.CORNER
        widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
        for r in cells:
            print("  " + "  ".join(c.rjust(w) if i else c.ljust(w)
                                   for i, (c, w) in enumerate(zip(r, widths))))


def print_fit(report) -> None:
    """The fit check (core/fit_check.py) on stderr, before a run's progress."""
    scores = "; ".join(f"{p.label} {p.right} of {p.rows} right" for p in report.prompts)
    print(f"fit check on {report.rows} validation rows ({report.calls} calls, kept for the "
          f"run): {scores}", file=sys.stderr)
    for p in report.prompts:
        if p.spread():
            print(f"  {p.label}: {p.spread()}", file=sys.stderr)
    for f in report.findings:
        tag = {"ok": "ok", "suggestion": "suggestion"}.get(f.kind, "warning")
        print(f"  {tag}: {f.message}", file=sys.stderr)


class ProgressView:
    """A rich progress bar on a terminal; plain log lines otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def __enter__(self):
        if self.enabled:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar,
                                       TextColumn, TimeElapsedColumn)
            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TextColumn("{task.fields[stats]}"), TimeElapsedColumn(),
                           transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task("starting", total=1, stats="")
        return self

    def update(self, event) -> None:
        if isinstance(event, Notice):
            if self.bar:
                from rich.text import Text  # Text, not markup: messages hold user text
                self.bar.console.print(Text(event.message, style="yellow" if
                                            event.level == "warning" else "dim"))
            elif event.level != "warning":
                print(event.message, file=sys.stderr)
            return
        if isinstance(event, Progress) and self.bar:
            eta = f" ETA {event.eta_s:.0f}s" if event.eta_s else ""
            self.bar.update(self.task, completed=event.done, total=max(event.total, 1),
                            description=f"iter {event.iteration} {event.step}",
                            stats=f"{event.tokens_per_s:.0f} tok/s, {event.calls} calls, "
                                  f"{event.cached} cached{eta}")

    def __exit__(self, *exc):
        if self.bar:
            self.bar.__exit__(*exc)
