"""The desk as a Qt-free session: every outcome of a scan or a key, on SQLite and PostgreSQL
(the ``db`` fixture), and what the desk remembers between scans."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import TypeVar

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from stdnum.cn import ric

from tests.conftest import TEST_PASSWORD
from workstation import timeutil
from workstation.db import Database
from workstation.errors import DatabaseUnavailable, ValidationError
from workstation.models import AuditEntry, BookmobileStop, ServicePoint
from workstation.models.circulation import Hold, HoldState, Loan, Reader, ReaderStatus, Renewal
from workstation.services import retry
from workstation.services.circulation import desk as desk_module
from workstation.services.circulation import holds, items, loans, readers, rules
from workstation.services.circulation.desk import (
    WAYS_OUT,
    DeskSession,
    Kind,
    Mode,
    OfferChoice,
    Outcome,
    Refusal,
    WayOut,
)
from workstation.services.context import Actor

T = TypeVar("T")
_ids = itertools.count(500)


def id_number() -> str:
    body = f"14040219900101{next(_ids) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def point_id(db: Database, name: str = "综合借阅处") -> int:
    with db.begin() as s:
        pid = s.scalar(select(ServicePoint.id).where(ServicePoint.name == name))
        assert pid is not None
        return pid


class Clock:
    """The desk's clock, moved by the test (double scans are two seconds apart at most)."""

    def __init__(self) -> None:
        self.now = timeutil.now_utc()

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=3)  # every reading is a new moment, far enough apart
        return self.now


class CountingRunner:
    """``retry.run`` on the database, counting the transactions the desk opens."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.calls = 0

    def __call__(self, action: Callable[[Session], T], *, writes: bool = True) -> T:
        self.calls += 1
        return retry.run(self.db, action, writes=writes, sleep=lambda _s: None)


@pytest.fixture
def at_desk(db: Database, desk: Actor) -> Actor:
    return desk.at(point_id(db))


@pytest.fixture
def runner(db: Database) -> CountingRunner:
    return CountingRunner(db)


@pytest.fixture
def session(db: Database, at_desk: Actor, runner: CountingRunner) -> DeskSession:
    return DeskSession(db, at_desk, clock=Clock(), runner=runner)


def new_reader(db: Database, actor: Actor, card: str, name: str = "王小明", **kw: object) -> int:
    kw.setdefault("category", "adult")
    with db.begin() as s:
        return readers.register_reader(s, actor, card_number=card, name=name, id_type="resident_id",
                                       id_number=id_number(), **kw).id  # type: ignore[arg-type]


def new_items(db: Database, actor: Actor, *codes: str) -> None:
    with db.begin() as s:
        for code in codes:
            items.create_item(s, actor, barcode=code, title=f"书 {code}")


def count(db: Database, model: type) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def refused(outcome: Outcome, reason: Refusal) -> Outcome:
    assert outcome.kind is Kind.REFUSED, outcome
    assert outcome.reason is reason and outcome.error is not None
    return outcome


def test_every_refusal_has_a_way_out() -> None:
    assert set(WAYS_OUT) == set(Refusal)
    assert all(WAYS_OUT[code] for code in Refusal)


def test_card_then_items_each_in_one_transaction(db: Database, at_desk: Actor, session: DeskSession,
                                                 runner: CountingRunner,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    rid = new_reader(db, at_desk, "R0001", "李华")
    new_items(db, at_desk, "B001", "B002")
    normalised: list[str] = []
    real = desk_module.normalize_identifier
    monkeypatch.setattr(desk_module, "normalize_identifier", lambda raw: normalised.append(raw) or real(raw))
    shown = session.scan(" r0001 ")
    assert shown.kind is Kind.READER and shown.reason is None and shown.code == "R0001"
    assert shown.panel is not None and shown.panel.reader.name == "李华" and session.reader_id == rid
    lent = session.scan("Ｂ００１")  # full-width digits from an input method
    assert lent.kind is Kind.LENT and lent.line is not None and lent.line.barcode == "B001"
    assert lent.line.due_date > timeutil.today()
    assert session.scan("b002").kind is Kind.LENT
    assert runner.calls == 3 and len(normalised) == 3  # one transaction and one normalisation per scan
    assert [line.barcode for line in session.lent] == ["B001", "B002"]
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.reader_id == rid)) == 2


def test_cards_with_problems_are_shown_with_their_reason(db: Database, at_desk: Actor,
                                                         session: DeskSession) -> None:
    lost, blocked, old = (new_reader(db, at_desk, card) for card in ("LOST1", "BLK1", "OLD1"))
    with db.begin() as s:
        readers.set_reader_status(s, at_desk, lost, ReaderStatus.LOST, "挂失")
        readers.set_reader_status(s, at_desk, blocked, ReaderStatus.BLOCKED, "超期")
        s.get(Reader, old).valid_until = dt.date(2020, 1, 1)  # type: ignore[union-attr]
    for card, reason, ways in (("LOST1", Refusal.CARD_LOST, (WayOut.CHECK_IDENTITY,)),
                               ("BLK1", Refusal.CARD_BLOCKED, (WayOut.MANAGER_OVERRIDE,)),
                               ("OLD1", Refusal.CARD_EXPIRED, (WayOut.EXTEND_CARD, WayOut.MANAGER_OVERRIDE))):
        shown = session.scan(card)
        assert shown.kind is Kind.READER and shown.reason is reason and shown.way_out == ways
        assert shown.error is not None and card in shown.error.english()
        assert session.reader is not None and session.reader.card_number == card
    assert "2020-01-01" in (shown.error.english() if shown.error else "")


def test_unknown_card_and_item_without_reader(db: Database, at_desk: Actor, session: DeskSession) -> None:
    new_items(db, at_desk, "B001")
    unknown = refused(session.scan("NOCARD"), Refusal.CARD_UNKNOWN)
    assert unknown.way_out == (WayOut.REGISTER, WayOut.SEARCH) and "NOCARD" in unknown.error.english()  # type: ignore[union-attr]
    item = refused(session.scan("B001"), Refusal.ITEM_NEEDS_READER)
    assert item.way_out == (WayOut.SCAN_CARD, WayOut.SWITCH_TO_RETURN)
    assert session.reader is None and count(db, Loan) == 0


def test_return_mode_returns_and_names_a_card(db: Database, at_desk: Actor, session: DeskSession) -> None:
    new_reader(db, at_desk, "R0001", "李华")
    new_items(db, at_desk, "B001", "B002")
    session.scan("R0001")
    session.scan("B001")
    session.set_mode(Mode.RETURN)
    assert session.reader is None and session.mode is Mode.RETURN  # a mode switch ends the reader
    back = session.scan("b001")
    assert back.kind is Kind.RETURNED and back.returned is not None
    assert back.returned.card_number == "R0001" and back.returned.days_overdue == 0 and back.slip is None
    card = refused(session.scan("R0001"), Refusal.CARD_IN_RETURN_MODE)
    assert card.way_out == (WayOut.SWITCH_TO_LEND,) and "李华" in card.error.english()  # type: ignore[union-attr]
    refused(session.scan("B002"), Refusal.NOT_ON_LOAN)
    refused(session.scan("NOSUCH"), Refusal.ITEM_UNKNOWN)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.returned_at.is_not(None))) == 1


def test_return_finds_a_hold(db: Database, at_desk: Actor, session: DeskSession) -> None:
    new_reader(db, at_desk, "R0001")
    bob = new_reader(db, at_desk, "R0002", "张伟")
    new_items(db, at_desk, "B001")
    session.scan("R0001")
    session.scan("B001")
    with db.begin() as s:
        holds.place_hold(s, at_desk, bob, barcode="B001")
    session.set_mode("return")
    found = session.scan("B001")
    assert found.kind is Kind.HOLD_FOUND and found.slip is not None
    assert found.slip.reader_name == "张伟" and found.slip.card_number == "R0002" and found.slip.barcode == "B001"
    with db.begin() as s:
        assert s.scalar(select(Hold.state)) is HoldState.READY


def test_double_scan_is_ignored(db: Database, at_desk: Actor, runner: CountingRunner) -> None:
    new_reader(db, at_desk, "R0001")
    new_items(db, at_desk, "B001")
    now = [timeutil.now_utc()]
    session = DeskSession(db, at_desk, clock=lambda: now[0], runner=runner)
    session.scan("R0001")
    now[0] += dt.timedelta(seconds=5)
    assert session.scan("B001").kind is Kind.LENT
    now[0] += dt.timedelta(seconds=1)
    calls = runner.calls
    assert session.scan("b001").kind is Kind.DOUBLE_SCAN and runner.calls == calls  # nothing run
    now[0] += dt.timedelta(seconds=3)
    assert session.scan("B001").kind is Kind.OFFER  # later: a real second scan
    assert count(db, Loan) == 1
    # scans that waited in a queue are judged by when they were scanned, not when handled
    scanned = now[0] + dt.timedelta(seconds=10)
    now[0] += dt.timedelta(seconds=30)
    assert session.scan("B001", scanned_at=scanned).kind is Kind.OFFER
    now[0] += dt.timedelta(seconds=30)
    assert session.scan("B001", scanned_at=scanned + dt.timedelta(seconds=1)).kind is Kind.DOUBLE_SCAN


def test_offer_renew_accept_and_decline(db: Database, at_desk: Actor, session: DeskSession) -> None:
    new_reader(db, at_desk, "R0001")
    new_items(db, at_desk, "B001")
    session.scan("R0001")
    session.scan("B001")
    offer = session.scan("B001")
    assert offer.kind is Kind.OFFER and offer.offer is OfferChoice.RENEW
    assert offer.reason is Refusal.ON_LOAN_SAME_READER and session.offer is offer
    assert session.decline_offer() and session.offer is None and session.accept_offer() is None
    session.clock.now += dt.timedelta(days=1)  # type: ignore[attr-defined]  # lent yesterday: renewing moves it
    session.scan("B001")
    renewed = session.accept_offer()
    assert renewed is not None and renewed.kind is Kind.RENEWED and len(renewed.renewed) == 1
    assert renewed.panel is not None and renewed.panel.loans[0].renewal_count == 1
    assert session.offer is None and count(db, Renewal) == 1


def test_offer_return_from_the_other_reader_and_lend(db: Database, at_desk: Actor,
                                                     session: DeskSession) -> None:
    new_reader(db, at_desk, "R0001")
    bob = new_reader(db, at_desk, "R0002")
    new_items(db, at_desk, "B001")
    session.scan("R0001")
    session.scan("B001")
    shown = session.scan("R0002")  # a card scanned in the item field: the next reader
    assert shown.kind is Kind.READER and session.reader_id == bob and session.lent == []
    offer = session.scan("B001")
    assert offer.kind is Kind.OFFER and offer.offer is OfferChoice.RETURN_AND_LEND
    assert offer.way_out == (WayOut.RETURN_AND_LEND,)
    lent = session.accept_offer()
    assert lent is not None and lent.kind is Kind.LENT and lent.returned is not None
    assert lent.returned.card_number == "R0001" and lent.line is not None and lent.line.barcode == "B001"
    assert lent.panel is not None and [ln.barcode for ln in lent.panel.loans] == ["B001"]
    assert [ln.barcode for ln in session.lent] == ["B001"]
    with db.begin() as s:
        assert s.scalar(select(Loan.reader_id).where(Loan.returned_at.is_(None))) == bob


def test_refusal_override_and_the_rescan(db: Database, at_desk: Actor, manager: Actor,
                                         session: DeskSession) -> None:
    child = new_reader(db, at_desk, "R0003", "小红", category="child")
    new_items(db, at_desk, *(f"B00{i}" for i in range(1, 7)))
    session.scan("R0003")
    for code in ("B001", "B002", "B003"):
        assert session.scan(code).kind is Kind.LENT
    too_many = refused(session.scan("B004"), Refusal.TOO_MANY_LOANS)
    assert too_many.overridable and session.last_refusal is too_many
    with pytest.raises(ValidationError) as err:
        session.grant_override("boss", "wrong-one-1", "家长陪同")
    assert err.value.field == "password"
    granted = session.grant_override("boss", TEST_PASSWORD, "家长陪同")
    assert granted.grant.manager == "boss" and granted.then is not None and granted.then.kind is Kind.LENT
    assert session.scan("B005").kind is Kind.LENT  # the override holds for this reader
    session.end_reader()
    session.scan("R0003")
    assert session.grants == []
    refused(session.scan("B006"), Refusal.TOO_MANY_LOANS)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.reader_id == child)) == 5
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "override"))
        assert entry is not None and entry.details["reason"] == "家长陪同"


def test_override_needs_an_overridable_refusal(db: Database, at_desk: Actor, manager: Actor,
                                               session: DeskSession) -> None:
    new_reader(db, at_desk, "R0001")
    session.scan("R0001")
    refused(session.scan("NOSUCH"), Refusal.ITEM_UNKNOWN)
    with pytest.raises(ValidationError):
        session.grant_override("boss", TEST_PASSWORD, "理由")


def test_renew_one_all_and_the_renewal_limit(db: Database, at_desk: Actor, admin: Actor,
                                             session: DeskSession) -> None:
    new_reader(db, at_desk, "R0001")
    new_items(db, at_desk, "B001", "B002")
    refused(session.renew_all(), Refusal.NO_READER)
    session.scan("R0001")
    refused(session.renew([]), Refusal.NOTHING_TO_RENEW)
    session.scan("B001")
    first = session.scan("B002")
    assert first.line is not None
    session.clock.now += dt.timedelta(days=1)  # type: ignore[attr-defined]  # a renewal must move the due date
    one = session.renew([first.line.loan_id])
    assert one.kind is Kind.RENEWED and [r.barcode for r in one.renewed] == ["B002"]
    with db.begin() as s:
        rules.set_rule(s, admin.at(at_desk.service_point_id), "adult", "book", loan_days=30, max_loans=10,
                       max_renewals=1)
    partial = session.renew_all()  # B002 reached its limit, B001 renews
    assert partial.kind is Kind.REFUSED and partial.reason is Refusal.RENEWAL_LIMIT
    assert [r.barcode for r in partial.renewed] == ["B001"] and partial.refused_renewals == 1
    assert partial.overridable and partial.panel is not None
    assert count(db, Renewal) == 2


def test_busy_database_is_retried_then_refused(db: Database, at_desk: Actor, session: DeskSession,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    new_reader(db, at_desk, "R0001")
    new_items(db, at_desk, "B001", "B002")
    session.scan("R0001")
    real = loans.checkout
    calls = [0]

    def once_busy(*args: object, **kwargs: object) -> loans.CheckoutResult:
        calls[0] += 1
        if calls[0] == 1:
            raise OperationalError("INSERT …", {}, Exception("database is locked"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loans, "checkout", once_busy)
    lent = session.scan("B001")
    assert lent.kind is Kind.LENT and calls[0] == 2 and len(session.lent) == 1  # run again, counted once

    def always_busy(action: Callable[[Session], T], *, writes: bool = True) -> T:
        raise DatabaseUnavailable("busy") from OperationalError("x", {}, Exception("database is locked"))

    session.run = always_busy
    busy = refused(session.scan("B002"), Refusal.DATABASE_BUSY)
    assert busy.way_out == (WayOut.SCAN_AGAIN,)


def test_invalid_scan_and_a_desk_that_cannot_lend(db: Database, desk: Actor, at_desk: Actor,
                                                  runner: CountingRunner) -> None:
    reader = new_reader(db, at_desk, "R0001")
    session = DeskSession(db, desk, service_point_id=point_id(db, "期刊阅览室"), clock=Clock(), runner=runner)
    refused(session.scan("  "), Refusal.INVALID_SCAN)
    session.show_reader(reader)
    refused(session.scan("B001"), Refusal.NOT_POSSIBLE)  # a reading room does not lend
    lend_desk = DeskSession(db, at_desk, clock=Clock(), runner=runner)
    lend_desk.scan("R0001")
    assert refused(lend_desk.scan("B!1"), Refusal.INVALID_SCAN).way_out == (WayOut.SCAN_AGAIN,)


def test_register_search_status_slip_and_stops(db: Database, at_desk: Actor, session: DeskSession,
                                               manager: Actor) -> None:
    new_items(db, at_desk, "B001")
    session.set_mode(Mode.RETURN)
    shown = session.register_reader(card_number="r0100", name="周杰", category="adult", id_type="resident_id",
                                    id_number=id_number(), phone="13912345678")
    assert shown.kind is Kind.READER and session.mode is Mode.LEND and session.reader is not None
    assert session.reader.card_number == "R0100" and session.reader.phone == "139****5678"
    with pytest.raises(ValidationError) as err:
        session.register_reader(card_number="R0100", name="周杰", category="adult", id_type="resident_id",
                                id_number=id_number())
    assert err.value.field == "card_number"
    assert [v.card_number for v in session.search_readers("周")] == ["R0100"]
    lost = session.set_card_status(ReaderStatus.LOST, "读者来电挂失")
    assert lost.kind is Kind.READER and lost.reason is Refusal.CARD_LOST
    refused(session.scan("B001"), Refusal.CARD_LOST)
    refused(session.set_card_status("active", "找到了"), Refusal.NOT_POSSIBLE)  # a desk account alone may not
    active = session.set_card_status("active", "找到了", manager_username="boss", manager_password=TEST_PASSWORD)
    assert active.reason is None
    session.scan("B001")
    slip = session.loan_slip()
    assert slip is not None and [ln.barcode for ln in slip[1]] == ["B001"]
    again = session.show_reader(session.reader.id)
    assert again.kind is Kind.READER and len(session.lent) == 1  # the same reader: the session goes on
    assert session.reader_panel() is not None
    assert session.bookmobile_stops() == []
    mobile = DeskSession(db, at_desk, service_point_id=point_id(db, "流动图书车"), clock=Clock())
    with db.begin() as s:
        route = s.scalars(select(BookmobileStop.name).where(BookmobileStop.active.is_(True))
                          .order_by(BookmobileStop.sort_order)).all()
    assert [name for _id, name in mobile.bookmobile_stops()] == route and "长治医学院" in route


def test_a_scanned_loan_and_return_take_a_handful_of_statements(db: Database, at_desk: Actor,
                                                               session: DeskSession) -> None:
    """The desk's hottest paths stay few round trips (benchmarks/README.md, issues 17 and 18).
    On PostgreSQL a loan is one read (the item with the desk, reader, fees setting, loan rule,
    the item's loan, the reader's counts and the calendar) and one write (the loan with the
    item's status and the audit entry); a return is one read (the item with its open loan) and
    one write (the loan, the item and the audit entry). SQLite, which has no round trips to
    save, reads the loan state and the calendar and writes the item's status and the audit
    entry each in a statement of its own."""
    new_reader(db, at_desk, "R0601", "周芳")
    new_items(db, at_desk, "B601")
    assert session.scan("R0601").kind is Kind.READER
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        text = statement.lstrip().upper()
        if text.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")) and "WHERE 1 = 0" not in text:
            seen.append(statement)  # BEGIN, COMMIT, savepoints and SQLite's write lock left out

    postgresql = db.backend == "postgresql"
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        lent = session.scan("B601")
        loan_statements = len(seen)
        session.set_mode(Mode.RETURN)
        seen.clear()
        back = session.scan("B601")
        return_statements = len(seen)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert lent.kind is Kind.LENT and back.kind is Kind.RETURNED
    assert loan_statements == (2 if postgresql else 6), seen
    assert return_statements == (2 if postgresql else 4), seen
