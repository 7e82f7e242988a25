"""The Admin tab's 图书馆 page and the library choices of the staff and service-point dialogs,
driven by typing and clicking: the city's administrator adds a branch and sets its
circulation settings; a branch's administrator sees only its own library."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QSpinBox
from sqlalchemy import select

from tests.conftest import TEST_PASSWORD
from tests.ui.conftest import context_for, settings_for_test
from workstation.db import Database
from workstation.models import Library, LoanRulesBy, ServicePoint, Staff
from workstation.services.admin import libraries, service_points, staff
from workstation.services.context import Actor
from workstation.ui.admin.libraries_page import LibraryDialog
from workstation.ui.admin.service_point_dialog import ServicePointDialog
from workstation.ui.admin.staff_dialog import StaffDialog
from workstation.ui.admin.tab import AdminTab
from workstation.ui.context import AppContext, ServicePointInfo


def _tab(qtbot, context: AppContext) -> AdminTab:
    widget = AdminTab(context)
    qtbot.addWidget(widget)
    widget.resize(1000, 650)
    widget.show()
    widget.pages.setCurrentWidget(widget.libraries_page)
    widget.refresh()
    return widget


def _rows(page) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return [tuple(page.model.row_values(r)) for r in range(page.model.rowCount())]


@pytest.fixture
def city(qtbot, sqlite_db: Database) -> AdminTab:
    return _tab(qtbot, context_for(sqlite_db))


def test_the_city_administrator_adds_a_branch_and_sets_its_transit_limit(qtbot, city: AdminTab,
                                                                         sqlite_db: Database) -> None:
    page = city.libraries_page
    assert page.add_button.isVisible() and page.rename_button.isVisible()
    assert [row[0] for row in _rows(page)] == ["ZG"]
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(LibraryDialog, "library_dialog")
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "library_code"), "xy")
    dialog.findChild(QLineEdit, "library_name").insert("")  # empty name: refused, naming the field
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert "名称" in dialog.findChild(QLabel, "error").text() and dialog.isVisible()
    dialog.findChild(QLineEdit, "library_name").insert("襄垣县图书馆")  # an input method's text
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    rows = _rows(page)
    assert [row[:3] for row in rows] == [("ZG", rows[0][1], "总馆"), ("XY", "襄垣县图书馆", "分馆")]
    # its settings: the branch is selected after adding it
    qtbot.mouseClick(page.settings_button, Qt.MouseButton.LeftButton)
    settings = next(d for d in page.findChildren(LibraryDialog) if d.isVisible())
    rules = settings.findChild(QComboBox, "library_rules_by")
    days = settings.findChild(QSpinBox, "library_transit_days")
    rules.setCurrentIndex(rules.findData(LoanRulesBy.OWNING.value))
    days.selectAll()
    qtbot.keyClicks(days, "5")
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert not settings.isVisible()
    with sqlite_db.begin() as s:
        branch = s.scalar(select(Library).where(Library.code == "XY"))
        assert branch is not None and (branch.transit_days, branch.loan_rules_by) == (5, LoanRulesBy.OWNING)
    assert _rows(page)[1][4] == "本馆自己的规则" and _rows(page)[1][5] == 5


def test_the_service_point_and_staff_dialogs_choose_the_library(qtbot, city: AdminTab, sqlite_db: Database) -> None:
    with sqlite_db.begin() as s:
        root = s.scalar(select(Staff).where(Staff.username == "root"))
        assert root is not None
        branch = libraries.create_library(s, Actor.of(root, "test-ws"), "LC", "黎城县图书馆").id
    city.pages.setCurrentWidget(city.points_page)
    points = city.points_page
    qtbot.mouseClick(points.findChild(QPushButton, "add_point"), Qt.MouseButton.LeftButton)
    dialog = points.findChild(ServicePointDialog, "service_point_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.findChild(QLineEdit, "point_name").insert("黎城借阅处")
    combo = dialog.findChild(QComboBox, "point_library")
    assert combo.isEnabled() and [combo.itemText(i) for i in range(combo.count())][1:] == ["黎城县图书馆"]
    combo.setCurrentIndex(combo.findData(branch))
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with sqlite_db.begin() as s:
        made = s.scalar(select(ServicePoint).where(ServicePoint.name == "黎城借阅处"))
        assert made is not None and made.library_id == branch
    assert any(row[0] == "黎城借阅处" and row[4] == "黎城县图书馆" for row in _rows(points))

    city.pages.setCurrentWidget(city.staff_page)

    def fill() -> None:
        staff_dialog = QApplication.activeModalWidget()
        assert isinstance(staff_dialog, StaffDialog)
        qtbot.keyClicks(staff_dialog.findChild(QLineEdit, "username"), "lc.clerk")
        staff_dialog.findChild(QLineEdit, "display_name").insert("黎城馆员")
        library = staff_dialog.findChild(QComboBox, "library")
        assert library.isEnabled() and library.count() == 2
        library.setCurrentIndex(library.findData(branch))
        qtbot.keyClicks(staff_dialog.findChild(QLineEdit, "password"), "desk-pass-9")
        staff_dialog.buttons.accepted.emit()

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(city.staff_page.findChild(QPushButton, "add_staff"), Qt.MouseButton.LeftButton)
    with sqlite_db.begin() as s:
        clerk = s.scalar(select(Staff).where(Staff.username == "lc.clerk"))
        assert clerk is not None and clerk.library_id == branch


def test_a_branch_administrator_sees_and_chooses_only_its_own_library(qtbot, sqlite_db: Database) -> None:
    context_for(sqlite_db)  # the city's administrator, root
    with sqlite_db.begin() as s:
        root = Actor.of(s.scalar(select(Staff).where(Staff.username == "root")), "test-ws")  # type: ignore[arg-type]
        branch = libraries.create_library(s, root, "XY", "襄垣县图书馆").id
        point = service_points.create_service_point(s, root, "襄垣借阅处", "lending_desk", library_id=branch)
        boss = staff.create_staff(s, root, "xy.admin", "襄垣管理员", "admin", TEST_PASSWORD, library_id=branch)
        info = ServicePointInfo(point.id, point.name, point.kind)
        actor = Actor.of(boss, "test-ws", point.id)
    tab = _tab(qtbot, AppContext(sqlite_db, actor, info, settings_for_test()))
    page = tab.libraries_page
    assert not page.add_button.isVisible() and not page.rename_button.isVisible()
    assert [row[0] for row in _rows(page)] == ["XY"]
    tab.pages.setCurrentWidget(tab.staff_page)
    assert {tab.staff_page.model.row_values(r)[0] for r in range(tab.staff_page.model.rowCount())} == {"xy.admin"}
    tab.pages.setCurrentWidget(tab.points_page)
    assert [tab.points_page.model.row_values(r)[0] for r in range(tab.points_page.model.rowCount())] == ["襄垣借阅处"]
    qtbot.mouseClick(tab.points_page.findChild(QPushButton, "add_point"), Qt.MouseButton.LeftButton)
    dialog = tab.points_page.findChild(ServicePointDialog, "service_point_dialog")
    combo = dialog.findChild(QComboBox, "point_library")
    assert not combo.isEnabled() and [combo.itemText(i) for i in range(combo.count())] == ["襄垣县图书馆"]
    dialog.reject()
