"""Records for items catalogued without one (by the catalogue CSV import or one at a time):
grouped as migration 1930 grouped the first ones (the same ISBN and title share a record,
copies without an ISBN share one by title and author), joined to a record already there
with the same ISBN and title. The MARC export runs it first, so every copy goes out."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, func, select, text, tuple_, update
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.models.catalogue import BibRecord
from workstation.models.circulation import Item
from workstation.services import bulk

RECORD_TABLE = cast(Table, BibRecord.__table__)
COLUMNS = ("id", "title", "responsibility", "isbn", "clc_class", "call_number", "created_at")
CHUNK = 1_000


def attach_orphans(session: Session) -> int:
    """Give every item without a record its record; returns the number of records made."""
    rows = session.execute(select(Item.id, Item.title, Item.author, Item.isbn, Item.call_number, Item.clc_class,
                                  Item.created_at).where(Item.record_id.is_(None)).order_by(Item.id)).all()
    if not rows:
        return 0
    keys = {(r.isbn, r.title) for r in rows if r.isbn}
    known: dict[tuple[Any, ...], int] = {}
    listed = list(keys)
    for start in range(0, len(listed), 500):
        for isbn, title, rid in session.execute(select(BibRecord.isbn, BibRecord.title, BibRecord.id).where(
                tuple_(BibRecord.isbn, BibRecord.title).in_(listed[start:start + 500]))):
            known.setdefault(("isbn", isbn, title), rid)
    next_id = (session.scalar(select(func.max(BibRecord.id))) or 0) + 1
    new: list[tuple[Any, ...]] = []
    links: list[dict[str, int]] = []
    for r in rows:
        key = ("isbn", r.isbn, r.title) if r.isbn else ("title", r.title, r.author or "")
        found = known.get(key)
        if found is None:
            rid = known[key] = next_id
            next_id += 1
            new.append((rid, r.title, r.author or "", r.isbn, r.clc_class or "", r.call_number or "", r.created_at))
        else:
            rid = found
        links.append({"id": r.id, "record_id": rid})
    connection = session.connection()
    now = timeutil.now_utc()
    for start in range(0, len(new), CHUNK):
        bulk.insert_rows(connection, RECORD_TABLE, COLUMNS, new[start:start + CHUNK], {"updated_at": now})
    for start in range(0, len(links), CHUNK):
        session.execute(update(Item), links[start:start + CHUNK])  # by primary key, in one executemany
    if new and connection.dialect.name == "postgresql":
        connection.execute(text("SELECT setval(pg_get_serial_sequence('bib_record', 'id'), "
                                "(SELECT max(id) FROM bib_record))"))
    return len(new)
