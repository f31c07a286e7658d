"""Score per iteration, drawn with QPainter (QtCharts is in PySide6-Addons; the app ships with
Essentials only, to keep the bundle lean)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..core.run_record import Point

SERIES = (  # attribute, label, colour, dashed
    ("best_val", QT_TRANSLATE_NOOP("ScoreChart", "validation · best"), "#1b7f3b", False),
    ("beam_val", QT_TRANSLATE_NOOP("ScoreChart", "validation · beam mean"), "#1b7f3b", True),
    ("best_train", QT_TRANSLATE_NOOP("ScoreChart", "train batch · best"), "#1f5fbf", False),
    ("beam_train", QT_TRANSLATE_NOOP("ScoreChart", "train batch · beam mean"), "#1f5fbf", True),
)


class ScoreChart(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.points: list[Point] = []
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setToolTip(self.tr("Score of the prompts per iteration (0 = the starting prompt)"))

    def set_points(self, points: list[Point]) -> None:
        self.points = points
        self.update()

    def series(self, attr: str) -> list[tuple[int, float]]:
        return [(p.iteration, getattr(p, attr)) for p in self.points
                if getattr(p, attr) is not None]

    def paintEvent(self, _event) -> None:
        qp = QPainter(self)
        qp.setRenderHint(QPainter.Antialiasing)
        pal = self.palette()
        qp.fillRect(self.rect(), pal.base())
        fm = qp.fontMetrics()
        left, top, right, bottom = fm.horizontalAdvance("100%") + 12, 10, 12, fm.height() * 3 + 14
        plot = QRectF(left, top, max(self.width() - left - right, 10),
                      max(self.height() - top - bottom, 10))
        n = max((p.iteration for p in self.points), default=1) or 1
        text = pal.text().color()
        grid = QColor(text)
        grid.setAlpha(40)
        for frac in (0, 0.25, 0.5, 0.75, 1.0):  # horizontal grid with percent labels
            y = plot.bottom() - frac * plot.height()
            qp.setPen(QPen(grid, 1))
            qp.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            qp.setPen(text)
            qp.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                        Qt.AlignRight | Qt.AlignVCenter, f"{frac:.0%}")
        step = max(1, n // 10)
        for i in range(0, n + 1, step):  # iteration ticks
            x = plot.left() + plot.width() * i / n
            qp.drawText(QRectF(x - 20, plot.bottom() + 2, 40, fm.height()), Qt.AlignCenter, str(i))
        qp.drawText(QRectF(plot.left(), plot.bottom() + fm.height(), plot.width(), fm.height()),
                    Qt.AlignCenter, self.tr("iteration"))
        if not self.points:
            qp.drawText(plot, Qt.AlignCenter, self.tr("No scores yet: start a run."))
        for attr, label, colour, dashed in SERIES:
            pts = [QPointF(plot.left() + plot.width() * i / n, plot.bottom() - v * plot.height())
                   for i, v in self.series(attr)]
            pen = QPen(QColor(colour), 2, Qt.DashLine if dashed else Qt.SolidLine)
            qp.setPen(pen)
            if len(pts) > 1:
                path = QPainterPath(pts[0])
                for p in pts[1:]:
                    path.lineTo(p)
                qp.drawPath(path)
            qp.setBrush(QColor(colour))
            for p in pts:
                qp.drawEllipse(p, 2.5, 2.5)
            qp.setBrush(Qt.NoBrush)
        # legend: one row under the axis label
        x = plot.left()
        y = plot.bottom() + fm.height() * 2 + 6
        for attr, label, colour, dashed in SERIES:
            qp.setPen(QPen(QColor(colour), 2, Qt.DashLine if dashed else Qt.SolidLine))
            qp.drawLine(QPointF(x, y + fm.height() / 2), QPointF(x + 18, y + fm.height() / 2))
            qp.setPen(text)
            qp.drawText(QPointF(x + 22, y + fm.ascent()), self.tr(label))
            x += 22 + fm.horizontalAdvance(self.tr(label)) + 14
        qp.end()
