"""Batched in-process engine: many requests decoded together through llama.cpp's
multi-sequence batch API.

One context holds n_seq sequences, each in its own KV cell stream. Each decode step feeds
every active sequence its next token (and new sequences chunks of their prompt) in one
llama_decode call, then samples each sequence with its own sampler chain (grammar,
temperature, seed). A finished
sequence's slot takes the next waiting request at once (continuous batching). A new request
whose tokens start like a sequence already in the cache (same template, same judge
instructions) copies that sequence's stream and drops the rest instead of computing the
prefix again.
"""
from __future__ import annotations

import ctypes
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ..core.choices import names_several
from ..core.engine import CancelToken, OnResult, Request, Result
from ..core.errors import Cancelled, GradSumError
from .llama_engine import LlamaEngine


@dataclass
class _Slot:
    seq: int
    kv: list[int] = field(default_factory=list)  # tokens in the KV cache for this sequence
    job: int | None = None          # index of the request being served
    pending: list[int] = field(default_factory=list)  # tokens still to decode
    sampler: object = None
    out: bytearray = field(default_factory=bytearray)
    n_prompt: int = 0
    n_gen: int = 0
    max_gen: int = 0
    stop: tuple[str, ...] = ()
    stop_named: tuple[str, ...] = ()
    t0: float = 0.0
    grammar: object = None
    logits_at: int = -1             # batch index of this slot's logits in the last decode
    started: bool = False           # its whole prompt has been decoded


class BatchedEngine(LlamaEngine):
    def __init__(self, path, n_ctx: int = 2048, n_seq: int = 16, threads: int | None = None,
                 gpu_layers: int = 0, n_batch: int = 512, verbose: bool = False):
        # the single-sequence Llama object is kept for tokenizing and metadata only
        super().__init__(path, n_ctx=max(256, min(n_ctx, 512)), threads=threads,
                         gpu_layers=gpu_layers, verbose=verbose, fit_for=(n_ctx, n_seq))
        lc = self._llama_cpp
        self.n_ctx = n_ctx          # per sequence
        self.n_seq = n_seq
        self.n_batch = n_batch
        p = lc.llama_context_default_params()
        p.n_ctx = n_ctx * n_seq
        p.n_batch = n_batch
        p.n_ubatch = n_batch
        p.n_seq_max = n_seq
        p.n_threads = p.n_threads_batch = self.threads
        # A reply must not depend on the requests decoded beside it, or the same prompt on
        # the same row scores differently from run to run and a verdict cannot be repeated.
        # Measured on the bundled model: with one shared cell pool a sequence's cells land
        # wherever others left room, and where they lie changed its logits by up to 0.65;
        # flash attention changed them by 0.75 when a prompt came in two chunks instead of
        # one (as a reused prefix makes it). So each sequence gets its own cell stream,
        # filled from cell 0 in position order, and attention without flash: a reply then
        # equals the one decoded alone (tests/integration/test_batched_engine.py).
        p.kv_unified = False
        p.flash_attn_type = lc.LLAMA_FLASH_ATTN_TYPE_DISABLED
        p.no_perf = True
        self.ctx = lc.llama_init_from_model(self.llm.model, p)
        if not self.ctx:
            raise GradSumError(
                "llama.cpp could not create a context of {n_ctx} x {n_seq} tokens: lower the "
                "context size or the number of sequences.", n_ctx=n_ctx, n_seq=n_seq)
        lc.llama_set_abort_callback(self.ctx, self._abort_cb, None)
        self.mem = lc.llama_get_memory(self.ctx)
        self.vocab = lc.llama_model_get_vocab(self.llm.model)
        self.batch = lc.llama_batch_init(n_batch, 0, 1)
        self.slots = [_Slot(i) for i in range(n_seq)]
        self.stats = {"prefix_tokens_reused": 0, "prompt_tokens": 0, "decode_calls": 0,
                      "prompt_decode_s": 0.0, "step_decode_s": 0.0, "sample_s": 0.0,
                      "grammar_fallbacks": 0, "step_tokens": 0}
        self._piece = ctypes.create_string_buffer(256)
        n_vocab = lc.llama_vocab_n_tokens(self.vocab)
        self._ids = np.arange(n_vocab, dtype=np.int32)
        self._candidates = np.zeros(n_vocab, dtype=np.dtype(
            [("id", np.int32), ("logit", np.float32), ("p", np.float32)]))

    # --- sampling -------------------------------------------------------------------------
    def _grammar(self, req: Request):
        if not req.grammar:
            return None
        g = self._llama_cpp.llama_sampler_init_grammar(self.vocab, req.grammar.encode(), b"root")
        if not g:
            raise GradSumError("llama.cpp rejected a grammar.")
        return g

    def _sample(self, s: "_Slot") -> int:
        """Sample without the grammar first and keep the token if the grammar accepts it;
        only when it does not, apply the grammar to the whole vocabulary (as llama.cpp's own
        server does). For greedy decoding the result is the same token, at a fraction of the
        cost: a full grammar pass over 49k tokens for every token of 16 sequences would cost
        more than the decode itself."""
        lc = self._llama_cpp
        tok = lc.llama_sampler_sample(s.sampler, self.ctx, s.logits_at)
        if s.grammar is None:
            return tok
        one = (lc.llama_token_data * 1)()
        one[0].id, one[0].logit, one[0].p = tok, 0.0, 0.0
        arr = lc.llama_token_data_array(one, 1, -1, False)
        lc.llama_sampler_apply(s.grammar, ctypes.byref(arr))
        if one[0].logit == float("-inf"):  # rejected: constrain the full distribution
            self.stats["grammar_fallbacks"] += 1
            cand = self._candidates
            logits = np.ctypeslib.as_array(lc.llama_get_logits_ith(self.ctx, s.logits_at),
                                           shape=(len(cand),))
            cand["id"] = self._ids
            cand["logit"] = logits
            cand["p"] = 0.0
            arr = lc.llama_token_data_array(
                cand.ctypes.data_as(ctypes.POINTER(lc.llama_token_data)), len(cand), -1, False)
            lc.llama_sampler_apply(s.grammar, ctypes.byref(arr))
            lc.llama_sampler_apply(s.sampler, ctypes.byref(arr))
            tok = int(cand["id"][arr.selected])
        lc.llama_sampler_accept(s.grammar, tok)
        return tok

    def _sampler(self, req: Request):
        """The sampling chain without the grammar (see _sample)."""
        lc = self._llama_cpp
        s = req.sampling
        chain = lc.llama_sampler_chain_init(lc.llama_sampler_chain_default_params())
        if s.repeat_penalty != 1.0:
            # called as llama-cpp-python's own sampler calls it (its binding leads with n_vocab)
            n_vocab = lc.llama_vocab_n_tokens(self.vocab)
            lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_penalties(
                n_vocab, 64, s.repeat_penalty, 0.0, 0.0))
        if s.temperature <= 0:
            lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_greedy())
        else:
            lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_top_p(s.top_p, 1))
            lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_temp(s.temperature))
            lc.llama_sampler_chain_add(chain, lc.llama_sampler_init_dist(s.seed & 0xFFFFFFFF))
        return chain

    def _piece_of(self, tok: int) -> bytes:
        n = self._llama_cpp.llama_token_to_piece(self.vocab, tok, self._piece, 256, 0, False)
        return self._piece.raw[:max(n, 0)]

    # --- scheduling ------------------------------------------------------------------------
    def _assign(self, slot: _Slot, job: int, tokens: list[int], req: Request) -> None:
        """Give a slot a request, reusing the longest prefix already in any sequence."""
        keep = self._reuse_prefix(slot, tokens, len(tokens) - 1)  # decode at least one
        slot.pending = tokens[keep:]
        slot.job = job
        slot.sampler = self._sampler(req)
        slot.grammar = self._grammar(req)
        slot.out = bytearray()
        slot.n_prompt = len(tokens)
        slot.n_gen = 0
        slot.max_gen = min(req.sampling.max_tokens, self.n_ctx - len(tokens))
        slot.stop = req.sampling.stop
        slot.stop_named = req.sampling.stop_named
        slot.t0 = time.perf_counter()
        slot.started = False
        self.stats["prompt_tokens"] += len(tokens)

    def _reuse_prefix(self, slot: _Slot, tokens: list[int], limit: int) -> int:
        """Put the longest prefix of tokens already in any sequence's cache (at most limit
        tokens) into slot's sequence; returns its length. The rest is the slot's to decode."""
        lc = self._llama_cpp
        best, best_len = slot, _common(slot.kv, tokens)
        for other in self.slots:
            n = _common(other.kv, tokens)
            if n > best_len:
                best, best_len = other, n
        keep = min(best_len, limit)
        if best is not slot and keep > 0:
            # streams copy whole (llama.cpp copies across streams only in full); the tail
            # beyond the shared prefix is dropped below
            lc.llama_memory_seq_cp(self.mem, best.seq, slot.seq, -1, -1)
        lc.llama_memory_seq_rm(self.mem, slot.seq, keep, -1)
        slot.kv = tokens[:keep]
        self.stats["prefix_tokens_reused"] += keep
        return keep

    def _fill(self, slots: list[_Slot]) -> int:
        """Put each slot's pending tokens (up to n_batch in all) into the batch."""
        b = self.batch
        n = 0
        for s in self.slots:
            s.logits_at = -1
        for s in slots:
            take = s.pending[:self.n_batch - n]
            for i, tok in enumerate(take):
                b.token[n] = tok
                b.pos[n] = len(s.kv) + i
                b.n_seq_id[n] = 1
                b.seq_id[n][0] = s.seq
                b.logits[n] = False
                n += 1
            s.kv.extend(take)
            s.pending = s.pending[len(take):]
            if take and not s.pending:  # its last token is in: sample from its logits
                b.logits[n - 1] = True
                s.logits_at = n - 1
        b.n_tokens = n
        return n

    def generate_many(self, requests: Sequence[Request], cancel: CancelToken,
                      on_result: OnResult | None = None) -> list[Result]:
        """Each decode holds either one sequence's prompt (chunk) or one token of every
        generating sequence, never both. Mixed shapes take other matmul kernels and drift
        numerically; kept apart, greedy outputs match the single-sequence engine's far more
        often. Requests are assigned to a slot just before their prompt is decoded, so they
        can reuse every prefix already computed."""
        if threading.get_ident() != self.owner:
            raise RuntimeError("BatchedEngine used from a thread that did not create it")
        results: list[Result | None] = [None] * len(requests)
        queue = deque()
        for i, req in enumerate(requests):
            tokens = self.render(req)
            if len(tokens) >= self.n_ctx - 1:  # does not fit: report it, keep going
                results[i] = Result("", len(tokens), 0, 0.0, "overflow")
                if on_result:
                    on_result(i, results[i])
            else:
                queue.append((i, tokens))
        self._cancel = cancel
        try:
            while True:
                cancel.check()
                busy = [s for s in self.slots if s.job is not None]
                prompt = next((s for s in busy if len(s.pending) > 1 or not s.started), None)
                idle = next((s for s in self.slots if s.job is None), None)
                if prompt is None and queue and idle is not None:
                    i, tokens = queue.popleft()
                    self._assign(idle, i, tokens, requests[i])
                    prompt = idle
                if prompt is None and not busy:
                    break
                self._fill([prompt] if prompt else busy)
                if prompt is not None and not prompt.pending:
                    prompt.started = True
                kind = "prompt_decode_s" if prompt is not None else "step_decode_s"
                self.stats[kind] += self._decode(cancel)
                if prompt is None:
                    self.stats["step_tokens"] += self.batch.n_tokens
                t0 = time.perf_counter()
                for s in self.slots:
                    if s.job is not None and s.logits_at >= 0:
                        self._step(s, results, on_result)
                self.stats["sample_s"] += time.perf_counter() - t0
        except BaseException:
            self._reset_all()
            raise
        finally:
            self._cancel = None
        return results  # type: ignore[return-value]

    # --- forced answers (the search's ranking signal) --------------------------------------
    def answer_logprobs(self, requests: Sequence[Request], answers: Sequence[str],
                        cancel: CancelToken) -> list[float | None]:
        """log P(answer | prompt): the prompt and the answer's tokens in one forward pass
        (teacher-forced), the log-softmax of each position's logits read at the next token.
        Rows sharing a prompt (the options of one row) reuse its KV prefix, so each option
        costs only its own few tokens."""
        if threading.get_ident() != self.owner:
            raise RuntimeError("BatchedEngine used from a thread that did not create it")
        out: list[float | None] = []
        self._cancel = cancel
        try:
            for req, answer in zip(requests, answers):
                cancel.check()
                prompt = self.render(req)
                forced = self.llm.tokenize(answer.encode("utf-8"), add_bos=False,
                                           special=False)
                out.append(self._forced(prompt, forced, cancel))
        except BaseException:
            self._reset_all()
            raise
        finally:
            self._cancel = None
        return out

    def _forced(self, prompt: list[int], answer: list[int], cancel: CancelToken
                ) -> float | None:
        lc = self._llama_cpp
        tokens = prompt + answer
        if not answer:
            return 0.0
        if len(tokens) >= self.n_ctx:
            return None  # does not fit: the caller scores the row as a miss
        slot = self.slots[0]
        keep = self._reuse_prefix(slot, tokens, len(prompt) - 1)  # logits from the prompt's end
        first, last = len(prompt) - 1, len(tokens) - 2  # positions whose next token is forced
        n_vocab = len(self._ids)
        total, pos, b = 0.0, keep, self.batch
        while pos < len(tokens):
            take = tokens[pos:pos + self.n_batch]
            wanted = []
            for i, tok in enumerate(take):
                b.token[i], b.pos[i], b.n_seq_id[i] = tok, pos + i, 1
                b.seq_id[i][0] = slot.seq
                b.logits[i] = first <= pos + i <= last
                if b.logits[i]:
                    wanted.append((i, pos + i))
            b.n_tokens = len(take)
            self._decode(cancel)
            for i, p in wanted:
                logits = np.ctypeslib.as_array(lc.llama_get_logits_ith(self.ctx, i),
                                               shape=(n_vocab,)).astype(np.float64)
                top = logits.max()
                total += logits[tokens[p + 1]] - top - np.log(np.exp(logits - top).sum())
            slot.kv.extend(take)
            pos += len(take)
        return float(total)

    def _decode(self, cancel: CancelToken) -> float:
        """One llama_decode of the batch as filled; its seconds."""
        self.apply_threads(self.ctx)
        t0 = time.perf_counter()
        rc = self._llama_cpp.llama_decode(self.ctx, self.batch)
        self.stats["decode_calls"] += 1
        if rc != 0:
            if cancel.cancelled:
                raise Cancelled()
            raise GradSumError(
                "llama_decode failed ({rc}): the KV cache is full; lower the number of "
                "parallel sequences.", rc=rc)
        return time.perf_counter() - t0

    def _step(self, s: _Slot, results, on_result) -> None:
        lc = self._llama_cpp
        tok = self._sample(s)
        finish = None
        if lc.llama_vocab_is_eog(self.vocab, tok):
            finish = "stop"
        else:
            s.out += self._piece_of(tok)
            s.n_gen += 1
            s.pending = [tok]
            if s.stop:
                text = s.out.decode("utf-8", "ignore")
                for st in s.stop:
                    if st in text:
                        s.out = bytearray(text[:text.index(st)].encode())
                        finish = "stop"
            if s.stop_named and names_several(s.out.decode("utf-8", "ignore"), s.stop_named):
                finish = "stop"
            if finish is None and s.n_gen >= s.max_gen:
                finish = "length"
        if finish:
            res = Result(s.out.decode("utf-8", "replace"), s.n_prompt, s.n_gen,
                         (time.perf_counter() - s.t0) * 1000, finish)
            job = s.job
            results[job] = res
            self._free_samplers(s)
            s.job, s.pending = None, []
            if on_result:
                on_result(job, res)

    def _reset_all(self) -> None:
        lc = self._llama_cpp
        lc.llama_memory_clear(self.mem, True)
        for s in self.slots:
            self._free_samplers(s)
            s.job, s.pending, s.kv = None, [], []

    def _free_samplers(self, s: _Slot) -> None:
        for smpl in (s.sampler, s.grammar):
            if smpl:
                self._llama_cpp.llama_sampler_free(smpl)
        s.sampler = s.grammar = None

    def close(self) -> None:
        lc = self._llama_cpp
        if self.ctx:
            self._reset_all()
            lc.llama_batch_free(self.batch)
            lc.llama_free(self.ctx)
            self.ctx = None
        super().close()

    def info(self) -> dict:
        return {**super().info(), "engine": "batched", "n_seq": self.n_seq, "n_ctx": self.n_ctx}


def _common(a: list[int], b: list[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i
