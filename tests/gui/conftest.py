import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

from gradsum.core import project  # noqa: E402
from gradsum.core.dataset import load  # noqa: E402
from gradsum.core.demo import demo_files  # noqa: E402
from gradsum.core.settings import ProjectSettings  # noqa: E402
from tests.fakes import ScriptedEngine  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch, qapp):
    """QSettings and the model library in the test's own folders; the interface in English
    with its plural forms, as the app starts it (desktop/app.py)."""
    from gradsum.desktop import i18n
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    QCoreApplication.setOrganizationName("GradSumTest")
    QCoreApplication.setApplicationName("GradSumTest")
    QSettings().clear()
    i18n.install(qapp, system="en_US")
    yield
    QSettings().clear()


@pytest.fixture
def demo(tmp_path):
    path = tmp_path / "demo.gradsum"
    counting_project(path, run={"iterations": 2, "beam": 2, "candidates": 2, "train_rows": 10,
                                "val_rows": 8, "test_rows": 6, "batch_size": 4,
                                "patience": 2, "task_max_tokens": 24}).close()  # a small run
    return path


def counting_project(path, run: dict):
    """Object counting (gradsum/demo/object_counting.jsonl), the project the scripted engine
    below knows the answers of: right only when the prompt says 'digits only'."""
    with __import__("importlib.resources").resources.as_file(
            demo_files().joinpath("object_counting.jsonl")) as data_path:
        data = load(data_path)
    settings = ProjectSettings(
        name="Demo: object counting", template="Answer the question.\nQuestion: {question}\n"
        "Answer:", task="Count the objects of the asked kind in a list and give the total.",
        criteria="The answer is the correct total, as a number.", mapping={},
        answer_column="answer", metrics=["number"], run=dict(run))
    return project.create(path, data, settings)


def demo_answers() -> dict[str, str]:
    import json
    text = demo_files().joinpath("object_counting.jsonl").read_text("utf-8")
    return {r["question"]: r["answer"] for r in map(json.loads, text.splitlines())}


def scripted(delay=0.0):
    answers = demo_answers()

    def task(req):  # right when the prompt says "digits only", else no number at all
        user = req.messages[-1][1]
        q = next((q for q in answers if q in user), None)
        return answers[q] if q and "digits only" in user else "I am not sure."

    def make(settings):
        eng = ScriptedEngine({"task": task}, delay=delay)
        return {"task": eng, "judge": eng, "optimizer": eng}
    return make
