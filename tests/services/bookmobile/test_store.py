"""The trip store: what it holds, and the events the offline desk writes into it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from tests.services.bookmobile.trips import library, prepare, road, soon
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.services.bookmobile import events
from workstation.services.bookmobile import store as trip_store
from workstation.services.circulation.desk import Kind, Mode


def test_prepare_holds_the_desk_without_id_numbers_or_phones(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "trip.sqlite3"
    info = prepare(lib, lib.vehicles[0], path)
    assert (info.readers, info.items, info.loans) == (10, 40, 0)
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM reader WHERE id_number IS NOT NULL OR phone IS NOT NULL"
                            ).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM reader").fetchone() == (10,)
        meta = dict(conn.execute("SELECT key, value FROM trip_meta"))
    finally:
        conn.close()
    assert meta["prepared_by"] == "desk1" and meta["vehicle_id"] == str(lib.vehicles[0])
    assert dt.datetime.fromisoformat(meta["snapshot_at"]) == info.snapshot_at
    # the next trip of the vehicle gets the next card numbers and event numbers
    second = prepare(lib, lib.vehicles[0], tmp_path / "next.sqlite3")
    assert second.card_from == info.card_to + 1 and second.seq_from > info.seq_from


def test_prepare_refuses_an_existing_file_and_an_unknown_vehicle(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    taken = tmp_path / "taken.sqlite3"
    taken.write_bytes(b"keep me")
    with pytest.raises(ValidationError) as err:
        prepare(lib, lib.vehicles[0], taken)
    assert err.value.field == "out" and taken.read_bytes() == b"keep me"
    with pytest.raises(ValidationError) as err:
        prepare(lib, 9999, tmp_path / "new.sqlite3")
    assert err.value.field == "vehicle" and not (tmp_path / "new.sqlite3").exists()


def test_every_action_on_the_road_is_a_sealed_event_in_its_own_transaction(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "trip.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    on = road(lib, path, soon(60))
    assert on.desk.scan(lib.readers[0]).kind is Kind.READER
    assert [on.desk.scan(b).kind for b in lib.items[:3]] == [Kind.LENT] * 3
    assert on.desk.scan(lib.items[3]).kind is Kind.LENT
    on.desk.set_mode(Mode.RETURN)
    assert on.desk.scan(lib.items[3]).kind is Kind.RETURNED
    card = trip_store.next_card(on.store)
    on.desk.register_reader(card_number=card, name="新读者", category="adult", id_type="other",
                            id_number="NEW12345")
    found = on.store.events()
    on.close()
    assert [e["kind"] for e in found] == ["lend"] * 4 + ["return", "register"]
    assert [e["seq"] for e in found] == list(range(found[0]["seq"], found[0]["seq"] + 6))
    assert len({e["event_id"] for e in found}) == 6
    assert all(e["stop_id"] == lib.stops[0] and e["staff_id"] == lib.desk.staff_id for e in found)
    assert found[0]["payload"]["card"] == lib.readers[0] and found[0]["payload"]["barcode"] == lib.items[0]
    assert found[-1]["payload"]["card"] == card and card.startswith("YD")
    # a refused action writes nothing
    on = road(lib, path, soon(120))
    on.desk.scan("NOSUCHCARD")
    assert len(on.store.events()) == 6
    on.close()


def test_a_damaged_store_is_refused_clearly(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "trip.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    on = road(lib, path, soon(60))
    on.desk.scan(lib.readers[0])
    on.desk.scan(lib.items[0])
    on.close()
    conn = sqlite3.connect(path)
    record = conn.execute("SELECT record FROM trip_event").fetchone()[0]
    conn.execute("UPDATE trip_event SET record = ?", (record.replace(lib.items[0], lib.items[1]),))
    conn.commit()
    conn.close()
    with pytest.raises(trip_store.TripStoreRefused, match="checksum"):
        trip_store.open_trip(path)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(trip_store.TripStoreRefused, match="not a trip store"):
        trip_store.open_trip(junk)


def test_a_record_is_checked_alone() -> None:
    body = {"v": 1, "event_id": "e1", "trip": "t", "database": "d", "vehicle_id": 1, "seq": 1, "kind": "lend",
            "at": "2026-01-01T00:00:00+00:00", "staff_id": 1, "payload": {"card": "R1"}, "overrides": []}
    record = events.seal(body)
    assert events.unseal(record) == body
    assert events.unseal(record.replace("R1", "R2")) is None
    scan = events.scan_bytes(b"xx" + record.encode() + b"yy" + record.replace("R1", "R9").encode())
    assert scan.events == [body] and scan.damaged == 1


def test_the_vehicles_laptop_finds_its_newest_trip_store(db: Database, tmp_path: Path) -> None:
    """The vehicle folder is in the program's data folder (the tests' private one); the
    newest trip store there is the one the program starts on; other files are not looked at."""
    import os

    folder = trip_store.vehicle_folder()
    assert folder.parent == trip_store.default_database_path().parent and folder.name == "bookmobile"
    assert str(folder).startswith(os.environ["XDG_DATA_HOME"])  # never the person's own folder
    assert trip_store.trip_on_this_laptop(tmp_path / "none") is None  # no folder: none
    vehicle = tmp_path / "bookmobile"
    vehicle.mkdir()
    assert trip_store.trip_on_this_laptop(vehicle) is None
    lib = library(db)
    older, newer = vehicle / "trip-1.sqlite3", vehicle / "trip-2.sqlite3"
    prepare(lib, lib.vehicles[0], older)
    prepare(lib, lib.vehicles[0], newer)
    (vehicle / "notes.txt").write_text("x", encoding="utf-8")
    (vehicle / "folder.sqlite3").mkdir()
    os.utime(older, (1_900_000_000, 1_900_000_000))  # written last: the trip in use
    assert trip_store.trip_on_this_laptop(vehicle) == older
    opened = trip_store.open_trip(older)
    try:
        assert opened.info.vehicle_id == lib.vehicles[0]
    finally:
        opened.close()
