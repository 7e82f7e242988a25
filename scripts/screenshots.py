"""Screenshots of every tab on the demo database, in Chinese, for the README.

    python scripts/screenshots.py [--db PATH] [--out docs/screenshots] [--lang zh_CN|en]
    python scripts/screenshots.py --screen 1366x768 --tabs circulation_tab,reading_tab
    python scripts/screenshots.py --screen 1600x1000 --scale 1.5 --tabs circulation_tab,reading_tab

Opens the program offscreen on the demo database (built first with ``workstation demo
--no-gui`` if it is missing), logged in as the demo administrator (who sees every tab) at
the general lending desk,
in a 1280×800 window, and saves one PNG per tab (``01-流通借还.png`` …), or per page of a tab that has pages
(``02-阅览室-2-日历与月份.png``), showing 2019 where a tab starts at the current year. The pictures are
quantised to a palette without dithering, to keep the repository small.

With ``--screen WxH`` (and ``--scale``, the desktop's scaling) the window opens as it would on
such a screen (Qt's offscreen platform given that screen), fitted to it, and the names end
in the screen (``01-流通借还-1366x768.png``, ``…-1600x1000-150pct.png``): a check that every control stays reachable on
small and scaled screens.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
DEMO_YEAR = 2019
sys.path.insert(0, str(ROOT))


def main() -> None:
    from workstation.commands.demo import default_demo_url, sqlite_path

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=sqlite_path(default_demo_url()))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--point", default="综合借阅处", help="service point to log in at")
    parser.add_argument("--lang", default="zh_CN", help="interface language: zh_CN or en")
    parser.add_argument("--user", default="demo-admin", help="demo account to show the program as")
    parser.add_argument("--screen", help="pretend the screen is WxH pixels, e.g. 1366x768")
    parser.add_argument("--scale", type=float, default=1.0, help="the desktop's scaling with --screen, e.g. 1.5")
    parser.add_argument("--tabs", help="only these tabs (object names, comma-separated), e.g. circulation_tab")
    args = parser.parse_args()
    suffix = ""
    if args.screen:
        import json

        width, height = (int(n) for n in args.screen.lower().split("x"))
        config = Path(tempfile.mkdtemp()) / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": "desk", "x": 0, "y": 0, "width": width, "height": height,
                                                   "logicalDpi": round(96 * args.scale), "logicalBaseDpi": 96,
                                                   "dpr": 1}]}), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"  # before Qt is loaded
        suffix = f"-{width}x{height}" + (f"-{round(args.scale * 100)}pct" if args.scale != 1 else "")
    wanted = set(args.tabs.split(",")) if args.tabs else None
    if not args.db.exists():
        subprocess.run([sys.executable, "-m", "workstation", "demo", "--no-gui", "--db", str(args.db)], cwd=ROOT,
                       check=True)

    from PySide6.QtCore import QDate, QSettings, Qt, QThreadPool
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QCalendarWidget, QSpinBox, QTabWidget, QWidget
    from sqlalchemy import select

    from workstation.db import open_database
    from workstation.models import ServicePoint, Staff
    from workstation.services.context import Actor
    from workstation.ui.app import make_application
    from workstation.ui.context import AppContext, ServicePointInfo
    from workstation.ui.main_window import MainWindow

    app = make_application(args.lang)
    db = open_database(f"sqlite:///{args.db}")
    with db.begin() as s:
        staff = s.scalar(select(Staff).where(Staff.username == args.user))
        point = s.scalar(select(ServicePoint).where(ServicePoint.name == args.point))
        assert staff is not None and point is not None, "not a demo database"
        actor = Actor.of(staff, "screenshots", point.id)
        info = ServicePointInfo(point.id, point.name, point.kind)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "screenshots.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(db, actor, info, settings), demo=True)
    if args.screen:
        window.fit_to_screen()  # as it opens there: the default size, brought within the screen
    else:
        window.resize(1280, 800)
    window.show()
    # the status bar names the database file only, not where it lies on this computer
    window.db_label.setText(window.tr("Database: {where}").format(where=args.db.name))
    args.out.mkdir(parents=True, exist_ok=True)

    def settle(seconds: float = 1.5) -> None:
        """Until background reads have answered (the Reports tab reads its figures in a worker)."""
        for _ in range(5):
            app.processEvents()
            QThreadPool.globalInstance().waitForDone(10_000)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)

    def show_demo_year(widget: QWidget) -> None:
        """Year fields and calendars start at today; the demo's data is in 2019."""
        this_year = QDate.currentDate().year()
        for box in widget.findChildren(QSpinBox):  # this year, or the last whole one (Reports)
            if box.value() in (this_year, this_year - 1) and box.minimum() <= DEMO_YEAR:
                box.setValue(DEMO_YEAR)
        for calendar in widget.findChildren(QCalendarWidget):
            calendar.setSelectedDate(QDate(DEMO_YEAR, 8, 16))
            calendar.setCurrentPage(DEMO_YEAR, 8)

    def save(name: str, widget: QWidget | None = None) -> None:
        target = args.out / f"{name}.png"
        image = (widget or window).grab().toImage().convertToFormat(
            QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.AvoidDither | Qt.ImageConversionFlag.ThresholdDither)
        image.save(str(target), "PNG", 0)
        print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} "
              f"({target.stat().st_size // 1024} KiB)")

    def clean(text: str) -> str:
        return re.sub(r"[^\w]+", "", text.replace("&", ""))

    def desk_windows(tab: Any, name: str) -> None:
        """The desk's record and history windows, for a reader with loans and one of their items."""
        from workstation.models.circulation import Loan

        with db.begin() as s:
            reader_id, item_id = s.execute(select(Loan.reader_id, Loan.item_id).where(Loan.returned_at.is_(None))
                                           .order_by(Loan.id.desc()).limit(1)).one()
        tab.start_reader(reader_id)
        for dialog in (tab.open_reader_record(reader_id), tab.open_item_record(item_id),
                       tab.open_history(reader_id=reader_id)):
            dialog.resize(max(dialog.width(), 1000), max(dialog.height(), 560))
            settle()
            save(f"{name}-{clean(dialog.windowTitle().split(' — ')[0])}", dialog)
            dialog.close()
        tab.end_reader()

    settle()
    for i in range(window.tabs.count()):
        if wanted is not None and window.slots[i].spec.object_name not in wanted:
            continue
        window.tabs.setCurrentIndex(i)
        page = window.current_tab()
        show_demo_year(page)
        settle()
        name = f"{i + 1:02d}-{clean(window.tabs.tabText(i)) or f'tab{i + 1}'}"
        inner = getattr(page, "pages", None)
        if isinstance(inner, QTabWidget) and inner.count() > 1:
            for k in range(inner.count()):
                inner.setCurrentIndex(k)
                show_demo_year(inner.widget(k))
                settle()
                save(f"{name}-{k + 1}-{clean(inner.tabText(k))}{suffix}")
            inner.setCurrentIndex(0)
        else:
            save(f"{name}{suffix}")
        if page.objectName() == "circulation_tab" and not args.screen:
            desk_windows(page, name)
    window.close()
    db.dispose()


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # PySide6 may crash while the interpreter tears Qt objects down
