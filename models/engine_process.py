"""An Engine whose model runs in a child process (as Ollama and LM Studio run llama.cpp).

llama.cpp is native code: a segfault in a kernel, an abort() from a GGML_ASSERT or the OOM
killer would take the whole app with it if the model ran in-process. Here it takes only the
child (models/engine_child.py); the parent raises EngineCrashed, a GradSumError that names the
signal, the model file and the last lines llama.cpp logged. Every result is handed to the
caller the moment the child sends it, so the call cache already holds all finished work and a
resumed run repeats none of it.

Cancel and pause cross the boundary as two shared bytes that the child's token reads (per
token, as in-process); the parent mirrors its own token into them while it waits. A child that
does not answer a cancel within a few seconds is killed, so Cancel always returns.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Sequence

from ..core.engine import CancelToken, NoLogprobs, OnResult, Request, Result
from ..core.errors import Cancelled, GradSumError
from ..core.messages import Message, message
from ..core.settings import ModelSpec
from . import engine_child
from .engine_child import CANCEL, PAUSE

POLL_S = 0.05            # how often the parent mirrors cancel/pause while it waits
CANCEL_GRACE_S = 5.0     # a child that ignores a cancel this long is killed
LOG_TAIL = 4             # llama.cpp log lines quoted in a crash message

_SIGNALS = {
    signal.SIGSEGV: "crashed with a segmentation fault (SIGSEGV)",
    signal.SIGABRT: "aborted (SIGABRT), most often a failed check inside llama.cpp",
    signal.SIGKILL: "was killed (SIGKILL), most often by the system because memory ran out",
    signal.SIGBUS: "crashed with a bus error (SIGBUS)",
    signal.SIGILL: "crashed on an instruction this processor does not have (SIGILL)",
    signal.SIGFPE: "crashed with an arithmetic fault (SIGFPE)",
    signal.SIGTERM: "was terminated (SIGTERM)",
}


class EngineCrashed(GradSumError):
    """The model process died. The run is saved; Resume continues from the call cache."""


def describe_exit(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            sig = signal.Signals(-code)
        except ValueError:
            return f"was stopped by signal {-code}"
        return _SIGNALS.get(sig, f"was stopped by {sig.name}")
    return f"exited with code {code}"


def _log_tail(path: Path, n: int = LOG_TAIL) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    # the fault handler's Python traceback says little to a user; llama.cpp's lines do
    keep = [ln.strip() for ln in lines if ln.strip() and not ln.startswith(
        ("Fatal Python error", "Current thread", "Thread 0x", "  File ", "Extension modules",
         "Stack (most recent"))]
    return keep[-n:]


class ProcessEngine:
    """Engine protocol over a child process that owns one loaded model."""

    def __init__(self, spec: ModelSpec, model_path: str):
        self.spec = spec
        self.path = Path(model_path)
        self._lock = threading.Lock()
        self._dead: str | None = None
        ctx = mp.get_context("spawn")  # no fork: the parent has threads (Qt, the GUI worker)
        self._flags = ctx.RawArray("b", 2)
        fd, log = tempfile.mkstemp(prefix="gradsum-engine-", suffix=".log")
        os.close(fd)
        self._log = Path(log)
        # two one-way OS pipes, not a duplex Pipe: that one is a socket pair, and the app
        # opens no socket at all unless a server engine is configured
        self._inbox, child_out = ctx.Pipe(duplex=False)
        child_in, self._outbox = ctx.Pipe(duplex=False)
        spec_dict = {**asdict(spec), "path": str(self.path)}
        self._proc = ctx.Process(target=engine_child.main, name="gradsum-engine", daemon=True,
                                 args=(child_in, child_out, spec_dict, self._flags, log,
                                       os.getpid()))
        self._proc.start()
        child_in.close()
        child_out.close()
        msg = self._receive(None, what="loading the model")
        if msg[0] != "ready":
            self._reap()
            self._raise_error(msg)
        info = msg[1]
        self.model_id: str = info["model_id"]
        self.model_name: str = info["model_name"]
        self.notes: list[str] = info["notes"]
        self._info: dict = info["info"]
        self.pid: int = info["pid"]

    # --- the Engine protocol ----------------------------------------------------------------
    def generate_many(self, requests: Sequence[Request], cancel: CancelToken,
                      on_result: OnResult | None = None) -> list[Result]:
        cancel.check()
        with self._lock:
            self._flags[CANCEL], self._flags[PAUSE] = 0, int(cancel.paused)
            self._send(("generate", list(requests)))
            out: list[Result | None] = [None] * len(requests)
            while True:
                msg = self._receive(cancel, what="generating")
                if msg[0] == "result":
                    _, i, res = msg
                    out[i] = res
                    if on_result:
                        on_result(i, res)
                elif msg[0] == "done":
                    return out  # type: ignore[return-value]
                elif msg[0] == "cancelled":
                    raise Cancelled()
                else:
                    self._raise_error(msg)

    def answer_logprobs(self, requests: Sequence[Request], answers: Sequence[str],
                        cancel: CancelToken) -> list[float | None]:
        cancel.check()
        with self._lock:
            self._flags[CANCEL], self._flags[PAUSE] = 0, int(cancel.paused)
            self._send(("logprobs", list(requests), list(answers)))
            msg = self._receive(cancel, what="scoring answers")
            if msg[0] == "logprobs":
                return msg[1]
            if msg[0] == "nologprobs":
                raise NoLogprobs(msg[1])
            if msg[0] == "cancelled":
                raise Cancelled()
            self._raise_error(msg)

    def count_tokens(self, text: str) -> int:
        with self._lock:
            self._send(("count", text))
            msg = self._receive(None, what="counting tokens")
            if msg[0] != "count":
                self._raise_error(msg)
            return msg[1]

    def close(self) -> None:
        with self._lock:
            if self._proc.is_alive() and not self._dead:
                try:
                    self._outbox.send(("close",))
                    self._proc.join(10)
                except (OSError, BrokenPipeError):
                    pass
            self._reap()

    # --- what the app shows about it --------------------------------------------------------
    def info(self) -> dict:
        return {**self._info, "process": self.pid}

    @property
    def alive(self) -> bool:
        return self._dead is None and self._proc.is_alive()

    # --- plumbing ---------------------------------------------------------------------------
    def _send(self, msg) -> None:
        if self._dead:
            raise EngineCrashed(self._dead)
        try:
            self._outbox.send(msg)
        except (OSError, BrokenPipeError):
            self._crashed("receiving a request")

    def _receive(self, cancel: CancelToken | None, what: str):
        cancel_seen: float | None = None
        while True:
            try:
                if self._inbox.poll(POLL_S):
                    return self._inbox.recv()
            except (EOFError, OSError):
                self._crashed(what)
            if not self._proc.is_alive():
                # the child may have sent its last words just before dying
                try:
                    if self._inbox.poll(0):
                        return self._inbox.recv()
                except (EOFError, OSError):
                    pass
                self._crashed(what)
            if cancel is not None:
                self._flags[PAUSE] = int(cancel.paused)
                if cancel.cancelled:
                    self._flags[CANCEL] = 1
                    cancel_seen = cancel_seen or time.monotonic()
                    if time.monotonic() - cancel_seen > CANCEL_GRACE_S:
                        self._dead = Message("The model process was stopped because it did "
                                             "not answer a cancel.")
                        self._reap()
                        raise Cancelled()

    def _crashed(self, what: str) -> None:
        self._proc.join(2)
        how = describe_exit(self._proc.exitcode)
        tail = " / ".join(_log_tail(self._log)) or "none"
        self._reap()
        err = EngineCrashed(
            "The model process {how} while {what} with {name}. Everything finished before it "
            "stopped is saved; Resume continues from there without repeating it. Last llama.cpp "
            "log lines: {tail}", how=how, what=what, name=self.path.name, tail=tail)
        self._dead = err.message
        raise err

    def _raise_error(self, msg) -> None:
        if msg[0] == "error" and msg[1] == "user":
            raise GradSumError(message(msg[2]))
        raise RuntimeError(f"the model process failed:\n{msg[-1]}")

    def _reap(self) -> None:
        if self._proc.is_alive():
            self._proc.kill()
        self._proc.join(5)
        for end in (self._inbox, self._outbox):
            try:
                end.close()
            except OSError:
                pass
        try:
            self._log.unlink()
        except OSError:
            pass
