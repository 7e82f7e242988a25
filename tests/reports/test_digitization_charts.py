"""The burn-up chart renders, with Chinese labels, in each forecast case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.lines import Line2D

from workstation.reports.digitization_charts import burnup_figure
from workstation.services.digitization.forecast import ForecastKind, Plan, forecast

D = dt.date
PLAN = Plan(1000, D(2019, 1, 1), D(2019, 12, 31))
DAILY = {D(2019, 2, 1): 60, D(2019, 3, 4): 100, D(2019, 3, 10): 140}


def render(fig, path: Path) -> None:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    fig.savefig(path)
    assert path.stat().st_size > 10_000


@pytest.mark.parametrize(("target", "daily", "kind"), [
    (1000, DAILY, ForecastKind.FORECAST),
    (1000, {D(2019, 2, 1): 60}, ForecastKind.NOT_ENOUGH_DATA),
    (250, DAILY, ForecastKind.COMPLETE),
])
def test_burnup_renders_with_chinese_labels(tmp_path: Path, target: int, daily: dict, kind: ForecastKind) -> None:
    fc = forecast(target=target, start=PLAN.start, due=PLAN.due, plan=PLAN, daily=daily, today=D(2019, 3, 31))
    assert fc.kind is kind
    fig = burnup_figure(name="地方文献数字化", unit="页", plan=PLAN, target=target, daily=daily, forecast=fc)
    ax = fig.axes[0]
    assert ax.get_title() == "地方文献数字化" and ax.get_ylabel() == "数量（页）"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["计划", f"目标 {target:,} 页"]
    assert "实际完成" in legend
    lines = {line.get_label(): line for line in ax.get_lines() if isinstance(line, Line2D)}
    plan_line = lines["计划"]
    # the plan line is the frozen plan: 0 at the start, 1,000 at the due date
    assert list(plan_line.get_ydata()) == [0, 1000]
    actual = lines["实际完成"]
    assert max(actual.get_ydata()) == sum(v for d, v in daily.items())
    if kind is ForecastKind.FORECAST:
        assert "预测完成 2019-06-21" in legend
        assert list(lines["预测完成 2019-06-21"].get_ydata()) == [300, 1000]
    elif kind is ForecastKind.COMPLETE:
        assert "已于 2019-03-10 完成" in legend
    else:
        assert any(t.get_text() == "数据不足，暂无预测" for t in ax.texts)
    render(fig, tmp_path / f"burnup-{kind.value}.png")
    fig.savefig(f"/tmp/digitization-burnup-{kind.value}.png")
