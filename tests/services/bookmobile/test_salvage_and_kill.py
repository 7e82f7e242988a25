"""A damaged trip store gives back every intact event with --salvage; a sync killed with
SIGKILL halfway and run again applies each event once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from tests.services.bookmobile.test_sync import lend_on_bus
from tests.services.bookmobile.trips import assert_balanced, library, soon
from workstation.db import Database
from workstation.models.circulation import Loan, LoanRule
from workstation.models.offline import OfflineEvent
from workstation.services.bookmobile import events, sync
from workstation.services.bookmobile import store as trip_store

ROOT = Path(__file__).resolve().parents[3]


def more_loans(db: Database) -> None:
    with db.begin() as s:
        s.execute(update(LoanRule).values(max_loans=50))


def test_salvage_recovers_every_intact_event_of_a_truncated_store_with_flipped_bytes(db: Database,
                                                                                      tmp_path: Path) -> None:
    lib = library(db, items=40)
    more_loans(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], *lib.items[:30])
    conn = sqlite3.connect(path)
    records = [r for (r,) in conn.execute("SELECT record FROM trip_event ORDER BY seq")]
    conn.close()
    data = bytearray(path.read_bytes())
    where = sorted((data.find(r.encode()), r) for r in records)
    assert all(at > 0 for at, _ in where) and len(where) == 30
    for at, record in (where[3], where[11]):  # a byte flipped inside two records
        data[at + len(record) // 2] ^= 0x20
    cut = where[24][0] + 10  # and the file cut inside the 25th record
    damaged = bytes(data[:cut])
    path.write_bytes(damaged)
    intact = [r for _, r in where if r.encode() in damaged]
    assert len(intact) == 22
    with pytest.raises(trip_store.TripStoreRefused):
        sync.sync_trip(db, lib.desk, path)
    report = sync.sync_trip(db, lib.desk, path, salvage=True)
    assert report.in_store == 22 and report.new == 22
    # reported: the damaged records, and the numbers missing before the last intact one
    lost = sorted((events.unseal(r) or {"seq": 0})["seq"] for r in records if r not in intact)
    last = max((events.unseal(r) or {"seq": 0})["seq"] for r in intact)
    assert report.damaged >= 2 and report.missing == tuple(n for n in lost if n < last) and report.missing
    with db.begin() as s:
        got = set(s.scalars(select(OfflineEvent.checksum)))
    assert got == {events.digest(events.unseal(r) or {}) for r in intact}
    assert report.accounting.applied == 22
    assert_balanced(db)


def test_a_sync_killed_halfway_and_run_again_applies_each_event_once(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    more_loans(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], *lib.items[:8])
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("_sync_child.py")), db.url, str(lib.desk.staff_id),
         str(lib.point), str(path), "4"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "HALF"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 4  # killed after four
        assert s.scalar(select(func.count()).select_from(OfflineEvent)) == 8
    report = sync.sync_trip(db, lib.desk, path)
    assert report.new == 0 and report.accounting.applied == 8
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 8
    assert_balanced(db)
