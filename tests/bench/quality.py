"""Quality benchmark: GRAD-SUM vs the no-summary ablation on three BIG-bench tasks with the
bundled SmolLM2-135M-Instruct. Prints, per task and variant, initial vs best test score, LLM
calls and wall time. Not part of the pytest run.

    python tests/bench/quality.py [--iterations 3] [--tasks object_counting,...] [--json]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from gradsum.core import project  # noqa: E402
from gradsum.core.dataset import load  # noqa: E402
from gradsum.core.settings import ModelSpec, ProjectSettings, RunConfig  # noqa: E402
from gradsum.models.factory import make_engine  # noqa: E402
from tests.bench.tasks import TASKS, data_path  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default=",".join(TASKS))
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--beam", type=int, default=2)
    ap.add_argument("--candidates", type=int, default=4)
    ap.add_argument("--train-rows", type=int, default=20)
    ap.add_argument("--val-rows", type=int, default=20)
    ap.add_argument("--test-rows", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=6)
    ap.add_argument("--task-max-tokens", type=int, default=48)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--selection", choices=("full", "halving"), default="full")
    ap.add_argument("--parallel", type=int, default=ModelSpec().parallel,
                    help="sequences decoded together (1 = single-sequence engine)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    engine = make_engine(ModelSpec(parallel=a.parallel))  # the app's default engine
    engines = {"task": engine, "judge": engine, "optimizer": engine}
    print(f"model {engine.model_name} (parallel {a.parallel}, selection {a.selection}); "
          f"iterations {a.iterations}, "
          f"beam {a.beam}, candidates {a.candidates}, train/val/test {a.train_rows}/"
          f"{a.val_rows}/{a.test_rows}, batch {a.batch_size}", flush=True)
    header = (f"{'task':22} {'variant':10} {'test init':>9} {'test best':>9} {'val init':>8} "
              f"{'val best':>8} {'usable':>7} {'calls':>6} {'wall s':>7}  stop")
    print(header, flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.tasks.split(","):
            spec = TASKS[name]
            data = load(data_path(name))
            for variant, use_summary in (("grad-sum", True), ("no-summary", False)):
                settings = ProjectSettings(name=name, template=spec["template"],
                                           task=spec["task"], criteria=spec["criteria"],
                                           mapping={}, answer_column="answer",
                                           metrics=spec["metrics"])
                store = project.create(Path(tmp) / f"{name}-{variant}.gradsum", data, settings)
                cfg = RunConfig(iterations=a.iterations, beam=a.beam, candidates=a.candidates,
                                train_rows=a.train_rows, val_rows=a.val_rows,
                                test_rows=a.test_rows, batch_size=a.batch_size, seed=a.seed,
                                use_summary=use_summary, task_max_tokens=a.task_max_tokens,
                                patience=a.iterations, selection=a.selection)
                t0 = time.monotonic()
                res = project.run(store, engines, project.start_run(store, cfg))
                wall = time.monotonic() - t0
                row = {"task": name, "variant": variant, **{k: res[k] for k in (
                    "test_score_initial", "test_score_best", "initial_val_score",
                    "best_val_score", "llm_calls", "candidates_usable", "candidates_total",
                    "stop_reason", "best_prompt")}, "wall_s": round(wall, 1)}
                rows.append(row)
                print(f"{name:22} {variant:10} {row['test_score_initial']:9.3f} "
                      f"{row['test_score_best']:9.3f} {row['initial_val_score']:8.3f} "
                      f"{row['best_val_score']:8.3f} "
                      f"{row['candidates_usable']:>3}/{row['candidates_total']:<3} "
                      f"{row['llm_calls']:6d} {wall:7.1f}  {row['stop_reason']}", flush=True)
                store.close()
    gain = {v: sum(r["test_score_best"] - r["test_score_initial"] for r in rows
                   if r["variant"] == v) / max(1, sum(r["variant"] == v for r in rows))
            for v in ("grad-sum", "no-summary")}
    print(f"mean test gain: grad-sum {gain['grad-sum']:+.3f}, no-summary {gain['no-summary']:+.3f}")
    for r in rows:
        if r["variant"] == "grad-sum":
            print(f"best prompt for {r['task']}: {r['best_prompt']!r}")
    if a.json:
        print(json.dumps({"runs": rows, "mean_gain": gain}))


if __name__ == "__main__":
    main()
