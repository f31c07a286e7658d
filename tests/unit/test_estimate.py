"""The estimate shown before a run holds: within ±30% of the requests a scripted run makes,
for runs that stop early (patience), race their candidates and confirm on held-out rows."""
import json
import random
import time

import pytest

from gradsum.core import project
from gradsum.core.budget import Budget, Estimate, Limits, raced_rows
from gradsum.core.calls import ModelCalls
from gradsum.core.engine import CancelToken
from gradsum.core.dataset import Dataset
from gradsum.core.plan import RunPlan
from gradsum.core.settings import ProjectSettings, RunConfig
from tests.conftest import addition_rows
from tests.fakes import ScriptedEngine


def test_racing_scores_fewer_rows_and_every_survivor_sees_them_all():
    assert raced_rows(2, 3, 40) == 80  # no more candidates than the beam: no race
    # 12 candidates, beam 3: 12 x 10 rows, 6 more x 10, 3 more x 20
    assert raced_rows(12, 3, 40) == 12 * 10 + 6 * 10 + 3 * 20


@pytest.mark.parametrize("metrics", [["judge"], ["number"]])
@pytest.mark.parametrize("cfg", [
    dict(iterations=4, patience=2, beam=2, candidates=2, batch_size=6),
    dict(iterations=3, patience=3, beam=3, candidates=4, batch_size=10),
    dict(iterations=1, patience=1, beam=2, candidates=2, batch_size=6, rephrasings=False),
])
def test_the_estimate_is_within_30_percent_of_the_run(tmp_path, metrics, cfg):
    settings = ProjectSettings(
        name="a", template="Add the two numbers.\nQ: {question}\nA:", task="Add two numbers.",
        criteria="The answer is the correct sum, as digits only.", mapping={},
        answer_column="answer", metrics=metrics)
    store = project.create(tmp_path / "p.gradsum", Dataset(
        ["question", "answer"], addition_rows(120), "utf-8", "a.jsonl"), settings)
    rnd = random.Random(0)  # a model that gets about a third of the rows right, by chance
    engine = ScriptedEngine({
        "editor": lambda req: json.dumps(
            {"instruction": f"Add the numbers carefully, variant {req.sampling.seed % 97}."}),
        "task": lambda req: rnd.choice(["1", "2", "Well"])})
    rid = project.start_run(store, RunConfig(train_rows=30, val_rows=40, test_rows=50, **cfg)).id
    estimate = RunPlan.of_run(store.run(rid)).estimate.typical
    res = project.run(store, {"task": engine, "judge": engine, "optimizer": engine}, rid)
    made = res["llm_calls"] + res["cached_calls"]
    assert 0.7 <= made / estimate <= 1.3, (made, estimate)


def eta_after(requests: int, computed: int, seconds: float, typical: int,
              upper_bound: int | None = None) -> float:
    """The remaining time a run shows after `requests` (`computed` of them by a model) in
    `seconds`, with the estimate's figures."""
    seen = []
    calls = ModelCalls(None, {}, Budget(Limits()), CancelToken(), seen.append, 1,
                       Estimate(typical, upper_bound or typical))
    calls.requests, calls.computed, calls.cached = requests, computed, requests - computed
    calls.t0 = time.monotonic() - seconds
    calls._emit("generation", 0, 1)
    return seen[-1].eta_s


def test_remaining_time_follows_the_pace_of_computed_requests_not_cache_hits():
    """After a resume most requests so far came from the cache in no time: the remaining
    time is the rest at the pace the model computed."""
    # 10 computed requests in 20 s: 2 s each; 200 more at 2 s, not at 0.2 s
    assert 390 <= eta_after(100, 10, 20.0, typical=300) <= 410


def test_past_the_typical_figure_the_remaining_time_heads_for_the_upper_bound():
    """A run that outlasts the typical estimate still says how long it may take, instead
    of 'no time left' while it keeps working."""
    # one request a second; 150 more to the upper bound, not 0
    assert 140 <= eta_after(350, 350, 350.0, typical=300, upper_bound=500) <= 160
