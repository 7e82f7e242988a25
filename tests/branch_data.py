"""Shared set-up for tests of libraries (总分馆): the central library and two branches, each
with a lending desk and a desk account, and books owned by each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from tests.conftest import make_staff
from tests.desk_data import lending_desks, populate
from workstation.db import Database
from workstation.models import CENTRAL_LIBRARY_ID, Role
from workstation.models.circulation import Item
from workstation.services.admin import libraries, service_points, staff
from workstation.services.context import Actor


@dataclass(frozen=True)
class Branches:
    """Library ids, a lending desk per library, a desk account working at each, readers and
    the barcodes of books owned by each library."""

    central: int
    xy: int  # 襄垣县图书馆
    lc: int  # 黎城县图书馆
    points: dict[int, int]
    desks: dict[int, Actor]
    admin: Actor
    readers: list[int]
    books: dict[int, list[str]]


def build(db: Database, *, readers: int = 6, books_each: int = 4, prefix: str = "") -> Branches:
    root = make_staff(db, "root", Role.ADMIN)
    central_point = lending_desks(db)[0]
    with db.begin() as s:
        xy = libraries.create_library(s, root, "XY", "襄垣县图书馆").id
        lc = libraries.create_library(s, root, "LC", "黎城县图书馆").id
        points = {CENTRAL_LIBRARY_ID: central_point,
                  xy: service_points.create_service_point(s, root, "襄垣借阅处", "lending_desk", library_id=xy).id,
                  lc: service_points.create_service_point(s, root, "黎城借阅处", "lending_desk", library_id=lc).id}
        for library in (xy, lc):
            staff.create_staff(s, root, f"desk.{library}", f"馆员{library}", "desk", "desk-pass-1", library_id=library)
    desks = {CENTRAL_LIBRARY_ID: make_staff(db, "desk.central", Role.DESK).at(central_point)}
    with db.begin() as s:
        from workstation.models import Staff

        for library in (xy, lc):
            row = s.scalar(select(Staff).where(Staff.username == f"desk.{library}"))
            assert row is not None
            desks[library] = Actor.of(row, "test-ws", points[library])
    reader_ids, barcodes = populate(db, readers, books_each * 3, prefix)
    owners = [CENTRAL_LIBRARY_ID, xy, lc]
    books: dict[int, list[str]] = {library: [] for library in owners}
    with db.begin() as s:
        for i, barcode in enumerate(barcodes):
            library = owners[i // books_each]
            s.execute(update(Item).where(Item.barcode == barcode).values(library_id=library))
            books[library].append(barcode)
    return Branches(CENTRAL_LIBRARY_ID, xy, lc, points, desks, root, reader_ids, books)
