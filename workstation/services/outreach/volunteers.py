"""Volunteers and their service records. Hours are Decimal in half-hour steps, and every
total is a SQL SUM over the records, so totals per period never disagree with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, joinedload

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import Role, utcnow
from workstation.models.outreach import Activity, Volunteer, VolunteerRecord
from workstation.services import audit
from workstation.services.context import Actor, require_role
from workstation.services.outreach._common import parse_day, parse_hours, parse_text

ZERO = Decimal("0.0")


@dataclass(frozen=True)
class VolunteerTotal:
    volunteer_id: int
    name: str
    organisation: str
    records: int
    hours: Decimal


def _hours(value: object) -> Decimal:
    """A SUM of Numeric(4,1) as an exact Decimal with one decimal place, on both backends."""
    if value is None:
        return ZERO
    return Decimal(str(value)).quantize(Decimal("0.1"))


def list_volunteers(session: Session, *, include_inactive: bool = False) -> Sequence[Volunteer]:
    query = select(Volunteer).order_by(Volunteer.name, Volunteer.id)
    if not include_inactive:
        query = query.where(Volunteer.active.is_(True))
    return session.scalars(query).all()


def get_volunteer(session: Session, volunteer_id: int | None) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id) if volunteer_id is not None else None
    if volunteer is None:
        raise ValidationError("volunteer", N_("Volunteer: choose one from the list."))
    return volunteer


def find_volunteer(session: Session, name: str, organisation: str = "") -> Volunteer | None:
    return session.scalars(select(Volunteer).where(
        Volunteer.name == parse_text(name, "name", maximum=60),
        Volunteer.organisation == parse_text(organisation, "organisation", maximum=100),
    ).order_by(Volunteer.id)).first()


def create_volunteer(session: Session, actor: Actor, name: str, organisation: str = "",
                     nationally_registered: bool = False) -> Volunteer:
    require_role(actor, Role.DESK)
    name = parse_text(name, "name", maximum=60, required=True)
    organisation = parse_text(organisation, "organisation", maximum=100)
    if find_volunteer(session, name, organisation) is not None:
        raise Conflict(N_("Volunteer: {name} of {organisation} is already registered."),
                       name=name, organisation=organisation or "-")
    volunteer = Volunteer(name=name, organisation=organisation, nationally_registered=bool(nationally_registered),
                          active=True)
    session.add(volunteer)
    session.flush()
    audit.record(session, actor, "create", "volunteer", volunteer.id,
                 {"name": name, "organisation": organisation, "nationally_registered": bool(nationally_registered)})
    return volunteer


def update_volunteer(session: Session, actor: Actor, volunteer_id: int, *, name: str | None = None,
                     organisation: str | None = None, nationally_registered: bool | None = None,
                     active: bool | None = None) -> Volunteer:
    require_role(actor, Role.DESK)
    volunteer = get_volunteer(session, volunteer_id)
    changes: dict[str, list[object]] = {}
    if name is not None:
        new = parse_text(name, "name", maximum=60, required=True)
        if new != volunteer.name:
            changes["name"] = [volunteer.name, new]
    if organisation is not None:
        new = parse_text(organisation, "organisation", maximum=100)
        if new != volunteer.organisation:
            changes["organisation"] = [volunteer.organisation, new]
    if nationally_registered is not None and nationally_registered != volunteer.nationally_registered:
        changes["nationally_registered"] = [volunteer.nationally_registered, nationally_registered]
    if active is not None and active != volunteer.active:
        changes["active"] = [volunteer.active, active]
    if not changes:
        return volunteer
    for key, (_old, new_value) in changes.items():
        setattr(volunteer, key, new_value)
    audit.record(session, actor, "update", "volunteer", volunteer.id, dict(changes))
    return volunteer


def record_service(session: Session, actor: Actor, volunteer_id: int | None, day: dt.date | str | None,
                   hours: Decimal | int | float | str | None, *, activity_id: int | None = None,
                   place: str = "", note: str = "") -> VolunteerRecord:
    """Hours one volunteer served on one day (half-hour steps: 1.25 is refused)."""
    require_role(actor, Role.DESK)
    volunteer = get_volunteer(session, volunteer_id)
    local_day = parse_day(day, "day")
    amount = parse_hours(hours, "hours")
    if activity_id is not None:
        activity = session.get(Activity, activity_id)
        if activity is None or activity.voided_at is not None:
            raise ValidationError("activity", N_("Activity: choose one from the list."))
    place = parse_text(place, "place", maximum=100)
    note = parse_text(note, "note", maximum=300)
    day_total = _hours(session.scalar(select(func.sum(VolunteerRecord.hours)).where(
        VolunteerRecord.volunteer_id == volunteer.id, VolunteerRecord.local_day == local_day,
        VolunteerRecord.voided_at.is_(None))))
    if day_total + amount > 24:
        raise ValidationError("hours", N_("Hours: {name} already has {have} hours on {day}; a day has 24."),
                              name=volunteer.name, have=str(day_total), day=local_day.isoformat())
    record = VolunteerRecord(volunteer_id=volunteer.id, local_day=local_day, hours=amount,
                             activity_id=activity_id, place=place, note=note)
    session.add(record)
    session.flush()
    audit.record(session, actor, "create", "volunteer_record", record.id,
                 {"volunteer_id": volunteer.id, "name": volunteer.name, "day": local_day.isoformat(),
                  "hours": str(amount), "activity_id": activity_id, "place": place})
    return record


def void_record(session: Session, actor: Actor, record_id: int, reason: str) -> VolunteerRecord:
    require_role(actor, Role.MANAGER)
    record = session.get(VolunteerRecord, record_id)
    if record is None:
        raise NotFound(N_("No volunteer service record with number {id}."), id=record_id)
    reason = parse_text(reason, "reason", maximum=300, required=True)
    if record.voided_at is not None:
        raise Conflict(N_("Volunteer service record {id} is already voided."), id=record_id)
    record.voided_at = utcnow()
    audit.record(session, actor, "void", "volunteer_record", record.id,
                 {"hours": str(record.hours), "day": record.local_day.isoformat(), "reason": reason})
    return record


def list_records(session: Session, first: dt.date, last: dt.date, *,
                 volunteer_id: int | None = None) -> Sequence[VolunteerRecord]:
    query = (select(VolunteerRecord)
             .options(joinedload(VolunteerRecord.volunteer), joinedload(VolunteerRecord.activity))
             .where(VolunteerRecord.local_day >= first, VolunteerRecord.local_day <= last,
                    VolunteerRecord.voided_at.is_(None))
             .order_by(VolunteerRecord.local_day, VolunteerRecord.id))
    if volunteer_id is not None:
        query = query.where(VolunteerRecord.volunteer_id == volunteer_id)
    return session.scalars(query).all()


def hours_total(session: Session, first: dt.date, last: dt.date, *, volunteer_id: int | None = None) -> Decimal:
    """Volunteer hours served from ``first`` to ``last`` inclusive (SQL SUM)."""
    query = select(func.sum(VolunteerRecord.hours)).where(
        VolunteerRecord.local_day >= first, VolunteerRecord.local_day <= last, VolunteerRecord.voided_at.is_(None))
    if volunteer_id is not None:
        query = query.where(VolunteerRecord.volunteer_id == volunteer_id)
    return _hours(session.scalar(query))


def totals_by_volunteer(session: Session, first: dt.date, last: dt.date) -> list[VolunteerTotal]:
    """Each volunteer who served in the period, with record count and hours, most hours first."""
    total = func.sum(VolunteerRecord.hours)
    rows = session.execute(
        select(Volunteer.id, Volunteer.name, Volunteer.organisation, func.count(VolunteerRecord.id), total)
        .join(VolunteerRecord, VolunteerRecord.volunteer_id == Volunteer.id)
        .where(VolunteerRecord.local_day >= first, VolunteerRecord.local_day <= last,
               VolunteerRecord.voided_at.is_(None))
        .group_by(Volunteer.id, Volunteer.name, Volunteer.organisation)
        .order_by(total.desc(), Volunteer.name)
    ).all()
    return [VolunteerTotal(r[0], r[1], r[2], int(r[3]), _hours(r[4])) for r in rows]


def monthly_hours(session: Session, year: int) -> dict[int, Decimal]:
    """Month → hours served in that month of ``year``."""
    month = extract("month", VolunteerRecord.local_day)
    rows = session.execute(
        select(month, func.sum(VolunteerRecord.hours))
        .where(VolunteerRecord.local_day >= dt.date(year, 1, 1), VolunteerRecord.local_day <= dt.date(year, 12, 31),
               VolunteerRecord.voided_at.is_(None))
        .group_by(month)
    ).all()
    result = {m: ZERO for m in range(1, 13)}
    for m, hours in rows:
        result[int(m)] = _hours(hours)
    return result
