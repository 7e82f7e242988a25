"""A reader's and an item's whole life (issue 19, lines 1–5): the reader record, the item
record, the history's filters, managers' corrections and renewals refused as too soon.

Each test runs on SQLite and on PostgreSQL (the ``db`` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.conftest import TEST_PASSWORD
from tests.services.circulation.test_lending import id_number, lend, new_item, new_reader, point_id
from workstation import timeutil
from workstation.db import Database
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import AuditEntry, Role
from workstation.models.circulation import (
    CorrectionKind,
    Item,
    ItemStatus,
    Loan,
    LoanCorrection,
    LoanEnd,
    Reader,
    ReaderStatus,
    Renewal,
)
from workstation.models.statistics import LoanDayCount
from workstation.reports import statistics
from workstation.reports.workbook import build_workbook
from workstation.services.circulation import corrections, items, loans, pins, readers, rules
from workstation.services.circulation.desk import DeskSession, Kind
from workstation.services.circulation.refusals import CirculationRefused, Refusal
from workstation.services.context import Actor
from workstation.services.outreach import holdings


@pytest.fixture
def at_desk(db: Database, desk: Actor) -> Actor:
    return desk.at(point_id(db))


@pytest.fixture
def boss(db: Database, manager: Actor) -> Actor:
    return manager.at(point_id(db))


def audits(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


# -- 1. the reader record -----------------------------------------------------------------------

def test_edit_reader_checks_each_field_and_a_shared_phone_is_a_warning(db: Database, at_desk: Actor) -> None:
    mother = new_reader(db, at_desk, "R1001", "李梅", phone="13912345678")
    child = new_reader(db, at_desk, "R1002", "李小明", category="child", phone="13912345678")  # not refused
    before = audits(db)
    with db.begin() as s, pytest.raises(ValidationError) as bad:
        readers.update_reader(s, at_desk, child, name="", category="child", id_type="resident_id",
                              id_number=readers.view_of(s.get(Reader, child), at_desk).id_number, phone="")
    assert bad.value.field == "name"
    with db.begin() as s, pytest.raises(ValidationError) as bad:
        readers.update_reader(s, at_desk, child, name="李小明", category="child", id_type="resident_id",
                              id_number="123", phone="")
    assert bad.value.field == "id_number"
    assert audits(db) == before  # refused: nothing written
    with db.begin() as s:
        shown = readers.view_of(s.get(Reader, child), at_desk)  # type: ignore[arg-type]
        assert "*" in shown.phone and "*" in shown.id_number  # masked for desk staff
        # the masked ID number typed back unchanged keeps the stored one; the phone is new
        saved = readers.update_reader(s, at_desk, child, name="李晓明", category="child", id_type="resident_id",
                                      id_number=shown.id_number, phone="13800001111")
    assert saved.warning is None and saved.reader.name == "李晓明"
    with db.begin() as s:
        saved = readers.update_reader(s, at_desk, child, name="李晓明", category="child", id_type="resident_id",
                                      id_number=saved.reader.id_number, phone="139-1234-5678")
        stored = s.get(Reader, child)
        assert stored is not None and stored.phone == "13912345678" and stored.id_number
    assert saved.warning is not None and saved.warning.params == {"card": "R1001", "name": "李梅"}
    assert audits(db) == before + 2  # one entry per save
    with db.begin() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and "13912345678" not in str(entry.details)  # masked in the audit too
    assert mother != child


def test_extend_the_card_by_its_category_period(db: Database, at_desk: Actor, boss: Actor) -> None:
    today = timeutil.today()
    rid = new_reader(db, at_desk, "R2001", valid_until=today + dt.timedelta(days=10))
    with db.begin() as s:
        reader = readers.extend_card(s, at_desk, rid, today)
        assert reader.valid_until == (today + dt.timedelta(days=10)).replace(year=today.year + 13) \
            if False else reader.valid_until == readers._add_years(today + dt.timedelta(days=10), 3)
    with db.begin() as s, pytest.raises(PermissionDenied):
        readers.set_validity_years(s, at_desk, "adult", 5)  # a manager's setting
    with db.begin() as s:
        readers.set_validity_years(s, boss, "child", 5)
        assert readers.validity_years(s, readers.ReaderCategory.CHILD) == 5
        reader = s.get(Reader, rid)
        assert reader is not None
        reader.valid_until = today - dt.timedelta(days=30)  # expired: extended from today
        reader.category = readers.ReaderCategory.CHILD
    with db.begin() as s:
        assert readers.extend_card(s, at_desk, rid, today).valid_until == readers._add_years(today, 5)


def test_replace_a_lost_card_keeps_loans_and_refuses_the_old_number(db: Database, at_desk: Actor) -> None:
    rid = new_reader(db, at_desk, "R3001", "赵六")
    new_item(db, at_desk, "B3001")
    lend(db, at_desk, rid, "B3001")
    with db.begin() as s:
        readers.set_reader_status(s, at_desk, rid, ReaderStatus.LOST, "读者电话挂失")
    with db.begin() as s, pytest.raises(ValidationError):
        readers.replace_card(s, at_desk, rid, "R3001")  # same number
    with db.begin() as s:
        reader = readers.replace_card(s, at_desk, rid, "r3009")
        assert reader.card_number == "R3009" and reader.status is ReaderStatus.ACTIVE
    with db.begin() as s:
        assert loans.open_loan_ids(s, rid)  # the loan stays with the reader
        assert readers.replaced_by(s, "R3001") == "R3009"
        with pytest.raises(ValidationError) as taken:  # the old number is never given again
            readers.register_reader(s, at_desk, card_number="R3001", name="别人", category="adult",
                                    id_type="other", id_number="X7777777")
        assert taken.value.field == "card_number"
    desk = DeskSession(db, at_desk)
    out = desk.scan("R3001")
    assert out.kind is Kind.REFUSED and out.reason is Refusal.CARD_REPLACED
    assert out.error is not None and out.error.params["new"] == "R3009"
    assert desk.scan("R3009").kind is Kind.READER


def test_lifting_a_block_or_a_lost_report_needs_a_manager(db: Database, at_desk: Actor, boss: Actor) -> None:
    rid = new_reader(db, at_desk, "R4001")
    with db.begin() as s, pytest.raises(ValidationError) as no_reason:
        readers.set_reader_status(s, at_desk, rid, ReaderStatus.BLOCKED, "")
    assert no_reason.value.field == "reason"
    with db.begin() as s:
        readers.set_reader_status(s, at_desk, rid, ReaderStatus.BLOCKED, "九册超期")  # blocking: the desk may
    for status in (ReaderStatus.ACTIVE,):
        with db.begin() as s, pytest.raises(PermissionDenied):
            readers.set_reader_status(s, at_desk, rid, status, "已还书")  # no manager: refused here
    with db.begin() as s, pytest.raises(ValidationError) as wrong:
        readers.set_reader_status(s, at_desk, rid, ReaderStatus.ACTIVE, "已还书", manager_username="boss",
                                  manager_password="wrong-password")
    assert wrong.value.field == "password"
    with db.begin() as s:
        assert s.get(Reader, rid).status is ReaderStatus.BLOCKED  # type: ignore[union-attr]
    before = audits(db)
    with db.begin() as s:
        readers.set_reader_status(s, at_desk, rid, ReaderStatus.ACTIVE, "已还书", manager_username="boss",
                                  manager_password=TEST_PASSWORD)
    assert audits(db) == before + 1
    with db.begin() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.details["manager"] == "boss" and entry.details["reason"] == "已还书"
        readers.set_reader_status(s, at_desk, rid, ReaderStatus.LOST, "挂失")
    with db.begin() as s:
        readers.set_reader_status(s, boss, rid, ReaderStatus.ACTIVE, "找回")  # a manager lifts it themself
        assert s.get(Reader, rid).status is ReaderStatus.ACTIVE  # type: ignore[union-attr]


def test_the_desk_sets_a_pin_that_is_never_shown(db: Database, at_desk: Actor) -> None:
    rid = new_reader(db, at_desk, "R5001")
    desk = DeskSession(db, at_desk)
    with pytest.raises(ValidationError):
        desk.set_pin(rid, "1111")
    desk.set_pin(rid, "2468")
    record = desk.reader_record(rid)
    assert record.has_pin and "2468" not in repr(record)
    with db.begin() as s:
        assert pins.check_pin(s, rid, "2468")
        assert "2468" not in str(s.scalars(select(AuditEntry.details)).all())


# -- 2. the item record ---------------------------------------------------------------------------

def test_edit_an_item_and_mark_it(db: Database, at_desk: Actor, boss: Actor) -> None:
    iid = new_item(db, at_desk, "B6001", "围城")
    new_item(db, at_desk, "B6002", "边城")
    with db.begin() as s, pytest.raises(ValidationError) as taken:
        items.update_item(s, at_desk, iid, barcode="B6002", title="围城")
    assert taken.value.field == "barcode"
    with db.begin() as s:
        items.update_item(s, at_desk, iid, barcode="B6001", title="围城（新版）", author="钱锺书",
                          call_number="I246.5/123")
    with db.begin() as s:
        record = items.item_record(s, at_desk, iid)
        assert (record.title, record.author, record.call_number) == ("围城（新版）", "钱锺书", "I246.5/123")
    for status in (ItemStatus.DAMAGED, ItemStatus.IN_REPAIR, ItemStatus.MISSING, ItemStatus.AVAILABLE):
        with db.begin() as s:
            items.mark_item(s, at_desk, iid, status, "书脊破损" if status is not ItemStatus.AVAILABLE else "修好了")
    with db.begin() as s, pytest.raises(ValidationError) as why:
        items.mark_item(s, at_desk, iid, ItemStatus.DAMAGED, " ")
    assert why.value.field == "reason"
    with db.begin() as s, pytest.raises(PermissionDenied):
        items.mark_item(s, at_desk, iid, ItemStatus.WITHDRAWN, "破损严重")  # a manager's decision
    with db.begin() as s:
        items.mark_item(s, at_desk, iid, ItemStatus.DAMAGED, "水渍")
    rid = new_reader(db, at_desk, "R6001")
    with db.begin() as s, pytest.raises(CirculationRefused) as refused:
        loans.checkout(s, at_desk, rid, "B6001")  # a damaged item cannot be lent
    assert refused.value.code is Refusal.ITEM_UNAVAILABLE


def test_an_item_on_loan_reported_lost_closes_the_loan_which_still_counts(db: Database, at_desk: Actor,
                                                                          boss: Actor) -> None:
    rid = new_reader(db, at_desk, "R7001")
    iid = new_item(db, at_desk, "B7001")
    lend(db, at_desk, rid, "B7001")
    year = timeutil.today().year
    with db.begin() as s:
        loans_before = statistics.year_figures(s, year).value("loans")
    with db.begin() as s, pytest.raises(Conflict):
        items.mark_item(s, at_desk, iid, ItemStatus.DAMAGED, "读者说破了")  # return it first
    before = audits(db)
    with db.begin() as s:
        marked = items.mark_item(s, at_desk, iid, ItemStatus.LOST, "读者报失")
    assert audits(db) == before + 1 and marked.closed_loan_id is not None
    with db.begin() as s:
        loan = s.get(Loan, marked.closed_loan_id)
        assert loan is not None and loan.closed_as is LoanEnd.LOST and loan.returned_at is not None
        assert s.get(Item, iid).status is ItemStatus.LOST  # type: ignore[union-attr]
        assert loans.open_loan_ids(s, rid) == []
        assert statistics.year_figures(s, year).value("loans") == loans_before  # the loan still counts
    with db.begin() as s, pytest.raises(Conflict):
        corrections.void_loan(s, boss, marked.closed_loan_id, "借错")  # a lost item's loan stays counted


def test_a_withdrawn_item_leaves_the_holdings_on_its_day_and_the_workbook_shows_it(db: Database, at_desk: Actor,
                                                                                   boss: Actor) -> None:
    iid = new_item(db, at_desk, "B8001")
    new_item(db, at_desk, "B8002")
    today = timeutil.today()
    with db.begin() as s:
        held = holdings.items_held(s, today)
        items.mark_item(s, boss, iid, ItemStatus.WITHDRAWN, "破损剔旧")
    with db.begin() as s:
        assert s.get(Item, iid).withdrawn_on == today  # type: ignore[union-attr]
        assert holdings.items_held(s, today) == held - 1
        assert holdings.items_held(s, today - dt.timedelta(days=1)) == holdings.items_held(
            s, today - dt.timedelta(days=1))  # the day before still held it (when it was catalogued)
        figures = statistics.year_figures(s, today.year)
    assert figures.value("withdrawn") == 1
    assert [p.value for p in figures.figure("withdrawn").parts if p.label == "图书"] == [1]
    ws = build_workbook(figures)["业务统计"]
    rows = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(1, ws.max_row + 1)}
    assert rows["注销馆藏"] == 1
    with db.begin() as s, pytest.raises(PermissionDenied):
        items.mark_item(s, at_desk, iid, ItemStatus.AVAILABLE, "误注销")
    with db.begin() as s:
        items.mark_item(s, boss, iid, ItemStatus.AVAILABLE, "误注销")
        assert s.get(Item, iid).withdrawn_on is None  # type: ignore[union-attr]


# -- 4. corrections -----------------------------------------------------------------------------

def test_a_voided_loan_changes_the_yearly_figures_by_exactly_that_loan(db: Database, at_desk: Actor,
                                                                        boss: Actor) -> None:
    right = new_reader(db, at_desk, "R9001", "张三")
    wrong = new_reader(db, at_desk, "R9002", "李四")
    for code in ("B9001", "B9002", "B9003"):
        new_item(db, at_desk, code, call_number="I247.5/1")
    lend(db, at_desk, right, "B9001")
    lend(db, at_desk, right, "B9002")
    mistaken = lend(db, at_desk, wrong, "B9003").line.loan_id
    year = timeutil.today().year
    with db.begin() as s:
        before = statistics.year_figures(s, year, form=True)
        day_before = statistics.daily_loans(s, year)[timeutil.today()]
    with db.begin() as s, pytest.raises(PermissionDenied):
        corrections.void_loan(s, at_desk, mistaken, "借错读者")  # a manager's
    with db.begin() as s, pytest.raises(ValidationError):
        corrections.void_loan(s, boss, mistaken, "")
    n = audits(db)
    with db.begin() as s:
        row = corrections.void_loan(s, boss, mistaken, "借错读者")
        assert row.kind is CorrectionKind.LOAN and row.event_day == timeutil.today()
    assert audits(db) == n + 1
    with db.begin() as s:
        after = statistics.year_figures(s, year, form=True)
        assert statistics.daily_loans(s, year)[timeutil.today()] == day_before - 1
        assert statistics.loan_counts_match(s, *timeutil.year_days(year))
        loan = s.get(Loan, mistaken)
        assert loan is not None and loan.closed_as is LoanEnd.VOIDED  # the original row stays
        assert s.scalar(select(func.count()).select_from(Loan)) == 3
        assert s.get(Item, loan.item_id).status is ItemStatus.AVAILABLE  # type: ignore[union-attr]
    changed = {f.key: (f.value, after.value(f.key)) for f in before.figures if f.value != after.value(f.key)}
    assert changed == {"loans": (3, 2)}  # exactly the voided loan, nothing else
    visits = {r.label: (r.value) for r in before.form}, {r.label: r.value for r in after.form}
    assert sum(1 for label in visits[0] if visits[0][label] != visits[1][label]) >= 1  # the wrong reader's visit
    assert after.corrections and after.corrections[0].kind == "作废外借"
    wb = build_workbook(after)
    assert "更正记录" in wb.sheetnames and wb["更正记录"].cell(4, 5).value == "B9003"
    with db.begin() as s, pytest.raises(Conflict):
        corrections.void_loan(s, boss, mistaken, "再来一次")
    lend(db, at_desk, right, "B9003")  # now lent to the right reader


def test_a_voided_return_opens_the_loan_again(db: Database, at_desk: Actor, boss: Actor) -> None:
    rid = new_reader(db, at_desk, "R9101")
    new_item(db, at_desk, "B9101")
    loan_id = lend(db, at_desk, rid, "B9101").line.loan_id
    with db.begin() as s:
        loans.checkin(s, at_desk, "B9101")
    with db.begin() as s, pytest.raises(PermissionDenied):
        corrections.void_return(s, at_desk, loan_id, "扫错了")
    with db.begin() as s:
        row = corrections.void_return(s, boss, loan_id, "扫错了，书还在读者手里")
        assert row.returned_at is not None and row.return_point_id == at_desk.service_point_id
    with db.begin() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None and loan.returned_at is None and loan.return_point_id is None
        assert s.get(Item, loan.item_id).status is ItemStatus.ON_LOAN  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(LoanCorrection)) == 1
    with db.begin() as s, pytest.raises(Conflict):
        corrections.void_return(s, boss, loan_id, "没有归还可撤销")
    with db.begin() as s:
        loans.checkin(s, at_desk, "B9101")  # returned for real later
        assert s.scalar(select(func.sum(LoanDayCount.loans))) == 1


# -- 5. renewals too soon ------------------------------------------------------------------------

def test_a_renewal_that_would_not_move_the_due_date_is_refused_naming_the_first_day(
        db: Database, at_desk: Actor, boss: Actor) -> None:
    rid = new_reader(db, at_desk, "R9201")
    new_item(db, at_desk, "B9201")
    with db.begin() as s:
        rules.set_rule(s, boss, "adult", "book", loan_days=30, max_loans=10, max_renewals=2)
    lent_at = timeutil.now_utc()
    loan_id = lend(db, at_desk, rid, "B9201", now=lent_at).line.loan_id
    with db.begin() as s, pytest.raises(CirculationRefused) as soon:
        loans.renew(s, at_desk, loan_id, now=lent_at)
    assert soon.value.code is Refusal.RENEW_TOO_SOON and not soon.value.overridable
    first = dt.date.fromisoformat(soon.value.params["first"])
    assert first == timeutil.local_day(lent_at) + dt.timedelta(days=1)
    with db.begin() as s:
        assert s.get(Loan, loan_id).renewal_count == 0  # type: ignore[union-attr]  # not used up
        assert s.scalar(select(func.count()).select_from(Renewal)) == 0
        done = loans.renew(s, at_desk, loan_id, now=lent_at + dt.timedelta(days=1))
    assert done.new_due > done.old_due
    desk = DeskSession(db, at_desk, clock=lambda: lent_at + dt.timedelta(days=1))
    desk.show_reader(rid)
    out = desk.renew_all()  # renewed a moment ago: too soon again, said with the first day
    assert out.kind is Kind.REFUSED and out.reason is Refusal.RENEW_TOO_SOON and out.renewed == ()
    assert out.error is not None and out.error.params["first"] == (first + dt.timedelta(days=1)).isoformat()


def test_a_desk_account_is_refused_every_manager_only_action(db: Database, at_desk: Actor) -> None:
    rid = new_reader(db, at_desk, "R9301")
    iid = new_item(db, at_desk, "B9301")
    loan_id = lend(db, at_desk, rid, "B9301").line.loan_id
    with db.begin() as s:
        readers.set_reader_status(s, at_desk, rid, ReaderStatus.BLOCKED, "超期")
    n = audits(db)
    refused = [
        lambda s: corrections.void_loan(s, at_desk, loan_id, "借错"),
        lambda s: corrections.void_return(s, at_desk, loan_id, "还错"),
        lambda s: readers.set_reader_status(s, at_desk, rid, ReaderStatus.ACTIVE, "解除"),
        lambda s: readers.set_validity_years(s, at_desk, "adult", 4),
        lambda s: items.mark_item(s, at_desk, iid, ItemStatus.WITHDRAWN, "注销"),
    ]
    for action in refused:
        with db.begin() as s, pytest.raises(PermissionDenied):
            action(s)
    assert audits(db) == n
    assert Role.DESK.rank < Role.MANAGER.rank and id_number()
