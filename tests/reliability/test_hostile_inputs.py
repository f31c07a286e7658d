"""Every bad input gets its own clear message and damages nothing already stored. The CLI and
the GUI show the same texts: both raise the core's GradSumError."""
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gradsum.core import project
from gradsum.core.dataset import load
from gradsum.core.errors import GradSumError
from gradsum.core.settings import ProjectSettings, RunConfig
from gradsum.core.store import SCHEMA_VERSION, Store
from tests.fakes import ScriptedEngine

ROOT = Path(__file__).resolve().parents[2]


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gradsum", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=300)


DATA_CASES = [  # (file name, bytes, message fragment); None = loads fine
    ("empty.csv", b"", "the file is empty"),
    ("header.csv", b"question,answer\n", "header but no data rows"),
    ("ragged.csv", b"question,answer\na,1\nb\n", "line 3: 1 fields, but the header has 2"),
    ("semicolon.csv", b"question;answer\na;1\n", "different delimiter"),
    ("binary.csv", b"question\n\xff\xfe\x00\x81\x00\xc3\n", "neither UTF-8 nor GB18030"),
    ("utf16.csv", "question,answer\n你好,1\n".encode("utf-16"), None),
    ("object.json", b'{"question": "a"}', "JSON must be a list of objects, got an object"),
    ("numbers.json", b"[1, 2]", "item 1: expected an object, got a number"),
    ("dupes.csv", b"question,question\na,b\n", "duplicate column name(s): question"),
    ("badline.jsonl", b'{"question": "a"}\n{"question": \n', "line 2: not valid JSON"),
    ("mixed.csv", "question\n".encode() + b"a" * 70000 + "\n中文\n".encode("gbk"),
     "cannot be read as utf-8"),
]


@pytest.mark.parametrize("name, content, fragment", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_data_files(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    if fragment is None:
        assert load(path).rows
        return
    with pytest.raises(GradSumError) as e:
        load(path)
    assert fragment in str(e.value) and name in str(e.value)
    p = cli("new", tmp_path / "x.gradsum", "--data", path, "--template", "{question}",
            "--task", "t", "--criteria", "c")
    assert p.returncode == 2 and fragment in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "x.gradsum").exists()


def test_100k_rows_import(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w") as f:
        for i in range(100_000):
            f.write(json.dumps({"question": f"question {i}", "answer": str(i)}) + "\n")
    t0 = time.monotonic()
    s = ProjectSettings(name="big", template="{question}", task="t", criteria="c", mapping={},
                        answer_column="answer")
    store = project.create_from_file(tmp_path / "big.gradsum", path, s)
    took = time.monotonic() - t0
    print(f"100k rows imported in {took:.1f} s")
    assert store.db["rows"].count == 100_000


TEMPLATE_CASES = [
    ("no placeholder at all", "has no placeholder"),
    ("{unknown}", "has no column 'unknown'"),
    ("{question", "never closed"),
    ("question}", "no opening"),
    ("{x.__class__}", "attribute access"),
    ("{x[0]}", "attribute access"),
    ("{x:>10}", "format specs"),
]


@pytest.mark.parametrize("template, fragment", TEMPLATE_CASES)
def test_templates(tmp_path, template, fragment):
    data = tmp_path / "d.csv"
    data.write_text("question,answer\na,1\n")
    p = cli("new", tmp_path / "x.gradsum", "--data", data, "--template", template, "--task",
            "t", "--criteria", "c")
    assert p.returncode == 2 and fragment in p.stderr


def test_mapped_column_missing(tmp_path):
    data = tmp_path / "d.csv"
    data.write_text("question,answer\na,1\n")
    p = cli("new", tmp_path / "x.gradsum", "--data", data, "--template", "{q}", "--task", "t",
            "--criteria", "c", "--map", "q=nope")
    assert p.returncode == 2 and "Placeholder {q} has no column 'nope'" in p.stderr


def test_models(tmp_path, model_path):
    data = tmp_path / "d.csv"
    data.write_text("question,answer\na,1\n")
    fake = tmp_path / "fake.gguf"
    fake.write_text("<html>404 not found</html>")
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(model_path.read_bytes()[:3_000_000])
    for model, fragment in ((fake, "not a GGUF model file"), (cut, "cut.gguf is truncated")):
        p = cli("new", tmp_path / "x.gradsum", "--data", data, "--template", "{question}",
                "--task", "t", "--criteria", "c", "--model", model)
        assert p.returncode == 2 and fragment in p.stderr


def test_row_longer_than_the_context_is_reported_and_the_run_continues(tmp_path, model_path):
    rows = [{"question": f"What is {i} + 1?", "answer": str(i + 1)} for i in range(8)]
    rows[3]["question"] = "word " * 3000
    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in rows))
    s = ProjectSettings(name="p", template="{question}", task="t", criteria="c", mapping={},
                        answer_column="answer", metrics=["number"])
    store = project.create_from_file(tmp_path / "p.gradsum", data, s)
    from gradsum.models.batched_engine import BatchedEngine
    eng = BatchedEngine(model_path, n_ctx=512, n_seq=4)
    events = []
    rid = project.start_run(store, RunConfig(iterations=1, beam=1, candidates=1,
                                             train_rows=3, val_rows=4, test_rows=1,
                                             batch_size=3, task_max_tokens=8, seed=1)).id
    res = project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid,
                      progress=events.append)
    notes = [e.message for e in events if hasattr(e, "level") and "do not fit" in e.message]
    assert notes and "row ids 4" in notes[0]
    assert store.run(rid)["status"] == "finished" and res["best_prompt"]


def full_mode_run(store, eng):
    rid = project.start_run(store, RunConfig(iterations=2, beam=1, candidates=2, train_rows=6,
                                             val_rows=4, test_rows=2, batch_size=3,
                                             editor_mode="full", patience=2,
                                             own_words=False)).id  # the editor alone
    return rid, project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)


def test_editor_that_always_breaks_placeholders(make_project):
    # inventing a placeholder is rejected every time: the run says so, the initial prompt stays
    store = make_project()
    rid, res = full_mode_run(store, ScriptedEngine({"editor": lambda req: "Use {nope} now."}))
    assert res["best_prompt"] == res["initial_prompt"]
    assert res["stop_reason"].startswith("the editor produced no usable candidate")
    reasons = {c["reason"] for c in store.candidates(rid) if c["origin"] == "editor"}
    assert reasons == {"invents placeholder(s) {nope}"}
    # dropping them is repaired from the original scaffold, and recorded as such
    store = make_project()
    rid, res = full_mode_run(store, ScriptedEngine({"editor": lambda req: "Just answer."}))
    cands = [c for c in store.candidates(rid) if c["origin"] == "editor"]
    reasons = [c["reason"] for c in cands]  # the same text again is a duplicate
    assert "repaired: re-added {question}" in reasons
    # (tied with the start, the shorter repaired prompt leads the beam: the same reply for it
    # is then unchanged)
    assert set(reasons) <= {"repaired: re-added {question}", "duplicate", "empty or unchanged"}
    assert all("Q: {question}" in c["prompt"] for c in cands if c["status"] == "ok")


def snapshot(path):
    db = sqlite3.connect(path)
    out = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
           for t in ("rows", "runs", "candidates", "scores", "llm_calls")}
    db.close()
    return out


def test_disk_full_while_writing_loses_nothing(make_project, engine):
    store = make_project()
    rid = project.start_run(store, RunConfig(iterations=1, beam=1, candidates=2, train_rows=6,
                                             val_rows=4, test_rows=2, batch_size=3)).id
    project.run(store, {"task": engine, "judge": engine, "optimizer": engine}, rid)
    before = snapshot(store.path)
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count={pages}")  # the disk is now "full"
    rid2 = None
    with pytest.raises(GradSumError, match="disk holding .* is full. Nothing already stored"):
        rid2 = project.start_run(store, RunConfig(iterations=3, beam=2, candidates=4,
                                                  train_rows=20, val_rows=10, test_rows=5,
                                                  batch_size=8, seed=9)).id
        project.run(store, {"task": ScriptedEngine(), "judge": ScriptedEngine(),
                            "optimizer": ScriptedEngine()}, rid2)
    assert store.integrity_ok()
    after = snapshot(store.path)
    assert all(after[k] >= before[k] for k in before)
    assert store.run(rid)["status"] == "finished"


def test_export_on_a_full_disk_overwrites_nothing(make_project, engine, tmp_path, monkeypatch):
    from gradsum.core import export
    store = make_project()
    rid = project.start_run(store, RunConfig(iterations=1, beam=1, candidates=1, train_rows=4,
                                             val_rows=2, test_rows=2, batch_size=2)).id
    project.run(store, {"task": engine, "judge": engine, "optimizer": engine}, rid)
    out = tmp_path / "best.txt"
    out.write_text("previous export")
    real_fsync = os.fsync

    def full(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(export.os, "fsync", full)
    with pytest.raises(GradSumError, match="the disk is full. Nothing was overwritten"):
        export.export(store, "txt", out, overwrite=True)
    monkeypatch.setattr(export.os, "fsync", real_fsync)
    assert out.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".best")] == []


def test_read_only_project(make_project, engine):
    store = make_project()
    path = store.path
    store.close()
    os.chmod(path, 0o444)
    try:
        ro = Store(path)
        assert ro.read_only and ro.settings()["name"] == "addition"
        with pytest.raises(GradSumError, match="is read-only: copy it somewhere writable"):
            project.start_run(ro, RunConfig(train_rows=4, val_rows=2, test_rows=2))
        p = cli("show", path, "--json")
        assert p.returncode == 0 and json.loads(p.stdout)["rows"] == 40
    finally:
        os.chmod(path, 0o644)


def test_project_from_a_newer_version(make_project):
    store = make_project()
    path = store.path
    store.close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 3}")
    db.commit()
    db.close()
    p = cli("show", path)
    assert p.returncode == 2 and "written by a newer GradSum Studio" in p.stderr


def test_same_project_in_two_processes(make_project):
    store = make_project()
    store.lock_for_run()  # this process is running an optimization on it
    p = cli("run", store.path, "--train-rows", "4", "--val-rows", "2", "--test-rows", "2",
            "--iterations", "1")
    assert p.returncode == 2 and "is in use: another GradSum Studio process" in p.stderr
    shown = cli("show", store.path, "--json")  # reading at the same time is safe
    assert shown.returncode == 0 and json.loads(shown.stdout)["rows"] == 40
    store.close()
