"""Libraries (总分馆): the central library and its county branches.

Every service point, item and staff account belongs to one library; a reader belongs to the
library of the service point that registered them. Only an administrator of the central
library (the city's administrator) adds or renames libraries.

Who may do what: an account works at its own library's service points (the city's
administrator at any); a branch's administrator manages that library's accounts, service
points and settings, the city's administrator every library's (``require_manages``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, NotFound, PermissionDenied, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, Library, LoanRulesBy, Role, ServicePoint, Staff
from workstation.services import audit
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

CODE_MAX = 16
NAME_MAX = 100
TRANSIT_DAYS_MAX = 365

LOAN_RULES_BY_LABELS = {
    LoanRulesBy.LENDING: N_("the lending library's rules"),
    LoanRulesBy.OWNING: N_("this library's own rules"),
}


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


def slip_name(session: Session, point_id: int | None) -> str:
    """The name a slip printed at service point ``point_id`` is headed with: its library's
    (the central library's is the library-name setting, "" when unset)."""
    library_id = library_of_point(session, point_id) if point_id is not None else CENTRAL_LIBRARY_ID
    if library_id == CENTRAL_LIBRARY_ID:
        from workstation.services.admin.library import library_name  # it imports this module

        return library_name(session)
    return get_library(session, library_id).name


def is_city_admin(session: Session, actor: Actor) -> bool:
    return actor.role is Role.ADMIN and actor_library(session, actor) == CENTRAL_LIBRARY_ID


def managed_library_ids(session: Session, actor: Actor) -> list[int]:
    """The libraries whose accounts, desks and settings ``actor`` manages: every library for
    the city's administrator, their own for a branch's administrator, none for others."""
    if actor.role is not Role.ADMIN:
        return []
    own = actor_library(session, actor)
    if own == CENTRAL_LIBRARY_ID:
        return [library.id for library in libraries(session, include_inactive=True)]
    return [own]


def require_manages(session: Session, actor: Actor, library_id: int, *, role: Role = Role.ADMIN) -> None:
    """Refuse unless ``actor`` (with at least ``role``) may manage library ``library_id``: an
    account of that library, or of the central library (which manages all)."""
    require_role(actor, role)
    own = actor_library(session, actor)
    if own in (CENTRAL_LIBRARY_ID, library_id):
        return
    raise PermissionDenied(
        N_("Permission denied: {user} belongs to {own} and manages only that library's accounts, desks and "
           "settings, not those of {other}."),
        user=actor.username, own=get_library(session, own).name, other=get_library(session, library_id).name)


def require_all_libraries(session: Session, actor: Actor, *, role: Role = Role.ADMIN) -> None:
    """Refuse unless ``actor`` (with at least ``role``) belongs to the central library: a
    setting for every library is the city's."""
    require_role(actor, role)
    if actor_library(session, actor) != CENTRAL_LIBRARY_ID:
        raise PermissionDenied(N_("Permission denied: a setting for every library is made at the central "
                                  "library; {user} may change only their own library's."), user=actor.username)


def check_works_at(session: Session, actor: Actor, point_id: int, *, staff_library: int | None = None,
                   point_library: int | None = None) -> None:
    """Refuse unless ``actor`` may work at service point ``point_id``: it belongs to their
    library, or they are the city's administrator. The callers on the desk's path pass the
    two libraries they already read."""
    own = staff_library if staff_library is not None else actor_library(session, actor)
    there = point_library if point_library is not None else library_of_point(session, point_id)
    if own == there or (own == CENTRAL_LIBRARY_ID and actor.role is Role.ADMIN):
        return
    point = session.get(ServicePoint, point_id)
    raise PermissionDenied(
        N_("Permission denied: {user} works at {own}; the service point {point} belongs to {other}. "
           "Log in at a service point of {own}."),
        user=actor.username, own=get_library(session, own).name, point=point.name if point else str(point_id),
        other=get_library(session, there).name)


def set_library_options(session: Session, actor: Actor, library_id: int, *,
                        loan_rules_by: LoanRulesBy | str | None = None,
                        transit_days: int | None = None) -> Library:
    """A library's circulation settings: whose loan rules its items follow when lent at
    another library, and after how many days an item travelling to it is late."""
    require_role(actor, Role.ADMIN)
    require_manages(session, actor, library_id)
    library = get_library(session, library_id)
    changes: dict[str, list[object]] = {}
    if loan_rules_by is not None:
        try:
            mode = LoanRulesBy(loan_rules_by)
        except ValueError:
            raise ValidationError("loan_rules_by", N_("Loan rules: must be lending or owning.")) from None
        if mode is not library.loan_rules_by:
            changes["loan_rules_by"] = [library.loan_rules_by.value, mode.value]
            library.loan_rules_by = mode
    if transit_days is not None:
        if isinstance(transit_days, bool) or not isinstance(transit_days, int) \
                or not 1 <= transit_days <= TRANSIT_DAYS_MAX:
            raise ValidationError("transit_days", N_("Days in transit: a whole number from 1 to {n}."),
                                  n=TRANSIT_DAYS_MAX)
        if transit_days != library.transit_days:
            changes["transit_days"] = [library.transit_days, transit_days]
            library.transit_days = transit_days
    if changes:
        audit.record(session, actor, "update", "library", library.id, {"code": library.code, **changes})
    return library


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
