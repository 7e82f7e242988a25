"""The library's clock: aware UTC timestamps in storage, local days for every statistic.

A record belongs to the day (library's local time, Asia/Shanghai by default) on which it
happened; a year runs from 1 January to 31 December local time.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

LIBRARY_TZ = ZoneInfo(os.environ.get("WORKSTATION_TZ", "Asia/Shanghai"))


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_day(moment: dt.datetime) -> dt.date:
    """The library-local calendar day of an aware timestamp."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give an aware timestamp")
    return moment.astimezone(LIBRARY_TZ).date()


def today() -> dt.date:
    return local_day(now_utc())


def local_midnight(day: dt.date) -> dt.datetime:
    """The first instant of ``day`` in the library's zone, as aware UTC."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=LIBRARY_TZ).astimezone(dt.UTC)


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a local day in UTC."""
    return local_midnight(day), local_midnight(day + dt.timedelta(days=1))


def period_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) in UTC covering the local days ``first`` to ``last`` inclusive."""
    return local_midnight(first), local_midnight(last + dt.timedelta(days=1))


def year_days(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_days(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of a month."""
    first = dt.date(year, month, 1)
    return first, first + relativedelta(months=1, days=-1)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier (the month's last day if shorter)."""
    return day - relativedelta(months=months)


def at_local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware UTC timestamp for a local wall-clock time (handy in tests and imports)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LIBRARY_TZ).astimezone(dt.UTC)
