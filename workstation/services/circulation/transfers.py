"""Items travelling between libraries (通借通还): sent when returned away from home or caught
for a reservation collected elsewhere, received by a scan where they were sent, and the
transit lists of a library.

An item returned at library L that belongs to library H ≠ L goes in transit to H (status
在途, a ``Transfer`` row and a transfer slip naming H); one caught for a reservation to be
collected at library P ≠ L goes in transit to P instead, and the reservation waits in
transit. At the destination a return scan receives it: onto the hold shelf if a reservation
waits for it there, else onto the shelf at home, else on to where it must go next. An item
returned at its home library does not move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from workstation import timeutil
from workstation.errors import N_
from workstation.models import CENTRAL_LIBRARY_ID, Library, Role, ServicePoint, Staff
from workstation.models.circulation import (
    Hold,
    HoldState,
    Item,
    ItemStatus,
    Reader,
    Transfer,
    TransferReason,
)
from workstation.services import audit
from workstation.services.admin import get_library
from workstation.services.circulation import holds
from workstation.services.circulation.holds import HoldSlip
from workstation.services.circulation.refusals import CirculationRefused, Refusal
from workstation.services.context import Actor, require_role

REASON_LABELS = {
    TransferReason.RETURN_HOME: N_("back to its home library"),
    TransferReason.HOLD_PICKUP: N_("for a reservation"),
}

_P = bindparam
_LIBRARY = select(Library.code, Library.name).where(Library.id == _P("library"))
_INSERT = insert(Transfer).returning(Transfer.id)
_IN_TRANSIT = update(Item).where(Item.id == _P("item")).values(status=ItemStatus.IN_TRANSIT)
_OPEN = select(Transfer.id, Transfer.from_library_id, Transfer.to_library_id, Transfer.reason, Transfer.hold_id,
               Transfer.sent_at).where(Transfer.item_id == _P("item"), Transfer.received_at.is_(None)) \
    .with_for_update()
_RECEIVE = update(Transfer).where(Transfer.id == _P("transfer")).values(
    received_at=_P("now"), received_by=_P("staff"), received_point_id=_P("point"))
_PICKUP = select(ServicePoint.name, ServicePoint.library_id).join(Hold, Hold.pickup_point_id == ServicePoint.id) \
    .where(Hold.id == _P("hold"))
_CARD = select(Reader.card_number, Reader.name).where(Reader.id == _P("reader"))


@dataclass(frozen=True)
class TransferSlip:
    """What the transfer slip in the item says: where it goes (the library's name and code),
    from where, why; for a reservation, who collects it where."""

    transfer_id: int
    barcode: str
    title: str
    call_number: str
    from_code: str
    from_name: str
    to_code: str
    to_name: str
    reason: TransferReason
    sent_at: dt.datetime
    card_number: str = ""  # a reservation's reader, for the pickup desk
    reader_name: str = ""
    pickup_point: str = ""


@dataclass(frozen=True)
class ItemRow:
    """The item columns routing needs (read by the return's locked statement)."""

    id: int
    barcode: str
    title: str
    isbn: str | None
    call_number: str
    library_id: int


@dataclass(frozen=True)
class Received:
    """An item received at the end of its journey (or on the way: ``onward``)."""

    transfer_id: int
    barcode: str
    title: str
    from_name: str
    days_in_transit: int
    hold: HoldSlip | None = None  # it was reserved: on the hold shelf here, with this slip
    onward: TransferSlip | None = None  # it must travel on (its reservation ended meanwhile)


def send(conn: Connection, actor: Actor, item: ItemRow, *, from_library: int, to_library: int,
         reason: TransferReason, hold_id: int | None, point_id: int | None, now: dt.datetime,
         reader: tuple[str, str] = ("", ""), pickup_point: str = "") -> TransferSlip:
    """Put ``item`` in transit from one library to another (the caller holds its row's lock)."""
    transfer_id = conn.execute(_INSERT, {
        "item_id": item.id, "from_library_id": from_library, "to_library_id": to_library, "reason": reason,
        "hold_id": hold_id, "sent_at": now, "sent_day": timeutil.local_day(now), "sent_by": actor.staff_id,
        "sent_point_id": point_id}).scalar_one()
    conn.execute(_IN_TRANSIT, {"item": item.id})
    source = conn.execute(_LIBRARY, {"library": from_library}).one()
    target = conn.execute(_LIBRARY, {"library": to_library}).one()
    return TransferSlip(transfer_id, item.barcode, item.title, item.call_number or "", source.code, source.name,
                        target.code, target.name, reason, now, reader[0], reader[1], pickup_point)


def route(conn: Connection, actor: Actor, item: ItemRow, *, library_id: int, point_id: int | None,
          now: dt.datetime) -> tuple[HoldSlip | None, TransferSlip | None]:
    """Where an item in hand at ``library_id`` goes next, and the status that says so: the
    oldest waiting reservation it can fill (on the hold shelf here, or in transit to its
    pickup library), else home (the shelf here, or in transit to its home library)."""
    for hold in holds.active_holds_rows(conn, item.id, item.isbn):
        if hold.state is not HoldState.WAITING:
            continue
        pickup = conn.execute(_PICKUP, {"hold": hold.id}).one()
        who = conn.execute(_CARD, {"reader": hold.reader_id}).one()
        if pickup.library_id == library_id:
            conn.execute(update(Hold).where(Hold.id == hold.id).values(
                state=HoldState.READY, ready_item_id=item.id, ready_at=now))
            conn.execute(update(Item).where(Item.id == item.id).values(status=ItemStatus.ON_HOLD_SHELF))
            return HoldSlip(hold.id, who.card_number, who.name, item.barcode, item.title, item.call_number or "",
                            pickup.name, now), None
        conn.execute(update(Hold).where(Hold.id == hold.id).values(state=HoldState.IN_TRANSIT,
                                                                   ready_item_id=item.id))
        return None, send(conn, actor, item, from_library=library_id, to_library=pickup.library_id,
                          reason=TransferReason.HOLD_PICKUP, hold_id=hold.id, point_id=point_id, now=now,
                          reader=(who.card_number, who.name), pickup_point=pickup.name)
    if item.library_id != library_id:
        return None, send(conn, actor, item, from_library=library_id, to_library=item.library_id,
                          reason=TransferReason.RETURN_HOME, hold_id=None, point_id=point_id, now=now)
    conn.execute(update(Item).where(Item.id == item.id).values(status=ItemStatus.AVAILABLE))
    return None, None


def receive(session: Session, actor: Actor, item: ItemRow, *, library_id: int, point_id: int | None,
            now: dt.datetime) -> Received:
    """Receive the in-transit ``item`` at ``library_id`` (the caller holds its row's lock).
    Refused when it travels to another library: it is sent on there, not kept here."""
    conn = session.connection()
    journey = conn.execute(_OPEN, {"item": item.id}).one_or_none()
    if journey is None:
        raise CirculationRefused(Refusal.NOT_ON_LOAN, barcode=item.barcode)
    if journey.to_library_id != library_id:
        target = conn.execute(_LIBRARY, {"library": journey.to_library_id}).one()
        raise CirculationRefused(Refusal.IN_TRANSIT_ELSEWHERE, barcode=item.barcode, library=target.name,
                                 code=target.code)
    conn.execute(_RECEIVE, {"transfer": journey.id, "now": now, "staff": actor.staff_id, "point": point_id})
    source = conn.execute(_LIBRARY, {"library": journey.from_library_id}).one()
    days = max(0, (timeutil.local_day(now) - timeutil.local_day(journey.sent_at)).days)
    slip: HoldSlip | None = None
    onward: TransferSlip | None = None
    hold = None
    if journey.hold_id is not None:
        hold = conn.execute(select(Hold.id, Hold.reader_id, Hold.state).where(Hold.id == journey.hold_id)).one()
    if hold is not None and hold.state is HoldState.IN_TRANSIT:
        pickup = conn.execute(_PICKUP, {"hold": hold.id}).one()
        who = conn.execute(_CARD, {"reader": hold.reader_id}).one()
        conn.execute(update(Hold).where(Hold.id == hold.id).values(state=HoldState.READY, ready_item_id=item.id,
                                                                   ready_at=now))
        conn.execute(update(Item).where(Item.id == item.id).values(status=ItemStatus.ON_HOLD_SHELF))
        slip = HoldSlip(hold.id, who.card_number, who.name, item.barcode, item.title, item.call_number or "",
                        pickup.name, now)
    else:
        slip, onward = route(conn, actor, item, library_id=library_id, point_id=point_id, now=now)
    audit.record(session, actor, "receive", "transfer", journey.id,
                      {"barcode": item.barcode, "service_point_id": point_id, "days_in_transit": days,
                       "hold_id": slip.hold_id if slip is not None else None,
                       "onward_transfer_id": onward.transfer_id if onward is not None else None})
    return Received(journey.id, item.barcode, item.title, source.name, days, slip, onward)


def send_home_from_shelf(session: Session, actor: Actor, item: Item, *, library_id: int,
                         now: dt.datetime) -> TransferSlip | None:
    """An item leaving the hold shelf of ``library_id`` with nobody waiting for it: the open
    shelf if it belongs here, else in transit home (the slip to print)."""
    if item.library_id == library_id:
        item.status = ItemStatus.AVAILABLE
        return None
    session.flush()
    row = ItemRow(item.id, item.barcode, item.title, item.isbn, item.call_number, item.library_id)
    slip = send(session.connection(), actor, row, from_library=library_id, to_library=item.library_id,
                reason=TransferReason.RETURN_HOME, hold_id=None, point_id=actor.service_point_id, now=now)
    session.expire(item)
    return slip


# -- the transit lists ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TransitLine:
    transfer_id: int
    barcode: str
    title: str
    call_number: str
    from_name: str
    to_name: str
    reason: TransferReason
    sent_day: dt.date
    days: int  # in transit so far
    late: bool  # longer than the destination library's limit


@dataclass(frozen=True)
class TransitList:
    library_id: int
    library_name: str
    incoming: list[TransitLine]  # on the way to this library
    outgoing: list[TransitLine]  # sent from this library, not yet received

    @property
    def late(self) -> int:
        return sum(1 for line in (*self.incoming, *self.outgoing) if line.late)


def transit_list(session: Session, actor: Actor, library_id: int, today: dt.date | None = None) -> TransitList:
    """The items travelling to and from ``library_id`` (oldest first), with days in transit;
    those past the destination library's limit (``Library.transit_days``) are late."""
    require_role(actor, Role.DESK)
    library = get_library(session, library_id)
    today = today or timeutil.today()
    source, target = aliased(Library), aliased(Library)
    rows = session.execute(
        select(Transfer.id, Item.barcode, Item.title, Item.call_number, source.name, target.name, Transfer.reason,
               Transfer.sent_day, target.transit_days, Transfer.to_library_id)
        .join(Item, Item.id == Transfer.item_id)
        .join(source, source.id == Transfer.from_library_id).join(target, target.id == Transfer.to_library_id)
        .where(Transfer.received_at.is_(None),
               or_(Transfer.to_library_id == library_id, Transfer.from_library_id == library_id))
        .order_by(Transfer.sent_at, Transfer.id)).all()
    incoming: list[TransitLine] = []
    outgoing: list[TransitLine] = []
    for row in rows:
        days = max(0, (today - row.sent_day).days)
        line = TransitLine(row.id, row.barcode, row.title, row.call_number, row[4], row[5], row.reason,
                           row.sent_day, days, days > row.transit_days)
        (incoming if row.to_library_id == library_id else outgoing).append(line)
    return TransitList(library.id, library.name, incoming, outgoing)


def desk_library(session: Session, actor: Actor) -> int:
    """The library of the desk ``actor`` serves at (their own library when at none)."""
    if actor.service_point_id is not None:
        point = session.get(ServicePoint, actor.service_point_id)
        if point is not None:
            return point.library_id
    own = session.scalar(select(Staff.library_id).where(Staff.id == actor.staff_id))
    return own if own is not None else CENTRAL_LIBRARY_ID
