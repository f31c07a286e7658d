"""A Chinese prompt stays Chinese: a short optimization on the bundled model, from a CSV with
Chinese and English column names to every export format."""
import json
from pathlib import Path

import pytest

from gradsum.core import export, project
from gradsum.core.dataset import load
from gradsum.core.language import cjk_share
from gradsum.core.settings import ModelSpec, ProjectSettings, RunConfig
from gradsum.core.template import literal_text, placeholders
from gradsum.models.factory import close_all, load_engines

DATA = Path(__file__).resolve().parents[2] / "gradsum" / "demo" / "zh_arithmetic.csv"
TEMPLATE = "根据材料回答问题。\n材料：{context}\n问题：{问题}\n答案："


@pytest.fixture(scope="module")
def chinese_run(tmp_path_factory):
    path = tmp_path_factory.mktemp("zh") / "中文算术.gradsum"
    data = load(DATA)
    assert data.columns == ["问题", "context", "答案"]
    settings = ProjectSettings(
        name="中文算术", template=TEMPLATE, task="根据材料做简单的加减法，回答物品的数量。",
        criteria="答案是正确的数字，只写数字。", mapping={}, answer_column="答案",
        metrics=["number"], models={"task": ModelSpec(n_ctx=1024, parallel=8)})
    store = project.create(path, data, settings)
    rid = project.start_run(store, RunConfig(iterations=1, beam=2, candidates=8, train_rows=6,
                                             val_rows=4, test_rows=4, batch_size=6,
                                             task_max_tokens=24, patience=9)).id
    engines = load_engines(project.load_settings(store))
    try:
        result = project.run(store, engines, rid)
    finally:
        close_all(engines)
    yield store, rid, result
    store.close()


@pytest.mark.real_model
def test_every_candidate_is_chinese_and_keeps_both_placeholders(chinese_run):
    store, rid, _ = chinese_run
    proposed = [c for c in store.candidates(rid) if c["origin"] == "editor"]
    used = [c for c in proposed if c["status"] == "ok"]
    assert len(used) >= 2, [(c["reason"], c["prompt"]) for c in proposed]
    for c in used:
        words = literal_text(c["prompt"])
        assert cjk_share(words) >= 0.5, c["prompt"]
        assert placeholders(c["prompt"]) == ["context", "问题"], c["prompt"]
    for c in proposed:  # what the language check turned away really was not Chinese
        if c["reason"].endswith("not written in Chinese"):
            assert cjk_share(c["prompt"] or "") < 0.5


@pytest.mark.real_model
def test_result_and_every_export_keep_the_mixed_placeholders(chinese_run, tmp_path):
    store, rid, result = chinese_run
    assert result["language"] == "Chinese"
    assert placeholders(result["best_prompt"]) == ["context", "问题"]
    for fmt in ("txt", "md", "json", "yaml", "html"):
        out = tmp_path / f"最佳提示.{fmt}"
        export.export(store, fmt, out)
        text = out.read_text("utf-8")
        assert "{问题}" in text and "{context}" in text, fmt
    assert (tmp_path / "最佳提示.txt").read_text("utf-8").strip() == result["best_prompt"].strip()
    rep = json.loads((tmp_path / "最佳提示.json").read_text("utf-8"))
    assert rep["result"]["best_prompt"] == result["best_prompt"]
