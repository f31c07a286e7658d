"""Draws the app icon (desktop/icons/gradsum-studio.png, 256 px): a nabla (the gradient) above a
summation bar on a rounded square. Run once when the design changes; the PNG is committed."""
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen  # noqa: E402,E501

OUT = Path(__file__).resolve().parents[1] / "desktop" / "icons" / "gradsum-studio.png"


def main() -> int:
    app = QGuiApplication(sys.argv)  # noqa: F841 (QPainter needs it)
    size = 256
    img = QImage(size, size, QImage.Format_ARGB32)
    img.fill(Qt.transparent)
    qp = QPainter(img)
    qp.setRenderHint(QPainter.Antialiasing)
    grad = QLinearGradient(0, 0, size, size)
    grad.setColorAt(0, QColor("#1f5fbf"))
    grad.setColorAt(1, QColor("#1b7f3b"))
    qp.setBrush(grad)
    qp.setPen(Qt.NoPen)
    qp.drawRoundedRect(QRectF(8, 8, size - 16, size - 16), 48, 48)
    nabla = QPainterPath()
    nabla.moveTo(QPointF(58, 62))
    nabla.lineTo(QPointF(198, 62))
    nabla.lineTo(QPointF(128, 180))
    nabla.closeSubpath()
    qp.setPen(QPen(QColor("white"), 16, Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin))
    qp.setBrush(Qt.NoBrush)
    qp.drawPath(nabla)
    qp.drawLine(QPointF(70, 210), QPointF(186, 210))
    qp.end()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    img.save(str(OUT))
    print("wrote", OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
