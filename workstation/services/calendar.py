"""The libraries' closed days: weekly closing days plus dates, for every library (``library_id``
NULL) or for one. A library is closed on the days of both. Due dates never fall on one: a
loan's due date follows the lending library's calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Date,
    Integer,
    bindparam,
    cast,
    delete,
    func,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import Role
from workstation.models.circulation import ClosedDay, WeeklyClosing
from workstation.services import audit
from workstation.services.admin import get_library, require_all_libraries, require_manages
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

MAX_LOOKAHEAD_DAYS = 400
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


def _check_day(day: dt.date, field: str = "day") -> dt.date:
    if not isinstance(day, dt.date) or not (EARLIEST_YEAR <= day.year <= LATEST_YEAR):
        raise ValidationError(field, N_("Date: give a date between {first} and {last}."),
                              first=EARLIEST_YEAR, last=LATEST_YEAR)
    return day


# a library's days: those for every library, and its own (``library`` NULL: every library's only)
_WEEKLY = select(WeeklyClosing.weekday).where(
    or_(WeeklyClosing.library_id.is_(None), WeeklyClosing.library_id == bindparam("library")))
_CLOSED = select(ClosedDay.day).where(ClosedDay.day.between(bindparam("first"), bindparam("last")),
                                      or_(ClosedDay.library_id.is_(None), ClosedDay.library_id == bindparam("library")))


def _scope(column: Any, library_id: int | None) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = column.is_(None) if library_id is None else column == library_id
    return condition


def weekly_closing_days(session: Session, library_id: int | None = None) -> frozenset[int]:
    """The weekdays ``library_id`` is closed (every library's closings, and its own)."""
    return frozenset(session.connection().execute(_WEEKLY, {"library": library_id}).scalars())


def own_weekly_closing_days(session: Session, library_id: int | None) -> frozenset[int]:
    """The weekly closings set for exactly this scope (``None``: every library)."""
    return frozenset(session.scalars(select(WeeklyClosing.weekday)
                                     .where(_scope(WeeklyClosing.library_id, library_id))))


def closed_dates(session: Session, first: dt.date, last: dt.date, library_id: int | None = None) -> frozenset[dt.date]:
    return frozenset(session.connection().execute(_CLOSED, {"first": first, "last": last,
                                                            "library": library_id}).scalars())


def list_closed_days(session: Session, year: int | None = None, library_id: int | None = None) -> Sequence[ClosedDay]:
    """The closed dates set for exactly this scope (``None``: every library's)."""
    query = select(ClosedDay).where(_scope(ClosedDay.library_id, library_id)).order_by(ClosedDay.day)
    if year is not None:
        query = query.where(ClosedDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return session.scalars(query).all()


def is_open(session: Session, day: dt.date, library_id: int | None = None) -> bool:
    return day.weekday() not in weekly_closing_days(session, library_id) \
        and day not in closed_dates(session, day, day, library_id)


# both in one round trip (a due date is worked out at every loan); the result's columns take
# their types (SQLite keeps dates as text) from the first SELECT, so both are typed there
_WEEKLY_AND_CLOSED: CompoundSelect[int | None, dt.date | None] = union_all(
    select(cast(null(), Integer).label("weekday"), ClosedDay.day.label("day"))
    .where(ClosedDay.day.between(bindparam("first"), bindparam("last")),
           or_(ClosedDay.library_id.is_(None), ClosedDay.library_id == bindparam("library"))),
    select(WeeklyClosing.weekday, cast(null(), Date))
    .where(or_(WeeklyClosing.library_id.is_(None), WeeklyClosing.library_id == bindparam("library"))))


# The same days as two columns of a row that a statement reads along with other things
# (PostgreSQL arrays; the checkout's read, so that a loan costs no round trip of its own for
# its due date): a library's weekly closings, and its closed dates from ``first`` on
# (``MAX_LOOKAHEAD_DAYS`` of them). Each argument is a parameter or a column of that statement.
def weekly_column(library: Any) -> ColumnElement[Any]:
    return select(func.array_agg(WeeklyClosing.weekday)).where(
        or_(WeeklyClosing.library_id.is_(None), WeeklyClosing.library_id == library)) \
        .scalar_subquery().label("cal_weekly")


def closed_column(first: Any, library: Any) -> ColumnElement[Any]:
    return select(func.array_agg(ClosedDay.day)).where(
        ClosedDay.day.between(first, first + MAX_LOOKAHEAD_DAYS),
        or_(ClosedDay.library_id.is_(None), ClosedDay.library_id == library)).scalar_subquery().label("cal_closed")


WEEKLY_COLUMN = weekly_column(bindparam("cal_library"))
CLOSED_COLUMN = closed_column(bindparam("cal_first", type_=Date), bindparam("cal_library"))


def lookahead(day: dt.date, library_id: int | None) -> dict[str, object]:
    """The parameters of ``WEEKLY_COLUMN`` and ``CLOSED_COLUMN`` for ``open_day_from(day, …)``."""
    return {"cal_first": day, "cal_library": library_id}


def next_open_day(session: Session, day: dt.date, library_id: int | None = None) -> dt.date:
    """``day`` itself if the library is open then, else the first open day after it."""
    rows = session.connection().execute(
        _WEEKLY_AND_CLOSED, {"first": day, "last": day + dt.timedelta(days=MAX_LOOKAHEAD_DAYS),
                             "library": library_id}).all()
    weekly = frozenset(weekday for weekday, _ in rows if weekday is not None)
    closed = frozenset(closed_day for _, closed_day in rows if closed_day is not None)
    return open_day_from(day, weekly, closed)


def open_day_from(day: dt.date, weekly: Collection[int], closed: Collection[dt.date]) -> dt.date:
    """``day``, or the first day after it that is neither a weekly closing (``weekly``) nor a
    closed date (``closed``, which holds those of the next ``MAX_LOOKAHEAD_DAYS`` days)."""
    candidate = day
    for _ in range(MAX_LOOKAHEAD_DAYS):
        if candidate.weekday() not in weekly and candidate not in closed:
            return candidate
        candidate += dt.timedelta(days=1)
    raise Conflict(N_("The calendar has no open day in the {n} days after {date}; check the closed days."),
                   n=MAX_LOOKAHEAD_DAYS, date=day.isoformat())


def due_date(session: Session, start: dt.date, loan_days: int, *, library_id: int | None = None) -> dt.date:
    """The due date of a loan made on ``start``: ``loan_days`` later, moved to the library's
    next open day."""
    return next_open_day(session, start + dt.timedelta(days=loan_days), library_id)


def require_calendar_scope(session: Session, actor: Actor, library_id: int | None) -> None:
    """A manager sets their own library's days; the days of every library are the central
    library's to set."""
    if library_id is None:
        require_all_libraries(session, actor, role=Role.MANAGER)
    else:
        get_library(session, library_id)
        require_manages(session, actor, library_id, role=Role.MANAGER)


def add_closed_day(session: Session, actor: Actor, day: dt.date, reason: str = "", *,
                   library_id: int | None = None) -> ClosedDay:
    require_role(actor, Role.MANAGER)
    require_calendar_scope(session, actor, library_id)
    day = _check_day(day)
    reason = clean_text(reason)
    if len(reason) > 100:
        raise ValidationError("reason", N_("Reason: at most {n} characters."), n=100)
    if session.scalar(select(ClosedDay.id).where(ClosedDay.day == day,
                                                 _scope(ClosedDay.library_id, library_id))) is not None:
        raise ValidationError("day", N_("Date: {date} is already a closed day."), date=day.isoformat())
    row = ClosedDay(day=day, reason=reason, library_id=library_id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "closed_day", row.id,
                 {"day": day.isoformat(), "reason": reason, "library_id": library_id})
    return row


def remove_closed_day(session: Session, actor: Actor, day: dt.date, *, library_id: int | None = None) -> None:
    require_role(actor, Role.MANAGER)
    require_calendar_scope(session, actor, library_id)
    row = session.scalar(select(ClosedDay).where(ClosedDay.day == day, _scope(ClosedDay.library_id, library_id)))
    if row is None:
        raise NotFound(N_("{date} is not a closed day."), date=day.isoformat())
    audit.record(session, actor, "delete", "closed_day", row.id,
                 {"day": day.isoformat(), "reason": row.reason, "library_id": library_id})
    session.delete(row)


def set_weekly_closing(session: Session, actor: Actor, weekdays: Iterable[int], *,
                       library_id: int | None = None) -> frozenset[int]:
    """Replace the weekly closing days (0 = Monday … 6 = Sunday) of every library (``None``)
    or of one library (on top of every library's)."""
    require_role(actor, Role.MANAGER)
    require_calendar_scope(session, actor, library_id)
    wanted = frozenset(weekdays)
    if any(not isinstance(d, int) or d < 0 or d > 6 for d in wanted):
        raise ValidationError("weekdays", N_("Weekly closing: days are 0 (Monday) to 6 (Sunday)."))
    others = own_weekly_closing_days(session, None) if library_id is not None else frozenset()
    if len(wanted | others) == 7:
        raise ValidationError("weekdays", N_("Weekly closing: the library must open on at least one day."))
    before = own_weekly_closing_days(session, library_id)
    if wanted == before:
        return wanted
    session.execute(delete(WeeklyClosing).where(_scope(WeeklyClosing.library_id, library_id)))
    session.add_all(WeeklyClosing(weekday=d, library_id=library_id) for d in sorted(wanted))
    audit.record(session, actor, "update", "weekly_closing", None,
                 {"old": sorted(before), "new": sorted(wanted), "library_id": library_id})
    return wanted


def propose_public_holidays(year: int) -> list[tuple[dt.date, str]]:
    """China's statutory public holidays of ``year`` (from the optional ``holidays``
    package), for a manager to review and add; empty if the package is missing."""
    if not (EARLIEST_YEAR <= year <= LATEST_YEAR):
        raise ValidationError("year", N_("Year: give a year between {first} and {last}."),
                              first=EARLIEST_YEAR, last=LATEST_YEAR)
    try:
        import holidays
    except ImportError:  # pragma: no cover - optional dependency
        return []
    try:
        calendar = holidays.country_holidays("CN", years=year, language="zh_CN")
    except (NotImplementedError, KeyError, ValueError):  # pragma: no cover - older package
        calendar = holidays.country_holidays("CN", years=year)
    return sorted((day, str(name)) for day, name in calendar.items())
