"""The application icon, kept apart from the About dialog so that start-up does not load
what that dialog needs (package metadata of every component)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from workstation.resources import RESOURCES

ICON_DIR = RESOURCES / "icons"
ICON_FILE = ICON_DIR / "workstation.png"


def app_icon() -> QIcon:
    """The application icon (an open book), in every size shipped."""
    icon = QIcon()
    for path in sorted(ICON_DIR.glob("workstation*.png")):
        icon.addFile(str(path))
    return icon
