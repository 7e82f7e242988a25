"""Shared set-up for tests that need many readers, items and desk accounts: inserted in bulk."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from tests.conftest import make_staff
from workstation.db import Database
from workstation.models import Role, ServicePoint, ServicePointKind
from workstation.models.circulation import CollectionType, IdType, Item, Reader, ReaderCategory
from workstation.services.context import Actor


def lending_desks(db: Database) -> list[int]:
    with db.begin() as s:
        return list(s.scalars(select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.LENDING_DESK)
                              .order_by(ServicePoint.id)))


def populate(db: Database, readers: int, items: int, prefix: str = "") -> tuple[list[int], list[str]]:
    """``readers`` adult readers and ``items`` books; returns reader ids and barcodes."""
    point = lending_desks(db)[0]
    with db.begin() as s:
        s.execute(insert(Reader), [
            {"card_number": f"{prefix}R{i:06d}", "name": f"读者{i}", "category": ReaderCategory.ADULT,
             "id_type": IdType.OTHER, "id_number": f"X{i:08d}", "phone": f"138{i:08d}",
             "registered_point_id": point, "valid_until": dt.date(2099, 12, 31)} for i in range(readers)])
        s.execute(insert(Item), [
            {"barcode": f"{prefix}B{i:07d}", "title": f"书{i}", "collection_type": CollectionType.BOOK}
            for i in range(items)])
        reader_ids = list(s.scalars(select(Reader.id).where(Reader.card_number.like(f"{prefix}R%"))
                                    .order_by(Reader.id)))
        barcodes = list(s.scalars(select(Item.barcode).where(Item.barcode.like(f"{prefix}B%"))
                                  .order_by(Item.id)))
    return reader_ids, barcodes


def desks(db: Database, n: int) -> list[Actor]:
    """``n`` desk accounts, spread over the lending desks."""
    make_staff(db, "root", Role.ADMIN)
    points = lending_desks(db)
    return [make_staff(db, f"desk{i}", Role.DESK).at(points[i % len(points)]) for i in range(n)]
