"""Visitors (到馆读者人次): entrance gate counters, their readings, and visitor day totals.

Two ways to record a day's visitors:

* **Day total**: the number of visitors that day, typed or imported (one current total
  per day; corrections supersede it).
* **Counter readings**: what a counter displayed at a moment. The *passes* between two
  consecutive readings of a counter belong to the day of the later reading. The first
  reading of a counter is its starting point and gives no passes (so a new counter needs
  a reading before opening on its first day). When a reading is lower than the one before
  and the counter rolls over at ``rollover`` (e.g. 100000), the passes are
  ``reading + rollover - previous``. A one-way counter's passes are its visitors; a
  two-way counter counts in and out, so its visitors are half the day's passes, rounded
  half up.

Visitors belong to a library (总分馆: a county branch has its own entrance gate): a counter
is one library's, its readings count that library's visitors, and a day total is entered
for one library. A branch's staff record only their own library's visitors and set up only
its counters; the central library's staff may act for any library.

For each library and day there is either a day total or counter readings, never both, so
nobody is counted twice. A day total is refused on a day the library is closed; readings are
taken on any day. The visitors of a library's day are its day total plus the visitors of
its counters; the city's are every library's. All of it is
computed by the database, one statement per question (window function ``LAG`` for the
consecutive readings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, case, cast, func, select, union_all
from sqlalchemy.orm import Session

from workstation.errors import N_, Conflict, NotFound, PermissionDenied, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, Library, Role
from workstation.models.reading import CounterMode, CountMethod, GateCounter, GateReading, VisitorDay
from workstation.services import audit
from workstation.services.admin import actor_library, validate_name
from workstation.services.context import Actor, require_role
from workstation.services.reading.counts import (
    Group,
    check_day,
    check_moment,
    check_open,
    clean_note,
    parse_count,
    parse_day,
    period_columns,
    period_start,
)
from workstation.timeutil import LIBRARY_TZ, local_day, now_utc

MAX_READING = 1_000_000_000
MAX_DAY_VISITORS = 1_000_000


# -- counters ----------------------------------------------------------------------------

def parse_mode(value: str | CounterMode) -> CounterMode:
    try:
        return CounterMode(value)
    except ValueError:
        raise ValidationError("mode", N_("Counter: must be one-way or two-way.")) from None


def parse_rollover(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()) or value == 0:
        return None
    number = parse_count(value, "rollover", maximum=MAX_READING)
    if number < 10:
        raise ValidationError("rollover", N_("Rollover: the number at which the counter starts again at 0, "
                                             "e.g. 100000; {value} is too small."), value=number)
    return number


def check_library(session: Session, actor: Actor, library_id: int | None, *, field: str = "library") -> int:
    """The library ``actor`` records visitors for: ``library_id``, or their own when None.
    Refused when there is no such library, or it is not theirs and they are not the central
    library's (who act for every library)."""
    own = actor_library(session, actor)
    if library_id is None:
        return own
    if isinstance(library_id, bool) or not isinstance(library_id, int):
        raise ValidationError(field, N_("Library: choose one of the libraries."))
    library = session.get(Library, library_id)
    if library is None:
        raise ValidationError(field, N_("Library: there is no library with number {id}."), id=library_id)
    if own not in (CENTRAL_LIBRARY_ID, library_id):
        mine = session.get(Library, own)
        raise PermissionDenied(
            N_("Library: {user} belongs to {own} and records only its visitors and gate counters, not those "
               "of {other}."), user=actor.username, own=mine.name if mine else str(own), other=library.name)
    return library_id


def list_counters(session: Session, *, include_retired: bool = False,
                  library_id: int | None = None) -> Sequence[GateCounter]:
    """The counters of one library (every library's when ``library_id`` is None)."""
    query = select(GateCounter).order_by(GateCounter.sort_order, GateCounter.id)
    if library_id is not None:
        query = query.where(GateCounter.library_id == library_id)
    if not include_retired:
        query = query.where(GateCounter.active.is_(True))
    return session.scalars(query).all()


def get_counter(session: Session, counter_id: int) -> GateCounter:
    counter = session.get(GateCounter, counter_id)
    if counter is None:
        raise NotFound(N_("No gate counter with number {id}."), id=counter_id)
    return counter


def create_counter(session: Session, actor: Actor, name: str, mode: str | CounterMode,
                   rollover: Any = None, *, library_id: int | None = None) -> GateCounter:
    """A new counter of library ``library_id`` (the administrator's own by default)."""
    require_role(actor, Role.ADMIN)
    the_library = check_library(session, actor, library_id)
    name = validate_name(name)
    the_mode = parse_mode(mode)
    the_rollover = parse_rollover(rollover)
    if session.scalar(select(GateCounter.id).where(GateCounter.name == name)) is not None:
        raise Conflict(N_("Name: a gate counter called {name} already exists."), name=name)
    last = session.scalar(select(func.max(GateCounter.sort_order))) or 0
    counter = GateCounter(library_id=the_library, name=name, mode=the_mode, rollover=the_rollover, active=True,
                          sort_order=last + 10)
    session.add(counter)
    session.flush()
    audit.record(session, actor, "create", "gate_counter", counter.id,
                 {"name": name, "mode": the_mode.value, "rollover": the_rollover, "library_id": the_library})
    return counter


def update_counter(session: Session, actor: Actor, counter_id: int, *, name: str | None = None,
                   mode: str | CounterMode | None = None, rollover: Any = "keep",
                   active: bool | None = None) -> GateCounter:
    """Change a counter's settings. They apply to its whole history: its visitors are
    always computed from its readings and its current settings."""
    require_role(actor, Role.ADMIN)
    counter = get_counter(session, counter_id)
    check_library(session, actor, counter.library_id, field="counter")
    changes: dict[str, Any] = {}
    if name is not None:
        new_name = validate_name(name)
        if new_name != counter.name:
            if session.scalar(select(GateCounter.id).where(GateCounter.name == new_name,
                                                           GateCounter.id != counter.id)) is not None:
                raise Conflict(N_("Name: a gate counter called {name} already exists."), name=new_name)
            changes["name"] = [counter.name, new_name]
            counter.name = new_name
    if mode is not None:
        new_mode = parse_mode(mode)
        if new_mode is not counter.mode:
            changes["mode"] = [counter.mode.value, new_mode.value]
            counter.mode = new_mode
    if rollover != "keep":
        new_rollover = parse_rollover(rollover)
        if new_rollover != counter.rollover:
            changes["rollover"] = [counter.rollover, new_rollover]
            counter.rollover = new_rollover
    if active is not None and active != counter.active:
        changes["active"] = [counter.active, active]
        counter.active = active
    if changes:
        audit.record(session, actor, "update", "gate_counter", counter.id,
                     {"name": counter.name, "library_id": counter.library_id, **changes})
    return counter


# -- readings ----------------------------------------------------------------------------

def _neighbours(session: Session, counter_id: int, moment: dt.datetime,
                exclude_id: int | None = None) -> tuple[GateReading | None, GateReading | None]:
    base = select(GateReading).where(GateReading.counter_id == counter_id, GateReading.superseded_by_id.is_(None))
    if exclude_id is not None:
        base = base.where(GateReading.id != exclude_id)
    before = session.scalars(base.where(GateReading.read_at < moment)
                             .order_by(GateReading.read_at.desc(), GateReading.id.desc()).limit(1)).first()
    after = session.scalars(base.where(GateReading.read_at > moment)
                            .order_by(GateReading.read_at, GateReading.id).limit(1)).first()
    return before, after


def _wall(moment: dt.datetime) -> str:
    return moment.astimezone(LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")


def _check_sequence(session: Session, counter: GateCounter, moment: dt.datetime, value: int,
                    exclude_id: int | None = None) -> None:
    if counter.rollover is not None and value >= counter.rollover:
        raise ValidationError("reading", N_("Reading: {value} is not shown by a counter that rolls over at "
                                            "{rollover}."), value=value, rollover=counter.rollover)
    same = select(GateReading.id).where(GateReading.counter_id == counter.id, GateReading.read_at == moment,
                                        GateReading.superseded_by_id.is_(None))
    if exclude_id is not None:
        same = same.where(GateReading.id != exclude_id)
    if session.scalar(same) is not None:
        raise Conflict(N_("{counter} already has a reading at {time}; correct that one instead."),
                       counter=counter.name, time=_wall(moment))
    if counter.rollover is not None:
        return
    before, after = _neighbours(session, counter.id, moment, exclude_id)
    if before is not None and value < before.reading:
        raise ValidationError(
            "reading", N_("Reading: {value} is lower than the reading {prev} at {time}, and {counter} does not "
                          "roll over. Check the number, or set the counter's rollover."),
            value=value, prev=before.reading, time=_wall(before.read_at), counter=counter.name)
    if after is not None and value > after.reading:
        raise ValidationError(
            "reading", N_("Reading: {value} is higher than the later reading {next} at {time}, and {counter} "
                          "does not roll over."),
            value=value, next=after.reading, time=_wall(after.read_at), counter=counter.name)


def _no_day_total(session: Session, day: dt.date, library_id: int) -> None:
    if session.scalar(select(VisitorDay.id).where(VisitorDay.local_day == day, VisitorDay.library_id == library_id,
                                                  VisitorDay.superseded_by_id.is_(None))) is not None:
        raise Conflict(N_("{day} already has a visitor day total for this counter's library; a library's day has "
                          "either a total or counter readings. Correct the total instead."), day=day.isoformat())


def record_reading(session: Session, actor: Actor, counter_id: int, reading: Any, *,
                   at: dt.datetime | None = None, note: str = "", method: CountMethod = CountMethod.TYPED,
                   audit_it: bool = True) -> GateReading:
    """What the counter shows now (or showed at ``at``; any time of day, since counters
    are read before opening and after closing)."""
    require_role(actor, Role.DESK)
    counter = get_counter(session, counter_id)
    check_library(session, actor, counter.library_id, field="counter")
    value = parse_count(reading, "reading", maximum=MAX_READING)
    moment = check_moment(at or now_utc(), opening_hours=False)
    the_note = clean_note(note, "note")
    day = local_day(moment)
    _no_day_total(session, day, counter.library_id)
    _check_sequence(session, counter, moment, value)
    entry = GateReading(counter_id=counter.id, local_day=day, read_at=moment, reading=value, method=method,
                        staff_id=actor.staff_id, entered_at=now_utc(), note=the_note)
    session.add(entry)
    session.flush()
    if audit_it:
        audit.record(session, actor, "reading", "gate_reading", entry.id,
                     {"counter": counter.name, "library_id": counter.library_id, "at": _wall(moment),
                      "reading": value})
    return entry


def correct_reading(session: Session, actor: Actor, reading_id: int, new_reading: Any, reason: str) -> GateReading:
    require_role(actor, Role.DESK)
    old = session.get(GateReading, reading_id)
    if old is None:
        raise NotFound(N_("No gate reading with number {id}."), id=reading_id)
    if old.superseded_by_id is not None:
        raise Conflict(N_("This reading was already corrected; correct the newer value instead."))
    counter = get_counter(session, old.counter_id)
    check_library(session, actor, counter.library_id, field="counter")
    value = parse_count(new_reading, "reading", maximum=MAX_READING)
    note = clean_note(reason, required=True)
    _check_sequence(session, counter, old.read_at, value, exclude_id=old.id)
    entry = GateReading(counter_id=counter.id, local_day=old.local_day, read_at=old.read_at, reading=value,
                        method=CountMethod.TYPED, staff_id=actor.staff_id, entered_at=now_utc(), note=note,
                        replaces_id=old.id)
    session.add(entry)
    session.flush()
    old.superseded_by_id = entry.id
    old.superseded_at = entry.entered_at
    session.flush()
    audit.record(session, actor, "correct", "gate_reading", entry.id,
                 {"counter": counter.name, "library_id": counter.library_id, "at": _wall(old.read_at),
                  "old": old.reading, "reading": value,
                  "reason": note, "replaces": old.id})
    return entry


# -- day totals --------------------------------------------------------------------------

def record_day_total(session: Session, actor: Actor, day: Any, count: Any, *, note: str = "",
                     method: CountMethod = CountMethod.TYPED, audit_it: bool = True,
                     library_id: int | None = None) -> VisitorDay:
    """The visitors of ``day`` at library ``library_id`` (the staff member's own by default)."""
    require_role(actor, Role.DESK)
    the_library = check_library(session, actor, library_id)
    the_day = check_day(parse_day(day))
    check_open(session, the_day, library_id=the_library)
    value = parse_count(count, maximum=MAX_DAY_VISITORS)
    the_note = clean_note(note, "note")
    if session.scalar(select(VisitorDay.id).where(VisitorDay.local_day == the_day,
                                                  VisitorDay.library_id == the_library,
                                                  VisitorDay.superseded_by_id.is_(None))) is not None:
        raise Conflict(N_("{day} already has a visitor total for this library; correct it instead."),
                       day=the_day.isoformat())
    if session.scalar(select(GateReading.id).join(GateCounter, GateCounter.id == GateReading.counter_id)
                      .where(GateReading.local_day == the_day, GateCounter.library_id == the_library,
                             GateReading.superseded_by_id.is_(None))) is not None:
        raise Conflict(N_("{day} already has readings of this library's gate counters; a library's day has "
                          "either a total or counter readings."), day=the_day.isoformat())
    entry = VisitorDay(library_id=the_library, local_day=the_day, count=value, method=method,
                       staff_id=actor.staff_id, entered_at=now_utc(), note=the_note)
    session.add(entry)
    session.flush()
    if audit_it:
        audit.record(session, actor, "count", "visitor_day", entry.id,
                     {"day": the_day.isoformat(), "count": value, "library_id": the_library})
    return entry


def correct_day_total(session: Session, actor: Actor, entry_id: int, new_count: Any, reason: str) -> VisitorDay:
    require_role(actor, Role.DESK)
    old = session.get(VisitorDay, entry_id)
    if old is None:
        raise NotFound(N_("No visitor total with number {id}."), id=entry_id)
    if old.superseded_by_id is not None:
        raise Conflict(N_("This total was already corrected; correct the newer value instead."))
    check_library(session, actor, old.library_id)
    value = parse_count(new_count, maximum=MAX_DAY_VISITORS)
    note = clean_note(reason, required=True)
    # supersede first: the partial unique index allows one current total per day
    old.superseded_at = now_utc()
    old.superseded_by_id = old.id  # placeholder, replaced below once the new row has its id
    session.flush()
    entry = VisitorDay(library_id=old.library_id, local_day=old.local_day, count=value, method=CountMethod.TYPED,
                       staff_id=actor.staff_id, entered_at=old.superseded_at, note=note, replaces_id=old.id)
    session.add(entry)
    session.flush()
    old.superseded_by_id = entry.id
    session.flush()
    audit.record(session, actor, "correct", "visitor_day", entry.id,
                 {"day": old.local_day.isoformat(), "library_id": old.library_id, "old": old.count, "count": value,
                  "reason": note, "replaces": old.id})
    return entry


# -- visitors ----------------------------------------------------------------------------

def _counter_days(last_day: dt.date | None = None, library_id: int | None = None) -> Any:
    """A subquery: (counter_id, local_day, passes, visitors) for every counter (of library
    ``library_id``, or of every library) and day with readings, from consecutive current
    readings (LAG), rollover and halving applied."""
    prev = func.lag(GateReading.reading).over(partition_by=GateReading.counter_id,
                                              order_by=(GateReading.read_at, GateReading.id))
    readings = (select(GateReading.counter_id, GateReading.local_day, GateReading.reading.label("reading"),
                       prev.label("prev"))
                .where(GateReading.superseded_by_id.is_(None)))
    if last_day is not None:
        readings = readings.where(GateReading.local_day <= last_day)
    if library_id is not None:
        readings = readings.where(GateReading.counter_id.in_(
            select(GateCounter.id).where(GateCounter.library_id == library_id).scalar_subquery()))
    r = readings.subquery("r")
    passes = case(
        (r.c.prev.is_(None), 0),
        (r.c.reading >= r.c.prev, r.c.reading - r.c.prev),
        else_=r.c.reading + func.coalesce(GateCounter.rollover, 0) - r.c.prev,
    )
    directions = case((GateCounter.mode == CounterMode.TWO_WAY, 2), else_=1)
    day_passes = func.sum(passes)
    # round half up: (2p + d) / (2d) in integer arithmetic
    visitors = (day_passes * 2 + directions) // (directions * 2)
    return (select(r.c.counter_id, r.c.local_day, day_passes.label("passes"),
                   cast(visitors, Integer).label("visitors"))
            .join(GateCounter, GateCounter.id == r.c.counter_id)
            .group_by(r.c.counter_id, r.c.local_day, GateCounter.mode)
            .subquery("counter_days"))


@dataclass(frozen=True)
class CounterDay:
    counter_id: int
    day: dt.date
    passes: int
    visitors: int


def counter_days(session: Session, first_day: dt.date, last_day: dt.date,
                 library_id: int | None = None) -> list[CounterDay]:
    """Passes and visitors per counter (of one library, or all) and day (days with readings only)."""
    cd = _counter_days(last_day, library_id)
    query = (select(cd.c.counter_id, cd.c.local_day, cd.c.passes, cd.c.visitors)
             .where(cd.c.local_day >= first_day).order_by(cd.c.local_day, cd.c.counter_id))
    return [CounterDay(cid, period_start("day", [day]), int(p), int(v)) for cid, day, p, v in session.execute(query)]


def visitor_totals(session: Session, first_day: dt.date, last_day: dt.date,
                   group: Group = "day", library_id: int | None = None) -> list[tuple[dt.date, int]]:
    """Visitors per day, month or year between two local days (inclusive): day totals plus
    what the counters give, in one statement, of library ``library_id`` (None: every
    library's together, the city's). Periods with nothing recorded are absent."""
    cd = _counter_days(last_day, library_id)
    mine = [] if library_id is None else [VisitorDay.library_id == library_id]
    totals = select(VisitorDay.local_day.label("local_day"), VisitorDay.count.label("visitors")).where(
        VisitorDay.superseded_by_id.is_(None), VisitorDay.local_day >= first_day, VisitorDay.local_day <= last_day,
        *mine)
    from_counters = select(cd.c.local_day.label("local_day"), cd.c.visitors.label("visitors")).where(
        cd.c.local_day >= first_day)
    both = union_all(totals, from_counters).subquery("visitors")
    keys = period_columns(both.c.local_day, group)
    query = select(*keys, func.sum(both.c.visitors)).group_by(*keys).order_by(*keys)
    n = len(keys)
    return [(period_start(group, row[:n]), int(row[n])) for row in session.execute(query)]


@dataclass(frozen=True)
class VisitorRow:
    kind: str  # "total" or "reading"
    id: int
    counter_name: str
    moment: dt.datetime | None
    value: int
    staff_id: int
    note: str
    current: bool
    replaces_id: int | None


def day_entries(session: Session, day: dt.date, library_id: int | None = None) -> list[VisitorRow]:
    """The day totals and readings of a day (of one library, or all), current and
    superseded, for the Visitors view."""
    totals = select(VisitorDay).where(VisitorDay.local_day == day).order_by(VisitorDay.id)
    query = (select(GateReading, GateCounter.name).join(GateCounter, GateCounter.id == GateReading.counter_id)
             .where(GateReading.local_day == day).order_by(GateReading.read_at, GateReading.id))
    if library_id is not None:
        totals = totals.where(VisitorDay.library_id == library_id)
        query = query.where(GateCounter.library_id == library_id)
    rows = [VisitorRow("total", v.id, "", None, v.count, v.staff_id, v.note, v.superseded_by_id is None,
                       v.replaces_id)
            for v in session.scalars(totals)]
    rows += [VisitorRow("reading", g.id, name, g.read_at, g.reading, g.staff_id, g.note,
                        g.superseded_by_id is None, g.replaces_id)
             for g, name in session.execute(query)]
    return rows
