"""Reservations: a queue per item or per title (ISBN), trapped when a copy comes back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Row, bindparam, or_, select
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, NotFound, ValidationError
from workstation.models import Role, ServicePoint, ServicePointKind
from workstation.models.circulation import Hold, HoldState, Item, ItemStatus, Reader, ReaderStatus
from workstation.services import audit
from workstation.services.admin import check_works_at
from workstation.services.circulation import items as item_service
from workstation.services.context import Actor, require_role

ACTIVE = (HoldState.WAITING, HoldState.IN_TRANSIT, HoldState.READY)

HOLD_STATE_LABELS = {
    HoldState.WAITING: N_("waiting"),
    HoldState.IN_TRANSIT: N_("on its way to the pickup library"),
    HoldState.READY: N_("ready for pickup"),
    HoldState.FULFILLED: N_("fulfilled"),
    HoldState.CANCELLED: N_("cancelled"),
    HoldState.EXPIRED: N_("expired"),
}


@dataclass(frozen=True)
class HoldSlip:
    """What the reservation slip says: who it is for, what, and where to collect it."""

    hold_id: int
    card_number: str
    reader_name: str
    barcode: str
    title: str
    call_number: str
    pickup_point: str
    ready_at: dt.datetime


def place_hold(session: Session, actor: Actor, reader_id: int, *, barcode: str | None = None,
               isbn: str | None = None, pickup_point_id: int | None = None,
               now: dt.datetime | None = None) -> Hold:
    """Reserve one copy (by barcode) or a title (by ISBN: the first copy returned)."""
    require_role(actor, Role.DESK)
    if actor.service_point_id is not None:  # at their own library's desk; the pickup may be any library's
        check_works_at(session, actor, actor.service_point_id)
    now = now or timeutil.now_utc()
    reader = session.get(Reader, reader_id)
    if reader is None:
        raise NotFound(N_("No reader with number {id}."), id=reader_id)
    if reader.status is not ReaderStatus.ACTIVE or reader.valid_until < timeutil.local_day(now):
        raise ValidationError("reader", N_("Reservation: card {card} is not valid for reservations."),
                              card=reader.card_number)
    item: Item | None = None
    clean_isbn: str | None = None
    if barcode:
        item = item_service.find_by_barcode(session, barcode)
        if item is None:
            raise ValidationError("barcode", N_("Barcode: {barcode} is not in the catalogue."),
                                  barcode=item_service.validate_barcode(barcode))
    elif isbn:
        clean_isbn = item_service.validate_isbn(isbn)
        if session.scalar(select(Item.id).where(Item.isbn == clean_isbn).limit(1)) is None:
            raise ValidationError("isbn", N_("ISBN: no copy of {isbn} in the catalogue."), isbn=clean_isbn)
    else:
        raise ValidationError("barcode", N_("Reservation: give a barcode or an ISBN."))
    point_id = pickup_point_id or actor.service_point_id
    point = session.get(ServicePoint, point_id) if point_id is not None else None
    if point is None or not point.active or point.kind is ServicePointKind.READING_ROOM:
        raise ValidationError("pickup_point", N_("Pickup point: choose a lending desk or the bookmobile."))
    same = select(Hold.id).where(Hold.reader_id == reader.id, Hold.state.in_(ACTIVE))
    same = same.where(Hold.item_id == item.id) if item is not None else same.where(Hold.isbn == clean_isbn)
    if session.scalar(same.limit(1)) is not None:
        raise ValidationError("barcode", N_("Reservation: this reader has already reserved it."))
    hold = Hold(reader_id=reader.id, item_id=item.id if item else None, isbn=clean_isbn, pickup_point_id=point.id,
                state=HoldState.WAITING, placed_at=now, local_day=timeutil.local_day(now), staff_id=actor.staff_id)
    session.add(hold)
    session.flush()
    audit.record(session, actor, "create", "hold", hold.id,
                 {"card_number": reader.card_number, "barcode": item.barcode if item else None, "isbn": clean_isbn,
                  "pickup_point_id": point.id})
    return hold


def cancel_hold(session: Session, actor: Actor, hold_id: int, now: dt.datetime | None = None) -> Hold:
    require_role(actor, Role.DESK)
    hold = session.get(Hold, hold_id)
    if hold is None or hold.state not in ACTIVE:
        raise NotFound(N_("No open reservation with number {id}."), id=hold_id)
    hold.state = HoldState.CANCELLED
    hold.closed_at = now or timeutil.now_utc()
    if hold.ready_item_id is not None:
        item = session.get(Item, hold.ready_item_id)
        point = session.get(ServicePoint, hold.pickup_point_id)
        if item is not None and point is not None and item.status is ItemStatus.ON_HOLD_SHELF:
            from workstation.services.circulation import transfers  # it builds on this module

            transfers.send_home_from_shelf(session, actor, item, library_id=point.library_id, now=hold.closed_at)
    audit.record(session, actor, "cancel", "hold", hold.id, {"reader_id": hold.reader_id})
    return hold


def active_holds_for_item(session: Session, item: Item) -> Sequence[Hold]:
    """Open holds that this copy could satisfy, oldest first: on it, or on its title."""
    conditions = [Hold.item_id == item.id]
    if item.isbn:
        conditions.append(Hold.isbn == item.isbn)
    return session.scalars(
        select(Hold).where(Hold.state.in_(ACTIVE), or_(*conditions)).order_by(Hold.placed_at, Hold.id)).all()


_HOLD_COLUMNS = (Hold.id, Hold.reader_id, Hold.state, Hold.item_id, Hold.ready_item_id)
_HOLDS_ON_ITEM = select(*_HOLD_COLUMNS).where(Hold.state.in_(ACTIVE), Hold.item_id == bindparam("item")) \
    .order_by(Hold.placed_at, Hold.id)
_HOLDS_ON_ITEM_OR_TITLE = select(*_HOLD_COLUMNS).where(
    Hold.state.in_(ACTIVE), or_(Hold.item_id == bindparam("item"), Hold.isbn == bindparam("isbn"))) \
    .order_by(Hold.placed_at, Hold.id)


HoldRow = Row[int, int, HoldState, int | None, int | None]


def active_holds_rows(conn: Connection, item_id: int, isbn: str | None) -> Sequence[HoldRow]:
    """The same holds as rows (id, reader_id, state, item_id, ready_item_id), for the checkout."""
    if isbn:
        return conn.execute(_HOLDS_ON_ITEM_OR_TITLE, {"item": item_id, "isbn": isbn}).all()
    return conn.execute(_HOLDS_ON_ITEM, {"item": item_id}).all()


def reader_holds(session: Session, reader_id: int) -> Sequence[Hold]:
    return session.scalars(select(Hold).where(Hold.reader_id == reader_id, Hold.state.in_(ACTIVE))
                           .order_by(Hold.placed_at)).all()
