"""The desk across libraries: a return at a branch of another library's book says where it
goes and prints the transfer slip; the transit list (Shift+F4) shows it with its days; the
home library's return scan receives it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget
from sqlalchemy import select

from tests.branch_data import Branches, build
from tests.ui.circulation.test_tab import column, scan
from tests.ui.conftest import settings_for_test
from workstation.db import Database
from workstation.models import ServicePoint
from workstation.models.circulation import Item, ItemStatus, Reader
from workstation.services.circulation import loans
from workstation.ui.circulation.tab import RETURN, CirculationTab
from workstation.ui.circulation.transit_dialog import TransitDialog
from workstation.ui.context import AppContext, ServicePointInfo

from .conftest import RecordingPlayer


def _tab(qtbot, db: Database, world: Branches, library: int, slips: Path) -> CirculationTab:
    actor = world.desks[library]
    with db.begin() as s:
        point = s.get(ServicePoint, world.points[library])
        assert point is not None
        info = ServicePointInfo(point.id, point.name, point.kind)
    widget = CirculationTab(AppContext(db, actor, info, settings_for_test()))
    widget.slip_dir = slips
    widget.sound_player = RecordingPlayer()
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.scan.setFocus()
    return widget


def test_return_at_a_branch_goes_in_transit_and_is_received_at_home(qtbot, sqlite_db: Database,
                                                                     tmp_path: Path) -> None:
    world = build(sqlite_db, readers=2, books_each=2)
    book = world.books[world.central][0]
    with sqlite_db.begin() as s:
        card = s.scalar(select(Reader.card_number).where(Reader.id == world.readers[0]))
        loans.checkout(s, world.desks[world.central], world.readers[0], book,
                       now=dt.datetime.now(dt.UTC) - dt.timedelta(days=12))
    assert card
    branch = _tab(qtbot, sqlite_db, world, world.xy, tmp_path)
    qtbot.keyClick(branch.scan, Qt.Key.Key_F3)
    assert branch.mode == RETURN
    scan(qtbot, branch, book)
    assert branch.banner.property("kind") == "warn"
    assert "长治市图书馆" in branch.banner.text() or "ZG" in branch.banner.text()
    assert [p.name.split("-")[0] for p in branch.printed] == ["transfer"] and branch.printed[0].stat().st_size > 500
    assert column(branch.returns_table) == [book]
    assert "ZG" not in column(branch.returns_table, 4)[0] and column(branch.returns_table, 4)[0]
    branch.grab().save(str(tmp_path / "branch-return.png"))
    # the transit list, by its key: the book is on its way out of this branch
    qtbot.keyClick(branch.scan, Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    dialog = branch.findChild(TransitDialog, "transitDialog")
    assert dialog is not None and dialog.isVisible()
    outgoing = dialog.findChild(QTableWidget, "transitOutgoing")
    incoming = dialog.findChild(QTableWidget, "transitIncoming")
    assert outgoing is not None and incoming is not None
    assert column(outgoing) == [book] and column(incoming) == []
    assert column(outgoing, 6) == ["0"] and column(outgoing, 7) == [""]
    summary = dialog.findChild(QLabel, "transitSummary")
    assert summary is not None and summary.text()
    dialog.grab().save(str(tmp_path / "transit-list.png"))
    dialog.activateWindow()  # as the window system does for a new window
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(incoming, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    # at home, a return scan receives it
    home = _tab(qtbot, sqlite_db, world, world.central, tmp_path)
    qtbot.keyClick(home.scan, Qt.Key.Key_F3)
    scan(qtbot, home, book)
    assert home.banner.property("kind") == "ok" and "襄垣县图书馆" in home.banner.text()
    with sqlite_db.begin() as s:
        assert s.scalar(select(Item.status).where(Item.barcode == book)) is ItemStatus.AVAILABLE


def test_a_branch_manager_edits_its_own_rules_and_closing_days(qtbot, sqlite_db: Database) -> None:
    from PySide6.QtWidgets import QCheckBox, QComboBox

    from tests.conftest import TEST_PASSWORD
    from workstation.models import Staff
    from workstation.models.circulation import LoanRule, WeeklyClosing
    from workstation.services.admin import staff

    world = build(sqlite_db, readers=1, books_each=1)
    with sqlite_db.begin() as s:
        made = staff.create_staff(s, world.admin, "xy.boss", "襄垣主管", "manager", TEST_PASSWORD, library_id=world.xy)
        boss = s.get(Staff, made.id)
        assert boss is not None
        from workstation.services.context import Actor

        actor = Actor.of(boss, "test-ws", world.points[world.xy])
        point = s.get(ServicePoint, world.points[world.xy])
        assert point is not None
        info = ServicePointInfo(point.id, point.name, point.kind)
    widget = CirculationTab(AppContext(sqlite_db, actor, info, settings_for_test()))
    qtbot.addWidget(widget)
    dialog = widget.open_rules()
    scope = dialog.findChild(QComboBox, "rulesScope")
    assert scope.isVisibleTo(dialog) and scope.currentText() == "襄垣县图书馆"
    table = dialog.findChild(QTableWidget, "rulesTable")
    assert table.rowCount() == 16  # the rules in force here: every library's until it has its own
    table.item(0, 2).setText("17")
    dialog.save_rules()
    qtbot.mouseClick(dialog.findChild(QCheckBox, "weekly1"), Qt.MouseButton.LeftButton)
    with sqlite_db.begin() as s:
        own = s.scalars(select(LoanRule).where(LoanRule.library_id == world.xy)).all()
        assert [(r.loan_days, r.library_id) for r in own] == [(17, world.xy)]
        assert 17 not in s.scalars(select(LoanRule.loan_days).where(LoanRule.library_id.is_(None))).all()
        assert s.execute(select(WeeklyClosing.weekday, WeeklyClosing.library_id)).all() == [(1, world.xy)]
    # every library's rules are the central library's to set: refused, and said so
    scope.setCurrentIndex(scope.findData(None))
    table.item(0, 2).setText("10")
    dialog.save_rules()
    assert "总馆" in dialog.status.text()
    with sqlite_db.begin() as s:
        assert 10 not in s.scalars(select(LoanRule.loan_days)).all()


def test_an_unclaimed_book_cancelled_off_a_branch_hold_shelf_goes_home_with_its_slip(
        qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    """The central library's book waits on 襄垣's hold shelf; the reservation is cancelled
    there (F4, Del): the book is not reshelved at the branch but sent home, its transfer slip
    printed and the destination said."""
    from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

    from workstation.services.circulation import holds
    from workstation.ui.circulation.hold_shelf import CancelHoldDialog, HoldShelfDialog

    world = build(sqlite_db, readers=2, books_each=1)
    book = world.books[world.central][0]
    with sqlite_db.begin() as s:
        loans.checkout(s, world.desks[world.central], world.readers[0], book)
        holds.place_hold(s, world.desks[world.xy], world.readers[1], barcode=book,
                         pickup_point_id=world.points[world.xy])
    with sqlite_db.begin() as s:
        assert loans.checkin(s, world.desks[world.xy], book).hold is not None
    branch = _tab(qtbot, sqlite_db, world, world.xy, tmp_path)
    qtbot.keyClick(branch.scan, Qt.Key.Key_F4)
    shelf = branch.dialogs[-1]
    assert isinstance(shelf, HoldShelfDialog)
    shelf.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shelf, timeout=5000)
    table = shelf.findChild(QTableWidget, "holdShelfTable")
    assert column(table, 1) == [book]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    cancel = shelf.dialogs[-1]
    assert isinstance(cancel, CancelHoldDialog)
    cancel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is cancel, timeout=5000)
    by = cancel.findChild(QComboBox, "cancelBy")
    by.setFocus()
    qtbot.keyClick(by, Qt.Key.Key_Down)  # by staff
    reason = cancel.findChild(QLineEdit, "cancelReason")
    qtbot.keyClicks(reason, "no answer by phone")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert not cancel.isVisible()
    assert [p.name.split("-")[0] for p in branch.printed] == ["transfer"]
    assert branch.printed[0].stat().st_size > 500
    status = shelf.findChild(QLabel, "holdShelfStatus")
    assert status is not None and "长治市图书馆" in status.text()
    assert table.rowCount() == 0
    shelf.grab().save(str(tmp_path / "branch-hold-shelf-sent-home.png"))
    with sqlite_db.begin() as s:
        assert s.scalar(select(Item.status).where(Item.barcode == book)) is ItemStatus.IN_TRANSIT
