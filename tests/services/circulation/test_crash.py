"""Crash: a desk process killed with SIGKILL in the middle of its checkouts, and a yearly
workbook export killed in the middle of writing.

After each kill the database is opened afresh: every checkout the child acknowledged (wrote
to its side file after the commit) is there, SQLite's ``PRAGMA integrity_check`` says ok,
no item has two open loans, and item statuses agree with the loans. The workbook's target
name holds either nothing or a complete workbook, never a half-written one.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
from sqlalchemy import func, select, text

from tests import paths
from tests.desk_data import desks, populate
from workstation.db import Database, open_database
from workstation.models import AuditEntry
from workstation.models.circulation import Item, ItemStatus, Loan

ROOT = paths.ROOT
ROUNDS = 3


def _start(args: list[str]) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.services.circulation._crash_worker", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", proc.stderr.read() if proc.stderr else line
    return proc


def _kill_at_random(proc: subprocess.Popen[str], rng: random.Random, low: float, high: float) -> float:
    pause = rng.uniform(low, high)
    time.sleep(pause)
    if proc.poll() is not None:
        raise AssertionError(f"the child ended before it was killed: {proc.stderr.read() if proc.stderr else ''}")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return pause


def test_killed_desk_loses_no_acknowledged_checkout(db: Database, tmp_path: Path) -> None:
    (actor,) = desks(db, 1)
    readers, barcodes = populate(db, 1000, 4000)
    rng = random.Random()
    side = tmp_path / "acknowledged.txt"
    acknowledged: dict[int, str] = {}
    for round_ in range(ROUNDS):
        with db.begin() as s:
            lent = set(s.scalars(select(Item.barcode).where(Item.status == ItemStatus.ON_LOAN)))
            busy_readers = set(s.scalars(select(Loan.reader_id)))
        todo = [b for b in barcodes if b not in lent]
        free_readers = [r for r in readers if r not in busy_readers]
        proc = _start(["checkouts", db.url, actor.username, str(actor.service_point_id), str(side),
                       ",".join(map(str, free_readers)), ",".join(todo)])
        pause = _kill_at_random(proc, rng, 0.3, 1.5)
        acknowledged = {int(line.split()[0]): line.split()[1] for line in side.read_text().splitlines() if line}
        db.dispose()
        reopened = open_database(db.url)  # as the desk would after the power cut
        try:
            with reopened.begin() as s:
                if reopened.backend == "sqlite":
                    assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
                stored = dict(s.execute(select(Loan.id, Item.barcode).join(Item, Item.id == Loan.item_id)
                                        .where(Loan.id.in_(list(acknowledged)))).all())
                assert stored == acknowledged  # nothing acknowledged is lost
                total = s.scalar(select(func.count()).select_from(Loan)) or 0
                # at most the one checkout committed in the instant before its acknowledgement
                assert len(acknowledged) <= total <= len(acknowledged) + round_ + 1
                doubles = s.execute(select(Loan.item_id).where(Loan.returned_at.is_(None))
                                    .group_by(Loan.item_id).having(func.count() > 1)).all()
                assert doubles == []
                on_loan = set(s.scalars(select(Item.id).where(Item.status == ItemStatus.ON_LOAN)))
                assert on_loan == set(s.scalars(select(Loan.item_id).where(Loan.returned_at.is_(None))))
                audited = s.scalar(select(func.count()).select_from(AuditEntry)
                                   .where(AuditEntry.action == "checkout")) or 0
                assert audited == total  # each loan with its audit entry, or neither
        finally:
            reopened.dispose()
        print(f"\n{db.backend} round {round_ + 1}: killed after {pause:.2f} s, "
              f"{len(acknowledged)} acknowledged checkouts, {total} loans stored")
    assert len(acknowledged) > 0


def test_killed_workbook_export_leaves_no_half_written_file(tmp_path: Path) -> None:
    rng = random.Random()
    target = tmp_path / "2019年业务统计.xlsx"
    for round_ in range(ROUNDS):
        proc = _start(["workbook", str(target)])
        _kill_at_random(proc, rng, 0.05, 1.5)
        assert target.exists()
        book = openpyxl.load_workbook(target)  # complete: a half-written zip would not open
        assert "业务统计" in book.sheetnames[0] or book.sheetnames
        assert book.properties.keywords == "2019"
        book.close()
        leftovers = [p.name for p in tmp_path.iterdir() if p != target]
        assert all(name.endswith(".xlsx.part") for name in leftovers), leftovers
        print(f"\nworkbook round {round_ + 1}: target complete, {len(leftovers)} temporary file(s) left aside")
