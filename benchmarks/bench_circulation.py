"""Circulation benchmark: prints figures, it does not assert them.

1. Checkout through the service layer (validation, rules, calendar, audit, commit with
   SQLite ``synchronous=FULL``): median, against a bare SQLite transaction of the same
   durability (WAL, synchronous=FULL, one INSERT and COMMIT) measured in the same run.
   1b. The same checkouts as the desk makes them: ``DeskSession.scan`` (one look-up of card
   and catalogue, the checkout, the retry policy), against the same bare transaction.
2. A reader with 500 current and 5,000 past loans against a reader with none (interleaved).
3. Scan-to-screen in the GUI: type the barcode + Enter in the real tab until its row shows.

    python -m benchmarks.bench_circulation [--db PATH] [--build] [--readers N --items N --loans N]

Without ``--db`` the dataset is built in a temporary folder at the size given (by default
the issue's: 300,000 readers, 1,000,000 items, 4,000,000 loans).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select

from benchmarks import circulation_data as data
from workstation.db import Database, open_database
from workstation.models import ServicePoint, Staff
from workstation.models.circulation import Item, Loan, Reader
from workstation.services.circulation import loans, readers
from workstation.services.context import Actor


def ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


class BareSqlite:
    """The yardstick: one INSERT and COMMIT on its own file in the same folder, with the same
    durability as the workstation's database (WAL, synchronous=FULL)."""

    def __init__(self, directory: Path) -> None:
        self.con = sqlite3.connect(directory / "bare.sqlite3", isolation_level=None)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=FULL")
        self.con.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, barcode TEXT, at TEXT)")

    def txn(self, code: str) -> float:
        t0 = time.perf_counter()
        self.con.execute("BEGIN")
        self.con.execute("INSERT INTO t (barcode, at) VALUES (?, datetime('now'))", (code,))
        self.con.execute("COMMIT")
        return time.perf_counter() - t0

    def close(self) -> None:
        self.con.close()


def actor_for(db: Database) -> Actor:
    with db.begin() as s:
        staff = s.scalar(select(Staff).where(Staff.username == "bench"))
        point = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "综合借阅处"))
        assert staff is not None and point is not None
        return Actor.of(staff, "bench", point)


def reader_id(db: Database, card: str) -> int:
    with db.begin() as s:
        reader = readers.find_by_card(s, card)
        assert reader is not None
        return reader.id


def timed_checkout(db: Database, actor: Actor, rid: int, barcode: str) -> float:
    t0 = time.perf_counter()
    with db.begin() as s:
        loans.checkout(s, actor, rid, barcode)
    return time.perf_counter() - t0


def timed_checkin(db: Database, actor: Actor, barcode: str) -> float:
    t0 = time.perf_counter()
    with db.begin() as s:
        loans.checkin(s, actor, barcode)
    return time.perf_counter() - t0


def service_figures(db: Database, actor: Actor, codes: list[str], n: int, bare: BareSqlite) -> dict[str, float]:
    """Checkouts interleaved with bare transactions, so both see the same disk and load."""
    fresh = reader_id(db, data.FRESH_CARD)
    for code in codes[:20]:  # warm-up: caches, prepared statements
        timed_checkout(db, actor, fresh, code)
        timed_checkin(db, actor, code)
        bare.txn(code)
    out, back, yardstick = [], [], []
    for code in codes[20:20 + n]:
        yardstick.append(bare.txn(code))
        out.append(timed_checkout(db, actor, fresh, code))
        back.append(timed_checkin(db, actor, code))
    return {"checkout": ms(out), "checkin": ms(back), "bare": ms(yardstick),
            "checkout_p90": statistics.quantiles(out, n=10)[-1] * 1000}


def desk_figures(db: Database, actor: Actor, codes: list[str], bare: BareSqlite) -> tuple[float, float]:
    """Scans of items through the DeskSession, interleaved with bare transactions."""
    from workstation.services.circulation.desk import DeskSession, Kind

    desk = DeskSession(db, actor)
    shown = desk.scan(data.FRESH_CARD)
    assert shown.kind is Kind.READER, shown
    out, yardstick = [], []
    for code in codes:
        yardstick.append(bare.txn(code))
        t0 = time.perf_counter()
        outcome = desk.scan(code)
        out.append(time.perf_counter() - t0)
        assert outcome.kind is Kind.LENT, outcome
        timed_checkin(db, actor, code)
    return ms(out), ms(yardstick)


def interleaved_heavy_fresh(db: Database, actor: Actor, codes: list[str]) -> tuple[float, float]:
    fresh, heavy = reader_id(db, data.FRESH_CARD), reader_id(db, data.HEAVY_CARD)
    heavy_t, fresh_t = [], []
    for i, code in enumerate(codes):
        who, bucket = (heavy, heavy_t) if i % 2 == 0 else (fresh, fresh_t)
        bucket.append(timed_checkout(db, actor, who, code))
        timed_checkin(db, actor, code)
    return ms(heavy_t), ms(fresh_t)


def gui_figure(db: Database, actor: Actor, codes: list[str]) -> float:
    from PySide6.QtCore import QEventLoop, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from workstation.models import ServicePointKind
    from workstation.ui.circulation.tab import CirculationTab
    from workstation.ui.context import AppContext, ServicePointInfo
    from workstation.ui.i18n import install_font, install_translations

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_font(app)
    install_translations(app)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    info = ServicePointInfo(actor.service_point_id or 0, "综合借阅处", ServicePointKind.LENDING_DESK)
    tab = CirculationTab(AppContext(db, actor, info, settings))
    tab.resize(1100, 700)
    tab.show()
    loop = QEventLoop()
    tab.scan_handled.connect(lambda _code: loop.quit())  # emitted once the row (or refusal) is shown

    def scan(code: str) -> None:
        QTest.keyClicks(tab.scan, code)
        QTest.keyClick(tab.scan, Qt.Key.Key_Return)
        loop.exec()

    scan(data.FRESH_CARD)
    assert tab.reader_id is not None, tab.banner.text()
    times = []
    for code in codes:
        t0 = time.perf_counter()
        scan(code)
        item = tab.loans_table.item(0, 0)
        assert item is not None and item.text() == code, tab.banner.text()
        times.append(time.perf_counter() - t0)
    tab.close()
    tab.deleteLater()
    app.processEvents()
    for code in codes:
        timed_checkin(db, actor, code)
    return ms(times)


def reset_fresh_reader(db: Database, actor: Actor) -> None:
    """Return whatever an interrupted earlier run left on loan to the reader with none."""
    fresh = reader_id(db, data.FRESH_CARD)
    with db.begin() as s:
        codes = list(s.scalars(select(Item.barcode).join(Loan, Loan.item_id == Item.id)
                               .where(Loan.reader_id == fresh, Loan.returned_at.is_(None))))
    for code in codes:
        timed_checkin(db, actor, code)


def sizes(db: Database) -> dict[str, int]:
    with db.begin() as s:
        return {name: s.scalar(select(func.count()).select_from(model)) or 0
                for name, model in (("readers", Reader), ("items", Item), ("loans", Loan))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="a dataset built by benchmarks.circulation_data")
    parser.add_argument("--build", action="store_true", help="(re)build the dataset at --db first")
    parser.add_argument("--readers", type=int, default=300_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--loans", type=int, default=4_000_000)
    parser.add_argument("-n", type=int, default=400, help="timed transactions per figure")
    parser.add_argument("--no-gui", action="store_true")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "circulation-bench.sqlite3"
    if args.build or not path.exists():
        print("building", path, data.build(path, args.readers, args.items, args.loans))
    with sqlite3.connect(path) as con:
        items_in_history = con.execute("SELECT count(*) FROM item").fetchone()[0] - (
            data.BENCH_ITEMS + data.HEAVY_CURRENT + data.HEAVY_PAST)
    codes = data.bench_barcodes(items_in_history)
    db = open_database(f"sqlite:///{path}")
    try:
        actor = actor_for(db)
        reset_fresh_reader(db, actor)
        size = sizes(db)
        with db.engine.connect() as conn:
            sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
        n = min(args.n, (len(codes) - 20) // 4)
        yardstick = BareSqlite(path.parent)
        figures = service_figures(db, actor, codes, n, yardstick)
        desk, desk_bare = desk_figures(db, actor, codes[20:20 + n], yardstick)
        yardstick.close()
        bare = figures["bare"]
        heavy, fresh = interleaved_heavy_fresh(db, actor, codes[20:20 + 2 * n])
        gui = None if args.no_gui else gui_figure(db, actor, codes[-min(n, 300):])
    finally:
        db.dispose()
    print(f"dataset: {size['readers']:,} readers, {size['items']:,} items, {size['loans']:,} loans "
          f"(SQLite synchronous={sync}, {path})")
    print(f"1. checkout via services: median {figures['checkout']:.2f} ms (p90 {figures['checkout_p90']:.2f} ms, "
          f"n={n}); bare SQLite transaction: median {bare:.3f} ms; ratio {figures['checkout'] / bare:.1f}x "
          f"[bounds: <= 2 ms and <= 10x]; checkin median {figures['checkin']:.2f} ms")
    print(f"1b. checkout scanned at the desk (DeskSession.scan): median {desk:.2f} ms; bare SQLite transaction: "
          f"median {desk_bare:.3f} ms; ratio {desk / desk_bare:.1f}x")
    print(f"2. reader with {data.HEAVY_CURRENT} current + {data.HEAVY_PAST:,} past loans: median {heavy:.2f} ms; "
          f"reader with none: {fresh:.2f} ms; ratio {heavy / fresh:.2f} [bound: <= 1.2] (interleaved, n={n} each)")
    if gui is not None:
        print(f"3. GUI scan-to-screen (type barcode + Enter until the row shows): median {gui:.2f} ms "
              f"[bound: <= 30 ms]")


if __name__ == "__main__":
    main()
    # PySide6 can crash while the interpreter tears down Qt objects; the figures are printed.
    sys.stdout.flush()
    os._exit(0)
