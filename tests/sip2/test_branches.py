"""A kiosk return of another library's book (通借通还): accepted, and the answer tells the
kiosk to send it on (alert type 04, the destination library in CT); it is then in transit."""

from __future__ import annotations

from pysip2.codec import decode_message
from sqlalchemy import select, update

from tests.sip2.conftest import Library, RawClient, sip_now, with_trailer
from workstation.models.circulation import Item, ItemStatus, Transfer
from workstation.services.admin import libraries
from workstation.services.circulation import loans
from workstation.sip2.server import Sip2Server


def test_a_kiosk_return_of_another_librarys_book_sends_it_home(library: Library, server: Sip2Server) -> None:
    with library.db.begin() as s:
        branch = libraries.create_library(s, library.admin, "XY", "襄垣县图书馆").id
        s.execute(update(Item).where(Item.barcode == "B0003").values(library_id=branch))
    with library.db.begin() as s:
        loans.checkout(s, library.desk, library.reader_id, "B0003")
    c = RawClient(server.port)
    assert c.login().startswith(b"941")
    back = c.ask(with_trailer(f"09N{sip_now()}{sip_now()}AP|AOCZLIB|ABB0003|AC|", 1) + b"\r")
    c.close()
    text = back.decode("utf-8")
    assert decode_message(back, encoding="utf-8").message.ok == "1", text
    assert "|CV04|" in text and "|CT襄垣县图书馆|" in text, text
    with library.db.begin() as s:
        assert s.scalar(select(Item.status).where(Item.barcode == "B0003")) is ItemStatus.IN_TRANSIT
        journey = s.scalars(select(Transfer)).one()
        assert journey.to_library_id == branch and journey.received_at is None
