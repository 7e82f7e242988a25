"""The forecast, with numbers worked out by hand (see the comments)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from workstation.services.digitization.forecast import (
    ForecastKind,
    Plan,
    ProjectStatus,
    forecast,
    working_days,
)

D = dt.date
START, DUE = D(2019, 1, 1), D(2019, 12, 31)
PLAN = Plan(1000, START, DUE)
TODAY = D(2019, 3, 31)  # a Sunday; day 90 of 2019
# 60 done on 1 Feb (outside the 4-week window), 100 on 4 Mar (first day of the window), 140 on 10 Mar
DAILY = {D(2019, 2, 1): 60, D(2019, 3, 4): 100, D(2019, 3, 10): 140}


def test_working_days() -> None:
    assert working_days(D(2019, 3, 4), D(2019, 3, 10)) == 5  # Monday to Sunday
    assert working_days(D(2019, 3, 9), D(2019, 3, 10)) == 0  # a weekend
    assert working_days(D(2019, 3, 10), D(2019, 3, 9)) == 0
    assert working_days(D(2019, 12, 30), D(2019, 12, 31)) == 2


def test_plan_line() -> None:
    assert PLAN.planned_on(D(2018, 12, 31)) == 0
    assert PLAN.planned_on(START) == 2  # 1000 × 1/365 = 2.7 → 2
    assert PLAN.planned_on(TODAY) == 246  # 1000 × 90/365 = 246.6 → 246
    assert PLAN.planned_on(DUE) == 1000
    assert PLAN.planned_on(D(2020, 6, 1)) == 1000


def test_forecast_from_the_last_four_weeks() -> None:
    fc = forecast(target=1000, start=START, due=DUE, plan=PLAN, daily=DAILY, today=TODAY)
    assert fc.kind is ForecastKind.FORECAST
    assert fc.done == 300 and fc.remaining == 700
    # window 4 Mar .. 31 Mar = 28 days holding 100 + 140 = 240 → 240/28 = 60/7 a day
    assert fc.window_first == D(2019, 3, 4) and fc.window_days == 28 and fc.window_quantity == 240
    assert fc.rate == Fraction(60, 7)
    # 700 ÷ 60/7 = 81.67 → 82 days after 31 March = 21 June
    assert fc.finish == D(2019, 6, 21)
    assert fc.status is ProjectStatus.ON_TRACK
    assert fc.planned_today == 246
    # 31 Mar (Sun) .. 31 Dec (Tue): 276 days = 39 weeks (195 weekdays) + Sun, Mon, Tue (2) = 197
    assert fc.remaining_working_days == 197
    assert fc.required_rate == Fraction(700, 197)
    assert fc.percent == 30


def test_forecast_after_due_date_is_at_risk() -> None:
    due = D(2019, 6, 20)
    fc = forecast(target=1000, start=START, due=due, plan=Plan(1000, START, due), daily=DAILY, today=TODAY)
    assert fc.finish == D(2019, 6, 21)
    assert fc.status is ProjectStatus.AT_RISK
    due = D(2019, 6, 21)  # finishing on the due day is on time
    fc = forecast(target=1000, start=START, due=due, plan=Plan(1000, START, due), daily=DAILY, today=TODAY)
    assert fc.status is ProjectStatus.ON_TRACK


def test_not_enough_data_when_just_started() -> None:
    start = D(2019, 3, 28)  # 28 .. 31 March: a 4-day window is shorter than 7
    fc = forecast(target=1000, start=start, due=DUE, plan=Plan(1000, start, DUE),
                  daily={D(2019, 3, 29): 50}, today=TODAY)
    assert fc.kind is ForecastKind.NOT_ENOUGH_DATA
    assert fc.window_days == 4 and fc.window_quantity == 50
    assert fc.rate is None and fc.finish is None
    assert fc.status is ProjectStatus.ON_TRACK  # too early to tell
    # not started yet at all
    fc = forecast(target=1000, start=D(2019, 4, 1), due=DUE, plan=Plan(1000, D(2019, 4, 1), DUE),
                  daily={}, today=TODAY)
    assert fc.kind is ForecastKind.NOT_ENOUGH_DATA and fc.window_days == 0 and fc.window_first is None


def test_not_enough_data_when_nothing_done_lately_and_behind_plan() -> None:
    fc = forecast(target=1000, start=START, due=DUE, plan=PLAN, daily={D(2019, 2, 1): 60}, today=TODAY)
    assert fc.kind is ForecastKind.NOT_ENOUGH_DATA
    assert fc.window_days == 28 and fc.window_quantity == 0 and fc.finish is None
    assert fc.done == 60 < fc.planned_today == 246
    assert fc.status is ProjectStatus.AT_RISK
    # ahead of the plan, an idle month is not yet a risk
    fc = forecast(target=1000, start=START, due=DUE, plan=PLAN, daily={D(2019, 2, 1): 600}, today=TODAY)
    assert fc.kind is ForecastKind.NOT_ENOUGH_DATA and fc.status is ProjectStatus.ON_TRACK


def test_complete_project() -> None:
    # cumulative: 60 (1 Feb), 160 (4 Mar), 300 (10 Mar) → the target 250 was reached on 10 March
    fc = forecast(target=250, start=START, due=DUE, plan=Plan(250, START, DUE), daily=DAILY, today=TODAY)
    assert fc.kind is ForecastKind.COMPLETE and fc.status is ProjectStatus.COMPLETE
    assert fc.finish == D(2019, 3, 10)
    assert fc.done == 300 and fc.remaining == 0 and fc.percent == 120
    assert fc.required_rate is None
    # completed after the due date is still complete, not late
    fc = forecast(target=300, start=START, due=D(2019, 3, 5), plan=Plan(300, START, D(2019, 3, 5)),
                  daily=DAILY, today=TODAY)
    assert fc.status is ProjectStatus.COMPLETE and fc.finish == D(2019, 3, 10)


def test_late_after_due_date() -> None:
    fc = forecast(target=1000, start=START, due=DUE, plan=PLAN, daily=DAILY, today=D(2020, 1, 5))
    assert fc.status is ProjectStatus.LATE
    assert fc.remaining_working_days == 0 and fc.required_rate is None
    # window 9 Dec 2019 .. 5 Jan 2020 holds nothing: no forecast, still late
    assert fc.kind is ForecastKind.NOT_ENOUGH_DATA
