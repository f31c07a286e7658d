"""What a gain is made of: per-label figures on closed answer sets, and the outcome that
tells a prompt better at the task from one that only answers in the options' words."""
import json

from gradsum.core import labels, project, selection
from gradsum.core.labels import NONE, SEVERAL, standing
from gradsum.core.settings import RunConfig
from gradsum.core import result
from gradsum.core.result import RunResult
from tests.fakes import ScriptedEngine
from tests.unit.test_choices import yes_no_project


def test_confusion_matches_a_hand_counted_example():
    opts = ("plausible", "implausible")
    outputs = ["plausible", "Implausible.", "plausible", "I think plausible or implausible",
               "no idea", "plausible", "implausible", "It is plausible."]
    expected = ["plausible", "implausible", "implausible", "plausible", "implausible",
                "implausible", "implausible", "plausible"]
    s = standing(outputs, expected, [opts] * len(outputs))
    assert s.confusion() == {
        "plausible": {"plausible": 2, "implausible": 0, NONE: 0, SEVERAL: 1},
        "implausible": {"plausible": 2, "implausible": 2, NONE: 1, SEVERAL: 0}}
    assert s.recall() == {"plausible": 2 / 3, "implausible": 2 / 5}
    assert abs(s.balanced - (2 / 3 + 2 / 5) / 2) < 1e-12 and s.accuracy == 4 / 8
    assert s.chance == 0.5
    assert s.spread() == {"plausible": 4, "implausible": 2, NONE: 1, SEVERAL: 1}
    assert s.top_answer() == ("plausible", 4) and s.constant_score("implausible") == 5 / 8
    back = labels.LabelStanding.from_dict(json.loads(json.dumps(s.to_dict())))
    assert back == s and back.confusion() == s.confusion()


def test_one_answer_to_every_row_is_at_chance_and_telling_rows_apart_is_not():
    opts = ("Yes", "No")
    expected = ["Yes", "No"] * 30
    constant = standing(["Yes"] * 60, expected, [opts] * 60)
    assert constant.balanced == 0.5 and not constant.above_chance
    assert constant.concentrated and not constant.tells_apart()
    good = standing(expected[:48] + ["No", "Yes"] * 6, expected, [opts] * 60)
    assert good.balanced == 0.8 and good.p_above_chance < 0.001 and good.tells_apart()
    # above chance, yet 91% of its right answers are 'Yes' on a set that is half 'No':
    # right where it says its favourite, not because it tells the rows apart
    expected = ["Yes", "No"] * 200
    leaning = standing([e if e == "Yes" or i < 40 else "Yes" for i, e in enumerate(expected)],
                       expected, [opts] * 400)
    assert leaning.recall() == {"Yes": 1.0, "No": 0.1} and leaning.above_chance
    assert leaning.concentrated and not leaning.tells_apart()


def test_rows_with_their_own_options_are_read_by_position():
    rows = [(("3", "4", "5"), "4", "4"), (("7", "8"), "7", "8"), (("1", "2", "3", "6"), "6", "6"),
            (("10", "11"), "11", "10 or 11")]
    s = standing([o for _, _, o in rows], [e for _, e, _ in rows], [r[0] for r in rows])
    assert s.by_position and s.labels == ("option 1", "option 2", "option 3", "option 4")
    assert s.pairs == (("option 2", "option 2"), ("option 1", "option 2"),
                       ("option 4", "option 4"), ("option 2", SEVERAL))
    assert s.accuracy == s.balanced == 0.5
    assert abs(s.chance - (1 / 3 + 1 / 2 + 1 / 4 + 1 / 2) / 4) < 1e-12


def test_open_answers_have_no_label_standing():
    assert standing(["7", "8"], ["7", "9"], [None, None]) is None


# --- runs with a scripted model on a balanced Yes/No set ----------------------------------------
def parity_engine(format_rule_answers, edit="Think about the number."):
    """The start names no option; with the format rule the model answers as
    `format_rule_answers(right)` says; an instruction that says 'parity' makes it right (the
    editor writes `edit`)."""
    def task(req):
        user = req.messages[-1][1]
        n = int(user.split("Is ", 1)[1].split(" ", 1)[0])
        right = "Yes" if n % 2 == 0 else "No"
        if "parity" in user:
            return right
        return format_rule_answers(right) if "exactly one of" in user else "Hmm, let me see."

    def editor(req):
        return json.dumps({"instruction": edit})
    return ScriptedEngine({"task": task, "editor": editor})


def parity_run(tmp_path, eng, candidates=1):
    store = yes_no_project(tmp_path)
    cfg = RunConfig(iterations=1, beam=2, candidates=candidates, train_rows=8, val_rows=12,
                    test_rows=20, batch_size=4, own_words=False, rephrasings=False,
                    racing=False)
    rid = project.start_run(store, cfg).id
    return project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)


def test_a_prompt_that_answers_one_label_to_every_row_is_format_only(tmp_path):
    res = parity_run(tmp_path, parity_engine(lambda right: "Yes"))
    assert "exactly one of" in res["best_prompt"]
    assert res["selection_outcome"] == "format_only" and res["made_of"] == "format"
    assert res["confirmed"] is True and res["test_gain"]["verdict"] == "format only"
    said = result.made_of_line(RunResult.from_dict(res))
    assert said.startswith("The new prompt's gain is in the answer's form: it does not tell "
                           "the rows apart (balanced accuracy 50%")
    assert "It answers 'Yes' to 20 of 20 rows" in said
    exported = res["labels"]["exported"]
    yes_rows = sum(exported["confusion"]["Yes"].values())
    assert 0 < yes_rows < 20  # the held-out rows hold both labels
    assert f"answering 'Yes' to every row would score {yes_rows / 20:.0%}" in said
    assert exported["recall"] == {"Yes": 1.0, "No": 0.0} and exported["tells_apart"] is False
    assert res["labels"]["initial"]["spread"] == {NONE: 20}
    assert "format only" in result.gain_line(RunResult.from_dict(res).test_gain)
    assert "scored higher than the starting prompt beyond chance" in result.note(RunResult.from_dict(res))


def test_a_prompt_that_tells_the_labels_apart_is_better_at_the_task(tmp_path):
    res = parity_run(tmp_path, parity_engine(lambda right: right))
    assert res["selection_outcome"] == "confirmed" and res["made_of"] == "task"
    assert res["test_gain"]["verdict"] == "better"
    assert result.made_of_line(RunResult.from_dict(res)) == (
        "The new prompt is better at the task itself: balanced accuracy 100% against the "
        "starting prompt's 0% (picking an option at random: 50%).")


def test_among_passing_members_the_one_better_at_the_task_is_exported(tmp_path):
    """The format rule (words a person wrote, exported first when it passes) answers 'Yes'
    to every row; the editor's 'parity' prompt tells the rows apart and is handed over."""
    res = parity_run(tmp_path, parity_engine(lambda right: "Yes",
                                             "Check the parity of the number."))
    passed = [t for t in res["selection"]["family"] if t["passed"]]
    assert len(passed) == 2
    assert "parity" in res["best_prompt"] and res["selection_outcome"] == "confirmed"
    assert res["made_of"] == "task"


def test_after_a_pass_in_form_only_only_members_promising_at_the_task_are_scored():
    """The person's prompt passes but answers 'Yes' to every row: of the rest, only a
    member whose answers told the validation rows apart is worth scoring on the held-out
    rows; with none, the export is decided and the family's rest is never generated."""
    from dataclasses import replace
    from gradsum.core.selection import Scored, Selector

    def member(key, origin, seq):
        return Scored(key, key, 0.6, 0.6, seq, True, (1.0,) * 6 + (0.0,) * 4, 5, origin)
    start = replace(member("start", "initial", 0), val=0.1, adjusted=0.1)
    mine, junk, good = (member("mine", "own_words", 1), member("junk", "editor", 2),
                        member("good", "editor", 3))
    family = [mine, junk, good]
    expected = ["Yes", "No"] * 10
    opts = [("Yes", "No")] * 20
    confirm = {"start": [0.0] * 20, "mine": [float(e == "Yes") for e in expected]}
    labels_ = {"start": standing(["hmm"] * 20, expected, opts),
               "mine": standing(["Yes"] * 20, expected, opts)}
    sel = Selector(k=3)
    assert sel.next_to_score(start, family, confirm, labels_, {"good"}).key == "good"
    assert sel.next_to_score(start, family, confirm, labels_, set()) is None
    assert sel.next_to_score(start, family, confirm, labels_, None).key == "junk"
    # 'good' tells the rows apart and passes: it is exported, not the person's words
    confirm["good"] = [1.0] * 20
    labels_["good"] = standing(expected, expected, opts)
    assert sel.next_to_score(start, family, confirm, labels_, {"good"}) is None
    got = sel.decide(start, family, confirm, labels=labels_)
    assert got.exported.key == "good" and got.outcome == "confirmed" and got.made_of == "task"
    del confirm["good"], labels_["good"]
    got = sel.decide(start, family, confirm, labels=labels_)
    assert got.exported.key == "mine" and got.outcome == "format_only"
    assert got.gain.verdict == "format only" and got.made_of == "format"


def test_the_cli_prints_what_the_gain_is_made_of_with_a_table(tmp_path, capsys):
    from gradsum.cli_view import print_result
    res = parity_run(tmp_path, parity_engine(lambda right: "Yes"))
    print_result(res)
    out = capsys.readouterr().out
    assert out.startswith("Finished 1 iteration(s)")
    assert "held-out confirmation gain" in out and "format only" in out
    assert "it does not tell the rows apart" in out
    lines = out.splitlines()
    head = next(i for i, ln in enumerate(lines) if ln.strip().startswith("expected ↓ answered →"))
    assert lines[head - 1].startswith("starting prompt on the held-out rows: names no single")
    assert lines[head].split()[-5:] == ["Yes", "No", "(no", "option)", "(several)"]
    exported = next(i for i, ln in enumerate(lines) if ln.startswith("exported prompt on"))
    assert "answers 'Yes' to 20 of 20 rows" in lines[exported]
    row_no = next(ln for ln in lines[exported:] if ln.strip().startswith("No "))
    assert int(row_no.split()[1]) > 0 and row_no.split()[2:] == ["0", "0", "0"]  # 'Yes' all
