"""Export a run's result as .txt, .md, .json or .yaml, written atomically."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import yaml

from .errors import GradSumError
from .store import Store

FORMATS = ("txt", "md", "json", "yaml")


def report(store: Store, run_id: int | None = None) -> dict:
    run = store.run(run_id) if run_id else store.latest_run(optimization=True)
    if run is None or not run["result"]:
        raise GradSumError(f"{store.path} has no finished run to export yet.")
    rid = run["id"]
    cands = store.candidates(rid)
    summaries = store.where("summaries", rid, order_by="iteration")
    return {
        "project": store.settings(),
        "run": {"id": rid, "status": run["status"], "stop_reason": run["stop_reason"],
                "config": {k: v for k, v in run["config"].items() if k != "splits"}},
        "result": run["result"],
        "summaries": [{"iteration": s["iteration"], "text": s["text"]} for s in summaries],
        "candidates": [{k: c[k] for k in ("iteration", "key", "parent_key", "status", "reason",
                                          "val_score", "train_score", "tokens", "prompt")}
                       for c in cands],
        "metaprompts": run["metaprompts"],
    }


def _pct(x) -> str:
    return "—" if x is None else f"{x:.1%}"


def render(rep: dict, fmt: str) -> str:
    res = rep["result"]
    if fmt == "txt":
        return res["best_prompt"].rstrip("\n") + "\n"
    if fmt == "json":
        return json.dumps(rep, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump(rep, allow_unicode=True, sort_keys=False, width=100)
    if fmt == "md":
        p = rep["project"]
        lines = [f"# {p.get('name', 'GradSum project')}: optimized prompt", "",
                 "```text", res["best_prompt"].rstrip("\n"), "```", "",
                 "| | initial prompt | best prompt |", "|---|---|---|",
                 f"| validation | {_pct(res['initial_val_score'])} | {_pct(res['best_val_score'])} |",
                 f"| test | {_pct(res['test_score_initial'])} | {_pct(res['test_score_best'])} |",
                 "", f"Stopped: {res['stop_reason']}. LLM calls: {res['llm_calls']} "
                 f"(cached: {res['cached_calls']}), wall time {res['wall_s']} s.", "",
                 "## Initial prompt", "", "```text", res["initial_prompt"].rstrip("\n"), "```"]
        if rep["summaries"]:
            lines += ["", "## Gradient summaries", ""]
            lines += [f"- Iteration {s['iteration']}: {s['text']}" for s in rep["summaries"]]
        return "\n".join(lines) + "\n"
    raise GradSumError(f"Unknown export format '{fmt}'. Choose from: {', '.join(FORMATS)}.")


def write_atomic(path: str | Path, text: str, overwrite: bool = False) -> None:
    """Temp file in the same folder, fsync, rename: a crash leaves the old file or the new."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise GradSumError(f"{path} already exists; choose another name or allow overwriting.")
    if not path.parent.exists():
        raise GradSumError(f"Folder {path.parent} does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise GradSumError(f"Could not write {path}: {e.strerror or e}.") from None


def export(store: Store, fmt: str, out: str | Path, overwrite: bool = False,
           run_id: int | None = None) -> None:
    if fmt not in FORMATS:
        raise GradSumError(f"Unknown export format '{fmt}'. Choose from: {', '.join(FORMATS)}.")
    write_atomic(out, render(report(store, run_id), fmt), overwrite)
