"""The demo project shipped with the app: object counting on the bundled model."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .dataset import load
from .project import create
from .settings import ProjectSettings
from .store import Store


def demo_files():
    return resources.files("gradsum").joinpath("demo")


def demo_language(lang: str) -> str:
    """`lang` when a demo project exists in it (demo_<lang>.json), else "en"."""
    return lang if demo_files().joinpath(f"demo_{lang}.json").is_file() else "en"


def demo_spec(lang: str = "en") -> dict:
    """The demo project for an interface language, else the English one."""
    lang = demo_language(lang)
    name = "demo.json" if lang == "en" else f"demo_{lang}.json"
    return json.loads(demo_files().joinpath(name).read_text("utf-8"))


def demo_project(lang: str = "en", folder: Path | None = None) -> Path:
    """The demo project in the given interface language (a Chinese one for Chinese), made in
    the data folder the first time it is asked for."""
    from .places import data_folder
    lang = demo_language(lang)
    path = (folder or data_folder()) / ("demo.gradsum" if lang == "en"
                                        else f"demo-{lang}.gradsum")
    if not path.exists():
        create_demo(path, lang=lang).close()
    return path


def create_demo(path: str | Path, run: dict | None = None, lang: str = "en") -> Store:
    """run: settings for the next run (RunConfig fields), e.g. a short one for tests."""
    spec = demo_spec(lang)
    with resources.as_file(demo_files().joinpath(spec["data"])) as data_path:
        data = load(data_path)
    settings = ProjectSettings(name=spec["name"], template=spec["template"], task=spec["task"],
                               criteria=spec["criteria"], mapping={},
                               answer_column=spec["answer_column"], metrics=spec["metrics"],
                               run=dict(run or {}))
    return create(path, data, settings)
