"""The real path, end to end: the CLI on the bundled GGUF model."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gradsum.core.store import Store
from gradsum.core.template import placeholders
from tests.integration.conftest import cli

DEMO = Path(__file__).resolve().parents[2] / "gradsum" / "demo" / "object_counting.jsonl"
TEMPLATE = "Answer the question.\nQuestion: {question}\nAnswer:"


def new_project(path, *extra):
    cli("new", path, "--data", DEMO, "--template", TEMPLATE,
        "--task", "Count the objects of the asked kind and give the total.",
        "--criteria", "The answer is the correct total, as a number.",
        "--answer-column", "answer", "--n-ctx", "1024", *extra)


def test_one_iteration_with_the_judge_writes_every_record_and_exports(tmp_path):
    proj = tmp_path / "demo.gradsum"
    new_project(proj, "--metric", "judge", "--metric", "number")
    p = cli("run", proj, "--iterations", 1, "--beam", 1, "--candidates", 2, "--train-rows", 3,
            "--val-rows", 2, "--test-rows", 2, "--batch-size", 3, "--task-max-tokens", 24,
            "--json")
    res = json.loads(p.stdout.strip().splitlines()[-1])
    for key in ("best_prompt", "initial_val_score", "best_val_score", "test_score_initial",
                "test_score_best", "llm_calls", "cached_calls", "wall_s"):
        assert key in res, key
    assert res["llm_calls"] > 0 and res["judge_agreement"]["rows"] > 0
    store = Store(proj)
    rid = 1
    assert store.where("scores", rid) and store.where("candidates", rid)
    assert store.where("iterations", rid)[0]["done"] == 1
    roles = {r[0] for r in store.db.conn.execute("SELECT DISTINCT role FROM llm_calls")}
    assert roles == {"task", "judge", "optimizer"}
    # the batch had failures: their gradients, a summary and candidates were recorded
    if store.where("gradients", rid):
        assert store.where("summaries", rid)
        assert any(c["origin"] == "editor" for c in store.candidates(rid))
    run = store.run(rid)
    assert "[system]" in run["metaprompts"]["judge"] and run["status"] == "finished"
    # every kind of export; the prompt keeps its placeholders
    for fmt in ("txt", "md", "json", "yaml"):
        cli("export", proj, "--format", fmt, "--out", tmp_path / f"best.{fmt}")
    txt = (tmp_path / "best.txt").read_text("utf-8")
    assert placeholders(txt) == ["question"] and txt.strip() == res["best_prompt"].strip()
    assert json.loads((tmp_path / "best.json").read_text())["result"]["best_prompt"] == \
        res["best_prompt"]
    again = cli("export", proj, "--format", "txt", "--out", tmp_path / "best.txt", check=False)
    assert again.returncode == 2 and "already exists" in again.stderr
    shown = json.loads(cli("show", proj, "--json").stdout)
    assert shown["rows"] == 60 and shown["runs"][0]["status"] == "finished"
    ev = json.loads(cli("eval", proj, "--prompt", res["best_prompt"], "--split", "test",
                        "--train-rows", 3, "--val-rows", 2, "--test-rows", 2, "--json").stdout)
    assert ev["score"] == res["test_score_best"]  # same rows, same greedy outputs


def test_sigkill_mid_iteration_then_resume_finishes_without_repeating_calls(tmp_path):
    proj = tmp_path / "kill.gradsum"
    new_project(proj, "--metric", "number")
    args = [sys.executable, "-m", "gradsum", "run", str(proj), "--iterations", "2", "--beam",
            "2", "--candidates", "2", "--train-rows", "8", "--val-rows", "4", "--test-rows",
            "4", "--batch-size", "4", "--task-max-tokens", "32", "--patience", "9"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    db = sqlite3.connect(proj, timeout=30)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # kill once the optimizer is at work: mid-iteration
        n = db.execute("SELECT count(*) FROM llm_calls WHERE role='optimizer'").fetchone()[0]
        if n >= 2 or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = {r[0] for r in db.execute("SELECT key FROM llm_calls")}
    db.close()
    assert before
    p = cli("resume", proj, "--json")
    res = json.loads(p.stdout.strip().splitlines()[-1])
    store = Store(proj)
    assert store.integrity_ok()
    assert store.run(1)["status"] == "finished"
    assert store.repeated_calls() == 0  # no finished call was computed twice
    after = {r[0] for r in store.db.conn.execute("SELECT key FROM llm_calls")}
    # every call is the run's, but the fit check's before it (no run of its own; the run
    # served them from the cache): at most 40
    checked = store.db.conn.execute(
        "SELECT count(*) FROM llm_calls WHERE run_id IS NULL").fetchone()[0]
    assert before <= after and res["llm_calls"] == len(after) - checked and checked <= 40
    cands = store.db.conn.execute(
        "SELECT count(*), count(DISTINCT key) FROM candidates WHERE run_id=1").fetchone()
    assert cands[0] == cands[1]
    assert len(store.where("iterations", 1)) == len(res["iterations"]) or \
        res["stop_reason"].startswith("validation")


@pytest.mark.parametrize("args, message", [
    (["run", "missing.gradsum"], "Project file not found"),
    (["new", "x.gradsum", "--data", "nope.csv", "--template", "{q}", "--task", "t"],
     "Data file not found"),
    (["new", "x.gradsum", "--data", str(DEMO), "--template", "{x.__class__}", "--task", "t",
      "--criteria", "c"], "attribute access"),
    (["new", "x.gradsum", "--data", str(DEMO), "--template", "{query}", "--task", "t",
      "--criteria", "c"], "has no column 'query'"),
    (["new", "x.gradsum", "--data", str(DEMO), "--template", "{question}", "--task", "t",
      "--metric", "exact"], "needs an expected-answer column"),
    (["new", "x.gradsum", "--data", str(DEMO), "--template", "{question}", "--task", "t",
      "--criteria", "c", "--model", "fake.gguf"], "Model file not found"),
])
def test_user_mistakes_are_one_line_errors(tmp_path, args, message):
    os.chdir(tmp_path)
    p = cli(*args, check=False)
    assert p.returncode == 2
    assert p.stderr.startswith("error: ") and message in p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.gradsum").exists()


def test_closed_answers_score_choice_and_the_result_says_its_verdict(tmp_path):
    """The issue-13 path on the real model: choice scoring with an options column, the
    code-written format rule as a starting candidate, the held-out gain and the verdict."""
    data = tmp_path / "even.jsonl"
    data.write_text("".join(json.dumps({"question": f"Is {n} an even number?",
                                        "options": "Yes / No",
                                        "answer": "Yes" if n % 2 == 0 else "No"}) + "\n"
                            for n in range(40)), "utf-8")
    proj = tmp_path / "even.gradsum"
    cli("new", proj, "--data", data, "--template",
        "Answer the question.\nQuestion: {question}\nOptions: {options}\nAnswer:",
        "--task", "Say whether the number is even.", "--criteria", "The right option.",
        "--answer-column", "answer", "--metric", "choice", "--options-column", "options",
        "--n-ctx", "1024")
    p = cli("run", proj, "--iterations", 1, "--beam", 2, "--candidates", 1, "--train-rows", 6,
            "--val-rows", 6, "--test-rows", 8, "--batch-size", 3, "--task-max-tokens", 16,
            "--json")
    res = json.loads(p.stdout.strip().splitlines()[-1])
    assert res["test_gain"]["rows"] == 8
    assert res["test_gain"]["verdict"] in ("better", "no clear difference", "worse")
    assert res["selection_outcome"] in ("no_win", "confirmed", "not_confirmed")
    store = Store(proj)
    ruled = [c for c in store.candidates(1) if c["origin"] == "format"]
    assert len(ruled) == 1 and "Answer with exactly one of: Yes, No." in ruled[0]["prompt"]
    for s in store.where("scores", 1):
        named = [o for o in ("yes", "no") if o in s["output"].lower().replace(".", " ").split()]
        if len(named) == 2:  # an output naming both options never scores
            assert s["score"] == 0
    assert placeholders(res["best_prompt"]) == ["question", "options"]
