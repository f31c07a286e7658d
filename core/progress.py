"""Progress as a stream of small immutable events; the CLI draws a bar, the GUI widgets."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Progress:
    step: str            # e.g. "generation", "evaluation", "gradients", "summary", "editor"
    done: int            # requests finished in this step
    total: int           # requests in this step
    iteration: int       # 0 = scoring the initial prompt
    calls: int           # model calls computed so far in this run
    cached: int          # requests answered from the cache so far
    tokens: int          # prompt + completion tokens so far
    tokens_per_s: float  # completion tokens per second of model time, this session
    elapsed_s: float
    eta_s: float | None
    message: str = ""
    split: str = ""      # for scoring steps: which rows (train / val / test) ...
    prompts: int = 0     # ... how many prompts ...
    rows: int = 0        # ... on how many rows each (total = prompts x rows)
    requests: int = 0    # model requests so far in this run (computed or cached) ...
    expected: int = 0    # ... against the estimate shown before the run (0: none), the unit
    # of the run's plan ("about 664 model calls"), so a progress bar counts what it promised


@dataclass(frozen=True)
class Notice:
    """Something the user should see in the log (a fallback, a rejected candidate...)."""
    message: str
    level: str = "info"  # info | warning


ProgressCallback = Callable[[object], None]


def ignore(_event: object) -> None:
    pass
