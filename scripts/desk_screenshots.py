"""Screenshots of the desk's hold shelf, money and stocktake windows, for the user guides.

    python scripts/desk_screenshots.py [--out docs/screenshots] [--lang zh_CN|en]

These windows open from the Circulation tab (F4, F10, F11) and show a day's work, which the
demonstration library does not hold; so the script makes a small library of its own in a
temporary database, through the services (a reservation waiting on the hold shelf with a
second reader in line, a loan returned late with its fee, a deposit, a stocktake half done),
opens each window as a manager at the general lending desk, and saves
``01-流通借还-预约架.png``, ``01-流通借还-收费.png``, ``01-流通借还-清点.png`` (in English
under ``en/`` with ``--lang en``: ``01-Circulation-Holdshelf.png`` …), quantised like the
other screenshots.
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

NAMES = {"zh_CN": ("01-流通借还-预约架", "01-流通借还-收费", "01-流通借还-清点"),
         "en": ("01-Circulation-Holdshelf", "01-Circulation-Money", "01-Circulation-Stocktake")}


def seed(db_url: str) -> tuple[object, int, int]:
    """The small library; returns (the database, the manager's staff id, the late reader's id)."""
    from sqlalchemy import select

    from workstation import timeutil
    from workstation.db import open_database
    from workstation.models import ServicePoint
    from workstation.services.admin import library, staff
    from workstation.services.circulation import holds, items, loans, money, readers, stocktake
    from workstation.services.context import Actor

    db = open_database(db_url)
    with db.begin() as s:
        root = Actor.of(staff.create_first_admin(s, "admin", "系统管理员", "screenshot-pass-1"), "desk-1")
        point = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "综合借阅处"))
        assert point is not None
        boss = staff.create_staff(s, root, "wang", "王馆长", "manager", "screenshot-pass-2")
        actor = Actor.of(boss, "desk-1", point)
        library.set_library_name(s, root, "长治市图书馆")
        people = [("R20190001", "李华", "13800000001"), ("R20190002", "张伟", "13800000002"),
                  ("R20190003", "王芳", "13800000003"), ("R20190004", "赵敏", "13800000004")]
        ids = [readers.register_reader(s, actor, card_number=card, name=name, category="adult", id_type="other",
                                       id_number=f"X{card}", phone=phone).id for card, name, phone in people]
        books = [("C0100001", "平凡的世界", "I247.57/1"), ("C0100002", "白鹿原", "I247.5/12"),
                 ("C0100003", "尘埃落定", "I247.5/33"), ("C0100004", "长治通史", "K292.54/2"),
                 ("C0100005", "太行山上", "I247.5/40"), ("C0100006", "上党梆子", "J825/7")]
        for barcode, title, call in books:
            items.create_item(s, actor, barcode=barcode, title=title, call_number=call, home_point_id=point)
        money.set_money_settings(s, actor, deposit="100", fee_per_day="0.10", cap_item="5", cap_reader="20")
    now = timeutil.now_utc()
    with db.begin() as s:
        loans.checkout(s, actor, ids[0], "C0100001", now=now - dt.timedelta(days=10))
        loans.checkout(s, actor, ids[2], "C0100003", now=now - dt.timedelta(days=70))
        holds.place_hold(s, actor, ids[1], barcode="C0100001", now=now - dt.timedelta(days=9))
        holds.place_hold(s, actor, ids[3], barcode="C0100001", now=now - dt.timedelta(days=8))
        loans.checkout(s, actor, ids[3], "C0100002", now=now - dt.timedelta(days=5))
    with db.begin() as s:
        loans.checkin(s, actor, "C0100001", now=now - dt.timedelta(days=1))
        loans.checkin(s, actor, "C0100003", now=now - dt.timedelta(hours=2))
    with db.begin() as s:
        money.take_deposit(s, actor, ids[0], now=now - dt.timedelta(hours=3))
        money.take_deposit(s, actor, ids[1], now=now - dt.timedelta(hours=1))
        take = stocktake.start_stocktake(s, actor, "文学 I247.5 架", "shelf", "I247.5").id
    for code in ("C0100003", "C0100002", "C0100004", "X0009999"):
        with db.begin() as s:
            stocktake.scan(s, actor, take, code)
    return db, boss.id, ids[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="zh_CN", choices=sorted(NAMES))
    args = parser.parse_args()
    out = args.out / "en" if args.lang == "en" and args.out.name != "en" else args.out
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget
    from sqlalchemy import select

    from workstation.models import ServicePoint, Staff
    from workstation.services.context import Actor
    from workstation.ui.app import make_application
    from workstation.ui.circulation.cash import MoneyDialog
    from workstation.ui.circulation.hold_shelf import HoldShelfDialog
    from workstation.ui.circulation.stocktake_dialog import StocktakeDialog
    from workstation.ui.context import AppContext, ServicePointInfo

    app = make_application(args.lang)
    folder = Path(tempfile.mkdtemp())
    db, boss_id, late_reader = seed(f"sqlite:///{folder / 'desk.sqlite3'}")
    with db.begin() as s:  # type: ignore[attr-defined]
        boss = s.get(Staff, boss_id)
        point = s.scalar(select(ServicePoint).where(ServicePoint.name == "综合借阅处"))
        assert boss is not None and point is not None
        actor = Actor.of(boss, "desk-1", point.id)
        info = ServicePointInfo(point.id, point.name, point.kind)
    context = AppContext(db, actor, info, QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))  # type: ignore[arg-type]

    def save(widget: QWidget, name: str) -> None:
        widget.show()
        for _ in range(5):
            app.processEvents()
        image = widget.grab().toImage().convertToFormat(
            QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.AvoidDither | Qt.ImageConversionFlag.ThresholdDither)
        target = out / f"{name}.png"
        image.save(str(target), "PNG", 0)
        print(f"{target} ({target.stat().st_size // 1024} KiB)")
        widget.close()

    shelf, cash, take = NAMES[args.lang]
    save(HoldShelfDialog(context, lambda _slip: None), shelf)
    save(MoneyDialog(context, late_reader, lambda _slip: None), cash)
    dialog = StocktakeDialog(context)
    dialog.lists.setCurrentIndex(1)
    save(dialog, take)
    db.dispose()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
    sys.stdout.flush()
    os._exit(0)  # PySide6 may crash while the interpreter tears Qt objects down
