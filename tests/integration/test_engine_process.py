"""The model runs in its own process: a native crash there (a real SIGSEGV, abort() or the OOM
killer's SIGKILL, through the engine process's test-only fault switch) is a clear error, the run
stays saved, and resume finishes it without repeating a call. Cancel and pause cross the
process boundary."""
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from gradsum.core.engine import CancelToken, Request, Sampling
from gradsum.core.errors import Cancelled, GradSumError
from gradsum.core.settings import ModelSpec
from gradsum.core.store import Store
from gradsum.models.engine_child import FAULT_ENV
from gradsum.models.engine_process import EngineCrashed, ProcessEngine

pytestmark = pytest.mark.real_model
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "gradsum" / "demo" / "object_counting.jsonl"
GS = [sys.executable, "-m", "gradsum"]


def gradsum(*args, fault: str | None = None, timeout=600):
    env = {k: v for k, v in os.environ.items() if k != FAULT_ENV}
    if fault:
        env[FAULT_ENV] = fault
    return subprocess.run(GS + [str(a) for a in args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def new_project(tmp_path) -> Path:
    proj = tmp_path / "p.gradsum"
    p = gradsum("new", proj, "--data", DEMO, "--template",
                "Answer the question.\nQuestion: {question}\nAnswer:", "--task",
                "Count the objects.", "--answer-column", "answer", "--metric", "number",
                "--n-ctx", "1024", "--parallel", "4")
    assert p.returncode == 0, p.stderr
    return proj


RUN = ["--iterations", "1", "--beam", "2", "--candidates", "2", "--train-rows", "6",
       "--val-rows", "6", "--test-rows", "4", "--batch-size", "4", "--task-max-tokens", "24"]


@pytest.mark.parametrize("fault, words", [
    ("segv:5", "segmentation fault (SIGSEGV)"),
    ("kill:5", "killed (SIGKILL), most often by the system because memory ran out"),
    ("abort:5", "aborted (SIGABRT)"),
])
def test_a_crashed_model_process_is_an_error_and_resume_repeats_nothing(tmp_path, fault,
                                                                        words):
    proj = new_project(tmp_path)
    p = gradsum("run", proj, *RUN, fault=fault)
    assert p.returncode == 3, p.stderr[-2000:]
    errors = [ln for ln in p.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1, p.stderr[-2000:]
    assert words in errors[0] and "Resume continues" in errors[0], errors[0]
    assert "Traceback" not in p.stderr
    store = Store(proj)
    assert store.latest_run()["status"] != "finished"
    done_before = store.db.execute("SELECT count(*) FROM llm_calls").fetchone()[0]
    store.close()
    assert done_before >= 5  # the results sent before the crash were saved
    r = gradsum("resume", proj, "--json")
    assert r.returncode == 0, r.stderr[-2000:]
    store = Store(proj)
    assert store.latest_run()["status"] == "finished"
    assert store.repeated_calls() == 0
    assert store.integrity_ok()
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _long_requests(n=4, tokens=400):
    return [Request.chat(f"Write a very long story about the number {i}.",
                         sampling=Sampling(max_tokens=tokens)) for i in range(n)]


@pytest.fixture(scope="module")
def proc_engine():
    eng = ProcessEngine(ModelSpec(n_ctx=1024, parallel=4), str(_bundled()))
    yield eng
    eng.close()


def _bundled():
    from gradsum.models.bundled import bundled_model_path
    return bundled_model_path()


def test_the_model_runs_in_another_process(proc_engine):
    assert proc_engine.pid != os.getpid() and proc_engine.alive
    res = proc_engine.generate_many([Request.chat("Say hello.", sampling=Sampling(max_tokens=8))],
                                    CancelToken())
    assert res[0].completion_tokens > 0 and res[0].text
    assert proc_engine.count_tokens("hello world") >= 2
    assert len(proc_engine.model_id) == 64


def test_forced_answer_logprobs_cross_the_boundary(proc_engine):
    from gradsum.core.engine import NoLogprobs
    req = Request.chat("Is the sky blue? Answer yes or no.")
    yes, no = proc_engine.answer_logprobs([req, req], ["yes", "purple elephant"],
                                          CancelToken())
    assert yes < 0 and no < yes
    single = ProcessEngine(ModelSpec(n_ctx=512, parallel=1), str(_bundled()))
    try:  # the single-sequence engine has none: said as a reason, not a crash
        with pytest.raises(NoLogprobs, match="single-sequence engine"):
            single.answer_logprobs([req], ["yes"], CancelToken())
        assert single.alive
    finally:
        single.close()


def test_cancel_crosses_the_boundary_within_a_second(proc_engine):
    token, got, box = CancelToken(), [], {}

    def work():
        try:
            proc_engine.generate_many(_long_requests(), token, lambda i, r: got.append(i))
        except Cancelled:
            box["cancelled"] = time.monotonic()

    t = threading.Thread(target=work)
    t.start()
    time.sleep(1.5)  # well inside generation
    t0 = time.monotonic()
    token.cancel()
    t.join(10)
    assert "cancelled" in box and box["cancelled"] - t0 < 1.0
    # the engine is still usable afterwards
    res = proc_engine.generate_many([Request.chat("Hi.", sampling=Sampling(max_tokens=4))],
                                    CancelToken())
    assert res[0].completion_tokens > 0


def test_pause_holds_the_model_process(proc_engine):
    token, got = CancelToken(), []
    reqs = [Request.chat(f"Count to {i}.", sampling=Sampling(max_tokens=60)) for i in range(8)]
    t = threading.Thread(target=lambda: proc_engine.generate_many(
        reqs, token, lambda i, r: got.append((time.monotonic(), i))))
    token.pause()
    t.start()
    time.sleep(1.5)
    assert got == []  # paused from the start: nothing decoded
    t0 = time.monotonic()
    token.resume()
    t.join(120)
    assert len(got) == 8 and all(ts >= t0 for ts, _ in got)


def test_a_model_that_cannot_load_is_a_user_error_not_a_crash(tmp_path):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\x00" * 64)
    with pytest.raises(GradSumError) as e:
        ProcessEngine(ModelSpec(n_ctx=256, parallel=1), str(bad))
    assert not isinstance(e.value, EngineCrashed)
    assert "broken.gguf" in str(e.value)


def test_a_crash_names_the_signal_and_the_engine_stays_dead(monkeypatch):
    monkeypatch.setenv(FAULT_ENV, "segv:1")
    eng = ProcessEngine(ModelSpec(n_ctx=512, parallel=2), str(_bundled()))
    got = []
    with pytest.raises(EngineCrashed) as e:
        eng.generate_many([Request.chat(f"Hi {i}.", sampling=Sampling(max_tokens=4))
                           for i in range(4)], CancelToken(), lambda i, r: got.append(i))
    assert len(got) == 1  # the result sent before the crash reached the caller
    msg = str(e.value)
    assert "SIGSEGV" in msg and _bundled().name in msg and "llama.cpp log lines" in msg
    assert not eng.alive
    with pytest.raises(EngineCrashed):
        eng.count_tokens("again")
    eng.close()


def test_doctor_reports_and_its_probe_succeeds():
    p = gradsum("doctor", "--json", timeout=300)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
    r = json.loads(p.stdout)
    assert r["ok"] and r["probe"]["ok"] and r["probe"]["tokens"] > 0
    assert r["cpu"]["model"] and r["cpu"]["cores"] >= 1 and isinstance(r["cpu"]["flags"], list)
    lc = r["llama_cpp"]
    assert lc["backends"] and "CPU" in lc["backends"] and lc["system_info"]
    assert "sapphirerapids" not in " ".join(lc["dispatch_variants"])
    for key in ("memory_total", "memory_available", "disk_free", "data_folder"):
        assert r["resources"][key]
    assert "platform" in r["qt"] and "missing_libraries" in r["qt"]
    assert "gpu" in r
    text = gradsum("doctor", "--no-probe").stdout
    assert text.startswith("CPU: ") and "llama.cpp:" in text and "verdict:" in text


def test_ctrl_c_in_a_terminal_cancels_cleanly_and_resume_finishes(tmp_path):
    """Ctrl+C reaches the whole process group, the model process included: the run must end
    as cancelled (exit 130), not as a crashed model."""
    import signal
    import sqlite3
    proj = new_project(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != FAULT_ENV}
    p = subprocess.Popen(GS + ["run", str(proj), *RUN], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    db = sqlite3.connect(proj, timeout=30)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and p.poll() is None:
        if db.execute("SELECT count(*) FROM llm_calls").fetchone()[0] >= 3:
            break
        time.sleep(0.05)
    db.close()
    os.killpg(p.pid, signal.SIGINT)  # what a terminal does on Ctrl+C
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err[-2000:]
    assert "cancelled; continue with: gradsum resume" in err and "error:" not in err
    r = gradsum("resume", proj, "--json")
    assert r.returncode == 0, r.stderr[-2000:]
    store = Store(proj)
    assert store.latest_run()["status"] == "finished" and store.repeated_calls() == 0
