"""The candidate family tree (parent -> children) with a side-by-side diff of the selected
candidate against its parent or the initial prompt, and 'edit and continue'."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QPlainTextEdit, QPushButton, QRadioButton, QSpinBox,
                               QSplitter, QTextBrowser, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from ..core import run_record
from ..core.diff import side_by_side_html
from ..core.origins import Origin
from ..core.settings import RunConfig
from ..core.store import Store
from ..core.text import clip
from . import core_text, i18n

ORIGINS = {Origin.INITIAL: QT_TRANSLATE_NOOP("CandidatesView", "initial prompt"),
           Origin.EDITOR: QT_TRANSLATE_NOOP("CandidatesView", "editor"),
           Origin.USER: QT_TRANSLATE_NOOP("CandidatesView", "your edit"),
           Origin.FORMAT: QT_TRANSLATE_NOOP("CandidatesView", "answer-format rule"),
           Origin.OWN_WORDS: QT_TRANSLATE_NOOP("CandidatesView", "your own words"),
           Origin.DEMOS: QT_TRANSLATE_NOOP("CandidatesView", "examples"),
           Origin.REPHRASE: QT_TRANSLATE_NOOP("CandidatesView", "rephrased start"),
           Origin.PRUNED: QT_TRANSLATE_NOOP("CandidatesView", "pruned winner")}


def pct(x) -> str:
    return "—" if x is None else f"{x:.0%}"


def first_line(text: str, width: int = 90) -> str:
    """The first non-empty line, cut to `width` columns (a Han character takes two)."""
    return clip(next((ln for ln in text.splitlines() if ln.strip()), ""), width)


class EditDialog(QDialog):
    """Edit a text (a candidate or a summary) and choose how many iterations follow."""

    def __init__(self, title: str, intro: str, text: str, iterations: int, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.editor = QPlainTextEdit(text)
        self.editor.setMinimumSize(560, 220)
        self.iterations = QSpinBox(minimum=1, maximum=50, value=max(iterations, 1))
        form = QFormLayout()
        form.addRow(self.tr("Iterations from here"), self.iterations)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Continue from this edit"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(intro, wordWrap=True))
        lay.addWidget(self.editor)
        lay.addLayout(form)
        lay.addWidget(buttons)


class CandidatesView(QWidget):
    continue_requested = Signal(int, dict)  # iteration, branch_run keyword arguments

    def __init__(self, parent=None):
        super().__init__(parent)
        self.nodes: dict[str, run_record.Node] = {}
        self.initial = ""
        self.iterations = 1
        self.editable = True
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Candidate"), self.tr("Iteration"),
                                   self.tr("Origin"), self.tr("Validation"),
                                   self.tr("Train batch"), self.tr("Status")])
        self.tree.setColumnWidth(0, 360)
        self.tree.currentItemChanged.connect(lambda *_: self.show_selected())
        self.vs_parent = QRadioButton(self.tr("against its parent"), checked=True)
        self.vs_initial = QRadioButton(self.tr("against the initial prompt"))
        group = QButtonGroup(self)
        for b in (self.vs_parent, self.vs_initial):
            group.addButton(b)
            b.toggled.connect(lambda *_: self.show_selected())
        self.left_title = QLabel()
        self.right_title = QLabel()
        self.left = QTextBrowser()
        self.right = QTextBrowser()
        self.edit_btn = QPushButton(self.tr("Edit and continue from this candidate…"))
        self.edit_btn.setEnabled(False)
        self.edit_btn.clicked.connect(self.edit_selected)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Compare the selected candidate")))
        top.addWidget(self.vs_parent)
        top.addWidget(self.vs_initial)
        top.addStretch(1)
        top.addWidget(self.edit_btn)
        panes = QSplitter()
        for title, view in ((self.left_title, self.left), (self.right_title, self.right)):
            w = QWidget()
            lay = QVBoxLayout(w)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(title)
            lay.addWidget(view)
            panes.addWidget(w)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.addLayout(top)
        ll.addWidget(panes)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.tree)
        split.addWidget(lower)
        QVBoxLayout(self).addWidget(split)

    def load(self, store: Store, run_id: int | None) -> None:
        selected = self.selected_key()
        self.tree.clear()
        self.nodes = {}
        if run_id is None:
            return
        self.initial = run_record.initial_prompt(store, run_id) or ""
        self.iterations = RunConfig.from_dict(store.run(run_id)["config"]).iterations

        def add(node: run_record.Node, parent) -> None:
            self.nodes[node.key] = node
            status = self.tr("usable") if node.status == "ok" else \
                self.tr("rejected: {0}").format(core_text.translate(node.reason))
            item = QTreeWidgetItem([first_line(node.prompt), str(node.iteration),
                                    self.tr(ORIGINS.get(node.origin, node.origin)),
                                    pct(node.val_score), pct(node.train_score), status])
            item.setData(0, Qt.UserRole, node.key)
            item.setToolTip(0, node.prompt)
            if node.status != "ok":
                for c in range(6):
                    item.setForeground(c, QBrush(QColor("#888")))
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
            for child in node.children:
                add(child, item)
            if node.key == selected:
                self.tree.setCurrentItem(item)

        for root in run_record.tree(store, run_id):
            add(root, None)
        self.tree.expandAll()
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def selected_key(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.UserRole) if item else None

    def select(self, key: str) -> None:
        for item in self.tree.findItems("*", Qt.MatchWildcard | Qt.MatchRecursive):
            if item.data(0, Qt.UserRole) == key:
                self.tree.setCurrentItem(item)

    def show_selected(self) -> None:
        node = self.nodes.get(self.selected_key() or "")
        self.edit_btn.setEnabled(bool(node and node.status == "ok" and self.editable))
        if node is None:
            self.left.clear()
            self.right.clear()
            return
        parent = self.nodes.get(node.parent_key or "")
        if self.vs_initial.isChecked() or parent is None:
            old, title = self.initial, self.tr("Initial prompt")
        else:
            old, title = parent.prompt, self.tr("Parent (iteration {0}, validation {1})").format(
                parent.iteration, pct(parent.val_score))
        left, right = side_by_side_html(old, node.prompt, i18n.monospace_families())
        self.left_title.setText(f"<b>{title}</b>")
        self.right_title.setText("<b>" + self.tr("This candidate (iteration {0}, validation {1})")
                                 .format(node.iteration, pct(node.val_score)) + "</b>")
        self.left.setHtml(left)
        self.right.setHtml(right)

    def edit_selected(self) -> None:
        node = self.nodes.get(self.selected_key() or "")
        if node is None:
            return
        dlg = EditDialog(
            self.tr("Edit a candidate"),
            self.tr("Your version joins the candidates of iteration {0} as a child of this "
                    "one, is scored on the validation rows, and the search goes on from there "
                    "in a new run (this run stays as it is). Keep every placeholder.")
            .format(node.iteration), node.prompt, max(self.iterations - node.iteration, 1), self)
        if dlg.exec() == QDialog.Accepted:
            self.continue_requested.emit(node.iteration, {
                "candidates": [{"parent": node.prompt, "prompt": dlg.editor.toPlainText()}],
                "iterations_after": dlg.iterations.value()})
