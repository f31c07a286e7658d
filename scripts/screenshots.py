"""Render the main screens into docs/screenshots/ (offscreen, with widget.grab()).

A new user's first run, as the app does it: the demo project with its own run settings (the
Quick preset) on the bundled model, the fit check in Project ▸ Settings first, the run in
progress, then its result; the other screens after it, with that real content. Run it under
Xvfb to see what a user sees (xvfb-run -a .venv/bin/python scripts/screenshots.py), or
offscreen. Usage: python scripts/screenshots.py [--out docs/screenshots] [--lang zh_CN]
(--lang zh_CN: the Chinese interface and the Chinese demo project, files named zh_CN-*.png)
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def select_first_child(tree) -> None:
    top = tree.topLevelItem(0)
    if top is not None and top.childCount():
        tree.setCurrentItem(top.child(0))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    ap.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="gradsum-shots-"))
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication
    QCoreApplication.setOrganizationName("GradSumShots")
    app = QApplication([])
    app.setStyle("Fusion")
    from gradsum.desktop import i18n
    i18n.install(app, system=args.lang)
    zh = args.lang == "zh_CN"
    prefix = "zh_CN-" if zh else ""
    from gradsum.core.demo import create_demo
    from gradsum.desktop.form_run import speed_key
    from gradsum.desktop.main_window import MainWindow
    from gradsum.desktop.settings_dialog import SettingsDialog
    from gradsum.desktop.wizard import NewProjectWizard

    def settle(n: int = 20) -> None:
        for _ in range(n):
            app.processEvents()
            time.sleep(0.01)

    def shot(widget, name: str) -> None:
        settle()
        widget.grab().save(str(out / (prefix + name)))
        print("wrote", out / (prefix + name))

    from gradsum.models.speed import measure
    speed = measure(__import__("gradsum.core.settings", fromlist=["ModelSpec"]).ModelSpec())
    QSettings().setValue(speed_key(None), f"{speed[0]:.1f},{speed[1]:.1f}")  # as measured
    path = tmp / ("示例.gradsum" if zh else "Demo.gradsum")
    create_demo(path, lang=args.lang).close()  # the demo as the app makes it
    win = MainWindow(path)
    win.resize(1280, 820)
    win.show()
    view = win.view
    shot(win, "project-before-run.png")
    dlg = SettingsDialog(path, win, tab="run")
    dlg.resize(900, 760)
    dlg.show()
    dlg.run.fit.start()  # the fit check, on the real model
    while dlg.run.fit.task is not None:
        settle(1)
    shot(dlg, "fit-check.png")
    dlg.close()
    view.start_run()
    shot_taken = False
    while view.running:
        settle(1)
        if not shot_taken and len(view.run_panel.chart.points) == 1 and \
                view.run_panel.step_label.text().startswith(("Iteration 1 ", "第 1 轮")):
            shot(win, "run-in-progress.png")
            shot_taken = True
    view.tabs.setCurrentWidget(view.results)
    shot(win, "main-window.png")  # the README's first picture: the finished run's result
    view.tabs.setCurrentWidget(view.run_panel)
    shot(win, "run-finished.png")
    view.tabs.setCurrentWidget(view.candidates)
    select_first_child(view.candidates.tree)
    shot(win, "candidates.png")
    view.tabs.setCurrentWidget(view.matrix)
    view.matrix.table.setCurrentIndex(view.matrix.model.index(0, 2))
    shot(win, "matrix.png")
    view.tabs.setCurrentWidget(view.feedback)
    select_first_child(view.feedback.tree)
    shot(win, "gradients.png")
    win.close_project()
    shot(win, "start-page.png")

    wz = NewProjectWizard(folder=str(tmp))
    wz.show()
    wz.name.name.setText("客服回复" if zh else "Support answers")
    wz.next()
    from importlib import resources
    data_file = "demo/zh_arithmetic.csv" if zh else "demo/object_counting.jsonl"
    with resources.as_file(resources.files("gradsum").joinpath(data_file)) as data:
        wz.data.set_file(Path(data))
        while wz.data.loading:
            settle(1)
    shot(wz, "wizard-data.png")
    wz.next()
    if zh:
        wz.template.editor.setPlainText("仔细计算。\n材料：{context}\n问题：{问题}\n主题：{主题}\n"
                                        "答案：")
    else:
        wz.template.editor.setPlainText("Count carefully.\nQuestion: {question}\n"
                                        "Topic: {topic}\nAnswer:")
    shot(wz, "wizard-template.png")
    wz.template.editor.setPlainText("仔细计算。\n材料：{context}\n问题：{问题}\n答案：" if zh
                                    else "Count carefully.\nQuestion: {question}\nAnswer:")
    wz.next()
    wz.criteria.use_example(1)
    shot(wz, "wizard-criteria.png")
    wz.next()
    wz.next()
    shot(wz, "wizard-optimization.png")
    wz.close()
    dlg = SettingsDialog(path)
    dlg.show()
    dlg.tabs.setCurrentWidget(dlg.forms["models"])
    shot(dlg, "settings-models.png")
    dlg.close()
    win.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
