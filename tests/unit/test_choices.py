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


def test_a_one_digit_count_is_an_option_a_numbered_label_is_not():
    counts = ["6", "8", "9", "10"]
    assert choices.named("There are 6 fruits in total.", counts) == ["6"]
    assert choices.choice("There are 6 fruits in total.", "6", counts)[0] == 1.0
    # every option listed, or a sum of them: several options, 0
    assert choices.choice("6 + 8 + 9 = 23", "6", counts)[0] == 0.0
    assert choices.named("There are 16 fruits.", counts) == []  # 6 inside 16 is not 6
    assert choices.named("Step 1: count them", ["(1)", "(2)"]) == []  # a label needs its ()


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
                               mapping={}, answer_column="answer", **{"metrics": ["choice"], **kw})
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
    rid = project.start_run(store, cfg).id
    res = project.run(store, engines, rid)
    ruled = [c for c in store.candidates(rid) if c["origin"] == "format"]
    assert len(ruled) == 1
    assert "Answer the question. Answer with exactly one of: Yes, No." in ruled[0]["prompt"]
    assert "{question}" in ruled[0]["prompt"]
    assert res["initial_val_score"] == 0.0  # "Yes or No" names both: 0 under choice
    assert res["best_prompt"] == ruled[0]["prompt"] and res["selection_outcome"] == "confirmed"
    off = project.start_run(store, RunConfig(**{**cfg.to_dict(), "format_rule": False})).id
    project.run(store, engines, off)
    assert not [c for c in store.candidates(off) if c["origin"] == "format"]


def test_the_editor_never_sees_the_rule_and_children_keep_it_last(tmp_path):
    """Code owns the format rule: a weak editor can neither garble it nor write after it."""
    from gradsum.core import project
    from gradsum.core.settings import RunConfig
    from tests.fakes import ScriptedEngine

    seen = []

    def editor(req):
        seen.append(req.messages[-1][1])
        return ('{"instruction": "Say whether the number is even. - The answer is not a '
                'possibility, but an example."}')

    eng = ScriptedEngine({"editor": editor, "task": lambda req: "Yes or No"})
    store = yes_no_project(tmp_path)
    rid = project.start_run(store, RunConfig(iterations=1, beam=2, candidates=1, train_rows=10,
                                             val_rows=16, test_rows=10, batch_size=4,
                                             own_words=False)).id
    project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)
    rule = "Answer with exactly one of: Yes, No."
    ruled = next(c for c in store.candidates(rid) if c["origin"] == "format")
    kids = [c for c in store.candidates(rid)
            if c["parent_key"] == ruled["key"] and c["status"] == "ok"]
    assert seen and not any(rule in t for t in seen)
    assert kids and all(c["prompt"].split("\n")[0].endswith(rule) for c in kids)
    assert all(c["prompt"].count(rule) == 1 for c in kids)


def test_the_options_format_is_detected_shown_and_checked(tmp_path, capsys):
    """`gradsum new` says how the options column is written; one that cannot be split is
    refused before anything is stored."""
    import json as _json
    from gradsum import cli
    data = tmp_path / "d.jsonl"
    data.write_text("".join(_json.dumps({"q": f"q{i}", "opts": '["red", "blue"]',
                                         "bad": "red", "a": "red"}) + "\n"
                            for i in range(6)), "utf-8")
    base = ["new", None, "--data", str(data), "--template", "{q}", "--task", "t",
            "--answer-column", "a", "--metric", "choice"]
    ok = tmp_path / "ok.gradsum"
    assert cli.main([*base[:1], str(ok), *base[2:], "--options-column", "opts"]) == 0
    assert "a JSON list (detected); row 1: red | blue" in capsys.readouterr().err
    bad = tmp_path / "bad.gradsum"
    assert cli.main([*base[:1], str(bad), *base[2:], "--options-column", "bad"]) == 2
    assert "cannot be split into options" in capsys.readouterr().err and not bad.exists()
    assert choices.column_format(["a | b", "c | d"]) == ("|", ["a", "b"])


def test_a_chinese_option_is_found_in_chinese_prose_and_the_longer_one_wins():
    """Chinese writes no spaces between words: 合理 is named in 这句话合理, and 不合理, which
    contains it, counts as the one option it is."""
    from gradsum.core.choices import choice
    opts = ["合理", "不合理"]
    assert choice("这句话合理。", "合理", opts)[0] == 1.0
    assert choice("这句话不合理", "合理", opts) == (0.0, "answered 不合理, expected 合理")
    assert choice("合理吗？不合理", "合理", opts)[0] == 0.0  # both named


def test_a_one_character_chinese_option_is_a_word_not_a_letter_label():
    """猫 or 是 is an option of its own (a Latin one-letter label such as A needs its
    parentheses, or every article 'a' would name it): before, 猫 / 狗 / 鸟 were never found,
    so a Chinese pet question scored 0 whatever the answer."""
    from gradsum.core.choices import choice, named
    pets = ["猫", "狗", "鸟", "兔子"]
    assert choice("这个问题是关于猫的。", "猫", pets) == (1.0, "answered 猫")
    assert named("猫、狗、鸟、兔子。", pets) == ["兔子", "猫", "狗", "鸟"]
    assert named("a dog", ["A", "B"]) == [] and named("(B) it is", ["A", "B"]) == ["B"]


# option sets where one option sits inside another, to the left (implausible, 不合理), to the
# right (a dog / a dog and a cat), as a number (6 / 16), or as a label with parentheses
TRICKY = [["plausible", "implausible"], ["合理", "不合理"], ["6", "16", "1", "61"],
          ["a dog", "a dog and a cat"], ["(A)", "(B)", "(C)"], ["Yes", "No"]]


def test_a_reply_cut_where_it_surely_names_several_options_scores_as_the_whole_reply():
    """names_several is what lets the engine stop a rambling reply early: whenever it says
    yes for a prefix, the prefix and every longer reply name two or more options (score 0).
    Fuzzed: replies built from option fragments, separators and words, every prefix checked."""
    import random
    rng = random.Random(0)
    cut = 0
    for n in range(3000):
        opts = TRICKY[n % len(TRICKY)]
        bits = [*opts, *(o[:-1] for o in opts), *(o[1:] for o in opts), " ", ", ", ".",
                "and", "不", "s", "1", "(", ")", "\n", "the answer is "]
        reply = "".join(rng.choice(bits) for _ in range(rng.randint(1, 14)))
        full = len(choices.named(reply, opts))
        first = next((i for i in range(1, len(reply) + 1)
                      if choices.names_several(reply[:i], opts)), None)
        if first is None:
            continue
        cut += first < len(reply)
        assert full >= 2, (reply, opts, reply[:first])
        assert len(choices.named(reply[:first], opts)) >= 2
        score, why = choices.choice(reply[:first], opts[0], opts)
        assert score == choices.choice(reply, opts[0], opts)[0] == 0.0 and "several" in why
    assert cut > 100  # it does cut replies short, not only at their end


def test_a_rambling_reply_is_settled_before_it_ends():
    reply = "The sentence is plausible, but it's not implausible because the player"
    stop = next(i for i in range(1, len(reply) + 1)
                if choices.names_several(reply[:i], ["plausible", "implausible"]))
    assert reply[:stop].startswith("The sentence is plausible, but it's not implausible")
    assert stop < len(reply)
    assert not choices.names_several("plausible", ["plausible", "implausible"])
    assert not choices.names_several("这句话不合理，因为球员不会这样做。", ["合理", "不合理"])


def test_requests_carry_the_options_only_where_the_metrics_make_several_a_zero(tmp_path):
    from gradsum.core import project
    from gradsum.core.engine import Sampling
    from tests.fakes import ScriptedEngine
    assert "stop_named" not in Sampling().as_dict()  # earlier cache keys stay valid
    assert metrics.zero_once_several_named(["choice"])
    assert metrics.zero_once_several_named(["exact", "contains"])
    assert not metrics.zero_once_several_named(["choice", "judge"])
    assert not metrics.zero_once_several_named(["number"])
    for specs, carried in ((["choice"], True), (["choice", "judge"], False)):
        (tmp_path / specs[-1]).mkdir()
        store = yes_no_project(tmp_path / specs[-1], metrics=specs)
        eng = ScriptedEngine({"task": lambda req: "Yes",
                              "judge": lambda req: '{"reasoning": "ok", "score": 1}'})
        rid = project.start_run(store, project.RunConfig(
            iterations=1, beam=1, candidates=1, train_rows=10, val_rows=10, test_rows=10)).id
        project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)
        task = [r for kind, r in eng.seen if kind == "task"]
        assert task and all(
            (r.sampling.stop_named == ("Yes", "No")) == carried for r in task), specs
        store.close()
