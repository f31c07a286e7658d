"""SIGKILL at random moments, several times on one run, then resume: nothing lost, nothing
duplicated, no finished model call made again, and the same result as an unbroken run."""
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from gradsum.core import project
from gradsum.core.store import Store

ROOT = Path(__file__).resolve().parents[2]


def fake(*args):
    return [sys.executable, "-m", "tests.reliability.fake_cli", *map(str, args)]


def new_project(path, addition_data):
    from gradsum.core.settings import ProjectSettings
    s = ProjectSettings(name="p", template="Add the two numbers.\nQ: {question}\nA:",
                        task="Add two numbers.", criteria="The sum, digits only.", mapping={},
                        answer_column="answer", metrics=["judge", "exact"])
    project.create(path, addition_data, s).close()


def records(path):
    db = sqlite3.connect(path)
    q = {
        "candidates": "SELECT key, status, reason, val_score, parent_key FROM candidates",
        "scores": "SELECT prompt_key, row_id, split, output, score FROM scores",
        "gradients": "SELECT iteration, prompt_key, row_id, text FROM gradients",
        "summaries": "SELECT iteration, prompt_key, text FROM summaries",
        "iterations": "SELECT idx, batch, beam, proposed, usable FROM iterations",
        "calls": "SELECT key, output FROM llm_calls",
    }
    out = {k: sorted(map(tuple, db.execute(v))) for k, v in q.items()}
    counts = {k: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for k, t in
              [("candidates", "candidates"), ("scores", "scores"), ("calls", "llm_calls")]}
    db.close()
    return out, counts


def test_repeated_sigkill_then_resume_matches_an_unbroken_run(tmp_path, addition_data):
    ref, broken = tmp_path / "ref.gradsum", tmp_path / "broken.gradsum"
    new_project(ref, addition_data)
    new_project(broken, addition_data)
    done = subprocess.run(fake("run", ref), cwd=ROOT, capture_output=True, text=True, check=True)

    rng = random.Random(42)
    kills = 0
    proc = subprocess.Popen(fake("run", broken), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    while True:
        time.sleep(rng.uniform(0.3, 1.2))  # a random moment: generating, judging, writing…
        if proc.poll() is not None:
            break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        kills += 1
        store = Store(broken)
        assert store.integrity_ok()
        store.close()
        if kills == 5:
            break
        proc = subprocess.Popen(fake("resume", broken), cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    assert kills >= 3, "the run finished before it could be killed several times"
    final = subprocess.run(fake("resume", broken), cwd=ROOT, capture_output=True, text=True)
    if final.returncode:  # the last resume may have finished the run already
        assert "already finished" in final.stderr
    store = Store(broken)
    assert store.integrity_ok() and store.run(1)["status"] == "finished"
    assert store.repeated_calls() == 0
    ref_store = Store(ref)
    assert store.run(1)["result"]["best_prompt"] == ref_store.run(1)["result"]["best_prompt"]
    (got, got_n), (want, want_n) = records(broken), records(ref)
    assert got_n == want_n  # nothing lost, nothing duplicated
    assert got == want
    assert done.stdout.strip()


def test_gui_process_killed_mid_run_resumes(tmp_path, addition_data):
    proj = tmp_path / "gui.gradsum"
    new_project(proj, addition_data)
    st = Store(proj)  # the next run's settings, as the settings dialog saves them
    st.put_settings({"run": {"iterations": 3, "train_rows": 12, "val_rows": 8, "test_rows": 6}})
    st.close()
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from gradsum.desktop.main_window import MainWindow\n"
        "from tests.fakes import ScriptedEngine\n"
        "def factory(settings):\n"
        "    e = ScriptedEngine(delay=0.01)\n"
        "    return {'task': e, 'judge': e, 'optimizer': e}\n"
        "w = MainWindow(Path(sys.argv[1]), factory)\n"
        "w.view.start_run()\n"
        "app.exec()\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-c", script, str(proj)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    db = sqlite3.connect(proj, timeout=30)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if db.execute("SELECT count(*) FROM llm_calls").fetchone()[0] >= 40:
            break
        time.sleep(0.05)
    db.close()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = Store(proj)
    assert store.integrity_ok() and store.run(1)["status"] == "running"
    store.close()
    subprocess.run(fake("resume", proj), cwd=ROOT, check=True, capture_output=True)
    store = Store(proj)
    assert store.run(1)["status"] == "finished" and store.repeated_calls() == 0
