"""The Outreach tab driven like outreach staff would: type into each section, press Enter
or click, find the record in the section's list, in the database and in the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QTableWidget, QWidget
from sqlalchemy import func, select

from tests import paths
from tests.ui.busy import wait_idle
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import AuditEntry, Role
from workstation.models.collection import Acquisition, CollectionType
from workstation.models.outreach import Activity, BookmobileTrip, MetricValue, Volunteer, VolunteerRecord
from workstation.ui.outreach.tab import OutreachTab

EXAMPLES = paths.EXAMPLES / "outreach"


def audit_entries(db: Database, entity: str) -> list[AuditEntry]:
    with db.begin() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)))


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type as a person would: ASCII by key presses, Chinese and full-width characters as an
    input method commits them (QTest can only press keys of the ASCII range)."""
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def table_texts(table: QTableWidget) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


@pytest.fixture
def tab(qtbot, sqlite_db: Database) -> OutreachTab:
    widget = OutreachTab(context_for(sqlite_db, Role.DESK, "流动图书车"))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.year.setValue(2019)
    widget.refresh()
    return widget


def test_record_an_activity(qtbot, tab: OutreachTab, sqlite_db: Database) -> None:
    sec = tab.activities
    assert tab.title() == "读者活动与推广"
    assert not sec.library.isVisible() and sec.table.columnCount() == 9  # one library: nothing to choose
    assert [tab.pages.tabText(i) for i in range(tab.pages.count())] == [
        "读者活动", "流动图书车出车", "志愿服务", "网络与宣传", "新增馆藏"]
    type_text(qtbot, sec.new_series, "庆祝新中国成立70周年系列活动")
    qtbot.mouseClick(sec.add_series_button, Qt.MouseButton.LeftButton)
    assert sec.series.currentText() == "庆祝新中国成立70周年系列活动"
    sec.category.setCurrentIndex(sec.category.findText("文化大讲堂"))
    type_text(qtbot, sec.title_edit, "文化大讲堂：上党文化漫谈")
    type_text(qtbot, sec.start, "２０１９-０３-１６")
    type_text(qtbot, sec.place, "报告厅")
    type_text(qtbot, sec.partners, "长治学院")
    type_text(qtbot, sec.online_views, "1,200")
    qtbot.mouseClick(sec.chronicle, Qt.MouseButton.LeftButton)
    type_text(qtbot, sec.chronicle_text, "首场文化大讲堂")
    type_text(qtbot, sec.participants, "180")
    qtbot.keyClick(sec.participants, Qt.Key.Key_Return)
    assert "文化大讲堂：上党文化漫谈" in sec.status.text()
    assert table_texts(sec.table) == [["2019-03-16", "2019-03-16", "文化大讲堂：上党文化漫谈", "文化大讲堂", "报告厅",
                                       "180", "1,200", "庆祝新中国成立70周年系列活动", "是"]]
    totals = {r[0]: r[1:] for r in table_texts(sec.totals)}
    assert totals["文化大讲堂"] == ["1", "180", "1,200"]
    assert "180" in sec.series_summary.text()
    with sqlite_db.begin() as s:
        a = s.scalars(select(Activity)).one()
        assert (a.title, a.start_day, a.participants, a.online_views, a.chronicle, a.partners) == (
            "文化大讲堂：上党文化漫谈", dt.date(2019, 3, 16), 180, 1200, True, "长治学院")
    assert [e.action for e in audit_entries(sqlite_db, "activity")] == ["create"]


def test_refused_activity_shows_reason_and_focuses_field(qtbot, tab: OutreachTab, sqlite_db: Database) -> None:
    sec = tab.activities
    type_text(qtbot, sec.title_edit, "读书会")
    type_text(qtbot, sec.start, "2019-05-09")
    type_text(qtbot, sec.end, "2019-05-01")
    qtbot.mouseClick(sec.save_button, Qt.MouseButton.LeftButton)
    assert "结束日期" in sec.status.text() and "2019-05-01" in sec.status.text()
    assert sec.end.hasFocus()
    with sqlite_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0


def test_record_a_bookmobile_trip(qtbot, tab: OutreachTab, sqlite_db: Database) -> None:
    tab.show_section(tab.bookmobile)
    sec = tab.bookmobile
    assert sec.vehicle.count() == 2
    for i in range(sec.stops.count()):
        if sec.stops.item(i).text() in ("惠丰社区", "长治医学院"):
            sec.stops.item(i).setCheckState(Qt.CheckState.Checked)
    type_text(qtbot, sec.day, "2019-05-14")
    type_text(qtbot, sec.loans, "６８")
    type_text(qtbot, sec.returns, "40")
    type_text(qtbot, sec.new_cards, "2")
    qtbot.keyClick(sec.new_cards, Qt.Key.Key_Return)
    rows = table_texts(sec.table)
    assert len(rows) == 1 and rows[0][:6] == ["2019-05-14", "流动图书车 1 号", "惠丰社区、长治医学院", "68", "40", "2"]
    assert "1" in sec.summary.text() and "68" in sec.summary.text()
    with sqlite_db.begin() as s:
        trip = s.scalars(select(BookmobileTrip)).one()
        assert (trip.local_day, trip.loans_typed, sorted(x.name for x in trip.stops)) == (
            dt.date(2019, 5, 14), 68, ["惠丰社区", "长治医学院"])
    assert len(audit_entries(sqlite_db, "bookmobile_trip")) == 1


def test_trip_without_stops_is_refused(qtbot, tab: OutreachTab, sqlite_db: Database) -> None:
    tab.show_section(tab.bookmobile)
    type_text(qtbot, tab.bookmobile.day, "2019-05-14")
    qtbot.mouseClick(tab.bookmobile.save_button, Qt.MouseButton.LeftButton)
    assert "站点" in tab.bookmobile.status.text()
    with sqlite_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(BookmobileTrip)) == 0


def test_register_a_volunteer_and_record_service(qtbot, tab: OutreachTab, sqlite_db: Database) -> None:
    tab.show_section(tab.volunteers)
    sec = tab.volunteers
    type_text(qtbot, sec.name, "王芳")
    type_text(qtbot, sec.organisation, "长治学院")
    qtbot.mouseClick(sec.registered, Qt.MouseButton.LeftButton)
    qtbot.keyClick(sec.organisation, Qt.Key.Key_Return)
    assert sec.volunteer.currentText() == "王芳（长治学院）"
    type_text(qtbot, sec.day, "2019-03-16")
    type_text(qtbot, sec.hours, "1.25")
    qtbot.keyClick(sec.hours, Qt.Key.Key_Return)
    assert "1.25" in sec.status.text() and "半小时" in sec.status.text()
    assert sec.hours.hasFocus()
    sec.hours.clear()
    type_text(qtbot, sec.hours, "３.５")
    type_text(qtbot, sec.place, "报告厅")
    qtbot.keyClick(sec.hours, Qt.Key.Key_Return)
    assert table_texts(sec.records) == [["2019-03-16", "王芳", "长治学院", "3.5", "报告厅", ""]]
    assert table_texts(sec.per_volunteer) == [["王芳", "长治学院", "1", "3.5"]]
    assert "3.5" in sec.summary.text()
    with sqlite_db.begin() as s:
        v = s.scalars(select(Volunteer)).one()
        r = s.scalars(select(VolunteerRecord)).one()
        assert (v.name, v.nationally_registered, r.hours, r.local_day) == (
            "王芳", True, Decimal("3.5"), dt.date(2019, 3, 16))
    assert len(audit_entries(sqlite_db, "volunteer")) == 1
    assert len(audit_entries(sqlite_db, "volunteer_record")) == 1


def test_enter_a_monthly_metric_twice_then_correct(qtbot, tab: OutreachTab, sqlite_db: Database) -> None:
    tab.show_section(tab.metrics)
    sec = tab.metrics
    assert not sec.definitions.isVisible()  # a desk librarian cannot define metrics
    sec.metric_combo.setCurrentIndex(sec.metric_combo.findData(
        next(sec.metric_combo.itemData(i) for i in range(sec.metric_combo.count())
             if sec.metric_combo.itemText(i).startswith("门户网站点击量"))))
    sec.month.setCurrentIndex(2)
    type_text(qtbot, sec.value, "29,000")
    qtbot.keyClick(sec.value, Qt.Key.Key_Return)
    rows = {r[0]: r for r in table_texts(sec.table)}
    assert rows["门户网站点击量"][3] == "29,000"
    assert sec.table.horizontalHeaderItem(13).text() == "全年" and rows["门户网站点击量"][13] == "29,000"
    sec.month.setCurrentIndex(2)
    type_text(qtbot, sec.value, "30000")
    qtbot.keyClick(sec.value, Qt.Key.Key_Return)
    assert "已" in sec.status.text()  # already entered: refused
    qtbot.mouseClick(sec.correct_button, Qt.MouseButton.LeftButton)
    rows = {r[0]: r for r in table_texts(sec.table)}
    assert rows["门户网站点击量"][3] == "30,000"
    with sqlite_db.begin() as s:
        assert [(v.year, v.month, v.value) for v in s.scalars(select(MetricValue))] == [(2019, 3, 30_000)]
    assert [e.action for e in audit_entries(sqlite_db, "metric_value")] == ["create", "update"]


def test_record_an_acquisition(qtbot, tab: OutreachTab, sqlite_db: Database) -> None:
    tab.show_section(tab.holdings)
    sec = tab.holdings
    type_text(qtbot, sec.day, "2019-12-20")
    type_text(qtbot, sec.quantity, "622786")
    type_text(qtbot, sec.source, "中文数据库")
    qtbot.keyClick(sec.source, Qt.Key.Key_Return)
    rows = table_texts(sec.table)
    e_docs = next(r for r in rows if r[0] == "电子文献")
    assert e_docs[12] == "622,786" and e_docs[15] == "622,786"
    assert table_texts(sec.acquisitions) == [["2019-12-20", "电子文献", "622,786", "中文数据库", ""]]
    assert "622,786" in sec.summary.text()
    with sqlite_db.begin() as s:
        a = s.scalars(select(Acquisition)).one()
        assert (a.collection_type, a.quantity) == (CollectionType.E_DOCUMENT, 622_786)
    assert len(audit_entries(sqlite_db, "acquisition")) == 1


def test_import_through_the_tab_reports_bad_rows(qtbot, tab: OutreachTab, sqlite_db: Database, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    tab.show_section(tab.volunteers)
    bad = tmp_path / "bad.csv"
    bad.write_text("志愿者,日期,时长\n王芳,2019-03-16,2\n李强,2019-03-17,1.25\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    qtbot.mouseClick(tab.volunteers.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert tab.volunteers.problems.count() == 1
    assert tab.volunteers.problems.item(0).text().startswith("第 3 行")
    with sqlite_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(VolunteerRecord)) == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(EXAMPLES / "volunteer_records.csv"), ""))
    qtbot.mouseClick(tab.volunteers.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert tab.volunteers.problems.isHidden()
    assert len(table_texts(tab.volunteers.records)) == 4


def test_manager_defines_a_metric(qtbot, sqlite_db: Database) -> None:
    widget = OutreachTab(context_for(sqlite_db, Role.MANAGER))
    qtbot.addWidget(widget)
    widget.show()
    widget.show_section(widget.metrics)
    sec = widget.metrics
    assert sec.definitions.isVisible()
    type_text(qtbot, sec.new_code, "douyin_views")
    type_text(qtbot, sec.new_name, "抖音播放量")
    qtbot.mouseClick(sec.add_metric_button, Qt.MouseButton.LeftButton)
    assert sec.metric_combo.currentText() == "抖音播放量"
    assert "抖音播放量" in [r[0] for r in table_texts(sec.table)]


def test_manager_voids_a_mistaken_volunteer_record(qtbot, sqlite_db: Database) -> None:
    widget = OutreachTab(context_for(sqlite_db, Role.MANAGER))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.year.setValue(2019)
    widget.show_section(widget.volunteers)
    sec = widget.volunteers
    type_text(qtbot, sec.name, "张敏")
    qtbot.keyClick(sec.name, Qt.Key.Key_Return)
    for day, hours in (("2019-07-20", "1.5"), ("2019-07-21", "8")):
        type_text(qtbot, sec.day, day)
        type_text(qtbot, sec.hours, hours)
        qtbot.keyClick(sec.hours, Qt.Key.Key_Return)
        sec.day.clear()
    assert "9.5" in sec.summary.text()
    assert sec.void_button.isVisible()
    qtbot.mouseClick(sec.void_button, Qt.MouseButton.LeftButton)
    assert "选择" in sec.status.text()  # nothing selected yet
    sec.records.selectRow(1)
    qtbot.mouseClick(sec.void_button, Qt.MouseButton.LeftButton)
    assert "原因" in sec.status.text() and sec.void_reason.hasFocus()  # a reason is required
    type_text(qtbot, sec.void_reason, "应为 0.8 小时，录错")
    qtbot.mouseClick(sec.void_button, Qt.MouseButton.LeftButton)
    assert table_texts(sec.records) == [["2019-07-20", "张敏", "", "1.5", "", ""]]
    assert "1.5" in sec.summary.text()
    with sqlite_db.begin() as s:
        voided = s.scalars(select(VolunteerRecord).where(VolunteerRecord.voided_at.is_not(None))).one()
        assert voided.hours == Decimal("8.0")
    assert [e.action for e in audit_entries(sqlite_db, "volunteer_record")] == ["create", "create", "void"]


def test_desk_librarian_has_no_void_button(tab: OutreachTab) -> None:
    for section in (tab.activities, tab.bookmobile, tab.volunteers, tab.holdings):
        tab.show_section(section)
        assert not section.void_button.isVisible()
