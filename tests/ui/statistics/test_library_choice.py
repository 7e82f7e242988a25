"""The Reports and Charts tabs with branches (总分馆): the library chooser recomputes the
figures for the whole city or one library; the numbers read on screen are that library's.
The dataset is ``tests/reports/test_libraries``: the hand-made central year and two branches."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import make_staff
from tests.reports.test_libraries import build_branches
from tests.reports.test_statistics import build_dataset
from tests.ui.conftest import context_for
from tests.ui.statistics.test_charts_tab import bars, click_bar, show
from tests.ui.statistics.test_reports_tab import figures_shown
from workstation.db import Database
from workstation.models import CENTRAL_LIBRARY_ID, Role
from workstation.reports.charts import DrillKey
from workstation.ui.statistics.charts_tab import ChartsTab
from workstation.ui.statistics.reports_tab import ReportsTab


@pytest.fixture
def branches(sqlite_db: Database) -> dict[str, int]:
    admin = make_staff(sqlite_db, "root", Role.ADMIN)
    desk = make_staff(sqlite_db, "desk1", Role.DESK)
    build_dataset(sqlite_db, admin, make_staff(sqlite_db, "boss", Role.MANAGER), desk)
    return build_branches(sqlite_db, admin, desk)


def _row(tab: ReportsTab, label: str) -> tuple[object, ...]:
    rows = [tab.figures.row_values(r) for r in range(tab.figures.rowCount())]
    return next(r for r in rows if str(r[0]).strip() == label)


def test_reports_tab_chooses_a_library_and_shows_its_figures(qtbot, sqlite_db: Database,
                                                             branches: dict[str, int], tmp_path: Path) -> None:
    tab = ReportsTab(context_for(sqlite_db, Role.MANAGER))
    qtbot.addWidget(tab)
    tab.resize(1000, 900)
    tab.show()
    figures_shown(tab, qtbot, 2019)
    choice = tab.library
    assert choice.isVisible() and tab.library_label.isVisible()
    assert [choice.itemText(i) for i in range(1, choice.count())] == ["长治市图书馆", "襄垣县图书馆", "长子县图书馆"]
    assert choice.library_id() is None
    assert _row(tab, "文献外借")[2] == 4 + 3 + 1  # the city: central 4 + 1 (XC at 综合), 襄垣 2, 长子 1 → 8
    tab.grab().save(str(tmp_path / "reports-city.png"))

    def choose(library_id: int | None) -> None:
        choice.choose(library_id)
        qtbot.waitUntil(lambda: tab.data is not None and tab.data.library_id == library_id
                        and not tab.figures_loading(), timeout=30_000)

    choose(branches["xy"])
    assert _row(tab, "文献外借")[2] == 2 and _row(tab, "襄垣借阅处")[2] == 2
    assert _row(tab, "续借（不计入外借）")[2] == 1 and _row(tab, "阅览")[2] == 12
    central = tab.tr("counted at the central library")
    assert _row(tab, "志愿服务时长")[2] == central and "襄垣县图书馆" in tab.figures_label.text()
    view = tab.figures_view
    at_central = next(r for r in range(tab.figures.rowCount()) if tab.figures.row_values(r)[0] == "志愿服务时长")
    assert tab.open_figure(tab.figures.index(at_central, 2)) is None  # nothing of this branch's to list
    # visitors are the branch's own: its gate counter's day
    assert _row(tab, "到馆读者")[2] == 30
    visitors_row = next(r for r in range(tab.figures.rowCount()) if tab.figures.row_values(r)[0] == "到馆读者")
    days = tab.open_figure(tab.figures.index(visitors_row, 2))
    assert days is not None and days.records is not None and days.records.figure == 30
    days.close()
    loans_row = next(r for r in range(tab.figures.rowCount()) if tab.figures.row_values(r)[0] == "文献外借")
    dialog = tab.open_figure(tab.figures.index(loans_row, 2))
    assert dialog is not None and dialog.records is not None and dialog.records.total == 2
    dialog.close()
    tab.grab().save(str(tmp_path / "reports-xiangyuan.png"))
    choose(CENTRAL_LIBRARY_ID)
    assert _row(tab, "文献外借")[2] == 5 and _row(tab, "到馆读者")[2] == 500
    choose(None)
    assert _row(tab, "文献外借")[2] == 8 and view.model() is tab.figures


def test_one_library_shows_no_chooser(qtbot, sqlite_db: Database) -> None:
    admin = make_staff(sqlite_db, "root", Role.ADMIN)
    build_dataset(sqlite_db, admin, make_staff(sqlite_db, "boss", Role.MANAGER),
                  make_staff(sqlite_db, "desk1", Role.DESK))
    context = context_for(sqlite_db, Role.MANAGER)
    reports, charts_tab = ReportsTab(context), ChartsTab(context)
    for widget in (reports, charts_tab):
        qtbot.addWidget(widget)
        widget.show()
    assert reports.library.count() == 0 and not reports.library.isVisible()
    assert not reports.library_label.isVisible() and not charts_tab.library.isVisible()
    figures_shown(reports, qtbot, 2019)
    assert _row(reports, "文献外借")[2] == 4 and reports.data is not None and reports.data.library == "长治市图书馆"


def test_charts_tab_chooses_a_library_and_draws_its_bars(qtbot, sqlite_db: Database, branches: dict[str, int],
                                                         tmp_path: Path) -> None:
    tab = ChartsTab(context_for(sqlite_db, Role.MANAGER))
    qtbot.addWidget(tab)
    tab.resize(1100, 800)
    tab.show()
    tab.year.setValue(2019)
    assert tab.library.isVisible() and tab.library.count() == 4
    loans = bars(show(tab, "loans"))
    assert loans[DrillKey("loans", 2019, 5, "襄垣借阅处").gid()] == 2
    assert loans[DrillKey("loans", 2019, 5, "综合借阅处").gid()] == 1
    tab.library.choose(branches["xy"])
    assert tab.data is not None and tab.data.library == "襄垣县图书馆"
    loans = {gid: height for gid, height in bars(show(tab, "loans")).items() if height}
    assert loans == {DrillKey("loans", 2019, 5, "襄垣借阅处").gid(): 2}
    click_bar(tab.chart_pages["loans"], DrillKey("loans", 2019, 5, "襄垣借阅处").gid())
    assert sorted(tab.records.row_values(r)[3] for r in range(tab.records.rowCount())) == ["TXA", "TXB"]
    assert tab.data.daily_visitors == {dt.date(2019, 3, 3): 30}  # its own gate
    # the activities it held: clicking a category lists 襄垣's own activities only
    assert sorted(c.name for c in tab.data.categories) == ["文化大讲堂", "阅读推广"]
    titles = set()
    for gid in bars(show(tab, "activities")):
        click_bar(tab.chart_pages["activities"], gid)
        titles |= {tab.records.row_values(r)[2] for r in range(tab.records.rowCount())}
    assert titles == {"全民阅读月·襄垣场", "文化大讲堂：襄垣历史"}
    tab.grab().save(str(tmp_path / "charts-xiangyuan.png"))
    tab.library.choose(branches["zz"])
    assert tab.data.daily_loans == {dt.date(2019, 6, 6): 1}
    tab.library.choose(None)
    assert sum(tab.data.daily_loans.values()) == 8
