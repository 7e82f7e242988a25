"""The Charts tab on the hand-made dataset of tests/reports/test_statistics.py: the year,
the comparison year, saving, and the records behind a bar or a heat-map cell."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from matplotlib.backend_bases import MouseEvent
from matplotlib.text import Text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QTableView,
    QTabWidget,
    QWidget,
)

from tests.conftest import make_staff
from tests.reports.test_statistics import build_dataset
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import Role
from workstation.reports.charts import DrillKey
from workstation.ui.i18n import install_translations
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


def week_shown(tab: ChartsTab, qtbot) -> ChartPage:
    """The hours-of-the-week page, once its counts (made on the worker) are drawn."""
    page = show(tab, "week")
    qtbot.waitUntil(tab.week_ready, timeout=30_000)
    return page


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


def test_digitization_bars_drill_down_to_their_batches(tab: ChartsTab) -> None:
    page = show(tab, "digitization")
    project = tab.data.projects[0]
    during = DrillKey("project", 2019, None, str(project.project_id)).gid()
    before = DrillKey("project_before", 2019, None, str(project.project_id)).gid()
    assert set(bars(page)) == {during, before}
    click_bar(page, during)
    assert [tab.records.row_values(r)[2] for r in range(tab.records.rowCount())] == ["二"]
    assert tab.drill_label.text().endswith(f"合计 {project.done_in_year:,}")
    click_bar(page, before)
    assert [tab.records.row_values(r)[2:] for r in range(tab.records.rowCount())] == [("一", 300)]
    assert tab.drill_label.text().endswith(f"合计 {project.done_total - project.done_in_year:,}")


def week_cells(page: ChartPage) -> dict[tuple[int, int], float]:
    """(weekday, hour) → the value of each cell of the hours-of-the-week image."""
    image = page.figure.axes[0].images[0]
    left, right, _bottom, _top = image.get_extent()
    hours = range(round(left + 0.5), round(right + 0.5))
    grid = image.get_array()
    return {(w, h): float(grid[w, i]) for w in range(7) for i, h in enumerate(hours) if grid[w, i]}


def test_hours_of_the_week_add_up_to_the_period_and_drill_down(tab: ChartsTab, qtbot) -> None:
    page = week_shown(tab, qtbot)
    assert tab.data is not None
    loans = sum(sum(v) for _label, v in tab.data.series("外借月报").rows)
    cells = week_cells(page)
    assert sum(cells.values()) == loans == 4
    assert cells == {(1, 0): 1, (1, 23): 1, (1, 10): 1, (0, 10): 1}  # L2, L5, L3 (Tuesdays), L4 (a Monday)
    assert page.figure.axes[0].get_title() == "2019 年外借册次（按星期、按时段）"

    ax = page.figure.axes[0]
    x, y = ax.transData.transform((10, 1))  # Tuesday, 10:00–11:00
    click(page, x, y)
    assert [tab.records.row_values(r)[3] for r in range(tab.records.rowCount())] == ["TTC"]

    tab.heat.setCurrentIndex(tab.heat.findData("visitors"))
    page = week_shown(tab, qtbot)
    reading = sum(sum(v) for _label, v in tab.data.series("阅览月报").rows)
    assert sum(week_cells(page).values()) == reading == 71
    texts = [t.get_text() for t in page.figure.texts]
    assert any("500" in t for t in texts)  # the gate's day totals have no time of day: said, not drawn
    tab.period.setCurrentIndex(tab.period.findData(2))  # February: 41 counted on Sunday 3 February, 10:00
    page = week_shown(tab, qtbot)
    assert week_cells(page) == {(6, 10): 41}
    assert page.figure.axes[0].get_title() == "2019 年 2 月阅览人次（按星期、按时段）"
    x, y = page.figure.axes[0].transData.transform((10, 6))
    click(page, x, y)
    assert [tab.records.row_values(r)[3] for r in range(tab.records.rowCount())] == [41]
    assert tab.drill_label.text().endswith("合计 41")


CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")


def visible_strings(widget: QWidget) -> list[str]:
    """Every string a person sees in the widget: labels, buttons, combo items, tab titles,
    table headers and cells, and each chart's drawn texts."""
    found: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        if isinstance(child, QLabel | QAbstractButton):
            found.append(child.text())
        if isinstance(child, QComboBox):
            found += [child.itemText(i) for i in range(child.count())]
        if isinstance(child, QTabWidget):
            found += [child.tabText(i) for i in range(child.count())]
        if isinstance(child, QTableView) and child.model() is not None:
            model = child.model()
            found += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
            found += [str(model.index(r, c).data()) for r in range(model.rowCount())
                      for c in range(model.columnCount())]
        if isinstance(child, QAbstractSpinBox):
            found.append(child.text())
        found.append(child.toolTip())
    return [s for s in found if s]


def figure_strings(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]


def test_english_interface_shows_no_chinese_in_the_charts_tab_outside_data(qtbot, sqlite_db: Database) -> None:
    admin = make_staff(sqlite_db, "root", Role.ADMIN)
    build_dataset(sqlite_db, admin, make_staff(sqlite_db, "boss", Role.MANAGER),
                  make_staff(sqlite_db, "desk1", Role.DESK))
    install_translations(QApplication.instance(), "en")
    widget = ChartsTab(context_for(sqlite_db, Role.MANAGER))
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    widget.year.setValue(2019)
    data = widget.data
    assert data is not None
    # data: the names of desks, rooms, categories, projects and their units, record cells
    names = {label for s in (*data.monthly, *data.previous_monthly) for label, _v in s.rows}
    names |= {c.name for c in data.categories} | {p.name for p in data.projects} | {p.unit for p in data.projects}
    names.add(data.library)

    def outside_data(text: str) -> str:
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, "")
        return text

    seen: dict[str, list[str]] = {}
    for heat in ("loans", "visitors"):
        widget.heat.setCurrentIndex(widget.heat.findData(heat))
        for key, page in widget.chart_pages.items():
            if key == "week":
                week_shown(widget, qtbot)
            else:
                show(widget, key)
            gids = list(bars(page))
            if gids:  # a drill-down fills the records table: its headers and label are checked too
                click_bar(page, gids[0])
                names |= {str(v) for r in range(widget.records.rowCount()) for v in widget.records.row_values(r)}
            texts = figure_strings(page.figure) + visible_strings(widget)
            chinese = [t for t in texts if CJK.search(outside_data(t))]
            if chinese:
                seen[f"{heat}/{key}"] = chinese
            assert any(t for t in figure_strings(page.figure))  # the chart was drawn
    assert not seen
    title = widget.chart_pages["loans"].figure.axes[0].get_title()
    assert title == "Loans in 2019 by service point (renewals not included)"
    ticks = [t.get_text() for t in widget.chart_pages["loans"].figure.axes[0].get_xticklabels()]
    assert ticks[:3] == ["Jan", "Feb", "Mar"]


def test_every_bar_and_cell_of_every_chart_is_its_records(tab: ChartsTab, qtbot) -> None:
    """Each clickable bar's height (or the quantity a digitization segment stands for, or a
    heat-map cell's value) equals what the records behind it add up to."""
    tab.compare.setChecked(True)
    tab.compare_year.setValue(2018)
    checked = 0
    for key, page in tab.chart_pages.items():
        show(tab, key)
        for ax in page.figure.axes:
            for patch in ax.patches:
                gid = patch.get_gid()
                if not gid:
                    continue
                drill = DrillKey.parse(gid)
                records = tab.drill(drill)
                if drill.kind.startswith("project"):
                    project = next(p for p in tab.data.projects if str(p.project_id) == drill.label)
                    done = project.done_in_year if drill.kind == "project" else \
                        project.done_total - project.done_in_year
                    assert records.figure == done
                    assert patch.get_width() == pytest.approx(100 * done / project.target)
                else:
                    assert records.figure == patch.get_height(), gid
                checked += 1
    tab.heat.setCurrentIndex(tab.heat.findData("visitors"))
    for heat in ("visitors", "loans"):
        tab.heat.setCurrentIndex(tab.heat.findData(heat))
        daily = tab.data.daily_visitors if heat == "visitors" else tab.data.daily_loans
        for day, n in daily.items():
            assert tab.drill(DrillKey(f"day_{heat}", 2019, day=day)).figure == n
            checked += 1
        page = week_shown(tab, qtbot)
        for (weekday, hour), n in week_cells(page).items():
            week = DrillKey(f"week_{'loans' if heat == 'loans' else 'visits'}", 2019, 1,
                            f"2019-01-01/2019-12-31/{weekday}/{hour}")
            assert tab.drill(week).figure == n
            checked += 1
    assert checked > 100
