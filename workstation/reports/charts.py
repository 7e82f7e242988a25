"""The managers' charts of a year (matplotlib ``Figure`` objects, no pyplot): thousands
separators and a drill-down key on every bar or cell. Every text that is not data comes
from ``LABELS`` (Chinese); the Charts tab passes its own translated labels, so the English
interface draws English charts.

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

from workstation.reports.drilldown import WeekHours
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
WEEKDAYS = [f"周{w}" for w in "一二三四五六日"]
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
    ("week", "星期×时段"),
)

# every text of the charts that is not data; ``months`` and ``weekdays`` are lists
LABELS: dict[str, Any] = {
    "months": MONTHS,
    "weekdays": WEEKDAYS,
    "empty": "本年没有记录",
    "loans_title": "{year} 年外借册次（按服务点，不含续借）",
    "reading_title": "{year} 年阅览人次（按阅览室）",
    "visitors_title": "{year} 年到馆读者人次",
    "visitors_legend": "到馆读者",
    "calendar_loans_title": "{year} 年每日外借册次",
    "calendar_visitors_title": "{year} 年每日到馆读者人次",
    "loans": "外借册次",
    "visitors": "到馆读者人次",
    "reading": "阅览人次",
    "items_unit": "册次",
    "people_unit": "人次",
    "events_unit": "场次",
    "classes_title": "{year} 年外借册次（按中图法大类）",
    "class_axis": "中图法大类",
    "unclassified": "未分类",
    "activities_title": "{year} 年读者活动（按类别）",
    "activities": "活动场次",
    "participants": "参加人次",
    "digitization_title": "{year} 年数字资源建设进度（截至年底）",
    "done_before": "以前年度完成",
    "done_in_year": "{year} 年完成",
    "percent_axis": "完成率（累计完成 ÷ 目标）",
    "comparison_title": "{year} 年与 {other} 年对比",
    "year": "{year} 年",
    "period_year": "{year} 年",
    "period_month": "{year} 年 {month} 月",
    "week_loans_title": "{period}外借册次（按星期、按时段）",
    "week_visits_title": "{period}阅览人次（按星期、按时段）",
    "hour_axis": "时段（时）",
    "untimed": "另有到馆读者 {count} 人次（门禁与按日登记）无时刻记录，不在图中",
}


def labels_with(given: Mapping[str, Any] | None) -> dict[str, Any]:
    """The default labels with the given ones laid over them."""
    return {**LABELS, **(given or {})}


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


def _empty(ax: Any, total: float, text: Mapping[str, Any]) -> None:
    if not total:
        ax.text(0.5, 0.5, text["empty"], transform=ax.transAxes, ha="center", va="center", color="#888888",
                fontsize=12)


def stacked_months(series: MonthlySeries, year: int, kind: str, title: str, unit: str,
                   labels: Mapping[str, Any] | None = None) -> Figure:
    """Twelve monthly bars stacked by desk or room; each segment drills down to its records."""
    text = labels_with(labels)
    fig, ax = _figure(title)
    x = np.arange(12)
    bottom = np.zeros(12)
    for i, (label, values) in enumerate(series.rows):
        heights = np.array(values, dtype=float)
        shown = text["visitors_legend"] if kind == "visitors" and len(series.rows) == 1 else label
        bars = ax.bar(x, heights, bottom=bottom, label=shown, color=COLOURS[i % len(COLOURS)], width=0.7)
        for month, bar in enumerate(bars, start=1):
            bar.set_gid(DrillKey(kind, year, month, label).gid())
        bottom += heights
    for month, total in enumerate(bottom):
        if total:
            ax.annotate(thousands(total), (month, total), ha="center", va="bottom", fontsize=8,
                        xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(x, text["months"])
    _count_axis(ax, unit)
    ax.set_ylim(0, max(bottom.max(), 1) * (1.12 + 0.07 * ((len(series.rows) + 3) // 4)))  # room for the legend
    if series.rows:
        ax.legend(fontsize=8, ncols=min(len(series.rows), 4), loc="upper left")
    _empty(ax, float(bottom.sum()), text)
    return fig


def loans_chart(data: ChartData, labels: Mapping[str, Any] | None = None) -> Figure:
    text = labels_with(labels)
    return stacked_months(data.series(LOANS_SERIES), data.year, "loans",
                          text["loans_title"].format(year=data.year), text["items_unit"], text)


def reading_chart(data: ChartData, labels: Mapping[str, Any] | None = None) -> Figure:
    text = labels_with(labels)
    return stacked_months(data.series(READING_SERIES), data.year, "reading",
                          text["reading_title"].format(year=data.year), text["people_unit"], text)


def visitors_chart(data: ChartData, labels: Mapping[str, Any] | None = None) -> Figure:
    text = labels_with(labels)
    return stacked_months(data.series(VISITORS_SERIES), data.year, "visitors",
                          text["visitors_title"].format(year=data.year), text["people_unit"], text)


def _week_grid(year: int) -> tuple[dt.date, int]:
    """The Monday on or before 1 January, and how many week columns the year needs."""
    first = dt.date(year, 1, 1)
    monday = first - dt.timedelta(days=first.weekday())
    return monday, (dt.date(year, 12, 31) - monday).days // 7 + 1


def calendar_chart(daily: Mapping[dt.date, int], year: int, *, what: str = "loans",
                   labels: Mapping[str, Any] | None = None) -> Figure:
    """A calendar heat map: a column per week, a row per weekday, colour = the day's count."""
    text = labels_with(labels)
    label = text["loans"] if what == "loans" else text["visitors"]
    title = text["calendar_loans_title" if what == "loans" else "calendar_visitors_title"].format(year=year)
    fig, ax = _figure(title, (9.0, 3.4), right=1.0)
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
    ax.set_yticks(range(7), text["weekdays"])
    starts = [(dt.date(year, m, 1) - monday).days // 7 for m in range(1, 13)]
    ax.set_xticks(starts, text["months"])
    bar = fig.colorbar(image, ax=ax, shrink=0.9, format=FuncFormatter(thousands))
    bar.set_label(label)
    _empty(ax, float(sum(daily.values())), text)
    return fig


def calendar_day(year: int, x: float, y: float) -> dt.date | None:
    """The day of the heat-map cell at data coordinates (x, y), None outside the year."""
    monday, weeks = _week_grid(year)
    col, row = round(x), round(y)
    if not (0 <= col < weeks and 0 <= row < 7):
        return None
    day = monday + dt.timedelta(days=col * 7 + row)
    return day if day.year == year else None


def week_chart(week: WeekHours, labels: Mapping[str, Any] | None = None) -> Figure:
    """Hours of the week: a row per weekday, a column per hour of the library's day, colour
    and number = the loans made or the reading-room visitors counted in that hour over the
    period. Each cell drills down (kind ``week_loans`` or ``week_visits``)."""
    text = labels_with(labels)
    if week.first.day == 1 and week.first.month == 1 and week.last == dt.date(week.first.year, 12, 31):
        period = text["period_year"].format(year=week.first.year)
    elif week.first.day == 1 and week.last.month == week.first.month and week.last.year == week.first.year:
        period = text["period_month"].format(year=week.first.year, month=week.first.month)
    else:
        period = f"{week.first.isoformat()} ~ {week.last.isoformat()}"
    title = text["week_loans_title" if week.what == "loans" else "week_visits_title"].format(period=period)
    fig, ax = _figure(title, (9.0, 4.0), bottom=0.16 if week.untimed else 0.12, right=1.0)
    hours = week.hours()
    grid = np.array([[week.cells.get((w, h), 0) for h in hours] for w in range(7)], dtype=float)
    image = ax.imshow(grid, aspect="auto", cmap="YlGnBu", interpolation="nearest",
                      extent=(hours.start - 0.5, hours.stop - 0.5, 6.5, -0.5), vmin=0)
    image.set_gid(DrillKey(f"week_{week.what}", week.first.year, week.first.month,
                           f"{week.first.isoformat()}/{week.last.isoformat()}").gid())
    peak = grid.max() if grid.size else 0
    if len(hours) <= 16:
        for w in range(7):
            for h in hours:
                n = week.cells.get((w, h), 0)
                if n:
                    ax.text(h, w, thousands(n), ha="center", va="center", fontsize=7,
                            color="white" if n > peak * 0.6 else "black")
    ax.set_yticks(range(7), text["weekdays"])
    ax.set_xticks(list(hours), [str(h) for h in hours])
    ax.set_xlabel(text["hour_axis"])
    bar = fig.colorbar(image, ax=ax, shrink=0.9, format=FuncFormatter(thousands))
    bar.set_label(text["loans"] if week.what == "loans" else text["reading"])
    if week.untimed:
        fig.text(0.01, 0.01, text["untimed"].format(count=thousands(week.untimed)), fontsize=8, color="#555555")
    _empty(ax, float(week.total), text)
    return fig


def classes_chart(classes: Sequence[tuple[str, int]], year: int, labels: Mapping[str, Any] | None = None) -> Figure:
    text = labels_with(labels)
    fig, ax = _figure(text["classes_title"].format(year=year))
    x = np.arange(len(classes))
    bars = ax.bar(x, [n for _c, n in classes], color=COLOURS[0], width=0.7)
    for (letter, n), bar in zip(classes, bars, strict=True):
        bar.set_gid(DrillKey("class", year, None, letter).gid())
        ax.annotate(thousands(n), (bar.get_x() + bar.get_width() / 2, n), ha="center", va="bottom", fontsize=8,
                    xytext=(0, 2), textcoords="offset points")
    ax.set_xticks(x, [c if c != "?" else text["unclassified"] for c, _n in classes])
    ax.set_xlabel(text["class_axis"])
    _count_axis(ax, text["items_unit"])
    ax.set_ylim(0, max([n for _c, n in classes] + [1]) * 1.12)
    _empty(ax, float(sum(n for _c, n in classes)), text)
    return fig


def activities_chart(categories: Sequence[CategoryCount], year: int,
                     labels: Mapping[str, Any] | None = None) -> Figure:
    """Activities per category (bars, left axis) and their participants (points, right axis)."""
    text = labels_with(labels)
    fig, ax = _figure(text["activities_title"].format(year=year), bottom=0.22, right=0.9)
    x = np.arange(len(categories))
    bars = ax.bar(x, [c.activities for c in categories], color=COLOURS[0], width=0.6, label=text["activities"])
    for category, bar in zip(categories, bars, strict=True):
        bar.set_gid(DrillKey("category", year, None, str(category.category_id)).gid())
    ax.set_xticks(x, [c.name for c in categories], rotation=30, ha="right")
    _count_axis(ax, text["events_unit"])
    right = ax.twinx()
    right.plot(x, [c.participants for c in categories], "o", color=COLOURS[1], label=text["participants"])
    right.yaxis.set_major_formatter(FuncFormatter(thousands))
    right.set_ylabel(text["participants"])
    right.set_ylim(bottom=0)
    for c, xi in zip(categories, x, strict=True):
        right.annotate(thousands(c.participants), (xi, c.participants), ha="center", va="bottom", fontsize=8,
                       xytext=(0, 4), textcoords="offset points", color=COLOURS[1])
    handles = [bars, *right.get_lines()]
    ax.legend(handles, [text["activities"], text["participants"]], fontsize=8, loc="upper right")
    _empty(ax, float(sum(c.activities for c in categories)), text)
    return fig


def digitization_chart(projects: Sequence[ProjectProgress], year: int,
                       labels: Mapping[str, Any] | None = None) -> Figure:
    """Per project: share of the target done before the year and in it (each in its own
    unit). Each segment drills down to its batches (kinds ``project_before``, ``project``)."""
    text = labels_with(labels)
    fig, ax = _figure(text["digitization_title"].format(year=year), bottom=0.12)
    fig.subplots_adjust(left=0.22)
    y = np.arange(len(projects))
    before = [100 * (p.done_total - p.done_in_year) / p.target if p.target else 0 for p in projects]
    during = [100 * p.done_in_year / p.target if p.target else 0 for p in projects]
    old = ax.barh(y, before, color="#90a4ae", label=text["done_before"], height=0.6)
    new = ax.barh(y, during, left=before, color=COLOURS[2], label=text["done_in_year"].format(year=year), height=0.6)
    for p, bar_before, bar_in in zip(projects, old, new, strict=True):
        if p.project_id is not None:
            bar_before.set_gid(DrillKey("project_before", year, None, str(p.project_id)).gid())
            bar_in.set_gid(DrillKey("project", year, None, str(p.project_id)).gid())
    for yi, p in zip(y, projects, strict=True):
        ax.annotate(f"{p.done_total:,} / {p.target:,} {p.unit}", (min(p.percent * 100, 100), yi),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, [p.name for p in projects])
    ax.invert_yaxis()
    ax.set_xlim(0, max([130.0] + [p.percent * 100 + 30 for p in projects]))
    ax.axvline(100, color="#c62828", linestyle=":", linewidth=1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    ax.set_xlabel(text["percent_axis"])
    if projects:
        ax.legend(fontsize=8, loc="lower right")
    _empty(ax, float(len(projects)), text)
    return fig


def comparison_chart(data: ChartData, labels: Mapping[str, Any] | None = None) -> Figure:
    """This year against the comparison year, month by month: loans, reading, visitors."""
    text = labels_with(labels)
    configure_matplotlib()
    fig = Figure(figsize=(9.0, 6.0), dpi=100)
    fig.suptitle(text["comparison_title"].format(year=data.year, other=data.compare_year))
    axes = fig.subplots(3, 1, sharex=True)
    fig.subplots_adjust(left=0.09, right=0.97, top=0.9, bottom=0.06, hspace=0.35)
    x = np.arange(12)
    for ax, (title, kind, name) in zip(axes, ((text["loans"], "loans", LOANS_SERIES),
                                              (text["reading"], "reading", READING_SERIES),
                                              (text["visitors"], "visitors", VISITORS_SERIES)), strict=True):
        for offset, year, previous, colour in ((-0.2, data.year, False, COLOURS[0]),
                                               (0.2, data.compare_year, True, "#90a4ae")):
            totals = data.series(name, previous=previous).month_totals()
            bars = ax.bar(x + offset, totals, width=0.4, color=colour, label=text["year"].format(year=year))
            for month, bar in enumerate(bars, start=1):
                bar.set_gid(DrillKey(kind, year, month).gid())
        ax.set_title(title, fontsize=10)
        ax.yaxis.set_major_formatter(FuncFormatter(thousands))
        ax.grid(True, axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    axes[-1].set_xticks(x, text["months"])
    handles, names = axes[0].get_legend_handles_labels()
    fig.legend(handles, names, loc="upper right", fontsize=9, ncols=2)
    return fig


def build(key: str, data: ChartData, *, heat: str = "loans", week: WeekHours | None = None,
          labels: Mapping[str, Any] | None = None) -> Figure:
    """The chart ``key`` (one of ``CHARTS``) for ``data``; ``week``: the hours-of-the-week
    counts (an empty year's when not given)."""
    if key == "loans":
        return loans_chart(data, labels)
    if key == "reading":
        return reading_chart(data, labels)
    if key == "visitors":
        return visitors_chart(data, labels)
    if key == "calendar":
        return calendar_chart(data.daily_loans if heat == "loans" else data.daily_visitors, data.year, what=heat,
                              labels=labels)
    if key == "week":
        first = dt.date(data.year, 1, 1)
        return week_chart(week or WeekHours("loans" if heat == "loans" else "visits", first,
                                            dt.date(data.year, 12, 31), {}), labels)
    if key == "classes":
        return classes_chart(data.classes, data.year, labels)
    if key == "activities":
        return activities_chart(data.categories, data.year, labels)
    if key == "digitization":
        return digitization_chart(data.projects, data.year, labels)
    if key == "comparison":
        return comparison_chart(data, labels)
    raise ValueError(f"no chart {key!r}")


def build_all(data: ChartData, *, heat: str = "loans", labels: Mapping[str, Any] | None = None
              ) -> dict[str, Figure]:
    """Every chart of the Charts tab for ``data``, keyed as in ``CHARTS``."""
    return {key: build(key, data, heat=heat, labels=labels) for key, _title in CHARTS}


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
            if key.kind.startswith("week_"):
                if event.inaxes is not ax or event.xdata is None or event.ydata is None:
                    continue
                weekday, hour = round(event.ydata), round(event.xdata)
                if not (0 <= weekday < 7 and 0 <= hour < 24):
                    return None
                return DrillKey(key.kind, key.year, key.month, f"{key.label}/{weekday}/{hour}")
            return key
    return None
