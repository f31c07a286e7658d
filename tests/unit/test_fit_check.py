"""The fit check: each finding on a scripted model, a task the model can do passes, and its
calls are the run's (served from the cache when the run starts)."""
import re

import pytest

from gradsum.core import fit_check, project
from gradsum.core.dataset import Dataset
from gradsum.core.settings import ModelSpec, ProjectSettings, RunConfig
from tests.fakes import ScriptedEngine

TEMPLATE = "Is the claim true?\nClaim: {claim}\nOptions: {options}\nAnswer:"


def claims(n=60):
    rows = []
    for i in range(n):
        a, b = i, (i * 3) % 5
        true = (a + b) % 2 == 0
        rows.append({"claim": f"{a} + {b} is even", "options": "true / false",
                     "answer": "true" if true else "false"})
    return rows


@pytest.fixture
def claim_project(tmp_path):
    def make(**kw):
        settings = ProjectSettings(
            name="claims", template=TEMPLATE, task="Say whether the claim is true.",
            criteria="The answer is one of the options, the right one.", mapping={},
            answer_column="answer", options_column="options", **{"metrics": ["choice"], **kw})
        data = Dataset(["claim", "options", "answer"], claims(), "utf-8", "claims.jsonl")
        return project.create(tmp_path / f"p{len(list(tmp_path.iterdir()))}.gradsum", data,
                              settings)
    return make


def right(req) -> str:
    a, b = map(int, re.search(r"(\d+) \+ (\d+)", req.messages[-1][1]).groups())
    return "true" if (a + b) % 2 == 0 else "false"


def config():
    return RunConfig(train_rows=10, val_rows=30, test_rows=20)


def check(store, engine):
    return fit_check.check(store, {"task": engine, "judge": engine, "optimizer": engine},
                           project.load_settings(store), config())


def kinds(report):
    return {f.kind for f in report.findings}


def test_a_task_the_model_can_do_passes(claim_project):
    report = check(claim_project(), ScriptedEngine({"task": right}))
    assert kinds(report) == {"ok"}
    assert report.rows == 20 and [p.right for p in report.prompts] == [20, 20]
    assert report.calls == 40  # two prompts x 20 rows, no judge: the most it may cost


def test_one_answer_to_every_row_is_label_bias_and_at_chance(claim_project):
    report = check(claim_project(), ScriptedEngine({"task": lambda r: "true"}))
    assert {"label_bias", "at_chance", "suggestion"} <= kinds(report)
    bias = next(f for f in report.findings if f.kind == "label_bias")
    assert "'true' to 20 of 20 rows" in bias.message
    # both prompts it scores say their spread, and it goes into the run record's dict
    assert [p.label for p in report.prompts] == ["starting prompt", "with the format rule"]
    for p in report.prompts:
        assert p.spread().startswith("answers 'true' to 20 of 20 rows; no option on 0")
        assert p.to_dict()["labels"]["spread"] == {"true": 20}
    assert report.to_dict()["prompts"][0]["labels"]["recall"]["false"] == 0.0


def test_outputs_naming_no_option_or_both_are_unparsable(claim_project):
    replies = iter(["I cannot say.", "true or false", "maybe"] * 100)
    report = check(claim_project(), ScriptedEngine({"task": lambda r: next(replies)}))
    unparsable = next(f for f in report.findings if f.kind == "unparsable")
    assert "20 of 20 outputs" in unparsable.message
    assert "at_chance" in kinds(report)  # nothing right is no better than chance


def test_rows_that_overflow_and_outputs_cut_at_the_limit_are_reported(claim_project):
    def task(req):
        if "0 + 0" in req.messages[-1][1]:
            return "", "overflow"
        return right(req) + " because" * 50, "length"
    report = check(claim_project(), ScriptedEngine({"task": task}))
    assert {"overflow", "too_long"} <= kinds(report)
    over = next(f for f in report.findings if f.kind == "overflow")
    assert "of 20 rows do not fit" in over.message and "2048 tokens" in over.message


def test_a_judged_project_stays_within_forty_calls(claim_project):
    engine = ScriptedEngine({"task": right})
    report = check(claim_project(metrics=["judge"]), engine)
    assert report.calls <= fit_check.MAX_CALLS and report.rows == 10
    assert report.calls == 40 and engine.count("judge") <= 20  # same outputs judged once


def test_the_run_reuses_the_checks_calls(claim_project):
    store = claim_project()
    engine = ScriptedEngine({"task": right})
    report = check(store, engine)
    seen = len(engine.seen)
    rid = project.start_run(store, RunConfig(**{**config().to_dict(), "iterations": 1})).id
    res = project.run(store, {"task": engine, "judge": engine, "optimizer": engine}, rid)
    # the starting prompt and the format-rule candidate on the first 20 validation rows
    # came from the cache: the engine never saw them again
    again = [req for _, req in engine.seen[seen:] if any(
        req.messages == old.messages for _, old in engine.seen[:seen])]
    assert report.computed == 40 and again == [] and res["cached_calls"] >= 40


def test_one_small_model_in_every_role_suggests_a_larger_optimizer(claim_project, tmp_path):
    report = check(claim_project(), ScriptedEngine({"task": lambda r: "true"}))
    text = " ".join(f.message for f in report.findings if f.kind == "suggestion")
    assert "larger task model" in text and "larger optimizer model" in text
    big = tmp_path / "big.gguf"
    with open(big, "wb") as f:
        f.truncate(fit_check.SMALL_MODEL_BYTES + 1)
    report = check(claim_project(models={"optimizer": ModelSpec(path=str(big))}),
                   ScriptedEngine({"task": lambda r: "true"}))
    text = " ".join(f.message for f in report.findings if f.kind == "suggestion")
    assert "larger optimizer model" not in text


def test_too_few_held_out_rows_to_confirm_anything_is_said_before_the_run(claim_project):
    store = claim_project()
    engine = ScriptedEngine({"task": right})
    few = fit_check.check(store, {"task": engine, "judge": engine, "optimizer": engine},
                          project.load_settings(store),
                          RunConfig(train_rows=10, val_rows=30, test_rows=5))
    assert fit_check.rows_to_confirm(3) == 6 and fit_check.rows_to_confirm(1) == 5
    found = next(f for f in few.findings if f.kind == "few_test_rows")
    assert "5 held-out row(s)" in found.message and "fewer than 6" in found.message
