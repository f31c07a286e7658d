"""The CLI does what the window does: continue a run from an edit, change settings, list a
run's candidates. The use cases live in core; these tests drive them through `gradsum`."""
import json

import pytest

from gradsum import cli
from gradsum.core import project
from gradsum.core.store import Store
from gradsum.core.plan import RunPlan
from tests.fakes import ScriptedEngine
from tests.unit.test_search import small


@pytest.fixture
def finished(make_project, monkeypatch):
    eng = ScriptedEngine({"editor": lambda req: json.dumps(
        {"instruction": f"Add the two numbers, variant {req.sampling.seed % 5}."})})
    monkeypatch.setattr(cli, "_engines", lambda store: {"task": eng, "judge": eng,
                                                        "optimizer": eng})
    store = make_project()
    rid = project.start_run(store, small(iterations=1)).id
    project.run(store, {"task": eng, "judge": eng, "optimizer": eng}, rid)
    store.close()  # the CLI opens the file itself, as it would in another process
    return store, rid, eng


def test_continue_from_an_edited_summary(finished, capsys):
    store, rid, eng = finished
    n = len(eng.seen)
    code = cli.main(["continue", str(store.path), "--run", str(rid), "--iteration", "1",
                     "--summary", "Reply with digits only.", "--json"])
    assert code == 0
    res = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    branch = max(r["id"] for r in Store(store.path).runs())
    assert branch != rid and RunPlan.of_run(Store(store.path).run(branch)).branch_of.run == rid
    editors = [r for k, r in eng.seen[n:] if k == "editor"]
    assert editors and "Reply with digits only." in editors[0].messages[-1][1]
    assert res["best_prompt"]


def test_continue_with_a_candidate_for_a_listed_parent(finished, capsys):
    store, rid, _ = finished
    assert cli.main(["show", str(store.path), "--candidates", str(rid), "--json"]) == 0
    cands = json.loads(capsys.readouterr().out)
    key = next(c["key"] for c in cands if c["status"] == "ok" and c["origin"] == "editor")
    code = cli.main(["continue", str(store.path), "--run", str(rid), "--iteration", "1",
                     "--parent", key[:8], "--candidate",
                     "Add the numbers; reply with digits only.\nQ: {question}\nA:"])
    assert code == 0
    branch = max(r["id"] for r in Store(store.path).runs())
    mine = [c for c in Store(store.path).candidates(branch) if c["origin"] == "user"]
    assert mine and mine[0]["parent_key"] == key
    # a candidate that drops the placeholder is refused with the reason
    code = cli.main(["continue", str(store.path), "--run", str(rid), "--iteration", "1",
                     "--candidate", "Add the numbers."])
    assert code == 2 and "keep exactly the template's placeholders" in capsys.readouterr().err


def test_settings_show_and_change(make_project, capsys):
    store = make_project()
    store.close()
    path = str(store.path)
    assert cli.main(["settings", path, "--task", "Add two whole numbers.", "--metric",
                     "exact", "--json"]) == 0
    saved = json.loads(capsys.readouterr().out)
    assert saved["task"] == "Add two whole numbers." and saved["metrics"] == ["exact"]
    assert Store(path).settings()["task"] == "Add two whole numbers."
    # checked like a new project: an unknown placeholder is refused and nothing changes
    assert cli.main(["settings", path, "--template", "{nothing}"]) == 2
    assert "nothing" in capsys.readouterr().err
    assert Store(path).settings()["template"] == saved["template"]
    # no answer column: 'exact' cannot score, so that is refused too
    assert cli.main(["settings", path, "--answer-column", ""]) == 2
    assert "needs an expected-answer column" in capsys.readouterr().err


def test_run_starts_from_the_projects_saved_run_settings_and_flags_change_one_run(
        make_project, monkeypatch, capsys):
    """A project set up as Quick (in the window, or with `gradsum settings --preset`) runs
    as Quick from the command line; a flag changes that one run, not the project."""
    from gradsum.core.settings import PRESETS
    eng = ScriptedEngine()
    monkeypatch.setattr(cli, "_engines", lambda store: {"task": eng, "judge": eng,
                                                        "optimizer": eng})
    store = make_project(metrics=("exact",))
    store.close()
    path = str(store.path)
    assert cli.main(["settings", path, "--preset", "Quick", "--val-rows", "9"]) == 0
    out = capsys.readouterr()
    assert "saved: run" in out.err
    assert cli.main(["settings", path]) == 0
    shown = capsys.readouterr().out
    assert "run preset: custom" not in shown and "validation 9" in shown
    assert cli.main(["run", path, "--seed", "3", "--no-check", "--json"]) == 0
    capsys.readouterr()
    config = Store(path).latest_run(optimization=True)["config"]
    assert all(config[k] == v for k, v in PRESETS["Quick"].items())
    assert config["val_rows"] == 9 and config["seed"] == 3
    assert Store(path).settings()["run"].get("seed") is None  # one run's flag, not saved
    # the fit check comes first unless turned off, and its calls are the run's
    assert cli.main(["run", path, "--json"]) == 0
    err = capsys.readouterr().err
    assert "fit check on 9 validation rows" in err


def test_copy_saves_a_whole_project_and_refuses_itself_and_an_existing_file(finished, capsys,
                                                                           tmp_path):
    store, rid, _ = finished
    dest = tmp_path / "copy"  # .gradsum is added
    assert cli.main(["copy", str(store.path), str(dest)]) == 0
    copy = Store(tmp_path / "copy.gradsum")
    original = Store(store.path)
    assert [r["id"] for r in copy.runs()] == [rid] and copy.row_count() == original.row_count()
    assert copy.run(rid)["result"]["best_prompt"] == original.run(rid)["result"]["best_prompt"]
    copy.close()
    assert cli.main(["copy", str(store.path), str(dest)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert cli.main(["copy", str(store.path), str(dest), "--force"]) == 0
    assert cli.main(["copy", str(store.path), str(store.path)]) == 2
    assert "is the project itself" in capsys.readouterr().err
