"""Few-shot demonstrations: from training rows only, placeholders intact, kept by children,
never shown to the editor as part of the instruction."""
import re

from gradsum.core import demos, project
from gradsum.core.plan import RunPlan
from tests.fakes import ScriptedEngine
from tests.unit.test_search import small


def test_a_demo_candidate_uses_training_rows_and_keeps_its_placeholder(make_project):
    seen_by_editor = []

    def editor(req):
        seen_by_editor.append(req.messages[-1][1])
        return '{"instruction": "Add the numbers; reply with digits only."}'

    eng = ScriptedEngine({"editor": editor})
    store = make_project()
    rid = project.start_run(store, small(demos=3)).id
    res = project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)
    splits = RunPlan.of_run(store.run(rid)).splits
    cands = store.candidates(rid)
    shot = next(c for c in cands if c["origin"] == "demos")
    text = shot["prompt"]
    assert text.startswith("Add the two numbers.\n\nExamples:\nQ: ")
    assert text.count("{question}") == 1 and text.endswith("Q: {question}\nA:")
    shown = re.findall(r"Q: (\d+ \+ \d+)\nA: (\d+)", text)
    assert len(shown) == 3
    train = {row["question"]: ans for row, ans in store.rows(splits.train).values()}
    held = {row["question"] for row, _ in store.rows(splits.val + splits.test).values()}
    for q, a in shown:
        assert q in train and train[q] == a and q not in held
    # children of the demo candidate keep its examples; the editor never saw them
    block = text.split("\n\n", 1)[1].rsplit("\nQ: {question}", 1)[0]
    kids = [c for c in cands if c["parent_key"] == shot["key"] and c["status"] == "ok"]
    assert kids and all(block in c["prompt"] for c in kids)
    assert all("digits only" in c["prompt"] for c in kids)
    assert seen_by_editor and not any("Examples:" in t for t in seen_by_editor)
    assert res["best_prompt"]  # the run finished


def test_demos_off_by_default_and_not_for_data_first_templates(make_project, engine):
    store = make_project()
    rid = project.start_run(store, small()).id
    project.run(store, {"task": engine, "judge": engine, "optimizer": engine}, rid)
    assert not [c for c in store.candidates(rid) if c["origin"] == "demos"]
    assert not demos.usable("Q: {question}\nAdd the two numbers.")
    assert demos.usable("Add the two numbers.\nQ: {question}\nA:")
    block = demos.block("Solve.\nQ: {q}\nA:", [({"q": "{x} + 1"}, "2")], {"q": "q"}, "Chinese")
    assert block == "示例：\nQ: {x} + 1\nA: 2"
    shown = demos.insert("Solve.\nQ: {q}\nA:", block)
    assert shown == "Solve.\n\n示例：\nQ: {{x}} + 1\nA: 2\nQ: {q}\nA:"  # braces escaped
    assert demos.remove(shown, block) == "Solve.\nQ: {q}\nA:"
