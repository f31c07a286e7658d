"""First-run benchmark: what a new user sees on the demo project, run as the app runs it.

For each interface language's demo and each seed: the fit check, then the demo's own run (the
Quick preset, as saved in the demo project) with the bundled model. Prints minutes and
requests, each against the estimate shown before the run (minutes from the model's speed
measured as the window measures it), the fit check's findings, the
outcome with its gain and interval, and the exported prompt. Not part of pytest.

    python tests/bench/first_run.py [--langs en,zh_CN] [--seeds 0,1,2] [--preset Quick]
    python tests/bench/first_run.py --tasks counting_choice --seeds 0 [--preset Standard]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gradsum.core import fit_check, project  # noqa: E402
from gradsum.core.demo import create_demo, demo_run, demo_spec  # noqa: E402
from gradsum.core.dataset import load  # noqa: E402
from gradsum.core.settings import PRESETS, ModelSpec, ProjectSettings, RunConfig  # noqa: E402
from gradsum.core.budget import estimate_seconds  # noqa: E402
from gradsum.models.factory import make_engine  # noqa: E402
from gradsum.models.speed import measure  # noqa: E402
from tests.bench.figures import HEADER, label_columns, recalls  # noqa: E402
from tests.bench.tasks import TASKS, data_path  # noqa: E402


def bench_project(path: Path, name: str, run: dict):
    spec = TASKS[name]
    settings = ProjectSettings(
        name=name, template=spec["template"], task=spec["task"], criteria=spec["criteria"],
        mapping={}, answer_column=spec.get("answer_column", "answer"), metrics=spec["metrics"],
        options_column=spec.get("options_column"), run=run)
    return project.create(path, load(data_path(name)), settings)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--langs", default="en,zh_CN")
    ap.add_argument("--tasks", default="", help="benchmark tasks (tests/bench/tasks.py) to run "
                    "with the preset instead of the demos, e.g. counting_choice")
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--preset", default="Quick", choices=list(PRESETS))
    ap.add_argument("--threads", type=int)
    a = ap.parse_args()
    speed = measure(ModelSpec(threads=a.threads))  # as the window's "Measure model speed"
    print(f"measured speed: prompt {speed[0]:.0f} tokens/s, generation {speed[1]:.0f} tokens/s "
          f"(one sequence)", flush=True)
    engine = make_engine(ModelSpec(threads=a.threads))
    engines = {"task": engine, "judge": engine, "optimizer": engine}
    tmp = tempfile.mkdtemp(prefix="first-run-")
    print(f"{'demo':6} {'seed':>4} {'min':>5} {'est.':>5} {'ratio':>5} {'calls':>5} {'est.':>5} "
          f"{'ratio':>5} "
          f"{'outcome':14} {'held-out score, gain [95%]':36} {HEADER} exported prompt",
          flush=True)
    confirmed: dict[str, int] = {}
    try:
        for lang in (a.tasks.split(",") if a.tasks else a.langs.split(",")):
            spec = TASKS[lang] if a.tasks else demo_spec(lang)
            for seed in map(int, a.seeds.split(",")):
                if a.tasks:
                    run = {**PRESETS[a.preset], "seed": seed, "train_rows": 30,
                           "val_rows": 85, "test_rows": 85}
                    store = bench_project(Path(tmp) / f"{lang}-{seed}.gradsum", lang, run)
                else:
                    run = {**demo_run(spec), **PRESETS[a.preset], "seed": seed}
                    store = create_demo(Path(tmp) / f"{lang}-{seed}.gradsum", run=run,
                                        lang=lang)
                cfg = RunConfig.from_dict(run)
                t0 = time.monotonic()
                fit = fit_check.check(store, engines, project.load_settings(store), cfg)
                started = project.start_run(store, cfg)
                rid, plan = started.id, started.plan.estimate
                est = plan.typical
                est_min = estimate_seconds(plan, speed, "judge" in spec["metrics"]) / 60
                res = project.run(store, engines, rid)
                minutes = (time.monotonic() - t0) / 60
                made = res["llm_calls"] + res["cached_calls"]  # every request, the check's too
                g = res.get("test_gain") or {}
                gain = (f"{res['test_score_initial']:.0%}->{res['test_score_best']:.0%} "
                        f"{g['gain']:+.1%} [{g['low']:+.1%}, {g['high']:+.1%}]" if g else "—")
                ok = res["selection_outcome"] == "confirmed"
                confirmed[lang] = confirmed.get(lang, 0) + ok
                print(f"{lang:6} {seed:4} {minutes:5.2f} {est_min:5.2f} {minutes / est_min:5.2f} "
                      f"{made:5} {est:5} {made / est:5.2f} "
                      f"{res['selection_outcome']:14} {gain:36} "
                      f"{label_columns(res.get('labels'))} "
                      + res["best_prompt"].split("\n")[0], flush=True)
                figures = res.get("labels") or {}
                print(f"{'':6} per-label recall on the held-out rows: start "
                      f"{recalls(figures.get('initial'))}; exported "
                      f"{recalls(figures.get('exported'))}", flush=True)
                its = res.get("iterations") or []
                print(f"{'':6} {len(its)} iteration(s), edits usable "
                      f"{sum(h['usable'] for h in its)}/{sum(h['proposed'] for h in its)}, "
                      f"stop: {res.get('stop_reason')}; project {store.path}", flush=True)
                print(f"{'':6} fit check: " + " | ".join(
                    f"{f.kind}" for f in fit.findings) + " — " + "; ".join(
                    f"{p.label} {p.right}/{p.rows}" for p in fit.prompts), flush=True)
                store.close()
    finally:
        engine.close()
    print("confirmed gains at the task: " + ", ".join(
        f"{k} {v} of {len(a.seeds.split(','))}" for k, v in confirmed.items()))


if __name__ == "__main__":
    main()
