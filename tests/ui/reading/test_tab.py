"""The Reading rooms tab driven like reading-room staff would: taps, keys, typed totals,
"room empty", the calendar, corrections, back-fills, the gate counter and imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import func, select

from tests import paths
from tests.ui.busy import wait_idle
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import AuditEntry, Role, ServicePoint
from workstation.models.reading import HeadCount
from workstation.services.admin import service_points as sp
from workstation.services.reading import counts as reading
from workstation.services.reading import gate
from workstation.timeutil import at_local
from workstation.ui.reading.calendar import DayState
from workstation.ui.reading.dialogs import BackFillDialog, CorrectionDialog, ImportReportDialog
from workstation.ui.reading.tab import ReadingTab

DAY = dt.date(2026, 3, 10)  # "today" for the tab: a Tuesday, the tab's clock says 10:00
EXAMPLES = paths.EXAMPLES / "reading"


def room_id(db: Database, name: str) -> int:
    with db.begin() as s:
        rid = s.scalar(select(ServicePoint.id).where(ServicePoint.name == name))
        assert rid is not None
        return rid


def audit_count(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def make_tab(qtbot, db: Database, role: Role = Role.DESK, point: str = "期刊阅览室") -> ReadingTab:
    tab = ReadingTab(context_for(db, role, point))
    tab.clock = lambda: at_local(DAY, 10, 0)
    qtbot.addWidget(tab)
    tab.resize(1200, 800)
    tab.show()
    tab.refresh()
    return tab


@pytest.fixture
def tab(qtbot, sqlite_db: Database) -> ReadingTab:
    return make_tab(qtbot, sqlite_db)


def today_row(tab: ReadingTab, name: str) -> list[str]:
    table = tab.today_table
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == name:
            return [table.item(row, c).text() for c in range(table.columnCount())]
    raise AssertionError(name)


def select_room(tab: ReadingTab, name: str) -> None:
    tab.room_combo.setCurrentIndex(tab.room_combo.findText(name))


def test_tap_keys_typed_total_and_room_empty(qtbot, tab: ReadingTab, sqlite_db: Database) -> None:
    # the workstation's own service point is the periodicals room: it is preselected
    assert tab.room_combo.currentText() == "期刊阅览室"
    assert tab.title() == "阅览室"
    for _ in range(3):
        qtbot.mouseClick(tab.tap_button, Qt.MouseButton.LeftButton)
    tab.tap_button.setFocus()
    qtbot.keyClick(tab.tap_button, Qt.Key.Key_Space)  # the focused button
    qtbot.keyClick(tab.tap_button, Qt.Key.Key_Plus)  # + goes up from the focused button to the tab
    assert reading_total(sqlite_db, "期刊阅览室") == 5
    qtbot.keyClicks(tab.total_edit, "12")
    qtbot.keyClick(tab.total_edit, Qt.Key.Key_Return)
    assert tab.total_edit.text() == ""
    assert reading_total(sqlite_db, "期刊阅览室") == 17
    assert today_row(tab, "期刊阅览室") == ["期刊阅览室", "17", "6", "10:00"]
    assert "今日：17" in tab.status.text()
    # "room empty" in another room records 0; the calendar shows the day as counted
    select_room(tab, "报纸阅览室")
    qtbot.mouseClick(tab.empty_button, Qt.MouseButton.LeftButton)
    assert reading_total(sqlite_db, "报纸阅览室") == 0
    assert today_row(tab, "报纸阅览室")[1:3] == ["0", "1"]
    assert today_row(tab, "青少年阅览室")[1] == "未计数"
    tab.pages.setCurrentIndex(1)
    assert tab.calendar.day_state(DAY) is DayState.COUNTED
    assert tab.calendar.totals[DAY] == 0
    assert tab.calendar.day_state(DAY - dt.timedelta(days=1)) is DayState.NOT_COUNTED
    assert tab.calendar.day_state(DAY + dt.timedelta(days=1)) is DayState.FUTURE
    select_room(tab, "青少年阅览室")
    assert tab.calendar.day_state(DAY) is DayState.NOT_COUNTED
    select_room(tab, "期刊阅览室")
    assert tab.calendar.totals[DAY] == 17
    assert "17" in tab.day_label.text()
    # the month grid: all rooms, today's column
    col = DAY.day - 1
    rows = {tab.month_table.verticalHeaderItem(r).text(): r for r in range(tab.month_table.rowCount())}
    assert tab.month_table.item(rows["期刊阅览室"], col).text() == "17"
    assert tab.month_table.item(rows["报纸阅览室"], col).text() == "0"
    assert tab.month_table.item(rows["青少年阅览室"], col).text() == "—"
    tab.pages.setCurrentIndex(0)


def test_space_after_room_empty_counts_a_reader(qtbot, tab: ReadingTab, sqlite_db: Database) -> None:
    select_room(tab, "报纸阅览室")
    tab.tap_button.setFocus()
    qtbot.mouseClick(tab.empty_button, Qt.MouseButton.LeftButton)
    assert reading_total(sqlite_db, "报纸阅览室") == 0
    # the click leaves the focus on the count button: Space counts one, not a second "empty"
    assert tab.focusWidget() is tab.tap_button
    qtbot.keyClick(tab.tap_button, Qt.Key.Key_Space)
    assert reading_total(sqlite_db, "报纸阅览室") == 1


def reading_total(db: Database, name: str) -> int | None:
    with db.begin() as s:
        return reading.day_total(s, room_id(db, name), DAY)


def test_bad_typed_counts_are_loud_and_write_nothing(qtbot, tab: ReadingTab, sqlite_db: Database,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for text, expected in (("-5", "负数"), ("12.5", "不是整数"), ("abc", "不是整数")):
        tab.total_edit.clear()
        qtbot.keyClicks(tab.total_edit, text)
        qtbot.keyClick(tab.total_edit, Qt.Key.Key_Return)
        assert expected in tab.status.text(), tab.status.text()
        assert tab.total_edit.text() == text  # kept for fixing
    tab.clock = lambda: at_local(DAY, 22, 0)  # after closing
    qtbot.mouseClick(tab.tap_button, Qt.MouseButton.LeftButton)
    assert "开放时间" in tab.status.text()
    with sqlite_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(HeadCount)) == 0
    # above the seats: asked; "no" writes nothing, "yes" records it
    tab.clock = lambda: at_local(DAY, 10, 0)
    admin = context_for(sqlite_db).actor
    with sqlite_db.begin() as s:
        sp.set_seats(s, admin, room_id(sqlite_db, "期刊阅览室"), 50)
    asked: list[str] = []
    monkeypatch.setattr(tab, "ask_over_capacity", lambda message: asked.append(message) or False)
    tab.total_edit.clear()
    qtbot.keyClicks(tab.total_edit, "80")
    qtbot.keyClick(tab.total_edit, Qt.Key.Key_Return)
    assert asked and "50" in asked[0] and "座位" in asked[0]
    assert reading_total(sqlite_db, "期刊阅览室") is None
    monkeypatch.setattr(tab, "ask_over_capacity", lambda message: True)
    qtbot.keyClick(tab.total_edit, Qt.Key.Key_Return)
    assert reading_total(sqlite_db, "期刊阅览室") == 80


def test_correction_through_the_day_view(qtbot, tab: ReadingTab, sqlite_db: Database) -> None:
    rid = room_id(sqlite_db, "期刊阅览室")
    desk = tab.context.actor
    with sqlite_db.begin() as s:
        reading.record_count(s, desk, rid, 20, at=at_local(DAY, 9))
        reading.record_count(s, desk, rid, 35, at=at_local(DAY, 9, 30))
    tab.refresh()
    tab.pages.setCurrentIndex(1)
    tab.show_day(DAY)
    assert tab.day_table.rowCount() == 2
    before = audit_count(sqlite_db)
    tab.day_table.selectRow(1)
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CorrectionDialog) and dialog.isVisible()
    assert dialog.findChild(type(dialog.error), "old_value").text() == "35"
    qtbot.keyClicks(dialog.findChild(QLineEdit, "new_value"), "25")
    dialog.buttons.accepted.emit()  # no reason: refused, the dialog stays
    assert "原因" in dialog.error.text() and dialog.isVisible()
    assert audit_count(sqlite_db) == before
    dialog.findChild(QLineEdit, "reason").insert("录入错误")  # QTest types ASCII only
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    assert audit_count(sqlite_db) == before + 1
    assert reading_total(sqlite_db, "期刊阅览室") == 45
    cells = [[tab.day_table.item(r, c).text() for c in range(6)] for r in range(tab.day_table.rowCount())]
    assert cells[1][1] == "35" and cells[1][4].startswith("已于") and tab.day_table.item(1, 1).font().strikeOut()
    assert cells[2][1] == "25" and cells[2][4] == "更正原值 35" and cells[2][5] == "录入错误"
    assert cells[2][3] == "Deskuser"
    assert "45" in tab.day_label.text()


def test_back_fill_a_day_not_counted(qtbot, tab: ReadingTab, sqlite_db: Database) -> None:
    tab.pages.setCurrentIndex(1)
    earlier = DAY - dt.timedelta(days=3)
    tab.show_day(earlier)
    assert tab.calendar.day_state(earlier) is DayState.NOT_COUNTED
    qtbot.mouseClick(tab.back_fill_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, BackFillDialog)
    dialog.time.setTime(QTime(7, 0))  # before opening
    dialog.count.insert("３０")  # full-width digits, as a Chinese input method types them
    dialog.reason.insert("据纸质登记表补录")
    dialog.buttons.accepted.emit()
    assert "开放时间" in dialog.error.text()
    dialog.time.setTime(QTime(15, 30))
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    with sqlite_db.begin() as s:
        assert reading.day_total(s, room_id(sqlite_db, "期刊阅览室"), earlier) == 30
    assert tab.calendar.day_state(earlier) is DayState.COUNTED
    assert tab.day_table.item(0, 0).text() == "15:30"


def test_visitors_counter_readings_and_day_totals(qtbot, sqlite_db: Database) -> None:
    tab = make_tab(qtbot, sqlite_db, Role.ADMIN, "综合借阅处")
    assert tab.room_combo.currentText() == "期刊阅览室"  # a desk workstation: first room
    tab.pages.setCurrentWidget(tab.visitors)
    panel = tab.visitors
    assert panel.counters_box.isVisible()
    panel.counter_name.insert("东门")
    panel.counter_mode.setCurrentIndex(1)  # two-way
    qtbot.keyClicks(panel.counter_rollover, "100000")
    qtbot.mouseClick(panel.add_counter_button, Qt.MouseButton.LeftButton)
    assert panel.counter_combo.currentText() == "东门"
    assert "双向" in panel.counters_label.text() and "100000" in panel.counters_label.text()

    def read(day: dt.date, hour: int, value: str) -> None:
        panel.reading_at.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(hour, 0)))
        qtbot.keyClicks(panel.reading_edit, value)
        qtbot.keyClick(panel.reading_edit, Qt.Key.Key_Return)

    yesterday = DAY - dt.timedelta(days=1)
    read(yesterday, 7, "99500")
    read(yesterday, 21, "99900")   # 400 passes -> 200 visitors
    read(DAY, 9, "150")            # rollover: 150 + 100000 - 99900 = 250 passes -> 125
    assert "已记录读数 150" in panel.status.text()
    read(DAY, 9, "100")            # the same moment again: refused
    assert "已有读数" in panel.status.text()
    panel.total_day.setDate(QDate(2026, 3, 8))
    qtbot.keyClicks(panel.total_edit, "1,234")
    qtbot.mouseClick(panel.add_total_button, Qt.MouseButton.LeftButton)
    values = {panel.days_table.item(r, 0).text(): panel.days_table.item(r, 1).text()
              for r in range(panel.days_table.rowCount())}
    assert values[DAY.isoformat()] == "125"
    assert values[yesterday.isoformat()] == "200"
    assert values["2026-03-08"] == "1,234"
    assert values["2026-03-07"] == "—"
    # correct the evening reading through the entries of that day
    panel.days_table.selectRow(1)
    assert panel.entries_table.rowCount() == 2
    panel.entries_table.selectRow(1)
    qtbot.mouseClick(panel.correct_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert isinstance(dialog, CorrectionDialog)
    qtbot.keyClicks(dialog.value, "99700")
    dialog.reason.insert("看错数字")
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    with sqlite_db.begin() as s:
        assert dict(gate.visitor_totals(s, yesterday, DAY, "day")) == {yesterday: 100, DAY: 225}


def test_desk_staff_do_not_see_counter_settings(qtbot, tab: ReadingTab) -> None:
    tab.pages.setCurrentWidget(tab.visitors)
    assert not tab.visitors.counters_box.isVisible()
    qtbot.keyClicks(tab.visitors.reading_edit, "100")
    qtbot.mouseClick(tab.visitors.add_reading_button, Qt.MouseButton.LeftButton)
    assert "请先设置门禁计数器" in tab.visitors.status.text()


def test_import_example_and_bad_file(qtbot, tab: ReadingTab, sqlite_db: Database, tmp_path: Path) -> None:
    tab.import_file(EXAMPLES / "headcounts.xlsx")
    wait_idle(qtbot)
    assert "已导入 10 行" in tab.status.text()
    with sqlite_db.begin() as s:
        assert reading.day_total(s, room_id(sqlite_db, "期刊阅览室"), dt.date(2019, 3, 4)) == 101
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,时间,阅览室,人数\n2019-03-06,09:00,期刊阅览室,5\n2019-03-06,09:00,会议室,4\n"
                   "2019-03-06,10:00,报纸阅览室,-1\n", encoding="utf-8")
    tab.import_file(bad)
    wait_idle(qtbot)
    report = tab.report_dialog
    assert isinstance(report, ImportReportDialog) and report.isVisible()
    lines = report.text.toPlainText().splitlines()
    assert lines[0] == "第 3 行：阅览室：没有名为 会议室 的阅览室。"
    assert lines[1].startswith("第 4 行：人数：-1 是负数")
    assert "未导入任何数据" in tab.status.text()
    with sqlite_db.begin() as s:
        assert reading.day_total(s, room_id(sqlite_db, "期刊阅览室"), dt.date(2019, 3, 6)) is None


def test_closed_days_are_grey_not_red(qtbot, tab: ReadingTab, sqlite_db: Database) -> None:
    from workstation.services import calendar as library_calendar

    manager = context_for(sqlite_db).actor
    with sqlite_db.begin() as s:
        library_calendar.set_weekly_closing(s, manager, [0])  # Mondays
    tab.refresh()
    tab.pages.setCurrentIndex(1)
    monday = dt.date(2026, 3, 9)
    assert tab.calendar.day_state(monday) is DayState.CLOSED
    assert tab.calendar.day_state(monday - dt.timedelta(days=1)) is DayState.NOT_COUNTED
    assert tab.month_table.item(0, monday.day - 1).text() == "闭馆"
    tab.clock = lambda: at_local(monday, 10)
    qtbot.mouseClick(tab.tap_button, Qt.MouseButton.LeftButton)
    assert "闭馆" in tab.status.text()
