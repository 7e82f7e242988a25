"""Statistics count each offline transaction once, on its real day, at the bookmobile, at
its stop; the trips are the ones the outreach screens record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from tests.services.bookmobile.test_sync import lend_at_library
from tests.services.bookmobile.trips import assert_balanced, library, prepare, road
from workstation import timeutil
from workstation.db import Database
from workstation.models.circulation import Loan
from workstation.reports.statistics import year_figures
from workstation.services.bookmobile import store as trip_store
from workstation.services.bookmobile import sync
from workstation.services.circulation.desk import Mode
from workstation.services.outreach import bookmobile


def test_offline_work_counts_once_on_its_real_day_at_its_stop(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    lend_at_library(lib, lib.readers[5], lib.items[20], timeutil.now_utc() - dt.timedelta(days=3))
    path = tmp_path / "t.sqlite3"
    prepare(lib, lib.vehicles[0], path)
    # the trip's day: yesterday at ten, the laptop 40 minutes fast; synced today
    day = timeutil.today() - dt.timedelta(days=1)
    real = timeutil.at_local(day, 10)
    fast = dt.timedelta(minutes=40)
    on = road(lib, path, real + fast, stop=lib.stops[1])
    on.desk.scan(lib.readers[0])
    for b in lib.items[:3]:
        on.desk.scan(b)
    on.desk.stop_id = lib.stops[2]  # the next stop
    on.desk.set_mode(Mode.RETURN)
    on.desk.scan(lib.items[20])
    card = trip_store.next_card(on.store)
    on.desk.register_reader(card_number=card, name="新读者", category="adult", id_type="other", id_number="N1234567")
    on.close()
    with db.begin() as s:
        before = year_figures(s, day.year)
        trip = bookmobile.record_trip(s, lib.desk, day, lib.vehicles[0], [lib.stops[1], lib.stops[2]])
        trip_id = trip.id
    for _ in range(2):  # synced twice: counted once
        sync.sync_trip(db, lib.desk, path, clock=lambda: timeutil.now_utc() + fast)
    with db.begin() as s:
        after = year_figures(s, day.year)
        assert after.value("loans") - before.value("loans") == 3
        assert after.value("loans_bookmobile") - before.value("loans_bookmobile") == 3
        lent = s.execute(select(Loan.local_day, Loan.service_point_id, Loan.stop_id, Loan.lent_at)
                         .where(Loan.returned_at.is_(None))).all()
        assert {(d, p, st) for d, p, st, _ in lent} == {(day, lib.point, lib.stops[1])}
        assert all(abs((at - real).total_seconds()) < 15 * 60 for *_, at in lent)  # the real time, not the laptop's
        back = s.scalar(select(Loan).where(Loan.returned_at.is_not(None)))
        assert back is not None and (back.return_local_day, back.return_point_id, back.return_stop_id) == (
            day, lib.point, lib.stops[2])
        figures = bookmobile.trip_figures(s, [s.get(type(trip), trip_id)])  # type: ignore[list-item]
        assert figures[trip_id] == bookmobile.TripFigures(3, 1, 1, True)
    assert_balanced(db)
