"""Pause, branch runs from the user's edits, and the read views the GUI draws from."""
import threading
import time

import pytest

from gradsum.core import project, run_record
from gradsum.core.diff import diff, side_by_side_html, tokens
from gradsum.core.engine import CancelToken
from gradsum.core.errors import Cancelled, GradSumError
from gradsum.core.store import Store, prompt_key
from tests.fakes import ScriptedEngine
from tests.unit.test_search import run, small


def engines(e):
    return {"task": e, "judge": e, "optimizer": e}


def test_pause_holds_the_run_and_resume_continues_without_loss(make_project):
    eng = ScriptedEngine(delay=0.005)
    store = make_project()
    rid = project.start_run(store, small()).id
    store.close()  # releases the run lock: the thread takes it with its own connection
    store = Store(store.path)
    cancel = CancelToken()
    out = {}
    def target():  # one connection per thread
        own = Store(store.path)
        out["res"] = project.run(own, engines(eng), rid, cancel)
        own.close()
    t = _started(threading.Thread(target=target))
    # the scripted engine checks the token before each request
    time.sleep(0.1)
    cancel.pause()
    time.sleep(0.05)  # let the request in flight finish
    before = len(eng.seen)
    time.sleep(0.3)
    assert len(eng.seen) == before, "no request may run while paused"
    assert cancel.paused and cancel.paused_s() >= 0.3
    cancel.resume()
    t.join(30)
    assert out["res"]["best_val_score"] == 1.0
    assert store.repeated_calls() == 0
    # the paused time is not the run's active time
    assert out["res"]["wall_s"] < out["res"]["session_wall_s"] - 0.25


# the thread above must be started; keep the helper explicit for readability
def _started(t):
    t.start()
    return t


def test_cancel_wakes_a_paused_run(make_project):
    eng = ScriptedEngine(delay=0.005)
    store = make_project()
    rid = project.start_run(store, small()).id
    store.close()
    cancel = CancelToken()
    cancel.pause()
    errors = []

    def target():
        try:
            project.run(Store(store.path), engines(eng), rid, cancel)
        except Cancelled:
            errors.append("cancelled")
    t = _started(threading.Thread(target=target))
    time.sleep(0.2)
    assert not eng.seen
    t0 = time.monotonic()
    cancel.cancel()
    t.join(5)
    assert errors == ["cancelled"] and time.monotonic() - t0 < 1.0


def test_branch_with_edited_summary_replays_up_to_the_edit_and_uses_it(make_project):
    eng = ScriptedEngine()
    store = make_project()
    rid, res, _ = run(store, eng, small(iterations=2))
    initial = res["initial_prompt"]
    n = len(eng.seen)
    branch = project.branch_run(store, rid, 1, summaries=[
        {"parent": initial, "text": "USER SUMMARY: answer with digits only."}])
    res2 = project.run(store, engines(eng), branch)
    new = eng.seen[n:]
    # everything before the editor of iteration 1 came from the cache
    assert new and new[0][0] == "editor"
    assert "USER SUMMARY" in new[0][1].messages[-1][1]
    fb = run_record.iteration_feedback(store, branch)[1]
    edited = [f for f in fb if f.prompt_key == prompt_key(initial)][0]
    assert edited.summary_edited and edited.summary.startswith("USER SUMMARY")
    assert res2["best_val_score"] == 1.0
    assert store.run(rid)["status"] == "finished"  # the source run is left as it was
    assert "continued from run" in run_record.run_label(store.run(branch))


def test_branch_with_edited_candidate_joins_the_iteration(make_project):
    eng = ScriptedEngine({"editor": lambda r: '{"instruction": "Think about it."}'})
    store = make_project()
    rid, res, _ = run(store, eng, small(iterations=1))
    assert res["best_val_score"] == 0.0  # the editor never finds the keyword
    mine = "Add them. Reply with digits only.\nQ: {question}\nA:"
    branch = project.branch_run(store, rid, 1, candidates=[
        {"parent": res["initial_prompt"], "prompt": mine}])
    res2 = project.run(store, engines(eng), branch)
    assert res2["best_prompt"] == mine and res2["best_val_score"] == 1.0
    node = [c for c in store.candidates(branch) if c["prompt"] == mine][0]
    assert node["origin"] == "user" and node["parent_key"] == prompt_key(res["initial_prompt"])


def test_branch_refuses_an_edit_that_loses_a_placeholder(make_project, engine):
    store = make_project()
    rid, res, _ = run(store, engine, small())
    with pytest.raises(GradSumError, match="placeholders"):
        project.branch_run(store, rid, 1, candidates=[{"parent": res["initial_prompt"],
                                                       "prompt": "Add the numbers."}])
    with pytest.raises(GradSumError, match="empty"):
        project.branch_run(store, rid, 1, summaries=[{"parent": res["initial_prompt"],
                                                      "text": "  "}])


def test_history_tree_and_matrix_follow_the_run(make_project, engine):
    store = make_project()
    rid, res, _ = run(store, engine, small(iterations=2, val_rows=12))
    pts = run_record.history(store, rid)
    assert pts[0].iteration == 0 and pts[0].best_val == res["initial_val_score"]
    assert pts[-1].best_val == res["best_val_score"]
    assert pts[1].best_train is not None and 0.0 <= pts[1].beam_train <= 1.0
    roots = run_record.tree(store, rid)
    assert [r.origin for r in roots] == ["initial"]
    kids = roots[0].children
    assert kids and all(k.parent_key == roots[0].key for k in kids)
    m = run_record.matrix(store, rid, "val")
    assert len(m.row_ids) == 12 and m.columns[0].origin == "initial"
    cell = m.cells[(m.row_ids[0], m.columns[0].key)]
    assert cell.score == 0.0 and cell.reason == "does not match"
    assert all(m.inputs[r]["question"] for r in m.row_ids)


def test_diff_is_word_level_and_character_level_for_chinese():
    ops = diff("Add the numbers.\nQ: {question}", "Add both numbers.\nQ: {question}")
    assert ("delete", "the") in ops and ("insert", "both") in ops
    assert "".join(t for op, t in ops if op != "insert") == "Add the numbers.\nQ: {question}"
    assert tokens("请回答问题{问题}") == ["请", "回", "答", "问", "题", "{问题}"]
    cn = diff("请回答问题", "请简短回答问题")
    assert ("insert", "简短") in cn
    left, right = side_by_side_html("a <b>", "a <c>")
    assert "<b>" not in left and "<c>" not in right  # user text is escaped
    assert "&lt;" in left and ">b</span>&gt;" in left and ">c</span>&gt;" in right
