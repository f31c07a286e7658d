"""The held-out gain and the selection outcome in the interface's language: one wording for the
Results tab and the .md/.html reports (core/selection.py says the same in English)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.export import pct

# context "ResultsView": the phrases keep the translations they had on the Results tab


def gain_text(g: dict | None) -> str:
    if not g:
        return QCoreApplication.translate(
            "ResultsView", "No held-out test rows: the gain is not measured.")
    verdict = {"better": QCoreApplication.translate("ResultsView", "better"),
               "worse": QCoreApplication.translate("ResultsView", "worse"),
               "no clear difference": QCoreApplication.translate(
                   "ResultsView", "no clear difference")}[g["verdict"]]
    return QCoreApplication.translate(
        "ResultsView", "Held-out test gain: {0} (95% interval {1} to {2}, {3} rows): {4}."
    ).format(f"{g['gain']:+.1%}", f"{g['low']:+.1%}", f"{g['high']:+.1%}", g["rows"], verdict)


def selection_text(res: dict) -> str:
    """core/selection.note in the interface's language."""
    outcome = res.get("selection_outcome")
    if outcome == "no_win":
        return QCoreApplication.translate(
            "ResultsView", "No candidate beat the starting prompt on the validation rows by "
            "more than chance ({0} tried), so it is kept. Try more validation rows or "
            "iterations, edit a summary or a candidate on the other tabs, or use a larger "
            "optimizer model.").format(res.get("candidates_tried", 0))
    if outcome == "no_test":
        return QCoreApplication.translate(
            "ResultsView", "The best candidate beat the starting prompt on the validation rows "
            "beyond chance; there were no held-out test rows to confirm it.")
    if outcome == "not_confirmed":
        return QCoreApplication.translate(
            "ResultsView", "The best validation candidate ({0} vs {1}) was not better on the "
            "{2} held-out test rows, so the starting prompt is kept.").format(
            pct(res["candidate_val_score"]), pct(res["initial_val_score"]),
            (res.get("test_gain") or {}).get("rows", 0))
    if outcome == "confirmed":
        return QCoreApplication.translate(
            "ResultsView", "The best candidate beat the starting prompt on the validation rows "
            "beyond chance and was better on the held-out test rows.")
    return ""
