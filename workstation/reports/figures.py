"""The figures of one year as one typed object: what the workbook, the charts and the tests read.

Values are integers, except volunteer hours (Decimal). Breakdown rows keep the order the
yearly report uses (desks and rooms in their service-point order).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | Decimal


@dataclass(frozen=True)
class Part:
    """One breakdown row, e.g. 综合借阅处 92,220."""

    label: str
    value: Number
    previous: Number | None = None


@dataclass(frozen=True)
class FormRow:
    """One line of the national form (文旅基3表) as the mapping sheet prints it. ``value``
    None: the program has no count (printed 本系统未记录 when it has no source at all, "—"
    when the source exists but nothing was counted)."""

    label: str
    unit: str
    value: Number | None
    previous: Number | None
    source: str
    note: str = ""
    coverage: str = ""


@dataclass(frozen=True)
class SeriesRow:
    """An activity series' totals (its events, or its umbrella row's figure when it has one)."""

    name: str
    activities: int
    participants: int
    online_views: int
    first: dt.date | None
    last: dt.date | None


@dataclass(frozen=True)
class Figure:
    """One row of the 业务统计 table: value, unit, breakdown, and last year's value."""

    key: str
    label: str
    unit: str
    value: Number
    parts: tuple[Part, ...] = ()
    previous: Number | None = None
    note: str = ""
    in_summary: bool = True  # False: shown as a breakdown row of another figure in 业务统计

    @property
    def change(self) -> float | None:
        """Change against the previous year as a fraction (0.05 = +5 %); None when there is
        no previous value or it was zero."""
        if self.previous is None or self.previous == 0:
            return None
        return float((Decimal(self.value) - Decimal(self.previous)) / Decimal(self.previous))


@dataclass(frozen=True)
class MonthlySeries:
    """Twelve monthly values per label (desk, room, or one series such as visitors)."""

    title: str
    unit: str
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    # (label, month index 0–11) with no count at all: "not counted", printed "—", not 0
    uncounted: frozenset[tuple[str, int]] = frozenset()
    coverage: str = ""  # e.g. "248 / 251 个开馆日有计数"

    def total(self, label: str) -> int:
        return sum(dict(self.rows)[label])

    def month_totals(self) -> tuple[int, ...]:
        return tuple(sum(values[m] for _label, values in self.rows) for m in range(12))


@dataclass(frozen=True)
class ProjectProgress:
    name: str
    unit: str
    target: int
    done_in_year: int
    done_total: int
    project_id: int | None = None  # the records behind the bars (``reports.drilldown``)

    @property
    def percent(self) -> float:
        return self.done_total / self.target if self.target else 0.0


@dataclass(frozen=True)
class ActivityRow:
    title: str
    category: str
    start: dt.date
    end: dt.date
    place: str
    participants: int
    online_views: int
    chronicle: bool
    description: str = ""
    library: str = ""  # the library that held it (the workbook shows it when there are branches)


@dataclass(frozen=True)
class CorrectionRow:
    """A manager's correction of a loan or a return of the year (the workbook notes them)."""

    event_day: dt.date  # the day of the loan or return undone (the day whose figures changed)
    made_on: dt.date
    point: str
    kind: str  # 作废外借 or 撤销归还
    barcode: str
    title: str
    reason: str
    manager: str


@dataclass(frozen=True)
class YearFigures:
    library: str
    year: int
    figures: tuple[Figure, ...]
    monthly: tuple[MonthlySeries, ...] = ()
    projects: tuple[ProjectProgress, ...] = ()
    activities: tuple[ActivityRow, ...] = ()
    source: str = ""
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    compare_year: int | None = None  # the year of Figure.previous; None: the year before
    previous_monthly: tuple[MonthlySeries, ...] = ()  # the comparison year's monthly series
    form: tuple[FormRow, ...] = ()  # the national form's lines (empty unless asked for)
    activity_series: tuple[SeriesRow, ...] = ()  # activity series with an activity in the year
    sources: tuple[str, ...] = ()  # which figures are typed or imported (the footnote)
    corrections: tuple[CorrectionRow, ...] = ()  # loans and returns voided by managers
    library_id: int | None = None  # the library these figures are of; None: the city (every library)
    # figures a branch does not keep (from records without a library: the central library's)
    at_central: frozenset[str] = frozenset()
    # the city's figures with branches: each library's own (central first); the workbook
    # writes a sheet for each, and the city's sheet is their sum
    libraries: tuple[YearFigures, ...] = ()

    @property
    def previous_year(self) -> int:
        return self.year - 1 if self.compare_year is None else self.compare_year

    def previous_series(self, title: str) -> MonthlySeries | None:
        return next((s for s in self.previous_monthly if s.title == title), None)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def value(self, key: str) -> Number:
        return self.figure(key).value

    def series(self, title: str) -> MonthlySeries:
        return next(s for s in self.monthly if s.title == title)
