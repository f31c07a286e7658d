import json
import re

import pytest

from gradsum.core import project
from gradsum.core.engine import CancelToken
from gradsum.core.errors import Cancelled, GradSumError
from gradsum.core.progress import Notice, Progress
from gradsum.core.settings import RunConfig
from gradsum.core.plan import RunPlan
from tests.fakes import ScriptedEngine


def small(**kw):
    # rephrasings and own_words off: these tests follow one line of search from the starting
    # prompt; racing off: every candidate sees every validation row
    base = dict(iterations=1, beam=2, candidates=2, train_rows=10, val_rows=12, test_rows=6,
                batch_size=5, seed=3, rephrasings=False, own_words=False, racing=False)
    base.update(kw)
    return RunConfig(**base)


def run(store, engine, config, cancel=None, progress=None):
    rid = project.start_run(store, config).id
    events = []
    res = project.run(store, {"task": engine, "judge": engine, "optimizer": engine}, rid,
                      cancel, progress or events.append)
    return rid, res, events


def test_one_iteration_improves_and_records_everything(make_project, engine):
    store = make_project()
    rid, res, events = run(store, engine, small())
    assert res["initial_val_score"] == 0.0 and res["best_val_score"] == 1.0
    assert res["test_score_initial"] == 0.0 and res["test_score_best"] == 1.0
    assert "digits only" in res["best_prompt"] and "{question}" in res["best_prompt"]
    for table in ("candidates", "scores", "gradients", "summaries", "iterations"):
        assert store.where(table, rid), table
    assert res["llm_calls"] == store.calls_of_run(rid) > 0
    # the fake judge wants an exact match; the default check is 'contains', so the initial
    # prompt's rambling "It is 7." splits them: agreement is measured, not assumed
    val = [s for s in store.where("scores", rid) if s["split"] == "val"]
    agree = sum(s["judge_score"] == s["check_score"] for s in val) / len(val)
    assert res["judge_agreement"] == {"rows": len(val), "agreement": agree}
    assert 0 < agree < 1
    assert any(isinstance(e, Progress) and e.step == "editor" for e in events)
    assert store.run(rid)["metaprompts"]["judge"].startswith("[system]")


def test_summarizer_gets_exactly_the_gradients_of_failed_rows(make_project):
    def task(req):  # fails on odd first operand only
        user = req.messages[-1][1]
        a, b = map(int, re.search(r"(\d+) \+ (\d+)", user).groups())
        return str(a + b) if a % 2 == 0 else "wrong"

    def gradient(req):
        return "fix for " + re.search(r"question: (.*)", req.messages[-1][1]).group(1)

    eng = ScriptedEngine({"task": task, "gradient": gradient})
    store = make_project()
    rid, _, _ = run(store, eng, small(beam=1))
    batch = store.where("iterations", rid)[0]["batch"]
    rows = store.rows(json.loads(batch))
    failed = sorted(f"fix for {d['question']}" for d, _ in rows.values()
                    if int(d["question"].split(" + ")[0]) % 2 == 1)
    summary_reqs = [r for k, r in eng.seen if k == "summary"]
    assert len(summary_reqs) == 1
    listed = sorted(re.findall(r"^\d+\. (.*)$", summary_reqs[0].messages[-1][1], re.M))
    assert listed == failed and failed


def test_ablation_skips_summarization_and_edits_from_raw_gradients(make_project, engine):
    store = make_project()
    rid, res, _ = run(store, engine, small(use_summary=False))
    assert engine.count("summary") == 0 and not store.where("summaries", rid)
    editor_req = next(r for k, r in engine.seen if k == "editor")
    assert "- The prompt should ask for digits only." in editor_req.messages[-1][1]
    assert res["best_val_score"] == 1.0


def test_beam_keeps_top_k_by_validation_score(make_project):
    # editor variants: the instruction with "digits only" passes, others fail
    def editor(req):
        v = req.sampling.seed % 3
        text = "Reply with digits only." if v == 0 else f"Think hard, variant {req.sampling.seed}."
        return json.dumps({"instruction": text})

    eng = ScriptedEngine({"editor": editor})
    store = make_project()
    rid, res, _ = run(store, eng, small(beam=2, candidates=6))
    cands = {c["key"]: c for c in store.candidates(rid) if c["val_score"] is not None}
    beam = json.loads(store.where("iterations", rid)[0]["beam"])
    assert len(beam) == 2
    scores = sorted((c["val_score"] for c in cands.values()), reverse=True)
    assert [cands[k]["val_score"] for k in beam] == scores[:2]


def test_full_mode_repairs_missing_and_rejects_invented_placeholders(make_project):
    outputs = iter(["Answer with digits only.", "Use {foo} and {question}.",
                    "Reply with digits only:\n{question}"] * 10)
    eng = ScriptedEngine({"editor": lambda req: next(outputs)})
    store = make_project()
    rid, res, events = run(store, eng, small(beam=1, candidates=3, editor_mode="full"))
    cands = [c for c in store.candidates(rid) if c["origin"] == "editor"]
    reasons = sorted(c["reason"] for c in cands)
    assert any(r.startswith("invents placeholder(s) {foo}") for r in reasons)
    assert any(r.startswith("repaired: re-added {question}") for r in reasons)
    repaired = next(c for c in cands if c["reason"].startswith("repaired"))
    assert repaired["status"] == "ok" and "Q: {question}" in repaired["prompt"]
    assert all("{question}" in c["prompt"] for c in cands if c["status"] == "ok")
    assert any(isinstance(e, Notice) and "invents" in e.message for e in events)


def test_editor_that_never_yields_a_usable_candidate_keeps_initial(make_project):
    eng = ScriptedEngine({"editor": lambda req: '{"instruction": "'})
    store = make_project()
    rid, res, _ = run(store, eng, small(iterations=3, patience=2))
    assert res["best_prompt"] == res["initial_prompt"]
    assert res["candidates_usable"] == 0 and res["candidates_total"] > 0
    assert res["stop_reason"].startswith("the editor produced no usable candidate in 2 ")


def test_budget_on_calls_stops_the_run_with_best_so_far(make_project, engine):
    store = make_project()
    rid, res, _ = run(store, engine, small(iterations=5, max_calls=30))
    assert res["stop_reason"] == "budget reached: LLM calls (limit 30)"
    assert res["requests"] - 2 * 2 * 6 <= 30  # the final test scoring is outside the budget
    assert res["best_prompt"]


def test_budget_on_tokens_and_wall_time(make_project, engine):
    store = make_project()
    _, full, _ = run(store, ScriptedEngine(), small(iterations=1))
    _, res, _ = run(make_project(), engine, small(iterations=1, max_tokens=full["tokens"] // 2))
    assert res["stop_reason"] == f"budget reached: tokens (limit {full['tokens'] // 2})"
    with pytest.raises(GradSumError, match="before the initial prompt was scored"):
        run(store, engine, small(iterations=5, max_wall_s=0.0))
    never_good = {"editor": lambda r: json.dumps({"instruction": f"Try {r.sampling.seed}."})}
    slow = ScriptedEngine(never_good, delay=0.01)
    _, res, _ = run(make_project(), slow, small(iterations=50, max_wall_s=1.0, patience=99))
    assert res["stop_reason"] == "budget reached: wall time (limit 1 s)"


def test_perfect_validation_stops_early(make_project, engine):
    store = make_project(template="Reply with digits only.\nQ: {question}")
    _, res, _ = run(store, engine, small(iterations=5))
    assert res["stop_reason"] == "validation score is perfect" and res["iterations"] == []


def test_second_identical_run_is_served_from_cache(make_project, engine):
    store = make_project()
    run(store, engine, small())
    n = len(engine.seen)
    rid, res, _ = run(store, engine, small())
    assert len(engine.seen) == n and res["llm_calls"] == 0 and res["cached_calls"] > 0


def test_cancel_then_resume_finishes_without_repeating_calls(make_project, engine):
    store = make_project()
    cancel = CancelToken()
    seen = []

    def progress(e):
        seen.append(e)
        if isinstance(e, Progress) and e.step == "gradients":
            cancel.cancel()

    rid = project.start_run(store, small()).id
    engines = {"task": engine, "judge": engine, "optimizer": engine}
    with pytest.raises(Cancelled):
        project.run(store, engines, rid, cancel, progress)
    assert store.run(rid)["status"] == "cancelled"
    before = store.calls_of_run(rid)
    assert project.resumable_run(store) == rid
    res = project.run(store, engines, rid)
    assert store.run(rid)["status"] == "finished" and res["best_val_score"] == 1.0
    assert store.repeated_calls() == 0 and store.calls_of_run(rid) > before


def test_unreadable_judge_output_scores_zero_with_reason(make_project):
    eng = ScriptedEngine({"judge": lambda req: "I think it is fine!!"})
    store = make_project()
    rid, res, _ = run(store, eng, small())
    reasons = {s["judge_reason"] for s in store.where("scores", rid)}
    assert reasons == {"The judge's reply could not be read; scored 0."}
    assert res["best_val_score"] == 0.0


def test_deterministic_metric_never_calls_the_judge(make_project, engine):
    store = make_project(metrics=("exact",))
    _, res, _ = run(store, engine, small())
    assert engine.count("judge") == 0 and res["best_val_score"] == 1.0


def test_length_penalty_prefers_shorter_prompt(make_project):
    def editor(req):
        pad = " Please." * (req.sampling.seed % 5)
        return json.dumps({"instruction": "Reply with digits only." + pad})

    eng = ScriptedEngine({"editor": editor})
    store = make_project()
    _, res, _ = run(store, eng, small(candidates=5, length_penalty=0.5))
    okc = [c for c in store.candidates(1) if c["status"] == "ok" and c["val_score"] == 1.0]
    assert res["best_tokens"] == min(c["tokens"] for c in okc)


def test_editor_reply_cut_off_by_max_tokens_is_rejected_as_unfinished(make_project):
    eng = ScriptedEngine({"editor": lambda req: ('{"instruction": "Reply with digits only and',
                                                 "length")})
    store = make_project()
    rid, res, _ = run(store, eng, small())
    reasons = {c["reason"] for c in store.candidates(rid) if c["origin"] == "editor"}
    assert reasons == {"unfinished (ran past 6 tokens)"}
    assert res["candidates_usable"] == 0


def test_cut_off_reply_keeps_its_complete_sentences_as_a_candidate(make_project):
    # a looping reply, cut mid-sentence: its complete sentences, once each, are the candidate
    eng = ScriptedEngine({"editor": lambda req: (
        '{"instruction": "Count every object. Reply with digits only. Reply with digits only. '
        'Reply with dig', "length")})
    store = make_project()
    rid, res, _ = run(store, eng, small())
    eds = [c for c in store.candidates(rid) if c["origin"] == "editor"]
    used = [c for c in eds if c["status"] == "ok"]
    assert used and res["candidates_usable"] == len(used)
    assert all(c["prompt"].startswith("Count every object. Reply with digits only.\n")
               and "kept its complete sentences" in c["reason"] for c in used)
    assert all("duplicate" in c["reason"] for c in eds if c not in used)  # same text twice


def test_salvaged_sentences_face_the_same_checks():
    from gradsum.core.editor import salvage
    parent = "请回答问题。\n问题：{问题}\n材料：{context}\n答案："
    ok = salvage(parent, '{"instruction": "只用数字回答。只用数字回答。不要解�', 96,
                 "instruction", "Chinese", [])
    assert ok.ok and ok.prompt == "只用数字回答。\n问题：{问题}\n材料：{context}\n答案："
    english = salvage(parent, '{"instruction": "Reply with digits. Do not expl', 96,
                      "instruction", "Chinese", [])
    assert not english.ok and english.reason.endswith("not written in Chinese")
    # mostly Chinese over the whole reply, but its complete sentences are English: the
    # rejected candidate shows those sentences, the ones its reason is about
    mixed = salvage(parent, '{"instruction": "Reply with the number only. 我可以去除每一个痕运率'
                    '我可以去除每一个痕运率我可以去除每一个痕运率', 96, "instruction", "Chinese", [])
    assert not mixed.ok and mixed.reason.endswith("not written in Chinese")
    assert mixed.instruction == "Reply with the number only."
    fragment = salvage(parent, '{"instruction": "只用数字回', 96, "instruction", "Chinese", [])
    assert not fragment.ok and fragment.reason == "unfinished (ran past 96 tokens)"
    full = salvage(parent, "只用数字回答。\n问题：{问题}\n答", 96, "full", "Chinese", [])
    assert not full.ok  # a cut-off whole template is never used


def test_prompt_language_comes_from_its_words_not_its_placeholder_names():
    from gradsum.core import language
    zh = "请根据材料回答。\n{question}\n{context_passage}"
    assert language.detect(zh) == "English"  # the names outweigh the words...
    assert language.of_prompt(zh) == "Chinese"  # ...so the words decide
    assert language.of_prompt("Answer: {问题}") == "English"
    assert language.of_prompt("{问题}", task="根据材料回答问题") == "Chinese"
    assert language.of_prompt("{question}", task="Answer the question") == "English"


def test_candidate_copying_the_metaprompt_example_is_rejected(make_project):
    copy = ('{"instruction": "Translate the sentence into French. Reply with the French '
            'sentence only, without notes or explanations."}')
    eng = ScriptedEngine({"editor": lambda req: copy})
    store = make_project()
    rid, _, _ = run(store, eng, small())
    assert {c["reason"] for c in store.candidates(rid) if c["origin"] == "editor"} == \
        {"copies the meta-prompt's example"}


def test_successive_halving_spends_fewer_rows_and_keeps_the_best(make_project):
    def editor(req):  # one good candidate among several bad ones
        v = req.sampling.seed % 4
        text = "Reply with digits only." if v == 0 else f"Think about it, variant {v}."
        return json.dumps({"instruction": text})

    full_eng, halving_eng = ScriptedEngine({"editor": editor}), ScriptedEngine({"editor": editor})
    _, full, _ = run(make_project(), full_eng, small(beam=1, candidates=8, val_rows=16,
                                                     test_rows=4, train_rows=10))
    store = make_project()
    rid, halv, _ = run(store, halving_eng, small(beam=1, candidates=8, val_rows=16,
                                                test_rows=4, train_rows=10, racing=True))
    assert halv["candidate_val_score"] == full["candidate_val_score"] == 1.0
    assert halving_eng.count("task") < full_eng.count("task")
    rows = {c["val_rows"] for c in store.candidates(rid) if c["val_score"] is not None}
    assert 16 in rows and min(rows) < 16  # some candidates were dropped early


def test_extra_starting_prompts_join_the_beam(make_project, engine):
    store = make_project()
    good = "Reply with digits only.\nQ: {question}\nA:"
    rid, res, _ = run(store, engine, small(extra_prompts=[good], iterations=2))
    assert res["best_prompt"] == good and res["stop_reason"] == "validation score is perfect"
    with pytest.raises(GradSumError, match="same placeholders"):
        project.start_run(store, small(extra_prompts=["No data: {other}"]))


def test_without_cache_every_request_is_computed(make_project, engine):
    store = make_project()
    run(store, engine, small())
    n = len(engine.seen)
    _, res, _ = run(store, engine, small(use_cache=False))
    assert len(engine.seen) - n == res["requests"] and res["cached_calls"] == 0


def test_iteration_history_has_timings(make_project, engine):
    _, res, _ = run(make_project(), engine, small())
    it = res["iterations"][0]
    assert it["seconds"] >= it["engine_s"] >= 0


def test_rephrasings_starts_with_rephrasings_of_the_starting_instruction(make_project):
    rephrased = iter(["Add the two numbers and give the sum.", "Give the sum of the numbers.",
                      "Sum the two numbers up.", "Add both numbers together.",
                      "Write the sum of the numbers."])
    eng = ScriptedEngine({"editor": lambda req: json.dumps({"instruction": next(rephrased)})})
    store = make_project()
    rid, res, _ = run(store, eng, small(iterations=1, beam=3, candidates=1, rephrasings=True))
    starts = [c for c in store.candidates(rid) if c["iteration"] == 0]
    assert [c["origin"] for c in starts] == ["initial", "rephrase", "rephrase"]
    assert all("{question}" in c["prompt"] and c["val_score"] is not None for c in starts)
    first_edit = next(r for k, r in eng.seen if k == "editor")
    assert "Rewrite the instruction in other words" in first_edit.messages[-1][1]
    # the first iteration edits every prompt of the beam
    kids = {c["parent_key"] for c in store.candidates(rid) if c["iteration"] == 1}
    assert kids == {c["key"] for c in starts}
    assert res["candidates_total"] == 5
    off = make_project()
    rid, _, _ = run(off, ScriptedEngine(), small(iterations=1, beam=3, rephrasings=False))
    assert [c["origin"] for c in off.candidates(rid) if c["iteration"] == 0] == ["initial"]


@pytest.mark.parametrize("rephrasings", [False, True])
def test_the_estimate_bounds_the_calls_a_run_makes(make_project, rephrasings):
    """The window shows this estimate before a run: it must not promise fewer calls."""
    store = make_project()
    cfg = small(iterations=2, beam=3, candidates=2, rephrasings=rephrasings, patience=2)
    rid, res, _ = run(store, ScriptedEngine({"editor": lambda req: json.dumps(
        {"instruction": f"Add the two numbers, variant {req.sampling.seed % 9}."})}), cfg)
    est = RunPlan.of_run(store.run(rid)).estimate
    assert 0 < res["llm_calls"] <= est.upper_bound


def test_the_estimate_counts_the_rephrasings_rephrasings():
    on = project.estimate_run(RunConfig(beam=3, val_rows=30), judge=True, test_rows=10)
    off = project.estimate_run(RunConfig(beam=3, val_rows=30, rephrasings=False), judge=True,
                               test_rows=10)
    # two rephrasings: one editor call each, then generation + judge on 30 validation rows
    assert on.upper_bound - off.upper_bound == 2 * (1 + 30 * 2)


def test_racing_never_drops_the_starting_prompt(make_project):
    """Every candidate is judged against the starting prompt, so it sees every validation row
    even when it ranks last after the first rows."""
    def editor(req):
        return json.dumps({"instruction": f"Reply with digits only, variant {req.sampling.seed}."})

    store = make_project(metrics=("exact",))
    rid, res, _ = run(store, ScriptedEngine({"editor": editor}),
                      small(beam=1, candidates=6, val_rows=16, racing=True))
    start = next(c for c in store.candidates(rid) if c["origin"] == "initial")
    assert start["val_rows"] == 16 and start["val_score"] == 0.0
    assert min(c["val_rows"] or 16 for c in store.candidates(rid)) < 16  # others were dropped


def test_patience_runs_out_when_the_best_only_creeps_up_by_a_row(make_project):
    """Each edit gets one more validation row right than its parent (a level one higher):
    the best rises every iteration, yet by less than ranking luck, so the run stops after
    `patience` iterations instead of running all of them."""


    def level(text):  # a pruned prompt without its level gets no row right
        m = re.search(r"level (\d+)", text)
        return int(m.group(1)) if m else 0

    def task(req):  # row i of the addition data asks "i + ..."
        user = req.messages[-1][1]
        i, b = map(int, re.search(r"(\d+) \+ (\d+)", user).groups())
        return str(i + b) if i in val[:level(user)] else "?"

    def editor(req):
        return json.dumps({"instruction": "Add the two numbers, level "
                                          f"{level(req.messages[-1][1]) + 1}."})
    eng = ScriptedEngine({"task": task, "editor": editor})
    store = make_project(metrics=("number",), template="Add the two numbers, level 1.\n"
                                                       "Q: {question}\nA:")
    rid = project.start_run(store, small(iterations=8, patience=2, beam=1, candidates=1,
                                         val_rows=20)).id
    val = RunPlan.of_run(store.run(rid)).splits.val
    res = project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)
    best = [h["best_val"] for h in res["iterations"]]
    assert best == [0.05, 0.1], best  # it gained a row each time, and still stopped
    assert res["stop_reason"].startswith("no clear gain")


def test_racing_requests_each_row_of_a_survivor_once(make_project, engine):
    """A survivor of a halving round is asked only for the rows it has not seen: a request
    answered by the cache costs no time but would count against the estimate and budget."""
    store = make_project(metrics=("exact",))
    _, res, _ = run(store, engine, small(racing=True, beam=1, candidates=4, val_rows=24))
    assert res["candidates_usable"] > 1  # there was a race
    assert res["cached_calls"] == 0 and res["llm_calls"] > 0


def test_a_run_that_reaches_its_last_iteration_says_it_finished(make_project):
    """Out of patience on the last iteration anyway: the stop reason is the plain one."""
    eng = ScriptedEngine({"editor": lambda req: json.dumps(
        {"instruction": "Add the two numbers given in the question."})})
    store = make_project(metrics=("exact",))
    _, res, _ = run(store, eng, small(iterations=1, patience=1))
    assert res["candidates_usable"] >= 1 and res["best_val_score"] < 1
    assert res["stop_reason"] == "finished 1 iteration(s)"
