"""The demo gets one kiosk per lending desk and readers' PINs: a kiosk simulator lends and
returns on it out of the box."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.sip2.conftest import RawClient, sip_now, with_trailer
from workstation.db import open_database
from workstation.demo import DemoOptions, build_demo
from workstation.demo.kiosks import DEMO_KIOSK_PASSWORD, DEMO_PIN
from workstation.models import CENTRAL_LIBRARY_ID, ServicePoint, ServicePointKind
from workstation.models.circulation import Item, ItemStatus, Reader, ReaderStatus
from workstation.models.kiosk import Kiosk, ReaderPin
from workstation.sip2.server import running


def test_a_kiosk_simulator_works_on_the_demo(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    try:
        build_demo(db, DemoOptions(years=1, scale=0.002))
        with db.begin() as s:
            desks = s.scalars(select(ServicePoint.name).where(ServicePoint.kind == ServicePointKind.LENDING_DESK,
                                                              ServicePoint.library_id == CENTRAL_LIBRARY_ID)
                              .order_by(ServicePoint.sort_order, ServicePoint.id)).all()  # not the branches'
            kiosk_points = [k.service_point.name for k in s.scalars(select(Kiosk).order_by(Kiosk.login))]
            assert kiosk_points == list(desks)
            readers = s.scalar(select(Reader.id).order_by(Reader.id.desc()).limit(1))
            assert s.get(ReaderPin, readers) is not None
            reader = s.scalars(select(Reader).where(Reader.status == ReaderStatus.ACTIVE)
                               .order_by(Reader.valid_until.desc())).first()
            item = s.scalars(select(Item).where(Item.status == ItemStatus.AVAILABLE, Item.collection_type == "book")
                             .order_by(Item.id)).first()
            assert reader is not None and item is not None
            card, barcode = reader.card_number, item.barcode
        with running(db) as server:
            c = RawClient(server.port)
            assert c.login("demo-kiosk-1", DEMO_KIOSK_PASSWORD).startswith(b"941")
            lent = c.ask(with_trailer(f"11YN{sip_now()}{' ' * 18}AOCZLIB|AA{card}|AB{barcode}|AC|AD{DEMO_PIN}|", 1)
                         + b"\r")
            assert lent[2:3] == b"1", lent.decode()
            back = c.ask(with_trailer(f"09N{sip_now()}{sip_now()}AP|AOCZLIB|AB{barcode}|AC|", 2) + b"\r")
            assert back[2:3] == b"1", back.decode()
            c.close()
    finally:
        db.dispose()
