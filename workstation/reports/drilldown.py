"""The records behind a figure: one function per kind of figure, each returning the rows
(``statistics.Records``) whose count — or whose ``measure`` column's sum — *is* the figure.
The Reports tab lists them when a figure is opened; the tests check, figure by figure, that
``records.figure`` equals the value of the yearly figures.

A figure that is typed or imported as a total (web and mobile-library hits, LED days) has
no records behind it: ``figure_records`` returns ``None`` for it, and the interface says so.

Also here: the hours-of-the-week view of loans and reading-room visits (``week_hours``).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, and_, cast, extract, false, func, or_, select
from sqlalchemy.orm import Session

from workstation.models import ServicePoint, ServicePointKind
from workstation.models.circulation import Item, Loan, Reader
from workstation.models.collection import Acquisition, CollectionType
from workstation.models.kiosk import Kiosk
from workstation.models.outreach import (
    Activity,
    ActivityCategory,
    BookmobileTrip,
    BookmobileVehicle,
    Volunteer,
    VolunteerRecord,
)
from workstation.models.reading import HeadCount
from workstation.reports import national_form
from workstation.reports.statistics import (
    AT_CENTRAL_KEYS,
    CITY,
    DRILL_LIMIT,
    HOLDING_LABELS,
    LOAN_HEADERS,
    OTHER_LECTURES,
    SELF_SERVICE,
    Records,
    Scope,
    headcount_records,
    loan_records,
    point_id,
    renewal_records,
    scope_of,
    visitor_days,
)
from workstation.services.digitization import projects as digitization
from workstation.services.safe_files import neutralise
from workstation.timeutil import LIBRARY_TZ, local_day, period_bounds, year_days

# figures typed or imported as totals: no records stand behind them
TYPED = frozenset({"website_hits", "mobile_hits", "led_days"})


class NoSuchFigure(ValueError):
    """A figure key (or a breakdown label of it) the yearly figures do not have."""


def _records(headers: tuple[str, ...], rows: list[tuple[Any, ...]], total: int, measure: str | None = None,
             amount: int | Decimal | None = None) -> Records:
    shown = tuple(rows[:DRILL_LIMIT])
    return Records(headers, shown, tuple(int(r[0]) for r in shown), total, measure, amount)


# -- loans ----------------------------------------------------------------------------------

def loans(session: Session, year: int, point_name: str | None = None, scope: Scope = CITY) -> Records:
    """The year's loans (外借册次), at one desk when named."""
    first, last = year_days(year)
    point = _point(session, point_name) if point_name else None
    return loan_records(session, first, last, point=point, scope=scope)


def self_service_loans(session: Session, year: int, point_name: str) -> Records:
    """The year's loans made by the self-service kiosks of a desk."""
    first, last = year_days(year)
    where = [Loan.local_day >= first, Loan.local_day <= last, Loan.service_point_id == _point(session, point_name)]
    query = (select(Loan.id, Loan.local_day, ServicePoint.name, Item.barcode, Item.title, Item.clc_class,
                    Reader.card_number)
             .join(Kiosk, Kiosk.staff_id == Loan.staff_id)
             .join(Item, Item.id == Loan.item_id).join(Reader, Reader.id == Loan.reader_id)
             .join(ServicePoint, ServicePoint.id == Loan.service_point_id).where(*where))
    total = session.scalar(select(func.count()).select_from(Loan).join(Kiosk, Kiosk.staff_id == Loan.staff_id)
                           .where(*where)) or 0
    rows = session.execute(query.order_by(Loan.local_day, Loan.id).limit(DRILL_LIMIT)).all()
    return _records(LOAN_HEADERS, [tuple(r) for r in rows], int(total))


def bookmobile_loans(session: Session, year: int, scope: Scope = CITY) -> Records:
    """The year's loans at the bookmobile service points (both vehicles together)."""
    first, last = year_days(year)
    mobile = select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE,
                                           *scope.where(ServicePoint.id))
    where = [Loan.local_day >= first, Loan.local_day <= last, Loan.service_point_id.in_(mobile)]
    query = (select(Loan.id, Loan.local_day, ServicePoint.name, Item.barcode, Item.title, Item.clc_class,
                    Reader.card_number)
             .join(Item, Item.id == Loan.item_id).join(Reader, Reader.id == Loan.reader_id)
             .join(ServicePoint, ServicePoint.id == Loan.service_point_id).where(*where))
    total = session.scalar(select(func.count(Loan.id)).where(*where)) or 0
    rows = session.execute(query.order_by(Loan.local_day, Loan.id).limit(DRILL_LIMIT)).all()
    return _records(LOAN_HEADERS, [tuple(r) for r in rows], int(total))


def renewals(session: Session, year: int, point_name: str | None = None, scope: Scope = CITY) -> Records:
    first, last = year_days(year)
    return renewal_records(session, first, last, point=_point(session, point_name) if point_name else None,
                           scope=scope)


def _point(session: Session, name: str) -> int:
    found = point_id(session, name)
    if found is None:
        raise NoSuchFigure(f"no service point {name!r}")
    return found


# -- rooms and visitors -------------------------------------------------------------------------

def reading(session: Session, year: int, room_name: str | None = None, scope: Scope = CITY) -> Records:
    """The year's current headcount entries (their counts add up to 阅览人次)."""
    first, last = year_days(year)
    return headcount_records(session, first, last, room=_point(session, room_name) if room_name else None,
                             scope=scope)


def visitors(session: Session, year: int, scope: Scope = CITY) -> Records:
    """The year's visitors day by day (gate counters and day totals together)."""
    return visitor_days(session, *year_days(year), scope)


# -- collection growth --------------------------------------------------------------------------

HOLDING_HEADERS = ("id", "day", "source", "barcode", "title", "type", "quantity")


def new_holdings(session: Session, year: int, kind: CollectionType | None = None, scope: Scope = CITY) -> Records:
    """Items catalogued in the year (one each) and acquisitions registered in batches (their
    quantity): the quantities add up to 新增馆藏. ``source`` is ``catalogued`` or ``batch``.
    Of one library: the items it owns, and the batches only for the central library."""
    first, last = year_days(year)
    start, end = period_bounds(first, last)
    item_where = [Item.created_at >= start, Item.created_at < end]
    batch_where = [Acquisition.local_day >= first, Acquisition.local_day <= last, Acquisition.voided_at.is_(None)]
    if scope.library_id is not None:
        item_where.append(Item.library_id == scope.library_id)
    if not scope.central_records:
        batch_where.append(false())
    if kind is not None:
        item_where.append(Item.collection_type == kind)
        batch_where.append(Acquisition.collection_type == kind)
    items = session.scalar(select(func.count(Item.id)).where(*item_where)) or 0
    batches, acquired = session.execute(
        select(func.count(Acquisition.id), func.coalesce(func.sum(Acquisition.quantity), 0))
        .where(*batch_where)).one()
    rows: list[tuple[Any, ...]] = [
        (a.id, a.local_day, "batch", "", a.source, str(a.collection_type), a.quantity)
        for a in session.scalars(select(Acquisition).where(*batch_where)
                                 .order_by(Acquisition.local_day, Acquisition.id).limit(DRILL_LIMIT))]
    if len(rows) < DRILL_LIMIT:
        rows += [(i, local_day(created), "catalogued", barcode, title, str(getattr(kind_, "value", kind_)), 1)
                 for i, created, barcode, title, kind_ in session.execute(
                     select(Item.id, Item.created_at, Item.barcode, Item.title, Item.collection_type)
                     .where(*item_where).order_by(Item.created_at, Item.id).limit(DRILL_LIMIT - len(rows)))]
    return _records(HOLDING_HEADERS, rows, int(items) + int(batches or 0), "quantity",
                    int(items) + int(acquired or 0))


WITHDRAWN_HEADERS = ("id", "day", "barcode", "title", "type", "note")


def withdrawn(session: Session, year: int, kind: CollectionType | None = None, scope: Scope = CITY) -> Records:
    """Items withdrawn (注销) in the year, each on its withdrawal day: they make up 注销馆藏."""
    first, last = year_days(year)
    where = [Item.withdrawn_on >= first, Item.withdrawn_on <= last]
    if scope.library_id is not None:
        where.append(Item.library_id == scope.library_id)
    if kind is not None:
        where.append(Item.collection_type == kind)
    total = session.scalar(select(func.count(Item.id)).where(*where)) or 0
    rows = [(i, day, barcode, title, str(getattr(kind_, "value", kind_)), note or "")
            for i, day, barcode, title, kind_, note in session.execute(
                select(Item.id, Item.withdrawn_on, Item.barcode, Item.title, Item.collection_type, Item.status_note)
                .where(*where).order_by(Item.withdrawn_on, Item.id).limit(DRILL_LIMIT))]
    return _records(WITHDRAWN_HEADERS, rows, int(total))


# -- activities -----------------------------------------------------------------------------------

ACTIVITY_HEADERS = ("id", "day", "title", "category", "participants", "online")


def _activity_query(year: int, scope: Scope = CITY) -> Any:
    """The year's activities, of the scope's library (the activities it held) or of every library."""
    first, last = year_days(year)
    of_library = [] if scope.library_id is None else [Activity.library_id == scope.library_id]
    return (select(Activity.id, Activity.start_day, Activity.title, ActivityCategory.name, Activity.participants,
                   Activity.online_views)
            .join(ActivityCategory, ActivityCategory.id == Activity.category_id)
            .where(Activity.start_day >= first, Activity.start_day <= last, Activity.voided_at.is_(None),
                   *of_library)
            .order_by(Activity.start_day, Activity.id))


def _activity_records(session: Session, query: Any, measure: str | None = None) -> Records:
    rows = [tuple(r) for r in session.execute(query)]
    amount = sum(int(r[4]) for r in rows) if measure else None
    return _records(ACTIVITY_HEADERS, rows, len(rows), measure, amount)


def activities(session: Session, year: int, scope: Scope = CITY) -> Records:
    """The year's activities; a series' umbrella row (系列活动 with its events recorded) is
    not an activity of its own."""
    return _activity_records(session, _activity_query(year, scope).where(~national_form.umbrella_condition()))


def activity_participants(session: Session, year: int, scope: Scope = CITY) -> Records:
    """The activities whose participants make up the year's 参加人次: every activity outside
    a series with an umbrella row, and for such a series either its umbrella row or its
    events, whichever counted more, at each library (as ``national_form.activity_counts`` does)."""
    umbrella = national_form.umbrella_condition().label("umbrella")
    query = _activity_query(year, scope).add_columns(Activity.series_id, umbrella, Activity.library_id)
    found = session.execute(query).all()
    with_umbrella = {(r[8], r[6]) for r in found if r[7]}
    chosen: set[int] = set()
    for key in with_umbrella:
        own = [r for r in found if (r[8], r[6]) == key and r[7]]
        events = [r for r in found if (r[8], r[6]) == key and not r[7]]
        pick = own if sum(r[4] for r in own) >= sum(r[4] for r in events) else events
        chosen |= {r[0] for r in pick}
    rows = [tuple(r[:6]) for r in found if (r[8], r[6]) not in with_umbrella or r[0] in chosen]
    return _records(ACTIVITY_HEADERS, rows, len(rows), "participants", sum(int(r[4]) for r in rows))


def lectures(session: Session, year: int, part: str | None = None, scope: Scope = CITY) -> Records:
    """The lectures of the mapping file's ``lecture`` kind (umbrella rows left out); a part:
    one of the two lecture series' categories, or the other lectures."""
    kind = national_form.load_mapping(session).kinds.get("lecture", national_form.ActivityKind((), ()))
    query = _activity_query(year, scope)
    if part is None:
        query = query.where(national_form.kind_condition(kind), ~national_form.umbrella_condition())
    elif part in LECTURE_PARTS:
        query = query.where(ActivityCategory.code == LECTURE_PARTS[part])
    elif part == OTHER_LECTURES:
        query = query.where(national_form.kind_condition(kind), ~national_form.umbrella_condition(),
                            ActivityCategory.code.not_in(LECTURE_PARTS.values()))
    else:
        raise NoSuchFigure(f"no lecture part {part!r}")
    return _activity_records(session, query)


LECTURE_PARTS = {"文化大讲堂": "culture_lecture", "健康大讲堂": "health_lecture"}


def category_activities(session: Session, year: int, code: str, scope: Scope = CITY) -> Records:
    """Every activity of one category (the two lecture series' own rows of 业务统计)."""
    return _activity_records(session, _activity_query(year, scope).where(ActivityCategory.code == code))


# -- trips and volunteers ---------------------------------------------------------------------

def bookmobile_trips(session: Session, year: int, scope: Scope = CITY) -> Records:
    first, last = year_days(year)
    where = [BookmobileTrip.local_day >= first, BookmobileTrip.local_day <= last, BookmobileTrip.voided_at.is_(None),
             *scope.where(BookmobileTrip.service_point_id)]
    rows = [tuple(r) for r in session.execute(
        select(BookmobileTrip.id, BookmobileTrip.local_day, BookmobileVehicle.name, BookmobileTrip.note)
        .join(BookmobileVehicle, BookmobileVehicle.id == BookmobileTrip.vehicle_id).where(*where)
        .order_by(BookmobileTrip.local_day, BookmobileTrip.id).limit(DRILL_LIMIT))]
    total = session.scalar(select(func.count(BookmobileTrip.id)).where(*where)) or 0
    return _records(("id", "day", "vehicle", "note"), rows, int(total))


def volunteer_hours(session: Session, first: dt.date, last: dt.date) -> Records:
    """Volunteer service records from ``first`` to ``last``; their hours add up to the figure."""
    where = [VolunteerRecord.local_day >= first, VolunteerRecord.local_day <= last, VolunteerRecord.voided_at.is_(None)]
    rows = [tuple(r) for r in session.execute(
        select(VolunteerRecord.id, VolunteerRecord.local_day, Volunteer.name, Volunteer.organisation,
               VolunteerRecord.hours, VolunteerRecord.place)
        .join(Volunteer, Volunteer.id == VolunteerRecord.volunteer_id).where(*where)
        .order_by(VolunteerRecord.local_day, VolunteerRecord.id).limit(DRILL_LIMIT))]
    total, hours = session.execute(
        select(func.count(VolunteerRecord.id), func.sum(VolunteerRecord.hours)).where(*where)).one()
    return _records(("id", "day", "volunteer", "organisation", "hours", "place"), rows, int(total or 0), "hours",
                    Decimal(hours or 0))


# -- digitization --------------------------------------------------------------------------------

def project_batches(session: Session, project_id: int, first: dt.date, last: dt.date) -> Records:
    """The batches of a project that were done from ``first`` to ``last`` (the day each first
    finished the final stage); their quantities add up to what the chart shows."""
    batches = digitization.done_batches(session, project_id, first, last)
    return _records(("id", "day", "batch", "quantity"), [tuple(b) for b in batches], len(batches), "quantity",
                    sum(b[3] for b in batches))


def project_done(session: Session, project_id: int, year: int, *, before: bool = False) -> Records:
    """A project's batches done in ``year``, or (``before``) in the years before it."""
    first, last = year_days(year)
    if before:
        return project_batches(session, project_id, dt.date(1900, 1, 1), first - dt.timedelta(days=1))
    return project_batches(session, project_id, first, last)


# -- any figure of the yearly table ------------------------------------------------------------------

NOTHING = Records((), (), (), 0)  # a branch's figure that the central library keeps


def figure_records(session: Session, year: int, key: str, part: str | None = None,
                   library_id: int | None = None) -> Records | None:
    """The records behind the figure ``key`` of ``statistics.year_figures`` (or behind one of
    its breakdown rows, ``part`` being that row's label), of the city (``library_id`` None) or
    of one library. ``None``: the figure is a typed or imported total with no records behind
    it. A branch's figures from records without a library (``statistics.AT_CENTRAL_KEYS``)
    have no records: they are the central library's."""
    if key in TYPED:
        return None
    scope = scope_of(session, library_id)
    if not scope.central_records and key in AT_CENTRAL_KEYS:
        return NOTHING
    if part is not None:
        return _part_records(session, year, key, part, scope)
    simple: dict[str, Callable[[Session, int], Records]] = {
        "new_holdings": lambda s, y: new_holdings(s, y, scope=scope),
        "withdrawn": lambda s, y: withdrawn(s, y, scope=scope),
        "loans": lambda s, y: loans(s, y, scope=scope),
        "loans_bookmobile": lambda s, y: bookmobile_loans(s, y, scope),
        "renewals": lambda s, y: renewals(s, y, scope=scope),
        "reading": lambda s, y: reading(s, y, scope=scope),
        "visitors": lambda s, y: visitors(s, y, scope),
        "activities": lambda s, y: activities(s, y, scope),
        "activity_participants": lambda s, y: activity_participants(s, y, scope),
        "lectures": lambda s, y: lectures(s, y, scope=scope),
        "culture_lectures": lambda s, y: category_activities(s, y, "culture_lecture", scope),
        "health_lectures": lambda s, y: category_activities(s, y, "health_lecture", scope),
        "bookmobile_trips": lambda s, y: bookmobile_trips(s, y, scope),
        "volunteer_hours": lambda s, y: volunteer_hours(s, *year_days(y)),
        "volunteer_hours_since": lambda s, y: volunteer_hours(s, national_form.volunteers_since(s), year_days(y)[1]),
    }
    if key not in simple:
        raise NoSuchFigure(f"no figure {key!r}")
    return simple[key](session, year)


def _part_records(session: Session, year: int, key: str, part: str, scope: Scope = CITY) -> Records:
    if key == "new_holdings":
        kinds = {label: kind for kind, label in HOLDING_LABELS.items()}
        if part not in kinds:
            raise NoSuchFigure(f"no holdings part {part!r}")
        return new_holdings(session, year, kinds[part], scope)
    if key == "withdrawn":
        kinds = {label: kind for kind, label in HOLDING_LABELS.items()}
        if part not in kinds:
            raise NoSuchFigure(f"no withdrawn part {part!r}")
        return withdrawn(session, year, kinds[part], scope)
    if key == "loans":
        desk = _self_service_desk(part)
        return self_service_loans(session, year, desk) if desk else loans(session, year, part)
    if key == "renewals":
        return renewals(session, year, part)
    if key == "reading":
        return reading(session, year, part)
    if key == "lectures":
        return lectures(session, year, part, scope)
    raise NoSuchFigure(f"figure {key!r} has no breakdown {part!r}")


def _self_service_desk(label: str) -> str | None:
    before, marker, after = SELF_SERVICE.partition("{desk}")
    if marker and label.startswith(before) and label.endswith(after) and len(label) > len(before) + len(after):
        return label[len(before):len(label) - len(after)]
    return None


# -- hours of the week ---------------------------------------------------------------------------

@dataclass(frozen=True)
class WeekHours:
    """Counts per (weekday 0 = Monday … 6, local hour 0–23) over a period. ``total`` is what
    the cells add up to; ``untimed``: what the period also counted without a time of day
    (visitors from the gate's day totals and counters), not in the cells."""

    what: str  # "loans" or "visits"
    first: dt.date
    last: dt.date
    cells: dict[tuple[int, int], int]
    untimed: int = 0

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def hours(self) -> range:
        """The hours to show: the library's usual day (8–20) widened to every hour with a count."""
        used = [h for (_w, h), n in self.cells.items() if n]
        return range(min([8, *used]), max([20, *used]) + 1)


def _utc_hour(session: Session, column: Any) -> Any:
    """The UTC hour (0–23) of a UTC timestamp column, on either backend."""
    if session.get_bind().dialect.name == "sqlite":  # stored as naive UTC text
        return cast(func.strftime("%H", column), Integer)
    return cast(extract("hour", func.timezone("UTC", column)), Integer)


def _by_local_hour(rows: list[tuple[dt.date, int, int]]) -> dict[tuple[int, int], int]:
    """(local day, UTC hour, n) → (weekday, local hour) → n. A UTC hour of a local day is
    placed at the local hour it starts in (exact for the whole-hour offsets library zones use;
    on the one 25-hour day of a daylight-saving zone, a repeated UTC hour goes to its first)."""
    cells: dict[tuple[int, int], int] = {}
    for day, utc_hour, n in rows:
        local_hour = 0
        for offset in (-1, 0, 1):
            moment = dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(int(utc_hour)), tzinfo=dt.UTC)
            local = moment.astimezone(LIBRARY_TZ)
            if local.date() == day:
                local_hour = local.hour
                break
        key = (day.weekday(), local_hour)
        cells[key] = cells.get(key, 0) + int(n)
    return cells


def week_hours(session: Session, what: str, first: dt.date, last: dt.date, library_id: int | None = None
               ) -> WeekHours:
    """Loans (by the moment they were made) or reading-room visits (by the moment each
    headcount was taken) per weekday and local hour from ``first`` to ``last``; at one
    library's service points when ``library_id`` is given."""
    scope = scope_of(session, library_id)
    if what == "loans":
        hour = _utc_hour(session, Loan.lent_at)
        rows = session.execute(select(Loan.local_day, hour, func.count())
                               .where(Loan.local_day >= first, Loan.local_day <= last,
                                      *scope.where(Loan.service_point_id))
                               .group_by(Loan.local_day, hour)).all()
        return WeekHours(what, first, last, _by_local_hour([(d, h, n) for d, h, n in rows]))
    if what == "visits":
        hour = _utc_hour(session, HeadCount.counted_at)
        rows = session.execute(select(HeadCount.local_day, hour, func.sum(HeadCount.count))
                               .where(HeadCount.local_day >= first, HeadCount.local_day <= last,
                                      HeadCount.superseded_by_id.is_(None), *scope.where(HeadCount.room_id))
                               .group_by(HeadCount.local_day, hour)).all()
        untimed = sum(n for _d, n in visitor_days(session, first, last, scope).rows)
        return WeekHours(what, first, last, _by_local_hour([(d, h, int(n or 0)) for d, h, n in rows]), untimed)
    raise ValueError(f"no hours-of-the-week view of {what!r}")


def write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """Records as CSV for Excel (UTF-8 with a byte-order mark); a cell that starts like a
    formula is written as text. Written aside and renamed, so a failed export leaves no half file."""
    aside = path.with_name(path.name + ".part")
    with aside.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(h) for h in headers])
        for row in rows:
            writer.writerow([neutralise(cell.isoformat() if isinstance(cell, dt.date) else cell) for cell in row])
    aside.replace(path)
    return path


def week_cell_records(session: Session, what: str, first: dt.date, last: dt.date, weekday: int,
                      hour: int, library_id: int | None = None) -> Records:
    """The records behind one cell of the hours-of-the-week view: the loans made (or the
    headcounts taken) from ``first`` to ``last`` on ``weekday`` between ``hour`` and the next."""
    scope = scope_of(session, library_id)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    days = [d for d in days if d.weekday() == weekday]
    windows = [(dt.datetime.combine(d, dt.time(hour), tzinfo=LIBRARY_TZ).astimezone(dt.UTC),
                dt.datetime.combine(d, dt.time(hour), tzinfo=LIBRARY_TZ).astimezone(dt.UTC) + dt.timedelta(hours=1))
               for d in days]
    if what == "loans":
        inside = or_(false(), *(and_(Loan.lent_at >= a, Loan.lent_at < b) for a, b in windows))
        where = [Loan.local_day.in_(days), inside, *scope.where(Loan.service_point_id)] if days else [false()]
        query = (select(Loan.id, Loan.local_day, ServicePoint.name, Item.barcode, Item.title, Item.clc_class,
                        Reader.card_number)
                 .join(Item, Item.id == Loan.item_id).join(Reader, Reader.id == Loan.reader_id)
                 .join(ServicePoint, ServicePoint.id == Loan.service_point_id).where(*where))
        total = session.scalar(select(func.count(Loan.id)).where(*where)) or 0
        rows = session.execute(query.order_by(Loan.lent_at, Loan.id).limit(DRILL_LIMIT)).all()
        return _records(LOAN_HEADERS, [tuple(r) for r in rows], int(total))
    if what == "visits":
        inside = or_(false(), *(and_(HeadCount.counted_at >= a, HeadCount.counted_at < b) for a, b in windows))
        where = ([HeadCount.local_day.in_(days), HeadCount.superseded_by_id.is_(None), inside,
                  *scope.where(HeadCount.room_id)] if days else [false()])
        counted = session.execute(
            select(HeadCount.id, HeadCount.local_day, ServicePoint.name, HeadCount.count, HeadCount.note)
            .join(ServicePoint, ServicePoint.id == HeadCount.room_id).where(*where)
            .order_by(HeadCount.counted_at, HeadCount.id).limit(DRILL_LIMIT)).all()
        total, amount = session.execute(
            select(func.count(HeadCount.id), func.coalesce(func.sum(HeadCount.count), 0)).where(*where)).one()
        return _records(("id", "day", "room", "count", "note"), [tuple(r) for r in counted], int(total or 0), "count",
                        int(amount or 0))
    raise ValueError(f"no hours-of-the-week view of {what!r}")
