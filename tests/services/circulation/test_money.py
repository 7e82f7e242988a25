"""Money: the library's setting, deposits and their refund, overdue fees with caps, the block
that only a setting turns on, receipts, the cash journal read back from Excel. SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import TEST_PASSWORD
from tests.desk_data import lending_desks, populate
from workstation import timeutil
from workstation.db import Database
from workstation.errors import PermissionDenied, ValidationError
from workstation.models import AuditEntry, LibrarySetting
from workstation.models.circulation import Reader, ReaderStatus
from workstation.models.desk_records import Payment, PaymentKind, PaymentLoan
from workstation.services.admin import library
from workstation.services.circulation import loans, money
from workstation.services.circulation.refusals import CirculationRefused, Refusal
from workstation.services.context import Actor

DAY = dt.date(2030, 3, 1)


@pytest.fixture
def setup(db: Database, desk: Actor, manager: Actor, admin: Actor) -> tuple[Actor, Actor, list[int], list[str]]:
    point = lending_desks(db)[0]
    readers, barcodes = populate(db, 2, 6)
    with db.begin() as s:
        library.set_library_name(s, admin, "长治市图书馆")
    return desk.at(point), manager.at(point), readers, barcodes


def _audits(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _policy(db: Database, boss: Actor, block: bool = True) -> None:
    with db.begin() as s:
        money.set_money_settings(s, boss, deposit="100", fee_per_day="0.20", cap_item="5", cap_reader="6",
                                 fees_block=block)


def _late(db: Database, at_desk: Actor, reader: int, barcode: str, days_late: int) -> dt.date:
    """Lend on ``DAY`` and return ``days_late`` days after the due date; the return day."""
    with db.begin() as s:
        due = loans.checkout(s, at_desk, reader, barcode, now=timeutil.at_local(DAY, 9)).line.due_date
    back = due + dt.timedelta(days=days_late)
    with db.begin() as s:
        loans.checkin(s, at_desk, barcode, now=timeutil.at_local(back, 10))
    return back


def test_no_money_by_default(db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, _boss, readers, barcodes = setup
    back = _late(db, at_desk, readers[0], barcodes[0], 30)
    with db.begin() as s:
        assert money.money_settings(s) == money.MoneySettings()
        assert money.fee_lines(s, at_desk, readers[0], back) == []
        loans.checkout(s, at_desk, readers[0], barcodes[1], now=timeutil.at_local(back, 11))  # never blocked
    with pytest.raises(ValidationError) as err, db.begin() as s:
        money.take_deposit(s, at_desk, readers[0])
    assert err.value.field == "deposit"


def test_fees_with_caps_block_only_when_the_setting_says_so(
        db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, boss, readers, barcodes = setup
    _policy(db, boss, block=False)
    _late(db, at_desk, readers[0], barcodes[0], 10)  # 2.00
    back = _late(db, at_desk, readers[0], barcodes[1], 40)  # 8.00, capped at 5.00 per item
    with db.begin() as s:
        lines = money.fee_lines(s, at_desk, readers[0], back)
        assert [(x.days, x.amount) for x in lines] == [(10, Decimal("2.00")), (40, Decimal("5.00"))]
        assert money.owed(s, at_desk, readers[0], back) == Decimal("6.00")  # the reader cap
        loans.checkout(s, at_desk, readers[0], barcodes[2], now=timeutil.at_local(back, 11))
    _policy(db, boss, block=True)
    with pytest.raises(CirculationRefused) as refused, db.begin() as s:
        loans.checkout(s, at_desk, readers[0], barcodes[3], now=timeutil.at_local(back, 12))
    assert refused.value.code is Refusal.FEES_OWED and refused.value.overridable
    assert "6.00" in str(refused.value)
    with db.begin() as s:  # a manager's override lifts it, like any other
        grant = loans.authorize_override(s, at_desk, readers[0], "fees_owed", manager_username="boss",
                                         manager_password=TEST_PASSWORD, reason="明天来交")
    with db.begin() as s:
        done = loans.checkout(s, at_desk, readers[0], barcodes[3], overrides=[grant],
                              now=timeutil.at_local(back, 12))
    assert done.overrides == (Refusal.FEES_OWED,)
    with db.begin() as s:  # an open overdue loan's fee grows, but is not payable yet
        later = back + dt.timedelta(days=60)
        assert [x.returned for x in money.fee_lines(s, at_desk, readers[0], later)] == [True, True, False, False]
        assert money.owed(s, at_desk, readers[0], later) == Decimal("6.00")


def test_paying_settles_the_loans_with_one_receipt_and_unblocks(
        db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, boss, readers, barcodes = setup
    _policy(db, boss, block=False)
    _late(db, at_desk, readers[0], barcodes[0], 10)
    back = _late(db, at_desk, readers[0], barcodes[1], 40)
    _policy(db, boss)
    pay_at = timeutil.at_local(back, 15)
    before = _audits(db)
    for amount, field in (("5", "amount"), ("-6", "amount"), ("６", "amount"), ("6.001", "amount"), ("", "amount")):
        with pytest.raises(ValidationError) as err, db.begin() as s:
            money.pay_fees(s, at_desk, readers[0], amount, now=pay_at)
        assert err.value.field == field
    assert _audits(db) == before
    with db.begin() as s:
        slip = money.pay_fees(s, at_desk, readers[0], "6.00", now=pay_at)
    assert slip.kind is PaymentKind.FEE and slip.amount == Decimal("6.00")
    assert slip.lines == [(barcodes[0], Decimal("2.00")), (barcodes[1], Decimal("4.00"))]
    assert slip.receipt == f"{back:%Y%m%d}-{1:06d}" and slip.library == "长治市图书馆"
    assert slip.card == "***0000" and slip.reader == "读**" and slip.staff == "Desk1"
    assert _audits(db) - before == 1
    with db.begin() as s:
        assert money.owed(s, at_desk, readers[0], back) == Decimal("0.00")
        assert s.scalar(select(func.count()).select_from(PaymentLoan)) == 2
        loans.checkout(s, at_desk, readers[0], barcodes[2], now=pay_at)
        assert money.receipt(s, at_desk, slip.receipt) == slip
    with pytest.raises(ValidationError), db.begin() as s:
        money.pay_fees(s, at_desk, readers[0], "1", now=pay_at)


def test_a_manager_waives_fees_with_a_reason(db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, boss, readers, barcodes = setup
    _policy(db, boss)
    back = _late(db, at_desk, readers[1], barcodes[0], 3)
    with pytest.raises(PermissionDenied), db.begin() as s:
        money.waive_fees(s, at_desk, readers[1], "老人")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        money.waive_fees(s, boss, readers[1], " ")
    assert err.value.field == "reason"
    with db.begin() as s:
        slip = money.waive_fees(s, boss, readers[1], "闭馆期间逾期", now=timeutil.at_local(back, 16))
        assert slip.kind is PaymentKind.FEE_WAIVED and slip.amount == Decimal("0.60")
        assert money.owed(s, at_desk, readers[1], back) == 0


def test_deposit_taken_and_refunded_when_the_card_is_cancelled(
        db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, boss, readers, barcodes = setup
    _policy(db, boss)
    with db.begin() as s:
        slip = money.take_deposit(s, at_desk, readers[0], now=timeutil.at_local(DAY, 8))
        assert slip.amount == Decimal("100.00") and s.get(Reader, readers[0]).deposit == Decimal("100.00")  # type: ignore[union-attr]
    for amount in ("-100", "１００", "abc"):
        with pytest.raises(ValidationError) as err, db.begin() as s:
            money.take_deposit(s, at_desk, readers[1], amount)
        assert err.value.field == "deposit"
    with db.begin() as s:
        loans.checkout(s, at_desk, readers[0], barcodes[0], now=timeutil.at_local(DAY, 9))
    with pytest.raises(ValidationError) as err, db.begin() as s:  # an item still on loan
        money.refund_deposit(s, at_desk, readers[0], "搬家")
    assert "on loan" in str(err.value)
    with db.begin() as s:
        loans.checkin(s, at_desk, barcodes[0], now=timeutil.at_local(DAY, 10))
    with pytest.raises(ValidationError) as err, db.begin() as s:
        money.refund_deposit(s, at_desk, readers[0], "")
    assert err.value.field == "reason"
    before = _audits(db)
    with db.begin() as s:
        refund = money.refund_deposit(s, at_desk, readers[0], "搬家退证", now=timeutil.at_local(DAY, 11))
        reader = s.get(Reader, readers[0])
        assert reader is not None and reader.deposit == 0 and reader.status is ReaderStatus.BLOCKED
    assert refund.kind is PaymentKind.DEPOSIT_REFUND and refund.amount == Decimal("100.00")
    assert _audits(db) - before == 1
    with pytest.raises(ValidationError), db.begin() as s:
        money.refund_deposit(s, at_desk, readers[0], "再退一次")


def test_cash_journal_of_a_desk_and_day_in_excel(db: Database, setup: tuple[Actor, Actor, list[int], list[str]],
                                                 tmp_path: Path) -> None:
    at_desk, boss, readers, _barcodes = setup
    _policy(db, boss)
    with db.begin() as s:
        money.take_deposit(s, at_desk, readers[0], now=timeutil.at_local(DAY, 8, 30))
        money.take_deposit(s, at_desk, readers[1], "50", now=timeutil.at_local(DAY, 9))
    with db.begin() as s:
        money.refund_deposit(s, at_desk, readers[1], "退证", now=timeutil.at_local(DAY, 17))
    with db.begin() as s:  # another day: not in the journal
        money.take_deposit(s, at_desk, readers[0], "1", now=timeutil.at_local(DAY + dt.timedelta(days=1), 9))
    with db.begin() as s:
        journal = money.cash_journal(s, at_desk, at_desk.service_point_id, DAY)
    assert [(x.kind, x.cash_in, x.cash_out) for x in journal.lines] == [
        (PaymentKind.DEPOSIT, Decimal("100.00"), 0), (PaymentKind.DEPOSIT, Decimal("50.00"), 0),
        (PaymentKind.DEPOSIT_REFUND, 0, Decimal("50.00"))]
    assert (journal.cash_in, journal.cash_out, journal.net) == (Decimal("150.00"), Decimal("50.00"),
                                                                Decimal("100.00"))
    before = _audits(db)
    with db.begin() as s:
        money.export_journal_xlsx(s, at_desk, at_desk.service_point_id, DAY, tmp_path / "cash.xlsx")
    assert _audits(db) - before == 1
    sheet = load_workbook(tmp_path / "cash.xlsx")["现金日记账"]
    assert sheet["A1"].value == "长治市图书馆 综合借阅处 现金日记账" and sheet["B1"].value.date() == DAY
    assert [c.value for c in sheet[2]] == list(money.JOURNAL_HEADERS)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=7)]
    assert rows == [
        [journal.lines[0].receipt, "08:30:00", "押金", 100, 0, 0, "***0000", "Desk1", None],
        [journal.lines[1].receipt, "09:00:00", "押金", 50, 0, 0, "***0001", "Desk1", None],
        [journal.lines[2].receipt, "17:00:00", "退押金", 0, 50, 0, "***0001", "Desk1", "退证"],
        ["合计", None, None, 150, 50, 0, None, None, None],
        ["净额", None, None, 100, None, None, None, None, None]]
    assert sheet["D3"].number_format == "0.00"
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) == 4


@pytest.mark.parametrize(("fields", "field"), [
    ({"deposit": "-1"}, "deposit"), ({"deposit": "１００"}, "deposit"), ({"fee_per_day": "0.001"}, "fee_per_day"),
    ({"cap_item": "abc"}, "cap_item"), ({"cap_reader": "20000"}, "cap_reader"),
    ({"fee_per_day": "0", "fees_block": True}, "fees_block")])
def test_settings_refuse_bad_input_by_field_and_desks(db: Database, setup: tuple[Actor, Actor, list[int], list[str]],
                                                      fields: dict[str, object], field: str) -> None:
    at_desk, boss, _readers, _barcodes = setup
    values: dict[str, object] = {"deposit": "100", "fee_per_day": "0.1", **fields}
    before = _audits(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        money.set_money_settings(s, boss, **values)  # type: ignore[arg-type]
    assert err.value.field == field
    with pytest.raises(PermissionDenied), db.begin() as s:
        money.set_money_settings(s, at_desk, deposit="100", fee_per_day="0.1")
    assert _audits(db) == before
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(LibrarySetting).where(
            LibrarySetting.key.like("money%"))) == 0


def test_a_deposit_at_registration_is_a_payment_with_its_receipt(
        db: Database, setup: tuple[Actor, Actor, list[int], list[str]]) -> None:
    at_desk, boss, _readers, _barcodes = setup
    _policy(db, boss)
    from workstation.services.circulation import readers

    before = _audits(db)
    with db.begin() as s:
        reader = readers.register_reader(s, at_desk, card_number="R7001", name="周杰", category="adult",
                                         id_type="other", id_number="X7001", deposit="100")
        reader_id = reader.id
    assert _audits(db) - before == 1  # the registration's entry, naming the receipt
    with db.begin() as s:
        slip = money.registration_receipt(s, at_desk, reader_id)
        entry = s.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        journal = money.cash_journal(s, at_desk, at_desk.service_point_id, timeutil.today())
    assert slip is not None and slip.kind is PaymentKind.DEPOSIT and slip.amount == Decimal("100.00")
    assert entry is not None and entry.details["receipt"] == slip.receipt
    assert [x.receipt for x in journal.lines] == [slip.receipt]
    with db.begin() as s:  # no deposit, no payment
        other = readers.register_reader(s, at_desk, card_number="R7002", name="周二", category="adult",
                                        id_type="other", id_number="X7002").id
        assert money.registration_receipt(s, at_desk, other) is None
