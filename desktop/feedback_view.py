"""Each iteration's gradients and their summary, per beam prompt; a summary can be edited
and the search continued from it."""
from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QPushButton, QSplitter,
                               QTextBrowser, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ..core import run_record
from ..core.settings import RunConfig
from ..core.store import Store
from .candidates_view import EditDialog, first_line


class FeedbackView(QWidget):
    continue_requested = Signal(int, dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: dict[tuple[int, str], run_record.Feedback] = {}
        self.iterations = 1
        self.editable = True
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Iteration · beam prompt"), self.tr("Failures"),
                                   self.tr("Summary")])
        self.tree.setColumnWidth(0, 320)
        self.tree.currentItemChanged.connect(lambda *_: self.show_selected())
        self.text = QTextBrowser()
        self.edit_btn = QPushButton(self.tr("Edit this summary and continue…"))
        self.edit_btn.setEnabled(False)
        self.edit_btn.clicked.connect(self.edit_selected)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("The summary condenses the gradients into one change "
                                     "for the editor (GRAD-SUM step 4).")))
        bar.addStretch(1)
        bar.addWidget(self.edit_btn)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(bar)
        rl.addWidget(self.text)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setSizes([380, 600])
        QVBoxLayout(self).addWidget(split)

    def load(self, store: Store, run_id: int | None) -> None:
        current = self.current()
        self.tree.clear()
        self.items = {}
        if run_id is None:
            return
        self.iterations = RunConfig.from_dict(store.run(run_id)["config"]).iterations
        for it, entries in run_record.iteration_feedback(store, run_id).items():
            top = QTreeWidgetItem([self.tr("Iteration {0}").format(it),
                                   str(sum(len(f.gradients) for f in entries)), ""])
            self.tree.addTopLevelItem(top)
            for f in entries:
                self.items[(it, f.prompt_key)] = f
                summary = (self.tr("(edited) ") if f.summary_edited else "") + \
                    first_line(f.summary or "—", 60)
                child = QTreeWidgetItem([first_line(f.prompt, 60), str(len(f.gradients)),
                                         summary])
                child.setData(0, Qt.UserRole, (it, f.prompt_key))
                child.setToolTip(0, f.prompt)
                top.addChild(child)
                if (it, f.prompt_key) == current:
                    self.tree.setCurrentItem(child)
            top.setExpanded(True)

    def current(self) -> tuple[int, str] | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.UserRole) if item else None

    def show_selected(self) -> None:
        key = self.current()
        f = self.items.get(key) if key else None
        self.edit_btn.setEnabled(bool(f and f.summary and self.editable))
        if f is None:
            self.text.setHtml("<p>" + escape(self.tr("Select a beam prompt of an iteration to "
                                                     "read its gradients and summary.")) + "</p>")
            return
        summary = self.tr("Summary (edited by you)") if f.summary_edited else self.tr("Summary")
        parts = ["<h3>" + self.tr("Prompt") + f"</h3><pre>{escape(f.prompt)}</pre>",
                 f"<h3>{summary}</h3><p>"
                 + escape(f.summary or self.tr("none: every row passed")) + "</p>",
                 "<h3>" + self.tr("Gradients ({0})").format(len(f.gradients)) + "</h3><ol>"]
        parts += ["<li><i>" + self.tr("row {0}").format(rid) + f"</i>: {escape(g)}</li>"
                  for rid, g in f.gradients]
        self.text.setHtml("".join(parts) + "</ol>")

    def edit_selected(self) -> None:
        key = self.current()
        f = self.items.get(key) if key else None
        if f is None:
            return
        it = key[0]
        dlg = EditDialog(
            self.tr("Edit a summary"),
            self.tr("The editor of iteration {0} will rewrite this prompt from your summary "
                    "instead of the model's. The search continues in a new run; everything "
                    "before this step comes from the cache.").format(it),
            f.summary or "", max(self.iterations - it + 1, 1), self)
        if dlg.exec() == QDialog.Accepted:
            self.continue_requested.emit(it, {
                "summaries": [{"parent": f.prompt, "text": dlg.editor.toPlainText()}],
                "iterations_after": dlg.iterations.value()})
