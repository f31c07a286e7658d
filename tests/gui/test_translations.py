"""The Simplified Chinese interface: the translation is complete and current, every screen
shows it, the choice persists, and Han text renders with real glyphs."""
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QGroupBox, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QTabWidget, QTreeWidget,
                               QWidget, QWizard)

from gradsum.desktop import i18n
from gradsum.desktop.main_window import MainWindow
from gradsum.desktop.models_page import ModelsPage
from gradsum.desktop.settings_dialog import SettingsDialog
from gradsum.desktop.wizard import NewProjectWizard
from tests.gui.conftest import scripted

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "desktop" / "i18n" / "gradsum_zh_CN.ts"
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"  # PySide6's, beside the venv's python


def messages(path: Path) -> list[tuple[str, str, str, str | None]]:
    """(context, source, translation, type) for every message of a .ts file."""
    out = []
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            t = m.find("translation")
            forms = [f.text or "" for f in t.iter("numerusform")]  # a plural message's forms
            out.append((name, m.findtext("source"), forms[-1] if forms else t.text or "",
                        t.get("type")))
    return out


@pytest.fixture
def chinese(qapp):
    app = qapp
    assert i18n.install(app, system="zh_CN") == "zh_CN"
    yield app
    i18n.install(app, system="en_US")


def test_translation_is_complete_and_matches_the_code(tmp_path):
    """lupdate over the current code finds no string the .ts lacks, and none is unfinished."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    subprocess.run([str(LUPDATE), *map(str, sorted((ROOT / "desktop").glob(
        "*.py"))), "-ts", str(copy), "-no-obsolete", "-locations", "none"], check=True,
        capture_output=True)
    fresh = messages(copy)
    assert len(fresh) > 300
    assert {(c, s) for c, s, _, _ in fresh} == {(c, s) for c, s, _, _ in messages(TS)}
    assert [s for _, s, _, kind in fresh if kind in ("unfinished", "vanished")] == []


def test_english_plural_forms_are_complete_and_match_the_code(tmp_path):
    """gradsum_en.ts holds every plural message of the code (lupdate -pluralonly), each
    with its singular and plural form."""
    en = TS.with_name("gradsum_en.ts")
    copy = tmp_path / en.name
    shutil.copy(en, copy)
    subprocess.run([str(LUPDATE), *map(str, sorted((ROOT / "desktop").glob("*.py"))), "-ts",
                    str(copy), "-no-obsolete", "-locations", "none", "-pluralonly"],
                   check=True, capture_output=True)
    fresh = messages(copy)
    assert len(fresh) >= 5 and {(c, s) for c, s, _, _ in fresh} == {
        (c, s) for c, s, _, _ in messages(en)}
    assert [s for _, s, _, kind in fresh if kind in ("unfinished", "vanished")] == []
    plural = {c: [m for m in ctx.iter("message")] for ctx in ET.parse(en).getroot().iter(
        "context") for c in [ctx.findtext("name")]}
    for msgs in plural.values():
        for m in msgs:
            forms = [f.text for f in m.iter("numerusform")]
            assert len(forms) == 2 and all(forms) and forms[0] != forms[1], m.findtext("source")


@pytest.mark.parametrize("lang, one, two", [
    ("en_US", "Next run: 1 iteration ·", "Next run: 2 iterations ·"),
    ("zh_CN", "下次运行：1 轮 ·", "下次运行：2 轮 ·")])
def test_plural_forms_read_right_for_one_and_two_iterations(qapp, lang, one, two):
    from gradsum.core.messages import Message
    from gradsum.core.outcome import FINISHED, ended
    from gradsum.desktop import core_text
    i18n.install(qapp, system=lang)
    try:
        def next_run(n):
            return QCoreApplication.translate(
                "ProjectView", "Next run: %n iteration(s) · beam {0} · {1} candidates each · "
                "{2} train / {3} validation rows · {4}.", "", n)
        assert next_run(1).startswith(one) and next_run(2).startswith(two)
        done = [core_text.translate(ended(Message(FINISHED, count=n))) for n in (1, 2)]
        if lang == "en_US":
            assert done == ["Finished 1 iteration", "Finished 2 iterations"]
            assert core_text.translate(Message("no clear gain in {count} iteration(s)",
                                               count=1)) == "no clear gain in 1 iteration"
        else:
            assert done == ["已完成 1 轮", "已完成 2 轮"]
    finally:
        i18n.install(qapp, system="en_US")


def test_every_translation_keeps_placeholders_and_shortcuts():
    for ctx, src, zh, _ in messages(TS):
        fields = r"\{\w*(?::[^{}]*)?\}"  # {0}, {0:.0f}, {question}
        assert sorted(re.findall(fields, src)) == sorted(re.findall(fields, zh)) \
            or ctx == "TemplateForm", (src, zh)
        assert src.count("&") == zh.count("&"), (src, zh)
        words = re.sub(fields, "", src)  # a field's name is not a word to translate
        if re.search(r"[A-Za-z]{3}", words) and src not in ("GradSum Studio",):
            assert re.search(r"[\u4e00-\u9fff]", zh) or "(*." in src or src == "SHA-256", src


def test_generated_core_messages_are_current():
    """desktop/core_messages.py holds every GradSumError message of core/ and models/."""
    p = subprocess.run([sys.executable, str(ROOT / "scripts" / "core_messages.py"), "--check"],
                       capture_output=True)
    assert p.returncode == 0, "run: python scripts/core_messages.py (then translations.sh update)"


def real_errors(tmp_path) -> list[tuple[str, list[str]]]:
    """(core's message, parts the translation must keep) for errors a user can cause."""
    from gradsum.core.dataset import load
    from gradsum.core.errors import GradSumError
    from gradsum.core.store import Store
    from gradsum.core.template import check_against_columns
    bad = tmp_path / "坏数据.jsonl"
    bad.write_text('{"问题": "一"}\n{"问题": \n', "utf-8")
    notproject = tmp_path / "notes.gradsum"
    notproject.write_text("hello", "utf-8")
    out = []
    for make, keep in ((lambda: load(bad), ["坏数据.jsonl", "2"]),
                       (lambda: check_against_columns("{问题} {背景}", ["问题"]), ["{背景}"]),
                       (lambda: Store(notproject), ["notes.gradsum"]),
                       (lambda: load(tmp_path / "missing.csv"), ["missing.csv"])):
        with pytest.raises(GradSumError) as e:
            make()
        out.append((e.value.message, keep))
    return out


def test_core_errors_are_shown_in_chinese(chinese, tmp_path):
    from gradsum.desktop import core_text
    for message, keep in real_errors(tmp_path):
        shown = core_text.error(message)
        assert shown != message and re.search(r"[\u4e00-\u9fff]{4}", shown), message
        assert all(k in shown for k in keep), (message, shown)


def test_core_messages_are_translated_by_template_with_their_arguments(chinese):
    from gradsum.core.messages import Message, loaded, stored
    from gradsum.desktop import core_text
    reason = Message("unfinished (ran past {tokens} tokens); its complete sentences: {reason}",
                     tokens=96, reason=Message("not written in {language}", language="Chinese"))
    for shown in (core_text.translate(reason), core_text.translate(loaded(stored(reason)))):
        # the nested reason and the language name are translated too, the number kept
        assert "96" in shown and "中文" in shown and "written" not in shown, shown
    pct = Message("held-out test gain: {gain:+.1%} (95% interval {low:+.1%} to {high:+.1%}, "
                  "{rows} rows): {verdict}", gain=0.2, low=0.05, high=0.35, rows=60,
                  verdict="better")
    assert "+20.0%" in core_text.translate(pct) and "更好" in core_text.translate(pct)
    # text that is not a Message (an older project's stored English) is shown as written
    assert core_text.translate("duplicate, as an old project stored it") == \
        "duplicate, as an old project stored it"


def test_wizard_shows_a_data_error_in_chinese(qtbot, chinese, tmp_path):
    wizard = NewProjectWizard(folder=str(tmp_path))
    qtbot.addWidget(wizard)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"q": 1}\nnot json\n', "utf-8")
    wizard.data.set_file(bad)
    qtbot.waitUntil(lambda: not wizard.data.loading, timeout=10000)
    problem = wizard.data.problem()
    assert "bad.jsonl" in problem and "第 2 行" in problem, problem


def visible_texts(root: QWidget) -> list[str]:
    texts = []
    for w in [root, *root.findChildren(QWidget)]:
        texts.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            texts.append(w.placeholderText())
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTreeWidget):
            texts += [w.headerItem().text(i) for i in range(w.columnCount())]
        if isinstance(w, QAbstractItemView) and isinstance(w.model(), QAbstractTableModel):
            model = w.model()
            texts += [str(model.headerData(i, Qt.Horizontal) or "")
                      for i in range(model.columnCount())]
            texts += [str(model.headerData(i, Qt.Vertical) or "")
                      for i in range(min(model.rowCount(), 3))]
        for act in w.actions():
            texts.append(act.text())
            if act.menu():
                texts += [a.text() for a in act.menu().actions()]
    return [t for t in texts if t and t.strip()]


def untranslated(texts: list[str]) -> list[str]:
    """Texts that are an English source string shown as it is (values filled in or not)."""
    patterns = []
    for _, src, zh, _ in messages(TS):
        if src == zh or not re.search(r"[A-Za-z]{2}", re.sub(r"\{\d[^}]*\}", "", src)):
            continue  # the same in both languages (file filters, the product name)
        body = re.escape(src.replace("&", ""))
        patterns.append(re.compile(re.sub(r"\\\{\d[^}]*\\\}", ".*", body) + r"\Z", re.S))
    return sorted({t for t in texts for p in patterns if p.match(t.replace("&", ""))})


def test_every_screen_is_in_chinese(qtbot, chinese, demo):
    win = MainWindow(demo, scripted())
    qtbot.addWidget(win)
    win.show()
    view = win.view
    qtbot.mouseClick(view.run_panel.optimize_btn, Qt.LeftButton)
    qtbot.waitUntil(lambda: not view.running, timeout=30000)
    assert view.run_panel.step_label.text().startswith("已完成")
    # core's English (stop reason, run label, log notices) is shown translated too
    assert view.runs.currentText() == "运行 1 · 已完成"
    log = view.run_panel.log.toPlainText().splitlines()
    assert log and [ln for ln in log if not re.search(r"[\u4e00-\u9fff]", ln.split("'")[0])] == []
    rejected = [view.candidates.tree.topLevelItem(0)]
    while rejected:  # every status in the family tree, rejection reasons included
        item = rejected.pop()
        rejected += [item.child(i) for i in range(item.childCount())]
        assert re.search(r"[\u4e00-\u9fff]", item.text(5)), item.text(5)
    # reports exported from the Chinese interface read in Chinese
    from gradsum.desktop import exporting
    for fmt in ("html", "md"):
        out = demo.with_name(f"报告.{fmt}")
        assert exporting.export_to(win, demo, view.run_id, out, fmt)
        text = out.read_text("utf-8")
        assert "最佳提示词" in text and "已完成" in text, fmt
        assert "Stopped" not in text and "Finished" not in text and "(s)" not in text, fmt
    assert 'lang="zh-CN"' in demo.with_name("报告.html").read_text("utf-8")
    texts = []
    for i in range(view.tabs.count()):  # each tab filled with the finished run
        view.tabs.setCurrentIndex(i)
        texts += visible_texts(win)
    for a in win.menuBar().actions():
        texts.append(a.text())
        for sub in a.menu().actions():
            texts += [sub.text()] + ([x.text() for x in sub.menu().actions()]
                                     if sub.menu() else [])
    wizard = NewProjectWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    for _ in range(len(wizard.pageIds())):
        texts += visible_texts(wizard) + [wizard.currentPage().title(),
                                          wizard.currentPage().subTitle()]
        wizard.currentPage().isComplete = lambda: True  # walk every page
        wizard.next()
    settings = SettingsDialog(demo)
    qtbot.addWidget(settings)
    texts += visible_texts(settings)
    models = ModelsPage()
    qtbot.addWidget(models)
    texts += visible_texts(models)
    names = set(i18n.LANGUAGES.values())  # the language menu names each in its own language
    assert untranslated([t for t in texts if t not in names]) == []
    assert "文件(&F)" in texts and "优化" in texts and "数据行 × 候选" in texts
    assert wizard.buttonText(QWizard.NextButton).startswith("下一步")  # Qt's own strings
    assert sum(bool(re.search(r"[\u4e00-\u9fff]", t)) for t in texts) > 200


def test_progress_line_reads_in_chinese_word_order(chinese):
    from gradsum.core.progress import Progress
    from gradsum.desktop.run_panel import describe
    p = Progress("evaluation", 13, 30, 2, 0, 0, 0, 0.0, 0.0, None, split="val", prompts=3,
                 rows=10)
    assert describe(p) == "第 2 轮 · 正在评估候选 2/3 · 验证集第 3/10 行"


def test_language_follows_the_system_unless_chosen_in_the_menu(qtbot, demo, monkeypatch):
    assert i18n.resolve("", "zh_CN") == "zh_CN" and i18n.resolve("", "zh_SG") == "zh_CN"
    assert i18n.resolve("", "zh_TW") == "en" and i18n.resolve("", "de_DE") == "en"
    assert i18n.resolve("en", "zh_CN") == "en" and i18n.resolve("zh_CN", "en_US") == "zh_CN"
    app = QApplication.instance()
    win = MainWindow(demo, scripted())
    qtbot.addWidget(win)
    assert win.language_acts[""].isChecked()  # nothing chosen yet: the system's
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    win.language_acts["zh_CN"].trigger()
    assert asked and QSettings().value(i18n.KEY) == "zh_CN"  # kept; restart declined
    try:
        assert i18n.install(app, system="en_US") == "zh_CN"  # the choice beats the system
        again = MainWindow(demo, scripted())
        qtbot.addWidget(again)
        assert again.language_acts["zh_CN"].isChecked()
        assert again.menuBar().actions()[0].text() == "文件(&F)"
        again.language_acts["en"].trigger()
        assert i18n.install(app, system="zh_CN") == "en"
    finally:
        i18n.choose("")
        i18n.install(app, system="en_US")


def glyph(text: str, font: QFont) -> QImage:
    img = QImage(48, 48, QImage.Format_RGB32)
    img.fill(QColor("white"))
    qp = QPainter(img)
    qp.setFont(font)
    qp.setPen(QColor("black"))
    qp.drawText(img.rect(), Qt.AlignCenter, text)
    qp.end()
    return img


def test_han_characters_render_as_distinct_glyphs(chinese):
    family = i18n.cjk_family()
    assert family, "no font with Chinese glyphs, and the bundled one did not load"
    font = QApplication.instance().font()
    assert family in font.families()
    zhong, guo = glyph("中", font), glyph("国", font)
    # a missing glyph draws the same empty box for both; real glyphs differ (and are not blank)
    assert zhong != guo
    assert any(zhong.pixelColor(x, y) != QColor("white") for x in range(48) for y in range(48))


def test_reports_say_gain_and_selection_in_chinese(chinese):
    """The .md/.html report's gain line and selection note follow the interface language."""
    from gradsum.core import export
    from gradsum.desktop.exporting import report_labels
    res = {"best_prompt": "p", "initial_prompt": "p", "initial_val_score": 0.4,
           "best_val_score": 0.6, "test_score_initial": 0.3, "test_score_best": 0.5,
           "stop_reason": "finished 3 iteration(s)", "llm_calls": 10, "cached_calls": 0,
           "wall_s": 1.0, "iterations": [], "selection_outcome": "confirmed",
           "test_gain": {"rows": 60, "initial": 0.3, "final": 0.5, "gain": 0.2, "low": 0.1,
                         "high": 0.3, "verdict": "better"},
           "selection": {"rule": "family", "confirm_rows": 60, "family": [
               {"key": "k", "prompt": "p", "val": 0.6, "passed": True, "wins": 14, "losses": 2,
                "p": 0.002, "threshold": 0.025}]}}
    rep = {"project": {"name": "x", "task": "t", "criteria": "c"}, "result": res,
           "run": {"config": {}}, "summaries": [], "candidates": [], "models": []}
    for fmt in ("md", "html"):
        text = export.render(rep, fmt, report_labels())
        assert "held-out confirmation gain" not in text.lower() and "better than the starting" \
            not in text
        assert "+20.0%" in text and re.search(r"[\u4e00-\u9fff]{4}.*\+20\.0%", text)
    english = export.render(rep, "md")
    assert "held-out confirmation gain: +20.0%" in english
    assert "better than the starting prompt beyond chance on the 60 held-out" in english
