"""No scan is lost: wherever the focus is in the desk's window, a scanner's keys are a scan.

A USB scanner types its code and Enter into whatever has the keyboard focus, so these tests
send each key to the window as the system does (``QTest.keyClick`` on the ``QWindow``: Qt
then delivers it to the focus widget of that moment), after real mouse clicks and key
presses have put the focus somewhere else than the scan field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QTabBar, QVBoxLayout, QWidget
from sqlalchemy import func, select

from tests.ui.circulation.conftest import a_day_later
from tests.ui.circulation.test_tab import column, seed, settle
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import Role
from workstation.models.circulation import Loan, Renewal
from workstation.ui.circulation.tab import LEND, RETURN, CirculationTab
from workstation.ui.context import AppContext
from workstation.ui.main_window import MainWindow


def keys_to_window(qtbot, window: QWidget, code: str, enter: bool = True) -> None:
    """What a scanner does: every key to the window, which hands it to its focus widget."""
    handle = window.windowHandle()
    assert handle is not None
    for char in code:
        QTest.keyClick(handle, char)
    if enter:
        QTest.keyClick(handle, Qt.Key.Key_Return)


def scanner(qtbot, tab: CirculationTab, code: str) -> None:
    keys_to_window(qtbot, tab.window(), code)
    settle(qtbot, tab)


def loans_of(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))) or 0


def sounds_of(tab: CirculationTab) -> list[str]:
    """What the desk asked its (recording) player to play."""
    return tab.sound_player.sounds  # type: ignore[union-attr]


def test_click_in_the_loans_table_then_scan(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    scanner(qtbot, tab, "R0001")
    scanner(qtbot, tab, "B001")
    table = tab.loans_table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(0, 0)).center())
    assert tab.window().focusWidget() is table and table.selectedIndexes()  # a row chosen, to renew it
    scanner(qtbot, tab, "B002")
    assert column(tab.loans_table) == ["B002", "B001"] and tab.banner.property("kind") == "ok"
    assert loans_of(desk_ctx.db) == 2
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(1, 0)).center())
    a_day_later(tab)  # a renewal on the lending day would be refused as too soon
    qtbot.mouseClick(tab.renew_button, Qt.MouseButton.LeftButton)  # renew the chosen row, then scan on
    assert column(tab.loans_table, 3) == ["0", "1"]
    scanner(qtbot, tab, "B003")
    assert column(tab.loans_table)[0] == "B003"


def test_tab_to_an_offer_then_scan(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    scanner(qtbot, tab, "R0001")
    scanner(qtbot, tab, "B001")
    tab.desk.forget_last_scan()
    scanner(qtbot, tab, "B001")
    assert tab.offer_button.isVisible() and tab.banner.property("kind") == "question"
    for _ in range(30):  # Tab through the window until the offer's button has the focus
        if tab.window().focusWidget() is tab.offer_button:
            break
        QTest.keyClick(tab.window().windowHandle(), Qt.Key.Key_Tab)
    assert tab.window().focusWidget() is tab.offer_button
    scanner(qtbot, tab, "B002")  # a scan, not a click on the offer
    assert column(tab.loans_table) == ["B002", "B001"] and column(tab.loans_table, 3) == ["0", "0"]
    assert not tab.offer_button.isVisible()  # the new scan dropped the offer
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Renewal)) == 0


def test_enter_accepts_an_offer_and_esc_declines(qtbot, tab: CirculationTab, desk_ctx: AppContext,
                                                 monkeypatch) -> None:
    beeps = sounds_of(tab)
    seed(desk_ctx)
    scanner(qtbot, tab, "R0001")
    scanner(qtbot, tab, "B001")
    tab.desk.forget_last_scan()
    scanner(qtbot, tab, "B001")
    assert tab.banner.property("kind") == "question" and "续借" in tab.banner.text() and beeps[-1] == "offer"
    assert tab.decline_button.isVisible()
    QTest.keyClick(tab.window().windowHandle(), Qt.Key.Key_Escape)  # no
    assert not tab.offer_button.isVisible() and tab.reader_id is not None  # the reader stays
    assert tab.banner.property("kind") == "info"
    tab.desk.forget_last_scan()
    a_day_later(tab)
    scanner(qtbot, tab, "B001")
    QTest.keyClick(tab.window().windowHandle(), Qt.Key.Key_Return)  # Enter alone: yes, renew it
    assert tab.banner.property("kind") == "ok" and column(tab.loans_table, 3) == ["1"]
    # another reader's item: Enter returns it from them and lends it here, Enter on the button too
    scanner(qtbot, tab, "R0002")
    scanner(qtbot, tab, "B001")
    assert tab.offer_button.isVisible() and tab.banner.property("kind") == "question"
    tab.offer_button.setFocus()
    QTest.keyClick(tab.window().windowHandle(), Qt.Key.Key_Return)
    assert column(tab.loans_table) == ["B001"] and tab.reader_card == "R0002"
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Renewal)) == 1
        assert s.scalar(select(func.count()).select_from(Loan)) == 2  # returned from R0001, lent to R0002


def test_a_card_in_return_mode_says_it_is_a_card(qtbot, tab: CirculationTab, desk_ctx: AppContext,
                                                 monkeypatch) -> None:
    beeps = sounds_of(tab)
    seed(desk_ctx)
    QTest.keyClick(tab.window().windowHandle(), Qt.Key.Key_F3)
    assert tab.mode == RETURN
    scanner(qtbot, tab, "R0001")
    text = tab.banner.text()
    assert tab.banner.property("kind") == "error" and beeps[-1] == "refused"
    assert "R0001" in text and "读者证" in text and "李华" in text and "F2" in text
    assert "不在馆藏" not in text  # not "the item is not in the catalogue"
    assert tab.returns_table.rowCount() == 0


def test_switching_mode_clears_banner_and_reader(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    scanner(qtbot, tab, "R0001")
    scanner(qtbot, tab, "NOSUCH1")
    assert tab.banner.property("kind") == "error" and "李华" in tab.reader_info.text()
    QTest.keyClick(tab.window().windowHandle(), Qt.Key.Key_F3)
    assert tab.reader_id is None and "李华" not in tab.reader_info.text()
    assert tab.banner.property("kind") == "info" and "NOSUCH1" not in tab.banner.text()
    assert tab.loans_table.rowCount() == 0 and not tab.override_button.isVisible()
    qtbot.mouseClick(tab.lend_button, Qt.MouseButton.LeftButton)
    assert tab.mode == LEND and tab.banner.property("kind") == "info"


def test_unknown_and_expired_cards_name_the_way_out(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    from workstation.models.circulation import Reader
    ids = seed(desk_ctx)
    scanner(qtbot, tab, "R9999")
    text = tab.banner.text()
    assert tab.banner.property("kind") == "error" and "R9999" in text and "F7" in text and "F8" in text
    with desk_ctx.db.begin() as s:
        reader = s.get(Reader, ids["R0002"])
        assert reader is not None
        reader.valid_until = reader.valid_until.replace(year=2020)
    scanner(qtbot, tab, "R0002")
    text = tab.banner.text()
    assert tab.banner.property("kind") == "error" and "过期" in text and "续" in text  # extend the card
    assert tab.override_button.isVisible()  # and a manager may let them borrow today


class KeyClock:
    """The tab's ``time``: each reading ``step`` seconds after the last (a scanner's pace, or a person's)."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 1000.0

    def monotonic(self) -> float:
        self.now += self.step
        return self.now


def test_a_scan_while_a_modal_window_is_open_is_refused_aloud(qtbot, tab: CirculationTab,
                                                              desk_ctx: AppContext, monkeypatch) -> None:
    from workstation.ui.circulation import tab as tab_module
    beeps = sounds_of(tab)
    monkeypatch.setattr(tab_module, "time", KeyClock(0.005))  # a scanner: 5 ms a key
    seed(desk_ctx)
    scanner(qtbot, tab, "R0001")
    dialog = QDialog(tab.window())
    field = QLineEdit(dialog)
    ok = QPushButton("OK", dialog)
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(ok)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    field.setFocus()
    before = len(beeps)
    keys_to_window(qtbot, dialog, "B001")
    assert dialog.isVisible()  # the scanner's Enter did not press the dialog's button
    assert beeps[before:] == ["refused"] and tab.banner.property("kind") == "error" and "B001" in tab.banner.text()
    assert loans_of(desk_ctx.db) == 0 and field.text() == "B001"
    # a person typing into the window at their pace: Enter is theirs, the dialog takes it
    monkeypatch.setattr(tab_module, "time", KeyClock(0.15))
    field.clear()
    keys_to_window(qtbot, dialog, "pass")
    assert not dialog.isVisible() and field.text() == "pass" and "pass" not in tab.banner.text()
    tab.desk.forget_last_scan()
    scanner(qtbot, tab, "B001")
    assert column(tab.loans_table) == ["B001"]


def test_a_dialog_just_closed_then_scan(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    scanner(qtbot, tab, "R0001")
    QTest.keyClick(tab.window().windowHandle(), Qt.Key.Key_F8)
    dialog = tab.dialogs[-1]
    qtbot.waitExposed(dialog)
    dialog.reject()
    returns = tab.returns_table
    qtbot.mouseClick(returns.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # the focus elsewhere
    assert tab.window().focusWidget() is returns
    scanner(qtbot, tab, "B001")
    assert column(tab.loans_table) == ["B001"]


def test_a_scan_into_the_open_card_status_list(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    """The scan is not taken for a choice in the list (which would change the card's status)."""
    from workstation.models.circulation import Reader, ReaderStatus
    ids = seed(desk_ctx)
    scanner(qtbot, tab, "R0001")
    qtbot.mouseClick(tab.status_combo, Qt.MouseButton.LeftButton)
    popup = QApplication.activePopupWidget()
    assert popup is not None and popup.isVisible()
    scanner(qtbot, tab, "B001")
    assert not popup.isVisible() and column(tab.loans_table) == ["B001"]
    with desk_ctx.db.begin() as s:
        reader = s.get(Reader, ids["R0001"])
        assert reader is not None and reader.status is ReaderStatus.ACTIVE


def test_reopen_on_the_circulation_tab_then_scan(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    ctx = context_for(sqlite_db, Role.DESK)
    seed(ctx)
    ctx.settings.setValue("main_window/last_tab", "circulation_tab")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.current_tab()
    assert isinstance(tab, CirculationTab)
    scanner(qtbot, tab, "R0001")
    scanner(qtbot, tab, "B001")
    assert column(tab.loans_table) == ["B001"]
    # the focus on the tab bar (a click on the tab's own title): keys and scans still reach the desk
    bar = window.tabs.findChild(QTabBar)
    assert bar is not None
    bar.setFocus()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_F3)
    assert tab.mode == RETURN
    scanner(qtbot, tab, "B001")
    assert tab.banner.property("kind") == "ok" and column(tab.returns_table) == ["B001"]
    # switched to another tab and back: the circulation tab's keys are off while it is hidden
    window.show_tab("reading_tab")
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_F2)
    assert tab.mode == RETURN
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert window.current_tab() is tab
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_F2)
    scanner(qtbot, tab, "R0002")
    scanner(qtbot, tab, "B002")
    assert tab.reader_card == "R0002" and column(tab.loans_table) == ["B002"]
    assert loans_of(sqlite_db) == 1


def test_typing_in_a_dialog_of_the_desk_is_left_alone(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    QTest.keyClick(tab.window().windowHandle(), Qt.Key.Key_F8)
    dialog = tab.dialogs[-1]
    qtbot.waitExposed(dialog)
    query = dialog.findChild(QLineEdit, "searchQuery")
    query.setFocus()
    keys_to_window(qtbot, dialog, "R000")
    assert query.text() == "R000" and tab.scan.text() == "" and tab.reader_id is None
    assert dialog.findChild(QWidget, "searchReaders").rowCount() == 3  # its own Enter searched
