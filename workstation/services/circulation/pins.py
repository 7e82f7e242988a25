"""Readers' kiosk PINs (SIP2 AD) and whether kiosks require one.

The desk sets or resets a reader's PIN (argon2id; never shown, never in the audit); the
kiosk server checks it. ``kiosk_require_pin`` is a library setting (on by default): when it
is on, a kiosk may lend, renew or show a reader's loans only with the right PIN.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, NotFound, ValidationError
from workstation.models import LibrarySetting, Role
from workstation.models.circulation import Reader
from workstation.models.kiosk import ReaderPin
from workstation.services import audit
from workstation.services.admin import hash_password, verify_password
from workstation.services.context import Actor, require_role

REQUIRE_PIN = "kiosk_require_pin"
PIN_MIN, PIN_MAX = 4, 12


def validate_pin(pin: str) -> str:
    if not pin.isascii() or not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX:
        raise ValidationError("pin", N_("PIN: {min} to {max} digits."), min=PIN_MIN, max=PIN_MAX)
    if len(set(pin)) == 1:
        raise ValidationError("pin", N_("PIN: not one digit repeated."))
    return pin


def set_pin(session: Session, actor: Actor, reader_id: int, pin: str) -> None:
    """Set or reset a reader's PIN at the desk (the reader types it, nobody sees it)."""
    require_role(actor, Role.DESK)
    reader = session.get(Reader, reader_id)
    if reader is None:
        raise NotFound(N_("No reader with number {id}."), id=reader_id)
    value = validate_pin(pin)
    row = session.get(ReaderPin, reader.id)
    existed = row is not None
    if row is None:
        session.add(ReaderPin(reader_id=reader.id, pin_hash=hash_password(value), set_by=actor.staff_id))
    else:
        row.pin_hash = hash_password(value)
        row.set_by = actor.staff_id
        from workstation.models import utcnow
        row.set_at = utcnow()
    audit.record(session, actor, "reset_pin" if existed else "set_pin", "reader", reader.id,
                 {"card_number": reader.card_number})


def clear_pin(session: Session, actor: Actor, reader_id: int) -> None:
    require_role(actor, Role.DESK)
    row = session.get(ReaderPin, reader_id)
    if row is not None:
        session.delete(row)
        audit.record(session, actor, "clear_pin", "reader", reader_id, {})


def has_pin(session: Session, reader_id: int) -> bool:
    return session.scalar(select(ReaderPin.reader_id).where(ReaderPin.reader_id == reader_id)) is not None


def check_pin(session: Session, reader_id: int, pin: str) -> bool:
    """True when ``pin`` is the reader's PIN. A reader without a PIN never matches."""
    pin_hash = session.scalar(select(ReaderPin.pin_hash).where(ReaderPin.reader_id == reader_id))
    return pin_hash is not None and verify_password(pin_hash, pin)


def kiosk_requires_pin(session: Session) -> bool:
    setting = session.get(LibrarySetting, REQUIRE_PIN)
    return setting is None or setting.value != "0"


def set_kiosk_requires_pin(session: Session, actor: Actor, required: bool) -> None:
    require_role(actor, Role.ADMIN)
    old = kiosk_requires_pin(session)
    if old == required:
        return
    setting = session.get(LibrarySetting, REQUIRE_PIN)
    value = "1" if required else "0"
    if setting is None:
        session.add(LibrarySetting(key=REQUIRE_PIN, value=value))
    else:
        setting.value = value
    audit.record(session, actor, "update", "library_setting", None, {"key": REQUIRE_PIN, "old": old, "new": required})
