"""The engine process: loads one GGUF model and serves generate/count requests from its parent
(models/engine_process.py) over a pipe, until told to close or the parent goes away.

A native crash here (a segfault in a llama.cpp kernel, an abort() from a GGML_ASSERT, the OOM
killer) ends only this process. Every line llama.cpp logs, and Python's fault handler, go to a
log file that outlives the crash, so the parent can say what happened.
"""
from __future__ import annotations

import ctypes
import faulthandler
import os
import signal
import threading
import time
import traceback

from ..core.engine import CancelToken, NoLogprobs
from ..core.errors import Cancelled, GradSumError
from ..core.settings import ModelSpec

# test-only fault switch: "segv:N", "abort:N" or "kill:N" makes this process die that way
# after sending its N-th result (N=0: right after loading). Used by the crash tests.
FAULT_ENV = "GRADSUM_TEST_ENGINE_FAULT"
CANCEL, PAUSE = 0, 1  # indexes into the shared flags


class SharedCancel(CancelToken):
    """The parent's cancel token as seen from this process: two shared bytes, set by the
    parent. Same interface as CancelToken, so the engines cannot tell the difference."""

    def __init__(self, flags) -> None:
        super().__init__()
        self.flags = flags

    @property
    def cancelled(self) -> bool:
        return bool(self.flags[CANCEL])

    @property
    def paused(self) -> bool:
        return bool(self.flags[PAUSE]) and not self.flags[CANCEL]

    def _wait_running(self) -> None:
        while self.paused:
            time.sleep(0.02)

    def check(self) -> None:
        self._wait_running()
        if self.cancelled:
            raise Cancelled()

    def stop_requested(self) -> bool:
        self._wait_running()
        return self.cancelled


def _fault() -> tuple[str, int] | None:
    spec = os.environ.get(FAULT_ENV, "")
    kind, _, after = spec.partition(":")
    if kind not in ("segv", "abort", "kill"):
        return None
    return kind, int(after or 0)


def _die(kind: str) -> None:
    if kind == "segv":
        ctypes.string_at(0)  # a real invalid read in native code: SIGSEGV
    elif kind == "abort":
        os.abort()           # what a failed GGML_ASSERT does
    else:
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does


def _watch_parent(parent_pid: int) -> None:
    """Leave when the parent is gone (killed, crashed): a model process must not linger."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(0)


def main(inbox, conn, spec: dict, flags, log_path: str, parent_pid: int) -> None:
    """inbox: requests from the parent; conn: replies to it (two one-way pipes)."""
    from . import llama_log
    from .local_engine import make_local_engine

    # Ctrl+C in a terminal reaches the whole process group: the parent turns it into a cancel
    # (shared flag); here it would only kill the model mid-request
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    log = open(log_path, "a", encoding="utf-8", buffering=1)
    faulthandler.enable(log)  # a Python traceback on SIGSEGV/SIGABRT, into the same log
    llama_log.LOG_SINK = log
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    fault = _fault()
    sent = 0
    try:
        engine = make_local_engine(ModelSpec(**spec))
    except GradSumError as e:
        conn.send(("error", "user", e.message))  # a Message: translatable in the app
        return
    except Exception:
        conn.send(("error", "bug", traceback.format_exc()))
        return
    conn.send(("ready", {"model_id": engine.model_id, "model_name": engine.model_name,
                         "notes": list(engine.notes), "info": engine.info(),
                         "pid": os.getpid()}))
    if fault and fault[1] == 0:
        _die(fault[0])
    token = SharedCancel(flags)

    def on_result(i, res) -> None:
        nonlocal sent
        conn.send(("result", i, res))
        sent += 1
        if fault and sent >= fault[1]:
            _die(fault[0])

    while True:
        try:
            msg = inbox.recv()
        except (EOFError, OSError):
            break
        op = msg[0]
        if op == "close":
            break
        try:
            if op == "generate":
                engine.generate_many(msg[1], token, on_result)
                reply = ("done",)
            elif op == "logprobs":
                reply = ("logprobs", engine.answer_logprobs(msg[1], msg[2], token))
            elif op == "count":
                reply = ("count", engine.count_tokens(msg[1]))
            else:
                reply = ("error", "bug", f"unknown engine request {op!r}")
        except Cancelled:
            reply = ("cancelled",)
        except NoLogprobs as e:
            reply = ("nologprobs", e.args[0])
        except GradSumError as e:
            reply = ("error", "user", e.message)
        except Exception:
            reply = ("error", "bug", traceback.format_exc())
        conn.send(reply)
    try:
        engine.close()
    finally:
        conn.close()
        inbox.close()
