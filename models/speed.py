"""Measure a model's prompt and generation speed on this machine, for the time estimate
shown before a run."""
from __future__ import annotations

import time

from ..core.engine import CancelToken, Request, Sampling
from ..core.settings import ModelSpec

FILLER = ("The quick brown fox jumps over the lazy dog while the committee reviews the "
          "quarterly figures and the weather stays mild. ")


def measure(spec: ModelSpec, cancel: CancelToken | None = None) -> tuple[float, float]:
    """(prompt tokens/s, generated tokens/s) of one sequence, from requests of the same
    length: ones that generate a single token and ones that generate 33; the faster of two
    tries of each, since a busy machine slows single requests at random."""
    from .factory import make_engine
    cancel = cancel or CancelToken()
    single = ModelSpec(**{**spec.__dict__, "parallel": 1})
    engine = make_engine(single)
    try:
        def timed(word: str, n: int):
            # each request starts with its own word, so no cached prefix shortens it
            req = Request.chat(f"{word}. " + FILLER * 12 + "Write a long story.",
                               sampling=Sampling(max_tokens=n, temperature=0.0))
            t0 = time.perf_counter()
            res = engine.generate_many([req], cancel)[0]
            return time.perf_counter() - t0, res
        timed("Warm-up", 1)
        t_prompt, r1 = min(timed("Alpha", 1), timed("Charlie", 1), key=lambda x: x[0])
        t_full, r2 = min(timed("Bravo", 33), timed("Delta", 33), key=lambda x: x[0])
        generated = max(r2.completion_tokens - 1, 1)
        pp = r1.prompt_tokens / max(t_prompt, 1e-6)
        # a generated token costs at least what a prompt token does: when the prompt-only
        # request was slowed more than the full one, the difference would claim otherwise
        tg = generated / max(t_full - t_prompt, generated / pp)
        return pp, tg
    finally:
        engine.close()
