"""The Visitors page with branches (总分馆): the 图书馆 chooser says whose gate counters and
day totals are shown and recorded; a branch's librarian sees only their own library."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from tests.ui.conftest import context_for, settings_for_test
from tests.ui.reading.test_tab import DAY, make_tab
from workstation.db import Database
from workstation.models import CENTRAL_LIBRARY_ID, Role, ServicePointKind
from workstation.models.reading import GateCounter, VisitorDay
from workstation.services.admin import libraries, staff
from workstation.services.admin import service_points as sp
from workstation.services.context import Actor
from workstation.services.reading import gate
from workstation.timeutil import at_local
from workstation.ui.context import AppContext, ServicePointInfo
from workstation.ui.reading.tab import ReadingTab


def _branch(db: Database) -> tuple[int, int]:
    root = context_for(db, Role.ADMIN).actor
    with db.begin() as s:
        xy = libraries.create_library(s, root, "XY", "襄垣县图书馆").id
        point = sp.create_service_point(s, root, "襄垣借阅处", "lending_desk", library_id=xy).id
    return xy, point


def _days(tab: ReadingTab) -> dict[str, str]:
    table = tab.visitors.days_table
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def test_the_central_library_chooses_the_library(qtbot, sqlite_db: Database) -> None:
    xy, _point = _branch(sqlite_db)
    with sqlite_db.begin() as s:
        gate.record_day_total(s, context_for(sqlite_db, Role.ADMIN).actor, DAY, 900)  # the central library's
    tab = make_tab(qtbot, sqlite_db, Role.ADMIN, "综合借阅处")
    tab.pages.setCurrentWidget(tab.visitors)
    panel = tab.visitors
    combo = panel.library_combo
    assert combo.isVisible() and combo.isEnabled() and panel.library_label.text() == "图书馆"
    assert [combo.itemText(i) for i in range(combo.count())] == ["长治市图书馆", "襄垣县图书馆"]
    assert panel.library_id() == CENTRAL_LIBRARY_ID and _days(tab)[DAY.isoformat()] == "900"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next library: 襄垣
    assert panel.library_id() == xy
    assert _days(tab)[DAY.isoformat()] == "—"  # the central library's total is not the branch's
    panel.counter_name.insert("襄垣正门")  # typed through an input method
    qtbot.mouseClick(panel.add_counter_button, Qt.MouseButton.LeftButton)
    assert panel.counter_combo.currentText() == "襄垣正门"
    panel.total_day.setDate(QDate(2026, 3, 9))
    qtbot.keyClicks(panel.total_edit, "86")
    qtbot.mouseClick(panel.add_total_button, Qt.MouseButton.LeftButton)
    assert _days(tab)["2026-03-09"] == "86"
    with sqlite_db.begin() as s:
        assert s.scalar(select(GateCounter.library_id).where(GateCounter.name == "襄垣正门")) == xy
        assert s.scalar(select(VisitorDay.library_id).where(VisitorDay.count == 86)) == xy
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # back to the central library: its own day, without 襄垣's
    assert _days(tab)["2026-03-09"] == "—" and _days(tab)[DAY.isoformat()] == "900"
    assert panel.counter_combo.count() == 0


def test_a_branch_librarian_sees_only_their_library(qtbot, sqlite_db: Database) -> None:
    xy, point = _branch(sqlite_db)
    root = context_for(sqlite_db, Role.ADMIN).actor
    with sqlite_db.begin() as s:
        account = staff.create_staff(s, root, "xydesk", "襄垣馆员", "desk", "desk-pass-1", library_id=xy)
        actor = Actor.of(account, "test-ws").at(point)
        gate.record_day_total(s, root, DAY - dt.timedelta(days=1), 700)  # the central library's
    tab = ReadingTab(AppContext(sqlite_db, actor, ServicePointInfo(point, "襄垣借阅处", ServicePointKind.LENDING_DESK),
                                settings_for_test()))
    tab.clock = lambda: at_local(DAY, 10, 0)
    qtbot.addWidget(tab)
    tab.show()
    tab.refresh()
    tab.pages.setCurrentWidget(tab.visitors)
    panel = tab.visitors
    combo = panel.library_combo
    assert combo.isVisible() and not combo.isEnabled()
    assert [combo.itemText(i) for i in range(combo.count())] == ["襄垣县图书馆"]
    assert _days(tab)[(DAY - dt.timedelta(days=1)).isoformat()] == "—"
    qtbot.keyClicks(panel.total_edit, "42")
    qtbot.keyClick(panel.total_edit, Qt.Key.Key_Return)
    assert _days(tab)[DAY.isoformat()] == "42"
    with sqlite_db.begin() as s:
        assert s.scalar(select(VisitorDay.library_id).where(VisitorDay.count == 42)) == xy


def test_one_library_shows_no_chooser(qtbot, sqlite_db: Database) -> None:
    tab = make_tab(qtbot, sqlite_db, Role.ADMIN, "综合借阅处")
    tab.pages.setCurrentWidget(tab.visitors)
    assert not tab.visitors.library_combo.isVisible() and not tab.visitors.library_label.isVisible()
    assert tab.visitors.library_id() == CENTRAL_LIBRARY_ID
