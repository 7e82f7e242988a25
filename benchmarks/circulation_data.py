"""Bulk builder of a circulation dataset for the benchmarks (SQLite).

Ten years of loans at a city library's rate: by default 300,000 readers, 1,000,000 items
and 4,000,000 loans, nearly all returned, plus the two readers the benchmark compares:
one with 500 current and 5,000 past loans, one with none. Rows go in with executemany on
the raw connection, with the loan indexes dropped during the load and rebuilt afterwards.

    python -m benchmarks.circulation_data PATH [--readers N] [--items N] [--loans N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select

from workstation.db import open_database
from workstation.models import Role, ServicePoint, Staff
from workstation.services.admin import staff as staff_service

HEAVY_CARD = "BENCH-HEAVY"
FRESH_CARD = "BENCH-FRESH"
HEAVY_CURRENT = 500
HEAVY_PAST = 5_000
BENCH_ITEMS = 5_000  # never lent in the history: the benchmark lends these
PASSWORD = "bench-pass-1"
FMT = "%Y-%m-%d %H:%M:%S.%f"


def _ts(moment: dt.datetime) -> str:
    return moment.strftime(FMT)


def build(path: Path, readers: int, items: int, loans: int, seed: int = 2019) -> dict[str, float]:
    started = time.perf_counter()
    if path.exists():
        path.unlink()
    db = open_database(f"sqlite:///{path}")
    with db.begin() as s:
        if not staff_service.has_any_staff(s):
            staff_service.create_first_admin(s, "bench", "基准测试", PASSWORD)
        staff_id = s.scalar(select(Staff.id).where(Staff.role == Role.ADMIN))
        points = list(s.scalars(select(ServicePoint.id).where(ServicePoint.kind.in_(["lending_desk", "bookmobile"]))))
    db.dispose()
    assert staff_id is not None and points
    rng = random.Random(seed)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")  # the load only; the benchmark runs with FULL
    con.execute("PRAGMA cache_size=-400000")
    index_sql = [sql for (sql,) in con.execute(
        "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name='loan' AND sql IS NOT NULL")]
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='loan' "
                               "AND sql IS NOT NULL").fetchall():
        con.execute(f'DROP INDEX "{name}"')
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    registered = _ts(now - dt.timedelta(days=3650))
    valid = (now + dt.timedelta(days=1000)).date().isoformat()
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO reader (id, card_number, name, category, id_type, id_number, phone, registered_point_id, "
        "registered_at, valid_until, status, deposit) VALUES (?, ?, ?, ?, 'other', ?, ?, ?, ?, ?, 'active', 0)",
        ((i, f"R{i:08d}", f"读者{i}", "adult" if i % 5 else "child", f"P{i:08d}", f"139{i:08d}",
          points[i % len(points)], registered, valid) for i in range(1, readers + 1)))
    heavy_id, fresh_id = readers + 1, readers + 2
    con.executemany(
        "INSERT INTO reader (id, card_number, name, category, id_type, id_number, phone, registered_point_id, "
        "registered_at, valid_until, status, deposit) VALUES (?, ?, ?, 'other', 'other', NULL, NULL, ?, ?, ?, "
        "'active', 0)",
        [(heavy_id, HEAVY_CARD, "重度读者", points[0], registered, valid),
         (fresh_id, FRESH_CARD, "新读者", points[0], registered, valid)])
    total_items = items + BENCH_ITEMS + HEAVY_CURRENT + HEAVY_PAST
    con.executemany(
        "INSERT INTO item (id, barcode, title, author, isbn, call_number, clc_class, collection_type, "
        "home_point_id, status, created_at) VALUES (?, ?, ?, '', NULL, '', 'I247', 'book', ?, 'available', ?)",
        ((i, f"T{i:09d}", f"图书{i}", points[i % len(points)], registered) for i in range(1, total_items + 1)))
    con.execute("COMMIT")
    timings = {"readers_items_s": time.perf_counter() - started}

    def history() -> Iterator[tuple[object, ...]]:
        start = now - dt.timedelta(days=3650)
        for n in range(loans):
            lent = start + dt.timedelta(seconds=rng.randrange(3650 * 86400 - 40 * 86400))
            back = lent + dt.timedelta(days=rng.randrange(1, 40))
            local = (lent + dt.timedelta(hours=8)).date()
            point = points[n % len(points)]
            yield (rng.randrange(1, items + 1), rng.randrange(1, readers + 1), point, staff_id, _ts(lent),
                   local.isoformat(), (local + dt.timedelta(days=30)).isoformat(), _ts(back),
                   (back + dt.timedelta(hours=8)).date().isoformat(), point, staff_id)

    insert_returned = (
        "INSERT INTO loan (item_id, reader_id, service_point_id, stop_id, staff_id, lent_at, local_day, due_date, "
        "renewal_count, returned_at, return_local_day, return_point_id, return_stop_id, return_staff_id) "
        "VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 0, ?, ?, ?, NULL, ?)")
    con.execute("BEGIN")
    con.executemany(insert_returned, history())
    # the heavy reader: 5,000 past loans and 500 current ones (due in the future)
    base = items + BENCH_ITEMS
    past = now - dt.timedelta(days=400)
    con.executemany(insert_returned, (
        (base + HEAVY_CURRENT + k + 1, heavy_id, points[0], staff_id, _ts(past), past.date().isoformat(),
         (past.date() + dt.timedelta(days=30)).isoformat(), _ts(past + dt.timedelta(days=10)),
         (past.date() + dt.timedelta(days=10)).isoformat(), points[0], staff_id) for k in range(HEAVY_PAST)))
    recent = now - dt.timedelta(days=2)
    con.executemany(
        "INSERT INTO loan (item_id, reader_id, service_point_id, stop_id, staff_id, lent_at, local_day, due_date, "
        "renewal_count) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 0)",
        ((base + k + 1, heavy_id, points[0], staff_id, _ts(recent), recent.date().isoformat(),
          (recent.date() + dt.timedelta(days=60)).isoformat()) for k in range(HEAVY_CURRENT)))
    con.execute("UPDATE item SET status = 'on_loan' WHERE id > ? AND id <= ?", (base, base + HEAVY_CURRENT))
    # the bench lets "other" readers hold many loans
    con.execute("UPDATE loan_rule SET max_loans = 5000, loan_days = 30 WHERE reader_category = 'other'")
    con.execute("COMMIT")
    timings["loans_s"] = time.perf_counter() - started - timings["readers_items_s"]
    t_index = time.perf_counter()
    for sql in index_sql:
        con.execute(sql)
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    timings["indexes_s"] = time.perf_counter() - t_index
    timings["total_s"] = time.perf_counter() - started
    return timings


def bench_barcodes(items: int) -> list[str]:
    """Items kept out of the history, for the benchmark to lend."""
    return [f"T{i:09d}" for i in range(items + 1, items + BENCH_ITEMS + 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--readers", type=int, default=300_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--loans", type=int, default=4_000_000)
    args = parser.parse_args()
    timings = build(args.path, args.readers, args.items, args.loans)
    print({k: round(v, 1) for k, v in timings.items()})


if __name__ == "__main__":
    main()
