"""The user's own words as starting candidates: literal, placeholders kept, in the prompt's
language, with the format rule where the answers are a closed set."""
import json

from gradsum.core import project
from gradsum.core.candidates import Candidates, join_sentences
from gradsum.core.dataset import Dataset
from gradsum.core.settings import ProjectSettings, RunConfig
from gradsum.core.template import placeholders
from tests.fakes import ScriptedEngine
from tests.unit.test_search import run, small


def maker(store, lang="English", options=None):
    return Candidates(store, None, 1, project.load_settings(store), RunConfig(), {}, lang,
                      options or {}, lambda e: None)


def test_own_words_are_the_task_and_the_criteria_in_the_prompts_scaffold(make_project):
    store = make_project()
    made = maker(store)
    got = made.own_words("Add the two numbers.\nQ: {question}\nA:")
    assert got == ["Add two numbers.\nQ: {question}\nA:",
                   "Add two numbers. The answer is the correct sum, as digits only.\n"
                   "Q: {question}\nA:",
                   "The answer is the correct sum, as digits only.\nQ: {question}\nA:"]
    assert all(placeholders(p) == ["question"] for p in got)
    # a closed answer set: each also with the answer-format rule
    made = maker(store, options={1: ("Yes", "No")})
    got = made.own_words("Add the two numbers.\nQ: {question}\nA:")
    assert len(got) == 6 and got[1] == ("Add two numbers. Answer with exactly one of: Yes, No."
                                        "\nQ: {question}\nA:")


def test_criteria_that_say_nothing_by_themselves_never_stand_alone(make_project):
    store = make_project()
    settings = project.load_settings(store)
    settings.criteria = "Correct."  # would read as nonsense as the whole instruction
    project.save_settings(store, settings)
    got = maker(store).own_words("Add the two numbers.\nQ: {question}\nA:")
    assert got == ["Add two numbers.\nQ: {question}\nA:",
                   "Add two numbers. Correct.\nQ: {question}\nA:"]


def test_criteria_written_as_a_graders_rule_never_become_the_instruction(make_project):
    store = make_project()
    settings = project.load_settings(store)
    for rule in ("Score 1 if the answer is the correct sum, otherwise 0.",
                 "Give 1 point when the reply is the right sum in digits.",
                 "答案是正确的和时得1分，否则0分。"):
        settings.criteria = rule
        project.save_settings(store, settings)
        assert maker(store).own_words("Add the two numbers.\nQ: {question}\nA:") == [
            "Add two numbers.\nQ: {question}\nA:"], rule  # the description alone
    settings.criteria = "The answer names the correct option in one word."  # says what is right
    project.save_settings(store, settings)
    assert len(maker(store).own_words("Add the two numbers.\nQ: {question}\nA:")) == 3


def test_a_chinese_project_gets_chinese_own_words_and_never_english_ones(tmp_path):
    rows = [{"问题": f"{i} 加 {i + 1}", "答案": str(2 * i + 1)} for i in range(20)]
    data = Dataset(["问题", "答案"], rows, "utf-8", "sums.jsonl")
    settings = ProjectSettings(name="加法", template="请回答下面的问题。\n问题：{问题}\n答案：",
                               task="计算两个数的和。", criteria="答案是正确的和，只写数字。",
                               mapping={}, answer_column="答案", metrics=["exact"])
    store = project.create(tmp_path / "zh.gradsum", data, settings)
    got = maker(store, "Chinese").own_words(settings.template)
    assert got == ["计算两个数的和。\n问题：{问题}\n答案：",
                   "计算两个数的和。答案是正确的和，只写数字。\n问题：{问题}\n答案：",
                   "答案是正确的和，只写数字。\n问题：{问题}\n答案："]
    settings.task = "Add two numbers."  # a description in another language is left out
    project.save_settings(store, settings)
    assert maker(store, "Chinese").own_words(settings.template) == [
        "答案是正确的和，只写数字。\n问题：{问题}\n答案："]
    settings.criteria = "The answer is the sum."  # and so are criteria in another language
    project.save_settings(store, settings)
    assert maker(store, "Chinese").own_words(settings.template) == []


def test_join_sentences():
    assert join_sentences(["Count the objects", "Reply with a number."]) == \
        "Count the objects. Reply with a number."
    assert join_sentences(["数一数", "只写数字。"]) == "数一数。只写数字。"


def test_an_own_words_candidate_is_exported_literally(make_project):
    """The criteria say 'digits only', which the scripted task model needs: the user's own
    words beat the starting prompt, and the exported prompt is exactly what they wrote (the
    criteria alone: on a tie with the description plus criteria, the shorter ranks first)."""
    never = ScriptedEngine({"editor": lambda req: json.dumps({"instruction": "Think it over."})})
    store = make_project(metrics=("exact",))
    rid, res, _ = run(store, never, small(own_words=True, prune=False))
    assert res["best_prompt"] == "The answer is the correct sum, as digits only.\nQ: {question}\nA:"
    assert res["selection_outcome"] == "confirmed"
    origins = {c["prompt"]: c["origin"] for c in store.candidates(rid)}
    assert origins[res["best_prompt"]] == "own_words"
    off = make_project(metrics=("exact",))
    _, res, _ = run(off, never, small(own_words=False))
    assert res["best_prompt"] == res["initial_prompt"]


def test_every_export_gives_back_the_scored_prompt_byte_for_byte(make_project, tmp_path):
    """The .txt is the prompt and nothing else (no newline added); JSON and YAML hold it
    exactly; and `--start-prompt @FILE` reads it back as the same bytes, \\r\\n included."""
    import yaml
    from gradsum.cli import _text_arg
    from gradsum.core import export
    never = ScriptedEngine({"editor": lambda req: json.dumps({"instruction": "Think it over."})})
    store = make_project(metrics=("exact",), template="Add the two numbers.\nQ: {question}\r\nA:")
    _, res, _ = run(store, never, small(own_words=True, prune=False))
    scored = res["best_prompt"]
    assert not scored.endswith("\n") and "\r\n" in scored
    for fmt in ("txt", "json", "yaml"):
        export.export(store, fmt, tmp_path / f"best.{fmt}")
    raw = (tmp_path / "best.txt").read_bytes()
    assert raw == scored.encode("utf-8")
    assert _text_arg(f"@{tmp_path / 'best.txt'}") == scored
    assert json.loads((tmp_path / "best.json").read_bytes())["result"]["best_prompt"] == scored
    assert yaml.safe_load((tmp_path / "best.yaml").read_bytes())["result"]["best_prompt"] == scored
