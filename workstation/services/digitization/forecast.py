"""When will a digitization project be done? Pure arithmetic on a project's daily output.

Rules (all days are library-local calendar days, ``today`` included in "done so far"):

- The **plan line** runs straight from 0 at the start of ``plan_start`` to ``plan_target``
  at the end of ``plan_due``: ``planned(d) = floor(plan_target × (d − plan_start + 1) /
  (plan_due − plan_start + 1))``, clamped to [0, plan_target]. It is frozen when the target
  is set, so scope added later does not rewrite it.
- The **recent rate** is the quantity done in the last ``WINDOW_DAYS`` (28) days up to
  today, divided by the number of days in that window; the window starts no earlier than
  the project's start. With a window shorter than ``MIN_HISTORY_DAYS`` (7), or nothing done
  in it, there is **not enough data yet** and no finish date is forecast.
- **Forecast finish** = today + ceil(remaining ÷ recent rate) days.
- **Required rate** = remaining ÷ working days (Monday to Friday) from today to the due
  date inclusive; none once the due date has passed.
- **Status**: complete when done ≥ target; late when the due date has passed and it is not
  complete; at risk when the forecast finish is after the due date, or when there is no
  recent output although the window is long enough and done is behind the plan line;
  otherwise on track.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

WINDOW_DAYS = 28
MIN_HISTORY_DAYS = 7


class ForecastKind(enum.StrEnum):
    COMPLETE = "complete"
    NOT_ENOUGH_DATA = "not_enough_data"
    FORECAST = "forecast"


class ProjectStatus(enum.StrEnum):
    COMPLETE = "complete"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"


@dataclass(frozen=True)
class Plan:
    target: int
    start: dt.date
    due: dt.date

    def planned_on(self, day: dt.date) -> int:
        """The plan line's value at the end of ``day``."""
        total = (self.due - self.start).days + 1
        elapsed = min(max((day - self.start).days + 1, 0), total)
        return self.target * elapsed // total


@dataclass(frozen=True)
class Forecast:
    kind: ForecastKind
    status: ProjectStatus
    target: int
    done: int
    today: dt.date
    due: dt.date
    planned_today: int
    window_first: dt.date | None  # first day of the rate window
    window_days: int
    window_quantity: int
    rate: Fraction | None  # per calendar day over the window
    finish: dt.date | None  # forecast finish, or the day the target was reached
    required_rate: Fraction | None  # per working day from today to the due date
    remaining_working_days: int

    @property
    def remaining(self) -> int:
        return max(self.target - self.done, 0)

    @property
    def percent(self) -> Fraction:
        return Fraction(100 * self.done, self.target) if self.target else Fraction(0)


def working_days(first: dt.date, last: dt.date) -> int:
    """Monday-to-Friday days from ``first`` to ``last`` inclusive (0 if last < first)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, extra = divmod(days, 7)
    count = weeks * 5
    for i in range(extra):
        if (first + dt.timedelta(days=weeks * 7 + i)).weekday() < 5:
            count += 1
    return count


def forecast(*, target: int, start: dt.date, due: dt.date, plan: Plan, daily: Mapping[dt.date, int],
             today: dt.date) -> Forecast:
    """``daily`` maps a local day to the quantity completed (reached the final stage) that day."""
    done = sum(q for day, q in daily.items() if day <= today)
    planned_today = plan.planned_on(today)
    remaining = max(target - done, 0)
    days_left = working_days(today, due)
    required = Fraction(remaining, days_left) if days_left and remaining else None

    window_first: dt.date | None = None
    window_days = 0
    window_quantity = 0
    if today >= start:
        window_first = max(start, today - dt.timedelta(days=WINDOW_DAYS - 1))
        window_days = (today - window_first).days + 1
        window_quantity = sum(q for day, q in daily.items() if window_first <= day <= today)

    def result(kind: ForecastKind, status: ProjectStatus, rate: Fraction | None,
               finish: dt.date | None) -> Forecast:
        return Forecast(kind, status, target, done, today, due, planned_today, window_first, window_days,
                        window_quantity, rate, finish, required, days_left)

    if done >= target:
        running = 0
        reached = None
        for day in sorted(d for d in daily if d <= today):
            running += daily[day]
            if running >= target:
                reached = day
                break
        return result(ForecastKind.COMPLETE, ProjectStatus.COMPLETE, None, reached)

    late = today > due
    if window_days < MIN_HISTORY_DAYS or window_quantity == 0:
        if late:
            status = ProjectStatus.LATE
        elif window_days >= MIN_HISTORY_DAYS and done < planned_today:
            status = ProjectStatus.AT_RISK
        else:
            status = ProjectStatus.ON_TRACK
        return result(ForecastKind.NOT_ENOUGH_DATA, status, None, None)

    rate = Fraction(window_quantity, window_days)
    finish = today + dt.timedelta(days=math.ceil(remaining / rate))
    if late:
        status = ProjectStatus.LATE
    elif finish > due:
        status = ProjectStatus.AT_RISK
    else:
        status = ProjectStatus.ON_TRACK
    return result(ForecastKind.FORECAST, status, rate, finish)
