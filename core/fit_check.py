"""The fit check: can this model do this task at all, before a run is spent on it?

A small local model is often at chance on a task, or answers one label to every row, or
rambles past the token limit; no prompt the optimizer writes fixes that, and 20 rows show it.
The check scores the starting prompt, and the format-rule candidate where the answers are a
closed set, on the first rows of the validation split a run with these settings would use.
The run scores both of those prompts on every validation row, so each of the check's calls
comes back from the cache when the run starts (nothing is paid twice). It only warns: the
run can still go.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import choices, labels, language, metaprompts
from .budget import Budget, Limits
from .calls import ModelCalls
from .candidates import with_format_rule
from .dataset import SplitSizes, split_ids
from .engine import CancelToken, Engine
from .evaluation import Item, evaluate
from .generation import describe_input, generate
from .messages import Message
from .progress import ProgressCallback, ignore
from .settings import ModelSpec, ProjectSettings, RunConfig
from .store import Store

MAX_CALLS = 40        # the check's whole cost, judge included
MAX_ROWS = 20
META = "fit_check"     # the store's note of the last check: the fingerprint of its settings
SMALL_MODEL_BYTES = 1 << 30  # a GGUF under 1 GiB (about 1B parameters at 8 bits) is small
BIAS_SHARE = 0.9      # one answer to at least 90% of the rows is label bias...
CHANCE_ALPHA = 0.05   # ...and a score no better than random picking at 5% is chance


@dataclass
class Finding:
    kind: str          # at_chance | label_bias | unparsable | too_long | overflow | no_row_right
    # | few_test_rows | suggestion | ok
    message: Message

    def to_dict(self) -> dict:
        return {"kind": self.kind, "message": str(self.message)}


@dataclass
class Checked:
    label: str         # "starting prompt" | "with the format rule"
    prompt: str
    right: int
    rows: int
    labels: labels.LabelStanding | None = None  # its answers per label (closed sets)

    def to_dict(self) -> dict:
        return {"label": self.label, "prompt": self.prompt, "right": self.right,
                "rows": self.rows, "labels": self.labels.to_dict() if self.labels else None}

    def spread(self) -> Message | None:
        """'answers 'Yes' to 18 of 20 rows; …' for a closed answer set, else None."""
        return labels.spread_line(self.labels) if self.labels else None


@dataclass
class FitReport:
    rows: int
    prompts: list[Checked] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    calls: int = 0     # requests the check made (cached or computed)
    computed: int = 0  # of those, computed by a model now

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.kind not in ("ok", "suggestion")]

    def to_dict(self) -> dict:
        return {"rows": self.rows, "calls": self.calls, "computed": self.computed,
                "prompts": [p.to_dict() for p in self.prompts],
                "findings": [f.to_dict() for f in self.findings]}


def check_rows(store: Store, config: RunConfig) -> tuple[list[int], int]:
    """The validation rows a run with this config would use, first ones first, and the
    number of its held-out rows."""
    sizes = SplitSizes(config.train_rows, config.val_rows, config.test_rows)
    splits = split_ids(store.row_ids(), sizes, config.seed)
    return splits.val, len(splits.test)


def fingerprint(settings: ProjectSettings, config: RunConfig) -> str:
    """What a check depends on: the project's settings and the run settings that pick its
    rows and prompts. A check on other settings does not count as this project's check."""
    import hashlib
    import json
    picked = {k: config.to_dict().get(k) for k in ("train_rows", "val_rows", "test_rows",
                                                 "seed", "task_max_tokens", "format_rule",
                                                 "family_size")}
    project = {k: v for k, v in settings.to_dict().items() if k not in ("name", "run")}
    text = json.dumps([project, picked], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def checked(store: Store, settings: ProjectSettings, config: RunConfig) -> bool:
    """Whether this project was checked with these settings (the first Optimize checks it
    otherwise, desktop/worker.py)."""
    return store.meta(META) == fingerprint(settings, config)


def rows_to_confirm(family_size: int) -> int:
    """The fewest held-out rows on which a gain can pass confirmation: the one-sided sign
    test's smallest p-value, 0.5^n with every row better, must reach Holm's first threshold,
    5% / family size (core/selection.py)."""
    return math.ceil(math.log2(max(family_size, 1) / 0.05))


def small_model(spec: ModelSpec) -> bool:
    if spec.is_server:
        return False  # its size is not known here
    if spec.path is None:
        return True   # the bundled 135M model
    try:
        return Path(spec.path).stat().st_size < SMALL_MODEL_BYTES
    except OSError:
        return False


def check(store: Store, engines: dict[str, Engine], settings: ProjectSettings,
          config: RunConfig, cancel: CancelToken | None = None,
          progress: ProgressCallback = ignore) -> FitReport:
    cancel = cancel or CancelToken()
    lang = language.of_prompt(settings.template, settings.task)
    judge = "judge" in settings.metrics
    ids, held_out = check_rows(store, config)
    rows = store.rows(ids[:MAX_ROWS])
    options = choices.row_options(rows, settings.options_column)
    prompts = [("starting prompt", settings.template)]
    ruled = with_format_rule(settings.template, choices.format_rule(options, lang)
                             if config.format_rule else None)
    if ruled:
        prompts.append(("with the format rule", ruled))
    per_row = len(prompts) * (2 if judge else 1)
    n = min(MAX_ROWS, len(rows), MAX_CALLS // per_row)
    use = list(rows)[:n]
    calls = ModelCalls(store, engines, Budget(Limits()), cancel, progress, None,
                       use_cache=config.use_cache)
    jobs = [(p, rid) for _, p in prompts for rid in use]
    results = generate(calls, [(p, rows[r][0]) for p, r in jobs], settings.mapping,
                       config.task_max_tokens, [options[r] for _, r in jobs], settings.metrics)
    answers = {rid: rows[rid][1] if settings.answer_column else None for rid in use}
    items = [Item(describe_input(rows[r][0], settings.mapping), res.text, answers[r],
                  options[r]) for (_, r), res in zip(jobs, results)]
    evals = evaluate(calls, items, settings.metrics, settings.task, settings.criteria,
                     metaprompts.text("judge"))
    report = FitReport(rows=n, calls=calls.requests, computed=calls.computed)
    for i, (label, prompt) in enumerate(prompts):
        mine = slice(i * n, (i + 1) * n)
        right = sum(ev.score >= 1.0 for ev in evals[mine])
        spread = labels.standing([r.text for r in results[mine]], [answers[r] for r in use],
                                 [options[r] for r in use])
        report.prompts.append(Checked(label, prompt, right, n, spread))
        if i == 0:  # what the user's own prompt does
            report.findings += _output_findings(results[mine], use, options, config,
                                                settings)
    report.findings += _score_findings(report, use, options, settings)
    need = rows_to_confirm(config.family_size)
    if held_out < need:
        report.findings.append(Finding("few_test_rows", Message(
            "{test} held-out row(s): no gain can be confirmed on fewer than {need}, so the "
            "run will keep the starting prompt. Keep more rows for the test.",
            test=held_out, need=need)))
    if report.warnings:
        report.findings += _suggestions(report, settings)
    else:
        best = max(report.prompts, key=lambda p: p.right)
        report.findings.append(Finding("ok", Message(
            "The model can work on this task: {right} of {rows} rows right with the {label}.",
            right=best.right, rows=n, label=best.label)))
    store.put_meta(META, fingerprint(settings, config))
    return report


def _output_findings(results, ids, options, config, settings) -> list[Finding]:
    out: list[Finding] = []
    n = len(ids)
    overflow = sum(r.finish_reason == "overflow" for r in results)
    if overflow:
        out.append(Finding("overflow", Message(
            "{count} of {rows} rows do not fit the model's context ({n_ctx} tokens): they "
            "score 0. Raise the context size or shorten them.", count=overflow, rows=n,
            n_ctx=settings.model("task").n_ctx)))
    cut = sum(r.finish_reason == "length" for r in results)
    if cut:
        out.append(Finding("too_long", Message(
            "{count} of {rows} outputs were cut at the limit of {limit} tokens: the model "
            "writes more than an answer.", count=cut, rows=n, limit=config.task_max_tokens)))
    closed = [(r.text, options[rid]) for r, rid in zip(results, ids) if options[rid]]
    if closed:
        said = [choices.named(text, list(opts)) for text, opts in closed]
        none, several = sum(not s for s in said), sum(len(s) > 1 for s in said)
        if none + several:
            out.append(Finding("unparsable", Message(
                "{count} of {rows} outputs name no option ({none}) or several ({several}), "
                "so they cannot be right.", count=none + several, rows=len(closed),
                none=none, several=several)))
        single = Counter(s[0] for s in said if len(s) == 1)
        if single:
            label, times = single.most_common(1)[0]
            if times >= math.ceil(BIAS_SHARE * len(closed)) and len(closed) >= 5:
                out.append(Finding("label_bias", Message(
                    "The model answers '{label}' to {times} of {rows} rows, whatever the "
                    "row.", label=label, times=times, rows=len(closed))))
    return out


def _binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))


def _score_findings(report: FitReport, ids, options, settings) -> list[Finding]:
    best = max(report.prompts, key=lambda p: p.right)
    n = report.rows
    if not n or not settings.answer_column:
        return []
    sets = [options[r] for r in ids if options[r]]
    if len(sets) == n:  # a closed answer set on every row: chance is one option at random
        chance = sum(1 / len(s) for s in sets) / n
        if _binomial_tail(best.right, n, chance) > CHANCE_ALPHA:
            return [Finding("at_chance", Message(
                "At chance: the best prompt gets {right} of {rows} rows right ({share:.0%}), "
                "no better than picking an option at random ({chance:.0%}).",
                right=best.right, rows=n, share=best.right / n, chance=chance))]
        return []
    if best.right == 0:
        return [Finding("no_row_right", Message(
            "No row right: neither prompt got any of {rows} rows right.", rows=n))]
    return []


def _suggestions(report: FitReport, settings: ProjectSettings) -> list[Finding]:
    out = []
    kinds = {f.kind for f in report.findings}
    if kinds & {"at_chance", "no_row_right", "label_bias", "unparsable"} and \
            small_model(settings.model("task")):
        out.append(Finding("suggestion", Message(
            "A larger task model may do this task; the optimizer cannot add what the model "
            "does not know.")))
    roles = [settings.model(r) for r in ("task", "judge", "optimizer")]
    if all(small_model(s) for s in roles) and len({s.path for s in roles}) == 1:
        out.append(Finding("suggestion", Message(
            "One small model holds every role: a larger optimizer model writes better "
            "prompt edits (small local models often write junk).")))
    return out
