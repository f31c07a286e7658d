"""`gradsum` — the command line over the same core the GUI drives.

User mistakes print one line and exit 2; a cancelled run (Ctrl+C) exits 130 and can be resumed.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

from .core import export as export_mod
from .core import fit_check, project
from .core.dataset import load, suggest_sizes
from .core.engine import CancelToken, engine_notes
from .core.errors import Cancelled, GradSumError
from .core.plan import RunPlan
from .core.result import EvaluationResult, RunResult
from .core.settings import ModelSpec, ProjectSettings, RunConfig
from .core.store import Store
from . import cli_models, cli_run_flags
from .cli_view import ProgressView, fmt, print_fit, print_labels, print_result


def _text_arg(value: str) -> str:
    """TEXT or @FILE."""
    if value.startswith("@"):
        try:
            # bytes as written: read_text would turn \r\n into \n (a prompt exported by
            # `gradsum export --format txt` comes back exactly as it was scored)
            return Path(value[1:]).read_bytes().decode("utf-8")
        except OSError as e:
            raise GradSumError(
                "Cannot read {path}: {strerror}", path=value[1:], strerror=e.strerror) from None
        except UnicodeDecodeError:
            raise GradSumError("{path} is not UTF-8 text.", path=value[1:]) from None
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gradsum", description="GRAD-SUM prompt optimization on "
                                "local GGUF models, fully offline.")
    sub = p.add_subparsers(dest="command", required=True)
    _new_command(sub)
    _run_command(sub)
    _resume_command(sub)
    _continue_command(sub)
    _settings_command(sub)
    _show_command(sub)
    _eval_command(sub)
    cli_models.add_parser(sub)
    _doctor_command(sub)
    _export_command(sub)
    _copy_command(sub)
    return p


def _new_command(sub) -> None:
    n = sub.add_parser("new", help="create a project file from a data file and a prompt")
    n.add_argument("project")
    n.add_argument("--data", required=True, help="CSV, TSV, JSON or JSONL file")
    n.add_argument("--template", required=True, help="prompt with {placeholders}, or @FILE")
    n.add_argument("--task", required=True, help="what the prompt is for (TEXT or @FILE)")
    n.add_argument("--criteria", default="", help="how to judge an output (TEXT or @FILE)")
    n.add_argument("--answer-column", help="column with the expected answer (optional)")
    n.add_argument("--metric", action="append", dest="metrics",
                   help="judge | exact | contains | regex:PATTERN | number | choice "
                        "(repeatable; default judge). choice: the output must name exactly "
                        "one option, the expected one")
    n.add_argument("--options-column", help="per-row options for choice (a JSON list, or "
                   "separated by ' / ', '|', ';' or newlines); default: the answer column's "
                   "distinct values")
    n.add_argument("--map", action="append", default=[], metavar="PLACEHOLDER=COLUMN",
                   help="fill a placeholder from a differently named column")
    n.add_argument("--encoding", help="data file encoding (default: detect)")
    n.add_argument("--name", help="project name (default: file name)")
    n.add_argument("--model", help="task model: a GGUF file or an OpenAI-compatible server "
                                    "URL http://host:port/v1 (default: bundled SmolLM2-135M)")
    n.add_argument("--judge-model", help="judge model GGUF or URL (default: the task model)")
    n.add_argument("--check", action="store_true", help="then run the fit check: can the "
                   "task model do this task? (at most 40 model calls, kept for the first run)")
    n.add_argument("--optimizer-model", help="optimizer model GGUF or URL (default: the task "
                                             "model)")
    n.add_argument("--parallel", type=int, default=ModelSpec().parallel,
                   help="requests decoded together (1 = one at a time; default 8)")
    n.add_argument("--n-ctx", type=int, default=2048, help="context size (default 2048)")
    n.add_argument("--threads", type=int, help="CPU threads (default: cores - 1)")
    n.add_argument("--gpu-layers", type=int, default=0)


def _run_command(sub) -> None:
    r = sub.add_parser("run", help="start an optimization run (from the project's saved run "
                       "settings; flags change them for this run)")
    r.add_argument("project")
    cli_run_flags.add(r)
    r.add_argument("--start-prompt", action="append", default=[], metavar="TEXT|@FILE",
                   help="another starting prompt for the beam (repeatable)")
    r.add_argument("--no-check", action="store_true",
                   help="skip the fit check (can the model do the task?) before the run")
    r.add_argument("--json", action="store_true", help="print one JSON object at the end")


def _resume_command(sub) -> None:
    rs = sub.add_parser("resume", help="finish the latest unfinished run")
    rs.add_argument("project")
    rs.add_argument("--json", action="store_true")


def _continue_command(sub) -> None:
    c = sub.add_parser("continue", help="continue a run from your edit of a summary or a "
                                        "candidate (the source run stays as it was)")
    c.add_argument("project")
    c.add_argument("--run", type=int, required=True, help="the run to continue")
    c.add_argument("--iteration", type=int, required=True,
                   help="the iteration the edit belongs to (0: an extra starting prompt)")
    c.add_argument("--summary", help="your gradient summary for the parent prompt (TEXT or "
                                     "@FILE): replaces the model's at that iteration")
    c.add_argument("--candidate", help="your candidate prompt (TEXT or @FILE), with the "
                                       "template's placeholders: joins that iteration")
    c.add_argument("--parent", help="key of the beam prompt the edit is for (default: the "
                                    "run's starting prompt); `show --candidates RUN` lists them")
    c.add_argument("--iterations-after", type=int, help="iterations to run after the edit "
                                                        "(default: as the source run)")
    c.add_argument("--json", action="store_true")


def _settings_command(sub) -> None:
    st = sub.add_parser("settings", help="show or change the project's settings")
    st.add_argument("project")
    for flag, what in (("--name", "project name"), ("--template", "prompt (TEXT or @FILE)"),
                       ("--task", "task description (TEXT or @FILE)"),
                       ("--criteria", "evaluation criteria (TEXT or @FILE)"),
                       ("--answer-column", "expected-answer column ('' for none)"),
                       ("--options-column", "per-row options column ('' for none)")):
        st.add_argument(flag, help=what)
    st.add_argument("--metric", action="append", dest="metrics",
                    help="replaces the metrics (repeatable), as in `new`")
    st.add_argument("--map", action="append", metavar="PLACEHOLDER=COLUMN",
                    help="replaces the placeholder mapping (repeatable)")
    st.add_argument("--json", action="store_true")
    cli_run_flags.add(st)


def _show_command(sub) -> None:
    s = sub.add_parser("show", help="project settings, runs and the best prompt")
    s.add_argument("project")
    s.add_argument("--candidates", type=int, metavar="RUN",
                   help="list a run's candidates: key, iteration, status, scores, prompt")
    s.add_argument("--json", action="store_true")


def _eval_command(sub) -> None:
    d = RunConfig()
    e = sub.add_parser("eval", help="score a prompt on one split")
    e.add_argument("project")
    e.add_argument("--prompt", required=True, help="TEXT or @FILE")
    e.add_argument("--split", choices=("train", "val", "test"), default="val")
    e.add_argument("--train-rows", type=int, default=d.train_rows)
    e.add_argument("--val-rows", type=int, default=d.val_rows)
    e.add_argument("--test-rows", type=int, default=d.test_rows)
    e.add_argument("--seed", type=int, default=d.seed)
    e.add_argument("--json", action="store_true")


def _doctor_command(sub) -> None:
    d = sub.add_parser("doctor", help="check this machine: CPU, llama.cpp build, a model "
                       "probe in a model process, GPU, Qt libraries, memory, disk")
    d.add_argument("--json", action="store_true")
    d.add_argument("--no-probe", action="store_true", help="skip loading the bundled model")
    d.add_argument("--qt-libs", action="store_true",
                   help="only check the system libraries the window needs (scripts/start.sh)")


def _copy_command(sub) -> None:
    c = sub.add_parser("copy", help="save a consistent copy of a project (safe during a run)")
    c.add_argument("project")
    c.add_argument("dest", help="the copy's file name (.gradsum is added if missing)")
    c.add_argument("--force", action="store_true", help="replace an existing file")


def _export_command(sub) -> None:
    x = sub.add_parser("export", help="write the best prompt and its report")
    x.add_argument("project")
    x.add_argument("--format", required=True, choices=export_mod.FORMATS)
    x.add_argument("--out", required=True)
    x.add_argument("--force", action="store_true", help="overwrite an existing file")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except GradSumError as e:
        print(f"error: {e}", file=sys.stderr)
        return 3 if type(e).__name__ == "EngineCrashed" else 2
    except Cancelled:
        print("cancelled; continue with: gradsum resume "
              f"{getattr(args, 'project', '')}".rstrip(), file=sys.stderr)
        return 130


# --- commands -----------------------------------------------------------------------------
def cmd_new(a) -> int:
    from .models.llama_engine import check_gguf

    models = {}
    for role, path in (("task", a.model), ("judge", a.judge_model),
                       ("optimizer", a.optimizer_model)):
        is_url = bool(path) and path.startswith(("http://", "https://"))
        if path and not is_url:
            check_gguf(Path(path))
            path = str(Path(path).resolve())
        if path or role == "task":
            models[role] = ModelSpec(path, a.n_ctx, a.threads, a.gpu_layers, a.parallel)
    mapping = _mapping(a.map)
    settings = ProjectSettings(
        name=a.name or Path(a.project).stem, template=_text_arg(a.template),
        task=_text_arg(a.task), criteria=_text_arg(a.criteria), mapping=mapping,
        answer_column=a.answer_column, metrics=a.metrics or ["judge"], models=models,
        options_column=a.options_column)
    data = load(a.data, a.encoding)
    if settings.options_column in data.columns:  # what was detected, before it is stored
        from .core.choices import FORMAT_NAMES, column_format
        fmt, first = column_format([str(r.get(settings.options_column) or "")
                                    for r in data.rows])
        if fmt:  # (one that cannot be split: project.create says so)
            print(f"options column '{settings.options_column}': {FORMAT_NAMES[fmt]} (detected); "
                  f"row 1: {' | '.join(first)}", file=sys.stderr)
    store = project.create(a.project, data, settings)
    print(f"created {a.project}: {len(data)} rows, placeholders "
          + ", ".join(f"{{{k}}}<-{v}" for k, v in store.settings()["mapping"].items())
          + f", metric {' + '.join(settings.metrics)}")
    if a.check:
        fit = suggest_sizes(len(data))
        cfg = RunConfig(train_rows=fit.train, val_rows=fit.val)
        from .models.factory import close_all
        engines = _engines(store)
        try:
            _fit_check(store, engines, cfg)
        finally:
            close_all(engines)
    return 0


def _open(path: str) -> Store:
    return Store(path)


def _engines(store: Store):
    from .models.factory import load_engines
    return load_engines(project.load_settings(store))


def _run_with_progress(store: Store, run_id: int, as_json: bool,
                       check: RunConfig | None = None) -> int:
    """check: first the fit check for this run's settings (its calls are the run's own)."""
    engines = _engines(store)
    for note in engine_notes(engines):
        print(f"warning: {note}", file=sys.stderr)
    cancel = CancelToken()
    old = signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    try:
        fit = _fit_check(store, engines, check, cancel) if check else None
        with ProgressView(enabled=sys.stderr.isatty()) as view:
            result = project.run(store, engines, run_id, cancel, view.update)
    finally:
        signal.signal(signal.SIGINT, old)
        store.close()  # the run lock goes with it
    if fit:
        result["fit_check"] = fit.to_dict()
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_result(result)
    return 0


def cmd_run(a) -> int:
    store = _open(a.project)
    saved = dict(project.load_settings(store).run)
    fit = suggest_sizes(store.row_count())  # a project made by `gradsum new` saved no sizes
    saved.setdefault("train_rows", fit.train)
    saved.setdefault("val_rows", fit.val)
    cfg = RunConfig.from_dict(cli_run_flags.apply(saved, a))
    cfg.extra_prompts = [_text_arg(p) for p in a.start_prompt]
    started = project.start_run(store, cfg)
    est = started.plan.estimate
    print(f"run {started.id}: about {est.typical} LLM requests (at most {est.upper_bound})",
          file=sys.stderr)
    return _run_with_progress(store, started.id, a.json, None if a.no_check else cfg)


def _fit_check(store: Store, engines, cfg: RunConfig, cancel: CancelToken | None = None):
    report = fit_check.check(store, engines, project.load_settings(store), cfg, cancel)
    print_fit(report)
    return report


def cmd_resume(a) -> int:
    store = _open(a.project)
    run_id = project.resumable_run(store)
    print(f"resuming run {run_id}", file=sys.stderr)
    return _run_with_progress(store, run_id, a.json)


def _mapping(items: list[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        ph, sep, col = item.partition("=")
        if not sep or not ph or not col:
            raise GradSumError("--map takes PLACEHOLDER=COLUMN, got '{item}'.", item=item)
        mapping[ph.strip()] = col.strip()
    return mapping


def cmd_continue(a) -> int:
    store = _open(a.project)
    if not a.summary and not a.candidate:
        raise GradSumError("Say what you edited: --summary TEXT and/or --candidate TEXT.")
    parent = _parent_prompt(store, a.run, a.parent)
    run_id = project.branch_run(
        store, a.run, a.iteration,
        summaries=[{"parent": parent, "text": _text_arg(a.summary)}] if a.summary else None,
        candidates=[{"parent": parent, "prompt": _text_arg(a.candidate)}] if a.candidate
        else None, iterations_after=a.iterations_after)
    print(f"run {run_id}: continues run {a.run} from iteration {a.iteration}", file=sys.stderr)
    return _run_with_progress(store, run_id, a.json)


def _parent_prompt(store, run_id: int, key: str | None) -> str:
    """The prompt a CLI edit belongs to: a candidate key (a unique start of one is enough),
    or the run's starting prompt."""
    if store.run(run_id) is None:
        raise GradSumError("{path} has no run {run_id}.", path=store.path, run_id=run_id)
    if not key:
        return store.initial_prompt(run_id)
    found = [c for c in store.candidates(run_id) if c["key"].startswith(key)
             and c["status"] == "ok"]
    if len(found) != 1:
        raise GradSumError(
            "Run {run_id} has {how_many} usable candidate with key '{key}'; `gradsum show {path} "
            "--candidates {run_id}` lists them.", run_id=run_id,
            how_many='no' if not found else 'more than one', key=key, path=store.path)
    return found[0]["prompt"]


def cmd_settings(a) -> int:
    store = _open(a.project)
    s = project.load_settings(store)
    changes = {k: getattr(a, k) for k in ("name", "answer_column", "options_column")
               if getattr(a, k) is not None}
    changes.update({k: _text_arg(getattr(a, k)) for k in ("template", "task", "criteria")
                    if getattr(a, k) is not None})
    if a.metrics:
        changes["metrics"] = a.metrics
    if a.map is not None:
        changes["mapping"] = _mapping(a.map)
    run = cli_run_flags.changes(a)
    if run:
        changes["run"] = {**s.run, **run}
    for k in ("answer_column", "options_column"):
        if changes.get(k) == "":
            changes[k] = None
    if changes:
        for k, v in changes.items():
            setattr(s, k, v)
        project.save_settings(store, s)
        print(f"saved: {', '.join(changes)}", file=sys.stderr)
    if a.json:
        print(json.dumps(s.to_dict(), ensure_ascii=False))
    else:
        for k in ("name", "task", "criteria", "metrics", "answer_column", "options_column",
                  "mapping"):
            print(f"{k}: {getattr(s, k)}")
        print("template:\n  " + s.template.replace("\n", "\n  "))
        print("\n".join(cli_run_flags.describe(s.run)))
    return 0


def cmd_show(a) -> int:
    store = _open(a.project)
    if a.candidates is not None:
        if store.run(a.candidates) is None:
            raise GradSumError(
                "{path} has no run {candidates}.", path=store.path, candidates=a.candidates)
        cands = store.candidates(a.candidates)
        if a.json:
            print(json.dumps(cands, ensure_ascii=False))
            return 0
        for c in cands:
            print(f"{c['key'][:10]}  it {c['iteration']}  {c['origin']:8} {c['status']:8} "
                  f"val {fmt(c['val_score'])}  " + (c["prompt"] or "").replace("\n", " / ")[:90])
        return 0
    settings = store.settings()
    records = store.runs()
    runs = [{"id": r["id"], "status": r["status"], "stop_reason": r["stop_reason"],
             "evaluation_only": RunPlan.of_run(r).evaluation_only,
             "result": r["result"]} for r in records]
    info = {"project": str(store.path), "settings": settings,
            "rows": store.row_count(), "runs": runs}
    if a.json:
        print(json.dumps(info, ensure_ascii=False))
        return 0
    print(f"{settings['name']}  ({info['rows']} rows, metric {' + '.join(settings['metrics'])})")
    print(f"task: {settings['task']}")
    print("template:\n  " + settings["template"].replace("\n", "\n  "))
    for r in records:
        if RunPlan.of_run(r).evaluation_only:
            ev = EvaluationResult.of_run(r)
            print(f"run {r['id']} [evaluation] score {fmt(ev.score if ev else None)}")
            continue
        res = RunResult.of_run(r)
        print(f"run {r['id']} [{r['status']}] val {fmt(res and res.initial_val_score)} -> "
              f"{fmt(res and res.best_val_score)}  {r['stop_reason'] or ''}"
              + (f"  [{res.outcome}]" if res else ""))
    best = next((res for r in reversed(records) if (res := RunResult.of_run(r))), None)
    if best:
        print_labels(best)  # what its gain is made of, per label
        print("best prompt:\n  " + best.best_prompt.replace("\n", "\n  "))
    return 0


def cmd_eval(a) -> int:
    store = _open(a.project)
    cfg = RunConfig(train_rows=a.train_rows, val_rows=a.val_rows, test_rows=a.test_rows,
                    seed=a.seed)
    score, rows = project.evaluate_prompt(store, _engines(store), _text_arg(a.prompt), a.split,
                                          cfg)
    if a.json:
        print(json.dumps({"split": a.split, "score": score, "rows": [
            {"row_id": rid, "output": out, "score": ev.score, "reason": ev.reason}
            for rid, out, ev in rows]}, ensure_ascii=False))
    else:
        print(f"{a.split} score: {score:.3f} on {len(rows)} rows")
    return 0


def cmd_export(a) -> int:
    store = _open(a.project)
    export_mod.export(store, a.format, a.out, overwrite=a.force)
    print(f"wrote {a.out}")
    return 0


def cmd_copy(a) -> int:
    store = _open(a.project)
    print(f"wrote {project.save_copy(store, a.dest, overwrite=a.force)}")
    return 0


def cmd_doctor(a) -> int:
    from .models import system_check
    if a.qt_libs:
        q = system_check.qt()
        if not q["ok"]:
            print("The app window needs system libraries that are missing: "
                  + ", ".join(q["missing_libraries"]) + ".\nInstall them with:\n  "
                  + q["install"]["debian"] + "    (Debian, Ubuntu)\n  "
                  + q["install"]["fedora"] + "    (Fedora)", file=sys.stderr)
        return 0 if q["ok"] else 1
    r = system_check.report(run_probe=not a.no_probe)
    print(json.dumps(r, ensure_ascii=False) if a.json else system_check.render(r))
    return 0 if r["ok"] else 1


COMMANDS = {"doctor": cmd_doctor, "models": cli_models.command, "new": cmd_new, "run": cmd_run, "resume": cmd_resume, "show": cmd_show,
            "continue": cmd_continue, "settings": cmd_settings,
            "eval": cmd_eval, "export": cmd_export, "copy": cmd_copy}
