"""Child process of test_screen_fit: the main window on a screen of a given size (Qt's
offscreen platform with a screen configuration), logged in as the administrator (every tab),
with a remembered geometry from a far bigger screen. Prints one JSON line of what lies off
the screen."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from sqlalchemy import select

from workstation.db import open_database
from workstation.models import ServicePoint
from workstation.services.admin import staff as staff_service
from workstation.services.context import Actor
from workstation.ui.app import make_application
from workstation.ui.context import AppContext, ServicePointInfo
from workstation.ui.main_window import MainWindow, TabSlot


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def main() -> None:
    app = make_application("zh_CN")
    folder = Path(tempfile.mkdtemp())
    db = open_database(f"sqlite:///{folder / 'fit.sqlite3'}")
    with db.begin() as s:
        admin = staff_service.create_first_admin(s, "root", "管理员", "secret-pass-1")
        point = s.scalar(select(ServicePoint).where(ServicePoint.name == "综合借阅处"))
        assert point is not None
        actor = Actor.of(admin, "fit", point.id)
        info = ServicePointInfo(point.id, point.name, point.kind)
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    big = QWidget()
    big.setGeometry(2500, 1800, 1900, 1300)  # remembered from another, bigger monitor
    settings.setValue("main_window/geometry", big.saveGeometry())
    window = MainWindow(AppContext(db, actor, info, settings))
    window.show()
    app.processEvents()
    screen = window.screen().availableGeometry()
    result: dict[str, object] = {"screen": [screen.width(), screen.height()],
                                 "window": [window.x(), window.y(), window.width(), window.height()],
                                 "window_inside": screen.contains(window.frameGeometry()),
                                 "tabs": {}}
    shots = sys.argv[1] if len(sys.argv) > 1 else None
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        slot = window.tabs.currentWidget()
        assert isinstance(slot, TabSlot) and slot.page is not None
        page = slot.page
        buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]
        off_screen = [b.objectName() or b.text() for b in buttons if not screen.contains(global_rect(b))]
        unreachable = []
        for button in buttons:
            slot.scroll_area.ensureWidgetVisible(button, 0, 0)
            app.processEvents()
            view = QRect(slot.scroll_area.viewport().mapToGlobal(QPoint(0, 0)), slot.scroll_area.viewport().size())
            if not (view.contains(global_rect(button)) and screen.contains(global_rect(button))):
                unreachable.append(button.objectName() or button.text())
        slot.scroll_area.ensureVisible(0, 0)
        app.processEvents()
        if shots:
            window.grab().save(f"{shots}-{page.objectName()}.png")
        result["tabs"][page.objectName()] = {"buttons": len(buttons), "off_screen": off_screen,  # type: ignore[index]
                                             "unreachable": unreachable}
    status = window.statusBar()
    result["status_bar_inside"] = screen.contains(global_rect(status))
    print(json.dumps(result, ensure_ascii=False), flush=True)
    window.close()
    db.dispose()
    QApplication.processEvents()


if __name__ == "__main__":
    main()
