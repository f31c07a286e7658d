"""The main window: menus, recent projects, drag and drop, and either the start page or the
open project. One EngineHost (the worker thread that owns the models) lives as long as the
window."""
from __future__ import annotations

from pathlib import Path

import sys

from PySide6.QtCore import QLocale, QProcess, QSettings
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QFileDialog, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QMessageBox, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
                               QHBoxLayout)

from ..core import demo, project
from ..core.dataset import FORMATS
from ..core.errors import GradSumError
from . import core_text, i18n
from .project_view import ProjectView
from .worker import EngineFactory, EngineHost, default_engines

MAX_RECENT = 10


def recent_projects() -> list[str]:
    value = QSettings().value("project/recent") or []
    if isinstance(value, str):
        value = [value]
    return [p for p in value if Path(p).exists()]


def restart() -> None:
    """Start the app again as it was started (a frozen bundle is its own executable)."""
    args = sys.argv[1:] if getattr(sys, "frozen", False) else sys.argv
    QProcess.startDetached(sys.executable, args)


def remember(path: Path) -> None:
    p = str(Path(path).resolve())
    QSettings().setValue("project/recent", [p] + [x for x in recent_projects() if x != p][
        :MAX_RECENT - 1])
    QSettings().setValue("project/last", p)


class StartPage(QWidget):
    def __init__(self, window: "MainWindow"):
        super().__init__()
        title = QLabel(self.tr("GradSum Studio"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        intro = QLabel(self.tr("Improve a prompt automatically with GRAD-SUM, on models that "
                               "run on this computer. Start a new project, open one, or try "
                               "the demo. You can also drop a data file or a .gradsum project "
                               "on this window."), wordWrap=True)
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: window.open_project(Path(item.text())))
        buttons = QHBoxLayout()
        for label, slot in ((self.tr("New project…"), window.new_project),
                            (self.tr("Open…"), window.choose_project),
                            (self.tr("Open the demo project"), window.open_demo)):
            b = QPushButton(label)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(intro)
        lay.addLayout(buttons)
        lay.addWidget(QLabel(self.tr("Recent projects")))
        lay.addWidget(self.recent, 1)

    def refresh(self) -> None:
        self.recent.clear()
        for p in recent_projects():
            self.recent.addItem(QListWidgetItem(p))


class MainWindow(QMainWindow):
    def __init__(self, project_path: Path | None = None,
                 factory: EngineFactory = default_engines, library=None):
        super().__init__()
        self.host = EngineHost(factory)
        self.library = library
        self.view: ProjectView | None = None
        self.wizard = None
        self.setWindowTitle("GradSum Studio")
        self.setAcceptDrops(True)
        self.stack = QStackedWidget()
        self.start_page = StartPage(self)
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)
        self._menus()
        geo = QSettings().value("window/geometry")
        if geo is not None:
            self.restoreGeometry(geo)
        else:
            self.resize(1200, 800)
        self.show_start()
        if project_path is not None:
            self.open_project(Path(project_path))

    # --- menus --------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _menus(self) -> None:
        f = self.menuBar().addMenu(self.tr("&File"))
        self._action(f, self.tr("&New project…"), self.new_project, QKeySequence.New)
        self._action(f, self.tr("&Open…"), self.choose_project, QKeySequence.Open)
        self.recent_menu = f.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(f, self.tr("Open the &demo project"), self.open_demo)
        f.addSeparator()
        self.save_as_act = self._action(f, self.tr("Save &as…"), self.save_as, QKeySequence.SaveAs)
        self.close_act = self._action(f, self.tr("&Close project"), self.close_project,
                                      QKeySequence.Close)
        f.addSeparator()
        self._action(f, self.tr("&Quit"), self.close, QKeySequence.Quit)
        p = self.menuBar().addMenu(self.tr("&Project"))
        self.settings_act = self._action(p, self.tr("&Settings…"), lambda: self.open_settings(""),
                                         "Ctrl+,")
        t = self.menuBar().addMenu(self.tr("&Tools"))
        self._action(t, self.tr("&Model library…"), self.show_models)
        self._action(t, self.tr("&Check a data file…"), self.choose_data_file)
        v = self.menuBar().addMenu(self.tr("&View"))
        lang = v.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        self.language_acts = {}
        for code, name in [("", self.tr("System default")), *i18n.LANGUAGES.items()]:
            act = self._action(lang, name, lambda _=False, c=code: self.set_language(c))
            act.setCheckable(True)
            act.setChecked(code == i18n.chosen())
            group.addAction(act)
            self.language_acts[code] = act
        h = self.menuBar().addMenu(self.tr("&Help"))
        self._action(h, self.tr("&System check…"), self.show_system_check)

    def show_system_check(self) -> None:
        from .system_check_dialog import SystemCheckDialog
        self.system_check = SystemCheckDialog(self)
        self.system_check.show()

    def set_language(self, code: str) -> None:
        """Kept for the next start; offers to restart now (a run in progress is asked about
        first and stays resumable)."""
        if code == i18n.chosen():
            return
        i18n.choose(code)
        answer = QMessageBox.question(
            self, self.tr("Language"),
            self.tr("The new language is used from the next start. Restart GradSum Studio "
                    "now?"), QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer == QMessageBox.Yes and self.close():
            restart()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for p in recent_projects():
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _=False, p=p: self.open_project(Path(p)))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def _project_actions(self, on: bool) -> None:
        for a in (self.save_as_act, self.close_act, self.settings_act):
            a.setEnabled(on)

    # --- projects -------------------------------------------------------------------------------
    def show_start(self) -> None:
        self.start_page.refresh()
        self.stack.setCurrentWidget(self.start_page)
        self.setWindowTitle("GradSum Studio")
        self._project_actions(False)

    def open_project(self, path: Path) -> bool:
        if not self._may_leave():
            return False
        try:
            view = ProjectView(Path(path), self.host)
        except GradSumError as e:
            QMessageBox.warning(self, self.tr("Cannot open project"), core_text.error(e))
            return False
        self._drop_view()
        self.view = view
        view.settings_requested.connect(self.open_settings)
        view.state_changed.connect(lambda running: self._project_actions(not running))
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        remember(path)
        self.setWindowTitle(f"{view.settings.name} — GradSum Studio")
        self._project_actions(True)
        return True

    def _may_leave(self) -> bool:
        if self.view and self.view.running:
            QMessageBox.information(self, self.tr("Run in progress"),
                                    self.tr("Cancel or finish the run first."))
            return False
        return True

    def _drop_view(self) -> None:
        if self.view is not None:
            self.view.close_store()
            self.stack.removeWidget(self.view)
            self.view.deleteLater()
            self.view = None

    def close_project(self) -> None:
        if self._may_leave():
            self._drop_view()
            self.show_start()

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), "",
                                              self.tr("GradSum projects") + " (*.gradsum)")
        if path:
            self.open_project(Path(path))

    def open_demo(self) -> None:
        self.open_project(demo.demo_project(QLocale().name()))

    def new_project(self, data_file: Path | None = None) -> None:
        from .wizard import NewProjectWizard
        folder = str(self.view.path.parent) if self.view else ""
        self.wizard = NewProjectWizard(self, folder=folder, library=self.library,
                                       data_file=data_file if isinstance(data_file, Path)
                                       else None)
        self.wizard.created.connect(lambda p: self.open_project(Path(p)))
        self.wizard.show()

    def save_as(self) -> None:
        if self.view is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save project as"),
                                              str(self.view.path.with_name(
                                                  self.view.path.stem + "-copy.gradsum")),
                                              self.tr("GradSum projects") + " (*.gradsum)")
        if path:
            self.save_copy(Path(path))

    def save_copy(self, dest: Path) -> bool:
        """Save a copy (core's project.save_copy) and open it. The file dialog has already
        asked before replacing an existing file."""
        try:
            dest = project.save_copy(self.view.store, dest, overwrite=True)
        except GradSumError as e:
            QMessageBox.warning(self, self.tr("Cannot save"), core_text.error(e))
            return False
        return self.open_project(dest)

    def open_settings(self, tab: str = "") -> None:
        if self.view is None:
            return
        if self.view.running:
            QMessageBox.information(self, self.tr("Run in progress"),
                                    self.tr("Settings can be changed when no run is going."))
            return
        from .settings_dialog import SettingsDialog
        dlg = SettingsDialog(self.view.path, self, self.library, tab or None)
        if dlg.exec():
            self.view.reload()
            self.setWindowTitle(f"{self.view.settings.name} — GradSum Studio")

    # --- tools ---------------------------------------------------------------------------------
    def show_models(self) -> None:
        from .models_page import ModelsPage
        self.models_page = ModelsPage(self.library)
        self.models_page.show()

    def choose_data_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Check a data file"), "",
                                              self.tr("Data") + " (*.csv *.tsv *.json *.jsonl)")
        if path:
            self.check_data_file(Path(path))

    def check_data_file(self, path: Path) -> None:
        """Read it in the background; report rows, columns and encoding, or the problem."""
        from .importer import import_in_background

        def report(text: str, icon) -> None:  # not modal: the window stays usable
            self.check_box = QMessageBox(icon, path.name, text, QMessageBox.Ok, self)
            self.check_box.open()

        self.statusBar().showMessage(self.tr("Reading {0}…").format(path.name))
        self.import_task = import_in_background(
            path, lambda ds: report(self.tr("{0} rows, columns {1}, encoding {2}.").format(
                len(ds.rows), ", ".join(ds.columns), ds.encoding), QMessageBox.Information),
            lambda msg: report(msg, QMessageBox.Warning))

    # --- drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and urls[0].isLocalFile() and self._droppable(Path(urls[0].toLocalFile())):
            event.acceptProposedAction()

    def _droppable(self, path: Path) -> bool:
        return path.suffix.lower() == ".gradsum" or path.suffix.lower() in FORMATS

    def dropEvent(self, event) -> None:
        path = Path(event.mimeData().urls()[0].toLocalFile())
        self.open_dropped(path)
        event.acceptProposedAction()

    def open_dropped(self, path: Path) -> None:
        """A project opens; a data file starts a new project with it."""
        if path.suffix.lower() == ".gradsum":
            self.open_project(path)
        elif self.wizard is not None and self.wizard.isVisible():
            self.wizard.data.set_file(path)
        else:
            self.new_project(path)

    # --- closing -------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if self.view is not None and self.view.running:
            answer = QMessageBox.question(
                self, self.tr("Run in progress"),
                self.tr("A run is in progress. Stop it and quit? It stays resumable."))
            if answer != QMessageBox.Yes:
                event.ignore()
                return
        self.host.stop()
        if self.view is not None:
            self.view.close_store()
        QSettings().setValue("window/geometry", self.saveGeometry())
        event.accept()
