"""The hold shelf, money, stocktake and slip screens of the desk (issue 19, lines 6-9),
driven by keyboard and checked against the database and the files written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog, QLabel, QLineEdit, QTableWidget, QWidget
from sqlalchemy import func, select

from tests.ui.circulation.conftest import RecordingPlayer
from tests.ui.circulation.test_tab import column, scan, seed, settle, type_text
from tests.ui.conftest import context_for
from workstation import timeutil
from workstation.db import Database
from workstation.models import AuditEntry, Role
from workstation.models.circulation import Hold, HoldState, Item, ItemStatus, Loan
from workstation.models.desk_records import Payment, PaymentKind, Stocktake
from workstation.services.circulation import holds, loans, money
from workstation.ui.circulation import cash, hold_shelf, slips, stocktake_dialog
from workstation.ui.circulation.tab import CirculationTab
from workstation.ui.context import AppContext

SHOTS = Path("/tmp")  # scripts/screenshots.py copies the figures of the guides from here


def _manager_tab(qtbot, db: Database, tmp_path: Path) -> CirculationTab:
    ctx = context_for(db, Role.MANAGER, username="boss2")
    widget = CirculationTab(ctx)
    widget.slip_dir = tmp_path
    widget.sound_player = RecordingPlayer()
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    _activate(qtbot, widget)
    return widget


def _active(qtbot, dialog: QWidget) -> None:
    """A dialog the desk opened, active as it is on a real screen (its keys are shortcuts)."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)


def _activate(qtbot, widget: CirculationTab) -> None:
    """Shown and active: the desk's function keys are shortcuts of the active window."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=5000)


def _audits(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _ready_hold(ctx: AppContext, ids: dict[str, int], barcode: str = "B001") -> None:
    """R0001 borrows ``barcode``; R0002 then R0003 reserve it; it comes back: R0002's is ready."""
    with ctx.db.begin() as s:
        loans.checkout(s, ctx.actor, ids["R0001"], barcode)
        holds.place_hold(s, ctx.actor, ids["R0002"], barcode=barcode,
                         now=timeutil.now_utc() - dt.timedelta(minutes=2))
        holds.place_hold(s, ctx.actor, ids["R0003"], barcode=barcode,
                         now=timeutil.now_utc() - dt.timedelta(minutes=1))
    with ctx.db.begin() as s:
        loans.checkin(s, ctx.actor, barcode)


def test_hold_shelf_lists_cancels_expires_and_exports(qtbot, tab: CirculationTab, desk_ctx: AppContext,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(desk_ctx)
    _ready_hold(desk_ctx, ids)
    qtbot.keyClick(tab.scan, Qt.Key.Key_F4)
    dialog = tab.dialogs[-1]
    assert isinstance(dialog, hold_shelf.HoldShelfDialog)
    _active(qtbot, dialog)
    table = dialog.findChild(QTableWidget, "holdShelfTable")
    assert column(table, 1) == ["B001"] and column(table, 4) == ["张*"] and column(table, 5) == ["*0002"]
    assert column(table, 6) == ["138****0002"]
    dialog.grab().save(str(SHOTS / "circulation-hold-shelf.png"))
    # the notification list, with the full phone, to a file the person names
    target = tmp_path / "notify.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "13800000002" in target.read_text(encoding="utf-8-sig")
    # Del: cancel, asked by staff, with a reason; an empty reason is refused and writes nothing
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    cancel = dialog.dialogs[-1]
    assert isinstance(cancel, hold_shelf.CancelHoldDialog)
    _active(qtbot, cancel)
    before = _audits(desk_ctx.db)
    qtbot.keyClick(cancel.findChild(QLineEdit, "cancelReason"), Qt.Key.Key_Return)
    assert cancel.isVisible() and cancel.findChild(QLabel, "cancelError").text()
    assert _audits(desk_ctx.db) == before
    by = cancel.findChild(hold_shelf.QComboBox, "cancelBy")
    by.setFocus()
    qtbot.keyClick(by, Qt.Key.Key_Down)  # by staff
    reason = cancel.findChild(QLineEdit, "cancelReason")
    qtbot.keyClicks(reason, "damaged")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert not cancel.isVisible()
    with desk_ctx.db.begin() as s:
        rows = {h.reader_id: (h.state, h.close_reason) for h in s.scalars(select(Hold))}
    assert rows == {ids["R0002"]: (HoldState.CANCELLED, "staff: damaged"), ids["R0003"]: (HoldState.READY, "")}
    assert tab.printed[-1].name.startswith("hold-")  # the next reader's slip
    assert column(table, 5) == ["*0003"]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    # Ctrl+R: the day's run (nothing is past its day yet)
    qtbot.keyClick(table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert column(table, 5) == ["*0003"]
    with desk_ctx.db.begin() as s:  # ready 30 days ago: the run expires it, back to the shelf
        s.execute(Hold.__table__.update().where(Hold.reader_id == ids["R0003"]).values(
            ready_at=timeutil.now_utc() - dt.timedelta(days=30)))
    dialog.load()
    qtbot.keyClick(table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 0
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(Item.status).where(Item.barcode == "B001")) is ItemStatus.AVAILABLE


def test_reader_cancels_a_reservation_at_the_desk(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    ids = seed(desk_ctx)
    with desk_ctx.db.begin() as s:
        holds.place_hold(s, desk_ctx.actor, ids["R0001"], barcode="B002")
    scan(qtbot, tab, "R0001")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    dialog = tab.dialogs[-1]
    assert isinstance(dialog, hold_shelf.ReaderHoldsDialog)
    _active(qtbot, dialog)
    table = dialog.findChild(QTableWidget, "readerHoldsTable")
    assert column(table) == ["图书 2"]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    cancel = dialog.dialogs[-1]
    _active(qtbot, cancel)
    reason = cancel.findChild(QLineEdit, "cancelReason")
    qtbot.keyClicks(reason, "no longer needed")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert table.rowCount() == 0
    with desk_ctx.db.begin() as s:
        hold = s.scalar(select(Hold))
        assert hold is not None and hold.close_reason == "reader: no longer needed"


def test_money_settings_fees_receipt_and_journal(qtbot, desk_ctx: AppContext, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db = desk_ctx.db
    ids = seed(desk_ctx)
    (tmp_path / "boss").mkdir()
    boss = _manager_tab(qtbot, db, tmp_path / "boss")
    qtbot.keyClick(boss.scan, Qt.Key.Key_F10)
    dialog = boss.dialogs[-1]
    assert isinstance(dialog, cash.MoneyDialog)
    _active(qtbot, dialog)
    fields = {name: dialog.findChild(QLineEdit, name) for name in ("moneySetDeposit", "moneySetFee",
                                                                   "moneySetCapItem", "moneySetCapReader")}
    for name, value in zip(fields, ("１００", "0.5", "5", "20"), strict=True):  # a full-width deposit
        fields[name].selectAll()
        type_text(qtbot, fields[name], value)
    before = _audits(db)
    qtbot.keyClick(fields["moneySetFee"], Qt.Key.Key_Return)
    assert "押金" in dialog.status.text() and _audits(db) == before  # refused, naming the field
    fields["moneySetDeposit"].selectAll()
    qtbot.keyClicks(fields["moneySetDeposit"], "100")
    block = dialog.findChild(QCheckBox, "moneySetBlock")
    block.setFocus()
    qtbot.keyClick(block, Qt.Key.Key_Space)
    qtbot.keyClick(fields["moneySetFee"], Qt.Key.Key_Return)
    with db.begin() as s:
        assert money.money_settings(s) == money.MoneySettings(Decimal("100.00"), Decimal("0.50"), Decimal("5.00"),
                                                              Decimal("20.00"), True)
    # a loan returned 4 days late: 2.00 owed, and lending is refused until it is paid
    lent = timeutil.now_utc() - dt.timedelta(days=40)
    with db.begin() as s:
        due = loans.checkout(s, desk_ctx.actor, ids["R0001"], "B001", now=lent).line.due_date
        loans.checkin(s, desk_ctx.actor, "B001", now=timeutil.at_local(due + dt.timedelta(days=4), 10))
    desk = CirculationTab(desk_ctx)
    desk.slip_dir = tmp_path
    desk.sound_player = RecordingPlayer()
    qtbot.addWidget(desk)
    _activate(qtbot, desk)
    scan(qtbot, desk, "R0001")
    scan(qtbot, desk, "B002")
    assert desk.desk.last_refusal is not None and desk.desk.last_refusal.reason.value == "fees_owed"
    qtbot.keyClick(desk.scan, Qt.Key.Key_F10)
    pay = desk.dialogs[-1]
    _active(qtbot, pay)
    amount = pay.findChild(QLineEdit, "moneyFeeAmount")
    assert amount.text() == "2.00" and column(pay.findChild(QTableWidget, "moneyFees")) == ["B001"]
    amount.selectAll()
    qtbot.keyClicks(amount, "-2")
    before = _audits(db)
    qtbot.keyClick(amount, Qt.Key.Key_Return)
    assert "金额" in pay.status.text() and _audits(db) == before
    amount.selectAll()
    qtbot.keyClicks(amount, "2.00")
    qtbot.keyClick(amount, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    with db.begin() as s:
        paid = s.scalar(select(Payment))
        assert paid is not None and paid.kind is PaymentKind.FEE and paid.amount == Decimal("2.00")
    assert desk.printed[-1].name.startswith("receipt-") and desk.printed[-1].stat().st_size > 500
    assert column(pay.findChild(QTableWidget, "moneyJournal")) == [paid.receipt]
    pay.grab().save(str(SHOTS / "circulation-money.png"))
    target = tmp_path / "cash.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(amount, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    sheet = load_workbook(target).active
    assert [sheet.cell(row=3, column=c).value for c in (1, 3, 4)] == [paid.receipt, "逾期费", 2]
    pay.close()
    scan(qtbot, desk, "B003")  # paid: lent now (B002 again would be a double scan)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))) == 1


def test_stocktake_by_keyboard(qtbot, tab: CirculationTab, desk_ctx: AppContext, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(desk_ctx, n_items=4)
    with desk_ctx.db.begin() as s:
        loans.checkout(s, desk_ctx.actor, ids["R0001"], "B003")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F11)
    dialog = tab.dialogs[-1]
    assert isinstance(dialog, stocktake_dialog.StocktakeDialog)
    _active(qtbot, dialog)
    name = dialog.findChild(QLineEdit, "stocktakeName")
    qtbot.keyClicks(name, "All books")
    scope = dialog.findChild(stocktake_dialog.QComboBox, "stocktakeScope")
    scope.setFocus()
    qtbot.keyClick(scope, Qt.Key.Key_Down)
    qtbot.keyClick(scope, Qt.Key.Key_Down)  # a whole collection: books
    collection = dialog.findChild(stocktake_dialog.QComboBox, "stocktakeCollection")
    assert collection.isVisible()
    first = dialog.findChild(QLineEdit, "stocktakeFirst")
    assert not first.isVisible()
    name.setFocus()
    dialog.start()  # the form's Start button (Enter in a call-number field does the same)
    scan_field = dialog.findChild(QLineEdit, "stocktakeScan")
    assert scan_field.hasFocus() or QApplication.focusWidget() is scan_field
    for code in ("B001", "B003", "X999", "B001"):
        qtbot.keyClicks(scan_field, code)
        qtbot.keyClick(scan_field, Qt.Key.Key_Return)
    assert column(dialog.findChild(QTableWidget, "stocktakeNotSeen")) == ["B002", "B004"]
    assert column(dialog.findChild(QTableWidget, "stocktakeUnknown")) == ["X999"]
    on_loan = dialog.findChild(QTableWidget, "stocktakeOnLoan")
    assert column(on_loan) == ["B003"]
    qtbot.keyClick(scan_field, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    dialog.grab().save(str(SHOTS / "circulation-stocktake.png"))
    on_loan.setFocus()
    on_loan.selectRow(0)
    qtbot.keyClick(on_loan, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # return it
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(Item.status).where(Item.barcode == "B003")) is ItemStatus.AVAILABLE
    target = tmp_path / "stocktake.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(scan_field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    book = load_workbook(target)
    assert [c.value for c in book["未见"]["A"]] == ["条码", "B002", "B004"]
    assert book["未知条码"]["A2"].value == "X999"
    # a desk account sees no "mark missing"; the service refuses it (tests/services)
    assert not dialog.missing_button.isVisible()
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(Stocktake.closed_at)) is None  # open: resumed tomorrow
    dialog.close()
    again = tab.open_stocktake()
    assert again.open_combo.count() == 1 and column(again.findChild(QTableWidget, "stocktakeUnknown")) == ["X999"]


def test_no_printer_asks_where_to_save_the_pdf(qtbot, tab: CirculationTab, desk_ctx: AppContext, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    seed(desk_ctx)
    tab.slip_dir = None
    monkeypatch.setattr(slips, "has_printer", lambda: False)
    scan(qtbot, tab, "R0001")
    scan(qtbot, tab, "B001")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F9)
    assert tab.banner.property("kind") == "warn"
    dialog = tab.dialogs[-1]
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert not (Path.home() / "slip.pdf").exists()
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    edit.selectAll()
    target = tmp_path / "chosen" / "my-slip.pdf"
    target.parent.mkdir()
    qtbot.keyClicks(edit, str(target), delay=40)  # typed, not a scanner's burst
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: target.is_file(), timeout=5000)
    assert target.read_bytes().startswith(b"%PDF") and tab.banner.property("kind") == "ok"
    settle(qtbot, tab)


def test_registration_takes_the_librarys_deposit_with_a_receipt(qtbot, tab: CirculationTab,
                                                                desk_ctx: AppContext) -> None:
    from tests.ui.circulation.test_tab import id_number

    with desk_ctx.db.begin() as s:
        from workstation.models import Staff
        from workstation.services.context import Actor

        boss = s.scalar(select(Staff).where(Staff.username == "boss"))
        assert boss is not None
        money.set_money_settings(s, Actor.of(boss, "test-ws"), deposit="100", fee_per_day="0")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F7)
    dialog = tab.dialogs[-1]
    assert dialog.findChild(QLineEdit, "regDeposit").text() == "100.00"
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regCard"), "r0200")
    type_text(qtbot, dialog.findChild(QLineEdit, "regName"), "周杰")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regIdNumber"), id_number(200))
    qtbot.keyClick(dialog.findChild(QLineEdit, "regIdNumber"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    with desk_ctx.db.begin() as s:
        paid = s.scalar(select(Payment))
    assert paid is not None and paid.kind is PaymentKind.DEPOSIT and paid.amount == Decimal("100.00")
    assert tab.printed[-1].name.startswith("receipt-")
