"""Selection that does not fool itself, and candidates worth scoring."""
import json
import random
import re

from gradsum.core import language, metaprompts, relevance, selection
from gradsum.core.editor import instruction_candidate
from tests.fakes import ScriptedEngine
from tests.unit.test_search import run, small


def test_sign_test_and_the_correction_for_candidates_tried():
    assert selection.sign_test_p(10, 0) == 1 / 1024
    assert selection.sign_test_p(0, 0) == 1.0
    assert abs(selection.sign_test_p(3, 1) - 5 / 16) < 1e-12
    ten_wins = [1.0] * 10 + [0.0] * 20
    base = [0.0] * 30
    assert selection.compare(ten_wins, base, tried=1).better
    assert selection.compare(ten_wins, base, tried=20).better  # 0.001 < 0.05/20
    six = [1.0] * 6 + [0.0] * 24
    assert selection.compare(six, base, tried=1).better        # 0.016 < 0.05
    assert not selection.compare(six, base, tried=4).better    # 0.016 > 0.0125


def test_the_best_of_many_noise_candidates_is_not_accepted():
    """28 candidates no better than the incumbent (each row right with the same chance, 50%):
    the best of them looks 10+ points better on 30 rows, and none passes at 5% / 28."""
    accepted_runs, gaps = 0, []
    for seed in range(200):
        rng = random.Random(seed)
        incumbent = [float(rng.random() < 0.5) for _ in range(30)]
        cands = [[float(rng.random() < 0.5) for _ in range(30)] for _ in range(28)]
        gaps.append(max(sum(c) - sum(incumbent) for c in cands) / 30)
        accepted_runs += any(selection.compare(c, incumbent, 28).better for c in cands)
    assert sorted(gaps)[100] >= 0.1   # the median run's best noise candidate looks +10 points
    assert accepted_runs <= 10        # yet at most 5% of runs accept any of them


def test_a_shorter_candidate_just_as_good_is_handed_over_instead_of_the_winner():
    from types import SimpleNamespace as C
    size = lambda c: len(c.prompt)  # noqa: E731
    incumbent = C(key="i", prompt="Answer.", rows=[0.0] * 20)
    winner = C(key="w", prompt="Answer with exactly one of: Yes, No. Think of the hats and the "
                              "ocean before answering.", rows=[1.0] * 16 + [0.0] * 4)
    rule = C(key="r", prompt="Answer with exactly one of: Yes, No.", rows=[1.0] * 14 + [0.0] * 6)
    # the rule alone beats the incumbent beyond chance and the winner's extra words do not
    # beat the rule beyond chance (better on 2 rows, worse on none): the rule is handed over
    assert selection.simplest(winner, [winner, rule], incumbent, 1, size) is rule
    # extra words that do earn their place (better on 10 rows, worse on none) are kept
    weak = C(key="r", prompt=rule.prompt, rows=[1.0] * 6 + [0.0] * 14)
    assert selection.compare(weak.rows, incumbent.rows, 1).better
    assert selection.simplest(winner, [winner, weak], incumbent, 1, size) is winner
    # a rival that did not beat the incumbent beyond chance is never handed over
    noise = C(key="n", prompt="Yes or No.", rows=[1.0] * 2 + [0.0] * 18)
    assert selection.simplest(winner, [winner, noise], incumbent, 1, size) is winner


def test_paired_bootstrap_interval_and_verdict():
    g = selection.gain([1.0] * 20, [0.0] * 10 + [1.0] * 10)
    assert g.verdict == "better" and g.low > 0 and abs(g.mean - 0.5) < 1e-9
    g = selection.gain([0.0] * 10 + [1.0] * 10, [1.0] * 20)
    assert g.verdict == "worse" and g.high < 0
    g = selection.gain([1.0, 0.0] * 10, [0.0, 1.0] * 10)
    assert g.verdict == "no clear difference" and g.low < 0 < g.high


def test_a_win_that_held_out_rows_do_not_confirm_keeps_the_initial_prompt(make_project):
    """The candidate is right on every validation row and wrong on every test row: it wins
    validation beyond chance, is not confirmed, and the starting prompt is handed over."""
    from gradsum.core import project
    store = make_project(metrics=("exact",))
    rid = project.start_run(store, small(val_rows=12, test_rows=12, candidates=1))
    splits = store.run(rid)["config"]["splits"]
    val_q = {row["question"] for row, _ in store.rows(splits["val"]).values()}
    test_q = {row["question"] for row, _ in store.rows(splits["test"]).values()}

    def task(req):  # the starting prompt is right on test rows only, the candidate on val
        user = req.messages[-1][1]
        q = re.search(r"Q: (.*)", user).group(1).strip()
        a, b = map(int, re.search(r"(\d+) \+ (\d+)", q).groups())
        right = q in val_q if "reply with the sum" in user else q in test_q
        return str(a + b) if right else "no idea"

    def editor(req):
        return json.dumps({"instruction": "Add the two numbers and reply with the sum."})

    eng = ScriptedEngine({"editor": editor, "task": task})
    res = project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)
    assert res["candidate_prompt"] != res["initial_prompt"]
    assert res["candidate_val_score"] == 1.0 and res["initial_val_score"] == 0.0
    assert res["selection_outcome"] == "not_confirmed"
    assert res["best_prompt"] == res["initial_prompt"]
    assert "was not better on the 12 held-out test rows, so the starting prompt is kept" \
        in selection.note(res)
    assert res["test_gain"]["gain"] == 0.0  # the result is the initial prompt itself
    assert res["test_score_best"] == res["test_score_initial"] == 1.0


def test_a_real_gain_is_accepted_and_confirmed(make_project, engine):
    store = make_project()
    _, res, _ = run(store, engine, small(val_rows=10))
    assert res["selection_outcome"] == "confirmed" and "digits only" in res["best_prompt"]
    g = res["test_gain"]
    assert g["verdict"] == "better" and g["low"] > 0 and g["gain"] == 1.0
    assert any(d["accepted"] for d in res["selection"])
    assert "held-out test gain: +100.0%" in selection.gain_line(g)


def test_french_for_an_english_prompt_is_rejected():
    parent = "Answer the question.\nQuestion: {question}\nAnswer:"
    french = instruction_candidate(parent, "Cherchez-vous l'autre question? Comment l'avance "
                                           "d'une foi? C'est toujours la réponse (b).", "English")
    assert not french.ok and french.reason == "not written in English"
    english = instruction_candidate(parent, "Read the question and answer it in one word.",
                                    "English")
    assert english.ok
    assert language.of_prompt("Beantworte die folgende Frage kurz und genau.\n{q}") == "German"
    assert language.of_prompt("回答问题。\n{question}") == "Chinese"


def test_meta_text_and_off_topic_instructions_are_rejected():
    parent = "Answer the question.\nQuestion: {question}\nAnswer:"
    task = "Decide whether the causal statement about the story is right."
    own = [task, parent, "Yes", "No"]
    phrases = relevance.meta_phrases(list(metaprompts.all_texts().values()), own)
    leak = instruction_candidate(parent, "Answer the question. The prompt should change to "
                                         "be clearer.", "English", (), phrases, own)
    assert not leak.ok and leak.reason.startswith("repeats the optimizer's own instructions")
    away = instruction_candidate(parent, "Edit the JSON data using Jsonp, to JSON-URL encoded "
                                         "data, then remove all contents.", "English", (),
                                 phrases, own)
    assert not away.ok and away.reason.startswith("shares no word with the task")
    good = instruction_candidate(parent, "Read the story, decide whether the causal statement "
                                         "is right, and reply Yes or No.", "English", (),
                                 phrases, own)
    assert good.ok
    # on topic as a whole, but padded with a sentence about something else entirely
    aside = instruction_candidate(parent, "Decide whether the causal statement is right. "
                                          "Python's built-in random module is not a "
                                          "programming language.", "English", (), phrases, own)
    assert not aside.ok and aside.reason.startswith("has a sentence unrelated to the task")
    short = instruction_candidate(parent, "Decide whether the causal statement is right. "
                                          "Think carefully first.", "English", (), phrases, own)
    assert short.ok  # a short generic sentence is judged by its score, not by its words


def test_looping_and_optimizer_frame_instructions_are_rejected():
    """Seen in a benchmark run: it scored well, and no person would ship it."""
    parent = "Is the following sentence plausible?\nSentence: {sentence}\nAnswer:"
    own = ["Decide whether a sentence about sports is plausible or implausible.", parent,
           "plausible", "implausible"]
    loop = instruction_candidate(
        parent, "Is the following sentence plausible? This answer requires care based on the "
                "sport of the player. This response requires care based on the sport of the "
                "player.", "English", (), set(), own)
    assert not loop.ok and loop.reason.startswith("says the same sentence twice")
    frame = instruction_candidate(
        parent, "Say whether the sentence is plausible, using the feedback from previous "
                "iterations.", "English", (), set(), own)
    assert not frame.ok and frame.reason == ("talks about the optimization, not the task "
                                             "(feedback, iterations)")
    # exported by a GPU benchmark run (sports_choice, seed 2) before "rework" and
    # "instruction" were frame words
    rework = instruction_candidate(
        parent, "Does the sentence about sports be plausible? To answer this question, rework "
                "the instruction to provide a more descriptive sentence.", "English", (), set(),
        own)
    assert not rework.ok and rework.reason == ("talks about the optimization, not the task "
                                               "(instruction, rework)")
    # the user's own words are never held against a candidate
    assert instruction_candidate(
        parent, "Say whether the sentence is plausible; give feedback in one word.", "English",
        (), set(), own).ok
    zh = "判断句子是否合理。\n句子：{sentence}\n答案："
    zh_own = ["判断一个关于体育的句子是否合理。", zh]
    assert not instruction_candidate(zh, "根据之前迭代的反馈，判断句子是否合理。", "Chinese", (),
                                     set(), zh_own).ok
    assert not instruction_candidate(zh, "判断这个体育句子是否合理并回答。判断这个体育句子是否合理并回答。",
                                     "Chinese", (), set(), zh_own).ok
    assert instruction_candidate(zh, "仔细阅读句子，判断它是否合理，只回答合理或不合理。", "Chinese",
                                 (), set(), zh_own).ok
