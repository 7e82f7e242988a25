"""Every write of the UI goes through the door and is tried again when another desk holds
the database: for each action below, the first statement that changes a row fails with
SQLite's "database is locked" (the whole attempt is rolled back), and the action is then
found done exactly once — one more row, one more audit entry — with no error shown.

Lending, returning, renewing and registering readers belong to the circulation tab, which
is moving onto the desk's Qt-free session on another branch; these actions are the others."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QPushButton, QSpinBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from tests import paths
from tests.ui.busy import LockedOnce, locked_once, wait_idle
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import AuditEntry, LibrarySetting, Role, ServicePoint, Staff
from workstation.models.collection import Acquisition
from workstation.models.digitization import DigitizationEvent, DigitizationProject
from workstation.models.outreach import Activity, MetricValue, Volunteer, VolunteerRecord
from workstation.models.reading import GateCounter, GateReading, HeadCount
from workstation.services.admin import idle
from workstation.timeutil import at_local
from workstation.ui.admin.account_tab import AccountTab
from workstation.ui.admin.tab import AdminTab
from workstation.ui.digitization.tab import DigitizationTab
from workstation.ui.outreach.tab import OutreachTab
from workstation.ui.reading.tab import ReadingTab

DAY = dt.date(2026, 3, 10)  # a Tuesday; the reading tab's clock says 10:00
EXAMPLES = paths.EXAMPLES


def count(db: Database, model: Any) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def trap(sqlite_db: Database) -> Iterator[LockedOnce]:
    with locked_once(sqlite_db) as armed:
        yield armed


def done_once(qtbot: QtBot, db: Database, trap: LockedOnce, model: Any, action: Callable[[], object],
              rows: int = 1) -> None:
    """``action`` with its first write refused as "database is locked": one attempt fails,
    the next succeeds, and exactly ``rows`` rows and one audit entry are added."""
    before, audited = count(db, model), count(db, AuditEntry)
    fired = len(trap.fired)
    trap.arm()
    action()
    wait_idle(qtbot)
    assert len(trap.fired) == fired + 1, "the first attempt was refused"
    assert not trap.armed
    assert count(db, model) == before + rows
    assert count(db, AuditEntry) == audited + 1


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.insert(text)


def test_reading_room_counts_gate_counter_readings_and_import(qtbot: QtBot, sqlite_db: Database,
                                                              trap: LockedOnce) -> None:
    tab = ReadingTab(context_for(sqlite_db, Role.ADMIN, "综合借阅处"))
    tab.clock = lambda: at_local(DAY, 10, 0)
    qtbot.addWidget(tab)
    tab.show()
    tab.refresh()
    # 1. a headcount by tap
    done_once(qtbot, sqlite_db, trap, HeadCount, lambda: click(qtbot, tab.tap_button))
    # 2. a typed total
    type_into(qtbot, tab.total_edit, "23")
    done_once(qtbot, sqlite_db, trap, HeadCount, lambda: qtbot.keyClick(tab.total_edit, Qt.Key.Key_Return))
    assert "23" in tab.status.text()
    # 3. a gate counter set up
    tab.pages.setCurrentWidget(tab.visitors)
    panel = tab.visitors
    panel.counter_name.insert("东门")
    done_once(qtbot, sqlite_db, trap, GateCounter, lambda: click(qtbot, panel.add_counter_button))
    # 4. a gate reading
    type_into(qtbot, panel.reading_edit, "1200")
    done_once(qtbot, sqlite_db, trap, GateReading, lambda: qtbot.keyClick(panel.reading_edit, Qt.Key.Key_Return))
    assert "1200" in panel.status.text()
    # 5. an import (on the door's worker thread)
    done_once(qtbot, sqlite_db, trap, HeadCount,
              lambda: tab.import_file(EXAMPLES / "reading" / "headcounts.xlsx"), rows=10)
    assert "10" in tab.status.text()


def test_outreach_activity_volunteer_metric_and_acquisition(qtbot: QtBot, sqlite_db: Database,
                                                            trap: LockedOnce) -> None:
    tab = OutreachTab(context_for(sqlite_db, Role.DESK, "流动图书车"))
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.year.setValue(2019)
    # 6. an activity
    sec = tab.activities
    type_into(qtbot, sec.title_edit, "文化大讲堂")
    type_into(qtbot, sec.start, "2019-03-16")
    type_into(qtbot, sec.participants, "180")
    done_once(qtbot, sqlite_db, trap, Activity, lambda: click(qtbot, sec.save_button))
    # 7. a volunteer registered, then 8. a service record
    tab.show_section(tab.volunteers)
    vol = tab.volunteers
    type_into(qtbot, vol.name, "王芳")
    done_once(qtbot, sqlite_db, trap, Volunteer, lambda: qtbot.keyClick(vol.name, Qt.Key.Key_Return))
    type_into(qtbot, vol.day, "2019-03-16")
    type_into(qtbot, vol.hours, "2")
    done_once(qtbot, sqlite_db, trap, VolunteerRecord, lambda: qtbot.keyClick(vol.hours, Qt.Key.Key_Return))
    # 9. a monthly metric
    tab.show_section(tab.metrics)
    met = tab.metrics
    met.month.setCurrentIndex(2)
    type_into(qtbot, met.value, "29000")
    done_once(qtbot, sqlite_db, trap, MetricValue, lambda: qtbot.keyClick(met.value, Qt.Key.Key_Return))
    # 10. new holdings
    tab.show_section(tab.holdings)
    hold = tab.holdings
    type_into(qtbot, hold.day, "2019-12-20")
    type_into(qtbot, hold.quantity, "622786")
    type_into(qtbot, hold.source, "中文数据库")
    done_once(qtbot, sqlite_db, trap, Acquisition, lambda: qtbot.keyClick(hold.source, Qt.Key.Key_Return))


def test_digitization_project_and_event(qtbot: QtBot, sqlite_db: Database, trap: LockedOnce) -> None:
    tab = DigitizationTab(context_for(sqlite_db, Role.MANAGER))
    qtbot.addWidget(tab)
    tab.resize(1500, 900)
    tab.show()
    # 11. a project
    type_into(qtbot, tab.name_edit, "地方文献")
    type_into(qtbot, tab.category_edit, "古籍")
    type_into(qtbot, tab.unit_edit, "页")
    type_into(qtbot, tab.target_edit, "1000")
    done_once(qtbot, sqlite_db, trap, DigitizationProject, lambda: click(qtbot, tab.create_button))
    tab.projects_view.selectRow(0)
    type_into(qtbot, tab.batch_label, "第一批")
    type_into(qtbot, tab.batch_quantity, "100")
    qtbot.keyClick(tab.batch_quantity, Qt.Key.Key_Return)
    tab.batches_view.selectRow(0)
    # 12. an event of the batch's log: work starts at its stage
    done_once(qtbot, sqlite_db, trap, DigitizationEvent, lambda: click(qtbot, tab.start_button))


def test_library_setting_service_point_staff_and_own_password(qtbot: QtBot, sqlite_db: Database,
                                                              trap: LockedOnce,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    context = context_for(sqlite_db)
    tab = AdminTab(context)
    qtbot.addWidget(tab)
    tab.show()
    # 13. a library setting
    page = tab.settings_page
    tab.pages.setCurrentWidget(page)
    page.findChild(QSpinBox, "idle_minutes").setValue(15)
    done_once(qtbot, sqlite_db, trap, LibrarySetting, lambda: click(
        qtbot, page.findChild(QPushButton, "save_settings")))
    with sqlite_db.begin() as s:
        assert idle.idle_minutes(s) == 15
    # 14. a service point
    tab.pages.setCurrentWidget(tab.points_page)
    dialog = tab.points_page.add_point()  # name, kind and library in one dialog
    dialog.name.insert("第二阅览室")
    dialog.kind.setCurrentIndex(2)
    done_once(qtbot, sqlite_db, trap, ServicePoint, lambda: click(
        qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok)))
    assert not dialog.isVisible()
    # 15. a staff member's password reset (an administrator's action on an account)
    tab.pages.setCurrentWidget(tab.staff_page)
    tab.staff_page.view.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("一个新的好密码123", True))
    monkeypatch.setattr("workstation.ui.admin.tab.QMessageBox.information", lambda *a, **k: None)
    done_once(qtbot, sqlite_db, trap, Staff, tab.staff_page.reset_password, rows=0)
    # 16. one's own password
    account = AccountTab(context)
    qtbot.addWidget(account)
    account.show()
    for edit, text in ((account.old_password, "一个新的好密码123"), (account.new_password, "另一个好密码456"),
                       (account.confirm, "另一个好密码456")):
        edit.insert(text)
    done_once(qtbot, sqlite_db, trap, Staff, account.change_password, rows=0)
    assert account.message.text() == "密码已修改。"
