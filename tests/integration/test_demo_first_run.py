"""A new user's first run, on the real model: the demo project as the app makes it, in each
interface language, run from the command line with the settings saved in it (the Quick
preset), the fit check first. The demo (a pet shop's questions, routed by the animal) is one
where the bundled model can get better at the task itself, so the run's export must be better
per label, not only in the answer's form: balanced accuracy above the start's and above
chance, and every animal answered right on some held-out rows. The run's seed is the saved
one (0); tests/bench/first_run.py measures seeds 0 to 2."""
import json

import pytest

from gradsum.core import selection
from gradsum.core.demo import demo_project, demo_spec
from gradsum.core.settings import PRESETS, RunConfig
from gradsum.core.store import Store
from gradsum.core import result
from gradsum.core.result import RunResult
from tests.integration.conftest import cli

pytestmark = pytest.mark.real_model


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_the_demo_loads_and_its_quick_run_finishes(tmp_path, lang):
    path = demo_project(lang, tmp_path)
    store = Store(path)
    saved = RunConfig.from_dict(store.settings()["run"])
    assert store.settings()["name"] == demo_spec(lang)["name"] and store.row_count() == 200
    store.close()
    assert all(getattr(saved, k) == v for k, v in PRESETS["Quick"].items())
    p = cli("run", path, "--json")
    res = json.loads(p.stdout.strip().splitlines()[-1])
    assert "fit check on 20 validation rows" in p.stderr
    assert res["fit_check"]["calls"] == 40 and res["cached_calls"] >= 40  # reused by the run
    assert res["stop_reason"]  # finished
    test_rows = saved.test_rows
    assert res["test_gain"]["rows"] == test_rows
    figures = res["labels"]
    labels = {"cat", "dog", "bird", "rabbit"} if lang == "en" else {"猫", "狗", "鸟", "兔子"}
    assert set(figures["initial"]["recall"]) == labels
    assert sum(map(sum, (r.values() for r in figures["initial"]["confusion"].values()))) \
        == test_rows
    # better at the task itself, and the words say so
    assert res["selection_outcome"] in selection.PASSED, res["selection"]
    assert res["test_gain"]["low"] > 0 and res["test_gain"]["verdict"] == "better"
    assert res["made_of"] == "task", result.made_of_line(RunResult.from_dict(res))
    start, export = figures["initial"], figures["exported"]
    assert export["balanced_accuracy"] > max(start["balanced_accuracy"], export["chance"])
    assert export["p_above_chance"] < 0.05
    assert all(export["recall"][k] > 0 for k in labels), export["recall"]
    assert "better at the task" in result.made_of_line(RunResult.from_dict(res))
    placeholder = "{question}" if lang == "en" else "{问题}"
    assert placeholder in res["best_prompt"]
    assert res["best_prompt"].split("\n")[0] != demo_spec(lang)["template"].split("\n")[0]
