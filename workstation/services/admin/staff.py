"""Staff accounts: creation, roles, passwords, locking and unlocking."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.errors import N_, Conflict, NotFound, PermissionDenied, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, Role, Staff
from workstation.models.kiosk import Kiosk
from workstation.services import audit
from workstation.services.admin import libraries
from workstation.services.admin.passwords import hash_password, validate_new_password, verify_password
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


def normalize_username(value: str) -> str:
    return clean_text(value).lower()


def validate_username(username: str) -> str:
    username = normalize_username(username)
    if not _USERNAME.match(username):
        raise ValidationError(
            "username",
            N_("Username: use 2 to 40 letters, digits, dots, hyphens or underscores, starting with "
               "a letter or digit."),
        )
    return username


def validate_display_name(name: str) -> str:
    name = clean_text(name)
    if not name:
        raise ValidationError("display_name", N_("Name: must not be empty."))
    if len(name) > 60:
        raise ValidationError("display_name", N_("Name: at most {n} characters."), n=60)
    return name


def parse_role(value: str | Role) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationError("role", N_("Role: must be desk, manager or admin.")) from None


def has_any_staff(session: Session) -> bool:
    return session.scalar(select(func.count()).select_from(Staff)) != 0


def get_staff(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(N_("No staff account with number {id}."), id=staff_id)
    return staff


def list_staff(session: Session, actor: Actor) -> Sequence[Staff]:
    """The people's accounts that ``actor`` manages (a branch's administrator: their
    library's). A kiosk's own staff row (it records the kiosk's loans) is not one: kiosks are
    listed and managed on their own page (``kiosks.list_kiosks``)."""
    require_role(actor, Role.ADMIN)
    kiosk_rows = select(Kiosk.id).where(Kiosk.staff_id == Staff.id).exists()
    managed = libraries.managed_library_ids(session, actor)
    return session.scalars(select(Staff).where(~kiosk_rows, Staff.library_id.in_(managed))
                           .order_by(Staff.username)).all()


def _managed(session: Session, actor: Actor, staff_id: int) -> Staff:
    """The account ``staff_id``, if ``actor`` manages its library (the caller checked the role)."""
    staff = get_staff(session, staff_id)
    libraries.require_manages(session, actor, staff.library_id)
    return staff


def _insert(session: Session, username: str, display_name: str, role: Role, password: str,
            library_id: int = CENTRAL_LIBRARY_ID) -> Staff:
    username = validate_username(username)
    display_name = validate_display_name(display_name)
    validate_new_password(password)
    if session.scalar(select(Staff.id).where(Staff.username == username)) is not None:
        raise Conflict(N_("Username: {username} is already taken."), username=username)
    staff = Staff(username=username, display_name=display_name, role=role,
                  password_hash=hash_password(password), active=True, failed_logins=0, library_id=library_id)
    session.add(staff)
    session.flush()
    return staff


def create_first_admin(session: Session, username: str, display_name: str, password: str,
                       workstation: str | None = None) -> Staff:
    """The administrator of a new database. Refused once any account exists, so it can't be
    used to slip a second administrator in."""
    if has_any_staff(session):
        raise PermissionDenied(N_("The first administrator already exists; log in and add accounts "
                                  "in the Admin tab."))
    staff = _insert(session, username, display_name, Role.ADMIN, password)
    audit.record(session, None, "create", "staff", staff.id,
                 {"username": staff.username, "role": staff.role.value, "first_admin": True},
                 staff_id=staff.id, workstation=workstation)
    return staff


def create_staff(session: Session, actor: Actor, username: str, display_name: str,
                 role: Role | str, password: str, *, library_id: int | None = None) -> Staff:
    """A new account in library ``library_id`` (default: the administrator's own)."""
    require_role(actor, Role.ADMIN)
    library_id = library_id if library_id is not None else libraries.actor_library(session, actor)
    libraries.get_library(session, library_id)
    libraries.require_manages(session, actor, library_id)
    staff = _insert(session, username, display_name, parse_role(role), password, library_id)
    audit.record(session, actor, "create", "staff", staff.id,
                 {"username": staff.username, "display_name": staff.display_name,
                  "role": staff.role.value, "library_id": library_id})
    return staff


def _active_admins(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Staff).where(Staff.role == Role.ADMIN, Staff.active.is_(True))
    ) or 0


def update_staff(session: Session, actor: Actor, staff_id: int, *, display_name: str | None = None,
                 role: Role | str | None = None, active: bool | None = None,
                 library_id: int | None = None) -> Staff:
    """Change name, role, active flag or library; one audit entry listing what changed. A
    branch's administrator changes only their library's accounts, and moves none away."""
    require_role(actor, Role.ADMIN)
    staff = _managed(session, actor, staff_id)
    changes: dict[str, list[object]] = {}
    if library_id is not None and library_id != staff.library_id:
        libraries.get_library(session, library_id)
        libraries.require_manages(session, actor, library_id)
        changes["library_id"] = [staff.library_id, library_id]
        staff.library_id = library_id
    if display_name is not None:
        new_name = validate_display_name(display_name)
        if new_name != staff.display_name:
            changes["display_name"] = [staff.display_name, new_name]
            staff.display_name = new_name
    if role is not None:
        new_role = parse_role(role)
        if new_role != staff.role:
            changes["role"] = [staff.role.value, new_role.value]
            staff.role = new_role
    if active is not None and active != staff.active:
        changes["active"] = [staff.active, active]
        staff.active = active
    if not changes:
        return staff
    session.flush()
    if _active_admins(session) == 0:
        raise Conflict(N_("At least one active administrator must remain."))
    audit.record(session, actor, "update", "staff", staff.id, {"username": staff.username, **changes})
    return staff


def reset_password(session: Session, actor: Actor, staff_id: int, new_password: str) -> Staff:
    """An administrator sets a new password; this also unlocks the account."""
    require_role(actor, Role.ADMIN)
    validate_new_password(new_password)
    staff = _managed(session, actor, staff_id)
    staff.password_hash = hash_password(new_password)
    staff.failed_logins = 0
    staff.locked_at = None
    audit.record(session, actor, "reset_password", "staff", staff.id, {"username": staff.username})
    return staff


def change_own_password(session: Session, actor: Actor, old_password: str, new_password: str) -> None:
    staff = get_staff(session, actor.staff_id)
    if not verify_password(staff.password_hash, old_password):
        raise ValidationError("old_password", N_("Current password: this is not your current password."))
    validate_new_password(new_password, "new_password")
    if old_password == new_password:
        raise ValidationError("new_password", N_("New password: must differ from the current one."))
    staff.password_hash = hash_password(new_password)
    audit.record(session, actor, "change_password", "staff", staff.id, {"username": staff.username})


def unlock(session: Session, actor: Actor, staff_id: int) -> Staff:
    require_role(actor, Role.ADMIN)
    staff = _managed(session, actor, staff_id)
    if staff.locked_at is None and staff.failed_logins == 0:
        return staff
    staff.locked_at = None
    staff.failed_logins = 0
    audit.record(session, actor, "unlock", "staff", staff.id, {"username": staff.username})
    return staff
