"""Reading a data file off the GUI thread: a 100k-row file streams in while the window keeps
painting and answering."""
from __future__ import annotations

from pathlib import Path

from ..core.dataset import load
from .tasks import Task


def import_in_background(path: Path, on_done, on_error, encoding: str | None = None) -> Task:
    return Task(lambda cancel, progress: load(path, encoding), on_done=on_done,
                on_error=on_error)
