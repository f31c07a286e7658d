"""The PySide6 GUI: the only package that imports Qt. It holds no optimizer logic."""
