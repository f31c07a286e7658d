"""Measure a model's prompt and generation speed on this machine, for the time estimate
shown before a run."""
from __future__ import annotations

import time

from ..core.engine import CancelToken, Request, Sampling
from ..core.settings import ModelSpec

FILLER = ("The quick brown fox jumps over the lazy dog while the committee reviews the "
          "quarterly figures and the weather stays mild. ")


def measure(spec: ModelSpec, cancel: CancelToken | None = None) -> tuple[float, float]:
    """(prompt tokens/s, generated tokens/s) of one sequence, from two requests of the same
    length: one that generates a single token and one that generates 33."""
    from .factory import make_engine
    cancel = cancel or CancelToken()
    single = ModelSpec(**{**spec.__dict__, "parallel": 1})
    engine = make_engine(single)
    try:
        def timed(word: str, n: int):
            req = Request.chat(f"{word}. " + FILLER * 12 + "Write a long story.",
                               sampling=Sampling(max_tokens=n, temperature=0.0))
            t0 = time.perf_counter()
            res = engine.generate_many([req], cancel)[0]
            return time.perf_counter() - t0, res
        timed("Warm-up", 1)
        t_prompt, r1 = timed("Alpha", 1)
        t_full, r2 = timed("Bravo", 33)
        generated = max(r2.completion_tokens - 1, 1)
        pp = r1.prompt_tokens / max(t_prompt, 1e-6)
        tg = generated / max(t_full - t_prompt, 1e-6)
        return pp, tg
    finally:
        engine.close()
