"""Libraries (总分馆): the central library and its county branches.

Every service point, item and staff account belongs to one library; a reader belongs to the
library of the service point that registered them. Only an administrator of the central
library adds or renames libraries.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, NotFound, PermissionDenied, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, Library, Role, ServicePoint, Staff
from workstation.services import audit
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

CODE_MAX = 16
NAME_MAX = 100


def central(session: Session) -> Library:
    library = session.get(Library, CENTRAL_LIBRARY_ID)
    assert library is not None, "the migration creates the central library"
    return library


def libraries(session: Session, *, include_inactive: bool = False) -> Sequence[Library]:
    """Central library first, then the branches in their order."""
    query = select(Library).order_by(Library.is_central.desc(), Library.sort_order, Library.id)
    if not include_inactive:
        query = query.where(Library.active.is_(True))
    return session.scalars(query).all()


def get_library(session: Session, library_id: int) -> Library:
    library = session.get(Library, library_id)
    if library is None:
        raise NotFound(N_("No library with id {id}."), id=library_id)
    return library


def library_of_point(session: Session, point_id: int) -> int:
    library_id = session.scalar(select(ServicePoint.library_id).where(ServicePoint.id == point_id))
    if library_id is None:
        raise NotFound(N_("No service point with id {id}."), id=point_id)
    return library_id


def point_ids(session: Session, library_id: int) -> list[int]:
    """The service points of one library (retired ones too: their history still counts)."""
    return list(session.scalars(select(ServicePoint.id).where(ServicePoint.library_id == library_id)))


def actor_library(session: Session, actor: Actor) -> int:
    library_id = session.scalar(select(Staff.library_id).where(Staff.id == actor.staff_id))
    if library_id is None:
        raise NotFound(N_("No staff account with id {id}."), id=actor.staff_id)
    return library_id


def require_city_admin(session: Session, actor: Actor) -> None:
    """Refuse unless ``actor`` is an administrator of the central library."""
    require_role(actor, Role.ADMIN)
    if actor_library(session, actor) != CENTRAL_LIBRARY_ID:
        raise PermissionDenied(N_("Permission denied: only an administrator of the central library may do this."))


def _checked(session: Session, code: str, name: str, library_id: int | None) -> tuple[str, str]:
    code = clean_text(code).upper()
    name = clean_text(name)
    if not code:
        raise ValidationError("code", N_("Library code: must not be empty."))
    if len(code) > CODE_MAX or not code.isascii() or not code.replace("-", "").isalnum():
        raise ValidationError("code", N_("Library code: letters, digits and '-' only, at most {n}."), n=CODE_MAX)
    if not name:
        raise ValidationError("name", N_("Library name: must not be empty."))
    if len(name) > NAME_MAX:
        raise ValidationError("name", N_("Library name: at most {n} characters."), n=NAME_MAX)
    taken = (
        (Library.code, code, "code", N_("Library code: {value} is taken by another library.")),
        (Library.name, name, "name", N_("Library name: {value} is taken by another library.")),
    )
    for column, value, field, message in taken:
        other = session.scalar(select(Library.id).where(column == value))
        if other is not None and other != library_id:
            raise ValidationError(field, message, value=value)
    return code, name


def create_library(session: Session, actor: Actor, code: str, name: str) -> Library:
    """Add a branch library (分馆)."""
    require_city_admin(session, actor)
    code, name = _checked(session, code, name, None)
    order = len(libraries(session, include_inactive=True))
    library = Library(code=code, name=name, is_central=False, sort_order=order)
    session.add(library)
    session.flush()
    audit.record(session, actor, "create", "library", library.id, {"code": code, "name": name})
    return library


def rename_library(session: Session, actor: Actor, library_id: int, code: str, name: str) -> Library:
    require_city_admin(session, actor)
    library = get_library(session, library_id)
    code, name = _checked(session, code, name, library_id)
    old = {"code": library.code, "name": library.name}
    if old == {"code": code, "name": name}:
        return library
    library.code, library.name = code, name
    audit.record(session, actor, "update", "library", library.id, {"old": old, "new": {"code": code, "name": name}})
    return library
