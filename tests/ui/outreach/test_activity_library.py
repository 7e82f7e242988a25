"""The activity form with branches (总分馆): the library chooser appears only when there are
several libraries, defaults to the user's own, offers a branch's staff only their own, and
the activities list names each activity's library."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.branch_data import Branches, build
from tests.ui.conftest import settings_for_test
from tests.ui.outreach.test_tab import table_texts, type_text
from workstation.db import Database
from workstation.models import CENTRAL_LIBRARY_ID, ServicePoint
from workstation.models.outreach import Activity
from workstation.services.context import Actor
from workstation.ui.context import AppContext, ServicePointInfo
from workstation.ui.outreach.tab import OutreachTab


def _tab(qtbot, db: Database, actor: Actor, point_id: int) -> OutreachTab:
    with db.begin() as s:
        point = s.get(ServicePoint, point_id)
        assert point is not None
        info = ServicePointInfo(point.id, point.name, point.kind)
    widget = OutreachTab(AppContext(db, actor, info, settings_for_test()))
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.year.setValue(2019)
    widget.refresh()
    return widget


@pytest.fixture
def city(sqlite_db: Database) -> Branches:
    return build(sqlite_db)


def _save(qtbot, tab: OutreachTab, title: str, day: str) -> None:
    sec = tab.activities
    sec.category.setCurrentIndex(sec.category.findText("阅读推广"))
    type_text(qtbot, sec.title_edit, title)
    type_text(qtbot, sec.start, day)
    type_text(qtbot, sec.participants, "25")
    qtbot.keyClick(sec.participants, Qt.Key.Key_Return)
    assert title in sec.status.text()


def test_the_central_library_chooses_the_branch_that_held_it(qtbot, sqlite_db: Database, city: Branches) -> None:
    tab = _tab(qtbot, sqlite_db, city.desks[city.central], city.points[city.central])
    sec = tab.activities
    assert sec.library.isVisible() and sec.library_label.isVisible()
    assert [sec.library.itemText(i) for i in range(sec.library.count())][1:] == ["襄垣县图书馆", "黎城县图书馆"]
    assert sec.library.currentData() == CENTRAL_LIBRARY_ID  # the user's own library first
    sec.library.setFocus()
    qtbot.keyClick(sec.library, Qt.Key.Key_Down)  # the next library: 襄垣
    assert sec.library.currentText() == "襄垣县图书馆"
    _save(qtbot, tab, "襄垣读书会", "2019-04-11")
    assert sec.library.currentText() == "襄垣县图书馆"  # kept for the next activity
    header = sec.table.horizontalHeaderItem(sec.table.columnCount() - 1)
    assert header is not None and header.text() == "图书馆"
    assert table_texts(sec.table)[0][-1] == "襄垣县图书馆"
    with sqlite_db.begin() as s:
        assert s.scalars(select(Activity.library_id)).all() == [city.xy]


def test_a_branch_librarian_sees_only_their_own_library(qtbot, sqlite_db: Database, city: Branches) -> None:
    tab = _tab(qtbot, sqlite_db, city.desks[city.lc], city.points[city.lc])
    sec = tab.activities
    assert sec.library.isVisible()
    assert [sec.library.itemText(i) for i in range(sec.library.count())] == ["黎城县图书馆"]
    _save(qtbot, tab, "黎城诵读会", "2019-05-02")
    assert table_texts(sec.table)[0][-1] == "黎城县图书馆"
    with sqlite_db.begin() as s:
        assert s.scalars(select(Activity.library_id)).all() == [city.lc]
