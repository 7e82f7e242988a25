"""Logging in: password check, failed-try counting and the lock after five failures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, WorkstationError
from workstation.models import ServicePoint, Staff, utcnow
from workstation.services import audit
from workstation.services.admin.passwords import hash_password, needs_rehash, verify_password
from workstation.services.admin.staff import normalize_username
from workstation.services.context import Actor, workstation_name

MAX_FAILED_LOGINS = 5


class LoginFailed(WorkstationError):
    pass


class AccountLocked(LoginFailed):
    pass


@dataclass(frozen=True)
class LoginOutcome:
    """The result of a login attempt. Failures are returned, not raised, so that the caller
    commits the failed-try count and the audit entry along with the refusal."""

    actor: Actor | None
    error: LoginFailed | None = None

    @property
    def ok(self) -> bool:
        return self.actor is not None


def login(session: Session, username: str, password: str, *, service_point_id: int | None = None,
          workstation: str | None = None) -> LoginOutcome:
    workstation = workstation or workstation_name()
    name = normalize_username(username)
    staff = session.scalar(select(Staff).where(Staff.username == name).with_for_update())
    if staff is None:
        audit.record(session, None, "login_failed", "staff", None, {"username": name, "reason": "unknown"},
                     workstation=workstation)
        return LoginOutcome(None, LoginFailed(N_("Wrong username or password.")))
    if staff.locked_at is not None:
        audit.record(session, None, "login_refused", "staff", staff.id,
                     {"username": name, "reason": "locked"}, staff_id=staff.id, workstation=workstation)
        return LoginOutcome(None, AccountLocked(
            N_("The account {username} is locked after {n} wrong passwords. "
               "An administrator can unlock it in the Admin tab."), username=name, n=MAX_FAILED_LOGINS))
    if not staff.active:
        audit.record(session, None, "login_refused", "staff", staff.id,
                     {"username": name, "reason": "inactive"}, staff_id=staff.id, workstation=workstation)
        return LoginOutcome(None, LoginFailed(
            N_("The account {username} is deactivated. Ask an administrator."), username=name))
    if not verify_password(staff.password_hash, password):
        staff.failed_logins += 1
        details: dict[str, object] = {"username": name, "reason": "wrong_password",
                                      "failed_logins": staff.failed_logins}
        if staff.failed_logins >= MAX_FAILED_LOGINS:
            staff.locked_at = utcnow()
            details["locked"] = True
            error: LoginFailed = AccountLocked(
                N_("Wrong password. The account {username} is now locked after {n} wrong passwords; "
                   "an administrator can unlock it."), username=name, n=MAX_FAILED_LOGINS)
        else:
            error = LoginFailed(
                N_("Wrong username or password ({left} tries left before the account is locked)."),
                left=MAX_FAILED_LOGINS - staff.failed_logins)
        audit.record(session, None, "login_failed", "staff", staff.id, details, staff_id=staff.id,
                     workstation=workstation)
        return LoginOutcome(None, error)
    if service_point_id is not None:
        point = session.get(ServicePoint, service_point_id)
        if point is None or not point.active:
            return LoginOutcome(None, LoginFailed(N_("Service point: choose one that is in service.")))
    staff.failed_logins = 0
    staff.last_login_at = utcnow()
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
    actor = Actor.of(staff, workstation, service_point_id)
    audit.record(session, actor, "login", "staff", staff.id,
                 {"username": name, "service_point_id": service_point_id})
    return LoginOutcome(actor)
