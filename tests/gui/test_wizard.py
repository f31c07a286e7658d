"""The new-project wizard, driven by qtbot: every step blocks Next with its message until
valid, and Finish writes a project whose settings and rows match what was entered."""
import json

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWizard

from gradsum.core import project
from gradsum.core.store import Store
from gradsum.desktop.form_models import SERVER
from gradsum.desktop.form_run import speed_key
from gradsum.desktop.wizard import NewProjectWizard


@pytest.fixture
def wizard(qtbot, tmp_path):
    QSettings().setValue(speed_key(None), "400.0,100.0")  # no speed probe of the real model
    wz = NewProjectWizard(folder=str(tmp_path))
    qtbot.addWidget(wz)
    wz.show()
    return wz


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "qa.csv"
    lines = ["问题,context,answer"] + [f"What is {i} + {i}?,arithmetic,{2 * i}" for i in range(40)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def next_enabled(wz) -> bool:
    return wz.button(QWizard.NextButton).isEnabled()


def message(wz) -> str:
    return wz.currentPage().message.text()


def load_data(qtbot, wz, path):
    wz.data.set_file(path)
    qtbot.waitUntil(lambda: not wz.data.loading, timeout=10000)


def test_wizard_creates_the_project_that_was_entered(qtbot, wizard, csv_file, tmp_path):
    wz = wizard
    wz.name.name.setText("Sums 加法")
    assert next_enabled(wz)
    wz.next()
    load_data(qtbot, wz, csv_file)
    assert wz.data.preview.rowCount() == 20 and wz.data.preview.columnCount() == 3
    assert wz.data.answer.currentData() == "answer"  # guessed from the column name
    wz.data.sizes["train_rows"].setValue(12)
    wz.data.sizes["val_rows"].setValue(8)
    wz.data.rest.setChecked(False)
    wz.data.sizes["test_rows"].setValue(10)
    assert next_enabled(wz), message(wz)
    wz.next()
    wz.template.editor.setPlainText("请回答。\n{问题}\nTopic: {context}\nAnswer:")
    assert next_enabled(wz), message(wz)
    wz.next()
    wz.criteria.task.setPlainText("Add two numbers.")
    wz.criteria.criteria.setPlainText("The sum, digits only.")
    wz.criteria.metric_boxes["exact"].setChecked(True)
    assert next_enabled(wz), message(wz)
    wz.next()
    wz.models.n_ctx.setValue(4096)
    wz.models.threads.setValue(2)
    assert next_enabled(wz)
    wz.next()
    assert "model calls" in wz.run.estimate.text() and "min" in wz.run.estimate.text()
    wz.run.use_preset("Standard")
    wz.run.spins["iterations"].setValue(4)
    assert wz.run.preset.currentData() is None  # edited: no longer a preset
    assert wz.run.format_rule.isChecked() and wz.run.rephrasings.isChecked()  # the defaults
    wz.run.rephrasings.setChecked(False)
    wz.run.demos.setValue(2)
    with qtbot.waitSignal(wz.created, timeout=10000):
        wz.button(QWizard.FinishButton).click()
    store = Store(tmp_path / "Sums-加法.gradsum")
    s = project.load_settings(store)
    assert s.name == "Sums 加法" and s.template.startswith("请回答。")
    assert s.mapping == {"问题": "问题", "context": "context"} and s.answer_column == "answer"
    assert s.metrics == ["judge", "exact"] and s.task == "Add two numbers."
    assert s.models["task"].n_ctx == 4096 and s.models["task"].threads == 2
    assert s.models["task"].path is None  # the bundled model
    assert "judge" not in s.models  # same as the task model
    cfg = s.run_config()
    assert (cfg.iterations, cfg.beam, cfg.candidates, cfg.train_rows, cfg.val_rows,
            cfg.test_rows, cfg.racing) == (4, 3, 4, 12, 8, 10, True)
    assert (cfg.format_rule, cfg.rephrasings, cfg.demos) == (True, False, 2)
    rows = store.rows(store.row_ids())
    assert len(rows) == 40
    data, answer = rows[store.row_ids()[3]]
    assert data["问题"] == "What is 3 + 3?" and answer == "6"


def test_each_step_blocks_next_with_its_message(qtbot, wizard, csv_file, tmp_path):
    wz = wizard
    # 1. name
    assert not next_enabled(wz) and "name" in message(wz)
    wz.name.name.setText("p")
    wz.name.folder.setText(str(tmp_path / "missing"))
    assert not next_enabled(wz) and "does not exist" in message(wz)
    (tmp_path / "p.gradsum").write_text("x")
    wz.name.folder.setText(str(tmp_path))
    assert not next_enabled(wz) and "already exists" in message(wz)
    wz.name.name.setText("p2")
    assert next_enabled(wz)
    wz.next()
    # 2. data
    assert not next_enabled(wz) and "Choose a data file" in message(wz)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a": 1}\n{"a": \n', "utf-8")
    load_data(qtbot, wz, bad)
    assert not next_enabled(wz) and "line 2" in message(wz)
    load_data(qtbot, wz, csv_file)
    wz.data.sizes["train_rows"].setValue(30)
    wz.data.sizes["val_rows"].setValue(20)
    assert not next_enabled(wz) and "40 rows" in message(wz) and "50" in message(wz)
    wz.data.sizes["val_rows"].setValue(5)
    assert next_enabled(wz)
    wz.next()
    # 3. template
    wz.template.editor.setPlainText("Question: {question}")
    assert not next_enabled(wz) and "{question}" in message(wz)
    wz.template.editor.setPlainText("Just text")
    assert not next_enabled(wz) and "no placeholder" in message(wz)
    wz.template.editor.setPlainText("Q: {问题} A: {answer}")
    assert not next_enabled(wz) and "expected answer" in message(wz)
    wz.template.editor.setPlainText("Q: {问题}")
    assert next_enabled(wz)
    wz.next()
    # 4. criteria
    wz.criteria.task.setPlainText("")
    assert not next_enabled(wz) and "Describe the task" in message(wz)
    wz.criteria.task.setPlainText("Add.")
    wz.criteria.criteria.setPlainText("")
    assert not next_enabled(wz) and "criteria" in message(wz)
    wz.criteria.metric_boxes["judge"].setChecked(False)
    wz.criteria.metric_boxes["regex"].setChecked(True)
    wz.criteria.regex.setText("([")
    assert not next_enabled(wz) and "regex" in message(wz).lower()
    wz.criteria.regex.setText(r"\b{answer}\b")
    assert next_enabled(wz), message(wz)
    wz.back()
    wz.back()
    wz.data.answer.setCurrentIndex(0)  # no answer column: 'exact' cannot be scored
    wz.next()
    wz.next()
    wz.criteria.metric_boxes["regex"].setChecked(False)
    wz.criteria.metric_boxes["exact"].setChecked(True)
    assert not next_enabled(wz) and "answer column" in message(wz)
    wz.criteria.metric_boxes["exact"].setChecked(False)
    wz.criteria.metric_boxes["judge"].setChecked(True)
    wz.criteria.criteria.setPlainText("Correct sum.")
    assert next_enabled(wz)
    wz.next()
    # 5. models
    box = wz.models.boxes["judge"]
    box.setCurrentIndex(box.findData(SERVER))
    assert not next_enabled(wz) and "server's address" in message(wz)
    wz.models.urls["judge"].setText("http://127.0.0.1:9/v1")
    assert next_enabled(wz)


def test_example_fills_task_and_criteria(qtbot, wizard):
    wz = wizard
    wz.criteria.has_answer = True
    wz.criteria.use_example(1)
    assert "correct answer" in wz.criteria.task.toPlainText()
    assert wz.criteria.metrics() == ["exact"]
    wz.criteria.use_example(3)
    assert wz.criteria.metrics() == ["judge"] and "one sentence" in \
        wz.criteria.criteria.toPlainText()


def test_encoding_choice_rereads_a_gb18030_file(qtbot, wizard, tmp_path):
    path = tmp_path / "cn.csv"
    path.write_bytes("问题,答案\n一加一,二\n二加二,四\n".encode("gb18030"))
    wz = wizard
    wz.name.name.setText("cn")
    wz.next()
    load_data(qtbot, wz, path)
    assert "gb18030" in wz.data.info.text().lower() and wz.data.columns == ["问题", "答案"]
    wz.data.encoding.setCurrentIndex(wz.data.encoding.findData("utf-8"))
    qtbot.waitUntil(lambda: not wz.data.loading, timeout=5000)
    assert "utf-8" in message(wz).lower() and not next_enabled(wz)


def test_closed_answers_propose_the_choice_metric_and_an_options_column(qtbot, wizard,
                                                                        tmp_path):
    path = tmp_path / "yesno.jsonl"
    path.write_text("".join(json.dumps({"question": f"Is {i} even?", "options": "Yes / No",
                                        "answer": "Yes" if i % 2 == 0 else "No"}) + "\n"
                            for i in range(30)), "utf-8")
    wz = wizard
    wz.name.name.setText("Even")
    wz.next()
    load_data(qtbot, wz, path)
    assert wz.data.answer.currentData() == "answer"
    wz.data.sizes["train_rows"].setValue(10)
    wz.data.sizes["val_rows"].setValue(10)
    assert next_enabled(wz), message(wz)
    wz.next()
    wz.template.editor.setPlainText("Answer the question.\n{question}\nAnswer:")
    assert next_enabled(wz), message(wz)
    wz.next()
    boxes = wz.criteria.metric_boxes
    assert boxes["choice"].isChecked() and not boxes["judge"].isChecked()
    assert wz.criteria.closed_hint.isVisible() and "Yes, No" in wz.criteria.closed_hint.text()
    columns = [wz.criteria.options.itemData(i) for i in range(wz.criteria.options.count())]
    assert columns == [None, "question", "options"]  # never the answer column itself
    wz.criteria.task.setPlainText("Say whether the number is even.")
    wz.criteria.options.setCurrentIndex(1)  # 'question' holds no options: said, and refused
    assert "cannot be split" in wz.criteria.options_format.text() and not next_enabled(wz)
    wz.criteria.options.setCurrentIndex(2)
    assert wz.criteria.options_format.text() == (
        "Options (detected): separated by ' / '; the first row's: Yes | No.")
    assert next_enabled(wz), message(wz)
    s = wz.settings()
    assert s.metrics == ["choice"] and s.options_column == "options"


def test_split_sizes_follow_the_file_until_the_user_sets_them(qtbot, wizard, tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(json.dumps({"q": f"row {i}", "answer": str(i)}) + "\n"
                            for i in range(250)), "utf-8")
    wz = wizard
    wz.next()
    load_data(qtbot, wz, path)
    sizes = wz.data.sizes_dict()
    assert sizes == {"train_rows": 30, "val_rows": 100, "test_rows": None}
    assert "validation rows decide which candidate wins" in wz.data.split_help.text()
    wz.data.sizes["val_rows"].setValue(60)
    wz.data.sizes["val_rows"].editingFinished.emit()  # the user typed it
    wz.data.reload()  # e.g. another encoding chosen: the user's sizes stay
    qtbot.waitUntil(lambda: not wz.data.loading, timeout=10000)
    assert wz.data.sizes_dict()["val_rows"] == 60


def test_the_wizards_fit_check_serves_the_first_run(qtbot, wizard, csv_file, tmp_path,
                                                    monkeypatch):
    """The check on the last step runs on a scratch copy (the project does not exist yet);
    Finish hands its replies to the new project's cache and removes the copy, so the first
    run does not ask the model the same things again."""
    from gradsum.models import factory
    from tests.fakes import ScriptedEngine
    engine = ScriptedEngine({"task": lambda req: "I am not sure."})
    monkeypatch.setattr(factory, "load_engines", lambda settings, *a: {
        "task": engine, "judge": engine, "optimizer": engine})
    wz = wizard
    wz.name.name.setText("Sums")
    wz.next()
    load_data(qtbot, wz, csv_file)
    wz.next()
    wz.template.editor.setPlainText("Answer.\n{问题}\nAnswer:")
    wz.next()
    wz.criteria.task.setPlainText("Add two numbers.")
    wz.criteria.criteria.setPlainText("The sum, digits only.")
    wz.criteria.metric_boxes["judge"].setChecked(False)
    wz.criteria.metric_boxes["exact"].setChecked(True)
    wz.next()
    wz.next()
    assert wz.currentPage() is wz.pages[-1], message(wz)
    fit = wz.run.fit
    fit.start()
    qtbot.waitUntil(lambda: fit.task is None, timeout=10000)
    assert fit.report is not None, fit.text.text()
    asked = len([1 for kind, _ in engine.seen if kind == "task"])
    scratch = list(wz.scratch)
    assert asked > 0 and all(c.parent.exists() for c in scratch)
    with qtbot.waitSignal(wz.created, timeout=10000):
        wz.button(QWizard.FinishButton).click()
    store = Store(wz.path)
    kept = store.db.conn.execute(
        "SELECT COUNT(*) FROM llm_calls WHERE run_id IS NULL").fetchone()[0]
    assert kept == asked
    assert not any(c.parent.exists() for c in scratch)
    rid = project.start_run(store, project.load_settings(store).run_config()).id
    res = project.run(store, {"task": engine, "judge": engine, "optimizer": engine}, rid)
    assert res["cached_calls"] >= asked
