"""The audit trail: one entry per change, written in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Insert, bindparam, insert, select
from sqlalchemy.orm import Session, joinedload

from workstation.models import AuditEntry, Role, utcnow
from workstation.services.context import Actor, require_role, workstation_name


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None = None,
    details: dict[str, Any] | None = None,
    *,
    staff_id: int | None = None,
    workstation: str | None = None,
    at_once: bool = False,
) -> AuditEntry | None:
    """Add an audit entry to ``session``; it commits or rolls back with the change itself.
    Inside ``one_entry_for(session)`` the entry is made but not added (see there).

    ``at_once``: the entry is inserted now by a prebuilt Core statement on the session's
    connection instead of by the ORM's flush (which costs more than the insert on the desk's
    hottest paths, the loan and the return); the rows it names must be in the database
    already. Nothing is returned then."""
    if at_once:
        if not session.info.get(_FOLDED):
            session.connection().execute(_INSERT, {
                "staff_id": actor.staff_id if actor is not None else staff_id,
                "workstation": workstation or (actor.workstation if actor is not None else workstation_name()),
                "action": action, "entity": entity, "entity_id": entity_id, "details": dict(details or {})})
        return None
    entry = AuditEntry(
        staff_id=actor.staff_id if actor is not None else staff_id,
        workstation=workstation or (actor.workstation if actor is not None else workstation_name()),
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=dict(details or {}),
    )
    if not session.info.get(_FOLDED):
        session.add(entry)
    return entry


_FOLDED = "workstation.audit.folded"
_INSERT = insert(AuditEntry)
_COLUMNS = AuditEntry.__table__.c


def insert_naming(entity_id: ColumnElement[Any]) -> Insert:
    """``INSERT INTO audit_entry … SELECT`` the entry whose entity id is ``entity_id``: a
    column of a data-changing CTE's RETURNING (PostgreSQL). A statement that changes rows
    and ends with this writes its own entry in the same round trip, one entry per row it
    changed, and none when it changed nothing. Its parameters: ``entry_params``. RETURNING
    the entity id: no row back means nothing was changed, and no entry was written."""
    def param(name: str) -> Any:
        return bindparam(f"audit_{name}", type_=_COLUMNS[name].type)

    source = select(param("at"), param("staff_id"), param("workstation"), param("action"), param("entity"),
                    entity_id, param("details"))
    return insert(AuditEntry).from_select(["at", "staff_id", "workstation", "action", "entity", "entity_id",
                                           "details"], source).returning(AuditEntry.entity_id)


def entry_params(actor: Actor, action: str, entity: str, details: dict[str, Any]) -> dict[str, object]:
    """The parameters of an ``insert_naming`` statement (which ``record`` would have written)."""
    return {"audit_at": utcnow(), "audit_staff_id": actor.staff_id, "audit_workstation": actor.workstation,
            "audit_action": action, "audit_entity": entity, "audit_details": dict(details)}


def folded(session: Session) -> bool:
    """Inside ``one_entry_for(session)``: the inner services write no entry of their own."""
    return bool(session.info.get(_FOLDED))


@contextmanager
def one_entry_for(session: Session) -> Iterator[None]:
    """For a service built from other services (an import of many rows): the entries of
    the inner services are left out, so that the outer service writes the one entry of the
    whole action (listing what it did) after this block."""
    before = session.info.get(_FOLDED, False)
    session.info[_FOLDED] = True
    try:
        yield
    finally:
        session.info[_FOLDED] = before


def list_entries(
    session: Session,
    actor: Actor,
    *,
    entity: str | None = None,
    entity_id: int | None = None,
    action: str | None = None,
    since: dt.datetime | None = None,
    limit: int = 500,
) -> Sequence[AuditEntry]:
    """Newest first. Managers and administrators may read the trail."""
    require_role(actor, Role.MANAGER)
    query = select(AuditEntry).options(joinedload(AuditEntry.staff)).order_by(AuditEntry.id.desc())
    if entity is not None:
        query = query.where(AuditEntry.entity == entity)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    return session.scalars(query.limit(limit)).all()
