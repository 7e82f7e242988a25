"""The bookmobile in the GUI: a trip worked offline by keyboard only, synced from the
Bookmobile tab, and the year's figures moving by the trip's counts; the exceptions screen's
actions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton
from sqlalchemy import func, select, update

from tests.services.bookmobile.test_sync import lend_at_library, lend_on_bus
from tests.services.bookmobile.trips import Library, library, prepare, soon
from tests.ui.circulation.test_tab import id_number, scan, settle, type_text
from tests.ui.conftest import settings_for_test
from workstation import timeutil
from workstation.db import Database
from workstation.models import ServicePointKind
from workstation.models.circulation import Reader
from workstation.models.offline import EventState, OfflineEvent
from workstation.reports.statistics import year_figures
from workstation.services.bookmobile import store as trip_store
from workstation.services.bookmobile import sync
from workstation.services.context import Actor
from workstation.ui.bookmobile.tab import BookmobileTab
from workstation.ui.circulation.tab import CirculationTab
from workstation.ui.context import AppContext, ServicePointInfo
from workstation.ui.main_window import MainWindow


def context(db: Database, lib: Library, actor: Actor) -> AppContext:
    return AppContext(db, actor, ServicePointInfo(lib.point, "流动图书车", ServicePointKind.BOOKMOBILE),
                      settings_for_test())


def figures(db: Database) -> tuple[int, int, int]:
    with db.begin() as s:
        year = year_figures(s, timeutil.today().year)
        readers = s.scalar(select(func.count()).select_from(Reader)) or 0
    return int(year.value("loans")), int(year.value("loans_bookmobile")), readers


def bookmobile_tab(qtbot, ctx: AppContext) -> BookmobileTab:
    tab = BookmobileTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def test_a_trip_worked_offline_by_keyboard_then_synced_moves_the_years_figures(qtbot, sqlite_db: Database,
                                                                                 tmp_path: Path) -> None:
    lib = library(sqlite_db)
    path = tmp_path / "trip.sqlite3"
    info = prepare(lib, lib.vehicles[0], path)
    before = figures(sqlite_db)
    # -- on the road: the program on the trip store, the banner says so
    trip = trip_store.open_trip(path)
    ctx = context(trip.db, lib, lib.desk)
    ctx.trip = trip
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(0)
    desk = window.current_tab()
    assert isinstance(desk, CirculationTab)
    desk.stop_combo.setCurrentIndex(2)
    stop = desk.stop_combo.currentText()
    assert window.offline_banner is not None
    banner = window.offline_banner.text()
    snapshot = info.snapshot_at.astimezone(timeutil.LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
    assert snapshot in banner and stop in banner
    clicks: list[object] = []
    qtbot.mouseClick = lambda *a, **k: clicks.append(a)  # nothing below may click
    for code in (lib.readers[0], *lib.items[:3]):  # a reader and three books: four scans
        scan(qtbot, desk, code)
    assert desk.reader_card == lib.readers[0]
    # a new reader, from the trip's reserved cards: F7, the card is filled in already
    qtbot.keyClick(desk.scan, Qt.Key.Key_F7)
    dialog = desk.dialogs[-1]
    card = dialog.findChild(QLineEdit, "regCard").text()
    assert card == info.card(info.card_from)
    type_text(qtbot, dialog.findChild(QLineEdit, "regName"), "路边新读者")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regIdNumber"), id_number(200))
    submit = dialog.findChild(QPushButton, "regSubmit")
    submit.setFocus()
    qtbot.keyClick(submit, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: desk.reader_card == card, timeout=5000)
    # a return: F3, then the book
    qtbot.keyClick(desk.scan, Qt.Key.Key_F3)
    scan(qtbot, desk, lib.items[1])
    settle(qtbot, desk)
    assert clicks == []
    kinds = [e["kind"] for e in trip.events()]
    assert kinds == ["lend", "lend", "lend", "register", "return"]
    assert all(e["stop_id"] == desk.stop_combo.currentData() for e in trip.events() if e["kind"] != "register")
    window.close()
    trip.close()
    # -- back at the library: 同步 on the Bookmobile tab
    tab = bookmobile_tab(qtbot, context(sqlite_db, lib, lib.desk))
    qtbot.keyClicks(tab.trip_file, str(path))
    tab.sync_button.click()
    qtbot.waitUntil(lambda: tab.last_report is not None, timeout=20_000)
    report = tab.last_report
    assert report is not None and report.accounting.applied == 5 and report.accounting.exceptions == 0
    assert "5" in tab.identity.text()
    loans, bookmobile_loans, readers = figures(sqlite_db)
    assert (loans - before[0], bookmobile_loans - before[1], readers - before[2]) == (3, 3, 1)
    # a second sync changes nothing
    tab.last_report = None
    tab.sync_button.click()
    qtbot.waitUntil(lambda: tab.last_report is not None, timeout=20_000)
    assert figures(sqlite_db) == (loans, bookmobile_loans, readers)


@pytest.fixture
def conflict(sqlite_db: Database, tmp_path: Path) -> Library:
    """Two exceptions: the bus lent a book the library lent later to someone else (twice)."""
    lib = library(sqlite_db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0], lib.items[1])
    lend_at_library(lib, lib.readers[1], lib.items[0], soon(120))
    lend_at_library(lib, lib.readers[1], lib.items[1], soon(120))
    sync.sync_trip(sqlite_db, lib.desk, path)
    return lib


def states(db: Database) -> list[tuple[str, str]]:
    with db.begin() as s:
        return [(e.state.value, e.resolution) for e in s.scalars(select(OfflineEvent).order_by(OfflineEvent.seq))]


def test_exceptions_screen_apply_anyway_with_a_reason(qtbot, sqlite_db: Database, conflict: Library) -> None:
    tab = bookmobile_tab(qtbot, context(sqlite_db, conflict, conflict.manager))
    assert tab.table.rowCount() == 2 and "NEWER_LOAN_EXISTS" in tab.table.item(0, 6).text()
    tab.table.selectRow(0)
    tab.apply_button.click()  # no reason: refused, named
    assert tab.message.text() and states(sqlite_db)[0] == ("exception", "")
    qtbot.keyClicks(tab.reason, "reader confirms")
    tab.apply_button.click()
    assert states(sqlite_db)[0] == ("warning", "forced")
    assert tab.table.rowCount() == 1 and "2" in tab.identity.text()


def test_exceptions_screen_discard_with_a_reason(qtbot, sqlite_db: Database, conflict: Library) -> None:
    tab = bookmobile_tab(qtbot, context(sqlite_db, conflict, conflict.manager))
    tab.table.selectRow(1)
    qtbot.keyClicks(tab.reason, "scanned twice")
    tab.discard_button.click()
    assert states(sqlite_db)[1] == ("discarded", "discarded")
    assert tab.table.rowCount() == 1


def test_exceptions_screen_retry_after_a_fix(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    lib = library(sqlite_db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, soon(60), lib.readers[0], lib.items[0])
    with sqlite_db.begin() as s:  # the card was replaced at the library after the trip left
        s.execute(update(Reader).where(Reader.card_number == lib.readers[0]).values(card_number="NEWCARD01"))
    sync.sync_trip(sqlite_db, lib.desk, path)
    tab = bookmobile_tab(qtbot, context(sqlite_db, lib, lib.desk))
    assert not tab.apply_button.isVisible() and not tab.discard_button.isVisible()  # desk staff: retry only
    tab.table.selectRow(0)
    tab.retry_button.click()  # nothing fixed: still an exception
    assert states(sqlite_db) == [("exception", "")]
    with sqlite_db.begin() as s:  # the fix: the old card is the reader's again
        s.execute(update(Reader).where(Reader.card_number == "NEWCARD01").values(card_number=lib.readers[0]))
    tab.table.selectRow(0)
    tab.retry_button.click()
    assert states(sqlite_db) == [("applied", "retried")]
    assert tab.table.rowCount() == 0
    with sqlite_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(OfflineEvent)
                        .where(OfflineEvent.state == EventState.EXCEPTION)) == 0


def test_prepare_a_trip_from_the_tab_with_its_progress_bar(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    lib = library(sqlite_db)
    tab = bookmobile_tab(qtbot, context(sqlite_db, lib, lib.desk))
    assert tab.vehicle.count() >= 2
    out = tmp_path / "trip.sqlite3"
    qtbot.keyClicks(tab.trip_file, str(out))
    tab.prepare_button.click()
    assert tab.prepare_bar.isVisible()
    qtbot.waitUntil(lambda: out.exists() and not tab.prepare_bar.isVisible(), timeout=30_000)
    assert "YD" in tab.prepare_status.text() and "10" in tab.prepare_status.text()
    tab.prepare_button.click()  # the same file again: refused, named, nothing overwritten
    qtbot.waitUntil(lambda: not tab.prepare_bar.isVisible(), timeout=30_000)
    assert str(out) in tab.prepare_status.text()
