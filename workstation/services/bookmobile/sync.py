"""Sync: a trip store's events uploaded once, replayed once, in time order, through the
same services as at the desk (docs/bookmobile.md has the rules in a table).

Upload: one transaction inserts the events not yet known (the event id, made on the laptop,
is the primary key), so a second upload, or an upload started again after it was killed,
adds nothing. Replay: every pending event — registrations first, then by the laptop's time
corrected by the clock offset measured at sync — in its own transaction; the services run
inside a savepoint, so an event refused halfway leaves nothing but its own outcome. Each
event ends applied, applied with a warning, or an exception for staff.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Union

from sqlalchemy import bindparam, case, func, insert, select, update
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.db import Database
from workstation.errors import N_, ValidationError, WorkstationError
from workstation.models import Role, Staff
from workstation.models.circulation import (
    CollectionType,
    IdType,
    Item,
    ItemStatus,
    Loan,
    LoanRule,
    Reader,
    ReaderCategory,
    ReaderStatus,
)
from workstation.models.offline import EventState, OfflineEvent, OfflineTrip, OfflineUpload
from workstation.models.outreach import BookmobileVehicle
from workstation.services import audit, retry
from workstation.services.bookmobile import events
from workstation.services.bookmobile.store import TripStoreRefused, database_id, read_events, read_meta
from workstation.services.circulation import (
    OVERRIDABLE,
    CirculationRefused,
    Looked,
    OverrideGrant,
    Refusal,
    checkin,
    checkout,
    expire_cached,
    look_up,
    look_up_return,
    place_hold,
    register_reader,
    renew,
)
from workstation.services.context import Actor, require_role

Progress = Callable[[int, int, str], None]
Event = Union["OfflineEvent", "Pending"]  # an event as stored (staff's screen) or as read for a replay
CLOCK_SHOWN_SECONDS = 120


class Code(enum.StrEnum):
    """Why an event is an exception, or what its warning says."""

    # exceptions: nothing applied
    READER_NOT_FOUND = "READER_NOT_FOUND"
    ITEM_NOT_FOUND = "ITEM_NOT_FOUND"
    ITEM_LOST_OR_WITHDRAWN = "ITEM_LOST_OR_WITHDRAWN"
    CARD_REPORTED_LOST = "CARD_REPORTED_LOST"
    NEWER_LOAN_EXISTS = "NEWER_LOAN_EXISTS"
    ITEM_CHANGED_LATER = "ITEM_CHANGED_LATER"
    RENEW_NOT_ON_LOAN = "RENEW_NOT_ON_LOAN"
    DUPLICATE_CARD = "DUPLICATE_CARD"
    POSSIBLE_DUPLICATE_READER = "POSSIBLE_DUPLICATE_READER"
    EARLIER_EVENT_FAILED = "EARLIER_EVENT_FAILED"
    REFUSED = "REFUSED"
    # warnings: applied
    BECAME_RENEWAL = "BECAME_RENEWAL"
    ALREADY_CURRENT = "ALREADY_CURRENT"
    IMPLICIT_RETURN = "IMPLICIT_RETURN"
    NOT_ON_LOAN = "NOT_ON_LOAN"
    BLOCK_OVERRIDDEN = "BLOCK_OVERRIDDEN"
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    OVERDUE_OVERRIDDEN = "OVERDUE_OVERRIDDEN"
    HOLD_FOR_OTHER = "HOLD_FOR_OTHER"
    RENEWAL_LIMIT_EXCEEDED = "RENEWAL_LIMIT_EXCEEDED"
    OVERRIDE_ON_BUS = "OVERRIDE_ON_BUS"
    DUE_DATE_DIFFERS = "DUE_DATE_DIFFERS"
    ALREADY_RESERVED = "ALREADY_RESERVED"
    FORCED = "FORCED"


# exceptions a manager may apply anyway (what "anyway" does is in docs/bookmobile.md);
# the others need the reader or item fixed and the event retried
FORCEABLE = frozenset({Code.ITEM_LOST_OR_WITHDRAWN, Code.NEWER_LOAN_EXISTS, Code.ITEM_CHANGED_LATER,
                       Code.RENEW_NOT_ON_LOAN, Code.POSSIBLE_DUPLICATE_READER, Code.EARLIER_EVENT_FAILED})
# an exception on an item stops the batch's later events on that item (Evergreen's skip)
_ITEM_STOPPERS = frozenset({Code.NEWER_LOAN_EXISTS, Code.ITEM_CHANGED_LATER, Code.ITEM_LOST_OR_WITHDRAWN})
_WARNING_OF_OVERRIDE = {
    Refusal.CARD_BLOCKED: Code.BLOCK_OVERRIDDEN, Refusal.CARD_EXPIRED: Code.BLOCK_OVERRIDDEN,
    Refusal.TOO_MANY_LOANS: Code.LIMIT_EXCEEDED, Refusal.OVERDUE_ITEMS: Code.OVERDUE_OVERRIDDEN,
    Refusal.RESERVED_FOR_OTHER: Code.HOLD_FOR_OTHER, Refusal.RENEWAL_LIMIT: Code.RENEWAL_LIMIT_EXCEEDED,
}


@dataclass(frozen=True)
class Result:
    state: EventState
    code: str = ""
    warnings: tuple[str, ...] = ()
    message: str = ""


class _Exception(Exception):
    """An event's exception: an outcome of replay, not an error of the program."""

    def __init__(self, code: Code, message: str = "") -> None:
        super().__init__(code.value)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Found:
    """What a trip store holds: its trip, vehicle and database, and its intact events."""

    trip: str
    database: str
    vehicle_id: int
    events: list[dict[str, Any]]
    damaged: int = 0
    salvaged: bool = False


@dataclass(frozen=True)
class Accounting:
    """A trip's (or every trip's) events in the library's database: nothing dropped silently."""

    uploaded: int
    applied: int  # warnings included
    warnings: int
    exceptions: int
    discarded: int
    pending: int

    @property
    def balanced(self) -> bool:
        return self.uploaded == self.applied + self.exceptions + self.discarded + self.pending


@dataclass(frozen=True)
class SyncReport:
    trip: str
    vehicle: str
    in_store: int
    new: int
    damaged: int
    missing: tuple[int, ...]
    clock_offset: int  # seconds: the library's clock minus the laptop's
    accounting: Accounting
    codes: dict[str, int] = field(default_factory=dict)

    @property
    def clock_shown(self) -> bool:
        return abs(self.clock_offset) > CLOCK_SHOWN_SECONDS


# -- reading a store ---------------------------------------------------------------------

def read_store(path: Path | str, *, salvage: bool = False) -> Found:
    """The events of the trip store at ``path``. Without ``salvage`` a damaged store is
    refused; with it every record whose checksum holds is taken from the file's bytes."""
    path = Path(path)
    if not path.is_file():
        raise TripStoreRefused(N_("Trip store {file} does not exist."), file=str(path))
    if salvage:
        return _salvage(path)
    with path.open("rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise TripStoreRefused(N_("{file} is not a trip store that can be opened ({reason}). Prepare a new trip, "
                                      "or sync what it holds with --salvage."), file=str(path), reason="not SQLite")
    conn = sqlite3.connect(path)
    try:
        info = read_meta(conn, path)
        found = read_events(conn)
    finally:
        conn.close()
    return Found(info.key, info.database_id, info.vehicle_id, found)


def _salvage(path: Path) -> Found:
    chunks = [path.read_bytes()]
    wal = Path(f"{path}-wal")
    if wal.is_file():
        chunks.append(wal.read_bytes())
    scan = events.scan_bytes(*chunks)
    if not scan.events:
        raise TripStoreRefused(N_("No intact event in {file} ({damaged} damaged records); nothing to sync."),
                               file=str(path), damaged=scan.damaged)
    trip, _n = Counter(e["trip"] for e in scan.events).most_common(1)[0]
    mine = [e for e in scan.events if e["trip"] == trip]
    return Found(trip, mine[0]["database"], mine[0]["vehicle_id"], mine, scan.damaged + len(scan.events) - len(mine),
                 True)


# -- upload ------------------------------------------------------------------------------

def _server_now(session: Session) -> dt.datetime:
    if session.get_bind().dialect.name == "postgresql":
        value = session.scalar(select(func.clock_timestamp()))
        assert isinstance(value, dt.datetime)
        return value.astimezone(dt.UTC)
    return timeutil.now_utc()


def upload(db: Database, actor: Actor, found: Found, *, laptop_now: dt.datetime) -> tuple[int, int, int, OfflineTrip]:
    """Insert the events not uploaded before; (new events, clock offset, upload id, trip)."""
    require_role(actor, Role.DESK)

    def run(s: Session) -> tuple[int, int, int, OfflineTrip]:
        if found.database != database_id(s):
            raise TripStoreRefused(N_("This trip store was prepared for another library database; it is refused."))
        trip = s.scalar(select(OfflineTrip).where(OfflineTrip.key == found.trip))
        if trip is None:
            raise TripStoreRefused(N_("This trip store's trip is not known to this database; it is refused."))
        offset = round((_server_now(s) - laptop_now).total_seconds())
        wrong = [e for e in found.events if e["vehicle_id"] != trip.vehicle_id or e["database"] != found.database]
        if wrong:
            raise TripStoreRefused(N_("Event {seq} of the trip store belongs to another vehicle or database."),
                                   seq=wrong[0]["seq"])
        rec = OfflineUpload(trip_id=trip.id, staff_id=actor.staff_id, clock_offset_seconds=offset,
                            in_store=len(found.events), damaged=found.damaged, salvaged=found.salvaged)
        s.add(rec)
        s.flush()
        known: set[str] = set()
        ids = [e["event_id"] for e in found.events]
        for i in range(0, len(ids), 500):
            known |= set(s.scalars(select(OfflineEvent.event_id).where(OfflineEvent.event_id.in_(ids[i:i + 500]))))
        delta = dt.timedelta(seconds=offset)
        rows = []
        for e in found.events:
            if e["event_id"] in known:
                continue
            at = dt.datetime.fromisoformat(e["at"])
            rows.append({"event_id": e["event_id"], "trip_id": trip.id, "upload_id": rec.id,
                         "vehicle_id": trip.vehicle_id, "seq": e["seq"], "kind": e["kind"], "payload": e["payload"],
                         "overrides": e["overrides"], "client_time": at, "corrected_time": at + delta,
                         "staff_id": e["staff_id"], "stop_id": e.get("stop_id"), "checksum": events.digest(e),
                         "state": EventState.PENDING, "code": "", "detail": {}, "resolution": "", "reason": ""})
        if rows:
            s.execute(insert(OfflineEvent), rows)
        rec.new_events = len(rows)
        audit.record(s, actor, "upload", "offline_upload", rec.id,
                     {"trip": trip.key, "in_store": len(found.events), "new": len(rows), "damaged": found.damaged,
                      "salvaged": found.salvaged, "clock_offset": offset})
        return len(rows), offset, rec.id, trip

    return retry.run(db, run)


# -- replay ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pending:
    """A pending event as read, with its fellows, at the start of a replay: what applying it
    needs (an event's upload never changes; its state is checked when the outcome is stored)."""

    event_id: str
    trip_id: int
    vehicle_id: int
    kind: str
    payload: dict[str, Any]
    overrides: list[Any]
    corrected_time: dt.datetime
    staff_id: int
    stop_id: int | None


_PENDING = select(OfflineEvent.event_id, OfflineEvent.trip_id, OfflineEvent.vehicle_id, OfflineEvent.kind,
                  OfflineEvent.payload, OfflineEvent.overrides, OfflineEvent.corrected_time, OfflineEvent.staff_id,
                  OfflineEvent.stop_id) \
    .where(OfflineEvent.state == EventState.PENDING) \
    .order_by(case((OfflineEvent.kind == "register", 0), else_=1), OfflineEvent.corrected_time,
              OfflineEvent.vehicle_id, OfflineEvent.seq)
# an outcome is stored only on an event still pending: if another sync stored one first, this
# transaction's work is rolled back (``_Done``), so an event is applied once however many syncs run
_STORE = update(OfflineEvent).where(OfflineEvent.event_id == bindparam("event"),
                                    OfflineEvent.state == EventState.PENDING)


def replay_pending(db: Database, *, progress: Progress | None = None,
                   stop_after: int | None = None) -> int:
    """Replay every pending event, each in its own transaction; the number replayed.
    ``stop_after`` stops early (tests that play an interrupted sync)."""
    with db.begin() as s:
        pending = [Pending(*row) for row in s.execute(_PENDING)]
        failed = failed_before(s)
    actors: dict[tuple[int, int, int], Actor] = {}
    done = 0
    for n, ev in enumerate(pending):
        if stop_after is not None and done >= stop_after:
            break
        if progress is not None:
            progress(n, len(pending), "")
        try:
            retry.run(db, functools.partial(_replay_one, ev=ev, failed=failed, actors=actors))
        except _Failed as exc:  # rolled back whole: the exception is stored on its own
            with contextlib.suppress(_Done):
                retry.run(db, functools.partial(_store_pending, event_id=ev.event_id, result=exc.result))
        except _Done:  # another sync stored this event's outcome first: nothing of this run is kept
            pass
        done += 1
    return done


class _Done(Exception):
    """The event was no longer pending when its outcome was to be stored."""


def _store_pending(s: Session, *, event_id: str, result: Result) -> None:
    values = _stored(result)
    if s.connection().execute(_STORE.values(**values), {"event": event_id}).rowcount != 1:
        raise _Done(event_id)


def _replay_one(s: Session, *, ev: Pending, failed: set[str],
                actors: dict[tuple[int, int, int], Actor]) -> None:
    _store_pending(s, event_id=ev.event_id, result=apply_event(s, ev, failed, actors=actors, savepoint=False))


def failed_before(s: Session) -> set[str]:
    """Items and new cards whose earlier events ended as exceptions (or were discarded):
    their later events wait for staff too."""
    failed: set[str] = set()
    for kind, state, code, payload in s.execute(
            select(OfflineEvent.kind, OfflineEvent.state, OfflineEvent.code, OfflineEvent.payload)
            .where(OfflineEvent.state.in_((EventState.EXCEPTION, EventState.DISCARDED)))):
        if kind == "register":  # the reader was not created: their loans must not go to another card's owner
            failed.add(_card_key(str(payload.get("card"))))
        elif state is EventState.EXCEPTION and code in _ITEM_STOPPERS and payload.get("barcode"):
            failed.add(str(payload["barcode"]))
    return failed


def _card_key(card: str) -> str:
    return "card:" + card


def _stored(result: Result) -> dict[str, Any]:
    """The columns of an event that ``result`` sets."""
    detail: dict[str, Any] = {}
    if result.warnings:
        detail["warnings"] = list(result.warnings)
    if result.message:
        detail["message"] = result.message
    applied = result.state in (EventState.APPLIED, EventState.WARNING)
    return {"state": result.state, "code": result.code, "detail": detail,
            "applied_at": timeutil.now_utc() if applied else None}


class _Failed(Exception):
    """An event's exception raised out of its transaction (rolled back whole), to be stored
    in a transaction of its own: cheaper than a savepoint around every event."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.code)
        self.result = result


def apply_event(s: Session, ev: Event, failed: set[str] | None = None, *, force: bool = False,
                actors: dict[tuple[int, int, int], Actor] | None = None, savepoint: bool = True) -> Result:
    """Apply one event through the services: its outcome. With ``savepoint`` an exception
    rolls back to a savepoint and is returned; without, ``_Failed`` is raised and the
    caller's transaction must be rolled back."""
    failed = failed if failed is not None else set()
    barcode = str(ev.payload.get("barcode") or "")
    card = _card_key(str(ev.payload.get("card") or ""))
    nested = s.begin_nested() if savepoint else None
    result: Result | None = None
    try:
        if not force and ev.kind != "register" and (barcode in failed or card in failed):
            raise _Exception(Code.EARLIER_EVENT_FAILED)
        warnings = _APPLY[ev.kind](s, ev, _actor(s, ev, actors if actors is not None else {}), force)
    except _Exception as exc:
        if exc.code in _ITEM_STOPPERS and barcode:
            failed.add(barcode)
        if ev.kind == "register":
            failed.add(card)
        result = Result(EventState.EXCEPTION, exc.code.value, message=exc.message)
    except CirculationRefused as err:
        code = Code.CARD_REPORTED_LOST if err.code is Refusal.CARD_LOST else Code.REFUSED
        result = Result(EventState.EXCEPTION, code.value, message=err.english())
    except WorkstationError as err:
        if ev.kind == "register":
            failed.add(card)
        result = Result(EventState.EXCEPTION, Code.REFUSED.value, message=err.english())
    if result is not None:
        if nested is None:
            raise _Failed(result)
        nested.rollback()
        return result
    if nested is not None:
        nested.commit()
    if ev.overrides:
        warnings.append(Code.OVERRIDE_ON_BUS)
    unique = tuple(dict.fromkeys(w.value for w in warnings))
    if unique:
        return Result(EventState.WARNING, unique[0], unique)
    return Result(EventState.APPLIED)


def _actor(s: Session, ev: Event, known: dict[tuple[int, int, int], Actor]) -> Actor:
    key = (ev.staff_id, ev.trip_id, ev.vehicle_id)
    if key in known:
        return known[key]
    staff = s.get(Staff, ev.staff_id)
    trip = s.get(OfflineTrip, ev.trip_id)
    vehicle = s.get(BookmobileVehicle, ev.vehicle_id)
    if staff is None or trip is None or vehicle is None:
        raise _Exception(Code.REFUSED, f"staff {ev.staff_id} unknown")
    known[key] = Actor(staff.id, staff.username, staff.display_name,
                       max(staff.role, Role.DESK, key=lambda r: r.rank), f"bookmobile {vehicle.name}",
                       trip.service_point_id)
    return known[key]


def _reader(s: Session, card: str) -> Reader:
    reader = s.scalar(select(Reader).where(Reader.card_number == card))
    if reader is None:
        raise _Exception(Code.READER_NOT_FOUND, card)
    if reader.status is ReaderStatus.LOST:
        raise _Exception(Code.CARD_REPORTED_LOST, card)
    return reader


def _item(s: Session, barcode: str, force: bool) -> Item:
    item = s.scalar(select(Item).where(Item.barcode == barcode).with_for_update())
    if item is None:
        raise _Exception(Code.ITEM_NOT_FOUND, barcode)
    if item.status in (ItemStatus.LOST, ItemStatus.WITHDRAWN):
        if not force:
            raise _Exception(Code.ITEM_LOST_OR_WITHDRAWN, f"{barcode}: {item.status.value}")
        item.status = ItemStatus.ON_LOAN if _open(s, item.id) is not None else ItemStatus.AVAILABLE
        s.flush()
    return item


def _open(s: Session, item_id: int) -> Loan | None:
    return s.scalar(select(Loan).where(Loan.item_id == item_id, Loan.returned_at.is_(None)))


def _grants(reader_id: int, staff_id: int) -> tuple[OverrideGrant, ...]:
    """Offline work overrides the desk's blocks (the book has left already): every
    overridable refusal, each becoming a warning when it was needed."""
    return tuple(OverrideGrant(reader_id, code, staff_id, "offline", "offline") for code in OVERRIDABLE)


def _warned(used: Iterable[Refusal]) -> list[Code]:
    return [_WARNING_OF_OVERRIDE[c] for c in used if c in _WARNING_OF_OVERRIDE]


def _lend(s: Session, ev: Event, actor: Actor, force: bool) -> list[Code]:
    """A loan on the bus. The reader, the item (locked) and its loans are read once, by the
    checkout's own look-up (``look_up``), and handed to the checkout, which does not
    read them again."""
    p, at = ev.payload, ev.corrected_time
    card, barcode = str(p["card"]), str(p["barcode"])
    today = timeutil.local_day(at)

    def look() -> Looked:
        return look_up(s, actor, barcode, card=card, stop_id=ev.stop_id, today=today, last_return=True)

    looked = look()
    reader = looked.first
    if reader is None:  # the bus's service point is gone: the checkout says so
        checkout(s, actor, 0, barcode, stop_id=ev.stop_id, now=at, looked=looked)
        raise AssertionError("unreachable")
    if reader.reader_id is None:
        raise _Exception(Code.READER_NOT_FOUND, card)
    if reader.reader_status is ReaderStatus.LOST:
        raise _Exception(Code.CARD_REPORTED_LOST, card)
    item = looked.item
    if item is None or looked.state is None:
        raise _Exception(Code.ITEM_NOT_FOUND, barcode)
    if item.status in (ItemStatus.LOST, ItemStatus.WITHDRAWN):
        if not force:
            raise _Exception(Code.ITEM_LOST_OR_WITHDRAWN, f"{barcode}: {item.status.value}")
        _found_again(s, item.id, looked.state.loan_id is not None)
        looked = look()
        assert looked.item is not None
        item = looked.item
    state = looked.state
    assert state is not None
    if state.loan_id is not None and state.reader_id == reader.reader_id:
        needs = _renewal_needs(s, reader.reader_status, reader.valid_until, reader.category, state.renewal_count,
                               item.collection_type, at)
        if not _renew_unless_current(s, actor, state.loan_id, reader.reader_id, ev, at):
            return [Code.ALREADY_CURRENT] + ([Code.FORCED] if force else [])
        return [Code.BECAME_RENEWAL, *needs] + ([Code.FORCED] if force else [])
    if state.loan_id is not None and state.lent_at > at:
        if not force:
            raise _Exception(Code.NEWER_LOAN_EXISTS, f"{item.barcode}: {state.lent_at.isoformat()}")
        # the bus's loan happened before the current one: kept as a closed loan in history
        history = Loan(item_id=item.id, reader_id=reader.reader_id, service_point_id=actor.service_point_id,
                       stop_id=ev.stop_id, staff_id=actor.staff_id, lent_at=at, local_day=today,
                       due_date=dt.date.fromisoformat(str(p["due"])), returned_at=state.lent_at,
                       return_local_day=timeutil.local_day(state.lent_at), return_point_id=actor.service_point_id,
                       return_stop_id=ev.stop_id, return_staff_id=actor.staff_id)
        s.add(history)
        s.flush()
        audit.record(s, actor, "checkout", "loan", history.id,
                     {"barcode": item.barcode, "offline_event": ev.event_id, "history": True})
        return [Code.FORCED]
    if state.loan_id is None and not force and state.last_return is not None and state.last_return > at:
        raise _Exception(Code.ITEM_CHANGED_LATER, f"{item.barcode}: {state.last_return.isoformat()}")
    warnings: list[Code] = []
    if state.loan_id is not None:
        checkin(s, actor, item.barcode, stop_id=ev.stop_id, now=at)
        warnings.append(Code.IMPLICIT_RETURN)
        looked = look()  # the item's rows changed
    done = checkout(s, actor, reader.reader_id, item.barcode, overrides=_grants(reader.reader_id, ev.staff_id),
                    stop_id=ev.stop_id, now=at, looked=looked)
    warnings += _warned(done.overrides)
    bus_due = dt.date.fromisoformat(str(p["due"]))
    if done.line.due_date != bus_due:  # the reader's slip says the bus's date: it stands
        s.execute(update(Loan).where(Loan.id == done.line.loan_id).values(due_date=bus_due))
        warnings.append(Code.DUE_DATE_DIFFERS)
    if force:
        warnings.append(Code.FORCED)
    return warnings


def _found_again(s: Session, item_id: int, on_loan: bool) -> None:
    """A lost or withdrawn item the bus had in hand (applied anyway): back in circulation."""
    s.execute(update(Item).where(Item.id == item_id)
              .values(status=ItemStatus.ON_LOAN if on_loan else ItemStatus.AVAILABLE))
    expire_cached(s, item_id)


def _return(s: Session, ev: Event, actor: Actor, force: bool) -> list[Code]:
    """A return on the bus: the item (locked) and its open loan are read once, by the return's
    own look-up (``look_up_return``), and handed to the return."""
    p, at = ev.payload, ev.corrected_time
    barcode = str(p["barcode"])
    looked = look_up_return(s, actor, barcode, stop_id=ev.stop_id, fresh=True)
    item = looked.item
    if item is None:
        raise _Exception(Code.ITEM_NOT_FOUND, barcode)
    if item.status in (ItemStatus.LOST, ItemStatus.WITHDRAWN):
        if not force:
            raise _Exception(Code.ITEM_LOST_OR_WITHDRAWN, f"{barcode}: {item.status.value}")
        _found_again(s, item.id, looked.loan is not None)
        looked = look_up_return(s, actor, barcode, stop_id=ev.stop_id, fresh=True)
        assert looked.item is not None
        item = looked.item
    current = looked.loan
    if current is None:
        return [Code.NOT_ON_LOAN]
    if current.lent_at > at:
        if not force:
            raise _Exception(Code.ITEM_CHANGED_LATER, f"{item.barcode}: {current.lent_at.isoformat()}")
        return [Code.FORCED]  # the newer loan stands; the bus's return is acknowledged
    checkin(s, actor, item.barcode, stop_id=ev.stop_id, now=at, looked=looked)
    return [Code.FORCED] if force else []


def _renew(s: Session, ev: Event, actor: Actor, force: bool) -> list[Code]:
    p, at = ev.payload, ev.corrected_time
    reader = _reader(s, str(p["card"]))
    item = _item(s, str(p["barcode"]), force)
    current = _open(s, item.id)
    if current is None:
        if not force:
            raise _Exception(Code.RENEW_NOT_ON_LOAN, item.barcode)
        return [Code.FORCED]
    if current.reader_id != reader.id:
        if not force:
            raise _Exception(Code.NEWER_LOAN_EXISTS, item.barcode)
        return [Code.FORCED]
    warnings = _renewal_needs(s, reader.status, reader.valid_until, reader.category, current.renewal_count,
                              item.collection_type, at)
    if not _renew_unless_current(s, actor, current.id, reader.id, ev, at):
        return [Code.ALREADY_CURRENT] + ([Code.FORCED] if force else [])
    return warnings + ([Code.FORCED] if force else [])


def _renew_unless_current(s: Session, actor: Actor, loan_id: int, reader_id: int, ev: Event,
                          at: dt.datetime) -> bool:
    """Renew the loan at ``at``; False (nothing written) when the loan is already due as late
    as a renewal would make it — lent or renewed at the library the same day, say: the desk's
    "too soon" refusal is no exception for staff, there is simply nothing to change."""
    try:
        with s.begin_nested():
            renew(s, actor, loan_id, overrides=_grants(reader_id, ev.staff_id), stop_id=ev.stop_id, now=at)
    except CirculationRefused as err:
        if err.code is Refusal.RENEW_TOO_SOON:
            return False
        raise
    return True


def _renewal_needs(s: Session, status: ReaderStatus, valid_until: dt.date, category: ReaderCategory,
                   renewal_count: int, collection_type: CollectionType, at: dt.datetime) -> list[Code]:
    """The warnings a renewal at ``at`` earns: the refusals the desk would have made."""
    day = timeutil.local_day(at)
    needs = []
    if status is ReaderStatus.BLOCKED or valid_until < day:
        needs.append(Code.BLOCK_OVERRIDDEN)
    limit = s.scalar(select(LoanRule.max_renewals).where(LoanRule.reader_category == category,
                                                         LoanRule.collection_type == collection_type))
    if limit is not None and renewal_count >= limit:
        needs.append(Code.RENEWAL_LIMIT_EXCEEDED)
    return needs


def _register(s: Session, ev: Event, actor: Actor, force: bool) -> list[Code]:
    p, at = ev.payload, ev.corrected_time
    card = str(p["card"])
    if s.scalar(select(Reader.id).where(Reader.card_number == card)) is not None:
        raise _Exception(Code.DUPLICATE_CARD, card)
    id_number, phone = str(p.get("id_number") or ""), str(p.get("phone") or "")
    same = s.scalar(select(Reader.card_number).where(Reader.id_number == id_number).limit(1)) if id_number else None
    if same is not None and not force:
        raise _Exception(Code.POSSIBLE_DUPLICATE_READER, f"{card} ~ {same}")
    if force:
        reader = Reader(card_number=card, name=str(p["name"]), category=ReaderCategory(p["category"]),
                        id_type=IdType(p["id_type"]), id_number=id_number or None, phone=phone or None,
                        registered_point_id=actor.service_point_id, registered_at=at,
                        valid_until=dt.date.fromisoformat(str(p["valid_until"])), status=ReaderStatus.ACTIVE,
                        deposit=Decimal(str(p.get("deposit", "0"))))
        s.add(reader)
        s.flush()
        audit.record(s, actor, "create", "reader", reader.id,
                     {"card_number": card, "category": reader.category.value, "offline_event": ev.event_id,
                      "forced": True})
        return [Code.FORCED]
    try:
        register_reader(s, actor, card_number=card, name=str(p["name"]), category=str(p["category"]),
                                 id_type=str(p["id_type"]), id_number=id_number, phone=phone,
                                 valid_until=dt.date.fromisoformat(str(p["valid_until"])),
                                 deposit=str(p.get("deposit", "0")), today=timeutil.local_day(at), now=at)
    except ValidationError as err:
        if err.field in ("id_number", "phone"):
            raise _Exception(Code.POSSIBLE_DUPLICATE_READER, err.english()) from None
        raise
    return []


def _hold(s: Session, ev: Event, actor: Actor, force: bool) -> list[Code]:
    p, at = ev.payload, ev.corrected_time
    reader = _reader(s, str(p["card"]))
    barcode = p.get("barcode")
    if barcode and s.scalar(select(Item.id).where(Item.barcode == str(barcode))) is None:
        raise _Exception(Code.ITEM_NOT_FOUND, str(barcode))
    try:
        place_hold(s, actor, reader.id, barcode=str(barcode) if barcode else None,
                   isbn=str(p["isbn"]) if p.get("isbn") else None, pickup_point_id=p.get("pickup_point_id"), now=at)
    except ValidationError as err:
        if "already reserved" in err.template:
            return [Code.ALREADY_RESERVED]
        raise
    return [Code.FORCED] if force else []


_APPLY: dict[str, Callable[[Session, Event, Actor, bool], list[Code]]] = {
    "lend": _lend, "return": _return, "renew": _renew, "register": _register, "hold": _hold,
}


# -- the whole sync --------------------------------------------------------------------------

def accounting(session: Session, trip_id: int | None = None) -> Accounting:
    query = select(OfflineEvent.state, func.count()).group_by(OfflineEvent.state)
    if trip_id is not None:
        query = query.where(OfflineEvent.trip_id == trip_id)
    n = {EventState(state): int(count) for state, count in session.execute(query)}
    applied = n.get(EventState.APPLIED, 0) + n.get(EventState.WARNING, 0)
    return Accounting(sum(n.values()), applied, n.get(EventState.WARNING, 0), n.get(EventState.EXCEPTION, 0),
                      n.get(EventState.DISCARDED, 0), n.get(EventState.PENDING, 0))


def sync_trip(db: Database, actor: Actor, path: Path | str, *, salvage: bool = False,
              clock: Callable[[], dt.datetime] = timeutil.now_utc, progress: Progress | None = None,
              stop_after: int | None = None) -> SyncReport:
    """Upload the trip store at ``path`` and replay what is pending; the report."""
    found = read_store(path, salvage=salvage)
    new, offset, upload_id, trip = upload(db, actor, found, laptop_now=clock())
    replay_pending(db, progress=progress, stop_after=stop_after)
    return retry.run(db, functools.partial(_finish, actor=actor, found=found, trip_id=trip.id, new=new,
                                           offset=offset, upload_id=upload_id))


def _finish(s: Session, *, actor: Actor, found: Found, trip_id: int, new: int, offset: int,
            upload_id: int) -> SyncReport:
    """The sync's report, and its entry in the audit trail: the accounting identity."""
    trip = s.get(OfflineTrip, trip_id)
    assert trip is not None
    totals = accounting(s, trip.id)
    codes = Counter(c for c in s.scalars(select(OfflineEvent.code).where(OfflineEvent.trip_id == trip.id)) if c)
    vehicle = s.get(BookmobileVehicle, trip.vehicle_id)
    seqs = sorted(e["seq"] for e in found.events)
    missing = tuple(sorted(set(range(trip.seq_from, seqs[-1] + 1)) - set(seqs))) if seqs else ()
    audit.record(s, actor, "sync", "offline_upload", upload_id,
                 {"trip": trip.key, "uploaded": totals.uploaded, "applied": totals.applied,
                  "warnings": totals.warnings, "exceptions": totals.exceptions, "discarded": totals.discarded,
                  "pending": totals.pending, "missing": len(missing), "damaged": found.damaged})
    return SyncReport(trip.key, vehicle.name if vehicle else "", len(found.events), new, found.damaged, missing,
                      offset, totals, dict(codes))
