"""The burn-up chart of one digitization project (a matplotlib ``Figure``, no pyplot).

Lines: the plan (frozen when the target was set), the target (today's; higher than the
plan's end when scope was added), the actual cumulative output, the due date, and the
forecast from today's output to the target at the forecast finish date. Labels are
Chinese by default; the UI passes its own translated ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from itertools import accumulate

from matplotlib.dates import AutoDateLocator, DateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from workstation.reports.mpl import configure_matplotlib
from workstation.services.digitization.forecast import Forecast, ForecastKind, Plan

DEFAULT_LABELS = {
    "plan": "计划",
    "actual": "实际完成",
    "target": "目标 {target}",
    "due": "截止 {date}",
    "today": "今天",
    "forecast": "预测完成 {date}",
    "not_enough": "数据不足，暂无预测",
    "complete": "已于 {date} 完成",
    "y": "数量（{unit}）",
    "x": "日期",
}


def _x(day: dt.date) -> float:
    """A day as matplotlib's date number."""
    return float(date2num(day))  # type: ignore[no-untyped-call]


def _thousands(value: float, _pos: object = None) -> str:
    return f"{value:,.0f}"


def burnup_figure(*, name: str, unit: str, plan: Plan, target: int, daily: Mapping[dt.date, int],
                  forecast: Forecast, labels: Mapping[str, str] | None = None,
                  size: tuple[float, float] = (8.0, 4.5)) -> Figure:
    """``daily`` maps a local day to the quantity completed that day (see
    ``services.digitization.daily_done``)."""
    configure_matplotlib()
    text = {**DEFAULT_LABELS, **(labels or {})}
    fig = Figure(figsize=size, dpi=100, layout="constrained")
    ax = fig.add_subplot()
    today = forecast.today

    ax.plot([_x(plan.start), _x(plan.due)], [0, plan.target], color="#8c8c8c", linestyle="-", linewidth=1.5,
            label=text["plan"])
    ax.axhline(target, color="#2f7d32", linestyle=":", linewidth=1.2,
               label=text["target"].format(target=f"{target:,} {unit}"))
    ax.axvline(_x(forecast.due), color="#c62828", linestyle=":", linewidth=1.2,
               label=text["due"].format(date=forecast.due.isoformat()))

    start = min(plan.start, min(daily, default=plan.start))
    days = sorted(d for d in daily if d <= today)
    xs = [start, *days, max(today, start)]
    ys = [0, *accumulate(daily[d] for d in days)]
    ys.append(ys[-1])
    ax.step([_x(d) for d in xs], ys, where="post", color="#1565c0", linewidth=2.2, label=text["actual"])

    right = max(plan.due, forecast.due, today)
    if forecast.kind is ForecastKind.FORECAST and forecast.finish is not None:
        ax.plot([_x(today), _x(forecast.finish)], [forecast.done, target], color="#ef6c00", linestyle="--",
                linewidth=1.8, label=text["forecast"].format(date=forecast.finish.isoformat()))
        right = max(right, forecast.finish)
    elif forecast.kind is ForecastKind.COMPLETE and forecast.finish is not None:
        ax.plot([_x(forecast.finish)], [target], marker="o", color="#2f7d32", linestyle="none",
                label=text["complete"].format(date=forecast.finish.isoformat()))
    else:
        ax.text(0.02, 0.95, text["not_enough"], transform=ax.transAxes, va="top", ha="left",
                fontsize=10, color="#ef6c00",
                bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": "#ef6c00"})

    ax.set_title(name)
    ax.set_ylabel(text["y"].format(unit=unit))
    ax.set_xlabel(text["x"])
    ax.set_xlim(_x(start - dt.timedelta(days=3)), _x(right + dt.timedelta(days=7)))
    ax.set_ylim(0, max(target, plan.target, ys[-1]) * 1.08)
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.xaxis.set_major_locator(AutoDateLocator(maxticks=8))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))  # type: ignore[no-untyped-call]
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right", fontsize=9)
    return fig
