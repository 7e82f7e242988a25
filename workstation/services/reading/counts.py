"""Counting readers in the reading rooms: taps, typed totals, "room empty", back-fills and
corrections, and the totals per room per day / month / year that the statistics use.

Definitions (see ``docs/import/reading.md``):

* A room's **attendance** (阅览人次) on a day is the sum of its *current* headcount entries
  that day. A tap adds an entry of 1; a typed session total ("we counted 23 at 10:00")
  adds an entry of 23; "room empty" adds an entry of 0, so the day counts as *counted*
  with 0 readers, which is different from *not counted* (no entry at all).
* A correction never changes or deletes an entry: it adds a new entry that *replaces*
  the old one, which is kept, marked superseded, with who corrected it, when and why.
* Counts are taken during **opening hours**, ``OPENING_TIME`` to ``CLOSING_TIME`` library
  time (08:00–21:00, both included), on a day the library is open (the closed days and
  weekly closing day of the library calendar, ``services/calendar.py``); a
  count at another time, on a closed day, in the future or before ``EARLIEST_DAY`` is
  refused.
* A count above the room's seats (when the room has a number of seats) is refused unless
  the caller confirms it (``confirm_over_capacity=True``): the tab asks the user.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Integer, cast, extract, func, select
from sqlalchemy.orm import Session, aliased

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import Role, ServicePoint, ServicePointKind, Staff
from workstation.models.reading import CountMethod, HeadCount
from workstation.services import audit
from workstation.services import calendar as library_calendar
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text
from workstation.timeutil import LIBRARY_TZ, local_day, now_utc

OPENING_TIME = dt.time(8, 0)
CLOSING_TIME = dt.time(21, 0)
EARLIEST_DAY = dt.date(2000, 1, 1)
MAX_COUNT = 100_000
MAX_NOTE = 200

Group = Literal["day", "month", "year"]


class NeedsConfirmation(ValidationError):
    """The input is plausible but unusual (a count above the room's seats): ask the user,
    then call again with the confirmation flag."""


# -- parsing and validation (shared with the gate counter and the import) -----------------

_INT = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)")


def parse_count(value: Any, field: str = "count", *, maximum: int = MAX_COUNT) -> int:
    """A whole number of people from a widget, a cell or a keyword: full-width digits and
    surrounding spaces are accepted; signs, fractions, words and huge numbers are not."""
    if isinstance(value, bool):
        raise ValidationError(field, N_("Count: a whole number of people is needed."))
    if isinstance(value, float):
        if not value.is_integer():
            raise ValidationError(field, N_("Count: {value} is not a whole number."), value=value)
        value = int(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text:
            raise ValidationError(field, N_("Count: must not be empty."))
        if not _INT.fullmatch(text):  # thousands separators only in groups of three: 1,200
            raise ValidationError(field, N_("Count: {value} is not a whole number."), value=value.strip())
        value = int(text.replace(",", ""))
    if not isinstance(value, int):
        raise ValidationError(field, N_("Count: a whole number of people is needed."))
    if value < 0:
        raise ValidationError(field, N_("Count: {value} is negative; counts are 0 or more."), value=value)
    if value > maximum:
        raise ValidationError(field, N_("Count: {value} is implausibly large (at most {max})."),
                              value=value, max=maximum)
    return value


_DAY_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
)


def parse_day(value: Any, field: str = "day") -> dt.date:
    """A calendar day: a date, or text like 2019-03-05, 2019/3/5, 2019年3月5日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        for pattern in _DAY_PATTERNS:
            match = pattern.fullmatch(text)
            if match:
                try:
                    return dt.date(int(match[1]), int(match[2]), int(match[3]))
                except ValueError:
                    break
        raise ValidationError(field, N_("Date: {value} is not a date like 2019-03-05."), value=value.strip())
    raise ValidationError(field, N_("Date: a date like 2019-03-05 is needed."))


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def parse_time(value: Any, field: str = "time") -> dt.time:
    """A wall-clock time: a time, or text like 10:00 or 9:30."""
    if isinstance(value, dt.datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        match = _TIME.fullmatch(text)
        if match and int(match[1]) < 24 and int(match[2]) < 60 and int(match[3] or 0) < 60:
            return dt.time(int(match[1]), int(match[2]), int(match[3] or 0))
        raise ValidationError(field, N_("Time: {value} is not a time like 10:00."), value=value.strip())
    raise ValidationError(field, N_("Time: a time like 10:00 is needed."))


def check_day(day: dt.date, field: str = "day") -> dt.date:
    """Not before ``EARLIEST_DAY`` and not after today (library time)."""
    if day < EARLIEST_DAY:
        raise ValidationError(field, N_("Date: {day} is before {earliest}; check the year."),
                              day=day.isoformat(), earliest=EARLIEST_DAY.isoformat())
    if day > local_day(now_utc()):
        raise ValidationError(field, N_("Date: {day} is in the future."), day=day.isoformat())
    return day


def combine_local(day: dt.date, time: dt.time) -> dt.datetime:
    """An aware UTC timestamp for a library-local day and wall-clock time."""
    return dt.datetime.combine(day, time, tzinfo=LIBRARY_TZ).astimezone(dt.UTC)


def check_moment(moment: dt.datetime, *, field: str = "time", opening_hours: bool = True) -> dt.datetime:
    """An aware moment that is not in the future, not too old and (for headcounts) within
    opening hours. Returns it in UTC."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give an aware timestamp")
    moment = moment.astimezone(dt.UTC)
    check_day(local_day(moment), "day")
    if moment > now_utc() + dt.timedelta(minutes=1):
        wall = moment.astimezone(LIBRARY_TZ)
        raise ValidationError(field, N_("Time: {time} is in the future."), time=wall.strftime("%Y-%m-%d %H:%M"))
    if opening_hours:
        wall_time = moment.astimezone(LIBRARY_TZ).time()
        if not OPENING_TIME <= wall_time <= CLOSING_TIME:
            raise ValidationError(
                field, N_("Time: {time} is outside opening hours ({open}–{close}); reading rooms are "
                          "counted while the library is open."),
                time=wall_time.strftime("%H:%M"), open=OPENING_TIME.strftime("%H:%M"),
                close=CLOSING_TIME.strftime("%H:%M"))
    return moment


def closed_days(session: Session, first_day: dt.date, last_day: dt.date) -> set[dt.date]:
    """The days between two dates (inclusive) on which the library is closed."""
    weekly = library_calendar.weekly_closing_days(session)
    closed = set(library_calendar.closed_dates(session, first_day, last_day))
    day = first_day
    while day <= last_day:
        if day.weekday() in weekly:
            closed.add(day)
        day += dt.timedelta(days=1)
    return closed


def check_open(session: Session, day: dt.date, field: str = "day", *, library_id: int | None = None) -> None:
    """Refuse a closed day (of library ``library_id``: every library's closings and its own)."""
    if not library_calendar.is_open(session, day, library_id):
        raise ValidationError(field, N_("Date: the library is closed on {day}; nothing is counted on a closed day."),
                              day=day.isoformat())


def clean_note(note: str, field: str = "reason", *, required: bool = False) -> str:
    note = clean_text(note)
    if required and not note:
        raise ValidationError(field, N_("Reason: say why (it is kept with the change)."))
    if len(note) > MAX_NOTE:
        raise ValidationError(field, N_("Reason: at most {n} characters."), n=MAX_NOTE)
    return note


# -- rooms -------------------------------------------------------------------------------

def reading_rooms(session: Session, *, include_retired: bool = False) -> Sequence[ServicePoint]:
    query = select(ServicePoint).where(ServicePoint.kind == ServicePointKind.READING_ROOM).order_by(
        ServicePoint.sort_order, ServicePoint.id)
    if not include_retired:
        query = query.where(ServicePoint.active.is_(True))
    return session.scalars(query).all()


def get_room(session: Session, room_id: int, *, live: bool = True) -> ServicePoint:
    """A reading room; ``live`` refuses a retired one (back-fills and imports accept it)."""
    room = session.get(ServicePoint, room_id)
    if room is None:
        raise NotFound(N_("No service point with number {id}."), id=room_id)
    if room.kind is not ServicePointKind.READING_ROOM:
        raise ValidationError("room", N_("Room: {name} is not a reading room."), name=room.name)
    if live and not room.active:
        raise ValidationError("room", N_("Room: {name} is retired; counts go to rooms in service."),
                              name=room.name)
    return room


def check_capacity(room: ServicePoint, count: int, confirm: bool, field: str = "count") -> None:
    if room.seats is not None and count > room.seats and not confirm:
        raise NeedsConfirmation(
            field, N_("{count} readers is more than the {seats} seats of {room}. Check the number; "
                      "if it is right, confirm it."),
            count=count, seats=room.seats, room=room.name)


# -- counting ----------------------------------------------------------------------------

def _add(session: Session, actor: Actor, room: ServicePoint, moment: dt.datetime, count: int,
         method: CountMethod, note: str = "", *, replaces: HeadCount | None = None) -> HeadCount:
    entry = HeadCount(room_id=room.id, local_day=local_day(moment), counted_at=moment, count=count,
                      method=method, staff_id=actor.staff_id, entered_at=now_utc(), note=note,
                      replaces_id=replaces.id if replaces is not None else None)
    session.add(entry)
    session.flush()
    return entry


def _audit_count(session: Session, actor: Actor, action: str, entry: HeadCount, room: ServicePoint,
                 **extra: Any) -> None:
    details: dict[str, Any] = {
        "room": room.name, "day": entry.local_day.isoformat(),
        "time": entry.counted_at.astimezone(LIBRARY_TZ).strftime("%H:%M"),
        "count": entry.count, "method": entry.method.value,
    }
    if entry.note:
        details["note"] = entry.note
    details.update(extra)
    audit.record(session, actor, action, "head_count", entry.id, details)


def tap(session: Session, actor: Actor, room_id: int, *, at: dt.datetime | None = None) -> HeadCount:
    """One reader counted now (or at ``at``): an entry of 1 with its timestamp."""
    require_role(actor, Role.DESK)
    room = get_room(session, room_id)
    moment = check_moment(at or now_utc())
    check_open(session, local_day(moment))
    entry = _add(session, actor, room, moment, 1, CountMethod.TAP)
    _audit_count(session, actor, "count", entry, room)
    return entry


def record_count(session: Session, actor: Actor, room_id: int, count: Any, *, at: dt.datetime | None = None,
                 confirm_over_capacity: bool = False, note: str = "") -> HeadCount:
    """A typed total for a session ("we counted 23 at 10:00"), added to the day's attendance."""
    require_role(actor, Role.DESK)
    room = get_room(session, room_id)
    value = parse_count(count)
    moment = check_moment(at or now_utc())
    check_open(session, local_day(moment))
    check_capacity(room, value, confirm_over_capacity)
    note = clean_note(note, "note")
    entry = _add(session, actor, room, moment, value, CountMethod.TYPED, note)
    _audit_count(session, actor, "count", entry, room)
    return entry


def record_empty(session: Session, actor: Actor, room_id: int, *, at: dt.datetime | None = None) -> HeadCount:
    """Looked, room empty: a 0 that marks the room as counted."""
    require_role(actor, Role.DESK)
    room = get_room(session, room_id)
    moment = check_moment(at or now_utc())
    check_open(session, local_day(moment))
    entry = _add(session, actor, room, moment, 0, CountMethod.EMPTY)
    _audit_count(session, actor, "count", entry, room)
    return entry


def back_fill(session: Session, actor: Actor, room_id: int, day: Any, time: Any, count: Any, reason: str, *,
              confirm_over_capacity: bool = False) -> HeadCount:
    """A count for a past moment that was not entered then (kept on paper, forgotten)."""
    require_role(actor, Role.DESK)
    room = get_room(session, room_id, live=False)
    the_day = check_day(parse_day(day))
    the_time = parse_time(time)
    value = parse_count(count)
    moment = check_moment(combine_local(the_day, the_time))
    check_open(session, the_day)
    check_capacity(room, value, confirm_over_capacity)
    note = clean_note(reason, required=True)
    entry = _add(session, actor, room, moment, value, CountMethod.TYPED, note)
    _audit_count(session, actor, "back_fill", entry, room)
    return entry


def get_entry(session: Session, entry_id: int) -> HeadCount:
    entry = session.get(HeadCount, entry_id)
    if entry is None:
        raise NotFound(N_("No headcount with number {id}."), id=entry_id)
    return entry


def correct_count(session: Session, actor: Actor, entry_id: int, new_count: Any, reason: str, *,
                  confirm_over_capacity: bool = False) -> HeadCount:
    """Replace a current entry by a new one with ``new_count`` (0 withdraws a count made by
    mistake); the old entry stays, superseded, and one audit entry says who and why."""
    require_role(actor, Role.DESK)
    old = get_entry(session, entry_id)
    if old.superseded_by_id is not None:
        raise Conflict(N_("This count was already corrected; correct the newer value instead."))
    room = get_room(session, old.room_id, live=False)
    value = parse_count(new_count)
    check_capacity(room, value, confirm_over_capacity)
    note = clean_note(reason, required=True)
    if value == old.count:
        raise ValidationError("count", N_("Count: the new value is the same as the old one ({count})."),
                              count=value)
    entry = _add(session, actor, room, old.counted_at, value, CountMethod.TYPED, note, replaces=old)
    old.superseded_by_id = entry.id
    old.superseded_at = entry.entered_at
    session.flush()
    _audit_count(session, actor, "correct", entry, room, old=old.count, replaces=old.id)
    return entry


# -- reading the counts ------------------------------------------------------------------

def _current() -> ColumnElement[bool]:
    return HeadCount.superseded_by_id.is_(None)


def day_total(session: Session, room_id: int, day: dt.date) -> int | None:
    """The room's attendance on ``day``; None if it was not counted at all."""
    total, entries = session.execute(
        select(func.coalesce(func.sum(HeadCount.count), 0), func.count(HeadCount.id))
        .where(HeadCount.room_id == room_id, HeadCount.local_day == day, _current())).one()
    return int(total) if entries else None


@dataclass(frozen=True)
class RoomDay:
    room_id: int
    room_name: str
    seats: int | None
    total: int | None  # None: not counted
    entries: int
    last_at: dt.datetime | None


def day_overview(session: Session, day: dt.date, *, include_retired: bool = False) -> list[RoomDay]:
    """Every reading room's total on ``day`` and the time of its last count, in one query."""
    counts = (select(HeadCount.room_id.label("room_id"), func.sum(HeadCount.count).label("total"),
                     func.count(HeadCount.id).label("entries"), func.max(HeadCount.counted_at).label("last_at"))
              .where(HeadCount.local_day == day, _current()).group_by(HeadCount.room_id).subquery())
    query = (select(ServicePoint.id, ServicePoint.name, ServicePoint.seats, counts.c.total, counts.c.entries,
                    counts.c.last_at)
             .outerjoin(counts, counts.c.room_id == ServicePoint.id)
             .where(ServicePoint.kind == ServicePointKind.READING_ROOM)
             .order_by(ServicePoint.sort_order, ServicePoint.id))
    if not include_retired:
        query = query.where(ServicePoint.active.is_(True))
    result = []
    for room_id, name, seats, total, entries, last_at in session.execute(query):
        result.append(RoomDay(room_id, name, seats, int(total) if entries else None, int(entries or 0),
                              _aware(last_at)))
    return result


def _aware(value: Any) -> dt.datetime | None:
    """Aggregates over a subquery lose the column type on SQLite: make the moment aware UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def period_columns(day_column: Any, group: Group) -> list[ColumnElement[Any]]:
    """SQL expressions grouping a local-day column by day, month or year on every backend."""
    if group == "day":
        return [day_column]
    year = cast(extract("year", day_column), Integer)
    if group == "month":
        return [year, cast(extract("month", day_column), Integer)]
    if group == "year":
        return [year]
    raise ValueError(f"group must be day, month or year, not {group!r}")


def period_start(group: Group, key: Sequence[Any]) -> dt.date:
    if group == "day":
        return key[0] if isinstance(key[0], dt.date) else dt.date.fromisoformat(str(key[0]))
    if group == "month":
        return dt.date(int(key[0]), int(key[1]), 1)
    return dt.date(int(key[0]), 1, 1)


@dataclass(frozen=True)
class RoomTotal:
    room_id: int
    room_name: str
    period: dt.date  # the first day of the day / month / year
    total: int
    entries: int


def room_totals(session: Session, first_day: dt.date, last_day: dt.date, group: Group = "day",
                *, room_id: int | None = None) -> list[RoomTotal]:
    """Attendance per room per day, month or year between two local days (inclusive),
    aggregated by the database in one statement. Rooms and periods without any entry are
    absent (not counted); a period whose entries are all 0 is present with total 0.
    Retired rooms are included: their history belongs to the period."""
    keys = period_columns(HeadCount.local_day, group)
    query = (select(HeadCount.room_id, ServicePoint.name, *keys, func.sum(HeadCount.count),
                    func.count(HeadCount.id))
             .join(ServicePoint, ServicePoint.id == HeadCount.room_id)
             .where(HeadCount.local_day >= first_day, HeadCount.local_day <= last_day, _current())
             .group_by(HeadCount.room_id, ServicePoint.name, ServicePoint.sort_order, *keys)
             .order_by(*keys, ServicePoint.sort_order, HeadCount.room_id))
    if room_id is not None:
        query = query.where(HeadCount.room_id == room_id)
    n = len(keys)
    return [RoomTotal(row[0], row[1], period_start(group, row[2:2 + n]), int(row[2 + n]), int(row[3 + n]))
            for row in session.execute(query)]


def attendance_totals(session: Session, first_day: dt.date, last_day: dt.date,
                      group: Group = "month") -> list[tuple[dt.date, int]]:
    """All rooms together per day, month or year: one statement."""
    keys = period_columns(HeadCount.local_day, group)
    query = (select(*keys, func.sum(HeadCount.count))
             .where(HeadCount.local_day >= first_day, HeadCount.local_day <= last_day, _current())
             .group_by(*keys).order_by(*keys))
    n = len(keys)
    return [(period_start(group, row[:n]), int(row[n])) for row in session.execute(query)]


@dataclass(frozen=True)
class HistoryRow:
    id: int
    counted_at: dt.datetime
    count: int
    method: CountMethod
    staff_name: str
    entered_at: dt.datetime
    note: str
    replaces_id: int | None
    replaced_count: int | None
    superseded_by_id: int | None
    superseded_at: dt.datetime | None

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None


def history(session: Session, room_id: int, day: dt.date) -> list[HistoryRow]:
    """Every entry of a room's day, current and superseded, oldest first, with who entered
    it and, for a correction, the value it replaced and why."""
    old = aliased(HeadCount)
    query = (select(HeadCount, Staff.display_name, old.count)
             .join(Staff, Staff.id == HeadCount.staff_id)
             .outerjoin(old, old.id == HeadCount.replaces_id)
             .where(HeadCount.room_id == room_id, HeadCount.local_day == day)
             .order_by(HeadCount.counted_at, HeadCount.id))
    return [HistoryRow(e.id, e.counted_at, e.count, e.method, staff_name, e.entered_at, e.note, e.replaces_id,
                       replaced, e.superseded_by_id, e.superseded_at)
            for e, staff_name, replaced in session.execute(query)]
