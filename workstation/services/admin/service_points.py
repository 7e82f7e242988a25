"""Service points (lending desks, the bookmobile, reading rooms) and bookmobile stops.

A service point that has anything recorded against it is never deleted, only retired:
its loans and counts keep pointing at it, and reports still name it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session, selectinload

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import Base, BookmobileStop, Role, ServicePoint, ServicePointKind, utcnow
from workstation.services import audit
from workstation.services.admin import libraries
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

KIND_LABELS = {
    ServicePointKind.LENDING_DESK: N_("lending desk"),
    ServicePointKind.BOOKMOBILE: N_("bookmobile"),
    ServicePointKind.READING_ROOM: N_("reading room"),
}
MAX_SEATS = 10_000


def validate_name(name: str, field: str = "name") -> str:
    name = clean_text(name)
    if not name:
        raise ValidationError(field, N_("Name: must not be empty."))
    if len(name) > 60:
        raise ValidationError(field, N_("Name: at most {n} characters."), n=60)
    return name


def parse_kind(value: str | ServicePointKind) -> ServicePointKind:
    try:
        return ServicePointKind(value)
    except ValueError:
        raise ValidationError("kind", N_("Kind: must be lending desk, bookmobile or reading room.")) from None


def validate_seats(seats: int | None) -> int | None:
    if seats is None:
        return None
    if seats < 0 or seats > MAX_SEATS:
        raise ValidationError("seats", N_("Seats: a whole number from 0 to {max}."), max=MAX_SEATS)
    return seats


def list_service_points(session: Session, *, kinds: Sequence[ServicePointKind] | None = None,
                        include_retired: bool = False,
                        library_ids: Sequence[int] | None = None) -> Sequence[ServicePoint]:
    """Service points in their order; of the libraries ``library_ids`` only, when given."""
    query = select(ServicePoint).options(selectinload(ServicePoint.stops)).order_by(
        ServicePoint.sort_order, ServicePoint.id)
    if library_ids is not None:
        query = query.where(ServicePoint.library_id.in_(list(library_ids)))
    if kinds:
        query = query.where(ServicePoint.kind.in_(list(kinds)))
    if not include_retired:
        query = query.where(ServicePoint.active.is_(True))
    return session.scalars(query).all()


def get_service_point(session: Session, point_id: int) -> ServicePoint:
    point = session.get(ServicePoint, point_id)
    if point is None:
        raise NotFound(N_("No service point with number {id}."), id=point_id)
    return point


def _managed(session: Session, actor: Actor, point_id: int) -> ServicePoint:
    """The service point, if ``actor`` manages its library (a branch's administrator: their
    own). The caller checked the role."""
    point = get_service_point(session, point_id)
    libraries.require_manages(session, actor, point.library_id)
    return point


def _ensure_unique_name(session: Session, name: str, exclude_id: int | None = None) -> None:
    query = select(ServicePoint.id).where(ServicePoint.name == name)
    if exclude_id is not None:
        query = query.where(ServicePoint.id != exclude_id)
    if session.scalar(query) is not None:
        raise Conflict(N_("Name: a service point called {name} already exists."), name=name)


def create_service_point(session: Session, actor: Actor, name: str, kind: ServicePointKind | str,
                         seats: int | None = None, *, library_id: int | None = None) -> ServicePoint:
    """A new service point of library ``library_id`` (default: the administrator's own)."""
    require_role(actor, Role.ADMIN)
    library_id = library_id if library_id is not None else libraries.actor_library(session, actor)
    libraries.get_library(session, library_id)
    libraries.require_manages(session, actor, library_id)
    name = validate_name(name)
    kind = parse_kind(kind)
    seats = validate_seats(seats)
    _ensure_unique_name(session, name)
    last = session.scalar(select(func.max(ServicePoint.sort_order))) or 0
    point = ServicePoint(name=name, kind=kind, seats=seats, active=True, sort_order=last + 10,
                         library_id=library_id)
    session.add(point)
    session.flush()
    audit.record(session, actor, "create", "service_point", point.id,
                 {"name": name, "kind": kind.value, "seats": seats, "library_id": library_id})
    return point


def rename_service_point(session: Session, actor: Actor, point_id: int, new_name: str) -> ServicePoint:
    require_role(actor, Role.ADMIN)
    point = _managed(session, actor, point_id)
    new_name = validate_name(new_name)
    if new_name == point.name:
        return point
    _ensure_unique_name(session, new_name, exclude_id=point.id)
    old = point.name
    point.name = new_name
    audit.record(session, actor, "rename", "service_point", point.id, {"old": old, "new": new_name})
    return point


def set_seats(session: Session, actor: Actor, point_id: int, seats: int | None) -> ServicePoint:
    require_role(actor, Role.ADMIN)
    point = _managed(session, actor, point_id)
    seats = validate_seats(seats)
    if seats == point.seats:
        return point
    audit.record(session, actor, "update", "service_point", point.id,
                 {"name": point.name, "seats": [point.seats, seats]})
    point.seats = seats
    return point


def retire_service_point(session: Session, actor: Actor, point_id: int) -> ServicePoint:
    """Take a service point out of service. Its records stay, and so does its name."""
    require_role(actor, Role.ADMIN)
    point = _managed(session, actor, point_id)
    if not point.active:
        raise Conflict(N_("{name} is already retired."), name=point.name)
    point.active = False
    point.retired_at = utcnow()
    audit.record(session, actor, "retire", "service_point", point.id, {"name": point.name})
    return point


def reactivate_service_point(session: Session, actor: Actor, point_id: int) -> ServicePoint:
    require_role(actor, Role.ADMIN)
    point = _managed(session, actor, point_id)
    if point.active:
        return point
    point.active = True
    point.retired_at = None
    audit.record(session, actor, "reactivate", "service_point", point.id, {"name": point.name})
    return point


def _referencing_tables() -> list[tuple[Table, str]]:
    """Every (table, column) whose foreign key points at service_point, whichever module
    defines it: a new kind of record protects service points without changes here."""
    found = []
    for table in Base.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name == "service_point":
                found.append((table, fk.parent.name))
    return found


def usage_count(session: Session, point_id: int) -> int:
    total = 0
    for table, column in _referencing_tables():
        total += session.scalar(
            select(func.count()).select_from(table).where(table.c[column] == point_id)) or 0
    return total


def delete_service_point(session: Session, actor: Actor, point_id: int) -> None:
    """Delete a service point made by mistake; refused once anything refers to it."""
    require_role(actor, Role.ADMIN)
    point = _managed(session, actor, point_id)
    used = usage_count(session, point_id)
    if used:
        raise Conflict(N_("{name} has {n} records and cannot be deleted; retire it instead."),
                       name=point.name, n=used)
    audit.record(session, actor, "delete", "service_point", point.id,
                 {"name": point.name, "kind": point.kind.value})
    session.delete(point)


# -- bookmobile stops -------------------------------------------------------------------

def _bookmobile(session: Session, actor: Actor, point_id: int) -> ServicePoint:
    point = _managed(session, actor, point_id)
    if point.kind is not ServicePointKind.BOOKMOBILE:
        raise ValidationError("service_point", N_("Stops belong to a bookmobile; {name} is not one."),
                              name=point.name)
    return point


def add_stop(session: Session, actor: Actor, point_id: int, name: str) -> BookmobileStop:
    require_role(actor, Role.ADMIN)
    point = _bookmobile(session, actor, point_id)
    name = validate_name(name)
    if session.scalar(select(BookmobileStop.id).where(
            BookmobileStop.service_point_id == point.id, BookmobileStop.name == name)) is not None:
        raise Conflict(N_("Name: the stop {name} already exists."), name=name)
    last = session.scalar(select(func.max(BookmobileStop.sort_order)).where(
        BookmobileStop.service_point_id == point.id)) or 0
    stop = BookmobileStop(service_point_id=point.id, name=name, active=True, sort_order=last + 10)
    session.add(stop)
    session.flush()
    audit.record(session, actor, "create", "bookmobile_stop", stop.id,
                 {"name": name, "service_point": point.name})
    return stop


def set_stop_active(session: Session, actor: Actor, stop_id: int, active: bool) -> BookmobileStop:
    require_role(actor, Role.ADMIN)
    stop = session.get(BookmobileStop, stop_id)
    if stop is None:
        raise NotFound(N_("No bookmobile stop with number {id}."), id=stop_id)
    _managed(session, actor, stop.service_point_id)
    if stop.active != active:
        stop.active = active
        audit.record(session, actor, "reactivate" if active else "retire", "bookmobile_stop", stop.id,
                     {"name": stop.name})
    return stop


def rename_stop(session: Session, actor: Actor, stop_id: int, new_name: str) -> BookmobileStop:
    require_role(actor, Role.ADMIN)
    stop = session.get(BookmobileStop, stop_id)
    if stop is None:
        raise NotFound(N_("No bookmobile stop with number {id}."), id=stop_id)
    _managed(session, actor, stop.service_point_id)
    new_name = validate_name(new_name)
    if new_name != stop.name:
        audit.record(session, actor, "rename", "bookmobile_stop", stop.id,
                     {"old": stop.name, "new": new_name})
        stop.name = new_name
    return stop
