"""The trip store: a SQLite file with what the desk needs on the road, and the events of
the work done there (docs/bookmobile.md).

The store has the program's own schema (made by the same migrations), so the desk works on
it unchanged through ``DeskSession``; two tables of its own hold the trip's description
(``trip_meta``) and its events (``trip_event``). Every transaction on the store turns the
audit entries it wrote (the services write one per action) into events, in the same
transaction: an action and its event are kept together or not at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
    func,
    insert,
    null,
    or_,
    select,
)
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.db import Database, default_database_path, open_database
from workstation.errors import N_, Conflict, NotFound, ValidationError, WorkstationError
from workstation.models import (
    AuditEntry,
    BookmobileStop,
    Library,
    LibrarySetting,
    Role,
    ServicePoint,
    Staff,
)
from workstation.models.circulation import (
    ClosedDay,
    Hold,
    HoldState,
    Item,
    Loan,
    LoanRule,
    Reader,
    Renewal,
    WeeklyClosing,
)
from workstation.models.offline import OfflineTrip
from workstation.models.outreach import BookmobileVehicle
from workstation.services import audit
from workstation.services.bookmobile import events
from workstation.services.context import Actor, require_role

Progress = Callable[[int, int, str], None]

FORMAT_NAME = "library-workstation-trip"
DATABASE_ID_KEY = "database_id"
CARD_RANGE = 500  # card numbers reserved per trip
SEQ_RANGE = 1_000_000  # event numbers reserved per trip
_CHUNK = 5_000


class TripStoreRefused(WorkstationError):
    """A trip store that cannot be used: not one, damaged, or from another database."""


trip_meta = MetaData()
META = Table("trip_meta", trip_meta, Column("key", String(40), primary_key=True), Column("value", Text, nullable=False))
EVENT = Table("trip_event", trip_meta,
              Column("seq", Integer, primary_key=True, autoincrement=False),
              Column("event_id", String(36), nullable=False, unique=True),
              Column("audit_id", Integer, nullable=False, unique=True),
              Column("record", Text, nullable=False))


@dataclass(frozen=True)
class TripInfo:
    path: Path
    key: str
    database_id: str
    vehicle_id: int
    vehicle: str
    service_point_id: int
    snapshot_at: dt.datetime
    prepared_by: str
    card_prefix: str
    card_from: int
    card_to: int
    seq_from: int
    readers: int = 0
    items: int = 0
    loans: int = 0

    def card(self, n: int) -> str:
        return f"{self.card_prefix}{n:06d}"


def database_id(session: Session) -> str:
    """This database's identity (made once): a trip store belongs to one database."""
    row = session.get(LibrarySetting, DATABASE_ID_KEY)
    if row is None:
        row = LibrarySetting(key=DATABASE_ID_KEY, value=str(uuid.uuid4()))
        session.add(row)
        session.flush()
    return row.value


def card_prefix(vehicle_id: int) -> str:
    return f"YD{vehicle_id}-"


def _silent(_step: int, _steps: int, _label: str = "") -> None:
    return None


# -- prepare -------------------------------------------------------------------------------

def prepare_trip(session: Session, actor: Actor, vehicle_id: int | None, out: Path | str, *,
                 progress: Progress | None = None) -> TripInfo:
    """Write the trip store for ``vehicle_id`` at ``out`` (a new file) and reserve its card
    and event numbers; audited. Raises ``ValidationError`` naming the field."""
    require_role(actor, Role.DESK)
    vehicle = session.get(BookmobileVehicle, vehicle_id) if vehicle_id is not None else None
    if vehicle is None or not vehicle.active:
        raise ValidationError("vehicle", N_("Vehicle: choose one from the list."))
    path = Path(out)
    if not str(out).strip() or path.is_dir():
        raise ValidationError("out", N_("Trip store: give the name of a new file."))
    if path.exists():
        raise ValidationError("out", N_("Trip store: {file} exists already; choose a new file name."), file=str(path))
    if not path.parent.is_dir():
        raise ValidationError("out", N_("Trip store: the folder {folder} does not exist."), folder=str(path.parent))
    say: Progress = progress or _silent
    steps = 8
    say(0, steps, "")
    # Only reads until the file is written: a SQLite library database stays free for the
    # other desks' writes meanwhile; the trip is recorded at the end.
    known = session.get(LibrarySetting, DATABASE_ID_KEY)
    db_id = known.value if known is not None else str(uuid.uuid4())
    prefix = card_prefix(vehicle.id)
    last_card = session.scalar(select(func.max(OfflineTrip.card_to)).where(OfflineTrip.card_prefix == prefix)) or 0
    last_seq = session.scalar(select(func.max(OfflineTrip.seq_from)).where(OfflineTrip.vehicle_id == vehicle.id))
    now = timeutil.now_utc()
    info = TripInfo(path, str(uuid.uuid4()), db_id, vehicle.id, vehicle.name, vehicle.service_point_id, now,
                    actor.username, prefix, last_card + 1, last_card + CARD_RANGE,
                    (last_seq or 1 - SEQ_RANGE) + SEQ_RANGE)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    store = open_database(f"sqlite:///{partial}")
    try:
        readers, items, loans = _copy(session, store, vehicle.service_point_id, say, steps)
        info = dataclasses.replace(info, readers=readers, items=items, loans=loans)
        with store.engine.begin() as conn:
            trip_meta.create_all(conn)
            conn.execute(insert(META), [{"key": k, "value": v} for k, v in _meta_of(info).items()])
        _checkpoint(store)
        store.dispose()
        if known is None:
            session.add(LibrarySetting(key=DATABASE_ID_KEY, value=db_id))
        trip = OfflineTrip(key=info.key, vehicle_id=vehicle.id, service_point_id=vehicle.service_point_id,
                           prepared_at=now, prepared_by=actor.staff_id, card_prefix=prefix, card_from=info.card_from,
                           card_to=info.card_to, seq_from=info.seq_from)
        session.add(trip)
        session.flush()
        clash = session.scalar(select(func.count()).select_from(OfflineTrip).where(
            OfflineTrip.id != trip.id, OfflineTrip.vehicle_id == vehicle.id,
            (OfflineTrip.card_to >= info.card_from) | (OfflineTrip.seq_from >= info.seq_from)))
        if clash:
            raise Conflict(N_("Another trip of this vehicle was prepared at the same moment; prepare it again."))
    except BaseException:
        store.dispose()
        _remove(partial)
        raise
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    os.replace(partial, path)
    say(steps, steps, "")
    audit.record(session, actor, "prepare", "offline_trip", trip.id,
                 {"vehicle": vehicle.name, "key": trip.key,
                  "cards": [info.card(trip.card_from), info.card(trip.card_to)],
                  "readers": info.readers, "items": info.items, "loans": info.loans})
    return info


def _remove(path: Path) -> None:
    for name in (str(path), f"{path}-wal", f"{path}-shm"):
        Path(name).unlink(missing_ok=True)


def _meta_of(info: TripInfo) -> dict[str, str]:
    return {"format": FORMAT_NAME, "version": str(events.FORMAT), "trip": info.key, "database": info.database_id,
            "vehicle_id": str(info.vehicle_id), "vehicle": info.vehicle,
            "service_point_id": str(info.service_point_id), "snapshot_at": info.snapshot_at.isoformat(),
            "prepared_by": info.prepared_by, "card_prefix": info.card_prefix, "card_from": str(info.card_from),
            "card_to": str(info.card_to), "seq_from": str(info.seq_from), "readers": str(info.readers),
            "items": str(info.items), "loans": str(info.loans), "audit_seen": "0", "stop_id": ""}


def _checkpoint(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _copy(session: Session, store: Database, point_id: int, say: Progress, steps: int) -> tuple[int, int, int]:
    """The rows the desk needs offline, with their ids; readers without ID numbers or phones."""
    src = session.connection()
    open_loans = select(Loan).where(Loan.returned_at.is_(None))
    active_holds = select(Hold).where(Hold.state.in_((HoldState.WAITING, HoldState.READY)))
    held_items = select(Hold.item_id).where(Hold.state.in_((HoldState.WAITING, HoldState.READY)),
                                            Hold.item_id.is_not(None))
    ready_items = select(Hold.ready_item_id).where(Hold.state == HoldState.READY, Hold.ready_item_id.is_not(None))
    # an item's bibliographic record stays at the library: the desk works offline without it
    item_columns = [null().label(c.name) if c.name == "record_id" else c for c in Item.__table__.c]
    on_board = select(*item_columns).where(or_(Item.home_point_id == point_id,
                                      Item.id.in_(select(Loan.item_id).where(Loan.returned_at.is_(None))),
                                      Item.id.in_(held_items), Item.id.in_(ready_items)))
    readers = select(*[c for c in Reader.__table__.c if c.name not in ("id_number", "phone")]) \
        .where(Reader.card_number.not_like("ANON-%"))
    plan: list[tuple[str, Any, Any]] = [
        ("config", Library.__table__, select(Library.__table__)),
        ("config", ServicePoint.__table__, select(ServicePoint.__table__)),
        ("config", BookmobileStop.__table__, select(BookmobileStop.__table__)),
        ("config", Staff.__table__, select(Staff.__table__)),
        ("config", LibrarySetting.__table__, select(LibrarySetting.__table__)),
        ("config", LoanRule.__table__, select(LoanRule.__table__)),
        ("config", ClosedDay.__table__, select(ClosedDay.__table__)),
        ("config", WeeklyClosing.__table__, select(WeeklyClosing.__table__)),
        ("config", BookmobileVehicle.__table__, select(BookmobileVehicle.__table__)),
        ("readers", Reader.__table__, readers),
        ("items", Item.__table__, on_board),
        ("loans", Loan.__table__, open_loans),
        ("holds", Hold.__table__, active_holds),
    ]
    counts = {"readers": 0, "items": 0, "loans": 0}
    with store.engine.connect() as dst:
        raw = dst.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # the rows the migrations seeded give way to the library's own
        try:
            with dst.begin():
                _copy_rows(src, dst, plan, counts, say, steps)
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
        bad = raw.execute("PRAGMA foreign_key_check").fetchall()
        if bad:
            raise TripStoreRefused(N_("The trip store could not be made: {n} rows refer to missing rows."), n=len(bad))
    return counts["readers"], counts["items"], counts["loans"]


def _copy_rows(src: Any, dst: Any, plan: list[tuple[str, Any, Any]], counts: dict[str, int], say: Progress,
               steps: int) -> None:
    from workstation.models import Base

    for table in reversed(Base.metadata.sorted_tables):
        if table.name != "audit_entry" and dst.execute(select(func.count()).select_from(table)).scalar():
            dst.execute(table.delete())
    step = 0
    same = src.dialect.name == "sqlite"  # SQLite to SQLite: the stored values copy as they are
    for group, table, query in plan:
        if same:
            n = _copy_raw(src, dst, table, query)
        else:
            n = 0
            result = src.execute(query)
            while rows := result.mappings().fetchmany(_CHUNK):
                dst.execute(insert(table), [dict(r) for r in rows])
                n += len(rows)
        if group in counts:
            counts[group] += n
        if group != "config" or table is BookmobileVehicle.__table__:
            step += 1
            say(step, steps, group)


def _copy_raw(src: Any, dst: Any, table: Any, query: Any) -> int:
    """Rows from one SQLite database to another with the same schema, through the drivers:
    the values are copied as stored, without converting each one to Python and back."""
    from sqlalchemy.dialects import sqlite

    names = [c.name for c in query.selected_columns]
    sql = str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    reader = src.connection.driver_connection.cursor()
    writer = dst.connection.driver_connection.cursor()
    into = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    n = 0
    reader.execute(sql)
    while rows := reader.fetchmany(_CHUNK):
        writer.executemany(into, rows)
        n += len(rows)
    return n


# -- the store on the road ----------------------------------------------------------------

@dataclass
class TripStore:
    """An open trip store: the database the offline desk works on, and the trip."""

    db: Database
    info: TripInfo

    def events(self) -> list[dict[str, Any]]:
        """The trip's events, checked, in order. Raises ``TripStoreRefused`` if one fails."""
        with self.db.engine.connect() as conn:
            return read_events(conn.connection.driver_connection)  # type: ignore[arg-type]

    def close(self) -> None:
        _checkpoint(self.db)
        self.db.dispose()


def _refuse_not_a_store(path: Path, reason: str) -> TripStoreRefused:
    return TripStoreRefused(N_("{file} is not a trip store that can be opened ({reason}). Prepare a new trip, or "
                               "sync what it holds with --salvage."), file=str(path), reason=reason)


def read_meta(conn: sqlite3.Connection, path: Path) -> TripInfo:
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise _refuse_not_a_store(path, str(check[0] if check else "no answer"))
        meta = dict(conn.execute("SELECT key, value FROM trip_meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise _refuse_not_a_store(path, str(exc)) from None
    if meta.get("format") != FORMAT_NAME:
        raise _refuse_not_a_store(path, "no trip description")
    if meta.get("version") != str(events.FORMAT):
        raise _refuse_not_a_store(path, f"format {meta.get('version')}")
    try:
        return TripInfo(path, meta["trip"], meta["database"], int(meta["vehicle_id"]), meta["vehicle"],
                        int(meta["service_point_id"]), dt.datetime.fromisoformat(meta["snapshot_at"]),
                        meta["prepared_by"], meta["card_prefix"], int(meta["card_from"]), int(meta["card_to"]),
                        int(meta["seq_from"]), int(meta["readers"]), int(meta["items"]), int(meta["loans"]))
    except (KeyError, ValueError) as exc:
        raise _refuse_not_a_store(path, f"trip description: {exc}") from None


def read_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    out = []
    for seq, record in conn.execute("SELECT seq, record FROM trip_event ORDER BY seq"):
        body = events.unseal(record)
        if body is None or body["seq"] != seq:
            raise TripStoreRefused(N_("Event {seq} of the trip store fails its checksum: the file is damaged. "
                                      "Sync it with --salvage to recover the intact events."), seq=seq)
        out.append(body)
    return out


VEHICLE_FOLDER = "bookmobile"


def vehicle_folder() -> Path:
    """Where the vehicle's laptop keeps its trip store: ``bookmobile`` in the program's data
    folder (beside the default database). A program started there with no ``--db`` or
    ``--trip`` opens the trip store it finds (``trip_on_this_laptop``)."""
    return default_database_path().parent / VEHICLE_FOLDER


def trip_on_this_laptop(folder: Path | None = None) -> Path | None:
    """The trip store the program starts on by itself: the newest ``*.sqlite3`` file (last
    written: the trip in use) in the vehicle folder; None when there is none."""
    folder = folder if folder is not None else vehicle_folder()
    try:
        stores = [(path.stat().st_mtime, path) for path in folder.glob("*.sqlite3") if path.is_file()]
    except OSError:  # no such folder, or it cannot be read: the program starts as usual
        return None
    return max(stores)[1] if stores else None


def open_trip(path: Path | str) -> TripStore:
    """Open the trip store at ``path`` for the offline desk, or refuse it clearly."""
    path = Path(path)
    if not path.is_file():
        raise TripStoreRefused(N_("Trip store {file} does not exist."), file=str(path))
    with path.open("rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise _refuse_not_a_store(path, "not a SQLite file")
    conn = sqlite3.connect(path)
    try:
        info = read_meta(conn, path)
        read_events(conn)
    finally:
        conn.close()
    db = open_database(f"sqlite:///{path}")
    install_capture(db, info)
    return TripStore(db, info)


def set_stop(store: TripStore, stop_id: int | None) -> None:
    """The stop the bookmobile is at (registrations and reservations are made there)."""
    with store.db.engine.begin() as conn:
        conn.execute(META.update().where(META.c.key == "stop_id").values(value="" if stop_id is None else str(stop_id)))


# -- capture: the audit entries of each transaction become events ---------------------------

def install_capture(db: Database, info: TripInfo) -> None:
    event.listen(db.sessions, "before_commit", lambda s: capture(s, info))


def capture(session: Session, info: TripInfo) -> int:
    """Turn this transaction's new audit entries into sealed events; the number written."""
    session.flush()
    conn = session.connection()
    meta = dict(conn.execute(select(META.c.key, META.c.value)).all())
    seen = int(meta.get("audit_seen", "0"))
    entries = session.scalars(select(AuditEntry).where(AuditEntry.id > seen).order_by(AuditEntry.id)).all()
    if not entries:
        return 0
    seq = conn.execute(select(func.max(EVENT.c.seq))).scalar() or info.seq_from - 1
    stop = meta.get("stop_id") or ""
    written = 0
    for entry in entries:
        made = _event_of(session, entry)
        if made is None:
            continue
        kind, at, stop_id, payload, overrides = made
        if stop_id is not None:
            stop = str(stop_id)
        seq += 1
        body = {"v": events.FORMAT, "event_id": str(uuid.uuid4()), "trip": info.key, "database": info.database_id,
                "vehicle_id": info.vehicle_id, "seq": seq, "kind": kind, "at": at.isoformat(),
                "staff_id": entry.staff_id or 0, "stop_id": int(stop) if stop else None,
                "payload": payload, "overrides": overrides}
        conn.execute(insert(EVENT).values(seq=seq, event_id=body["event_id"], audit_id=entry.id,
                                          record=events.seal(body)))
        written += 1
    conn.execute(META.update().where(META.c.key == "audit_seen").values(value=str(entries[-1].id)))
    conn.execute(META.update().where(META.c.key == "stop_id").values(value=stop))
    return written


_Made = tuple[str, dt.datetime, int | None, dict[str, Any], list[Any]]


def _event_of(session: Session, entry: AuditEntry) -> _Made | None:
    d = entry.details or {}
    overrides = [list(o) for o in d.get("overrides", [])]
    if entry.action == "checkout" and entry.entity == "loan":
        loan = session.get(Loan, entry.entity_id)
        assert loan is not None
        return ("lend", loan.lent_at, loan.stop_id,
                {"card": loan.reader.card_number, "barcode": loan.item.barcode, "due": loan.due_date.isoformat()},
                overrides)
    if entry.action == "checkin" and entry.entity == "loan":
        loan = session.get(Loan, entry.entity_id)
        assert loan is not None and loan.returned_at is not None
        return ("return", loan.returned_at, loan.return_stop_id,
                {"card": loan.reader.card_number, "barcode": loan.item.barcode}, [])
    if entry.action == "renew" and entry.entity == "renewal":
        renewal = session.get(Renewal, entry.entity_id)
        assert renewal is not None
        loan = session.get(Loan, renewal.loan_id)
        assert loan is not None
        return ("renew", renewal.renewed_at, renewal.stop_id,
                {"card": loan.reader.card_number, "barcode": loan.item.barcode, "due": renewal.new_due.isoformat()},
                overrides)
    if entry.action == "create" and entry.entity == "reader":
        reader = session.get(Reader, entry.entity_id)
        assert reader is not None
        return ("register", reader.registered_at, None,
                {"card": reader.card_number, "name": reader.name, "category": reader.category.value,
                 "id_type": reader.id_type.value, "id_number": reader.id_number or "", "phone": reader.phone or "",
                 "valid_until": reader.valid_until.isoformat(), "deposit": str(reader.deposit)}, [])
    if entry.action == "create" and entry.entity == "hold":
        hold = session.get(Hold, entry.entity_id)
        assert hold is not None
        barcode = session.scalar(select(Item.barcode).where(Item.id == hold.item_id)) if hold.item_id else None
        return ("hold", hold.placed_at, None,
                {"card": hold.reader.card_number, "barcode": barcode, "isbn": hold.isbn,
                 "pickup_point_id": hold.pickup_point_id}, [])
    return None


# -- cards for new readers on the road -----------------------------------------------------

def next_card(store: TripStore) -> str:
    """The first card number of the trip's reserved range not yet given; ``NotFound`` when
    the range is used up."""
    info = store.info
    with store.db.engine.connect() as conn:
        used = set(conn.execute(select(Reader.card_number).where(Reader.card_number.like(f"{info.card_prefix}%")))
                   .scalars())
    for n in range(info.card_from, info.card_to + 1):
        if info.card(n) not in used:
            return info.card(n)
    raise NotFound(N_("The trip's reserved card numbers are all given; prepare a new trip."))


def trip_stops(store: TripStore) -> Sequence[tuple[int, str]]:
    with store.db.engine.connect() as conn:
        return [(int(i), str(n)) for i, n in conn.execute(
            select(BookmobileStop.id, BookmobileStop.name)
            .where(BookmobileStop.service_point_id == store.info.service_point_id, BookmobileStop.active.is_(True))
            .order_by(BookmobileStop.sort_order))]


def stop_name(store: TripStore, stop_id: int | None) -> str:
    return dict(trip_stops(store)).get(stop_id or -1, "")


__all__ = [
    "EVENT", "META", "TripInfo", "TripStore", "TripStoreRefused", "capture", "database_id", "next_card",
    "open_trip", "prepare_trip", "read_events", "read_meta", "set_stop",
]
