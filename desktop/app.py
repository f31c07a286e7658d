"""`gradsum-studio`: opens the last project, or the demo project on the bundled model.
`gradsum-studio --self-test` checks an installation without a screen (desktop/self_test.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

ICON = Path(__file__).resolve().parent / "icons" / "gradsum-studio.png"


def data_dir() -> Path:
    d = Path(platformdirs.user_data_dir("gradsum-studio", appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d


def demo_project(lang: str | None = None) -> Path:
    """The demo project in the interface's language (a Chinese one for the Chinese UI)."""
    from ..core.demo import create_demo, demo_language
    if lang is None:  # i18n.install set the default locale to the interface language
        from PySide6.QtCore import QLocale
        lang = QLocale().name()
    lang = demo_language(lang)
    path = data_dir() / ("demo.gradsum" if lang == "en" else f"demo-{lang}.gradsum")
    if not path.exists():
        create_demo(path, lang=lang).close()
    return path


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    argv = sys.argv if argv is None else argv
    QCoreApplication.setOrganizationName("GradSum")
    QCoreApplication.setApplicationName("GradSum Studio")
    app = QApplication(argv)
    from . import i18n
    language = i18n.install(app)
    app.setWindowIcon(QIcon(str(ICON)))
    if "--self-test" in argv[1:]:
        from .self_test import run
        return run(app, language)
    try:  # the bundled model is in the library from the first start
        from ..models.library import Library
        Library().ensure_bundled()
    except Exception:  # a library that cannot be written must not stop the app
        pass
    args = [a for a in argv[1:] if not a.startswith("-")]
    last = QSettings().value("project/last")
    if args:
        path = Path(args[0])
    elif last and Path(last).exists():
        path = Path(last)
    else:
        path = demo_project()
    window = MainWindow(path)
    window.show()
    from .system_check_dialog import first_start_probe
    first_start_probe(window)  # in the background; speaks only when models cannot run
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
