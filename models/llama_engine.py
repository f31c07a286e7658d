"""The in-process engine: one GGUF model through llama-cpp-python, one sequence at a time.

A Llama object is not thread-safe: the thread that creates this engine is the only one that
may call it. Cancel works inside a generation: per token through a stopping criterion, and
inside a long prompt evaluation through llama.cpp's abort callback.
"""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Sequence

from ..core.engine import CancelToken, NoLogprobs, OnResult, Request, Result
from ..core.errors import Cancelled, GradSumError
from ..core.messages import Message
from .chat_template import ChatTemplate
from . import fit, gguf
from .ggml_backends import cpu_variant, ensure_loaded, lib_dir
from .gguf import GGUFInfo
from .hashing import sha256_file
from .llama_log import LLAMA_LOG, quiet_llama_log
from .threads import ThreadPolicy


def check_gguf(path: Path) -> GGUFInfo:
    """Fail with a specific message before llama.cpp sees a file that is not a whole GGUF
    model (llama.cpp itself would only say it failed to load)."""
    return gguf.read(path)


class LlamaEngine:
    def __init__(self, path: str | Path, n_ctx: int = 2048, threads: int | None = None,
                 gpu_layers: int = 0, verbose: bool = False,
                 fit_for: tuple[int, int] | None = None):
        """fit_for: (context per sequence, sequences) to check memory for before loading;
        default (n_ctx, 1)."""
        import llama_cpp  # heavy: imported only when a model is loaded

        quiet_llama_log()
        if "CPU" not in ensure_loaded():
            raise GradSumError(
                "llama.cpp has no CPU kernels this processor can run in {folder}. Reinstall it: "
                "bash scripts/install.sh", folder=lib_dir())
        self._llama_cpp = llama_cpp
        self.path = Path(path)
        self.gguf = check_gguf(self.path)
        ctx, seqs = fit_for or (n_ctx, 1)
        size = sum(p.stat().st_size for p in gguf.split_parts(self.path))
        fit.check_architecture(self.gguf)  # refuse before loading, with the reason
        self.memory = fit.check_fits(self.gguf, size, ctx, seqs)
        fit.check_gpu_fit(self.gguf, self.memory, gpu_layers)
        self.policy = ThreadPolicy(threads)  # None: adapt to what else the machine runs
        self.threads = self.policy.current
        self.n_ctx = n_ctx
        try:
            self.llm = llama_cpp.Llama(str(self.path), n_ctx=n_ctx, n_threads=self.threads,
                                       n_threads_batch=self.threads, n_gpu_layers=gpu_layers,
                                       # as the batched engine decodes (see its context), so
                                       # both give a prompt the same reply
                                       flash_attn=False, verbose=verbose)
        except (ValueError, RuntimeError, OSError) as e:
            last = [ln for ln in LLAMA_LOG if ln][-3:]  # what llama.cpp said about it
            raise GradSumError(
                "llama.cpp could not load {name}: {e}. {log}The file may be damaged or of an "
                "unsupported kind.", name=self.path.name, e=e,
                log=" / ".join(last) + ". " if last else "") from None
        self.owner = threading.get_ident()
        self.model_id = sha256_file(self.path)
        meta = self.llm.metadata
        self.model_name = meta.get("general.name") or self.path.stem
        bos = self._token_text(self.llm.token_bos())
        eos = self._token_text(self.llm.token_eos())
        source = meta.get("tokenizer.chat_template")
        self.template = ChatTemplate(source, bos, eos)
        self.notes = [] if source else [Message(
            "{name} has no chat template in its metadata; using ChatML instead.",
            name=self.path.name)]
        self._cancel: CancelToken | None = None
        # llama.cpp calls this between graph computations: a long prompt aborts quickly too
        self._abort_cb = llama_cpp.ggml_abort_callback(self._should_abort)
        llama_cpp.llama_set_abort_callback(self.llm._ctx.ctx, self._abort_cb, None)

    def _should_abort(self, _data) -> bool:
        return bool(self._cancel and self._cancel.cancelled)

    def _token_text(self, tok: int) -> str:
        if tok < 0:
            return ""
        return self.llm.detokenize([tok], special=True).decode("utf-8", "replace")

    def render(self, req: Request) -> list[int]:
        text = self.template.render(list(req.messages))
        add_bos = not (self.template.bos and text.startswith(self.template.bos))
        return self.llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)

    def count_tokens(self, text: str) -> int:
        return len(self.llm.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def generate_many(self, requests: Sequence[Request], cancel: CancelToken,
                      on_result: OnResult | None = None) -> list[Result]:
        if threading.get_ident() != self.owner:
            raise RuntimeError("LlamaEngine used from a thread that did not create it")
        out = []
        for i, req in enumerate(requests):
            cancel.check()
            res = self._one(req, cancel)
            if on_result:
                on_result(i, res)
            out.append(res)
        return out

    def answer_logprobs(self, requests: Sequence[Request], answers: Sequence[str],
                        cancel: CancelToken) -> list[float | None]:
        raise NoLogprobs(Message("the single-sequence engine gives no answer log-probabilities "
                                 "(set parallel sequences above 1)"))

    def apply_threads(self, ctx) -> None:
        n = self.policy.choose()
        if n != self.threads:
            self._llama_cpp.llama_set_n_threads(ctx, n, n)
            self.threads = n

    def _one(self, req: Request, cancel: CancelToken) -> Result:
        from llama_cpp import LlamaGrammar, StoppingCriteriaList

        self.apply_threads(self.llm._ctx.ctx)
        tokens = self.render(req)
        room = self.n_ctx - len(tokens)
        if room < 2:  # the row does not fit: report it, keep the run going
            return Result("", len(tokens), 0, 0.0, "overflow")
        s = req.sampling
        grammar = LlamaGrammar.from_string(req.grammar, verbose=False) if req.grammar else None
        self._cancel = cancel
        t0 = time.perf_counter()
        try:
            r = self.llm.create_completion(
                tokens, max_tokens=min(s.max_tokens, room), temperature=s.temperature,
                top_p=s.top_p, min_p=0.0, top_k=0 if s.temperature > 0 else 40,
                repeat_penalty=s.repeat_penalty, stop=list(s.stop) or None, seed=s.seed, grammar=grammar,
                stopping_criteria=StoppingCriteriaList([lambda _ids, _logits: cancel.stop_requested()]))
        except RuntimeError:
            if cancel.cancelled:
                self.llm.reset()  # the aborted decode left the KV cache half-written
                raise Cancelled() from None
            raise
        finally:
            self._cancel = None
        ms = (time.perf_counter() - t0) * 1000
        if cancel.cancelled:
            raise Cancelled()
        choice = r["choices"][0]
        usage = r["usage"]
        return Result(choice["text"], usage["prompt_tokens"], usage["completion_tokens"], ms,
                      choice.get("finish_reason") or "stop")

    def close(self) -> None:
        self.llm.close()

    def info(self) -> dict:
        return {"name": self.model_name, "path": str(self.path), "sha256": self.model_id,
                "n_ctx": self.n_ctx, "threads": self.threads,
                "threads_mode": "fixed" if self.policy.fixed else "adaptive",
                "chat_template": "fallback ChatML" if self.template.is_fallback else "from GGUF",
                "cpu_kernels": cpu_variant()}
