"""Where the app keeps its per-user files (the demo project, the model library): one folder,
named once."""
from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "gradsum-studio"


def data_folder(create: bool = True) -> Path:
    d = Path(platformdirs.user_data_dir(APP, appauthor=False))
    if create:
        d.mkdir(parents=True, exist_ok=True)
    return d
