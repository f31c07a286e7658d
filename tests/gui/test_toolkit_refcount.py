"""Guard for the Qt binding in use: PySide6 6.12.0 over-releases None on every Python
override of a virtual (paintEvent, data(), ...), so on Python 3.11 a long session crashes
("Fatal Python error: none_dealloc"). pyproject pins below 6.12; this catches a regression."""
import subprocess
import sys

SCRIPT = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
class W(QWidget):
    def paintEvent(self, event):
        return None
w = W()
w.show()
for _ in range(5000):
    w.repaint()
import gc
gc.collect()
print("ok")
"""


def test_thousands_of_python_overrides_do_not_corrupt_refcounts():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr[-500:]
