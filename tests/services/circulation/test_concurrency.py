"""Concurrency: four desks in four processes, 5,000 mixed operations each, against one
database (SQLite file and PostgreSQL); two desks scanning the same item at the same instant;
a locked SQLite database retried, then refused with a message.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from tests import paths
from tests.desk_data import desks, populate
from workstation.db import Database, open_database
from workstation.errors import DatabaseUnavailable, WorkstationError
from workstation.models import AuditEntry
from workstation.models.circulation import Item, ItemStatus, Loan, Reader, Renewal
from workstation.services import retry
from workstation.services.circulation import loans, readers
from workstation.services.circulation.refusals import CirculationRefused, Refusal
from workstation.services.context import Actor

ROOT = paths.ROOT
DESKS = 4
OPERATIONS = 5_000  # per desk


def _open_loans_per_item(db: Database) -> list[tuple[int, int]]:
    with db.begin() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(Loan.item_id, func.count()).where(Loan.returned_at.is_(None))
            .group_by(Loan.item_id).having(func.count() > 1))]


def test_four_desks_5000_mixed_operations_each(db: Database) -> None:
    actors = desks(db, DESKS)
    readers, barcodes = populate(db, 200, 400)
    start_at = time.time() + 4
    procs = [subprocess.Popen(
        [sys.executable, "-m", "tests.services.circulation._desk_worker", db.url, actor.username,
         str(actor.service_point_id), str(100 + n), str(OPERATIONS), ",".join(map(str, readers)),
         ",".join(barcodes), str(start_at)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n, actor in enumerate(actors)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=1200)
        assert proc.returncode == 0, err[-4000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    total_lent = total_returned = total_renewed = 0
    with db.begin() as s:
        for actor, result in zip(actors, results, strict=True):
            refused = Counter(result["refused"])
            done = len(result["lent"]) + len(result["returned"]) + len(result["renewed"])
            print(f"\n{db.backend} {actor.username}: {done} done, refused {dict(refused)}, "
                  f"{result['seconds']:.1f} s")
            assert done + sum(refused.values()) == OPERATIONS  # every operation answered
            assert refused["busy"] == 0  # the retries absorbed every collision
            # every acknowledged operation is in the database, and nothing else by this desk
            assert set(s.scalars(select(Loan.id).where(Loan.staff_id == actor.staff_id))) == set(result["lent"])
            assert len(set(result["lent"])) == len(result["lent"])
            assert set(s.scalars(select(Loan.id).where(Loan.return_staff_id == actor.staff_id))) \
                == set(result["returned"])
            assert len(set(result["returned"])) == len(result["returned"])
            assert {(r.loan_id, r.number) for r in s.scalars(select(Renewal).where(
                Renewal.staff_id == actor.staff_id))} == {tuple(r) for r in result["renewed"]}
            audit = Counter(dict(s.execute(select(AuditEntry.action, func.count()).where(
                AuditEntry.staff_id == actor.staff_id, AuditEntry.action.in_(["checkout", "checkin", "renew"]))
                .group_by(AuditEntry.action)).all()))
            assert audit == Counter({"checkout": len(result["lent"]), "checkin": len(result["returned"]),
                                     "renew": len(result["renewed"])}) - Counter()
            total_lent += len(result["lent"])
            total_returned += len(result["returned"])
            total_renewed += len(result["renewed"])
        # per-desk counts add up to the totals
        assert s.scalar(select(func.count()).select_from(Loan)) == total_lent
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.returned_at.is_not(None))) \
            == total_returned
        assert s.scalar(select(func.count()).select_from(Renewal)) == total_renewed
        # item status agrees with the open loans
        open_items = set(s.scalars(select(Loan.item_id).where(Loan.returned_at.is_(None))))
        on_loan = set(s.scalars(select(Item.id).where(Item.status == ItemStatus.ON_LOAN)))
        assert open_items == on_loan
    assert total_lent > DESKS * OPERATIONS // 10  # the mix really lent (about a fifth of the operations)
    assert _open_loans_per_item(db) == []


def test_two_desks_scan_the_same_item_at_the_same_instant(db: Database) -> None:
    first, second = desks(db, 2)
    readers, barcodes = populate(db, 60, 30)
    for n, barcode in enumerate(barcodes):
        barrier = threading.Barrier(2)
        outcomes: list[object] = []

        def scan(actor: Actor, reader: int, barcode: str = barcode, barrier: threading.Barrier = barrier,
                 outcomes: list[object] = outcomes) -> None:
            barrier.wait()
            try:
                outcomes.append(retry.run(db, lambda s: loans.checkout(s, actor, reader, barcode)))
            except WorkstationError as err:
                outcomes.append(err)

        threads = [threading.Thread(target=scan, args=(first, readers[2 * n])),
                   threading.Thread(target=scan, args=(second, readers[2 * n + 1]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        lent = [o for o in outcomes if isinstance(o, loans.CheckoutResult)]
        refused = [o for o in outcomes if isinstance(o, CirculationRefused)]
        assert len(lent) == 1 and len(refused) == 1, outcomes
        assert refused[0].code is Refusal.ON_LOAN_OTHER_READER
        assert barcode in refused[0].english()
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == len(barcodes)
    assert _open_loans_per_item(db) == []


def _short_busy_timeout(db: Database) -> Database:
    """The same SQLite file, with connections that give up waiting after 50 ms."""
    quick = open_database(db.url, upgrade=False)
    quick.engine.dispose()
    event.listen(quick.engine, "connect", lambda conn, _rec: conn.execute("PRAGMA busy_timeout=50"))
    return quick


def test_locked_sqlite_is_retried_then_refused_with_a_message(sqlite_db: Database) -> None:
    (actor,) = desks(sqlite_db, 1)
    readers, barcodes = populate(sqlite_db, 1, 2)
    quick = _short_busy_timeout(sqlite_db)
    import sqlite3

    path = sqlite_db.url.split("sqlite:///", 1)[1]
    blocker = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    sleeps: list[float] = []
    try:
        with pytest.raises(DatabaseUnavailable) as err:
            retry.run(quick, lambda s: loans.checkout(s, actor, readers[0], barcodes[0]), sleep=sleeps.append)
        assert len(sleeps) == retry.ATTEMPTS - 1  # it did retry
        assert "Nothing was saved" in err.value.english()

        # the lock goes away during the retries: the checkout goes through
        timer = threading.Timer(0.3, blocker.rollback)
        timer.start()
        result = retry.run(quick, lambda s: loans.checkout(s, actor, readers[0], barcodes[0]))
        timer.join()
        assert result.line.barcode == barcodes[0]
    finally:
        blocker.close()
        quick.dispose()
    with sqlite_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 1


def _waiting_for_a_lock(db: Database) -> bool:
    with db.begin() as s:
        return bool(s.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")))


def _behind(db: Database, other_desk: Callable[[Session], object], scan: Callable[[Session], object]) -> object:
    """``scan`` (a loan or a return of an item) while ``other_desk`` (in its own, open
    transaction) holds the item's lock; ``other_desk`` commits once ``scan`` waits for the
    lock. ``scan``'s one read saw the item's loan as it was when its statement began: before
    the other's commit. What ``scan`` returned, or the refusal it raised."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(retry.run(db, scan))
        except WorkstationError as err:
            outcome.append(err)

    waiting = threading.Thread(target=run)
    with db.begin() as s:
        other_desk(s)
        waiting.start()
        deadline = time.monotonic() + 20
        while not _waiting_for_a_lock(db):
            assert time.monotonic() < deadline, "the scan never waited for the item's lock"
            time.sleep(0.02)
    waiting.join(30)
    assert len(outcome) == 1
    return outcome[0]


def _return_behind(db: Database, other_desk: Callable[[Session], object], returning: Actor,
                   barcode: str) -> object:
    return _behind(db, other_desk, lambda s: loans.return_or_receive(s, returning, barcode))


def test_a_return_that_waited_for_another_desks_return_and_loan_closes_the_new_loan(pg_db: Database) -> None:
    """The return's one read (item and open loan) saw the loan the other desk was closing;
    its write changes only a loan still open, finds none, and reads again: the new loan is
    the one returned, the old one keeps the other desk's return, one entry each."""
    first, second = desks(pg_db, 2)
    (reader_a, reader_b), (barcode,) = populate(pg_db, 2, 1)
    old = retry.run(pg_db, lambda s: loans.checkout(s, first, reader_a, barcode)).line.loan_id
    relent: list[int] = []
    back = _return_behind(pg_db, lambda s: relent.append(
        loans.return_and_lend(s, first, reader_b, barcode)[1].line.loan_id), second, barcode)
    assert isinstance(back, loans.CheckinResult), back
    (new,) = relent
    assert back.loan_id == new != old
    with pg_db.begin() as s:
        returns = {row.id: row.return_staff_id for row in s.execute(
            select(Loan.id, Loan.return_staff_id).where(Loan.id.in_([old, new])))}
        assert returns == {old: first.staff_id, new: second.staff_id}
        assert s.scalar(select(Item.status).where(Item.barcode == barcode)) is ItemStatus.AVAILABLE
        entries = Counter(s.execute(select(AuditEntry.entity_id).where(AuditEntry.action == "checkin")).scalars())
        assert entries == Counter({old: 1, new: 1})


def test_a_return_that_waited_for_another_desks_return_is_refused_as_not_on_loan(pg_db: Database) -> None:
    first, second = desks(pg_db, 2)
    (reader,), (barcode,) = populate(pg_db, 1, 1)
    loan = retry.run(pg_db, lambda s: loans.checkout(s, first, reader, barcode)).line.loan_id
    back = _return_behind(pg_db, lambda s: loans.checkin(s, first, barcode), second, barcode)
    assert isinstance(back, CirculationRefused) and back.code is Refusal.NOT_ON_LOAN, back
    with pg_db.begin() as s:
        assert s.scalar(select(Loan.return_staff_id).where(Loan.id == loan)) == first.staff_id
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "checkin")) == 1



def test_a_return_that_waited_for_another_desks_loan_returns_that_loan(pg_db: Database) -> None:
    """The return's one read saw no open loan, and the item's status after the other desk's
    commit (on loan): they disagree, so the loan is read again and returned."""
    first, second = desks(pg_db, 2)
    (reader,), (barcode,) = populate(pg_db, 1, 1)
    lent: list[int] = []
    back = _return_behind(pg_db, lambda s: lent.append(loans.checkout(s, first, reader, barcode).line.loan_id),
                          second, barcode)
    assert isinstance(back, loans.CheckinResult) and back.loan_id == lent[0], back
    with pg_db.begin() as s:
        assert s.scalar(select(Loan.return_staff_id).where(Loan.id == lent[0])) == second.staff_id

def test_a_loan_that_waited_for_another_desks_return_lends_the_book(pg_db: Database) -> None:
    """The loan's one read saw the open loan the other desk was closing, and the item's status
    after it (available): they disagree, so the state is read again and the book is lent."""
    first, second = desks(pg_db, 2)
    (reader_a, reader_b), (barcode,) = populate(pg_db, 2, 1)
    old = retry.run(pg_db, lambda s: loans.checkout(s, first, reader_a, barcode)).line.loan_id
    lent = _behind(pg_db, lambda s: loans.checkin(s, first, barcode),
                   lambda s: loans.checkout(s, second, reader_b, barcode))
    assert isinstance(lent, loans.CheckoutResult), lent
    with pg_db.begin() as s:
        assert s.scalar(select(Loan.reader_id).where(Loan.id == lent.line.loan_id,
                                                     Loan.returned_at.is_(None))) == reader_b
        assert s.scalar(select(Loan.return_staff_id).where(Loan.id == old)) == first.staff_id
    assert _open_loans_per_item(pg_db) == []


def test_a_loan_that_waited_for_another_desks_loan_is_refused_naming_that_reader(pg_db: Database) -> None:
    first, second = desks(pg_db, 2)
    (reader_a, reader_b), (barcode,) = populate(pg_db, 2, 1)
    refused = _behind(pg_db, lambda s: loans.checkout(s, first, reader_a, barcode),
                      lambda s: loans.checkout(s, second, reader_b, barcode))
    assert isinstance(refused, CirculationRefused) and refused.code is Refusal.ON_LOAN_OTHER_READER, refused
    with pg_db.begin() as s:
        assert list(s.scalars(select(Loan.reader_id))) == [reader_a]
        card = s.scalar(select(Reader.card_number).where(Reader.id == reader_a))
    assert card is not None and readers.mask_id_number(card) in refused.english()
