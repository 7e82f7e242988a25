"""Bookmobile vehicles and trips (出车).

A trip's loans, returns and new reader cards come from the circulation records made at the
bookmobile service point on the trip's day when that day has any (loans or returns);
otherwise the figures typed with the trip are used. When two trips share a day, records
made at one of a trip's stops belong to that trip, and records without a stop (or at a
stop no trip of that day visited) to the day's first trip, so the trips of a day always
add up to exactly the circulation records of that day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import BookmobileStop, Role, ServicePoint, ServicePointKind, utcnow
from workstation.models.circulation import Loan, LoanEnd, Reader
from workstation.models.outreach import BookmobileTrip, BookmobileVehicle
from workstation.services import audit
from workstation.services.context import Actor, require_role
from workstation.services.outreach._common import parse_count, parse_day, parse_text
from workstation.timeutil import local_day, period_bounds

MAX_PER_TRIP = 100_000


@dataclass(frozen=True)
class TripFigures:
    loans: int
    returns: int
    new_cards: int
    from_circulation: bool


@dataclass(frozen=True)
class TripTotals:
    trips: int
    loans: int
    returns: int
    new_cards: int


# -- vehicles ------------------------------------------------------------------------------

def bookmobile_points(session: Session) -> Sequence[ServicePoint]:
    return session.scalars(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE)
                           .order_by(ServicePoint.sort_order, ServicePoint.id)).all()


def list_vehicles(session: Session, *, include_inactive: bool = False) -> Sequence[BookmobileVehicle]:
    query = select(BookmobileVehicle).order_by(BookmobileVehicle.id)
    if not include_inactive:
        query = query.where(BookmobileVehicle.active.is_(True))
    return session.scalars(query).all()


def create_vehicle(session: Session, actor: Actor, service_point_id: int, name: str,
                   plate: str = "") -> BookmobileVehicle:
    require_role(actor, Role.MANAGER)
    point = session.get(ServicePoint, service_point_id)
    if point is None or point.kind is not ServicePointKind.BOOKMOBILE:
        raise ValidationError("service_point", N_("Service point: choose a bookmobile."))
    name = parse_text(name, "name", maximum=60, required=True)
    plate = parse_text(plate, "plate", maximum=20).upper()
    if session.scalar(select(BookmobileVehicle.id).where(BookmobileVehicle.name == name)) is not None:
        raise Conflict(N_("Vehicle: {name} already exists."), name=name)
    vehicle = BookmobileVehicle(service_point_id=point.id, name=name, plate=plate, active=True)
    session.add(vehicle)
    session.flush()
    audit.record(session, actor, "create", "bookmobile_vehicle", vehicle.id,
                 {"name": name, "plate": plate, "service_point_id": point.id})
    return vehicle


# -- trips ---------------------------------------------------------------------------------

def record_trip(session: Session, actor: Actor, day: dt.date | str | None, vehicle_id: int | None,
                stop_ids: Iterable[int], *, loans: int | str | None = None, returns: int | str | None = None,
                new_cards: int | str | None = None, note: str = "") -> BookmobileTrip:
    """One outing of a vehicle. ``loans``/``returns``/``new_cards`` are typed figures, used only
    for days without circulation records at the bookmobile; leave them empty otherwise."""
    require_role(actor, Role.DESK)
    trip_day = parse_day(day, "day")
    vehicle = session.get(BookmobileVehicle, vehicle_id) if vehicle_id is not None else None
    if vehicle is None or not vehicle.active:
        raise ValidationError("vehicle", N_("Vehicle: choose one from the list."))
    ids = list(dict.fromkeys(stop_ids))
    if not ids:
        raise ValidationError("stops", N_("Stops: tick at least one stop the vehicle visited."))
    stops = session.scalars(select(BookmobileStop).where(BookmobileStop.id.in_(ids))).all()
    if len(stops) != len(ids) or any(s.service_point_id != vehicle.service_point_id for s in stops):
        raise ValidationError("stops", N_("Stops: choose stops of this vehicle's bookmobile."))
    typed = {
        "loans_typed": parse_count(loans, "loans", maximum=MAX_PER_TRIP, required=False),
        "returns_typed": parse_count(returns, "returns", maximum=MAX_PER_TRIP, required=False),
        "new_cards_typed": parse_count(new_cards, "new_cards", maximum=MAX_PER_TRIP, required=False),
    }
    note = parse_text(note, "note", maximum=300)
    trip = BookmobileTrip(local_day=trip_day, vehicle_id=vehicle.id, service_point_id=vehicle.service_point_id,
                          note=note, stops=list(stops), **typed)
    session.add(trip)
    session.flush()
    audit.record(session, actor, "create", "bookmobile_trip", trip.id,
                 {"day": trip_day.isoformat(), "vehicle": vehicle.name, "stops": sorted(ids), **typed})
    return trip


def void_trip(session: Session, actor: Actor, trip_id: int, reason: str) -> BookmobileTrip:
    require_role(actor, Role.MANAGER)
    trip = session.get(BookmobileTrip, trip_id)
    if trip is None:
        raise NotFound(N_("No bookmobile trip with number {id}."), id=trip_id)
    reason = parse_text(reason, "reason", maximum=300, required=True)
    if trip.voided_at is not None:
        raise Conflict(N_("Bookmobile trip {id} is already voided."), id=trip_id)
    trip.voided_at = utcnow()
    audit.record(session, actor, "void", "bookmobile_trip", trip.id,
                 {"day": trip.local_day.isoformat(), "reason": reason})
    return trip


def list_trips(session: Session, first: dt.date, last: dt.date) -> Sequence[BookmobileTrip]:
    return session.scalars(
        select(BookmobileTrip).options(joinedload(BookmobileTrip.vehicle), selectinload(BookmobileTrip.stops))
        .where(BookmobileTrip.local_day >= first, BookmobileTrip.local_day <= last,
               BookmobileTrip.voided_at.is_(None))
        .order_by(BookmobileTrip.local_day, BookmobileTrip.id)
    ).all()


def trip_count(session: Session, first: dt.date, last: dt.date, library_id: int | None = None) -> int:
    """Trips from ``first`` to ``last``; of one library's bookmobiles when ``library_id`` is given."""
    where = [BookmobileTrip.local_day >= first, BookmobileTrip.local_day <= last, BookmobileTrip.voided_at.is_(None)]
    if library_id is not None:
        where.append(BookmobileTrip.service_point_id.in_(
            select(ServicePoint.id).where(ServicePoint.library_id == library_id)))
    return int(session.scalar(select(func.count(BookmobileTrip.id)).where(*where)) or 0)


def monthly_trip_counts(session: Session, year: int) -> dict[int, int]:
    from sqlalchemy import extract

    month = extract("month", BookmobileTrip.local_day)
    rows = session.execute(
        select(month, func.count(BookmobileTrip.id))
        .where(BookmobileTrip.local_day >= dt.date(year, 1, 1), BookmobileTrip.local_day <= dt.date(year, 12, 31),
               BookmobileTrip.voided_at.is_(None))
        .group_by(month)
    ).all()
    result = dict.fromkeys(range(1, 13), 0)
    for m, n in rows:
        result[int(m)] = int(n)
    return result


# -- figures from circulation --------------------------------------------------------------

Key = tuple[int, dt.date]  # (service point, local day)


def _circulation_counts(session: Session, points: set[int], first: dt.date, last: dt.date
                        ) -> tuple[dict[Key, dict[int | None, int]], dict[Key, dict[int | None, int]],
                                   dict[Key, int]]:
    """Loans and returns per (point, day, stop) and new cards per (point, day), at ``points``."""
    loans: dict[Key, dict[int | None, int]] = defaultdict(dict)
    returns: dict[Key, dict[int | None, int]] = defaultdict(dict)
    cards: dict[Key, int] = defaultdict(int)
    if not points:
        return loans, returns, cards
    loan = Loan
    for point, day, stop, n in session.execute(
            select(loan.service_point_id, loan.local_day, loan.stop_id, func.count(loan.id))
            .where(loan.service_point_id.in_(points), loan.local_day >= first, loan.local_day <= last,
                   or_(loan.closed_as.is_(None), loan.closed_as != LoanEnd.VOIDED))
            .group_by(loan.service_point_id, loan.local_day, loan.stop_id)):
        loans[(point, day)][stop] = int(n)
    for back_point, back_day, stop, n in session.execute(
            select(loan.return_point_id, loan.return_local_day, loan.return_stop_id, func.count(loan.id))
            .where(loan.return_point_id.in_(points), loan.return_local_day >= first,
                   loan.return_local_day <= last, loan.closed_as.is_(None))
            .group_by(loan.return_point_id, loan.return_local_day, loan.return_stop_id)):
        if back_point is not None and back_day is not None:  # always: the filter asks for both
            returns[(back_point, back_day)][stop] = int(n)
    # Reader has no stored local day of registration: bin the (few) timestamps by local day.
    start, end = period_bounds(first, last)
    for point, registered_at in session.execute(
            select(Reader.registered_point_id, Reader.registered_at)
            .where(Reader.registered_point_id.in_(points), Reader.registered_at >= start,
                   Reader.registered_at < end)):
        cards[(point, local_day(registered_at))] += 1
    return loans, returns, cards


def trip_figures(session: Session, trips: Sequence[BookmobileTrip]) -> dict[int, TripFigures]:
    """Trip id → its loans, returns and new cards (see the module docstring for the rules)."""
    live = [t for t in trips if t.voided_at is None]
    if not live:
        return {}
    first = min(t.local_day for t in live)
    last = max(t.local_day for t in live)
    points = {t.service_point_id for t in live}
    day_trips: dict[Key, list[BookmobileTrip]] = defaultdict(list)
    for trip in session.scalars(
            select(BookmobileTrip).options(selectinload(BookmobileTrip.stops))
            .where(BookmobileTrip.service_point_id.in_(points), BookmobileTrip.local_day >= first,
                   BookmobileTrip.local_day <= last, BookmobileTrip.voided_at.is_(None))
            .order_by(BookmobileTrip.id)):
        day_trips[(trip.service_point_id, trip.local_day)].append(trip)
    loans, returns, cards = _circulation_counts(session, points, first, last)

    def share(trip: BookmobileTrip, counts: dict[int | None, int], siblings: list[BookmobileTrip]) -> int:
        own = {s.id for s in trip.stops}
        visited = {s.id for t in siblings for s in t.stops}
        total = sum(n for stop, n in counts.items() if stop in own)
        if trip.id == siblings[0].id:  # the day's first trip takes what no trip's stops explain
            total += sum(n for stop, n in counts.items() if stop is None or stop not in visited)
        return total

    result = {}
    for trip in live:
        key = (trip.service_point_id, trip.local_day)
        siblings = day_trips[key]
        if loans.get(key) or returns.get(key):
            first_trip = trip.id == siblings[0].id
            result[trip.id] = TripFigures(share(trip, loans.get(key, {}), siblings),
                                          share(trip, returns.get(key, {}), siblings),
                                          cards.get(key, 0) if first_trip else 0, True)
        else:
            result[trip.id] = TripFigures(trip.loans_typed or 0, trip.returns_typed or 0,
                                          trip.new_cards_typed or 0, False)
    return result


def trip_totals(session: Session, first: dt.date, last: dt.date) -> TripTotals:
    """Trips in the period and their loans, returns and new cards (the trips of a day with
    circulation records add up to those records; other days use the typed figures)."""
    trips = list_trips(session, first, last)
    figures = trip_figures(session, trips)
    return TripTotals(len(trips), sum(f.loans for f in figures.values()),
                      sum(f.returns for f in figures.values()), sum(f.new_cards for f in figures.values()))
