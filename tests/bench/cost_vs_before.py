"""What the result-quality checks cost: model calls and wall time of the same run, at the same
settings, with this checkout and with an older one (its own venv), through each one's CLI.

    python tests/bench/cost_vs_before.py --before /tmp/before [--tasks a,b] [--seed 0]

The older checkout is e.g. `git worktree add /tmp/before 6e174a8` with `bash
scripts/install.sh test` run in it. Runs alternate (before, after, before, after) so that a
machine getting slower or faster falls on both sides. Target (issue 13): calls and wall time
at most 25% above the older code's.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.tasks import TASKS, data_path  # noqa: E402


def run_once(checkout: Path, name: str, args: argparse.Namespace, tmp: Path) -> dict:
    spec = TASKS[name]
    gradsum = checkout / ".venv" / "bin" / "gradsum"
    project = tmp / f"{checkout.name}-{name}-{time.monotonic_ns()}.gradsum"
    new = [str(gradsum), "new", str(project), "--data", str(data_path(name)),
           "--template", spec["template"], "--task", spec["task"],
           "--criteria", spec["criteria"], "--answer-column", "answer"]
    for m in spec["metrics"]:
        new += ["--metric", m]
    subprocess.run(new, check=True, capture_output=True, text=True)
    run = [str(gradsum), "run", str(project), "--iterations", str(args.iterations),
           "--beam", str(args.beam), "--candidates", str(args.candidates),
           "--train-rows", "30", "--val-rows", str(args.val_rows), "--test-rows",
           str(args.test_rows), "--seed", str(args.seed), "--patience", str(args.iterations),
           "--json"]
    t0 = time.monotonic()
    out = subprocess.run(run, check=True, capture_output=True, text=True).stdout
    wall = time.monotonic() - t0
    res = json.loads(out.strip().splitlines()[-1])
    return {"calls": res["llm_calls"], "wall": wall}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", type=Path, required=True)
    ap.add_argument("--tasks", default="sports_understanding,object_counting")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--iterations", type=int, default=2)
    ap.add_argument("--beam", type=int, default=2)
    ap.add_argument("--candidates", type=int, default=3)
    ap.add_argument("--val-rows", type=int, default=30)
    ap.add_argument("--test-rows", type=int, default=60)
    a = ap.parse_args()
    print(f"settings: iterations {a.iterations}, beam {a.beam}, candidates {a.candidates}, "
          f"30 train / {a.val_rows} validation / {a.test_rows} test rows, seed {a.seed}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.tasks.split(","):
            before = run_once(a.before.resolve(), name, a, Path(tmp))
            after = run_once(ROOT, name, a, Path(tmp))
            print(f"{name:22} calls {before['calls']:5d} -> {after['calls']:5d} "
                  f"({after['calls'] / before['calls']:.2f}x)   wall {before['wall']:6.1f} s -> "
                  f"{after['wall']:6.1f} s ({after['wall'] / before['wall']:.2f}x)", flush=True)


if __name__ == "__main__":
    main()
