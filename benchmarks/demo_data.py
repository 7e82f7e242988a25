"""The ten-year demo database as the benchmarks' dataset.

``ensure(path)`` builds it with the demo generator (``workstation demo --years 10``: about
4 million loans, 300,000 readers, 1,000,000 items) unless a ten-year demo is already there,
then adds what the circulation benchmark expects of its own dataset
(``benchmarks.circulation_data``): the ``bench`` account, the reader with 500 current and
5,000 past loans, the reader with none, and 5,000 items never lent. Those additions are made
once and leave the demo years untouched (their loans are recent, not in 2010–2019).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from pathlib import Path

from sqlalchemy import select

from benchmarks import circulation_data as data
from workstation.commands.demo import ConsoleProgress, inspect_file, remove_sqlite
from workstation.db import open_database
from workstation.demo import DemoOptions, build_demo
from workstation.models import ServicePoint, Staff
from workstation.services.admin import staff as staff_service
from workstation.services.context import Actor

YEARS = 10


def ensure(path: Path, *, rebuild: bool = False) -> float | None:
    """Build the dataset if needed; the build time in seconds, or None if reused."""
    state = inspect_file(path)
    if state is None:
        raise SystemExit(f"{path} is not a demo database; give another --db")
    seconds = None
    if rebuild or not isinstance(state, dict) or state.get("years") != YEARS or state.get("scale") != 1.0:
        remove_sqlite(path)
        print(f"building the ten-year demo database {path}", flush=True)
        started = time.perf_counter()
        db = open_database(f"sqlite:///{path}")
        try:
            build_demo(db, DemoOptions(years=YEARS), ConsoleProgress())
        finally:
            db.dispose()
        seconds = time.perf_counter() - started
    add_circulation_fixtures(path)
    return seconds


def add_circulation_fixtures(path: Path) -> None:
    db = open_database(f"sqlite:///{path}")
    try:
        with db.begin() as s:
            if s.scalar(select(Staff.id).where(Staff.username == "bench")) is not None:
                return
            admin = s.scalar(select(Staff).where(Staff.username == "demo-admin"))
            assert admin is not None
            staff_service.create_staff(s, Actor.of(admin, "bench"), "bench", "基准测试", "admin", data.PASSWORD)
            staff_id = s.scalar(select(Staff.id).where(Staff.username == "bench"))
            point = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "综合借阅处"))
    finally:
        db.dispose()
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("BEGIN")
        items = con.execute("SELECT count(*) FROM item").fetchone()[0]
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        # catalogued and registered before the demo years, so the years' figures stay exact
        ts = dt.datetime(2009, 6, 30, 2, 0).strftime(data.FMT)
        valid = (now + dt.timedelta(days=1000)).date().isoformat()
        extra = data.BENCH_ITEMS + data.HEAVY_CURRENT + data.HEAVY_PAST
        first = con.execute("SELECT max(id) FROM item").fetchone()[0] + 1
        # barcodes as circulation_data numbers them: T<items in history + k>
        con.executemany(
            "INSERT INTO item (id, barcode, title, author, isbn, call_number, clc_class, collection_type, "
            "home_point_id, status, created_at) VALUES (?, ?, ?, '', NULL, '', 'I247', 'book', ?, 'available', ?)",
            [(first + k, f"T{items + k + 1:09d}", f"基准图书{k + 1}", point, ts) for k in range(extra)])
        readers = con.execute("SELECT max(id) FROM reader").fetchone()[0]
        heavy, fresh = readers + 1, readers + 2
        con.executemany(
            "INSERT INTO reader (id, card_number, name, category, id_type, id_number, phone, registered_point_id, "
            "registered_at, valid_until, status, deposit) VALUES (?, ?, ?, 'other', 'other', NULL, NULL, ?, ?, ?, "
            "'active', 0)",
            [(heavy, data.HEAVY_CARD, "重度读者", point, ts, valid),
             (fresh, data.FRESH_CARD, "新读者", point, ts, valid)])
        base = first + data.BENCH_ITEMS
        past = now - dt.timedelta(days=400)
        con.executemany(
            "INSERT INTO loan (item_id, reader_id, service_point_id, stop_id, staff_id, lent_at, local_day, due_date, "
            "renewal_count, returned_at, return_local_day, return_point_id, return_stop_id, return_staff_id) "
            "VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 0, ?, ?, ?, NULL, ?)",
            [(base + data.HEAVY_CURRENT + k, heavy, point, staff_id, past.strftime(data.FMT), past.date().isoformat(),
              (past.date() + dt.timedelta(days=30)).isoformat(), (past + dt.timedelta(days=10)).strftime(data.FMT),
              (past.date() + dt.timedelta(days=10)).isoformat(), point, staff_id) for k in range(data.HEAVY_PAST)])
        recent = now - dt.timedelta(days=2)
        con.executemany(
            "INSERT INTO loan (item_id, reader_id, service_point_id, stop_id, staff_id, lent_at, local_day, due_date, "
            "renewal_count) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 0)",
            [(base + k, heavy, point, staff_id, recent.strftime(data.FMT), recent.date().isoformat(),
              (recent.date() + dt.timedelta(days=60)).isoformat()) for k in range(data.HEAVY_CURRENT)])
        con.execute("UPDATE item SET status = 'on_loan' WHERE id >= ? AND id < ?", (base, base + data.HEAVY_CURRENT))
        # as in circulation_data: the benchmark's reader category may hold many loans
        con.execute("UPDATE loan_rule SET max_loans = 5000, loan_days = 30 WHERE reader_category = 'other'")
        con.execute("COMMIT")
        con.execute("ANALYZE")
    finally:
        con.close()
