"""Word-level diff of two prompts, for the GUI's side-by-side view and the HTML report.

Latin text is compared word by word; CJK text has no spaces, so each CJK character is its
own token (a line-level diff would mark a whole Chinese prompt as changed).
"""
from __future__ import annotations

import difflib
import re
from html import escape

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]|\{[^{}\s]*\}|\w+|\s+|[^\w\s]",
                    re.UNICODE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op 'equal', 'delete' or 'insert'; joined, the equal+delete parts
    give `old` and the equal+insert parts give `new`."""
    a, b = tokens(old), tokens(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("insert", "".join(b[j1:j2])))
    return out


def similarity(old: str, new: str) -> float:
    return difflib.SequenceMatcher(None, tokens(old), tokens(new), autojunk=False).ratio()


STYLE = {"delete": "background:#fdd;color:#900;text-decoration:line-through",
         "insert": "background:#dfd;color:#060"}


def side_by_side_html(old: str, new: str, font: str = "monospace") -> tuple[str, str]:
    """Two HTML fragments: the old text with deletions marked, the new with insertions.
    font: a CSS font-family list (the GUI adds a family with CJK glyphs)."""
    left, right = [], []
    for op, text in diff(old, new):
        t = escape(text).replace("\n", "<br>")
        if op == "equal":
            left.append(t)
            right.append(t)
        elif op == "delete":
            left.append(f'<span style="{STYLE["delete"]}">{t}</span>')
        else:
            right.append(f'<span style="{STYLE["insert"]}">{t}</span>')
    wrap = '<div style="white-space:pre-wrap;font-family:' + font + '">{}</div>'
    return wrap.format("".join(left)), wrap.format("".join(right))


def inline_html(old: str, new: str) -> str:
    """One fragment with deletions struck through and insertions highlighted."""
    parts = []
    for op, text in diff(old, new):
        t = escape(text).replace("\n", "<br>")
        parts.append(t if op == "equal" else f'<span style="{STYLE[op]}">{t}</span>')
    return '<div style="white-space:pre-wrap;font-family:monospace">' + "".join(parts) + "</div>"
