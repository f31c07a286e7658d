"""Closed answer sets cannot be gamed: an output naming several options scores 0 under choice,
contains and exact; a single right option scores 1."""
import pytest

from gradsum.core import choices, metrics
from gradsum.core.evaluation import Item, evaluate

YES_NO = ["Yes", "No"]
LETTERS = ["(A)", "(B)", "(C)"]


@pytest.mark.parametrize("spec", ["choice", "contains", "exact"])
def test_naming_two_options_scores_zero(spec):
    assert metrics.score(spec, "Yes or No", "Yes", YES_NO) == 0.0
    assert metrics.score(spec, "The answer is (A) or (B).", "(A)", LETTERS) == 0.0
    value, why = metrics.verdict(spec, "Yes or No", "Yes", YES_NO)
    assert value == 0.0 and "several options" in why and "Yes" in why and "No" in why


def test_without_a_closed_set_contains_still_finds_the_answer():
    assert metrics.score("contains", "Yes or No", "Yes") == 1.0  # open answers: no guard


def test_one_right_option_scores_one():
    assert metrics.score("choice", "Yes.", "Yes", YES_NO) == 1.0
    assert metrics.score("choice", "  yes ", "Yes", YES_NO) == 1.0
    assert metrics.score("choice", "I think the answer is (B).", "(B)", LETTERS) == 1.0
    assert metrics.score("contains", "Answer: No", "No", YES_NO) == 1.0
    assert metrics.score("choice", "No", "Yes", YES_NO) == 0.0
    value, why = metrics.verdict("choice", "Maybe", "Yes", YES_NO)
    assert value == 0.0 and "names none of the options" in why


def test_single_letter_labels_need_their_parentheses():
    # the article 'a' is not option (A); 'b' inside words is not option (B)
    assert choices.named("a bird flew by", LETTERS) == []
    assert choices.named("It is (c)", LETTERS) == ["(C)"]


def test_words_inside_other_words_are_not_options():
    assert choices.named("Not sure, nobody knows", YES_NO) == []
    assert choices.named("implausible", ["plausible", "implausible"]) == ["implausible"]
    assert choices.named("plausible", ["plausible", "implausible"]) == ["plausible"]


@pytest.mark.parametrize("cells, fmt, first", [
    (['["red", "green"]', '["blue", "red"]'], "json", ["red", "green"]),
    (["red / green", "blue / red"], " / ", ["red", "green"]),
    (["red|green|blue", "red|blue"], "|", ["red", "green", "blue"]),
    (["red; green", "blue; red"], ";", ["red", "green"]),
    (["red\ngreen", "blue\nred"], "\n", ["red", "green"]),
])
def test_option_formats_are_detected(cells, fmt, first):
    assert choices.detect_separator(cells) == fmt
    assert choices.split_options(cells[0], fmt) == first


def test_closed_sets_from_the_answer_column():
    assert choices.closed_set(["Yes", "No", "Yes", "No", "Yes"]) == ["Yes", "No"]
    assert choices.closed_set([f"answer {i}" for i in range(20)]) is None  # open text
    assert choices.closed_set(["3", "5", "3", "5", "3", "5"]) is None  # counts are open
    rows = {1: ({"q": "a"}, "Yes"), 2: ({"q": "b"}, "No"), 3: ({"q": "c"}, "Yes"),
            4: ({"q": "d"}, "No")}
    assert choices.row_options(rows, None) == {i: ("Yes", "No") for i in rows}
    rows = {1: ({"opts": "x / y"}, "x"), 2: ({"opts": "p / q / r"}, "r")}
    assert choices.row_options(rows, "opts") == {1: ("x", "y"), 2: ("p", "q", "r")}


def test_evaluation_stores_the_reason():
    items = [Item("q", "Yes or No", "Yes", ("Yes", "No")), Item("q", "Yes", "Yes", ("Yes", "No"))]
    out = evaluate(None, items, ["choice"], "task", "criteria", "")
    assert [e.score for e in out] == [0.0, 1.0]
    assert "several options" in out[0].reason


def yes_no_project(tmp_path, **kw):
    from gradsum.core import project
    from gradsum.core.dataset import Dataset
    from gradsum.core.settings import ProjectSettings
    rows = [{"question": f"Is {i} even?", "answer": "Yes" if i % 2 == 0 else "No"}
            for i in range(40)]
    settings = ProjectSettings(name="even", template="Answer the question.\nQ: {question}\nA:",
                               task="Say whether the number is even.", criteria="Correct.",
                               mapping={}, answer_column="answer", metrics=["choice"], **kw)
    return project.create(tmp_path / "even.gradsum",
                          Dataset(["question", "answer"], rows, "utf-8", "even.jsonl"), settings)


def test_the_format_rule_starts_a_candidate_and_can_be_switched_off(tmp_path):
    from gradsum.core import project
    from gradsum.core.settings import RunConfig
    from tests.fakes import ScriptedEngine

    def task(req):  # lists both options unless told to give exactly one
        user = req.messages[-1][1]
        n = int(user.split("Is ", 1)[1].split(" ", 1)[0])
        right = "Yes" if n % 2 == 0 else "No"
        return right if "exactly one of" in user else "Yes or No"

    eng = ScriptedEngine({"task": task})
    engines = {"task": eng, "judge": eng, "optimizer": eng}
    store = yes_no_project(tmp_path)
    cfg = RunConfig(iterations=1, beam=2, candidates=1, train_rows=10, val_rows=16,
                    test_rows=10, batch_size=4)
    rid = project.start_run(store, cfg)
    res = project.run(store, engines, rid)
    ruled = [c for c in store.candidates(rid) if c["origin"] == "format"]
    assert len(ruled) == 1
    assert "Answer the question. Answer with exactly one of: Yes, No." in ruled[0]["prompt"]
    assert "{question}" in ruled[0]["prompt"]
    assert res["initial_val_score"] == 0.0  # "Yes or No" names both: 0 under choice
    assert res["best_prompt"] == ruled[0]["prompt"] and res["selection_outcome"] == "confirmed"
    off = project.start_run(store, RunConfig(**{**cfg.to_dict(), "format_rule": False}))
    project.run(store, engines, off)
    assert not [c for c in store.candidates(off) if c["origin"] == "format"]
