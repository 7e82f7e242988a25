"""The Charts tab on the hand-made dataset of tests/reports/test_statistics.py: the year,
the comparison year, saving, and the records behind a bar or a heat-map cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from matplotlib.backend_bases import MouseEvent
from PySide6.QtWidgets import QFileDialog

from tests.conftest import make_staff
from tests.reports.test_statistics import build_dataset
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import Role
from workstation.reports.charts import DrillKey
from workstation.ui.statistics.charts_tab import ChartPage, ChartsTab


@pytest.fixture
def tab(qtbot, sqlite_db: Database) -> ChartsTab:
    admin = make_staff(sqlite_db, "root", Role.ADMIN)
    build_dataset(sqlite_db, admin, make_staff(sqlite_db, "boss", Role.MANAGER),
                  make_staff(sqlite_db, "desk1", Role.DESK))
    widget = ChartsTab(context_for(sqlite_db, Role.MANAGER))
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    widget.year.setValue(2019)
    return widget


def bars(page: ChartPage) -> dict[str, float]:
    """gid → height of every clickable bar of the page's figure."""
    return {p.get_gid(): p.get_height() for ax in page.figure.axes for p in ax.patches if p.get_gid()}


def show(tab: ChartsTab, key: str) -> ChartPage:
    """Bring a chart page on show (pages are built when shown)."""
    tab.pages.setCurrentWidget(tab.chart_pages[key])
    return tab.chart_pages[key]


def click(page: ChartPage, x: float, y: float) -> None:
    event = MouseEvent("button_press_event", page.canvas, x, y, button=1)
    page.canvas.callbacks.process("button_press_event", event)


def click_bar(page: ChartPage, gid: str) -> None:
    patch = next(p for ax in page.figure.axes for p in ax.patches if p.get_gid() == gid)
    box = patch.get_window_extent()
    click(page, box.x0 + box.width / 2, box.y0 + box.height / 2)


def test_shows_the_year_and_switches_to_a_comparison_year(tab: ChartsTab) -> None:
    assert tab.MIN_ROLE is Role.MANAGER and not tab.available_to(Role.DESK)
    assert tab.data is not None and (tab.data.year, tab.data.compare_year) == (2019, 2018)
    assert tab.compare_year.value() == 2018 and not tab.compare_year.isEnabled()
    loans = tab.chart_pages["loans"]
    assert loans.figure.axes[0].get_title() == "2019 年外借册次（按服务点，不含续借）"
    heights = bars(loans)
    assert heights[DrillKey("loans", 2019, 1, "综合借阅处").gid()] == 1
    assert heights[DrillKey("loans", 2019, 12, "综合借阅处").gid()] == 1
    assert heights[DrillKey("loans", 2019, 3, "文学借阅处").gid()] == 1
    assert heights[DrillKey("loans", 2019, 6, "流动图书车").gid()] == 1
    assert sum(heights.values()) == 4  # the renewal is not a loan
    assert sum(bars(show(tab, "reading")).values()) == 71

    tab.compare.setChecked(True)
    tab.compare_year.setValue(2020)
    assert tab.data.compare_year == 2020
    comparison = show(tab, "comparison")
    assert comparison.figure.get_suptitle() == "2019 年与 2020 年对比"
    heights = bars(comparison)
    assert heights[DrillKey("loans", 2020, 1).gid()] == 1  # L6, 1 January 2020 00:00
    assert heights[DrillKey("loans", 2019, 12).gid()] == 1
    assert "2020" in tab.status.text()
    tab.compare.setChecked(False)
    assert tab.data.compare_year == 2018


def test_saves_png_svg_and_pdf(tab: ChartsTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    png = tab.save_chart(tmp_path / "loans.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    show(tab, "calendar")
    assert tab.save_chart(tmp_path / "calendar.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert tab.save_chart(tmp_path / "calendar.pdf").read_bytes().startswith(b"%PDF")
    chosen = tmp_path / "picked.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    tab.save_button.click()
    assert chosen.read_bytes()[:4] == b"\x89PNG"


def test_drill_down_lists_exactly_the_records_behind_a_bar(tab: ChartsTab) -> None:
    page = tab.chart_pages["loans"]
    click_bar(page, DrillKey("loans", 2019, 12, "综合借阅处").gid())
    rows = [tab.records.row_values(r) for r in range(tab.records.rowCount())]
    assert [(r[1], r[2], r[3]) for r in rows] == [("2019-12-31", "综合借阅处", "TTA")]
    assert "1" in tab.drill_label.text()
    click_bar(page, DrillKey("loans", 2019, 1, "综合借阅处").gid())
    assert [tab.records.row_values(r)[3] for r in range(tab.records.rowCount())] == ["TTB"]

    calendar = show(tab, "calendar")
    ax = calendar.figure.axes[0]
    monday = dt.date(2018, 12, 31)  # the Monday on or before 1 January 2019
    offset = (dt.date(2019, 3, 5) - monday).days
    x, y = ax.transData.transform((offset // 7, offset % 7))
    click(calendar, x, y)
    assert [tab.records.row_values(r)[3] for r in range(tab.records.rowCount())] == ["TTC"]

    click_bar(show(tab, "classes"), DrillKey("class", 2019, None, "K").gid())
    assert [tab.records.row_values(r)[3] for r in range(tab.records.rowCount())] == ["TTD"]

    gids = list(bars(show(tab, "activities")))
    assert len(gids) == 3
    titles = set()
    for gid in gids:
        click_bar(tab.chart_pages["activities"], gid)
        titles |= {tab.records.row_values(r)[2] for r in range(tab.records.rowCount())}
        assert tab.records.row_values(0)[3] in tab.drill_label.text()  # the category by name
    assert titles == {"文化大讲堂：上党文化", "=1+1 读书会", "健康大讲堂：冬季养生"}


def test_heat_map_of_visitors_drills_to_the_day(tab: ChartsTab) -> None:
    show(tab, "calendar")
    tab.heat.setCurrentIndex(tab.heat.findData("visitors"))
    calendar = tab.chart_pages["calendar"]
    ax = calendar.figure.axes[0]
    assert ax.get_title() == "2019 年每日到馆读者人次"
    offset = (dt.date(2019, 12, 31) - dt.date(2018, 12, 31)).days
    x, y = ax.transData.transform((offset // 7, offset % 7))
    click(calendar, x, y)
    assert [tab.records.row_values(r) for r in range(tab.records.rowCount())] == [("2019-12-31", 200)]


def test_redraws_when_another_tab_changes_data(tab: ChartsTab, qtbot) -> None:
    before = tab.chart_pages["loans"].figure
    tab.context.data_changed.emit("circulation")
    qtbot.waitUntil(lambda: tab.chart_pages["loans"].figure is not before)
    assert tab.chart_pages["loans"].canvas is tab.chart_pages["loans"].figure.canvas
