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

from sqlalchemy import Date, Row, Select, bindparam, case, func, insert, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
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
# Each round trip asks for everything known by then (on PostgreSQL a round trip costs more
# than the statement): the desk, the reader and the fees setting; the item (locked) with its
# loan rule; the item's open loan with the reader's counts and whether the item is reserved.
_P = bindparam
# the desk's service point, its library, and the library of the account working there
_STAFF_LIBRARY = select(Staff.library_id).where(Staff.id == _P("staff")).scalar_subquery()
_POINT = select(ServicePoint.kind, ServicePoint.active, ServicePoint.library_id,
                _STAFF_LIBRARY.label("staff_library")).where(ServicePoint.id == _P("point"))
# whose loan rule applies (the owning library's setting says: Library.loan_rules_by), and the
# rule: that library's own, else the rule for all libraries (one of each at most)
_OWNER = aliased(Library)
_RULE_OWN = aliased(LoanRule)
_RULE_ALL = aliased(LoanRule)
_RULES_BY = select(Library.loan_rules_by).where(Library.id == _P("library"))
_RULES_LIBRARY = case((Item.library_id == ServicePoint.library_id, ServicePoint.library_id),
                      (_OWNER.loan_rules_by == LoanRulesBy.OWNING, Item.library_id),
                      else_=ServicePoint.library_id)
_STOP = select(BookmobileStop.service_point_id, BookmobileStop.active).where(BookmobileStop.id == _P("stop"))


def _first_read(reader_key: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """The desk (its service point, the bookmobile's stop), the reader and the fees setting in
    one row; the service point is the base, so the desk is judged even for an unknown reader."""
    return (select(*_DESK_AND_READER).select_from(ServicePoint)
            .outerjoin(BookmobileStop, BookmobileStop.id == _P("stop"))
            .outerjoin(Reader, reader_key)
            .where(ServicePoint.id == _P("point")))


def _lend_read(reader_key: ColumnElement[bool]) -> Select[*tuple[Any, ...]]:
    """The item (locked) with all that is judged before a loan: the desk, the reader, the fees
    setting and the loan rule of the reader's category and the item's collection, in one
    round trip. The item is the base (PostgreSQL locks no row on the nullable side of an outer
    join): an unknown barcode gives no row, and ``_first_read`` then says the rest."""
    def same_kind(rule: Any) -> ColumnElement[bool]:
        condition: ColumnElement[bool] = (rule.reader_category == Reader.category) \
            & (rule.collection_type == Item.collection_type)
        return condition

    return (select(Item.id, Item.barcode, Item.title, Item.isbn, Item.collection_type, Item.status,
                   Item.library_id.label("item_library"),
                   func.coalesce(_RULE_OWN.loan_days, _RULE_ALL.loan_days).label("loan_days"),
                   func.coalesce(_RULE_OWN.max_loans, _RULE_ALL.max_loans).label("max_loans"),
                   *_DESK_AND_READER).select_from(Item)
            .outerjoin(ServicePoint, ServicePoint.id == _P("point"))
            .outerjoin(BookmobileStop, BookmobileStop.id == _P("stop"))
            .outerjoin(Reader, reader_key)
            .outerjoin(_OWNER, _OWNER.id == Item.library_id)
            .outerjoin(_RULE_OWN, same_kind(_RULE_OWN) & (_RULE_OWN.library_id == _RULES_LIBRARY))
            .outerjoin(_RULE_ALL, same_kind(_RULE_ALL) & _RULE_ALL.library_id.is_(None))
            .where(Item.barcode == _P("barcode")).with_for_update(of=Item))


_DESK_AND_READER = (ServicePoint.kind, ServicePoint.active, ServicePoint.library_id.label("point_library"),
                    _STAFF_LIBRARY.label("staff_library"), BookmobileStop.service_point_id.label("stop_point"),
                    BookmobileStop.active.label("stop_active"), Reader.id.label("reader_id"), Reader.card_number,
                    Reader.name, Reader.category, Reader.status.label("reader_status"), Reader.valid_until,
                    money.FEES_BLOCK_SETTING.scalar_subquery().label("fees_block"))
_FIRST = _first_read(Reader.id == _P("reader"))
_FIRST_BY_CARD = _first_read(Reader.card_number == _P("card"))
_LEND_READ = _lend_read(Reader.id == _P("reader"))
_LEND_READ_BY_CARD = _lend_read(Reader.card_number == _P("card"))
# Lending and returning lock the item's row first (PostgreSQL; SQLite serialises writers
# anyway), always in the order item → loan: two desks acting on one item take turns, so the
# item's status can never disagree with its open loan.
_OPEN_OF_READER = (Loan.reader_id == _P("reader"), Loan.returned_at.is_(None), Loan.due_date >= dt.date.min)
# read after the item's lock: its open loan (the partial unique index), the reader's open and
# overdue loans (one pass over the partial index of open loans) and whether any reservation
# could concern the item (the reservations themselves are read only then)
_COUNTS = select(func.count().label("open_loans"),
                 func.coalesce(func.sum(case((Loan.due_date < _P("today"), 1), else_=0)), 0).label("overdue")) \
    .where(*_OPEN_OF_READER).subquery()
# (the states as equalities, not IN: an IN list is rendered again at every execution)
_HELD = select(Hold.id).where(or_(*(Hold.state == state for state in holds.ACTIVE)),
                              or_(Hold.item_id == _P("item"), Hold.isbn == _P("isbn"))).exists()


def _state_read(*extra: Any) -> Select[*tuple[Any, ...]]:
    return (select(Loan.id.label("loan_id"), Loan.reader_id, Loan.due_date, Loan.lent_at, Loan.renewal_count,
                   _COUNTS.c.open_loans, _COUNTS.c.overdue, _HELD.label("held"), *extra)
            .select_from(_COUNTS)
            .outerjoin(Loan, (Loan.item_id == _P("item")) & Loan.returned_at.is_(None)))


_STATE = _state_read()
# PostgreSQL: with the lending library's closed days after the loan period, for the due date
# (calendar.WEEKLY_COLUMN; one round trip less per loan)
_STATE_AND_CALENDAR = _state_read(calendar.WEEKLY_COLUMN, calendar.CLOSED_COLUMN)
# PostgreSQL, the desk's and the kiosk's loan: all of it in one round trip, the item (locked)
# with the desk, the reader, the fees setting, the loan rule, the item's open loan, the
# reader's counts, whether the item is reserved and the lending library's closed days. The
# loan and the counts are read as the statement began (PostgreSQL re-reads only the locked
# row after waiting for another desk): ``look_up`` checks the loan against the item's status
# and reads the state again (_STATE) when they disagree; the partial unique index on open
# loans refuses a second loan whatever was read.
_ITEMS_LOAN = aliased(Loan)
_READERS_LOAN = aliased(Loan)
_READER_COUNTS = select(
    func.count().label("open_loans"),
    func.coalesce(func.sum(case((_READERS_LOAN.due_date < _P("today"), 1), else_=0)), 0).label("overdue")) \
    .where(_READERS_LOAN.reader_id == Reader.id, _READERS_LOAN.returned_at.is_(None),
           _READERS_LOAN.due_date >= dt.date.min).lateral("reader_counts")
_DUE_FROM = _P("today", type_=Date) + func.coalesce(_RULE_OWN.loan_days, _RULE_ALL.loan_days)
_LEND_READ_ALL = _LEND_READ.add_columns(
    _ITEMS_LOAN.id.label("loan_id"), _ITEMS_LOAN.reader_id.label("loan_reader"),
    _ITEMS_LOAN.due_date.label("loan_due"), _ITEMS_LOAN.lent_at.label("loan_lent_at"), _ITEMS_LOAN.renewal_count,
    _READER_COUNTS.c.open_loans, _READER_COUNTS.c.overdue,
    select(Hold.id).where(or_(*(Hold.state == state for state in holds.ACTIVE)),
                          or_(Hold.item_id == Item.id, Hold.isbn == Item.isbn)).exists().label("held"),
    calendar.weekly_column(ServicePoint.library_id), calendar.closed_column(_DUE_FROM, ServicePoint.library_id)) \
    .outerjoin(_ITEMS_LOAN, (_ITEMS_LOAN.item_id == Item.id) & _ITEMS_LOAN.returned_at.is_(None)) \
    .outerjoin(_READER_COUNTS, true())
# the bookmobile's replay also asks when the item last came back
_STATE_AND_LAST_RETURN = _state_read(
    select(func.max(Loan.returned_at)).where(Loan.item_id == _P("item")).scalar_subquery().label("last_return"))
_INSERT_LOAN = insert(Loan).returning(Loan.id)
_LEND_ITEM = update(Item).where(Item.id == _P("item")).values(status=ItemStatus.ON_LOAN)
# PostgreSQL changes the item's status in the loan's own statement (one round trip); SQLite
# has no UPDATE in a WITH clause, and no round trips to save
_INSERT_LOAN_LENDING_ITEM = insert(Loan).returning(Loan.id).add_cte(_LEND_ITEM.cte("lent_item"))
# ... and writes the loan's audit entry in it too: the item, the loan and the entry in one
# statement, RETURNING the loan's id (audit.insert_naming)
_LOAN_COLUMNS = ("item_id", "reader_id", "service_point_id", "stop_id", "staff_id", "lent_at", "local_day",
                 "due_date", "renewal_count")
_NEW_LOAN = insert(Loan).values({name: _P(f"new_{name}") for name in _LOAN_COLUMNS}).returning(Loan.id) \
    .cte("new_loan")
_LEND_LOGGED = audit.insert_naming(_NEW_LOAN.c.id).add_cte(_LEND_ITEM.cte("lent_item")).add_cte(_NEW_LOAN)
_FULFIL = update(Hold).where(Hold.id == _P("hold")).values(state=HoldState.FULFILLED, closed_at=_P("now"))
# the return's: the item with the desk's service point and stop; after the item's lock, its
# open loan (locked) with the borrower's card and whether the item is reserved
_RETURN_ITEM_COLUMNS = (Item.id, Item.barcode, Item.title, Item.isbn, Item.call_number, Item.status,
                        Item.library_id, ServicePoint.kind, ServicePoint.active,
                        ServicePoint.library_id.label("point_library"), _STAFF_LIBRARY.label("staff_library"),
                        BookmobileStop.service_point_id.label("stop_point"),
                        BookmobileStop.active.label("stop_active"))
_OPEN_LOAN = select(Loan.id, Loan.reader_id, Loan.due_date, Loan.lent_at, Reader.card_number, Reader.name,
                    _HELD.label("held")).select_from(Loan) \
    .join(Reader, Reader.id == Loan.reader_id) \
    .where(Loan.item_id == _P("item"), Loan.returned_at.is_(None)).with_for_update(of=Loan)
# Both in one round trip (the desk's and the kiosk's return): the item (locked) with the
# desk, its open loan with the borrower's card, and whether the item is reserved. The loan
# is read as it was when the statement began (PostgreSQL re-reads only the locked row after
# waiting for another desk): ``look_up_return`` checks it against the item's status, and the
# return's write changes only a loan still open (``checkin``), so no stale loan is returned.
_RETURN_READ = select(*_RETURN_ITEM_COLUMNS, Loan.id.label("loan_id"), Loan.reader_id,
                      Loan.due_date, Loan.lent_at, Reader.card_number, Reader.name,
                      select(Hold.id).where(or_(*(Hold.state == state for state in holds.ACTIVE)),
                                            or_(Hold.item_id == Item.id, Hold.isbn == Item.isbn))
                      .exists().label("held")).select_from(Item) \
    .outerjoin(ServicePoint, ServicePoint.id == _P("point")) \
    .outerjoin(BookmobileStop, BookmobileStop.id == _P("stop")) \
    .outerjoin(Loan, (Loan.item_id == Item.id) & Loan.returned_at.is_(None)) \
    .outerjoin(Reader, Reader.id == Loan.reader_id) \
    .where(Item.barcode == _P("barcode")).with_for_update(of=Item)
_CARD = select(Reader.card_number, Reader.name).where(Reader.id == _P("reader"))
# only a loan still open is returned: none changed means the loan read was stale
_RETURN_LOAN = update(Loan).where(Loan.id == _P("loan"), Loan.returned_at.is_(None)).values(
    returned_at=_P("now"), return_local_day=_P("today"), return_point_id=_P("point"), return_stop_id=_P("stop"),
    return_staff_id=_P("staff"))
_SHELVE_ITEM = update(Item).where(Item.id == _P("item")).values(status=ItemStatus.AVAILABLE)
# PostgreSQL: the loan, the item's status (when the loan was returned) and the audit entry
# in one statement, RETURNING the loan's id (none: nothing changed); without the entry inside
# ``audit.one_entry_for``
_RETURNED = _RETURN_LOAN.returning(Loan.id).cte("returned")
_SHELVED = update(Item).where(Item.id == _P("item"), select(_RETURNED.c.id).exists()) \
    .values(status=ItemStatus.AVAILABLE).cte("shelved_item")
_RETURN_SHELVING = select(_RETURNED.c.id).add_cte(_SHELVED)
_RETURN_LOGGED = audit.insert_naming(_RETURNED.c.id).add_cte(_RETURNED).add_cte(_SHELVED)


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

@dataclass(frozen=True)
class Looked:
    """What a checkout reads before it decides (``look_up``: one round trip on PostgreSQL when
    the item's status agrees with the loan read, else two; two on SQLite). A caller
    that must look at the same rows first (the bookmobile's replay) reads them once and
    hands them to ``checkout``, which does not read them again. Only in the same transaction."""

    # the desk, the reader (reader_id None: unknown) and the fees setting (_LEND_READ, or
    # _FIRST when the barcode is unknown); None: no such service point
    first: Row[*tuple[Any, ...]] | None
    item: Row[*tuple[Any, ...]] | None  # _LEND_READ (the same row), locked: None when unknown or not looked at
    state: LoanState | None  # None when the item is unknown


@dataclass(frozen=True)
class LoanState:
    """The item's open loan (``loan_id`` None: none), the reader's open and overdue loans, and
    whether a reservation may concern the item."""

    loan_id: int | None
    # the open loan's reader, due date, time lent and renewals (None when there is no loan:
    # typed Any, read only where ``loan_id`` is not None)
    reader_id: Any
    due_date: Any
    lent_at: Any
    renewal_count: Any
    open_loans: int
    overdue: int
    held: bool
    last_return: dt.datetime | None = None  # when the item last came back (asked for: look_up)
    # the lending library's weekly closings and its closed dates from the end of the loan
    # period on, when read with the state (PostgreSQL): the due date needs no read of its own
    closings: tuple[frozenset[int], frozenset[dt.date]] | None = None

    @classmethod
    def of(cls, row: Row[*tuple[Any, ...]], *, last_return: bool = False) -> LoanState:
        """From a row of _STATE and its variants."""
        closings = None
        if "cal_weekly" in row._fields:
            closings = frozenset(row.cal_weekly or ()), frozenset(row.cal_closed or ())
        return cls(row.loan_id, row.reader_id, row.due_date, row.lent_at, row.renewal_count, row.open_loans,
                   row.overdue, row.held, row.last_return if last_return else None, closings)


def look_up(session: Session, actor: Actor, barcode: str, *, reader_id: int | None = None, card: str = "",
            stop_id: int | None = None, today: dt.date, last_return: bool = False) -> Looked:
    """The rows a checkout of ``barcode`` reads, for the reader ``reader_id`` (or with ``card``).
    Raises nothing: ``checkout`` judges them. ``last_return`` adds when the item last came back."""
    session.flush()  # Core statements below must see anything the caller changed
    conn = session.connection()
    keys: dict[str, object] = {"point": actor.service_point_id, "stop": stop_id, "barcode": barcode,
                               "staff": actor.staff_id}
    postgresql = conn.dialect.name == "postgresql"
    all_at_once = postgresql and reader_id is not None and not last_return
    if reader_id is not None:
        keys["reader"] = reader_id
        if all_at_once:
            keys["today"] = today
        row = conn.execute(_LEND_READ_ALL if all_at_once else _LEND_READ, keys).one_or_none()
    else:
        keys["card"] = card
        row = conn.execute(_LEND_READ_BY_CARD, keys).one_or_none()
    if row is None:  # no such item: the desk and the reader, to refuse in the checkout's order
        first = conn.execute(_FIRST if reader_id is not None else _FIRST_BY_CARD, keys).one_or_none()
        return Looked(first, None, None)
    if row.reader_id is None:  # no such reader: refused before the item is looked at
        return Looked(row, None, None)
    if all_at_once and (row.loan_id is not None) == (row.status is ItemStatus.ON_LOAN):
        return Looked(row, row, LoanState(
            row.loan_id, row.loan_reader, row.loan_due, row.loan_lent_at, row.renewal_count, row.open_loans,
            row.overdue, row.held, closings=(frozenset(row.cal_weekly or ()), frozenset(row.cal_closed or ()))))
    # read after the item's lock: the loan as it is now (also when the one read above saw the
    # item's status and its loan disagree: another desk changed both while it waited)
    keys = {"item": row.id, "isbn": row.isbn, "reader": row.reader_id, "today": today}
    if last_return:
        return Looked(row, row, LoanState.of(conn.execute(_STATE_AND_LAST_RETURN, keys).one(), last_return=True))
    if postgresql and row.loan_days is not None:
        # the due date's calendar too (the lending library's: the desk's, see _judge_desk)
        start = today + dt.timedelta(days=row.loan_days)
        return Looked(row, row, LoanState.of(
            conn.execute(_STATE_AND_CALENDAR, keys | calendar.lookahead(start, row.point_library)).one()))
    return Looked(row, row, LoanState.of(conn.execute(_STATE, keys).one()))


def _judge_desk(session: Session, row: Row[*tuple[Any, ...]] | None, actor: Actor, stop_id: int | None) -> Desk:
    """The desk of a row carrying the service point's kind and active flag and the stop's
    point and active flag (``stop_point``, ``stop_active``); the desk's refusal if it cannot
    lend (also when ``row`` is None or its service point is: no such service point)."""
    if row is None or row.kind is None or not row.active or row.kind is ServicePointKind.READING_ROOM:
        raise ValidationError("service_point", N_("Service point: log in at a lending desk or the bookmobile "
                                                  "to lend and return."))
    assert actor.service_point_id is not None
    if row.staff_library != row.point_library:  # another library's desk: refused unless the city's administrator
        check_works_at(session, actor, actor.service_point_id, staff_library=row.staff_library,
                       point_library=row.point_library)
    if row.kind is ServicePointKind.BOOKMOBILE and (
            stop_id is None or row.stop_point != actor.service_point_id or not row.stop_active):
        raise ValidationError("stop", N_("Bookmobile stop: choose the stop the bookmobile is at."))
    return Desk(actor.service_point_id, stop_id if row.kind is ServicePointKind.BOOKMOBILE else None,
                row.point_library)


def checkout(session: Session, actor: Actor, reader_id: int, barcode: str, *,
             overrides: Collection[OverrideGrant] = (), stop_id: int | None = None,
             now: dt.datetime | None = None, looked: Looked | None = None) -> CheckoutResult:
    """Lend the item with ``barcode`` to the reader. Raises ``CirculationRefused`` (nothing
    written) unless every check passes or a manager's grant lifts it. ``looked``: the rows
    ``look_up`` read for this reader and item in this transaction (not read again).

    This runs at every scan, so it reads and writes with Core statements on the session's
    connection (same transaction): three reads (``look_up``), the calendar, the reservations
    only when the item has any, then the loan, the item's status and the audit entry."""
    require_role(actor, Role.DESK)
    now = now or timeutil.now_utc()
    today = timeutil.local_day(now)
    code = items.validate_barcode(barcode)
    if looked is None:
        looked = look_up(session, actor, code, reader_id=reader_id, stop_id=stop_id, today=today)
    else:
        session.flush()
    conn = session.connection()
    desk = _judge_desk(session, looked.first, actor, stop_id)
    row = looked.first
    assert row is not None
    if row.reader_id is None or row.reader_id != reader_id:
        raise CirculationRefused(Refusal.CARD_UNKNOWN, card=str(reader_id))
    reader = _Card(row.reader_id, row.card_number, row.name, row.category, row.reader_status, row.valid_until)
    granted = _granted(overrides, reader.id)
    used: list[OverrideGrant] = []
    _check_card(reader, today, granted, used)
    fees = money.fees_block_if(session, row.fees_block, reader.id, today)  # None unless a setting lets fees block
    if fees is not None:
        if Refusal.FEES_OWED not in granted:
            raise CirculationRefused(Refusal.FEES_OWED, name=reader.name, card=reader.card_number, amount=fees)
        used.append(granted[Refusal.FEES_OWED])
    item, state = looked.item, looked.state
    if item is None or state is None:
        raise CirculationRefused(Refusal.ITEM_UNKNOWN, barcode=code)
    if item.status in items.NOT_LENDABLE:
        raise CirculationRefused(Refusal.ITEM_UNAVAILABLE, barcode=item.barcode,
                                 status=items.ITEM_STATUS_LABELS[item.status])
    if state.loan_id is not None:
        if state.reader_id == reader.id:
            raise CirculationRefused(Refusal.ON_LOAN_SAME_READER, barcode=item.barcode,
                                     date=state.due_date.isoformat())
        raise CirculationRefused(Refusal.ON_LOAN_OTHER_READER, barcode=item.barcode,
                                 card=readers.mask_id_number(_card_of(session, state.reader_id)))
    # reservations: a copy set aside for someone, or reserved by copy, goes to them only
    fulfil: int | None = None
    set_aside: int | None = None  # another copy kept for this reader, released by this loan
    for hold in holds.active_holds_rows(conn, item.id, item.isbn) if state.held else ():
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
    if item.loan_days is None:  # no loan rule for this reader's category and the item's collection (any library)
        raise CirculationRefused(Refusal.NO_LOAN_RULE)
    rule = item
    # One pass over the reader's open loans in the partial index gave the total and the
    # overdue count; the count of this collection type (a join) is needed only when the
    # total reaches the limit. A reader's history is never read, so 5,000 past loans cost nothing.
    count, overdue = state.open_loans, state.overdue
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
    if state.closings is not None:  # read with the state (PostgreSQL): the lending library's days
        due = calendar.open_day_from(today + dt.timedelta(days=rule.loan_days), *state.closings)
    else:
        due = calendar.due_date(session, today, rule.loan_days, library_id=desk.library_id)
    # No reader in the audit entry: the audit trail cannot be changed, and a loan's link to
    # its reader must be able to go when the retention period ends (services/circulation/privacy.py).
    # The entry names the loan; the loan names the reader while it is kept.
    details: dict[str, object] = {"barcode": item.barcode, "due": due.isoformat(),
                                  "service_point_id": desk.point_id, "stop_id": desk.stop_id}
    if used:
        details["overrides"] = [[g.code.value, g.manager_id] for g in used]
    if fulfil is not None:
        details["hold_id"] = fulfil
    postgresql = conn.dialect.name == "postgresql"
    logged = postgresql and not audit.folded(session)  # the entry in the loan's own statement
    values: dict[str, object] = {"item_id": item.id, "reader_id": reader.id, "service_point_id": desk.point_id,
                                 "stop_id": desk.stop_id, "staff_id": actor.staff_id, "lent_at": now,
                                 "local_day": today, "due_date": due, "renewal_count": 0}
    try:
        if logged:
            loan_id = conn.execute(_LEND_LOGGED, {f"new_{k}": v for k, v in values.items()} | {"item": item.id}
                                   | audit.entry_params(actor, "checkout", "loan", details)).scalar_one()
        else:
            loan_id = conn.execute(_INSERT_LOAN_LENDING_ITEM if postgresql else _INSERT_LOAN,
                                   values | {"item": item.id}).scalar_one()
    except IntegrityError as exc:
        # another desk lent the same item between our check and our insert (the partial
        # unique index on open loans refused the second loan): a refusal, not a crash
        if "ix_loan_open_item" not in str(exc.orig) and "loan.item_id" not in str(exc.orig):
            raise
        raise CirculationRefused(Refusal.ON_LOAN_OTHER_READER, barcode=item.barcode, card="—") from None
    if not postgresql:
        conn.execute(_LEND_ITEM, {"item": item.id})
    if fulfil is not None:
        conn.execute(_FULFIL, {"hold": fulfil, "now": now})
    if set_aside is not None:
        conn.execute(update(Item).where(Item.id == set_aside, Item.status == ItemStatus.ON_HOLD_SHELF)
                     .values(status=ItemStatus.AVAILABLE))
        expire_cached(session, set_aside, None)
    expire_cached(session, item.id, fulfil)
    if not logged:
        audit.record(session, actor, "checkout", "loan", loan_id, details, at_once=True)
    line = LoanLine(loan_id, item.barcode, item.title, due, 0, due < today)
    return CheckoutResult(line, tuple(g.code for g in used))


def expire_cached(session: Session, item_id: int, hold_id: int | None = None, loan_id: int | None = None) -> None:
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

@dataclass(frozen=True)
class OpenLoan:
    """The open loan a return closes, with its borrower's card and whether the item is reserved."""

    id: int
    reader_id: int
    due_date: dt.date
    lent_at: dt.datetime
    card_number: str
    name: str
    held: bool


@dataclass(frozen=True)
class LookedReturn:
    """What a return reads before it writes (``look_up_return``), for a caller that must look
    at the same rows first (the bookmobile's replay). Only in the same transaction."""

    item: Row[*tuple[Any, ...]] | None  # _RETURN_READ, locked, with the desk's point and stop: None when unknown
    loan: OpenLoan | None  # the item's open loan: None when not on loan
    # the loan was read after the item's lock (else with it, and perhaps as it was before
    # another desk's change that the lock waited for: see _RETURN_READ)
    fresh: bool = False


def look_up_return(session: Session, actor: Actor, barcode: str, *, stop_id: int | None = None,
                   fresh: bool = False) -> LookedReturn:
    """The item (locked) and its open loan, in one round trip. ``fresh``: the loan as it is
    now, read after the item's lock (a second round trip), for a caller that judges the loan
    itself before the return (the bookmobile's replay)."""
    session.flush()  # Core statements below must see anything the caller changed
    conn = session.connection()
    row = conn.execute(_RETURN_READ, {"barcode": barcode, "point": actor.service_point_id, "stop": stop_id,
                                      "staff": actor.staff_id}).one_or_none()
    if row is None:
        return LookedReturn(None, None, True)
    if not fresh and (row.loan_id is not None) == (row.status is ItemStatus.ON_LOAN):
        loan = None if row.loan_id is None else OpenLoan(row.loan_id, row.reader_id, row.due_date, row.lent_at,
                                                         row.card_number, row.name, row.held)
        return LookedReturn(row, loan)
    # the item's status and the loan disagree (another desk changed both while this statement
    # waited for the item's lock; or a lost item still on loan): the loan as it is now
    again = conn.execute(_OPEN_LOAN, {"item": row.id, "isbn": row.isbn}).one_or_none()
    return LookedReturn(row, None if again is None else OpenLoan(*again), True)


def checkin(session: Session, actor: Actor, barcode: str, *, stop_id: int | None = None,
            now: dt.datetime | None = None, looked: LookedReturn | None = None) -> CheckinResult:
    """Return the item. If a reader reserved it (the copy or its title), the oldest such
    reservation becomes ready and the result carries the slip to print. ``looked``: the rows
    ``look_up_return`` read for this item in this transaction (not read again).

    Like the checkout, this runs at every scan (and at every kiosk return), so it reads and
    writes with prebuilt Core statements on the session's connection (same transaction): one
    read, the reservations only when the item has any, then (PostgreSQL) the loan, the item and
    the audit entry in one statement."""
    require_role(actor, Role.DESK)
    now = now or timeutil.now_utc()
    today = timeutil.local_day(now)
    code = items.validate_barcode(barcode)
    if looked is None:
        looked = look_up_return(session, actor, code, stop_id=stop_id)
    else:
        session.flush()
    conn = session.connection()
    item = looked.item
    if item is None:
        _desk_core(session, actor, stop_id)  # the desk's refusal comes first
        raise CirculationRefused(Refusal.ITEM_UNKNOWN, barcode=code)
    desk = _judge_desk(session, item, actor, stop_id)
    loan = looked.loan
    if loan is None:
        raise CirculationRefused(Refusal.NOT_ON_LOAN, barcode=item.barcode)
    returning = {"loan": loan.id, "now": now, "today": today, "point": desk.point_id, "stop": desk.stop_id,
                 "staff": actor.staff_id, "item": item.id}
    days_overdue = max(0, (today - loan.due_date).days)
    details: dict[str, object] = {"barcode": item.barcode, "service_point_id": desk.point_id,
                                  "stop_id": desk.stop_id, "days_overdue": days_overdue}  # no reader: see checkout
    slip: HoldSlip | None = None
    transfer: TransferSlip | None = None
    logged = False
    if loan.held or item.library_id != desk.library_id:
        # a reservation it can fill (here or at another library), else home (here, or in transit)
        returned = conn.execute(_RETURN_LOAN, returning).rowcount == 1
        if returned:
            slip, transfer = transfers.route(conn, actor, _item_row(item), library_id=desk.library_id,
                                             point_id=desk.point_id, now=now)
    elif conn.dialect.name == "postgresql":  # home, and nobody waits for it: back on the shelf
        logged = not audit.folded(session)
        returned = conn.execute(
            _RETURN_LOGGED if logged else _RETURN_SHELVING,
            returning | audit.entry_params(actor, "checkin", "loan", details) if logged else returning,
        ).first() is not None
    else:
        returned = conn.execute(_RETURN_LOAN, returning).rowcount == 1
        if returned:
            conn.execute(_SHELVE_ITEM, {"item": item.id})
    if not returned:  # the loan read was stale (another desk returned it meanwhile): nothing written
        if looked.fresh:
            raise CirculationRefused(Refusal.NOT_ON_LOAN, barcode=item.barcode)
        return checkin(session, actor, code, stop_id=stop_id, now=now,
                       looked=look_up_return(session, actor, code, stop_id=stop_id, fresh=True))
    expire_cached(session, item.id, slip.hold_id if slip is not None else None, loan.id)
    if slip is not None:
        details["hold_id"] = slip.hold_id
    if transfer is not None:
        details["transfer_id"] = transfer.transfer_id
    if not logged:
        audit.record(session, actor, "checkin", "loan", loan.id, details, at_once=True)
    return CheckinResult(loan.id, item.barcode, item.title, loan.card_number, loan.name, days_overdue, slip,
                         transfer)


def _item_row(item: Row[Any] | Any) -> ItemRow:
    return ItemRow(item.id, item.barcode, item.title, item.isbn, item.call_number or "", item.library_id)


def return_or_receive(session: Session, actor: Actor, barcode: str, *, stop_id: int | None = None,
                      now: dt.datetime | None = None) -> CheckinResult | Received:
    """The desk's return scan: an item on loan is returned (``checkin``); an item in transit
    to this desk's library is received (``transfers.receive``)."""
    require_role(actor, Role.DESK)
    now = now or timeutil.now_utc()
    code = items.validate_barcode(barcode)
    looked = look_up_return(session, actor, code, stop_id=stop_id)
    item = looked.item
    if item is None:
        _desk_core(session, actor, stop_id)  # the desk's refusal comes first
        raise CirculationRefused(Refusal.ITEM_UNKNOWN, barcode=code)
    if looked.loan is not None:
        return checkin(session, actor, code, stop_id=stop_id, now=now, looked=looked)
    desk = _judge_desk(session, item, actor, stop_id)
    if item.status is not ItemStatus.IN_TRANSIT:
        raise CirculationRefused(Refusal.NOT_ON_LOAN, barcode=item.barcode)
    received = transfers.receive(session, actor, _item_row(item), library_id=desk.library_id,
                                 point_id=desk.point_id, now=now)
    expire_cached(session, item.id, received.hold.hold_id if received.hold is not None else None)
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
