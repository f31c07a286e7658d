"""Creating a project file, starting runs and evaluating a prompt: what the CLI and the GUI
both call."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import choices, metaprompts
from .budget import Estimate, estimate_calls
from .origins import OWN_TEXTS
from .dataset import Dataset, SplitSizes, load, split_ids
from .engine import CancelToken, Engine
from .errors import GradSumError
from .messages import Message
from .evaluation import Evaluation
from .plan import Branch, CandidateEdit, Edits, RunPlan, SummaryEdit
from .progress import ProgressCallback, ignore
from .result import EvaluationResult
from .search import Search
from .settings import ProjectSettings, RunConfig
from .generation import row_values
from .store import Store
from .template import check_against_columns, placeholders, render

CHAT_TOKENS = 30  # the chat template around a request (SmolLM2's system turn and markers)


def create(path: str | Path, data: Dataset, settings: ProjectSettings) -> Store:
    """Validate everything first, then write the project file in one go."""
    if settings.answer_column and settings.answer_column not in data.columns:
        raise GradSumError(
            "Answer column '{answer_column}' is not in the data. Available columns: {columns}.",
            answer_column=settings.answer_column, columns=', '.join(data.columns))
    if settings.options_column and settings.options_column not in data.columns:
        raise GradSumError(
            "Options column '{options_column}' is not in the data. Available columns: {columns}.",
            options_column=settings.options_column, columns=', '.join(data.columns))
    if settings.options_column:
        check_options_column(settings.options_column,
                             [str(r.get(settings.options_column) or "") for r in data.rows])
    settings.mapping = check_against_columns(settings.template, data.columns, settings.mapping,
                                             settings.answer_column)
    settings.validate()
    settings.data_source = data.source
    settings.encoding = data.encoding
    path = Path(path)
    store = Store(path, create=True)
    try:
        store.put_settings(settings.to_dict())
        ans = settings.answer_column
        store.add_rows(data.rows, [r.get(ans) if ans else None for r in data.rows])
    except BaseException:
        store.close()
        path.unlink(missing_ok=True)
        raise
    return store


def check_options_column(column: str, cells: list[str]) -> None:
    if choices.detect_separator(cells) is None:
        raise GradSumError(
            "The options column '{column}' cannot be split into options: write each row's options "
            "as a JSON list, or separate them with ' / ', '|', ';' or new lines.", column=column)


def save_copy(store: Store, dest: str | Path, overwrite: bool = False) -> Path:
    """A consistent copy of a project (SQLite's backup API: safe while a run writes to it),
    written whole or not at all; the window's "Save as" and `gradsum copy`."""
    dest = Path(dest)
    if dest.suffix != ".gradsum":
        dest = dest.with_name(dest.name + ".gradsum")
    if dest.resolve() == Path(store.path).resolve():
        raise GradSumError("{path} is the project itself; choose another name for the copy.",
                           path=dest)
    if dest.exists() and not overwrite:
        raise GradSumError("{path} already exists; choose another name or allow overwriting.",
                           path=dest)
    if not dest.parent.is_dir():
        raise GradSumError("Folder {parent} does not exist.", parent=dest.parent)
    try:
        store.backup(dest)
    except (OSError, sqlite3.Error) as e:
        raise GradSumError("Could not write {path}: {why}. Nothing was overwritten.",
                           path=dest, why=e) from None
    return dest


def create_from_file(path, data_path, settings: ProjectSettings, encoding=None) -> Store:
    return create(path, load(data_path, encoding), settings)


def load_settings(store: Store) -> ProjectSettings:
    return ProjectSettings.from_dict(store.settings())


def save_settings(store: Store, settings: ProjectSettings) -> None:
    """Change a project's settings (the window's Settings dialog and `gradsum settings`):
    checked against the stored data like a new project's, then written; a changed answer
    column re-reads each row's expected answer from its stored data."""
    old = load_settings(store)
    columns = list(dict.fromkeys(k for row in store.preview_rows(200) for k in row))
    if settings.answer_column and settings.answer_column not in columns:
        raise GradSumError(
            "Answer column '{answer_column}' is not in the data. Available columns: {columns}.",
            answer_column=settings.answer_column, columns=', '.join(columns))
    if settings.options_column and settings.options_column not in columns:
        raise GradSumError(
            "Options column '{options_column}' is not in the data. Available columns: {columns}.",
            options_column=settings.options_column, columns=', '.join(columns))
    if settings.options_column:
        check_options_column(settings.options_column,
                             [str(r.get(settings.options_column) or "")
                              for r in store.preview_rows(200)])
    settings.mapping = check_against_columns(settings.template, columns, settings.mapping,
                                             settings.answer_column)
    settings.validate()
    store.put_settings(settings.to_dict())
    if settings.answer_column != old.answer_column:
        store.set_answer_column(settings.answer_column)


@dataclass(frozen=True)
class StartedRun:
    """What start_run gives its caller: the new run's id and its plan (splits, estimate)."""
    id: int
    plan: RunPlan


def start_run(store: Store, config: RunConfig, evaluation_only: bool = False) -> StartedRun:
    config.validate()
    store.lock_for_run()  # before anything is written: one optimizing process per project
    settings = load_settings(store)
    want = sorted(placeholders(settings.template))
    for extra in config.extra_prompts:
        if sorted(placeholders(extra)) != want:
            raise GradSumError(
                "A starting prompt must use the same placeholders as the template "
                "({placeholders}): {extra!r}",
                placeholders=', '.join(('{' + p + '}' for p in want)), extra=extra[:60])
    sizes = SplitSizes(config.train_rows, config.val_rows, config.test_rows)
    splits = split_ids(store.row_ids(), sizes, config.seed)
    facts = request_facts(settings, store.preview_rows(200))
    plan = RunPlan(splits, estimate_run(config, "judge" in settings.metrics, len(splits.test),
                                        facts["options"], facts["answers"],
                                        facts["prompt_tokens"]),
                   evaluation_only)
    return StartedRun(store.new_run(config.to_dict(), plan.to_dict(), metaprompts.all_texts()),
                      plan)


def request_facts(settings: ProjectSettings, rows: list[dict]) -> dict:
    """What the estimate needs to know of the data (a sample of its rows): the largest
    closed answer set (0: open answers), whether answers are known, and the tokens of one
    task request (the rendered prompt's, plus the chat template's)."""
    col = settings.answer_column
    pairs = {i: (row, str(row[col]) if col and row.get(col) is not None else None)
             for i, row in enumerate(rows)}
    opts = choices.row_options(pairs, settings.options_column)
    sizes = [text_tokens(render(settings.template, row_values(row, settings.mapping)))
             for row in rows[:50]]
    return {"options": max((len(o) for o in opts.values() if o), default=0),
            "answers": bool(settings.answer_column),
            "prompt_tokens": round(sum(sizes) / len(sizes)) + CHAT_TOKENS if sizes else None}


def text_tokens(text: str) -> float:
    """Tokens of a text without a tokenizer at hand: about 3.9 characters a token in English
    and 1.6 tokens a Chinese character (both measured with the bundled model's)."""
    cjk = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"
              or "\u3000" <= ch <= "\u303f")
    return (len(text) - cjk) / 3.9 + cjk * 1.6


def estimate_run(config: RunConfig, judge: bool, test_rows: int, options: int = 0,
                 answers: bool = False, prompt_tokens: int | None = None) -> Estimate:
    """Model requests a run will make (the window shows it before a run, the CLI at start),
    and the tokens of a task request (for the time estimate, budget.estimate_seconds).
    options: the size of a closed answer set (0: open answers); answers: whether the
    expected answers are known (then the forced-answer signal ranks candidates)."""
    forced = config.signal == "logprob" and answers
    coded = int(config.format_rule and options > 0) + int(config.demos > 0) + \
        OWN_TEXTS * (1 + (options > 0)) * config.own_words
    return estimate_calls(iterations=config.iterations, beam=config.beam,
                          candidates=config.candidates,
                          batch=min(config.batch_size, config.train_rows), val=config.val_rows,
                          test=test_rows, judge=judge,
                          starts=(config.beam - 1) * config.rephrasings, coded=coded,
                          per_val=max(options, 1) if forced else 0,
                          confirm=config.family_size, patience=config.patience,
                          racing=config.racing, prune=2 * config.prune).with_task_tokens(
        # a task reply: a small model writes to a short limit more often than not (the fit
        # check's "too long"), and about 40 tokens under a long one (the time of the demo's
        # and counting_choice's Quick runs, tests/bench/first_run.py); about 25 where a reply
        # naming several options is cut there (a closed set without a judge: 20.6 to 25.0
        # tokens on average in sports_choice's and counting_choice's runs)
        prompt_tokens or 150, min(round(0.8 * config.task_max_tokens),
                                  25 if options and not judge else 40))


def run(store: Store, engines: dict[str, Engine], run_id: int, cancel: CancelToken | None = None,
        progress: ProgressCallback = ignore) -> dict:
    return Search(store, engines, run_id, cancel, progress).run()


def resumable_run(store: Store) -> int:
    last = store.latest_run(optimization=True)
    if last is None:
        raise GradSumError(
            "{path} has no run to resume; start one with 'gradsum run'.", path=store.path)
    if last["status"] == "finished":
        raise GradSumError(
            "Run {last} already finished; start a new one with 'gradsum run'.", last=last['id'])
    return last["id"]


def evaluate_prompt(store: Store, engines: dict[str, Engine], prompt: str, split: str,
                    config: RunConfig | None = None, cancel: CancelToken | None = None,
                    progress: ProgressCallback = ignore
                    ) -> tuple[float, list[tuple[int, str, Evaluation]]]:
    """Score a prompt on one split, recorded as an evaluation-only run (cached like any run)."""
    settings = load_settings(store)
    unknown = [p for p in placeholders(prompt) if p not in settings.mapping]
    if unknown:
        raise GradSumError(
            "The prompt uses placeholder(s) the project does not map: {unknown}. Mapped: "
            "{mapped}.", unknown=", ".join("{" + p + "}" for p in unknown),
            mapped=", ".join("{" + p + "}" for p in settings.mapping))
    if not placeholders(prompt):
        raise GradSumError("The prompt has no placeholder, so every row would get the same prompt.")
    run_id = start_run(store, config or RunConfig(), evaluation_only=True).id
    search = Search(store, engines, run_id, cancel, progress)
    ids = search.splits.of(split)
    if not ids:
        raise GradSumError("The {split} split is empty for these sizes.", split=split)
    res = search.score_prompts([prompt], ids, split)[prompt]
    score = sum(ev.score for _, _, ev in res) / len(res)
    store.update_run(run_id, status="finished",
                     stop_reason=Message("evaluation on {split}", split=split),
                     result=EvaluationResult(prompt, split, score, len(res)).to_dict())
    return score, res


def branch_run(store: Store, source_id: int, iteration: int, *,
               summaries: list[dict] | None = None, candidates: list[dict] | None = None,
               iterations_after: int | None = None) -> int:
    """Human in the loop: a new run that continues a run from the user's edits.

    summaries: [{"parent": prompt, "text": edited summary}] replace the model's summary for
    that beam prompt at `iteration`; candidates: [{"parent": prompt, "prompt": edited}] join
    the candidates of `iteration` (iteration 0: extra starting prompts). The branch keeps the
    source's config, splits and meta-prompts, so every step before the edit comes back from
    the call cache at no cost, and the source run stays as it was, for comparison.
    """
    src = store.run(source_id)
    plan = RunPlan.of_run(src)
    if plan.evaluation_only:
        raise GradSumError("An evaluation run cannot be continued; pick an optimization run.")
    settings = load_settings(store)
    want = sorted(placeholders(settings.template))
    for c in candidates or []:
        text = c["prompt"]
        if not text.strip():
            raise GradSumError("The edited prompt is empty.")
        got = sorted(placeholders(text))
        if got != want:
            raise GradSumError(
                "The edited prompt must keep exactly the template's placeholders ({want}); it has "
                "({got}).", want=', '.join(('{' + p + '}' for p in want)),
                got=', '.join(('{' + p + '}' for p in got)) or 'none')
    for s in summaries or []:
        if not s["text"].strip():
            raise GradSumError("The edited summary is empty.")
    store.lock_for_run()
    config = RunConfig.from_dict(src["config"])
    new_summaries = tuple(SummaryEdit(iteration, s["parent"], s["text"])
                          for s in summaries or [])
    new_candidates = tuple(CandidateEdit(iteration, c["parent"], c["prompt"])
                           for c in candidates or [] if iteration)
    edited = Edits(plan.edits.summaries + new_summaries, plan.edits.candidates + new_candidates)
    if iteration == 0:  # edited starting prompts join the extra ones
        config.extra_prompts = list(config.extra_prompts) + [c["prompt"]
                                                             for c in candidates or []]
    branched = RunPlan(plan.splits, plan.estimate, False, edited, Branch(source_id, iteration))
    if iterations_after is not None:  # how far to go on after the edit
        if iterations_after < 1:
            raise GradSumError("Continue for at least one iteration after the edit.")
        config.iterations = iteration + iterations_after - (1 if iteration else 0)
    return store.new_run(config.to_dict(), branched.to_dict(), src["metaprompts"])
