"""The bookmobile (issue 18): preparing a trip store on the ten-year demo, and syncing a
day's 300 offline events into PostgreSQL.

    python -m benchmarks.bench_bookmobile prepare [--demo PATH]   prepare for one vehicle (target ≤ 30 s)
    python -m benchmarks.bench_bookmobile sync                     300 events into a fresh PostgreSQL (≤ 3 s)

``prepare`` works on a copy of the cached ten-year demo (the cache itself is never
changed): the copy is brought to the newest schema, then one vehicle's trip store is
written and timed. ``sync`` starts a throwaway PostgreSQL cluster, makes a library of 300
readers and 600 books, prepares a trip, works it offline (60 readers, 4 loans each, then
60 returns: 300 events) and times the sync. Each prints one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import platformdirs
from sqlalchemy import event, insert, select, text, update

from workstation.db import Database

ROOT = Path(__file__).resolve().parents[1]
DEMO = platformdirs.user_cache_path("library-workstation", appauthor=False) / "bench-demo-10y.sqlite3"


def prepare(demo: Path) -> dict[str, object]:
    from workstation.db import Database, current_revisions, head_revisions, make_engine, upgrade_to
    from workstation.models import Role, Staff
    from workstation.models.outreach import BookmobileVehicle
    from workstation.services.bookmobile import store
    from workstation.services.context import Actor

    work = Path(tempfile.mkdtemp(prefix="bench-bookmobile-"))
    try:
        copy = work / "demo.sqlite3"
        started = time.perf_counter()
        shutil.copyfile(demo, copy)
        copy_s = time.perf_counter() - started
        engine = make_engine(f"sqlite:///{copy}")
        if set(current_revisions(engine)) != set(head_revisions()):
            upgrade_to(engine, "heads")
        db = Database(f"sqlite:///{copy}", engine)
        with db.begin() as s:
            staff = s.scalars(select(Staff).where(Staff.role == Role.ADMIN).order_by(Staff.id)).first()
            vehicle = s.scalars(select(BookmobileVehicle).order_by(BookmobileVehicle.id)).first()
            assert staff is not None and vehicle is not None
            actor = Actor.of(staff, "bench", vehicle.service_point_id)
            vehicle_id = vehicle.id
        out = work / "trip.sqlite3"
        started = time.perf_counter()
        with db.begin() as s:
            info = store.prepare_trip(s, actor, vehicle_id, out)
        seconds = time.perf_counter() - started
        db.dispose()
        return {"key": "bookmobile.prepare_s", "value": round(seconds, 2), "target": "<= 30 s", "met": seconds <= 30,
                "readers": info.readers, "items": info.items, "loans": info.loans,
                "store_mib": round(out.stat().st_size / 2**20, 1), "demo_copy_s": round(copy_s, 1)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def sync_on_postgresql() -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from tests.pgserver import TemporaryCluster
    from workstation import timeutil
    from workstation.db import open_database
    from workstation.models import ServicePoint, ServicePointKind
    from workstation.models.circulation import CollectionType, IdType, Item, LoanRule, Reader, ReaderCategory
    from workstation.models.outreach import BookmobileVehicle
    from workstation.services.admin import staff as staff_service
    from workstation.services.bookmobile import store, sync
    from workstation.services.circulation.desk import DeskSession, Mode
    from workstation.services.context import Actor

    cluster = TemporaryCluster()
    work = Path(tempfile.mkdtemp(prefix="bench-bookmobile-"))
    try:
        db = open_database(cluster.start())
        with db.begin() as s:
            point = s.scalar(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE))
            assert point is not None
            point_id, stop_id = point.id, point.stops[0].id
            vehicle = s.scalar(select(BookmobileVehicle.id).order_by(BookmobileVehicle.id))
            admin = staff_service.create_first_admin(s, "root", "管理员", "bench-pass-1")
            actor = Actor.of(admin, "bench", point_id)
            s.execute(insert(Reader), [
                {"card_number": f"R{i:06d}", "name": f"读者{i}", "category": ReaderCategory.ADULT,
                 "id_type": IdType.OTHER, "registered_point_id": point_id, "valid_until": dt.date(2099, 12, 31)}
                for i in range(300)])
            s.execute(insert(Item), [{"barcode": f"B{i:07d}", "title": f"书{i}", "collection_type": CollectionType.BOOK,
                                      "home_point_id": point_id} for i in range(600)])
            s.execute(update(LoanRule).values(max_loans=20))
        path = work / "trip.sqlite3"
        with db.begin() as s:
            store.prepare_trip(s, actor, vehicle, path)
        trip = store.open_trip(path)
        clock_at = [timeutil.now_utc()]

        def clock() -> dt.datetime:
            clock_at[0] += dt.timedelta(seconds=20)
            return clock_at[0]

        desk = DeskSession(trip.db, actor, service_point_id=point_id, stop_id=stop_id, clock=clock)
        for r in range(60):
            desk.scan(f"R{r:06d}")
            for b in range(4):
                desk.scan(f"B{r * 4 + b:07d}")
        desk.set_mode(Mode.RETURN)
        for r in range(60):
            desk.scan(f"B{r * 4:07d}")
        events = len(trip.events())
        trip.close()
        statements = [0]

        def count(*_: object) -> None:
            statements[0] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        started, cpu = time.perf_counter(), time.process_time()
        report = sync.sync_trip(db, actor, path)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        event.remove(db.engine, "before_cursor_execute", count)
        baseline = _bare_transactions(db, 300, 20)
        db.dispose()
        t = report.accounting
        ok = t.uploaded == events == 300 and t.applied == 300
        return {"key": "bookmobile.sync_300_pg_s", "value": round(seconds, 2), "target": "<= 3 s",
                "met": seconds <= 3 and ok, "events": events, "applied": t.applied, "exceptions": t.exceptions,
                "baseline": round(baseline, 2), "baseline_what": "300 bare transactions of 20 SELECT 1 + COMMIT",
                "ratio": round(seconds / baseline, 2) if baseline else None,
                # what the load distorts less: SQL statements (round trips, besides each
                # transaction's BEGIN and COMMIT) per event, and this process's CPU time
                "statements_per_event": round(statements[0] / events, 2) if events else None,
                "python_cpu_s": round(cpu, 2), "load_average": round(os.getloadavg()[0], 1)}
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


def _bare_transactions(db: Database, transactions: int, statements: int) -> float:
    """The same number of round trips and commits with nothing in them: the floor."""
    started = time.perf_counter()
    for _ in range(transactions):
        with db.engine.begin() as conn:
            for _ in range(statements):
                conn.execute(text("SELECT 1"))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["prepare", "sync"])
    parser.add_argument("--demo", type=Path, default=DEMO, help="the ten-year demo (copied, never changed)")
    args = parser.parse_args()
    result = prepare(args.demo) if args.what == "prepare" else sync_on_postgresql()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
