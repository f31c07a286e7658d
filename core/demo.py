"""The demo projects shipped with the app (English and Chinese): a task where the bundled
model has real headroom over the starting prompt (tests/bench/headroom.py), so the first run a
person sees ends with a confirmed gain, set up as a Quick run (tests/bench/first_run.py)."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from .dataset import load
from .project import create
from .settings import PRESETS, ProjectSettings
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
    path = (folder or data_folder()) / (demo_spec(lang)["file"] + ".gradsum")
    if not path.exists():
        create_demo(path, lang=lang).close()
    return path


def demo_run(spec: dict) -> dict:
    """The demo's next run: the Quick preset with the demo's row counts and answer length."""
    return {**PRESETS["Quick"], **spec.get("run", {})}


def create_demo(path: str | Path, run: dict | None = None, lang: str = "en") -> Store:
    """run: settings for the next run (RunConfig fields), e.g. a short one for tests; by
    default the demo's own (the Quick preset and the demo's row counts)."""
    spec = demo_spec(lang)
    with resources.as_file(demo_files().joinpath(spec["data"])) as data_path:
        data = load(data_path)
    settings = ProjectSettings(name=spec["name"], template=spec["template"], task=spec["task"],
                               criteria=spec["criteria"], mapping={},
                               answer_column=spec["answer_column"], metrics=spec["metrics"],
                               options_column=spec.get("options_column"),
                               run=dict(run if run is not None else demo_run(spec)))
    return create(path, data, settings)
