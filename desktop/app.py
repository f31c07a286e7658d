"""`gradsum-studio`: opens the last project, or the demo project on the bundled model.
`gradsum-studio --self-test` checks an installation without a screen (desktop/self_test.py)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..core import demo

ICON = Path(__file__).resolve().parent / "icons" / "gradsum-studio.png"


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QCoreApplication, QLocale, QSettings
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
        path = demo.demo_project(QLocale().name())  # i18n.install set the locale
    window = MainWindow(path)
    window.show()
    from .system_check_dialog import first_start_probe
    first_start_probe(window)  # in the background; speaks only when models cannot run
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
