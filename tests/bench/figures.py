"""The per-label columns every bench table prints (core/labels.py): each prompt's balanced
accuracy and the answer spread's top share on the held-out rows, "n/a" for open answers."""
from __future__ import annotations

from gradsum.core.labels import LabelStanding

HEADER = f"{'bal. start':>10} {'bal. exp':>8} {'top start':>9} {'top exp':>7}"


def _cols(d: dict | None) -> tuple[str, str]:
    if not d:
        return "n/a", "n/a"
    s = LabelStanding.from_dict(d)
    top = s.top_answer()[1] / s.rows if s.rows else 0.0
    return f"{s.balanced:.1%}", f"{top:.0%}"


def label_columns(figures: dict | None) -> str:
    """'  48.0%    52.0%       30%     95%' from a result record's "labels"."""
    figures = figures or {}
    b0, t0 = _cols(figures.get("initial"))
    b1, t1 = _cols(figures.get("exported"))
    return f"{b0:>10} {b1:>8} {t0:>9} {t1:>7}"


def recalls(d: dict | None) -> str:
    """'plausible 74% implausible 0%' (per-label recall on the held-out rows)."""
    if not d:
        return "n/a"
    s = LabelStanding.from_dict(d)
    if s.by_position:
        return f"accuracy {s.accuracy:.0%}, chance {s.chance:.0%}"
    return " ".join(f"{k} {v:.0%}" for k, v in s.recall().items() if v is not None)
