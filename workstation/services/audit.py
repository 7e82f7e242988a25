"""The audit trail: one entry per change, written in the same transaction as the change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, joinedload

from workstation.models import AuditEntry, Role
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
