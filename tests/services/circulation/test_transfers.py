"""Circulation across libraries (通借通还), on SQLite and PostgreSQL: borrow anywhere, return
anywhere with the item in transit home, receipt by a scan, reservations routed to their
pickup library, the transit lists, and loan rules by the owning or the lending library."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.branch_data import Branches, build
from workstation import timeutil
from workstation.db import Database
from workstation.models import AuditEntry, LoanRulesBy
from workstation.models.circulation import (
    Hold,
    HoldState,
    Item,
    ItemStatus,
    Loan,
    ReaderCategory,
    Transfer,
    TransferReason,
)
from workstation.services import calendar
from workstation.services.admin import libraries
from workstation.services.circulation import holds, holdshelf, loans, rules, transfers
from workstation.services.circulation.desk import DeskSession, Kind, Mode, Refusal
from workstation.services.circulation.refusals import CirculationRefused
from workstation.services.circulation.transfers import TransferSlip

MONDAY = dt.date(2030, 1, 7)


@pytest.fixture
def world(db: Database) -> Branches:
    return build(db)


def _desk(db: Database, world: Branches, library: int, mode: Mode, at: dt.datetime) -> DeskSession:
    session = DeskSession(db, world.desks[library], clock=lambda: at)
    session.set_mode(mode)
    return session


def _status(db: Database, barcode: str) -> ItemStatus:
    with db.begin() as s:
        status = s.scalar(select(Item.status).where(Item.barcode == barcode))
        assert status is not None
        return status


def _open_transfers(db: Database) -> list[Transfer]:
    with db.begin() as s:
        rows = list(s.scalars(select(Transfer).where(Transfer.received_at.is_(None)).order_by(Transfer.id)))
        s.expunge_all()
        return rows


def test_an_item_returned_at_its_home_library_does_not_move(db: Database, world: Branches) -> None:
    now = timeutil.at_local(MONDAY, 10)
    book = world.books[world.xy][0]
    with db.begin() as s:
        loans.checkout(s, world.desks[world.xy], world.readers[0], book, now=now)
    with db.begin() as s:
        back = loans.checkin(s, world.desks[world.xy], book, now=now + dt.timedelta(days=2))
    assert back.transfer is None and back.hold is None
    assert _status(db, book) is ItemStatus.AVAILABLE
    assert _open_transfers(db) == []


def test_borrow_anywhere_return_anywhere_then_received_at_home_by_a_scan(db: Database, world: Branches) -> None:
    now = timeutil.at_local(MONDAY, 10)
    book = world.books[world.central][0]
    # a reader lends a central library's book at a branch (borrow anywhere)
    lend = DeskSession(db, world.desks[world.xy], clock=lambda: now)
    assert lend.scan(_card(db, world.readers[0])).kind is Kind.READER
    assert lend.scan(book).kind is Kind.LENT
    # and returns it at the other branch (return anywhere): in transit home, with a slip
    later = now + dt.timedelta(days=3)
    out = _desk(db, world, world.lc, Mode.RETURN, later).scan(book)
    assert out.kind is Kind.TRANSIT and out.returned is not None
    slip = out.transfer
    assert slip is not None
    assert (slip.to_code, slip.to_name, slip.from_code, slip.reason) == ("ZG", _central_name(db), "LC",
                                                                         TransferReason.RETURN_HOME)
    assert _status(db, book) is ItemStatus.IN_TRANSIT
    [journey] = _open_transfers(db)
    assert (journey.from_library_id, journey.to_library_id, journey.hold_id) == (world.lc, world.central, None)
    assert journey.sent_by == world.desks[world.lc].staff_id and journey.sent_point_id == world.points[world.lc]
    with db.begin() as s:
        loan = s.scalar(select(Loan).where(Loan.item_id == journey.item_id))
        assert loan is not None and loan.returned_at is not None and loan.return_point_id == world.points[world.lc]
    # scanned again where it was returned: refused, it is on its way to the central library
    again = _desk(db, world, world.lc, Mode.RETURN, later + dt.timedelta(minutes=5)).scan(book)
    assert again.kind is Kind.REFUSED and again.reason is Refusal.IN_TRANSIT_ELSEWHERE
    assert again.error is not None and "ZG" in again.error.english()
    # while in transit nobody can borrow it
    lend2 = DeskSession(db, world.desks[world.lc], clock=lambda: later)
    lend2.scan(_card(db, world.readers[1]))
    refused = lend2.scan(book)
    assert refused.kind is Kind.REFUSED and refused.reason is Refusal.ITEM_UNAVAILABLE
    # received at home by a return scan
    arrived = later + dt.timedelta(days=2)
    got = _desk(db, world, world.central, Mode.RETURN, arrived).scan(book)
    assert got.kind is Kind.RECEIVED and got.received is not None
    assert (got.received.days_in_transit, got.received.from_name) == (2, "黎城县图书馆")
    assert _status(db, book) is ItemStatus.AVAILABLE
    with db.begin() as s:
        done = s.get(Transfer, journey.id)
        assert done is not None and done.received_at == arrived
        assert (done.received_by, done.received_point_id) == (world.desks[world.central].staff_id,
                                                              world.points[world.central])
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "transfer")))
    assert actions == ["receive"]
    assert _open_transfers(db) == []


def test_a_reservation_for_pickup_elsewhere_travels_there_and_waits_on_its_hold_shelf(
        db: Database, world: Branches) -> None:
    now = timeutil.at_local(MONDAY, 10)
    book = world.books[world.central][1]
    with db.begin() as s:
        loans.checkout(s, world.desks[world.central], world.readers[0], book, now=now)
        hold_id = holds.place_hold(s, world.desks[world.lc], world.readers[1], barcode=book,
                                   pickup_point_id=world.points[world.lc], now=now).id
    # returned at XY: caught for the reservation, in transit to LC (not home)
    out = _desk(db, world, world.xy, Mode.RETURN, now + dt.timedelta(days=1)).scan(book)
    assert out.kind is Kind.TRANSIT
    assert out.transfer is not None and out.transfer.reason is TransferReason.HOLD_PICKUP
    assert (out.transfer.to_name, out.transfer.pickup_point) == ("黎城县图书馆", "黎城借阅处")
    [journey] = _open_transfers(db)
    assert (journey.from_library_id, journey.to_library_id, journey.hold_id) == (world.xy, world.lc, hold_id)
    with db.begin() as s:
        hold = s.get(Hold, hold_id)
        assert hold is not None and hold.state is HoldState.IN_TRANSIT and hold.ready_at is None
    # received at LC: onto the hold shelf, with the reservation slip
    got = _desk(db, world, world.lc, Mode.RETURN, now + dt.timedelta(days=2)).scan(book)
    assert got.kind is Kind.HOLD_FOUND and got.slip is not None and got.slip.hold_id == hold_id
    assert _status(db, book) is ItemStatus.ON_HOLD_SHELF
    with db.begin() as s:
        hold = s.get(Hold, hold_id)
        assert hold is not None and hold.state is HoldState.READY
        shelf = holdshelf.shelf(s, world.desks[world.lc], world.points[world.lc])
    assert [line.barcode for line in shelf] == [book]
    # the reader collects it at LC, reads it, returns it there: home to the central library
    with db.begin() as s:
        loans.checkout(s, world.desks[world.lc], world.readers[1], book, now=now + dt.timedelta(days=3))
    with db.begin() as s:
        back = loans.checkin(s, world.desks[world.lc], book, now=now + dt.timedelta(days=10))
    assert back.transfer is not None and back.transfer.to_code == "ZG"
    with db.begin() as s:
        hold = s.get(Hold, hold_id)
        assert hold is not None and hold.state is HoldState.FULFILLED


def test_a_reservation_cancelled_in_transit_sends_the_item_home_on_receipt(db: Database, world: Branches) -> None:
    now = timeutil.at_local(MONDAY, 10)
    book = world.books[world.xy][1]
    with db.begin() as s:
        loans.checkout(s, world.desks[world.xy], world.readers[0], book, now=now)
        hold_id = holds.place_hold(s, world.desks[world.lc], world.readers[1], barcode=book,
                                   pickup_point_id=world.points[world.lc], now=now).id
    with db.begin() as s:
        assert loans.checkin(s, world.desks[world.central], book, now=now).transfer is not None
    with db.begin() as s:
        holdshelf.cancel_hold(s, world.desks[world.lc], hold_id, "reader", "不需要了", now=now)
    got = _desk(db, world, world.lc, Mode.RETURN, now + dt.timedelta(days=1)).scan(book)
    assert got.kind is Kind.TRANSIT and got.received is not None and got.transfer is not None
    assert (got.transfer.from_code, got.transfer.to_code) == ("LC", "XY")
    [journey] = _open_transfers(db)
    assert (journey.from_library_id, journey.to_library_id, journey.reason) == (world.lc, world.xy,
                                                                                TransferReason.RETURN_HOME)
    assert _desk(db, world, world.xy, Mode.RETURN, now + dt.timedelta(days=2)).scan(book).kind is Kind.RECEIVED
    assert _status(db, book) is ItemStatus.AVAILABLE


def test_an_item_leaving_a_branch_hold_shelf_unclaimed_goes_home(db: Database, world: Branches) -> None:
    now = timeutil.at_local(MONDAY, 10)
    book = world.books[world.central][2]
    with db.begin() as s:
        loans.checkout(s, world.desks[world.central], world.readers[0], book, now=now)
        hold_id = holds.place_hold(s, world.desks[world.xy], world.readers[1], barcode=book,
                                   pickup_point_id=world.points[world.xy], now=now).id
    with db.begin() as s:  # returned at the pickup library itself: its hold shelf, no journey
        back = loans.checkin(s, world.desks[world.xy], book, now=now)
    assert back.hold is not None and back.transfer is None
    with db.begin() as s:
        slip = holdshelf.cancel_hold(s, world.desks[world.xy], hold_id, "staff", "读者联系不上", now=now)
    assert isinstance(slip, TransferSlip) and (slip.barcode, slip.from_code, slip.to_code) == (book, "XY", "ZG")
    assert _status(db, book) is ItemStatus.IN_TRANSIT
    [journey] = _open_transfers(db)
    assert (journey.from_library_id, journey.to_library_id) == (world.xy, world.central)
    assert journey.id == slip.transfer_id


def test_the_days_run_at_a_branch_sends_an_unclaimed_book_home_with_its_slip(db: Database, world: Branches) -> None:
    """The expiry run at the pickup library: the central library's book is not reshelved
    there but goes home in transit, and the run hands back its transfer slip to print."""
    now = timeutil.at_local(MONDAY, 10)
    book = world.books[world.central][2]
    with db.begin() as s:
        loans.checkout(s, world.desks[world.central], world.readers[0], book, now=now)
        holds.place_hold(s, world.desks[world.xy], world.readers[1], barcode=book,
                         pickup_point_id=world.points[world.xy], now=now)
    with db.begin() as s:
        assert loans.checkin(s, world.desks[world.xy], book, now=now).hold is not None
    with db.begin() as s:
        result = holdshelf.expire_holds(s, world.desks[world.xy], now=now + dt.timedelta(days=30))
    assert result.expired == [book] and result.passed_on == [] and result.reshelved == []
    [slip] = result.sent
    assert (slip.barcode, slip.from_code, slip.to_code) == (book, "XY", "ZG")
    assert _status(db, book) is ItemStatus.IN_TRANSIT
    with db.begin() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "expire")).one()
    assert entry.details["sent"] == [book] and entry.details["reshelved"] == []


def test_the_transit_list_shows_both_ways_and_flags_the_late(db: Database, world: Branches) -> None:
    now = timeutil.at_local(MONDAY, 10)
    home_central, home_xy = world.books[world.central][3], world.books[world.xy][2]
    with db.begin() as s:
        loans.checkout(s, world.desks[world.lc], world.readers[0], home_central, now=now)
        loans.checkout(s, world.desks[world.lc], world.readers[0], home_xy, now=now)
    with db.begin() as s:
        loans.checkin(s, world.desks[world.lc], home_central, now=now)
        loans.checkin(s, world.desks[world.xy], home_xy, now=now)  # at home: no journey
        loans.checkout(s, world.desks[world.xy], world.readers[1], home_xy, now=now)
        loans.checkin(s, world.desks[world.central], home_xy, now=now + dt.timedelta(days=6))
    with db.begin() as s:
        libraries.set_library_options(s, world.admin, world.central, transit_days=3)
    with db.begin() as s:
        central = transfers.transit_list(s, world.desks[world.central], world.central, MONDAY + dt.timedelta(days=7))
        lc = transfers.transit_list(s, world.desks[world.lc], world.lc, MONDAY + dt.timedelta(days=7))
    assert [(x.barcode, x.from_name, x.days, x.late) for x in central.incoming] == [
        (home_central, "黎城县图书馆", 7, True)]
    assert [(x.barcode, x.to_name, x.days, x.late) for x in central.outgoing] == [
        (home_xy, "襄垣县图书馆", 1, False)]
    assert central.late == 1
    assert [x.barcode for x in lc.outgoing] == [home_central] and lc.incoming == []


@pytest.mark.parametrize("mode", [LoanRulesBy.LENDING, LoanRulesBy.OWNING])
def test_loan_rules_follow_the_owning_or_the_lending_library(db: Database, world: Branches,
                                                             mode: LoanRulesBy) -> None:
    """XY's books lent at the central library: 30 days (every library's rule) when the lending
    library's rules apply, 14 (XY's own rule) when XY's items follow their owner's."""
    now = timeutil.at_local(MONDAY, 10)
    with db.begin() as s:
        rules.set_rule(s, world.admin, ReaderCategory.ADULT, "book", loan_days=30, max_loans=10, max_renewals=1)
        rules.set_rule(s, world.admin, ReaderCategory.ADULT, "book", loan_days=14, max_loans=10, max_renewals=1,
                       library_id=world.xy)
        libraries.set_library_options(s, world.admin, world.xy, loan_rules_by=mode)
    with db.begin() as s:
        at_central = loans.checkout(s, world.desks[world.central], world.readers[0], world.books[world.xy][0],
                                    now=now)
        at_home = loans.checkout(s, world.desks[world.xy], world.readers[0], world.books[world.xy][1], now=now)
        other = loans.checkout(s, world.desks[world.xy], world.readers[0], world.books[world.central][0], now=now)
    expected = 14 if mode is LoanRulesBy.OWNING else 30
    assert at_central.line.due_date == MONDAY + dt.timedelta(days=expected)
    assert at_home.line.due_date == MONDAY + dt.timedelta(days=14)  # its own library: its own rule
    assert other.line.due_date == MONDAY + dt.timedelta(days=14)  # the central library's book lent at XY


def test_the_due_date_follows_the_lending_librarys_calendar(db: Database, world: Branches) -> None:
    now = timeutil.at_local(MONDAY, 10)
    with db.begin() as s:
        rules.set_rule(s, world.admin, ReaderCategory.ADULT, "book", loan_days=7, max_loans=10, max_renewals=1)
        calendar.add_closed_day(s, world.admin, MONDAY + dt.timedelta(days=7), "分馆盘点", library_id=world.xy)
        calendar.set_weekly_closing(s, world.admin, [1], library_id=world.xy)  # XY: closed on Tuesdays
    with db.begin() as s:
        at_xy = loans.checkout(s, world.desks[world.xy], world.readers[0], world.books[world.central][0], now=now)
        at_central = loans.checkout(s, world.desks[world.central], world.readers[0], world.books[world.xy][0],
                                    now=now)
        assert calendar.is_open(s, MONDAY + dt.timedelta(days=7))
        assert not calendar.is_open(s, MONDAY + dt.timedelta(days=7), world.xy)
        assert calendar.weekly_closing_days(s, world.xy) == {1} and calendar.weekly_closing_days(s) == set()
    assert at_xy.line.due_date == MONDAY + dt.timedelta(days=9)  # Mon closed at XY, Tue weekly: Wednesday
    assert at_central.line.due_date == MONDAY + dt.timedelta(days=7)


def test_a_days_closing_for_every_library_moves_every_due_date(db: Database, world: Branches) -> None:
    now = timeutil.at_local(MONDAY, 10)
    with db.begin() as s:
        rules.set_rule(s, world.admin, ReaderCategory.ADULT, "book", loan_days=7, max_loans=10, max_renewals=1)
        calendar.add_closed_day(s, world.admin, MONDAY + dt.timedelta(days=7), "全市闭馆")
    with db.begin() as s:
        due = loans.checkout(s, world.desks[world.lc], world.readers[0], world.books[world.lc][0], now=now)
    assert due.line.due_date == MONDAY + dt.timedelta(days=8)


def test_a_receipt_at_the_wrong_library_is_refused_and_changes_nothing(db: Database, world: Branches) -> None:
    now = timeutil.at_local(MONDAY, 10)
    book = world.books[world.lc][0]
    with db.begin() as s:
        loans.checkout(s, world.desks[world.xy], world.readers[0], book, now=now)
    with db.begin() as s:
        loans.checkin(s, world.desks[world.xy], book, now=now)
    with pytest.raises(CirculationRefused) as refused, db.begin() as s:
        loans.return_or_receive(s, world.desks[world.central], book, now=now)
    assert refused.value.code is Refusal.IN_TRANSIT_ELSEWHERE
    assert "黎城县图书馆" in refused.value.english()
    assert len(_open_transfers(db)) == 1 and _status(db, book) is ItemStatus.IN_TRANSIT


def _card(db: Database, reader_id: int) -> str:
    from workstation.models.circulation import Reader

    with db.begin() as s:
        card = s.scalar(select(Reader.card_number).where(Reader.id == reader_id))
        assert card is not None
        return card


def _central_name(db: Database) -> str:
    with db.begin() as s:
        return libraries.central(s).name


def test_slips_are_headed_with_the_desks_library(db: Database, world: Branches) -> None:
    from workstation.services.admin import library, slip_name

    with db.begin() as s:
        library.set_library_name(s, world.admin, "长治市图书馆")
    with db.begin() as s:
        assert slip_name(s, world.points[world.xy]) == "襄垣县图书馆"
        assert slip_name(s, world.points[world.central]) == "长治市图书馆"
