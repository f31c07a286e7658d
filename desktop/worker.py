"""One worker thread owns the engines for the window's lifetime (llama.cpp objects are not
thread-safe, and loading a model takes seconds, so a pause or a resume must not reload it).
The GUI talks to it only through signals and the run's cancel token; the worker opens its
own SQLite connection for each run."""
from __future__ import annotations

import json
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..core import fit_check, project
from ..core.engine import CancelToken, Engine, engine_notes
from ..core.errors import Cancelled, GradSumError
from ..core.plan import RunPlan
from ..core.progress import Notice, Progress
from ..core.settings import ProjectSettings, RunConfig
from ..core.store import Store

EngineFactory = Callable[[ProjectSettings], dict[str, Engine]]


def default_engines(settings: ProjectSettings) -> dict[str, Engine]:
    from ..models.factory import load_engines
    return load_engines(settings)


class EngineHost(QObject):
    progress = Signal(object)   # core.progress.Progress
    notice = Signal(object, str)  # message (a str, or core's Message), level
    checked = Signal(object)    # core.fit_check.FitReport: a first run checked the model first
    finished = Signal(object)   # the run's result (a dict)
    failed = Signal(object)     # core's Message, or a traceback (str)
    cancelled = Signal()
    _start = Signal(str, int)   # queued into the worker thread
    _close = Signal()

    def __init__(self, factory: EngineFactory = default_engines):
        super().__init__()
        self.factory = factory
        self.engines: dict[str, Engine] | None = None
        self.engines_for: str | None = None
        self.token = CancelToken()
        self.running = False
        self.thread = QThread()
        self.thread.setObjectName("gradsum-engine")
        self.moveToThread(self.thread)
        self._start.connect(self._run)
        self._close.connect(self._shutdown)
        self.thread.start()

    # --- called on the GUI thread: they only set flags or queue work -------------------------
    def start(self, project_path: Path, run_id: int) -> None:
        if self.running:
            raise GradSumError("A run is already in progress.")
        self.running = True
        self.token = CancelToken()
        self._start.emit(str(project_path), run_id)

    def cancel(self) -> None:
        self.token.cancel()

    def pause(self) -> None:
        self.token.pause()

    def resume(self) -> None:
        self.token.resume()

    @property
    def paused(self) -> bool:
        return self.token.paused

    def stop(self, wait_ms: int = 15000) -> bool:
        """Cancel any run, free the models on their own thread, end the thread."""
        self.token.cancel()
        self._close.emit()
        return self.thread.wait(wait_ms)

    # --- the worker thread --------------------------------------------------------------------
    def _on_event(self, event) -> None:
        if isinstance(event, Progress):
            self.progress.emit(event)
        elif isinstance(event, Notice):
            self.notice.emit(event.message, event.level)

    def _load(self, settings: ProjectSettings) -> dict[str, Engine]:
        key = json.dumps(settings.to_dict()["models"], sort_keys=True)
        dead = any(not getattr(e, "alive", True) for e in (self.engines or {}).values())
        if self.engines is None or key != self.engines_for or dead:  # a crashed model reloads
            self._free()
            self.notice.emit(self.tr("loading models…"), "info")
            self.engines = self.factory(settings)
            self.engines_for = key
            for note in engine_notes(self.engines):
                self.notice.emit(note, "warning")
        return self.engines

    def _free(self) -> None:
        for e in {id(x): x for x in (self.engines or {}).values()}.values():
            try:
                e.close()
            except Exception:
                pass
        self.engines = self.engines_for = None

    @Slot(str, int)
    def _run(self, path: str, run_id: int) -> None:
        store = None
        token = self.token
        outcome: tuple = ()
        try:
            store = Store(Path(path))  # this thread's own connection
            settings = project.load_settings(store)
            engines = self._load(settings)
            self._check_first(store, engines, settings, run_id, token)
            outcome = (self.finished, project.run(store, engines, run_id, token,
                                                  self._on_event))
        except Cancelled:
            outcome = (self.cancelled,)
        except GradSumError as e:
            outcome = (self.failed, e.message)
        except Exception:  # a bug: show it whole rather than die silently
            self._free()  # an engine that raised may be in a bad state
            outcome = (self.failed, traceback.format_exc())
        finally:
            if store:
                store.close()
            self.running = False  # before the signal: its slot may start the next run
        outcome[0].emit(*outcome[1:])

    def _check_first(self, store: Store, engines, settings, run_id: int, token) -> None:
        """A run on a project never checked with these settings runs the fit check first
        (core/fit_check.py) and shows it: its calls are the run's first, so they come back
        from the cache and cost the run nothing."""
        run = store.run(run_id)
        config = RunConfig.from_dict(run["config"])
        if RunPlan.of_run(run).evaluation_only or fit_check.checked(store, settings, config):
            return
        self.notice.emit(self.tr("checking the model on this task first…"), "info")
        try:
            report = fit_check.check(store, engines, settings, config, token, self._on_event)
        except Cancelled:  # the run is left as a cancel leaves it: resumable
            store.update_run(run_id, status="cancelled")
            raise
        self.checked.emit(report)

    @Slot()
    def _shutdown(self) -> None:
        self._free()
        self.thread.quit()
