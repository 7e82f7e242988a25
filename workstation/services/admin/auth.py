"""Logging in, and a manager's password given at someone else's desk: password check,
failed-try counting and the lock after five failures.

Whoever does not know the password learns nothing from the answer: an unknown username, a
wrong password, a locked and a deactivated account all get the same "wrong username or
password", after the same password hashing work. Only the right password of a locked or
deactivated account hears why it is refused.

A manager's password typed into the override dialog counts like a login: a wrong one
adds to the same counter and locks the account at the fifth, with an audit entry. The
override is refused by raising, which rolls the desk's transaction back; the failure is
then written again in a transaction of its own (``WorkstationError.record_after_rollback``,
run by ``Database.begin``), so that no caller can forget to keep it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, ValidationError, WorkstationError
from workstation.models import CENTRAL_LIBRARY_ID, Library, Role, ServicePoint, Staff, utcnow
from workstation.services import audit
from workstation.services.admin.passwords import hash_password, needs_rehash, verify_password
from workstation.services.admin.staff import normalize_username
from workstation.services.context import Actor, workstation_name

MAX_FAILED_LOGINS = 5
WRONG = N_("Wrong username or password. After {n} wrong passwords in a row an account is locked "
           "until an administrator unlocks it.")
# verified for unknown usernames, so that they take as long to refuse as a wrong password
_DUMMY_HASH = hash_password("not a password of anybody")


class LoginFailed(WorkstationError):
    pass


class AccountLocked(LoginFailed):
    pass


def wrong_username_or_password() -> LoginFailed:
    return LoginFailed(WRONG, n=MAX_FAILED_LOGINS)


@dataclass(frozen=True)
class LoginOutcome:
    """The result of a login attempt. Failures are returned, not raised, so that the caller
    commits the failed-try count and the audit entry along with the refusal."""

    actor: Actor | None
    error: LoginFailed | None = None

    @property
    def ok(self) -> bool:
        return self.actor is not None


def _count_failure(session: Session, staff_id: int, action: str, details: dict[str, Any],
                   actor: Actor | None, workstation: str) -> bool:
    """One more wrong password for the account ``staff_id`` (locked at the fifth) and its
    audit entry. Returns whether the account is now locked."""
    staff = session.scalar(select(Staff).where(Staff.id == staff_id).with_for_update())
    if staff is None:  # pragma: no cover - deleted meanwhile: accounts are never deleted
        return False
    staff.failed_logins += 1
    details = {**details, "failed_logins": staff.failed_logins}
    if staff.failed_logins >= MAX_FAILED_LOGINS and staff.locked_at is None:
        staff.locked_at = utcnow()
        details["locked"] = True
    audit.record(session, actor, action, "staff", staff.id, details,
                 staff_id=None if actor is not None else staff.id, workstation=workstation)
    return staff.locked_at is not None


def login(session: Session, username: str, password: str, *, service_point_id: int | None = None,
          workstation: str | None = None) -> LoginOutcome:
    workstation = workstation or workstation_name()
    name = normalize_username(username)
    staff = session.scalar(select(Staff).where(Staff.username == name).with_for_update())
    if staff is None:
        verify_password(_DUMMY_HASH, password)
        audit.record(session, None, "login_failed", "staff", None, {"username": name, "reason": "unknown"},
                     workstation=workstation)
        return LoginOutcome(None, wrong_username_or_password())
    right = verify_password(staff.password_hash, password)
    if staff.username.startswith("kiosk.") and _is_kiosk(session, staff.id):
        # a self-service kiosk's row: its transactions are recorded under it, nobody logs in with it
        audit.record(session, None, "login_refused", "staff", staff.id,
                     {"username": name, "reason": "kiosk"}, staff_id=staff.id, workstation=workstation)
        return LoginOutcome(None, wrong_username_or_password())
    if staff.locked_at is not None:
        audit.record(session, None, "login_refused", "staff", staff.id,
                     {"username": name, "reason": "locked", "right_password": right}, staff_id=staff.id,
                     workstation=workstation)
        if not right:
            return LoginOutcome(None, wrong_username_or_password())
        return LoginOutcome(None, AccountLocked(
            N_("The account {username} is locked after {n} wrong passwords. "
               "An administrator can unlock it in the Admin tab."), username=name, n=MAX_FAILED_LOGINS))
    if not right:
        _count_failure(session, staff.id, "login_failed", {"username": name, "reason": "wrong_password"},
                       None, workstation)
        return LoginOutcome(None, wrong_username_or_password())
    if not staff.active:
        audit.record(session, None, "login_refused", "staff", staff.id,
                     {"username": name, "reason": "inactive"}, staff_id=staff.id, workstation=workstation)
        return LoginOutcome(None, LoginFailed(
            N_("The account {username} is deactivated. Ask an administrator."), username=name))
    if service_point_id is not None:
        point = session.get(ServicePoint, service_point_id)
        if point is None or not point.active:
            return LoginOutcome(None, LoginFailed(N_("Service point: choose one that is in service.")))
        if point.library_id != staff.library_id and not (staff.role is Role.ADMIN
                                                         and staff.library_id == CENTRAL_LIBRARY_ID):
            audit.record(session, None, "login_refused", "staff", staff.id,
                         {"username": name, "reason": "other_library", "service_point_id": service_point_id},
                         staff_id=staff.id, workstation=workstation)
            own, there = session.get(Library, staff.library_id), session.get(Library, point.library_id)
            return LoginOutcome(None, LoginFailed(
                N_("Service point: {point} belongs to {other}, and {username} works at {own}. "
                   "Choose a service point of {own}."), point=point.name, other=there.name if there else "?",
                username=name, own=own.name if own else "?"))
    staff.failed_logins = 0
    staff.last_login_at = utcnow()
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
    actor = Actor.of(staff, workstation, service_point_id)
    audit.record(session, actor, "login", "staff", staff.id,
                 {"username": name, "service_point_id": service_point_id})
    return LoginOutcome(actor)


def manager_for_override(session: Session, actor: Actor, username: str, password: str,
                         details: dict[str, Any]) -> Staff:
    """The manager (or administrator) whose username and password were typed at ``actor``'s
    desk to lift a rule. A wrong password counts towards that account's lockout like a
    failed login and is audited (``override_failed``), also when the caller's transaction
    rolls back; unknown, locked and deactivated accounts get the same answer."""
    name = normalize_username(username)
    staff = session.scalar(select(Staff).where(Staff.username == name))
    refusal = ValidationError("password", N_("Manager password: wrong username or password. After {n} wrong "
                                             "passwords in a row the account is locked."), n=MAX_FAILED_LOGINS)
    entry = {**details, "manager": name}
    workstation = actor.workstation
    if staff is None:
        verify_password(_DUMMY_HASH, password)
        entry["reason"] = "unknown"

        def unknown(s: Session) -> None:
            audit.record(s, actor, "override_failed", "staff", None, entry, workstation=workstation)

        unknown(session)
        refusal.record_after_rollback = unknown
        raise refusal
    staff_id = staff.id
    if not verify_password(staff.password_hash, password):
        entry["reason"] = "wrong_password"

        def count(s: Session) -> None:
            _count_failure(s, staff_id, "override_failed", entry, actor, workstation)

        count(session)
        refusal.record_after_rollback = count
        raise refusal
    if staff.locked_at is not None or not staff.active:
        entry["reason"] = "locked" if staff.locked_at is not None else "inactive"

        def refused(s: Session) -> None:
            audit.record(s, actor, "override_failed", "staff", staff_id, entry, workstation=workstation)

        refused(session)
        closed = ValidationError("username", N_("Manager: the account {user} is locked or deactivated; an "
                                                "administrator can unlock it."), user=name)
        closed.record_after_rollback = refused
        raise closed
    if staff.role.rank < Role.MANAGER.rank:
        raise ValidationError("username", N_("Manager: {user} is not a manager."), user=staff.username)
    staff.failed_logins = 0
    return staff


def _is_kiosk(session: Session, staff_id: int) -> bool:
    from workstation.models.kiosk import Kiosk

    return session.scalar(select(Kiosk.id).where(Kiosk.staff_id == staff_id)) is not None
