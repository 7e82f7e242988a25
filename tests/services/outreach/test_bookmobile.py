from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from workstation.db import Database
from workstation.errors import PermissionDenied, ValidationError
from workstation.models import AuditEntry, BookmobileStop, ServicePoint, ServicePointKind
from workstation.models.circulation import CollectionType, IdType, Item, Loan, Reader, ReaderCategory
from workstation.models.outreach import BookmobileTrip
from workstation.services.context import Actor
from workstation.services.outreach import bookmobile as bm
from workstation.timeutil import at_local, local_day

DAY = dt.date(2019, 5, 14)


def bookmobile(db: Database) -> tuple[int, dict[str, int], list[int], int]:
    """(bookmobile point id, stop name → id, vehicle ids, a lending desk id)."""
    with db.begin() as s:
        point = s.scalar(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE))
        desk = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "综合借阅处"))
        assert point is not None and desk is not None
        stops = {stop.name: stop.id for stop in point.stops}
        vehicles = [v.id for v in bm.list_vehicles(s)]
        return point.id, stops, vehicles, desk


class Circulation:
    """Loans, returns and new cards written straight into circulation's tables."""

    def __init__(self, db: Database, staff_id: int) -> None:
        self.db, self.staff_id, self.n = db, staff_id, 0

    def reader(self, point: int, when: dt.datetime) -> int:
        self.n += 1
        with self.db.begin() as s:
            r = Reader(card_number=f"C{self.n:06d}", name=f"读者{self.n}", category=ReaderCategory.ADULT,
                       id_type=IdType.OTHER, registered_point_id=point, registered_at=when,
                       valid_until=dt.date(2022, 1, 1))
            s.add(r)
            s.flush()
            return r.id

    def loan(self, point: int, stop: int | None, when: dt.datetime, *, reader: int | None = None,
             returned: tuple[int, int | None, dt.datetime] | None = None) -> None:
        reader = reader or self.reader(point, at_local(dt.date(2018, 1, 1), 9))
        self.n += 1
        with self.db.begin() as s:
            item = Item(barcode=f"T{self.n:07d}", title="书", collection_type=CollectionType.BOOK,
                        created_at=at_local(dt.date(2018, 1, 1), 9))
            s.add(item)
            s.flush()
            loan = Loan(item_id=item.id, reader_id=reader, service_point_id=point, stop_id=stop,
                        staff_id=self.staff_id, lent_at=when, local_day=_local(when),
                        due_date=_local(when) + dt.timedelta(days=30))
            if returned is not None:
                rpoint, rstop, rwhen = returned
                loan.returned_at, loan.return_local_day = rwhen, _local(rwhen)
                loan.return_point_id, loan.return_stop_id, loan.return_staff_id = rpoint, rstop, self.staff_id
            s.add(loan)


def _local(moment: dt.datetime) -> dt.date:
    return local_day(moment)


def loans_at(db: Database, point: int, day: dt.date) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(Loan).where(
            Loan.service_point_id == point, Loan.local_day == day)) or 0


def test_trip_figures_match_the_loans_made_at_the_bookmobile_that_day(db: Database, desk: Actor) -> None:
    point, stops, vehicles, lending_desk = bookmobile(db)
    circ = Circulation(db, desk.staff_id)
    huifeng, qinghua, yixueyuan = stops["惠丰社区"], stops["清华社区"], stops["长治医学院"]
    # vehicle 1 visits 惠丰 and 清华, vehicle 2 visits 长治医学院, both on DAY
    for _ in range(7):
        circ.loan(point, huifeng, at_local(DAY, 9, 30))
    for _ in range(3):
        circ.loan(point, qinghua, at_local(DAY, 14))
    for _ in range(5):
        circ.loan(point, yixueyuan, at_local(DAY, 10))
    circ.loan(point, None, at_local(DAY, 23, 50))          # no stop recorded: the day's first trip
    circ.loan(point, huifeng, at_local(DAY, 0, 5))          # 16:05 UTC the day before: still DAY locally
    circ.loan(point, huifeng, at_local(DAY + dt.timedelta(days=1), 0, 1))   # the next day
    circ.loan(lending_desk, None, at_local(DAY, 11))         # another service point
    circ.loan(point, huifeng, at_local(DAY - dt.timedelta(days=20), 9),     # returned on the trip
              returned=(point, huifeng, at_local(DAY, 9, 45)))
    circ.loan(point, yixueyuan, at_local(DAY - dt.timedelta(days=20), 9),
              returned=(point, yixueyuan, at_local(DAY, 10, 15)))
    circ.reader(point, at_local(DAY, 9, 50))                 # two new cards made on the bookmobile
    circ.reader(point, at_local(DAY, 15))
    circ.reader(lending_desk, at_local(DAY, 15))
    with db.begin() as s:
        t1 = bm.record_trip(s, desk, DAY, vehicles[0], [huifeng, qinghua], loans=999).id
        t2 = bm.record_trip(s, desk, DAY, vehicles[1], [yixueyuan]).id
    with db.begin() as s:
        figures = bm.trip_figures(s, bm.list_trips(s, DAY, DAY))
    assert figures[t1] == bm.TripFigures(loans=7 + 3 + 1 + 1, returns=1, new_cards=2, from_circulation=True)
    assert figures[t2] == bm.TripFigures(loans=5, returns=1, new_cards=0, from_circulation=True)
    # the trips of the day add up to exactly the loans made at the bookmobile that day
    assert figures[t1].loans + figures[t2].loans == loans_at(db, point, DAY) == 17
    with db.begin() as s:
        assert bm.trip_totals(s, DAY, DAY) == bm.TripTotals(2, 17, 2, 2)


def test_typed_figures_are_used_when_the_day_has_no_circulation(db: Database, desk: Actor) -> None:
    _point, stops, vehicles, _desk = bookmobile(db)
    with db.begin() as s:
        tid = bm.record_trip(s, desk, "2019-05-20", vehicles[0], [stops["消防支队"]], loans="６０",
                             returns=40, new_cards="3").id
        bm.record_trip(s, desk, "2019-05-21", vehicles[0], [stops["消防支队"]])
    with db.begin() as s:
        trips = bm.list_trips(s, dt.date(2019, 5, 1), dt.date(2019, 5, 31))
        assert bm.trip_figures(s, trips)[tid] == bm.TripFigures(60, 40, 3, False)
        assert bm.trip_totals(s, dt.date(2019, 5, 1), dt.date(2019, 5, 31)) == bm.TripTotals(2, 60, 40, 3)


def test_411_trips_in_2019(db: Database, desk: Actor) -> None:
    _point, stops, vehicles, _desk = bookmobile(db)
    stop_ids = list(stops.values())
    with db.begin() as s:
        n = 0
        day = dt.date(2019, 1, 2)
        while n < 411:
            for vehicle in vehicles:
                if n < 411:
                    bm.record_trip(s, desk, day, vehicle, [stop_ids[n % len(stop_ids)]], loans=68)
                    n += 1
            day += dt.timedelta(days=1 if day.weekday() < 4 else 3)
        bm.record_trip(s, desk, "2018-12-28", vehicles[0], stop_ids[:1])
    with db.begin() as s:
        assert bm.trip_count(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == 411
        assert sum(bm.monthly_trip_counts(s, 2019).values()) == 411
        assert bm.trip_totals(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31)).loans == 411 * 68


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"vehicle_id": None}, "vehicle"),
    ({"stop_ids": []}, "stops"),
    ({"stop_ids": [987654]}, "stops"),
    ({"day": "2019-02-29"}, "day"),
    ({"day": "2099-01-01"}, "day"),
    ({"loans": -1}, "loans"),
    ({"returns": "１０.５"}, "returns"),
    ({"new_cards": "lots"}, "new_cards"),
])
def test_bad_trips_are_refused_and_write_nothing(db: Database, desk: Actor, kwargs: dict[str, object],
                                                 field: str) -> None:
    _point, stops, vehicles, _desk = bookmobile(db)
    args: dict[str, object] = {"day": "2019-05-20", "vehicle_id": vehicles[0], "stop_ids": [stops["安康社区"]]}
    args.update(kwargs)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        bm.record_trip(s, desk, args.pop("day"), args.pop("vehicle_id"), args.pop("stop_ids"),  # type: ignore[arg-type]
                       **args)  # type: ignore[arg-type]
    assert err.value.field == field
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(BookmobileTrip)) == 0


def test_stop_of_another_bookmobile_is_refused(db: Database, desk: Actor, admin: Actor) -> None:
    _point, _stops, vehicles, _desk = bookmobile(db)
    with db.begin() as s:
        other = ServicePoint(name="第二流动车", kind=ServicePointKind.BOOKMOBILE, sort_order=999)
        s.add(other)
        s.flush()
        stop = BookmobileStop(service_point_id=other.id, name="外站")
        s.add(stop)
        s.flush()
        stop_id = stop.id
    with pytest.raises(ValidationError) as err, db.begin() as s:
        bm.record_trip(s, desk, "2019-05-20", vehicles[0], [stop_id])
    assert err.value.field == "stops"


def test_vehicles_and_voiding(db: Database, desk: Actor, manager: Actor) -> None:
    point, stops, vehicles, lending_desk = bookmobile(db)
    assert len(vehicles) == 2
    with pytest.raises(PermissionDenied), db.begin() as s:
        bm.create_vehicle(s, desk, point, "3号车")
    with pytest.raises(ValidationError), db.begin() as s:
        bm.create_vehicle(s, manager, lending_desk, "3号车")
    with db.begin() as s:
        v = bm.create_vehicle(s, manager, point, "流动图书车 3 号", "晋d12345")
        assert v.plate == "晋D12345"
        tid = bm.record_trip(s, desk, "2019-05-20", v.id, [stops["安康社区"]]).id
    with db.begin() as s:
        bm.void_trip(s, manager, tid, "车辆故障未出车")
        assert bm.trip_count(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "bookmobile_trip")) == 2
