"""Lending, returning and renewing at the desk, with the refusals and manager overrides.

Counting: a ``Loan`` row is one initial loan (ISO 2789 "loans"); each renewal is its own
``Renewal`` row (ISO 2789 "renewals") and never a new loan. Every row carries the service
point (and bookmobile stop), the staff member and the library-local day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, bindparam, case, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from workstation import timeutil
from workstation.errors import N_, NotFound, ValidationError
from workstation.models import (
    CENTRAL_LIBRARY_ID,
    BookmobileStop,
    Library,
    LoanRulesBy,
    Role,
    ServicePoint,
    ServicePointKind,
    Staff,
)
from workstation.models.circulation import (
    CollectionType,
    Hold,
    HoldState,
    Item,
    ItemStatus,
    Loan,
    LoanRule,
    Reader,
    ReaderCategory,
    ReaderStatus,
    Renewal,
)
from workstation.services import audit, calendar
from workstation.services.admin import check_works_at, manager_for_override
from workstation.services.circulation import holds, items, money, readers, rules, transfers
from workstation.services.circulation.holds import HoldSlip
from workstation.services.circulation.refusals import OVERRIDABLE, CirculationRefused, Refusal
from workstation.services.circulation.transfers import ItemRow, Received, TransferSlip
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

# The checkout's statements, built once: SQLAlchemy then reuses their compiled form, and
# the desk's hottest path spends its time in the database rather than in building queries.
_P = bindparam
# the desk's service point, its library, and the library of the account working there
_POINT = select(ServicePoint.kind, ServicePoint.active, ServicePoint.library_id,
                select(Staff.library_id).where(Staff.id == _P("staff")).scalar_subquery()) \
    .where(ServicePoint.id == _P("point"))
_STOP = select(BookmobileStop.service_point_id, BookmobileStop.active).where(BookmobileStop.id == _P("stop"))
_READER = select(Reader.id, Reader.card_number, Reader.name, Reader.category, Reader.status,
                 Reader.valid_until).where(Reader.id == _P("reader"))
# Lending and returning lock the item's row first (PostgreSQL; SQLite serialises writers
# anyway), always in the order item → loan: two desks acting on one item take turns, so the
# item's status can never disagree with its open loan.
_ITEM = select(Item.id, Item.barcode, Item.title, Item.isbn, Item.collection_type,
               Item.status, Item.library_id).where(Item.barcode == _P("barcode")).with_for_update()
_CURRENT = select(Loan.reader_id, Loan.due_date).where(Loan.item_id == _P("item"), Loan.returned_at.is_(None))
# the library's own rule first, else the rule for all libraries
_RULE = select(LoanRule.loan_days, LoanRule.max_loans).where(
    LoanRule.reader_category == _P("category"), LoanRule.collection_type == _P("kind"),
    (LoanRule.library_id == _P("library")) | LoanRule.library_id.is_(None)) \
    .order_by(LoanRule.library_id.is_(None)).limit(1)
_RULES_BY = select(Library.loan_rules_by).where(Library.id == _P("library"))
_OPEN_OF_READER = (Loan.reader_id == _P("reader"), Loan.returned_at.is_(None), Loan.due_date >= dt.date.min)
_COUNTS = select(func.count(), func.coalesce(func.sum(case((Loan.due_date < _P("today"), 1), else_=0)), 0)) \
    .where(*_OPEN_OF_READER)
_INSERT_LOAN = insert(Loan).returning(Loan.id)
_LEND_ITEM = update(Item).where(Item.id == _P("item")).values(status=ItemStatus.ON_LOAN)
_FULFIL = update(Hold).where(Hold.id == _P("hold")).values(state=HoldState.FULFILLED, closed_at=_P("now"))
# the return's
_RETURN_ITEM = select(Item.id, Item.barcode, Item.title, Item.isbn, Item.call_number, Item.library_id, Item.status) \
    .where(Item.barcode == _P("barcode")).with_for_update()
_OPEN_LOAN = select(Loan.id, Loan.reader_id, Loan.due_date) \
    .where(Loan.item_id == _P("item"), Loan.returned_at.is_(None)).with_for_update()
_CARD = select(Reader.card_number, Reader.name).where(Reader.id == _P("reader"))
_RETURN_LOAN = update(Loan).where(Loan.id == _P("loan")).values(
    returned_at=_P("now"), return_local_day=_P("today"), return_point_id=_P("point"), return_stop_id=_P("stop"),
    return_staff_id=_P("staff"))


@dataclass(frozen=True)
class OverrideGrant:
    """A manager's permission to lift one refusal for one reader, for the rest of the
    reader's session at the desk. Created by ``authorize_override`` (which audits it)."""

    reader_id: int
    code: Refusal
    manager_id: int
    manager: str
    reason: str


@dataclass(frozen=True)
class LoanLine:
    loan_id: int
    barcode: str
    title: str
    due_date: dt.date
    renewal_count: int
    overdue: bool


@dataclass(frozen=True)
class CheckoutResult:
    line: LoanLine
    overrides: tuple[Refusal, ...] = ()


@dataclass(frozen=True)
class CheckinResult:
    loan_id: int
    barcode: str
    title: str
    card_number: str
    reader_name: str
    days_overdue: int
    hold: HoldSlip | None = None
    transfer: TransferSlip | None = None  # returned away from where it must go: in transit there


@dataclass(frozen=True)
class RenewResult:
    loan_id: int
    barcode: str
    title: str
    old_due: dt.date
    new_due: dt.date
    number: int


@dataclass(frozen=True)
class ReaderPanel:
    reader: readers.ReaderView
    loans: list[LoanLine]
    holds: list[tuple[int, str, str]] = field(default_factory=list)  # (hold id, title, state)

    @property
    def overdue(self) -> list[LoanLine]:
        return [line for line in self.loans if line.overdue]


@dataclass(frozen=True)
class Desk:
    """Where the action happens: a lending desk, or the bookmobile at one of its stops."""

    point_id: int
    stop_id: int | None
    library_id: int = CENTRAL_LIBRARY_ID  # the library of the service point (the lending library)


@dataclass(frozen=True)
class _Card:
    """The reader columns a checkout needs (read as a row, not an ORM object: the desk's
    hottest path stays in SQLAlchemy Core)."""

    id: int
    card_number: str
    name: str
    category: ReaderCategory
    status: ReaderStatus
    valid_until: dt.date


def _desk(session: Session, actor: Actor, stop_id: int | None) -> Desk:
    point = session.get(ServicePoint, actor.service_point_id) if actor.service_point_id is not None else None
    if point is None or not point.active or point.kind is ServicePointKind.READING_ROOM:
        raise ValidationError("service_point", N_("Service point: log in at a lending desk or the bookmobile "
                                                  "to lend and return."))
    check_works_at(session, actor, point.id, point_library=point.library_id)
    if point.kind is ServicePointKind.BOOKMOBILE:
        stop = session.get(BookmobileStop, stop_id) if stop_id is not None else None
        if stop is None or stop.service_point_id != point.id or not stop.active:
            raise ValidationError("stop", N_("Bookmobile stop: choose the stop the bookmobile is at."))
        return Desk(point.id, stop.id, point.library_id)
    return Desk(point.id, None, point.library_id)


def _granted(overrides: Collection[OverrideGrant], reader_id: int) -> dict[Refusal, OverrideGrant]:
    return {g.code: g for g in overrides if g.reader_id == reader_id}


def _check_card(reader: Reader | _Card, today: dt.date, granted: dict[Refusal, OverrideGrant],
                used: list[OverrideGrant]) -> None:
    if reader.status is ReaderStatus.LOST:
        raise CirculationRefused(Refusal.CARD_LOST, card=reader.card_number, name=reader.name)
    checks = [
        (reader.status is ReaderStatus.BLOCKED, Refusal.CARD_BLOCKED),
        (reader.valid_until < today, Refusal.CARD_EXPIRED),
    ]
    for failed, code in checks:
        if not failed:
            continue
        if code in granted:
            used.append(granted[code])
            continue
        raise CirculationRefused(code, card=reader.card_number, name=reader.name,
                                 date=reader.valid_until.isoformat())


def _get_reader(session: Session, reader_id: int) -> Reader:
    reader = session.get(Reader, reader_id)
    if reader is None:
        raise CirculationRefused(Refusal.CARD_UNKNOWN, card=str(reader_id))
    return reader


def _get_item(session: Session, barcode: str, *, lock: bool = False) -> Item:
    code = items.validate_barcode(barcode)
    query = select(Item).where(Item.barcode == code)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    item = session.scalar(query)
    if item is None:
        raise CirculationRefused(Refusal.ITEM_UNKNOWN, barcode=code)
    return item


def _open_loan(session: Session, item_id: int, *, lock: bool = False) -> Loan | None:
    """The item's open loan. With ``lock`` the row is locked until commit (PostgreSQL): a
    second desk returning the same item at the same moment waits, then finds it returned."""
    query = select(Loan).where(Loan.item_id == item_id, Loan.returned_at.is_(None))
    return session.scalar(query.with_for_update() if lock else query)


def rules_library(session: Session, item_library: int, lending_library: int) -> int:
    """Whose loan rules apply when ``lending_library`` lends an item of ``item_library``: the
    owning library's setting says (``Library.loan_rules_by``, like Koha's CircControl)."""
    if item_library == lending_library:
        return lending_library
    mode = session.connection().execute(_RULES_BY, {"library": item_library}).scalar_one()
    return item_library if mode is LoanRulesBy.OWNING else lending_library


def _rule(session: Session, reader: Reader, item: Item, lending_library: int) -> LoanRule:
    rule = rules.find_rule(session, reader.category, item.collection_type,
                           rules_library(session, item.library_id, lending_library))
    if rule is None:
        raise CirculationRefused(Refusal.NO_LOAN_RULE)
    return rule


def _open_of_reader(reader_id: int) -> tuple[ColumnElement[bool], ...]:
    """The reader's open loans, phrased so that SQLite reads the partial index of open loans
    (``due_date >= date.min`` is always true, and matches that index's second column)."""
    return Loan.reader_id == reader_id, Loan.returned_at.is_(None), Loan.due_date >= dt.date.min


def _open_and_overdue(session: Session, reader_id: int, today: dt.date) -> tuple[int, int]:
    """(open loans, overdue loans) of a reader, from the partial index on open loans."""
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(case((Loan.due_date < today, 1), else_=0)), 0))
        .where(*_open_of_reader(reader_id))).one()
    return int(row[0]), int(row[1])


def _open_loans_of_kind(session: Session, reader_id: int, kind: CollectionType) -> int:
    return session.scalar(
        select(func.count()).select_from(Loan).join(Item, Item.id == Loan.item_id)
        .where(*_open_of_reader(reader_id), Item.collection_type == kind)) or 0


def _line(loan: Loan, item: Item, today: dt.date) -> LoanLine:
    return LoanLine(loan.id, item.barcode, item.title, loan.due_date, loan.renewal_count, loan.due_date < today)


def _card_of(session: Session, reader_id: int) -> str:
    return session.scalar(select(Reader.card_number).where(Reader.id == reader_id)) or "?"


# -- lending -----------------------------------------------------------------------------------

def checkout(session: Session, actor: Actor, reader_id: int, barcode: str, *,
             overrides: Collection[OverrideGrant] = (), stop_id: int | None = None,
             now: dt.datetime | None = None) -> CheckoutResult:
    """Lend the item with ``barcode`` to the reader. Raises ``CirculationRefused`` (nothing
    written) unless every check passes or a manager's grant lifts it.

    This runs at every scan, so it reads and writes with Core statements on the session's
    connection (same transaction), about a dozen short indexed statements in all."""
    require_role(actor, Role.DESK)
    now = now or timeutil.now_utc()
    today = timeutil.local_day(now)
    code = items.validate_barcode(barcode)
    session.flush()  # Core statements below must see anything the caller changed
    conn = session.connection()
    desk = _desk_core(session, actor, stop_id)
    row = conn.execute(_READER, {"reader": reader_id}).one_or_none()
    if row is None:
        raise CirculationRefused(Refusal.CARD_UNKNOWN, card=str(reader_id))
    reader = _Card(*row)
    granted = _granted(overrides, reader.id)
    used: list[OverrideGrant] = []
    _check_card(reader, today, granted, used)
    fees = money.fees_block(session, reader.id, today)  # None unless a setting lets fees block
    if fees is not None:
        if Refusal.FEES_OWED not in granted:
            raise CirculationRefused(Refusal.FEES_OWED, name=reader.name, card=reader.card_number, amount=fees)
        used.append(granted[Refusal.FEES_OWED])
    item = conn.execute(_ITEM, {"barcode": code}).one_or_none()
    if item is None:
        raise CirculationRefused(Refusal.ITEM_UNKNOWN, barcode=code)
    if item.status in items.NOT_LENDABLE:
        raise CirculationRefused(Refusal.ITEM_UNAVAILABLE, barcode=item.barcode,
                                 status=items.ITEM_STATUS_LABELS[item.status])
    current = conn.execute(_CURRENT, {"item": item.id}).one_or_none()
    if current is not None:
        if current.reader_id == reader.id:
            raise CirculationRefused(Refusal.ON_LOAN_SAME_READER, barcode=item.barcode,
                                     date=current.due_date.isoformat())
        raise CirculationRefused(Refusal.ON_LOAN_OTHER_READER, barcode=item.barcode,
                                 card=readers.mask_id_number(_card_of(session, current.reader_id)))
    # reservations: a copy set aside for someone, or reserved by copy, goes to them only
    fulfil: int | None = None
    set_aside: int | None = None  # another copy kept for this reader, released by this loan
    for hold in holds.active_holds_rows(conn, item.id, item.isbn):
        if hold.reader_id == reader.id:
            fulfil = hold.id
            if hold.ready_item_id is not None and hold.ready_item_id != item.id:
                set_aside = hold.ready_item_id
            break
        blocking = (hold.state is HoldState.READY and hold.ready_item_id == item.id) or (
            hold.state is HoldState.WAITING and hold.item_id == item.id)
        if blocking:
            if Refusal.RESERVED_FOR_OTHER in granted:
                used.append(granted[Refusal.RESERVED_FOR_OTHER])
                break
            raise CirculationRefused(Refusal.RESERVED_FOR_OTHER, barcode=item.barcode,
                                     card=readers.mask_id_number(_card_of(session, hold.reader_id)))
    rule = conn.execute(_RULE, {"category": reader.category, "kind": item.collection_type,
                                "library": rules_library(session, item.library_id, desk.library_id)}).one_or_none()
    if rule is None:
        raise CirculationRefused(Refusal.NO_LOAN_RULE)
    # One pass over the reader's open loans in the partial index gives the total and the
    # overdue count; the count of this collection type (a join) is needed only when the
    # total reaches the limit. A reader's history is never read, so 5,000 past loans cost nothing.
    count, overdue = conn.execute(_COUNTS, {"reader": reader.id, "today": today}).one()
    if count >= rule.max_loans:
        count = _open_loans_of_kind(session, reader.id, item.collection_type)
    if count >= rule.max_loans:
        if Refusal.TOO_MANY_LOANS not in granted:
            raise CirculationRefused(Refusal.TOO_MANY_LOANS, name=reader.name, count=count, limit=rule.max_loans)
        used.append(granted[Refusal.TOO_MANY_LOANS])
    if overdue:
        if Refusal.OVERDUE_ITEMS not in granted:
            raise CirculationRefused(Refusal.OVERDUE_ITEMS, name=reader.name, count=overdue)
        used.append(granted[Refusal.OVERDUE_ITEMS])
    due = calendar.due_date(session, today, rule.loan_days, library_id=desk.library_id)  # the lending library's days
    try:
        loan_id = conn.execute(_INSERT_LOAN, {
            "item_id": item.id, "reader_id": reader.id, "service_point_id": desk.point_id, "stop_id": desk.stop_id,
            "staff_id": actor.staff_id, "lent_at": now, "local_day": today, "due_date": due, "renewal_count": 0,
        }).scalar_one()
    except IntegrityError as exc:
        # another desk lent the same item between our check and our insert (the partial
        # unique index on open loans refused the second loan): a refusal, not a crash
        if "ix_loan_open_item" not in str(exc.orig) and "loan.item_id" not in str(exc.orig):
            raise
        raise CirculationRefused(Refusal.ON_LOAN_OTHER_READER, barcode=item.barcode, card="—") from None
    conn.execute(_LEND_ITEM, {"item": item.id})
    if fulfil is not None:
        conn.execute(_FULFIL, {"hold": fulfil, "now": now})
    if set_aside is not None:
        conn.execute(update(Item).where(Item.id == set_aside, Item.status == ItemStatus.ON_HOLD_SHELF)
                     .values(status=ItemStatus.AVAILABLE))
        _expire_cached(session, set_aside, None)
    _expire_cached(session, item.id, fulfil)
    # No reader in the details: the audit trail cannot be changed, and a loan's link to its
    # reader must be able to go when the retention period ends (services/circulation/privacy.py). The
    # entry names the loan; the loan names the reader while it is kept.
    details: dict[str, object] = {"barcode": item.barcode, "due": due.isoformat(),
                                  "service_point_id": desk.point_id, "stop_id": desk.stop_id}
    if used:
        details["overrides"] = [[g.code.value, g.manager_id] for g in used]
    if fulfil is not None:
        details["hold_id"] = fulfil
    audit.record(session, actor, "checkout", "loan", loan_id, details)
    line = LoanLine(loan_id, item.barcode, item.title, due, 0, due < today)
    return CheckoutResult(line, tuple(g.code for g in used))


def _expire_cached(session: Session, item_id: int, hold_id: int | None, loan_id: int | None = None) -> None:
    """ORM objects the caller may hold for rows changed with Core are reloaded on next use."""
    keys: tuple[tuple[type[Item | Hold | Loan], int | None], ...] = ((Item, item_id), (Hold, hold_id), (Loan, loan_id))
    for key in keys:
        if key[1] is None:
            continue
        cached = session.identity_map.get(session.identity_key(key[0], key[1]))
        if cached is not None:
            session.expire(cached)


def _desk_core(session: Session, actor: Actor, stop_id: int | None) -> Desk:
    conn = session.connection()
    point = None
    if actor.service_point_id is not None:
        point = conn.execute(_POINT, {"point": actor.service_point_id, "staff": actor.staff_id}).one_or_none()
    if point is None or not point.active or point.kind is ServicePointKind.READING_ROOM:
        raise ValidationError("service_point", N_("Service point: log in at a lending desk or the bookmobile "
                                                  "to lend and return."))
    if point[3] != point.library_id:  # another library's desk: refused unless the city's administrator
        check_works_at(session, actor, actor.service_point_id or 0, staff_library=point[3],
                       point_library=point.library_id)
    if point.kind is ServicePointKind.BOOKMOBILE:
        stop = None
        if stop_id is not None:
            stop = conn.execute(_STOP, {"stop": stop_id}).one_or_none()
        if stop is None or stop.service_point_id != actor.service_point_id or not stop.active:
            raise ValidationError("stop", N_("Bookmobile stop: choose the stop the bookmobile is at."))
    assert actor.service_point_id is not None
    return Desk(actor.service_point_id, stop_id if point.kind is ServicePointKind.BOOKMOBILE else None,
                point.library_id)


def return_and_lend(session: Session, actor: Actor, reader_id: int, barcode: str, *,
                    overrides: Collection[OverrideGrant] = (), stop_id: int | None = None,
                    now: dt.datetime | None = None) -> tuple[CheckinResult, CheckoutResult]:
    """The item is on loan to someone else but in front of the desk: return it, then lend it."""
    back = checkin(session, actor, barcode, stop_id=stop_id, now=now)
    lent = checkout(session, actor, reader_id, barcode, overrides=overrides, stop_id=stop_id, now=now)
    return back, lent


# -- returning ---------------------------------------------------------------------------------

def checkin(session: Session, actor: Actor, barcode: str, *, stop_id: int | None = None,
            now: dt.datetime | None = None) -> CheckinResult:
    """Return the item. If a reader reserved it (the copy or its title), the oldest such
    reservation becomes ready and the result carries the slip to print.

    Like the checkout, this runs at every scan (and at every kiosk return), so it reads and
    writes with prebuilt Core statements on the session's connection (same transaction)."""
    require_role(actor, Role.DESK)
    now = now or timeutil.now_utc()
    code = items.validate_barcode(barcode)
    session.flush()  # Core statements below must see anything the caller changed
    conn = session.connection()
    desk = _desk_core(session, actor, stop_id)
    item = conn.execute(_RETURN_ITEM, {"barcode": code}).one_or_none()
    if item is None:
        raise CirculationRefused(Refusal.ITEM_UNKNOWN, barcode=code)
    loan = conn.execute(_OPEN_LOAN, {"item": item.id}).one_or_none()
    if loan is None:
        raise CirculationRefused(Refusal.NOT_ON_LOAN, barcode=item.barcode)
    return _return(session, actor, desk, _item_row(item), loan, now)


def _item_row(item: Row[Any] | Any) -> ItemRow:
    return ItemRow(item.id, item.barcode, item.title, item.isbn, item.call_number or "", item.library_id)


def _return(session: Session, actor: Actor, desk: Desk, item: ItemRow, loan: Row[Any] | Any,
            now: dt.datetime) -> CheckinResult:
    conn = session.connection()
    today = timeutil.local_day(now)
    reader = conn.execute(_CARD, {"reader": loan.reader_id}).one()
    conn.execute(_RETURN_LOAN, {"loan": loan.id, "now": now, "today": today, "point": desk.point_id,
                                "stop": desk.stop_id, "staff": actor.staff_id})
    # a reservation it can fill (here or at another library), else home (here, or in transit)
    slip, transfer = transfers.route(conn, actor, item, library_id=desk.library_id, point_id=desk.point_id,
                                     now=now)
    _expire_cached(session, item.id, slip.hold_id if slip is not None else None, loan.id)
    days_overdue = max(0, (today - loan.due_date).days)
    details: dict[str, object] = {"barcode": item.barcode, "service_point_id": desk.point_id,
                                  "stop_id": desk.stop_id, "days_overdue": days_overdue}  # no reader: see checkout
    if slip is not None:
        details["hold_id"] = slip.hold_id
    if transfer is not None:
        details["transfer_id"] = transfer.transfer_id
    audit.record(session, actor, "checkin", "loan", loan.id, details)
    return CheckinResult(loan.id, item.barcode, item.title, reader.card_number, reader.name, days_overdue, slip,
                         transfer)


def return_or_receive(session: Session, actor: Actor, barcode: str, *, stop_id: int | None = None,
                      now: dt.datetime | None = None) -> CheckinResult | Received:
    """The desk's return scan: an item on loan is returned (``checkin``); an item in transit
    to this desk's library is received (``transfers.receive``)."""
    require_role(actor, Role.DESK)
    now = now or timeutil.now_utc()
    code = items.validate_barcode(barcode)
    session.flush()
    conn = session.connection()
    desk = _desk_core(session, actor, stop_id)
    item = conn.execute(_RETURN_ITEM, {"barcode": code}).one_or_none()
    if item is None:
        raise CirculationRefused(Refusal.ITEM_UNKNOWN, barcode=code)
    loan = conn.execute(_OPEN_LOAN, {"item": item.id}).one_or_none()
    if loan is not None:
        return _return(session, actor, desk, _item_row(item), loan, now)
    if item.status is not ItemStatus.IN_TRANSIT:
        raise CirculationRefused(Refusal.NOT_ON_LOAN, barcode=item.barcode)
    received = transfers.receive(session, actor, _item_row(item), library_id=desk.library_id,
                                 point_id=desk.point_id, now=now)
    _expire_cached(session, item.id, received.hold.hold_id if received.hold is not None else None)
    return received


# -- renewing ----------------------------------------------------------------------------------

def renew(session: Session, actor: Actor, loan_id: int, *, overrides: Collection[OverrideGrant] = (),
          stop_id: int | None = None, now: dt.datetime | None = None) -> RenewResult:
    require_role(actor, Role.DESK)
    now = now or timeutil.now_utc()
    today = timeutil.local_day(now)
    desk = _desk(session, actor, stop_id)
    # locked until commit (PostgreSQL): two desks renewing the same loan take turns
    loan = session.get(Loan, loan_id, with_for_update=True, populate_existing=True)
    if loan is None or loan.returned_at is not None:
        raise NotFound(N_("Loan {id} is not open; nothing to renew."), id=loan_id)
    item = session.get(Item, loan.item_id)
    reader = session.get(Reader, loan.reader_id)
    assert item is not None and reader is not None
    granted = _granted(overrides, reader.id)
    used: list[OverrideGrant] = []
    _check_card(reader, today, granted, used)
    rule = _rule(session, reader, item, desk.library_id)
    if loan.renewal_count >= rule.max_renewals:
        if Refusal.RENEWAL_LIMIT not in granted:
            raise CirculationRefused(Refusal.RENEWAL_LIMIT, barcode=item.barcode, count=loan.renewal_count,
                                     limit=rule.max_renewals)
        used.append(granted[Refusal.RENEWAL_LIMIT])
    others = [h for h in holds.active_holds_for_item(session, item) if h.reader_id != reader.id]
    if others:
        if Refusal.RESERVED_FOR_OTHER not in granted:
            raise CirculationRefused(Refusal.RESERVED_FOR_OTHER, barcode=item.barcode,
                                     card=readers.mask_id_number(_card_of(session, others[0].reader_id)))
        used.append(granted[Refusal.RESERVED_FOR_OTHER])
    old_due = loan.due_date
    new_due = calendar.due_date(session, today, rule.loan_days, library_id=desk.library_id)
    if new_due <= old_due:  # Koha's "too soon": a renewal that moves nothing is refused, not used up
        first = first_renewal_day(session, today, old_due, rule.loan_days, library_id=desk.library_id)
        raise CirculationRefused(Refusal.RENEW_TOO_SOON, barcode=item.barcode, date=old_due.isoformat(),
                                 first=first.isoformat())
    number = loan.renewal_count + 1
    renewal = Renewal(loan_id=loan.id, number=number, service_point_id=desk.point_id, stop_id=desk.stop_id,
                      staff_id=actor.staff_id, renewed_at=now, local_day=today, old_due=old_due, new_due=new_due)
    session.add(renewal)
    loan.renewal_count = number
    loan.due_date = new_due
    session.flush()
    details: dict[str, object] = {"barcode": item.barcode, "loan_id": loan.id, "number": number,
                                  "old_due": old_due.isoformat(), "new_due": new_due.isoformat(),
                                  "service_point_id": desk.point_id, "stop_id": desk.stop_id}  # no reader: see checkout
    if used:
        details["overrides"] = [[g.code.value, g.manager_id] for g in used]
    audit.record(session, actor, "renew", "renewal", renewal.id, details)
    return RenewResult(loan.id, item.barcode, item.title, old_due, new_due, number)


def first_renewal_day(session: Session, today: dt.date, due: dt.date, loan_days: int, *,
                      library_id: int | None = None) -> dt.date:
    """The first day from which renewing would move the due date past ``due``."""
    day = today + dt.timedelta(days=1)
    while day <= due and calendar.due_date(session, day, loan_days, library_id=library_id) <= due:
        day += dt.timedelta(days=1)
    return day


def renew_by_barcode(session: Session, actor: Actor, barcode: str, **kwargs: object) -> RenewResult:
    item = _get_item(session, barcode)
    loan = _open_loan(session, item.id)
    if loan is None:
        raise CirculationRefused(Refusal.NOT_ON_LOAN, barcode=item.barcode)
    return renew(session, actor, loan.id, **kwargs)  # type: ignore[arg-type]


def open_loan_ids(session: Session, reader_id: int) -> list[int]:
    return list(session.scalars(select(Loan.id).where(*_open_of_reader(reader_id))
                                .order_by(Loan.due_date, Loan.id)))


# -- overrides ---------------------------------------------------------------------------------

def authorize_override(session: Session, actor: Actor, reader_id: int, code: Refusal | str, *,
                       manager_username: str, manager_password: str, reason: str) -> OverrideGrant:
    """A manager, with their own password, lifts ``code`` for this reader; audited."""
    require_role(actor, Role.DESK)
    try:
        refusal = Refusal(code)
    except ValueError:
        raise ValidationError("code", N_("Override: unknown refusal.")) from None
    if refusal not in OVERRIDABLE:
        raise ValidationError("code", N_("Override: this refusal cannot be overridden."))
    why = clean_text(reason)
    if len(why) < 2:
        raise ValidationError("reason", N_("Reason: say why the rule is set aside."))
    if len(why) > 200:
        raise ValidationError("reason", N_("Reason: at most {n} characters."), n=200)
    # a wrong password counts towards the manager's lockout, like a failed login, and is audited
    manager = manager_for_override(session, actor, manager_username, manager_password,
                                        {"code": refusal.value, "reader_id": reader_id})
    reader = session.get(Reader, reader_id)
    if reader is None:
        raise NotFound(N_("No reader with number {id}."), id=reader_id)
    audit.record(session, actor, "override", "reader", reader.id,
                 {"code": refusal.value, "manager_id": manager.id, "manager": manager.username,
                  "reason": why, "card_number": reader.card_number})
    return OverrideGrant(reader.id, refusal, manager.id, manager.username, why)


# -- what the reader panel shows ---------------------------------------------------------------

def reader_panel(session: Session, actor: Actor, reader_id: int, today: dt.date | None = None) -> ReaderPanel:
    require_role(actor, Role.DESK)
    today = today or timeutil.today()
    reader = session.get(Reader, reader_id)
    if reader is None:
        raise CirculationRefused(Refusal.CARD_UNKNOWN, card=str(reader_id))
    point = session.get(ServicePoint, reader.registered_point_id)
    rows: Sequence[tuple[Loan, Item]] = session.execute(
        select(Loan, Item).join(Item, Item.id == Loan.item_id)
        .where(*_open_of_reader(reader.id))
        .order_by(Loan.lent_at.desc(), Loan.id.desc())).all()
    lines = [_line(loan, item, today) for loan, item in rows]
    hold_rows = []
    for hold in holds.reader_holds(session, reader.id):
        title = ""
        item_id = hold.ready_item_id or hold.item_id
        if item_id is not None:
            title = session.scalar(select(Item.title).where(Item.id == item_id)) or ""
        elif hold.isbn:
            title = session.scalar(select(Item.title).where(Item.isbn == hold.isbn).limit(1)) or hold.isbn
        hold_rows.append((hold.id, title, hold.state.value))
    return ReaderPanel(readers.view_of(reader, actor, point.name if point else ""), lines, hold_rows)
