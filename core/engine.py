"""The one contract between the optimizer and any model backend.

An engine takes a list of requests and returns one result per request. In-process llama.cpp
(single or batched), an OpenAI-compatible server and the tests' scripted engine all implement
it, so the optimizer never knows which one it talks to.
"""
from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Protocol, Sequence

from .errors import Cancelled

ROLES = ("task", "judge", "optimizer")


@dataclass(frozen=True)
class Sampling:
    temperature: float = 0.0
    top_p: float = 1.0
    max_tokens: int = 256
    seed: int = 0
    stop: tuple[str, ...] = ()
    repeat_penalty: float = 1.0
    # a closed answer set: the engine may stop once the reply surely names two or more of
    # these, when its score is 0 whatever follows (core/choices.py names_several). An
    # engine that ignores it returns the whole reply, which scores the same
    stop_named: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        d = asdict(self)
        d["stop"] = list(self.stop)
        if self.stop_named:
            d["stop_named"] = list(self.stop_named)
        else:  # requests without it keep the cache keys they had before it existed
            del d["stop_named"]
        return d


@dataclass(frozen=True)
class Request:
    messages: tuple[tuple[str, str], ...]  # (role, content) pairs: system / user / assistant
    sampling: Sampling = field(default_factory=Sampling)
    grammar: str | None = None  # llama.cpp GBNF that constrains the output

    @staticmethod
    def chat(user: str, system: str | None = None, sampling: Sampling | None = None,
             grammar: str | None = None) -> "Request":
        msgs = ((("system", system),) if system else ()) + (("user", user),)
        return Request(msgs, sampling or Sampling(), grammar)


@dataclass(frozen=True)
class Result:
    text: str
    prompt_tokens: int
    completion_tokens: int
    ms: float
    finish_reason: str = "stop"  # stop | length | overflow (the prompt does not fit the context)


OnResult = Callable[[int, Result], None]


class NoLogprobs(Exception):
    """An engine that cannot give the log-probability of a forced answer (a server without
    prompt log-probabilities, the scripted engine); args[0] is a Message saying why. The
    search then ranks candidates by the metric and says so."""


class CancelToken:
    """Checked between requests and inside generation (per token) by every engine.

    Pause holds the run at the next check (a token boundary in the llama.cpp engines, a
    request boundary for a server): models stay loaded and nothing is lost. `cancelled`
    never blocks, because llama.cpp also reads it from inside a graph computation, where
    waiting would leave the other compute threads spinning.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._lock = threading.Lock()
        self._paused_at: float | None = None
        self._paused_total = 0.0

    def cancel(self) -> None:
        self._event.set()
        self.resume()  # a paused run must wake up to notice

    def pause(self) -> None:
        with self._lock:
            if self._paused_at is None:
                self._paused_at = time.monotonic()
                self._running.clear()

    def resume(self) -> None:
        with self._lock:
            if self._paused_at is not None:
                self._paused_total += time.monotonic() - self._paused_at
                self._paused_at = None
            self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def paused_s(self) -> float:
        """Seconds spent paused so far (not counted as the run's active time)."""
        with self._lock:
            now = time.monotonic() - self._paused_at if self._paused_at is not None else 0.0
            return self._paused_total + now

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Wait while paused, then raise Cancelled if the run was cancelled."""
        self._running.wait()
        if self._event.is_set():
            raise Cancelled()

    def stop_requested(self) -> bool:
        """For per-token callbacks outside a graph computation: waits while paused."""
        self._running.wait()
        return self._event.is_set()


class Engine(Protocol):
    model_id: str     # identity of the weights (SHA-256 of the file); part of every cache key
    model_name: str
    notes: list[str]  # what the user should know about this model (e.g. no chat template)

    def generate_many(self, requests: Sequence[Request], cancel: CancelToken,
                      on_result: OnResult | None = None) -> list[Result]:
        """Run every request; call on_result(index, result) as each one finishes (in any
        order), so the caller can persist it at once. Raise Cancelled when cancel is set."""
        ...

    def count_tokens(self, text: str) -> int: ...

    def close(self) -> None: ...

    # optional: engines without it make the search rank by the metric (core/signal.py)
    # def answer_logprobs(self, requests: Sequence[Request], answers: Sequence[str],
    #                     cancel: CancelToken) -> list[float | None]:
    #     """log P(answer | request's prompt), natural log, summed over the answer's tokens,
    #     teacher-forced (one forward pass, no sampling); None where the row does not fit.
    #     Raises NoLogprobs when the engine cannot."""


def engine_notes(engines: dict[str, Engine]) -> list[str]:
    """The notes of each distinct engine of a run (roles often share one), once each."""
    seen = {id(e): e for e in engines.values()}
    return list(dict.fromkeys(n for e in seen.values() for n in e.notes))
