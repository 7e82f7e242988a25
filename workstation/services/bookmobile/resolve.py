"""The exceptions screen's use cases: list the offline events that wait for staff, apply one
anyway (a manager, with a reason), discard one (a manager, with a reason), or retry one after
the reader or item was fixed. Nothing is dropped silently: every event stays, with who
resolved it, how and why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import BookmobileStop, Role, utcnow
from workstation.models.offline import EventState, OfflineEvent
from workstation.models.outreach import BookmobileVehicle
from workstation.services import audit
from workstation.services.bookmobile.sync import FORCEABLE, Code, Result, apply_event, failed_before
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text


@dataclass(frozen=True)
class ExceptionRow:
    event_id: str
    vehicle: str
    seq: int
    kind: str
    at: dt.datetime  # corrected time
    stop: str
    card: str
    barcode: str
    code: str
    message: str
    forceable: bool


def list_exceptions(session: Session, actor: Actor) -> list[ExceptionRow]:
    require_role(actor, Role.DESK)
    rows = session.execute(
        select(OfflineEvent, BookmobileVehicle.name, BookmobileStop.name)
        .join(BookmobileVehicle, BookmobileVehicle.id == OfflineEvent.vehicle_id)
        .outerjoin(BookmobileStop, BookmobileStop.id == OfflineEvent.stop_id)
        .where(OfflineEvent.state == EventState.EXCEPTION)
        .order_by(OfflineEvent.corrected_time, OfflineEvent.vehicle_id, OfflineEvent.seq)).all()
    return [ExceptionRow(ev.event_id, vehicle, ev.seq, ev.kind, ev.corrected_time, stop or "",
                         str(ev.payload.get("card") or ""), str(ev.payload.get("barcode") or ""), ev.code,
                         str(ev.detail.get("message", "")), ev.code in FORCEABLE)
            for ev, vehicle, stop in rows]


def _reason(value: str) -> str:
    why = clean_text(value)
    if len(why) < 2:
        raise ValidationError("reason", N_("Reason: say why (at least 2 characters)."))
    if len(why) > 300:
        raise ValidationError("reason", N_("Reason: at most {n} characters."), n=300)
    return why


def _exception(session: Session, event_id: str) -> OfflineEvent:
    ev = session.get(OfflineEvent, event_id, with_for_update=True, populate_existing=True)
    if ev is None:
        raise NotFound(N_("No offline event {id}."), id=event_id)
    if ev.state is not EventState.EXCEPTION:
        raise Conflict(N_("Offline event {id} is not an exception any more ({state})."), id=event_id,
                       state=ev.state.value)
    return ev


def _resolve(ev: OfflineEvent, actor: Actor, result: Result, resolution: str, reason: str = "") -> None:
    ev.state = result.state
    ev.code = result.code
    detail = dict(ev.detail)
    detail["warnings"] = list(result.warnings)
    if result.message:
        detail["message"] = result.message
    ev.detail = detail
    ev.applied_at = utcnow()
    ev.resolved_by = actor.staff_id
    ev.resolution = resolution
    ev.reason = reason


def apply_anyway(session: Session, actor: Actor, event_id: str, reason: str) -> OfflineEvent:
    """A manager accepts the event as it happened on the road (docs/bookmobile.md says what
    that does for each exception); refused for the exceptions that need a fix first."""
    require_role(actor, Role.MANAGER)
    why = _reason(reason)
    ev = _exception(session, event_id)
    if ev.code not in FORCEABLE:
        raise Conflict(N_("Offline event {id} ({code}) cannot be applied anyway: fix the reader or item, then "
                          "retry it."), id=event_id, code=ev.code)
    before = ev.code
    with audit.one_entry_for(session):  # the services' entries fold into this action's one
        result = apply_event(session, ev, force=True)
    if result.state is EventState.EXCEPTION:
        raise Conflict(N_("Offline event {id} still cannot be applied ({code}: {message})."), id=event_id,
                       code=result.code, message=result.message)
    _resolve(ev, actor, result, "forced", why)
    audit.record(session, actor, "apply_anyway", "offline_event", None,
                 {"event_id": event_id, "kind": ev.kind, "payload": ev.payload, "code": before, "reason": why,
                  "now": ev.code})
    return ev


def discard(session: Session, actor: Actor, event_id: str, reason: str) -> OfflineEvent:
    """A manager decides the event is not to be applied; it stays, discarded, with the reason."""
    require_role(actor, Role.MANAGER)
    why = _reason(reason)
    ev = _exception(session, event_id)
    before = ev.code
    ev.state = EventState.DISCARDED
    ev.resolved_by = actor.staff_id
    ev.resolution = "discarded"
    ev.reason = why
    audit.record(session, actor, "discard", "offline_event", None,
                 {"event_id": event_id, "code": before, "reason": why})
    return ev


def retry_event(session: Session, actor: Actor, event_id: str) -> OfflineEvent:
    """Replay the event again, as it is, after the reader or item was fixed: it may apply, or
    stay an exception (with the reason of now)."""
    require_role(actor, Role.DESK)
    ev = _exception(session, event_id)
    before = ev.code
    with audit.one_entry_for(session):
        result = apply_event(session, ev, failed_before(session))
    if result.state is EventState.EXCEPTION:
        ev.code = result.code
        ev.detail = {**ev.detail, "message": result.message}
    else:
        _resolve(ev, actor, result, "retried")
    audit.record(session, actor, "retry", "offline_event", None,
                 {"event_id": event_id, "kind": ev.kind, "payload": ev.payload, "code": before,
                  "now": result.code or result.state.value})
    return ev


__all__ = ["Code", "ExceptionRow", "apply_anyway", "discard", "list_exceptions", "retry_event"]
