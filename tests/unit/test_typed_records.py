"""A run's records cross module boundaries typed: the result record (core/result.py), the
plan (core/plan.py) and the estimate (core/budget.py) are read by attribute everywhere else.
This reads the product's code (core, models, desktop, the CLI) for a record's key used as a
string (`res["best_prompt"]`, `.get("estimate")`) outside the module that owns it, and checks
that each record survives its own JSON round trip."""
import ast
from pathlib import Path

from gradsum.core.budget import Estimate
from gradsum.core.dataset import Splits
from gradsum.core.plan import Branch, CandidateEdit, Edits, RunPlan, SummaryEdit
from gradsum.core.result import RunResult

ROOT = Path(__file__).resolve().parents[2]
# each record's distinctive keys (generic words such as "prompt" or "score" name other
# things too) and the modules allowed to spell them
OWNED = {
    "result": ({"best_prompt", "initial_prompt", "initial_val_score", "best_val_score",
                "test_score_initial", "test_score_best", "llm_calls", "cached_calls", "wall_s",
                "test_gain", "selection_outcome", "made_of", "candidates_tried",
                "candidate_prompt", "candidate_val_score", "best_tokens", "judge_agreement"},
               {"core/result.py"}),
    "plan": ({"splits", "estimate", "evaluation_only", "edits", "branch_of"},
             {"core/plan.py"}),
    "estimate": ({"typical", "upper_bound", "task_tokens"}, {"core/budget.py"}),
}


def string_keys(tree: ast.AST):
    """(line, key) for every `x["key"]` and `x.get("key", …)` in a file."""
    for node in ast.walk(tree):
        table = isinstance(node, ast.Subscript) and (  # db["llm_calls"]: a table, not a key
            getattr(node.value, "id", None) == "db" or getattr(node.value, "attr", None) == "db")
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) \
                and isinstance(node.slice.value, str) and not table:
            yield node.lineno, node.slice.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("get", "pop", "setdefault") and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            yield node.lineno, node.args[0].value


def misreads() -> list[str]:
    out = []
    for folder in ("core", "models", "desktop", "gradsum"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for line, key in string_keys(ast.parse(path.read_text("utf-8"))):
                for record, (keys, owners) in OWNED.items():
                    if key in keys and rel not in owners:
                        out.append(f"{rel}:{line} reads the {record}'s {key!r} by string")
    return out


def test_no_record_is_read_by_string_key_outside_its_own_module():
    assert not misreads()


def test_the_check_finds_a_string_key_read():
    tree = ast.parse('res["best_prompt"]\nplan.get("estimate")\nx = {"typical": 1}')
    assert [k for _, k in string_keys(tree)] == ["best_prompt", "estimate"]


def test_each_record_survives_its_json_round_trip():
    est = Estimate(664, 1250, 40, (138, 13))
    assert Estimate.from_dict(est.to_dict()) == est
    plan = RunPlan(Splits([1, 2], [3], [4, 5]), est, False,
                   Edits((SummaryEdit(1, "P {x}", "Be brief."),),
                         (CandidateEdit(2, "P {x}", "Q {x}"),)), Branch(3, 1))
    assert RunPlan.from_dict(plan.to_dict()) == plan
    assert RunPlan.of_run({"plan": None}) == RunPlan(Splits())  # a run without a plan


def test_a_result_record_of_an_older_version_reads_with_what_it_has():
    old = {"best_prompt": "B {x}", "initial_prompt": "A {x}", "initial_val_score": 0.1,
           "best_val_score": 0.5, "llm_calls": 3, "stop_reason": "finished"}
    res = RunResult.from_dict(old)
    assert res.outcome == "no_win" and res.labels_exported is None and res.test_gain is None
    assert RunResult.from_dict(res.to_dict()) == res


def test_rephrasings_keeps_the_choice_saved_or_typed_under_its_old_name():
    # "full" now means only the editor's whole-template mode; full_beam became rephrasings
    import argparse

    from gradsum import cli_run_flags
    from gradsum.core.settings import RunConfig
    assert RunConfig.from_dict({"full_beam": False}).rephrasings is False
    assert RunConfig.from_dict({}).rephrasings is True
    p = argparse.ArgumentParser()
    cli_run_flags.add(p)
    for flag in ("--no-rephrasings", "--no-full-beam"):
        cfg = RunConfig.from_dict(cli_run_flags.apply({}, p.parse_args([flag])))
        assert cfg.rephrasings is False
