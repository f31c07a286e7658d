"""Quality benchmark: does the exported prompt beat the starting prompt on held-out rows?

For each task, seed and variant it runs the optimizer with the app's default engine (the
bundled SmolLM2-135M-Instruct in a model process) and prints the starting and exported
prompts' scores on the held-out test rows, the gain with its 95% paired-bootstrap interval
and verdict, how the run chose (selection outcome), model calls and wall time; then, per
task, how many seeds ended worse beyond the interval (target: none) and with a clear gain
(target: at least half the tasks), and the exported prompts to read. Not part of pytest.

    python tests/bench/quality.py [--tasks a,b] [--seeds 0,1,2]
        [--variants full,no-summary,no-format-rule] [--iterations 3] [--json]
        [--gpu-layers -1] [--jobs N]

--jobs N runs N optimizations at a time, each in its own process with its own model (on a
GPU machine: many small models share the card); wall times then overlap.

Variants: default (the defaults), no-own-words (no starting candidates from the task
description and criteria), metric-ranking (candidates ranked by the 0/1 metric on every
validation row, without racing), logprob (ranked and raced by the forced-answer signal, which
is off by default, core/signal.py), bonferroni (the previous selection rule: a validation win
beyond chance over every candidate tried, then a higher held-out mean),
no-prune (the winner as the editor wrote it), no-summary (ProTeGi-style: edit from raw
gradients), no-format-rule, no-rephrasings, demos (three solved training rows).

`--summarize runs.jsonl --before old.jsonl` sets calls and wall time beside an older
checkout's runs of the same tasks and seeds (its own quality.py, with --out).

Per run it also prints, where the task has one, the hand-written instruction that
headroom.py found clearly better than the starting prompt, scored on the same held-out rows
(target: the exported prompt at least as good in 2 of 3 seeds), and, with --correlation N,
the rank correlation between the validation signal and held-out accuracy over N candidates.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gradsum.core import project  # noqa: E402
from gradsum.core.plan import RunPlan  # noqa: E402
from gradsum.core.search import Search  # noqa: E402
from gradsum.core.stats import spearman  # noqa: E402
from gradsum.core.dataset import load, suggest_sizes  # noqa: E402
from gradsum.core.settings import ModelSpec, ProjectSettings, RunConfig  # noqa: E402
from gradsum.models.factory import make_engine  # noqa: E402
from tests.bench.tasks import TASKS, data_path  # noqa: E402
from tests.bench.figures import HEADER, label_columns, recalls  # noqa: E402

# the default ranks by the metric (the forced-answer signal ranked counting_choice's prompts
# against held-out accuracy, core/signal.py), so "logprob" is the fine signal's variant and
# "metric-ranking" the 0/1 metric without racing
VARIANTS = {"default": {}, "no-own-words": {"own_words": False},
            "metric-ranking": {"signal": "metric", "racing": False},
            "logprob": {"signal": "logprob"},
            "bonferroni": {"confirmation": "bonferroni"}, "no-prune": {"prune": False},
            "no-summary": {"use_summary": False}, "no-format-rule": {"format_rule": False},
            "no-rephrasings": {"rephrasings": False}, "demos": {"demos": 3}}
# the instruction headroom.py found clearly better than the starting prompt (first line only)
HEADROOM = {"counting_choice": "Count the objects the question asks about, then reply with "
                               "the one option that is the total."}


def pct(x) -> str:
    return "   —" if x is None else f"{x:5.1%}"


def run_one(job: tuple, a: argparse.Namespace, engine, tmp: str) -> dict:
    name, seed, variant = job
    spec = TASKS[name]
    data = load(data_path(name))
    fit = suggest_sizes(len(data.rows))
    settings = ProjectSettings(
        name=name, template=spec["template"], task=spec["task"], criteria=spec["criteria"],
        mapping={}, answer_column=spec.get("answer_column", "answer"), metrics=spec["metrics"],
        options_column=spec.get("options_column"))
    store = project.create(Path(tmp) / f"{name}-{seed}-{variant}.gradsum", data, settings)
    cfg = RunConfig(iterations=a.iterations, beam=a.beam, candidates=a.candidates,
                    train_rows=a.train_rows or fit.train, val_rows=a.val_rows or fit.val,
                    test_rows=a.test_rows, batch_size=a.batch_size, seed=seed,
                    task_max_tokens=a.task_max_tokens, patience=a.iterations,
                    **VARIANTS[variant])
    rid = project.start_run(store, cfg).id
    splits = RunPlan.of_run(store.run(rid)).splits
    t0 = time.monotonic()
    engines = {"task": engine, "judge": engine, "optimizer": engine}
    res = project.run(store, engines, rid)
    wall = time.monotonic() - t0
    extra = after_run(store, engines, rid, res, name, spec, a.correlation)
    store.close()
    return {"task": name, "seed": seed, "variant": variant,
            "rows": [len(splits.of(k)) for k in ("train", "val", "test")],
            "wall_s": round(wall, 1), **{k: res[k] for k in (
                "test_score_initial", "test_score_best", "initial_val_score", "best_val_score",
                "candidate_val_score", "llm_calls", "candidates_usable", "candidates_total",
                "selection_outcome", "best_prompt", "candidate_prompt", "test_gain", "signal",
                "labels", "made_of")},
            "family": [(t["prompt"], t["p"], t["passed"]) for t in res["selection"]["family"]],
            **extra}


def after_run(store, engines, rid: int, res: dict, name: str, spec: dict, n_corr: int) -> dict:
    """Figures beside the run's own (scored after it, outside its wall time): the headroom
    instruction on the same held-out rows, the pruning, the signal's rank correlation."""
    search = Search(store, engines, rid)
    test = search.splits.test
    out: dict = {"pruned": None, "headroom": None, "correlation": None}
    cands = {c["key"]: c for c in store.candidates(rid)}
    exported = next((c for c in cands.values() if c["prompt"] == res["best_prompt"]), None)
    if exported and exported["origin"] == "pruned":
        root = exported
        while root["origin"] == "pruned":
            root = next(c for c in cands.values() if c["key"] == root["parent_key"])
        out["pruned"] = [root["prompt"], exported["prompt"]]
    # the written starting candidates' and the pruning trials' validation standings, so the
    # table can say which own words ranked where and what pruning tried
    line = lambda c: c["prompt"].split("\n", 1)[0]  # noqa: E731
    out["starts"] = [(c["origin"], line(c), c["val_score"]) for c in cands.values()
                     if c["origin"] in ("initial", "format", "own_words") and c["status"] == "ok"]
    out["prunes"] = [(line(c), c["val_score"]) for c in cands.values()
                     if c["origin"] == "pruned"]
    if name in HEADROOM and test:
        rest = spec["template"].split("\n", 1)[1]
        mine = HEADROOM[name] + "\n" + rest
        got = search.per_row([mine, res["best_prompt"]], test, "test")
        out["headroom"] = [sum(got[mine]) / len(test), sum(got[res["best_prompt"]]) / len(test)]
    if n_corr and test:
        ranked = sorted((c for c in cands.values() if c["status"] == "ok"
                         and c["val_score"] is not None and c["val_rows"] == len(
                             search.splits.val)), key=lambda c: -c["val_score"])
        pick = ranked[:n_corr // 2] + ranked[n_corr // 2:][::max(1, len(ranked) // n_corr)]
        pick = list({c["key"]: c for c in pick}.values())[:n_corr]
        got = search.per_row([c["prompt"] for c in pick], test, "test")
        vals = [c["val_score"] for c in pick]
        accs = [sum(got[c["prompt"]]) / len(test) for c in pick]
        out["correlation"] = [spearman(vals, accs), len(pick)]
    return out


def print_row(row: dict) -> None:
    g = row["test_gain"] or {}
    interval = f"{g['gain']:+6.1%} [{g['low']:+6.1%}, {g['high']:+6.1%}]" if g else "—"
    print(f"{row['task']:20} {row['seed']:4d} {row['variant']:14} "
          f"{'/'.join(map(str, row['rows'])):>11} {pct(row['test_score_initial']):>9} "
          f"{pct(row['test_score_best']):>8} {interval:>24} {g.get('verdict', '—'):19} "
          f"{row['selection_outcome']:13} {row['llm_calls']:6d} {row['wall_s']:7.1f} "
          f"{label_columns(row.get('labels'))}", flush=True)


def keep(row: dict, out: Path | None) -> None:
    print_row(row)
    if out:  # one JSON line per finished run: a run cut short keeps what it finished
        with out.open("a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


_worker: dict = {}


def _work(job: tuple, a: argparse.Namespace) -> dict:
    """One job in a worker process: each worker loads the model once (its own engine)."""
    if "engine" not in _worker:
        _worker["engine"] = make_engine(spec_of(a))
        _worker["tmp"] = tempfile.mkdtemp(prefix="gradsum-quality-")
    return run_one(job, a, _worker["engine"], _worker["tmp"])


def spec_of(a: argparse.Namespace) -> ModelSpec:
    return ModelSpec(parallel=a.parallel, gpu_layers=a.gpu_layers, threads=a.threads)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default=",".join(n for n in TASKS if not TASKS[n].get("demo")))
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--variants", default="default")
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--beam", type=int, default=3)
    ap.add_argument("--candidates", type=int, default=4)
    ap.add_argument("--train-rows", type=int, help="default: as the app suggests for the data")
    ap.add_argument("--val-rows", type=int, help="default: as the app suggests for the data")
    ap.add_argument("--test-rows", type=int, help="default: every remaining row")
    ap.add_argument("--batch-size", type=int, default=10)
    ap.add_argument("--task-max-tokens", type=int, default=48)
    ap.add_argument("--parallel", type=int, default=ModelSpec().parallel)
    ap.add_argument("--gpu-layers", type=int, default=0, help="-1: every layer on the GPU")
    ap.add_argument("--threads", type=int, help="per engine (default: the engine's)")
    ap.add_argument("--jobs", type=int, default=1,
                    help="runs at a time, each in its own process with its own model")
    ap.add_argument("--correlation", type=int, default=0, metavar="N",
                    help="score N candidates on the held-out rows for the signal's rank "
                         "correlation with held-out accuracy")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--out", type=Path, help="append each finished run to this JSONL file")
    ap.add_argument("--summarize", type=Path, metavar="JSONL",
                    help="print the table and summary of runs kept with --out, run nothing")
    ap.add_argument("--before", type=Path, metavar="JSONL",
                    help="with --summarize: runs of an older checkout's quality.py at the same "
                         "settings (its --out), compared on calls and wall time")
    a = ap.parse_args()
    if a.summarize:
        rows = read_jsonl(a.summarize)
        for row in rows:
            print_row(row)
        summarize(rows)
        if a.before:
            compare_cost(read_jsonl(a.before), rows)
        return
    # variant outermost, then seed: a run cut short has the defaults' runs first, every task
    # at the first seeds given
    jobs = [(name, seed, variant) for variant in a.variants.split(",")
            for seed in map(int, a.seeds.split(",")) for name in a.tasks.split(",")]
    print(f"model: bundled (parallel {a.parallel}, gpu layers {a.gpu_layers}, jobs {a.jobs}); "
          f"iterations {a.iterations}, beam {a.beam}, candidates {a.candidates}, "
          f"batch {a.batch_size}", flush=True)
    print(f"{'task':20} {'seed':>4} {'variant':14} {'rows t/v/T':>11} {'test init':>9} "
          f"{'exported':>8} {'gain [95% interval]':>24} {'verdict':19} {'outcome':13} "
          f"{'calls':>6} {'wall s':>7} {HEADER}", flush=True)
    t0 = time.monotonic()
    rows = []
    if a.jobs > 1:
        ctx = mp.get_context("spawn")
        with ProcessPoolExecutor(a.jobs, mp_context=ctx) as pool:
            for fut in as_completed([pool.submit(_work, job, a) for job in jobs]):
                rows.append(fut.result())
                keep(rows[-1], a.out)
    else:
        engine = make_engine(spec_of(a))
        with tempfile.TemporaryDirectory() as tmp:
            for job in jobs:
                rows.append(run_one(job, a, engine, tmp))
                keep(rows[-1], a.out)
    print(f"all runs: {time.monotonic() - t0:.0f} s", flush=True)
    summarize(rows)
    if a.json:
        print(json.dumps(rows, ensure_ascii=False))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x]


def compare_cost(before: list[dict], rows: list[dict]) -> None:
    """Calls and wall time of the default variant against the older code's run of the same
    task and seed (target: wall time at most 60% of before, never above 100%)."""
    old = {(r["task"], r["seed"]): r for r in before}
    pairs = [(old[(r["task"], r["seed"])], r) for r in rows
             if r["variant"] == "default" and (r["task"], r["seed"]) in old]
    print("\ncalls and wall time against the code before (same task, seed and settings):")
    for b, r in pairs:
        print(f"  {r['task']:20} seed {r['seed']}  before {b['llm_calls']:5d} calls "
              f"{b['wall_s']:6.0f} s  now {r['llm_calls']:5d} calls {r['wall_s']:6.0f} s  "
              f"calls {r['llm_calls'] / b['llm_calls']:.2f}x  wall {r['wall_s'] / b['wall_s']:.2f}x")
    if pairs:
        calls = sum(r["llm_calls"] for _, r in pairs) / sum(b["llm_calls"] for b, _ in pairs)
        wall = sum(r["wall_s"] for _, r in pairs) / sum(b["wall_s"] for b, _ in pairs)
        print(f"  all {len(pairs)} pairs: calls {calls:.2f}x, wall {wall:.2f}x")


def summarize(rows: list[dict]) -> None:
    by_task: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["variant"] == "default":
            by_task[r["task"]].append(r)
    print("\nper task, variant default: seeds worse beyond the interval (target 0) / with a "
          "clear gain / confirmed at the task / confirmed in the answer's form only / in all")
    for task, rs in by_task.items():
        worse = sum((r["test_gain"] or {}).get("verdict") == "worse" for r in rs)
        better = sum((r["test_gain"] or {}).get("verdict") == "better" for r in rs)
        confirmed = sum(r["selection_outcome"] == "confirmed" for r in rs)
        form = sum(r["selection_outcome"] == "format_only" for r in rs)
        print(f"  {task:20} worse {worse}  clear gain {better}  confirmed at the task "
              f"{confirmed}  format only {form}  of {len(rs)}")
    print("\nheadroom: the exported prompt against the instruction headroom.py found clearly "
          "better, on the same held-out rows (target: at least as good in 2 of 3 seeds)")
    for r in rows:
        if r.get("headroom"):
            mine, ours = r["headroom"]
            print(f"  {r['task']:20} seed {r['seed']} {r['variant']:14} headroom instruction "
                  f"{mine:6.1%}  exported {ours:6.1%}  {'ok' if ours >= mine else 'below'}")
    corr = [r for r in rows if r.get("correlation") and r["correlation"][0] is not None]
    if corr:
        print("\nrank correlation (Spearman) of the validation signal with held-out accuracy "
              "across candidates:")
        for r in corr:
            print(f"  {r['task']:20} seed {r['seed']} {r['variant']:14} signal {r['signal']:8}"
                  f" rho {r['correlation'][0]:+.2f} over {r['correlation'][1]} candidates")
    print("\ncalls and wall time per variant (same tasks and seeds):")
    for variant in dict.fromkeys(r["variant"] for r in rows):
        rs = [r for r in rows if r["variant"] == variant]
        print(f"  variant {variant:14}: mean calls {sum(r['llm_calls'] for r in rs) / len(rs):6.0f}"
              f", mean wall {sum(r['wall_s'] for r in rs) / len(rs):6.0f} s over {len(rs)} runs")
    print("\nexported prompts:")
    for r in rows:
        text = r["best_prompt"].replace("\n", " / ")
        print(f"  {r['task']} seed {r['seed']} {r['variant']} [{r['selection_outcome']}]: "
              f"{text[:300]}")
        figures = r.get("labels") or {}
        if figures.get("exported"):
            print(f"      per-label recall on the held-out rows: start "
                  f"{recalls(figures.get('initial'))}; exported {recalls(figures['exported'])}")
        for origin, text, val in r.get("starts") or ():
            print(f"    start {origin:9} val {pct(val):>6}  {text[:200]}")
        for text, val in r.get("prunes") or ():
            print(f"    prune trial   val {pct(val):>6}  {text[:200]}")
        if r.get("pruned"):
            print(f"    pruned from: {r['pruned'][0].replace(chr(10), ' / ')[:300]}")
        if r["candidate_prompt"] != r["best_prompt"]:
            print(f"    (best on validation, not exported: "
                  f"{r['candidate_prompt'].replace(chr(10), ' / ')[:300]})")


if __name__ == "__main__":
    main()
