"""Selection that does not fool itself, and candidates worth scoring."""
import json
import random
import re

import pytest

from gradsum.core import language, metaprompts, project, relevance, selection, stats
from gradsum.core.editor import instruction_candidate
from gradsum.core.selection import Scored, Selector
from gradsum.core.plan import RunPlan
from gradsum.core import result
from gradsum.core.result import RunResult
from tests.fakes import ScriptedEngine
from tests.unit.test_search import run, small


def test_sign_test_and_holm():
    assert stats.sign_test_p(10, 0) == 1 / 1024
    assert stats.sign_test_p(0, 0) == 1.0
    assert abs(stats.sign_test_p(3, 1) - 5 / 16) < 1e-12
    six = [1.0] * 6 + [0.0] * 24
    base = [0.0] * 30
    assert stats.compare(six, base).better          # 0.016 < 0.05
    assert not stats.compare(six, base, tried=4).better  # Bonferroni: 0.016 > 0.0125
    # Holm: the smallest p faces 5%/3, the next 5%/2, the last 5%
    assert stats.holm([0.04, 0.01, 0.02]) == [(True, 0.05), (True, 0.05 / 3), (True, 0.025)]
    assert stats.holm([0.04, 0.01, 0.03]) == [(False, 0.025), (True, 0.05 / 3), (False, 0.025)]
    assert [ok for ok, _ in stats.holm([0.02, 0.3])] == [True, False]


def noise(rng, n, p=0.5):
    return [float(rng.random() < p) for _ in range(n)]


def scored(key, rows, seq=1):
    return Scored(key, key, sum(rows) / len(rows), sum(rows) / len(rows), seq, True,
                  tuple(rows), len(key))


def test_the_best_of_many_noise_candidates_is_rarely_exported():
    """28 candidates no better than the start (each row right with the same chance): the best
    of them looks 10+ points better on 30 validation rows, yet the family tested on 60 fresh
    held-out rows exports one in at most 5% of runs."""
    exported, gaps = 0, []
    sel = Selector(k=3)
    for seed in range(300):
        rng = random.Random(seed)
        start = scored("start", noise(rng, 30), 0)
        cands = [scored(f"c{i}", noise(rng, 30), i + 1) for i in range(28)]
        gaps.append(max(c.val for c in cands) - start.val)
        family = sel.family(start, sel.rank([start, *cands]))
        held = {c.key: noise(rng, 60) for c in [start, *family]}
        exported += sel.decide(start, family, held).outcome == "confirmed"
    assert sorted(gaps)[150] >= 0.1   # the median run's best noise candidate looks +10 points
    assert exported <= 15             # 5% of 300


def test_patience_runs_out_on_noise_but_not_on_a_clear_gain():
    """The best of 12 candidates no better than the old best (each row right with the same
    chance) rarely counts as progress; one right on 10 more of 40 rows always does."""
    sel = Selector(k=3)
    lucky = 0
    for seed in range(300):
        rng = random.Random(seed)
        anchor = scored("a", noise(rng, 40, 0.3), 0)
        cands = [scored(f"c{i}", noise(rng, 40, 0.3), i + 1) for i in range(12)]
        top = sel.rank([anchor, *cands])[0]
        lucky += sel.progressed(top, anchor, 12)
    assert lucky <= 0.15 * 300, lucky
    rows = [0.0] * 30 + [1.0] * 10
    anchor, better = scored("a", rows), scored("b", [1.0] * 20 + [0.0] * 10 + [1.0] * 10)
    assert sel.progressed(better, anchor, 12)
    assert not sel.progressed(anchor, anchor, 12)
    assert not sel.progressed(scored("c", rows), anchor, 1)  # same rows: not a gain


def test_the_family_and_its_test_do_not_grow_with_the_search():
    rng = random.Random(4)
    start = scored("start", [0.0] * 40, 0)
    good = [scored(f"g{i}", [1.0] * 30 + [0.0] * 10, i + 1) for i in range(3)]
    more = [scored(f"m{i}", noise(rng, 40, 0.3), 10 + i) for i in range(60)]
    sel = Selector(k=3)
    small_search = sel.family(start, sel.rank([start, *good]))
    big_search = sel.family(start, sel.rank([start, *good, *more]))
    assert [c.key for c in small_search] == [c.key for c in big_search]
    held = {c.key: [1.0] * 7 + [0.0] * 33 for c in good}
    held["start"] = [0.0] * 40
    few = sel.decide(start, small_search, held, tried=3)
    many = sel.decide(start, big_search, held, tried=63)
    assert few.family == many.family and few.outcome == many.outcome == "confirmed"
    # 7 wins, no loss: p = 1/128 passes 5%/3, whatever the number of candidates tried
    assert few.family[0].threshold == pytest.approx(0.05 / 3)
    # the previous rule's threshold shrank with every candidate the run might try
    assert not stats.compare(held["g0"], held["start"], tried=63 * 4).better


def test_confirmation_stops_scoring_once_the_export_is_decided():
    """Members are scored in export order; scoring stops when the rest could not change the
    export, and the decision on the partial scores equals the one on all of them."""
    start = scored("start", [0.0] * 40, 0)
    junk = scored("junk", [1.0] * 30 + [0.0] * 10, 1)
    mine = Scored("mine", "mine", 0.6, 0.6, 2, True, tuple([1.0] * 24 + [0.0] * 16), 4,
                  "own_words")
    sel = Selector(k=3)
    family = sel.family(start, sel.rank([start, junk, mine]))
    assert [c.key for c in sel.preference(family)] == ["mine", "junk"]
    strong = [1.0] * 8 + [0.0] * 32        # 8 wins, no loss: p = 1/256 < 5%/2, surely passes
    middle = [1.0] * 5 + [0.0] * 35        # p = 1/32: under 5% but over 5%/2, undecided
    held = {"start": [0.0] * 40, "mine": strong}
    assert sel.settled(start, family, held)
    partial = sel.decide(start, family, held)
    full = sel.decide(start, family, {**held, "junk": middle})
    assert partial.exported.key == full.exported.key == "mine"
    assert partial.outcome == full.outcome == "confirmed" and partial.gain == full.gain
    assert [t.p is None for t in partial.family] == [True, False]  # junk: never scored
    # the person's prompt undecided: the editor's member must be scored too
    assert not sel.settled(start, family, {"start": [0.0] * 40, "mine": middle})
    # the person's prompt surely fails (a loss): then the editor's decides alone
    worse = [0.0] * 40
    assert not sel.settled(start, family, {"start": [1.0] * 40, "mine": worse})
    assert sel.settled(start, family, {"start": [0.0] * 40, "mine": worse, "junk": strong})
    assert sel.settled(start, family, {"start": [0.0] * 40, "mine": worse, "junk": worse})


def test_a_confirmed_run_scores_only_the_member_it_exports(make_project, engine):
    store = make_project()
    rid, res, _ = run(store, engine, small(val_rows=10))
    family = res["selection"]["family"]
    assert res["selection_outcome"] == "confirmed" and family[0]["passed"]
    scored_test = {k for (k,) in store.db.execute(
        "SELECT DISTINCT prompt_key FROM scores WHERE run_id = ? AND split = 'test'", [rid])}
    assert len(scored_test) == 2  # the start and the member exported, not the rest
    assert all(t["p"] is None for t in family[1:]) and len(family) > 1


def test_a_win_that_held_out_rows_do_not_confirm_keeps_the_initial_prompt(make_project):
    """The candidate is right on every validation row and wrong on every test row: it ranks
    first on validation, is not confirmed, and the starting prompt is handed over."""
    store = make_project(metrics=("exact",))
    rid = project.start_run(store, small(val_rows=12, test_rows=12, candidates=1)).id
    splits = RunPlan.of_run(store.run(rid)).splits
    val_q = {row["question"] for row, _ in store.rows(splits.val).values()}
    test_q = {row["question"] for row, _ in store.rows(splits.test).values()}

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
    assert res["selection_outcome"] == "not_confirmed" and res["confirmed"] is False
    assert res["best_prompt"] == res["initial_prompt"]
    assert "None of the 1 best validation candidates was better than the starting prompt " \
           "beyond chance on the 12 held-out confirmation rows" in result.note(RunResult.from_dict(res))
    assert res["test_gain"]["gain"] == 0.0  # the result is the initial prompt itself
    assert res["test_score_best"] == res["test_score_initial"] == 1.0
    tested = res["selection"]["family"][0]
    assert (tested["wins"], tested["losses"], tested["passed"]) == (0, 12, False)


def test_a_real_gain_is_confirmed_and_said_so(make_project, engine):
    store = make_project()
    _, res, _ = run(store, engine, small(val_rows=10))
    assert res["selection_outcome"] == "confirmed" and "digits only" in res["best_prompt"]
    g = res["test_gain"]
    assert g["verdict"] == "better" and g["low"] > 0 and g["gain"] == 1.0
    first = res["selection"]["family"][0]
    assert first["passed"] and first["wins"] == 6 and first["losses"] == 0
    note = result.note(RunResult.from_dict(res))
    assert note.startswith("Candidate 1 of the ") and "6 held-out confirmation rows" in note
    assert "held-out confirmation gain: +100.0%" in result.gain_line(RunResult.from_dict(res).test_gain)


def test_without_held_out_rows_a_win_must_pass_on_validation(make_project, engine):
    store = make_project()
    _, res, _ = run(store, engine, small(val_rows=12, test_rows=0))
    assert res["selection_outcome"] == "no_test" and "digits only" in res["best_prompt"]
    assert res["test_gain"] is None and res["confirmed"] is None


def test_the_bonferroni_rule_stays_for_the_ablation(make_project, engine):
    store = make_project()
    _, res, _ = run(store, engine, small(val_rows=12, confirmation="bonferroni"))
    assert res["selection"]["rule"] == "bonferroni" and res["selection_outcome"] == "confirmed"
    assert "scored higher on the 6 held-out rows" in result.note(RunResult.from_dict(res))


# --- pruning ---------------------------------------------------------------------------------
def test_pruning_drops_sentences_that_change_no_row_and_keeps_those_that_do(make_project):
    """Right on a row only when the prompt says 'digits only': the sentence that says it is
    kept; the two around it change no row's score and are dropped."""
    eng = ScriptedEngine({"editor": lambda req: json.dumps(
        {"instruction": "Add the numbers. Reply with digits only. Be nice and kind."})})
    store = make_project(metrics=("exact",))
    rid, res, _ = run(store, eng, small(candidates=1, test_rows=8))
    assert res["best_prompt"] == "Reply with digits only.\nQ: {question}\nA:"
    assert res["selection_outcome"] == "confirmed"
    assert res["candidate_prompt"] == res["best_prompt"]  # the pruned one ranks first
    family = [t["prompt"] for t in res["selection"]["family"]]
    assert family[1].startswith("Add the numbers. Reply with digits only. Be nice and kind.")
    pruned = [c for c in store.candidates(rid) if c["origin"] == "pruned"]
    assert {c["prompt"].split("\n")[0] for c in pruned} == {
        "Reply with digits only. Be nice and kind.", "Be nice and kind.",
        "Reply with digits only."}
    off = make_project(metrics=("exact",))
    _, res, _ = run(off, eng, small(candidates=1, test_rows=8, prune=False))
    assert res["best_prompt"].startswith("Add the numbers. Reply with digits only. Be nice")


def test_a_pruned_form_is_kept_only_when_its_standing_is_not_lower():
    """A tie is kept (the shorter words are as good); a drop that loses one validation row is
    not, nor one that changes rows both ways to a lower standing (a tolerance for 'not worse
    beyond chance' walked a winner down to junk that answered one label to every row), nor
    one whose answers no longer tell the rows apart. The kept form joins the family right
    after the winner (the person's prompt keeps its place), and when both pass, the pruned
    one is handed over."""
    from dataclasses import replace
    from gradsum.core.labels import standing
    start = scored("start", [1.0] * 14 + [0.0] * 71, 0)
    winner = replace(scored("winner", [1.0] * 27 + [0.0] * 58, 1), origin="editor")
    second = replace(scored("second", [1.0] * 26 + [0.0] * 59, 2), origin="editor")
    mine = replace(scored("mine", [1.0] * 24 + [0.0] * 61, 3), origin="own_words")
    # right on the same number of rows, 3 of them other rows than the winner's: a tie
    shortened = replace(scored("shortened", [1.0] * 24 + [0.0] * 3 + [1.0] * 3 + [0.0] * 55, 4),
                    origin="pruned")
    sel = Selector(k=3)
    assert sel.no_worse(shortened, winner)
    one_down = replace(scored("one_down", [1.0] * 26 + [0.0] * 59, 5), origin="pruned")
    assert not sel.no_worse(one_down, winner)
    both_ways = replace(scored("both_ways", [0.0] * 14 + [1.0] * 13 + [1.0] * 10 + [0.0] * 48,
                               6), origin="pruned")  # 10 rows better, 14 worse
    assert not sel.no_worse(both_ways, winner)
    opts = [("Yes", "No")] * 40
    expected = ["Yes", "No"] * 20
    assert not sel.no_worse(shortened, winner, standing(["Yes"] * 40, expected, opts))
    assert sel.no_worse(shortened, winner, standing(expected, expected, opts))
    ranked = sel.rank([start, winner, second, mine, shortened])
    family = sel.family(start, ranked, shortened)
    assert [c.key for c in family] == ["winner", "shortened", "mine"]
    assert [c.key for c in sel.preference(family)] == ["mine", "shortened", "winner"]
    passes = [1.0] * 10 + [0.0] * 75   # 10 wins, no loss against the start
    held = {"start": [0.0] * 85, "winner": passes, "shortened": passes, "mine": [0.0] * 85}
    got = sel.decide(start, family, held)
    assert got.outcome == "confirmed" and got.exported.key == "shortened"
    # a pruned form that ranks in the family by itself stays where it ranks
    assert [c.key for c in sel.family(start, ranked, second)] == ["winner", "second", "mine"]


def test_pruning_never_drops_placeholders_the_format_rule_or_examples(make_project):
    from gradsum.core.candidates import Candidates
    from gradsum.core.settings import RunConfig
    store = make_project()
    settings = project.load_settings(store)
    options = {1: ("Yes", "No"), 2: ("Yes", "No")}
    made = Candidates(store, None, 1, settings, RunConfig(), {}, "English", options,
                      lambda e: None)
    ruled = made.with_format_rule("Think first. Then add the numbers.\nQ: {question}\nA:")
    assert ruled == ("Think first. Then add the numbers. Answer with exactly one of: Yes, No."
                     "\nQ: {question}\nA:")
    shown = made.with_demos(ruled, [({"question": "1 + 2"}, "3")])
    drops = [made.without_part(shown, i) for i in range(3)]
    assert drops[2] == (None, 2)  # two sentences of the user's; the rule is not one of them
    for text, n in drops[:2]:
        assert n == 2 and text.count("{question}") == 1 and text.endswith("Q: {question}\nA:")
        assert "Answer with exactly one of: Yes, No." in text and "Q: 1 + 2\nA: 3" in text
    assert drops[0][0].startswith("Then add the numbers. Answer with exactly one of")
    single = made.with_format_rule("Add the numbers.\nQ: {question}\nA:")
    assert made.without_part(single, 0) == (None, 1)  # the last sentence stays
    # a clause linked after a comma can go on its own; the main clause stays
    tail = made.with_format_rule("Reply with one option, and to meet criteria give a "
                                 "description.\nQ: {question}\nA:")
    assert made.without_part(tail, 0) == (None, 2)
    assert made.without_part(tail, 1) == (
        "Reply with one option. Answer with exactly one of: Yes, No.\nQ: {question}\nA:", 2)
    # any phrase set off by a comma, in English and Chinese; not after an opening "if" clause
    appos = made.with_format_rule("Reply with one option, the right total.\nQ: {question}\nA:")
    assert made.without_part(appos, 1)[0].startswith("Reply with one option. Answer with")
    zh = made.with_format_rule("只回答一个选项，不要解释。\nQ: {question}\nA:")
    assert made.without_part(zh, 1)[0].startswith("只回答一个选项。")
    cond = made.with_format_rule("If unsure, reply No.\nQ: {question}\nA:")
    assert made.without_part(cond, 1) == (None, 1)


def test_pruning_drops_a_linked_clause_that_changes_no_row(make_project):
    """One sentence: its main clause says 'digits only', which the scripted task model needs;
    the clause linked after it changes no row's score and goes."""
    eng = ScriptedEngine({"editor": lambda req: json.dumps(
        {"instruction": "Reply with digits only, and to meet criteria give a description."})})
    store = make_project(metrics=("exact",))
    rid, res, _ = run(store, eng, small(candidates=1, test_rows=8, own_words=False))
    assert res["best_prompt"] == "Reply with digits only.\nQ: {question}\nA:"
    pruned = [c["prompt"].split("\n")[0] for c in store.candidates(rid)
              if c["origin"] == "pruned"]
    assert pruned == ["Reply with digits only."]


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


def test_instructions_that_stutter_are_rejected():
    """Seen in benchmark runs' confirmation families (two exported): a small editor looping
    within a sentence. A person's own repetition is theirs to keep."""
    parent = "Answer the question.\nQuestion: {question}\nOptions: {options}\nAnswer:"
    own = ["Count the objects of the asked kind and pick the total from the options.",
           "The answer is exactly one of the options, the right total.", parent]
    for text, fragment in [
            ("The answer must be exactly one of the options, one object and correct, correct.",
             "correct, correct"),
            ("Choose the total. 1. 2. The total is the number of objects in the question.",
             "1. 2."),
            ("Count the objects of the asked kind and pick the total from the options. The "
             "answer must match three objects, including two fruits, to the correct total. The "
             "answer must meet the criteria of matching three objects with two fruits. The "
             "answer must meet the criteria of", "the answer must meet the criteria")]:
        got = instruction_candidate(parent, text, "English", (), set(), own)
        assert not got.ok and got.reason == f"repeats itself ('{fragment}')", got.reason
    for fine in ["Count the objects, then pick the total from the options. Step 1. Read the "
                 "question. 2. Count.", "Answer with the total from the options, version 3.5."]:
        assert instruction_candidate(parent, fine, "English", (), set(), own).ok, fine
    own_loop = own + ["Count very very carefully."]
    assert instruction_candidate(parent, "Count very very carefully, then pick the total.",
                                 "English", (), set(), own_loop).ok
    assert instruction_candidate("判断句子是否合理。\n句子：{sentence}\n答案：",
                                 "请看看句子，判断它是否合理。", "Chinese", (), set(),
                                 ["判断一个关于体育的句子是否合理。"]).ok


def test_instructions_that_name_single_rows_content_are_rejected():
    """Exported or in the confirmation family of benchmark runs: an editor copying the
    objects and names of the rows its feedback came from into the instruction. Words most
    rows share, words of the user's texts, and one general word stay allowed."""
    parent = "Answer the question.\nQuestion: {question}\nOptions: {options}\nAnswer:"
    task = "Count the objects of the asked kind and pick the total from the options."
    criteria = "The answer is exactly one of the options, the right total."
    rows = ["I have a piano, two cows, and a table. How many musical instruments do I have?",
            "I have a cow, a goat, and a piano. How many animals do I have?",
            "I have two apples, a grape, and a chair. How many fruits do I have?",
            "I have a violin, a table, and three pigs. How many objects do I have?",
            "I have a plum, a snail, and two dogs. How many animals do I have?",
            "I have a drum, a carrot, and a yam. How many vegetables do I have?"]
    terms = relevance.row_terms(rows, [task, criteria, parent])
    assert {"piano", "anima", "table", "music"} <= terms
    assert not {"have", "many", "objec", "count"} & terms  # most rows', or the user's
    own = [task, criteria, parent]
    junk = ("The answer must contain exactly one object, a single animal table option, and a "
            "single musical instrument such as the piano.")
    got = instruction_candidate(parent, junk, "English", (), set(), own, terms)
    assert not got.ok and got.reason == ("names what single rows contain, not the task "
                                         "(animal, table, musical, instrument)"), got.reason
    for fine in [task, "Count how many objects of the asked kind there are, then reply with "
                       "the option that is the total.",
                 "Count each kind the question asks about, a table counts as one object."]:
        assert instruction_candidate(parent, fine, "English", (), set(), own, terms).ok, fine


def test_the_search_holds_editor_candidates_to_the_rows_of_its_data(tmp_path):
    """End to end: the run takes the terms from its own rows, so an editor reply that names
    them is recorded as rejected with the reason, and one that does not is scored."""
    from gradsum.core.dataset import Dataset
    from gradsum.core.settings import ProjectSettings
    things = ["apples", "pianos", "tables", "violins"]
    rows = [{"question": f"{i} {things[i % 4]} + {i % 5} {things[i % 4]}",
             "answer": str(i + i % 5)} for i in range(40)]
    settings = ProjectSettings(
        name="things", template="Add the two numbers.\nQ: {question}\nA:",
        task="Add two numbers.", criteria="The answer is the correct sum, as digits only.",
        mapping={}, answer_column="answer", metrics=["exact"])
    store = project.create(tmp_path / "things.gradsum",
                           Dataset(["question", "answer"], rows, "utf-8", "t.jsonl"), settings)
    replies = iter([json.dumps({"instruction": "Add the apples and the pianos; reply with "
                                               "digits only."}),
                    json.dumps({"instruction": "Add the two numbers; reply with digits "
                                               "only."})] * 10)
    rid, _, _ = run(store, ScriptedEngine({"editor": lambda req: next(replies)}),
                    small(beam=1, candidates=2))
    made = {c["instruction"]: c for c in store.candidates(rid) if c["origin"] == "editor"}
    bad = made["Add the apples and the pianos; reply with digits only."]
    assert bad["status"] == "rejected" and bad["reason"] == (
        "names what single rows contain, not the task (apples, pianos)")
    assert made["Add the two numbers; reply with digits only."]["status"] == "ok"


def test_a_prompt_a_person_wrote_joins_the_family_and_is_handed_over_first():
    start = scored("start", [0.0] * 40, 0)
    junk = [Scored(f"j{i}", f"j{i}", 0.9, 0.9 - i / 100, i + 1, True, (1.0,) * 36 + (0.0,) * 4,
                   5, "editor") for i in range(4)]
    mine = Scored("own", "own", 0.7, 0.7, 9, True, (1.0,) * 28 + (0.0,) * 12, 3, "own_words")
    sel = Selector(k=3)
    family = sel.family(start, sel.rank([start, *junk, mine]))
    assert [c.key for c in family] == ["j0", "j1", "own"]  # the person's takes the last place
    held = {"start": [0.0] * 40, "j0": [1.0] * 12 + [0.0] * 28, "j1": [0.0] * 40,
            "own": [1.0] * 10 + [0.0] * 30}
    got = sel.decide(start, family, held)
    assert got.outcome == "confirmed" and got.exported.key == "own"  # both passed: the person's
    held["own"] = [0.0] * 40
    assert sel.decide(start, family, held).exported.key == "j0"


def test_an_instruction_that_imitates_the_data_part_is_rejected():
    parent = "Answer the question.\nQuestion: {question}\nOptions: {options}\nAnswer:"
    own = ["Count the objects and pick the total from the options.", parent]
    junk = instruction_candidate(parent, "Question: Does the model answer your question? Reply "
                                         "with the answer. Answer: Your answer is correct.",
                                 "English", (), set(), own)
    assert not junk.ok and junk.reason == ("writes the prompt's data label 'Answer:' inside "
                                           "the instruction")
    assert instruction_candidate(parent, "Count the objects the question asks about, then "
                                         "reply with the option that is the total.", "English",
                                 (), set(), own).ok
    frame = instruction_candidate(parent, "The model's answer must give the prompt's total.",
                                  "English", (), set(), own)
    assert not frame.ok and frame.reason.startswith("talks about the optimization")
