"""Days of the demo years: when the library is closed, school holidays, opening hours,
bookmobile trip days, and exact allocation of a total over weighted days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from workstation.demo.targets import BOOKMOBILE_START

# 春节 (first day of the lunar year): the library closes on New Year's Eve and the first two days.
SPRING_FESTIVAL = {
    2000: (2, 5), 2001: (1, 24), 2002: (2, 12), 2003: (2, 1), 2004: (1, 22), 2005: (2, 9), 2006: (1, 29),
    2007: (2, 18), 2008: (2, 7), 2009: (1, 26), 2010: (2, 14), 2011: (2, 3), 2012: (1, 23), 2013: (2, 10),
    2014: (1, 31), 2015: (2, 19), 2016: (2, 8), 2017: (1, 28), 2018: (2, 16), 2019: (2, 5),
}

# Share of a desk's day in each opening hour (the desks open 9:00–20:00; quieter at lunch).
HOURS = np.arange(9, 20)
HOUR_WEIGHTS = np.array([0.7, 1.2, 1.1, 0.55, 0.6, 1.0, 1.2, 1.1, 0.75, 0.6, 0.45])
HOUR_WEIGHTS = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()
# Monday … Sunday
WEEKDAY_ADULT = np.array([0.85, 0.9, 0.9, 0.92, 1.0, 1.4, 1.3])
WEEKDAY_YOUTH = np.array([0.55, 0.55, 0.6, 0.55, 0.75, 1.9, 1.8])


def closed_days(year: int) -> list[tuple[dt.date, str]]:
    month, day = SPRING_FESTIVAL[year]
    first = dt.date(year, month, day)
    return [(first - dt.timedelta(days=1), "除夕闭馆"), (first, "春节闭馆"), (first + dt.timedelta(days=1), "春节闭馆")]


@dataclass(frozen=True)
class Year:
    """The days of one demo year as numpy arrays (``ordinal``: ``date.toordinal()``)."""

    year: int
    ordinal: np.ndarray      # every day of the year
    open: np.ndarray         # bool: the library is open
    weekday: np.ndarray      # 0 = Monday
    school_holiday: np.ndarray

    @classmethod
    def of(cls, year: int) -> Year:
        first, last = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
        ordinal = np.arange(first, last + 1)
        closed = {d.toordinal() for d, _ in closed_days(year)}
        is_open = np.array([o not in closed for o in ordinal])
        weekday = (ordinal - 1) % 7  # date.fromordinal(1) is a Monday
        month, day = SPRING_FESTIVAL[year]
        winter = dt.date(year, month, day).toordinal()
        holiday = ((ordinal >= winter - 20) & (ordinal <= winter + 18)) | (
            (ordinal >= dt.date(year, 7, 10).toordinal()) & (ordinal <= dt.date(year, 8, 31).toordinal()))
        return cls(year, ordinal, is_open, weekday, holiday)

    def open_days(self) -> np.ndarray:
        days: np.ndarray = self.ordinal[self.open]
        return days

    def weights(self, kind: str, rng: np.random.Generator) -> np.ndarray:
        """Relative busyness of each open day for a kind of service (adult, youth, quiet)."""
        weekday = self.weekday[self.open]
        holiday = self.school_holiday[self.open]
        if kind == "youth":
            w = np.where(holiday, 2.3, WEEKDAY_YOUTH[weekday])
        else:
            w = WEEKDAY_ADULT[weekday] * np.where(holiday, 1.12 if kind == "adult" else 1.0, 1.0)
        months = np.array([dt.date.fromordinal(int(o)).month for o in self.ordinal[self.open]])
        if kind == "adult":
            w = w * np.array([0.95, 0.85, 1.0, 1.05, 1.0, 0.95, 1.05, 1.08, 0.97, 0.95, 1.0, 0.97])[months - 1]
        out: np.ndarray = w * rng.lognormal(0.0, 0.12, size=w.size)
        return out


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` that add up exactly
    (largest remainder; ties broken by position, so the result is deterministic)."""
    weights = np.asarray(weights, dtype=float)
    if total == 0 or weights.size == 0:
        return np.zeros(weights.size, dtype=np.int64)
    share = weights / weights.sum() * total
    counts = np.floor(share).astype(np.int64)
    rest = total - int(counts.sum())
    if rest:
        order = np.argsort(-(share - counts), kind="stable")
        counts[order[:rest]] += 1
    out: np.ndarray = counts
    return out


@dataclass(frozen=True)
class Trip:
    day: dt.date
    vehicle: int         # 0 or 1
    stops: tuple[int, int]  # indexes into the bookmobile's stops


def trip_schedule(year: Year, trips: int, stops: int) -> list[Trip]:
    """``trips`` outings on weekdays the library is open (both vehicles on most of them),
    each visiting two stops in turn: the morning stop and the afternoon stop."""
    if trips == 0 or stops < 2:
        return []
    start = BOOKMOBILE_START.toordinal()
    candidates = year.ordinal[year.open & (year.weekday < 5) & (year.ordinal >= start)]
    days = -(-trips // 2)
    days = min(days, candidates.size)
    chosen = candidates[np.linspace(0, candidates.size - 1, days).round().astype(int)]
    result: list[Trip] = []
    k = 0
    for vehicle in (0, 1):
        for o in chosen:
            if len(result) == trips:
                break
            result.append(Trip(dt.date.fromordinal(int(o)), vehicle, ((2 * k) % stops, (2 * k + 1) % stops)))
            k += 1
    result.sort(key=lambda t: (t.day, t.vehicle))
    return result


def spread_days(year: Year, n: int, rng: np.random.Generator, kind: str = "adult") -> list[dt.date]:
    """``n`` open days drawn with the year's weights, in date order."""
    days = year.open_days()
    if n == 0:
        return []
    counts = allocate(n, year.weights(kind, rng))
    picked = np.repeat(days, counts)
    return [dt.date.fromordinal(int(o)) for o in picked]

