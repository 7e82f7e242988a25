"""Every figure of one year as one typed ``YearFigures``: what the charts, the workbook, the
CLI and the tests read. Each number is an SQL aggregate over the records of its area; no
Python loop walks over records (only over the dozen aggregated rows a query returns).

Counting rules (ISO 2789 / GB/T 13191): a *loan* (外借册次) is one initial lending of one
item, a ``Loan`` row, counted at the service point and on the library-local day it was
made; a *renewal* is a ``Renewal`` row, reported apart and never added to the loans.
Reading-room attendance is the sum of the current headcount entries of a room; visitors
come from the gate counters and the day totals (``services/reading/gate.py``).

Figures per library (总分馆): ``library_id`` None is the city (every library); a library's
figures count the loans, renewals, headcounts and bookmobile trips of its service points,
the items it owns (new holdings, withdrawals), the readers registered at its points
(cards), its visitors (its gate counters' readings and the day totals entered for it) and the
activities it held (``Activity.library_id``: activities, their participants, lectures).
Records that carry no library — volunteer hours, the typed
monthly metrics, acquisitions registered in batches, digitization — are the central
library's: they count in its figures and the city's, and a branch's figures mark them
(``YearFigures.at_central``). So the libraries' figures add up to the city's, line by line.

Loans are read from ``loan_day_count`` (per day, service point and CLC class, kept by
database triggers in the lending transaction: ``models/statistics.py``), a few thousand rows
a year. Renewals are counted per service point and day in the order of their (service
point, local day) index, then summed per month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, cast, extract, func, select
from sqlalchemy.orm import Session

from workstation.models import CENTRAL_LIBRARY_ID, Library, ServicePoint, ServicePointKind
from workstation.models.circulation import CorrectionKind, Item, Loan, Reader, Renewal
from workstation.models.collection import CollectionType
from workstation.models.kiosk import Kiosk
from workstation.models.outreach import Activity, ActivityCategory
from workstation.models.reading import HeadCount
from workstation.models.statistics import UNCLASSIFIED, LoanDayCount
from workstation.reports import national_form
from workstation.reports.figures import (
    ActivityRow,
    CorrectionRow,
    Figure,
    FormRow,
    MonthlySeries,
    Part,
    ProjectProgress,
    SeriesRow,
    YearFigures,
)
from workstation.services.admin import libraries as library_service
from workstation.services.admin.library import library_name
from workstation.services.circulation.corrections import corrections_between, loan_counts
from workstation.services.digitization import projects as digitization
from workstation.services.outreach import activities as outreach_activities
from workstation.services.outreach import holdings
from workstation.services.outreach import summary as outreach_summary
from workstation.services.reading import counts as reading
from workstation.services.reading import gate
from workstation.timeutil import month_days, year_days

HOLDING_LABELS = {
    CollectionType.BOOK: "图书",
    CollectionType.SERIAL: "报刊",
    CollectionType.AUDIOVISUAL: "视听资料",
    CollectionType.E_DOCUMENT: "电子文献",
}
LOANS_SERIES = "外借月报"
RENEWALS_SERIES = "续借月报"
READING_SERIES = "阅览月报"
VISITORS_SERIES = "到馆月报"
VISITORS_LABEL = "到馆读者"
METRIC_CODES = {"website_hits": "website_hits", "mobile_hits": "mobile_library_hits", "led_days": "led_days"}


# figures from records that carry no library: the central library's (a branch marks them)
AT_CENTRAL_KEYS = frozenset({"website_hits", "mobile_hits", "led_days", "volunteer_hours",
                             "volunteer_hours_since"})
CITY_LABEL = "{name}总分馆（全市合计）"


@dataclass(frozen=True)
class Scope:
    """Whose records a figure counts: the city (``library_id`` None, every service point) or
    one library (``points``: its service points, retired ones too)."""

    library_id: int | None = None
    points: tuple[int, ...] | None = None

    @property
    def central_records(self) -> bool:
        """Whether the records that carry no library count here (the city, the central library)."""
        return self.library_id is None or self.library_id == CENTRAL_LIBRARY_ID

    def where(self, column: Any) -> list[Any]:
        """The condition that ``column`` (a service point id) is one of this scope's points."""
        return [] if self.points is None else [column.in_(self.points)]

    def has(self, point: int) -> bool:
        return self.points is None or point in self.points


CITY = Scope()


def scope_of(session: Session, library_id: int | None) -> Scope:
    """The scope of one library (``NotFound`` if there is none with that id), or the city."""
    if library_id is None:
        return CITY
    library_service.get_library(session, library_id)
    return Scope(library_id, tuple(library_service.point_ids(session, library_id)))


def several_libraries(session: Session) -> list[Library]:
    """The libraries when there are branches (central first), else an empty list."""
    found = list(library_service.libraries(session, include_inactive=True))
    return found if len(found) > 1 else []


def scope_label(session: Session, scope: Scope) -> str:
    """The name the figures are given: the library's, or the city's when it has branches."""
    if scope.library_id is not None and scope.library_id != CENTRAL_LIBRARY_ID:
        return library_service.get_library(session, scope.library_id).name
    name = library_name(session)
    if scope.library_id is None and several_libraries(session):
        return CITY_LABEL.format(name=name)
    return name


@dataclass(frozen=True)
class _Point:
    id: int
    name: str
    kind: ServicePointKind
    active: bool


def _points(session: Session, scope: Scope = CITY) -> list[_Point]:
    rows = session.execute(select(ServicePoint.id, ServicePoint.name, ServicePoint.kind, ServicePoint.active)
                           .where(*scope.where(ServicePoint.id))
                           .order_by(ServicePoint.sort_order, ServicePoint.id)).all()
    return [_Point(r[0], r[1], ServicePointKind(r[2]), bool(r[3])) for r in rows]


def _month(column: Any) -> Any:
    return cast(extract("month", column), Integer)


def _loans_per_point_month(session: Session, year: int, scope: Scope = CITY) -> dict[tuple[int, int], int]:
    """(service point, month) → loans made in ``year``, from the daily counts."""
    first, last = year_days(year)
    month = _month(LoanDayCount.local_day)
    rows = session.execute(
        select(LoanDayCount.service_point_id, month, func.sum(LoanDayCount.loans))
        .where(LoanDayCount.local_day >= first, LoanDayCount.local_day <= last,
               *scope.where(LoanDayCount.service_point_id))
        .group_by(LoanDayCount.service_point_id, month)).all()
    return {(int(p), int(m)): int(n) for p, m, n in rows if n}


SELF_SERVICE = "{desk}（自助借还）"


def _self_service_per_point(session: Session, year: int, scope: Scope = CITY) -> dict[int, int]:
    """Desk → loans its self-service kiosks made in ``year`` (loans recorded under a kiosk's
    staff row, found by the (staff, local day) index). Desks that have a kiosk get a line
    even at zero. For a workbook's several libraries, counted for every desk once
    (``national_form.cached``); else for the scope's desks alone."""
    if not national_form.caching(session):
        return _self_service_counts(session, year, scope)
    every = national_form.cached(session, ("self_service", year), lambda: _self_service_counts(session, year, CITY))
    return {point: n for point, n in every.items() if scope.has(point)}


def _self_service_counts(session: Session, year: int, scope: Scope) -> dict[int, int]:
    first, last = year_days(year)
    rows = session.execute(
        select(Loan.service_point_id, func.count()).join(Kiosk, Kiosk.staff_id == Loan.staff_id)
        .where(Loan.local_day >= first, Loan.local_day <= last, loan_counts(), *scope.where(Loan.service_point_id))
        .group_by(Loan.service_point_id)).all()
    counts = {int(p): int(n) for p, n in rows}
    for (point,) in session.execute(select(Kiosk.service_point_id).distinct()).all():
        if scope.has(int(point)):
            counts.setdefault(int(point), 0)
    return counts


def _renewals_per_point_month(session: Session, point_ids: Sequence[int], year: int) -> dict[tuple[int, int], int]:
    """(service point, month) → renewals made in ``year``: counted per point and day in the
    order of the (service point, local day) index, then summed per month."""
    first, last = year_days(year)
    per_day = (select(Renewal.service_point_id.label("point"), Renewal.local_day.label("day"),
                      func.count().label("n"))
               .where(Renewal.service_point_id.in_(point_ids), Renewal.local_day >= first,
                      Renewal.local_day <= last)
               .group_by(Renewal.service_point_id, Renewal.local_day).subquery())
    month = _month(per_day.c.day)
    rows = session.execute(select(per_day.c.point, month, func.sum(per_day.c.n))
                           .group_by(per_day.c.point, month)).all()
    return {(int(p), int(m)): int(n) for p, m, n in rows}


def _series(title: str, unit: str, labels: Sequence[tuple[int, str]], cells: dict[tuple[int, int], int],
            *, counted: bool = False, coverage: str = "") -> MonthlySeries:
    """``counted``: the figure is a count taken by staff, so a month without any entry is
    "not counted" (kept apart from a month counted as 0)."""
    uncounted = frozenset((label, m - 1) for key, label in labels for m in range(1, 13)
                          if (key, m) not in cells) if counted else frozenset()
    return MonthlySeries(title, unit, tuple(
        (label, tuple(cells.get((key, m), 0) for m in range(1, 13))) for key, label in labels), uncounted, coverage)


def _shown(points: Sequence[_Point], kinds: set[ServicePointKind], *cells: dict[tuple[int, int], int]
           ) -> list[tuple[int, str]]:
    """Points of these kinds in service-point order: the active ones, and retired ones that
    have records in one of the years (their history still belongs to it)."""
    used = {key for c in cells for key, _m in c}
    return [(p.id, p.name) for p in points if (p.kind in kinds and p.active) or p.id in used]


@dataclass(frozen=True)
class _Year:
    """One year's values, before they are paired with the comparison year."""

    values: dict[str, Any]
    parts: dict[str, tuple[Part, ...]]
    monthly: tuple[MonthlySeries, ...]


def _year(session: Session, year: int, points: Sequence[_Point], monthly: tuple[MonthlySeries, ...],
          mapping: national_form.FormMapping, scope: Scope = CITY) -> _Year:
    loan_series, renewal_series, room_series, visitor_series = monthly
    bookmobiles = {p.name for p in points if p.kind is ServicePointKind.BOOKMOBILE}
    out = outreach_summary.year_figures(session, year, scope.library_id)
    activities, participants = national_form.activity_counts(session, year, scope.library_id)
    lecture_kind = mapping.kinds.get("lecture", national_form.ActivityKind((), ()))
    lectures = national_form.kind_counts(session, year, lecture_kind, scope.library_id)[0]
    withdrawn = holdings.withdrawals(session, *year_days(year), scope.library_id)
    holdings_parts = tuple(Part(HOLDING_LABELS[kind], out.new_holdings.get(kind, 0)) for kind in CollectionType)
    values: dict[str, Any] = {
        "new_holdings": out.new_holdings_total,
        "withdrawn": sum(withdrawn.values()),
        "loans": sum(loan_series.month_totals()),
        "renewals": sum(renewal_series.month_totals()),
        "loans_bookmobile": sum(sum(v) for label, v in loan_series.rows if label in bookmobiles),
        "reading": sum(room_series.month_totals()),
        "visitors": sum(visitor_series.month_totals()),
        "activities": activities,
        "activity_participants": participants,
        "lectures": lectures,
        "culture_lectures": out.culture_lectures,
        "health_lectures": out.health_lectures,
        "bookmobile_trips": out.bookmobile_trips,
        "volunteer_hours": Decimal(out.volunteer_hours),
        "volunteer_hours_since": (national_form.volunteer_hours_since(session, year) if scope.central_records
                                  else Decimal(0)),
    }
    for key, code in METRIC_CODES.items():
        values[key] = out.metrics.get(code, 0)
    parts = {
        "new_holdings": holdings_parts,
        "withdrawn": tuple(Part(HOLDING_LABELS[kind], withdrawn.get(kind, 0)) for kind in CollectionType),
        "loans": _with_self_service(loan_series, points, _self_service_per_point(session, year, scope)),
        "renewals": tuple(Part(label, sum(v)) for label, v in renewal_series.rows),
        "reading": tuple(Part(label, sum(v)) for label, v in room_series.rows),
        "lectures": (Part("文化大讲堂", out.culture_lectures), Part("健康大讲堂", out.health_lectures),
                     Part(OTHER_LECTURES, lectures - out.culture_lectures - out.health_lectures)),
    }
    return _Year(values, parts, monthly)


def _with_self_service(series: MonthlySeries, points: Sequence[_Point], kiosk_loans: dict[int, int]
                       ) -> tuple[Part, ...]:
    """A desk's loans, each followed by the part of them its self-service kiosks made."""
    ids = {p.name: p.id for p in points}
    parts: list[Part] = []
    for label, values in series.rows:
        parts.append(Part(label, sum(values)))
        point = ids.get(label)
        if point is not None and point in kiosk_loans:
            parts.append(Part(SELF_SERVICE.format(desk=label), kiosk_loans[point]))
    return tuple(parts)


# key, label, unit, shown as its own row of 业务统计 (False: it is a breakdown row there)
FIGURES: tuple[tuple[str, str, str, bool], ...] = (
    ("new_holdings", "新增馆藏", "册（件）", True),
    ("loans", "文献外借", "册次", True),
    ("loans_bookmobile", "馆外流动服务点外借（流动图书车）", "册次", False),
    ("renewals", "续借（不计入外借）", "册次", True),
    ("reading", "阅览", "人次", True),
    ("visitors", "到馆读者", "人次", True),
    ("activities", "读者活动", "场次", True),
    ("activity_participants", "读者活动参加人次", "人次", True),
    ("bookmobile_trips", "流动图书车出车", "车次", True),
    ("lectures", "讲座", "场次", True),
    ("culture_lectures", "文化大讲堂", "场次", False),
    ("health_lectures", "健康大讲堂", "场次", False),
    ("website_hits", "门户网站点击量", "次", True),
    ("mobile_hits", "移动图书馆点击量", "次", True),
    ("led_days", "LED 咨询宣传", "天", True),
    ("volunteer_hours", "志愿服务时长", "小时", True),
    ("volunteer_hours_since", "志愿服务累计时长（服务队成立以来）", "小时", True),
    ("withdrawn", "注销馆藏", "册（件）", True),  # last: the rows above keep their places
)
OTHER_LECTURES = "其他讲座（文源讲坛、报告会等）"
NOTES = {
    "loans": "只计首次外借，续借另计（ISO 2789）；经更正作废的外借不计",
    "withdrawn": "注销之日起不再计入馆藏",
    "renewals": "ISO 2789 6.2.3.2：续借单列",
    "visitors": "门禁计数与按日登记之和",
    "activities": "不计有子活动另行登记的系列活动汇总行",
    "lectures": "按讲座类别及标题（讲坛、讲堂、讲座、报告会）计",
}


def source_name(session: Session) -> str:
    """The database the figures come from, as the status bar shows it (no password)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True)


def _with_previous(parts: tuple[Part, ...], before: tuple[Part, ...]) -> tuple[Part, ...]:
    then = {p.label: p.value for p in before}
    return tuple(Part(p.label, p.value, then.get(p.label, 0)) for p in parts)


def _volunteer_label(session: Session) -> str:
    since = national_form.volunteers_since(session)
    first = national_form.first_volunteer_record(session)
    label = f"志愿服务累计时长（{since.year} 年 {since.month} 月服务队成立以来"
    if first is not None and first > since:
        label += f"；记录始于 {first.isoformat()}"
    return label + "）"


AT_CENTRAL_SOURCE = ("志愿服务、门户网站与移动图书馆点击量、LED 咨询宣传："
                     "由总馆统一登记，计入总馆")
VISITORS_SOURCE = "到馆读者：门禁计数与按日登记的日合计（可导入）之和"


def _sources(session: Session, year: int, scope: Scope = CITY) -> tuple[str, ...]:
    """Which figures of the workbook are typed or imported rather than recorded one by one."""
    if not scope.central_records:
        return (VISITORS_SOURCE, AT_CENTRAL_SOURCE)
    acquired = [HOLDING_LABELS[kind] for kind, line in holdings.new_holdings(session, year, scope.library_id).items()
                if line.acquired]
    out = ["门户网站点击量、移动图书馆点击量、LED 咨询宣传天数：按月手工录入",
           VISITORS_SOURCE]
    if acquired:
        out.append(f"新增馆藏中按批次登记（手工录入）的：{'、'.join(acquired)}")
    return tuple(out)


def year_figures(session: Session, year: int, *, compare_year: int | None = None, form: bool = False,
                 library_id: int | None = None) -> YearFigures:
    """All figures of ``year``; ``Figure.previous`` holds the comparison year's value (by
    default the year before), and ``previous_monthly`` its monthly series. ``form``: also
    the national form's lines (文旅基3表, the workbook's mapping sheet), which count
    borrowing visits over the loans themselves and cost a scan of the year's loans.
    ``library_id``: the figures of one library (总馆 or a branch); None: the city's, every
    library's records together (the module's docstring says what belongs to a library)."""
    scope = scope_of(session, library_id)
    other = year - 1 if compare_year is None else compare_year
    mapping = national_form.load_mapping(session)
    points = _points(session, scope)
    this_monthly, then_monthly = _monthly(session, year, other, scope)
    this = _year(session, year, points, this_monthly, mapping, scope)
    then = _year(session, other, points, then_monthly, mapping, scope)
    central = scope.central_records
    labels = {"volunteer_hours_since": _volunteer_label(session)}
    figures = tuple(
        Figure(key, labels.get(key, label), unit, this.values[key],
               _with_previous(this.parts.get(key, ()), then.parts.get(key, ())), previous=then.values[key],
               note=NOTES.get(key, ""), in_summary=shown)
        for key, label, unit, shown in FIGURES)
    return YearFigures(
        library=scope_label(session, scope), year=year, figures=figures, monthly=this.monthly,
        projects=_projects(session, year) if central else (),
        activities=activity_rows(session, year, library_id=library_id), source=source_name(session),
        compare_year=other, previous_monthly=then.monthly,
        form=_form_rows(session, year, other, mapping, this, then, scope) if form else (),
        activity_series=tuple(SeriesRow(*row) for row in national_form.series_rows(session, year, library_id)),
        sources=_sources(session, year, scope), corrections=_corrections(session, year, points),
        library_id=library_id, at_central=frozenset() if central else AT_CENTRAL_KEYS)


def workbook_figures(session: Session, year: int, *, compare_year: int | None = None,
                     form: bool = True) -> YearFigures:
    """What the workbook writes: the city's figures, and when the city has branches, each
    library's figures too (``YearFigures.libraries``, central library first)."""
    several = several_libraries(session)
    if not several:
        return year_figures(session, year, compare_year=compare_year, form=form)
    session.info[national_form.FIGURES_CACHE] = {}  # what every library's figures share, counted once
    try:
        libraries = tuple(year_figures(session, year, compare_year=compare_year, form=form, library_id=library.id)
                          for library in several)
        city = year_figures(session, year, compare_year=compare_year, form=form)
    finally:
        session.info.pop(national_form.FIGURES_CACHE, None)
    return replace(city, libraries=libraries)


CORRECTION_KINDS = {CorrectionKind.LOAN: "作废外借", CorrectionKind.RETURN: "撤销归还"}


def _corrections(session: Session, year: int, points: Sequence[_Point]) -> tuple[CorrectionRow, ...]:
    names = {p.name for p in points}
    return tuple(CorrectionRow(c.event_day, c.made_on, c.point, CORRECTION_KINDS[c.kind], c.barcode, c.title,
                               c.reason, c.manager)
                 for c in corrections_between(session, *year_days(year)) if c.point in names)


def _form_rows(session: Session, year: int, other: int, mapping: national_form.FormMapping, this: _Year,
               then: _Year, scope: Scope = CITY) -> tuple[FormRow, ...]:
    per_library = None
    if scope.library_id is None and (several := several_libraries(session)):
        # borrowing visits are counted per library (a reader at two libraries on one day
        # made two visits), so the city's line is the sum of the libraries' lines
        per_library = [scope_of(session, library.id).points or () for library in several]
    now = national_form.form_values(session, year, mapping, this.values, library_id=scope.library_id,
                                    points=scope.points, per_library=per_library)
    before = national_form.form_values(session, other, mapping, then.values, library_id=scope.library_id,
                                       points=scope.points, per_library=per_library)
    rows = []
    for line in mapping.lines:
        if line.value is None:
            rows.append(FormRow(line.label, line.unit, None, None, national_form.NOT_RECORDED, line.note))
            continue
        value = now[line.value]
        rows.append(FormRow(line.label, line.unit, value.value, before[line.value].value, value.source, line.note,
                            value.coverage))
    return tuple(rows)


def _projects(session: Session, year: int) -> tuple[ProjectProgress, ...]:
    return tuple(ProjectProgress(line.name, line.unit, line.target, line.done_in_year, line.done_to_year_end,
                                 line.id)
                 for line in digitization.year_summary(session, year))


def activity_rows(session: Session, year: int, category_id: int | None = None, *,
                  library_id: int | None = None) -> tuple[ActivityRow, ...]:
    """The year's activities, of one library or of every library (None)."""
    first, last = year_days(year)
    return tuple(
        ActivityRow(a.title, a.category.name, a.start_day, a.end_day, a.place, a.participants, a.online_views,
                    a.chronicle, a.chronicle_text, a.library.name)
        for a in outreach_activities.list_activities(session, first, last, category_id=category_id,
                                                     library_id=library_id))


# -- what the charts need beyond the yearly figures ------------------------------------------

def daily_loans(session: Session, year: int, scope: Scope = CITY) -> dict[dt.date, int]:
    """Loans per local day of the year (the calendar heat map)."""
    first, last = year_days(year)
    rows = session.execute(select(LoanDayCount.local_day, func.sum(LoanDayCount.loans))
                           .where(LoanDayCount.local_day >= first, LoanDayCount.local_day <= last,
                                  *scope.where(LoanDayCount.service_point_id))
                           .group_by(LoanDayCount.local_day)).all()
    return {reading.period_start("day", [d]): int(n) for d, n in rows if n}


def daily_visitors(session: Session, year: int, scope: Scope = CITY) -> dict[dt.date, int]:
    """Visitors per local day of the year, of the scope's library or the city."""
    first, last = year_days(year)
    return dict(gate.visitor_totals(session, first, last, "day", scope.library_id))


def clc_class(column: Any) -> Any:
    """The first letter of a 中图法 class (the main class, A–Z), upper case, '?' when empty."""
    letter = func.upper(func.substr(column, 1, 1))
    return func.coalesce(func.nullif(letter, ""), UNCLASSIFIED)


def loans_by_class(session: Session, year: int, scope: Scope = CITY) -> list[tuple[str, int]]:
    """Loans of the year by Chinese Library Classification main class (the class the item
    had when it was lent), A first, '?' for items without a class last."""
    first, last = year_days(year)
    rows = session.execute(select(LoanDayCount.clc, func.sum(LoanDayCount.loans))
                           .where(LoanDayCount.local_day >= first, LoanDayCount.local_day <= last,
                                  *scope.where(LoanDayCount.service_point_id))
                           .group_by(LoanDayCount.clc)).all()
    return sorted(((str(k), int(n)) for k, n in rows if n), key=lambda r: (r[0] == UNCLASSIFIED, r[0]))


def loan_counts_match(session: Session, first: dt.date, last: dt.date) -> bool:
    """Whether the daily counts equal the loans themselves (per day and point) in a period."""
    counted = (select(LoanDayCount.local_day, LoanDayCount.service_point_id, func.sum(LoanDayCount.loans))
               .where(LoanDayCount.local_day >= first, LoanDayCount.local_day <= last)
               .group_by(LoanDayCount.local_day, LoanDayCount.service_point_id))
    loans = (select(Loan.local_day, Loan.service_point_id, func.count())
             .where(Loan.local_day >= first, Loan.local_day <= last, loan_counts())
             .group_by(Loan.local_day, Loan.service_point_id))
    return {tuple(r) for r in session.execute(counted) if r[2]} == {tuple(r) for r in session.execute(loans)}


@dataclass(frozen=True)
class CategoryCount:
    category_id: int
    name: str
    activities: int
    participants: int


def activities_by_category(session: Session, year: int, scope: Scope = CITY) -> list[CategoryCount]:
    """The year's activities per category: of the scope's library (the activities it held),
    or of every library."""
    first, last = year_days(year)
    return [CategoryCount(t.category_id, t.name, t.activities, t.participants)
            for t in outreach_activities.totals_by_category(session, first, last, scope.library_id) if t.activities]


@dataclass(frozen=True)
class ChartData:
    """What the Charts tab draws for a year: the monthly series of the year and of the
    comparison year, daily loans and visitors, loans by class, activities by category and
    the digitization projects. Lighter than ``year_figures`` (no new holdings)."""

    library: str
    year: int
    compare_year: int
    monthly: tuple[MonthlySeries, ...]
    previous_monthly: tuple[MonthlySeries, ...]
    daily_loans: dict[dt.date, int]
    daily_visitors: dict[dt.date, int]
    classes: list[tuple[str, int]]
    categories: list[CategoryCount]
    projects: tuple[ProjectProgress, ...]
    library_id: int | None = None  # None: the city

    def series(self, title: str, *, previous: bool = False) -> MonthlySeries:
        return next(s for s in (self.previous_monthly if previous else self.monthly) if s.title == title)


def _monthly(session: Session, year: int, other: int, scope: Scope = CITY
             ) -> tuple[tuple[MonthlySeries, ...], tuple[MonthlySeries, ...]]:
    points = _points(session, scope)
    ids = [p.id for p in points]
    lending = {ServicePointKind.LENDING_DESK, ServicePointKind.BOOKMOBILE}
    loans = {y: _loans_per_point_month(session, y, scope) for y in (year, other)}
    renewals = {y: _renewals_per_point_month(session, ids, y) for y in (year, other)}
    rooms = {y: {(t.room_id, t.period.month): t.total
                 for t in reading.room_totals(session, *year_days(y), "month") if scope.has(t.room_id)}
             for y in (year, other)}
    visitors = {y: {(0, day.month): n
                    for day, n in gate.visitor_totals(session, *year_days(y), "month", scope.library_id)}
                for y in (year, other)}
    room_ids = None if scope.points is None else [p.id for p in points if p.kind is ServicePointKind.READING_ROOM]
    loan_labels = _shown(points, lending, loans[year], loans[other])
    renewal_labels = _shown(points, lending, renewals[year], renewals[other])
    room_labels = _shown(points, {ServicePointKind.READING_ROOM}, rooms[year], rooms[other])

    def of(y: int) -> tuple[MonthlySeries, ...]:
        return (_series(LOANS_SERIES, "册次", loan_labels, loans[y]),
                _series(RENEWALS_SERIES, "册次", renewal_labels, renewals[y]),
                _series(READING_SERIES, "人次", room_labels, rooms[y], counted=True,
                        coverage=coverage(*national_form.reading_coverage(session, y, room_ids), "个阅览室开放日")),
                _series(VISITORS_SERIES, "人次", [(0, VISITORS_LABEL)], visitors[y], counted=True,
                        coverage=coverage(national_form.visitor_days(session, y, scope.library_id),
                                          national_form.opening_days(session, y, scope.library_id), "个开馆日")))

    return of(year), of(other)


def coverage(counted: int, possible: int, what: str) -> str:
    """"248 / 251 个开馆日有计数": how much of the year a summed count covers."""
    return f"{min(counted, possible)} / {possible} {what}有计数" if possible else ""


def chart_data(session: Session, year: int, compare_year: int | None = None,
               library_id: int | None = None) -> ChartData:
    """What the Charts tab draws, of the city (``library_id`` None) or of one library."""
    scope = scope_of(session, library_id)
    other = year - 1 if compare_year is None else compare_year
    this, then = _monthly(session, year, other, scope)
    return ChartData(scope_label(session, scope), year, other, this, then, daily_loans(session, year, scope),
                     daily_visitors(session, year, scope), loans_by_class(session, year, scope),
                     activities_by_category(session, year, scope),
                     _projects(session, year) if scope.central_records else (), library_id)


# -- drill-down: the records behind a bar or a cell -----------------------------------------

DRILL_LIMIT = 2_000


@dataclass(frozen=True)
class Records:
    """The records behind one bar: column codes (the UI names them: id, day, point,
    barcode, title, class, card, renewal, room, count, note, visitors, category,
    participants, online), the first ``DRILL_LIMIT`` rows with their ids, and how many
    there are in all."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    ids: tuple[int, ...]
    total: int
    # the column whose values add up to the figure (participants, hours …); None: the
    # figure is the number of records. ``amount``: that column's sum over all the records.
    measure: str | None = None
    amount: int | Decimal | None = None

    @property
    def figure(self) -> int | Decimal:
        """What these records add up to: the figure they stand behind."""
        return self.total if self.measure is None else (self.amount or 0)


def point_id(session: Session, name: str) -> int | None:
    return session.scalar(select(ServicePoint.id).where(ServicePoint.name == name))


LOAN_HEADERS = ("id", "day", "point", "barcode", "title", "class", "card")


def loan_records(session: Session, first: dt.date, last: dt.date, *, point: int | None = None,
                 letter: str | None = None, scope: Scope = CITY) -> Records:
    """Loans made from ``first`` to ``last`` (local days), at one service point or of one
    CLC main class when given, in the order they were made (day, then record number).
    The total comes from the daily counts; the rows walk the local-day index in order and
    stop at ``DRILL_LIMIT``."""
    where = [Loan.local_day >= first, Loan.local_day <= last, loan_counts(), *scope.where(Loan.service_point_id)]
    counted = [LoanDayCount.local_day >= first, LoanDayCount.local_day <= last,
               *scope.where(LoanDayCount.service_point_id)]
    if point is not None:
        where.append(Loan.service_point_id == point)
        counted.append(LoanDayCount.service_point_id == point)
    query = (select(Loan.id, Loan.local_day, ServicePoint.name, Item.barcode, Item.title, Item.clc_class,
                    Reader.card_number)
             .join(Item, Item.id == Loan.item_id).join(Reader, Reader.id == Loan.reader_id)
             .join(ServicePoint, ServicePoint.id == Loan.service_point_id).where(*where))
    if letter is not None:
        query = query.where(clc_class(Item.clc_class) == letter)
        counted.append(LoanDayCount.clc == letter)
    total = int(session.scalar(select(func.coalesce(func.sum(LoanDayCount.loans), 0)).where(*counted)) or 0)
    rows = session.execute(query.order_by(Loan.local_day, Loan.id).limit(DRILL_LIMIT)).all() if total else []
    return Records(LOAN_HEADERS, tuple(tuple(r) for r in rows), tuple(int(r[0]) for r in rows), total)


def loans_in_month(session: Session, year: int, month: int, point_name: str | None = None,
                   library_id: int | None = None) -> Records:
    first, last = month_days(year, month)
    point = point_id(session, point_name) if point_name else None
    return loan_records(session, first, last, point=point, scope=scope_of(session, library_id))


def renewals_in_month(session: Session, year: int, month: int, point_name: str | None = None,
                      library_id: int | None = None) -> Records:
    first, last = month_days(year, month)
    return renewal_records(session, first, last, point=point_id(session, point_name) if point_name else None,
                           scope=scope_of(session, library_id))


def renewal_records(session: Session, first: dt.date, last: dt.date, *, point: int | None = None,
                    scope: Scope = CITY) -> Records:
    """Renewals made from ``first`` to ``last`` (local days), at one service point when given."""
    where = [Renewal.local_day >= first, Renewal.local_day <= last, *scope.where(Renewal.service_point_id)]
    if point is not None:
        where.append(Renewal.service_point_id == point)
    rows = session.execute(
        select(Renewal.id, Renewal.local_day, ServicePoint.name, Item.barcode, Item.title, Renewal.number)
        .join(Loan, Loan.id == Renewal.loan_id).join(Item, Item.id == Loan.item_id)
        .join(ServicePoint, ServicePoint.id == Renewal.service_point_id).where(*where)
        .order_by(Renewal.renewed_at, Renewal.id).limit(DRILL_LIMIT)).all()
    total = session.scalar(select(func.count(Renewal.id)).where(*where)) or 0
    return Records(("id", "day", "point", "barcode", "title", "renewal"), tuple(tuple(r) for r in rows),
                   tuple(int(r[0]) for r in rows), int(total))


def headcounts_in_month(session: Session, year: int, month: int, room_name: str | None = None,
                        library_id: int | None = None) -> Records:
    first, last = month_days(year, month)
    return headcount_records(session, first, last, room=point_id(session, room_name) if room_name else None,
                             scope=scope_of(session, library_id))


def headcount_records(session: Session, first: dt.date, last: dt.date, *, room: int | None = None,
                      scope: Scope = CITY) -> Records:
    """The current headcount entries from ``first`` to ``last``, of one room when given;
    their counts add up to the reading-room attendance."""
    where = [HeadCount.local_day >= first, HeadCount.local_day <= last, HeadCount.superseded_by_id.is_(None),
             *scope.where(HeadCount.room_id)]
    if room is not None:
        where.append(HeadCount.room_id == room)
    rows = session.execute(
        select(HeadCount.id, HeadCount.local_day, ServicePoint.name, HeadCount.count, HeadCount.note)
        .join(ServicePoint, ServicePoint.id == HeadCount.room_id).where(*where)
        .order_by(HeadCount.counted_at, HeadCount.id).limit(DRILL_LIMIT)).all()
    total, amount = session.execute(
        select(func.count(HeadCount.id), func.coalesce(func.sum(HeadCount.count), 0)).where(*where)).one()
    return Records(("id", "day", "room", "count", "note"), tuple(tuple(r) for r in rows),
                   tuple(int(r[0]) for r in rows), int(total or 0), "count", int(amount or 0))


def visitor_days(session: Session, first: dt.date, last: dt.date, scope: Scope = CITY) -> Records:
    """The visitors of each day (day totals and gate counters together) from ``first`` to
    ``last``, of the scope's library or the city."""
    rows = tuple((day, n) for day, n in gate.visitor_totals(session, first, last, "day", scope.library_id))
    return Records(("day", "visitors"), rows, tuple(range(len(rows))), len(rows), "visitors",
                   sum(n for _d, n in rows))


def activities_of_category(session: Session, year: int, category_id: int, library_id: int | None = None
                           ) -> Records:
    """The activities of one category in ``year``: of one library, or of every library (None)."""
    first, last = year_days(year)
    where = [Activity.start_day >= first, Activity.start_day <= last, Activity.voided_at.is_(None),
             Activity.category_id == category_id]
    if library_id is not None:
        where.append(Activity.library_id == library_id)
    rows = session.execute(
        select(Activity.id, Activity.start_day, Activity.title, ActivityCategory.name, Activity.participants,
               Activity.online_views)
        .join(ActivityCategory, ActivityCategory.id == Activity.category_id).where(*where)
        .order_by(Activity.start_day, Activity.id).limit(DRILL_LIMIT)).all()
    total = session.scalar(select(func.count(Activity.id)).where(*where)) or 0
    return Records(("id", "day", "title", "category", "participants", "online"), tuple(tuple(r) for r in rows),
                   tuple(int(r[0]) for r in rows), int(total))
