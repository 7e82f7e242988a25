"""The desk's reader record (F12), item record (Shift+F12) and loan history, driven from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from tests.conftest import TEST_PASSWORD
from tests.ui.circulation.conftest import a_day_later
from tests.ui.circulation.test_tab import column, scan, seed
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import Role
from workstation.models.circulation import Item, ItemStatus, Loan, LoanCorrection, LoanEnd, Reader, ReaderStatus
from workstation.services.circulation import pins
from workstation.ui.circulation.records import HistoryDialog, ItemRecordDialog, ReaderRecordDialog
from workstation.ui.circulation.tab import CirculationTab
from workstation.ui.context import AppContext
from workstation.ui.models.loan_history import LoanHistoryModel


def type_enter(qtbot, line, text: str) -> None:
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_reader_record_from_the_desk_by_keyboard(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    ids = seed(desk_ctx)
    qtbot.keyClick(tab.scan, Qt.Key.Key_F12)  # no reader yet
    assert tab.banner.property("kind") == "warn" and not tab.dialogs
    scan(qtbot, tab, "R0003")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F12)
    dialog = tab.dialogs[-1]
    assert isinstance(dialog, ReaderRecordDialog) and dialog.isVisible()
    assert "R0003" in dialog.summary.text() and "*" in dialog.phone.text()  # masked for desk staff
    # a child with the guardian's phone: saved, and the desk is told whose phone it is
    type_enter(qtbot, dialog.phone, "13800000001")
    assert "R0001" in dialog.field_errors["phone"].text()
    with desk_ctx.db.begin() as s:
        assert s.get(Reader, ids["R0003"]).phone == "13800000001"  # type: ignore[union-attr]
    type_enter(qtbot, dialog.phone, "12")  # a bad phone names the field and writes nothing
    assert dialog.field_errors["phone"].text()
    # extend, then replace the lost card: the old number is refused at the desk
    dialog.extend_button.setFocus()
    qtbot.keyClick(dialog.extend_button, Qt.Key.Key_Space)
    assert dialog.message.text()
    type_enter(qtbot, dialog.new_card, "R0903")
    assert "R0903" in dialog.summary.text() and "R0003" in dialog.summary.text()  # the replaced card is listed
    # block with a reason; lifting needs a manager's password
    dialog.status.setCurrentIndex(dialog.status.findData("blocked"))
    type_enter(qtbot, dialog.reason, "nine overdue")
    assert dialog.status.currentData() == "blocked"
    dialog.status.setCurrentIndex(dialog.status.findData("active"))
    assert dialog.manager.isVisible() and dialog.manager_password.isVisible()
    type_enter(qtbot, dialog.reason, "returned them")
    assert dialog.message.text() and dialog.status.currentData() == "active"  # refused: still blocked
    with desk_ctx.db.begin() as s:
        assert s.get(Reader, ids["R0003"]).status is ReaderStatus.BLOCKED  # type: ignore[union-attr]
    dialog.status.setCurrentIndex(dialog.status.findData("active"))
    dialog.reason.setText("returned them")
    dialog.manager.setText("boss")
    type_enter(qtbot, dialog.manager_password, TEST_PASSWORD)
    with desk_ctx.db.begin() as s:
        assert s.get(Reader, ids["R0003"]).status is ReaderStatus.ACTIVE  # type: ignore[union-attr]
    # the kiosk PIN, typed twice
    dialog.pin.setText("2468")
    type_enter(qtbot, dialog.pin_again, "2469")
    assert dialog.message.property("styleSheet") or dialog.message.text()
    dialog.pin.setText("2468")
    type_enter(qtbot, dialog.pin_again, "2468")
    with desk_ctx.db.begin() as s:
        assert pins.check_pin(s, ids["R0003"], "2468")
    dialog.close()
    scan(qtbot, tab, "R0003")
    assert tab.banner.property("kind") == "error" and "挂失，已补办为 R0903" in tab.banner.text()


def test_renewing_on_the_lending_day_is_refused_naming_the_first_day(qtbot, tab: CirculationTab,
                                                                     desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    scan(qtbot, tab, "R0001")
    scan(qtbot, tab, "B001")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F5)
    assert tab.banner.property("kind") == "error" and "起可以续借" in tab.banner.text()
    assert column(tab.loans_table, 3) == ["0"]  # not used up
    a_day_later(tab)
    qtbot.keyClick(tab.scan, Qt.Key.Key_F5)
    assert tab.banner.property("kind") == "ok" and column(tab.loans_table, 3) == ["1"]


def test_item_record_marks_a_lost_loan_and_shows_its_history(qtbot, tab: CirculationTab,
                                                             desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    scan(qtbot, tab, "R0001")
    scan(qtbot, tab, "B001")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    dialog = tab.dialogs[-1]
    assert isinstance(dialog, ItemRecordDialog)
    type_enter(qtbot, dialog.lookup, "NOPE1")
    assert dialog.message.text() and not dialog.barcode.text()
    type_enter(qtbot, dialog.lookup, "b001")
    assert dialog.barcode.text() == "B001" and "R" in dialog.summary.text()
    dialog.title_edit.setText("图书 1（修订版）")
    type_enter(qtbot, dialog.call_number, "I247.5/12")
    dialog.status.setCurrentIndex(dialog.status.findData("lost"))
    type_enter(qtbot, dialog.reason, "reader lost it")
    with desk_ctx.db.begin() as s:
        item = s.scalar(select(Item).where(Item.barcode == "B001"))
        assert item is not None and item.status is ItemStatus.LOST and item.call_number == "I247.5/12"
        assert item.title == "图书 1（修订版）"
        assert s.scalar(select(Loan.closed_as)) is LoanEnd.LOST
    dialog.status.setCurrentIndex(dialog.status.findData("withdrawn"))
    type_enter(qtbot, dialog.reason, "write off")
    assert "主管" in dialog.message.text()  # a desk account may not withdraw
    history_button = dialog.findChild(QPushButton, "itemHistory")
    history_button.setFocus()
    qtbot.keyClick(history_button, Qt.Key.Key_Space)
    history = tab.dialogs[-1]
    assert isinstance(history, HistoryDialog)
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    assert history.model.index(0, LoanHistoryModel.STATE).data() == "丢失"
    assert not history.void_loan_button.isVisible()  # a manager's buttons
    history.state.setCurrentIndex(history.state.findData("voided"))
    assert history.model.rowCount() == 0


def test_a_manager_voids_a_loan_made_to_the_wrong_reader(qtbot, sqlite_db: Database) -> None:
    ctx = context_for(sqlite_db, Role.MANAGER)
    seed(ctx)
    tab = CirculationTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    scan(qtbot, tab, "R0002")
    scan(qtbot, tab, "B002")
    assert tab.reader_id is not None
    history = tab.open_history(reader_id=tab.reader_id)
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    history.view.setFocus()
    qtbot.keyClick(history.view, Qt.Key.Key_Down)
    if not history.view.currentIndex().isValid():
        history.view.setCurrentIndex(history.model.index(0, 0))
    history.reason.setText("lent to the wrong reader")
    history.void_loan_button.setFocus()
    qtbot.keyClick(history.void_loan_button, Qt.Key.Key_Space)
    with sqlite_db.begin() as s:
        assert s.scalar(select(Loan.closed_as)) is LoanEnd.VOIDED
        assert s.scalar(select(LoanCorrection.reason)) == "lent to the wrong reader"
        assert s.scalar(select(Item.status).where(Item.barcode == "B002")) is ItemStatus.AVAILABLE
    assert "已更正" in history.message.text()
    history.state.setCurrentIndex(history.state.findData("voided"))
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    assert history.model.index(0, LoanHistoryModel.STATE).data() == "已作废"
    assert history.model.canFetchMore(QModelIndex()) is False
    history.state.setCurrentIndex(history.state.findData("any"))
    tomorrow = QDate.currentDate().addDays(1)
    history.last.setDate(tomorrow.addDays(30))
    history.first.setDate(tomorrow)  # lent from tomorrow on: none
    assert history.model.rowCount() == 0 and not history.model.canFetchMore(QModelIndex())
    history.first.setDate(QDate.currentDate().addDays(-1))
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)


def test_a_child_registered_with_the_guardians_phone_is_a_warning(qtbot, tab: CirculationTab,
                                                                  desk_ctx: AppContext) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tests.services.circulation.test_lending import id_number

    seed(desk_ctx, n_items=0)
    qtbot.keyClick(tab.scan, Qt.Key.Key_F7)
    dialog = tab.dialogs[-1]
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regCard"), "R0200")
    dialog.findChild(QLineEdit, "regName").insert("李小明")
    dialog.category.setCurrentIndex(dialog.category.findData("child"))
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regIdNumber"), id_number(200))
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regPhone"), "13800000001")  # R0001's phone
    qtbot.keyClick(dialog.findChild(QLineEdit, "regPhone"), Qt.Key.Key_Return)
    assert not dialog.isVisible() and tab.reader_card == "R0200"  # registered, not refused
    assert tab.banner.property("kind") == "warn" and "R0001" in tab.banner.text()


def test_search_then_f4_opens_the_record(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    from PySide6.QtWidgets import QLineEdit

    seed(desk_ctx)
    qtbot.keyClick(tab.scan, Qt.Key.Key_F8)
    search = tab.dialogs[-1]
    search.activateWindow()  # as the window manager does with a window just opened
    qtbot.waitUntil(search.isActiveWindow)
    query = search.findChild(QLineEdit, "searchQuery")
    qtbot.keyClicks(query, "B002")
    qtbot.keyClick(query, Qt.Key.Key_Return)
    qtbot.keyClick(query, Qt.Key.Key_F12)  # the item found: its record
    record = tab.dialogs[-1]
    assert isinstance(record, ItemRecordDialog) and record.barcode.text() == "B002"
    search.activateWindow()
    qtbot.waitUntil(search.isActiveWindow)
    query.selectAll()
    qtbot.keyClicks(query, "R0002")
    qtbot.keyClick(query, Qt.Key.Key_Return)
    qtbot.keyClick(query, Qt.Key.Key_F12)
    reader = tab.dialogs[-1]
    assert isinstance(reader, ReaderRecordDialog) and "R0002" in reader.summary.text()
