import json
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from gradsum.core import project  # noqa: E402
from gradsum.core.dataset import Dataset  # noqa: E402
from gradsum.core.settings import ProjectSettings  # noqa: E402
from tests.fakes import ScriptedEngine  # noqa: E402


def addition_rows(n=40):
    return [{"question": f"{i} + {i * 3 % 11}", "answer": str(i + i * 3 % 11)} for i in range(n)]


@pytest.fixture
def addition_data():
    rows = addition_rows()
    return Dataset(["question", "answer"], rows, "utf-8", "addition.jsonl")


@pytest.fixture
def make_project(tmp_path, addition_data):
    def make(metrics=("judge",), template="Add the two numbers.\nQ: {question}\nA:", **kw):
        settings = ProjectSettings(
            name="addition", template=template, task="Add two numbers.",
            criteria="The answer is the correct sum, as digits only.", mapping={},
            answer_column="answer", metrics=list(metrics), **kw)
        return project.create(tmp_path / f"p{len(list(tmp_path.iterdir()))}.gradsum",
                              addition_data, settings)
    return make


@pytest.fixture
def engine():
    return ScriptedEngine()


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture(scope="session")
def model_path():
    from gradsum.models.bundled import bundled_model_path
    return bundled_model_path()  # raises with the install command if it is missing
