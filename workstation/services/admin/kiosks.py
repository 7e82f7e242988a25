"""Self-service kiosk accounts (自助设备): administrators add, change and disable them.

A kiosk logs into the SIP2 server (``workstation sip2 serve``) with its login (CN) and
password (CO). Its transactions are recorded under its own staff row (see
``models/kiosk.py``), at its service point; that row can never log into the program's
windows (``auth.login`` refuses it). Every change is audited; the password is argon2id.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import Role, ServicePoint, ServicePointKind, Staff, utcnow
from workstation.models.kiosk import DueDateFormat, Kiosk, KioskCharset, KioskChecksum, KioskTerminator
from workstation.services import audit
from workstation.services.admin import libraries
from workstation.services.admin.passwords import hash_password, validate_new_password, verify_password
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
STAFF_PREFIX = "kiosk."
# a hash no password matches: the kiosk's staff row has no password of its own
NO_PASSWORD = "!kiosk-account-no-login"


def validate_login(login: str) -> str:
    value = clean_text(login).lower()
    if not _LOGIN.match(value):
        raise ValidationError("login", N_("Kiosk login: use 2 to 32 letters, digits, dots, hyphens or underscores, "
                                          "starting with a letter or digit."))
    return value


def _point(session: Session, point_id: int) -> ServicePoint:
    point = session.get(ServicePoint, point_id)
    if point is None or not point.active or point.kind is not ServicePointKind.LENDING_DESK:
        raise ValidationError("service_point", N_("Service point: choose a lending desk that is in service."))
    return point


def _choice(enum_cls: type, value: object, field: str) -> object:
    try:
        return enum_cls(value)
    except ValueError:
        raise ValidationError(field, N_("{field}: not one of the offered values."), field=field) from None


def _institution(value: str) -> str:
    text = clean_text(value)
    if len(text) > 40 or "|" in text:
        raise ValidationError("institution_id", N_("Institution id (AO): at most 40 characters, no |."))
    return text


@dataclass(frozen=True)
class KioskSettings:
    """What an administrator sets for a kiosk, besides its login and password."""

    service_point_id: int
    charset: str = KioskCharset.UTF8.value
    checksum: str = KioskChecksum.STRICT.value
    terminator: str = KioskTerminator.CR.value
    due_date_format: str = DueDateFormat.SIP.value
    institution_id: str = ""
    may_renew: bool = True
    send_address: bool = False
    send_phone: bool = False
    send_email: bool = False


def _apply(session: Session, kiosk: Kiosk, settings: KioskSettings) -> dict[str, list[object]]:
    values: dict[str, object] = {
        "service_point_id": _point(session, settings.service_point_id).id,
        "charset": _choice(KioskCharset, settings.charset, "charset"),
        "checksum": _choice(KioskChecksum, settings.checksum, "checksum"),
        "terminator": _choice(KioskTerminator, settings.terminator, "terminator"),
        "due_date_format": _choice(DueDateFormat, settings.due_date_format, "due_date_format"),
        "institution_id": _institution(settings.institution_id),
        "may_renew": bool(settings.may_renew),
        "send_address": bool(settings.send_address),
        "send_phone": bool(settings.send_phone),
        "send_email": bool(settings.send_email),
    }
    changes: dict[str, list[object]] = {}
    for name, value in values.items():
        old = getattr(kiosk, name, None)
        if old != value:
            changes[name] = [str(old) if old is not None else None, str(value)]
            setattr(kiosk, name, value)
    return changes


def create_kiosk(session: Session, actor: Actor, login: str, password: str, settings: KioskSettings) -> Kiosk:
    require_role(actor, Role.ADMIN)
    name = validate_login(login)
    validate_new_password(password)
    if session.scalar(select(Kiosk.id).where(Kiosk.login == name)) is not None \
            or session.scalar(select(Staff.id).where(Staff.username == STAFF_PREFIX + name)) is not None:
        raise Conflict(N_("A kiosk with the login {login} already exists."), login=name)
    staff = Staff(username=STAFF_PREFIX + name, display_name=f"自助借还机 {name}"[:60], role=Role.DESK,
                  password_hash=NO_PASSWORD, active=False)
    session.add(staff)
    session.flush()
    kiosk = Kiosk(login=name, password_hash=hash_password(password), staff_id=staff.id, active=True)
    _apply(session, kiosk, settings)
    _to_point_library(session, actor, kiosk)
    session.add(kiosk)
    session.flush()
    audit.record(session, actor, "create", "kiosk", kiosk.id,
                 {"login": name, "service_point_id": kiosk.service_point_id, "charset": kiosk.charset.value,
                  "checksum": kiosk.checksum.value, "terminator": kiosk.terminator.value,
                  "institution_id": kiosk.institution_id})
    return kiosk


def _to_point_library(session: Session, actor: Actor, kiosk: Kiosk) -> None:
    """A kiosk works for the library of its service point: its staff row (under which its
    loans are recorded) belongs there, and only that library's administrators set it up."""
    library_id = libraries.library_of_point(session, kiosk.service_point_id)
    libraries.require_manages(session, actor, library_id)
    staff = session.get(Staff, kiosk.staff_id)
    if staff is not None and staff.library_id != library_id:
        staff.library_id = library_id


def get_kiosk(session: Session, kiosk_id: int) -> Kiosk:
    kiosk = session.get(Kiosk, kiosk_id)
    if kiosk is None:
        raise NotFound(N_("No kiosk with number {id}."), id=kiosk_id)
    return kiosk


def find_kiosk(session: Session, login: str) -> Kiosk:
    kiosk = session.scalar(select(Kiosk).where(Kiosk.login == clean_text(login).lower()))
    if kiosk is None:
        raise NotFound(N_("No kiosk with the login {login}."), login=login)
    return kiosk


def list_kiosks(session: Session, actor: Actor) -> Sequence[Kiosk]:
    require_role(actor, Role.ADMIN)
    return session.scalars(select(Kiosk).order_by(Kiosk.login)).all()


def update_kiosk(session: Session, actor: Actor, kiosk_id: int, settings: KioskSettings) -> Kiosk:
    require_role(actor, Role.ADMIN)
    kiosk = get_kiosk(session, kiosk_id)
    libraries.require_manages(session, actor, libraries.library_of_point(session, kiosk.service_point_id))
    changes = _apply(session, kiosk, settings)
    _to_point_library(session, actor, kiosk)
    if changes:
        audit.record(session, actor, "update", "kiosk", kiosk.id, {"login": kiosk.login, "changes": changes})
    return kiosk


def set_active(session: Session, actor: Actor, kiosk_id: int, active: bool) -> Kiosk:
    require_role(actor, Role.ADMIN)
    kiosk = get_kiosk(session, kiosk_id)
    if kiosk.active != active:
        kiosk.active = active
        audit.record(session, actor, "enable" if active else "disable", "kiosk", kiosk.id, {"login": kiosk.login})
    return kiosk


def set_password(session: Session, actor: Actor, kiosk_id: int, password: str) -> Kiosk:
    require_role(actor, Role.ADMIN)
    kiosk = get_kiosk(session, kiosk_id)
    validate_new_password(password)
    kiosk.password_hash = hash_password(password)
    audit.record(session, actor, "reset_password", "kiosk", kiosk.id, {"login": kiosk.login})
    return kiosk


def generate_password() -> str:
    """A password a kiosk vendor types once: 16 characters, letters and digits mixed."""
    return "k" + secrets.token_hex(6) + "-" + str(secrets.randbelow(900) + 100)


def is_kiosk_staff(session: Session, staff_id: int) -> bool:
    return session.scalar(select(Kiosk.id).where(Kiosk.staff_id == staff_id)) is not None


@dataclass(frozen=True)
class KioskLogin:
    """What the SIP2 server keeps about a logged-in kiosk (plain values, no ORM object)."""

    kiosk_id: int
    login: str
    staff_id: int
    staff_username: str
    service_point_id: int
    service_point_name: str
    charset: str
    checksum: str
    terminator: str
    due_date_format: str
    institution_id: str
    may_renew: bool
    send_address: bool
    send_phone: bool
    send_email: bool


def authenticate(session: Session, login: str, password: str, address: str) -> KioskLogin | None:
    """Check a kiosk's login (SIP2 93). Success and failure are audited, naming the address;
    unknown logins and wrong passwords look the same to the kiosk."""
    name = clean_text(login).lower()
    kiosk = session.scalar(select(Kiosk).where(Kiosk.login == name))
    where = f"sip2:{address}"
    if kiosk is None or not verify_password(kiosk.password_hash, password):
        audit.record(session, None, "login_failed", "kiosk", kiosk.id if kiosk else None,
                     {"login": name[:40], "address": address,
                      "reason": "unknown" if kiosk is None else "wrong_password"},
                     workstation=where)
        return None
    point = session.get(ServicePoint, kiosk.service_point_id)
    if not kiosk.active or point is None or not point.active:
        audit.record(session, None, "login_refused", "kiosk", kiosk.id,
                     {"login": name, "address": address, "reason": "inactive"}, workstation=where)
        return None
    staff = session.get(Staff, kiosk.staff_id)
    assert staff is not None
    kiosk.last_login_at = utcnow()
    audit.record(session, None, "login", "kiosk", kiosk.id, {"login": name, "address": address},
                 staff_id=staff.id, workstation=where)
    return KioskLogin(kiosk.id, kiosk.login, staff.id, staff.username, point.id, point.name, kiosk.charset.value,
                      kiosk.checksum.value, kiosk.terminator.value, kiosk.due_date_format.value,
                      kiosk.institution_id, kiosk.may_renew, kiosk.send_address, kiosk.send_phone, kiosk.send_email)
