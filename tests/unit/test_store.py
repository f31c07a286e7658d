import sqlite3

import pytest

from gradsum.core.errors import GradSumError
from gradsum.core.store import SCHEMA_VERSION, Store


def test_new_store_has_schema_and_wal(tmp_path):
    s = Store(tmp_path / "p.gradsum", create=True)
    assert s.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert s.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"runs", "candidates", "scores", "gradients", "summaries", "llm_calls"} <= \
        set(s.db.table_names())
    assert s.integrity_ok()


def test_a_file_of_schema_1_gets_its_run_plans_out_of_the_configs(tmp_path):
    """Before schema 2 a run's plan (splits, estimate, edits) was merged into its config."""
    import json

    import sqlite_utils

    from gradsum.core import store as store_module
    from gradsum.core.plan import RunPlan
    path = tmp_path / "old.gradsum"
    db = sqlite_utils.Database(sqlite3.connect(path))
    store_module._v1(db)
    merged = {"iterations": 2, "beam": 3, "splits": {"train": [1], "val": [2], "test": [3]},
              "estimate": {"typical": 10, "upper_bound": 20, "writing": 4,
                           "task_tokens": [100, 16]},
              "evaluation_only": False, "edits": {"summaries": [], "candidates": []},
              "branch_of": {"run": 1, "iteration": 2}}
    db["runs"].insert({"id": 1, "status": "finished", "config": json.dumps(merged),
                       "metaprompts": "{}"})
    db.conn.execute("PRAGMA user_version=1")
    db.conn.commit()
    db.conn.close()
    run = Store(path).run(1)
    assert run["config"] == {"iterations": 2, "beam": 3}
    plan = RunPlan.of_run(run)
    assert plan.splits.val == [2] and plan.estimate.upper_bound == 20
    assert plan.branch_of.iteration == 2 and plan.estimate.task_tokens == (100, 16)


def test_newer_schema_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "p.gradsum"
    Store(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(GradSumError, match="newer GradSum Studio"):
        Store(path)


def test_not_a_project_and_missing_and_existing(tmp_path):
    (tmp_path / "junk.gradsum").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(GradSumError, match="not a GradSum project"):
        Store(tmp_path / "junk.gradsum")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(GradSumError, match="not a GradSum project"):
        Store(other)
    with pytest.raises(GradSumError, match="not found"):
        Store(tmp_path / "missing.gradsum")
    Store(tmp_path / "p.gradsum", create=True).close()
    with pytest.raises(GradSumError, match="already exists"):
        Store(tmp_path / "p.gradsum", create=True)


def test_recording_a_call_twice_is_counted_as_a_repeat(tmp_path):
    s = Store(tmp_path / "p.gradsum", create=True)
    kw = dict(role="task", model_id="m", params={}, messages=[["user", "hi"]], grammar=None,
              output="o", prompt_tokens=1, completion_tokens=1, ms=1.0, finish_reason="stop",
              run_id=1)
    s.record_call("k1", **kw)
    assert s.repeated_calls() == 0 and set(s.cached(["k1", "k2"])) == {"k1"}
    s.record_call("k1", **kw)
    assert s.repeated_calls() == 1


def test_upserts_are_idempotent(tmp_path):
    s = Store(tmp_path / "p.gradsum", create=True)
    rec = {"run_id": 1, "prompt_key": "a", "row_id": 3, "split": "val", "score": 1.0,
           "metric_scores": {"exact": 1.0}}
    s.save_many("scores", [rec, rec])
    s.save("scores", rec)
    assert len(s.where("scores", 1)) == 1


def test_store_reads_what_the_views_need(make_project):
    """Named reads replace SQL in the views: agreement, models, counts, initial prompt, copy."""
    from gradsum.core import project
    from gradsum.core.store import Store
    from tests.fakes import ScriptedEngine
    from tests.unit.test_search import small
    eng = ScriptedEngine()
    store = make_project()
    rid = project.start_run(store, small()).id
    res = project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)
    assert store.initial_prompt(rid) == res["initial_prompt"]
    assert store.models_of_run(rid) == [{"role": r, "model_id": "fake-model"}
                                        for r in ("judge", "optimizer", "task")]
    assert store.judge_agreement(rid) == res["judge_agreement"]
    assert store.row_count() == len(store.row_ids()) > 0
    its = store.finished_iterations(rid)
    assert [i[0] for i in its] == [1] and its[0][1] and its[0][2]
    copy = make_project().path.with_name("copy.gradsum")
    store.backup(copy)
    other = Store(copy)
    assert other.initial_prompt(rid) == res["initial_prompt"] and other.integrity_ok()
    assert not list(copy.parent.glob(".copy.gradsum.tmp"))
