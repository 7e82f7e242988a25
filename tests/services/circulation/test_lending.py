"""Circulation services: lending, returns, renewals, reservations, refusals and overrides.

Each test runs on SQLite and on PostgreSQL (the ``db`` fixture)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from stdnum.cn import ric

from tests.conftest import TEST_PASSWORD
from workstation import timeutil
from workstation.db import Database
from workstation.errors import NotFound, ValidationError
from workstation.models import AuditEntry, BookmobileStop, ServicePoint
from workstation.models.circulation import (
    Hold,
    HoldState,
    Item,
    ItemStatus,
    Loan,
    Reader,
    ReaderStatus,
    Renewal,
)
from workstation.services import calendar
from workstation.services.circulation import holds, items, loans, readers, rules
from workstation.services.circulation.refusals import CirculationRefused, Refusal
from workstation.services.context import Actor

# from 1000: never the number a test asks for by its small ``seq``, however many tests ran
# in this worker before (the birth date moves on a day every thousand numbers)
_ids = itertools.count(1000)


def id_number(seq: int | None = None) -> str:
    """A valid 18-digit resident ID number (check digit computed)."""
    seq = next(_ids) if seq is None else seq
    born = dt.date(1990, 1, 1) + dt.timedelta(days=seq // 1000)
    body = f"140402{born:%Y%m%d}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum wants a placeholder check digit


def point_id(db: Database, name: str = "综合借阅处") -> int:
    with db.begin() as s:
        pid = s.scalar(select(ServicePoint.id).where(ServicePoint.name == name))
        assert pid is not None
        return pid


@pytest.fixture
def at_desk(db: Database, desk: Actor) -> Actor:
    return desk.at(point_id(db))


@pytest.fixture
def boss_at_desk(db: Database, manager: Actor) -> Actor:
    return manager.at(point_id(db))


def new_reader(db: Database, actor: Actor, card: str, name: str = "王小明", **kw) -> int:
    kw.setdefault("category", "adult")
    kw.setdefault("id_type", "resident_id")
    kw.setdefault("id_number", id_number())
    with db.begin() as s:
        return readers.register_reader(s, actor, card_number=card, name=name, **kw).id


def new_item(db: Database, actor: Actor, barcode: str, title: str = "平凡的世界", **kw) -> int:
    with db.begin() as s:
        return items.create_item(s, actor, barcode=barcode, title=title, **kw).id


def counts(db: Database) -> tuple[int, int, int, int]:
    with db.begin() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
                     for t in (Loan, Renewal, Hold, AuditEntry))


def lend(db: Database, actor: Actor, reader_id: int, barcode: str, **kw) -> loans.CheckoutResult:
    with db.begin() as s:
        return loans.checkout(s, actor, reader_id, barcode, **kw)


# -- the desk's day -----------------------------------------------------------------------------

def test_lend_three_return_reserved_one_renew_rest(db: Database, at_desk: Actor) -> None:
    alice = new_reader(db, at_desk, "R0001", "李华")
    bob = new_reader(db, at_desk, "R0002", "张伟")
    for code in ("B001", "B002", "B003"):
        new_item(db, at_desk, code, f"书 {code}")
    before = counts(db)
    for code in ("b001", " B002 ", "Ｂ００３"):  # scanned: lower case, spaces, full-width
        lend(db, at_desk, alice, code)
    with db.begin() as s:
        hold = holds.place_hold(s, at_desk, bob, barcode="B002")
        hold_id = hold.id
    with db.begin() as s:
        back = loans.checkin(s, at_desk, "B002")
    assert back.hold is not None and back.hold.card_number == "R0002" and back.hold.reader_name == "张伟"
    assert back.hold.pickup_point == "综合借阅处"
    with db.begin() as s:
        ids = loans.open_loan_ids(s, alice)
        tomorrow = timeutil.now_utc() + dt.timedelta(days=1)  # renewing on the lending day moves nothing
        renewed = [loans.renew(s, at_desk, lid, now=tomorrow) for lid in ids]
    assert len(renewed) == 2 and all(r.number == 1 for r in renewed)
    after = counts(db)
    assert (after[0] - before[0], after[1] - before[1]) == (3, 2)  # 3 loans, 2 renewals (counted apart)
    with db.begin() as s:
        rows = s.scalars(select(Loan).order_by(Loan.id)).all()
        assert all(r.service_point_id == at_desk.service_point_id and r.staff_id == at_desk.staff_id for r in rows)
        assert all(r.local_day == timeutil.today() for r in rows)
        returned = [r for r in rows if r.returned_at is not None]
        assert len(returned) == 1 and returned[0].return_point_id == at_desk.service_point_id
        assert returned[0].return_staff_id == at_desk.staff_id
        assert s.get(Hold, hold_id).state is HoldState.READY  # type: ignore[union-attr]
        assert s.scalar(select(Item.status).where(Item.barcode == "B002")) is ItemStatus.ON_HOLD_SHELF
        ren = s.scalars(select(Renewal)).all()
        assert {r.service_point_id for r in ren} == {at_desk.service_point_id}
        assert {r.staff_id for r in ren} == {at_desk.staff_id}
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity.in_(["loan", "renewal"]))).all()
        assert sorted(actions) == ["checkin", "checkout", "checkout", "checkout", "renew", "renew"]
    # the reserved copy now goes to bob only
    with pytest.raises(CirculationRefused) as err:
        lend(db, at_desk, alice, "B002")
    assert err.value.code is Refusal.RESERVED_FOR_OTHER
    result = lend(db, at_desk, bob, "B002")
    assert result.line.barcode == "B002"
    with db.begin() as s:
        assert s.get(Hold, hold_id).state is HoldState.FULFILLED  # type: ignore[union-attr]


def test_title_reservation_is_trapped_by_any_copy(db: Database, at_desk: Actor) -> None:
    alice = new_reader(db, at_desk, "R0001")
    bob = new_reader(db, at_desk, "R0002")
    new_item(db, at_desk, "CB01", "围城", isbn="978-7-02-000220-7")
    new_item(db, at_desk, "CB02", "围城", isbn="9787020002207")
    lend(db, at_desk, alice, "CB02")
    with db.begin() as s:
        holds.place_hold(s, at_desk, bob, isbn="7-02-000220-X")
    with db.begin() as s:  # a title hold on a copy that is on loan: no renewal for alice
        with pytest.raises(CirculationRefused) as err:
            loans.renew_by_barcode(s, at_desk, "CB02")
        assert err.value.code is Refusal.RESERVED_FOR_OTHER
    with db.begin() as s:
        back = loans.checkin(s, at_desk, "CB02")
    assert back.hold is not None and back.hold.card_number == "R0002"


def test_bookmobile_loans_carry_the_stop(db: Database, desk: Actor) -> None:
    mobile = desk.at(point_id(db, "流动图书车"))
    with db.begin() as s:
        stop_id = s.scalar(select(BookmobileStop.id).where(BookmobileStop.name == "长治医学院"))
    reader = new_reader(db, mobile, "M001")
    new_item(db, mobile, "BM01")
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        lend(db, mobile, reader, "BM01")
    assert err.value.field == "stop" and counts(db) == before
    lend(db, mobile, reader, "BM01", stop_id=stop_id)
    with db.begin() as s:
        loan = s.scalar(select(Loan))
        assert loan is not None and (loan.service_point_id, loan.stop_id) == (mobile.service_point_id, stop_id)
        back = loans.checkin(s, mobile, "BM01", stop_id=stop_id)
        assert back.days_overdue == 0
        assert loan.return_stop_id == stop_id


def test_reading_room_cannot_lend(db: Database, desk: Actor) -> None:
    room = desk.at(point_id(db, "期刊阅览室"))
    reader = new_reader(db, desk.at(point_id(db)), "R009")
    new_item(db, room, "XX01")
    with pytest.raises(ValidationError) as err:
        lend(db, room, reader, "XX01")
    assert err.value.field == "service_point"


# -- refusals ------------------------------------------------------------------------------------

def refused(db: Database, fn, code: Refusal, *words: str) -> CirculationRefused:
    before = counts(db)
    with pytest.raises(CirculationRefused) as err, db.begin() as s:
        fn(s)
    assert err.value.code is code
    for word in words:
        assert word in err.value.english()
    assert counts(db) == before, "a refusal writes nothing"
    return err.value


def test_card_refusals(db: Database, at_desk: Actor) -> None:
    new_item(db, at_desk, "IT01")
    refused(db, lambda s: loans.checkout(s, at_desk, 99999, "IT01"), Refusal.CARD_UNKNOWN, "not registered")
    lost = new_reader(db, at_desk, "LOST1")
    blocked = new_reader(db, at_desk, "BLK1", "赵六")
    expired = new_reader(db, at_desk, "OLD1", "钱七")
    with db.begin() as s:
        readers.set_reader_status(s, at_desk, lost, ReaderStatus.LOST, "读者挂失")
        readers.set_reader_status(s, at_desk, blocked, "blocked", "超期未还")
        s.get(Reader, expired).valid_until = dt.date(2020, 1, 1)  # type: ignore[union-attr]
    refused(db, lambda s: loans.checkout(s, at_desk, lost, "IT01"), Refusal.CARD_LOST, "LOST1", "lost")
    refused(db, lambda s: loans.checkout(s, at_desk, blocked, "IT01"), Refusal.CARD_BLOCKED, "BLK1", "blocked")
    refused(db, lambda s: loans.checkout(s, at_desk, expired, "IT01"), Refusal.CARD_EXPIRED, "2020-01-01")


def test_item_refusals(db: Database, at_desk: Actor) -> None:
    alice = new_reader(db, at_desk, "RA01")
    bob = new_reader(db, at_desk, "RB01")
    new_item(db, at_desk, "IT01")
    refused(db, lambda s: loans.checkout(s, at_desk, alice, "NOSUCH"), Refusal.ITEM_UNKNOWN, "NOSUCH")
    lend(db, at_desk, alice, "IT01")
    err = refused(db, lambda s: loans.checkout(s, at_desk, alice, "IT01"), Refusal.ON_LOAN_SAME_READER, "Renew")
    assert not err.overridable
    refused(db, lambda s: loans.checkout(s, at_desk, bob, "IT01"), Refusal.ON_LOAN_OTHER_READER, "another reader")
    refused(db, lambda s: loans.checkin(s, at_desk, "NOSUCH"), Refusal.ITEM_UNKNOWN)
    # return-and-lend: one return, one new loan
    with db.begin() as s:
        back, lent = loans.return_and_lend(s, at_desk, bob, "IT01")
    assert back.card_number == "RA01" and lent.line.barcode == "IT01"
    refused(db, lambda s: loans.checkout(s, at_desk, alice, "IT01"), Refusal.ON_LOAN_OTHER_READER)
    new_item(db, at_desk, "IT02")
    with db.begin() as s:
        holds.place_hold(s, at_desk, bob, barcode="IT02")
    refused(db, lambda s: loans.checkout(s, at_desk, alice, "IT02"), Refusal.RESERVED_FOR_OTHER, "reserved")
    with db.begin() as s:
        s.scalar(select(Item).where(Item.barcode == "IT02")).status = ItemStatus.LOST  # type: ignore[union-attr]
    refused(db, lambda s: loans.checkout(s, at_desk, bob, "IT02"), Refusal.ITEM_UNAVAILABLE, "IT02")


def test_not_on_loan_and_bad_barcode(db: Database, at_desk: Actor) -> None:
    new_item(db, at_desk, "IT01")
    reader = new_reader(db, at_desk, "RA01")
    refused(db, lambda s: loans.checkin(s, at_desk, "IT01"), Refusal.NOT_ON_LOAN, "not on loan")
    before = counts(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        loans.checkout(s, at_desk, reader, " 　 ")
    assert err.value.field == "barcode" and counts(db) == before


def test_limits_too_many_and_overdue(db: Database, at_desk: Actor) -> None:
    child = new_reader(db, at_desk, "RC01", "小红", category="child")  # 3 books
    for i in range(5):
        new_item(db, at_desk, f"K00{i}")
    for i in range(3):
        lend(db, at_desk, child, f"K00{i}")
    refused(db, lambda s: loans.checkout(s, at_desk, child, "K003"), Refusal.TOO_MANY_LOANS, "3", "limit is 3")
    adult = new_reader(db, at_desk, "RA01", "老李")
    long_ago = timeutil.now_utc() - dt.timedelta(days=90)
    lend(db, at_desk, adult, "K003", now=long_ago)
    refused(db, lambda s: loans.checkout(s, at_desk, adult, "K004"), Refusal.OVERDUE_ITEMS, "1 overdue")


def test_manager_override_is_audited_and_sticks_for_the_reader(db: Database, at_desk: Actor,
                                                                manager: Actor) -> None:
    child = new_reader(db, at_desk, "RC01", "小红", category="child")
    other = new_reader(db, at_desk, "RC02", "小兰", category="child")
    for i in range(8):
        new_item(db, at_desk, f"K00{i}")
    for i in range(3):
        lend(db, at_desk, child, f"K00{i}")
    before = counts(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        loans.authorize_override(s, at_desk, child, Refusal.TOO_MANY_LOANS, manager_username="boss",
                                 manager_password="wrong-password", reason="家长陪同")
    # the wrong password is counted towards the manager's lockout and audited, nothing else written
    assert err.value.field == "password" and counts(db) == (*before[:3], before[3] + 1)
    before = counts(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:  # a desk account is no manager
        loans.authorize_override(s, at_desk, child, Refusal.TOO_MANY_LOANS, manager_username="desk1",
                                 manager_password=TEST_PASSWORD, reason="家长陪同")
    assert err.value.field == "username"
    with pytest.raises(ValidationError) as err, db.begin() as s:
        loans.authorize_override(s, at_desk, child, Refusal.CARD_LOST, manager_username="boss",
                                 manager_password=TEST_PASSWORD, reason="x y")
    assert err.value.field == "code"
    with pytest.raises(ValidationError) as err, db.begin() as s:
        loans.authorize_override(s, at_desk, child, Refusal.TOO_MANY_LOANS, manager_username="boss",
                                 manager_password=TEST_PASSWORD, reason=" ")
    assert err.value.field == "reason" and counts(db) == before
    with db.begin() as s:
        grant = loans.authorize_override(s, at_desk, child, "too_many_loans", manager_username=" BOSS ",
                                         manager_password=TEST_PASSWORD, reason="家长陪同，暑假阅读")
    # the grant holds for the rest of the reader's session: two more items
    r1 = lend(db, at_desk, child, "K003", overrides=[grant])
    r2 = lend(db, at_desk, child, "K004", overrides=[grant])
    assert r1.overrides == r2.overrides == (Refusal.TOO_MANY_LOANS,)
    # ... but not for another reader
    for i in range(5, 8):
        lend(db, at_desk, other, f"K00{i}")
    with pytest.raises(CirculationRefused), db.begin() as s:
        new_item_id = items.create_item(s, at_desk, barcode="K009", title="x").id
        assert new_item_id
        loans.checkout(s, at_desk, other, "K009", overrides=[grant])
    with db.begin() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "override")).all()
        assert len(entries) == 1
        assert entries[0].details["manager"] == "boss"
        assert entries[0].details["reason"] == "家长陪同，暑假阅读"
        assert entries[0].staff_id == at_desk.staff_id and entries[0].entity_id == child
        lent = s.scalars(select(AuditEntry).where(AuditEntry.action == "checkout")
                         .order_by(AuditEntry.id)).all()
        overridden = [e for e in lent if "overrides" in e.details]
        assert [e.details["overrides"] for e in overridden] == [[["too_many_loans", manager.staff_id]]] * 2


def test_override_of_reservation_and_expired_card(db: Database, at_desk: Actor) -> None:
    alice = new_reader(db, at_desk, "RA01")
    bob = new_reader(db, at_desk, "RB01")
    new_item(db, at_desk, "IT01")
    with db.begin() as s:
        holds.place_hold(s, at_desk, bob, barcode="IT01")
        s.get(Reader, alice).valid_until = dt.date(2021, 5, 1)  # type: ignore[union-attr]
    grants = []
    for code in (Refusal.CARD_EXPIRED, Refusal.RESERVED_FOR_OTHER):
        with db.begin() as s:
            grants.append(loans.authorize_override(s, at_desk, alice, code, manager_username="root",
                                                   manager_password=TEST_PASSWORD, reason="馆长同意"))
    result = lend(db, at_desk, alice, "IT01", overrides=grants)
    assert set(result.overrides) == {Refusal.CARD_EXPIRED, Refusal.RESERVED_FOR_OTHER}


# -- due dates, renewals ---------------------------------------------------------------------------

def test_due_dates_skip_closed_days(db: Database, at_desk: Actor, boss_at_desk: Actor) -> None:
    reader = new_reader(db, at_desk, "RA01")
    new_item(db, at_desk, "IT01")
    new_item(db, at_desk, "IT02")
    lent_on = dt.date(2026, 9, 1)  # a Tuesday; +30 days = Thursday 1 October (National Day)
    with db.begin() as s:
        calendar.set_weekly_closing(s, boss_at_desk, [0])  # closed on Mondays
        for day in range(1, 8):
            calendar.add_closed_day(s, boss_at_desk, dt.date(2026, 10, day), "国庆节")
    with db.begin() as s:
        assert calendar.next_open_day(s, dt.date(2026, 10, 1)) == dt.date(2026, 10, 8)
        assert calendar.next_open_day(s, dt.date(2026, 10, 12)) == dt.date(2026, 10, 13)  # Monday → Tuesday
        assert not calendar.is_open(s, dt.date(2026, 10, 5)) and calendar.is_open(s, dt.date(2026, 10, 8))
    first = lend(db, at_desk, reader, "IT01", now=timeutil.at_local(lent_on, 10))
    assert first.line.due_date == dt.date(2026, 10, 8)
    # lent on Saturday 12 Sep: +30 = Monday 12 Oct, closed weekly → Tuesday 13 Oct
    second = lend(db, at_desk, reader, "IT02", now=timeutil.at_local(dt.date(2026, 9, 12), 16))
    assert second.line.due_date == dt.date(2026, 10, 13)
    with db.begin() as s:
        loan = s.get(Loan, second.line.loan_id)
        assert loan is not None and loan.local_day == dt.date(2026, 9, 12)


def test_calendar_validation(db: Database, boss_at_desk: Actor, at_desk: Actor) -> None:
    before = counts(db)
    for bad in (dt.date(1999, 12, 31), dt.date(2101, 1, 1)):
        with pytest.raises(ValidationError) as err, db.begin() as s:
            calendar.add_closed_day(s, boss_at_desk, bad)
        assert err.value.field == "day"
    with pytest.raises(ValidationError), db.begin() as s:
        calendar.set_weekly_closing(s, boss_at_desk, [0, 7])
    with pytest.raises(ValidationError), db.begin() as s:
        calendar.set_weekly_closing(s, boss_at_desk, range(7))
    with pytest.raises(ValidationError), db.begin() as s:
        calendar.set_weekly_closing(s, boss_at_desk, [-1])
    assert counts(db) == before
    with db.begin() as s:
        calendar.add_closed_day(s, boss_at_desk, dt.date(2026, 1, 1), "元旦")
    with pytest.raises(ValidationError), db.begin() as s:
        calendar.add_closed_day(s, boss_at_desk, dt.date(2026, 1, 1))
    with pytest.raises(NotFound), db.begin() as s:
        calendar.remove_closed_day(s, boss_at_desk, dt.date(2026, 1, 2))
    from workstation.errors import PermissionDenied
    with pytest.raises(PermissionDenied), db.begin() as s:
        calendar.add_closed_day(s, at_desk, dt.date(2026, 1, 3))
    proposed = dict(calendar.propose_public_holidays(2026))
    assert dt.date(2026, 10, 1) in proposed and dt.date(2026, 1, 1) in proposed


def test_renewal_limits_and_counting(db: Database, at_desk: Actor, boss_at_desk: Actor) -> None:
    reader = new_reader(db, at_desk, "RA01")
    new_item(db, at_desk, "SE01", "读者", collection_type="报刊")  # serials: 14 days, no renewal
    new_item(db, at_desk, "BK01", "红楼梦")  # books: 30 days, one renewal
    day0 = timeutil.at_local(dt.date(2026, 3, 2), 9)
    serial = lend(db, at_desk, reader, "SE01", now=day0)
    book = lend(db, at_desk, reader, "BK01", now=day0)
    assert serial.line.due_date == dt.date(2026, 3, 16) and book.line.due_date == dt.date(2026, 4, 1)
    refused(db, lambda s: loans.renew(s, at_desk, serial.line.loan_id, now=day0), Refusal.RENEWAL_LIMIT,
            "limit is 0")
    later = timeutil.at_local(dt.date(2026, 3, 20), 9)
    with db.begin() as s:
        renewed = loans.renew(s, at_desk, book.line.loan_id, now=later)
    assert (renewed.old_due, renewed.new_due, renewed.number) == (dt.date(2026, 4, 1), dt.date(2026, 4, 19), 1)
    refused(db, lambda s: loans.renew(s, at_desk, book.line.loan_id, now=later), Refusal.RENEWAL_LIMIT,
            "renewed 1 times")
    with db.begin() as s:
        rules.set_rule(s, boss_at_desk, "adult", "book", loan_days=30, max_loans=5, max_renewals=2)
    refused(db, lambda s: loans.renew(s, at_desk, book.line.loan_id, now=later), Refusal.RENEW_TOO_SOON,
            "renewed from 2026-03-21")  # the same day again would not move the due date
    with db.begin() as s:
        loans.renew(s, at_desk, book.line.loan_id, now=later + dt.timedelta(days=1))
        assert s.scalar(select(func.count()).select_from(Loan)) == 2  # renewals never add loans
        assert s.scalar(select(func.count()).select_from(Renewal)) == 2
        assert s.scalars(select(Renewal.number).order_by(Renewal.number)).all() == [1, 2]
    with pytest.raises(NotFound), db.begin() as s:
        loans.renew(s, at_desk, 10**6)


def test_rule_validation(db: Database, boss_at_desk: Actor, at_desk: Actor) -> None:
    before = counts(db)
    for kw, field in [({"loan_days": 0}, "loan_days"), ({"max_loans": -1}, "max_loans"),
                      ({"max_renewals": 99}, "max_renewals"), ({"loan_days": 1000}, "loan_days")]:
        args = {"loan_days": 30, "max_loans": 5, "max_renewals": 1, **kw}
        with pytest.raises(ValidationError) as err, db.begin() as s:
            rules.set_rule(s, boss_at_desk, "adult", "book", **args)
        assert err.value.field == field
    with pytest.raises(ValidationError) as err, db.begin() as s:
        rules.set_rule(s, boss_at_desk, "alien", "book", loan_days=1, max_loans=1, max_renewals=1)
    assert err.value.field == "category" and counts(db) == before


# -- schema, scanner -----------------------------------------------------------------------------

def test_one_open_loan_per_item_in_the_schema(db: Database, at_desk: Actor) -> None:
    a = new_reader(db, at_desk, "RA01")
    b = new_reader(db, at_desk, "RB01")
    item_id = new_item(db, at_desk, "IT01")
    lend(db, at_desk, a, "IT01")
    now = timeutil.now_utc()
    with pytest.raises(IntegrityError), db.begin() as s:
        s.execute(insert(Loan).values(item_id=item_id, reader_id=b, service_point_id=at_desk.service_point_id,
                                      staff_id=at_desk.staff_id, lent_at=now, local_day=timeutil.local_day(now),
                                      due_date=timeutil.local_day(now), renewal_count=0))
    with db.begin() as s:  # a returned loan does not count: the item can go out again
        loans.checkin(s, at_desk, "IT01")
        loans.checkout(s, at_desk, b, "IT01")


def test_limits_are_per_collection_type(db: Database, at_desk: Actor) -> None:
    adult = new_reader(db, at_desk, "RA01")  # adults: 3 serials, 5 books
    for i in range(4):
        new_item(db, at_desk, f"SER{i}", f"期刊{i}", collection_type="serial")
    for i in range(6):
        new_item(db, at_desk, f"BOK{i}", f"图书{i}")
    for i in range(3):
        lend(db, at_desk, adult, f"SER{i}")
    refused(db, lambda s: loans.checkout(s, at_desk, adult, "SER3"), Refusal.TOO_MANY_LOANS, "limit is 3")
    for i in range(5):  # five books although the reader already holds three serials
        lend(db, at_desk, adult, f"BOK{i}")
    refused(db, lambda s: loans.checkout(s, at_desk, adult, "BOK5"), Refusal.TOO_MANY_LOANS, "5 loans",
            "limit is 5")


def test_title_hold_met_by_another_copy_releases_the_one_set_aside(db: Database, at_desk: Actor) -> None:
    alice = new_reader(db, at_desk, "RA01")
    bob = new_reader(db, at_desk, "RB01")
    new_item(db, at_desk, "CB01", "围城", isbn="9787020002207")
    new_item(db, at_desk, "CB02", "围城", isbn="9787020002207")
    lend(db, at_desk, alice, "CB01")
    with db.begin() as s:
        hold_id = holds.place_hold(s, at_desk, bob, isbn="9787020002207").id
    with db.begin() as s:
        assert loans.checkin(s, at_desk, "CB01").hold is not None  # CB01 set aside for bob
    lend(db, at_desk, bob, "CB02")  # bob takes the other copy from the shelf
    with db.begin() as s:
        assert s.get(Hold, hold_id).state is HoldState.FULFILLED  # type: ignore[union-attr]
        assert s.scalar(select(Item.status).where(Item.barcode == "CB01")) is ItemStatus.AVAILABLE
    lend(db, at_desk, alice, "CB01")  # and the released copy can go out again
    with db.begin() as s:  # cancelling a hold that is ready puts its copy back on the shelf
        hold = holds.place_hold(s, at_desk, bob, barcode="CB01")
        hid = hold.id
    with db.begin() as s:
        assert loans.checkin(s, at_desk, "CB01").hold is not None
    with db.begin() as s:
        holds.cancel_hold(s, at_desk, hid)
    with db.begin() as s:
        assert s.scalar(select(Item.status).where(Item.barcode == "CB01")) is ItemStatus.AVAILABLE
    with pytest.raises(NotFound), db.begin() as s:
        holds.cancel_hold(s, at_desk, hid)
