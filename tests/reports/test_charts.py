"""The chart builders without Qt: labels, thousands separators, drill-down keys."""

from __future__ import annotations

import datetime as dt

from matplotlib.backends.backend_agg import FigureCanvasAgg

from workstation.reports import charts
from workstation.reports.figures import MonthlySeries, ProjectProgress
from workstation.reports.statistics import (
    LOANS_SERIES,
    READING_SERIES,
    RENEWALS_SERIES,
    VISITORS_SERIES,
    CategoryCount,
    ChartData,
)

D = dt.date


def data() -> ChartData:
    loans = MonthlySeries(LOANS_SERIES, "册次", (("综合借阅处", tuple([7_685] * 12)),
                                                ("流动图书车", tuple([2_333] * 12))))
    renewals = MonthlySeries(RENEWALS_SERIES, "册次", (("综合借阅处", tuple([10] * 12)),))
    rooms = MonthlySeries(READING_SERIES, "人次", (("期刊阅览室", tuple([3_220] * 12)),))
    visitors = MonthlySeries(VISITORS_SERIES, "人次", (("到馆读者", tuple([41_667] * 12)),))
    before = MonthlySeries(LOANS_SERIES, "册次", (("综合借阅处", tuple([7_000] * 12)),
                                                 ("流动图书车", tuple([2_000] * 12))))
    return ChartData("长治市图书馆", 2019, 2018, (loans, renewals, rooms, visitors),
                     (before, renewals, rooms, visitors), {D(2019, 1, 1): 1_200, D(2019, 12, 31): 800},
                     {D(2019, 1, 2): 300}, [("I", 120_000), ("K", 3_000), ("?", 5)],
                     [CategoryCount(1, "阅读推广", 52, 8_084), CategoryCount(2, "文化大讲堂", 12, 2_130)],
                     (ProjectProgress("地方文献", "页", 60_000, 54_000, 54_000),))


def test_every_chart_draws_with_chinese_labels_and_separators() -> None:
    figures = charts.build_all(data())
    assert list(figures) == [key for key, _title in charts.CHARTS]
    for figure in figures.values():
        FigureCanvasAgg(figure).draw()
    loans = figures["loans"].axes[0]
    assert loans.get_title() == "2019 年外借册次（按服务点，不含续借）"
    assert [t.get_text() for t in loans.get_xticklabels()] == [f"{m}月" for m in range(1, 13)]
    assert any("," in t.get_text() for t in loans.get_yticklabels())  # 10,000 not 10000
    assert "10,018" in [t.get_text() for t in loans.texts]  # the month total on top of the bar
    classes = figures["classes"].axes[0]
    assert [t.get_text() for t in classes.get_xticklabels()] == ["I", "K", "未分类"]
    assert "120,000" in [t.get_text() for t in classes.texts]
    assert "54,000 / 60,000 页" in [t.get_text() for t in figures["digitization"].axes[0].texts]
    assert figures["comparison"].get_suptitle() == "2019 年与 2018 年对比"


def test_drill_keys_round_trip_and_the_calendar_cells() -> None:
    key = charts.DrillKey("loans", 2019, 12, "综合借阅处")
    assert charts.DrillKey.parse(key.gid()) == key
    day = charts.DrillKey("day_loans", 2019, day=D(2019, 3, 5))
    assert charts.DrillKey.parse(day.gid()) == day
    # 1 January 2019 was a Tuesday: first column, second row; the Monday before is not in the year
    assert charts.calendar_day(2019, 0, 1) == D(2019, 1, 1)
    assert charts.calendar_day(2019, 0, 0) is None
    assert charts.calendar_day(2019, 52, 1) == D(2019, 12, 31)
    assert charts.calendar_day(2019, 52, 2) is None
    assert charts.calendar_day(2019, -1, 3) is None
    figure = charts.calendar_chart({D(2019, 1, 1): 5}, 2019)
    image = figure.axes[0].images[0]
    assert image.get_array()[1, 0] == 5 and image.get_array().mask[0, 0]  # the day before 1 January is blank


def test_an_empty_year_says_so() -> None:
    empty = ChartData("", 2030, 2029, tuple(MonthlySeries(s.title, s.unit, ()) for s in data().monthly),
                      tuple(MonthlySeries(s.title, s.unit, ()) for s in data().monthly), {}, {}, [], [], ())
    for figure in charts.build_all(empty).values():
        FigureCanvasAgg(figure).draw()
    assert "本年没有记录" in [t.get_text() for t in charts.loans_chart(empty).axes[0].texts]
