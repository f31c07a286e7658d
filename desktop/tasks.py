"""Run a blocking function off the GUI thread: start, progress, result, error — nothing else
crosses threads (the shape of Anki's background operations)."""
from __future__ import annotations

import traceback
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ..core.engine import CancelToken
from ..core.errors import Cancelled, GradSumError


class _Job(QObject):
    progress = Signal(object, object)
    done = Signal(object)
    failed = Signal(object)  # core's Message, or a traceback (str)
    cancelled = Signal()

    def __init__(self, fn: Callable, cancel: CancelToken):
        super().__init__()
        self.fn = fn
        self.cancel = cancel

    @Slot()
    def run(self) -> None:
        try:
            self.done.emit(self.fn(self.cancel, lambda a, b=None: self.progress.emit(a, b)))
        except Cancelled:
            self.cancelled.emit()
        except GradSumError as e:
            self.failed.emit(e.message)
        except Exception:
            self.failed.emit(traceback.format_exc())


class _Relay(QObject):
    """Lives on the GUI thread, so the job's signals reach the callbacks there (a plain
    Python callable connected to a signal would run on the emitting worker thread)."""

    def __init__(self, on_done, on_error, on_progress, on_cancel):
        super().__init__()
        self.cb = (on_done, on_error, on_progress, on_cancel)

    @Slot(object)
    def done(self, value):
        if self.cb[0]:
            self.cb[0](value)

    @Slot(object)
    def failed(self, message):
        if self.cb[1]:
            self.cb[1](message)

    @Slot(object, object)
    def progress(self, a, b):
        if self.cb[2]:
            self.cb[2](a, b)

    @Slot()
    def cancelled(self):
        if self.cb[3]:
            self.cb[3]()


class Task:
    """fn(cancel, progress) runs in its own thread; callbacks run on the GUI thread."""
    live: set["Task"] = set()  # keep running tasks referenced until they end

    def __init__(self, fn: Callable, on_done=None, on_error=None, on_progress=None,
                 on_cancel=None):
        self.cancel_token = CancelToken()
        self.thread = QThread()
        self.job = _Job(fn, self.cancel_token)
        self.job.moveToThread(self.thread)
        self.thread.started.connect(self.job.run)
        for sig in (self.job.done, self.job.failed, self.job.cancelled):
            sig.connect(self.thread.quit, Qt.DirectConnection)
        self.relay = _Relay(on_done, on_error, on_progress, on_cancel)
        self.job.done.connect(self.relay.done)
        self.job.failed.connect(self.relay.failed)
        self.job.progress.connect(self.relay.progress)
        self.job.cancelled.connect(self.relay.cancelled)
        self.thread.finished.connect(lambda: Task.live.discard(self))
        Task.live.add(self)
        self.thread.start()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def wait(self, ms: int = 10000) -> bool:
        return self.thread.wait(ms)
