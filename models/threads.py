"""How many CPU threads llama.cpp should use, chosen from what the machine is doing.

Measured on a 2-core machine with the bundled model (tests/bench/throughput.py): with both
cores free, 2 threads beat 1 (single sequence 153 vs 127 tok/s; batched x16 289 vs 157), but
with one core busy elsewhere, 2 threads collapse (single 42 vs 136 tok/s; batched 82 vs 157).
So the default adapts: every couple of seconds it counts the cores that other processes keep
busy (/proc/stat minus this process's own CPU time) and uses the rest, at least one. A fixed
number set by the user overrides it.
"""
from __future__ import annotations

import math
import os
import time


def _busy_seconds() -> float | None:
    """CPU seconds all processes spent busy since boot (Linux), or None elsewhere."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()[1:]
    except OSError:
        return None
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_seconds() -> float:
    t = os.times()
    return t.user + t.system


class ThreadPolicy:
    def __init__(self, fixed: int | None = None, interval: float = 2.0):
        self.cores = os.cpu_count() or 2
        self.fixed = fixed
        self.interval = interval
        self.current = fixed or max(1, self.cores - 1)
        self._mark = (time.monotonic(), _busy_seconds(), _own_seconds())
        self._decided = False  # the first decision comes quickly (after loading the model)

    def choose(self) -> int:
        """The thread count to use now; cheap enough to call before every decode."""
        if self.fixed:
            return self.fixed
        now = time.monotonic()
        t0, busy0, own0 = self._mark
        if now - t0 < (self.interval if self._decided else 0.25):
            return self.current
        self._decided = True
        busy, own = _busy_seconds(), _own_seconds()
        self._mark = (now, busy, own)
        if busy is None or busy0 is None:
            return self.current
        others = max(0.0, (busy - busy0) - (own - own0)) / (now - t0)  # cores used by others
        self.current = max(1, min(self.cores, self.cores - math.ceil(others - 0.3)))
        return self.current
