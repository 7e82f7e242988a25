"""Screenshots of the bookmobile's offline desk and of the sync and exceptions screen, for
the user guides (docs/screenshots/10-流动图书车-*.png).

    python scripts/bookmobile_screenshots.py [--lang zh_CN|en] [--out docs/screenshots]

Makes a small library in a temporary database, prepares a trip for vehicle 1, works it
offline (a reader, three books, a new reader, a return) on the trip store with the
program's main window and its 离线 banner, then syncs it and a second trip whose books the
library lent again meanwhile, and shows the Bookmobile tab with the exceptions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="zh_CN")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings, Qt, QThreadPool
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget
    from sqlalchemy import insert, select

    from workstation import timeutil
    from workstation.db import open_database
    from workstation.models import Role, ServicePoint, ServicePointKind
    from workstation.models.circulation import CollectionType, IdType, Item, Reader, ReaderCategory
    from workstation.models.outreach import BookmobileVehicle
    from workstation.services.admin import staff as staff_service
    from workstation.services.bookmobile import store, sync
    from workstation.services.circulation import loans
    from workstation.services.circulation.desk import DeskSession, Mode
    from workstation.services.context import Actor
    from workstation.ui.app import make_application
    from workstation.ui.bookmobile.tab import BookmobileTab
    from workstation.ui.context import AppContext, ServicePointInfo
    from workstation.ui.main_window import MainWindow

    app = make_application(args.lang)
    work = Path(tempfile.mkdtemp(prefix="bookmobile-shots-"))
    db = open_database(f"sqlite:///{work / 'library.sqlite3'}")
    names = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊"]
    with db.begin() as s:
        point = s.scalar(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE))
        desk_point = s.scalar(select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.LENDING_DESK))
        assert point is not None and desk_point is not None
        point_id, point_name = point.id, point.name
        vehicles = list(s.scalars(select(BookmobileVehicle.id).order_by(BookmobileVehicle.id)))
        root = staff_service.create_first_admin(s, "root", "系统管理员", "shots-pass-1")
        admin = Actor.of(root, "shots")
        clerk = staff_service.create_staff(s, admin, "zhaomin", "赵敏", Role.MANAGER, "shots-pass-1")
        actor = Actor.of(clerk, "shots", point_id)
        s.execute(insert(Reader), [
            {"card_number": f"R{i:06d}", "name": name, "category": ReaderCategory.ADULT, "id_type": IdType.OTHER,
             "registered_point_id": desk_point, "valid_until": dt.date(2030, 12, 31)} for i, name in enumerate(names)])
        titles = ["平凡的世界", "白鹿原", "活着", "围城", "红岩", "三体", "呐喊", "骆驼祥子"]
        s.execute(insert(Item), [{"barcode": f"B{i:07d}", "title": title, "collection_type": CollectionType.BOOK,
                                  "home_point_id": point_id} for i, title in enumerate(titles)])
        desk = Actor.of(clerk, "shots", desk_point)
    one, two = work / "vehicle1.sqlite3", work / "vehicle2.sqlite3"
    with db.begin() as s:
        store.prepare_trip(s, actor, vehicles[0], one)
        store.prepare_trip(s, actor, vehicles[1], two)
    with db.begin() as s:  # a loan out when the trip leaves: returned on the road
        reader = s.scalar(select(Reader.id).where(Reader.card_number == "R000005"))
        assert reader is not None
        loans.checkout(s, desk, reader, "B0000007", now=timeutil.now_utc() - dt.timedelta(days=10))

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
            QThreadPool.globalInstance().waitForDone(10_000)
        app.processEvents()

    def save(widget: QWidget, name: str) -> None:
        target = args.out / f"{name}.png"
        image = widget.grab().toImage().convertToFormat(
            QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.AvoidDither | Qt.ImageConversionFlag.ThresholdDither)
        image.save(str(target), "PNG", 0)  # type: ignore[call-overload]
        print(target.name, target.stat().st_size // 1024, "KiB")

    # -- on the road, vehicle 1 -------------------------------------------------------------
    trip = store.open_trip(one)
    settings = QSettings(str(work / "shots.ini"), QSettings.Format.IniFormat)
    context = AppContext(trip.db, actor, ServicePointInfo(point_id, point_name, ServicePointKind.BOOKMOBILE),
                         settings)
    context.trip = trip
    window = MainWindow(context)
    window.resize(1280, 800)
    window.show()
    window.db_label.setText(window.tr("Database: {where}").format(where=one.name))
    window.tabs.setCurrentIndex(0)
    settle()
    tab = window.current_tab()
    tab.stop_combo.setCurrentIndex(3)  # type: ignore[union-attr]
    settle()
    for code in ("R000000", "B0000000", "B0000001", "B0000002"):
        tab.scan.setText(code)  # type: ignore[union-attr]
        tab.scan.returnPressed.emit()  # type: ignore[union-attr]
        settle()
    save(window, "10-流动图书车-1-离线借还")
    d = tab.desk  # type: ignore[union-attr]
    d.register_reader(card_number=store.next_card(trip), name="孙丽", category="adult", id_type="other",
                      id_number="NEW20261206")
    d.set_mode(Mode.RETURN)
    d.scan("B0000007")
    window.close()
    trip.close()
    # -- vehicle 2: lent two books the library lent again later ------------------------------
    trip2 = store.open_trip(two)
    d2 = DeskSession(trip2.db, actor, service_point_id=point_id, stop_id=store.trip_stops(trip2)[5][0],
                     clock=lambda: timeutil.now_utc() + dt.timedelta(minutes=30))
    d2.scan("R000003")
    d2.scan("B0000004")
    d2.scan("B0000005")
    trip2.close()
    with db.begin() as s:
        other = s.scalar(select(Reader.id).where(Reader.card_number == "R000004"))
        assert other is not None
        for barcode in ("B0000004", "B0000005"):
            loans.checkout(s, desk, other, barcode, now=timeutil.now_utc() + dt.timedelta(hours=2))
    sync.sync_trip(db, actor, two)
    # -- back at the library: the Bookmobile tab ----------------------------------------------
    central = AppContext(db, actor, ServicePointInfo(point_id, point_name, ServicePointKind.BOOKMOBILE),
                         QSettings(str(work / "shots2.ini"), QSettings.Format.IniFormat))
    page = BookmobileTab(central)
    page.resize(1280, 800)
    page.show()
    page.trip_file.setText(str(one.name))
    page.last_report = None
    report = sync.sync_trip(db, actor, one)
    page.refresh()
    t = report.accounting
    page.sync_status.setText(page.tr("{vehicle}: {in_store} events in the store, {new} new; applied {applied}, "
                                     "exceptions {exceptions}, discarded {discarded}.").format(
        vehicle=report.vehicle, in_store=report.in_store, new=report.new, applied=t.applied,
        exceptions=t.exceptions, discarded=t.discarded))
    page.table.selectRow(0)
    page.reason.setText("读者确认已借走，图书馆的借出是误操作")
    settle()
    save(page, "10-流动图书车-2-同步与例外")


if __name__ == "__main__":
    main()
