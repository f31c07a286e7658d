"""Every model request of a run goes through here: cache, budget, record, progress.

The modules hand over whole lists of requests, so an engine that can batch gets full batches.
"""
from __future__ import annotations

import time
from typing import Callable, Sequence

from .budget import Budget, Estimate
from .engine import CancelToken, Engine, NoLogprobs, Request, Result
from .errors import BudgetExceeded
from .messages import Message
from .progress import Progress, ProgressCallback
from .store import Store, call_key


class ModelCalls:
    def __init__(self, store: Store, engines: dict[str, Engine], budget: Budget,
                 cancel: CancelToken, progress: ProgressCallback, run_id: int,
                 estimate: Estimate | None = None, use_cache: bool = True):
        self.store = store
        self.engines = engines
        self.budget = budget
        self.cancel = cancel
        self.progress = progress
        self.run_id = run_id
        self.estimate = estimate  # the plan's: the remaining time and the progress bar
        self.use_cache = use_cache
        self.requests = 0       # logical requests of this pass (cached or computed)
        self.computed = 0       # computed by a model in this session
        self.cached = 0
        self.completion_tokens = 0
        self.engine_s = 0.0     # wall time spent inside engines, this session
        self.iteration = 0
        self.scope = ("", 0, 0)  # (split, prompts, rows) while prompts are being scored
        self.t0 = time.monotonic()

    def complete(self, role: str, requests: Sequence[Request], step: str) -> list[Result]:
        """Results in request order. Raises BudgetExceeded after serving what the budget
        allows, and Cancelled when the user cancels."""
        self.cancel.check()
        if not requests:
            return []
        allowed = self.budget.allowed_calls(len(requests))
        engine = self.engines[role]
        todo = list(requests[:allowed])
        keys = [call_key(engine.model_id, r.sampling.as_dict(), r.messages, r.grammar)
                for r in todo]

        def record(i: int, res: Result) -> None:
            req = todo[i]
            self.store.record_call(
                keys[i], role=role, model_id=engine.model_id, params=req.sampling.as_dict(),
                messages=[list(m) for m in req.messages], grammar=req.grammar,
                output=res.text, prompt_tokens=res.prompt_tokens,
                completion_tokens=res.completion_tokens, ms=res.ms,
                finish_reason=res.finish_reason, run_id=self.run_id)
            self.completion_tokens += res.completion_tokens

        results = self._through_cache(
            keys, step, lambda row: Result(row[1], row[2], row[3], row[4], row[5]),
            lambda idx, on_result: engine.generate_many([todo[i] for i in idx], self.cancel,
                                                        on_result),
            record, lambda res: res.prompt_tokens + res.completion_tokens)
        self.cancel.check()
        if allowed < len(requests):
            raise BudgetExceeded("LLM calls", self.budget.limits.max_calls)
        return results

    def logprobs(self, role: str, requests: Sequence[Request], answers: Sequence[str],
                 step: str = "ranking") -> list[float | None]:
        """log P(answer | prompt) per request (core/signal.py), cached like completions: a
        forced answer is a call whose output is its log-probability. Raises NoLogprobs when
        the engine cannot give them (the caller falls back to the metric)."""
        self.cancel.check()
        engine = self.engines[role]
        if not hasattr(engine, "answer_logprobs"):
            raise NoLogprobs(Message("the {name} engine gives no answer log-probabilities",
                                     name=getattr(engine, "model_name", role)))
        allowed = self.budget.allowed_calls(len(requests))
        todo = list(range(min(allowed, len(requests))))
        keys = [call_key(engine.model_id, {"forced_answer": answers[i]}, requests[i].messages,
                         None) for i in todo]

        def compute(idx: list[int], on_result) -> None:
            values = engine.answer_logprobs([requests[i] for i in idx],
                                            [answers[i] for i in idx], self.cancel)
            for j, v in enumerate(values):
                on_result(j, v)

        def record(i: int, v: float | None) -> None:
            self.store.record_call(
                keys[i], role=role, model_id=engine.model_id,
                params={"forced_answer": answers[i]},
                messages=[list(m) for m in requests[i].messages], grammar=None,
                output="" if v is None else repr(v), prompt_tokens=0,
                completion_tokens=0, ms=0.0, finish_reason="forced", run_id=self.run_id)

        out = self._through_cache(keys, step, lambda row: float(row[1]) if row[1] else None,
                                  compute, record, lambda v: 0)
        self.cancel.check()
        if allowed < len(requests):
            raise BudgetExceeded("LLM calls", self.budget.limits.max_calls)
        return out

    def _through_cache(self, keys: list[str], step: str, from_row: Callable, compute: Callable,
                       record: Callable, tokens: Callable) -> list:
        """One result per key, in order: cache hits first, then each distinct missing key
        computed once (unless the cache is off) by compute(indices, on_result), recorded the
        moment it arrives (a crash loses nothing finished) and handed to every request with
        that key. from_row: a cached row's result; tokens: what a result spends."""
        hits = self.store.cached(list(set(keys))) if self.use_cache else {}
        results: list = [None] * len(keys)
        done = 0
        for i, k in enumerate(keys):
            if k in hits:
                results[i] = from_row(hits[k])
                self.cached += 1
                done += 1
                self._account(tokens(results[i]))
        missing = [i for i in range(len(keys)) if results[i] is None]
        first_of: dict[str, int] = {}
        unique = [i for i in missing if not self.use_cache or
                  first_of.setdefault(keys[i], i) == i]
        self._emit(step, done, len(keys))
        callback_s = 0.0

        def on_result(j: int, res) -> None:
            nonlocal done, callback_s
            t_cb = time.monotonic()
            i = unique[j]
            record(i, res)
            self.computed += 1
            for m in (missing if self.use_cache else [i]):
                if keys[m] == keys[i] and results[m] is None:
                    results[m] = res
                    done += 1
                    self._account(tokens(res))
            self._emit(step, done, len(keys))
            callback_s += time.monotonic() - t_cb

        if unique:
            t0 = time.monotonic()
            try:
                compute(unique, on_result)
            finally:  # recording results happens in the callback: that is not engine time
                self.engine_s += time.monotonic() - t0 - callback_s
        return results

    def _account(self, tokens: int) -> None:
        self.requests += 1
        self.budget.spend(tokens)

    def _emit(self, step: str, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.t0 - self.cancel.paused_s()
        tps = self.completion_tokens / self.engine_s if self.engine_s else 0.0
        eta = None
        # a run that goes on past the typical figure is heading for the upper bound
        expected = self.estimate.typical if self.estimate else 0
        if expected and self.requests >= expected:
            expected = self.estimate.upper_bound
        if expected and self.requests and self.computed:
            # at the pace of the requests a model computed: cache hits take no time and
            # would make the rest look quick
            per_req = elapsed / self.computed
            eta = max(expected - self.requests, 0) * per_req
        split, prompts, rows = self.scope if step in ("generation", "evaluation") else ("", 0, 0)
        self.progress(Progress(step, done, total, self.iteration, self.computed, self.cached,
                               self.budget.tokens, tps, elapsed, eta, "", split, prompts, rows,
                               self.requests, max(expected, self.requests) if expected else 0))

    def count_tokens(self, role: str, text: str) -> int:
        return self.engines[role].count_tokens(text)
