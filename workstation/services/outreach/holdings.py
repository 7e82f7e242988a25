"""New holdings (新增馆藏) by collection type and month: items catalogued in the period
(circulation's ``Item.created_at``) plus dated acquisitions of holdings that are not
catalogued item by item (e-documents, databases …)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, Role, utcnow
from workstation.models.circulation import Item
from workstation.models.collection import Acquisition, CollectionType
from workstation.services import audit
from workstation.services.context import Actor, require_role
from workstation.services.outreach._common import parse_day, parse_text, require_count
from workstation.timeutil import local_midnight, period_bounds

MAX_QUANTITY = 10_000_000

TYPE_LABELS = {
    CollectionType.BOOK: N_("books"),
    CollectionType.SERIAL: N_("serials"),
    CollectionType.AUDIOVISUAL: N_("audiovisual"),
    CollectionType.E_DOCUMENT: N_("e-documents"),
}


@dataclass(frozen=True)
class HoldingsLine:
    collection_type: CollectionType
    catalogued: int
    acquired: int

    @property
    def total(self) -> int:
        return self.catalogued + self.acquired


def parse_collection_type(value: str | CollectionType | None) -> CollectionType:
    if isinstance(value, CollectionType):
        return value
    text = parse_text(value or "", "collection_type", maximum=30).lower()
    for kind in CollectionType:
        if text in (kind.value, kind.name.lower()):
            return kind
    aliases = {"图书": CollectionType.BOOK, "报刊": CollectionType.SERIAL, "期刊": CollectionType.SERIAL,
               "视听资料": CollectionType.AUDIOVISUAL, "视听": CollectionType.AUDIOVISUAL,
               "电子文献": CollectionType.E_DOCUMENT, "电子": CollectionType.E_DOCUMENT}
    if text in aliases:
        return aliases[text]
    raise ValidationError("collection_type", N_("Type: must be books, serials, audiovisual or e-documents."))


def record_acquisition(session: Session, actor: Actor, day: dt.date | str | None,
                       collection_type: str | CollectionType | None, quantity: int | str | None,
                       source: str, note: str = "") -> Acquisition:
    require_role(actor, Role.DESK)
    local_day = parse_day(day, "day")
    kind = parse_collection_type(collection_type)
    amount = require_count(quantity, "quantity", maximum=MAX_QUANTITY, positive=True)
    source = parse_text(source, "source", maximum=100, required=True)
    note = parse_text(note, "note", maximum=300)
    row = Acquisition(local_day=local_day, collection_type=kind, quantity=amount, source=source, note=note)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "acquisition", row.id,
                 {"day": local_day.isoformat(), "collection_type": kind.value, "quantity": amount, "source": source})
    return row


def void_acquisition(session: Session, actor: Actor, acquisition_id: int, reason: str) -> Acquisition:
    require_role(actor, Role.MANAGER)
    row = session.get(Acquisition, acquisition_id)
    if row is None:
        raise NotFound(N_("No acquisition with number {id}."), id=acquisition_id)
    reason = parse_text(reason, "reason", maximum=300, required=True)
    if row.voided_at is not None:
        raise Conflict(N_("Acquisition {id} is already voided."), id=acquisition_id)
    row.voided_at = utcnow()
    audit.record(session, actor, "void", "acquisition", row.id, {"quantity": row.quantity, "reason": reason})
    return row


def list_acquisitions(session: Session, first: dt.date, last: dt.date) -> Sequence[Acquisition]:
    return session.scalars(select(Acquisition).where(
        Acquisition.local_day >= first, Acquisition.local_day <= last, Acquisition.voided_at.is_(None))
        .order_by(Acquisition.local_day, Acquisition.id)).all()


def _month_case(column: Any, year: int) -> Any:
    """The library-local month (1–12) of a UTC timestamp column, as a SQL CASE on month bounds."""
    whens = [(column < local_midnight(dt.date(year, m + 1, 1)), m) for m in range(1, 12)]
    return case(*whens, else_=12)


def keeps_batches(library_id: int | None) -> bool:
    """Acquisitions registered in batches carry no library: they are the central library's
    (and so the city's); a branch's new holdings are the items catalogued for it."""
    return library_id is None or library_id == CENTRAL_LIBRARY_ID


def acquired_by_month(session: Session, year: int, library_id: int | None = None
                      ) -> dict[tuple[CollectionType, int], int]:
    if not keeps_batches(library_id):
        return {}
    month = extract("month", Acquisition.local_day)
    rows = session.execute(
        select(Acquisition.collection_type, month, func.sum(Acquisition.quantity))
        .where(Acquisition.local_day >= dt.date(year, 1, 1), Acquisition.local_day <= dt.date(year, 12, 31),
               Acquisition.voided_at.is_(None))
        .group_by(Acquisition.collection_type, month)
    ).all()
    return {(CollectionType(kind), int(m)): int(n) for kind, m, n in rows}


def catalogued_by_month(session: Session, year: int, library_id: int | None = None
                        ) -> dict[tuple[CollectionType, int], int]:
    """Items catalogued (created) in each local month of ``year``, by collection type; of one
    owning library when ``library_id`` is given."""
    item = Item
    start, end = period_bounds(dt.date(year, 1, 1), dt.date(year, 12, 31))
    month = _month_case(item.created_at, year)
    where = [item.created_at >= start, item.created_at < end]
    if library_id is not None:
        where.append(item.library_id == library_id)
    rows = session.execute(
        select(item.collection_type, month, func.count(item.id))
        .where(*where)
        .group_by(item.collection_type, month)
    ).all()
    return {(CollectionType(getattr(kind, "value", kind)), int(m)): int(n) for kind, m, n in rows}


def new_holdings_by_month(session: Session, year: int, library_id: int | None = None
                          ) -> dict[tuple[CollectionType, int], HoldingsLine]:
    catalogued = catalogued_by_month(session, year, library_id)
    acquired = acquired_by_month(session, year, library_id)
    return {(kind, m): HoldingsLine(kind, catalogued.get((kind, m), 0), acquired.get((kind, m), 0))
            for kind in CollectionType for m in range(1, 13)}


def new_holdings(session: Session, year: int, library_id: int | None = None) -> dict[CollectionType, HoldingsLine]:
    """New holdings of ``year`` by collection type: catalogued items + dated acquisitions.
    ``library_id``: of one library (items it owns; batches only for the central library)."""
    by_month = new_holdings_by_month(session, year, library_id)
    result = {}
    for kind in CollectionType:
        lines = [by_month[(kind, m)] for m in range(1, 13)]
        result[kind] = HoldingsLine(kind, sum(x.catalogued for x in lines), sum(x.acquired for x in lines))
    return result


def withdrawals(session: Session, first: dt.date, last: dt.date, library_id: int | None = None
                ) -> dict[CollectionType, int]:
    """Items withdrawn (注销) from ``first`` to ``last`` by collection type: each leaves the
    holdings on the library-local day it was withdrawn (``Item.withdrawn_on``); of one owning
    library when ``library_id`` is given."""
    where = [Item.withdrawn_on >= first, Item.withdrawn_on <= last]
    if library_id is not None:
        where.append(Item.library_id == library_id)
    rows = session.execute(select(Item.collection_type, func.count()).where(*where)
                           .group_by(Item.collection_type)).all()
    return {CollectionType(kind): int(n) for kind, n in rows}


def items_held(session: Session, day: dt.date) -> int:
    """Catalogued items held at the end of ``day``: catalogued by then and not withdrawn by then."""
    end = local_midnight(day + dt.timedelta(days=1))
    return int(session.scalar(select(func.count()).select_from(Item).where(
        Item.created_at < end, (Item.withdrawn_on.is_(None)) | (Item.withdrawn_on > day))) or 0)
