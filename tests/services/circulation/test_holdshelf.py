"""The hold shelf: expiry counted in opening days, the day's run (next reader or back to the
shelf), cancelling with a reason, the notification list. SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.desk_data import lending_desks, populate
from workstation import timeutil
from workstation.db import Database
from workstation.errors import NotFound, PermissionDenied, ValidationError
from workstation.models import AuditEntry, LibrarySetting
from workstation.models.circulation import Hold, HoldState, Item, ItemStatus, Reader
from workstation.services import calendar
from workstation.services.admin import library
from workstation.services.circulation import holds, holdshelf, loans
from workstation.services.context import Actor

MONDAY = dt.date(2030, 1, 7)


@pytest.fixture
def setup(db: Database, desk: Actor, manager: Actor, admin: Actor) -> tuple[Actor, Actor, list[int], list[str]]:
    point = lending_desks(db)[0]
    readers, barcodes = populate(db, 4, 3)
    return desk.at(point), manager.at(point), readers, barcodes


def _audits(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _queue(db: Database, at_desk: Actor, readers: list[int], barcode: str, ready: dt.datetime) -> None:
    """Reader 0 borrows ``barcode``; readers 1 and 2 reserve it; it comes back at ``ready``."""
    with db.begin() as s:
        loans.checkout(s, at_desk, readers[0], barcode, now=ready - dt.timedelta(days=3))
    for reader, minutes in ((readers[1], 2), (readers[2], 1)):
        with db.begin() as s:
            holds.place_hold(s, at_desk, reader, barcode=barcode, now=ready - dt.timedelta(minutes=minutes))
    with db.begin() as s:
        assert loans.checkin(s, at_desk, barcode, now=ready).hold is not None


def test_expiry_counts_opening_days_only(db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    _desk, boss, _readers, _barcodes = setup
    with db.begin() as s:
        calendar.set_weekly_closing(s, boss, [0])  # closed on Mondays
        calendar.add_closed_day(s, boss, MONDAY + dt.timedelta(days=3), "闭馆")  # Thursday
        assert holdshelf.set_shelf_days(s, boss, "3") == 3
    with db.begin() as s:
        # ready on Sunday: Mon closed, Tue 1, Wed 2, Thu closed, Fri 3
        assert holdshelf.expiry_day(s, MONDAY - dt.timedelta(days=1), holdshelf.shelf_days(s)) == \
            MONDAY + dt.timedelta(days=4)


def test_shelf_lists_ready_items_with_their_last_day_and_masked_readers(
        db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, boss, readers, barcodes = setup
    with db.begin() as s:
        holdshelf.set_shelf_days(s, boss, 2)
    ready = timeutil.at_local(MONDAY, 10)
    _queue(db, at_desk, readers, barcodes[0], ready)
    with db.begin() as s:
        lines = holdshelf.shelf(s, at_desk, at_desk.service_point_id)
        card = s.scalar(select(Reader.card_number).where(Reader.id == readers[1]))
    assert [(x.barcode, x.ready_day, x.expires_on) for x in lines] == [
        (barcodes[0], MONDAY, MONDAY + dt.timedelta(days=2))]
    assert card is not None and lines[0].card != card and lines[0].card.endswith(card[-4:])
    assert lines[0].reader == "读**"
    assert "*" in lines[0].phone
    assert not lines[0].expired(MONDAY + dt.timedelta(days=2)) and lines[0].expired(MONDAY + dt.timedelta(days=3))


def test_the_days_run_passes_the_item_to_the_next_reader_then_back_to_the_shelf(
        db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, boss, readers, barcodes = setup
    with db.begin() as s:
        holdshelf.set_shelf_days(s, boss, 1)
    ready = timeutil.at_local(MONDAY, 10)
    _queue(db, at_desk, readers, barcodes[0], ready)
    before = _audits(db)
    with db.begin() as s:  # still within its day: nothing expires
        assert holdshelf.expire_holds(s, at_desk, today=MONDAY + dt.timedelta(days=1)).expired == []
    second = timeutil.at_local(MONDAY + dt.timedelta(days=2), 9)
    with db.begin() as s:
        result = holdshelf.expire_holds(s, at_desk, now=second)
    assert result.expired == [barcodes[0]] and result.reshelved == []
    assert [x.barcode for x in result.passed_on] == [barcodes[0]]
    with db.begin() as s:
        states = {r: st for r, st in s.execute(select(Hold.reader_id, Hold.state))}
        assert states == {readers[1]: HoldState.EXPIRED, readers[2]: HoldState.READY}
        assert s.scalar(select(Item.status).where(Item.barcode == barcodes[0])) is ItemStatus.ON_HOLD_SHELF
    with db.begin() as s:
        result = holdshelf.expire_holds(s, at_desk, today=MONDAY + dt.timedelta(days=5))
    assert result.reshelved == [barcodes[0]] and result.passed_on == []
    with db.begin() as s:
        assert s.scalar(select(Item.status).where(Item.barcode == barcodes[0])) is ItemStatus.AVAILABLE
        assert s.scalar(select(Hold.close_reason).where(Hold.reader_id == readers[2])) == "expired"
    assert _audits(db) - before == 3  # one entry per run


def test_cancel_by_reader_or_staff_needs_a_reason_and_passes_the_item_on(
        db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, _boss, readers, barcodes = setup
    _queue(db, at_desk, readers, barcodes[0], timeutil.at_local(MONDAY, 10))
    with db.begin() as s:
        first = s.scalar(select(Hold.id).where(Hold.reader_id == readers[1]))
        second = s.scalar(select(Hold.id).where(Hold.reader_id == readers[2]))
    assert first is not None and second is not None
    before = _audits(db)
    for by, reason, field in (("staff", "  ", "reason"), ("nobody", "不要了", "by"), ("staff", "长" * 151, "reason")):
        with pytest.raises(ValidationError) as err, db.begin() as s:
            holdshelf.cancel_hold(s, at_desk, first, by, reason)
        assert err.value.field == field
    assert _audits(db) == before
    with db.begin() as s:
        slip = holdshelf.cancel_hold(s, at_desk, first, "reader", "读者来电不要了")
    assert slip is not None and slip.hold_id == second
    with db.begin() as s:
        assert holdshelf.cancel_hold(s, at_desk, second, "staff", "书已破损") is None
        assert s.scalar(select(Item.status).where(Item.barcode == barcodes[0])) is ItemStatus.AVAILABLE
        reasons = {h: r for h, r in s.execute(select(Hold.id, Hold.close_reason))}
    assert reasons == {first: "reader: 读者来电不要了", second: "staff: 书已破损"}
    assert _audits(db) - before == 2
    with pytest.raises(NotFound), db.begin() as s:
        holdshelf.cancel_hold(s, at_desk, second, "staff", "再取消一次")


def test_open_holds_of_a_reader(db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, _boss, readers, barcodes = setup
    with db.begin() as s:
        holds.place_hold(s, at_desk, readers[3], barcode=barcodes[2])
    with db.begin() as s:
        rows = holdshelf.open_holds(s, at_desk, readers[3])
    assert [(r.title, r.state) for r in rows] == [("书2", HoldState.WAITING)]


def test_notify_list_has_full_phones_for_staff_and_is_exported(
        db: Database, setup: tuple[Actor, Actor, list[int], list[str]], admin: Actor, tmp_path: Path) -> None:
    at_desk, _boss, readers, barcodes = setup
    with db.begin() as s:
        library.set_library_name(s, admin, "长治市图书馆")
    _queue(db, at_desk, readers, barcodes[1], timeutil.at_local(MONDAY, 10))
    before = _audits(db)
    with db.begin() as s:
        phone = s.scalar(select(Reader.phone).where(Reader.id == readers[1]))
        count = holdshelf.export_notify_csv(s, at_desk, at_desk.service_point_id, tmp_path / "notify.csv")
    assert count == 1 and _audits(db) - before == 1
    with (tmp_path / "notify.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(holdshelf.NOTIFY_HEADERS)
    assert rows[1][:3] == [phone, "读者1", "R000001"]
    assert rows[1][4] == barcodes[1]
    assert rows[1][6] == (MONDAY + dt.timedelta(days=7)).isoformat()
    assert rows[1][7].startswith("【长治市图书馆】读者1您好") and "《书1》" in rows[1][7]
    with pytest.raises(ValidationError) as err, db.begin() as s:
        holdshelf.export_notify_csv(s, at_desk, at_desk.service_point_id, tmp_path / "missing" / "n.csv")
    assert err.value.field == "path"
    assert _audits(db) - before == 1


@pytest.mark.parametrize("value", ["", "０３", "-1", "0", "61", "2.5", "七"])
def test_shelf_days_refuses_bad_input_by_name(db: Database, setup: tuple[Actor, Actor, list[int], list[str]],
                                              value: str) -> None:
    _desk, boss, _readers, _barcodes = setup
    before = _audits(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        holdshelf.set_shelf_days(s, boss, value)
    assert err.value.field == "shelf_days"
    assert _audits(db) == before
    with db.begin() as s:
        assert s.get(LibrarySetting, holdshelf.SHELF_DAYS_KEY) is None


def test_the_shelf_setting_is_a_managers(db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, _boss, _readers, _barcodes = setup
    with pytest.raises(PermissionDenied), db.begin() as s:
        holdshelf.set_shelf_days(s, at_desk, 5)
