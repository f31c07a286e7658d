"""One worker thread owns the engines (llama.cpp objects are not thread-safe) and runs the
core; the GUI talks to it only through signals and the cancel token."""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from ..core import project
from ..core.engine import CancelToken, Engine
from ..core.errors import Cancelled, GradSumError
from ..core.progress import Notice, Progress
from ..core.settings import ProjectSettings
from ..core.store import Store

EngineFactory = Callable[[ProjectSettings], dict[str, Engine]]


def default_engines(settings: ProjectSettings) -> dict[str, Engine]:
    from ..models.factory import load_engines
    return load_engines(settings)


class RunWorker(QObject):
    progress = Signal(object)   # core.progress.Progress
    notice = Signal(str, str)   # message, level
    finished = Signal(dict)     # the run's result
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, project_path: Path, run_id: int, factory: EngineFactory):
        super().__init__()
        self.project_path = project_path
        self.run_id = run_id
        self.factory = factory
        self.cancel_token = CancelToken()

    def cancel(self) -> None:  # called from the GUI thread: only sets a flag
        self.cancel_token.cancel()

    def _on_event(self, event) -> None:
        if isinstance(event, Progress):
            self.progress.emit(event)
        elif isinstance(event, Notice):
            self.notice.emit(event.message, event.level)

    @Slot()
    def run(self) -> None:
        store = None
        try:
            store = Store(self.project_path)  # this thread's own connection
            settings = project.load_settings(store)
            self.notice.emit("loading models…", "info")
            engines = self.factory(settings)
            for e in {id(x): x for x in engines.values()}.values():
                for note in getattr(e, "notes", []):
                    self.notice.emit(note, "warning")
            result = project.run(store, engines, self.run_id, self.cancel_token, self._on_event)
            self.finished.emit(result)
        except Cancelled:
            self.cancelled.emit()
        except GradSumError as e:
            self.failed.emit(str(e))
        except Exception:  # a bug: show it whole rather than die silently
            self.failed.emit(traceback.format_exc())
        finally:
            if store:
                store.close()


def start_worker(worker: RunWorker) -> QThread:
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # quit() is thread-safe; a direct call from the worker thread ends the loop at once,
    # where a queued one would wait for the GUI thread (which may be in thread.wait())
    for sig in (worker.finished, worker.failed, worker.cancelled):
        sig.connect(thread.quit, Qt.DirectConnection)
    thread.start()
    return thread
