"""A library with a bookmobile and two vehicles, trip stores prepared for them, and an
offline desk working on each store with its own clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select

from tests.conftest import make_staff
from workstation import timeutil
from workstation.db import Database
from workstation.models import Role, ServicePoint, ServicePointKind
from workstation.models.circulation import CollectionType, IdType, Item, Reader, ReaderCategory
from workstation.models.offline import EventState, OfflineEvent
from workstation.models.outreach import BookmobileVehicle
from workstation.services.bookmobile import store as trip_store
from workstation.services.bookmobile import sync
from workstation.services.circulation.desk import DeskSession
from workstation.services.context import Actor


@dataclass
class Library:
    db: Database
    admin: Actor
    desk: Actor  # at the bookmobile
    manager: Actor  # at the bookmobile
    point: int
    lending_desk: int
    stops: list[int]
    vehicles: list[int]
    readers: list[str]  # card numbers R000000 …
    items: list[str]  # barcodes of the bookmobile's books B0000000 …


def library(db: Database, readers: int = 10, items: int = 40) -> Library:
    admin = make_staff(db, "root", Role.ADMIN)
    with db.begin() as s:
        point = s.scalar(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE))
        lending = s.scalar(select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.LENDING_DESK))
        assert point is not None and lending is not None
        stops = [stop.id for stop in point.stops]
        vehicles = list(s.scalars(select(BookmobileVehicle.id).order_by(BookmobileVehicle.id)))
        s.execute(insert(Reader), [
            {"card_number": f"R{i:06d}", "name": f"读者{i}", "category": ReaderCategory.ADULT,
             "id_type": IdType.OTHER, "id_number": f"X{i:08d}", "phone": f"138{i:08d}",
             "registered_point_id": lending, "valid_until": dt.date(2099, 12, 31)} for i in range(readers)])
        s.execute(insert(Item), [
            {"barcode": f"B{i:07d}", "title": f"书{i}", "collection_type": CollectionType.BOOK,
             "home_point_id": point.id} for i in range(items)])
        point_id = point.id
    desk = make_staff(db, "desk1", Role.DESK).at(point_id)
    manager = make_staff(db, "boss", Role.MANAGER).at(point_id)
    assert len(vehicles) >= 2
    return Library(db, admin, desk, manager, point_id, lending, stops, vehicles,
                   [f"R{i:06d}" for i in range(readers)], [f"B{i:07d}" for i in range(items)])


class Clock:
    """A laptop's clock: set by the test, advanced a minute at each reading."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


@dataclass
class Road:
    """An offline desk on a trip store."""

    store: trip_store.TripStore
    desk: DeskSession
    clock: Clock

    def close(self) -> None:
        self.store.close()


def prepare(lib: Library, vehicle: int, path: Path, actor: Actor | None = None) -> trip_store.TripInfo:
    with lib.db.begin() as s:
        return trip_store.prepare_trip(s, actor or lib.desk, vehicle, path)


def road(lib: Library, path: Path, start: dt.datetime, actor: Actor | None = None, stop: int | None = None) -> Road:
    store = trip_store.open_trip(path)
    clock = Clock(start)
    desk = DeskSession(store.db, actor or lib.desk, service_point_id=lib.point, stop_id=stop or lib.stops[0],
                       clock=clock)
    return Road(store, desk, clock)


def trip(lib: Library, vehicle: int, path: Path, start: dt.datetime) -> Road:
    prepare(lib, vehicle, path)
    return road(lib, path, start)


def soon(minutes: int = 0) -> dt.datetime:
    """A moment after the snapshots of the test (taken at the real time)."""
    return timeutil.now_utc() + dt.timedelta(minutes=minutes)


def states(db: Database) -> dict[str, tuple[str, str]]:
    """Event kind+seq → (state, code)."""
    with db.begin() as s:
        return {f"{e.kind}{e.seq}": (e.state.value, e.code) for e in s.scalars(select(OfflineEvent))}


def codes(db: Database) -> list[tuple[str, str, str]]:
    with db.begin() as s:
        return [(e.kind, e.state.value, e.code) for e in s.scalars(
            select(OfflineEvent).order_by(OfflineEvent.corrected_time, OfflineEvent.seq))]


def assert_balanced(db: Database) -> sync.Accounting:
    """uploaded = applied + exceptions + discarded, nothing pending."""
    with db.begin() as s:
        totals = sync.accounting(s)
        n = s.query(OfflineEvent).count()
        by_state = {st: s.query(OfflineEvent).filter(OfflineEvent.state == st).count() for st in EventState}
    assert totals.uploaded == n
    assert totals.pending == 0
    assert totals.uploaded == totals.applied + totals.exceptions + totals.discarded
    assert totals.applied == by_state[EventState.APPLIED] + by_state[EventState.WARNING]
    return totals


def audit_counts(db: Database, desk: Actor, manager: Actor, tmp_path: Path) -> dict[str, int]:
    """For the audit test: the bookmobile's writing services run once each (a trip prepared,
    worked, uploaded; its exceptions applied anyway, discarded, retried), with the number of
    audit entries each left."""
    from sqlalchemy import func

    from workstation.models import AuditEntry
    from workstation.services.bookmobile import resolve
    from workstation.services.circulation import loans

    with db.begin() as s:
        point = s.scalar(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE))
        assert point is not None
        point_id, stop_id = point.id, point.stops[0].id
        vehicle = s.scalar(select(BookmobileVehicle.id).order_by(BookmobileVehicle.id))
        s.execute(insert(Reader), [
            {"card_number": f"AUD{i}", "name": f"读者{i}", "category": ReaderCategory.ADULT, "id_type": IdType.OTHER,
             "registered_point_id": point_id, "valid_until": dt.date(2099, 12, 31)} for i in range(2)])
        s.execute(insert(Item), [{"barcode": f"AUDB{i}", "title": f"书{i}", "collection_type": CollectionType.BOOK,
                                  "home_point_id": point_id} for i in range(3)])
        other = s.scalar(select(Reader.id).where(Reader.card_number == "AUD1"))
    counts: dict[str, int] = {}

    def count(name: str, action: object) -> object:
        with db.begin() as s:
            before = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
        done = action() if callable(action) else None
        with db.begin() as s:
            counts[name] = (s.scalar(select(func.count()).select_from(AuditEntry)) or 0) - before
        return done

    path = tmp_path / "audit-trip.sqlite3"

    def prepare() -> None:
        with db.begin() as s:
            trip_store.prepare_trip(s, desk.at(point_id), vehicle, path)

    count("bookmobile.store.prepare_trip", prepare)
    on = trip_store.open_trip(path)
    bus = DeskSession(on.db, desk, service_point_id=point_id, stop_id=stop_id,
                      clock=Clock(timeutil.now_utc() + dt.timedelta(minutes=30)))
    bus.scan("AUD0")
    for i in range(3):
        bus.scan(f"AUDB{i}")
    on.close()
    for i in range(3):  # lent later at the library: three exceptions
        with db.begin() as s:
            assert other is not None
            loans.checkout(s, desk, other, f"AUDB{i}", now=timeutil.now_utc() + dt.timedelta(hours=2))
    found = sync.read_store(path)
    count("bookmobile.sync.upload", lambda: sync.upload(db, desk, found, laptop_now=timeutil.now_utc()))
    sync.replay_pending(db)
    with db.begin() as s:
        waiting = [r.event_id for r in resolve.list_exceptions(s, desk)]
    assert len(waiting) == 3

    def run(fn: object) -> object:
        with db.begin() as s:
            return fn(s)  # type: ignore[operator]

    count("bookmobile.resolve.apply_anyway",
          lambda: run(lambda s: resolve.apply_anyway(s, manager, waiting[0], "读者确已借走")))
    count("bookmobile.resolve.discard", lambda: run(lambda s: resolve.discard(s, manager, waiting[1], "重复")))
    count("bookmobile.resolve.retry_event", lambda: run(lambda s: resolve.retry_event(s, desk, waiting[2])))
    return counts
