"""The managers' charts of a year (matplotlib ``Figure`` objects, no pyplot): Chinese
labels, thousands separators, and a drill-down key on every bar or cell.

Each clickable artist carries a ``gid`` of the form ``kind|year|month|label`` (see
``DrillKey``); ``target_at(figure, event)`` turns a mouse click into that key, and the
Charts tab asks ``reports.statistics`` for the records behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from workstation.reports.figures import MonthlySeries, ProjectProgress
from workstation.reports.mpl import configure_matplotlib
from workstation.reports.statistics import (
    LOANS_SERIES,
    READING_SERIES,
    VISITORS_SERIES,
    CategoryCount,
    ChartData,
)

MONTHS = [f"{m}月" for m in range(1, 13)]
WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]
COLOURS = ["#1565c0", "#ef6c00", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#546e7a",
           "#f9a825", "#ad1457"]
SIZE = (8.0, 4.6)

# the chart slots of the Charts tab, in order: key → Chinese title
CHARTS: tuple[tuple[str, str], ...] = (
    ("loans", "外借（按月、按服务点）"),
    ("reading", "阅览（按月、按阅览室）"),
    ("visitors", "到馆读者（按月）"),
    ("calendar", "日历热力图"),
    ("classes", "外借（按中图法大类）"),
    ("activities", "读者活动（按类别）"),
    ("digitization", "数字资源建设进度"),
    ("comparison", "年度对比"),
)


@dataclass(frozen=True)
class DrillKey:
    """What a click chose: ``kind`` (loans, reading, visitors, day_loans, day_visitors,
    class, category), the year, and a month, a label (desk, room, class letter, category id)
    or a day."""

    kind: str
    year: int
    month: int | None = None
    label: str | None = None
    day: dt.date | None = None

    def gid(self) -> str:
        return "|".join([self.kind, str(self.year), str(self.month or ""), self.label or "",
                         self.day.isoformat() if self.day else ""])

    @classmethod
    def parse(cls, gid: str) -> DrillKey:
        kind, year, month, label, day = [*gid.split("|"), "", "", "", ""][:5]
        return cls(kind, int(year), int(month) if month else None, label or None,
                   dt.date.fromisoformat(day) if day else None)


def thousands(value: float, _pos: object = None) -> str:
    return f"{value:,.0f}"


def _figure(title: str, size: tuple[float, float] = SIZE, *, bottom: float = 0.1, right: float = 0.97
            ) -> tuple[Figure, Any]:
    """A figure with one axes and fixed margins (a layout engine would double the drawing
    time, and the Charts tab must redraw a year in 0.3 s)."""
    configure_matplotlib()
    fig = Figure(figsize=size, dpi=100)
    fig.subplots_adjust(left=0.09, right=right, top=0.9, bottom=bottom)
    ax = fig.add_subplot()
    ax.set_title(title)
    return fig, ax


def _count_axis(ax: Any, unit: str) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(thousands))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(unit)
    ax.grid(True, axis="y", alpha=0.3)
    ax.set_axisbelow(True)


def _empty(ax: Any, total: float) -> None:
    if not total:
        ax.text(0.5, 0.5, "本年没有记录", transform=ax.transAxes, ha="center", va="center", color="#888888",
                fontsize=12)


def stacked_months(series: MonthlySeries, year: int, kind: str, title: str) -> Figure:
    """Twelve monthly bars stacked by desk or room; each segment drills down to its records."""
    fig, ax = _figure(f"{year} 年{title}")
    x = np.arange(12)
    bottom = np.zeros(12)
    for i, (label, values) in enumerate(series.rows):
        heights = np.array(values, dtype=float)
        bars = ax.bar(x, heights, bottom=bottom, label=label, color=COLOURS[i % len(COLOURS)], width=0.7)
        for month, bar in enumerate(bars, start=1):
            bar.set_gid(DrillKey(kind, year, month, label).gid())
        bottom += heights
    for month, total in enumerate(bottom):
        if total:
            ax.annotate(thousands(total), (month, total), ha="center", va="bottom", fontsize=8,
                        xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(x, MONTHS)
    _count_axis(ax, series.unit)
    ax.set_ylim(0, max(bottom.max(), 1) * (1.12 + 0.07 * ((len(series.rows) + 3) // 4)))  # room for the legend
    if series.rows:
        ax.legend(fontsize=8, ncols=min(len(series.rows), 4), loc="upper left")
    _empty(ax, float(bottom.sum()))
    return fig


def loans_chart(data: ChartData) -> Figure:
    return stacked_months(data.series(LOANS_SERIES), data.year, "loans", "外借册次（按服务点，不含续借）")


def reading_chart(data: ChartData) -> Figure:
    return stacked_months(data.series(READING_SERIES), data.year, "reading", "阅览人次（按阅览室）")


def visitors_chart(data: ChartData) -> Figure:
    return stacked_months(data.series(VISITORS_SERIES), data.year, "visitors", "到馆读者人次")


def _week_grid(year: int) -> tuple[dt.date, int]:
    """The Monday on or before 1 January, and how many week columns the year needs."""
    first = dt.date(year, 1, 1)
    monday = first - dt.timedelta(days=first.weekday())
    return monday, (dt.date(year, 12, 31) - monday).days // 7 + 1


def calendar_chart(daily: Mapping[dt.date, int], year: int, *, what: str = "loans") -> Figure:
    """A calendar heat map: a column per week, a row per weekday, colour = the day's count."""
    label = "外借册次" if what == "loans" else "到馆读者人次"
    fig, ax = _figure(f"{year} 年每日{label}", (9.0, 3.4), right=1.0)
    monday, weeks = _week_grid(year)
    grid = np.full((7, weeks), np.nan)
    day = dt.date(year, 1, 1)
    while day.year == year:
        offset = (day - monday).days
        grid[offset % 7, offset // 7] = daily.get(day, 0)
        day += dt.timedelta(days=1)
    image = ax.imshow(np.ma.masked_invalid(grid), aspect="auto", cmap="YlOrRd", interpolation="nearest",
                      extent=(-0.5, weeks - 0.5, 6.5, -0.5), vmin=0)
    image.set_gid(DrillKey("day_loans" if what == "loans" else "day_visitors", year).gid())
    ax.set_yticks(range(7), [f"周{w}" for w in WEEKDAYS])
    starts = [(dt.date(year, m, 1) - monday).days // 7 for m in range(1, 13)]
    ax.set_xticks(starts, MONTHS)
    bar = fig.colorbar(image, ax=ax, shrink=0.9, format=FuncFormatter(thousands))
    bar.set_label(label)
    _empty(ax, float(sum(daily.values())))
    return fig


def calendar_day(year: int, x: float, y: float) -> dt.date | None:
    """The day of the heat-map cell at data coordinates (x, y), None outside the year."""
    monday, weeks = _week_grid(year)
    col, row = round(x), round(y)
    if not (0 <= col < weeks and 0 <= row < 7):
        return None
    day = monday + dt.timedelta(days=col * 7 + row)
    return day if day.year == year else None


def classes_chart(classes: Sequence[tuple[str, int]], year: int) -> Figure:
    fig, ax = _figure(f"{year} 年外借册次（按中图法大类）")
    x = np.arange(len(classes))
    bars = ax.bar(x, [n for _c, n in classes], color=COLOURS[0], width=0.7)
    for (letter, n), bar in zip(classes, bars, strict=True):
        bar.set_gid(DrillKey("class", year, None, letter).gid())
        ax.annotate(thousands(n), (bar.get_x() + bar.get_width() / 2, n), ha="center", va="bottom", fontsize=8,
                    xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(x, [c if c != "?" else "未分类" for c, _n in classes])
    ax.set_xlabel("中图法大类")
    _count_axis(ax, "册次")
    ax.set_ylim(0, max([n for _c, n in classes] + [1]) * 1.12)
    _empty(ax, float(sum(n for _c, n in classes)))
    return fig


def activities_chart(categories: Sequence[CategoryCount], year: int) -> Figure:
    """Activities per category (bars, left axis) and their participants (points, right axis)."""
    fig, ax = _figure(f"{year} 年读者活动（按类别）", bottom=0.22, right=0.9)
    x = np.arange(len(categories))
    bars = ax.bar(x, [c.activities for c in categories], color=COLOURS[0], width=0.6, label="活动场次")
    for category, bar in zip(categories, bars, strict=True):
        bar.set_gid(DrillKey("category", year, None, str(category.category_id)).gid())
    ax.set_xticks(x, [c.name for c in categories], rotation=30, ha="right")
    _count_axis(ax, "场次")
    right = ax.twinx()
    right.plot(x, [c.participants for c in categories], "o", color=COLOURS[1], label="参加人次")
    right.yaxis.set_major_formatter(FuncFormatter(thousands))
    right.set_ylabel("参加人次")
    right.set_ylim(bottom=0)
    for c, xi in zip(categories, x, strict=True):
        right.annotate(thousands(c.participants), (xi, c.participants), ha="center", va="bottom", fontsize=8,
                       xytext=(0, 4), textcoords="offset points", color=COLOURS[1])
    handles = [bars, *right.get_lines()]
    ax.legend(handles, ["活动场次", "参加人次"], fontsize=8, loc="upper right")
    _empty(ax, float(sum(c.activities for c in categories)))
    return fig


def digitization_chart(projects: Sequence[ProjectProgress], year: int) -> Figure:
    """Per project: share of the target done before the year and in it (each in its own unit)."""
    fig, ax = _figure(f"{year} 年数字资源建设进度（截至年底）", bottom=0.12)
    fig.subplots_adjust(left=0.22)
    y = np.arange(len(projects))
    before = [100 * (p.done_total - p.done_in_year) / p.target if p.target else 0 for p in projects]
    during = [100 * p.done_in_year / p.target if p.target else 0 for p in projects]
    ax.barh(y, before, color="#90a4ae", label="以前年度完成", height=0.6)
    ax.barh(y, during, left=before, color=COLOURS[2], label=f"{year} 年完成", height=0.6)
    for yi, p in zip(y, projects, strict=True):
        ax.annotate(f"{p.done_total:,} / {p.target:,} {p.unit}", (min(p.percent * 100, 100), yi),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, [p.name for p in projects])
    ax.invert_yaxis()
    ax.set_xlim(0, max([130.0] + [p.percent * 100 + 30 for p in projects]))
    ax.axvline(100, color="#c62828", linestyle=":", linewidth=1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    ax.set_xlabel("完成率（累计完成 ÷ 目标）")
    if projects:
        ax.legend(fontsize=8, loc="lower right")
    _empty(ax, float(len(projects)))
    return fig


def comparison_chart(data: ChartData) -> Figure:
    """This year against the comparison year, month by month: loans, reading, visitors."""
    configure_matplotlib()
    fig = Figure(figsize=(9.0, 6.0), dpi=100)
    fig.suptitle(f"{data.year} 年与 {data.compare_year} 年对比")
    axes = fig.subplots(3, 1, sharex=True)
    fig.subplots_adjust(left=0.09, right=0.97, top=0.9, bottom=0.06, hspace=0.35)
    x = np.arange(12)
    for ax, (title, kind, name) in zip(axes, (("外借册次", "loans", LOANS_SERIES),
                                              ("阅览人次", "reading", READING_SERIES),
                                              ("到馆读者人次", "visitors", VISITORS_SERIES)), strict=True):
        for offset, year, previous, colour in ((-0.2, data.year, False, COLOURS[0]),
                                               (0.2, data.compare_year, True, "#90a4ae")):
            totals = data.series(name, previous=previous).month_totals()
            bars = ax.bar(x + offset, totals, width=0.4, color=colour, label=f"{year} 年")
            for month, bar in enumerate(bars, start=1):
                bar.set_gid(DrillKey(kind, year, month).gid())
        ax.set_title(title, fontsize=10)
        ax.yaxis.set_major_formatter(FuncFormatter(thousands))
        ax.grid(True, axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    axes[-1].set_xticks(x, MONTHS)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", fontsize=9, ncols=2)
    return fig


def build(key: str, data: ChartData, *, heat: str = "loans") -> Figure:
    """The chart ``key`` (one of ``CHARTS``) for ``data``."""
    if key == "loans":
        return loans_chart(data)
    if key == "reading":
        return reading_chart(data)
    if key == "visitors":
        return visitors_chart(data)
    if key == "calendar":
        return calendar_chart(data.daily_loans if heat == "loans" else data.daily_visitors, data.year, what=heat)
    if key == "classes":
        return classes_chart(data.classes, data.year)
    if key == "activities":
        return activities_chart(data.categories, data.year)
    if key == "digitization":
        return digitization_chart(data.projects, data.year)
    if key == "comparison":
        return comparison_chart(data)
    raise ValueError(f"no chart {key!r}")


def build_all(data: ChartData, *, heat: str = "loans") -> dict[str, Figure]:
    """Every chart of the Charts tab for ``data``, keyed as in ``CHARTS``."""
    return {key: build(key, data, heat=heat) for key, _title in CHARTS}


def target_at(figure: Figure, event: Any) -> DrillKey | None:
    """The drill-down key of the bar or heat-map cell under a mouse event, if any."""
    for ax in figure.axes:
        for artist in [*ax.patches, *ax.images]:
            gid = artist.get_gid()
            if not gid or not artist.contains(event)[0]:
                continue
            key = DrillKey.parse(gid)
            if key.kind.startswith("day_"):
                if event.inaxes is not ax or event.xdata is None or event.ydata is None:
                    continue
                day = calendar_day(key.year, event.xdata, event.ydata)
                return DrillKey(key.kind, key.year, day=day) if day else None
            return key
    return None
