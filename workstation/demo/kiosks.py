"""The demo's self-service kiosks and readers' PINs, so a kiosk simulator can be pointed at
the demo (README: "Kiosks on the demo").

- one kiosk account per lending desk in service of the central library (the branches have
  none), in the desks' order: ``demo-kiosk-1``
  (综合借阅处), ``demo-kiosk-2`` (文学借阅处), ``demo-kiosk-3`` (青少年图书借阅处), …, all with
  the password ``DEMO_KIOSK_PASSWORD``, UTF-8, lenient checksums (simulators often sum
  characters, not bytes), CR;
- every demo reader's PIN is ``DEMO_PIN``: one argon2id hash, written for all readers in one
  statement (hashing a hundred thousand PINs one by one would take an hour).
"""

from __future__ import annotations

from sqlalchemy import func, insert, literal, select
from sqlalchemy.orm import Session

from workstation.models import CENTRAL_LIBRARY_ID, ServicePoint, ServicePointKind, utcnow
from workstation.models.circulation import Reader
from workstation.models.kiosk import ReaderPin
from workstation.services.admin import kiosks
from workstation.services.admin.passwords import hash_password
from workstation.services.context import Actor

DEMO_KIOSK_PASSWORD = "demo-kiosk-2019"
DEMO_PIN = "2019"


def create_kiosks(session: Session, admin: Actor) -> list[str]:
    points = session.scalars(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.LENDING_DESK,
                                                        ServicePoint.active.is_(True),
                                                        ServicePoint.library_id == CENTRAL_LIBRARY_ID)
                             .order_by(ServicePoint.sort_order, ServicePoint.id)).all()
    logins = []
    for n, point in enumerate(points, start=1):
        settings = kiosks.KioskSettings(point.id, checksum="lenient", institution_id="CZLIB")
        logins.append(kiosks.create_kiosk(session, admin, f"demo-kiosk-{n}", DEMO_KIOSK_PASSWORD, settings).login)
    return logins


def set_reader_pins(session: Session, admin: Actor) -> int:
    pin_hash = hash_password(DEMO_PIN)
    session.execute(insert(ReaderPin).from_select(
        ["reader_id", "pin_hash", "set_at", "set_by"],
        select(Reader.id, literal(pin_hash), literal(utcnow(), ReaderPin.set_at.type), literal(admin.staff_id))
        .where(~Reader.card_number.startswith("ANON-"))))
    return session.scalar(select(func.count()).select_from(ReaderPin)) or 0
