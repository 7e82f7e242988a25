"""Render the application icon (``workstation/resources/icons/workstation.svg``) to the
PNG the program loads and the ICO that PyInstaller and Inno Setup put on Windows.

    python installer/make_icons.py

Run it after changing the SVG and commit the results: the build does not need it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "workstation" / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    svg = ICONS / "workstation.svg"
    for size in (256, 48, 32, 16):
        name = "workstation.png" if size == 256 else f"workstation-{size}.png"
        render(svg, size).save(str(ICONS / name))
    big = Image.open(ICONS / "workstation.png")
    big.save(ICONS / "workstation.ico", sizes=[(s, s) for s in SIZES])
    print(f"icons written to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
