"""Sync: each conflict rule of docs/bookmobile.md, with a central database and trip stores
from two vehicles; every test ends with uploaded = applied + exceptions + discarded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from tests.conftest import TEST_PASSWORD
from tests.services.bookmobile.trips import Library, assert_balanced, codes, library, prepare, road, soon, trip
from workstation import timeutil
from workstation.db import Database
from workstation.models.circulation import Hold, Item, ItemStatus, Loan, LoanRule, Reader, ReaderStatus, Renewal
from workstation.models.offline import OfflineEvent
from workstation.services import calendar
from workstation.services.bookmobile import store as trip_store
from workstation.services.bookmobile import sync
from workstation.services.circulation import holds, loans
from workstation.services.circulation.desk import Kind, Mode
from workstation.services.context import Actor


def reader_id(db: Database, card: str) -> int:
    with db.begin() as s:
        found = s.scalar(select(Reader.id).where(Reader.card_number == card))
        assert found is not None
        return found


def at_library(lib: Library) -> Actor:
    return lib.desk.at(lib.lending_desk)


def lend_at_library(lib: Library, card: str, barcode: str, when: dt.datetime) -> None:
    rid = reader_id(lib.db, card)
    with lib.db.begin() as s:
        loans.checkout(s, at_library(lib), rid, barcode, now=when)


def return_at_library(lib: Library, barcode: str, when: dt.datetime) -> None:
    with lib.db.begin() as s:
        loans.checkin(s, at_library(lib), barcode, now=when)


def do_sync(lib: Library, path: Path, **kw: object) -> sync.SyncReport:
    return sync.sync_trip(lib.db, lib.desk, path, **kw)  # type: ignore[arg-type]


def lend_on_bus(lib: Library, path: Path, start: dt.datetime, card: str, *barcodes: str, vehicle: int = 0,
                fresh: bool = True) -> None:
    on = trip(lib, lib.vehicles[vehicle], path, start) if fresh else road(lib, path, start)
    assert on.desk.scan(card).kind is Kind.READER
    for b in barcodes:
        assert on.desk.scan(b).kind is Kind.LENT, b
    on.close()


def open_loans(db: Database, barcode: str) -> list[tuple[str, dt.datetime]]:
    with db.begin() as s:
        return [(card, lent) for card, lent in s.execute(
            select(Reader.card_number, Loan.lent_at).join(Reader, Reader.id == Loan.reader_id)
            .join(Item, Item.id == Loan.item_id).where(Item.barcode == barcode, Loan.returned_at.is_(None)))]


# -- the plain case, and the clock --------------------------------------------------------

def test_a_trip_syncs_into_loans_returns_and_readers_at_its_stop(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    lend_at_library(lib, lib.readers[5], lib.items[9], soon(-30))  # on loan when the trip leaves
    path = tmp_path / "t.sqlite3"
    on = trip(lib, lib.vehicles[0], path, soon(60))
    on.desk.scan(lib.readers[0])
    for b in lib.items[:3]:
        on.desk.scan(b)
    on.desk.set_mode(Mode.RETURN)
    assert on.desk.scan(lib.items[9]).kind is Kind.RETURNED
    card = trip_store.next_card(on.store)
    on.desk.register_reader(card_number=card, name="新读者", category="adult", id_type="other", id_number="NEW12345")
    assert on.desk.scan(lib.items[4]).kind is Kind.LENT  # register serves the new reader, in lend mode
    on.close()
    report = do_sync(lib, path)
    assert (report.in_store, report.new, report.accounting.applied, report.accounting.exceptions) == (6, 6, 6, 0)
    assert not report.clock_shown
    with db.begin() as s:
        bus = s.execute(select(Loan.stop_id, Loan.service_point_id).where(Loan.returned_at.is_(None))).all()
        assert sorted(bus) == sorted([(lib.stops[0], lib.point)] * 4)
        back = s.scalar(select(Loan).join(Item).where(Item.barcode == lib.items[9]))
        assert back is not None and back.return_stop_id == lib.stops[0] and back.return_point_id == lib.point
        new = s.scalar(select(Reader).where(Reader.card_number == card))
        assert new is not None and new.registered_point_id == lib.point and new.id_number == "NEW12345"
    assert open_loans(db, lib.items[4])[0][0] == card
    assert_balanced(db)


def test_the_laptops_clock_is_corrected_and_shown_when_over_two_minutes(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    real = soon(60)
    skew = dt.timedelta(minutes=-47)  # the laptop is 47 minutes slow
    lend_on_bus(lib, path, real + skew, lib.readers[0], lib.items[0])
    report = sync.sync_trip(lib.db, lib.desk, path, clock=lambda: timeutil.now_utc() + skew)
    assert report.clock_shown and abs(report.clock_offset - 47 * 60) <= 2
    with db.begin() as s:
        ev = s.scalar(select(OfflineEvent))
        assert ev is not None
        assert abs((ev.corrected_time - ev.client_time).total_seconds() - 47 * 60) <= 2
        lent = s.scalar(select(Loan.lent_at))
        assert lent is not None and lent == ev.corrected_time
        assert real < lent < real + dt.timedelta(minutes=10)  # the real time, not the laptop's
    assert_balanced(db)


# -- idempotency ----------------------------------------------------------------------------

def test_a_second_upload_applies_nothing_twice(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], *lib.items[:3])
    first = do_sync(lib, path)
    again = do_sync(lib, path)
    assert (first.new, again.new, again.in_store) == (3, 0, 3)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 3
    assert again.accounting.uploaded == 3 and again.accounting.applied == 3
    assert_balanced(db)


def test_an_upload_stopped_halfway_then_run_again_applies_each_once(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], *lib.items[:4])
    half = do_sync(lib, path, stop_after=2)
    assert half.accounting.pending == 2 and half.accounting.applied == 2
    done = do_sync(lib, path)
    assert done.new == 0 and done.accounting.applied == 4 and done.accounting.pending == 0
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 4
    assert_balanced(db)


# -- one test per rule ------------------------------------------------------------------------

def test_rule_reader_not_found(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0])
    with db.begin() as s:  # the card was replaced at the library after the trip left
        s.execute(update(Reader).where(Reader.card_number == lib.readers[0]).values(card_number="NEWCARD01"))
    do_sync(lib, path)
    assert codes(db) == [("lend", "exception", "READER_NOT_FOUND")]
    assert_balanced(db)


def test_rule_item_not_found(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0])
    with db.begin() as s:  # relabelled
        s.execute(update(Item).where(Item.barcode == lib.items[0]).values(barcode="RELABEL01"))
    do_sync(lib, path)
    assert codes(db) == [("lend", "exception", "ITEM_NOT_FOUND")]
    assert_balanced(db)


def test_rule_item_lost_or_withdrawn(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0])
    with db.begin() as s:
        s.execute(update(Item).where(Item.barcode == lib.items[0]).values(status=ItemStatus.WITHDRAWN))
    do_sync(lib, path)
    assert codes(db) == [("lend", "exception", "ITEM_LOST_OR_WITHDRAWN")]
    assert open_loans(db, lib.items[0]) == []
    assert_balanced(db)


def test_rule_card_reported_lost(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0])
    with db.begin() as s:
        s.execute(update(Reader).where(Reader.card_number == lib.readers[0]).values(status=ReaderStatus.LOST))
    do_sync(lib, path)
    assert codes(db) == [("lend", "exception", "CARD_REPORTED_LOST")]
    assert_balanced(db)


def test_rule_newer_loan_exists(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0])
    lend_at_library(lib, lib.readers[1], lib.items[0], soon(120))  # lent later to someone else
    do_sync(lib, path)
    assert codes(db) == [("lend", "exception", "NEWER_LOAN_EXISTS")]
    assert [card for card, _ in open_loans(db, lib.items[0])] == [lib.readers[1]]
    assert_balanced(db)


def test_rule_implicit_return(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    lend_at_library(lib, lib.readers[1], lib.items[0], soon(30))  # lent before the bus lent it
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0], fresh=False)
    do_sync(lib, path)
    assert codes(db) == [("lend", "warning", "IMPLICIT_RETURN")]
    assert [card for card, _ in open_loans(db, lib.items[0])] == [lib.readers[0]]
    assert_balanced(db)


DAY = 24 * 60  # minutes


def test_rule_became_renewal(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    lend_at_library(lib, lib.readers[0], lib.items[0], soon(-3 * DAY))  # the same reader, days earlier
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0], fresh=False)
    do_sync(lib, path)
    assert codes(db) == [("lend", "warning", "BECAME_RENEWAL")]
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 1
        assert s.scalar(select(func.count()).select_from(Renewal)) == 1
    assert_balanced(db)


def test_rule_already_current(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    lend_at_library(lib, lib.readers[0], lib.items[0], soon(30))  # the same reader, the same day
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0], fresh=False)
    do_sync(lib, path)
    assert codes(db) == [("lend", "warning", "ALREADY_CURRENT")]  # a renewal would move nothing
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 1
        assert s.scalar(select(func.count()).select_from(Renewal)) == 0
    assert_balanced(db)


def test_rule_item_changed_later_stops_the_items_later_events(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    lend_at_library(lib, lib.readers[0], lib.items[0], soon(-60))
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    on = road(lib, path, soon(10))
    on.desk.set_mode(Mode.RETURN)
    assert on.desk.scan(lib.items[0]).kind is Kind.RETURNED  # returned on the bus at +11 min
    on.desk.set_mode(Mode.LEND)
    on.desk.scan(lib.readers[2])
    assert on.desk.scan(lib.items[0]).kind is Kind.LENT  # and lent again on the bus
    on.close()
    return_at_library(lib, lib.items[0], soon(20))  # the library recorded it back …
    lend_at_library(lib, lib.readers[1], lib.items[0], soon(25))  # … and lent it: newer than the bus
    do_sync(lib, path)
    assert codes(db) == [("return", "exception", "ITEM_CHANGED_LATER"),
                         ("lend", "exception", "EARLIER_EVENT_FAILED")]
    assert [card for card, _ in open_loans(db, lib.items[0])] == [lib.readers[1]]
    assert_balanced(db)


def test_rule_not_on_loan(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    lend_at_library(lib, lib.readers[0], lib.items[0], soon(-60))
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    return_at_library(lib, lib.items[0], soon(5))
    on = road(lib, path, soon(30))
    on.desk.set_mode(Mode.RETURN)
    on.desk.scan(lib.items[0])
    on.close()
    do_sync(lib, path)
    assert codes(db) == [("return", "warning", "NOT_ON_LOAN")]
    assert_balanced(db)


def test_rule_block_overridden(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0])
    with db.begin() as s:
        s.execute(update(Reader).where(Reader.card_number == lib.readers[0]).values(status=ReaderStatus.BLOCKED))
    do_sync(lib, path)
    assert codes(db) == [("lend", "warning", "BLOCK_OVERRIDDEN")]
    assert [card for card, _ in open_loans(db, lib.items[0])] == [lib.readers[0]]
    assert_balanced(db)


def test_rule_limit_exceeded_across_two_vehicles(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    with db.begin() as s:
        s.execute(update(LoanRule).values(max_loans=3))
    one, two = tmp_path / "one.sqlite3", tmp_path / "two.sqlite3"
    prepare(lib, lib.vehicles[0], one)
    prepare(lib, lib.vehicles[1], two)
    lend_on_bus(lib, one, soon(60), lib.readers[0], *lib.items[:2], fresh=False)
    lend_on_bus(lib, two, soon(90), lib.readers[0], *lib.items[10:12], fresh=False)
    do_sync(lib, two)
    do_sync(lib, one)
    assert codes(db) == [("lend", "applied", ""), ("lend", "warning", "LIMIT_EXCEEDED")] + [("lend", "applied", "")] * 2
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))) == 4
    assert_balanced(db)


def test_rule_hold_for_other(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    with db.begin() as s:
        holds.place_hold(s, at_library(lib), reader_id(db, lib.readers[1]), barcode=lib.items[0], now=soon(5))
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0], fresh=False)
    do_sync(lib, path)
    assert codes(db) == [("lend", "warning", "HOLD_FOR_OTHER")]
    with db.begin() as s:
        assert s.scalar(select(Hold.state)) == "waiting"  # the hold stays queued
    assert_balanced(db)


def test_rule_renewal_limit_exceeded(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    lend_at_library(lib, lib.readers[0], lib.items[0], soon(-10 * DAY))
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    with db.begin() as s:  # renewed at the library up to the limit after the trip left
        limit = s.scalar(select(LoanRule.max_renewals).where(LoanRule.reader_category == "adult",
                                                             LoanRule.collection_type == "book"))
        assert limit is not None
        loan_id = s.scalar(select(Loan.id))
        assert loan_id is not None
    for n in range(limit):
        with db.begin() as s:
            loans.renew(s, at_library(lib), loan_id, now=soon(-(limit - n) * DAY))  # a day apart: each moves the date
    on = road(lib, path, soon(60))
    on.desk.scan(lib.readers[0])
    assert on.desk.renew_all().kind is Kind.RENEWED
    on.close()
    do_sync(lib, path)
    assert codes(db) == [("renew", "warning", "RENEWAL_LIMIT_EXCEEDED")]
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Renewal)) == limit + 1
    assert_balanced(db)


def test_rule_renew_not_on_loan(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    lend_at_library(lib, lib.readers[0], lib.items[0], soon(-3 * DAY))
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    return_at_library(lib, lib.items[0], soon(5))
    on = road(lib, path, soon(60))
    on.desk.scan(lib.readers[0])
    on.desk.renew_all()
    on.close()
    do_sync(lib, path)
    assert codes(db) == [("renew", "exception", "RENEW_NOT_ON_LOAN")]
    assert_balanced(db)


def test_rule_override_on_bus(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    with db.begin() as s:
        s.execute(update(LoanRule).values(max_loans=1))
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    on = road(lib, path, soon(60))
    on.desk.scan(lib.readers[0])
    on.desk.scan(lib.items[0])
    assert on.desk.scan(lib.items[1]).kind is Kind.REFUSED
    granted = on.desk.grant_override("boss", TEST_PASSWORD, "讲座当天特批")
    assert granted.then is not None and granted.then.kind is Kind.LENT
    on.close()
    with db.begin() as s:
        s.execute(update(LoanRule).values(max_loans=10))  # no longer over the limit at the library
    do_sync(lib, path)
    assert codes(db) == [("lend", "applied", ""), ("lend", "warning", "OVERRIDE_ON_BUS")]
    assert_balanced(db)


def test_rule_due_date_differs_keeps_the_slips_date(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    on = road(lib, path, soon(60))
    on.desk.scan(lib.readers[0])
    lent = on.desk.scan(lib.items[0])
    assert lent.line is not None
    on.close()
    with db.begin() as s:  # the library closes on the bus's due date after the trip left
        calendar.add_closed_day(s, lib.admin, lent.line.due_date, "停电")
    do_sync(lib, path)
    assert codes(db) == [("lend", "warning", "DUE_DATE_DIFFERS")]
    with db.begin() as s:
        assert s.scalar(select(Loan.due_date)) == lent.line.due_date
    assert_balanced(db)


def register_on_bus(lib: Library, path: Path, id_number: str, card: str | None = None) -> str:
    on = trip(lib, lib.vehicles[0], path, soon(60))
    card = card or trip_store.next_card(on.store)
    on.desk.register_reader(card_number=card, name="新读者", category="adult", id_type="other", id_number=id_number)
    on.desk.scan(lib.items[0])
    on.close()
    return card


def test_rule_duplicate_card_and_its_loans_wait(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    card = register_on_bus(lib, path, "NEW12345")
    with db.begin() as s:  # the same card number given at the library meanwhile
        from workstation.services.circulation import readers

        readers.register_reader(s, at_library(lib), card_number=card, name="别人", category="adult",
                                id_type="other", id_number="OTHER9999")
    do_sync(lib, path)
    # the bus's loans on that card wait: they must not go to the other reader
    assert codes(db) == [("register", "exception", "DUPLICATE_CARD"), ("lend", "exception", "EARLIER_EVENT_FAILED")]
    assert open_loans(db, lib.items[0]) == []
    assert_balanced(db)


def test_rule_possible_duplicate_reader(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    register_on_bus(lib, path, "X00000003")  # reader 3's ID number: the bus could not know it
    do_sync(lib, path)
    assert codes(db) == [("register", "exception", "POSSIBLE_DUPLICATE_READER"),
                         ("lend", "exception", "EARLIER_EVENT_FAILED")]
    assert_balanced(db)


def test_rule_already_reserved(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    with db.begin() as s:
        holds.place_hold(s, at_library(lib), reader_id(db, lib.readers[0]), barcode=lib.items[0], now=soon(5))
    on = road(lib, path, soon(60))
    with on.store.db.begin() as s:
        holds.place_hold(s, on.desk.actor, reader_id(on.store.db, lib.readers[0]), barcode=lib.items[0],
                         now=on.clock())
    on.close()
    do_sync(lib, path)
    assert codes(db) == [("hold", "warning", "ALREADY_RESERVED")]
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Hold)) == 1
    assert_balanced(db)


def test_rule_refused_when_the_stop_was_retired(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0])
    from workstation.models import BookmobileStop

    with db.begin() as s:
        s.execute(update(BookmobileStop).where(BookmobileStop.id == lib.stops[0]).values(active=False))
    do_sync(lib, path)
    assert codes(db) == [("lend", "exception", "REFUSED")]
    assert_balanced(db)


# -- stores refused ---------------------------------------------------------------------------

def test_a_store_of_another_database_is_refused(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0])
    with db.begin() as s:
        from workstation.models import LibrarySetting

        row = s.get(LibrarySetting, trip_store.DATABASE_ID_KEY)
        assert row is not None
        row.value = "another"
    with pytest.raises(trip_store.TripStoreRefused, match="another library database"):
        do_sync(lib, path)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(OfflineEvent)) == 0
    assert_balanced(db)


def test_rule_overdue_overridden(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    lend_at_library(lib, lib.readers[0], lib.items[5], soon(-90 * 24 * 60))  # recorded late: long overdue
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0], fresh=False)
    do_sync(lib, path)
    assert codes(db) == [("lend", "warning", "OVERDUE_OVERRIDDEN")]
    assert [card for card, _ in open_loans(db, lib.items[0])] == [lib.readers[0]]
    assert_balanced(db)
